/// Expressions, by increasing precedence.
extension Parser {
  /// `expr, expr, …` (a tuple when there is a comma) — the right side of `=`, `return`, etc.
  mutating func parseExpressionList(allowStarred: Bool = false) throws -> Expr {
    let first = try parseListItem(allowStarred: allowStarred)
    guard isOp(",") else { return first }
    var items = [first]
    while accept(",") {
      if !startsExpression { break }
      items.append(try parseListItem(allowStarred: allowStarred))
    }
    return Expr(.tuple(items), first.range.union(previous.range))
  }

  /// A `for` loop target: `a`, `a, b`, `(a, b), c` — stops before `in`.
  mutating func parseTargetList() throws -> Expr {
    let first = try parseListItem(allowStarred: true, targetOnly: true)
    guard isOp(",") else { return first }
    var items = [first]
    while accept(",") {
      if isKeyword("in") { break }
      items.append(try parseListItem(allowStarred: true, targetOnly: true))
    }
    return Expr(.tuple(items), first.range.union(previous.range))
  }

  mutating func parseListItem(allowStarred: Bool, targetOnly: Bool = false) throws -> Expr {
    if isOp("*") {
      let star = current.range
      advance()
      let inner = try parseBitOr()
      return Expr(.starred(inner), star.union(inner.range))
    }
    return targetOnly ? try parseBitOr() : try parseExpression()
  }

  /// Whether the current token can begin an expression (used after trailing commas).
  var startsExpression: Bool {
    switch current.kind {
    case .name, .int, .float, .string, .fstring: return true
    case .keyword(let k): return ["None", "True", "False", "not", "lambda"].contains(k)
    case .op(let o): return ["(", "[", "{", "-", "+", "~", "*", "..."].contains(o)
    default: return false
    }
  }

  /// A full expression: `lambda`, or a conditional expression.
  mutating func parseExpression() throws -> Expr {
    try enter()
    defer { leave() }
    if isKeyword("lambda") { return try parseLambda() }
    let body = try parseOr()
    guard acceptKeyword("if") else { return body }
    let condition = try parseOr()
    guard acceptKeyword("else") else {
      throw error("expected 'else' after 'if' expression")
    }
    let orElse = try parseExpression()
    return Expr(.conditional(condition: condition, body: body, orElse: orElse), body.range.union(orElse.range))
  }

  /// An expression without a conditional or lambda (comprehension conditions use these).
  mutating func parseOr() throws -> Expr {
    var left = try parseAnd()
    var count = 0
    while acceptKeyword("or") {
      count += 1
      if count > Parser.maxChain { throw error("expression too long") }
      let right = try parseAnd()
      left = Expr(.or(left, right), left.range.union(right.range))
    }
    return left
  }

  mutating func parseAnd() throws -> Expr {
    var left = try parseNot()
    var count = 0
    while acceptKeyword("and") {
      count += 1
      if count > Parser.maxChain { throw error("expression too long") }
      let right = try parseNot()
      left = Expr(.and(left, right), left.range.union(right.range))
    }
    return left
  }

  mutating func parseNot() throws -> Expr {
    guard isKeyword("not") else { return try parseComparison() }
    let start = current.range
    advance()
    try enter()
    defer { leave() }
    let operand = try parseNot()
    return Expr(.not(operand), start.union(operand.range))
  }

  mutating func parseComparison() throws -> Expr {
    let first = try parseBitOr()
    var rest: [(ComparisonOperator, Expr)] = []
    while true {
      var op: ComparisonOperator
      switch current.kind {
      case .op("=="): op = .binary(.equal)
      case .op("!="): op = .binary(.notEqual)
      case .op("<"): op = .binary(.less)
      case .op("<="): op = .binary(.lessEqual)
      case .op(">"): op = .binary(.greater)
      case .op(">="): op = .binary(.greaterEqual)
      case .keyword("in"): op = .contains
      case .keyword("is"):
        op = .isIdentical
        if peekKind() == .keyword("not") {
          advance()
          op = .isNotIdentical
        }
      case .keyword("not"):
        guard peekKind() == .keyword("in") else { throw error("invalid syntax: 'not' here must be 'not in'") }
        advance()
        op = .notContains
      default:
        op = .binary(.equal)
        if rest.isEmpty { return first }
        let last = rest[rest.count - 1].1
        return Expr(.compare(first, rest), first.range.union(last.range))
      }
      advance()
      if rest.count > Parser.maxChain { throw error("expression too long") }
      rest.append((op, try parseBitOr()))
    }
  }

  /// Left-associative binary levels, loosest first.
  static let binaryLevels: [[String: BinaryOperator]] = [
    ["|": .bitOr], ["^": .bitXor], ["&": .bitAnd], ["<<": .leftShift, ">>": .rightShift],
    ["+": .add, "-": .subtract],
    ["*": .multiply, "/": .divide, "//": .floorDivide, "%": .modulo, "@": .matrixMultiply],
  ]

  mutating func parseBitOr() throws -> Expr { try parseBinary(level: 0) }

  mutating func parseBinary(level: Int) throws -> Expr {
    guard level < Parser.binaryLevels.count else { return try parseFactor() }
    var left = try parseBinary(level: level + 1)
    var count = 0
    while case .op(let o) = current.kind, let op = Parser.binaryLevels[level][o] {
      advance()
      count += 1
      if count > Parser.maxChain { throw error("expression too long") }
      let right = try parseBinary(level: level + 1)
      left = Expr(.binary(op, left, right), left.range.union(right.range))
    }
    return left
  }

