import Foundation
import NN
import Tensors
import TestSupport
import Testing

/// Loads `Fixtures/<name>` with the exact JSON reader.
func loadFixture(_ name: String) throws -> FixtureJSON {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Fixtures/\(name)")
  return try FixtureJSON.parse(try Data(contentsOf: url))
}

/// `{"shape": [...], "data": [...]}` as a float32 tensor.
func tensor(_ j: FixtureJSON?, dtype: DType = .float32) throws -> Tensor {
  guard let j, let shapeJ = j["shape"]?.array, let dataJ = j["data"]?.array else {
    throw FixtureError.malformed
  }
  let shape = shapeJ.compactMap { $0.double.map { Int($0) } }
  let values = dataJ.compactMap(\.double)
  return try Tensor(values, shape: shape).astype(dtype)
}

func doubles(_ j: FixtureJSON?) -> [Double] { j?.array?.compactMap(\.double) ?? [] }

enum FixtureError: Error { case malformed }

/// Runs `body` in a fresh session whose output is captured, so tests running in parallel
/// neither share auto-names nor interrupts.
func inSession<R>(terminal: Bool = false, _ body: (StringSink) throws -> R) rethrows -> R {
  let session = NNSession()
  let sink = StringSink(isTerminal: terminal)
  session.output = sink
  return try NNSession.with(session) { try body(sink) }
}

extension Tensor {
  var doubles: [Double] { toDoubles() }
}
