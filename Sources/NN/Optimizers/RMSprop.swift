import CKernels

/// `RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False)`.
/// v ← ρ·v + (1−ρ)·g²; w ← w − lr·g / sqrt(v + ε) — Keras 3 puts ε inside the root.
public final class RMSprop: Optimizer {
  public let rho: Float
  /// `1 - rho` computed in double precision, as Python does before TensorFlow casts it.
  private let oneMinusRho: Float
  public let momentum: Float
  public let epsilon: Float
  public let centered: Bool

  public init(
    learningRate: Double = 0.001, rho: Double = 0.9, momentum: Double = 0, epsilon: Double = 1e-7,
    centered: Bool = false, weightDecay: Double? = nil, name: String? = nil
  ) throws {
    self.rho = Float(rho)
    self.oneMinusRho = Float(1 - rho)
    self.momentum = Float(momentum)
    self.epsilon = Float(epsilon)
    self.centered = centered
    try super.init(
      name: name ?? NNSession.current.uniqueName("rm_sprop"), learningRate: learningRate,
      weightDecay: weightDecay)
    givenValues["rho"] = rho
    givenValues["momentum"] = momentum
    givenValues["epsilon"] = epsilon
  }

  public override var className: String { "RMSprop" }
  override var slotCount: Int { 1 + (momentum > 0 ? 1 : 0) + (centered ? 1 : 0) }

  override func update(
    _ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ s: SlotPointers, count n: Int, lr: Float
  ) {
    let v = s.s0
    let rho = self.rho, oneMinusRho = self.oneMinusRho, eps = epsilon
    if !centered && momentum == 0 {
      let end = vectorEnd(n)
      let rho8 = F8(repeating: rho), omr8 = F8(repeating: oneMinusRho), eps8 = F8(repeating: eps)
      let lr8 = F8(repeating: lr)
      // AVX-512/AVX2 in C where the CPU has it; the loops below finish (or do) the rest.
      var i = dnnk_rmsprop(w, g, v, n, lr, rho, oneMinusRho, eps)
      while i < end {
        let gi = load8(g, i)
        let vi = rho8 * load8(v, i) + omr8 * (gi * gi)
        store8(vi, v, i)
        store8(load8(w, i) - (lr8 * gi) / vsqrt(vi + eps8), w, i)
        i += 8
      }
      while i < n {
        let gi = g[i]
        let vi = rho * v[i] + oneMinusRho * (gi * gi)
        v[i] = vi
        w[i] = w[i] - (lr * gi) / (vi + eps).squareRoot()
        i += 1
      }
      return
    }
    let mom = s.s1
    let avg = momentum > 0 ? s.s2 : s.s1
    for i in 0..<n {
      let gi = g[i]
      let vi = rho * v[i] + oneMinusRho * (gi * gi)
      v[i] = vi
      var denominator = vi + eps
      if centered {
        let a = rho * avg[i] + oneMinusRho * gi
        avg[i] = a
        denominator = vi - a * a + eps
      }
      let increment = (lr * gi) / denominator.squareRoot()
      if momentum > 0 {
        let m = momentum * mom[i] + increment
        mom[i] = m
        w[i] = w[i] - m
      } else {
        w[i] = w[i] - increment
      }
    }
  }
}
