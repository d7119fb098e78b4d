import Foundation
import ModelFiles
import NN
import Tensors
import TestSupport
import Testing

/// Optimizers without slots (plain SGD) have nothing to restore but `iterations`.
enum OptimizerLayoutInfo {
  static func slotless(_ o: Optimizer) -> Bool { (o as? SGD)?.momentum == 0 }
}

/// dnnlab → file → dnnlab gives the same model, bit for bit.
@Suite struct RoundTripTests {
  static func optimizers() throws -> [Optimizer] {
    [
      try RMSprop(), try Adam(learningRate: 0.01), try SGD(learningRate: 0.1, momentum: 0.9), try Adagrad(),
      try AdamW(), try RMSprop(momentum: 0.5, centered: true), try Adam(amsgrad: true), try SGD(),
    ]
  }

  @Test func savedModelPredictsIdentically() throws {
    let dir = try scratchDirectory()
    for optimizer in try Self.optimizers() {
      let (model, x, _) = try trainedModel(optimizer: optimizer)
      let path = dir + "/m.keras"
      try ModelFiles.save(model, to: path)
      let loaded = try ModelFiles.loadModel(path)
      #expect(try floats(loaded.predict(x, verbose: .silent)) == floats(model.predict(x, verbose: .silent)))
      #expect(loaded.layers.map(\.name) == model.layers.map(\.name))
      #expect(loaded.layers.map(\.className) == model.layers.map(\.className))
      #expect(loaded.optimizer?.className == optimizer.className)
      #expect(loaded.optimizer?.learningRate == optimizer.learningRate)
      #expect(try loaded.getWeights().map { try floats($0) } == model.getWeights().map { try floats($0) })
    }
  }

  /// Weight penalties are saved as Keras serializes them and come back on the same weights.
  @Test func regularizersRoundTrip() throws {
    let dir = try scratchDirectory()
    let model = try Sequential([
      try InputLayer(shape: [3]),
      try Dense(units: 4, kernelRegularizer: try .l2(0.002), biasRegularizer: try .l1()),
      try Dense(units: 1, kernelRegularizer: try .l1l2(l1: 0.01, l2: 0.02)),
    ])
    try model.compile(optimizer: try Adam(), loss: MeanSquaredError())
    let path = dir + "/reg.keras"
    try ModelFiles.save(model, to: path)
    let loaded = try ModelFiles.loadModel(path)
    let dense = loaded.layers.compactMap { $0 as? Dense }
    #expect(dense.map(\.kernelRegularizer) == [try .l2(0.002), try .l1l2(l1: 0.01, l2: 0.02)])
    #expect(dense.map(\.biasRegularizer) == [try .l1(), nil])
    let x = try Tensor([Float](repeating: 1, count: 12), shape: [4, 3])
    let y = try Tensor([Float](repeating: 0, count: 4), shape: [4])
    let before = try model.evaluate(x, y, verbose: .silent).values
    #expect(try loaded.evaluate(x, y, verbose: .silent).values == before)
  }

  /// An optimizer driven by a learning-rate schedule keeps it, its step count and its slots;
  /// Keras's file then holds no `learning_rate` variable.
  @Test func scheduledOptimizerRoundTrips() throws {
    let dir = try scratchDirectory()
    let adam = try Adam()
    adam.schedule = try LearningRateSchedule.exponentialDecay(
      initial: 0.01, decaySteps: 3, decayRate: 0.5, staircase: false
    ).validated()
    let (model, x, y) = try trainedModel(optimizer: adam, dropout: false)
    let path = dir + "/s.keras"
    try ModelFiles.save(model, to: path)
    let loaded = try ModelFiles.loadModel(path)
    #expect(loaded.optimizer?.schedule == adam.schedule)
    #expect(loaded.optimizer?.iterations == adam.iterations)
    #expect(loaded.optimizer?.currentLearningRate == adam.currentLearningRate)
    try model.fit(x, y, batchSize: 12, epochs: 1, verbose: .silent, shuffle: false)
    try loaded.fit(x, y, batchSize: 12, epochs: 1, verbose: .silent, shuffle: false)
    let a = try model.getWeights().flatMap { try floats($0) }
    let b = try loaded.getWeights().flatMap { try floats($0) }
    assertClose(a.map(Double.init), b.map(Double.init), rtol: 1e-5, atol: 1e-7)
  }

