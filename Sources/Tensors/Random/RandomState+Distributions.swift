import Foundation

/// NumPy's legacy `RandomState` draws for `exponential`, `poisson` and `binomial`, by the same
/// algorithms on the same doubles, so a seeded run gives NumPy's numbers: `-log(1 - U)` for the
/// exponential, and the Poisson and binomial samplers `Generator` uses (``DiscreteDraws``) over
/// MT19937's doubles.
extension RandomState {
  /// `standard_exponential()`: `-log(1 - U)`, U uniform in [0, 1).
  public mutating func standardExponential() -> Double { -Foundation.log(1 - mt.nextDouble()) }

  /// `exponential(scale, size)`. Defaults: scale 1.
  public mutating func exponential(scale: Double = 1, size: [Int]) throws -> [Double] {
    if scale < 0 || scale.isNaN { throw RandomStateError.value("scale < 0") }
    let n = try Self.elementCount(size)
    return fill(n) { scale * $0.standardExponential() }
  }

  /// `poisson(lam, size)`: int64 counts. Default λ: 1.
  public mutating func poisson(lam: Double = 1, size: [Int]) throws -> [Int64] {
    try NumPyGenerator.checkPoissonLambda(lam)
    let n = try Self.elementCount(size)
    var out = [Int64](repeating: 0, count: n)
    for i in 0..<n { out[i] = DiscreteDraws.poisson(lam, &mt) }
    return out
  }

  /// `binomial(n, p, size)`: successes in `n` trials of probability `p`, int64. The legacy
  /// generator checks `n` before `p`.
  public mutating func binomial(n: Int64, p: Double, size: [Int]) throws -> [Int64] {
    if n < 0 { throw RandomStateError.value("n < 0") }
    try NumPyGenerator.checkBinomial(n: n, p: p)
    let count = try Self.elementCount(size)
    var out = [Int64](repeating: 0, count: count)
    for i in 0..<count { out[i] = DiscreteDraws.binomial(n: n, p: p, &mt) }
    return out
  }
}
