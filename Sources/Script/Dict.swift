/// A hashable wrapper for values usable as dict keys: None, bool, int, float, str,
/// tuples of those, ranges, frozensets, and identity-compared references (functions, modules,
/// host objects). `1`, `1.0` and `True` are the same key, as in Python.
public struct HashKey: Hashable {
  public let value: Value

  /// Throws `TypeError: unhashable type: 'list'` for lists, dicts and slices.
  public init(_ value: Value) throws {
    try HashKey.check(value)
    self.value = value
  }

  static func check(_ value: Value) throws {
    switch value {
    case .list, .dict, .slice:
      throw ScriptError.type("unhashable type: '\(value.typeName)'")
    case .set(let s) where !s.isFrozen:
      // A frozenset's elements were checked when it was built.
      throw ScriptError.type("unhashable type: 'set'")
    case .tuple(let items):
      for item in items { try check(item) }
    case .object(let o):
      _ = try o.hashKey()
    default:
      break
    }
  }

  /// The value a key hashes and compares as: a host object's own key (a NumPy scalar's
  /// number), else the value itself.
  static func keyValue(_ value: Value) -> Value {
    if case .object(let o) = value, let key = ((try? o.hashKey()) ?? nil) { return key }
    return value
  }

  public func hash(into hasher: inout Hasher) { HashKey.hash(value, into: &hasher) }

  static func hash(_ value: Value, into hasher: inout Hasher) {
    switch keyValue(value) {
    case .none: hasher.combine(0)
    case .ellipsis: hasher.combine(1)
    case .bool(let b): hasher.combine(b ? 1 : 0)
    case .int(let i): hasher.combine(i)
    case .float(let d):
      if d.isFinite, d == d.rounded(), abs(d) < 9.2e18 {
        hasher.combine(Int(d))
      } else {
        hasher.combine(d)
      }
    case .str(let s): hasher.combine(s)
    case .tuple(let items):
      hasher.combine(items.count)
      for item in items { hash(item, into: &hasher) }
    case .range(let r):
      hasher.combine(r.start)
      hasher.combine(r.stop)
      hasher.combine(r.step)
    case .function(let f): hasher.combine(ObjectIdentifier(f))
    case .builtin(let f): hasher.combine(ObjectIdentifier(f))
    case .module(let m): hasher.combine(ObjectIdentifier(m))
    case .iterator(let it): hasher.combine(ObjectIdentifier(it))
    case .object(let o): hasher.combine(ObjectIdentifier(o.identity))
    case .list(let l): hasher.combine(ObjectIdentifier(l))
    case .dict(let d): hasher.combine(ObjectIdentifier(d))
    case .set(let s): hasher.combine((try? s.frozenHash()) ?? 0)
    case .slice: hasher.combine(2)
    }
  }

  public static func == (a: HashKey, b: HashKey) -> Bool { keyEqual(a.value, b.value) }

  static func keyEqual(_ a: Value, _ b: Value) -> Bool {
    let (a, b) = (keyValue(a), keyValue(b))
    switch (a, b) {
    case (.none, .none), (.ellipsis, .ellipsis): return true
    case (.str(let x), .str(let y)): return x == y
    case (.tuple(let x), .tuple(let y)):
      guard x.count == y.count else { return false }
      for i in x.indices where !keyEqual(x[i], y[i]) { return false }
      return true
    case (.range(let x), .range(let y)): return x == y
    case (.set(let x), .set(let y)): return x.isEqual(to: y)
    case (.function(let x), .function(let y)): return x === y
    case (.builtin(let x), .builtin(let y)): return x === y
    case (.module(let x), .module(let y)): return x === y
    case (.iterator(let x), .iterator(let y)): return x === y
    case (.object(let x), .object(let y)): return x.identity === y.identity
    default:
      if let x = a.intValue, let y = b.intValue { return x == y }
      if let x = a.doubleValue, let y = b.doubleValue { return x == y }
      return false
    }
  }
}

/// An insertion-ordered dict (reference semantics).
public final class DictObject {
  var storage: [HashKey: Value] = [:]
  var order: [HashKey] = []

  public init() {}

  /// A dict with string keys, in the given order.
  public init(_ pairs: [(String, Value)]) {
    for (k, v) in pairs { self[HashKey(unchecked: .str(k))] = v }
  }

  public var count: Int { order.count }

  /// Keys and values in insertion order.
  public var entries: [(key: Value, value: Value)] {
    order.compactMap { k in storage[k].map { (key: k.value, value: $0) } }
  }

  public var keys: [Value] { order.map(\.value) }

  /// Looks up or sets (nil removes) by key, preserving insertion order of existing keys.
  public subscript(key: HashKey) -> Value? {
    get { storage[key] }
    set {
      if let newValue {
        if storage.updateValue(newValue, forKey: key) == nil { order.append(key) }
      } else if storage.removeValue(forKey: key) != nil {
        order.removeAll { $0 == key }
      }
    }
  }

  /// Looks up a value by any key; throws for unhashable keys.
  public func get(_ key: Value) throws -> Value? { storage[try HashKey(key)] }

  /// Sets a value; throws for unhashable keys.
  public func set(_ key: Value, _ value: Value) throws { self[try HashKey(key)] = value }

  /// Looks up a string key.
  public subscript(string key: String) -> Value? {
    get { storage[HashKey(unchecked: .str(key))] }
    set { self[HashKey(unchecked: .str(key))] = newValue }
  }

  public func removeAll() {
    storage = [:]
    order = []
  }
}

extension HashKey {
  /// For values known to be hashable (strings, ints).
  init(unchecked value: Value) { self.value = value }
}
