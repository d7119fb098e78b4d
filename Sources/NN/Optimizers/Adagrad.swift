/// `Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7)`:
/// a ← a + g²; w ← w − lr·g / sqrt(a + ε).
public final class Adagrad: Optimizer {
  public let initialAccumulatorValue: Float
  public let epsilon: Float

  public init(
    learningRate: Double = 0.001, initialAccumulatorValue: Double = 0.1, epsilon: Double = 1e-7,
    weightDecay: Double? = nil, name: String? = nil
  ) throws {
    self.initialAccumulatorValue = Float(initialAccumulatorValue)
    self.epsilon = Float(epsilon)
    try super.init(
      name: name ?? NNSession.current.uniqueName("adagrad"), learningRate: learningRate,
      weightDecay: weightDecay)
    givenValues["initial_accumulator_value"] = initialAccumulatorValue
    givenValues["epsilon"] = epsilon
  }

  public override var className: String { "Adagrad" }
  override var slotCount: Int { 1 }
  override var initialSlotValue: Float { initialAccumulatorValue }

  override func update(
    _ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ s: SlotPointers, count n: Int, lr: Float
  ) {
    let a = s.s0, eps = epsilon
    for i in 0..<n {
      let gi = g[i]
      let ai = a[i] + gi * gi
      a[i] = ai
      w[i] = w[i] - (lr * gi) / (ai + eps).squareRoot()
    }
  }
}
