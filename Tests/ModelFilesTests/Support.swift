import Foundation
import NN
import Tensors
import TestSupport

/// The path of `Fixtures/<name>`.
func fixturePath(_ name: String) -> String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

/// The JSON a fixture's generator wrote beside it.
func fixtureJSON(_ name: String) throws -> FixtureJSON {
  try FixtureJSON.parse(try Data(contentsOf: URL(fileURLWithPath: fixturePath(name))))
}

/// All numbers of a nested JSON list, flattened.
func flatNumbers(_ j: FixtureJSON?) -> [Double] {
  guard let j else { return [] }
  if let a = j.array { return a.flatMap { flatNumbers($0) } }
  if case .int(let i) = j { return [Double(i)] }
  return j.double.map { [$0] } ?? []
}

/// A float32 tensor from a fixture's list and shape keys.
func fixtureTensor(_ j: FixtureJSON, _ key: String) throws -> Tensor {
  let shape = flatNumbers(j[key + "_shape"]).map { Int($0) }
  return try Tensor(flatNumbers(j[key]).map { Float($0) }, shape: shape)
}

func doubles(_ t: Tensor) throws -> [Double] { try t.toArray(Float.self).map(Double.init) }
func floats(_ t: Tensor) throws -> [Float] { try t.toArray(Float.self) }

/// A fresh directory for files a test writes.
func scratchDirectory() throws -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dnnlab-modelfiles-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  return dir
}

/// A small trained classifier: Input(6) → Dense(8, relu) → Dropout → Dense(3, softmax).
/// Without `dropout` the training steps are deterministic given the weights.
func trainedModel(optimizer: Optimizer, epochs: Int = 2, dropout: Bool = true) throws -> (Sequential, Tensor, Tensor) {
  let model = try Sequential(
    [try InputLayer(shape: [6]), try Dense(units: 8, activation: .relu)] + (dropout ? [try Dropout(rate: 0.2)] : [])
      + [try Dense(units: 3, activation: .softmax)])
  var xs: [Float] = []
  var ys: [Float] = []
  for i in 0..<24 {
    for k in 0..<6 { xs.append(Float((i * 7 + k * 3) % 11) / 11) }
    for c in 0..<3 { ys.append(c == i % 3 ? 1 : 0) }
  }
  let x = try Tensor(xs, shape: [24, 6])
  let y = try Tensor(ys, shape: [24, 3])
  try model.compile(optimizer: optimizer, loss: CategoricalCrossentropy(), metrics: [try Metrics.named("accuracy")])
  try model.fit(x, y, batchSize: 8, epochs: epochs, verbose: .silent, shuffle: false)
  return (model, x, y)
}
