/// Methods of `list`, `tuple` and `dict` values, and the dict view objects.
enum ListMethods {
  static let names = ["append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort"]

  static func method(_ name: String, _ l: ListObject) -> Value? {
    func m(_ spec: String, _ body: @escaping (BoundArguments, Interpreter) throws -> Value) -> Value {
      .builtin(BuiltinFunction(name, signature: spec, receiverTypeName: "list", body: body))
    }
    switch name {
    case "append":
      return m("object") { args, _ in
        if l.items.count >= Iteration.maxMaterializedCount { throw Iteration.tooMany(nil) }
        l.items.append(args["object"])
        return .none
      }
    case "extend":
      return m("iterable") { args, _ in
        let more = try Iteration.array(args["iterable"])
        if l.items.count + more.count > Iteration.maxMaterializedCount { throw Iteration.tooMany(nil) }
        l.items += more
        return .none
      }
    case "insert":
      return m("index, object") { args, _ in
        var i = try args.int("index")
        if i < 0 { i = max(0, i + l.items.count) }
        l.items.insert(args["object"], at: min(i, l.items.count))
        return .none
      }
    case "pop":
      return m("index=-1") { args, _ in
        if l.items.isEmpty { throw ScriptError.index("pop from empty list") }
        var i = try args.int("index")
        if i < 0 { i += l.items.count }
        guard i >= 0, i < l.items.count else { throw ScriptError.index("pop index out of range") }
        return l.items.remove(at: i)
      }
    case "remove":
      return m("value") { args, _ in
        for (i, x) in l.items.enumerated() where try Ops.identicalOrEqual(x, args["value"], depth: 0) {
          l.items.remove(at: i)
          return .none
        }
        throw ScriptError.value("list.remove(x): x not in list")
      }
    case "index":
      return m("value") { args, _ in
        for (i, x) in l.items.enumerated() where try Ops.identicalOrEqual(x, args["value"], depth: 0) {
          return .int(i)
        }
        throw ScriptError.value("\(reprValue(args["value"])) is not in list")
      }
    case "count":
      return m("value") { args, _ in
        .int(try l.items.filter { try Ops.identicalOrEqual($0, args["value"], depth: 0) }.count)
      }
    case "reverse":
      return m("") { _, _ in
        l.items.reverse()
        return .none
      }
    case "clear":
      return m("") { _, _ in
        l.items.removeAll()
        return .none
      }
    case "copy":
      return m("") { _, _ in .list(l.items) }
    case "sort":
      return m("*, key=None, reverse=False") { args, interpreter in
        l.items = try interpreter.sorted(l.items, key: args["key"], reverse: try args.bool("reverse"))
        return .none
      }
    default:
      return nil
    }
  }
}

enum TupleMethods {
  static let names = ["count", "index"]

  static func method(_ name: String, _ t: [Value]) -> Value? {
    switch name {
    case "count":
      return .builtin(BuiltinFunction(name, signature: "value", receiverTypeName: "tuple") { args, _ in
        .int(try t.filter { try Ops.identicalOrEqual($0, args["value"], depth: 0) }.count)
      })
    case "index":
      return .builtin(BuiltinFunction(name, signature: "value", receiverTypeName: "tuple") { args, _ in
        for (i, x) in t.enumerated() where try Ops.identicalOrEqual(x, args["value"], depth: 0) { return .int(i) }
        throw ScriptError.value("tuple.index(x): x not in tuple")
      })
    default:
      return nil
    }
  }
}

enum DictMethods {
  static let names = ["clear", "copy", "get", "items", "keys", "pop", "setdefault", "update", "values"]

