/// A failure to find or read a dataset file, named after the Python exception a
/// Keras user would see for the same problem (`FileNotFoundError`, `ValueError`,
/// `OSError`, `MemoryError`). The message always names the file and says what is
/// wrong with it; the hint, when there is one, says how to fix it.
public struct DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
  public enum Kind: String, Sendable {
    case fileNotFoundError = "FileNotFoundError"
    case valueError = "ValueError"
    case osError = "OSError"
    case memoryError = "MemoryError"
  }

  public let kind: Kind
  public let message: String
  /// A suggestion for fixing the problem, shown on its own line; `nil` when none helps.
  public let hint: String?

  public init(_ kind: Kind, _ message: String, hint: String? = nil) {
    self.kind = kind
    self.message = message
    self.hint = hint
  }

  /// `ValueError: …` as Python prints an exception; the hint is not included.
  public var description: String { "\(kind.rawValue): \(message)" }

  /// A corrupt or inconsistent file: `<path>: <problem>`.
  static func corrupt(_ name: String, _ problem: String, hint: String? = nil) -> DatasetError {
    DatasetError(.valueError, "\(name): \(problem)", hint: hint)
  }

  /// A bad argument to a toy-data function (scikit-learn raises `ValueError` for these).
  static func argument(_ message: String, hint: String? = nil) -> DatasetError {
    DatasetError(.valueError, message, hint: hint)
  }
}

/// `60,000`: thousands separated the way the messages print counts.
func grouped(_ n: Int) -> String {
  let digits = String(n.magnitude)
  var out = ""
  for (i, c) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
    out.append(c)
  }
  return n < 0 ? "-" + out : out
}
