/// Formats the elements of one array so that they line up: the decisions (notation, digits,
/// widths) are made once from all the elements that will be shown, as NumPy's
/// `FloatingFormat`, `IntegerFormat` and `BoolFormat` do.
enum ElementFormatter {
  case float(FloatElementFormatter)
  case integer(width: Int, sign: SignMode)
  case bool(isZeroDimensional: Bool)

  /// - Parameters:
  ///   - values: the elements that decide the layout (the shown ones; all when not summarised).
  ///   - isZeroDimensional: 0-d arrays print `True` without the aligning space.
  init(values: [ScalarValue], dtype: DType, options: PrintOptions, isZeroDimensional: Bool) {
    switch dtype {
    case .bool:
      self = .bool(isZeroDimensional: isZeroDimensional)
    case .uint8, .int32, .int64:
      self = ElementFormatter.integerFormatter(values, sign: options.sign)
    case .float32, .float64:
      self = .float(
        FloatElementFormatter(
          values: values.map(\.asDouble), isFloat32: dtype == .float32, options: options))
    }
  }

  func format(_ v: ScalarValue) -> String {
    switch self {
    case .bool(let zeroD):
      let truth: Bool
      switch v {
      case .bool(let b): truth = b
      case .int(let i): truth = i != 0
      case .float(let d): truth = d != 0
      }
      // " True" keeps columns aligned with "False", except in 0-d arrays.
      return truth ? (zeroD ? "True" : " True") : "False"
    case .integer(let width, let sign):
      let text = ElementFormatter.integerText(ElementFormatter.integerValue(v), sign: sign)
      return text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    case .float(let f):
      return f.format(v.asDouble)
    }
  }

  private static func integerValue(_ v: ScalarValue) -> Int64 {
    switch v {
    case .int(let i): return i
    case .bool(let b): return b ? 1 : 0
    case .float(let d):
      // Not expected for integer dtypes; convert without trapping.
      guard d.isFinite else { return 0 }
      guard abs(d) < 9.2e18 else { return d < 0 ? Int64.min : Int64.max }
      return Int64(d)
    }
  }

  /// Python's `format(x, '+d')` / `' d'` / `'d'` without the width.
  private static func integerText(_ x: Int64, sign: SignMode) -> String {
    if x < 0 { return String(x) }
    switch sign {
    case .minus: return String(x)
    case .plus: return "+" + String(x)
    case .space: return " " + String(x)
    }
  }

  /// The width is the longer of `str(max)` and `str(min)`, plus one for a sign shown on
  /// non-negative values; a `' '` sign turns into `'-'` when anything is negative, as in NumPy.
  private static func integerFormatter(_ values: [ScalarValue], sign: SignMode) -> ElementFormatter {
    let ints = values.map(integerValue)
    guard let maxValue = ints.max(), let minValue = ints.min() else {
      return .integer(width: 0, sign: sign)
    }
    var sign = sign
    if sign == .space && minValue < 0 { sign = .minus }
    var maxLength = String(maxValue).count
    if maxValue >= 0 && sign != .minus { maxLength += 1 }
    return .integer(width: max(maxLength, String(minValue).count), sign: sign)
  }
}

/// NumPy's `FloatingFormat`: chooses positional or scientific notation for the whole array,
/// the number of digits, and the padding that aligns the decimal points.
struct FloatElementFormatter {
  let isFloat32: Bool
  let sign: SignMode
  let nanstr: String
  let infstr: String
  private(set) var scientific = false
  private var style = FloatStyle()

