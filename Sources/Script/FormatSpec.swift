import Foundation

/// Python's format-spec mini-language (`format(x, spec)`, f-string `{x:spec}`,
/// `str.format`): `[[fill]align][sign][z][#][0][width][,|_][.precision][type]`.
struct FormatSpec {
  var fill: Character = " "
  var align: Character?
  var sign: Character = "-"
  var coerceNegativeZero = false
  var alternate = false
  var zeroPad = false
  var width = 0
  var grouping: Character?
  var precision: Int?
  var type: Character?

  /// Longest width and precision accepted: bigger requests are errors, not huge strings.
  static let maxWidth = 100_000
  static let maxPrecision = 1_000

  init(_ spec: String) throws {
    var chars = Array(spec)
    var i = 0
    func peek(_ k: Int = 0) -> Character? { i + k < chars.count ? chars[i + k] : nil }
    let aligns: Set<Character> = ["<", ">", "=", "^"]
    if let second = peek(1), aligns.contains(second), let first = peek() {
      fill = first
      align = second
      i += 2
    } else if let first = peek(), aligns.contains(first) {
      align = first
      i += 1
    }
    if let c = peek(), c == "+" || c == "-" || c == " " {
      sign = c
      i += 1
    }
    if peek() == "z" {
      coerceNegativeZero = true
      i += 1
    }
    if peek() == "#" {
      alternate = true
      i += 1
    }
    if peek() == "0" {
      zeroPad = true
      i += 1
    }
    func number() throws -> Int? {
      var digits = ""
      while let c = peek(), c.isASCII, c.isNumber {
        digits.append(c)
        i += 1
      }
      guard !digits.isEmpty else { return nil }
      guard digits.count < 10, let n = Int(digits) else { throw ScriptError.value("Too many decimal digits in format string") }
      return n
    }
    width = try number() ?? 0
    if width > FormatSpec.maxWidth { throw ScriptError.value("format width \(width) is too large") }
    if let c = peek(), c == "," || c == "_" {
      grouping = c
      i += 1
    }
    if peek() == "." {
      i += 1
      guard let p = try number() else { throw ScriptError.value("Format specifier missing precision") }
      if p > FormatSpec.maxPrecision { throw ScriptError.value("format precision \(p) is too large") }
      precision = p
    }
    if let c = peek() {
      type = c
      i += 1
    }
    if i < chars.count {
      chars = Array(spec)
      throw ScriptError.value("Invalid format specifier '\(spec)'")
    }
  }

  /// Pads `body` (with its `signText` prefix) to `width`.
  func pad(_ body: String, sign signText: String = "", numeric: Bool) -> String {
    let length = signText.count + body.count
    guard width > length else { return signText + body }
    let padding = width - length
    var alignment = align ?? (numeric ? ">" : "<")
    var fillChar = fill
    if zeroPad && align == nil {
      if numeric { alignment = "=" }
      fillChar = "0"
    }
    switch alignment {
    case "<": return signText + body + String(repeating: fillChar, count: padding)
    case "^":
      let left = padding / 2
      return String(repeating: fillChar, count: left) + signText + body
        + String(repeating: fillChar, count: padding - left)
    case "=": return signText + String(repeating: fillChar, count: padding) + body
    default: return String(repeating: fillChar, count: padding) + signText + body
    }
  }

  func signPrefix(negative: Bool) -> String {
    if negative { return "-" }
    switch sign {
    case "+": return "+"
    case " ": return " "
    default: return ""
    }
  }

  /// Inserts `separator` every three digits of the integer part of `digits`.
  static func group(_ digits: String, _ separator: Character, every: Int = 3) -> String {
    let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let integer = Array(parts.first ?? "")
    var out = ""
    for (k, c) in integer.enumerated() {
      if k > 0 && (integer.count - k) % every == 0 { out.append(separator) }
      out.append(c)
    }
    if parts.count > 1 { out += "." + parts[1] }
    return out
  }
}

