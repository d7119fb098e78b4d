/// Executing statements.
enum Flow {
  case normal
  case breakLoop
  case continueLoop
  case returned(Value)
}

extension Interpreter {
  func execBlock(_ body: [Stmt], _ env: Environment) throws -> Flow {
    for stmt in body {
      let flow = try exec(stmt, env)
      if case .normal = flow { continue }
      return flow
    }
    return .normal
  }

  /// Executes one statement; errors without a location get the statement's range.
  func exec(_ stmt: Stmt, _ env: Environment) throws -> Flow {
    do {
      return try execKind(stmt, env)
    } catch {
      throw locate(error, stmt.range, env)
    }
  }

  func execKind(_ stmt: Stmt, _ env: Environment) throws -> Flow {
    switch stmt.kind {
    case .expression(let e, _):
      _ = try eval(e, env)
    case .assign(let targets, let valueExpr):
      let value = try eval(valueExpr, env)
      for target in targets { try assign(target, value, env) }
    case .augmentedAssign(let target, let op, let valueExpr):
      try augmentedAssign(target, op, valueExpr, env)
    case .annotatedAssign(let target, _, let valueExpr):
      if let valueExpr { try assign(target, try eval(valueExpr, env), env) }
    case .importModules(let names):
      for name in names { try importModule(name, env) }
    case .importFrom(let module, let names, let moduleRange):
      try importFrom(module, names, moduleRange: moduleRange, env)
    case .futureImport, .pass, .global, .nonlocal:
      break
    case .ifElse(let condition, let body, let orElse):
      return try execBlock(try Ops.truthy(try eval(condition, env)) ? body : orElse, env)
    case .forLoop(let target, let iterableExpr, let body, let orElse):
      let next = try Iteration.iterator(try eval(iterableExpr, env))
      while let item = try next() {
        try tick()
        try assign(target, item, env)
        switch try execBlock(body, env) {
        case .breakLoop: return .normal
        case .returned(let v): return .returned(v)
        case .normal, .continueLoop: continue
        }
      }
      return try execBlock(orElse, env)
    case .whileLoop(let condition, let body, let orElse):
      while try Ops.truthy(try eval(condition, env)) {
        try tick()
        switch try execBlock(body, env) {
        case .breakLoop: return .normal
        case .returned(let v): return .returned(v)
        case .normal, .continueLoop: continue
        }
      }
      return try execBlock(orElse, env)
    case .functionDef(let def):
      let signature = try evaluateSignature(def.name, def.parameters, env)
      let function = FunctionObject(
        name: def.name, signature: signature, definition: def, lambdaBody: nil,
        closure: env.locals == nil ? nil : env, globals: env.globals, file: env.file)
      try bind(def.name, .function(function), env)
    case .returnValue(let e):
      return .returned(try e.map { try eval($0, env) } ?? .none)
    case .breakLoop:
      return .breakLoop
    case .continueLoop:
      return .continueLoop
    case .delete(let targets):
      for target in targets { try delete(target, env) }
    case .with(let items, let body):
      return try execWith(items[...], body, env)
    case .assert(let test, let message):
      if !(try Ops.truthy(try eval(test, env))) {
        let text = try message.map { strValue(try eval($0, env)) } ?? ""
        throw ScriptError(.assertionError, text)
      }
    }
    return .normal
  }

  /// Parameter list with defaults evaluated now (Python evaluates defaults at `def` time).
  func evaluateSignature(_ name: String, _ parameters: ParameterList, _ env: Environment) throws -> Signature
  {
    var list: [Signature.Parameter] = []
    for p in parameters.positional {
      list.append(Signature.Parameter(p.name, default: try p.defaultValue.map { try eval($0, env) }))
    }
    for p in parameters.keywordOnly {
      list.append(
        Signature.Parameter(p.name, default: try p.defaultValue.map { try eval($0, env) }, keywordOnly: true))
    }
    return Signature(
      function: name, parameters: list, varPositional: parameters.varPositional,
      varKeyword: parameters.varKeyword)
  }

  // MARK: - Assignment

  func assign(_ target: Expr, _ value: Value, _ env: Environment) throws {
    switch target.kind {
    case .name(let name):
      try bind(name, value, env)
    case .tuple(let targets), .list(let targets):
      try unpack(targets, value, env, range: target.range)
    case .attribute(let objectExpr, let name, _):
      let object = try eval(objectExpr, env)
      do {
        try setAttribute(object, name, value)
      } catch {
        throw locate(error, target.range, env)
      }
    case .subscript(let containerExpr, let indexExpr):
      let container = try eval(containerExpr, env)
      let index = try eval(indexExpr, env)
      do {
        try Subscripting.set(container, index, value)
      } catch {
        throw locate(error, target.range, env)
      }
    case .starred:
      throw ScriptError(
        .syntaxError, "starred assignment target must be in a list or tuple", range: target.range)
    default:
      throw ScriptError(.syntaxError, "cannot assign to expression", range: target.range)
    }
  }

