import CKernels
import Foundation

/// `Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)`, with
/// Keras 3's bias correction folded into the step size:
/// α = lr·sqrt(1−β₂ᵗ)/(1−β₁ᵗ); m += (g−m)(1−β₁); v += (g²−v)(1−β₂); w −= m·α / (sqrt(v) + ε).
public class Adam: Optimizer {
  public let beta1: Float
  public let beta2: Float
  public let epsilon: Float
  public let amsgrad: Bool
  /// `1 - beta` in double precision, as Python computes it before TensorFlow casts it.
  private let oneMinusBeta1: Float
  private let oneMinusBeta2: Float

  public init(
    learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7,
    amsgrad: Bool = false, weightDecay: Double? = nil, name: String? = nil
  ) throws {
    self.beta1 = Float(beta1)
    self.beta2 = Float(beta2)
    oneMinusBeta1 = Float(1 - beta1)
    oneMinusBeta2 = Float(1 - beta2)
    self.epsilon = Float(epsilon)
    self.amsgrad = amsgrad
    try super.init(
      name: name ?? NNSession.current.uniqueName("adam"), learningRate: learningRate, weightDecay: weightDecay
    )
    givenValues["beta_1"] = beta1
    givenValues["beta_2"] = beta2
    givenValues["epsilon"] = epsilon
  }

  public override var className: String { "Adam" }
  override var slotCount: Int { amsgrad ? 3 : 2 }

  override func update(
    _ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ s: SlotPointers, count n: Int, lr: Float
  ) {
    let step = Float(iterations + 1)
    let b1p = Foundation.pow(beta1, step), b2p = Foundation.pow(beta2, step)
    let alpha = lr * (1 - b2p).squareRoot() / (1 - b1p)
    let c1 = oneMinusBeta1, c2 = oneMinusBeta2, eps = epsilon
    let m = s.s0, v = s.s1
    if amsgrad {
      let vh = s.s2
      for i in 0..<n {
        let gi = g[i]
        let mi = m[i] + (gi - m[i]) * c1
        let vi = v[i] + (gi * gi - v[i]) * c2
        m[i] = mi
        v[i] = vi
        let h = max(vh[i], vi)
        vh[i] = h
        w[i] = w[i] - (mi * alpha) / (h.squareRoot() + eps)
      }
      return
    }
    let end = vectorEnd(n)
    let c18 = F8(repeating: c1), c28 = F8(repeating: c2), eps8 = F8(repeating: eps),
      alpha8 = F8(repeating: alpha)
    // AVX-512/AVX2 in C where the CPU has it; the loops below finish (or do) the rest.
    var i = dnnk_adam(w, g, m, v, n, alpha, c1, c2, eps)
    while i < end {
      let gi = load8(g, i)
      let m0 = load8(m, i), v0 = load8(v, i)
      let mi = m0 + (gi - m0) * c18
      let vi = v0 + (gi * gi - v0) * c28
      store8(mi, m, i)
      store8(vi, v, i)
      store8(load8(w, i) - (mi * alpha8) / (vsqrt(vi) + eps8), w, i)
      i += 8
    }
    while i < n {
      let gi = g[i]
      let mi = m[i] + (gi - m[i]) * c1
      let vi = v[i] + (gi * gi - v[i]) * c2
      m[i] = mi
      v[i] = vi
      w[i] = w[i] - (mi * alpha) / (vi.squareRoot() + eps)
      i += 1
    }
  }
}

/// `AdamW(learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7)`:
/// Adam with decoupled weight decay applied before each step.
public final class AdamW: Adam {
  public init(
    learningRate: Double = 0.001, weightDecay: Double = 0.004, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-7, amsgrad: Bool = false, name: String? = nil
  ) throws {
    try super.init(
      learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad,
      weightDecay: weightDecay, name: name ?? NNSession.current.uniqueName("adam_w"))
  }

  public override var className: String { "AdamW" }
}
