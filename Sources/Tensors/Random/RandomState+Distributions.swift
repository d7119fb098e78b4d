import Foundation

/// NumPy's legacy `RandomState` draws for `exponential`, `poisson` and `binomial`, by the same
/// algorithms on the same doubles, so a seeded run gives NumPy's numbers: `-log(1 - U)` for the
/// exponential; multiplication of uniforms below λ = 10 and Hörmann's transformed rejection
/// (PTRS) above for the Poisson; inversion for the binomial while `n·min(p, 1-p) <= 30`.
extension RandomState {
  // MARK: Exponential

  /// `standard_exponential()`: `-log(1 - U)`, U uniform in [0, 1).
  public mutating func standardExponential() -> Double { -Foundation.log(1 - mt.nextDouble()) }

  /// `exponential(scale, size)`. Defaults: scale 1.
  public mutating func exponential(scale: Double = 1, size: [Int]) throws -> [Double] {
    if scale < 0 || scale.isNaN { throw RandomStateError.value("scale < 0") }
    let n = try Self.elementCount(size)
    return fill(n) { scale * $0.standardExponential() }
  }

  // MARK: Poisson

  /// `poisson(lam, size)`. Default λ: 1.
  public mutating func poisson(lam: Double = 1, size: [Int]) throws -> [Int64] {
    if lam < 0 || lam.isNaN { throw RandomStateError.value("lam < 0 or lam is NaN") }
    // NumPy's bound keeps the PTRS arithmetic inside int64.
    if lam >= 9.223372006484771e18 { throw RandomStateError.value("lam value too large") }
    let n = try Self.elementCount(size)
    var out = [Int64](repeating: 0, count: n)
    for i in 0..<n { out[i] = poissonDraw(lam) }
    return out
  }

  private mutating func poissonDraw(_ lam: Double) -> Int64 {
    if lam >= 10 { return poissonPTRS(lam) }
    if lam == 0 { return 0 }
    let limit = Foundation.exp(-lam)
    var count: Int64 = 0
    var product = 1.0
    while true {
      product *= mt.nextDouble()
      if product > limit { count += 1 } else { return count }
    }
  }

  private mutating func poissonPTRS(_ lam: Double) -> Int64 {
    let slam = lam.squareRoot()
    let loglam = Foundation.log(lam)
    let b = 0.931 + 2.53 * slam
    let a = -0.059 + 0.02483 * b
    let invalpha = 1.1239 + 1.1328 / (b - 3.4)
    let vr = 0.9277 - 3.6224 / (b - 2)
    while true {
      let u = mt.nextDouble() - 0.5
      let v = mt.nextDouble()
      let us = 0.5 - Swift.abs(u)
      let k = Int64(exactly: ((2 * a / us + b) * u + lam + 0.43).rounded(.down)) ?? -1
      if us >= 0.07 && v <= vr { return k }
      if k < 0 || (us < 0.013 && v > us) { continue }
      let lhs = Foundation.log(v) + Foundation.log(invalpha) - Foundation.log(a / (us * us) + b)
      if lhs <= -lam + Double(k) * loglam - Self.logGamma(Double(k) + 1) { return k }
    }
  }

  /// NumPy's `random_loggam`: log Γ(x) by Stirling's series, shifted up to x ≥ 7.
  static func logGamma(_ x: Double) -> Double {
    let coefficients: [Double] = [
      8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04, -5.952380952380952e-04,
      8.417508417508418e-04, -1.917526917526918e-03, 6.410256410256410e-03, -2.955065359477124e-02,
      1.796443723688307e-01, -1.39243221690590e+00,
    ]
    if x == 1 || x == 2 { return 0 }
    let shift = x < 7 ? Int(7 - x) : 0
    var x0 = x + Double(shift)
    let x2 = (1 / x0) * (1 / x0)
    var series = coefficients[9]
    for k in stride(from: 8, through: 0, by: -1) {
      series *= x2
      series += coefficients[k]
    }
    var result = series / x0 + 0.5 * 1.8378770664093453 + (x0 - 0.5) * Foundation.log(x0) - x0
    if x < 7 {
      for _ in 0..<shift {
        result -= Foundation.log(x0 - 1)
        x0 -= 1
      }
    }
    return result
  }

  // MARK: Binomial

  /// `binomial(n, p, size)` while `n·min(p, 1-p) <= 30` (NumPy's inversion algorithm); larger
  /// products need NumPy's BTPE sampler, which dnnlab does not have.
  public mutating func binomial(n: Int64, p: Double, size: [Int]) throws -> [Int64] {
    if n < 0 { throw RandomStateError.value("n < 0") }
    if p.isNaN || p < 0 || p > 1 { throw RandomStateError.value("p < 0, p > 1 or p is NaN") }
    let q = Swift.min(p, 1 - p)
    if Double(n) * q > 30 {
      throw RandomStateError(
        "NotImplementedError",
        "dnnlab's binomial draws NumPy's numbers while n*min(p, 1-p) <= 30 (here \(Double(n) * q))")
    }
    let count = try Self.elementCount(size)
    var out = [Int64](repeating: 0, count: count)
    guard n > 0, p > 0 else { return out }
    for i in 0..<count {
      out[i] = p <= 0.5 ? binomialInversion(n, p) : n - binomialInversion(n, 1 - p)
    }
    return out
  }

  private mutating func binomialInversion(_ n: Int64, _ p: Double) -> Int64 {
    let q = 1 - p
    let qn = Foundation.exp(Double(n) * Foundation.log(q))
    let np = Double(n) * p
    let bound = Swift.min(Double(n), np + 10 * (np * q + 1).squareRoot())
    var x: Int64 = 0
    var px = qn
    var u = mt.nextDouble()
    while u > px {
      x += 1
      if Double(x) > bound.rounded(.towardZero) {
        x = 0
        px = qn
        u = mt.nextDouble()
      } else {
        u -= px
        px = (Double(n - x + 1) * p * px) / (Double(x) * q)
      }
    }
    return x
  }
}
