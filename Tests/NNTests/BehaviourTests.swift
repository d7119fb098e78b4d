import Foundation
import NN
import Tensors
import TestSupport
import Testing

@Suite struct ErrorTests {
  func message(_ body: () throws -> Void) -> NNError? {
    do { try body() } catch let e as NNError { return e } catch { Issue.record("not an NNError: \(error)") }
    return nil
  }

  @Test func shapeMismatchNamesLayerShapesAndFix() throws {
    try inSession { _ in
      let m = try Sequential([
        try Dense(512, activation: "relu", inputShape: [784]), try Dense(10, activation: "softmax"),
      ])
      let e = message {
        _ = try m.predict(try Tensor(zeros: [5, 28, 28], dtype: .float32), verbose: .silent)
      }
      #expect(
        e?.message == "Dense layer \"dense\" expected input of shape (None, 784) but got (None, 28, 28)")
      #expect(e?.hint?.contains("Flatten()") == true)
    }
  }

  @Test func oneHotLabelsWithSparseLossAreExplained() throws {
    try inSession { _ in
      let m = try Sequential([try InputLayer(shape: [4]), try Dense(units: 3, activation: .softmax)])
      try m.compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy")
      let e = message {
        try m.fit(try Tensor(zeros: [6, 4], dtype: .float32), try Tensor(zeros: [6, 3]), verbose: .silent)
      }
      #expect(e?.hint?.contains("one-hot") == true)
      #expect(e?.hint?.contains("categorical_crossentropy") == true)
    }
  }

  @Test func integerLabelsWithCategoricalLossAreExplained() throws {
    try inSession { _ in
      let m = try Sequential([try InputLayer(shape: [4]), try Dense(units: 3, activation: .softmax)])
      try m.compile(optimizer: "sgd", loss: "categorical_crossentropy")
      let e = message {
        try m.fit(try Tensor(zeros: [6, 4], dtype: .float32), try Tensor(zeros: [6]), verbose: .silent)
      }
      #expect(e?.message.contains("target.shape=(None,), output.shape=(None, 3)") == true)
      #expect(e?.hint?.contains("to_categorical") == true)
    }
  }

  @Test func labelsOutOfRangeAndOtherMistakes() throws {
    try inSession { _ in
      let m = try Sequential([try InputLayer(shape: [4]), try Dense(units: 3, activation: .softmax)])
      let x = try Tensor(zeros: [6, 4], dtype: .float32)
      let zeros6 = try Tensor(zeros: [6])
      let notCompiled = message { try m.fit(x, zeros6) }
      #expect(notCompiled?.message.contains("compile()") == true)
      try m.compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy")
      let bad = try Tensor([0.0, 1, 2, 3, 0, 1], shape: [6])
      let e = message { try m.fit(x, bad, verbose: .silent) }
      #expect(e?.kind == .invalidArgumentError)
      #expect(e?.message == "Received a label value of 3 which is outside the valid range of [0, 3).")
      let zeros5 = try Tensor(zeros: [5])
      let e2 = message { try m.fit(x, zeros5, verbose: .silent) }
      #expect(e2?.message.contains("Data cardinality is ambiguous") == true)
      let e3 = message { try m.fit(x, zeros6, batchSize: 0) }
      #expect(e3 != nil)
      let e4 = message { try m.fit(x, zeros6, validationSplit: 0.9) }
      #expect(e4 != nil)
      let e5 = message { _ = try Dense(units: 0) }
      #expect(e5 != nil)
      let e6 = message { _ = try Dropout(rate: 1.5) }
      #expect(e6 != nil)
      let e7 = message { try m.setWeights([]) }
      #expect(e7 != nil)
      let w = [try Tensor(zeros: [3, 4]), try Tensor(zeros: [3])]
      let e8 = message { try m.setWeights(w) }
      #expect(e8?.message.contains("not compatible") == true)
      let flat = try Tensor(zeros: [3])
      let e9 = message { _ = try m.predict(flat, verbose: .silent) }
      #expect(e9?.hint?.contains("reshape") == true)
    }
  }

  @Test func absurdInputsThrowOrWorkWithoutTrapping() throws {
    try inSession { _ in
      let m = try Sequential([try InputLayer(shape: [4]), try Dense(units: 3, activation: .softmax)])
      try m.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
      let x = try Tensor(zeros: [6, 4], dtype: .float32)
      let h = try m.fit(x, try Tensor(zeros: [6]), batchSize: Int.max / 2, verbose: .silent)
      #expect(h.epoch == [0])
      _ = try m.predict(x, batchSize: Int.max, verbose: .silent)
      _ = try m.evaluate(x, try Tensor(zeros: [6]), batchSize: Int.max, verbose: .silent)
      let huge = try Tensor([1e30, .nan, -1e30, 0, 1, 2], shape: [6])
      let e = message { try m.fit(x, huge, verbose: .silent) }
      #expect(e?.kind == .invalidArgumentError)
      let big = message { _ = try Dense(units: Int.max / 2, inputShape: [Int.max / 2]) }
      #expect(big == nil)  // building is lazy until data arrives; the model then refuses the size
      let m2 = try Sequential([try Dense(units: 1 << 40)])
      try m2.compile(optimizer: "sgd", loss: "mse")
      #expect(throws: (any Error).self) { _ = try m2.predict(x, verbose: .silent) }
    }
  }

  @Test func nanLossStopsTrainingWithAMessage() throws {
    try inSession { sink in
      let m = try Sequential([try InputLayer(shape: [2]), try Dense(units: 1)])
      try m.compile(optimizer: try SGD(learningRate: 1e6), loss: MeanSquaredError())
      let x = try Tensor([Float](repeating: 1e10, count: 40), shape: [20, 2])
      let h = try m.fit(x, try Tensor(zeros: [20], dtype: .float32), batchSize: 4, epochs: 5)
      #expect(sink.text.contains("Invalid loss, terminating training"))
      #expect(h.epoch.count == 1)
    }
  }
}

