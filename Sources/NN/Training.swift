import Tensors

extension Sequential {
  /// `model.compile(optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
  /// weighted_metrics=None)` with objects. `lossWeight` defaults to 1.
  public func compile(
    optimizer: Optimizer, loss: Loss?, lossWeight: Float = 1, metrics: [Metric] = [],
    weightedMetrics: [Metric] = []
  ) throws {
    for list in [metrics, weightedMetrics] {
      var seen = Set<String>()
      for m in list where !seen.insert(m.name).inserted {
        throw NNError.value(
          "Found two metrics with the same name: \(m.name). All the metrics added to the model need to have "
            + "unique names.")
      }
    }
    self.optimizer = optimizer
    self.loss = loss
    self.lossWeight = lossWeight
    self.compiledMetrics = metrics
    self.weightedMetrics = weightedMetrics
  }

  /// Every compiled metric with its key in the logs and whether it takes sample weights:
  /// the plain ones first, then the weighted ones, which Keras renames `weighted_<name>` when
  /// a plain metric already has the name.
  public var metricSlots: [(metric: Metric, weighted: Bool, logName: String)] {
    var taken = Set(compiledMetrics.map(\.name))
    var out = compiledMetrics.map { (metric: $0, weighted: false, logName: $0.name) }
    for m in weightedMetrics {
      var name = m.name
      if taken.contains(name) {
        name = "weighted_\(m.name)"
        var index = 1
        while taken.contains(name) {
          name = "weighted_\(m.name)_\(index)"
          index += 1
        }
      }
      taken.insert(name)
      out.append((metric: m, weighted: true, logName: name))
    }
    return out
  }

  /// Updates every compiled metric with a batch; only the weighted ones see `weights`.
  func updateMetrics(
    labels: UnsafePointer<Float>, labelsPerRow: Int, pred: UnsafePointer<Float>, rows: Int, cols: Int,
    weights: UnsafePointer<Float>?
  ) throws {
    for m in compiledMetrics {
      m.update(labels: labels, labelsPerRow: labelsPerRow, pred: pred, rows: rows, cols: cols, weights: nil)
    }
    for m in weightedMetrics {
      m.update(
        labels: labels, labelsPerRow: labelsPerRow, pred: pred, rows: rows, cols: cols, weights: weights)
    }
    // A metric function of the user's that raised: its error ends the call.
    for m in compiledMetrics + weightedMetrics {
      if let f = m as? FunctionMetric, let error = f.takeFailure() { throw error }
    }
  }

  /// Clears the loss tracker and every compiled metric.
  func resetMetrics() {
    lossTracker.resetState()
    for m in compiledMetrics + weightedMetrics { m.resetState() }
  }

  /// The compiled loss of a batch: `loss` times `lossWeight`, whose gradient (when written)
  /// is scaled the same way, as Keras weighs each output's loss.
  func weightedLoss(
    labels: UnsafePointer<Float>, pred: UnsafePointer<Float>, logits: UnsafePointer<Float>?, rows: Int,
    cols: Int, weights: UnsafePointer<Float>?, gradient: UnsafeMutablePointer<Float>?
  ) throws -> Float {
    guard let loss else { return 0 }
    let value = loss.reducedBatchLoss(
      labels: labels, pred: pred, logits: logits, rows: rows, cols: cols, weights: weights,
      gradient: gradient,
      fused: logits != nil)
    // A loss function of the user's that raised: its error ends the call.
    if let f = loss as? FunctionLoss, let error = f.takeFailure() { throw error }
    if lossWeight == 1 { return value }
    if let gradient { for i in 0..<(rows * cols) { gradient[i] *= lossWeight } }
    return value * lossWeight
  }

  /// Creates the optimizer's slots for the trainable weights now, as Keras's
  /// `compile_from_config` does for a built model (they show in `summary()` at once).
  public func buildOptimizerState() throws {
    guard isBuilt, let optimizer else { return }
    try optimizer.build(trainableWeights)
  }

