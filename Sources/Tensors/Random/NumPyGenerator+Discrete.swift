#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#else
  import Foundation
#endif

/// `Generator.poisson` and `Generator.binomial`, NumPy's algorithms: Poisson by multiplication of
/// uniforms below λ = 10 and Hörmann's transformed rejection (PTRS) above; binomial by inversion
/// when the smaller of n·p and n·(1-p) is at most 30, and Kachitvichyanukul & Schmeiser's BTPE
/// otherwise.
extension NumPyGenerator {
  /// The largest λ `poisson` accepts (NumPy's `POISSON_LAM_MAX`).
  public static let poissonLambdaMax = Double(Int64.max) - Double(Int64.max).squareRoot() * 10

  /// NumPy's checks on λ: `lam < 0 or lam is NaN`, `lam value too large`.
  public static func checkPoissonLambda(_ lam: Double) throws {
    if lam.isNaN || lam < 0 { throw RandomStateError.value("lam < 0 or lam is NaN") }
    if lam > poissonLambdaMax { throw RandomStateError.value("lam value too large") }
  }

  /// `(int64_t)d` as x86-64 converts: truncation, and `Int64.min` for NaN and values out of range
  /// (which C leaves undefined), so huge parameters give NumPy's numbers instead of a trap.
  static func int64(_ d: Double) -> Int64 {
    d >= -9_223_372_036_854_775_808.0 && d < 9_223_372_036_854_775_808.0 ? Int64(d) : Int64.min
  }

  /// log Γ(x) by Stirling's series, shifted up to x ≥ 7 (NumPy's `random_loggam`).
  static func loggam(_ x: Double) -> Double {
    let a: [Double] = [
      8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04, -5.952380952380952e-04,
      8.417508417508418e-04, -1.917526917526918e-03, 6.410256410256410e-03, -2.955065359477124e-02,
      1.796443723688307e-01, -1.39243221690590e+00,
    ]
    if x == 1 || x == 2 { return 0 }
    let n = x < 7 ? Int(7 - x) : 0
    var x0 = x + Double(n)
    let x2 = (1 / x0) * (1 / x0)
    var gl0 = a[9]
    for k in stride(from: 8, through: 0, by: -1) {
      gl0 *= x2
      gl0 += a[k]
    }
    var gl = gl0 / x0 + 0.5 * 1.8378770664093453 + (x0 - 0.5) * log(x0) - x0
    if x < 7 {
      for _ in 0..<n {
        gl -= log(x0 - 1)
        x0 -= 1
      }
    }
    return gl
  }

  /// `poisson(lam)` for a λ that passed ``checkPoissonLambda(_:)``.
  public mutating func poisson(_ lam: Double) -> Int64 { DiscreteDraws.poisson(lam, &bits) }

  /// `binomial(n, p)` for arguments that passed ``checkBinomial(n:p:)``.
  public mutating func binomial(n: Int64, p: Double) -> Int64 { DiscreteDraws.binomial(n: n, p: p, &bits) }

  /// NumPy's checks on binomial arguments, `p` first: `p < 0, p > 1 or p is NaN`, then `n < 0`.
  public static func checkBinomial(n: Int64, p: Double) throws {
    if !(p >= 0 && p <= 1) { throw RandomStateError.value("p < 0, p > 1 or p is NaN") }
    if n < 0 { throw RandomStateError.value("n < 0") }
  }

}

/// A source of uniform doubles in [0, 1): NumPy's `next_double` of a bit generator.
public protocol UniformDoubles {
  mutating func nextDouble() -> Double
}

extension PCG64: UniformDoubles {}
extension MT19937: UniformDoubles {}

/// NumPy's Poisson and binomial samplers over any bit generator's doubles, shared by the
/// legacy `RandomState` (MT19937) and `Generator` (PCG64), as NumPy shares them.
enum DiscreteDraws {
  /// `poisson(lam)` for a λ that passed ``checkPoissonLambda(_:)``.
  static func poisson<S: UniformDoubles>(_ lam: Double, _ source: inout S) -> Int64 {
    if lam >= 10 { return poissonPTRS(lam, &source) }
    if lam == 0 { return 0 }
    let enlam = exp(-lam)
    var x: Int64 = 0
    var prod = 1.0
    while true {
      prod *= source.nextDouble()
      if prod > enlam { x += 1 } else { return x }
    }
  }

