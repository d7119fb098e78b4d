/// A minimal arbitrary-precision unsigned integer, just enough for exact float-to-decimal
/// conversion: the largest number involved is about 2^1080 · 10 (a double's scaled value), so
/// schoolbook algorithms on 32-bit limbs are plenty fast.
///
/// Limbs are little-endian and normalised (no zero limb at the top; zero is the empty array).
struct BigUInt {
  private(set) var limbs: [UInt32]

  init(_ value: UInt64) {
    limbs = []
    if value != 0 {
      limbs.append(UInt32(truncatingIfNeeded: value))
      let high = UInt32(truncatingIfNeeded: value >> 32)
      if high != 0 { limbs.append(high) }
    }
  }

  private init(limbs: [UInt32]) {
    self.limbs = limbs
    normalise()
  }

  var isZero: Bool { limbs.isEmpty }

  private mutating func normalise() {
    while let last = limbs.last, last == 0 { limbs.removeLast() }
  }

  /// 2^n (n >= 0).
  static func powerOfTwo(_ n: Int) -> BigUInt {
    var result = BigUInt(1)
    result.shiftLeft(by: max(n, 0))
    return result
  }

  /// 10^n (n >= 0), built from 10^9 steps.
  static func powerOfTen(_ n: Int) -> BigUInt {
    var result = BigUInt(1)
    var remaining = max(n, 0)
    while remaining >= 9 {
      result.multiply(by: 1_000_000_000)
      remaining -= 9
    }
    var tail: UInt32 = 1
    for _ in 0..<remaining { tail &*= 10 }
    result.multiply(by: tail)
    return result
  }

  mutating func shiftLeft(by n: Int) {
    guard n > 0, !isZero else { return }
    let limbShift = n / 32
    let bitShift = n % 32
    if bitShift != 0 {
      var carry: UInt32 = 0
      for i in limbs.indices {
        let v = limbs[i]
        limbs[i] = (v << UInt32(bitShift)) | carry
        carry = v >> UInt32(32 - bitShift)
      }
      if carry != 0 { limbs.append(carry) }
    }
    if limbShift > 0 {
      limbs.insert(contentsOf: repeatElement(0, count: limbShift), at: 0)
    }
  }

  mutating func multiply(by m: UInt32) {
    guard m != 1 else { return }
    guard m != 0 else {
      limbs = []
      return
    }
    var carry: UInt64 = 0
    for i in limbs.indices {
      let product = UInt64(limbs[i]) * UInt64(m) + carry
      limbs[i] = UInt32(truncatingIfNeeded: product)
      carry = product >> 32
    }
    if carry != 0 { limbs.append(UInt32(truncatingIfNeeded: carry)) }
  }

  static func * (a: BigUInt, b: BigUInt) -> BigUInt {
    if a.isZero || b.isZero { return BigUInt(0) }
    var out = [UInt32](repeating: 0, count: a.limbs.count + b.limbs.count)
    for i in a.limbs.indices {
      var carry: UInt64 = 0
      let ai = UInt64(a.limbs[i])
      for j in b.limbs.indices {
        // ai * bj + out + carry < 2^64: (2^32-1)^2 + 2 (2^32-1) = 2^64 - 1.
        let t = ai * UInt64(b.limbs[j]) + UInt64(out[i + j]) + carry
        out[i + j] = UInt32(truncatingIfNeeded: t)
        carry = t >> 32
      }
      out[i + b.limbs.count] = UInt32(truncatingIfNeeded: carry)
    }
    return BigUInt(limbs: out)
  }

  static func + (a: BigUInt, b: BigUInt) -> BigUInt {
    let n = max(a.limbs.count, b.limbs.count)
    var out = [UInt32]()
    out.reserveCapacity(n + 1)
    var carry: UInt64 = 0
    for i in 0..<n {
      let x = i < a.limbs.count ? UInt64(a.limbs[i]) : 0
      let y = i < b.limbs.count ? UInt64(b.limbs[i]) : 0
      let t = x + y + carry
      out.append(UInt32(truncatingIfNeeded: t))
      carry = t >> 32
    }
    if carry != 0 { out.append(UInt32(truncatingIfNeeded: carry)) }
    return BigUInt(limbs: out)
  }

  /// self -= b; requires self >= b (otherwise the result is meaningless but no trap occurs).
  mutating func subtract(_ b: BigUInt) {
    var borrow: Int64 = 0
    for i in limbs.indices {
      let y = i < b.limbs.count ? Int64(b.limbs[i]) : 0
      var t = Int64(limbs[i]) - y - borrow
      if t < 0 {
        t += 1 << 32
        borrow = 1
      } else {
        borrow = 0
      }
      limbs[i] = UInt32(truncatingIfNeeded: t)
    }
    normalise()
  }

  /// -1, 0 or 1 as a <, ==, > b.
  static func compare(_ a: BigUInt, _ b: BigUInt) -> Int {
    if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count ? -1 : 1 }
    var i = a.limbs.count - 1
    while i >= 0 {
      if a.limbs[i] != b.limbs[i] { return a.limbs[i] < b.limbs[i] ? -1 : 1 }
      i -= 1
    }
    return 0
  }

  /// Compares a + b with c without allocating the sum (it is needed once per digit): scanning
  /// upwards, the highest limb where they differ decides.
  static func compareSum(_ a: BigUInt, _ b: BigUInt, _ c: BigUInt) -> Int {
    let n = max(a.limbs.count, b.limbs.count, c.limbs.count)
    var carry: UInt64 = 0
    var result = 0
    for i in 0..<n {
      let x = i < a.limbs.count ? UInt64(a.limbs[i]) : 0
      let y = i < b.limbs.count ? UInt64(b.limbs[i]) : 0
      let t = x + y + carry
      let limb = UInt32(truncatingIfNeeded: t)
      carry = t >> 32
      let z = i < c.limbs.count ? c.limbs[i] : 0
      if limb != z { result = limb < z ? -1 : 1 }
    }
    return carry != 0 ? 1 : result
  }

  /// Replaces self by self mod d and returns self / d, which the caller guarantees is below 10
  /// (digit extraction); repeated subtraction is simple and never slower than a few compares.
  mutating func divideSmallQuotient(by d: BigUInt) -> Int {
    guard !d.isZero else { return 0 }
    var q = 0
    while q < 10 && BigUInt.compare(self, d) >= 0 {
      subtract(d)
      q += 1
    }
    return q
  }
}
