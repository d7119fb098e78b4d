/// String and f-string literals.
extension Lexer {
  /// Lexes a string literal whose prefix (lowercased, e.g. `r`, `f`, `rf`) has been consumed
  /// and whose opening quote is next.
  mutating func lexString(prefix: String, start: SourceLocation) throws {
    if prefix.contains("b") {
      throw error("bytes literals are not supported", SourceRange(start: start, end: location))
    }
    let raw = prefix.contains("r")
    let isFString = prefix.contains("f")
    guard let quote = peek() else { return }
    let triple = peek(1) == quote && peek(2) == quote
    for _ in 0..<(triple ? 3 : 1) { advance() }
    if isFString {
      let segments = try lexFStringBody(quote: quote, triple: triple, raw: raw, start: start)
      emit(.fstring(segments), from: start)
    } else {
      var value = String.UnicodeScalarView()
      while true {
        if try atClosingQuote(quote, triple: triple, start: start) { break }
        try lexStringCharacter(into: &value, raw: raw, quote: quote)
      }
      emit(.string(String(value)), from: start)
    }
  }

  /// Consumes and returns true at the closing quote(s); throws at an unterminated end.
  mutating func atClosingQuote(_ quote: Unicode.Scalar, triple: Bool, start: SourceLocation) throws -> Bool {
    guard let c = peek() else {
      throw error(
        triple
          ? "unterminated triple-quoted string literal (detected at line \(line))"
          : "unterminated string literal (detected at line \(line))",
        SourceRange(start: start, end: location))
    }
    if c == "\n" && !triple {
      throw error(
        "unterminated string literal (detected at line \(line))", SourceRange(start: start, end: location))
    }
    guard c == quote else { return false }
    if !triple {
      advance()
      return true
    }
    if peek(1) == quote && peek(2) == quote {
      advance()
      advance()
      advance()
      return true
    }
    return false
  }

  /// Appends one (possibly escaped) character of a literal to `value`.
  mutating func lexStringCharacter(
    into value: inout String.UnicodeScalarView, raw: Bool, quote: Unicode.Scalar
  ) throws {
    guard let c = peek() else { return }
    guard c == "\\" else {
      value.append(c)
      advance()
      return
    }
    let escapeStart = location
    advance()
    guard let e = peek() else { return }
    if raw {
      // A raw string keeps the backslash, but it still stops a quote from closing the string.
      value.append("\\")
      value.append(e)
      advance()
      return
    }
    advance()
    switch e {
    case "\n": break
    case "\\": value.append("\\")
    case "'": value.append("'")
    case "\"": value.append("\"")
    case "n": value.append("\n")
    case "t": value.append("\t")
    case "r": value.append("\r")
    case "a": value.append("\u{07}")
    case "b": value.append("\u{08}")
    case "f": value.append("\u{0C}")
    case "v": value.append("\u{0B}")
    case "0"..."7":
      var digits = String(e)
      while digits.count < 3, let d = peek(), ("0"..."7").contains(d) {
        digits.unicodeScalars.append(d)
        advance()
      }
      if let v = UInt32(digits, radix: 8), let s = Unicode.Scalar(v) { value.append(s) }
    case "x", "u", "U":
      let count = e == "x" ? 2 : e == "u" ? 4 : 8
      var digits = ""
      for _ in 0..<count {
        guard let d = peek(), d.properties.isASCIIHexDigit else { break }
        digits.unicodeScalars.append(d)
        advance()
      }
      guard digits.count == count, let v = UInt32(digits, radix: 16), let s = Unicode.Scalar(v) else {
        throw error(
          "(unicode error) truncated or invalid \\\(e) escape", SourceRange(start: escapeStart, end: location))
      }
      value.append(s)
    default:
      // Python keeps unknown escapes as written (with a warning).
      value.append("\\")
      value.append(e)
    }
  }

  // MARK: - f-strings

