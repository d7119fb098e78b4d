/// Statements and blocks.
extension Parser {
  /// Parses statements until end of input.
  public mutating func parseModule() throws -> [Stmt] {
    var body: [Stmt] = []
    while true {
      switch current.kind {
      case .endOfInput: return body
      case .newline: advance()
      case .indent: throw error("unexpected indent")
      case .dedent: advance()
      default: body += try parseStatement()
      }
    }
  }

  /// One line's worth of statements (a compound statement or `;`-separated simple ones).
  mutating func parseStatement() throws -> [Stmt] {
    if case .keyword(let k) = current.kind {
      switch k {
      case "if": return [try parseIf()]
      case "for": return [try parseFor()]
      case "while": return [try parseWhile()]
      case "def": return [try parseDef()]
      case "class": throw error("'class' is not supported: dnnlab scripts have no classes")
      case "try", "except", "finally":
        throw error("'\(k)' is not supported: dnnlab scripts have no exception handling")
      case "with": return [try parseWith()]
      case "raise": throw error("'raise' is not supported: dnnlab scripts have no exception classes")
      case "yield": throw error("'yield' is not supported: dnnlab scripts have no generators")
      case "async", "await": throw error("'\(k)' is not supported")
      case "elif", "else":
        throw error("invalid syntax: '\(k)' without a matching 'if' (check the indentation)")
      default: break
      }
    }
    if isOp("@") { throw error("decorators are not supported") }
    return try parseSimpleStatements()
  }

  /// `stmt; stmt; …` up to the end of the line.
  mutating func parseSimpleStatements() throws -> [Stmt] {
    var statements: [Stmt] = []
    while true {
      var stmt = try parseSimpleStatement()
      if accept(";") {
        if case .expression(let e, _) = stmt.kind { stmt.kind = .expression(e, suppressed: true) }
        statements.append(stmt)
        if current.kind == .newline || current.kind == .endOfInput { break }
        continue
      }
      statements.append(stmt)
      break
    }
    switch current.kind {
    case .newline: advance()
    case .endOfInput, .dedent: break
    default:
      if case .op("=") = current.kind {
        throw error("invalid syntax: cannot assign here. Maybe you meant '==' instead of '='?")
      }
      // Python 2's `print x`: CPython names the fix.
      if statements.count == 1, case .expression(let e, _) = statements[0].kind, case .name("print") = e.kind,
        current.kind != .indent
      {
        throw error(
          "Missing parentheses in call to 'print'. Did you mean print(...)?",
          range: SourceRange(start: e.range.start, end: current.range.end))
      }
      throw error(
        "invalid syntax: unexpected \(current.displayName) (statements on one line are separated by ';')")
    }
    return statements
  }