  func unpack(_ targets: [Expr], _ value: Value, _ env: Environment, range: SourceRange) throws {
    let starIndex = targets.firstIndex { if case .starred = $0.kind { return true } else { return false } }
    let values: [Value]
    do {
      if let starIndex {
        let all = try Iteration.array(value)
        let fixed = targets.count - 1
        guard all.count >= fixed else {
          throw ScriptError.value(
            "not enough values to unpack (expected at least \(fixed), got \(all.count))")
        }
        let restCount = all.count - fixed
        var collected = Array(all[0..<starIndex])
        collected.append(.list(Array(all[starIndex..<(starIndex + restCount)])))
        collected += all[(starIndex + restCount)...]
        values = collected
      } else {
        values = try Iteration.unpack(value, count: targets.count)
      }
    } catch {
      throw locate(error, range, env)
    }
    for (target, v) in zip(targets, values) {
      if case .starred(let inner) = target.kind {
        try assign(inner, v, env)
      } else {
        try assign(target, v, env)
      }
    }
  }

  func augmentedAssign(_ target: Expr, _ op: BinaryOperator, _ valueExpr: Expr, _ env: Environment) throws {
    switch target.kind {
    case .name(let name):
      let old = try lookup(name, env, range: target.range)
      let value = try eval(valueExpr, env)
      let new = try located(target.range.union(valueExpr.range), env) { try self.inPlace(op, old, value) }
      try bind(name, new, env)
    case .attribute(let objectExpr, let name, _):
      let object = try eval(objectExpr, env)
      let old = try located(target.range, env) { try self.getAttribute(object, name) }
      let value = try eval(valueExpr, env)
      try located(target.range.union(valueExpr.range), env) {
        try self.setAttribute(object, name, try self.inPlace(op, old, value))
      }
    case .subscript(let containerExpr, let indexExpr):
      let container = try eval(containerExpr, env)
      let index = try eval(indexExpr, env)
      let old = try located(target.range, env) { try Subscripting.get(container, index) }
      let value = try eval(valueExpr, env)
      try located(target.range.union(valueExpr.range), env) {
        try Subscripting.set(container, index, try self.inPlace(op, old, value))
      }
    default:
      throw ScriptError(.syntaxError, "illegal expression for augmented assignment", range: target.range)
    }
  }

  /// `a op= b`: lists extend in place, sets update in place, host objects may update in
  /// place, others rebind.
  func inPlace(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
    switch a {
    case .list(let l) where op == .add:
      l.items.append(contentsOf: try Iteration.array(b))
      return a
    case .list(let l) where op == .multiply:
      guard let n = b.intValue else { break }
      l.items = try Ops.repeatArray(l.items, n)
      return a
    case .set(let s) where [.bitOr, .bitAnd, .subtract, .bitXor].contains(op):
      guard case .set(let other) = b else {
        throw ScriptError.type(
          "unsupported operand type(s) for \(op.rawValue)=: '\(a.typeName)' and '\(b.typeName)'")
      }
      // A frozenset is rebound to a new one; a set changes in place.
      if !s.isFrozen, try s.inPlace(op, other) { return a }
    case .object(let o):
      if let r = try o.inPlaceOperation(op, b) { return r }
    default:
      break
    }
    return try Ops.binary(op, a, b)
  }

  func delete(_ target: Expr, _ env: Environment) throws {
    switch target.kind {
    case .name(let name):
      if let locals = env.locals, !env.declaredGlobals.contains(name) {
        guard locals.vars.removeValue(forKey: name) != nil else {
          throw ScriptError(
            .nameError, "cannot access local variable '\(name)' where it is not associated with a value",
            range: target.range)
        }
      } else {
        guard env.globals.vars.removeValue(forKey: name) != nil else {
          throw ScriptError(.nameError, "name '\(name)' is not defined", range: target.range)
        }
      }
    case .tuple(let items), .list(let items):
      for item in items { try delete(item, env) }
    case .subscript(let containerExpr, let indexExpr):
      let container = try eval(containerExpr, env)
      let index = try eval(indexExpr, env)
      try located(target.range, env) { try Subscripting.delete(container, index) }
    case .attribute(let objectExpr, let name, _):
      let object = try eval(objectExpr, env)
      guard case .module(let m) = object, m.attributes.removeValue(forKey: name) != nil else {
        throw ScriptError(
          .attributeError, "cannot delete attribute '\(name)' of '\(object.typeName)' object",
          range: target.range)
      }
    default:
      throw ScriptError(.syntaxError, "cannot delete expression", range: target.range)
    }
  }

  // MARK: - Error locations

  /// Gives `error` a location (range, file, function) unless it already has one, and turns
  /// foreign Swift errors from host code into `RuntimeError`s.
  func locate(_ error: Error, _ range: SourceRange, _ env: Environment) -> Error {
    guard var e = error as? ScriptError else {
      return ScriptError(.runtimeError, "\(error)", range: range, file: env.file)
    }
    if e.range == nil {
      e.range = range
      e.file = env.file
      e.function = env.functionName
    }
    return e
  }

  /// Runs `body`, locating any error it throws at `range`.
  func located<T>(_ range: SourceRange, _ env: Environment, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch {
      throw locate(error, range, env)
    }
  }
}
