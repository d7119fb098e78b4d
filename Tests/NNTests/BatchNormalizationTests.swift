import NN
import Tensors
import TestSupport
import Testing

/// BatchNormalization against TensorFlow (Fixtures/batchnorm.json, written by
/// scripts/keras/gen_normalization.py): the layer alone in both modes with the moving
/// statistics it leaves, fits of models containing it, and the summary.
@Suite struct BatchNormalizationTests {
  static let fixture = try? loadFixture("batchnorm.json")

  static func cases(_ key: String) -> [FixtureJSON] { fixture?[key]?.array ?? [] }

  static func layer(_ kwargs: FixtureJSON?) throws -> BatchNormalization {
    try BatchNormalization(
      momentum: kwargs?["momentum"]?.double ?? 0.99, epsilon: kwargs?["epsilon"]?.double ?? 1e-3,
      center: kwargs?["center"] != .bool(false), scale: kwargs?["scale"] != .bool(false))
  }

  @Test func fixtureIsLoaded() {
    #expect(Self.cases("layer").count == 7)
    #expect(Self.cases("fit").count == 4)
  }

  @Test(arguments: BatchNormalizationTests.cases("layer").indices)
  func layerMatchesTensorFlow(_ index: Int) throws {
    try inSession { _ in
      let c = Self.cases("layer")[index]
      let name = c["name"]?.string ?? "?"
      let x = try tensor(c["x"])
      let bn = try Self.layer(c["kwargs"])
      let model = try Sequential([try InputLayer(shape: Array(x.shape.dropFirst())), bn])
      try bn.setWeights(try (c["initial_weights"]?.array ?? []).map { try tensor($0) })
      let weightNames: [String] = (c["weight_names"]?.array ?? []).compactMap(\.string)
      #expect(bn.variables.map(\.name) == weightNames)
      assertClose(
        try model(x).doubles, try tensor(c["inference"]).doubles, rtol: 1e-5, atol: 1e-6, "\(name) inference")
      assertClose(
        try model(x, training: true).doubles, try tensor(c["training"]).doubles, rtol: 1e-5, atol: 1e-5,
        "\(name) training")
      for (w, e) in zip(try bn.getWeights(), c["weights_after"]?.array ?? []) {
        assertClose(w.doubles, try tensor(e).doubles, rtol: 1e-5, atol: 1e-7, "\(name) weights after")
      }
      let x2 = try (try x * 0.5) + -1
      assertClose(
        try model(x2, training: true).doubles, try tensor(c["training2"]).doubles, rtol: 1e-5, atol: 1e-5,
        "\(name) second training call")
      for (w, e) in zip(try bn.getWeights(), c["weights_after2"]?.array ?? []) {
        assertClose(w.doubles, try tensor(e).doubles, rtol: 1e-5, atol: 1e-7, "\(name) weights after 2")
      }
    }
  }

  func model(_ c: FixtureJSON, features: Int) throws -> Sequential {
    let m = try Sequential([try InputLayer(shape: [features])])
    for spec in c["layers"]?.array ?? [] {
      guard let parts = spec.array, let kind = parts.first?.string else { throw FixtureError.malformed }
      switch kind {
      case "dense", "dense_nobias":
        guard parts.count == 3, let units = parts[1].double else { throw FixtureError.malformed }
        try m.add(
          try Dense(
            units: Int(units), activation: try Activations.named(parts[2].string), useBias: kind == "dense"))
      case "bn":
        try m.add(try Self.layer(parts.count > 1 ? parts[1] : nil))
      default:
        guard parts.count == 2 else { throw FixtureError.malformed }
        try m.add(try Activation(try Activations.named(parts[1].string)))
      }
    }
    try m.setWeights(try (c["initial_weights"]?.array ?? []).map { try tensor($0) })
    return m
  }

