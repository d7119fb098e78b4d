#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#else
  import Foundation
#endif

/// An error raised by ``RandomState`` with the Python exception class NumPy raises
/// (`ValueError`, `OverflowError`, `TypeError`) and NumPy's message.
public struct RandomStateError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The Python exception class name, e.g. `ValueError`.
  public let type: String
  /// NumPy's message, e.g. `low >= high`.
  public let message: String

  public init(_ type: String, _ message: String) {
    self.type = type
    self.message = message
  }

  static func value(_ message: String) -> RandomStateError { .init("ValueError", message) }

  /// `ValueError: low >= high`, as Python prints it.
  public var description: String { "\(type): \(message)" }
}

/// NumPy's legacy random generator (`numpy.random.RandomState`, the one behind `np.random.seed`,
/// `np.random.rand`, ...) reproduced bit for bit: MT19937 plus the legacy polar Box–Muller gaussian
/// cache, the masked rejection sampling of `randint`, the legacy Fisher–Yates `shuffle`, and the legacy
/// `choice` algorithms.
///
/// Shapes are NumPy `size` arguments: `nil` means "one value" (a scalar in NumPy), an array gives the
/// shape and results come back flat in row-major (C) order. Every failure is a thrown
/// ``RandomStateError`` carrying NumPy's exception class and message; nothing traps.
public struct RandomState: Sendable {
  /// The underlying bit generator.
  public internal(set) var mt: MT19937
  /// Whether a second gaussian is cached (NumPy's `has_gauss`).
  public private(set) var hasGauss: Bool = false
  /// The cached gaussian (NumPy's `cached_gaussian`, 0 when there is none).
  public private(set) var cachedGaussian: Double = 0

  // MARK: Construction and seeding

  /// A generator seeded from the operating system's entropy, like `RandomState()` / NumPy at start-up.
  public init() {
    var g = SystemRandomNumberGenerator()
    var words = [UInt32]()
    words.reserveCapacity(MT19937.stateLength)
    for _ in 0..<MT19937.stateLength { words.append(UInt32.random(in: .min ... .max, using: &g)) }
    mt = MT19937(key: words)
  }

  /// An independent generator, `np.random.RandomState(seed)`, for a seed known to be valid.
  public init(seed: UInt32) {
    mt = MT19937(seed: seed)
  }

  /// An independent generator, `np.random.RandomState(seed)`; throws NumPy's error unless
  /// `0 <= seed < 2**32`.
  public init(seed: Int) throws {
    mt = MT19937(seed: try Self.checkedSeed(seed))
  }

  /// An independent generator seeded from a sequence, `np.random.RandomState([a, b, ...])`.
  public init(seed: [Int]) throws {
    mt = MT19937(key: try Self.checkedSeedKey(seed))
  }

  /// `np.random.seed(n)`: `init_genrand(n)` and a cleared gaussian cache.
  public mutating func seed(_ seed: Int) throws {
    mt.seed(try Self.checkedSeed(seed))
    resetCaches()
  }

  /// `np.random.seed([a, b, ...])`: `init_by_array` and a cleared gaussian cache.
  public mutating func seed(_ seed: [Int]) throws {
    mt.seed(key: try Self.checkedSeedKey(seed))
    resetCaches()
  }

  /// `np.random.seed()` / `np.random.seed(None)`: fresh entropy.
  public mutating func seed() {
    self = RandomState()
  }

  static func checkedSeed(_ seed: Int) throws -> UInt32 {
    guard seed >= 0, seed <= Int(UInt32.max) else {
      throw RandomStateError.value("Seed must be between 0 and 2**32 - 1")
    }
    return UInt32(seed)
  }

  static func checkedSeedKey(_ seed: [Int]) throws -> [UInt32] {
    guard !seed.isEmpty else { throw RandomStateError.value("Seed must be non-empty") }
    return try seed.map { try checkedSeed($0) }
  }

  mutating func resetCaches() {
    hasGauss = false
    cachedGaussian = 0
  }

  /// NumPy's `get_state()` / `set_state()` content: `('MT19937', key, pos, has_gauss, cached_gaussian)`.
  public struct State: Sendable, Equatable {
    public var key: [UInt32]
    public var pos: Int
    public var hasGauss: Bool
    public var cachedGaussian: Double

    public init(key: [UInt32], pos: Int, hasGauss: Bool, cachedGaussian: Double) {
      self.key = key
      self.pos = pos
      self.hasGauss = hasGauss
      self.cachedGaussian = cachedGaussian
    }
  }

