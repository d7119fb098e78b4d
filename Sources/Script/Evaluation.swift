/// Evaluating expressions.
extension Interpreter {
  /// Evaluates `e`; errors without a location get `e`'s range.
  func eval(_ e: Expr, _ env: Environment) throws -> Value {
    do {
      return try evalKind(e, env)
    } catch {
      throw locate(error, e.range, env)
    }
  }

  func evalKind(_ e: Expr, _ env: Environment) throws -> Value {
    switch e.kind {
    case .name(let name): return try lookup(name, env, range: e.range)
    case .int(let i): return .int(i)
    case .float(let d): return .float(d)
    case .string(let s): return .str(s)
    case .bool(let b): return .bool(b)
    case .none: return .none
    case .ellipsis: return .ellipsis
    case .fstring(let parts): return .str(try renderFString(parts, env))
    case .list(let items): return .list(try evalItems(items, env))
    case .tuple(let items): return .tuple(try evalItems(items, env))
    case .dict(let pairs):
      let dict = DictObject()
      for (k, v) in pairs {
        let key = try eval(k, env)
        let value = try eval(v, env)
        try located(k.range, env) { try dict.set(key, value) }
      }
      return .dict(dict)
    case .listComprehension(let element, let clauses):
      var result: [Value] = []
      try comprehension(clauses, env) { inner in result.append(try self.eval(element, inner)) }
      return .list(result)
    case .generator(let element, let clauses):
      // dnnlab has no lazy generators: the values are computed now and iterated later.
      var result: [Value] = []
      try comprehension(clauses, env) { inner in result.append(try self.eval(element, inner)) }
      var i = 0
      return .iterator(
        IteratorObject(typeName: "generator") {
          guard i < result.count else { return nil }
          defer { i += 1 }
          return result[i]
        })
    case .dictComprehension(let keyExpr, let valueExpr, let clauses):
      let dict = DictObject()
      try comprehension(clauses, env) { inner in
        let key = try self.eval(keyExpr, inner)
        try dict.set(key, try self.eval(valueExpr, inner))
      }
      return .dict(dict)
    case .set(let items):
      return .set(try evalSetDisplay(items, env))
    case .setComprehension(let element, let clauses):
      let result = SetObject()
      try comprehension(clauses, env) { inner in try result.add(try self.eval(element, inner)) }
      return .set(result)
    case .unary(let op, let operand):
      return try Ops.unary(op, try eval(operand, env))
    case .not(let operand):
      return .bool(!(try Ops.truthy(try eval(operand, env))))
    case .binary(let op, let left, let right):
      let a = try eval(left, env)
      let b = try eval(right, env)
      return try Ops.binary(op, a, b)
    case .and(let left, let right):
      let a = try eval(left, env)
      return try Ops.truthy(a) ? try eval(right, env) : a
    case .or(let left, let right):
      let a = try eval(left, env)
      return try Ops.truthy(a) ? a : try eval(right, env)
    case .compare(let first, let rest):
      var left = try eval(first, env)
      for (k, (op, rightExpr)) in rest.enumerated() {
        let right = try eval(rightExpr, env)
        let result = try located(first.range.union(rightExpr.range), env) { try compare(op, left, right) }
        if k == rest.count - 1 { return result }
        if !(try Ops.truthy(result)) { return result }
        left = right
      }
      return .bool(true)
    case .conditional(let condition, let body, let orElse):
      return try Ops.truthy(try eval(condition, env)) ? try eval(body, env) : try eval(orElse, env)
    case .lambda(let parameters, let body):
      let signature = try evaluateSignature("<lambda>", parameters, env)
      return .function(
        FunctionObject(
          name: "<lambda>", signature: signature, definition: nil, lambdaBody: body,
          closure: env.locals == nil ? nil : env, globals: env.globals, file: env.file))
    case .call(let calleeExpr, let argumentExprs):
      let callee = try eval(calleeExpr, env)
      let arguments = try evalArguments(argumentExprs, env)
      return try callValue(callee, arguments, callSite: (e.range, env))
    case .attribute(let objectExpr, let name, _):
      let object = try eval(objectExpr, env)
      return try getAttribute(object, name)
    case .subscript(let containerExpr, let indexExpr):
      let container = try eval(containerExpr, env)
      let index = try eval(indexExpr, env)
      return try Subscripting.get(container, index)
    case .slice(let lower, let upper, let step):
      return .slice(
        SliceValue(
          start: try lower.map { try eval($0, env) } ?? .none,
          stop: try upper.map { try eval($0, env) } ?? .none,
          step: try step.map { try eval($0, env) } ?? .none))
    case .starred:
      throw ScriptError(.syntaxError, "can't use starred expression here")
    }
  }

  /// `{a, b, *c}`. CPython compiles a display of three or more constants into a frozenset
  /// constant that is copied into the new set, which can place colliding elements
  /// differently from adding them one by one; both ways are followed so the order matches.
  func evalSetDisplay(_ items: [Expr], _ env: Environment) throws -> SetObject {
    let result = SetObject()
    if items.count > 2, items.allSatisfy(\.isFoldedConstant) {
      let built = SetObject(frozen: true)
      for item in items { try built.add(try eval(item, env)) }
      // The compiler rebuilds the constant from the first frozenset's elements.
      let constant = SetObject(frozen: true)
      for (key, hash) in built.entries { constant.addEntry(key, hash) }
      try result.merge(constant)
      return result
    }
    for item in items {
      if case .starred(let inner) = item.kind {
        let iterable = try eval(inner, env)
        try located(item.range, env) { try result.update(iterable) }
      } else {
        try result.add(try eval(item, env))
      }
    }
    return result
  }

