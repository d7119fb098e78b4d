import NN
import Tensors
import TestSupport
import Testing

@Suite struct ActivationTests {
  @Test func matchKerasOnEveryActivation() throws {
    let cases = try loadFixture("activations.json")
    guard case .object(let dict) = cases else { throw FixtureError.malformed }
    #expect(dict.count >= 15)
    for (name, c) in dict {
      let f = try Activations.named(name)
      let y = try Activations.apply(f, to: try tensor(c["x"]))
      assertClose(y.doubles, try tensor(c["y"]).doubles, rtol: 1e-5, atol: 1e-7, name)
      if c["x1"] != nil {
        let y1 = try Activations.apply(f, to: try tensor(c["x1"]))
        assertClose(y1.doubles, try tensor(c["y1"]).doubles, rtol: 1e-5, atol: 1e-7, "\(name) (1-D)")
      }
    }
  }

  @Test func unknownNameSuggestsTheClosest() {
    do {
      _ = try Activations.named("rleu")
      Issue.record("expected an error")
    } catch let e as NNError {
      #expect(e.kind == .valueError)
      #expect(e.hint?.contains("Did you mean 'relu'?") == true)
    } catch { Issue.record("unexpected \(error)") }
  }

  @Test func float64InputsStayFloat64() throws {
    let x = try Tensor([-1.0, 0.5, 2.0], shape: [3])
    let y = try Activations.apply(.relu, to: x)
    #expect(y.dtype == .float64)
    #expect(y.doubles == [0, 0.5, 2])
  }
}
