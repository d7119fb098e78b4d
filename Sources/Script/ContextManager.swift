/// A context manager made by the host for `with` statements: `tf.device('/CPU:0')`,
/// `np.printoptions(precision=3)`, `warnings.catch_warnings()`. `enter` runs at the start
/// of the block and gives the `as` target; `exit` runs when the block ends, however it ends
/// (normally, by `break`/`return`, or by an error, which then carries on).
public final class ContextManagerObject: HostObject {
  public let typeName: String
  public let qualifiedTypeName: String
  private let enter: () throws -> Value
  private let exit: () throws -> Void

  public init(
    typeName: String, qualifiedTypeName: String? = nil, enter: @escaping () throws -> Value = { .none },
    exit: @escaping () throws -> Void = {}
  ) {
    self.typeName = typeName
    self.qualifiedTypeName = qualifiedTypeName ?? typeName
    self.enter = enter
    self.exit = exit
  }

  public func repr() -> String { "<\(qualifiedTypeName) object>" }
  public var attributeNames: [String] { ["__enter__", "__exit__"] }

  public func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "__enter__":
      return .builtin(BuiltinFunction("__enter__", receiverTypeName: typeName) { _, _ in try self.enter() })
    case "__exit__":
      return .builtin(
        BuiltinFunction("__exit__", receiverTypeName: typeName) { _, _ in
          try self.exit()
          return .bool(false)
        })
    default:
      return nil
    }
  }
}

extension Interpreter {
  /// `with a as x, b: body`: enters each manager in turn, runs the body, and exits them in
  /// reverse order whether the body finishes, leaves early or fails. dnnlab has no exception
  /// objects, so `__exit__` gets `None` three times and cannot swallow an error.
  func execWith(_ items: ArraySlice<WithItem>, _ body: [Stmt], _ env: Environment) throws -> Flow {
    guard let item = items.first else { return try execBlock(body, env) }
    let manager = try eval(item.context, env)
    let enter: Value
    let exit: Value
    do {
      enter = try getAttribute(manager, "__enter__")
      exit = try getAttribute(manager, "__exit__")
    } catch {
      throw ScriptError(
        .typeError, "'\(manager.typeName)' object does not support the context manager protocol",
        hint: "with works on objects such as tf.device(...), np.printoptions(...), warnings.catch_warnings()")
    }
    let entered = try callValue(enter, Arguments(), callSite: nil)
    let flow: Flow
    do {
      if let target = item.target { try assign(target, entered, env) }
      flow = try execWith(items.dropFirst(), body, env)
    } catch {
      // The body's error is the one to report, even if leaving fails too.
      _ = try? callValue(exit, Arguments([.none, .none, .none]), callSite: nil)
      throw error
    }
    _ = try callValue(exit, Arguments([.none, .none, .none]), callSite: nil)
    return flow
  }
}
