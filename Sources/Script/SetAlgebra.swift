/// Union, intersection, difference, symmetric difference and the subset tests, built the
/// way CPython 3.11 builds them (which operand is copied, which one is walked, when the
/// table is rebuilt), so results iterate in CPython's order and keep the same
/// representative of equal elements (`{1} | {1.0}` is `{1}`).
extension SetObject {
  /// Which operand's type a result takes: the receiver's.
  func emptyLike() -> SetObject { SetObject(frozen: isFrozen) }

  /// `self.union(*others)` and `self | other`.
  func union(_ others: [Value]) throws -> SetObject {
    let result = copy()
    for other in others {
      if case .set(let o) = other, o === self { continue }
      try result.update(other)
    }
    return result
  }

  /// `self & other` and `self.intersection(other)`: walks the smaller set (or the
  /// iterable) and keeps its elements that the other holds.
  func intersection(_ other: Value) throws -> SetObject {
    if case .set(let o) = other, o === self { return copy() }
    let result = emptyLike()
    if case .set(let o) = other {
      let (walked, probed) = o.used > used ? (self, o) : (o, self)
      for (key, hash) in walked.entries where probed.lookup(key, hash) != nil {
        result.addEntry(key, hash)
      }
      return result
    }
    let next = try Iteration.iterator(other)
    while let v = try next() {
      let hash = try PythonHash.of(v)
      if lookup(v, hash) != nil { result.addEntry(v, hash) }
    }
    return result
  }

  /// `self.intersection(*others)`.
  func intersection(all others: [Value]) throws -> SetObject {
    guard let first = others.first else { return copy() }
    var result = try intersection(first)
    for other in others.dropFirst() { result = try result.intersection(other) }
    return result
  }

  /// `self - other` and `self.difference(other)`.
  func difference(_ other: Value) throws -> SetObject {
    let otherCount: Int
    switch other {
    case .set(let o): otherCount = o.used
    case .dict(let d): otherCount = d.count
    default: return try copyAndDifference(other)
    }
    // Much bigger than `other`: copy, then delete what `other` holds.
    if (used >> 2) > otherCount { return try copyAndDifference(other) }
    let result = emptyLike()
    for (key, hash) in entries {
      let found: Bool
      switch other {
      case .set(let o): found = o.lookup(key, hash) != nil
      case .dict(let d): found = try d.get(key) != nil
      default: found = false
      }
      if !found { result.addEntry(key, hash) }
    }
    return result
  }

  func copyAndDifference(_ other: Value) throws -> SetObject {
    let result = copy()
    try result.subtract(other)
    return result
  }

  /// `self.difference(*others)`.
  func difference(all others: [Value]) throws -> SetObject {
    guard let first = others.first else { return copy() }
    let result = try difference(first)
    for other in others.dropFirst() { try result.subtract(other) }
    return result
  }

  /// `self -= other` and `difference_update`: deletes `other`'s elements, then rebuilds the
  /// table if more than a quarter of it is deletion markers.
  func subtract(_ other: Value) throws {
    if case .set(let o) = other {
      if o === self {
        removeAll()
        return
      }
      // A much bigger `other` is first cut down to what the two share.
      let walked = (o.used >> 3) > used ? try intersection(other) : o
      for (key, hash) in walked.entries { discardEntry(key, hash) }
    } else {
      let next = try Iteration.iterator(other)
      while let v = try next() { discardEntry(v, try PythonHash.of(v)) }
    }
    if fill - used <= mask / 4 { return }
    resize(minimumUsed: used > 50000 ? used * 2 : used * 4)
  }

