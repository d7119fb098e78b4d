/// NumPy's `SeedSequence` (`numpy.random.SeedSequence`): turns a seed of any size into a pool of
/// well-mixed 32-bit words, and the pool into as many words of generator state as asked for.
/// `np.random.default_rng(seed)` seeds PCG64 from `generateState64(4)` of this sequence.
///
/// The algorithm is NumPy's: the entropy is split into 32-bit words (least significant first),
/// hashed into a pool of 4 words with one multiplicative hash, every pool word is mixed into every
/// other, and output words come from a second hash cycling over the pool. All arithmetic wraps
/// modulo 2^32. Defaults: pool size 4, no spawn key.
public struct SeedSequence: Sendable, Equatable {
  /// The number of 32-bit words in the pool (NumPy's `DEFAULT_POOL_SIZE`).
  public static let poolSize = 4

  static let initA: UInt32 = 0x43b0_d7e5
  static let multA: UInt32 = 0x931e_8875
  static let initB: UInt32 = 0x8b51_f9dd
  static let multB: UInt32 = 0x58f3_8ded
  static let mixMultL: UInt32 = 0xca01_f9dd
  static let mixMultR: UInt32 = 0x4973_f715
  static let xShift: UInt32 = 16

  /// The entropy words the pool was mixed from (the seed's 32-bit words, low word first).
  public let entropy: [UInt32]
  /// The mixed pool (`SeedSequence(seed).pool` in NumPy).
  public private(set) var pool: [UInt32]

  /// The sequence for the given entropy words, as NumPy builds it for a seed whose 32-bit words
  /// (low first, each integer of a list contributing its own words) are `entropy`.
  public init(entropy: [UInt32]) {
    self.entropy = entropy
    pool = SeedSequence.mix(entropy)
  }

  /// `SeedSequence(seed)` for a Python integer seed: throws NumPy's
  /// `ValueError: expected non-negative integer` for a negative seed.
  public init(seed: Int) throws {
    self.init(entropy: try SeedSequence.words(seed))
  }

  /// `SeedSequence([a, b, ...])`: the words of each integer, concatenated.
  public init(seed: [Int]) throws {
    var words = [UInt32]()
    for s in seed { words += try SeedSequence.words(s) }
    self.init(entropy: words)
  }

  /// `SeedSequence()` / `SeedSequence(None)`: 128 bits of fresh entropy from the operating system.
  public init() {
    var g = SystemRandomNumberGenerator()
    self.init(entropy: (0..<SeedSequence.poolSize).map { _ in UInt32.random(in: .min ... .max, using: &g) })
  }

  /// The 32-bit words of a non-negative integer, low word first (`[0]` for zero).
  static func words(_ n: Int) throws -> [UInt32] {
    guard n >= 0 else { throw RandomStateError.value("expected non-negative integer") }
    let u = UInt64(n)
    let low = UInt32(truncatingIfNeeded: u)
    let high = UInt32(truncatingIfNeeded: u >> 32)
    return high == 0 ? [low] : [low, high]
  }

  /// The pool: NumPy's `mix_entropy` over a zeroed pool of `poolSize` words.
  static func mix(_ entropy: [UInt32]) -> [UInt32] {
    var hashConst = initA
    func hashmix(_ value: UInt32) -> UInt32 {
      var v = value ^ hashConst
      hashConst = hashConst &* multA
      v = v &* hashConst
      return v ^ (v >> xShift)
    }
    func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
      let r = (mixMultL &* x) &- (mixMultR &* y)
      return r ^ (r >> xShift)
    }
    var pool = [UInt32](repeating: 0, count: poolSize)
    for i in 0..<poolSize {
      pool[i] = hashmix(i < entropy.count ? entropy[i] : 0)
    }
    for src in 0..<poolSize {
      for dst in 0..<poolSize where src != dst {
        pool[dst] = mix(pool[dst], hashmix(pool[src]))
      }
    }
    if entropy.count > poolSize {
      for src in poolSize..<entropy.count {
        for dst in 0..<poolSize {
          pool[dst] = mix(pool[dst], hashmix(entropy[src]))
        }
      }
    }
    return pool
  }

  /// `generate_state(n, np.uint32)`: `n` words of state hashed from the pool.
  public func generateState32(_ n: Int) -> [UInt32] {
    var hashConst = SeedSequence.initB
    var out = [UInt32]()
    out.reserveCapacity(max(n, 0))
    for i in 0..<max(n, 0) {
      var v = pool[i % pool.count] ^ hashConst
      hashConst = hashConst &* SeedSequence.multB
      v = v &* hashConst
      out.append(v ^ (v >> SeedSequence.xShift))
    }
    return out
  }

  /// `generate_state(n, np.uint64)`: `2n` 32-bit words paired little-endian (low word first).
  public func generateState64(_ n: Int) -> [UInt64] {
    let w = generateState32(2 * max(n, 0))
    return (0..<max(n, 0)).map { UInt64(w[2 * $0]) | (UInt64(w[2 * $0 + 1]) << 32) }
  }
}