  /// `model.compile(optimizer="rmsprop", loss="...", metrics=["accuracy"])` by names.
  public func compile(optimizer: String = "rmsprop", loss: String?, metrics: [String] = []) throws {
    try compile(
      optimizer: try Optimizers.named(optimizer), loss: try loss.map { try Losses.named($0) },
      metrics: try metrics.map { try Metrics.named($0) })
  }

  /// Whether `compile` has been called.
  public var isCompiled: Bool { optimizer != nil }

  /// Checks inputs (and labels and sample weights) against the model, building it on first
  /// use. Returns the data ready for batching, with the weights expanded to output rows.
  func prepareData(_ x: Tensor, _ y: Tensor?, sampleWeight: Tensor? = nil, what: String) throws
    -> PreparedData
  {
    guard !layers.isEmpty else {
      throw NNError.value(
        "Sequential model \(name) has no layers yet", hint: "add layers with model.add(...) before \(what)")
    }
    guard x.ndim >= 1 else {
      throw NNError.value(
        "Expected input data with a batch axis; got a scalar", hint: "pass an array of samples")
    }
    if x.ndim == 1 {
      throw NNError.value(
        "Input of shape \(formatShape(x.shape)) has no feature axis: the model needs (samples, features)",
        hint: "reshape it to (\(x.shape[0]), 1) with x.reshape(-1, 1)")
    }
    if x.dtype == .bool {
      throw NNError.type(
        "Input data of dtype bool is not supported", hint: "convert it with x.astype('float32')")
    }
    if let y {
      guard y.ndim >= 1, y.shape[0] == x.shape[0] else {
        throw NNError.value(
          "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: "
            + "\(x.shape.first ?? 0)\n'y' sizes: \(y.shape.first ?? 0)",
          hint: "x and y must have one row per sample, in the same order")
      }
    }
    let sample = Array(x.shape.dropFirst())
    if isBuilt, let expected = inputShape, expected != sample {
      throw (layers.first ?? self).incompatibleInput(sample, expected: expected)
    }
    try build(inputShape: sample)
    guard inputCount > 0, outputCount > 0 else {
      throw NNError.value(
        "The model maps samples of shape \(formatBatchShape(sample)) to \(formatBatchShape(outputShape ?? [])): "
          + "there are no values to work with",
        hint: "every dimension of the data and the layers must be at least 1")
    }
    var rowWeights: Tensor?
    if let sampleWeight {
      guard sampleWeight.ndim >= 1 else {
        throw NNError.value(
          "sample_weight must be an array with one weight per sample; received a scalar",
          hint: "for the same weight on every sample pass np.full(\(x.shape[0]), w), or scale the loss with "
            + "compile(loss_weights=w)")
      }
      if sampleWeight.shape[0] != x.shape[0] {
        throw NNError.value(
          "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: "
            + "\(x.shape[0])\n" + (y.map { "'y' sizes: \($0.shape.first ?? 0)\n" } ?? "")
            + "'sample_weight' sizes: \(sampleWeight.shape[0])\n",
          hint: "sample_weight needs one weight per sample of x")
      }
      let rows = try SampleWeights.perRow(
        sampleWeight, samples: x.shape[0], rowsPerSample: outputGeometry.rowsPerSample)
      rowWeights = try rows.values.map { try Tensor($0, shape: [$0.count]) }
    }
    let data = try PreparedData(x: x, y: y, w: rowWeights)
    if let y, let loss, let out = outputShape {
      try loss.checkLabels(Array(y.shape.dropFirst()), output: out)
      try loss.checkPenalties(trainableWeights.contains { $0.regularizer != nil })
      let cols = max(out.last ?? 1, 1)
      if data.count > 0, let yd = data.y {
        try loss.validateLabels(yd.floatPointer, count: yd.count, cols: cols)
      }
      for m in compiledMetrics + weightedMetrics {
        try m.resolve(labels: Array(y.shape.dropFirst()), output: out)
      }
    }
    return data
  }

  /// Output geometry: values per row of the last axis, and rows per sample.
  var outputGeometry: (cols: Int, rowsPerSample: Int) {
    let cols = max(outputShape?.last ?? 1, 1)
    return (cols, max(outputCount / cols, 1))
  }

