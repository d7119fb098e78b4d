import Foundation
import NN
import Tensors
import TestSupport
import Testing

/// `GradientTape`, the gradient rules and `Sequential`'s recorded calls, checked against
/// finite differences and against what the replay must keep (dropout masks, moving statistics).
@Suite struct GradientTapeTests {
  /// Central differences of `f` at `x` (float64), one entry per element.
  private func numericGradient(_ x: [Double], step: Double = 1e-3, _ f: ([Double]) throws -> Double) rethrows
    -> [Double]
  {
    try x.indices.map { i in
      var up = x
      var down = x
      up[i] += step
      down[i] -= step
      return (try f(up) - f(down)) / (2 * step)
    }
  }

  private func sum(_ t: Tensor) throws -> Double { try t.astype(.float64).toArray(Double.self).reduce(0, +) }

  @Test func tapeAddsUpEveryUseOfAValue() throws {
    // y = x·x + x, recorded by hand: dy/dx = 2x + 1.
    let tape = GradientTape()
    let (xKey, squareKey, yKey) = (TapeKey.next(), TapeKey.next(), TapeKey.next())
    let x = try Tensor([3.0, -1.0], shape: [2])
    tape.watch(xKey)
    let square = try Tensor.binary(.multiply, .tensor(x), .tensor(x))
    tape.record(inputs: [xKey, xKey], output: squareKey) { g in
      let (a, b) = try GradientRules.binary(.multiply, x, x, out: square, g)
      return [a, b]
    }
    let y = try Tensor.binary(.add, .tensor(square), .tensor(x))
    tape.record(inputs: [squareKey, xKey], output: yKey) { g in [g, g] }
    let grads = try tape.gradient(targets: [(yKey, y)], sources: [xKey, TapeKey.next()])
    #expect(try grads[0]?.toArray(Double.self) == [7, -1])
    #expect(grads[1] == nil)
    #expect(throws: NNError.self) { try tape.gradient(targets: [(yKey, y)], sources: [xKey]) }
  }

  @Test func unfollowedOperationsAreNotRecorded() throws {
    let tape = GradientTape(persistent: true)
    let (a, b) = (TapeKey.next(), TapeKey.next())
    #expect(!tape.record(inputs: [a, nil], output: b) { g in [g, nil] })
    tape.watch(a)
    #expect(tape.record(inputs: [a, nil], output: b) { g in [g, nil] })
    #expect(tape.follows(b))
    tape.reset()
    #expect(!tape.follows(a) && !tape.follows(b))
  }

  @Test(arguments: [
    BinaryOp.add, .subtract, .multiply, .trueDivide, .power, .maximum, .minimum,
  ])
  func binaryRulesMatchFiniteDifferences(_ op: BinaryOp) throws {
    // x (2, 3) against y (3,): y's gradient is summed over the broadcast axis.
    let xs = [0.5, 1.5, 2.0, 0.7, 1.1, 3.0]
    let ys = [1.2, 0.9, 2.5]
    func f(_ xv: [Double], _ yv: [Double]) throws -> Double {
      try sum(Tensor.binary(op, .tensor(Tensor(xv, shape: [2, 3])), .tensor(Tensor(yv, shape: [3]))))
    }
    let x = try Tensor(xs, shape: [2, 3])
    let y = try Tensor(ys, shape: [3])
    let out = try Tensor.binary(op, .tensor(x), .tensor(y))
    let (dx, dy) = try GradientRules.binary(
      op, x, y, out: out, try Tensor.full(out.shape, .int(1), dtype: .float64))
    #expect(dx?.shape == [2, 3] && dy?.shape == [3])
    assertClose(
      try dx?.toArray(Double.self) ?? [], try numericGradient(xs) { try f($0, ys) }, rtol: 1e-5, atol: 1e-6)
    assertClose(
      try dy?.toArray(Double.self) ?? [], try numericGradient(ys) { try f(xs, $0) }, rtol: 1e-5, atol: 1e-6)
  }