  /// Unary `-x`, `+x`, `~x`.
  mutating func parseFactor() throws -> Expr {
    let op: UnaryOperator
    switch current.kind {
    case .op("-"): op = .negate
    case .op("+"): op = .plus
    case .op("~"): op = .invert
    default: return try parsePower()
    }
    let start = current.range
    advance()
    try enter()
    defer { leave() }
    let operand = try parseFactor()
    // Fold `-1` into a literal so that `-9223372036854775808`-style constants and reprs behave.
    if op == .negate, case .float(let v) = operand.kind {
      return Expr(.float(-v), start.union(operand.range))
    }
    return Expr(.unary(op, operand), start.union(operand.range))
  }

  /// `primary ** factor` (right-associative, binds tighter than unary minus on its left).
  mutating func parsePower() throws -> Expr {
    let base = try parsePrimary()
    guard accept("**") else { return base }
    try enter()
    defer { leave() }
    let exponent = try parseFactor()
    return Expr(.binary(.power, base, exponent), base.range.union(exponent.range))
  }

  /// An atom followed by calls, attributes and subscripts.
  mutating func parsePrimary() throws -> Expr {
    var e = try parseAtom()
    while true {
      if isOp("(") {
        let open = current
        advance()
        let args = try parseArguments(open: open)
        e = Expr(.call(e, args), e.range.union(previous.range))
      } else if isOp("[") {
        advance()
        let index = try parseSubscript()
        try expect("]", "expected ']' to close the subscript")
        e = Expr(.subscript(e, index), e.range.union(previous.range))
      } else if isOp(".") {
        advance()
        let (name, r) = try expectName("expected an attribute name after '.'")
        e = Expr(.attribute(e, name, nameRange: r), e.range.union(r))
      } else {
        return e
      }
    }
  }

  /// Call arguments after `(`, through `)`.
  mutating func parseArguments(open: Token) throws -> [Argument] {
    var args: [Argument] = []
    var seenKeyword = false
    var keywords: Set<String> = []
    while !isOp(")") {
      if accept("**") {
        args.append(.doubleStar(try parseExpression()))
        seenKeyword = true
      } else if accept("*") {
        args.append(.star(try parseExpression()))
      } else if case .name(let name) = current.kind, peekKind() == .op("=") {
        let nameToken = current
        advance()
        advance()
        if keywords.contains(name) {
          throw error("keyword argument repeated: \(name)", at: nameToken)
        }
        keywords.insert(name)
        args.append(.keyword(name, try parseExpression()))
        seenKeyword = true
      } else {
        let value = try parseExpression()
        if isKeyword("for") {
          let clauses = try parseComprehensionClauses()
          let gen = Expr(.generator(value, clauses), value.range.union(previous.range))
          args.append(.positional(gen))
          if !isOp(")") { throw error("Generator expression must be parenthesized", range: gen.range) }
          break
        }
        if isOp("=") {
          throw error("expression cannot contain assignment, perhaps you meant \"==\"?")
        }
        if seenKeyword {
          throw error("positional argument follows keyword argument", range: value.range)
        }
        args.append(.positional(value))
      }
      if !accept(",") { break }
    }
    guard isOp(")") else {
      if current.kind == .endOfInput {
        throw error("'(' was never closed", at: open)
      }
      throw missingComma(after: args.last?.expression, close: ")")
    }
    advance()
    return args
  }

  /// The inside of `x[…]`: an expression, a slice, or a tuple of them.
  mutating func parseSubscript() throws -> Expr {
    let first = try parseSliceItem()
    guard isOp(",") else { return first }
    var items = [first]
    while accept(",") {
      if isOp("]") { break }
      items.append(try parseSliceItem())
    }
    return Expr(.tuple(items), first.range.union(previous.range))
  }

  mutating func parseSliceItem() throws -> Expr {
    let start = current.range
    var lower: Expr?
    if !isOp(":") {
      if isOp("*") { return try parseListItem(allowStarred: true) }
      lower = try parseExpression()
      guard isOp(":") else { return lower ?? Expr(.none, start) }
    }
    advance()
    var upper: Expr?
    var step: Expr?
    if !isOp(":") && !isOp("]") && !isOp(",") { upper = try parseExpression() }
    if accept(":") {
      if !isOp("]") && !isOp(",") { step = try parseExpression() }
    }
    return Expr(.slice(lower, upper, step), range(from: start))
  }

  mutating func parseLambda() throws -> Expr {
    let start = current.range
    advance()
    let parameters = try parseParameters(closing: ":", allowAnnotations: false)
    try expect(":", "expected ':' after lambda parameters")
    functionDepth += 1
    defer { functionDepth -= 1 }
    let body = try parseExpression()
    return Expr(.lambda(parameters, body), start.union(body.range))
  }

  /// `for target in iterable [if cond]… [for …]…`
  mutating func parseComprehensionClauses() throws -> [ComprehensionClause] {
    var clauses: [ComprehensionClause] = []
    while acceptKeyword("for") {
      let target = try parseTargetList()
      try checkTarget(target, verb: "assign to")
      guard acceptKeyword("in") else { throw error("expected 'in' in comprehension") }
      let iterable = try parseOr()
      var conditions: [Expr] = []
      while acceptKeyword("if") { conditions.append(try parseOr()) }
      clauses.append(ComprehensionClause(target: target, iterable: iterable, conditions: conditions))
    }
    return clauses
  }
}
