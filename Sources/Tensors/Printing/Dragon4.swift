/// Decimal digit generation for binary floats, with the exact semantics of NumPy's Dragon4
/// (Steele & White's free-format algorithm as refined by Burger & Dybvig), because NumPy's
/// array printing depends on its details:
///
/// - *unique* mode stops at the shortest digit string that still identifies the value among
///   its neighbours **in its own type** (so `float32(0.1)` gives `1`), and rounds the last
///   digit to the nearest (ties to even);
/// - a *maximum* cutoff (digits in total, or digits after the point) rounds the exact binary
///   value at that place;
/// - a *minimum* count keeps generating digits past uniqueness (NumPy's `min_digits`, used to
///   give every element of a scientific array the same number of digits); the extra digits are
///   the exact value's, with the same margin-aware rounding of the last one.
enum Dragon4 {
  /// NumPy formats into a 16 KiB buffer; digits past this are never produced.
  static let maxDigits = 16_384

  enum Cutoff {
    /// Count digits from the first significant one (scientific notation).
    case totalLength
    /// Count digits after the decimal point (positional notation).
    case fractionLength
  }

  /// Digits `d0 d1 d2 …` meaning `d0.d1d2… × 10^exponent`; never empty, no sign.
  struct Digits: Equatable {
    var digits: [UInt8]
    var exponent: Int
  }

  /// A finite float's magnitude as `mantissa × 2^exponent`, with what the margins need.
  struct Decoded {
    var mantissa: UInt64
    var exponent: Int
    /// Index of the mantissa's highest set bit.
    var mantissaBit: Int
    /// At a power of two the gap to the next float down is half the gap up.
    var unequalMargins: Bool
  }

  static func decode(_ x: Double) -> Decoded {
    let fraction = x.significandBitPattern
    let biased = Int(x.exponentBitPattern)
    if biased != 0 {
      return Decoded(
        mantissa: fraction | (1 << 52), exponent: biased - 1075, mantissaBit: 52,
        unequalMargins: biased != 1 && fraction == 0)
    }
    return Decoded(
      mantissa: fraction, exponent: -1074, mantissaBit: highestBit(fraction), unequalMargins: false)
  }

  static func decode(_ x: Float) -> Decoded {
    let fraction = UInt64(x.significandBitPattern)
    let biased = Int(x.exponentBitPattern)
    if biased != 0 {
      return Decoded(
        mantissa: fraction | (1 << 23), exponent: biased - 150, mantissaBit: 23,
        unequalMargins: biased != 1 && fraction == 0)
    }
    return Decoded(
      mantissa: fraction, exponent: -149, mantissaBit: highestBit(fraction), unequalMargins: false)
  }

  private static func highestBit(_ v: UInt64) -> Int { v == 0 ? 0 : 63 - v.leadingZeroBitCount }

  /// Generates the digits of `value`.
  /// - Parameters:
  ///   - unique: shortest-identifying digits (true) or the exact expansion (false).
  ///   - cutoffMax: most digits to produce under `cutoff` counting, or -1 for no limit.
  ///   - cutoffMin: in unique mode, fewest digits to produce, or -1.
  static func digits(
    _ value: Decoded, unique: Bool, cutoff: Cutoff, cutoffMax: Int, cutoffMin: Int
  ) -> Digits {
    if value.mantissa == 0 { return Digits(digits: [0], exponent: 0) }

    // value = r / s; the gaps to the neighbouring floats are (mMinus / s, mPlus / s), halved
    // and pre-doubled so every quantity stays an integer.
    var r = BigUInt(value.mantissa)
    var s: BigUInt
    var mMinus: BigUInt
    let e = value.exponent
    let plusFactor: UInt32 = value.unequalMargins ? 2 : 1
    let baseShift = value.unequalMargins ? 2 : 1
    if e > 0 {
      r.shiftLeft(by: e + baseShift)
      s = BigUInt(1 << UInt64(baseShift))
      mMinus = BigUInt.powerOfTwo(e)
    } else {
      r.shiftLeft(by: baseShift)
      s = BigUInt.powerOfTwo(-e + baseShift)
      mMinus = BigUInt(1)
    }

    // k estimates floor(log10(value)) + 1, correct or one too small (Burger & Dybvig); the
    // 0.69 bias makes "too small" the common, cheaper case.
    let log10of2 = 0.30102999566398119521373889472449
    // (Ceiling by hand: `rounded(.up)` would need libm, which this target does not link.)
    let estimate = Double(value.mantissaBit + e) * log10of2 - 0.69
    var k = Int(estimate)
    if Double(k) < estimate { k += 1 }
    // A fraction cutoff below the first digit: start at the cutoff place so rounding happens
    // there (the leading digits come out as zeros).
    if cutoffMax >= 0 && cutoff == .fractionLength && k <= -cutoffMax { k = -cutoffMax + 1 }

    if k > 0 {
      s = s * BigUInt.powerOfTen(k)
    } else if k < 0 {
      let p = BigUInt.powerOfTen(-k)
      r = r * p
      mMinus = mMinus * p
    }
    if BigUInt.compare(r, s) >= 0 {
      k += 1
    } else {
      r.multiply(by: 10)
      mMinus.multiply(by: 10)
    }
    var mPlus = mMinus
    mPlus.multiply(by: plusFactor)

    // Exponents (place values) of the last digit allowed and of the last digit required.
    var lastAllowed = k - maxDigits
    if cutoffMax >= 0 {
      let desired = cutoff == .totalLength ? k - cutoffMax : -cutoffMax
      lastAllowed = max(lastAllowed, desired)
    }
    var lastRequired = k
    if cutoffMin >= 0 {
      let desired = cutoff == .totalLength ? k - cutoffMin : -cutoffMin
      lastRequired = min(lastRequired, desired)
    }

    var out: [UInt8] = []
    var place = k
    var digit = 0
    var low = false
    var high = false
    let isEven = value.mantissa & 1 == 0
    while true {
      place -= 1
      digit = r.divideSmallQuotient(by: s)
      if unique {
        // Could we stop here and still round-trip? Boundaries count when the mantissa is even
        // (round-half-even parsing lands on the even float).
        let cmpLow = BigUInt.compare(r, mMinus)
        low = isEven ? cmpLow <= 0 : cmpLow < 0
        let cmpHigh = BigUInt.compareSum(r, mPlus, s)
        high = isEven ? cmpHigh >= 0 : cmpHigh > 0
        if ((low || high) && place <= lastRequired) || place == lastAllowed { break }
      } else {
        if r.isZero || place == lastAllowed { break }
      }
      out.append(UInt8(digit))
      r.multiply(by: 10)
      if unique {
        mMinus.multiply(by: 10)
        mPlus.multiply(by: 10)
      }
    }

    // Round the final digit: forced down/up when only one neighbour is out of reach,
    // otherwise to the nearest, ties to even.
    var roundDown = low
    if low == high {
      r.multiply(by: 2)
      let c = BigUInt.compare(r, s)
      roundDown = c < 0 || (c == 0 && digit & 1 == 0)
    }
    var exponent = k - 1
    if roundDown {
      out.append(UInt8(digit))
    } else if digit < 9 {
      out.append(UInt8(digit + 1))
    } else {
      // Carry through trailing nines; they are dropped, not turned into zeros.
      while let last = out.last, last == 9 { out.removeLast() }
      if let last = out.last {
        out[out.count - 1] = last + 1
      } else {
        out = [1]
        exponent += 1
      }
    }
    return Digits(digits: out, exponent: exponent)
  }
}
