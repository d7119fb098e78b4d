/// Converting script values to Swift types, with Python-style `TypeError`s.
extension Value {
  /// This value as an `Int` (bools, ints, and host scalars that are integers).
  /// `context` names the argument in the error, e.g. `range() argument 'stop'`.
  public func asInt(context: String) throws -> Int {
    if let i = intValue { return i }
    if case .object(let o) = self, let s = try o.scalarValue(), let i = s.intValue { return i }
    throw ScriptError.type("\(context) must be an integer, not '\(typeName)'")
  }

  /// This value as a `Double` (bools, ints, floats, and host scalars).
  public func asDouble(context: String) throws -> Double {
    if let d = doubleValue { return d }
    if case .object(let o) = self, let s = try o.scalarValue(), let d = s.doubleValue { return d }
    throw ScriptError.type("\(context) must be a real number, not '\(typeName)'")
  }

  /// Python truthiness, for flag arguments.
  public func asBool(context: String) throws -> Bool {
    try Ops.truthy(self)
  }

  /// This value as an index: an int, a bool, or a host integer scalar; nil otherwise.
  func asIndex() throws -> Int? {
    if let i = intValue { return i }
    if case .object(let o) = self, let s = try o.scalarValue(), case .int(let i) = s { return i }
    return nil
  }

  /// A tuple or list's elements, or nil for anything else.
  public var sequenceItems: [Value]? {
    switch self {
    case .tuple(let t): return t
    case .list(let l): return l.items
    default: return nil
    }
  }
}

extension Value: CustomStringConvertible {
  /// `repr()` of the value.
  public var description: String { reprValue(self) }
}
