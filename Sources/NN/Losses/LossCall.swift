import Tensors

/// A loss object called on tensors, `loss(y_true, y_pred, sample_weight=None)`, as Keras 3
/// computes it: per-sample losses, multiplied by the sample weights, reduced by
/// ``Loss/reduction``; and the gradients of that result for a gradient tape.
extension Loss {
  /// The loss of predictions `yPred` for labels `yTrue` as a float32 tensor: a scalar for the
  /// reductions that sum, else the weighted per-sample losses shaped like the batch. Computed
  /// eagerly: probabilities are clipped, not un-softmaxed. `sampleWeight` (a scalar, or one
  /// weight per sample) defaults to `nil`: every sample 1.
  public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws -> Tensor {
    try evaluate(yTrue, yPred, sampleWeight: sampleWeight, outputGradient: nil).value
  }

  /// The gradient of ``callAsFunction(_:_:sampleWeight:)`` with respect to `yPred`, for an
  /// output gradient of ones: a float32 tensor shaped like `yPred`.
  public func gradient(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws -> Tensor {
    let value = try callAsFunction(yTrue, yPred, sampleWeight: sampleWeight)
    let ones = try Tensor.full(value.shape, .float(1), dtype: .float32)
    return try gradient(yTrue, yPred, sampleWeight: sampleWeight, outputGradient: ones)
  }

  /// The gradient with respect to `yPred` of Σ outputGradient·loss(yTrue, yPred): what a tape
  /// sends back through the call. `outputGradient` is shaped like the call's result.
  public func gradient(
    _ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?, outputGradient: Tensor
  ) throws -> Tensor {
    try evaluate(yTrue, yPred, sampleWeight: sampleWeight, outputGradient: outputGradient).gradient
      ?? Tensor(zeros: yPred.shape, dtype: .float32)
  }

  /// The gradient with respect to `yPred` of Σ rowWeights[r]·loss(row r), the per-sample losses
  /// a `keras.losses` function gives weighted by the tape's output gradient (one per row).
  public func rowGradient(_ yTrue: Tensor, _ yPred: Tensor, rowWeights: Tensor) throws -> Tensor {
    let batch = try LossBatch(self, yTrue, yPred, rowsAreSamples: true)
    let u = try rowWeights.float32Contiguous()
    guard u.count == batch.rows else {
      throw NNError.value("the output gradient has \(u.count) values for \(batch.rows) losses")
    }
    let n = Float(batch.rows)
    return try batch.gradient(scaledWeights: (0..<u.count).map { u.floatPointer[$0] * n })
  }

  /// The call's result, and its gradient with respect to `yPred` when `outputGradient` (the
  /// upstream gradient, shaped like the result) is given.
  private func evaluate(
    _ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?, outputGradient: Tensor?
  ) throws -> (value: Tensor, gradient: Tensor?) {
    let batch = try LossBatch(self, yTrue, yPred, rowsAreSamples: false)
    let losses = batch.rowLosses()
    // Weighted values: one per row, or for a single row (1-D predictions) one per weight, as
    // Keras broadcasts a 0-d loss against the weights.
    var weighted = losses
    var shape = batch.valuesShape
    var rowWeights = [Float](repeating: 1, count: batch.rows)
    var weightSum: Float?
    if let sampleWeight {
      let w = try sampleWeight.float32Contiguous()
      let flat = Array(UnsafeBufferPointer(start: w.floatPointer, count: w.count))
      var sum: Float = 0
      for v in flat { sum += v }
      weightSum = sum
      if batch.singleRow {
        let l = losses.first ?? 0
        weighted = flat.map { l * $0 }
        shape = w.shape
        rowWeights = flat
      } else {
        let samples = yPred.shape.first ?? 0
        let perRow = try SampleWeights.perRow(
          w, samples: samples, rowsPerSample: samples == 0 ? 1 : batch.rows / samples)
        rowWeights = perRow.values ?? rowWeights
        weighted = zip(losses, rowWeights).map { $0 * $1 }
      }
    }
    let reduced = LossReducer.reduce(weighted, shape: shape, weightSum: weightSum, reduction: reduction)
    let value =
      reduced.shape.isEmpty
      ? Tensor(scalar: reduced.values.first ?? 0) : try Tensor(reduced.values, shape: reduced.shape)
    guard let outputGradient else { return (value, nil) }
    let g = try outputGradient.float32Contiguous()
    guard g.count == reduced.values.count else {
      throw NNError.value(
        "the output gradient has \(g.count) values for a loss of shape \(formatShape(reduced.shape))")
    }
    // d(result)/d(weighted value k) times the rows (the losses' gradients carry the batch
    // mean's 1/rows), then through the weights to each row's loss.
    let factor = reduced.divisor == 0 ? 0 : Float(batch.rows) / reduced.divisor
    let kept = reduced.shape == shape && reduced.values.count == weighted.count
    let upstream: [Float] =
      kept
      ? (0..<g.count).map { g.floatPointer[$0] * factor }
      : [Float](repeating: g.count > 0 ? g.floatPointer[0] * factor : 0, count: weighted.count)
    var u = [Float](repeating: 0, count: batch.rows)
    if batch.singleRow, !u.isEmpty {
      for (k, d) in upstream.enumerated() where k < rowWeights.count { u[0] += d * rowWeights[k] }
    } else {
      for r in 0..<min(u.count, upstream.count) { u[r] = upstream[r] * rowWeights[r] }
    }
    return (value, try batch.gradient(scaledWeights: u))
  }
}

/// A batch of labels and predictions read as rows of the last axis, checked as the loss
/// checks them.
private struct LossBatch {
  let loss: Loss
  let labels: Tensor
  let pred: Tensor
  let rows: Int
  let cols: Int
  /// 1-D predictions other than sparse ones are one row, whose loss is 0-d as in Keras.
  let singleRow: Bool
  /// The shape of the per-sample losses: the predictions' without the last axis.
  let valuesShape: [Int]