  @Test(arguments: [
    ActivationFunction.relu, .sigmoid, .tanh, .softmax, .elu(alpha: 1), .selu, .leakyRelu(negativeSlope: 0.2),
    .gelu(approximate: false), .swish, .softplus, .softsign, .exponential,
  ])
  func activationRulesMatchFiniteDifferences(_ f: ActivationFunction) throws {
    let xs = [-1.3, 0.4, 2.1, -0.2, 1.7, -2.6]
    let weights = try Tensor([0.3, -1.0, 2.0, 0.5, 1.5, -0.7], shape: [2, 3])
    func loss(_ v: [Double]) throws -> Double {
      let y = try Activations.apply(f, to: try Tensor(v, shape: [2, 3]))
      return try sum(try Tensor.binary(.multiply, .tensor(y), .tensor(weights)))
    }
    let x = try Tensor(xs, shape: [2, 3])
    let out = try Activations.apply(f, to: x)
    let g = try GradientRules.activation(f, x, out: out, weights)
    // The forward kernels are float32: differences of float32 sums are good to about 1e-3.
    assertClose(try g.toArray(Double.self), try numericGradient(xs, step: 1e-2, loss), rtol: 2e-3, atol: 2e-3)
  }

  @Test func reductionsSpreadTheGradientBack() throws {
    let x = try Tensor([1.0, 5.0, 5.0, 2.0, 0.0, 4.0], shape: [2, 3])
    let ones = { (t: Tensor) in try Tensor.full(t.shape, .int(1), dtype: .float64) }
    let mean = try x.reduce(.mean, axes: [1])
    #expect(
      try GradientRules.reduction(.mean, x, axes: [1], out: mean, try ones(mean))?.toArray(Double.self)
        == [Double](repeating: 1.0 / 3, count: 6))
    let top = try x.reduce(.max, axes: nil)
    // Two entries tie for the maximum: they share its gradient.
    #expect(
      try GradientRules.reduction(.max, x, axes: nil, out: top, try ones(top))?.toArray(Double.self)
        == [0, 0.5, 0.5, 0, 0, 0])
  }

  @Test func indexingAddsUpRepeatedPicks() throws {
    let x = try Tensor([1.0, 2.0, 3.0, 4.0], shape: [2, 2])
    let picks = try Tensor([Int64(1), 1, 0], shape: [3])
    let g = try Tensor([1.0, 10.0, 100.0, 2.0, 20.0, 200.0], shape: [3, 2])
    #expect(try GradientRules.indexing(x, [.array(picks)], g).toArray(Double.self) == [20, 200, 101, 12])
    let column = try GradientRules.indexing(x, [.all, .int(1)], try Tensor([5.0, 6.0], shape: [2]))
    #expect(try column.toArray(Double.self) == [0, 5, 0, 6])
  }

  @Test func matmulRuleMatchesFiniteDifferences() throws {
    let xs = [1.0, -2.0, 0.5, 3.0, 1.5, -1.0]
    let ws = [0.2, -0.4, 1.1, 0.7, -0.3, 0.9]
    let c = try Tensor([1.0, 2.0, -1.0, 0.5], shape: [2, 2])
    func f(_ xv: [Double], _ wv: [Double]) throws -> Double {
      let p = try Tensor.matmul(try Tensor(xv, shape: [2, 3]), try Tensor(wv, shape: [3, 2]))
      return try sum(try Tensor.binary(.multiply, .tensor(p), .tensor(c)))
    }
    let (dx, dw) = try GradientRules.matmul(try Tensor(xs, shape: [2, 3]), try Tensor(ws, shape: [3, 2]), c)
    assertClose(
      try dx.toArray(Double.self), try numericGradient(xs) { try f($0, ws) }, rtol: 1e-6, atol: 1e-8)
    assertClose(
      try dw.toArray(Double.self), try numericGradient(ws) { try f(xs, $0) }, rtol: 1e-6, atol: 1e-8)
  }

  @Test func modelGradientsMatchFiniteDifferences() throws {
    try inSession { _ in
      // Fixed initial weights: BatchNormalization over 3 samples curves sharply for some draws,
      // and the differences must measure the gradient, not the curvature.
      NNSession.current.seed(7)
      let model = try Sequential([
        try InputLayer(shape: [3]), try Dense(units: 4, activation: .tanh),
        try BatchNormalization(), try Dense(units: 2, activation: .softmax),
      ])
      let x = try Tensor([0.5, -1.0, 2.0, 1.5, 0.2, -0.3, -0.7, 0.9, 1.1], shape: [3, 3])
      let weights = try Tensor([1.0, -2.0, 0.5, 3.0, -1.0, 2.0], shape: [3, 2])
      let variables = model.trainableWeights
      let (out, call) = try model.recordedCall(x, training: true)
      let (input, grads) = try model.tapeGradients(
        x, call: call, outputGradient: weights, variables: variables)
      let dx = try #require(input)
      #expect(dx.shape == [3, 3] && grads.count == variables.count)
      // loss = Σ weights · model(x, training=True), in float64 differences of float32 passes.
      func loss(_ input: Tensor) throws -> Double {
        try sum(try Tensor.binary(.multiply, .tensor(try model(input, training: true)), .tensor(weights)))
      }
      #expect(try sum(out) > 0)
      let xs = try x.toArray(Double.self)
      let numeric = try numericGradient(xs, step: 3e-3) { try loss(try Tensor($0, shape: [3, 3])) }
      assertClose(try dx.toArray(Double.self), numeric, rtol: 2e-2, atol: 2e-3)
      // The first kernel: perturb it in place.
      let kernel = variables[0]
      let k0 = try kernel.numpy().astype(.float64).toArray(Double.self)
      let numericKernel = try numericGradient(k0, step: 3e-3) { k in
        try kernel.assign(try Tensor(k, shape: kernel.shape))
        return try loss(x)
      }
      try kernel.assign(try Tensor(k0, shape: kernel.shape))
      assertClose(try grads[0].toArray(Double.self), numericKernel, rtol: 2e-2, atol: 2e-3)
    }
  }

  @Test func replayKeepsDropoutMasks() throws {
    try inSession { _ in
      let model = try Sequential([
        try InputLayer(shape: [64]), try Dropout(rate: 0.5),
        try Dense(units: 1, useBias: false, kernelInitializer: .ones),
      ])
      let x = try Tensor.full([2, 64], .float(1), dtype: .float32)
      let (out, call) = try model.recordedCall(x, training: true)
      let seed = try Tensor.full([2, 1], .int(1), dtype: .float32)
      let (dx, _) = try model.tapeGradients(
        x, call: call, outputGradient: seed, variables: model.trainableWeights)
      // The replay used the call's mask: each kept input has gradient 2 (1 / (1 − rate)) and
      // adds 2 to the output, so the two agree; a fresh mask would not.
      let gradient = try #require(dx).toArray(Float.self)
      let kept = gradient.filter { $0 != 0 }.count
      #expect(kept > 20 && kept < 108)
      #expect(try gradient.reduce(0, +) == out.toArray(Float.self).reduce(0, +))
      // Another pass overwrites the layers' buffers: the next gradient recomputes the forward pass.
      _ = try model(x, training: true)
      let (again, _) = try model.tapeGradients(
        x, call: call, outputGradient: seed, variables: model.trainableWeights)
      #expect(try #require(again).toArray(Float.self) == gradient)
      let (skipped, weights) = try model.tapeGradients(
        x, call: call, outputGradient: seed, variables: model.trainableWeights, needInputGradient: false)
      #expect(skipped == nil && weights.count == 1)
    }
  }

  @Test func replayLeavesMovingStatisticsAlone() throws {
    try inSession { _ in
      let bn = try BatchNormalization()
      let model = try Sequential([try InputLayer(shape: [3]), bn, try Dense(units: 1)])
      let x = try Tensor([1.0, 2.0, 3.0, 3.0, 0.0, -1.0], shape: [2, 3])
      let (_, call) = try model.recordedCall(x, training: true)
      let mean = try #require(bn.movingMean).numpy().toArray(Float.self)
      #expect(mean != [0, 0, 0])
      _ = try model(x, training: false)
      _ = try model.tapeGradients(
        x, call: call, outputGradient: try Tensor.full([2, 1], .int(1), dtype: .float32),
        variables: model.trainableWeights)
      #expect(try #require(bn.movingMean).numpy().toArray(Float.self) == mean)
    }
  }

  @Test func lossGradientIsTheTrainingLoopsGradient() throws {
    let loss = MeanSquaredError()
    let yTrue = try Tensor([1.0, 0.0, 0.5, 2.0], shape: [2, 2])
    let yPred = try Tensor([0.5, 0.5, 1.0, 1.0], shape: [2, 2])
    // d/dp mean((t − p)²) over 4 values = 2(p − t)/4.
    #expect(try loss.gradient(yTrue, yPred).toArray(Float.self) == [-0.25, 0.25, 0.25, -0.5])
    // Per-sample losses weighted 1 and 3: row r gets 2(p − t)/2 times its weight.
    let rows = try loss.rowGradient(yTrue, yPred, rowWeights: try Tensor([1.0, 3.0], shape: [2]))
    #expect(try rows.toArray(Float.self) == [-0.5, 0.5, 1.5, -3])
  }
}
