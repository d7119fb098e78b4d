/// A Python `set` or `frozenset` (reference semantics).
///
/// The elements live in an open-addressing table run by CPython 3.11's rules: the same
/// hashes (`PythonHash`), 8 slots to start, 9 linear probes then perturbed jumps, growth
/// to `used * 4` slots once 3/5 of the table is filled, deleted slots kept as markers and
/// reused. So a set iterates in the order CPython's would: `{5, 1, 3}` shows `{1, 3, 5}`,
/// and class labels come out sorted when there are few enough of them.
public final class SetObject {
  /// One table slot: empty (no key, hash 0), a deletion marker (no key, hash -1), or an
  /// element with its hash.
  struct Slot {
    var hash: Int
    var key: Value?

    static var empty: Slot { Slot(hash: 0, key: nil) }
    static var dummy: Slot { Slot(hash: -1, key: nil) }
  }

  static let minimumSize = 8
  /// Most elements a set may hold: its table takes up to 4 slots of about 40 bytes per
  /// element, so this caps one set near 170 MB.
  static let maxCount = 1_000_000
  static let linearProbes = 9
  static let perturbShift = 5

  /// The table; its size is a power of two.
  var slots: [Slot]
  /// Slots that are elements or deletion markers.
  var fill = 0
  /// Slots that are elements.
  var used = 0
  /// Where `pop()` looks next.
  var finger = 0
  /// Whether this is a `frozenset` (immutable and hashable).
  public let isFrozen: Bool
  /// A frozenset's hash, once computed.
  var cachedHash: Int?

  public init(frozen: Bool = false) {
    isFrozen = frozen
    slots = Array(repeating: .empty, count: SetObject.minimumSize)
  }

  /// A set of `values`, added in order; throws for unhashable values.
  public convenience init(_ values: [Value], frozen: Bool = false) throws {
    self.init(frozen: frozen)
    for v in values { try add(v) }
  }

  /// `set` or `frozenset`.
  public var typeName: String { isFrozen ? "frozenset" : "set" }

  /// Number of elements.
  public var count: Int { used }

  var mask: Int { slots.count - 1 }

  /// The elements in iteration order.
  public var elements: [Value] { slots.compactMap(\.key) }

  /// The elements with their hashes, in iteration order.
  var entries: [(key: Value, hash: Int)] {
    slots.compactMap { slot in slot.key.map { (key: $0, hash: slot.hash) } }
  }

  // MARK: - Elements by value

  /// Adds `value`; throws `TypeError` when it is unhashable.
  public func add(_ value: Value) throws {
    let hash = try PythonHash.of(value)
    if used >= SetObject.maxCount, lookup(value, hash) == nil { throw SetObject.tooMany() }
    addEntry(value, hash)
  }

  /// `value in self`. A mutable set is looked up as the equal frozenset, as in Python.
  public func contains(_ value: Value) throws -> Bool {
    lookup(value, try PythonHash.of(value, setsAsFrozen: true)) != nil
  }

  /// Removes `value` if present; returns whether it was.
  @discardableResult
  public func discard(_ value: Value) throws -> Bool {
    discardEntry(value, try PythonHash.of(value, setsAsFrozen: true))
  }

  /// Adds the elements of any iterable (CPython's `set_update_internal`): a set is merged
  /// table to table, a dict's keys are added after one up-front resize.
  public func update(_ iterable: Value) throws {
    switch iterable {
    case .set(let other):
      try merge(other)
    case .dict(let d):
      let n = d.count
      if (fill + n) * 5 >= mask * 3 { resize(minimumUsed: (used + n) * 2) }
      for key in d.keys { try add(key) }
    default:
      let next = try Iteration.iterator(iterable)
      while let v = try next() { try add(v) }
    }
  }

  /// Empties the set (back to the 8-slot table).
  public func removeAll() {
    slots = Array(repeating: .empty, count: SetObject.minimumSize)
    fill = 0
    used = 0
  }

  /// Removes and returns the element CPython's `set.pop()` would: the first one at or after
  /// the finger left by the previous pop. Nil when empty.
  public func popFirst() -> Value? {
    guard used > 0 else { return nil }
    var i = finger & mask
    while slots[i].key == nil {
      i += 1
      if i > mask { i = 0 }
    }
    let key = slots[i].key
    slots[i] = .dummy
    used -= 1
    finger = i + 1
    return key
  }

  /// A new set of the same type with the same elements (CPython's `set_copy`).
  public func copy() -> SetObject {
    let result = SetObject(frozen: isFrozen)
    result.mergeUnchecked(self)
    return result
  }

  /// A frozenset's hash: CPython's order-independent mix of the elements' hashes.
  func frozenHash() throws -> Int {
    if let cachedHash { return cachedHash }
    let hash = PythonHash.frozenset(entries.map(\.hash))
    if isFrozen { cachedHash = hash }
    return hash
  }

  /// An iterator over the elements that raises `RuntimeError` if the set changes size
  /// while it runs, as Python's does.
  func makeIterator() -> () throws -> Value? {
    let expected = used
    var i = 0
    return { [self] in
      guard used == expected else {
        throw ScriptError(.runtimeError, "Set changed size during iteration")
      }
      while i < slots.count {
        defer { i += 1 }
        if let key = slots[i].key { return key }
      }
      return nil
    }
  }