  static func poissonPTRS<S: UniformDoubles>(_ lam: Double, _ source: inout S) -> Int64 {
    let slam = lam.squareRoot()
    let loglam = log(lam)
    let b = 0.931 + 2.53 * slam
    let a = -0.059 + 0.02483 * b
    let invalpha = 1.1239 + 1.1328 / (b - 3.4)
    let vr = 0.9277 - 3.6224 / (b - 2)
    while true {
      let u = source.nextDouble() - 0.5
      let v = source.nextDouble()
      let us = 0.5 - abs(u)
      let k = NumPyGenerator.int64(((2 * a / us + b) * u + lam + 0.43).rounded(.down))
      if us >= 0.07 && v <= vr { return k }
      if k < 0 || (us < 0.013 && v > us) { continue }
      if log(v) + log(invalpha) - log(a / (us * us) + b) <= -lam + Double(k) * loglam
        - NumPyGenerator.loggam(Double(k &+ 1))
      {
        return k
      }
    }
  }

  /// `binomial(n, p)` for arguments that passed ``checkBinomial(n:p:)``.
  static func binomial<S: UniformDoubles>(n: Int64, p: Double, _ source: inout S) -> Int64 {
    if n == 0 || p == 0 { return 0 }
    if p <= 0.5 {
      return p * Double(n) <= 30 ? binomialInversion(n, p, &source) : binomialBTPE(n, p, &source)
    }
    let q = 1 - p
    return q * Double(n) <= 30 ? n - binomialInversion(n, q, &source) : n - binomialBTPE(n, q, &source)
  }

  static func binomialInversion<S: UniformDoubles>(_ n: Int64, _ p: Double, _ source: inout S) -> Int64 {
    let q = 1 - p
    let qn = exp(Double(n) * log(q))
    let np = Double(n) * p
    let bound = NumPyGenerator.int64(min(Double(n), np + 10 * (np * q + 1).squareRoot()))
    var x: Int64 = 0
    var px = qn
    var u = source.nextDouble()
    while u > px {
      x += 1
      if x > bound {
        x = 0
        px = qn
        u = source.nextDouble()
      } else {
        u -= px
        px = (Double(n - x + 1) * p * px) / (Double(x) * q)
      }
    }
    return x
  }

  /// BTPE for `p <= 0.5` and `n * p > 30`: a triangle, two parallelograms and two exponential
  /// tails around the mode, with squeezes before the exact (Stirling) acceptance test.
  static func binomialBTPE<S: UniformDoubles>(_ n: Int64, _ p: Double, _ source: inout S) -> Int64 {
    let nd = Double(n)
    let r = min(p, 1 - p)
    let q = 1 - r
    let fm = nd * r + r
    let m = NumPyGenerator.int64(fm.rounded(.down))
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
    func floorInt(_ d: Double) -> Int64? { NumPyGenerator.int64(d.rounded(.down)) }
    while true {
      let u = source.nextDouble() * p4
      var v = source.nextDouble()
      var y: Int64
      if u <= p1 {
        guard let yy = floorInt(xm - p1 * v + u) else { continue }
        return p > 0.5 ? n &- yy : yy
      } else if u <= p2 {
        let x = xl + (u - p1) / c
        v = v * c + 1 - abs(md - x + 0.5) / p1
        if v > 1 { continue }
        guard let yy = floorInt(x) else { continue }
        y = yy
      } else if u <= p3 {
        guard v != 0, let yy = floorInt(xl + log(v) / laml), yy >= 0 else { continue }
        y = yy
        v = v * (u - p2) * laml
      } else {
        guard v != 0, let yy = floorInt(xr - log(v) / lamr), yy <= n else { continue }
        y = yy
        v = v * (u - p3) * lamr
      }
      let k = (y &- m).magnitude
      let kd = Double(k)
      if !(k > 20 && kd < nrq / 2 - 1) {
        let s = r / q
        let aa = s * (nd + 1)
        var f = 1.0
        if m < y {
          var i = m + 1
          while i <= y {
            f *= aa / Double(i) - s
            i += 1
          }
        } else if m > y {
          var i = y + 1
          while i <= m {
            f /= aa / Double(i) - s
            i += 1
          }
        }
        if v > f { continue }
        return p > 0.5 ? n &- y : y
      }
      let rho = (kd / nrq) * ((kd * (kd / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5)
      let t = -Double(k &* k) / (2 * nrq)
      let logV = log(v)
      if logV < t - rho { return p > 0.5 ? n &- y : y }
      if logV > t + rho { continue }
      let x1 = Double(y) + 1
      let f1 = md + 1
      let z = nd + 1 - md
      let w = nd - Double(y) + 1
      func stirling(_ v: Double) -> Double {
        let v2 = v * v
        return (13680 - (462 - (132 - (99 - 140 / v2) / v2) / v2) / v2) / v / 166320
      }
      let bound =
        xm * log(f1 / x1) + (nd - md + 0.5) * log(z / w) + Double(y &- m) * log(w * r / (x1 * q))
        + stirling(f1) + stirling(z) + stirling(x1) + stirling(w)
      if logV > bound { continue }
      return p > 0.5 ? n &- y : y
    }
  }
}