  mutating func parseSimpleStatement() throws -> Stmt {
    let start = current.range
    if case .keyword(let k) = current.kind {
      switch k {
      case "pass":
        advance()
        return Stmt(.pass, start)
      case "break", "continue":
        if loopDepth == 0 { throw error("'\(k)' outside loop") }
        advance()
        return Stmt(k == "break" ? .breakLoop : .continueLoop, start)
      case "return":
        if functionDepth == 0 { throw error("'return' outside function") }
        advance()
        if atStatementEnd { return Stmt(.returnValue(nil), start) }
        let value = try parseExpressionList()
        return Stmt(.returnValue(value), range(from: start))
      case "del":
        advance()
        var targets: [Expr] = []
        repeat {
          if atStatementEnd { break }
          let target = try parseBitOr()
          try checkTarget(target, verb: "delete")
          targets.append(target)
        } while accept(",")
        if targets.isEmpty { throw error("expected a name after 'del'") }
        return Stmt(.delete(targets), range(from: start))
      case "global", "nonlocal":
        advance()
        var names: [String] = []
        repeat { names.append(try expectName("expected a name after '\(k)'").0) } while accept(",")
        return Stmt(k == "global" ? .global(names) : .nonlocal(names), range(from: start))
      case "import": return try parseImport()
      case "from": return try parseFromImport()
      case "assert":
        advance()
        let test = try parseExpression()
        let message = accept(",") ? try parseExpression() : nil
        return Stmt(.assert(test, message: message), range(from: start))
      default: break
      }
    }
    let first = try parseExpressionList(allowStarred: true)
    if accept(":") {
      let annotation = try parseExpression()
      var value: Expr?
      if accept("=") { value = try parseExpressionList() }
      try checkTarget(first, verb: "assign to")
      return Stmt(.annotatedAssign(target: first, annotation: annotation, value: value), range(from: start))
    }
    if case .op(let op) = current.kind, op.count >= 2, op.hasSuffix("="),
      !["==", "<=", ">=", "!="].contains(op)
    {
      guard let binary = BinaryOperator(rawValue: String(op.dropLast())) else {
        throw error("invalid syntax: unexpected '\(op)'")
      }
      switch first.kind {
      case .name, .attribute, .subscript: break
      default:
        throw error(
          "'\(describe(first))' is an illegal expression for augmented assignment", range: first.range)
      }
      advance()
      let value = try parseExpressionList()
      return Stmt(.augmentedAssign(target: first, op: binary, value: value), range(from: start))
    }
    guard isOp("=") else { return Stmt(.expression(first, suppressed: false), first.range) }
    var targets = [first]
    var value = first
    while accept("=") {
      value = try parseExpressionList(allowStarred: true)
      targets.append(value)
    }
    targets.removeLast()
    // `f() = 3`, `1 = x`: one invalid target on its own is probably a comparison typed with
    // `=`, and CPython says so.
    if targets.count == 1, !Parser.isAssignableShape(first) {
      throw error(
        "cannot assign to \(describe(first)) here. Maybe you meant '==' instead of '='?", range: first.range)
    }
    for t in targets { try checkTarget(t, verb: "assign to") }
    return Stmt(.assign(targets: targets, value: value), range(from: start))
  }

  var atStatementEnd: Bool {
    switch current.kind {
    case .newline, .endOfInput, .dedent, .op(";"): return true
    default: return false
    }
  }

  /// Throws unless `e` can be assigned to (or deleted).
  func checkTarget(_ e: Expr, verb: String) throws {
    switch e.kind {
    case .name, .attribute, .subscript: return
    case .tuple(let items), .list(let items):
      for item in items { try checkTarget(item, verb: verb) }
    case .starred(let inner):
      if verb == "delete" { throw error("cannot delete starred", range: e.range) }
      try checkTarget(inner, verb: verb)
    default:
      throw error("cannot \(verb) \(describe(e))", range: e.range)
    }
  }

  /// Whether `e` has the shape of an assignment target (its items are checked separately).
  static func isAssignableShape(_ e: Expr) -> Bool {
    switch e.kind {
    case .name, .attribute, .subscript, .tuple, .list, .starred: return true
    default: return false
    }
  }

  /// A short noun for an expression in error messages, like CPython's ("literal", "function call").
  func describe(_ e: Expr) -> String {
    switch e.kind {
    case .int, .float, .string, .bool, .none, .ellipsis, .fstring: return "literal"
    case .call: return "function call"
    case .binary, .unary, .not: return "expression"
    case .and, .or: return "expression"
    case .compare: return "comparison"
    case .conditional: return "conditional expression"
    case .lambda: return "lambda"
    case .listComprehension: return "list comprehension"
    case .dictComprehension: return "dict comprehension"
    case .generator: return "generator expression"
    case .dict: return "dict literal"
    case .set: return "set display"
    case .setComprehension: return "set comprehension"
    case .tuple: return "tuple"
    case .list: return "list"
    default: return "expression"
    }
  }

  // MARK: - Imports

  mutating func parseDottedName() throws -> (String, SourceRange) {
    let (first, firstRange) = try expectName("expected a module name")
    var name = first
    var r = firstRange
    while accept(".") {
      let (part, partRange) = try expectName("expected a name after '.' in module name")
      name += "." + part
      r = r.union(partRange)
    }
    return (name, r)
  }

  mutating func parseImport() throws -> Stmt {
    let start = current.range
    advance()
    var names: [ImportName] = []
    repeat {
      let (name, r) = try parseDottedName()
      var alias: String?
      if acceptKeyword("as") { alias = try expectName("expected a name after 'as'").0 }
      names.append(ImportName(name: name, alias: alias, range: range(from: r)))
    } while accept(",")
    return Stmt(.importModules(names), range(from: start))
  }

