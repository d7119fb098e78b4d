import Foundation

/// `Nadam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)`: Adam with Nesterov
/// momentum (Dozat 2015), step for step as Keras 3.15 computes it in float32. Keras keeps one
/// optimizer-wide variable besides the slots, the momentum-cache product
/// Πᵢ uᵢ with uₜ = β₁·(1 − 0.5·0.96ᵗ), updated once per step before the variables:
///
///     m += (g − m)(1 − β₁);  v += (g² − v)(1 − β₂)
///     m̂ = uₜ₊₁·m / (1 − Πuₜ·uₜ₊₁) + (1 − uₜ)·g / (1 − Πuₜ)
///     w −= m̂·lr / (sqrt(v / (1 − β₂ᵗ)) + ε)
public final class Nadam: Optimizer {
  public let beta1: Float
  public let beta2: Float
  public let epsilon: Float
  /// Keras's `_u_product`: the product of the momentum-cache factors uₜ of the steps taken,
  /// 1 before the first step. Saved in `.keras` files after the slots.
  public private(set) var momentumCacheProduct: Float = 1

  public init(
    learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7,
    weightDecay: Double? = nil, name: String? = nil
  ) throws {
    self.beta1 = Float(beta1)
    self.beta2 = Float(beta2)
    self.epsilon = Float(epsilon)
    try super.init(
      name: name ?? NNSession.current.uniqueName("nadam"), learningRate: learningRate,
      weightDecay: weightDecay)
    givenValues["beta_1"] = beta1
    givenValues["beta_2"] = beta2
    givenValues["epsilon"] = epsilon
  }

  public override var className: String { "Nadam" }
  override var slotCount: Int { 2 }
  override var extraStateScalars: Int { 1 }

  /// Keras's `(1.0 - 0.5 * 0.96 ** step)`, in float32.
  private static func cacheDecay(_ step: Float) -> Float { 1 - 0.5 * Foundation.pow(Float(0.96), step) }

  override func apply(_ variables: [Variable]) {
    // `_backend_update_step`: u_product * beta_1 * (1 - 0.5 * 0.96 ** (iterations + 1)),
    // multiplied left to right, before any variable is updated.
    momentumCacheProduct = momentumCacheProduct * beta1 * Self.cacheDecay(Float(iterations + 1))
    super.apply(variables)
  }

  /// Sets the momentum-cache product (`load_model` reads it from the file).
  public func restoreMomentumCacheProduct(_ value: Float) throws {
    guard value.isFinite else {
      throw NNError.value("Nadam's momentum cache product must be finite, got \(value)")
    }
    momentumCacheProduct = value
  }

  override func update(
    _ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ s: SlotPointers, count n: Int, lr: Float
  ) {
    let localStep = Float(iterations + 1), nextStep = Float(iterations + 2)
    let ut = beta1 * Self.cacheDecay(localStep)
    let ut1 = beta1 * Self.cacheDecay(nextStep)
    let uProduct = momentumCacheProduct
    let uProductNext = uProduct * ut1
    let beta2Power = Foundation.pow(beta2, localStep)
    // Keras casts beta_1 and beta_2 to float32 first, so 1 − β is a float32 subtraction here.
    let c1 = 1 - beta1, c2 = 1 - beta2, eps = epsilon
    let mScale = 1 - uProductNext, gScale = 1 - uProduct, gFactor = 1 - ut, vScale = 1 - beta2Power
    let m = s.s0, v = s.s1
    for i in 0..<n {
      let gi = g[i]
      let mi = m[i] + (gi - m[i]) * c1
      let vi = v[i] + (gi * gi - v[i]) * c2
      m[i] = mi
      v[i] = vi
      let mHat = (ut1 * mi) / mScale + (gFactor * gi) / gScale
      let vHat = vi / vScale
      w[i] = w[i] - (mHat * lr) / (vHat.squareRoot() + eps)
    }
  }
}
