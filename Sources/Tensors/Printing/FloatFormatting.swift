/// What to do with trailing zeros and the decimal point, NumPy's `trim` argument of
/// `format_float_positional` / `format_float_scientific`.
enum TrimMode {
  /// `'k'`: keep trailing zeros (padding to `minDigits`/`precision` with zeros), keep the point.
  case keep
  /// `'.'`: drop trailing zeros, keep the point: `1.`, `0.5`.
  case zeros
  /// `'0'`: drop trailing zeros but leave one after the point: `1.0`.
  case leaveOneZero
  /// `'-'`: drop trailing zeros and a bare point: `1`.
  case dotAndZeros
}

/// Options for one float-to-text conversion, mirroring the arguments of NumPy's
/// `dragon4_positional` / `dragon4_scientific`. `-1` means "not given" throughout.
struct FloatStyle {
  var unique = true
  /// Fraction digits (positional) or digits after the first (scientific) at most.
  var precision = -1
  /// In unique mode, at least this many such digits.
  var minDigits = -1
  var trim = TrimMode.keep
  /// Always print a sign (`+` for positive values).
  var forceSign = false
  /// Pad with spaces on the left until the integer part (sign included) is this wide.
  var padLeft = -1
  /// Positional only: pad with spaces on the right until the fraction is this wide.
  var padRight = -1
  /// Scientific only: at least this many exponent digits (default 2).
  var expDigits = -1
}

/// Float-to-text in NumPy's positional and scientific styles, exactly as NumPy's C formatter
/// lays out the digits Dragon4 produces.
enum FloatFormatting {
  /// A float of either supported width, so float32 values get float32 digits.
  enum Value {
    case float32(Float)
    case float64(Double)

    init(_ x: Double, isFloat32: Bool) {
      self = isFloat32 ? .float32(Float(x)) : .float64(x)
    }

    var isNaN: Bool {
      switch self {
      case .float32(let f): return f.isNaN
      case .float64(let d): return d.isNaN
      }
    }
    var isInfinite: Bool {
      switch self {
      case .float32(let f): return f.isInfinite
      case .float64(let d): return d.isInfinite
      }
    }
    var signBit: Bool {
      switch self {
      case .float32(let f): return f.sign == .minus
      case .float64(let d): return d.sign == .minus
      }
    }
    var decoded: Dragon4.Decoded {
      switch self {
      case .float32(let f): return Dragon4.decode(f)
      case .float64(let d): return Dragon4.decode(d)
      }
    }
  }

  /// `inf`, `-inf`, `+inf` or `nan` (NaN never shows a sign), as NumPy's scalar formatter does.
  private static func nonFinite(_ v: Value, forceSign: Bool) -> String {
    if v.isNaN { return "nan" }
    if v.signBit { return "-inf" }
    return forceSign ? "+inf" : "inf"
  }

  private static func signText(_ v: Value, _ style: FloatStyle) -> String {
    if v.signBit { return "-" }
    return style.forceSign ? "+" : ""
  }

  private static func digitChar(_ d: UInt8) -> Character {
    Character(Unicode.Scalar(48 + min(d, 9)))
  }

