/// `repr()` and `str()` exactly as Python prints them.

/// Python's `repr(x)` for a float: the shortest digits that round-trip, in fixed notation
/// when the decimal exponent is in -4..<16 (always with a `.0` or fraction), otherwise
/// scientific with a signed two-digit-minimum exponent (`1e-05`, `1.5e+16`).
public func pythonFloatRepr(_ d: Double) -> String {
  if d.isNaN { return "nan" }
  if d.isInfinite { return d < 0 ? "-inf" : "inf" }
  if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
  let sign = d < 0 ? "-" : ""
  // Swift's description is also shortest-round-trip; only the layout differs from Python's.
  let text = abs(d).description
  let parts = text.split(separator: "e", maxSplits: 1)
  let mantissa = parts.first.map(String.init) ?? text
  let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
  var digits = ""
  var integerLength = 0
  var seenPoint = false
  for c in mantissa {
    if c == "." {
      seenPoint = true
    } else {
      digits.append(c)
      if !seenPoint { integerLength += 1 }
    }
  }
  // value = 0.DIGITS × 10^pointPosition
  var pointPosition = integerLength + exponent
  while digits.hasPrefix("0") && digits.count > 1 {
    digits.removeFirst()
    pointPosition -= 1
  }
  while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
  let scientificExponent = pointPosition - 1
  if scientificExponent >= -4 && scientificExponent < 16 {
    if pointPosition <= 0 {
      return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
    }
    if pointPosition >= digits.count {
      return sign + digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
    }
    let split = digits.index(digits.startIndex, offsetBy: pointPosition)
    return sign + digits[..<split] + "." + digits[split...]
  }
  var result = sign + String(digits.prefix(1))
  if digits.count > 1 { result += "." + digits.dropFirst() }
  let e = abs(scientificExponent)
  result += (scientificExponent < 0 ? "e-" : "e+") + (e < 10 ? "0" : "") + String(e)
  return result
}

/// Python's `repr(s)` for a string: single quotes unless the text contains `'` but no `"`;
/// backslash escapes for quotes, backslashes, control and non-printable characters.
public func pythonStringRepr(_ s: String) -> String {
  let quote: Unicode.Scalar = s.unicodeScalars.contains("'") && !s.unicodeScalars.contains("\"") ? "\"" : "'"
  var out = String.UnicodeScalarView()
  out.append(quote)
  for c in s.unicodeScalars {
    switch c {
    case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
    case "\n": out.append(contentsOf: "\\n".unicodeScalars)
    case "\r": out.append(contentsOf: "\\r".unicodeScalars)
    case "\t": out.append(contentsOf: "\\t".unicodeScalars)
    default:
      if c == quote {
        out.append("\\")
        out.append(c)
      } else if isPrintable(c) {
        out.append(c)
      } else {
        let hex = String(c.value, radix: 16)
        let (prefix, width) = c.value < 0x100 ? ("\\x", 2) : c.value < 0x10000 ? ("\\u", 4) : ("\\U", 8)
        out.append(
          contentsOf: (prefix + String(repeating: "0", count: max(0, width - hex.count)) + hex).unicodeScalars
        )
      }
    }
  }
  out.append(quote)
  return String(out)
}

/// Python's `str.isprintable` for one character: not a control, format, surrogate,
/// private-use, unassigned or separator character (the ASCII space is printable).
func isPrintable(_ c: Unicode.Scalar) -> Bool {
  if c == " " { return true }
  if c.isASCII { return c.value >= 0x20 && c.value < 0x7F }
  switch c.properties.generalCategory {
  case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
    .spaceSeparator:
    return false
  default:
    return true
  }
}

/// Python's `repr(value)`. Self-containing lists and dicts print as `[...]` / `{...}`;
/// absurdly deep nesting is cut off with `...` rather than overflowing the stack.
public func reprValue(_ value: Value) -> String {
  var printer = ReprPrinter()
  return printer.repr(value)
}

/// Python's `str(value)`: strings as they are, host objects via `str()`, else `repr`.
public func strValue(_ value: Value) -> String {
  switch value {
  case .str(let s): return s
  case .object(let o): return o.str()
  default: return reprValue(value)
  }
}

struct ReprPrinter {
  var active: Set<ObjectIdentifier> = []
  var depth = 0
  static let maxDepth = 200

  mutating func repr(_ value: Value) -> String {
    switch value {
    case .none: return "None"
    case .bool(let b): return b ? "True" : "False"
    case .int(let i): return String(i)
    case .float(let d): return pythonFloatRepr(d)
    case .str(let s): return pythonStringRepr(s)
    case .ellipsis: return "Ellipsis"
    case .list(let l):
      return container(ObjectIdentifier(l), open: "[", close: "]", cycle: "[...]") { printer in
        l.items.map { printer.repr($0) }.joined(separator: ", ")
      }
    case .tuple(let items):
      if items.count == 1 {
        guard depth < ReprPrinter.maxDepth else { return "(...)" }
        depth += 1
        defer { depth -= 1 }
        return "(" + repr(items[0]) + ",)"
      }
      guard depth < ReprPrinter.maxDepth else { return "(...)" }
      depth += 1
      defer { depth -= 1 }
      return "(" + items.map { repr($0) }.joined(separator: ", ") + ")"
    case .dict(let d):
      return container(ObjectIdentifier(d), open: "{", close: "}", cycle: "{...}") { printer in
        d.entries.map { printer.repr($0.key) + ": " + printer.repr($0.value) }.joined(separator: ", ")
      }
    case .set(let s):
      let elements = s.elements
      if elements.isEmpty { return s.typeName + "()" }
      let (open, close) = s.isFrozen ? ("frozenset({", "})") : ("{", "}")
      return container(ObjectIdentifier(s), open: open, close: close, cycle: s.typeName + "(...)") {
        printer in
        elements.map { printer.repr($0) }.joined(separator: ", ")
      }
    case .range(let r):
      return r.step == 1 ? "range(\(r.start), \(r.stop))" : "range(\(r.start), \(r.stop), \(r.step))"
    case .slice(let s):
      return "slice(\(repr(s.start)), \(repr(s.stop)), \(repr(s.step)))"
    case .function(let f):
      return "<function \(f.name) at \(addressString(of: f))>"
    case .builtin(let b):
      if let t = b.typeName { return "<class '\(t)'>" }
      if let r = b.receiverTypeName {
        return "<built-in method \(b.name) of \(r) object at \(addressString(of: b))>"
      }
      return "<built-in function \(b.name)>"
    case .module(let m):
      return "<module '\(m.name)' (built-in)>"
    case .iterator(let it):
      return "<\(it.typeName) object at \(addressString(of: it))>"
    case .object(let o):
      return o.repr()
    }
  }

  mutating func container(
    _ id: ObjectIdentifier, open: String, close: String, cycle: String,
    _ body: (inout ReprPrinter) -> String
  ) -> String {
    if active.contains(id) { return cycle }
    guard depth < ReprPrinter.maxDepth else { return open + "..." + close }
    active.insert(id)
    depth += 1
    defer {
      active.remove(id)
      depth -= 1
    }
    return open + body(&self) + close
  }
}