  /// The full state, as `get_state()` returns it.
  public var state: State {
    State(key: mt.key, pos: mt.pos, hasGauss: hasGauss, cachedGaussian: cachedGaussian)
  }

  /// `set_state(...)`; throws NumPy's error for a key that is not 624 words.
  public mutating func setState(_ state: State) throws {
    guard let restored = MT19937(key: state.key, pos: state.pos) else {
      throw RandomStateError.value("state must be 624 elements")
    }
    mt = restored
    hasGauss = state.hasGauss
    cachedGaussian = state.hasGauss ? state.cachedGaussian : 0
  }

  // MARK: Primitive draws

  /// The next raw 32-bit word.
  public mutating func nextUInt32() -> UInt32 { mt.next32() }

  /// The next raw 64-bit value (two words, the first in the high half).
  public mutating func nextUInt64() -> UInt64 { mt.next64() }

  /// One double in [0, 1) with 53 random bits (`random_sample()`).
  public mutating func randomDouble() -> Double { mt.nextDouble() }

  /// One standard normal value from the legacy polar Box–Muller method: each pair of accepted
  /// uniforms yields two values, the second cached for the next call.
  public mutating func gauss() -> Double {
    if hasGauss {
      let value = cachedGaussian
      hasGauss = false
      cachedGaussian = 0
      return value
    }
    var x1 = 0.0
    var x2 = 0.0
    var r2 = 0.0
    repeat {
      x1 = 2.0 * mt.nextDouble() - 1.0
      x2 = 2.0 * mt.nextDouble() - 1.0
      r2 = x1 * x1 + x2 * x2
    } while r2 >= 1.0 || r2 == 0.0
    let f = (-2.0 * log(r2) / r2).squareRoot()
    cachedGaussian = f * x1
    hasGauss = true
    return f * x2
  }

  /// `random_interval(max)`: a value in [0, max] by masked rejection on 32-bit words when `max`
  /// fits in 32 bits, 64-bit values otherwise. This is what the legacy `shuffle` draws.
  public mutating func randomInterval(_ max: UInt64) -> UInt64 {
    if max == 0 { return 0 }
    let mask = Self.mask(max)
    if max <= 0xffff_ffff {
      while true {
        let v = UInt64(mt.next32()) & mask
        if v <= max { return v }
      }
    } else {
      while true {
        let v = mt.next64() & mask
        if v <= max { return v }
      }
    }
  }

  /// The smallest all-ones bit mask covering `value`.
  static func mask(_ value: UInt64) -> UInt64 {
    var m = value
    m |= m >> 1
    m |= m >> 2
    m |= m >> 4
    m |= m >> 8
    m |= m >> 16
    m |= m >> 32
    return m
  }

  // MARK: Shapes

  /// The element count of a NumPy `size` shape, with NumPy's errors for negative dimensions and sizes
  /// whose byte count does not fit.
  public static func elementCount(_ shape: [Int], itemSize: Int = 8) throws -> Int {
    if shape.contains(where: { $0 < 0 }) {
      throw RandomStateError.value("negative dimensions are not allowed")
    }
    var count = 1
    var overflow = false
    for d in shape {
      let (p, o) = count.multipliedReportingOverflow(by: d)
      count = p
      overflow = overflow || o
    }
    let (_, bytesOverflow) = count.multipliedReportingOverflow(by: max(itemSize, 1))
    if (overflow || bytesOverflow) && count != 0 {
      throw RandomStateError.value(
        "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.")
    }
    return overflow ? 0 : count
  }

  // MARK: Floats

  /// `random_sample()` / `rand()` / `random()`: one double in [0, 1).
  public mutating func randomSample() -> Double { mt.nextDouble() }

  /// `random_sample(size)`: `size` doubles in [0, 1), row-major.
  public mutating func randomSample(size: [Int]) throws -> [Double] {
    let n = try Self.elementCount(size)
    return fill(n) { $0.mt.nextDouble() }
  }

  /// `rand(d0, d1, ...)`: like `random_sample((d0, d1, ...))`; no dimensions gives one value.
  public mutating func rand(_ dims: [Int]) throws -> [Double] {
    try randomSample(size: dims)
  }

