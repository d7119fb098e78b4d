/// An error from a tensor operation, named after the Python exception NumPy raises
/// for the same mistake so the script layer can show the familiar name.
public struct TensorError: Error, CustomStringConvertible, Equatable, Sendable {
  public enum Kind: String, Sendable {
    case valueError = "ValueError"
    case indexError = "IndexError"
    case typeError = "TypeError"
    case axisError = "AxisError"
    case memoryError = "MemoryError"
    case overflowError = "OverflowError"
    /// NumPy's `UFuncTypeError`, raised when a result cannot be cast back into an operand.
    case castingError = "UFuncTypeError"
    /// OpenBLAS is missing or unusable.
    case runtimeError = "RuntimeError"
    /// NumPy's `numpy.linalg.LinAlgError`: a singular matrix, a failed convergence, a matrix
    /// of the wrong shape for a linear-algebra routine.
    case linAlgError = "LinAlgError"
  }

  public let kind: Kind
  public let message: String
  /// A suggestion for fixing the mistake, shown on its own line; `nil` when none helps.
  public let hint: String?

  public init(_ kind: Kind, _ message: String, hint: String? = nil) {
    self.kind = kind
    self.message = message
    self.hint = hint
  }

  public var description: String { "\(kind.rawValue): \(message)" }

  static func value(_ message: String, hint: String? = nil) -> TensorError {
    TensorError(.valueError, message, hint: hint)
  }
  static func index(_ message: String, hint: String? = nil) -> TensorError {
    TensorError(.indexError, message, hint: hint)
  }
  static func type(_ message: String, hint: String? = nil) -> TensorError {
    TensorError(.typeError, message, hint: hint)
  }

  /// NumPy's `AxisError` text for an axis outside `-ndim..<ndim`.
  static func axis(_ axis: Int, ndim: Int) -> TensorError {
    TensorError(.axisError, "axis \(axis) is out of bounds for array of dimension \(ndim)")
  }
}
