import Datasets
import Script
import Tensors

/// Calls into Datasets' toy data with script-level arguments.
enum ToyDataBridge {
  private static func seed(_ s: SklearnModule.RandomSeedArgument) -> RandomSeed {
    switch s {
    case .global: return .global
    case .seed(let n): return .seed(n)
    }
  }

  private static func size(_ s: SklearnModule.SplitSizeArgument?) -> SplitSize? {
    switch s {
    case .fraction(let f)?: return .fraction(f)
    case .count(let n)?: return .count(n)
    case nil: return nil
    }
  }

  static func circles(
    n: Int, shuffle: Bool, noise: Double?, seed s: SklearnModule.RandomSeedArgument, factor: Double
  )
    throws -> (Tensor, Tensor)
  {
    let r = try ToyData.makeCircles(
      nSamples: n, shuffle: shuffle, noise: noise, randomState: seed(s), factor: factor)
    return (r.x, r.y)
  }

  static func moons(n: Int, shuffle: Bool, noise: Double?, seed s: SklearnModule.RandomSeedArgument) throws
    -> (Tensor, Tensor)
  {
    let r = try ToyData.makeMoons(nSamples: n, shuffle: shuffle, noise: noise, randomState: seed(s))
    return (r.x, r.y)
  }

  static func blobs(
    n: Int, features: Int, centers: Value, std: Double, box: [Double], shuffle: Bool,
    seed s: SklearnModule.RandomSeedArgument
  ) throws -> (Tensor, Tensor, Tensor) {
    var c: ToyData.BlobCenters?
    switch centers {
    case .none: c = nil
    case .int(let k): c = .count(k)
    default:
      let t = try Convert.tensor(centers, dtype: .float64)
      guard t.ndim == 2 else {
        throw ScriptError(.valueError, "centers must be an int or a 2-D array of points")
      }
      let flat = t.toDoubles()
      let width = t.shape[1]
      c = .points((0..<t.shape[0]).map { Array(flat[($0 * width)..<(($0 + 1) * width)]) })
    }
    guard box.count == 2 else { throw ScriptError(.valueError, "center_box must be (min, max)") }
    let r = try ToyData.makeBlobs(
      nSamples: n, nFeatures: features, centers: c, clusterStd: [std], centerBox: (box[0], box[1]),
      shuffle: shuffle,
      randomState: seed(s))
    return (r.x, r.y, r.centers)
  }

  static func split(
    _ arrays: [Tensor], testSize: SklearnModule.SplitSizeArgument?,
    trainSize: SklearnModule.SplitSizeArgument?,
    seed s: SklearnModule.RandomSeedArgument, shuffle: Bool, stratify: Tensor?
  ) throws -> [Tensor] {
    try TrainTestSplit.split(
      arrays, testSize: size(testSize), trainSize: size(trainSize), randomState: seed(s), shuffle: shuffle,
      stratify: stratify)
  }
}
