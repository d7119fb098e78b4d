/// Methods of `set` and `frozenset` values (`s.add(x)`, `s.union(t)`, …).
enum SetMethods {
  /// The methods a frozenset has too (none of them mutate).
  static let frozenNames = [
    "copy", "difference", "intersection", "isdisjoint", "issubset", "issuperset", "symmetric_difference",
    "union",
  ]
  static let names = [
    "add", "clear", "copy", "difference", "difference_update", "discard", "intersection",
    "intersection_update",
    "isdisjoint", "issubset", "issuperset", "pop", "remove", "symmetric_difference",
    "symmetric_difference_update", "union", "update",
  ]

  static func names(for s: SetObject) -> [String] { s.isFrozen ? frozenNames : names }

  static func method(_ name: String, _ s: SetObject) -> Value? {
    guard names(for: s).contains(name) else { return nil }
    let typeName = s.typeName
    /// A method taking exactly one argument.
    func one(_ body: @escaping (Value) throws -> Value) -> Value {
      .builtin(
        BuiltinFunction(name, receiverTypeName: typeName) { args, _ in
          if !args.keywords.isEmpty {
            throw ScriptError.type("\(typeName).\(name)() takes no keyword arguments")
          }
          guard args.positional.count == 1 else {
            throw ScriptError.type(
              "\(typeName).\(name)() takes exactly one argument (\(args.positional.count) given)")
          }
          return try body(args.positional[0])
        })
    }
    /// A method taking no arguments.
    func none(_ body: @escaping () throws -> Value) -> Value {
      .builtin(
        BuiltinFunction(name, receiverTypeName: typeName) { args, _ in
          guard args.positional.isEmpty, args.keywords.isEmpty else {
            throw ScriptError.type(
              "\(typeName).\(name)() takes no arguments (\(args.positional.count + args.keywords.count) given)"
            )
          }
          return try body()
        })
    }
    /// A method taking any number of iterables.
    func many(_ body: @escaping ([Value]) throws -> Value) -> Value {
      .builtin(
        BuiltinFunction(name, receiverTypeName: typeName) { args, _ in
          if !args.keywords.isEmpty {
            throw ScriptError.type("\(typeName).\(name)() takes no keyword arguments")
          }
          return try body(args.positional)
        })
    }
    switch name {
    case "add":
      return one { v in
        try s.add(v)
        return .none
      }
    case "remove":
      return one { v in
        guard try s.discard(v) else { throw ScriptError(.keyError, reprValue(v)) }
        return .none
      }
    case "discard":
      return one { v in
        try s.discard(v)
        return .none
      }
    case "pop":
      return none {
        guard let v = s.popFirst() else {
          throw ScriptError(.keyError, pythonStringRepr("pop from an empty set"))
        }
        return v
      }
    case "clear":
      return none {
        s.removeAll()
        return .none
      }
    case "copy":
      return none { s.isFrozen ? .set(s) : .set(s.copy()) }
    case "update":
      return many { others in
        for other in others { try s.update(other) }
        return .none
      }
    case "union":
      return many { others in .set(try s.union(others)) }
    case "intersection":
      return many { others in .set(try s.intersection(all: others)) }
    case "intersection_update":
      return many { others in
        try s.formIntersection(others)
        return .none
      }
    case "difference":
      return many { others in .set(try s.difference(all: others)) }
    case "difference_update":
      return many { others in
        for other in others { try s.subtract(other) }
        return .none
      }
    case "symmetric_difference":
      return one { other in .set(try s.symmetricDifference(other)) }
    case "symmetric_difference_update":
      return one { other in
        try s.formSymmetricDifference(other)
        return .none
      }
    case "issubset":
      return one { other in .bool(try s.isSubset(ofIterable: other)) }
    case "issuperset":
      return one { other in .bool(try s.isSuperset(ofIterable: other)) }
    case "isdisjoint":
      return one { other in .bool(try s.isDisjoint(other)) }
    default:
      return nil
    }
  }
}
