/// Turns source text into tokens, Python style: INDENT/DEDENT from leading whitespace,
/// NEWLINE only outside brackets (implicit line joining), backslash continuation, comments
/// dropped, numbers and strings decoded (f-strings split into segments for the parser).
///
/// Expects `\n` line ends (see `SourceFile.normalizeLineEnds`). Throws `ScriptError`
/// of kind `SyntaxError` or `IndentationError` with the offending range.
public struct Lexer {
  let src: [Unicode.Scalar]
  var pos = 0
  var line: Int
  var column: Int
  let baseOffset: Int
  var tokens: [Token] = []
  /// Open brackets with where they were opened, for implicit joining and "unclosed" errors.
  var brackets: [(Unicode.Scalar, SourceLocation)] = []
  var indents: [Int] = [0]
  var atLineStart = true
  /// True for an f-string field expression: behaves as if inside parentheses.
  let isEmbedded: Bool

  /// A lexer for `text` whose first scalar is at `start` in its source
  /// (`embedded` lexes an f-string expression: no NEWLINE, INDENT or DEDENT).
  public init(_ text: String, start: SourceLocation = .start, embedded: Bool = false) {
    self.src = Array(text.unicodeScalars)
    self.line = start.line
    self.column = start.column
    self.baseOffset = start.offset
    self.isEmbedded = embedded
    self.atLineStart = !embedded
  }

  /// Lexes all of `text`; the result ends with `.endOfInput`.
  public static func tokenize(_ text: String) throws -> [Token] {
    var lexer = Lexer(text)
    return try lexer.tokenize()
  }

  // MARK: - Cursor

  var location: SourceLocation { SourceLocation(line: line, column: column, offset: baseOffset + pos) }

