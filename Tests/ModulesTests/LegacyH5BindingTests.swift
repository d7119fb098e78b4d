import Foundation
import Testing

/// `model.save('name.h5')`, `keras.models.load_model` and `ModelCheckpoint` on legacy HDF5
/// files log what Keras 3.15 logs (its `WARNING:absl:` lines), and the model comes back.
@Suite struct LegacyH5BindingTests {
  let dir = NSTemporaryDirectory() + "dnnlab-legacy-h5-\(UUID().uuidString)"

  init() throws { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }

  @Test func saveAndLoadLogKerasWarnings() throws {
    let out = runTensorFlowCell(
      """
      model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")])
      model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
      model.save("\(dir)/m.h5")
      loaded = keras.models.load_model("\(dir)/m.h5")
      print(loaded.optimizer.name, loaded.loss)
      x = np.ones((2, 3), dtype="float32")
      print(np.abs(loaded.predict(x, verbose=0) - model.predict(x, verbose=0)).max())
      """)
    let lines = out.split(separator: "\n").map(String.init)
    #expect(lines.count == 4, "\(out)")
    #expect(lines.first?.hasPrefix("WARNING:absl:You are saving your model as an HDF5 file") == true)
    #expect(lines.dropFirst().first?.hasPrefix("WARNING:absl:Compiled the loaded model") == true)
    #expect(lines.dropFirst(2).first == "adam sparse_categorical_crossentropy")
    #expect(lines.last == "0.0")
  }

  @Test func checkpointWritesLegacyFilesEachEpoch() throws {
    let out = runTensorFlowCell(
      """
      model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
      model.compile(optimizer="sgd", loss="mse")
      x = np.ones((4, 3), dtype="float32")
      model.fit(x, np.zeros((4, 1)), epochs=2, verbose=0, callbacks=[keras.callbacks.ModelCheckpoint("\(dir)/c.h5")])
      print(keras.models.load_model("\(dir)/c.h5", compile=False).count_params())
      """)
    let warnings = out.split(separator: "\n").filter { $0.hasPrefix("WARNING:absl:You are saving") }
    #expect(warnings.count == 2, "\(out)")
    #expect(out.hasSuffix("4\n"), "\(out)")
  }
}