  static func tooMany() -> ScriptError {
    ScriptError(.memoryError, "refusing to build a set of more than \(maxCount) elements (limit \(maxCount))")
  }

  // MARK: - The table

  /// Whether two elements with equal hashes are the same element (`1`, `1.0` and `True` are).
  static func same(_ a: Value, _ b: Value) -> Bool {
    Ops.identical(a, b) || HashKey.keyEqual(a, b)
  }

  /// The slot holding an element equal to `key`, if any.
  func lookup(_ key: Value, _ hash: Int) -> Int? {
    let mask = UInt(self.mask)
    var i = UInt(bitPattern: hash) & mask
    var perturb = UInt(bitPattern: hash)
    while true {
      var j = Int(i)
      var probes = j + SetObject.linearProbes <= self.mask ? SetObject.linearProbes : 0
      while true {
        let slot = slots[j]
        if let k = slot.key {
          if slot.hash == hash && SetObject.same(k, key) { return j }
        } else if slot.hash == 0 {
          return nil
        }
        if probes == 0 { break }
        probes -= 1
        j += 1
      }
      perturb >>= UInt(SetObject.perturbShift)
      i = (i &* 5 &+ 1 &+ perturb) & mask
    }
  }

  /// Adds `key` unless an equal element is present (CPython's `set_add_entry`): the first
  /// empty slot on the probe path, or the last deletion marker passed on the way; grows the
  /// table when it is 3/5 filled.
  func addEntry(_ key: Value, _ hash: Int) {
    let mask = UInt(self.mask)
    var i = UInt(bitPattern: hash) & mask
    var perturb = UInt(bitPattern: hash)
    var freeSlot: Int?
    while true {
      var j = Int(i)
      var probes = j + SetObject.linearProbes <= self.mask ? SetObject.linearProbes : 0
      while true {
        let slot = slots[j]
        if let k = slot.key {
          if slot.hash == hash && SetObject.same(k, key) { return }
        } else if slot.hash == 0 {
          used += 1
          if let freeSlot {
            slots[freeSlot] = Slot(hash: hash, key: key)
            return
          }
          slots[j] = Slot(hash: hash, key: key)
          fill += 1
          if fill * 5 >= self.mask * 3 { resize(minimumUsed: used > 50000 ? used * 2 : used * 4) }
          return
        } else {
          freeSlot = j
        }
        if probes == 0 { break }
        probes -= 1
        j += 1
      }
      perturb >>= UInt(SetObject.perturbShift)
      i = (i &* 5 &+ 1 &+ perturb) & mask
    }
  }

  /// Puts `key`, known to be absent, into a table without deletion markers.
  func insertClean(_ key: Value, _ hash: Int) {
    let mask = UInt(self.mask)
    var i = UInt(bitPattern: hash) & mask
    var perturb = UInt(bitPattern: hash)
    while true {
      var j = Int(i)
      if slots[j].key == nil {
        slots[j] = Slot(hash: hash, key: key)
        return
      }
      if j + SetObject.linearProbes <= self.mask {
        for _ in 0..<SetObject.linearProbes {
          j += 1
          if slots[j].key == nil {
            slots[j] = Slot(hash: hash, key: key)
            return
          }
        }
      }
      perturb >>= UInt(SetObject.perturbShift)
      i = (i &* 5 &+ 1 &+ perturb) & mask
    }
  }

  /// Rebuilds the table with the smallest power-of-two size above `minimumUsed`, dropping
  /// deletion markers; elements are reinserted in their old table order.
  func resize(minimumUsed: Int) {
    var size = SetObject.minimumSize
    while size <= minimumUsed { size <<= 1 }
    // CPython leaves a minimum-size table without deletion markers as it is.
    if size == SetObject.minimumSize, slots.count == size, fill == used { return }
    let old = slots
    slots = Array(repeating: .empty, count: size)
    fill = used
    for slot in old {
      if let key = slot.key { insertClean(key, slot.hash) }
    }
  }

  /// Replaces an element equal to `key` by a deletion marker; returns whether there was one.
  @discardableResult
  func discardEntry(_ key: Value, _ hash: Int) -> Bool {
    guard let i = lookup(key, hash) else { return false }
    slots[i] = .dummy
    used -= 1
    return true
  }

  /// Adds all elements of `other` (CPython's `set_merge`): one resize up front, then a
  /// straight copy of the table when the sizes agree, else reinsertion in `other`'s order.
  func merge(_ other: SetObject) throws {
    if other !== self, used + other.used > SetObject.maxCount {
      throw SetObject.tooMany()
    }
    mergeUnchecked(other)
  }

  func mergeUnchecked(_ other: SetObject) {
    if other === self || other.used == 0 { return }
    if (fill + other.used) * 5 >= mask * 3 { resize(minimumUsed: (used + other.used) * 2) }
    if fill == 0, mask == other.mask, other.fill == other.used {
      slots = other.slots
      fill = other.fill
      used = other.used
      return
    }
    if fill == 0 {
      fill = other.used
      used = other.used
      for slot in other.slots {
        if let key = slot.key { insertClean(key, slot.hash) }
      }
      return
    }
    for slot in other.slots {
      if let key = slot.key { addEntry(key, slot.hash) }
    }
  }
}