  mutating func parseFromImport() throws -> Stmt {
    let start = current.range
    advance()
    if isOp(".") || isOp("...") { throw error("relative imports are not supported") }
    let (module, moduleRange) = try parseDottedName()
    guard acceptKeyword("import") else { throw error("expected 'import' after 'from \(module)'") }
    if isOp("*") {
      throw error("'from \(module) import *' is not supported: import the names you need")
    }
    let parenthesized = accept("(")
    var names: [ImportName] = []
    repeat {
      if parenthesized && isOp(")") { break }
      let (name, r) = try expectName("expected a name to import")
      var alias: String?
      if acceptKeyword("as") { alias = try expectName("expected a name after 'as'").0 }
      names.append(ImportName(name: name, alias: alias, range: range(from: r)))
    } while accept(",")
    if parenthesized { try expect(")", "expected ')' to close the import list") }
    if names.isEmpty { throw error("expected a name to import") }
    if module == "__future__" { return Stmt(.futureImport, range(from: start)) }
    return Stmt(.importFrom(module: module, names: names, moduleRange: moduleRange), range(from: start))
  }

  // MARK: - Compound statements

  /// Parses `: block` after a compound statement's header. `what` names the header in errors;
  /// a missing colon is CPython's "expected ':'", with `colonHint` saying which line needs it.
  mutating func parseBlock(after what: String, colonHint: String, headerLine: Int) throws -> [Stmt] {
    if !isOp(":") {
      if isOp("=") {
        throw error("invalid syntax. Maybe you meant '==' instead of '='?")
      }
      var e = error("expected ':'")
      e.hint = colonHint
      throw e
    }
    advance()
    try enter()
    defer { leave() }
    if current.kind != .newline {
      if current.kind == .endOfInput {
        throw error("expected an indented block after \(what) on line \(headerLine)")
      }
      return try parseSimpleStatements()
    }
    advance()
    guard current.kind == .indent else {
      throw ScriptError(
        .indentationError, "expected an indented block after \(what) on line \(headerLine)",
        range: error("", at: current).range)
    }
    advance()
    var body: [Stmt] = []
    while true {
      switch current.kind {
      case .dedent:
        advance()
        return body
      case .endOfInput:
        return body
      case .newline:
        advance()
      case .indent:
        throw error("unexpected indent")
      default:
        body += try parseStatement()
      }
    }
  }

  mutating func parseIf() throws -> Stmt {
    let start = current.range
    let keyword = isKeyword("elif") ? "elif" : "if"
    advance()
    let condition = try parseExpression()
    let body = try parseBlock(
      after: "'\(keyword)' statement", colonHint: "the '\(keyword)' condition ends with ':'",
      headerLine: start.start.line)
    var orElse: [Stmt] = []
    if isKeyword("elif") {
      orElse = [try parseIf()]
    } else if isKeyword("else") {
      let elseToken = current
      advance()
      orElse = try parseBlock(
        after: "'else' statement", colonHint: "'else' is followed by ':'",
        headerLine: elseToken.range.start.line)
    }
    return Stmt(.ifElse(condition: condition, body: body, orElse: orElse), range(from: start))
  }

  mutating func parseLoopBody(after what: String, colonHint: String, headerLine: Int) throws -> [Stmt] {
    loopDepth += 1
    defer { loopDepth -= 1 }
    return try parseBlock(after: what, colonHint: colonHint, headerLine: headerLine)
  }

  mutating func parseLoopElse() throws -> [Stmt] {
    guard isKeyword("else") else { return [] }
    let elseToken = current
    advance()
    return try parseBlock(
      after: "'else' statement", colonHint: "'else' is followed by ':'",
      headerLine: elseToken.range.start.line)
  }

  mutating func parseFor() throws -> Stmt {
    let start = current.range
    advance()
    let target = try parseTargetList()
    try checkTarget(target, verb: "assign to")
    guard acceptKeyword("in") else {
      throw error("invalid syntax: expected 'in' after the 'for' loop variable")
    }
    let iterable = try parseExpressionList(allowStarred: true)
    let body = try parseLoopBody(
      after: "'for' statement", colonHint: "the 'for' clause ends with ':'",
      headerLine: start.start.line)
    let orElse = try parseLoopElse()
    return Stmt(.forLoop(target: target, iterable: iterable, body: body, orElse: orElse), range(from: start))
  }