  /// The logits behind a softmax/sigmoid output when the loss takes them (TensorFlow's Keras does).
  func fusedLogits() -> UnsafeMutablePointer<Float>? {
    guard let loss, loss.usesKerasLogits, let oa = outputActivation, oa.0 == .softmax || oa.0 == .sigmoid
    else {
      return nil
    }
    return oa.1
  }

  /// Keras's one-time warning for `from_logits=True` on a softmax/sigmoid output. (Keras's text
  /// opens a double quote it never closes.)
  func warnFromLogitsIfNeeded() {
    guard let loss, loss.fromLogits, loss.usesKerasLogits, let oa = outputActivation,
      oa.0 == .softmax || oa.0 == .sigmoid
    else { return }
    let op = loss.logitsOpName
    NNSession.current.warn(
      "\"`\(loss.name)` received `from_logits=True`, but the `output` argument was produced by a \(op) activation "
        + "and thus does not represent logits. Was this intended?")
  }

  func metricLogs(prefix: String = "") -> [(String, Double)] {
    var out: [(String, Double)] = [("\(prefix)loss", Double(lossTracker.result()))]
    for s in metricSlots { out.append(("\(prefix)\(s.logName)", Double(s.metric.result()))) }
    out.sort { $0.0 < $1.0 }
    return out
  }

  /// `model.fit(x, y, batch_size=32, epochs=1, verbose="auto", callbacks=None, validation_split=0.0,
  /// validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0)`.
  /// Returns the History; Ctrl-C (``TrainingControl/requestStop()``) ends it at the next batch
  /// with the weights kept. `validationData` may carry sample weights as a third element;
  /// `classWeight` (class index → weight) weighs the training samples only, as in Keras.
  @discardableResult
  public func fit(
    _ x: Tensor, _ y: Tensor, batchSize: Int? = nil, epochs: Int = 1, verbose: Verbosity = .auto,
    callbacks: [Callback] = [], validationSplit: Double = 0, validationData: ValidationData? = nil,
    shuffle: Bool = true, classWeight: [Int: Float]? = nil, sampleWeight: Tensor? = nil, initialEpoch: Int = 0
  ) throws -> History {
    try withFlushedDenormals {
      try fitLoop(
        x, y, batchSize: batchSize, epochs: epochs, verbose: verbose, callbacks: callbacks,
        validationSplit: validationSplit, validationData: validationData, shuffle: shuffle,
        classWeight: classWeight, sampleWeight: sampleWeight, initialEpoch: initialEpoch)
    }
  }

  /// `fit(..., validationData: (x, y))` without weights.
  @discardableResult
  public func fit(
    _ x: Tensor, _ y: Tensor, batchSize: Int? = nil, epochs: Int = 1, verbose: Verbosity = .auto,
    callbacks: [Callback] = [], validationSplit: Double = 0, validationData: (Tensor, Tensor),
    shuffle: Bool = true, initialEpoch: Int = 0
  ) throws -> History {
    try fit(
      x, y, batchSize: batchSize, epochs: epochs, verbose: verbose, callbacks: callbacks,
      validationSplit: validationSplit,
      validationData: ValidationData(x: validationData.0, y: validationData.1), shuffle: shuffle,
      initialEpoch: initialEpoch)
  }

