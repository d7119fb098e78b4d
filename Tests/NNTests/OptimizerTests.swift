import Foundation
import NN
import Tensors
import TestSupport
import Testing

/// Builds the optimizer a fixture names, with its keyword arguments.
func makeOptimizer(_ name: String, _ args: FixtureJSON?) throws -> Optimizer {
  func d(_ k: String) -> Double? { args?[k]?.double }
  func b(_ k: String) -> Bool { args?[k] == .bool(true) }
  switch name {
  case "sgd":
    return try SGD(
      learningRate: d("learning_rate") ?? 0.01, momentum: d("momentum") ?? 0, nesterov: b("nesterov"))
  case "rmsprop":
    return try RMSprop(
      learningRate: d("learning_rate") ?? 0.001, rho: d("rho") ?? 0.9, momentum: d("momentum") ?? 0,
      centered: b("centered"))
  case "adam": return try Adam(learningRate: d("learning_rate") ?? 0.001, amsgrad: b("amsgrad"))
  case "adamw":
    return try AdamW(learningRate: d("learning_rate") ?? 0.001, weightDecay: d("weight_decay") ?? 0.004)
  case "adagrad": return try Adagrad(learningRate: d("learning_rate") ?? 0.001)
  case "nadam":
    return try Nadam(
      learningRate: d("learning_rate") ?? 0.001, beta1: d("beta_1") ?? 0.9, beta2: d("beta_2") ?? 0.999,
      weightDecay: d("weight_decay"))
  case "adamax":
    return try Adamax(
      learningRate: d("learning_rate") ?? 0.001, beta1: d("beta_1") ?? 0.9, beta2: d("beta_2") ?? 0.999,
      weightDecay: d("weight_decay"))
  default: throw FixtureError.malformed
  }
}

@Suite struct OptimizerTests {
  @Test func threeStepsMatchKeras() throws {
    guard let cases = try loadFixture("optimizers.json").array else { throw FixtureError.malformed }
    #expect(cases.count == 17)
    for c in cases {
      guard let name = c["optimizer"]?.string, let grads = c["grads"]?.array, let steps = c["steps"]?.array
      else {
        throw FixtureError.malformed
      }
      let opt = try makeOptimizer(name, c["args"])
      let w0 = try tensor(c["w0"])
      let v = try Variable(w0, name: "w")
      for (g, expected) in zip(grads, steps) {
        let gt = try Tensor(doubles(g), shape: w0.shape).astype(.float32)
        try opt.applyGradients([(gt, v)])
        assertClose(
          try v.numpy().doubles, doubles(expected), rtol: 1e-5, atol: 1e-7,
          "\(name) \(String(describing: c["args"]))")
      }
      #expect(opt.iterations == 3)
    }
  }

  @Test func byNameWithDefaults() throws {
    let r = try Optimizers.named("rmsprop")
    #expect(r.learningRate == Float(0.001))
    let s = try Optimizers.named("SGD")
    #expect(s.learningRate == Float(0.01))
    #expect(throws: NNError.self) { try Optimizers.named("adm") }
  }

  /// RMSprop and Adam run their loops in C with the CPU's widest vectors; each element must
  /// come out exactly as the scalar formula (every operation rounded on its own) gives it.
  @Test(arguments: ["rmsprop", "adam"])
  func wideVectorUpdatesEqualTheScalarFormula(name: String) throws {
    let n = 1_000 + 13  // a tail that no vector width divides
    var rng = SeededGenerator(seed: 7)
    let w0 = (0..<n).map { _ in Float.random(in: -1...1, using: &rng) }
    let v = try Variable(try Tensor(w0, shape: [n]), name: "w")
    let opt = try makeOptimizer(name, nil)
    var w = w0
    var s1 = [Float](repeating: 0, count: n), s2 = [Float](repeating: 0, count: n)
    for step in 1...3 {
      // Mixed magnitudes, zeros among them, as real gradients have.
      let g = (0..<n).map { i -> Float in
        i % 5 == 0 ? 0 : Float.random(in: -1...1, using: &rng) * Float(pow(10, Double(i % 7) - 4))
      }
      try opt.applyGradients([(try Tensor(g, shape: [n]), v)])
      let lr: Float = 0.001, eps: Float = 1e-7
      for i in 0..<n {
        if name == "rmsprop" {
          let vi = Float(0.9) * s1[i] + Float(1 - 0.9) * (g[i] * g[i])
          s1[i] = vi
          w[i] = w[i] - (lr * g[i]) / (vi + eps).squareRoot()
        } else {
          let b1p = Float(pow(Float(0.9), Float(step))), b2p = Float(pow(Float(0.999), Float(step)))
          let alpha = lr * (1 - b2p).squareRoot() / (1 - b1p)
          let mi = s1[i] + (g[i] - s1[i]) * Float(1 - 0.9)
          let vi = s2[i] + (g[i] * g[i] - s2[i]) * Float(1 - 0.999)
          s1[i] = mi
          s2[i] = vi
          w[i] = w[i] - (mi * alpha) / (vi.squareRoot() + eps)
        }
      }
      let got = try v.numpy().doubles
      let firstDifference = (0..<n).first { got[$0] != Double(w[$0]) }
      #expect(firstDifference == nil, "\(name) step \(step): element \(firstDifference ?? -1) differs")
    }
  }

  /// Large variables are updated in parallel parts; the result must be exactly what updating
  /// small pieces one by one (below the parallel threshold) gives.
  @Test(arguments: ["sgd", "rmsprop", "adam", "adamw", "adagrad", "nadam", "adamax"])
  func parallelUpdatesEqualSequentialOnes(name: String) throws {
    let n = 100_000, piece = 10_000
    var rng = SystemRandomNumberGenerator()
    let w0 = (0..<n).map { _ in Float.random(in: -1...1, using: &rng) }
    let whole = try Variable(try Tensor(w0, shape: [n]), name: "w")
    let pieces = try (0..<n / piece).map {
      try Variable(try Tensor(Array(w0[$0 * piece..<($0 + 1) * piece]), shape: [piece]), name: "p\($0)")
    }
    let big = try makeOptimizer(name, nil), small = try makeOptimizer(name, nil)
    for _ in 0..<3 {
      let g = (0..<n).map { _ in Float.random(in: -1...1, using: &rng) }
      try big.applyGradients([(try Tensor(g, shape: [n]), whole)])
      try small.applyGradients(
        try pieces.enumerated().map { i, v in
          (try Tensor(Array(g[i * piece..<(i + 1) * piece]), shape: [piece]), v)
        })
    }
    let together = try whole.numpy().doubles
    let apart = try pieces.flatMap { try $0.numpy().doubles }
    #expect(together == apart, "\(name): parallel and sequential updates differ")
  }
}
