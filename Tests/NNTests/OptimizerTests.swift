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
  default: throw FixtureError.malformed
  }
}

@Suite struct OptimizerTests {
  @Test func threeStepsMatchKeras() throws {
    guard let cases = try loadFixture("optimizers.json").array else { throw FixtureError.malformed }
    #expect(cases.count == 12)
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
}
