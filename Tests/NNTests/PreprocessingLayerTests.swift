import NN
import Tensors
import TestSupport
import Testing

/// Rescaling, Reshape, Normalization and LayerNormalization in NN: shapes, the values of the passes, and the
/// gradient they pass back (checked by finite differences through a Dense in front).
@Suite struct PreprocessingLayerTests {
  @Test func reshapeInfersTheUnknownDimension() throws {
    #expect(try Reshape.outputShape(input: [12], target: [3, -1]) == [3, 4])
    #expect(try Reshape.outputShape(input: [2, 3, 4], target: [-1]) == [24])
    #expect(throws: NNError.self) { try Reshape.outputShape(input: [12], target: [5, -1]) }
    #expect(throws: NNError.self) { try Reshape.outputShape(input: [12], target: [0, -1]) }
    #expect(throws: NNError.self) { try Reshape(targetShape: [-1, -1]) }
    #expect(throws: NNError.self) { try Reshape(targetShape: [-3]) }
  }

  @Test func rescalingIsAffine() throws {
    try inSession { _ in
      let model = try Sequential([try InputLayer(shape: [3]), try Rescaling(scale: 1.0 / 255, offset: -1)])
      let x = try Tensor([Float(0), 127.5, 255], shape: [1, 3])
      let expected: [Float] = [0, 127.5, 255].map { Float($0) * Float(1.0 / 255) + Float(-1) }
      #expect(try model(x).toArray(Float.self) == expected)
    }
  }

  /// NumPy's mean and biased variance over the batch axis, cast to float32.
  @Test func adaptStoresNumPyStatistics() throws {
    try inSession { _ in
      let data = try Tensor([1.5, 20.25, 2.5, 18.0, 0.75, 25.5], shape: [3, 2])
      let n = try Normalization()
      try n.adapt(data)
      #expect(n.statisticsShape == [2])
      #expect(n.broadcastShape == [1, 2])
      #expect(try n.variables[0].numpy().toArray(Float.self) == [Float(4.75 / 3), Float(63.75 / 3)])
      let mean = [4.75 / 3, 63.75 / 3]
      let values = data.toDoubles()
      var variance: [Double] = [0, 0]
      for j in 0..<2 {
        for i in 0..<3 {
          let d = values[i * 2 + j] - mean[j]
          variance[j] += d * d / 3
        }
      }
      assertClose(try n.variables[1].numpy().toDoubles(), variance, rtol: 1e-6, atol: 0, "variance")
      #expect(n.variables[2].dtype == .int64)
    }
  }

  /// The gradient reaching a Dense in front of the layers matches finite differences of the
  /// loss (mean squared error of the summed outputs).
  @Test(arguments: ["rescaling", "normalization", "invert", "reshape", "layernorm"])
  func gradientMatchesFiniteDifferences(_ kind: String) throws {
    try inSession { _ in
      let x = try Tensor([Float(0.5), -1, 2, 1.5, 0.25, -0.75], shape: [2, 3])
      let y = try Tensor([Float(1), -1], shape: [2, 1])
      func build() throws -> Sequential {
        let middle: Layer
        switch kind {
        case "rescaling": middle = try Rescaling(scale: -2.5, offset: 0.5)
        case "normalization":
          middle = try Normalization(
            mean: try Tensor([0.5, 1, -1, 2], shape: [4]), variance: try Tensor([4, 0.25, 1, 9], shape: [4]))
        case "invert":
          middle = try Normalization(
            mean: try Tensor(scalar: 1.0), variance: try Tensor(scalar: 2.0), invert: true)
        case "layernorm": middle = try LayerNormalization(epsilon: 0.01)
        default: middle = try Reshape(targetShape: [2, 2])
        }
        let model = try Sequential([
          try InputLayer(shape: [3]), try Dense(units: 4), middle, try Flatten(), try Dense(units: 1),
        ])
        try model.layers[0].setWeights([
          try Tensor((0..<12).map { Float($0 % 5) / 4 - 0.5 }, shape: [3, 4]),
          try Tensor([Float(0.1), 0, -0.1, 0.2], shape: [4]),
        ])
        if middle is LayerNormalization {
          try middle.setWeights([
            try Tensor([Float(1), 0.5, 2, 1.5], shape: [4]),
            try Tensor([Float(0.1), -0.1, 0, 0.2], shape: [4]),
          ])
        }
        try model.layers[3].setWeights([
          try Tensor([Float(0.3), -0.2, 0.5, 0.1], shape: [4, 1]), try Tensor([Float(0)], shape: [1]),
        ])
        try model.compile(optimizer: try SGD(learningRate: 1), loss: MeanSquaredError())
        return model
      }
      // One full-batch SGD step with learning rate 1 moves each weight by minus its gradient.
      let model = try build()
      let before = try model.getWeights()[0].toDoubles()
      try model.fit(x, y, batchSize: 2, epochs: 1, verbose: .silent, shuffle: false)
      let analytic = zip(before, try model.getWeights()[0].toDoubles()).map { $0 - $1 }
      var numeric: [Double] = []
      let h = 1e-2
      for i in 0..<12 {
        var losses: [Double] = []
        for sign in [1.0, -1.0] {
          let probe = try build()
          var w = try probe.getWeights()
          var k = w[0].toDoubles()
          k[i] += sign * h
          w[0] = try Tensor(k.map { Float($0) }, shape: [3, 4])
          try probe.setWeights(w)
          let p = try probe.predict(x, verbose: .silent).toDoubles()
          losses.append(zip(p, y.toDoubles()).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 2)
        }
        numeric.append((losses[0] - losses[1]) / (2 * h))
      }
      assertClose(analytic, numeric, rtol: 2e-2, atol: 2e-3, kind)
    }
  }

  /// GaussianNoise adds noise of the given spread in training only.
  @Test func gaussianNoiseOnlyInTraining() throws {
    try inSession { _ in
      let model = try Sequential([try InputLayer(shape: [1000]), try GaussianNoise(stddev: 0.5, seed: 3)])
      let x = try Tensor([Float](repeating: 2, count: 2000), shape: [2, 1000])
      #expect(try model(x).toArray(Float.self) == x.toArray(Float.self))
      let noisy = try model(x, training: true).toDoubles().map { $0 - 2 }
      let mean = noisy.reduce(0, +) / Double(noisy.count)
      let sd = (noisy.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(noisy.count)).squareRoot()
      #expect(abs(mean) < 0.05 && abs(sd - 0.5) < 0.05, "mean \(mean), sd \(sd)")
      #expect(throws: NNError.self) { try GaussianNoise(stddev: 1.5) }
    }
  }
}
