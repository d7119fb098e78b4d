import Foundation

/// `Adamax(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)`: Adam with the
/// infinity norm in place of the second moment, as Keras 3.15 computes it in float32:
///
///     m += (g − m)(1 − β₁);  u = max(β₂·u, |g|)
///     w −= lr·m / ((1 − β₁ᵗ)·(u + ε))
public final class Adamax: Optimizer {
  public let beta1: Float
  public let beta2: Float
  public let epsilon: Float
  /// `1 - beta_1` in double precision, as Python computes it before TensorFlow casts it.
  private let oneMinusBeta1: Float

  public init(
    learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7,
    weightDecay: Double? = nil, name: String? = nil
  ) throws {
    self.beta1 = Float(beta1)
    self.beta2 = Float(beta2)
    oneMinusBeta1 = Float(1 - beta1)
    self.epsilon = Float(epsilon)
    try super.init(
      name: name ?? NNSession.current.uniqueName("adamax"), learningRate: learningRate,
      weightDecay: weightDecay)
    givenValues["beta_1"] = beta1
    givenValues["beta_2"] = beta2
    givenValues["epsilon"] = epsilon
  }

  public override var className: String { "Adamax" }
  /// s0 is the momentum, s1 the norm (Keras's `momentum` and `norm`).
  override var slotCount: Int { 2 }

  override func update(
    _ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ s: SlotPointers, count n: Int, lr: Float
  ) {
    let beta1Power = Foundation.pow(beta1, Float(iterations + 1))
    let correction = 1 - beta1Power
    let c1 = oneMinusBeta1, b2 = beta2, eps = epsilon
    let m = s.s0, u = s.s1
    for i in 0..<n {
      let gi = g[i]
      let mi = m[i] + (gi - m[i]) * c1
      let ui = max(b2 * u[i], abs(gi))
      m[i] = mi
      u[i] = ui
      w[i] = w[i] - (lr * mi) / (correction * (ui + eps))
    }
  }
}
