/// CPython's `hash()` values, which decide where a set keeps each element and so the order
/// a set iterates in. Numbers, tuples, ranges and frozensets hash exactly as in CPython 3.11
/// (so `{5, 1, 3}` shows `{1, 3, 5}`); strings use a fixed FNV-1a hash instead of CPython's
/// per-process randomized one (any order is Python-like for them, and dnnlab's is stable);
/// other objects hash by identity.
enum PythonHash {
  /// `2**61 - 1`, the prime numbers are reduced modulo.
  static let modulus: UInt64 = (1 << 61) - 1
  /// Bits of `modulus`.
  static let bits: UInt64 = 61
  /// `hash(float('inf'))`.
  static let infinity = 314_159
  /// A fixed hash for `None` and `...` (CPython 3.11 hashes them by address).
  static let none = 0xFCA8_6420
  static let ellipsis = 0x7E11_1B5E

  /// The hash of `value`, or `TypeError: unhashable type: 'list'`. A NumPy scalar hashes as
  /// the Python number it equals. With `setsAsFrozen`, a mutable set hashes as the equal
  /// frozenset (Python's rule for `{1} in set_of_frozensets` and `s.remove({1})`).
  static func of(_ value: Value, setsAsFrozen: Bool = false) throws -> Int {
    switch value {
    case .none: return none
    case .ellipsis: return ellipsis
    case .bool(let b): return b ? 1 : 0
    case .int(let i): return integer(i)
    case .float(let d): return double(d)
    case .str(let s): return string(s)
    case .tuple(let items):
      return tuple(try items.map { try of($0) })
    case .range(let r):
      // CPython hashes (len, start, step), with None for parts that do not matter.
      let count = r.count
      if count == 0 { return tuple([integer(0), none, none]) }
      if count == 1 { return tuple([integer(1), integer(r.start), none]) }
      return tuple([integer(count), integer(r.start), integer(r.step)])
    case .set(let s):
      guard s.isFrozen || setsAsFrozen else { throw unhashable(value) }
      return try s.frozenHash()
    case .list, .dict, .slice:
      throw unhashable(value)
    case .object(let o):
      guard let key = try o.hashKey() else { return identity(o.identity) }
      if case .object(let inner) = key { return identity(inner.identity) }
      return try of(key)
    case .function(let f): return identity(f)
    case .builtin(let f): return identity(f)
    case .module(let m): return identity(m)
    case .iterator(let it): return identity(it)
    }
  }

  static func unhashable(_ value: Value) -> ScriptError {
    ScriptError.type("unhashable type: '\(value.typeName)'")
  }

  /// An int's hash: its value modulo `2**61 - 1`, keeping the sign; -1 becomes -2.
  static func integer(_ i: Int) -> Int {
    let r = Int(UInt64(i.magnitude) % modulus)
    let signed = i < 0 ? -r : r
    return signed == -1 ? -2 : signed
  }

  /// A float's hash: equal to the hash of the int it equals, otherwise its exact rational
  /// value reduced modulo `2**61 - 1` (28 bits of mantissa at a time, as CPython does).
  static func double(_ d: Double) -> Int {
    if d.isNaN { return 0 }
    if d.isInfinite { return d > 0 ? infinity : -infinity }
    if d == 0 { return 0 }
    // d = m * 2**e with 0.5 <= |m| < 1 (C's frexp).
    var m = abs(d.significand) / 2
    var e = Int(d.exponent) + 1
    var x: UInt64 = 0
    while m != 0 {
      x = ((x << 28) & modulus) | x >> (bits - 28)
      m *= 268_435_456.0  // 2**28
      e -= 28
      let y = UInt64(m)
      m -= Double(y)
      x += y
      if x >= modulus { x -= modulus }
    }
    let shift = UInt64(e >= 0 ? e % Int(bits) : Int(bits) - 1 - ((-1 - e) % Int(bits)))
    x = ((x << shift) & modulus) | x >> (bits - shift)
    var h = Int(bitPattern: UInt(x))
    if d < 0 { h = -h }
    return h == -1 ? -2 : h
  }

  /// CPython's tuple hash (xxHash-style lanes) over the items' hashes.
  static func tuple(_ hashes: [Int]) -> Int {
    let prime1: UInt64 = 11_400_714_785_074_694_791
    let prime2: UInt64 = 14_029_467_366_897_019_727
    let prime5: UInt64 = 2_870_177_450_012_600_261
    var acc = prime5
    for h in hashes {
      acc &+= UInt64(bitPattern: Int64(h)) &* prime2
      acc = (acc << 31) | (acc >> 33)
      acc &*= prime1
    }
    acc &+= UInt64(hashes.count) ^ (prime5 ^ 3_527_539)
    if acc == UInt64.max { return 1_546_275_796 }
    return Int(Int64(bitPattern: acc))
  }

  /// A frozenset's hash from its elements' hashes (independent of their order).
  static func frozenset(_ hashes: [Int]) -> Int {
    func shuffle(_ h: UInt64) -> UInt64 { ((h ^ 89_869_747) ^ (h << 16)) &* 3_644_798_167 }
    var hash: UInt64 = 0
    for h in hashes { hash ^= shuffle(UInt64(bitPattern: Int64(h))) }
    hash ^= (UInt64(hashes.count) &+ 1) &* 1_927_868_237
    hash ^= (hash >> 11) ^ (hash >> 25)
    hash = hash &* 69069 &+ 907_133_923
    if hash == UInt64.max { hash = 590_923_713 }
    return Int(Int64(bitPattern: hash))
  }

  /// A deterministic string hash (64-bit FNV-1a over the UTF-8 bytes), never -1.
  static func string(_ s: String) -> Int {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in s.utf8 {
      h ^= UInt64(byte)
      h &*= 0x100_0000_01b3
    }
    let result = Int(Int64(bitPattern: h))
    return result == -1 ? -2 : result
  }

  /// An object's identity hash: its address rotated right by 4 bits, as CPython does.
  static func identity(_ object: AnyObject) -> Int {
    let address = UInt(bitPattern: ObjectIdentifier(object))
    let rotated = (address >> 4) | (address << (UInt(UInt.bitWidth) - 4))
    let result = Int(bitPattern: rotated)
    return result == -1 ? -2 : result
  }
}