  private func fitLoop(
    _ x: Tensor, _ y: Tensor, batchSize: Int?, epochs: Int, verbose: Verbosity, callbacks: [Callback],
    validationSplit: Double, validationData: ValidationData?, shuffle: Bool, classWeight: [Int: Float]?,
    sampleWeight: Tensor?, initialEpoch: Int
  ) throws -> History {
    guard let optimizer, loss != nil else {
      throw NNError(
        .runtimeError, "You must call `compile()` before using the model.",
        hint:
          "model.compile(optimizer='rmsprop', loss='sparse_categorical_crossentropy', metrics=['accuracy'])")
    }
    let requestedBatch = batchSize ?? 32
    guard requestedBatch > 0 else {
      throw NNError.value("batch_size must be a positive integer. Received: \(requestedBatch)")
    }
    guard epochs >= 0, initialEpoch >= 0 else { throw NNError.value("epochs must be a non-negative integer") }
    guard validationSplit >= 0, validationSplit < 1 else {
      throw NNError.value(
        "`validation_split` must be in the range [0, 1). Received: validation_split=\(validationSplit)")
    }
    if classWeight != nil, sampleWeight != nil {
      throw NNError.value("You cannot `class_weight` and `sample_weight` at the same time.")
    }
    var all = try prepareData(x, y, sampleWeight: sampleWeight, what: "fit()")
    guard all.count > 0 else {
      throw NNError.value("Expected input data to be non-empty.", hint: "x has 0 samples")
    }
    var validation: PreparedData?
    if let v = validationData {
      validation = try prepareData(v.x, v.y, sampleWeight: v.sampleWeight, what: "fit()")
      if let sizes = v.batchSizes {
        guard let starts = GivenBatches(x: v.x, sizes: sizes).starts else {
          throw NNError.value(
            "The validation batch sizes do not add up to the \(v.x.shape.first ?? 0) samples given")
        }
        validation?.batchStarts = starts
      }
    } else if validationSplit > 0 {
      let splitAt = Int((Double(all.count) * (1 - validationSplit)).rounded(.down))
      guard splitAt > 0, splitAt < all.count else {
        throw NNError.value(
          "Training data contains \(all.count) samples, which is not sufficient to split it into a validation and "
            + "training set as specified by `validation_split=\(validationSplit)`. Either provide more data, or a "
            + "different value for the `validation_split` argument.")
      }
      validation = try all.slice(splitAt, all.count)
      all = try all.slice(0, splitAt)
    }
    if let classWeight, let labels = all.y {
      // Keras turns class weights into sample weights of the training part only.
      let perSample = try SampleWeights.fromClassWeights(classWeight, labels: labels)
      let rows = try SampleWeights.perRow(
        perSample, samples: all.count, rowsPerSample: outputGeometry.rowsPerSample)
      all = try PreparedData(x: all.x, y: all.y, w: try rows.values.map { try Tensor($0, shape: [$0.count]) })
    }
    let batch = min(requestedBatch, all.count)
    let feeder = try BatchFeeder(all, batchSize: batch)
    return try trainLoop(
      optimizer: optimizer, maxBatch: batch, steps: feeder.steps, epochs: epochs, verbose: verbose,
      callbacks: callbacks, initialEpoch: initialEpoch,
      epochFeeder: { _ in
        if shuffle { try feeder.shuffle() }
        return feeder
      },
      validation: validation.map { v in { v } })
  }