  func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
    let index = pos + ahead
    return index < src.count ? src[index] : nil
  }

  mutating func advance() {
    guard pos < src.count else { return }
    if src[pos] == "\n" {
      line += 1
      column = 1
    } else {
      column += 1
    }
    pos += 1
  }

  func error(_ message: String, _ range: SourceRange, kind: ErrorKind = .syntaxError) -> ScriptError {
    ScriptError(kind, message, range: range)
  }

  func error(_ message: String, at start: SourceLocation) -> ScriptError {
    ScriptError(.syntaxError, message, range: oneScalar(at: start))
  }

  /// The range of the one character at `start`, for carets under it.
  func oneScalar(at start: SourceLocation) -> SourceRange {
    var end = start
    end.column += 1
    end.offset += 1
    return SourceRange(start: start, end: end)
  }

  mutating func emit(_ kind: TokenKind, from start: SourceLocation) {
    tokens.append(Token(kind, SourceRange(start: start, end: location)))
  }

  // MARK: - Main loop

  /// Lexes the whole input.
  public mutating func tokenize() throws -> [Token] {
    while true {
      if atLineStart && brackets.isEmpty {
        if try !handleIndentation() { break }
      }
      skipBlanks()
      guard let c = peek() else { break }
      let start = location
      if c == "#" {
        while let d = peek(), d != "\n" { advance() }
      } else if c == "\\" {
        advance()
        if peek() == "\n" {
          advance()
        } else if peek() == nil {
          throw error("unexpected end of input after line continuation character '\\'", at: start)
        } else {
          throw error("unexpected character after line continuation character '\\'", at: start)
        }
      } else if c == "\n" {
        advance()
        if brackets.isEmpty && !isEmbedded {
          if let last = tokens.last, last.kind != .newline {
            tokens.append(Token(.newline, SourceRange(start: start, end: location)))
          }
          atLineStart = true
        }
      } else if isIdentifierStart(c) {
        try lexNameOrPrefixedString()
      } else if c.properties.numericType == .decimal && c.isASCII
        || (c == "." && (peek(1).map { $0.isASCII && $0.properties.numericType == .decimal } ?? false))
      {
        try lexNumber()
      } else if c == "'" || c == "\"" {
        try lexString(prefix: "", start: start)
      } else {
        try lexOperator()
      }
    }
    if let (open, at) = brackets.last {
      throw error("'\(open)' was never closed", at: at)
    }
    let end = location
    if !isEmbedded {
      if let last = tokens.last, last.kind != .newline {
        tokens.append(Token(.newline, SourceRange(at: end)))
      }
      for _ in indents.dropFirst() { tokens.append(Token(.dedent, SourceRange(at: end))) }
    }
    tokens.append(Token(.endOfInput, SourceRange(at: end)))
    return tokens
  }

  mutating func skipBlanks() {
    while let c = peek(), c == " " || c == "\t" || c == "\u{0C}" { advance() }
  }

  /// Measures a logical line's indentation and emits INDENT/DEDENT. Blank and comment-only
  /// lines are skipped whole. Returns false at end of input.
  mutating func handleIndentation() throws -> Bool {
    while true {
      var width = 0
      while let c = peek(), c == " " || c == "\t" || c == "\u{0C}" {
        if c == "\t" { width = (width / 8 + 1) * 8 } else if c == " " { width += 1 }
        advance()
      }
      guard let c = peek() else { return false }
      if c == "\n" {
        advance()
        continue
      }
      if c == "#" {
        while let d = peek(), d != "\n" { advance() }
        continue
      }
      atLineStart = false
      // Indentation errors point at the first token of the line, after the indentation.
      let here = SourceRange(at: location)
      guard let current = indents.last else { return true }
      if width > current {
        indents.append(width)
        tokens.append(Token(.indent, here))
      } else if width < current {
        while let top = indents.last, top > width {
          indents.removeLast()
          tokens.append(Token(.dedent, here))
        }
        if indents.last != width {
          throw error(
            "unindent does not match any outer indentation level", oneScalar(at: location),
            kind: .indentationError)
        }
      }
      return true
    }
  }

  // MARK: - Names and numbers

  func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
    c == "_" || (c.isASCII ? (c.properties.isAlphabetic) : c.properties.isXIDStart)
  }

  func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
    c == "_" || (c.isASCII ? (c.properties.isAlphabetic || ("0"..."9").contains(c)) : c.properties.isXIDContinue)
  }

  mutating func lexNameOrPrefixedString() throws {
    let start = location
    var name = String.UnicodeScalarView()
    while let c = peek(), isIdentifierContinue(c) {
      name.append(c)
      advance()
    }
    let text = String(name)
    if let q = peek(), q == "'" || q == "\"", text.count <= 2,
      Set(text.lowercased()).isSubset(of: ["r", "u", "f", "b"])
    {
      try lexString(prefix: text.lowercased(), start: start)
      return
    }
    emit(pythonKeywords.contains(text) ? .keyword(text) : .name(text), from: start)
  }

  mutating func lexNumber() throws {
    let start = location
    var text = ""
    func isDigit(_ c: Unicode.Scalar?, hex: Bool = false) -> Bool {
      guard let c, c.isASCII else { return false }
      if ("0"..."9").contains(c) { return true }
      return hex && (("a"..."f").contains(c) || ("A"..."F").contains(c))
    }
    // Radix-prefixed integers.
    if peek() == "0", let p = peek(1), "xXoObB".unicodeScalars.contains(p) {
      advance()
      advance()
      let radix = (p == "x" || p == "X") ? 16 : (p == "o" || p == "O") ? 8 : 2
      while let c = peek(), isDigit(c, hex: true) || c == "_" {
        if c != "_" { text.unicodeScalars.append(c) }
        advance()
      }
      guard !text.isEmpty, let value = Int(text, radix: radix) else {
        throw error(
          text.isEmpty ? "invalid number literal" : "integer literal too large or invalid",
          SourceRange(start: start, end: location))
      }
      emit(.int(value), from: start)
      return
    }
    var isFloat = false
    func digits() {
      while let c = peek(), isDigit(c) || (c == "_" && isDigit(peek(1))) {
        if c != "_" { text.unicodeScalars.append(c) }
        advance()
      }
    }
    digits()
    if peek() == "." {
      isFloat = true
      advance()
      text += "."
      digits()
    }
    if let e = peek(), e == "e" || e == "E" {
      let sign = peek(1)
      if isDigit(sign) || ((sign == "+" || sign == "-") && isDigit(peek(2))) {
        isFloat = true
        advance()
        text += "e"
        if sign == "+" || sign == "-" {
          text.unicodeScalars.append(sign ?? "+")
          advance()
        }
        digits()
      }
    }
    if let c = peek(), c == "j" || c == "J" {
      advance()
      throw error("complex numbers are not supported", SourceRange(start: start, end: location))
    }
    if let c = peek(), isIdentifierContinue(c) {
      advance()
      throw error("invalid decimal literal", SourceRange(start: start, end: location))
    }
    let range = SourceRange(start: start, end: location)
    if isFloat {
      var normalized = text
      if normalized.hasPrefix(".") { normalized = "0" + normalized }
      normalized = normalized.replacingOccurrences(".e", "e")
      if normalized.hasSuffix(".") { normalized += "0" }
      guard let value = Double(normalized) else { throw error("invalid float literal", range) }
      emit(.float(value), from: start)
    } else {
      if text.count > 1, text.hasPrefix("0"), text.contains(where: { $0 != "0" }) {
        throw error(
          "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
          range)
      }
      guard let value = Int(text) else {
        throw ScriptError(
          .overflowError, "integer literal too large (dnnlab integers are 64-bit)", range: range)
      }
      emit(.int(value), from: start)
    }
  }

  // MARK: - Operators

  static let operators3: Set<String> = ["**=", "//=", ">>=", "<<=", "..."]
  static let operators2: Set<String> = [
    "->", ":=", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=",
    "&=", "|=", "^=", "@=",
  ]
  static let operators1: Set<Unicode.Scalar> = Set("+-*/%@&|^~<>()[]{},:;.=".unicodeScalars)

  mutating func lexOperator() throws {
    let start = location
    func text(_ n: Int) -> String {
      var s = String.UnicodeScalarView()
      for i in 0..<n { if let c = peek(i) { s.append(c) } }
      return String(s)
    }
    for (length, set) in [(3, Lexer.operators3), (2, Lexer.operators2)] where set.contains(text(length)) {
      for _ in 0..<length { advance() }
      emit(.op(text0(length, from: start)), from: start)
      return
    }
    guard let c = peek(), Lexer.operators1.contains(c) else {
      // CPython's wording: printable ASCII that is no token is plain "invalid syntax";
      // other characters are named with their code point.
      let c = peek() ?? " "
      var e: ScriptError
      if c == "!" {
        e = error("invalid syntax", at: start)
        e.hint = "'!' is only valid in '!='; Python's 'not' negates"
      } else if c == "?" {
        e = error("invalid syntax", at: start)
        e.hint = "'obj?' help works only at the start of a REPL line"
      } else if c.isASCII && c.value > 32 && c.value < 127 {
        e = error("invalid syntax", at: start)
        e.hint = "'\(c)' is not a Python operator"
      } else if c.properties.isWhitespace || c.value < 32 || c.properties.generalCategory == .format
        || c.properties.generalCategory == .control
      {
        e = error("invalid non-printable character \(format4(c.value))", at: start)
      } else {
        e = error("invalid character '\(c)' (\(format4(c.value)))", at: start)
      }
      throw e
    }
    advance()
    switch c {
    case "(", "[", "{":
      brackets.append((c, start))
    case ")", "]", "}":
      guard let (open, at) = brackets.popLast() else {
        throw error("unmatched '\(c)'", at: start)
      }
      let expected: Unicode.Scalar = open == "(" ? ")" : open == "[" ? "]" : "}"
      if c != expected {
        let line = at.line == start.line ? "" : " on line \(at.line)"
        throw error(
          "closing parenthesis '\(c)' does not match opening parenthesis '\(open)'\(line)", at: start)
      }
    default:
      break
    }
    emit(.op(String(c)), from: start)
  }

  func text0(_ n: Int, from start: SourceLocation) -> String {
    let begin = start.offset - baseOffset
    return String(String.UnicodeScalarView(src[begin..<min(begin + n, src.count)]))
  }

  func format4(_ value: UInt32) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }
}

extension String {
  /// `self` with every occurrence of `target` replaced (no Foundation needed).
  func replacingOccurrences(_ target: String, _ replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = self[...]
    while let r = rest.firstScalarRange(of: target) {
      result += rest[..<r.lowerBound]
      result += replacement
      rest = rest[r.upperBound...]
    }
    result += rest
    return result
  }
}

extension Substring {
  /// The first range of `target` in `self`, by Unicode scalars.
  func firstScalarRange(of target: String) -> Range<Substring.Index>? {
    let t = Array(target.unicodeScalars)
    guard let first = t.first else { return nil }
    var i = unicodeScalars.startIndex
    while i < unicodeScalars.endIndex {
      if unicodeScalars[i] == first {
        var j = i
        var k = 0
        while k < t.count, j < unicodeScalars.endIndex, unicodeScalars[j] == t[k] {
          j = unicodeScalars.index(after: j)
          k += 1
        }
        if k == t.count { return i..<j }
      }
      i = unicodeScalars.index(after: i)
    }
    return nil
  }
}
