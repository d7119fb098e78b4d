import Foundation
import Tensors

/// The `make bench` figures for NN: seconds per epoch of the lessons' two models and the
/// time of a 10,000-row predict, with test accuracy when test data is given. The benchmark
/// runner passes Fashion-MNIST (or synthetic data when it is missing).
public enum NNBenchmarks {
  public struct Result: Sendable, CustomStringConvertible {
    public let name: String
    /// Wall-clock seconds of each epoch.
    public let epochSeconds: [Double]
    /// Median of ``epochSeconds``.
    public var medianEpochSeconds: Double {
      let s = epochSeconds.sorted()
      return s.isEmpty ? 0 : s[s.count / 2]
    }
    /// Accuracy on the test data after training, when test data was given.
    public let testAccuracy: Double?
    /// Seconds for `predict` of the first 10,000 test rows (batch 32), when test data was given.
    public let predictSeconds: Double?

    public var description: String {
      var s =
        "\(name): " + epochSeconds.map { String(format: "%.3f", $0) }.joined(separator: " ") + " s/epoch"
      if let a = testAccuracy { s += String(format: ", test accuracy %.4f", a) }
      if let p = predictSeconds { s += String(format: ", predict 10k %.1f ms", p * 1000) }
      return s
    }
  }

  /// Flatten → Dense(hidden, relu) → Dense(10, softmax), compiled with `optimizer` and
  /// sparse categorical crossentropy, fitted silently; epochs timed one by one.
  public static func denseClassifier(
    name: String, hidden: Int, optimizer: String, batchSize: Int, epochs: Int, x: Tensor, y: Tensor,
    test: (Tensor, Tensor)? = nil, seed: Int = 0
  ) throws -> Result {
    let session = NNSession()
    session.seed(seed)
    return try NNSession.with(session) {
      let features = Array(x.shape.dropFirst())
      let model = try Sequential([
        try InputLayer(shape: features), Flatten(), try Dense(units: hidden, activation: .relu),
        try Dense(units: 10, activation: .softmax),
      ])
      try model.compile(
        optimizer: try Optimizers.named(optimizer), loss: SparseCategoricalCrossentropy(),
        metrics: [
          try Metrics.named("accuracy")
        ])
      var times: [Double] = []
      var start = 0.0
      let timer = LambdaCallback(
        onEpochBegin: { _, _ in start = monotonicSeconds() },
        onEpochEnd: { _, _ in times.append(monotonicSeconds() - start) })
      let xf = try x.astype(.float32)
      try model.fit(xf, y, batchSize: batchSize, epochs: epochs, verbose: .silent, callbacks: [timer])
      guard let (tx, ty) = test else {
        return Result(name: name, epochSeconds: times, testAccuracy: nil, predictSeconds: nil)
      }
      let txf = try tx.astype(.float32)
      let acc = try model.evaluate(txf, ty, batchSize: 32, verbose: .silent).values.last
      let rows = min(10_000, txf.shape.first ?? 0)
      let sample = try txf.get([.slice(start: 0, stop: rows, step: nil)])
      _ = try model.predict(sample, verbose: .silent)
      var best = Double.infinity
      for _ in 0..<5 {
        let t0 = monotonicSeconds()
        _ = try model.predict(sample, verbose: .silent)
        best = min(best, monotonicSeconds() - t0)
      }
      return Result(name: name, epochSeconds: times, testAccuracy: acc, predictSeconds: best)
    }
  }

  /// The two lesson benchmarks: Dense(512) RMSprop batch 128 and Dense(20) Adam batch 32.
  public static func lessonModels(x: Tensor, y: Tensor, test: (Tensor, Tensor)?, epochs: Int = 5) throws
    -> [Result]
  {
    [
      try denseClassifier(
        name: "Dense(512) rmsprop b128", hidden: 512, optimizer: "rmsprop", batchSize: 128, epochs: epochs,
        x: x, y: y,
        test: test),
      try denseClassifier(
        name: "Dense(20) adam b32", hidden: 20, optimizer: "adam", batchSize: 32, epochs: epochs, x: x, y: y,
        test: test),
    ]
  }
}