  /// The epochs of `fit` from `initialEpoch`: `epochFeeder(epoch)` hands out each epoch's
  /// batches (nil ends training), in batches of at most `maxBatch` rows; `steps` is the
  /// batch count the progress bar and `History.params` show. `validation` gives the data
  /// checked after each epoch, if any.
  func trainLoop(
    optimizer: Optimizer, maxBatch: Int, steps: Int, epochs: Int, verbose: Verbosity, callbacks: [Callback],
    initialEpoch: Int, epochFeeder: (Int) throws -> BatchFeeder?, validation: (() throws -> PreparedData)?
  ) throws -> History {
    warnFromLogitsIfNeeded()
    let sink = NNSession.current.output
    let level = verbose.level
    var batch = maxBatch
    try prepare(maxBatch: batch)
    let (cols, rowsPerSample) = outputGeometry
    let grad = try FloatBuffer(capacity: try checkedProduct(batch, outputCount))
    let variables = trainableWeights
    let hasRegularizers = variables.contains { $0.regularizer != nil }
    try optimizer.build(variables)
    let history = History()
    let userCallbacks = callbacks
    let allCallbacks = userCallbacks + [history]
    for c in allCallbacks { c.model = self }
    let wantBatchLogs = allCallbacks.contains { $0.wantsBatchLogs }
    self.history = history
    stopTraining = false
    TrainingControl.clear()
    history.params = (verbose, epochs, steps)
    var interrupted = false
    var invalidLoss = false

    for c in allCallbacks { c.onTrainBegin(Logs()) }
    var epoch = initialEpoch
    while epoch < epochs {
      // Keras calls the user's callbacks, then History, then its progress bar (which prints the
      // epoch header and line): a callback's message comes before them.
      for c in allCallbacks { c.onEpochBegin(epoch) }
      if stopTraining { break }
      if level > 0, epochs > 1 { sink.write("Epoch \(epoch + 1)/\(epochs)\n") }
      let bar = level > 0 ? ProgressBar(target: steps, verbose: level, sink: sink) : nil
      resetMetrics()
      guard let feeder = try epochFeeder(epoch) else {
        bar?.abandon()
        break
      }
      if feeder.batchSize > batch {
        batch = feeder.batchSize
        try prepare(maxBatch: batch)
        try grad.reserve(try checkedProduct(batch, outputCount))
      }
      let epochSteps = feeder.steps
      let labelsPerRow = feeder.data.yPerSample / rowsPerSample
      var step = 0
      while step < epochSteps {
        if TrainingControl.stopRequested {
          interrupted = true
          break
        }
        for c in userCallbacks { c.onTrainBatchBegin(step) }
        let b = feeder.batch(step)
        let n = b.count, xp = b.x
        guard let yp = b.y, n > 0 else { break }
        let out = forward(xp, batch: n, training: true)
        let logits = fusedLogits()
        let rows = n * rowsPerSample
        let value =
          hasRegularizers
          ? addingRegularization(
            to: try weightedLoss(
              labels: yp, pred: out, logits: logits, rows: rows, cols: cols, weights: b.weights,
              gradient: grad.pointer))
          : try weightedLoss(
            labels: yp, pred: out, logits: logits, rows: rows, cols: cols, weights: b.weights,
            gradient: grad.pointer)
        lossTracker.update(value, weight: Float(n))
        try updateMetrics(
          labels: yp, labelsPerRow: labelsPerRow, pred: out, rows: rows, cols: cols, weights: b.weights)
        if value.isFinite {
          _ = backward(
            grad.pointer, batch: n, needInputGradient: false, gradientIsPreActivation: logits != nil)
          if hasRegularizers { addRegularizationGradients(variables) }
          optimizer.apply(variables)
        }
        step += 1
        if let bar, step < epochSteps, bar.wantsUpdate() {
          bar.update(step, finalize: false) { metricLogs() }
        }
        if wantBatchLogs {
          let logs = Logs(metricLogs())
          for c in userCallbacks { c.onTrainBatchEnd(step - 1, logs) }
        }
        if !value.isFinite {
          invalidLoss = true
          bar?.abandon()
          sink.write("Batch \(step - 1): Invalid loss, terminating training\n")
          sink.write(
            "The loss became \(value.isNaN ? "NaN" : "infinite"), so training stopped; the weights are no longer "
              + "useful numbers. Try a lower learning rate, inputs scaled to about 0…1 (e.g. x / 255), and labels "
              + "without NaN.\n")
          stopTraining = true
          break
        }
        if stopTraining { break }
      }
      if interrupted {
        bar?.abandon()
        sink.write(
          "Training interrupted in epoch \(epoch + 1) at batch \(step)/\(steps); the model keeps the weights learned "
            + "so far.\n")
        break
      }
      var logs = Logs(metricLogs())
      if let validation, !invalidLoss {
        let (_, stopped) = try evaluationLoop(try validation(), batchSize: maxBatch, bar: nil)
        if stopped {
          bar?.abandon()
          interrupted = true
          sink.write(
            "Training interrupted during validation of epoch \(epoch + 1); the model keeps its weights.\n")
          break
        }
        for (k, v) in metricLogs(prefix: "val_") { logs[k] = v }
        logs.sortByKey()
      }
      for c in userCallbacks { c.onEpochEnd(epoch, &logs) }
      history.onEpochEnd(epoch, &logs)
      // The epoch's line shows what callbacks added too (ReduceLROnPlateau's learning_rate).
      if !invalidLoss { bar?.update(steps, finalize: true) { logs.entries } }
      epoch += 1
      if stopTraining { break }
    }
    for c in allCallbacks { c.onTrainEnd(Logs()) }
    TrainingControl.clear()
    for c in userCallbacks {
      if let e = c.failure { throw e }
    }
    return history
  }
}
