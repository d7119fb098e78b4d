/// A mutable set of print options, shared by whoever holds the box.
public final class PrintOptionsBox: @unchecked Sendable {
  public var options = PrintOptions()
  public init() {}
  /// The process's options, which `np.set_printoptions` changes outside any scope.
  static let process = PrintOptionsBox()
}

/// NumPy's text for tensors: `repr` for the REPL, `str` for `print`.
extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
  /// Print options for every tensor, as `np.set_printoptions` sets them: the process's
  /// (as in NumPy), or those of the scope ``withOwnPrintOptions(_:)`` opened for this task.
  /// Set from the interpreter thread only.
  public static var printOptions: PrintOptions {
    get { (printOptionsScope ?? PrintOptionsBox.process).options }
    set { (printOptionsScope ?? PrintOptionsBox.process).options = newValue }
  }

  /// Print options private to the current task, so that sessions running side by side in one
  /// process (tests) do not see each other's `np.set_printoptions`.
  @TaskLocal public static var printOptionsScope: PrintOptionsBox?

  /// Runs `body` with print options of its own, starting from NumPy's defaults.
  public static func withOwnPrintOptions<R>(_ body: () throws -> R) rethrows -> R {
    try $printOptionsScope.withValue(PrintOptionsBox(), operation: body)
  }

  /// Runs `body` with NumPy's process-wide state of its own: print options and the global
  /// random generator. Tests that run sessions side by side use it so that one session's
  /// `np.random.seed` or `np.set_printoptions` cannot reach another's.
  public static func withOwnProcessState<R>(_ body: () throws -> R) rethrows -> R {
    try RandomGenerator.$scoped.withValue(RandomGenerator()) { try withOwnPrintOptions(body) }
  }

  private var printSource: ArrayPrintSource {
    ArrayPrintSource(shape: shape, dtype: dtype) { self.scalarValue(atFlat: $0) }
  }

  /// `repr(x)`: `array([1, 2, 3])`, or `np.int64(9)` for a NumPy scalar.
  public var repr: String {
    if isScalar && ndim == 0 { return NumPyFormat.scalarRepr(scalarValue(atFlat: 0), dtype: dtype) }
    return NumPyFormat.repr(printSource, options: Tensor.printOptions)
  }

  /// `str(x)`: `[1 2 3]`, or `9` for a NumPy scalar.
  public var str: String {
    if isScalar && ndim == 0 { return NumPyFormat.scalarStr(scalarValue(atFlat: 0), dtype: dtype) }
    return NumPyFormat.str(printSource, options: Tensor.printOptions)
  }

  public var description: String { str }
  public var debugDescription: String { repr }
}
