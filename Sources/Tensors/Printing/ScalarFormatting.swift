extension NumPyFormat {
  /// NumPy 2 scalar reprs: `np.int64(9)`, `np.float32(0.5)`, `np.float64(0.1)`, `np.True_`,
  /// `np.uint8(7)`.
  public static func scalarRepr(_ v: ScalarValue, dtype: DType) -> String {
    if dtype == .bool { return isTrue(v) ? "np.True_" : "np.False_" }
    return "np.\(dtype.name)(\(scalarStr(v, dtype: dtype)))"
  }

  /// `str(np.float32(0.5))` -> `0.5`, `str(np.int64(3))` -> `3`, `str(np.True_)` -> `True`.
  ///
  /// Floats get the shortest digits that round-trip in their own type; they are written
  /// positionally (`0.0001`, `123.0`) between 1e-4 and 1e16 (1e6 for float32, NumPy's
  /// `10**finfo.precision` rule) and in scientific notation outside (`1e-05`, `1.5e+16`).
  public static func scalarStr(_ v: ScalarValue, dtype: DType) -> String {
    switch dtype {
    case .bool:
      return isTrue(v) ? "True" : "False"
    case .uint8, .int32, .int64:
      switch v {
      case .int(let i): return String(i)
      case .bool(let b): return b ? "1" : "0"
      case .float(let d): return floatText(d, isFloat32: false)
      }
    case .float32:
      return floatText(v.asDouble, isFloat32: true)
    case .float64:
      return floatText(v.asDouble, isFloat32: false)
    }
  }

  /// Python's `repr(float)`: shortest round-trip, `1e-05`, `1e+16`, `inf`, `nan`, `0.1`.
  public static func pythonFloatRepr(_ x: Double) -> String {
    floatText(x, isFloat32: false)
  }

  private static func isTrue(_ v: ScalarValue) -> Bool {
    switch v {
    case .bool(let b): return b
    case .int(let i): return i != 0
    case .float(let d): return d != 0
    }
  }

  /// NumPy's scalar float str (which for float64 is exactly Python's float repr).
  private static func floatText(_ x: Double, isFloat32: Bool) -> String {
    let value = FloatFormatting.Value(x, isFloat32: isFloat32)
    // The thresholds are compared in double precision, so float32(1e-4) (just below 1e-4)
    // prints as 1e-04.
    let magnitude = isFloat32 ? Double(abs(Float(x))) : abs(x)
    let upper = isFloat32 ? 1e6 : 1e16
    var style = FloatStyle()
    if magnitude == 0 || (magnitude >= 1e-4 && magnitude < upper) {
      style.trim = .leaveOneZero
      return FloatFormatting.positional(value, style)
    }
    style.trim = .dotAndZeros
    return FloatFormatting.scientific(value, style)
  }
}
