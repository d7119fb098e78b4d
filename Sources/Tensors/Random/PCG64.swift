/// NumPy's default bit generator, `numpy.random.PCG64`: a 128-bit linear congruential generator
/// whose 64-bit outputs are the XSL-RR permutation of the state (the high and low halves xor-ed,
/// rotated right by the state's top 6 bits).
///
/// Seeding follows NumPy: a ``SeedSequence`` gives four 64-bit words; the first two are the initial
/// state (high word first) and the last two the stream selector, from which the increment is
/// `(selector << 1) | 1`. The generator then steps once with state 0, adds the initial state and
/// steps again. Each output steps the LCG first and permutes the new state.
///
/// `next32` hands out the low half of a 64-bit output and keeps the high half for the next call, as
/// NumPy's `has_uint32` / `uinteger` buffer does.
public struct PCG64: Sendable, Equatable {
  /// The LCG multiplier (PCG's default 128-bit multiplier).
  public static let multiplier: UInt128 = 0x2360_ED05_1FC6_5DA4_4385_DF64_9FCC_F645

  /// The 128-bit LCG state (`bit_generator.state['state']['state']`).
  public private(set) var state: UInt128
  /// The odd increment (`bit_generator.state['state']['inc']`).
  public private(set) var increment: UInt128
  /// Whether the high half of the last 64-bit output is waiting to be used by ``next32()``.
  public private(set) var hasUInt32: Bool = false
  /// The buffered 32-bit half (0 when there is none).
  public private(set) var bufferedUInt32: UInt32 = 0

  /// The generator NumPy seeds from `seedSequence`: `PCG64(SeedSequence(seed))`.
  public init(seedSequence: SeedSequence) {
    let words = seedSequence.generateState64(4)
    let initState = (UInt128(words[0]) << 64) | UInt128(words[1])
    let initSequence = (UInt128(words[2]) << 64) | UInt128(words[3])
    self.init(initialState: initState, sequence: initSequence)
  }

  /// `PCG64(seed)` / `default_rng(seed)` for a non-negative integer seed; throws NumPy's error for a
  /// negative one.
  public init(seed: Int) throws {
    self.init(seedSequence: try SeedSequence(seed: seed))
  }

  /// PCG's `srandom(initstate, initseq)`.
  public init(initialState: UInt128, sequence: UInt128) {
    state = 0
    increment = (sequence << 1) | 1
    step()
    state = state &+ initialState
    step()
  }

  /// A generator in exactly the given state, as `bit_generator.state = {...}` sets it. The
  /// increment is forced odd.
  public init(state: UInt128, increment: UInt128, hasUInt32: Bool = false, bufferedUInt32: UInt32 = 0) {
    self.state = state
    self.increment = increment | 1
    self.hasUInt32 = hasUInt32
    self.bufferedUInt32 = hasUInt32 ? bufferedUInt32 : 0
  }

  mutating func step() {
    state = state &* PCG64.multiplier &+ increment
  }

  /// The next 64-bit output.
  public mutating func next64() -> UInt64 {
    step()
    let high = UInt64(truncatingIfNeeded: state >> 64)
    let low = UInt64(truncatingIfNeeded: state)
    let rotation = UInt64(truncatingIfNeeded: state >> 122)
    return (high ^ low).rotatedRight(by: rotation)
  }

  /// The next 32-bit output: the buffered high half if there is one, else the low half of a new
  /// 64-bit output (whose high half is buffered).
  public mutating func next32() -> UInt32 {
    if hasUInt32 {
      hasUInt32 = false
      let value = bufferedUInt32
      bufferedUInt32 = 0
      return value
    }
    let next = next64()
    hasUInt32 = true
    bufferedUInt32 = UInt32(truncatingIfNeeded: next >> 32)
    return UInt32(truncatingIfNeeded: next)
  }

  /// A double in [0, 1) from the top 53 bits of a 64-bit output.
  public mutating func nextDouble() -> Double {
    Double(next64() >> 11) * (1.0 / 9_007_199_254_740_992.0)
  }

  /// A float in [0, 1) from the top 24 bits of a 32-bit output.
  public mutating func nextFloat() -> Float {
    Float(next32() >> 8) * (1.0 / 16_777_216.0)
  }

  /// Advances the LCG by `delta` steps in O(log delta) (PCG's jump-ahead; NumPy's `advance`).
  /// The buffered 32-bit half is dropped, as NumPy drops it.
  public mutating func advance(_ delta: UInt128) {
    var accMult: UInt128 = 1
    var accPlus: UInt128 = 0
    var curMult = PCG64.multiplier
    var curPlus = increment
    var d = delta
    while d > 0 {
      if d & 1 == 1 {
        accMult = accMult &* curMult
        accPlus = accPlus &* curMult &+ curPlus
      }
      curPlus = (curMult &+ 1) &* curPlus
      curMult = curMult &* curMult
      d >>= 1
    }
    state = accMult &* state &+ accPlus
    hasUInt32 = false
    bufferedUInt32 = 0
  }
}

extension UInt64 {
  /// Rotates right by `n` (mod 64) bits.
  @inline(__always)
  func rotatedRight(by n: UInt64) -> UInt64 {
    let r = n & 63
    return r == 0 ? self : (self >> r) | (self << (64 - r))
  }
}
