/// `str.format` and printf-style `%` formatting.

enum PercentFormat {
  /// `format % args` (printf style): `%s %r %d %i %f %e %g %x %o %c %%` with flags
  /// `-+ 0#`, width, `.precision`, `*`, and `%(name)s` with a dict argument.
  static func format(_ format: String, _ args: Value) throws -> String {
    var positional: [Value]
    var mapping: DictObject?
    switch args {
    case .tuple(let t): positional = t
    case .dict(let d):
      mapping = d
      positional = [args]
    default: positional = [args]
    }
    var next = 0
    var usedMapping = false
    func take() throws -> Value {
      guard next < positional.count else { throw ScriptError.type("not enough arguments for format string") }
      defer { next += 1 }
      return positional[next]
    }
    let chars = Array(format)
    var out = ""
    var i = 0
    while i < chars.count {
      let c = chars[i]
      i += 1
      guard c == "%" else {
        out.append(c)
        continue
      }
      var key: String?
      if i < chars.count, chars[i] == "(" {
        var depth = 1
        var name = ""
        i += 1
        while i < chars.count {
          if chars[i] == "(" { depth += 1 }
          if chars[i] == ")" {
            depth -= 1
            if depth == 0 { break }
          }
          name.append(chars[i])
          i += 1
        }
        guard i < chars.count else { throw ScriptError.value("incomplete format key") }
        i += 1
        key = name
      }
      var flags = Set<Character>()
      while i < chars.count, "-+ 0#".contains(chars[i]) {
        flags.insert(chars[i])
        i += 1
      }
      func number() throws -> Int? {
        if i < chars.count, chars[i] == "*" {
          i += 1
          return try take().asInt(context: "* wants int")
        }
        var digits = ""
        while i < chars.count, chars[i].isASCII, chars[i].isNumber {
          digits.append(chars[i])
          i += 1
        }
        guard !digits.isEmpty else { return nil }
        guard digits.count < 7, let n = Int(digits) else { throw ScriptError.value("width too big") }
        return n
      }
      let width = try number()
      var precision: Int?
      if i < chars.count, chars[i] == "." {
        i += 1
        precision = try number() ?? 0
      }
      while i < chars.count, "hlL".contains(chars[i]) { i += 1 }
      guard i < chars.count else { throw ScriptError.value("incomplete format") }
      let type = chars[i]
      i += 1
      if type == "%" {
        out.append("%")
        continue
      }
      let value: Value
      if let key {
        guard let mapping else { throw ScriptError.type("format requires a mapping") }
        guard let v = mapping[string: key] else { throw ScriptError(.keyError, pythonStringRepr(key)) }
        value = v
        usedMapping = true
      } else {
        value = try take()
      }
      var spec = ""
      if flags.contains("-") { spec += "<" } else if type == "s" || type == "r" || type == "a" { spec += ">" }
      if flags.contains("+") { spec += "+" } else if flags.contains(" ") { spec += " " }
      if flags.contains("#") { spec += "#" }
      if flags.contains("0") && !flags.contains("-") && !"sra".contains(type) { spec += "0" }
      if let width { spec += String(width) }
      switch type {
      case "s", "r", "a":
        var text = type == "s" ? strValue(value) : reprValue(value)
        if let precision { text = String(text.prefix(precision)) }
        out += try formatValue(.str(text), spec)
      case "d", "i", "u":
        let n: Int
        if let d = value.doubleValue, value.intValue == nil {
          n = try Arithmetic.toInt(d)
        } else {
          guard let v = try value.asIndex() ?? (try? value.asDouble(context: "").rounded(.towardZero)).flatMap({ Int(exactly: $0) }) else {
            throw ScriptError.type("%\(type) format: a real number is required, not \(value.typeName)")
          }
          n = v
        }
        out += try formatValue(.int(n), spec + "d")
      case "x", "X", "o":
        guard let n = try value.asIndex() else {
          throw ScriptError.type("%\(type) format: an integer is required, not \(value.typeName)")
        }
        out += try formatValue(.int(n), spec + String(type))
      case "e", "E", "f", "F", "g", "G":
        guard let d = try? value.asDouble(context: "") else {
          throw ScriptError.type("must be real number, not \(value.typeName)")
        }
        out += try formatValue(.float(d), spec + ".\(precision ?? 6)" + String(type))
      case "c":
        if case .str(let s) = value, s.unicodeScalars.count == 1 {
          out += try formatValue(value, spec)
        } else if let n = try value.asIndex() {
          out += try formatValue(.int(n), spec + "c")
        } else {
          throw ScriptError.type("%c requires int or char")
        }
      default:
        let code = type.unicodeScalars.first.map { String($0.value, radix: 16) } ?? "0"
        throw ScriptError.value("unsupported format character '\(type)' (0x\(code)) at index \(i - 1)")
      }
    }
    if mapping == nil || !usedMapping, next < positional.count, !(mapping != nil && next == 0) {
      throw ScriptError.type("not all arguments converted during string formatting")
    }
    return out
  }
}