  /// List/tuple display items, expanding `*iterable`.
  func evalItems(_ items: [Expr], _ env: Environment) throws -> [Value] {
    var values: [Value] = []
    values.reserveCapacity(items.count)
    for item in items {
      if case .starred(let inner) = item.kind {
        let iterable = try eval(inner, env)
        values += try located(item.range, env) { try Iteration.array(iterable) }
      } else {
        values.append(try eval(item, env))
      }
    }
    return values
  }

  func compare(_ op: ComparisonOperator, _ a: Value, _ b: Value) throws -> Value {
    switch op {
    case .binary(let binary): return try Ops.binary(binary, a, b)
    case .contains: return .bool(try Ops.contains(b, a))
    case .notContains: return .bool(!(try Ops.contains(b, a)))
    case .isIdentical: return .bool(Ops.identical(a, b))
    case .isNotIdentical: return .bool(!Ops.identical(a, b))
    }
  }

  /// Runs the clauses of a comprehension in its own scope, calling `body` for each element.
  func comprehension(
    _ clauses: [ComprehensionClause], _ env: Environment, _ body: (Environment) throws -> Void
  ) throws {
    var targetNames = ScopeAnalysis()
    for clause in clauses { targetNames.bindTarget(clause.target) }
    let inner = Environment(
      locals: Scope(), localNames: targetNames.bound, globals: env.globals, enclosing: env,
      file: env.file, functionName: env.functionName)
    func run(_ k: Int) throws {
      guard k < clauses.count else {
        try body(inner)
        return
      }
      let clause = clauses[k]
      // The first iterable is evaluated in the enclosing scope, as in Python.
      let iterable = try eval(clause.iterable, k == 0 ? env : inner)
      let next = try located(clause.iterable.range, env) { try Iteration.iterator(iterable) }
      outer: while let item = try next() {
        try tick()
        try assign(clause.target, item, inner)
        for condition in clause.conditions where !(try Ops.truthy(try eval(condition, inner))) {
          continue outer
        }
        try run(k + 1)
      }
    }
    try run(0)
  }

  func renderFString(_ parts: [FStringPart], _ env: Environment) throws -> String {
    var out = ""
    for part in parts {
      switch part {
      case .literal(let s):
        out += s
      case .field(let expr, let conversion, let specParts, let debugText):
        var value = try eval(expr, env)
        if let debugText { out += debugText }
        switch conversion {
        case "r", "a": value = .str(reprValue(value))
        case "s": value = .str(strValue(value))
        default:
          if debugText != nil && specParts.isEmpty { value = .str(reprValue(value)) }
        }
        let spec = try renderFString(specParts, env)
        out += try located(expr.range, env) { try formatValue(value, spec) }
      }
    }
    return out
  }

  // MARK: - Names

  /// Looks a name up by Python's rules (local, enclosing, global, builtin).
  func lookup(_ name: String, _ env: Environment, range: SourceRange) throws -> Value {
    if let locals = env.locals {
      if env.localNames.contains(name) {
        if let v = locals.vars[name] { return v }
        throw ScriptError(
          .unboundLocalError,
          "cannot access local variable '\(name)' where it is not associated with a value",
          hint:
            "assigning to '\(name)' anywhere in the function makes it local; declare 'global \(name)' to use the global one"
        )
      }
      if !env.declaredGlobals.contains(name) {
        var scope = env.enclosing
        while let s = scope {
          if let v = s.locals?.vars[name] { return v }
          scope = s.enclosing
        }
      }
    }
    if let v = env.globals.vars[name] { return v }
    if let v = builtins[name] { return v }
    var message = "name '\(name)' is not defined"
    if let best = closestName(to: name, among: visibleNames(env)) { message += ". Did you mean: '\(best)'?" }
    var hint: String?
    if ["np", "tf", "plt", "keras", "layers", "models", "pd"].contains(name) {
      hint = "did you forget to run the cell with the imports?"
    }
    throw ScriptError(.nameError, message, hint: hint)
  }

  /// Names visible from `env` (for suggestions).
  func visibleNames(_ env: Environment) -> [String] {
    var names = Set(env.globals.vars.keys).union(builtins.keys)
    var scope: Environment? = env
    while let s = scope {
      if let locals = s.locals { names.formUnion(locals.vars.keys) }
      scope = s.enclosing
    }
    return names.sorted()
  }

  /// Binds `name` in the right scope (honoring `global` and `nonlocal`).
  func bind(_ name: String, _ value: Value, _ env: Environment) throws {
    guard let locals = env.locals, !env.declaredGlobals.contains(name) else {
      env.globals.vars[name] = value
      return
    }
    if env.declaredNonlocals.contains(name) {
      var scope = env.enclosing
      while let s = scope {
        if let l = s.locals, s.localNames.contains(name) {
          l.vars[name] = value
          return
        }
        scope = s.enclosing
      }
      throw ScriptError(.syntaxError, "no binding for nonlocal '\(name)' found")
    }
    locals.vars[name] = value
  }
}

extension Expr {
  /// Whether CPython's compiler folds this expression into a constant: literals, unary and
  /// arithmetic operators on numeric constants, `not`, and tuples of constants.
  var isFoldedConstant: Bool {
    switch kind {
    case .int, .float, .string, .bool, .none, .ellipsis: return true
    case .unary(_, let operand), .not(let operand): return operand.isFoldedConstant
    case .binary(_, let a, let b): return a.isFoldedConstant && b.isFoldedConstant
    case .tuple(let items): return items.allSatisfy(\.isFoldedConstant)
    default: return false
    }
  }
}
