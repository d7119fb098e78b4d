import NN
import Tensors
import TestSupport
import Testing

@Suite struct LossTests {
  @Test func everyLossMatchesKeras() throws {
    guard let cases = try loadFixture("losses.json").array else { throw FixtureError.malformed }
    #expect(cases.count == 20)
    for c in cases {
      guard let name = c["loss"]?.string else { throw FixtureError.malformed }
      let fromLogits = c["args"]?["from_logits"] == .bool(true)
      let loss = try Losses.named(name, fromLogits: fromLogits)
      let v = try loss(try tensor(c["y_true"]), try tensor(c["y_pred"]))
      let expected = c["value"]?.double ?? .nan
      assertClose(v.doubles[0], expected, rtol: 1e-5, "\(name) logits=\(fromLogits)")
    }
  }

  @Test func unknownLossSuggests() {
    #expect(throws: NNError.self) { try Losses.named("sparse_categorial_crossentropy") }
    do { _ = try Losses.named("sparse_categorial_crossentropy") } catch let e as NNError {
      #expect(e.hint?.contains("sparse_categorical_crossentropy") == true)
    } catch {}
  }
}

@Suite struct MetricTests {
  @Test func metricsMatchKeras() throws {
    try inSession { _ in
      guard let cases = try loadFixture("metrics.json").array else { throw FixtureError.malformed }
      for c in cases {
        guard let name = c["metric"]?.string else { throw FixtureError.malformed }
        let m = try Metrics.named(name)
        try m.updateState(try tensor(c["y_true"]), try tensor(c["y_pred"]))
        assertClose(Double(m.result()), c["value"]?.double ?? .nan, rtol: 1e-6, name)
      }
    }
  }

  @Test func precisionNamesAreNumberedPerSession() {
    inSession { _ in
      #expect(Precision().name == "precision")
      #expect(Precision().name == "precision_1")
      #expect(Recall().name == "recall")
    }
  }
}
