/// Atoms: names, literals, displays, comprehensions, f-strings.
extension Parser {
  mutating func parseAtom() throws -> Expr {
    let token = current
    switch token.kind {
    case .name(let n):
      advance()
      return Expr(.name(n), token.range)
    case .int(let v):
      advance()
      return Expr(.int(v), token.range)
    case .float(let v):
      advance()
      return Expr(.float(v), token.range)
    case .string, .fstring:
      return try parseStrings()
    case .keyword("True"):
      advance()
      return Expr(.bool(true), token.range)
    case .keyword("False"):
      advance()
      return Expr(.bool(false), token.range)
    case .keyword("None"):
      advance()
      return Expr(.none, token.range)
    case .op("..."):
      advance()
      return Expr(.ellipsis, token.range)
    case .op("("):
      return try parseParenthesized()
    case .op("["):
      return try parseListDisplay()
    case .op("{"):
      return try parseBraceDisplay()
    case .keyword("lambda"):
      return try parseLambda()
    case .keyword("yield"), .keyword("await"):
      throw error("'\(token.kind == .keyword("yield") ? "yield" : "await")' is not supported")
    case .keyword(let k):
      throw error("invalid syntax: '\(k)' is a reserved word and cannot start an expression")
    case .newline, .endOfInput:
      throw error("invalid syntax: expected an expression")
    case .indent:
      throw error("unexpected indent")
    case .dedent:
      throw error("invalid syntax: expected an expression")
    case .op(let o):
      if o == ")" || o == "]" || o == "}" { throw error("unmatched '\(o)'") }
      throw error("invalid syntax: expected an expression before '\(o)'")
    }
  }

  /// Adjacent string literals concatenate; any f-string makes the whole an f-string.
  mutating func parseStrings() throws -> Expr {
    let start = current.range
    var parts: [FStringPart] = []
    var plain = ""
    var isFString = false
    func flush() {
      if !plain.isEmpty { parts.append(.literal(plain)) }
      plain = ""
    }
    loop: while true {
      switch current.kind {
      case .string(let s):
        plain += s
      case .fstring(let segments):
        isFString = true
        for segment in segments {
          switch segment {
          case .literal(let s): plain += s
          case .field:
            flush()
            parts.append(try parseFStringSegment(segment))
          }
        }
      default:
        break loop
      }
      advance()
    }
    let r = range(from: start)
    if !isFString { return Expr(.string(plain), r) }
    flush()
    return Expr(.fstring(parts), r)
  }

  mutating func parseFStringSegment(_ segment: FStringSegment) throws -> FStringPart {
    switch segment {
    case .literal(let s):
      return .literal(s)
    case .field(let field):
      try enter()
      defer { leave() }
      var lexer = Lexer(field.expression, start: field.start, embedded: true)
      var sub = Parser(tokens: try lexer.tokenize())
      sub.nesting = nesting
      sub.functionDepth = functionDepth
      let expr = try sub.parseExpressionList(allowStarred: false)
      guard sub.current.kind == .endOfInput else {
        throw sub.error("f-string: invalid syntax (unexpected \(sub.current.displayName))")
      }
      var spec: [FStringPart] = []
      for s in field.spec { spec.append(try parseFStringSegment(s)) }
      return .field(expr, conversion: field.conversion, spec: spec, debugText: field.debugText)
    }
  }

  /// `( … )`: empty tuple, parenthesized expression, tuple, or generator expression.
  mutating func parseParenthesized() throws -> Expr {
    let open = current
    advance()
    try enter()
    defer { leave() }
    if accept(")") { return Expr(.tuple([]), range(from: open.range)) }
    let first = try parseListItem(allowStarred: true)
    if isKeyword("for") {
      let clauses = try parseComprehensionClauses()
      try closeBracket(")", open: open)
      return Expr(.generator(first, clauses), range(from: open.range))
    }
    if accept(")") {
      if case .starred = first.kind { throw error("cannot use starred expression here", range: first.range) }
      // Keep the inner range: carets point at the expression, as CPython does.
      return first
    }
    var items = [first]
    while accept(",") {
      if isOp(")") { break }
      items.append(try parseListItem(allowStarred: true))
    }
    try closeBracket(")", open: open, last: items.last)
    return Expr(.tuple(items), range(from: open.range))
  }

  /// Consumes `close`; `last` is the item before it, for the missing-comma message.
  mutating func closeBracket(_ close: String, open: Token, last: Expr? = nil) throws {
    guard accept(close) else {
      if current.kind == .endOfInput {
        throw error("'\(open.displayName.dropFirst().dropLast())' was never closed", at: open)
      }
      throw missingComma(after: last, close: close)
    }
  }

  mutating func parseListDisplay() throws -> Expr {
    let open = current
    advance()
    try enter()
    defer { leave() }
    if accept("]") { return Expr(.list([]), range(from: open.range)) }
    let first = try parseListItem(allowStarred: true)
    if isKeyword("for") {
      let clauses = try parseComprehensionClauses()
      try closeBracket("]", open: open)
      return Expr(.listComprehension(first, clauses), range(from: open.range))
    }
    var items = [first]
    while accept(",") {
      if isOp("]") { break }
      items.append(try parseListItem(allowStarred: true))
    }
    try closeBracket("]", open: open, last: items.last)
    return Expr(.list(items), range(from: open.range))
  }

  /// `{…}`: `{}` (a dict), a dict display or comprehension, or a set display or comprehension.
  mutating func parseBraceDisplay() throws -> Expr {
    let open = current
    advance()
    try enter()
    defer { leave() }
    if accept("}") { return Expr(.dict([]), range(from: open.range)) }
    if isOp("**") { throw error("'**' unpacking in dict displays is not supported; use d.update(other)") }
    let firstKey = try parseListItem(allowStarred: true)
    guard accept(":") else { return try parseSetDisplay(open: open, first: firstKey) }
    if case .starred = firstKey.kind {
      throw error("cannot use a starred expression in a dictionary key", range: firstKey.range)
    }
    let firstValue = try parseExpression()
    if isKeyword("for") {
      let clauses = try parseComprehensionClauses()
      try closeBracket("}", open: open)
      return Expr(.dictComprehension(key: firstKey, value: firstValue, clauses), range(from: open.range))
    }
    var pairs = [(key: firstKey, value: firstValue)]
    while accept(",") {
      if isOp("}") { break }
      let key = try parseExpression()
      // CPython's wording, pointing at the key.
      guard accept(":") else { throw error("':' expected after dictionary key", range: key.range) }
      pairs.append((key: key, value: try parseExpression()))
    }
    try closeBracket("}", open: open, last: pairs.last?.value)
    return Expr(.dict(pairs), range(from: open.range))
  }

  /// The rest of `{first, …}` or `{first for …}` after its first element.
  mutating func parseSetDisplay(open: Token, first: Expr) throws -> Expr {
    if isKeyword("for") {
      if case .starred = first.kind {
        throw error("iterable unpacking cannot be used in comprehension", range: first.range)
      }
      let clauses = try parseComprehensionClauses()
      try closeBracket("}", open: open)
      return Expr(.setComprehension(first, clauses), range(from: open.range))
    }
    var items = [first]
    while accept(",") {
      if isOp("}") { break }
      items.append(try parseListItem(allowStarred: true))
    }
    try closeBracket("}", open: open, last: items.last)
    return Expr(.set(items), range(from: open.range))
  }
}