/// `format(value, spec)` for the builtin types; host objects use `HostObject.format`
/// and fall back to their scalar value.
func formatValue(_ value: Value, _ spec: String) throws -> String {
  switch value {
  case .object(let o):
    if let s = try o.format(spec) { return s }
    if let scalar = try o.scalarValue() { return try formatValue(scalar, spec) }
    if spec.isEmpty { return o.str() }
    throw ScriptError.type("unsupported format string passed to \(o.typeName).__format__")
  case .bool(let b):
    if spec.isEmpty { return b ? "True" : "False" }
    // bool formats through int.__format__ once a spec is given: format(True, '>5') is '    1'.
    return try formatInt(b ? 1 : 0, try FormatSpec(spec))
  case .int(let i):
    if spec.isEmpty { return String(i) }
    return try formatInt(i, try FormatSpec(spec))
  case .float(let d):
    if spec.isEmpty { return pythonFloatRepr(d) }
    return try formatFloat(d, try FormatSpec(spec))
  case .str(let s):
    if spec.isEmpty { return s }
    let parsed = try FormatSpec(spec)
    guard parsed.type == nil || parsed.type == "s" else {
      throw ScriptError.value("Unknown format code '\(parsed.type ?? "?")' for object of type 'str'")
    }
    if parsed.sign != "-" { throw ScriptError.value("Sign not allowed in string format specifier") }
    var text = s
    if let p = parsed.precision { text = String(text.prefix(p)) }
    return parsed.pad(text, numeric: false)
  default:
    if spec.isEmpty { return strValue(value) }
    // Python's object.__format__ rejects any non-empty spec.
    throw ScriptError.type("unsupported format string passed to \(value.typeName).__format__")
  }
}

func formatInt(_ i: Int, _ spec: FormatSpec) throws -> String {
  switch spec.type {
  case "e", "E", "f", "F", "g", "G", "%":
    return try formatFloat(Double(i), spec)
  case nil, "d", "n", "b", "o", "x", "X", "c":
    break
  case let t?:
    throw ScriptError.value("Unknown format code '\(t)' for object of type 'int'")
  }
  if spec.precision != nil { throw ScriptError.value("Precision not allowed in integer format specifier") }
  if spec.type == "c" {
    guard i >= 0, i <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(i)) else {
      throw ScriptError.overflow("%c arg not in range(0x110000)")
    }
    return spec.pad(String(Character(scalar)), numeric: false)
  }
  let magnitude = i.magnitude
  var digits: String
  var prefix = ""
  switch spec.type {
  case "b":
    digits = String(magnitude, radix: 2)
    prefix = spec.alternate ? "0b" : ""
  case "o":
    digits = String(magnitude, radix: 8)
    prefix = spec.alternate ? "0o" : ""
  case "x":
    digits = String(magnitude, radix: 16)
    prefix = spec.alternate ? "0x" : ""
  case "X":
    digits = String(magnitude, radix: 16, uppercase: true)
    prefix = spec.alternate ? "0X" : ""
  default:
    digits = String(magnitude)
  }
  if let g = spec.grouping {
    digits = FormatSpec.group(digits, g, every: (spec.type == "d" || spec.type == nil || spec.type == "n") ? 3 : 4)
  }
  return spec.pad(digits, sign: spec.signPrefix(negative: i < 0) + prefix, numeric: true)
}

func formatFloat(_ d: Double, _ spec: FormatSpec) throws -> String {
  var value = d
  var negative = d.sign == .minus && !d.isNaN
  var body: String
  let type = spec.type
  switch type {
  case "f", "F", "e", "E", "%", "g", "G", "n", nil:
    break
  case let t?:
    throw ScriptError.value("Unknown format code '\(t)' for object of type 'float'")
  }
  if spec.coerceNegativeZero && value == 0 { negative = false }
  value = abs(value)
  let alt = spec.alternate ? "#" : ""
  switch type {
  case "f", "F":
    body = cFormat("%\(alt).*f", spec.precision ?? 6, value)
    if type == "F" { body = body.uppercased() }
  case "e", "E":
    body = cFormat("%\(alt).*e", spec.precision ?? 6, value)
    if type == "E" { body = body.uppercased() }
  case "%":
    body = cFormat("%\(alt).*f", spec.precision ?? 6, value * 100) + "%"
  case "g", "G", "n":
    let p = max(spec.precision ?? 6, 1)
    body = cFormat("%\(alt).*g", p, value)
    if type == "G" { body = body.uppercased() }
  default:
    if let p = spec.precision {
      // No type with a precision: like 'g', but fixed notation keeps at least one decimal.
      body = cFormat("%\(alt).*g", max(p, 1), value)
      if value.isFinite && !body.contains("e") && !body.contains(".") { body += ".0" }
    } else {
      body = pythonFloatRepr(value)
    }
  }
  if value.isNaN || value.isInfinite {
    body = value.isNaN ? "nan" : "inf"
    if type == "F" || type == "E" || type == "G" { body = body.uppercased() }
    if type == "%" { body += "%" }
  } else if let g = spec.grouping {
    let split = body.firstIndex { $0 == "e" || $0 == "E" || $0 == "%" } ?? body.endIndex
    body = FormatSpec.group(String(body[..<split]), g) + body[split...]
  }
  return spec.pad(body, sign: spec.signPrefix(negative: negative), numeric: true)
}

/// C `printf` formatting of one double with a precision (glibc rounds correctly, as CPython does).
func cFormat(_ format: String, _ precision: Int, _ value: Double) -> String {
  String(format: format, Int32(precision), value)
}
