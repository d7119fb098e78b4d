/// Calling functions: argument evaluation, binding, frames, recursion limit.
extension Interpreter {
  /// Evaluates call arguments, expanding `*iterable` and `**mapping`.
  func evalArguments(_ arguments: [Argument], _ env: Environment) throws -> Arguments {
    var result = Arguments()
    for argument in arguments {
      switch argument {
      case .positional(let e):
        result.positional.append(try eval(e, env))
      case .keyword(let name, let e):
        result.keywords.append((name, try eval(e, env)))
      case .star(let e):
        let value = try eval(e, env)
        result.positional += try located(e.range, env) { try Iteration.array(value) }
      case .doubleStar(let e):
        let value = try eval(e, env)
        guard case .dict(let d) = value else {
          throw ScriptError.type("argument after ** must be a mapping, not \(value.typeName)").at(e.range, env)
        }
        for (k, v) in d.entries {
          guard case .str(let name) = k else {
            throw ScriptError.type("keywords must be strings").at(e.range, env)
          }
          if result.keywords.contains(where: { $0.name == name }) {
            throw ScriptError.type("got multiple values for keyword argument '\(name)'").at(e.range, env)
          }
          result.keywords.append((name, v))
        }
      }
    }
    return result
  }

  /// Calls any callable value. `callSite` (the call's range and environment) adds a
  /// traceback frame to errors raised inside script functions.
  func callValue(_ callee: Value, _ arguments: Arguments, callSite: (SourceRange, Environment)?) throws -> Value {
    try tick()
    switch callee {
    case .function(let f):
      do {
        return try callFunction(f, arguments)
      } catch var error as ScriptError where error.range != nil {
        if let (range, env) = callSite {
          error.callers.append(TraceFrame(file: env.file, range: range, function: env.functionName))
        }
        throw error
      }
    case .builtin(let b):
      return try b.call(arguments, self)
    case .object(let o):
      if let result = try o.call(arguments, self) { return result }
      throw ScriptError.type("'\(o.typeName)' object is not callable")
    default:
      var hint: String?
      if case .tuple = callee { hint = "missing a comma between two tuples or a stray pair of parentheses?" }
      throw ScriptError.type("'\(callee.typeName)' object is not callable", hint: hint)
    }
  }

  func callFunction(_ f: FunctionObject, _ arguments: Arguments) throws -> Value {
    callDepth += 1
    defer { callDepth -= 1 }
    if callDepth > recursionLimit || stackGuard.isExhausted() {
      let depth = callDepth > recursionLimit ? "\(recursionLimit) levels deep" : "\(callDepth) levels deep (the native stack is nearly full)"
      throw ScriptError(
        .recursionError, "maximum recursion depth exceeded",
        hint: "a function calls itself (directly or indirectly) \(depth); check its base case")
    }
    let bound = try f.signature.bind(arguments)
    let locals = Scope()
    for (parameter, value) in zip(f.signature.parameters, bound.values) {
      locals.vars[parameter.name] = value
    }
    if let name = f.signature.varPositional { locals.vars[name] = .tuple(bound.extraPositional) }
    if let name = f.signature.varKeyword {
      locals.vars[name] = .dict(DictObject(bound.extraKeywords.map { ($0.name, $0.value) }))
    }
    if let body = f.lambdaBody {
      let env = Environment(
        locals: locals, localNames: Set(locals.vars.keys), globals: f.globals, enclosing: f.closure,
        file: f.file, functionName: f.name)
      return try eval(body, env)
    }
    guard let definition = f.definition else { return .none }
    let env = Environment(
      locals: locals, localNames: definition.locals, declaredGlobals: definition.globals,
      declaredNonlocals: definition.nonlocals, globals: f.globals, enclosing: f.closure,
      file: f.file, functionName: f.name)
    if case .returned(let value) = try execBlock(definition.body, env) { return value }
    return .none
  }
}

extension ScriptError {
  /// This error located at `range` in `env`'s file.
  func at(_ range: SourceRange, _ env: Environment) -> ScriptError {
    var e = self
    e.range = range
    e.file = env.file
    e.function = env.functionName
    return e
  }
}