  /// Positional notation `ddd.ddd`, precision counting digits after the point.
  static func positional(_ v: Value, _ style: FloatStyle) -> String {
    if v.isNaN || v.isInfinite { return nonFinite(v, forceSign: style.forceSign) }
    let sign = signText(v, style)
    let generated = Dragon4.digits(
      v.decoded, unique: style.unique, cutoff: .fractionLength,
      cutoffMax: style.precision, cutoffMin: style.minDigits)
    let digits = generated.digits
    var body = ""
    var wholeCount: Int
    var fractionCount = 0
    if generated.exponent >= 0 {
      wholeCount = generated.exponent + 1
      if digits.count <= wholeCount {
        for d in digits { body.append(digitChar(d)) }
        body += String(repeating: "0", count: wholeCount - digits.count)
      } else {
        for d in digits[..<wholeCount] { body.append(digitChar(d)) }
        body += "."
        for d in digits[wholeCount...] { body.append(digitChar(d)) }
        fractionCount = digits.count - wholeCount
      }
    } else {
      let leadingZeros = -(generated.exponent + 1)
      body = "0." + String(repeating: "0", count: leadingZeros)
      for d in digits { body.append(digitChar(d)) }
      fractionCount = leadingZeros + digits.count
      wholeCount = 1
    }
    if style.trim != .dotAndZeros && fractionCount == 0 { body += "." }

    let wanted = max(style.unique ? style.minDigits : style.precision, 0)
    switch style.trim {
    case .leaveOneZero where fractionCount == 0:
      body += "0"
      fractionCount = 1
    case .keep where wanted > fractionCount:
      body += String(repeating: "0", count: wanted - fractionCount)
      fractionCount = wanted
    default:
      break
    }
    // Rounding can still leave trailing zeros; trim them per the mode.
    if style.trim != .keep && fractionCount > 0 {
      while body.last == "0" {
        body.removeLast()
        fractionCount -= 1
      }
      if body.last == "." {
        if style.trim == .leaveOneZero {
          body += "0"
          fractionCount += 1
        } else if style.trim == .dotAndZeros {
          body.removeLast()
        }
      }
    }
    if style.padRight >= fractionCount {
      if style.trim == .dotAndZeros && fractionCount == 0 { body += " " }
      body += String(repeating: " ", count: style.padRight - fractionCount)
    }
    var result = sign + body
    let leftWidth = wholeCount + sign.count
    if style.padLeft > leftWidth {
      result = String(repeating: " ", count: style.padLeft - leftWidth) + result
    }
    return result
  }

  /// Scientific notation `d.ddde+XX`, precision counting digits after the first.
  static func scientific(_ v: Value, _ style: FloatStyle) -> String {
    if v.isNaN || v.isInfinite { return nonFinite(v, forceSign: style.forceSign) }
    let sign = signText(v, style)
    var result = ""
    let leftChars = 1 + sign.count
    if style.padLeft > leftChars {
      result += String(repeating: " ", count: style.padLeft - leftChars)
    }
    result += sign
    let generated = Dragon4.digits(
      v.decoded, unique: style.unique, cutoff: .totalLength,
      cutoffMax: style.precision < 0 ? -1 : style.precision + 1,
      cutoffMin: style.minDigits < 0 ? -1 : style.minDigits + 1)
    let digits = generated.digits
    var mantissa = String(digitChar(digits.first ?? 0))
    var fractionCount = max(digits.count - 1, 0)
    if fractionCount > 0 {
      mantissa += "."
      for d in digits.dropFirst() { mantissa.append(digitChar(d)) }
    }
    if style.trim != .dotAndZeros && fractionCount == 0 { mantissa += "." }

    let wanted = max(style.unique ? style.minDigits : style.precision, 0)
    switch style.trim {
    case .leaveOneZero where fractionCount == 0:
      mantissa += "0"
      fractionCount = 1
    case .keep where wanted > fractionCount:
      mantissa += String(repeating: "0", count: wanted - fractionCount)
      fractionCount = wanted
    default:
      break
    }
    if style.trim != .keep && fractionCount > 0 {
      while mantissa.last == "0" {
        mantissa.removeLast()
        fractionCount -= 1
      }
      // Unlike positional, a bare point is left in place even in dotAndZeros mode.
      if style.trim == .leaveOneZero && mantissa.last == "." { mantissa += "0" }
    }
    result += mantissa

    let minExpDigits = style.expDigits < 0 ? 2 : min(style.expDigits, 5)
    var expText = String(abs(generated.exponent))
    if expText.count < minExpDigits {
      expText = String(repeating: "0", count: minExpDigits - expText.count) + expText
    }
    result += (generated.exponent >= 0 ? "e+" : "e-") + expText
    return result
  }
}