  /// Lexes the body of an f-string up to and including the closing quote.
  mutating func lexFStringBody(
    quote: Unicode.Scalar, triple: Bool, raw: Bool, start: SourceLocation
  ) throws -> [FStringSegment] {
    var segments: [FStringSegment] = []
    var literal = String.UnicodeScalarView()
    while true {
      if try atClosingQuote(quote, triple: triple, start: start) { break }
      let c = peek()
      if c == "{" {
        if peek(1) == "{" {
          literal.append("{")
          advance()
          advance()
          continue
        }
        if !literal.isEmpty { segments.append(.literal(String(literal))) }
        literal = String.UnicodeScalarView()
        let braceStart = location
        advance()
        segments.append(.field(try lexFStringField(quote: quote, triple: triple, raw: raw, braceStart: braceStart)))
      } else if c == "}" {
        if peek(1) == "}" {
          literal.append("}")
          advance()
          advance()
          continue
        }
        throw error("f-string: single '}' is not allowed", at: location)
      } else {
        try lexStringCharacter(into: &literal, raw: raw, quote: quote)
      }
    }
    if !literal.isEmpty { segments.append(.literal(String(literal))) }
    return segments
  }

  /// Lexes `expr[=][!conv][:spec]}` after a field's `{`.
  mutating func lexFStringField(
    quote: Unicode.Scalar, triple: Bool, raw: Bool, braceStart: SourceLocation
  ) throws -> FStringFieldSource {
    let exprStart = location
    var expr = String.UnicodeScalarView()
    var depth = 0
    var conversion: Character?
    var debugText: String?
    func unterminated() -> ScriptError {
      error("f-string: expecting '}'", SourceRange(start: braceStart, end: location))
    }
    // The expression: up to '}', '!x', ':' or '=' at bracket depth 0.
    scan: while true {
      guard let c = peek() else { throw unterminated() }
      if c == "\n" && !triple { throw unterminated() }
      if c == quote && (!triple || (peek(1) == quote && peek(2) == quote)) { throw unterminated() }
      switch c {
      case "(", "[", "{":
        depth += 1
      case ")", "]":
        depth -= 1
      case "}":
        if depth == 0 { break scan }
        depth -= 1
      case "'", "\"":
        // A string inside the expression: copy it whole.
        expr.append(c)
        advance()
        while let d = peek(), d != c, d != "\n" {
          expr.append(d)
          advance()
        }
        guard peek() == c else { throw unterminated() }
      case "!" where depth == 0 && peek(1) != "=":
        break scan
      case ":" where depth == 0:
        break scan
      case "=" where depth == 0:
        let previous = expr.last
        if peek(1) != "=", previous.map({ !"=!<>".unicodeScalars.contains($0) }) ?? true {
          // `{x=}`: self-documenting expression.
          advance()
          expr.append("=")
          var trailing = String.UnicodeScalarView()
          while let d = peek(), d == " " {
            trailing.append(d)
            advance()
          }
          debugText = String(expr) + String(trailing)
          expr.removeLast()
          break scan
        }
        if peek(1) == "=" {
          expr.append(c)
          advance()
        }
      default:
        break
      }
      expr.append(c)
      advance()
    }
    if String(expr).allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) {
      throw error("f-string: empty expression not allowed", SourceRange(start: braceStart, end: location))
    }
    if peek() == "!" {
      advance()
      guard let conv = peek(), conv == "r" || conv == "s" || conv == "a" else {
        throw error("f-string: invalid conversion character: expected 's', 'r', or 'a'", at: location)
      }
      conversion = Character(conv)
      advance()
    }
    var spec: [FStringSegment] = []
    if peek() == ":" {
      advance()
      var literal = String.UnicodeScalarView()
      while true {
        guard let c = peek() else { throw unterminated() }
        if c == "}" { break }
        if c == quote || (c == "\n" && !triple) { throw unterminated() }
        if c == "{" {
          if !literal.isEmpty { spec.append(.literal(String(literal))) }
          literal = String.UnicodeScalarView()
          let nestedStart = location
          advance()
          spec.append(.field(try lexFStringField(quote: quote, triple: triple, raw: raw, braceStart: nestedStart)))
        } else {
          literal.append(c)
          advance()
        }
      }
      if !literal.isEmpty { spec.append(.literal(String(literal))) }
    }
    guard peek() == "}" else { throw unterminated() }
    advance()
    return FStringFieldSource(
      expression: String(expr), start: exprStart, conversion: conversion, spec: spec, debugText: debugText)
  }
}
