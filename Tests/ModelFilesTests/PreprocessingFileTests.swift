import Foundation
import ModelFiles
import NN
import Tensors
import TestSupport
import Testing

/// A `.keras` file Keras 3.15 wrote with Rescaling, an adapted Normalization and Reshape
/// (scripts/keras_files/make_preprocessing_fixture.py) loads, predicts what Keras predicted,
/// and resumes training as Keras did; dnnlab's own files of these layers round-trip.
@Suite struct PreprocessingFileTests {
  static let name = "rescaling_normalization_reshape"

  @Test func loadsKerasFile() throws {
    let j = try fixtureJSON(Self.name + ".json")
    let model = try ModelFiles.loadModel(fixturePath(Self.name + ".keras"))
    #expect(
      model.layers.map(\.className) == ["Rescaling", "Normalization", "Reshape", "Dense", "Flatten", "Dense"])
    let norm = try #require(model.layers[1] as? Normalization)
    #expect(norm.variables.map(\.name) == ["mean", "variance", "count"])
    #expect(norm.count?.dtype == .int64)
    assertClose(try doubles(try norm.variables[0].numpy()), flatNumbers(j["mean"]), rtol: 0, atol: 0, "mean")
    assertClose(
      try doubles(try norm.variables[1].numpy()), flatNumbers(j["variance"]), rtol: 0, atol: 0, "variance")
    #expect((model.layers[0] as? Rescaling)?.scale == 0.5)
    #expect((model.layers[2] as? Reshape)?.targetShape == [2, 3])
    let x = try fixtureTensor(j, "x")
    let first = try x.reshape([12, 6])
    let got = try model.predict(first, verbose: .silent)
    let expected = flatNumbers(j["predictions"])
    assertClose(Array(try doubles(got).prefix(expected.count)), expected, rtol: 0, atol: 1e-5, "predictions")
  }

  @Test(.enabled(if: ModelFiles.savesOptimizerSlots)) func resumesTrainingLikeKeras() throws {
    let j = try fixtureJSON(Self.name + ".json")
    let model = try ModelFiles.loadModel(fixturePath(Self.name + ".keras"))
    #expect(model.optimizer?.iterations == Int(flatNumbers(j["iterations"]).first ?? -1))
    let x = try fixtureTensor(j, "x")
    try model.fit(x, try fixtureTensor(j, "train_y"), batchSize: x.shape[0], verbose: .silent, shuffle: false)
    let got = try model.predict(x, verbose: .silent)
    let expected = flatNumbers(j["predictions_after_step"])
    assertClose(Array(try doubles(got).prefix(expected.count)), expected, rtol: 0, atol: 1e-5, "after step")
  }

  @Test func dnnlabFileRoundTrips() throws {
    let x = try Tensor((0..<18).map { Float($0 * $0 % 11) }, shape: [6, 3])
    let norm = try Normalization()
    try norm.adapt(x)
    let given = try Normalization(
      mean: try Tensor([1.0, 2.0, 3.0], shape: [3]), variance: try Tensor([4.0, 1.0, 0.25], shape: [3]),
      invert: true)
    let model = try Sequential([
      try InputLayer(shape: [3]), try Rescaling(scale: 0.5, offset: -1, offsetIsInteger: true), norm, given,
      try Reshape(targetShape: [3, 1]),
      try LayerNormalization(axes: [1, 2], axisIsList: true, center: false),
      try GaussianNoise(stddev: 0.1, seed: 5), try Flatten(), try Dense(units: 2),
    ])
    try model.compile(optimizer: try Adam(), loss: MeanSquaredError())
    try model.fit(
      x, try Tensor([Float](repeating: 1, count: 12), shape: [6, 2]), batchSize: 3, epochs: 1,
      verbose: .silent, shuffle: false)
    let dir = try scratchDirectory()
    try ModelFiles.save(model, to: dir + "/p.keras")
    let loaded = try ModelFiles.loadModel(dir + "/p.keras")
    #expect(loaded.layers.map(\.className) == model.layers.map(\.className))
    #expect((loaded.layers[0] as? Rescaling)?.offsetIsInteger == true)
    #expect((loaded.layers[2] as? Normalization)?.invert == true)
    #expect((loaded.layers[2] as? Normalization)?.variables.isEmpty == true)
    #expect((loaded.layers[4] as? LayerNormalization)?.variables.map(\.shape) == [[3, 1]])
    #expect((loaded.layers[5] as? GaussianNoise)?.seed == 5)
    #expect(try loaded.getWeights().map { try doubles($0) } == model.getWeights().map { try doubles($0) })
    #expect(try floats(loaded.predict(x, verbose: .silent)) == floats(model.predict(x, verbose: .silent)))
  }
}