  static func method(_ name: String, _ d: DictObject) -> Value? {
    func m(_ spec: String, _ body: @escaping (BoundArguments, Interpreter) throws -> Value) -> Value {
      .builtin(BuiltinFunction(name, signature: spec, receiverTypeName: "dict", body: body))
    }
    switch name {
    case "keys": return m("") { _, _ in .object(DictView(d, .keys)) }
    case "values": return m("") { _, _ in .object(DictView(d, .values)) }
    case "items": return m("") { _, _ in .object(DictView(d, .items)) }
    case "get":
      return m("key, default=None") { args, _ in try d.get(args["key"]) ?? args["default"] }
    case "setdefault":
      return m("key, default=None") { args, _ in
        if let v = try d.get(args["key"]) { return v }
        try d.set(args["key"], args["default"])
        return args["default"]
      }
    case "pop":
      return .builtin(BuiltinFunction(name, receiverTypeName: "dict") { args, _ in
        guard let key = args.positional.first, args.positional.count <= 2 else {
          throw ScriptError.type("pop expected 1 or 2 arguments, got \(args.positional.count)")
        }
        let k = try HashKey(key)
        if let v = d[k] {
          d[k] = nil
          return v
        }
        if args.positional.count == 2 { return args.positional[1] }
        throw ScriptError(.keyError, reprValue(key))
      })
    case "update":
      return .builtin(BuiltinFunction(name, receiverTypeName: "dict") { args, _ in
        if args.positional.count > 1 {
          throw ScriptError.type("update expected at most 1 argument, got \(args.positional.count)")
        }
        if let other = args.positional.first { try merge(other, into: d) }
        for (k, v) in args.keywords { d[string: k] = v }
        return .none
      })
    case "copy":
      return m("") { _, _ in
        let copy = DictObject()
        for (k, v) in d.entries { try copy.set(k, v) }
        return .dict(copy)
      }
    case "clear":
      return m("") { _, _ in
        d.removeAll()
        return .none
      }
    default:
      return nil
    }
  }

  /// Adds a dict's entries, or `(key, value)` pairs from an iterable, to `d`.
  static func merge(_ source: Value, into d: DictObject) throws {
    if case .dict(let other) = source {
      for (k, v) in other.entries { try d.set(k, v) }
      return
    }
    for (i, item) in try Iteration.array(source).enumerated() {
      guard let pair = try? Iteration.unpack(item, count: 2) else {
        throw ScriptError.value("dictionary update sequence element #\(i) has length \((try? Iteration.length(item)) ?? nil ?? 0); 2 is required")
      }
      try d.set(pair[0], pair[1])
    }
  }
}

/// `dict.keys()`, `.values()`, `.items()`: live views that print like Python's.
final class DictView: HostObject {
  enum Kind { case keys, values, items }
  let dict: DictObject
  let kind: Kind

  init(_ dict: DictObject, _ kind: Kind) {
    self.dict = dict
    self.kind = kind
  }

  var typeName: String {
    switch kind {
    case .keys: "dict_keys"
    case .values: "dict_values"
    case .items: "dict_items"
    }
  }

  var elements: [Value] {
    switch kind {
    case .keys: dict.keys
    case .values: dict.entries.map(\.value)
    case .items: dict.entries.map { .tuple([$0.key, $0.value]) }
    }
  }

  func repr() -> String { typeName + "(" + reprValue(.list(elements)) + ")" }
  func length() throws -> Int? { dict.count }
  func truthValue() throws -> Bool { dict.count > 0 }

  func makeIterator() throws -> (() throws -> Value?)? {
    let items = elements
    var i = 0
    return {
      guard i < items.count else { return nil }
      defer { i += 1 }
      return items[i]
    }
  }

  func contains(_ value: Value) throws -> Bool? {
    if kind == .keys { return try dict.get(value) != nil }
    return try elements.contains { try Ops.identicalOrEqual($0, value, depth: 0) }
  }

  func binaryOperation(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
    guard op == .equal || op == .notEqual, case .object(let o) = other, let view = o as? DictView else { return nil }
    let same = try Ops.sequencesEqual(elements, view.elements, depth: 0)
    return .bool(op == .equal ? same : !same)
  }
}

extension Interpreter {
  /// A stable sort with Python's `<`, an optional key function and `reverse`.
  func sorted(_ items: [Value], key: Value, reverse: Bool) throws -> [Value] {
    let keys = key.isNone ? items : try items.map { try call(key, Arguments([$0])) }
    var order = Array(items.indices)
    try order.sort { i, j in
      let (a, b) = reverse ? (keys[j], keys[i]) : (keys[i], keys[j])
      if try Ops.truthy(try Ops.binary(.less, a, b)) { return true }
      if try Ops.truthy(try Ops.binary(.less, b, a)) { return false }
      return i < j
    }
    return order.map { items[$0] }
  }
}