  /// `uniform(low, high)`: `low + (high - low) * random_sample()`. `low > high` is allowed, as in NumPy.
  public mutating func uniform(low: Double = 0, high: Double = 1) throws -> Double {
    let range = try Self.uniformRange(low, high)
    return low + range * mt.nextDouble()
  }

  /// `uniform(low, high, size)`.
  public mutating func uniform(low: Double = 0, high: Double = 1, size: [Int]) throws -> [Double] {
    let range = try Self.uniformRange(low, high)
    let n = try Self.elementCount(size)
    return fill(n) { low + range * $0.mt.nextDouble() }
  }

  static func uniformRange(_ low: Double, _ high: Double) throws -> Double {
    let range = high - low
    guard range.isFinite else { throw RandomStateError("OverflowError", "Range exceeds valid bounds") }
    return range
  }

  /// `standard_normal()` / `randn()`: one value of the legacy gaussian.
  public mutating func standardNormal() -> Double { gauss() }

  /// `standard_normal(size)`.
  public mutating func standardNormal(size: [Int]) throws -> [Double] {
    let n = try Self.elementCount(size)
    return fill(n) { $0.gauss() }
  }

  /// `randn(d0, d1, ...)`.
  public mutating func randn(_ dims: [Int]) throws -> [Double] {
    try standardNormal(size: dims)
  }

  /// `normal(loc, scale)`: `loc + scale * gauss()`; `scale < 0` is NumPy's `ValueError`.
  public mutating func normal(loc: Double = 0, scale: Double = 1) throws -> Double {
    try Self.checkScale(scale)
    return loc + scale * gauss()
  }

  /// `normal(loc, scale, size)`.
  public mutating func normal(loc: Double = 0, scale: Double = 1, size: [Int]) throws -> [Double] {
    try Self.checkScale(scale)
    let n = try Self.elementCount(size)
    return fill(n) { loc + scale * $0.gauss() }
  }

  static func checkScale(_ scale: Double) throws {
    if scale < 0 { throw RandomStateError.value("scale < 0") }
  }

  mutating func fill(_ n: Int, _ draw: (inout RandomState) -> Double) -> [Double] {
    var out = [Double]()
    out.reserveCapacity(n)
    for _ in 0..<n { out.append(draw(&self)) }
    return out
  }

  // MARK: Integers

  /// The integer dtypes `randint` can produce and the inclusive range of each.
  static func integerBounds(_ dtype: DType) throws -> (min: Int64, max: Int64) {
    switch dtype {
    case .int64: return (Int64.min, Int64.max)
    case .int32: return (Int64(Int32.min), Int64(Int32.max))
    case .uint8: return (0, 255)
    case .bool: return (0, 1)
    case .float32, .float64:
      throw RandomStateError("TypeError", "Unsupported dtype dtype('\(dtype.name)') for randint")
    }
  }

  /// `randint(low, high=None, size=None, dtype=int)`: one value in [low, high) (or [0, low) when
  /// `high` is nil), drawn as legacy NumPy draws it for `dtype`.
  public mutating func randint(low: Int64, high: Int64? = nil, dtype: DType = .int64) throws -> Int64 {
    let r = try randintCore(low: low, high: high, size: nil, dtype: dtype)
    return r.first ?? 0
  }

  /// `randint(low, high, size, dtype)`: values in [low, high) (or [0, low) when `high` is nil),
  /// row-major for the shape `size`. Values are returned widened to `Int64` whatever the dtype
  /// (`bool` gives 0 and 1).
  public mutating func randint(
    low: Int64, high: Int64? = nil, size: [Int], dtype: DType = .int64
  ) throws -> [Int64] {
    try randintCore(low: low, high: high, size: size, dtype: dtype)
  }

