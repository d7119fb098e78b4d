import NN
import Tensors
import TestSupport
import Testing

/// `sample_weight=` and `class_weight=`: the arithmetic Keras applies (the end-to-end numbers
/// against TensorFlow are in ModulesTests' tf_session cells).
@Suite struct SampleWeightTests {
  let labels = try! Tensor([Float]([0, 1, 1, 0]), shape: [4])
  let probabilities = try! Tensor([Float]([0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7]), shape: [4, 2])

  /// Each sample's loss times its weight, summed, divided by the batch size (not by the sum
  /// of the weights): Keras's `sum_over_batch_size`.
  @Test func weightedLossDividesByTheBatchSize() throws {
    let loss = SparseCategoricalCrossentropy()
    let weights: [Float] = [1, 0, 2, 0.5]
    var expected: Float = 0
    for i in 0..<4 {
      let one = try loss(
        try labels.get([.slice(start: i, stop: i + 1, step: nil)]),
        try probabilities.get([.slice(start: i, stop: i + 1, step: nil)]))
      expected += Float(one.doubles[0]) * weights[i]
    }
    let weighted = try loss(labels, probabilities, sampleWeight: try Tensor(weights, shape: [4]))
    assertClose(weighted.doubles[0], Double(expected / 4), rtol: 1e-6)
    // Weights of one leave the loss as it was, bit for bit.
    let ones = try loss(
      labels, probabilities, sampleWeight: try Tensor([Float](repeating: 1, count: 4), shape: [4]))
    #expect(ones.doubles[0] == (try loss(labels, probabilities)).doubles[0])
  }

  /// A metric's mean counts the sum of the weights.
  @Test func weightedMetricDividesByTheWeights() throws {
    try inSession { _ in
      let m = SparseCategoricalAccuracy()
      // Predictions 0, 1, 0, 1 against labels 0, 1, 1, 0: right, right, wrong, wrong.
      try m.updateState(labels, probabilities, sampleWeight: try Tensor([Float]([1, 3, 2, 4]), shape: [4]))
      #expect(m.result() == Float(4) / Float(10))
    }
  }

  @Test func sampleWeightsMustBeOnePerSample() throws {
    try inSession { _ in
      let loss = SparseCategoricalCrossentropy()
      #expect(throws: NNError.self) {
        try loss(self.labels, self.probabilities, sampleWeight: try Tensor([Float]([1, 2, 3]), shape: [3]))
      }
      #expect(throws: NNError.self) {
        try loss(
          self.labels, self.probabilities,
          sampleWeight: try Tensor([Float](repeating: 1, count: 8), shape: [4, 2]))
      }
    }
  }

  /// Class weights become the weight of each sample's class: integer labels rounded half to
  /// even (as `np.round`), one-hot labels by argmax, missing classes weigh 1.
  @Test func classWeightsFollowTheLabels() throws {
    try inSession { _ in
      let model = try Sequential([try Dense(units: 2, activation: .softmax, inputShape: [1])])
      try model.compile(optimizer: try SGD(learningRate: 0), loss: SparseCategoricalCrossentropy())
      let x = try Tensor([Float]([0, 0, 0, 0]), shape: [4, 1])
      let plain = try model.fit(x, try Tensor([Float]([0, 1, 1, 1]), shape: [4]), verbose: .silent)
      let weighted = try model.fit(
        x, try Tensor([Float]([0, 1, 1, 1]), shape: [4]), verbose: .silent, classWeight: [1: 3])
      // All outputs are equal (zero input, zero bias): each sample's loss is log 2.
      let log2 = Double(Float(0.6931472))
      assertClose(plain["loss"]?.first ?? .nan, log2, rtol: 1e-6)
      assertClose(weighted["loss"]?.first ?? .nan, log2 * (1 + 3 * 3) / 4, rtol: 1e-6)
      // A label of 0.5 counts as class 0 (np.round rounds half to even).
      let halves = try model.fit(
        x, try Tensor([Float]([0.5, 1, 0.5, 1]), shape: [4]), verbose: .silent, classWeight: [0: 2, 1: 4])
      assertClose(halves["loss"]?.first ?? .nan, log2 * (2 + 4 + 2 + 4) / 4, rtol: 1e-6)
    }
  }

  @Test func oneHotLabelsUseTheirArgmax() throws {
    try inSession { _ in
      let model = try Sequential([try Dense(units: 2, activation: .softmax, inputShape: [1])])
      try model.compile(optimizer: try SGD(learningRate: 0), loss: CategoricalCrossentropy())
      let x = try Tensor([Float]([0, 0, 0]), shape: [3, 1])
      let y = try Tensor([Float]([1, 0, 0, 1, 0, 1]), shape: [3, 2])
      let h = try model.fit(x, y, verbose: .silent, classWeight: [0: 5, 1: 1])
      assertClose(h["loss"]?.first ?? .nan, Double(Float(0.6931472)) * 7 / 3, rtol: 1e-6)
    }
  }

  @Test func classAndSampleWeightsTogetherAreRefused() throws {
    try inSession { _ in
      let model = try Sequential([try Dense(units: 2, activation: .softmax, inputShape: [1])])
      try model.compile(optimizer: try SGD(), loss: SparseCategoricalCrossentropy())
      let x = try Tensor([Float]([0, 0]), shape: [2, 1])
      let y = try Tensor([Float]([0, 1]), shape: [2])
      #expect(throws: NNError.self) {
        try model.fit(
          x, y, verbose: .silent, classWeight: [0: 1], sampleWeight: try Tensor([Float]([1, 1]), shape: [2]))
      }
    }
  }
}
