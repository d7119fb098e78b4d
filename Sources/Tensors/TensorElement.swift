/// A Swift type that stores one dtype's elements, with the conversions the kernels
/// need. Integer conversions wrap and float-to-integer conversions never trap, so
/// any value a script produces can be stored.
public protocol TensorElement: Equatable, Sendable {
  static var dtype: DType { get }
  /// The value as a Double (exact for everything but int64 beyond 2^53).
  var doubleValue: Double { get }
  /// The value as an Int64; floats truncate toward zero, NaN and out-of-range give
  /// `Int64.min` as the x86 conversion instruction does.
  var int64Value: Int64 { get }
  init(fromDouble d: Double)
  init(fromInt64 i: Int64)
  var scalarValue: ScalarValue { get }
}

extension Bool: TensorElement {
  public static var dtype: DType { .bool }
  public var doubleValue: Double { self ? 1 : 0 }
  public var int64Value: Int64 { self ? 1 : 0 }
  public init(fromDouble d: Double) { self = d != 0 }
  public init(fromInt64 i: Int64) { self = i != 0 }
  public var scalarValue: ScalarValue { .bool(self) }
}

extension UInt8: TensorElement {
  public static var dtype: DType { .uint8 }
  public var doubleValue: Double { Double(self) }
  public var int64Value: Int64 { Int64(self) }
  public init(fromDouble d: Double) {
    self = UInt8(truncatingIfNeeded: Int32(truncatingIfNeeded: safeTruncate(d)))
  }
  public init(fromInt64 i: Int64) { self = UInt8(truncatingIfNeeded: i) }
  public var scalarValue: ScalarValue { .int(Int64(self)) }
}

extension Int32: TensorElement {
  public static var dtype: DType { .int32 }
  public var doubleValue: Double { Double(self) }
  public var int64Value: Int64 { Int64(self) }
  public init(fromDouble d: Double) {
    // x86's 32-bit conversion yields INT32_MIN for anything it cannot represent.
    if d.isNaN || d >= 2_147_483_648.0 || d <= -2_147_483_649.0 { self = Int32.min } else { self = Int32(d) }
  }
  public init(fromInt64 i: Int64) { self = Int32(truncatingIfNeeded: i) }
  public var scalarValue: ScalarValue { .int(Int64(self)) }
}

extension Int64: TensorElement {
  public static var dtype: DType { .int64 }
  public var doubleValue: Double { Double(self) }
  public var int64Value: Int64 { self }
  public init(fromDouble d: Double) { self = safeTruncate(d) }
  public init(fromInt64 i: Int64) { self = i }
  public var scalarValue: ScalarValue { .int(self) }
}

extension Float: TensorElement {
  public static var dtype: DType { .float32 }
  public var doubleValue: Double { Double(self) }
  public var int64Value: Int64 { safeTruncate(Double(self)) }
  public init(fromDouble d: Double) { self = Float(d) }
  public init(fromInt64 i: Int64) { self = Float(i) }
  public var scalarValue: ScalarValue { .float(Double(self)) }
}

extension Double: TensorElement {
  public static var dtype: DType { .float64 }
  public var doubleValue: Double { self }
  public var int64Value: Int64 { safeTruncate(self) }
  public init(fromDouble d: Double) { self = d }
  public init(fromInt64 i: Int64) { self = Double(i) }
  public var scalarValue: ScalarValue { .float(self) }
}

/// Float to Int64 toward zero without trapping; unrepresentable values give `Int64.min`.
@inline(__always)
func safeTruncate(_ d: Double) -> Int64 {
  if d.isNaN || d >= 9_223_372_036_854_775_808.0 || d < -9_223_372_036_854_775_808.0 { return Int64.min }
  return Int64(d)
}
