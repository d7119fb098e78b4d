/// `SGD(learning_rate=0.01, momentum=0.0, nesterov=False)`.
/// With momentum: m ← m·μ − g·lr; w ← w + m (or w + m·μ − g·lr with Nesterov).
public final class SGD: Optimizer {
  public let momentum: Float
  public let nesterov: Bool

  public init(
    learningRate: Double = 0.01, momentum: Double = 0, nesterov: Bool = false, weightDecay: Double? = nil,
    name: String? = nil
  ) throws {
    guard momentum >= 0, momentum <= 1 else {
      throw NNError.value("`momentum` must be a float between [0, 1].")
    }
    self.momentum = Float(momentum)
    self.nesterov = nesterov
    try super.init(
      name: name ?? NNSession.current.uniqueName("sgd"), learningRate: learningRate, weightDecay: weightDecay)
    givenValues["momentum"] = momentum
  }

  public override var className: String { "SGD" }
  override var slotCount: Int { momentum != 0 ? 1 : 0 }

  override func update(
    _ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ s: SlotPointers, count n: Int, lr: Float
  ) {
    if momentum == 0 {
      for i in 0..<n { w[i] = w[i] - g[i] * lr }
      return
    }
    let m = s.s0, mu = momentum
    if nesterov {
      for i in 0..<n {
        let mi = m[i] * mu - g[i] * lr
        m[i] = mi
        w[i] = w[i] + (mi * mu - g[i] * lr)
      }
    } else {
      for i in 0..<n {
        let mi = m[i] * mu - g[i] * lr
        m[i] = mi
        w[i] = w[i] + mi
      }
    }
  }
}
