import Foundation

/// Per-dtype arithmetic with NumPy's semantics: integers wrap, integer division by
/// zero gives 0, `//` and `%` follow Python's signs, floats follow IEEE 754.
protocol ArithmeticElement: TensorElement, Comparable {
  static func add(_ a: Self, _ b: Self) -> Self
  static func sub(_ a: Self, _ b: Self) -> Self
  static func mul(_ a: Self, _ b: Self) -> Self
  static func floorDiv(_ a: Self, _ b: Self) -> Self
  static func mod(_ a: Self, _ b: Self) -> Self
  static func pow(_ a: Self, _ b: Self) -> Self
  static func maximum(_ a: Self, _ b: Self) -> Self
  static func minimum(_ a: Self, _ b: Self) -> Self
  static func negate(_ a: Self) -> Self
  static func absolute(_ a: Self) -> Self
  var isNegative: Bool { get }
}

protocol IntegerArithmetic: ArithmeticElement, FixedWidthInteger {}

extension IntegerArithmetic {
  @inline(__always) static func add(_ a: Self, _ b: Self) -> Self { a &+ b }
  @inline(__always) static func sub(_ a: Self, _ b: Self) -> Self { a &- b }
  @inline(__always) static func mul(_ a: Self, _ b: Self) -> Self { a &* b }
  @inline(__always) static func floorDiv(_ a: Self, _ b: Self) -> Self {
    if b == 0 { return 0 }
    if Self.isSigned && b == -1 { return 0 &- a }
    let q = a / b
    // Round toward negative infinity when the signs differ and there is a remainder.
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q &- 1 : q
  }
  @inline(__always) static func mod(_ a: Self, _ b: Self) -> Self {
    if b == 0 { return 0 }
    if Self.isSigned && b == -1 { return 0 }
    let r = a % b
    return (r != 0 && ((r < 0) != (b < 0))) ? r &+ b : r
  }
  @inline(__always) static func pow(_ a: Self, _ b: Self) -> Self {
    // Callers reject negative exponents; square-and-multiply with wrapping.
    var result: Self = 1
    var base = a
    var e = b
    while e > 0 {
      if e & 1 == 1 { result = result &* base }
      base = base &* base
      e >>= 1
    }
    return result
  }
  @inline(__always) static func maximum(_ a: Self, _ b: Self) -> Self { a >= b ? a : b }
  @inline(__always) static func minimum(_ a: Self, _ b: Self) -> Self { a <= b ? a : b }
  @inline(__always) static func negate(_ a: Self) -> Self { 0 &- a }
  @inline(__always) static func absolute(_ a: Self) -> Self { a < 0 ? 0 &- a : a }
  @inline(__always) var isNegative: Bool { self < 0 }
}

extension UInt8: IntegerArithmetic {}
extension Int32: IntegerArithmetic {}
extension Int64: IntegerArithmetic {}

protocol FloatArithmetic: ArithmeticElement, BinaryFloatingPoint {
  static func exponential(_ a: Self) -> Self
  static func logarithm(_ a: Self) -> Self
  static func hyperbolicTangent(_ a: Self) -> Self
  static func power(_ a: Self, _ b: Self) -> Self
  static func fmodulo(_ a: Self, _ b: Self) -> Self
}

extension FloatArithmetic {
  @inline(__always) static func add(_ a: Self, _ b: Self) -> Self { a + b }
  @inline(__always) static func sub(_ a: Self, _ b: Self) -> Self { a - b }
  @inline(__always) static func mul(_ a: Self, _ b: Self) -> Self { a * b }
  /// NumPy's `divmod` quotient: floor of the true quotient, corrected for fmod's sign.
  @inline(__always) static func floorDiv(_ a: Self, _ b: Self) -> Self {
    if b == 0 { return a / b }
    let m = fmodulo(a, b)
    var div = (a - m) / b
    if m != 0 && ((b < 0) != (m < 0)) { div -= 1 }
    if div == 0 { return (a / b).sign == .minus ? -0.0 : 0.0 }
    var floored = div.rounded(.down)
    if div - floored > 0.5 { floored += 1 }
    return floored
  }
  @inline(__always) static func mod(_ a: Self, _ b: Self) -> Self {
    if b == 0 { return fmodulo(a, b) }
    var m = fmodulo(a, b)
    if m != 0 {
      if (b < 0) != (m < 0) { m += b }
    } else {
      m = b < 0 ? -0.0 : 0.0
    }
    return m
  }
  @inline(__always) static func pow(_ a: Self, _ b: Self) -> Self { power(a, b) }
  @inline(__always) static func maximum(_ a: Self, _ b: Self) -> Self {
    if a.isNaN || b.isNaN { return .nan }
    // On ties (0.0 vs -0.0) NumPy returns the second operand.
    return a > b ? a : b
  }
  @inline(__always) static func minimum(_ a: Self, _ b: Self) -> Self {
    if a.isNaN || b.isNaN { return .nan }
    return a < b ? a : b
  }
  @inline(__always) static func negate(_ a: Self) -> Self { -a }
  @inline(__always) static func absolute(_ a: Self) -> Self { Swift.abs(a) }
  @inline(__always) var isNegative: Bool { self < 0 }
}

extension Float: FloatArithmetic {
  @inline(__always) static func exponential(_ a: Float) -> Float { Foundation.expf(a) }
  @inline(__always) static func logarithm(_ a: Float) -> Float { Foundation.logf(a) }
  @inline(__always) static func hyperbolicTangent(_ a: Float) -> Float { Foundation.tanhf(a) }
  @inline(__always) static func power(_ a: Float, _ b: Float) -> Float { Foundation.powf(a, b) }
  @inline(__always) static func fmodulo(_ a: Float, _ b: Float) -> Float { Foundation.fmodf(a, b) }
}

extension Double: FloatArithmetic {
  @inline(__always) static func exponential(_ a: Double) -> Double { Foundation.exp(a) }
  @inline(__always) static func logarithm(_ a: Double) -> Double { Foundation.log(a) }
  @inline(__always) static func hyperbolicTangent(_ a: Double) -> Double { Foundation.tanh(a) }
  @inline(__always) static func power(_ a: Double, _ b: Double) -> Double { Foundation.pow(a, b) }
  @inline(__always) static func fmodulo(_ a: Double, _ b: Double) -> Double { Foundation.fmod(a, b) }
}