  @Test(arguments: BatchNormalizationTests.cases("fit").indices)
  func fitMatchesTensorFlow(_ index: Int) throws {
    try inSession { sink in
      let c = Self.cases("fit")[index]
      let name = c["name"]?.string ?? "?"
      let x = try tensor(c["x"]), y = try tensor(c["y"])
      let m = try model(c, features: x.shape[1])
      assertClose(
        try m(x).doubles, try tensor(c["forward"]).doubles, rtol: 1e-5, atol: 1e-7, "\(name) forward")
      try m.compile(
        optimizer: try makeOptimizer(c["optimizer"]?.string ?? "", c["optimizer_args"]),
        loss: SparseCategoricalCrossentropy(), metrics: [try Metrics.named("accuracy")])
      let batch = Int(c["batch_size"]?.double ?? 32), epochs = Int(c["epochs"]?.double ?? 1)
      let before = try m.evaluate(x, y, batchSize: batch, verbose: .silent)
      assertClose(before.values, doubles(c["evaluate_before"]), rtol: 1e-5, "\(name) evaluate before")
      let h = try m.fit(x, y, batchSize: batch, epochs: epochs, verbose: .silent, shuffle: false)
      for k in h.keys {
        assertClose(h[k] ?? [], doubles(c["history"]?[k]), rtol: 1e-5, atol: 1e-7, "\(name) history \(k)")
      }
      let weights = try m.getWeights(), expected = c["final_weights"]?.array ?? []
      #expect(weights.count == expected.count)
      for (i, (w, e)) in zip(weights, expected).enumerated() {
        assertClose(w.doubles, try tensor(e).doubles, rtol: 1e-5, atol: 1e-6, "\(name) weight \(i)")
      }
      let names: [String] = m.variables.map { String($0.path.split(separator: "/").last ?? "") }
      let kerasNames: [String] = (c["weight_paths"]?.array ?? []).compactMap {
        $0.string.map { String($0.split(separator: "/").last ?? "") }
      }
      #expect(names == kerasNames)
      let after = try m.evaluate(x, y, batchSize: batch, verbose: .silent)
      for (k, v) in after.logs.entries {
        assertClose(
          v, c["evaluate_after"]?[k]?.double ?? .nan, rtol: 1e-5, atol: 1e-7, "\(name) evaluate \(k)")
      }
      let p = try m.predict(x, verbose: .silent)
      assertClose(p.doubles, try tensor(c["predict"]).doubles, rtol: 1e-5, atol: 1e-6, "\(name) predict")
      #expect(sink.text.isEmpty, "\(name) printed: \(sink.text)")
    }
  }

  @Test func summaryShowsNonTrainableParameters() throws {
    try inSession { _ in
      let m = try Sequential([
        try InputLayer(shape: [784]), try Dense(units: 256, useBias: false), try BatchNormalization(),
        try Activation(.relu), try Dense(units: 10, activation: .softmax),
      ])
      #expect(m.summaryText(columns: 80) == Self.fixture?["summary"]?.string)
      try m.compile(
        optimizer: try Adam(), loss: SparseCategoricalCrossentropy(), metrics: [try Metrics.named("accuracy")]
      )
      _ = try m.fit(
        try Tensor(zeros: [4, 784], dtype: .float32), try Tensor(zeros: [4], dtype: .float32),
        verbose: .silent)
      #expect(m.summaryText(columns: 80) == Self.fixture?["summary_after_fit"]?.string)
    }
  }

  @Test func badArgumentsAreErrorsNotTraps() throws {
    try inSession { _ in
      #expect(throws: NNError.self) { try BatchNormalization(epsilon: -1) }
      #expect(throws: NNError.self) { try BatchNormalization(momentum: .nan) }
      // An axis outside the input's rank is refused when the layer is built.
      let bn = try BatchNormalization(axis: 3)
      #expect(throws: NNError.self) { _ = try Sequential([try InputLayer(shape: [4]), bn]) }
      let first = try BatchNormalization(axis: 1)
      let m = try Sequential([try InputLayer(shape: [3, 2]), first])
      let x = try Tensor((0..<12).map(Double.init), shape: [2, 3, 2]).astype(.float32)
      // Axis 1 normalizes over the batch and the last axis: each of the 3 features has mean 0.
      let y = try m(x, training: true).doubles
      for f in 0..<3 {
        let values = [y[f * 2], y[f * 2 + 1], y[6 + f * 2], y[6 + f * 2 + 1]]
        #expect(abs(values.reduce(0, +)) < 1e-5)
      }
    }
  }
}
