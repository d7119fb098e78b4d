import Tensors

extension Sequential {
  /// `model.train_on_batch(x, y, sample_weight=None, class_weight=None)`: one optimizer step on
  /// all of `x` as a single batch, in order. Like Keras it clears the metrics first and
  /// returns the loss and metrics of that step; `model.history` is left as it was.
  public func trainOnBatch(
    _ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil, classWeight: [Int: Float]? = nil
  ) throws -> EvaluationResult {
    if classWeight != nil, sampleWeight != nil {
      throw NNError.value(
        "Arguments `sample_weight` and `class_weight` cannot be specified at the same time.")
    }
    let saved = history
    defer { history = saved }
    try fit(
      x, y, batchSize: max(x.shape.first ?? 1, 1), epochs: 1, verbose: .silent, shuffle: false,
      classWeight: classWeight, sampleWeight: sampleWeight)
    return currentResults()
  }

  /// `model.test_on_batch(x, y, sample_weight=None)`: the loss and metrics of all of `x` as
  /// one batch, without a progress bar.
  public func testOnBatch(_ x: Tensor, _ y: Tensor, sampleWeight: Tensor? = nil) throws -> EvaluationResult {
    try evaluate(x, y, batchSize: max(x.shape.first ?? 1, 1), verbose: .silent, sampleWeight: sampleWeight)
  }

  /// `model.predict_on_batch(x)`: the outputs for all of `x` as one batch, without a bar.
  public func predictOnBatch(_ x: Tensor) throws -> Tensor {
    try predict(x, batchSize: max(x.shape.first ?? 1, 1), verbose: .silent)
  }

  /// `model.reset_metrics()`: clears the loss tracker and every compiled metric.
  public func resetMetricStates() { resetMetrics() }

  /// `model.get_layer(name=None, index=None)`, with Keras's errors.
  public func layer(name: String?, index: Int?) throws -> Layer {
    if let index, let name {
      throw NNError.value(
        "Provide only a layer name or a layer index. Received: index=\(index), name=\(name).")
    }
    if let index {
      if layers.count <= index {
        throw NNError.value(
          "Was asked to retrieve layer at index \(index) but model only has \(layers.count) layers.")
      }
      // Python indexing: -1 is the last layer.
      let i = index < 0 ? layers.count + index : index
      guard i >= 0 else { throw NNError(.indexError, "list index out of range") }
      return layers[i]
    }
    if let name {
      if let found = layers.first(where: { $0.name == name }) { return found }
      let names = layers.map { "'\($0.name)'" }.joined(separator: ", ")
      throw NNError.value(
        "No such layer: \(name). Existing layers are: [\(names)].",
        hint: NameLookup.closest(name, in: layers.map(\.name)).map { "Did you mean '\($0)'?" })
    }
    throw NNError.value("Provide either a layer name or layer index at `get_layer`.")
  }
}