  /// `self ^= other` and `symmetric_difference_update`: each element of `other` is deleted
  /// when present, else added.
  func formSymmetricDifference(_ other: Value) throws {
    if case .set(let o) = other, o === self {
      removeAll()
      return
    }
    let toggled: [(key: Value, hash: Int)]
    switch other {
    case .set(let o): toggled = o.entries
    case .dict(let d): toggled = try d.keys.map { (key: $0, hash: try PythonHash.of($0)) }
    default:
      let o = emptyLike()
      try o.update(other)
      toggled = o.entries
    }
    for (key, hash) in toggled where !discardEntry(key, hash) {
      if used >= SetObject.maxCount { throw SetObject.tooMany() }
      addEntry(key, hash)
    }
  }

  /// `self ^ other` and `symmetric_difference`: a set of `other` toggled by `self`.
  func symmetricDifference(_ other: Value) throws -> SetObject {
    let result = emptyLike()
    try result.update(other)
    try result.formSymmetricDifference(.set(self))
    return result
  }

  /// `&=` and `intersection_update`: the receiver takes the intersection's table.
  func formIntersection(_ others: [Value]) throws {
    let result = try intersection(all: others)
    slots = result.slots
    fill = result.fill
    used = result.used
  }

  /// Whether every element is in `other`.
  func isSubset(of other: SetObject) -> Bool {
    if used > other.used { return false }
    for (key, hash) in entries where other.lookup(key, hash) == nil { return false }
    return true
  }

  /// `issubset(iterable)`.
  func isSubset(ofIterable other: Value) throws -> Bool {
    if case .set(let o) = other { return isSubset(of: o) }
    return try intersection(other).used == used
  }

  /// `issuperset(iterable)`.
  func isSuperset(ofIterable other: Value) throws -> Bool {
    if case .set(let o) = other { return o.isSubset(of: self) }
    let next = try Iteration.iterator(other)
    while let v = try next() {
      if lookup(v, try PythonHash.of(v)) == nil { return false }
    }
    return true
  }

  /// `isdisjoint(iterable)`.
  func isDisjoint(_ other: Value) throws -> Bool {
    if case .set(let o) = other {
      if o === self { return used == 0 }
      let (walked, probed) = o.used > used ? (self, o) : (o, self)
      for (key, hash) in walked.entries where probed.lookup(key, hash) != nil { return false }
      return true
    }
    let next = try Iteration.iterator(other)
    while let v = try next() {
      if lookup(v, try PythonHash.of(v)) != nil { return false }
    }
    return true
  }

  /// `self == other` for sets and frozensets.
  func isEqual(to other: SetObject) -> Bool {
    if self === other { return true }
    if used != other.used { return false }
    if let a = cachedHash, let b = other.cachedHash, a != b { return false }
    return isSubset(of: other)
  }

  /// `self < other`, `<=`, `>`, `>=`: proper and plain subset and superset.
  func compare(_ op: BinaryOperator, _ other: SetObject) -> Bool {
    switch op {
    case .less: return used < other.used && isSubset(of: other)
    case .lessEqual: return isSubset(of: other)
    case .greater: return used > other.used && other.isSubset(of: self)
    case .greaterEqual: return other.isSubset(of: self)
    case .notEqual: return !isEqual(to: other)
    default: return isEqual(to: other)
    }
  }

  /// `a | b`, `a & b`, `a - b`, `a ^ b` between two sets; nil for other operators.
  static func binary(_ op: BinaryOperator, _ a: SetObject, _ b: SetObject) throws -> SetObject? {
    switch op {
    case .bitOr: return try a.union([.set(b)])
    case .bitAnd: return try a.intersection(.set(b))
    case .subtract: return try a.difference(.set(b))
    case .bitXor: return try a.symmetricDifference(.set(b))
    default: return nil
    }
  }

  /// `a |= b`, `&=`, `-=`, `^=` on a mutable set; false for other operators.
  func inPlace(_ op: BinaryOperator, _ other: SetObject) throws -> Bool {
    switch op {
    case .bitOr: try update(.set(other))
    case .bitAnd: try formIntersection([.set(other)])
    case .subtract: try subtract(.set(other))
    case .bitXor: try formSymmetricDifference(.set(other))
    default: return false
    }
    return true
  }
}
