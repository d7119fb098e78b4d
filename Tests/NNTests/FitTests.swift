import NN
import Tensors
import TestSupport
import Testing

/// Builds, compiles and fits each fixture model; every figure is compared with TensorFlow's.
@Suite struct FitTests {
  static func cases() throws -> [FixtureJSON] {
    guard let cases = try loadFixture("fit.json").array else { throw FixtureError.malformed }
    return cases
  }

  func model(_ c: FixtureJSON) throws -> Sequential {
    guard let specs = c["layers"]?.array else { throw FixtureError.malformed }
    let x = try tensor(c["x"])
    let m = try Sequential([try InputLayer(shape: [x.shape[1]])])
    for s in specs {
      guard let pair = s.array, pair.count == 2, let units = pair[0].double, let act = pair[1].string else {
        throw FixtureError.malformed
      }
      try m.add(try Dense(units: Int(units), activation: try Activations.named(act)))
    }
    try m.setWeights(try (c["initial_weights"]?.array ?? []).map { try tensor($0) })
    return m
  }

  @Test(arguments: try FitTests.cases().indices)
  func fitMatchesTensorFlow(_ index: Int) throws {
    try inSession { sink in
      let c = try FitTests.cases()[index]
      let name = c["name"]?.string ?? "?"
      let m = try model(c)
      let x = try tensor(c["x"]), y = try tensor(c["y"])
      // Forward pass with the fixed weights.
      assertClose(
        try m(x).doubles, try tensor(c["forward"]).doubles, rtol: 1e-5, atol: 1e-7, "\(name) forward")
      let opt = try makeOptimizer(c["optimizer"]?.string ?? "", c["optimizer_args"])
      let loss = try Losses.named(c["loss"]?.string ?? "", fromLogits: c["from_logits"] == .bool(true))
      let metrics = try (c["metrics"]?.array ?? []).compactMap(\.string).map { try Metrics.named($0) }
      try m.compile(optimizer: opt, loss: loss, metrics: metrics)
      let batch = Int(c["batch_size"]?.double ?? 32), epochs = Int(c["epochs"]?.double ?? 1)
      let before = try m.evaluate(x, y, batchSize: batch, verbose: .silent)
      assertClose(before.values, doubles(c["evaluate_before"]), rtol: 1e-5, "\(name) evaluate before")
      let h = try m.fit(x, y, batchSize: batch, epochs: epochs, verbose: .silent, shuffle: false)
      #expect(h.keys == (c["history_keys"]?.array ?? []).compactMap(\.string), "\(name) keys")
      #expect(h.epoch == Array(0..<epochs))
      for k in h.keys {
        assertClose(h[k] ?? [], doubles(c["history"]?[k]), rtol: 1e-5, atol: 1e-7, "\(name) history \(k)")
      }
      let weights = try m.getWeights()
      let expected = c["final_weights"]?.array ?? []
      #expect(weights.count == expected.count)
      for (i, (w, e)) in zip(weights, expected).enumerated() {
        assertClose(w.doubles, try tensor(e).doubles, rtol: 1e-5, atol: 1e-6, "\(name) weight \(i)")
      }
      let after = try m.evaluate(x, y, batchSize: batch, verbose: .silent)
      for (k, v) in after.logs.entries {
        assertClose(
          v, c["evaluate_after"]?[k]?.double ?? .nan, rtol: 1e-5, atol: 1e-7, "\(name) evaluate \(k)")
      }
      let p = try m.predict(x, verbose: .silent)
      assertClose(p.doubles, try tensor(c["predict"]).doubles, rtol: 1e-5, atol: 1e-6, "\(name) predict")
      #expect(sink.text.isEmpty || name == "logits_sparse_adam", "\(name) printed: \(sink.text)")
    }
  }
}