  mutating func randintCore(low lowIn: Int64, high highIn: Int64?, size: [Int]?, dtype: DType) throws
    -> [Int64]
  {
    let (low, high) = highIn.map { (lowIn, $0) } ?? (0, lowIn)
    let bounds = try Self.integerBounds(dtype)
    // NumPy returns an empty array before looking at the bounds when the size has no elements.
    var count = 1
    if let size {
      var product = 1
      for d in size { product = product.multipliedReportingOverflow(by: d).partialValue }
      if product == 0 {
        _ = try Self.elementCount(size)
        return []
      }
    }
    if low < bounds.min { throw RandomStateError.value("low is out of bounds for \(dtype.name)") }
    // The internal generator works on the closed interval [low, high - 1].
    let highClosed = high.subtractingReportingOverflow(1)
    if highClosed.overflow || highClosed.partialValue > bounds.max {
      // high = Int64.min: the closed high is below every low.
      if highClosed.overflow { throw RandomStateError.value(Self.boundsMessage(low: low)) }
      throw RandomStateError.value("high is out of bounds for \(dtype.name)")
    }
    if low > highClosed.partialValue { throw RandomStateError.value(Self.boundsMessage(low: low)) }
    if let size { count = try Self.elementCount(size, itemSize: dtype.itemSize) }

    let rng = UInt64(bitPattern: highClosed.partialValue &- low)
    let off = low
    var out = [Int64]()
    out.reserveCapacity(count)
    switch dtype {
    case .int64, .int32, .float32, .float64:
      // int32 draws exactly like int64 here: its range always fits in 32 bits.
      if rng == 0 {
        out = [Int64](repeating: off, count: count)
      } else if rng <= 0xffff_ffff {
        if rng == 0xffff_ffff {
          for _ in 0..<count { out.append(off &+ Int64(mt.next32())) }
        } else {
          let mask = UInt32(truncatingIfNeeded: Self.mask(rng))
          let r32 = UInt32(truncatingIfNeeded: rng)
          for _ in 0..<count {
            var v: UInt32
            repeat { v = mt.next32() & mask } while v > r32
            out.append(off &+ Int64(v))
          }
        }
      } else if rng == UInt64.max {
        for _ in 0..<count { out.append(off &+ Int64(bitPattern: mt.next64())) }
      } else {
        let mask = Self.mask(rng)
        for _ in 0..<count {
          var v: UInt64
          repeat { v = mt.next64() & mask } while v > rng
          out.append(off &+ Int64(bitPattern: v))
        }
      }
    case .uint8:
      // Bytes come from a 32-bit word used low byte first, four draws per word.
      var buf: UInt32 = 0
      var bcnt = 0
      let r8 = UInt8(truncatingIfNeeded: rng)
      let mask = UInt8(truncatingIfNeeded: Self.mask(rng))
      func nextByte(_ s: inout RandomState) -> UInt8 {
        if bcnt == 0 {
          buf = s.mt.next32()
          bcnt = 3
        } else {
          buf >>= 8
          bcnt -= 1
        }
        return UInt8(truncatingIfNeeded: buf)
      }
      for _ in 0..<count {
        if rng == 0 {
          out.append(off)
        } else if r8 == 0xff {
          out.append(off + Int64(nextByte(&self)))
        } else {
          var v: UInt8
          repeat { v = nextByte(&self) & mask } while v > r8
          out.append(off + Int64(v))
        }
      }
    case .bool:
      // Bits come from a 32-bit word used low bit first, 32 draws per word.
      var buf: UInt32 = 0
      var bcnt = 0
      for _ in 0..<count {
        if rng == 0 {
          out.append(off)
          continue
        }
        if bcnt == 0 {
          buf = mt.next32()
          bcnt = 31
        } else {
          buf >>= 1
          bcnt -= 1
        }
        out.append(Int64(buf & 1))
      }
    }
    return out
  }

  /// NumPy's `format_bounds_error` for the half-open interval.
  static func boundsMessage(low: Int64) -> String {
    low == 0 ? "high <= 0" : "low >= high"
  }

  // MARK: Permutations

  /// The legacy in-place Fisher–Yates shuffle: for `i` from `count - 1` down to 1, swap element `i`
  /// with element `randomInterval(i)`.
  public mutating func shuffle<T>(_ x: inout [T]) {
    shuffle(count: x.count) { x.swapAt($0, $1) }
  }

  /// The legacy shuffle for any container of `count` items (e.g. the rows of a tensor): calls
  /// `swap(i, j)` for each step, in NumPy's order, including steps where `i == j`.
  public mutating func shuffle(count: Int, swap: (Int, Int) -> Void) {
    var i = count - 1
    while i >= 1 {
      let j = Int(randomInterval(UInt64(i)))
      swap(i, j)
      i -= 1
    }
  }

  /// `permutation(n)`: `arange(n)` shuffled (empty for `n <= 0`, as `np.arange` gives).
  public mutating func permutation(_ n: Int) -> [Int] {
    guard n > 0 else { return [] }
    var a = Array(0..<n)
    shuffle(&a)
    return a
  }

  // MARK: choice

