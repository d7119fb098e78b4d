/// The arguments of a call as written: positional values and `name=value` keywords,
/// with `*args`/`**kwargs` already expanded.
public struct Arguments {
  public var positional: [Value]
  public var keywords: [(name: String, value: Value)]

  public init(_ positional: [Value] = [], keywords: [(name: String, value: Value)] = []) {
    self.positional = positional
    self.keywords = keywords
  }

  /// The keyword argument `name`, if given.
  public func keyword(_ name: String) -> Value? {
    keywords.first { $0.name == name }?.value
  }
}

/// A parameter list for binding `Arguments` to names with Python's rules and messages
/// ("f() missing 1 required positional argument: 'x'", "got an unexpected keyword argument").
///
/// Defaults are script values; build one from a spec string such as
/// `Signature("sum", "a, axis=None, *, keepdims=False")` (defaults must be literals),
/// or from `Parameter`s.
public struct Signature: @unchecked Sendable {
  // @unchecked: defaults are literal values (numbers, strings, tuples), never mutated.
  public struct Parameter {
    public var name: String
    /// nil when required.
    public var defaultValue: Value?
    public var keywordOnly: Bool
    public init(_ name: String, default defaultValue: Value? = nil, keywordOnly: Bool = false) {
      self.name = name
      self.defaultValue = defaultValue
      self.keywordOnly = keywordOnly
    }
  }

  /// The function name used in messages (`print()`).
  public var function: String
  public var parameters: [Parameter]
  /// Name of `*args`, if accepted.
  public var varPositional: String?
  /// Name of `**kwargs`, if accepted.
  public var varKeyword: String?

  public init(function: String, parameters: [Parameter], varPositional: String? = nil, varKeyword: String? = nil) {
    self.function = function
    self.parameters = parameters
    self.varPositional = varPositional
    self.varKeyword = varKeyword
  }

  /// Parses a Python parameter list such as `"x, axis=None, *args, keepdims=False, **kw"`.
  /// A spec that does not parse (a programming error in the host) yields a signature that
  /// accepts anything, so script input can never trap on it.
  public init(_ function: String, _ spec: String) {
    self.function = function
    self.parameters = []
    guard let statements = try? Parser.parseModule("def f(\(spec)): pass"),
      let first = statements.first, case .functionDef(let def) = first.kind
    else {
      varPositional = "args"
      varKeyword = "kwargs"
      return
    }
    func literal(_ e: Expr?) -> Value? {
      guard let e else { return nil }
      return literalValue(e) ?? Value.none
    }
    for p in def.parameters.positional {
      parameters.append(Parameter(p.name, default: literal(p.defaultValue)))
    }
    for p in def.parameters.keywordOnly {
      parameters.append(Parameter(p.name, default: literal(p.defaultValue), keywordOnly: true))
    }
    varPositional = def.parameters.varPositional
    varKeyword = def.parameters.varKeyword
  }

  /// Text such as `(x, axis=None, *, keepdims=False)` for help and completion.
  public var text: String {
    var parts: [String] = []
    var starred = false
    for p in parameters {
      if p.keywordOnly && !starred {
        parts.append(varPositional.map { "*\($0)" } ?? "*")
        starred = true
      }
      parts.append(p.defaultValue.map { "\(p.name)=\(reprValue($0))" } ?? p.name)
    }
    if !starred, let v = varPositional { parts.append("*\(v)") }
    if let k = varKeyword { parts.append("**\(k)") }
    return "(" + parts.joined(separator: ", ") + ")"
  }

  /// Binds `arguments` to the parameters or throws a Python-style `TypeError`.
  public func bind(_ arguments: Arguments) throws -> BoundArguments {
    var values = [Value?](repeating: nil, count: parameters.count)
    let positionalParameters = parameters.indices.filter { !parameters[$0].keywordOnly }
    var extraPositional: [Value] = []
    for (i, value) in arguments.positional.enumerated() {
      if i < positionalParameters.count {
        values[positionalParameters[i]] = value
      } else if varPositional != nil {
        extraPositional.append(value)
      } else {
        throw tooManyPositional(given: arguments.positional.count, maximum: positionalParameters.count)
      }
    }
    var extraKeywords: [(name: String, value: Value)] = []
    for (name, value) in arguments.keywords {
      if let i = parameters.firstIndex(where: { $0.name == name }) {
        if values[i] != nil {
          throw ScriptError.type("\(function)() got multiple values for argument '\(name)'")
        }
        values[i] = value
      } else if varKeyword != nil {
        extraKeywords.append((name, value))
      } else {
        var message = "\(function)() got an unexpected keyword argument '\(name)'"
        if let best = closestName(to: name, among: parameters.map(\.name)) {
          message += ". Did you mean '\(best)'?"
        }
        throw ScriptError.type(message)
      }
    }
    var missingPositional: [String] = []
    var missingKeyword: [String] = []
    for i in parameters.indices where values[i] == nil {
      if let d = parameters[i].defaultValue {
        values[i] = d
      } else if parameters[i].keywordOnly {
        missingKeyword.append(parameters[i].name)
      } else {
        missingPositional.append(parameters[i].name)
      }
    }
    if !missingPositional.isEmpty { throw missing(missingPositional, kind: "positional") }
    if !missingKeyword.isEmpty { throw missing(missingKeyword, kind: "keyword-only") }
    return BoundArguments(
      signature: self, values: values.map { $0 ?? .none }, extraPositional: extraPositional,
      extraKeywords: extraKeywords)
  }

