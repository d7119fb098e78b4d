import Foundation
import Modules
import NN
import Script
import TestSupport
import Testing

// Replays Fixtures/keras_config.txt and compares the text with what Python showed with
// Keras 3.15 for the same cells (scripts/fixtures/gen_tf_session.py keras_config): `get_config()` of
// layers, models and optimizers, `to_json()`, `model_from_json`, `from_config`,
// `serialize`/`deserialize`, and Keras's errors for bad configs.

enum KerasConfigFixtures {
  static let cells = SessionFixtures.load("keras_config.expected.json")
}

@Test(arguments: KerasConfigFixtures.cells)
func configCellMatchesKeras(_ cell: SessionCell) {
  let got = runTensorFlowCell(cell.source)
  #expect(got == cell.expected, "\n--- dnnlab\n\(got)--- Keras\n\(cell.expected)")
}

@Test func kerasConfigFixtureIsLoaded() {
  #expect(KerasConfigFixtures.cells.count >= 40)
}

/// Configs that are not dicts of the right shape raise Python errors, never trap.
@Test(arguments: [
  "keras.layers.Dense.from_config([1])",
  "keras.layers.Dense.from_config({'units': 'x'})",
  "keras.layers.Dense.from_config({'units': 2, 'kernel_initializer': {'class_name': 3}})",
  "keras.layers.Dense.from_config({'units': 2, 'kernel_regularizer': {'class_name': 'L9'}})",
  "keras.layers.Dense.from_config({'units': 2, 'dtype': {'config': 5}})",
  "keras.layers.InputLayer.from_config({'batch_shape': [None, -3]})",
  "keras.Sequential.from_config({'name': 'q', 'layers': 3})",
  "keras.Sequential.from_config({'name': 'q', 'layers': [3]})",
  "keras.Sequential.from_config({'name': 'q', 'layers': [], 'build_input_shape': [5, 'a']})",
  "keras.Sequential.from_config({'name': 'q', 'layers': [{'module': 'keras.layers', 'class_name': 'Dense'}]})",
  "keras.models.model_from_json('{\"bad')",
  "keras.models.model_from_json('[' * 100 + ']' * 100)",
  "keras.models.model_from_json('{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": 4}')",
  "keras.layers.deserialize({'module': 'keras.layers', 'class_name': 'Dense', 'config': {'units': 2}, "
    + "'build_config': {'input_shape': [3]}})",
  "keras.optimizers.Adam.from_config({'learning_rate': {'class_name': 'Nope', 'config': {}}})",
  "keras.optimizers.SGD.from_config({'learning_rate': -1.0})",
  "keras.optimizers.deserialize({'class_name': 'Nope'})",
])
func badConfigsRaise(_ source: String) {
  let got = runTensorFlowCell(source)
  #expect(got.contains("Error: "), "\(source)\n\(got)")
}

// Replays Fixtures/keras_functional.txt (gen_tf_session.py keras_functional): keras.Input,
// layers called on KerasTensors, keras.Model(inputs, outputs), its summary, layers, weights,
// configs and training.
enum KerasFunctionalFixtures {
  static let cells = SessionFixtures.load("keras_functional.expected.json")
}

@Test(arguments: KerasFunctionalFixtures.cells)
func functionalCellMatchesKeras(_ cell: SessionCell) {
  let got = runTensorFlowCell(cell.source)
  #expect(got == cell.expected, "\n--- dnnlab\n\(got)--- Keras\n\(cell.expected)")
}

@Test func kerasFunctionalFixtureIsLoaded() {
  #expect(KerasFunctionalFixtures.cells.count >= 19)
}

/// Graphs dnnlab cannot run and misuse of the functional API raise errors that say why.
@Test(arguments: [
  (
    "i = keras.Input((3,))\nkeras.Model(i, [keras.layers.Dense(2)(i), keras.layers.Dense(1)(i)])",
    "NotImplementedError"
  ),
  ("i = keras.Input((3,))\nd = keras.layers.Dense(3)\nkeras.Model(i, d(d(i)))", "NotImplementedError"),
  ("keras.Model()", "NotImplementedError"),
  ("keras.Model(3, 4)", "ValueError"),
  (
    "i = keras.Input((3,))\nx = keras.layers.Dense(2)(i)\nkeras.Model(x, keras.layers.Dense(1)(x))",
    "ValueError"
  ),
  ("i = keras.Input((3,))\nd = keras.layers.Dense(2)\nd(i)\nd(keras.Input((4,)))", "ValueError"),
  ("i = keras.Input((3,))\nkeras.layers.Dense(2)(keras.layers.Flatten()(keras.Input((2, 0))))", "ValueError"),
  ("i = keras.Input((3,))\nkeras.Model(i, keras.layers.Dense(2)(i), foo=1)", "TypeError"),
  ("keras.Model.from_config({'layers': []})", "Error"),
  (
    "keras.Model.from_config({'name': 'm', 'layers': [{'class_name': 'Dense', 'config': {'units': 1}}]})",
    "Error"
  ),
])
func functionalMisuseRaises(_ source: String, _ kind: String) {
  let got = runTensorFlowCell(source)
  #expect(got.contains("\(kind): "), "\(source)\n\(got)")
}