@Suite struct TrainingBehaviourTests {
  static func problem() throws -> (Tensor, Tensor) {
    let g = RandomGenerator(seed: 9)
    return (try g.rand([256, 5]).astype(.float32), try g.randint(low: 0, high: 2, size: [256]))
  }

  @Test func interruptStopsAtBatchBoundaryKeepingWeights() throws {
    try inSession { sink in
      let (x, y) = try Self.problem()
      let m = try Sequential([try InputLayer(shape: [5]), try Dense(units: 2, activation: .softmax)])
      try m.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy")
      let before = try m.getWeights()[0].doubles
      var batches = 0
      let cb = LambdaCallback(onBatchEnd: { b, _ in
        batches += 1
        if batches == 20 { NNSession.current.requestStop() }
      })
      let h = try m.fit(x, y, epochs: 10, verbose: .silent, callbacks: [cb])
      #expect(batches == 20)
      #expect(h.epoch == [0, 1])
      #expect(try m.getWeights()[0].doubles != before)
      #expect(sink.text.contains("interrupted"))
      // The flag is consumed: the next fit runs.
      let h2 = try m.fit(x, y, epochs: 1, verbose: .silent)
      #expect(h2.epoch == [0])
    }
  }

  @Test func seedsMakeRunsRepeatBitForBit() throws {
    let (x, y) = try Self.problem()
    func run() throws -> [Double] {
      try inSession { _ in
        try NNSession.current.setRandomSeed(42)
        let m = try Sequential([
          try InputLayer(shape: [5]), try Dense(units: 8, activation: .relu), try Dropout(rate: 0.3),
          try Dense(units: 2, activation: .softmax),
        ])
        try m.compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        try m.fit(x, y, batchSize: 16, epochs: 3, verbose: .silent)
        return try m.getWeights().flatMap(\.doubles)
      }
    }
    #expect(try run() == run())
  }

