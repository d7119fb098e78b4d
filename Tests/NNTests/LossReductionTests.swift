import NN
import Tensors
import TestSupport
import Testing

/// Keras 3's `reduction=` on loss objects: the arithmetic of each reduction, its gradients and
/// its effect on training (the numbers against TensorFlow are ModulesTests' keras_reductions
/// cells).
@Suite struct LossReductionTests {
  let labels = try! Tensor([Float]([0, 1, 1, 0, 1, 1]), shape: [3, 2])
  let predictions = try! Tensor([Float]([0.2, 0.7, 0.9, 0.4, 0.6, 0.1]), shape: [3, 2])
  let weights = try! Tensor([Float]([0.5, 2, 1]), shape: [3])

  /// The mean squared error of each row, computed by hand.
  var rowLosses: [Float] {
    let t = labels.floats, p = predictions.floats
    return (0..<3).map { r in
      let a = p[2 * r] - t[2 * r], b = p[2 * r + 1] - t[2 * r + 1]
      return (a * a + b * b) / 2
    }
  }

  func mse(_ reduction: LossReduction?) -> MeanSquaredError {
    let loss = MeanSquaredError()
    loss.reduction = reduction
    return loss
  }

  @Test func reducerSumsDividesOrKeeps() {
    let v: [Float] = [1, 2, 3, 6]
    #expect(LossReducer.reduce(v, shape: [4], weightSum: nil, reduction: .sum) == ([12], [], 1))
    #expect(LossReducer.reduce(v, shape: [4], weightSum: nil, reduction: .sumOverBatchSize) == ([3], [], 4))
    #expect(LossReducer.reduce(v, shape: [2, 2], weightSum: nil, reduction: .mean) == ([3], [], 4))
    // With weights, mean_with_sample_weight divides by their sum; without, by the count.
    #expect(
      LossReducer.reduce(v, shape: [4], weightSum: 8, reduction: .meanWithSampleWeight) == ([1.5], [], 8))
    #expect(
      LossReducer.reduce(v, shape: [4], weightSum: nil, reduction: .meanWithSampleWeight) == ([3], [], 4))
    // divide_no_nan: weights summing to 0 give 0.
    #expect(LossReducer.reduce(v, shape: [4], weightSum: 0, reduction: .meanWithSampleWeight) == ([0], [], 0))
    // None, 'none', a 0-d value and an empty batch are kept as they are.
    #expect(LossReducer.reduce(v, shape: [4], weightSum: nil, reduction: nil) == (v, [4], 1))
    #expect(LossReducer.reduce(v, shape: [2, 2], weightSum: nil, reduction: .perSample) == (v, [2, 2], 1))
    #expect(LossReducer.reduce([5], shape: [], weightSum: nil, reduction: .sum) == ([5], [], 1))
    #expect(LossReducer.reduce([], shape: [0], weightSum: nil, reduction: .sum) == ([], [0], 1))
    // An empty batch of several axes sums to 0 and divides by 0 to 0.
    #expect(
      LossReducer.reduce([], shape: [0, 3], weightSum: nil, reduction: .sumOverBatchSize) == ([0], [], 0))
  }

  @Test func reductionNamesParseAsKerasSpellsThem() throws {
    #expect(try LossReduction.parse("sum_over_batch_size") == .sumOverBatchSize)
    #expect(try LossReduction.parse("mean_with_sample_weight") == .meanWithSampleWeight)
    #expect(try LossReduction.parse("none") == .perSample)
    #expect(try LossReduction.parse(nil) == nil)
    let e = #expect(throws: NNError.self) { try LossReduction.parse("Sum") }
    #expect(e?.message.hasPrefix("Invalid value for argument `reduction`. Expected one of {") == true)
    #expect(e?.message.hasSuffix("}. Received: reduction=Sum") == true)
    #expect(LossReduction.invalid("3").message.hasSuffix("Received: reduction=3"))
  }

  @Test func eachReductionOfACall() throws {
    let l = rowLosses
    let perSample = try mse(nil)(labels, predictions)
    #expect(perSample.shape == [3])
    #expect(perSample.floats == l)
    #expect(try mse(.perSample)(labels, predictions).floats == l)
    let total = (l[0] + l[1]) + l[2]
    #expect(try mse(.sum)(labels, predictions).floats == [total])
    #expect(try mse(.sum)(labels, predictions).shape == [])
    #expect(try mse(.sumOverBatchSize)(labels, predictions).floats == [total / 3])
    #expect(try mse(.mean)(labels, predictions).floats == [total / 3])
    #expect(try mse(.meanWithSampleWeight)(labels, predictions).floats == [total / 3])
  }

  @Test func sampleWeightsMultiplyBeforeTheReduction() throws {
    let l = rowLosses
    let w: [Float] = [0.5, 2, 1]
    let weighted = zip(l, w).map { $0 * $1 }
    let total = (weighted[0] + weighted[1]) + weighted[2]
    #expect(try mse(nil)(labels, predictions, sampleWeight: weights).floats == weighted)
    #expect(try mse(.sum)(labels, predictions, sampleWeight: weights).floats == [total])
    #expect(try mse(.sumOverBatchSize)(labels, predictions, sampleWeight: weights).floats == [total / 3])
    #expect(
      try mse(.meanWithSampleWeight)(labels, predictions, sampleWeight: weights).floats == [total / 3.5])
    // A scalar weight: mean_with_sample_weight divides by that one weight.
    let two = Tensor(scalar: Float(2))
    let doubled = try mse(.meanWithSampleWeight)(labels, predictions, sampleWeight: two).floats[0]
    assertClose(Double(doubled), Double((l[0] + l[1]) + l[2]), rtol: 1e-6)
    let zero = try Tensor([Float]([0, 0, 0]), shape: [3])
    #expect(try mse(.meanWithSampleWeight)(labels, predictions, sampleWeight: zero).floats == [0])
  }

  /// 1-D predictions are one row whose loss is 0-d: the weights broadcast against it.
  @Test func oneDimensionalPredictionsAreOneSample() throws {
    let t = try Tensor([Float]([0, 0, 0]), shape: [3])
    let p = try Tensor([Float]([1, 2, 3]), shape: [3])
    let w = try Tensor([Float]([1, 2, 3]), shape: [3])
    assertClose(try mse(.sum)(t, p).doubles, [14.0 / 3], rtol: 1e-6)
    #expect(try mse(.sum)(t, p).shape == [])
    assertClose(try mse(.sum)(t, p, sampleWeight: w).doubles, [28], rtol: 1e-6)
    assertClose(try mse(nil)(t, p, sampleWeight: w).doubles, [14.0 / 3, 28.0 / 3, 14], rtol: 1e-6)
    assertClose(try mse(.meanWithSampleWeight)(t, p, sampleWeight: w).doubles, [14.0 / 3], rtol: 1e-6)
  }

  @Test func emptyBatchesAreKept() throws {
    let empty = try Tensor(zeros: [0, 3], dtype: .float32)
    let r = try mse(.sum)(empty, empty)
    #expect(r.shape == [0])
    let noColumns = try Tensor(zeros: [2, 0], dtype: .float32)
    #expect(try mse(.sum)(noColumns, noColumns).floats[0].isNaN)
  }

  /// The gradient follows the reduction: a sum is `rows` times the mean's, a per-sample loss
  /// with an output gradient of ones is the sum's, and zero weights give zeros.
  @Test func gradientsScaleWithTheReduction() throws {
    let mean = try mse(.sumOverBatchSize).gradient(labels, predictions, sampleWeight: weights).doubles
    let sum = try mse(.sum).gradient(labels, predictions, sampleWeight: weights).doubles
    assertClose(sum, mean.map { $0 * 3 }, rtol: 1e-6)
    let perSample = try mse(nil).gradient(labels, predictions, sampleWeight: weights).doubles
    assertClose(perSample, sum, rtol: 1e-6)
    let byWeights = try mse(.meanWithSampleWeight).gradient(labels, predictions, sampleWeight: weights)
      .doubles
    assertClose(byWeights, sum.map { $0 / 3.5 }, rtol: 1e-6)
    // Output gradients per sample pick out each row.
    let upstream = try Tensor([Float]([1, 0, 2]), shape: [3])
    let picked = try mse(nil).gradient(labels, predictions, sampleWeight: nil, outputGradient: upstream)
      .doubles
    let unweighted = try mse(.sum).gradient(labels, predictions).doubles
    assertClose(
      picked, [unweighted[0], unweighted[1], 0, 0, 2 * unweighted[4], 2 * unweighted[5]], rtol: 1e-6)
    let zero = try Tensor([Float]([0, 0, 0]), shape: [3])
    #expect(
      try mse(.meanWithSampleWeight).gradient(labels, predictions, sampleWeight: zero).doubles.allSatisfy {
        $0 == 0
      })
  }

  /// Hinge losses read 0/1 labels as signs only when every label of the batch is 0 or 1, in
  /// a per-sample call too.
  @Test func hingeDecidesLabelsForTheWholeBatch() throws {
    let loss = Hinge()
    loss.reduction = nil
    let t = try Tensor([Float]([0, 1, -1, 1]), shape: [2, 2])
    let p = try Tensor([Float]([0.3, 0.8, 0.2, -0.5]), shape: [2, 2])
    assertClose(try loss(t, p).doubles, [0.6, 1.35], rtol: 1e-6)
  }

  /// `fit` with `reduction='sum'` follows a gradient `batch` times larger, and its history
  /// holds batch sums; without reduction the history holds the mean with the sum's gradient.
  @Test func trainingFollowsTheReduction() throws {
    try inSession { _ in
      let x = try Tensor((0..<16).map { Float($0) / 16 }, shape: [8, 2])
      let y = try Tensor((0..<8).map { Float($0) / 4 }, shape: [8, 1])
      func train(_ reduction: LossReduction?, rate: Double) throws -> (loss: [Double], weights: [Double]) {
        let m = try Sequential([try InputLayer(shape: [2]), try Dense(units: 1)])
        try m.setWeights([
          try Tensor([Float]([0.5, -0.3]), shape: [2, 1]), try Tensor([Float]([0.1]), shape: [1]),
        ])
        let loss = MeanSquaredError()
        loss.reduction = reduction
        try m.compile(optimizer: try SGD(learningRate: rate), loss: loss)
        let h = try m.fit(x, y, batchSize: 8, epochs: 2, verbose: .silent, shuffle: false)
        return (h["loss"] ?? [], try m.getWeights().flatMap { $0.doubles })
      }
      let mean = try train(.sumOverBatchSize, rate: 0.08)
      let sum = try train(.sum, rate: 0.01)
      let none = try train(nil, rate: 0.01)
      // One batch of 8: the sum's step at rate 0.01 is the mean's at 0.08.
      assertClose(sum.weights, mean.weights, rtol: 1e-5)
      assertClose(sum.loss[0], mean.loss[0] * 8, rtol: 1e-5)
      assertClose(none.weights, mean.weights, rtol: 1e-5)
      assertClose(none.loss, mean.loss, rtol: 1e-5)
    }
  }

  /// A per-sample loss cannot be added to weight penalties: Keras's fit, evaluate and
  /// train_on_batch raise TensorFlow's shape error before training.
  @Test func perSampleLossWithPenaltiesIsRefused() throws {
    try inSession { _ in
      let m = try Sequential([
        try InputLayer(shape: [2]), try Dense(units: 1, kernelRegularizer: try Regularizer.l2(0.1)),
      ])
      let loss = MeanSquaredError()
      loss.reduction = nil
      try m.compile(optimizer: try SGD(learningRate: 0.01), loss: loss)
      let x = try Tensor(zeros: [4, 2], dtype: .float32), y = try Tensor(zeros: [4, 1], dtype: .float32)
      let before = try m.getWeights().flatMap { $0.doubles }
      let e = #expect(throws: NNError.self) { try m.fit(x, y, verbose: .silent) }
      #expect(e?.message == "Shapes must be equal rank, but are 1 and 0")
      #expect(throws: NNError.self) { try m.evaluate(x, y, verbose: .silent) }
      #expect(try m.getWeights().flatMap { $0.doubles } == before)
      loss.reduction = .sum
      _ = try m.fit(x, y, verbose: .silent)
    }
  }

  @Test func trainingFactorsOfEachReduction() {
    #expect(LossReducer.trainingFactors(rows: 4, weightSum: nil, reduction: .sum) == (4, 4))
    #expect(LossReducer.trainingFactors(rows: 4, weightSum: nil, reduction: nil) == (1, 4))
    #expect(LossReducer.trainingFactors(rows: 4, weightSum: 2, reduction: .meanWithSampleWeight) == (2, 2))
    #expect(LossReducer.trainingFactors(rows: 4, weightSum: 0, reduction: .meanWithSampleWeight) == (0, 0))
    #expect(LossReducer.trainingFactors(rows: 4, weightSum: 2, reduction: .mean) == (1, 1))
  }
}

extension Tensor {
  /// The values as float32 (exact for float32 tensors).
  fileprivate var floats: [Float] { toDoubles().map { Float($0) } }
}