  /// `rowsAreSamples` keeps 1-D predictions as rows of one value (the loss functions' reading).
  init(_ loss: Loss, _ yTrue: Tensor, _ yPred: Tensor, rowsAreSamples: Bool) throws {
    let p = try yPred.float32Contiguous()
    let t = try yTrue.float32Contiguous()
    guard p.ndim >= 1, t.ndim >= 1, t.shape[0] == p.shape[0] else {
      throw NNError.value(
        "Arguments `target` and `output` must have the same batch size. Received: "
          + "target.shape=\(formatShape(t.shape)), output.shape=\(formatShape(p.shape))")
    }
    try loss.checkLabels(Array(t.shape.dropFirst()), output: Array(p.shape.dropFirst()))
    self.loss = loss
    labels = t
    pred = p
    singleRow = p.ndim == 1 && !loss.sparseLabels && !rowsAreSamples
    if singleRow {
      cols = max(p.count, 1)
      rows = p.count == 0 ? 0 : 1
      valuesShape = []
    } else {
      cols = max(p.ndim >= 2 ? p.shape[p.ndim - 1] : 1, 1)
      rows = p.count / cols
      valuesShape = p.ndim >= 2 ? Array(p.shape.dropLast()) : p.shape
    }
    try loss.validateLabels(t.floatPointer, count: t.count, cols: cols)
  }

  /// Whether an empty last axis averages to NaN (the means) rather than summing to 0.
  private var emptyAxisIsMean: Bool {
    loss is MeanSquaredError || loss is MeanAbsoluteError || loss is BinaryCrossentropy
      || (loss as? ElementwiseLoss)?.averagesOverLastAxis == true
  }

  /// One float32 loss per value of ``valuesShape``, each row computed as the training loop
  /// computes a batch of one.
  func rowLosses() -> [Float] {
    let count = valuesShape.reduce(1, *)
    guard rows > 0, count == rows || singleRow else {
      // An empty last axis: the means are NaN, the sums 0, as in TensorFlow.
      return [Float](repeating: emptyAxisIsMean ? .nan : 0, count: count)
    }
    return loss.rowLosses(
      labels: labels.floatPointer, labelsPerRow: labels.count / rows, pred: pred.floatPointer, rows: rows,
      cols: cols)
  }

  /// d(Σ u[r]·loss(row r))/d(predictions), shaped like the predictions, for
  /// `scaledWeights` = u·rows (the losses' gradients carry the batch mean's 1/rows).
  func gradient(scaledWeights: [Float]) throws -> Tensor {
    let g = try Tensor(zeros: pred.shape, dtype: .float32)
    guard rows > 0, rows * cols == pred.count, scaledWeights.count == rows else { return g }
    scaledWeights.withUnsafeBufferPointer { w in
      _ = loss.compute(
        labels: labels.floatPointer, pred: pred.floatPointer, logits: nil, rows: rows, cols: cols,
        weights: w.baseAddress, gradient: g.floatPointer, fused: false)
    }
    return g
  }
}
