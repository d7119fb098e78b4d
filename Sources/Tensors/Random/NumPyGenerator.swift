#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#else
  import Foundation
#endif

/// NumPy's new-style generator, `numpy.random.Generator` over ``PCG64`` (what
/// `np.random.default_rng(seed)` returns), reproduced bit for bit: the same seed gives NumPy's
/// numbers for `random`, `standard_normal` / `normal` (the 256-layer ziggurat), `uniform`,
/// `integers` (Lemire's bounded integers), `poisson`, `binomial`, and the permutation methods in
/// `NumPyGenerator+Choice.swift`.
///
/// These are the one-value draws and their argument checks; `NumPyGenerator+Tensors.swift` fills
/// arrays of a NumPy `size`. Every failure is a thrown ``RandomStateError`` with NumPy's exception
/// class and message; nothing traps.
public struct NumPyGenerator: Sendable, Equatable {
  /// The bit generator (`rng.bit_generator`).
  public var bits: PCG64

  /// A generator over the given bit generator (`np.random.Generator(bit_generator)`).
  public init(bits: PCG64) { self.bits = bits }

  /// `np.random.default_rng(seed)`; `nil` takes fresh entropy from the operating system. Throws
  /// NumPy's `ValueError: expected non-negative integer` for a negative seed.
  public init(seed: Int?) throws {
    bits = PCG64(seedSequence: try seed.map { try SeedSequence(seed: $0) } ?? SeedSequence())
  }

  /// `np.random.default_rng([a, b, ...])`.
  public init(seed: [Int]) throws {
    bits = PCG64(seedSequence: try SeedSequence(seed: seed))
  }

  // MARK: Floats

  /// `random()`: a float64 in [0, 1) with 53 random bits.
  public mutating func random() -> Double { bits.nextDouble() }

  /// `random(dtype=np.float32)`: a float32 in [0, 1) with 24 random bits.
  public mutating func randomFloat() -> Float { bits.nextFloat() }

  /// `standard_normal()`: NumPy's float64 ziggurat. The low 8 bits of a 64-bit draw pick the
  /// layer, the next bit the sign and the next 52 the magnitude; most draws are accepted at once,
  /// the rest go through the wedge test or, in layer 0, the exponential tail beyond R.
  public mutating func standardNormal() -> Double {
    while true {
      var r = bits.next64()
      let idx = Int(r & 0xff)
      r >>= 8
      let negative = r & 1 == 1
      let rabs = (r >> 1) & 0x000f_ffff_ffff_ffff
      var x = Double(rabs) * ZigguratTables.wiDouble[idx]
      if negative { x = -x }
      if rabs < ZigguratTables.kiDouble[idx] { return x }
      if idx == 0 {
        while true {
          let xx = -ZigguratTables.normalInverseR * log1p(-bits.nextDouble())
          let yy = -log1p(-bits.nextDouble())
          if yy + yy > xx * xx {
            return (rabs >> 8) & 1 == 1 ? -(ZigguratTables.normalR + xx) : ZigguratTables.normalR + xx
          }
        }
      } else {
        let f0 = ZigguratTables.fiDouble[idx - 1]
        let f1 = ZigguratTables.fiDouble[idx]
        if (f0 - f1) * bits.nextDouble() + f1 < exp(-0.5 * x * x) { return x }
      }
    }
  }

  /// `standard_normal(dtype=np.float32)`: NumPy's float32 ziggurat on one 32-bit draw (8 bits of
  /// layer, a sign bit, 23 bits of magnitude), with float32 arithmetic throughout.
  public mutating func standardNormalFloat() -> Float {
    while true {
      let r = bits.next32()
      let idx = Int(r & 0xff)
      let negative = (r >> 8) & 1 == 1
      let rabs = (r >> 9) & 0x007f_ffff
      var x = Float(rabs) * ZigguratTables.wiFloat[idx]
      if negative { x = -x }
      if rabs < ZigguratTables.kiFloat[idx] { return x }
      if idx == 0 {
        while true {
          let xx = -ZigguratTables.normalInverseRFloat * log1pf(-bits.nextFloat())
          let yy = -log1pf(-bits.nextFloat())
          if yy + yy > xx * xx {
            return (rabs >> 8) & 1 == 1
              ? -(ZigguratTables.normalRFloat + xx) : ZigguratTables.normalRFloat + xx
          }
        }
      } else {
        let f0 = ZigguratTables.fiFloat[idx - 1]
        let f1 = ZigguratTables.fiFloat[idx]
        if (f0 - f1) * bits.nextFloat() + f1 < expf(-0.5 * x * x) { return x }
      }
    }
  }