  @Test(.enabled(if: ModelFiles.savesOptimizerSlots)) func trainingResumesExactly() throws {
    let dir = try scratchDirectory()
    for optimizer in try Self.optimizers() {
      let (model, x, y) = try trainedModel(optimizer: optimizer, dropout: false)
      try ModelFiles.save(model, to: dir + "/r.keras")
      let loaded = try ModelFiles.loadModel(dir + "/r.keras")
      #expect(loaded.optimizer?.iterations == model.optimizer?.iterations)
      // The state is restored bit for bit.
      let saved = (model.optimizer as AnyObject as? OptimizerSlotAccess)?.slotValues()
      let restored = (loaded.optimizer as AnyObject as? OptimizerSlotAccess)?.slotValues()
      if OptimizerLayoutInfo.slotless(optimizer) {
        #expect(restored?.allSatisfy(\.isEmpty) == true)
      } else {
        #expect(saved?.isEmpty == false)
        #expect(saved == restored, "\(optimizer.className) slots")
      }
      // The original and the loaded copy then take the same two steps. OpenBLAS may round a
      // product differently for differently aligned buffers, so allow a few float32 ulps.
      try model.fit(x, y, batchSize: 12, epochs: 1, verbose: .silent, shuffle: false)
      try loaded.fit(x, y, batchSize: 12, epochs: 1, verbose: .silent, shuffle: false)
      let a = try model.getWeights().map { try floats($0) }
      let b = try loaded.getWeights().map { try floats($0) }
      #expect(a.count == b.count)
      for (p, q) in zip(a, b) {
        assertClose(
          p.map(Double.init), q.map(Double.init), rtol: 0, atol: 1e-6, "\(optimizer.className) resumed")
      }
    }
  }

