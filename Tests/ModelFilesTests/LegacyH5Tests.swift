import Foundation
import ModelFiles
import NN
import Tensors
import TestSupport
import Testing

/// Keras's legacy HDF5 model files (`model.save('name.h5')`): files Keras 3.15 and Keras 2
/// (tf_keras 2.21) wrote load and predict as Keras did, compiled ones resume training as Keras
/// does (scripts/keras_files/make_legacy_fixtures.py), and dnnlab's own `.h5` files round-trip.
/// Where `swift build` puts the HDF5 helper: beside the test bundle.
let helperBesideTests =
  ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "")
  .split(separator: "/").dropLast().map(String.init).reduce("") { $0 + "/" + $1 } + "/dnnlab-h5check"

@Suite struct LegacyH5Tests {
  static let names = ["legacy_adam", "legacy_functional_rmsprop", "legacy_uncompiled", "legacy_keras2"]

  @Test(arguments: names) func predictsWhatKerasPredicted(_ name: String) throws {
    let j = try fixtureJSON(name + ".json")
    let model = try ModelFiles.loadModel(fixturePath(name + ".h5"))
    let got = try model.predict(try fixtureTensor(j, "x"), verbose: .silent)
    assertClose(try doubles(got), flatNumbers(j["predictions"]), rtol: 0, atol: 1e-6, name)
  }

  @Test(arguments: ["legacy_adam", "legacy_functional_rmsprop"])
  func resumesTrainingLikeKeras(_ name: String) throws {
    let j = try fixtureJSON(name + ".json")
    var warnings: [String] = []
    let model = try ModelFiles.loadModel(fixturePath(name + ".h5"), warnings: &warnings)
    #expect(warnings.count == 1 && warnings[0].hasPrefix("Compiled the loaded model"), "\(warnings)")
    #expect(model.optimizer?.iterations == Int(flatNumbers(j["iterations"]).first ?? -1))
    let x = try fixtureTensor(j, "train_x")
    try model.fit(x, try fixtureTensor(j, "train_y"), batchSize: x.shape[0], verbose: .silent, shuffle: false)
    let got = try model.predict(try fixtureTensor(j, "x"), verbose: .silent)
    assertClose(try doubles(got), flatNumbers(j["predictions_after_step"]), rtol: 0, atol: 1e-5, name)
  }

  @Test func readsConfigsFromBothKerasVersions() throws {
    let adam = try ModelFiles.loadModel(fixturePath("legacy_adam.h5"))
    #expect(adam.optimizer is Adam && adam.loss is SparseCategoricalCrossentropy)
    #expect(adam.compiledMetrics.map(\.name) == ["accuracy"])
    let chain = try ModelFiles.loadModel(fixturePath("legacy_functional_rmsprop.h5"))
    #expect(chain is Functional && chain.name == "chain")
    #expect(chain.layers.map(\.className) == ["Dense", "BatchNormalization", "Sequential", "Dense"])
    var warnings: [String] = []
    let plain = try ModelFiles.loadModel(fixturePath("legacy_uncompiled.h5"), warnings: &warnings)
    #expect(plain.optimizer == nil)
    #expect(
      warnings == [
        "No training configuration found in the save file, so the model was *not* compiled. Compile it manually."
      ])
    let old = try ModelFiles.loadModel(fixturePath("legacy_keras2.h5"))
    #expect(old.layers.map(\.className) == ["Flatten", "Dense", "Dense"])
    #expect(old.optimizer is SGD)
  }

  /// Keras 2's `save_weights('name.h5')` and a whole legacy model file both load into a model
  /// with the same layers, matched by order.
  @Test func loadsLegacyWeightsIntoAModel() throws {
    let j = try fixtureJSON("legacy_keras2.json")
    for file in ["legacy_keras2_weights.h5", "legacy_keras2.h5"] {
      let model = try Sequential([
        try InputLayer(shape: [2, 3]), Flatten(), try Dense(units: 5, activation: .relu),
        try Dense(units: 2, activation: .softmax),
      ])
      try ModelFiles.loadWeights(model, from: fixturePath(file))
      let got = try model.predict(try fixtureTensor(j, "x"), verbose: .silent)
      assertClose(try doubles(got), flatNumbers(j["predictions"]), rtol: 0, atol: 1e-6, file)
    }
  }

  @Test func roundTripsWithOptimizerState() throws {
    let dir = try scratchDirectory()
    for optimizer in [try Adam(), try RMSprop(momentum: 0.5, centered: true), try SGD(momentum: 0.9)]
      as [Optimizer]
    {
      let (model, x, y) = try trainedModel(optimizer: optimizer, dropout: false)
      try ModelFiles.save(model, to: dir + "/m.h5")
      let loaded = try ModelFiles.loadModel(dir + "/m.h5")
      #expect(try floats(loaded.predict(x, verbose: .silent)) == floats(model.predict(x, verbose: .silent)))
      #expect(loaded.optimizer?.iterations == model.optimizer?.iterations)
      try model.fit(x, y, batchSize: 8, verbose: .silent, shuffle: false)
      try loaded.fit(x, y, batchSize: 8, verbose: .silent, shuffle: false)
      #expect(try floats(loaded.predict(x, verbose: .silent)) == floats(model.predict(x, verbose: .silent)))
    }
  }

  /// Flipped bytes anywhere in a legacy file (HDF5 metadata, JSON attributes, weights) give a
  /// loaded model or an error, never a dead process: Debian's libhdf5 1.10.8 overflows a stack
  /// buffer on some of these files, which `dnnlab-h5check` meets first (see HDF5Guard).
  @Test(.enabled(if: FileManager.default.fileExists(atPath: helperBesideTests)))
  func corruptedBytesNeverTrap() throws {
    let dir = try scratchDirectory()
    for name in ["legacy_adam.h5", "legacy_keras2.h5"] {
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath(name))))
      var seed: UInt64 = 2026
      for round in 0..<60 {
        var b = bytes
        for _ in 0..<(1 + round % 4) {
          seed = seed &* 6364136223846793005 &+ 1442695040888963407
          let i = Int(seed >> 33) % b.count
          b[i] ^= UInt8(truncatingIfNeeded: seed >> 13) | 1
        }
        try Data(b).write(to: URL(fileURLWithPath: dir + "/flip.h5"))
        _ = try? ModelFiles.loadModel(dir + "/flip.h5")
      }
    }
  }

  @Test func badFilesAreErrorsNotCrashes() throws {
    let dir = try scratchDirectory()
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath("legacy_adam.h5"))))
    for cut in [8, 100, 2000, bytes.count / 2, bytes.count - 1] {
      try Data(bytes[..<cut]).write(to: URL(fileURLWithPath: dir + "/cut.h5"))
      #expect(throws: ModelFileError.self) { try ModelFiles.loadModel(dir + "/cut.h5") }
    }
    // A weights-only file is no model, and says what to do instead.
    let error = #expect(throws: ModelFileError.self) {
      try ModelFiles.loadModel(fixturePath("legacy_keras2_weights.h5"))
    }
    #expect(error?.description.contains("load_weights") == true)
    // Weights for other layers: Keras's layer-count message.
    let (model, _, _) = try trainedModel(optimizer: try SGD(), dropout: false)
    let other = try #require(try? Sequential([try InputLayer(shape: [6]), try Dense(units: 3)]))
    try ModelFiles.save(model, to: dir + "/m.h5")
    let mismatch = #expect(throws: ModelFileError.self) {
      try ModelFiles.loadWeights(other, from: dir + "/m.h5")
    }
    #expect(mismatch?.description.contains("Layer count mismatch") == true)
  }
}
