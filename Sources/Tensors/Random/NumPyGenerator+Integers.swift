/// `Generator.integers`: NumPy's `_bounded_integers` for scalar bounds, with Lemire's unbiased
/// multiply-and-reject (never the masked method) as `Generator` always uses.
extension NumPyGenerator {
  /// The inclusive value range of each integer dtype `integers` can produce.
  static func integerBounds(_ dtype: DType) throws -> (min: Int64, max: Int64) {
    switch dtype {
    case .int64: return (Int64.min, Int64.max)
    case .int32: return (Int64(Int32.min), Int64(Int32.max))
    case .uint8: return (0, 255)
    case .bool: return (0, 1)
    case .float32, .float64:
      throw RandomStateError("TypeError", "Unsupported dtype dtype('\(dtype.name)') for integers")
    }
  }

  /// `integers(low, high=None, size, dtype=np.int64, endpoint=False)`: `count` values in
  /// [low, high) (or [low, high] with `endpoint`), or from 0 to `low` when `high` is nil, drawn as
  /// NumPy draws them for `dtype`. Values come back widened to `Int64` (`bool` gives 0 and 1).
  /// Bounds are checked even when `count` is 0; callers skip the call for empty sizes, as NumPy
  /// returns an empty array before looking at the bounds.
  public mutating func integers(
    low lowIn: Int64, high highIn: Int64? = nil, count: Int, dtype: DType = .int64, endpoint: Bool = false
  ) throws -> [Int64] {
    let (low, high) = highIn.map { (lowIn, $0) } ?? (0, lowIn)
    let bounds = try Self.integerBounds(dtype)
    // The draw works on the closed interval [low, highClosed].
    let closedHigh = endpoint ? (partialValue: high, overflow: false) : high.subtractingReportingOverflow(1)
    if low < bounds.min { throw RandomStateError.value("low is out of bounds for \(dtype.name)") }
    if !closedHigh.overflow && closedHigh.partialValue > bounds.max {
      throw RandomStateError.value("high is out of bounds for \(dtype.name)")
    }
    if closedHigh.overflow || low > closedHigh.partialValue {
      let message =
        endpoint ? (low == 0 ? "high < 0" : "low > high") : (low == 0 ? "high <= 0" : "low >= high")
      throw RandomStateError.value(message)
    }
    let rng = UInt64(bitPattern: closedHigh.partialValue &- low)
    let n = max(count, 0)
    var out = [Int64]()
    out.reserveCapacity(n)
    if rng == 0 { return [Int64](repeating: low, count: n) }
    switch dtype {
    case .int64, .int32, .float32, .float64:
      for _ in 0..<n { out.append(low &+ Int64(bitPattern: boundedLemire(rng))) }
    case .uint8:
      var buffer = ByteBuffer()
      let r8 = UInt8(truncatingIfNeeded: rng)
      for _ in 0..<n { out.append(low &+ Int64(lemire8(r8, &buffer))) }
    case .bool:
      var buffer: UInt32 = 0
      var left = 0
      for _ in 0..<n {
        if left == 0 {
          buffer = bits.next32()
          left = 31
        } else {
          buffer >>= 1
          left -= 1
        }
        out.append(Int64(buffer & 1))
      }
    }
    return out
  }

  /// Bytes handed out from one 32-bit draw, low byte first (NumPy's `buffered_uint8`).
  struct ByteBuffer {
    var word: UInt32 = 0
    var left = 0
  }

  mutating func nextByte(_ b: inout ByteBuffer) -> UInt8 {
    if b.left == 0 {
      b.word = bits.next32()
      b.left = 3
    } else {
      b.word >>= 8
      b.left -= 1
    }
    return UInt8(truncatingIfNeeded: b.word)
  }

  /// Lemire's method on buffered bytes: a value in [0, rng] for `rng > 0`.
  mutating func lemire8(_ rng: UInt8, _ b: inout ByteBuffer) -> UInt8 {
    if rng == 0xff { return nextByte(&b) }
    let excl = UInt16(rng) + 1
    var m = UInt16(nextByte(&b)) * excl
    var leftover = m & 0xff
    if leftover < excl {
      let threshold = (255 - UInt16(rng)) % excl
      while leftover < threshold {
        m = UInt16(nextByte(&b)) * excl
        leftover = m & 0xff
      }
    }
    return UInt8(truncatingIfNeeded: m >> 8)
  }
}