  @Test func nestedAndActivationLayersRoundTrip() throws {
    let inner = try Sequential([try Dense(units: 4, activation: .tanh, name: "inner_dense")], name: "block")
    let model = try Sequential([
      try InputLayer(shape: [2, 3]), Flatten(), try Dense(units: 5, kernelInitializer: .heNormal),
      try ReLU(maxValue: 6),
      inner, try Activation(.sigmoid), try Dense(units: 2), try Softmax(),
    ])
    let x = try Tensor((0..<12).map { Float($0) / 7 }, shape: [2, 2, 3])
    let dir = try scratchDirectory()
    try ModelFiles.save(model, to: dir + "/n.keras")
    let loaded = try ModelFiles.loadModel(dir + "/n.keras")
    #expect(try floats(loaded.predict(x, verbose: .silent)) == floats(model.predict(x, verbose: .silent)))
    #expect(
      loaded.layers.map(\.className) == [
        "Flatten", "Dense", "ReLU", "Sequential", "Activation", "Dense", "Softmax",
      ])
    #expect(loaded.optimizer == nil)
  }

  /// BatchNormalization keeps its options, both trainable and moving weights, and the
  /// optimizer slots of gamma and beta only.
  @Test func batchNormalizationRoundTrips() throws {
    let model = try Sequential([
      try InputLayer(shape: [3]), try Dense(units: 4, useBias: false),
      try BatchNormalization(momentum: 0.8, epsilon: 0.01, center: false, gammaRegularizer: try .l2(0.01)),
      try Activation(.relu), try Dense(units: 2, activation: .softmax),
    ])
    try model.compile(optimizer: try Adam(), loss: SparseCategoricalCrossentropy())
    let x = try Tensor((0..<24).map { Float($0 % 7) / 3 }, shape: [8, 3])
    let y = try Tensor((0..<8).map { Float($0 % 2) }, shape: [8])
    try model.fit(x, y, batchSize: 4, epochs: 2, verbose: .silent, shuffle: false)
    let dir = try scratchDirectory()
    try ModelFiles.save(model, to: dir + "/bn.keras")
    let loaded = try ModelFiles.loadModel(dir + "/bn.keras")
    let bn = loaded.layers.compactMap { $0 as? BatchNormalization }.first
    #expect(bn?.momentum == 0.8 && bn?.epsilon == 0.01 && bn?.center == false && bn?.scale == true)
    #expect(bn?.gammaRegularizer == (try .l2(0.01)))
    #expect(bn?.variables.map(\.name) == ["gamma", "moving_mean", "moving_variance"])
    #expect(try loaded.getWeights().map { try floats($0) } == model.getWeights().map { try floats($0) })
    #expect(try floats(loaded.predict(x, verbose: .silent)) == floats(model.predict(x, verbose: .silent)))
    #expect(loaded.optimizer?.iterations == 4)
  }

  /// A functional model saves as Keras's Functional (InputLayer group included) and loads back
  /// as one, with its optimizer state.
  @Test func functionalModelRoundTrips() throws {
    let input = try InputLayer(shape: [3], name: "features")
    let model = try Functional(
      input: input,
      layers: [
        try Dense(units: 4, activation: .relu, name: "hidden"), try Dropout(rate: 0.25),
        try Dense(units: 2, activation: .softmax),
      ], name: "net")
    try model.compile(optimizer: try Adam(), loss: SparseCategoricalCrossentropy())
    let x = try Tensor((0..<24).map { Float($0 % 5) / 4 }, shape: [8, 3])
    let y = try Tensor((0..<8).map { Float($0 % 2) }, shape: [8])
    try model.fit(x, y, batchSize: 4, epochs: 1, verbose: .silent, shuffle: false)
    let dir = try scratchDirectory()
    try ModelFiles.save(model, to: dir + "/f.keras")
    let loaded = try ModelFiles.loadModel(dir + "/f.keras")
    #expect(loaded is Functional)
    #expect(loaded.name == "net")
    #expect((loaded as? Functional)?.inputLayer.name == "features")
    #expect(loaded.layers.map(\.name) == model.layers.map(\.name))
    // Functional models keep the layers' own paths, without the model's name.
    #expect(loaded.variables.map(\.path) == model.variables.map(\.path))
    #expect(loaded.variables.first?.path == "hidden/kernel")
    #expect(try loaded.getWeights().map { try floats($0) } == model.getWeights().map { try floats($0) })
    #expect(try floats(loaded.predict(x, verbose: .silent)) == floats(model.predict(x, verbose: .silent)))
    #expect(loaded.optimizer?.iterations == 2)
  }

  @Test func weightsFileRoundTrip() throws {
    let dir = try scratchDirectory()
    let (model, x, _) = try trainedModel(optimizer: try Adam())
    try ModelFiles.saveWeights(model, to: dir + "/w.weights.h5")
    let (other, _, _) = try trainedModel(optimizer: try Adam(), epochs: 1)
    #expect(try floats(other.predict(x, verbose: .silent)) != floats(model.predict(x, verbose: .silent)))
    try ModelFiles.loadWeights(other, from: dir + "/w.weights.h5")
    #expect(try floats(other.predict(x, verbose: .silent)) == floats(model.predict(x, verbose: .silent)))
    // Weights also load from a whole .keras archive.
    let (third, _, _) = try trainedModel(optimizer: try Adam(), epochs: 1)
    try ModelFiles.save(model, to: dir + "/w.keras")
    try ModelFiles.loadWeights(third, from: dir + "/w.keras")
    #expect(try floats(third.predict(x, verbose: .silent)) == floats(model.predict(x, verbose: .silent)))
  }

  @Test func savingIsAtomicAndOverwrites() throws {
    let dir = try scratchDirectory()
    let (model, _, _) = try trainedModel(optimizer: try SGD())
    try ModelFiles.save(model, to: dir + "/a.keras")
    try ModelFiles.save(model, to: dir + "/a.keras")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir)
    #expect(names == ["a.keras"])
  }

  @Test func wrongExtensionsAreRefused() throws {
    let dir = try scratchDirectory()
    let (model, _, _) = try trainedModel(optimizer: try SGD())
    #expect(throws: ModelFileError.self) { try ModelFiles.save(model, to: dir + "/m.txt") }
    #expect(throws: ModelFileError.self) { try ModelFiles.saveWeights(model, to: dir + "/m.h5") }
    #expect(throws: ModelFileError.self) { try ModelFiles.save(model, to: dir + "/missing/m.keras") }
  }
}
