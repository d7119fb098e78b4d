import Foundation
import Modules
import NN
import Script
import TestSupport
import Testing

// sklearn.metrics against Fixtures/sklearn_metrics.json: every metric, average and
// zero_division setting of scikit-learn 1.9.1 on the same labels, including its errors (the
// generator script is stored in the JSON's "generator" field).

struct MetricCase: Sendable, CustomTestStringConvertible {
  let name: String
  let yTrue: FixtureJSON
  let yPred: FixtureJSON
  let function: String
  let kwargs: [(String, FixtureJSON)]
  let expected: FixtureJSON?
  let error: String?
  var testDescription: String {
    "\(name): \(function)("
      + kwargs.map { "\($0.0)=\(SklearnFixtures.literal($0.1))" }.joined(separator: ", ") + ")"
  }
}

enum SklearnFixtures {
  static let cases: [MetricCase] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/sklearn_metrics.json")
    guard let data = try? Data(contentsOf: url), let root = try? FixtureJSON.parse(data),
      let cases = root["cases"]?.array
    else { return [] }
    var out: [MetricCase] = []
    for c in cases {
      guard let name = c["name"]?.string, let yt = c["y_true"], let yp = c["y_pred"],
        let results = c["results"]?.array
      else { continue }
      for r in results {
        guard let fn = r["function"]?.string, case .object(let kw)? = r["kwargs"] else { continue }
        out.append(
          MetricCase(
            name: name, yTrue: yt, yPred: yp, function: fn,
            kwargs: kw.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            expected: r["value"], error: r["error"]?.string))
      }
    }
    return out
  }()

  /// A Python literal for a fixture value ("nan" strings stand for NaN).
  static func literal(_ v: FixtureJSON) -> String {
    switch v {
    case .null: return "None"
    case .bool(let b): return b ? "True" : "False"
    case .int(let i): return String(i)
    case .double(let d): return "\(d)"
    case .string(let s): return s == "nan" ? "math.nan" : "'" + s + "'"
    case .array(let items): return "[" + items.map(literal).joined(separator: ", ") + "]"
    case .object: return "{}"
    }
  }
}

/// Whether a script value equals a fixture value (floats to 1e-12, NaN equal to "nan").
func matches(_ v: Value, _ e: FixtureJSON) -> Bool {
  switch (v, e) {
  case (.float(let d), .double(let x)): return isClose(d, x, rtol: 1e-12, atol: 1e-15)
  case (.float(let d), .int(let x)): return d == Double(x)
  case (.float(let d), .string("nan")): return d.isNaN
  case (.int(let i), .int(let x)): return Int64(i) == x
  case (.str(let s), .string(let x)): return s == x
  case (.list(let l), .array(let xs)):
    return l.items.count == xs.count && zip(l.items, xs).allSatisfy(matches)
  default: return false
  }
}

@Suite struct SklearnMetricsTests {
  @Test func fixturesLoaded() {
    #expect(SklearnFixtures.cases.count > 500)
  }

  @Test(arguments: SklearnFixtures.cases)
  func matchesScikitLearn(_ c: MetricCase) throws {
    let interp = Interpreter(output: { _ in })
    Modules.install(in: interp, session: NNSession())
    let kw = c.kwargs.map { "\($0.0)=\(SklearnFixtures.literal($0.1))" }.joined(separator: ", ")
    let call =
      "metrics.\(c.function)(\(SklearnFixtures.literal(c.yTrue)), \(SklearnFixtures.literal(c.yPred))\(kw.isEmpty ? "" : ", " + kw))"
    let source =
      "import math\nimport numpy as np\nfrom sklearn import metrics\nr = \(call)\nr.tolist() if isinstance(r, np.ndarray) else r"
    let outcome: Result<Value?, ScriptError>
    do { outcome = .success(try interp.run(source, cell: 1)) } catch { outcome = .failure(error) }
    switch outcome {
    case .success(let v):
      if let error = c.error {
        Issue.record("expected \(error), got \(v.map(interp.repr) ?? "None")")
        return
      }
      let expected = try #require(c.expected)
      #expect(
        v.map { matches($0, expected) } == true, "got \(v.map(interp.repr) ?? "None"), expected \(expected)")
    case .failure(let error):
      guard let expected = c.error else {
        Issue.record("unexpected \(error.summary)")
        return
      }
      if expected.contains("inconsistent numbers of samples") {
        #expect(
          error.summary.hasPrefix("ValueError: Found input variables with inconsistent numbers of samples"))
      } else {
        #expect(error.summary == expected)
      }
    }
  }

  @Test func reportLayoutForNamedClasses() throws {
    let interp = Interpreter(output: { _ in })
    Modules.install(in: interp, session: NNSession())
    let v = try interp.run(
      """
      from sklearn.metrics import classification_report
      classification_report(['a', 'b', 'b'], ['a', 'b', 'a'])
      """, cell: 1)
    let expected = """
                    precision    recall  f1-score   support

                 a       0.50      1.00      0.67         1
                 b       1.00      0.50      0.67         2

          accuracy                           0.67         3
         macro avg       0.75      0.75      0.67         3
      weighted avg       0.83      0.67      0.67         3

      """
    #expect(v.map { interp.str($0) } == expected)
  }

  @Test func undefinedPrecisionWarns() throws {
    final class Box: @unchecked Sendable { var text = "" }
    let box = Box()
    let interp = Interpreter(output: { box.text += $0 })
    Modules.install(in: interp, session: NNSession())
    let v = try interp.run(
      "from sklearn.metrics import precision_score\nprecision_score([0, 1], [0, 0])", cell: 1)
    #expect(v.map(interp.repr) == "0.0")
    #expect(box.text.hasPrefix("UndefinedMetricWarning: Precision is ill-defined"))
  }

  @Test func continuousPredictionsExplainRounding() {
    let interp = Interpreter(output: { _ in })
    Modules.install(in: interp, session: NNSession())
    do {
      _ = try interp.run(
        "from sklearn.metrics import accuracy_score\naccuracy_score([0, 1], [0.2, 0.9])", cell: 1)
      Issue.record("expected an error")
    } catch {
      #expect(
        error.summary
          == "ValueError: Classification metrics can't handle a mix of binary and continuous targets")
      #expect(error.hint?.contains("0.5") == true)
    }
  }
}
