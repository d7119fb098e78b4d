import Foundation
import ModelFiles
import NN
import Tensors
import Testing
import TestSupport

/// Writes dnnlab-saved models with their inputs and predictions for
/// `scripts/keras_files/check_in_tensorflow.py`: into `$DNNLAB_KERAS_EXPORT` when set
/// (run by hand where TensorFlow is installed), otherwise into a scratch directory, so CI
/// at least checks that the export works.
@Suite struct ExportForTensorFlowTests {
  @Test func exportModels() throws {
    let dir = try ProcessInfo.processInfo.environment["DNNLAB_KERAS_EXPORT"] ?? scratchDirectory()
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let cases: [(String, Optimizer)] = [
      ("rmsprop", try RMSprop()), ("adam", try Adam(learningRate: 0.01)),
      ("sgd_momentum", try SGD(learningRate: 0.1, momentum: 0.9)), ("adagrad", try Adagrad()),
      ("adamw", try AdamW()), ("rmsprop_centered", try RMSprop(momentum: 0.5, centered: true)),
    ]
    for (name, optimizer) in cases {
      let (model, x, y) = try trainedModel(optimizer: optimizer)
      try ModelFiles.save(model, to: "\(dir)/dnnlab_\(name).keras")
      try ModelFiles.saveWeights(model, to: "\(dir)/dnnlab_\(name).weights.h5")
      let p = try model.predict(x, verbose: .silent)
      let json =
        "{\"x\": \(try floats(x)), \"x_shape\": \(x.shape), \"y\": \(try floats(y)), \"y_shape\": \(y.shape), "
        + "\"predictions\": \(try floats(p)), \"iterations\": \(model.optimizer?.iterations ?? 0)}"
      try Data(json.utf8).write(to: URL(fileURLWithPath: "\(dir)/dnnlab_\(name).json"))
    }
    let inner = try Sequential([try Dense(units: 4, activation: .tanh, name: "inner_dense")], name: "block")
    let nested = try Sequential([
      try InputLayer(shape: [2, 3]), Flatten(), try Dense(units: 5), try ReLU(maxValue: 6), inner,
      try Activation(.sigmoid), try Dense(units: 2), try Softmax(),
    ])
    let x = try Tensor((0..<12).map { Float($0) / 7 }, shape: [2, 2, 3])
    try ModelFiles.save(nested, to: "\(dir)/dnnlab_nested.keras")
    let p = try nested.predict(x, verbose: .silent)
    let json = "{\"x\": \(try floats(x)), \"x_shape\": \(x.shape), \"predictions\": \(try floats(p))}"
    try Data(json.utf8).write(to: URL(fileURLWithPath: "\(dir)/dnnlab_nested.json"))
  }
}