  /// Inputs of other dtypes are converted a batch at a time instead of copied whole; the
  /// results must be those of the float32 copy, shuffled or not, in fit, evaluate and predict.
  @Test(arguments: [DType.float64, .uint8, .int64])
  func inputsOfAnyDtypeTrainLikeTheirFloat32Copy(dtype: DType) throws {
    let (x0, y) = try Self.problem()
    let x = dtype == .float64 ? try x0.astype(.float64) : try (x0 * 10).astype(dtype)
    func run(_ input: Tensor, shuffle: Bool) throws -> [Double] {
      try inSession { _ in
        try NNSession.current.setRandomSeed(3)
        let m = try Sequential([
          try InputLayer(shape: [5]), try Dense(units: 8, activation: .relu),
          try Dense(units: 2, activation: .softmax),
        ])
        try m.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        try m.fit(
          input, y, batchSize: 16, epochs: 2, verbose: .silent, validationSplit: 0.25, shuffle: shuffle)
        let evaluation = try m.evaluate(input, y, batchSize: 7, verbose: .silent).values
        let predictions = try m.predict(input, verbose: .silent).doubles
        return try m.getWeights().flatMap(\.doubles) + evaluation + predictions
      }
    }
    for shuffle in [true, false] {
      #expect(
        try run(x, shuffle: shuffle) == run(try x.astype(.float32), shuffle: shuffle),
        "\(dtype), shuffle \(shuffle)")
    }
  }

  @Test func callbacksBehaveLikeKeras() throws {
    try inSession { sink in
      let (x, y) = try Self.problem()
      let m = try Sequential([try InputLayer(shape: [5]), try Dense(units: 2, activation: .softmax)])
      try m.compile(optimizer: try SGD(learningRate: 0.0), loss: SparseCategoricalCrossentropy())
      let stop = try EarlyStopping(monitor: "loss", patience: 1, verbose: 1)
      let h = try m.fit(x, y, epochs: 10, verbose: .silent, callbacks: [stop], shuffle: false)
      #expect(h.epoch == [0, 1])
      #expect(sink.text.contains("Epoch 2: early stopping"))
      sink.clear()
      let sched = LearningRateScheduler({ epoch, lr in epoch == 0 ? 0.5 : lr / 2 }, verbose: 1)
      try m.compile(optimizer: try SGD(), loss: SparseCategoricalCrossentropy())
      let h2 = try m.fit(x, y, epochs: 3, verbose: .silent, callbacks: [sched])
      #expect(h2.keys == ["loss", "learning_rate"])
      #expect(h2["learning_rate"] == [0.5, 0.25, 0.125])
      #expect(sink.text.contains("Epoch 1: LearningRateScheduler setting learning rate to 0.5."))
      let plateau = try ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 1, minDelta: 10)
      try m.compile(optimizer: try SGD(learningRate: 0.1), loss: SparseCategoricalCrossentropy())
      let h3 = try m.fit(x, y, epochs: 3, verbose: .silent, callbacks: [plateau])
      #expect(h3["learning_rate"]?.map { Float($0) } == [0.1, 0.1, 0.05])
    }
  }

  /// Keras runs the user's callbacks before its progress bar: a callback's message comes
  /// before the "Epoch n/N" header (at epoch begin) and before the epoch's line (at epoch end),
  /// and the line shows what callbacks logged (`learning_rate`).
  @Test func callbackMessagesComeBeforeTheProgressLines() throws {
    try inSession { sink in
      let (x, y) = try Self.problem()
      let m = try Sequential([try InputLayer(shape: [5]), try Dense(units: 2, activation: .softmax)])
      try m.compile(optimizer: try SGD(learningRate: 0.1), loss: SparseCategoricalCrossentropy())
      let sched = LearningRateScheduler({ _, lr in lr }, verbose: 1)
      let plateau = try ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 0, verbose: 1, minDelta: 10)
      _ = try m.fit(x, y, epochs: 2, verbose: .oneLinePerEpoch, callbacks: [sched, plateau])
      let lines = sink.text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
      #expect(lines.count == 7, "\(lines)")
      guard lines.count == 7 else { return }
      #expect(lines[0].hasPrefix("Epoch 1: LearningRateScheduler setting learning rate to 0.1"))
      #expect(lines[1] == "Epoch 1/2")
      #expect(lines[2].hasSuffix(" - learning_rate: 0.1000"), "\(lines[2])")
      #expect(lines[4] == "Epoch 2/2")
      #expect(lines[5] == "Epoch 2: ReduceLROnPlateau reducing learning rate to 0.05000000074505806.")
      #expect(lines[6].hasSuffix(" - learning_rate: 0.1000"), "\(lines[6])")
    }
  }

  /// `ModelCheckpoint` with `save_best_only` saves when the monitored value improves, names
  /// the file from the logs, and an unknown monitor with `mode="auto"` stops `fit` with Keras's
  /// error.
  @Test func modelCheckpointSavesImprovements() throws {
    try inSession { sink in
      let (x, y) = try Self.problem()
      let m = try Sequential([try InputLayer(shape: [5]), try Dense(units: 2, activation: .softmax)])
      try m.compile(optimizer: try SGD(learningRate: 0.5), loss: SparseCategoricalCrossentropy())
      var saved: [String] = []
      let ck = try ModelCheckpoint(
        filepath: "best-{epoch}.keras", monitor: "loss", verbose: 1, saveBestOnly: true,
        save: { _, path, weightsOnly in saved.append("\(path) \(weightsOnly)") },
        formatPath: { template, epoch, _, _ in template.replacingOccurrences(of: "{epoch}", with: "\(epoch)")
        })
      let h = try m.fit(x, y, epochs: 3, verbose: .silent, callbacks: [ck], shuffle: false)
      let losses = try #require(h["loss"])
      // With SGD on this problem the loss falls every epoch: three saves.
      #expect(losses[0] > losses[1] && losses[1] > losses[2])
      #expect(saved == ["best-1.keras false", "best-2.keras false", "best-3.keras false"])
      #expect(sink.text.contains("Epoch 1: loss improved from None to "))
      #expect(ck.best == losses[2])
      let unknown = try ModelCheckpoint(
        filepath: "m.keras", monitor: "f1", save: { _, _, _ in }, formatPath: { t, _, _, _ in t })
      #expect(throws: NNError.self) {
        try m.fit(x, y, epochs: 3, verbose: .silent, callbacks: [unknown])
      }
      #expect(throws: NNError.self) {
        try ModelCheckpoint(filepath: "m.h5py", save: { _, _, _ in }, formatPath: { t, _, _, _ in t })
      }
    }
  }

  @Test func restoreBestWeights() throws {
    try inSession { _ in
      let (x, y) = try Self.problem()
      let m = try Sequential([try InputLayer(shape: [5]), try Dense(units: 2, activation: .softmax)])
      try m.compile(optimizer: try SGD(learningRate: 5), loss: SparseCategoricalCrossentropy())
      var snapshots: [[Double]] = []
      let cb = LambdaCallback(onEpochEnd: { _, _ in snapshots.append(try m.getWeights().flatMap(\.doubles)) })
      let es = try EarlyStopping(monitor: "loss", patience: 2, restoreBestWeights: true)
      let h = try m.fit(x, y, epochs: 8, verbose: .silent, callbacks: [cb, es])
      guard let losses = h["loss"], let best = losses.indices.min(by: { losses[$0] < losses[$1] }) else {
        return
      }
      #expect(try m.getWeights().flatMap(\.doubles) == snapshots[best])
    }
  }

  @Test func nestedModelTrainsAsALayer() throws {
    try inSession { _ in
      let (x, y) = try Self.problem()
      let inner = try Sequential([
        try InputLayer(shape: [5]), try Dense(units: 4, activation: .relu), try Dense(units: 2),
      ])
      let outer = try Sequential([inner, try Softmax()])
      try outer.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["acc"])
      let h = try outer.fit(x, y, epochs: 2, verbose: .silent)
      #expect(h.keys == ["acc", "loss"])
      #expect(outer.countParams() == inner.countParams())
      #expect(try outer.predict(x, verbose: .silent).shape == [256, 2])
    }
  }
}