  func tooManyPositional(given: Int, maximum: Int) -> ScriptError {
    let required = parameters.filter { !$0.keywordOnly && $0.defaultValue == nil }.count
    let takes =
      required == maximum
      ? "\(maximum) positional argument\(maximum == 1 ? "" : "s")"
      : "from \(required) to \(maximum) positional arguments"
    return ScriptError.type(
      "\(function)() takes \(takes) but \(given) \(given == 1 ? "was" : "were") given")
  }

  func missing(_ names: [String], kind: String) -> ScriptError {
    let quoted = names.map { "'\($0)'" }
    let list: String
    if quoted.count == 1 {
      list = quoted[0]
    } else {
      let last = quoted.last ?? ""
      list = quoted.count == 2 ? "\(quoted[0]) and \(last)" : quoted.dropLast().joined(separator: ", ") + ", and " + last
    }
    let plural = names.count == 1 ? "argument" : "arguments"
    return ScriptError.type("\(function)() missing \(names.count) required \(kind) \(plural): \(list)")
  }
}

/// Arguments bound to a `Signature`'s parameters.
public struct BoundArguments {
  public let signature: Signature
  /// One value per parameter, in declaration order (defaults filled in).
  public var values: [Value]
  /// What `*args` collected.
  public var extraPositional: [Value]
  /// What `**kwargs` collected.
  public var extraKeywords: [(name: String, value: Value)]

  /// The value of parameter `name` (`None` for an unknown name).
  public subscript(_ name: String) -> Value {
    guard let i = signature.parameters.firstIndex(where: { $0.name == name }), i < values.count else {
      return .none
    }
    return values[i]
  }

  /// The value of the `index`-th parameter (`None` when out of range).
  public subscript(_ index: Int) -> Value {
    index >= 0 && index < values.count ? values[index] : .none
  }

  /// The argument `name` as an int, or a `TypeError` naming the function and parameter.
  public func int(_ name: String) throws -> Int {
    try self[name].asInt(context: "\(signature.function)() argument '\(name)'")
  }

  /// The argument `name` as an int, or nil when it is `None`.
  public func optionalInt(_ name: String) throws -> Int? {
    let v = self[name]
    return v.isNone ? nil : try int(name)
  }

  /// The argument `name` as a float (ints accepted).
  public func double(_ name: String) throws -> Double {
    try self[name].asDouble(context: "\(signature.function)() argument '\(name)'")
  }

  /// The argument `name` as a string.
  public func string(_ name: String) throws -> String {
    guard case .str(let s) = self[name] else {
      throw ScriptError.type(
        "\(signature.function)() argument '\(name)' must be str, not \(self[name].typeName)")
    }
    return s
  }

  /// The argument `name` as a string, or nil when it is `None`.
  public func optionalString(_ name: String) throws -> String? {
    self[name].isNone ? nil : try string(name)
  }

  /// The truthiness of argument `name` (bools, ints, and host scalars).
  public func bool(_ name: String) throws -> Bool {
    try self[name].asBool(context: "\(signature.function)() argument '\(name)'")
  }
}

/// Evaluates a literal expression (numbers, strings, None, bools, tuples, lists,
/// negation) without an interpreter; nil for anything else.
func literalValue(_ e: Expr) -> Value? {
  switch e.kind {
  case .int(let i): return .int(i)
  case .float(let d): return .float(d)
  case .string(let s): return .str(s)
  case .bool(let b): return .bool(b)
  case .none: return Value.none
  case .ellipsis: return .ellipsis
  case .unary(.negate, let inner):
    switch literalValue(inner) {
    case .int(let i)?: return i == Int.min ? nil : .int(-i)
    case .float(let d)?: return .float(-d)
    default: return nil
    }
  case .tuple(let items):
    var values: [Value] = []
    for item in items {
      guard let v = literalValue(item) else { return nil }
      values.append(v)
    }
    return .tuple(values)
  case .list(let items):
    var values: [Value] = []
    for item in items {
      guard let v = literalValue(item) else { return nil }
      values.append(v)
    }
    return .list(values)
  default: return nil
  }
}
