import Foundation
import ModelFiles
import NN
import Tensors
import TestSupport
import Testing

/// The `.keras` files Keras 3.15 wrote (scripts/keras_files/make_fixtures.py) load and give
/// Keras's predictions; compiled ones resume training from the saved optimizer state.
@Suite struct KerasFixtureTests {
  static let names = [
    "dense_relu_softmax", "flatten_dense_rmsprop", "dense_adam_logits", "relu_sigmoid_sgd_momentum",
    "dense_batchnorm_adam", "functional_chain_rmsprop",
  ]

  @Test(arguments: names) func predictsWhatKerasPredicted(_ name: String) throws {
    let j = try fixtureJSON(name + ".json")
    let model = try ModelFiles.loadModel(fixturePath(name + ".keras"))
    let got = try model.predict(try fixtureTensor(j, "x"), verbose: .silent)
    assertClose(try doubles(got), flatNumbers(j["predictions"]), rtol: 0, atol: 1e-6, name)
  }

  @Test func readsTheCompileConfig() throws {
    let rms = try ModelFiles.loadModel(fixturePath("flatten_dense_rmsprop.keras"))
    #expect(rms.optimizer is RMSprop)
    #expect(rms.loss is CategoricalCrossentropy)
    #expect(rms.compiledMetrics.map(\.name) == ["accuracy"])
    let adam = try ModelFiles.loadModel(fixturePath("dense_adam_logits.keras"))
    #expect((adam.optimizer as? Adam).map { abs($0.learningRate - 0.01) < 1e-9 } == true)
    #expect(adam.loss?.fromLogits == true)
    let sgd = try ModelFiles.loadModel(fixturePath("relu_sigmoid_sgd_momentum.keras"))
    #expect((sgd.optimizer as? SGD)?.momentum == 0.9)
    #expect(try ModelFiles.loadModel(fixturePath("dense_relu_softmax.keras")).optimizer == nil)
  }

  @Test func readsLayerNamesAndShapes() throws {
    let model = try ModelFiles.loadModel(fixturePath("flatten_dense_rmsprop.keras"))
    #expect(model.layers.map(\.className) == ["Flatten", "Dense", "Dropout", "Dense"])
    #expect(model.inputShape == [3, 4])
    #expect(model.layers.map(\.name) == ["flatten", "dense_2", "dropout", "dense_3"])
  }

  @Test(.enabled(if: ModelFiles.savesOptimizerSlots), arguments: names.dropFirst())
  func resumesTrainingLikeKeras(_ name: String) throws {
    let j = try fixtureJSON(name + ".json")
    let model = try ModelFiles.loadModel(fixturePath(name + ".keras"))
    #expect(model.optimizer?.iterations == Int(flatNumbers(j["iterations"]).first ?? -1))
    let x = try fixtureTensor(j, "train_x")
    try model.fit(x, try fixtureTensor(j, "train_y"), batchSize: x.shape[0], verbose: .silent, shuffle: false)
    let got = try model.predict(try fixtureTensor(j, "x"), verbose: .silent)
    assertClose(try doubles(got), flatNumbers(j["predictions_after_step"]), rtol: 0, atol: 1e-5, name)
  }

  @Test func loadsAFunctionalModel() throws {
    let model = try ModelFiles.loadModel(fixturePath("functional_chain_rmsprop.keras"))
    #expect(model is Functional)
    #expect(model.name == "chain")
    #expect((model as? Functional)?.inputLayer.name == "pixels")
    #expect(
      model.layers.map(\.className) == ["Dense", "Dropout", "BatchNormalization", "Sequential", "Dense"])
    #expect(model.variables.first?.path == "hidden/kernel")
  }

  @Test func loadsKerasWeightsFile() throws {
    let j = try fixtureJSON("relu_sigmoid_sgd_momentum.json")
    let model = try ModelFiles.loadModel(fixturePath("relu_sigmoid_sgd_momentum.keras"))
    let before = try model.getWeights()
    // Scramble, then restore from the Keras-written .weights.h5.
    try model.setWeights(try before.map { try Tensor(zeros: $0.shape, dtype: .float32) })
    try ModelFiles.loadWeights(model, from: fixturePath("relu_sigmoid_sgd_momentum.weights.h5"))
    let got = try model.predict(try fixtureTensor(j, "x"), verbose: .silent)
    assertClose(try doubles(got), flatNumbers(j["predictions"]), rtol: 0, atol: 1e-6)
  }
}
