/// NumPy's text for tensors: `repr` for the REPL, `str` for `print`.
extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
  /// Print options shared by every tensor, as `np.set_printoptions` sets them.
  /// Set from the interpreter thread only.
  nonisolated(unsafe) public static var printOptions = PrintOptions()

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
