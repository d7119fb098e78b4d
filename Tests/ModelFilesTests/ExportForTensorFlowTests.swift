import Foundation
import ModelFiles
import NN
import Tensors
import TestSupport
import Testing

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
      ("nadam", try Nadam(learningRate: 0.01)), ("adamax", try Adamax(learningRate: 0.01)),
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
    // BatchNormalization in a Sequential, and a functional model, both trained with Adam.
    let bn = try Sequential([
      try InputLayer(shape: [3]), try Dense(units: 4, useBias: false), try BatchNormalization(momentum: 0.9),
      try Activation(.relu), try Dense(units: 2, activation: .softmax),
    ])
    let functional = try Functional(
      input: try InputLayer(shape: [3], name: "features"),
      layers: [
        try Dense(units: 5, activation: .relu, name: "hidden"), try BatchNormalization(),
        try Dropout(rate: 0.2),
        try Dense(units: 2, activation: .softmax),
      ], name: "chain")
    let tx = try Tensor((0..<30).map { Float($0 % 7) / 3 }, shape: [10, 3])
    let ty = try Tensor((0..<10).map { Float($0 % 2) }, shape: [10])
    // The preprocessing layers: Normalization adapted to the data, Rescaling, Reshape,
    // LayerNormalization and GaussianNoise (inactive at inference).
    let normalizer = try Normalization()
    try normalizer.adapt(tx)
    let preprocessing = try Sequential([
      try InputLayer(shape: [3]), normalizer, try Rescaling(scale: 0.5, offset: 0.25),
      try Reshape(targetShape: [3, 1]), Flatten(), try Dense(units: 4, activation: .relu),
      try LayerNormalization(), try GaussianNoise(stddev: 0.1), try Dense(units: 2, activation: .softmax),
    ])
    for (name, model) in [
      ("batchnorm", bn), ("functional", functional as Sequential), ("preprocessing", preprocessing),
    ] {
      try model.compile(optimizer: try Adam(), loss: SparseCategoricalCrossentropy(), metrics: [])
      try model.fit(tx, ty, batchSize: 5, epochs: 2, verbose: .silent, shuffle: false)
      try ModelFiles.save(model, to: "\(dir)/dnnlab_\(name).keras")
      let p = try model.predict(tx, verbose: .silent)
      let json =
        "{\"x\": \(try floats(tx)), \"x_shape\": \(tx.shape), \"y\": \(try floats(ty)), \"y_shape\": \(ty.shape), "
        + "\"predictions\": \(try floats(p)), \"iterations\": \(model.optimizer?.iterations ?? 0)}"
      try Data(json.utf8).write(to: URL(fileURLWithPath: "\(dir)/dnnlab_\(name).json"))
    }
  }
}
