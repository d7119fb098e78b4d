import Foundation

/// NumPy's legacy `RandomState` draws for `exponential`, `poisson` and `binomial`, by the same
/// algorithms on the same doubles, so a seeded run gives NumPy's numbers: `-log(1 - U)` for the
/// exponential; multiplication of uniforms below λ = 10 and Hörmann's transformed rejection
/// (PTRS) above for the Poisson; inversion for the binomial while `n·min(p, 1-p) <= 30` and
/// Kachitvichyanukul and Schmeiser's BTPE above.
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

  /// `binomial(n, p, size)`: successes in `n` trials of probability `p`, int64.
  public mutating func binomial(n: Int64, p: Double, size: [Int]) throws -> [Int64] {
    if n < 0 { throw RandomStateError.value("n < 0") }
    if p.isNaN || p < 0 || p > 1 { throw RandomStateError.value("p < 0, p > 1 or p is NaN") }
    let count = try Self.elementCount(size)
    var out = [Int64](repeating: 0, count: count)
    guard n > 0, p > 0 else { return out }
    let q = Swift.min(p, 1 - p)
    for i in 0..<count {
      let draw = Double(n) * q <= 30 ? binomialInversion(n, q) : binomialBTPE(n, q)
      out[i] = p <= 0.5 ? draw : n - draw
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

  /// NumPy's BTPE sampler for `p <= 0.5` (triangle, parallelograms and exponential tails, with
  /// the squeeze by Stirling's formula).
  private mutating func binomialBTPE(_ n: Int64, _ p: Double) -> Int64 {
    let nd = Double(n)
    let r = Swift.min(p, 1 - p)
    let q = 1 - r
    let fm = nd * r + r
    let m = Int64(fm.rounded(.down))
    let md = Double(m)
    let p1 = (2.195 * (nd * r * q).squareRoot() - 4.6 * q).rounded(.down) + 0.5
    let xm = md + 0.5
    let xl = xm - p1
    let xr = xm + p1
    let c = 0.134 + 20.5 / (15.3 + md)
    var a = (fm - xl) / (fm - xl * r)
    let laml = a * (1 + a / 2)
    a = (xr - fm) / (xr * q)
    let lamr = a * (1 + a / 2)
    let p2 = p1 * (1 + 2 * c)
    let p3 = p2 + c / laml
    let p4 = p3 + c / lamr
    let nrq = nd * r * q
    func floorInt(_ x: Double) -> Int64 { Int64(exactly: x.rounded(.down)) ?? -1 }
    while true {
      let u = mt.nextDouble() * p4
      var v = mt.nextDouble()
      var y: Int64
      if u <= p1 {
        // The triangle: accepted at once.
        y = floorInt(xm - p1 * v + u)
        return y
      } else if u <= p2 {
        let x = xl + (u - p1) / c
        v = v * c + 1 - Swift.abs(md - x + 0.5) / p1
        if v > 1 { continue }
        y = floorInt(x)
      } else if u <= p3 {
        y = floorInt(xl + Foundation.log(v) / laml)
        if y < 0 || v == 0 { continue }
        v = v * (u - p2) * laml
      } else {
        y = floorInt(xr - Foundation.log(v) / lamr)
        if y > n || v == 0 { continue }
        v = v * (u - p3) * lamr
      }
      let k = Swift.abs(y - m)
      let kd = Double(k)
      if !(k > 20 && kd < nrq / 2 - 1) {
        // Explicit evaluation of f(y) / f(m).
        let s = r / q
        let aa = s * (nd + 1)
        var f = 1.0
        if m < y {
          var i = m + 1
          while i <= y {
            f *= (aa / Double(i) - s)
            i += 1
          }
        } else if m > y {
          var i = y + 1
          while i <= m {
            f /= (aa / Double(i) - s)
            i += 1
          }
        }
        if v > f { continue }
        return y
      }
      // Squeezing with Stirling's formula.
      let rho = (kd / nrq) * ((kd * (kd / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5)
      let t = -kd * kd / (2 * nrq)
      let logV = Foundation.log(v)
      if logV < t - rho { return y }
      if logV > t + rho { continue }
      let yd = Double(y)
      let x1 = yd + 1
      let f1 = md + 1
      let z = nd + 1 - md
      let w = nd - yd + 1
      let x2 = x1 * x1
      let f2 = f1 * f1
      let z2 = z * z
      let w2 = w * w
      func stirling(_ v: Double, _ v2: Double) -> Double {
        (13680.0 - (462.0 - (132.0 - (99.0 - 140.0 / v2) / v2) / v2) / v2) / v / 166320.0
      }
      let bound =
        xm * Foundation.log(f1 / x1) + (nd - md + 0.5) * Foundation.log(z / w) + (yd - md)
        * Foundation.log(w * r / (x1 * q)) + stirling(f1, f2) + stirling(z, z2) + stirling(x1, x2)
        + stirling(w, w2)
      if logV > bound { continue }
      return y
    }
  }
}
