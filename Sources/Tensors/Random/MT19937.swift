/// The 32-bit Mersenne Twister (MT19937) exactly as NumPy's legacy `RandomState` runs it:
/// `init_genrand` for integer seeds, `init_by_array` for sequences, the standard tempering, and
/// NumPy's composition of wider values (`next64` is the first word in the high half, `nextDouble`
/// the 53-bit `(a >> 5, b >> 6)` construction).
public struct MT19937: Sendable, Equatable {
  /// Words of state.
  public static let stateLength = 624
  static let m = 397
  static let matrixA: UInt32 = 0x9908_b0df
  static let upperMask: UInt32 = 0x8000_0000
  static let lowerMask: UInt32 = 0x7fff_ffff

  /// The 624 words of state (NumPy's `state['key']`).
  public private(set) var key: [UInt32]
  /// The next word to temper (NumPy's `state['pos']`); 624 means "twist before the next draw".
  public private(set) var pos: Int

  /// Seeds like `init_genrand(seed)`.
  public init(seed: UInt32) {
    key = [UInt32](repeating: 0, count: Self.stateLength)
    pos = Self.stateLength
    self.seed(seed)
  }

  /// Seeds like `init_by_array(keyWords)`; an empty key is treated as `[0]`.
  public init(key keyWords: [UInt32]) {
    key = [UInt32](repeating: 0, count: Self.stateLength)
    pos = Self.stateLength
    seed(key: keyWords)
  }

  /// Restores a saved state. Returns nil unless `key` has 624 words and `0 <= pos <= 624`.
  public init?(key: [UInt32], pos: Int) {
    guard key.count == Self.stateLength, pos >= 0, pos <= Self.stateLength else { return nil }
    self.key = key
    self.pos = pos
  }

  /// `init_genrand`: `mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] >> 30)) + i`.
  public mutating func seed(_ seed: UInt32) {
    var s = seed
    key.withUnsafeMutableBufferPointer { mt in
      for i in 0..<Self.stateLength {
        mt[i] = s
        s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(truncatingIfNeeded: i + 1)
      }
    }
    pos = Self.stateLength
  }

  /// `init_by_array` from the reference implementation (as NumPy's `mt19937_init_by_array`).
  public mutating func seed(key initKey: [UInt32]) {
    let initKey = initKey.isEmpty ? [0] : initKey
    seed(19_650_218)
    let n = Self.stateLength
    key.withUnsafeMutableBufferPointer { mt in
      var i = 1
      var j = 0
      var k = max(n, initKey.count)
      while k > 0 {
        let prev = mt[i - 1]
        mt[i] =
          (mt[i] ^ ((prev ^ (prev >> 30)) &* 1_664_525)) &+ initKey[j]
          &+ UInt32(truncatingIfNeeded: j)
        i += 1
        j += 1
        if i >= n {
          mt[0] = mt[n - 1]
          i = 1
        }
        if j >= initKey.count { j = 0 }
        k -= 1
      }
      k = n - 1
      while k > 0 {
        let prev = mt[i - 1]
        mt[i] = (mt[i] ^ ((prev ^ (prev >> 30)) &* 1_566_083_941)) &- UInt32(truncatingIfNeeded: i)
        i += 1
        if i >= n {
          mt[0] = mt[n - 1]
          i = 1
        }
        k -= 1
      }
      mt[0] = 0x8000_0000
    }
    pos = n
  }

  /// Regenerates all 624 words.
  mutating func twist() {
    let n = Self.stateLength
    let m = Self.m
    key.withUnsafeMutableBufferPointer { mt in
      @inline(__always) func mix(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt32 {
        let y = (a & Self.upperMask) | (b & Self.lowerMask)
        return c ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : Self.matrixA)
      }
      for i in 0..<(n - m) {
        mt[i] = mix(mt[i], mt[i + 1], mt[i + m])
      }
      for i in (n - m)..<(n - 1) {
        mt[i] = mix(mt[i], mt[i + 1], mt[i + m - n])
      }
      mt[n - 1] = mix(mt[n - 1], mt[0], mt[m - 1])
    }
    pos = 0
  }

  /// The next tempered 32-bit word (`genrand_int32`).
  @inline(__always)
  public mutating func next32() -> UInt32 {
    if pos >= Self.stateLength { twist() }
    var y = key[pos]
    pos += 1
    y ^= y >> 11
    y ^= (y << 7) & 0x9d2c_5680
    y ^= (y << 15) & 0xefc6_0000
    y ^= y >> 18
    return y
  }

  /// Two words, the first in the high half (NumPy's `mt19937_next64`).
  @inline(__always)
  public mutating func next64() -> UInt64 {
    let hi = UInt64(next32())
    let lo = UInt64(next32())
    return hi << 32 | lo
  }

  /// A double in [0, 1) with 53 random bits: `((a >> 5) * 2^26 + (b >> 6)) / 2^53`.
  @inline(__always)
  public mutating func nextDouble() -> Double {
    let a = Double(next32() >> 5)
    let b = Double(next32() >> 6)
    return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
  }
}