  init(values: [Double], isFloat32: Bool, options: PrintOptions) {
    self.isFloat32 = isFloat32
    self.sign = options.sign
    self.nanstr = options.nanstr
    self.infstr = options.infstr
    // Values are taken in the array's own type: float32 data gets float32 digits.
    let values = values.map { FloatFormatting.Value($0, isFloat32: isFloat32) }
    let finite = values.filter { !$0.isNaN && !$0.isInfinite }
    scientific = FloatElementFormatter.needsScientific(finite, isFloat32: isFloat32, options: options)

    let precision: Int = options.floatmode == .unique ? -1 : options.effectivePrecision
    // The first pass prints every finite value to measure it.
    var probe = FloatStyle()
    probe.precision = precision
    probe.forceSign = options.sign == .plus
    if options.floatmode == .fixed {
      probe.unique = false
      probe.trim = .keep
    } else {
      probe.unique = true
      probe.trim = .zeros
    }
    var padLeft = 0
    var padRight = 0
    if finite.isEmpty {
      style.trim = .zeros
      style.unique = true
    } else if scientific {
      var expSize = 0
      var fractionLength = 0
      for v in finite {
        let text = FloatFormatting.scientific(v, probe)
        let parts = FloatElementFormatter.split(text)
        // The exponent text includes its sign: "e-06" has size 2.
        expSize = max(expSize, parts.exponent.count - 1)
        fractionLength = max(fractionLength, parts.fraction.count)
        padLeft = max(padLeft, parts.integer.count)
      }
      // Every element then gets the same number of digits (real digits, not zero padding).
      style.unique = probe.unique
      style.trim = .keep
      style.precision = fractionLength
      style.minDigits = fractionLength
      style.expDigits = expSize
      padRight = expSize + 2 + fractionLength
    } else {
      for v in finite {
        let parts = FloatElementFormatter.split(FloatFormatting.positional(v, probe))
        padLeft = max(padLeft, parts.integer.count)
        padRight = max(padRight, parts.fraction.count)
      }
      style.unique = probe.unique
      if options.floatmode == .fixed || options.floatmode == .maxprecEqual {
        style.precision = padRight
        style.minDigits = padRight
        style.trim = .keep
      } else {
        style.precision = precision
        style.trim = .zeros
        style.minDigits = 0
      }
    }
    // A ' ' sign reserves a column for the sign when nothing is negative.
    if options.sign == .space && !finite.contains(where: { $0.signBit }) { padLeft += 1 }
    if finite.count != values.count {
      let negativeInf = options.sign != .minus || values.contains { $0.isInfinite && $0.signBit }
      let offset = padRight + 1
      padLeft = max(
        padLeft, options.nanstr.unicodeScalars.count - offset,
        options.infstr.unicodeScalars.count + (negativeInf ? 1 : 0) - offset)
    }
    style.forceSign = options.sign == .plus
    style.padLeft = padLeft
    style.padRight = scientific ? -1 : padRight
    rightWidth = padRight
  }

  /// Width of everything right of the integer part (point included), for aligning nan/inf.
  private var rightWidth = 0

  /// Scientific notation is used when the largest magnitude reaches 1e8 (1e6 for float32), or,
  /// unless `suppress`, when the smallest nonzero one is below 1e-4 or the ratio exceeds 1000.
  /// The comparisons happen in the array's type, as NumPy does them.
  private static func needsScientific(
    _ finite: [FloatFormatting.Value], isFloat32: Bool, options: PrintOptions
  ) -> Bool {
    var maxAbs = 0.0
    var minAbs = Double.infinity
    for v in finite {
      let a: Double
      switch v {
      case .float32(let f): a = Double(abs(f))
      case .float64(let d): a = abs(d)
      }
      if a == 0 { continue }
      maxAbs = max(maxAbs, a)
      minAbs = min(minAbs, a)
    }
    guard maxAbs > 0 else { return false }
    if isFloat32 {
      let maxF = Float(maxAbs)
      let minF = Float(minAbs)
      if maxF >= Float(1e6) { return true }
      return !options.suppress && (minF < Float(0.0001) || maxF / minF > Float(1000))
    }
    if maxAbs >= 1e8 { return true }
    return !options.suppress && (minAbs < 0.0001 || maxAbs / minAbs > 1000)
  }

  private static func split(_ text: String) -> (integer: Substring, fraction: Substring, exponent: Substring)
  {
    var mantissa = Substring(text)
    var exponent = Substring("")
    if let e = text.firstIndex(of: "e") {
      mantissa = text[..<e]
      exponent = text[text.index(after: e)...]
    }
    guard let dot = mantissa.firstIndex(of: ".") else { return (mantissa, "", exponent) }
    return (mantissa[..<dot], mantissa[mantissa.index(after: dot)...], exponent)
  }

  func format(_ x: Double) -> String {
    let v = FloatFormatting.Value(x, isFloat32: isFloat32)
    if v.isNaN || v.isInfinite {
      let text: String
      if v.isNaN {
        text = (sign == .plus ? "+" : "") + nanstr
      } else {
        text = (v.signBit ? "-" : sign == .plus ? "+" : "") + infstr
      }
      let width = max(style.padLeft, 0) + rightWidth + 1
      let length = text.unicodeScalars.count
      return length >= width ? text : String(repeating: " ", count: width - length) + text
    }
    return scientific ? FloatFormatting.scientific(v, style) : FloatFormatting.positional(v, style)
  }
}
