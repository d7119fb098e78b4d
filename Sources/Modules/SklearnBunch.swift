import Script

/// scikit-learn's `Bunch` (`sklearn.utils.Bunch`), what the `load_*` functions return: a
/// dict whose keys are also attributes. `b['data']` and `b.data` read the same entry,
/// `b.x = v` adds a key, and it prints, iterates (its keys), measures (`len`) and tests
/// membership (`in`) as the dict it is. The dict's methods (`keys()`, `items()`, `get`…)
/// come first, as in Python, so a key named like a method is reached by subscript only;
/// `dir(b)` lists the keys, as scikit-learn's `__dir__` does.
final class BunchObject: HostObject {
  let dict: DictObject

  /// A Bunch of `pairs`, in that order.
  init(_ pairs: [(String, Value)]) { dict = DictObject(pairs) }

  var typeName: String { "Bunch" }
  var qualifiedTypeName: String { "sklearn.utils._bunch.Bunch" }

  /// The dict's repr, as `dict.__repr__` shows a Bunch.
  func repr() -> String { reprValue(.dict(dict)) }

  static let dictMethods = [
    "clear", "copy", "get", "items", "keys", "pop", "setdefault", "update", "values",
  ]

  var attributeNames: [String] { dict.keys.compactMap { $0.stringValue } }

  func getAttribute(_ name: String) throws -> Value? {
    if BunchObject.dictMethods.contains(name) {
      // The dict's own method, looked up by the interpreter when called.
      return .builtin(
        BuiltinFunction(name, receiverTypeName: "Bunch") { [dict] args, interp in
          try interp.call(try interp.attribute(of: .dict(dict), name), args)
        })
    }
    // A missing key is nil, so that hasattr() and getattr() with a default work; the
    // interpreter's AttributeError then names the Bunch and suggests a key (scikit-learn's
    // says only the name: `AttributeError: nope`).
    return dict[string: name]
  }

  func setAttribute(_ name: String, _ value: Value) throws -> Bool {
    dict[string: name] = value
    return true
  }

  func getItem(_ index: Value) throws -> Value? {
    guard let v = try dict.get(index) else { throw ScriptError(.keyError, reprValue(index)) }
    return v
  }

  func setItem(_ index: Value, _ value: Value) throws -> Bool {
    try dict.set(index, value)
    return true
  }

  func deleteItem(_ index: Value) throws -> Bool {
    let key = try HashKey(index)
    guard dict[key] != nil else { throw ScriptError(.keyError, reprValue(index)) }
    dict[key] = nil
    return true
  }

  func length() throws -> Int? { dict.count }
  func truthValue() throws -> Bool { dict.count > 0 }
  func contains(_ value: Value) throws -> Bool? { try dict.get(value) != nil }

  func makeIterator() throws -> (() throws -> Value?)? {
    // Like a dict's iterator: the keys as they were when iteration began.
    var keys = dict.keys.makeIterator()
    return { keys.next() }
  }

  func hashKey() throws -> Value? { throw ScriptError(.typeError, "unhashable type: 'Bunch'") }
}
