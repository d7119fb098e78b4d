import Foundation
import Modules
import NN
import Script
import TestSupport
import Testing

// Replays Fixtures/keras_layers.txt (scripts/fixtures/gen_tf_session.py keras_layers) and
// compares the text with what Python showed with Keras 3.15.1: Rescaling, Reshape,
// Normalization, LayerNormalization and GaussianNoise alone and in Sequential and functional models (outputs, adapt statistics,
// weights, summaries, configs, to_json, from_config, fits) and Keras's errors for misuse.

enum KerasLayersFixtures {
  static let cells = SessionFixtures.load("keras_layers.expected.json")
}

@Test(arguments: KerasLayersFixtures.cells)
func preprocessingLayerCellMatchesKeras(_ cell: SessionCell) {
  let got = runTensorFlowCell(cell.source)
  #expect(got == cell.expected, "\n--- dnnlab\n\(got)--- Keras\n\(cell.expected)")
}

@Test func kerasLayersFixtureIsLoaded() {
  #expect(KerasLayersFixtures.cells.count >= 49)
}

/// Reshape's size check gives Keras's message (Keras wraps it in its call-context text,
/// which dnnlab leaves out).
@Test(arguments: [
  (
    "keras.layers.Reshape((5, 3))(np.zeros((1, 12)))",
    "The total size of the tensor must be unchanged. Received: input_shape=(12,), target_shape=(5, 3)"
  ),
  (
    "keras.Sequential([keras.Input((12,)), keras.layers.Reshape((-1, 5))])",
    "The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified "
      + "dimensions in target_shape. Received: input_shape=(12,), target_shape=(-1, 5)"
  ),
  (
    "keras.layers.Reshape((0, -1))(keras.Input((12,)))",
    "input size cannot by divided by the specified dimensions in target_shape. Received: input_shape=(12,), "
      + "target_shape=(0, -1)"
  ),
])
func reshapeSizeMismatchRaises(_ source: String, _ message: String) {
  let got = runTensorFlowCell(source)
  #expect(got.contains("ValueError: ") && got.contains(message), "\(source)\n\(got)")
}

/// Misuse raises a Python error and never traps.
@Test(arguments: [
  "keras.layers.Rescaling('a')",
  "keras.layers.Rescaling(np.array([1., 2.]))",
  "keras.layers.Rescaling()",
  "keras.layers.Reshape((2, 'a'))",
  "keras.layers.Reshape((2**62, 2**62))(np.zeros((1, 4)))",
  "keras.layers.Reshape((3,))(np.zeros((1, 4)))",
  "keras.layers.Normalization(axis='x')",
  "keras.layers.Normalization(axis=0).adapt(np.zeros((3, 2)))",
  "keras.layers.Normalization(axis=5)(np.zeros((3, 2)))",
  "keras.layers.Normalization(axis=(1, 2), mean=[[1., 2]], variance=[[1., 2]])(np.zeros((3, 2, 4)))",
  "keras.layers.Normalization(mean=[1., 2, 3], variance=[1., 1, 1])(np.zeros((3, 2)))",
  "keras.layers.Normalization().adapt(np.float32(3))",
  "keras.layers.Normalization().adapt([])",
  "keras.layers.Normalization().adapt([np.zeros((2, 2))])",
  "keras.layers.Normalization().adapt('abc')",
  "keras.layers.Normalization().adapt(None)",
  "n = keras.layers.Normalization()\nn.adapt(np.zeros((2, 3)))\nn(np.zeros((2, 4)))",
  "n = keras.layers.Normalization()\nn.adapt(np.zeros((2, 3)))\nn.adapt(np.zeros((2,)))",
  "n = keras.layers.Normalization()\nn.adapt(np.zeros((2, 3)))\nn.set_weights([np.zeros(2), np.ones(3), 0])",
  "n = keras.layers.Normalization()\nn.count",
  "keras.layers.Normalization(mean=1., variance=1.).adapt_mean",
  "keras.layers.LayerNormalization(axis=0)(np.zeros((2, 3)))",
  "keras.layers.LayerNormalization(axis=1)(np.zeros((2, 3, 4)))",
  "keras.layers.LayerNormalization(axis=-4)(np.zeros((2, 3)))",
  "keras.layers.LayerNormalization(epsilon=-1.0)",
  "keras.layers.LayerNormalization(rms_scaling=True)",
  "keras.layers.LayerNormalization(gamma_constraint='non_neg')",
  "keras.layers.GaussianNoise(-0.1)",
  "keras.layers.GaussianNoise('a')",
  "keras.layers.GaussianNoise()",
])
func preprocessingMisuseRaises(_ source: String) {
  let got = runTensorFlowCell(source)
  #expect(got.contains("Error: "), "\(source)\n\(got)")
}

/// Empty data and zero variance give NaN or finite values, never a crash; the denominator is
/// at least Keras's epsilon (1e-7).
@Test func normalizationEdgeCasesDoNotTrap() {
  let empty = runTensorFlowCell(
    "n = keras.layers.Normalization()\nn.adapt(np.zeros((0, 2)))\nprint(n.mean.numpy())")
  #expect(empty.contains("nan"), "\(empty)")
  let constant = runTensorFlowCell(
    "n = keras.layers.Normalization()\nn.adapt(np.ones((3, 2)))\nprint(n(np.array([[1., 2]])).numpy())")
  #expect(constant.contains("[[0.e+00 1.e+07]]"), "\(constant)")
}

/// TensorFlow's regression tutorial: `Normalization(input_shape=[1,], axis=None)` adapted on
/// 1-D data, then the first layer of a Sequential (Keras warns about `input_shape`).
@Test func tutorialHorsepowerNormalizer() {
  let got = runTensorFlowCell(
    """
    horsepower = np.array([130., 165, 150, 150, 140, 198, 220, 215, 225, 190])
    horsepower_normalizer = keras.layers.Normalization(input_shape=[1,], axis=None)
    horsepower_normalizer.adapt(horsepower)
    horsepower_model = keras.Sequential([horsepower_normalizer, keras.layers.Dense(units=1)])
    print(horsepower_model.count_params())
    print(horsepower_normalizer.mean.numpy())
    """)
  #expect(got.contains("Do not pass an `input_shape`"), "\(got)")
  #expect(got.hasSuffix("\n5\n[178.3]\n"), "\(got)")
}

/// A Normalization adapted in the script saves to a .keras file and loads with its
/// statistics (the int64 `count` included) and the same predictions.
@Test func normalizationSavesAndLoads() throws {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "dnnlab-layers-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let path = dir.appendingPathComponent("m.keras").path
  let got = runTensorFlowCell(
    """
    x = np.array([[1., 10, 100], [2, 20, 150], [3, 15, 120]], dtype='float32')
    n = keras.layers.Normalization()
    n.adapt(x)
    m = keras.Sequential([keras.Input((3,)), keras.layers.Rescaling(2.0), n, keras.layers.Reshape((3, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
    m.save('\(path)')
    r = keras.models.load_model('\(path)')
    print([type(l).__name__ for l in r.layers])
    print(r.layers[1].weights)
    print(np.array_equal(r.predict(x, verbose=0), m.predict(x, verbose=0)))
    print(r.get_config() == m.get_config())
    """)
  #expect(got.contains("['Rescaling', 'Normalization', 'Reshape', 'Flatten', 'Dense']"), "\(got)")
  #expect(
    got.contains("<Variable path=normalization/count, shape=(), dtype=int64, value=0>"), "\(got)")
  #expect(got.contains("value=[  2.        15.       123.333336]"), "\(got)")
  #expect(got.hasSuffix("True\nTrue\n"), "\(got)")
}