  mutating func parseWhile() throws -> Stmt {
    let start = current.range
    advance()
    let condition = try parseExpression()
    let body = try parseLoopBody(
      after: "'while' statement", colonHint: "the 'while' condition ends with ':'",
      headerLine: start.start.line)
    let orElse = try parseLoopElse()
    return Stmt(.whileLoop(condition: condition, body: body, orElse: orElse), range(from: start))
  }

  /// `with a as x, b as (y, z): body`, with optional parentheses around the items.
  mutating func parseWith() throws -> Stmt {
    let start = current.range
    advance()
    var items: [WithItem] = []
    repeat {
      let context = try parseExpression()
      var target: Expr?
      if acceptKeyword("as") {
        let t = try parseListItem(allowStarred: false, targetOnly: true)
        try checkTarget(t, verb: "assign to")
        target = t
      }
      items.append(WithItem(context: context, target: target))
    } while accept(",")
    let body = try parseBlock(
      after: "'with' statement", colonHint: "the 'with' line ends with ':'", headerLine: start.start.line)
    return Stmt(.with(items: items, body: body), range(from: start))
  }

  mutating func parseDef() throws -> Stmt {
    let start = current.range
    advance()
    let (name, _) = try expectName("expected a function name after 'def'")
    try expect("(", "expected '(' after the function name '\(name)'")
    let parameters = try parseParameters(closing: ")", allowAnnotations: true)
    try expect(")", "expected ')' to close the parameter list of '\(name)'")
    if accept("->") { _ = try parseExpression() }
    let savedLoops = loopDepth
    loopDepth = 0
    functionDepth += 1
    defer {
      functionDepth -= 1
      loopDepth = savedLoops
    }
    let body = try parseBlock(
      after: "function definition", colonHint: "the function signature ends with ':'",
      headerLine: start.start.line)
    let def = FunctionDefinition(name: name, parameters: parameters, body: body)
    return Stmt(.functionDef(def), range(from: start))
  }

  /// Parameters of a `def` (up to `)`) or a `lambda` (up to `:`).
  mutating func parseParameters(closing: String, allowAnnotations: Bool) throws -> ParameterList {
    var list = ParameterList()
    var seenDefault = false
    var keywordOnly = false
    var names: Set<String> = []
    func checkDuplicate(_ name: String, _ r: SourceRange, _ parser: Parser) throws {
      if names.contains(name) {
        throw parser.error("duplicate argument '\(name)' in function definition", range: r)
      }
      names.insert(name)
    }
    while !isOp(closing) {
      if accept("**") {
        let (name, r) = try expectName("expected a parameter name after '**'")
        try checkDuplicate(name, r, self)
        if allowAnnotations && accept(":") { _ = try parseExpression() }
        list.varKeyword = name
        _ = accept(",")
        if !isOp(closing) { throw error("arguments cannot follow var-keyword argument") }
        break
      }
      if accept("*") {
        if keywordOnly { throw error("* argument may appear only once") }
        keywordOnly = true
        if case .name(let name) = current.kind {
          try checkDuplicate(name, current.range, self)
          advance()
          if allowAnnotations && accept(":") { _ = try parseExpression() }
          list.varPositional = name
        }
      } else if accept("/") {
        // Positional-only marker: accepted, treated as ordinary parameters.
      } else {
        let (name, r) = try expectName("expected a parameter name")
        try checkDuplicate(name, r, self)
        if allowAnnotations && accept(":") { _ = try parseExpression() }
        var defaultValue: Expr?
        if accept("=") {
          defaultValue = try parseExpression()
          seenDefault = true
        } else if seenDefault && !keywordOnly {
          throw error("parameter without a default follows parameter with a default", range: r)
        }
        let parameter = ParameterList.Parameter(name: name, defaultValue: defaultValue, range: r)
        if keywordOnly { list.keywordOnly.append(parameter) } else { list.positional.append(parameter) }
      }
      if !accept(",") { break }
    }
    return list
  }
}
