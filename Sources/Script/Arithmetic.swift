import Foundation

/// Python arithmetic on the builtin numeric types (bool and int promote to float as needed).
/// Integers are 64-bit: results that do not fit raise `OverflowError` instead of wrapping.
enum Arithmetic {
  /// `a op b` for two ints (bools already converted), or nil if `op` is not arithmetic.
  static func int(_ op: BinaryOperator, _ a: Int, _ b: Int) throws -> Value? {
    switch op {
    case .add: return .int(try checked(a.addingReportingOverflow(b)))
    case .subtract: return .int(try checked(a.subtractingReportingOverflow(b)))
    case .multiply: return .int(try checked(a.multipliedReportingOverflow(by: b)))
    case .divide:
      if b == 0 { throw ScriptError(.zeroDivisionError, "division by zero") }
      return .float(Double(a) / Double(b))
    case .floorDivide:
      if b == 0 { throw ScriptError(.zeroDivisionError, "integer division or modulo by zero") }
      return .int(try floorDivide(a, b))
    case .modulo:
      if b == 0 { throw ScriptError(.zeroDivisionError, "integer modulo by zero") }
      return .int(modulo(a, b))
    case .power: return try power(a, b)
    case .bitAnd: return .int(a & b)
    case .bitOr: return .int(a | b)
    case .bitXor: return .int(a ^ b)
    case .leftShift:
      if b < 0 { throw ScriptError.value("negative shift count") }
      if a == 0 { return .int(0) }
      if b >= 63 { throw ScriptError.overflow() }
      let shifted = a << b
      if shifted >> b != a { throw ScriptError.overflow() }
      return .int(shifted)
    case .rightShift:
      if b < 0 { throw ScriptError.value("negative shift count") }
      return .int(b >= 64 ? (a < 0 ? -1 : 0) : a >> b)
    default: return nil
    }
  }

  static func checked(_ r: (partialValue: Int, overflow: Bool)) throws -> Int {
    if r.overflow { throw ScriptError.overflow() }
    return r.partialValue
  }

  /// Python's floor division: rounds toward negative infinity.
  static func floorDivide(_ a: Int, _ b: Int) throws -> Int {
    if a == Int.min && b == -1 { throw ScriptError.overflow() }
    let q = a / b
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
  }

  /// Python's modulo: the result has the sign of the divisor.
  static func modulo(_ a: Int, _ b: Int) -> Int {
    if b == -1 { return 0 }
    let r = a % b
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
  }

  /// `a ** b`: exact by repeated squaring for b ≥ 0 (stopping at the first overflow, so
  /// `10 ** 10 ** 10` fails fast), a float for b < 0.
  static func power(_ a: Int, _ b: Int) throws -> Value {
    if b < 0 {
      if a == 0 { throw ScriptError(.zeroDivisionError, "0.0 cannot be raised to a negative power") }
      return .float(Foundation.pow(Double(a), Double(b)))
    }
    var result = 1
    var base = a
    var exponent = b
    while exponent > 0 {
      if exponent & 1 == 1 { result = try checked(result.multipliedReportingOverflow(by: base)) }
      exponent >>= 1
      if exponent > 0 { base = try checked(base.multipliedReportingOverflow(by: base)) }
    }
    return .int(result)
  }

  /// `a op b` for floats, or nil if `op` is not arithmetic on floats.
  static func float(_ op: BinaryOperator, _ a: Double, _ b: Double) throws -> Value? {
    switch op {
    case .add: return .float(a + b)
    case .subtract: return .float(a - b)
    case .multiply: return .float(a * b)
    case .divide:
      if b == 0 { throw ScriptError(.zeroDivisionError, "float division by zero") }
      return .float(a / b)
    case .floorDivide:
      if b == 0 { throw ScriptError(.zeroDivisionError, "float floor division by zero") }
      return .float(floatDivMod(a, b).quotient)
    case .modulo:
      if b == 0 { throw ScriptError(.zeroDivisionError, "float modulo") }
      return .float(floatDivMod(a, b).remainder)
    case .power:
      if a == 0 && b < 0 {
        throw ScriptError(.zeroDivisionError, "0.0 cannot be raised to a negative power")
      }
      if a < 0 && b != b.rounded() && b.isFinite {
        throw ScriptError.value(
          "negative number cannot be raised to a fractional power",
          hint: "the result would be complex; dnnlab has no complex numbers")
      }
      let r = Foundation.pow(a, b)
      if r.isInfinite && a.isFinite && b.isFinite {
        throw ScriptError(.overflowError, "(34, 'Numerical result out of range')")
      }
      return .float(r)
    default: return nil
    }
  }

  /// Python's float `divmod`: floor quotient and a remainder with the divisor's sign.
  static func floatDivMod(_ a: Double, _ b: Double) -> (quotient: Double, remainder: Double) {
    var mod = fmod(a, b)
    var div = (a - mod) / b
    if mod != 0 {
      if (b < 0) != (mod < 0) {
        mod += b
        div -= 1
      }
    } else {
      mod = copysign(0, b)
    }
    var floorDiv: Double
    if div != 0 {
      floorDiv = div.rounded(.down)
      if div - floorDiv > 0.5 { floorDiv += 1 }
    } else {
      floorDiv = copysign(0, a / b)
    }
    return (floorDiv, mod)
  }

  /// Python's `round(x)` (ties to even) as an int.
  static func roundToInt(_ d: Double) throws -> Int {
    guard d.isFinite else {
      throw d.isNaN
        ? ScriptError.value("cannot convert float NaN to integer")
        : ScriptError(.overflowError, "cannot convert float infinity to integer")
    }
    return try toInt(d.rounded(.toNearestOrEven))
  }

  /// Truncates a float to an int (`int(x)`), raising for NaN, infinity and out-of-range values.
  static func toInt(_ d: Double) throws -> Int {
    if d.isNaN { throw ScriptError.value("cannot convert float NaN to integer") }
    if d.isInfinite { throw ScriptError(.overflowError, "cannot convert float infinity to integer") }
    let t = d.rounded(.towardZero)
    guard t >= -9.223372036854775808e18, t < 9.223372036854775808e18 else {
      throw ScriptError.overflow("int conversion: value")
    }
    return Int(t)
  }

  /// Python's `round(x, n)` for floats: correctly rounded via decimal formatting, as CPython does.
  static func round(_ d: Double, digits: Int) -> Double {
    guard d.isFinite, d != 0 else { return d }
    if digits > 308 { return d }
    if digits >= 0 {
      let text = String(format: "%.*f", Int32(min(digits, 340)), d)
      return Double(text) ?? d
    }
    if digits < -308 { return 0.0 * d }
    let scale = Foundation.pow(10.0, Double(-digits))
    let r = (d / scale).rounded(.toNearestOrEven) * scale
    return r.isFinite ? r : d
  }

  /// Python's `round(i, n)` for ints with n < 0: nearest multiple of 10^-n, ties to even.
  static func round(_ i: Int, digits: Int) throws -> Int {
    guard digits < 0 else { return i }
    if digits < -18 { return 0 }
    var scale = 1
    for _ in 0..<(-digits) { scale *= 10 }
    let q = try floorDivide(i, scale)
    // The remainder in 0..<scale, computed without q·scale, which can pass Int.min.
    let m = i % scale
    let r = m < 0 ? m + scale : m
    var rounded = q
    if 2 * r > scale || (2 * r == scale && q % 2 != 0) { rounded += 1 }
    return try checked(rounded.multipliedReportingOverflow(by: scale))
  }
}