  /// `normal(loc, scale)`: `loc + scale * standard_normal()`. Defaults: 0, 1.
  public mutating func normal(loc: Double = 0, scale: Double = 1) throws -> Double {
    try Self.checkNonNegative(scale, "scale")
    return loc + scale * standardNormal()
  }

  /// `uniform(low, high)`: `low + (high - low) * random()`. Defaults: 0, 1.
  public mutating func uniform(low: Double = 0, high: Double = 1) throws -> Double {
    let range = try Self.uniformRange(low, high)
    return low + range * bits.nextDouble()
  }

  /// `high - low`, with NumPy's errors: OverflowError when it is not finite (NaN included),
  /// ValueError when it is negative (-0.0 included, as NumPy tests the sign bit).
  public static func uniformRange(_ low: Double, _ high: Double) throws -> Double {
    let range = high - low
    guard range.isFinite else {
      throw RandomStateError("OverflowError", "high - low range exceeds valid bounds")
    }
    try checkNonNegative(range, "high - low")
    return range
  }

  /// NumPy's `CONS_NON_NEGATIVE`: `name < 0` for a negative value or -0.0; NaN passes.
  public static func checkNonNegative(_ value: Double, _ name: String) throws {
    if !value.isNaN && value.sign == .minus { throw RandomStateError.value("\(name) < 0") }
  }

  // MARK: Raw integers

  /// `random_interval(max)`: a value in [0, max] by masked rejection (32-bit draws when `max` fits
  /// in 32 bits). This is what `shuffle` and `permutation` draw.
  public mutating func randomInterval(_ max: UInt64) -> UInt64 {
    if max == 0 { return 0 }
    let mask = RandomState.mask(max)
    if max <= 0xffff_ffff {
      while true {
        let v = UInt64(bits.next32()) & mask
        if v <= max { return v }
      }
    }
    while true {
      let v = bits.next64() & mask
      if v <= max { return v }
    }
  }

  /// `random_bounded_uint64(off=0, rng, use_masked=False)`: a value in [0, rng] by Lemire's
  /// multiply-and-reject, on 32-bit draws when `rng` fits in 32 bits. `choice` draws this.
  public mutating func boundedLemire(_ rng: UInt64) -> UInt64 {
    if rng == 0 { return 0 }
    if rng < 0xffff_ffff { return UInt64(lemire32(UInt32(rng))) }
    if rng == 0xffff_ffff { return UInt64(bits.next32()) }
    if rng == UInt64.max { return bits.next64() }
    return lemire64(rng)
  }

  /// Lemire's method on 32-bit draws for `rng < 2^32 - 1`: a value in [0, rng].
  mutating func lemire32(_ rng: UInt32) -> UInt32 {
    let excl = rng &+ 1
    var m = UInt64(bits.next32()) &* UInt64(excl)
    var leftover = UInt32(truncatingIfNeeded: m)
    if leftover < excl {
      let threshold = (UInt32.max &- rng) % excl
      while leftover < threshold {
        m = UInt64(bits.next32()) &* UInt64(excl)
        leftover = UInt32(truncatingIfNeeded: m)
      }
    }
    return UInt32(truncatingIfNeeded: m >> 32)
  }

  /// Lemire's method on 64-bit draws for `rng < 2^64 - 1`: a value in [0, rng].
  mutating func lemire64(_ rng: UInt64) -> UInt64 {
    let excl = rng &+ 1
    var m = bits.next64().multipliedFullWidth(by: excl)
    if m.low < excl {
      let threshold = (UInt64.max &- rng) % excl
      while m.low < threshold {
        m = bits.next64().multipliedFullWidth(by: excl)
      }
    }
    return m.high
  }
}
