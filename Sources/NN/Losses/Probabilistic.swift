import Foundation

/// `KLDivergence(name='kl_divergence')` / `"kl_divergence"`, `"kld"`: with both arrays
/// clipped to [ε, 1] (ε = 1e-7), the sum over the last axis of y·log(y/ŷ), then the mean over
/// samples.
public final class KLDivergence: ElementwiseLoss {
  /// `name` defaults to `kl_divergence`.
  public init(name: String = "kl_divergence") { super.init(name: name) }
  public override var className: String { "KLDivergence" }
  public override var averagesOverLastAxis: Bool { false }

  override func term(_ t: Float, _ p: Float) -> (value: Float, slope: Float) {
    let eps = crossentropyEpsilon
    let tc = min(max(t, eps), 1), pc = min(max(p, eps), 1)
    let value = tc * Foundation.log(tc / pc)
    // The clip passes the gradient only inside [ε, 1].
    return (value, p >= eps && p <= 1 ? -tc / pc : 0)
  }

  override func term64(_ t: Double, _ p: Double) -> Double {
    let tc = min(max(t, lossEpsilon64), 1), pc = min(max(p, lossEpsilon64), 1)
    return tc * Foundation.log(tc / pc)
  }
}

/// `Poisson(name='poisson')` / `"poisson"`: the mean over the last axis of ŷ − y·log(ŷ + ε)
/// (ε = 1e-7), then over samples.
public final class Poisson: ElementwiseLoss {
  /// `name` defaults to `poisson`.
  public init(name: String = "poisson") { super.init(name: name) }
  public override var className: String { "Poisson" }

  override func term(_ t: Float, _ p: Float) -> (value: Float, slope: Float) {
    let q = p + crossentropyEpsilon
    return (p - t * Foundation.log(q), 1 - t / q)
  }

  override func term64(_ t: Double, _ p: Double) -> Double { p - t * Foundation.log(p + lossEpsilon64) }
}
