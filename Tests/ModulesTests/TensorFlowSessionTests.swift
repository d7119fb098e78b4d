import Foundation
import Modules
import NN
import Script
import Tensors
import TestSupport
import Testing

// Replays Fixtures/tf_session.txt, tf_ops.txt (sort, gather, tile, reverse, unique,
// tf.print; recorded with what cells write to stderr, where tf.print writes), tf_keras_utils.txt,
// tf_gradients.txt and keras_ops.txt, and compares the text with what Python showed with
// TensorFlow 2.21 / Keras 3 for the same cells (scripts/fixtures/gen_tf_session.py): eager
// tensors (`model(x)`, `tf.constant`, `tf.reduce_mean`, …), their shapes and dtypes, and
// TensorFlow's own errors for dtype mismatches and NumPy-only methods.

enum TensorFlowSessionFixtures {
  static let sessionCells = SessionFixtures.load("tf_session.expected.json")
  static let opsCells = SessionFixtures.load("tf_ops.expected.json")
  /// `keras.utils.normalize` on NumPy arrays and tf.Tensors (gen_tf_session.py tf_keras_utils).
  static let utilsCells = SessionFixtures.load("tf_keras_utils.expected.json")
  /// `tf.Variable`, `tf.GradientTape` and `apply_gradients` (gen_tf_session.py tf_gradients).
  static let gradientCells = SessionFixtures.load("tf_gradients.expected.json")
  /// Loss and metric functions in `compile` (gen_tf_session.py keras_functions).
  static let functionCells = SessionFixtures.load("keras_functions.expected.json")
  /// Loss objects' `reduction=` in calls, tapes, `fit`/`evaluate` and saved files
  /// (gen_tf_session.py keras_reductions).
  static let reductionCells = SessionFixtures.load("keras_reductions.expected.json")
  /// `keras.ops` on the TensorFlow backend: dtypes, results, errors and gradient tapes
  /// (gen_tf_session.py keras_ops).
  static let kerasOpsCells = SessionFixtures.load("keras_ops.expected.json")
  /// `tf.data.Dataset` pipelines and Keras on datasets (gen_tf_session.py tf_data).
  static let dataCells = SessionFixtures.load("tf_data.expected.json")
  /// `model.inputs`/`outputs` and `layer.input`/`output`: the KerasTensors of a model's trace
  /// (gen_tf_session.py keras_symbolic).
  static let symbolicCells = SessionFixtures.load("keras_symbolic.expected.json")
  /// Metric objects called like functions, activation `__name__`, `keras.saving`
  /// (gen_tf_session.py keras_callables).
  static let callableCells = SessionFixtures.load("keras_callables.expected.json")
  /// `Dataset.zip`, `concatenate`, `enumerate`, `window`/`flat_map`, `shard`, `padded_batch`,
  /// `unique`, `take_while`, `scan`, `interleave`, and Keras on zipped datasets
  /// (gen_tf_session.py tf_data_combining).
  static let combiningCells = SessionFixtures.load("tf_data_combining.expected.json")
  static let cells =
    sessionCells + opsCells + utilsCells + gradientCells + functionCells + reductionCells + kerasOpsCells
    + dataCells + combiningCells + symbolicCells + callableCells
}

/// Runs `source` in a fresh interpreter and Keras session with `np`, `tf` and `keras` imported.
func runTensorFlowCell(_ source: String) -> String {
  // keras.utils.set_random_seed seeds np.random: keep that from tests running alongside.
  Tensor.withOwnProcessState { runTensorFlowCellSharingProcessState(source) }
}

private func runTensorFlowCellSharingProcessState(_ source: String) -> String {
  var text = ""
  let interpreter = Interpreter(output: { text += $0 })
  Modules.install(in: interpreter, session: NNSession())
  do {
    _ = try interpreter.run("import numpy as np\nimport tensorflow as tf\nimport keras", cell: 0)
    if let value = try interpreter.run(source, cell: 1) { text += interpreter.repr(value) + "\n" }
  } catch {
    text += error.summary + "\n"
  }
  return text
}

@Test(arguments: TensorFlowSessionFixtures.cells)
func cellMatchesTensorFlow(_ cell: SessionCell) {
  let got = runTensorFlowCell(cell.source)
  if cell.source.contains("# close:") {
    // Same text apart from numbers, which agree within 1e-6 relative, or within the tolerance
    // the marker names (`# close: 1e-5`, for float32 passes through layers, as NN's fixtures).
    let rtol = cell.source.contains("# close: 1e-5") ? 1e-5 : 1e-6
    let (gotText, gotNumbers) = splitNumbers(got)
    let (expectedText, expectedNumbers) = splitNumbers(cell.expected)
    #expect(gotText == expectedText, "\n--- dnnlab\n\(got)--- TensorFlow\n\(cell.expected)")
    #expect(gotNumbers.count == expectedNumbers.count)
    assertClose(gotNumbers, expectedNumbers, rtol: rtol, atol: rtol / 10)
    return
  }
  #expect(got == cell.expected, "\n--- dnnlab\n\(got)--- TensorFlow\n\(cell.expected)")
}

/// The text with each decimal number replaced by `#` and without spaces (column padding
/// depends on the digits), and the numbers.
private func splitNumbers(_ text: String) -> (String, [Double]) {
  var numbers: [Double] = []
  let pattern = try! Regex(#"-?\d+\.\d*(e[-+]?\d+)?"#)
  var skeleton = ""
  var rest = text[...]
  while let m = rest.firstMatch(of: pattern) {
    skeleton += rest[..<m.range.lowerBound]
    skeleton += "#"
    numbers.append(Double(rest[m.range]) ?? .nan)
    rest = rest[m.range.upperBound...]
  }
  skeleton += rest
  return (skeleton.filter { $0 != " " }, numbers)
}

@Test func tensorFlowSessionFixtureIsLoaded() {
  #expect(TensorFlowSessionFixtures.sessionCells.count >= 100)
  #expect(TensorFlowSessionFixtures.opsCells.count >= 60)
  #expect(TensorFlowSessionFixtures.kerasOpsCells.count >= 60)
}
