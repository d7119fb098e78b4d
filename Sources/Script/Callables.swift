/// A function implemented in Swift: a builtin (`len`), a bound method (`[].append`),
/// a builtin type (`int`, `list`), or anything a host module exposes.
public final class BuiltinFunction {
  public let name: String
  /// When set, arguments are bound to it before `body` runs (see the `signature:` init).
  public let signature: Signature?
  /// Help text for `help(f)` / `f?`.
  public let documentation: String?
  /// For builtin types (`int`, `str`, …): the type name; the repr becomes `<class 'int'>`.
  public let typeName: String?
  /// For bound methods: the receiver's type name (`<built-in method append of list object>`).
  public let receiverTypeName: String?
  /// Attributes of a function that stands for a class, such as `Dense.from_config`, read by
  /// `f.name` (besides `__name__`). Empty by default.
  public var classAttributes: [String: Value] = [:]
  let body: (Arguments, Interpreter) throws -> Value

  /// A function taking raw `Arguments`.
  public init(
    _ name: String, documentation: String? = nil, receiverTypeName: String? = nil,
    body: @escaping (Arguments, Interpreter) throws -> Value
  ) {
    self.name = name
    self.signature = nil
    self.documentation = documentation
    self.typeName = nil
    self.receiverTypeName = receiverTypeName
    self.body = body
  }

  /// A function whose arguments are bound to `signature` first, e.g.
  /// `BuiltinFunction("argmax", signature: "a, axis=None") { args, _ in … args["axis"] … }`.
  public convenience init(
    _ name: String, signature spec: String, documentation: String? = nil, receiverTypeName: String? = nil,
    body: @escaping (BoundArguments, Interpreter) throws -> Value
  ) {
    self.init(
      name, signature: Signature(name, spec), documentation: documentation,
      receiverTypeName: receiverTypeName, body: body)
  }

  /// A function whose arguments are bound to `signature` first.
  public init(
    _ name: String, signature: Signature, documentation: String? = nil, receiverTypeName: String? = nil,
    typeName: String? = nil, body: @escaping (BoundArguments, Interpreter) throws -> Value
  ) {
    self.name = name
    self.signature = signature
    self.documentation = documentation
    self.typeName = typeName
    self.receiverTypeName = receiverTypeName
    self.body = { args, interpreter in try body(try signature.bind(args), interpreter) }
  }

  /// A builtin type such as `int`: callable as a constructor, shown as `<class 'int'>`.
  init(typeName: String, body: @escaping (Arguments, Interpreter) throws -> Value) {
    self.name = typeName
    self.signature = nil
    self.documentation = nil
    self.typeName = typeName
    self.receiverTypeName = nil
    self.body = body
  }

  var isMethod: Bool { receiverTypeName != nil }

  /// Calls the function.
  public func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
    try body(arguments, interpreter)
  }
}

/// A function defined in script code by `def` or `lambda`.
public final class FunctionObject {
  public let name: String
  /// Parameters with their default values (evaluated when the `def` ran).
  public let signature: Signature
  let definition: FunctionDefinition?
  let lambdaBody: Expr?
  /// The enclosing function's environment (for closures); nil at module level.
  let closure: Environment?
  let globals: Scope
  let file: SourceFile

  init(
    name: String, signature: Signature, definition: FunctionDefinition?, lambdaBody: Expr?,
    closure: Environment?, globals: Scope, file: SourceFile
  ) {
    self.name = name
    self.signature = signature
    self.definition = definition
    self.lambdaBody = lambdaBody
    self.closure = closure
    self.globals = globals
    self.file = file
  }

  /// The parameter names the function accepts by keyword (for completion).
  public var parameterNames: [String] { signature.parameters.map(\.name) }
}

/// A module: a namespace of attributes. Hosts build these for `numpy`, `tensorflow.keras`…
/// Attributes may also be resolved on demand through `lazyAttribute` (e.g. submodules).
public final class ModuleObject {
  public let name: String
  public var attributes: [String: Value]
  public var documentation: String?
  /// Consulted for names missing from `attributes`; a found value is cached there.
  public var lazyAttribute: ((String) throws -> Value?)?
  /// Names `lazyAttribute` can resolve (for completion and suggestions).
  public var lazyAttributeNames: [String] = []

  public init(name: String, attributes: [String: Value] = [:], documentation: String? = nil) {
    self.name = name
    self.attributes = attributes
    self.documentation = documentation
  }

  /// The attribute `name`, or nil.
  public func attribute(_ name: String) throws -> Value? {
    if let v = attributes[name] { return v }
    if let lazy = lazyAttribute, let v = try lazy(name) {
      attributes[name] = v
      return v
    }
    return nil
  }

  /// Sorted attribute names, without private `_` names.
  public var attributeNames: [String] {
    Set(attributes.keys).union(lazyAttributeNames).filter { !$0.hasPrefix("_") }.sorted()
  }

  /// Adds a Swift function as attribute `name` (binding arguments to `signature`).
  public func addFunction(
    _ name: String, signature spec: String, documentation: String? = nil,
    _ body: @escaping (BoundArguments, Interpreter) throws -> Value
  ) {
    attributes[name] = .builtin(
      BuiltinFunction(name, signature: spec, documentation: documentation, body: body))
  }
}

/// A variable namespace (a module's globals or a call's locals).
final class Scope {
  var vars: [String: Value] = [:]
}

/// Where names are looked up and bound while executing: Python's LEGB rules with a
/// function's local names fixed when it was defined.
final class Environment {
  /// The call's (or comprehension's) own variables; nil at module level.
  let locals: Scope?
  /// Names that are local to this function (assigned somewhere in its body).
  let localNames: Set<String>
  let declaredGlobals: Set<String>
  let declaredNonlocals: Set<String>
  let globals: Scope
  /// Lexically enclosing environment, for closures.
  let enclosing: Environment?
  /// The source being executed (for error locations).
  let file: SourceFile
  /// Function name for tracebacks (nil at module level).
  let functionName: String?

  init(
    locals: Scope?, localNames: Set<String> = [], declaredGlobals: Set<String> = [],
    declaredNonlocals: Set<String> = [], globals: Scope, enclosing: Environment?, file: SourceFile,
    functionName: String?
  ) {
    self.locals = locals
    self.localNames = localNames
    self.declaredGlobals = declaredGlobals
    self.declaredNonlocals = declaredNonlocals
    self.globals = globals
    self.enclosing = enclosing
    self.file = file
    self.functionName = functionName
  }
}