  /// `choice(a, size, replace, p)` for an integer `a`: indices into `range(a)`, row-major for the
  /// shape `size` (`nil` gives one index).
  public mutating func choice(
    _ a: Int, size: [Int]? = nil, replace: Bool = true, p: [Double]? = nil
  ) throws -> [Int] {
    try choiceIndices(populationSize: a, fromArray: false, size: size, replace: replace, p: p)
  }

  /// `choice(a, size, replace, p)` for a 1-d array `a`: the chosen elements.
  public mutating func choice<T>(
    _ a: [T], size: [Int]? = nil, replace: Bool = true, p: [Double]? = nil
  ) throws -> [T] {
    let idx = try choiceIndices(populationSize: a.count, fromArray: true, size: size, replace: replace, p: p)
    return idx.map { a[$0] }
  }

  /// The indices legacy `choice` picks from a population of `populationSize` (an integer `a` when
  /// `fromArray` is false, else the length of a 1-d array `a`, which changes the error messages).
  public mutating func choiceIndices(
    populationSize popSize: Int, fromArray: Bool, size: [Int]?, replace: Bool, p: [Double]?
  ) throws -> [Int] {
    // np.prod(size) != 0 (np.prod(None) is None, which is != 0).
    let sizeProduct: Int? = size.map { $0.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue } }
    let takesSamples = sizeProduct.map { $0 != 0 } ?? true
    if fromArray {
      if popSize == 0 && takesSamples {
        throw RandomStateError.value("'a' cannot be empty unless no samples are taken")
      }
    } else if popSize <= 0 && takesSamples {
      throw RandomStateError.value("a must be greater than 0 unless no samples are taken")
    }
    if let p {
      if p.count != popSize { throw RandomStateError.value("'a' and 'p' must have same size") }
      let atol = Double.ulpOfOne.squareRoot()
      let pSum = Self.kahanSum(p)
      if pSum.isNaN { throw RandomStateError.value("probabilities contain NaN") }
      if p.contains(where: { $0 < 0 }) {
        throw RandomStateError.value("probabilities are not non-negative")
      }
      if !(abs(pSum - 1.0) <= atol) { throw RandomStateError.value("probabilities do not sum to 1") }
    }
    let shape = size ?? []
    let count = sizeProduct ?? 1

    if replace {
      if let p {
        let cdf = Self.normalizedCumsum(p)
        let u = try randomSample(size: shape)
        return u.map { Self.searchsortedRight(cdf, $0) }
      }
      return try randintCore(low: 0, high: Int64(popSize), size: shape, dtype: .int64).map { Int($0) }
    }

    if count > popSize {
      throw RandomStateError.value("Cannot take a larger sample than population when 'replace=False'")
    }
    if count < 0 { throw RandomStateError.value("Negative dimensions are not allowed") }
    _ = try Self.elementCount(shape)

    if var p {
      if p.filter({ $0 > 0 }).count < count {
        throw RandomStateError.value("Fewer non-zero entries in p than size")
      }
      var found = [Int]()
      found.reserveCapacity(count)
      while found.count < count {
        let x = try randomSample(size: [count - found.count])
        for f in found { p[f] = 0 }
        let cdf = Self.normalizedCumsum(p)
        var seen = Set<Int>()
        for u in x {
          let k = Self.searchsortedRight(cdf, u)
          if seen.insert(k).inserted { found.append(k) }
        }
      }
      return found
    }
    return Array(permutation(popSize).prefix(count))
  }

  /// `kahan_sum` as `choice` uses it to check that `p` sums to 1.
  static func kahanSum(_ a: [Double]) -> Double {
    guard var sum = a.first else { return 0 }
    var c = 0.0
    for x in a.dropFirst() {
      let y = x - c
      let t = sum + y
      c = (t - sum) - y
      sum = t
    }
    return sum
  }

  /// `cdf = p.cumsum(); cdf /= cdf[-1]`.
  static func normalizedCumsum(_ p: [Double]) -> [Double] {
    var cdf = [Double]()
    cdf.reserveCapacity(p.count)
    var acc = 0.0
    for (i, x) in p.enumerated() {
      acc = i == 0 ? x : acc + x
      cdf.append(acc)
    }
    let last = cdf.last ?? 1
    return cdf.map { $0 / last }
  }

  /// `searchsorted(cdf, u, side='right')`: the first index whose value is greater than `u`.
  static func searchsortedRight(_ a: [Double], _ u: Double) -> Int {
    var lo = 0
    var hi = a.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if a[mid] <= u { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }
}