enum BraceFormat {
  /// `template.format(*args, **kwargs)`. `attribute` resolves `{0.name}` fields;
  /// `format` applies a spec (so host objects format themselves).
  static func format(
    _ template: String, _ args: Arguments, attribute: (Value, String) throws -> Value,
    format: (Value, String) throws -> String
  ) throws -> String {
    var autoIndex = 0
    var manual = false
    var automatic = false
    func resolve(_ fieldName: String) throws -> Value {
      let chars = Array(fieldName)
      var i = 0
      var first = ""
      while i < chars.count, chars[i] != ".", chars[i] != "[" {
        first.append(chars[i])
        i += 1
      }
      var value: Value
      if first.isEmpty {
        if manual {
          throw ScriptError.value("cannot switch from manual field specification to automatic field numbering")
        }
        automatic = true
        guard autoIndex < args.positional.count else {
          throw ScriptError.index("Replacement index \(autoIndex) out of range for positional args tuple")
        }
        value = args.positional[autoIndex]
        autoIndex += 1
      } else if let n = Int(first) {
        if automatic {
          throw ScriptError.value("cannot switch from automatic field numbering to manual field specification")
        }
        manual = true
        guard n >= 0, n < args.positional.count else {
          throw ScriptError.index("Replacement index \(n) out of range for positional args tuple")
        }
        value = args.positional[n]
      } else {
        guard let v = args.keyword(first) else { throw ScriptError(.keyError, pythonStringRepr(first)) }
        value = v
      }
      while i < chars.count {
        if chars[i] == "." {
          i += 1
          var name = ""
          while i < chars.count, chars[i] != ".", chars[i] != "[" {
            name.append(chars[i])
            i += 1
          }
          value = try attribute(value, name)
        } else {
          i += 1
          var key = ""
          while i < chars.count, chars[i] != "]" {
            key.append(chars[i])
            i += 1
          }
          guard i < chars.count else { throw ScriptError.value("Missing ']' in format string") }
          i += 1
          let index: Value = Int(key).map { .int($0) } ?? .str(key)
          value = try Subscripting.get(value, index)
        }
      }
      return value
    }

    func render(_ text: [Character], nested: Bool) throws -> String {
      var out = ""
      var i = 0
      while i < text.count {
        let c = text[i]
        if c == "}" {
          guard i + 1 < text.count, text[i + 1] == "}" else {
            throw ScriptError.value("Single '}' encountered in format string")
          }
          out.append("}")
          i += 2
          continue
        }
        guard c == "{" else {
          out.append(c)
          i += 1
          continue
        }
        if i + 1 < text.count, text[i + 1] == "{" {
          out.append("{")
          i += 2
          continue
        }
        // A replacement field: find its matching '}'.
        var depth = 1
        var j = i + 1
        var inBracket = false
        while j < text.count {
          if text[j] == "[" { inBracket = true }
          if text[j] == "]" { inBracket = false }
          if !inBracket {
            if text[j] == "{" { depth += 1 }
            if text[j] == "}" {
              depth -= 1
              if depth == 0 { break }
            }
          }
          j += 1
        }
        guard j < text.count else { throw ScriptError.value("expected '}' before end of string") }
        let field = Array(text[(i + 1)..<j])
        i = j + 1
        var k = 0
        var name = ""
        var bracket = false
        while k < field.count {
          let f = field[k]
          if f == "[" { bracket = true }
          if f == "]" { bracket = false }
          if !bracket && (f == "!" || f == ":") { break }
          name.append(f)
          k += 1
        }
        var conversion: Character?
        if k < field.count, field[k] == "!" {
          guard k + 1 < field.count, "rsa".contains(field[k + 1]) else {
            throw ScriptError.value("Unknown conversion specifier")
          }
          conversion = field[k + 1]
          k += 2
        }
        // The value is resolved before a nested spec so automatic numbering goes left to right.
        var value = try resolve(name)
        var spec = ""
        if k < field.count, field[k] == ":" {
          spec = String(field[(k + 1)...])
          if !nested && spec.contains("{") { spec = try render(Array(spec), nested: true) }
        } else if k < field.count {
          throw ScriptError.value("expected ':' after conversion specifier")
        }
        switch conversion {
        case "r", "a": value = .str(reprValue(value))
        case "s": value = .str(strValue(value))
        default: break
        }
        out += try format(value, spec)
      }
      return out
    }
    return try render(Array(template), nested: false)
  }
}

/// `format % args` as Python computes it (printf-style), for host code such as `np.savetxt`.
public func pythonPercentFormat(_ format: String, _ args: Value) throws -> String {
  try PercentFormat.format(format, args)
}
