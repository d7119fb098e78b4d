import Datasets
import Foundation
import Tensors
import TestSupport
import Testing

/// scikit-learn outputs recorded by Fixtures/gen_toy.py.
let toyFixtures: FixtureJSON? = {
  guard let data = FileManager.default.contents(atPath: TestFiles.fixtures + "/toy_data.json") else {
    return nil
  }
  return try? FixtureJSON.parse(data)
}()

func fixtureCases(_ key: String) -> [FixtureJSON] { toyFixtures?[key]?.array ?? [] }

func int(_ j: FixtureJSON?) -> Int? {
  if case .int(let v)? = j { return Int(v) }
  return nil
}

func matrix(_ j: FixtureJSON?) -> [Double] {
  (j?.array ?? []).flatMap { ($0.array ?? [$0]).compactMap(\.double) }
}

func seed(_ kw: FixtureJSON?) -> RandomSeed {
  int(kw?["random_state"]).map { RandomSeed.seed($0) } ?? .global
}

/// np.sin/np.cos may come from SIMD kernels that differ from libm in the last bit.
let trigTolerance = 4e-16

@Suite(.serialized) struct ToyDataTests {
  @Test func fixturesArePresent() {
    #expect(fixtureCases("circles").count == 6)
    #expect(fixtureCases("moons").count == 4)
    #expect(fixtureCases("blobs").count == 5)
    #expect(fixtureCases("split").count == 12)
  }

  @Test func xorTable() throws {
    let (x, y) = try ToyData.xor()
    #expect(x.repr == "array([[0, 0],\n       [0, 1],\n       [1, 0],\n       [1, 1]])")
    #expect(y.repr == "array([[0],\n       [1],\n       [1],\n       [0]])")
  }

  @Test func makeCirclesMatchesScikitLearn() throws {
    for c in fixtureCases("circles") {
      let kw = c["kwargs"]
      if let g = int(kw?["global_seed"]) { try RandomGenerator.global.seed(g) }
      let (x, y) = try ToyData.makeCircles(
        nSamples: int(kw?["n_samples"]) ?? 100, shuffle: kw?["shuffle"] != .bool(false),
        noise: kw?["noise"]?.double,
        randomState: seed(kw), factor: kw?["factor"]?.double ?? 0.8)
      let n = int(kw?["n_samples"]) ?? 0
      #expect(x.shape == [n, 2] && x.dtype == .float64 && y.dtype == .int64)
      #expect(
        flatBytes(y) == (c["y"]?.array ?? []).compactMap { int($0).map(Int64.init) },
        "\(String(describing: kw))")
      assertClose(
        flatDoubles(x), matrix(c["X"]), rtol: 0, atol: trigTolerance, "circles \(String(describing: kw))")
    }
  }

  @Test func makeMoonsMatchesScikitLearn() throws {
    for c in fixtureCases("moons") {
      let kw = c["kwargs"]
      let (x, y) = try ToyData.makeMoons(
        nSamples: int(kw?["n_samples"]) ?? 100, shuffle: kw?["shuffle"] != .bool(false),
        noise: kw?["noise"]?.double,
        randomState: seed(kw))
      #expect(
        flatBytes(y) == (c["y"]?.array ?? []).compactMap { int($0).map(Int64.init) },
        "\(String(describing: kw))")
      assertClose(
        flatDoubles(x), matrix(c["X"]), rtol: 0, atol: trigTolerance, "moons \(String(describing: kw))")
    }
  }

  @Test func makeBlobsMatchesScikitLearnExactly() throws {
    for c in fixtureCases("blobs") {
      let kw = c["kwargs"]
      var centers: ToyData.BlobCenters?
      if let k = int(kw?["centers"]) { centers = .count(k) }
      if let pts = kw?["centers"]?.array {
        centers = .points(pts.map { ($0.array ?? []).compactMap(\.double) })
      }
      let std = kw?["cluster_std"].map { j in j.array?.compactMap(\.double) ?? [j.double ?? 1] } ?? [1.0]
      let box = kw?["center_box"]?.array?.compactMap(\.double) ?? [-10, 10]
      let (x, y, ctr) = try ToyData.makeBlobs(
        nSamples: int(kw?["n_samples"]) ?? 100, nFeatures: int(kw?["n_features"]) ?? 2, centers: centers,
        clusterStd: std, centerBox: (box[0], box[1]), shuffle: kw?["shuffle"] != .bool(false),
        randomState: seed(kw))
      #expect(
        flatBytes(y) == (c["y"]?.array ?? []).compactMap { int($0).map(Int64.init) },
        "\(String(describing: kw))")
      // No trigonometry here: every value is bit-for-bit NumPy's.
      #expect(flatDoubles(x) == matrix(c["X"]), "\(String(describing: kw))")
      #expect(flatDoubles(ctr) == matrix(c["centers"]))
    }
  }

  @Test func badArgumentsAreValueErrors() {
    #expect(throws: DatasetError.self) { try ToyData.makeCircles(nSamples: 10, factor: 1.0) }
    #expect(throws: DatasetError.self) { try ToyData.makeCircles(nSamples: 10, noise: -1) }
    #expect(throws: DatasetError.self) { try ToyData.makeMoons(nSamples: 0) }
    #expect(throws: DatasetError.self) { try ToyData.makeBlobs(nSamples: 10, clusterStd: [1, 2]) }
    #expect(throws: DatasetError.self) { try ToyData.makeBlobs(randomState: .seed(-1)) }
    #expect(throws: DatasetError.self) { try ToyData.makeBlobs(centers: .points([[0, 0], [1]])) }
    // Absurd sizes are errors before anything is allocated.
    #expect(throws: DatasetError.self) { try ToyData.makeCircles(nSamples: 1 << 50) }
    #expect(throws: DatasetError.self) { try ToyData.makeMoons(nOuter: Int.max, nInner: Int.max) }
    #expect(throws: DatasetError.self) { try ToyData.makeBlobs(nSamples: 1 << 40, nFeatures: 1 << 30) }
    #expect(throws: DatasetError.self) { try ToyData.makeBlobs(nSamples: 10, centers: .count(1 << 45)) }
  }
}

@Suite struct TrainTestSplitTests {
  @Test func indicesMatchScikitLearn() throws {
    for c in fixtureCases("split") {
      let kw = c["kwargs"]
      func size(_ j: FixtureJSON?) -> SplitSize? {
        switch j {
        case .int(let v)?: return .count(Int(v))
        case .double(let d)?: return .fraction(d)
        default: return nil
        }
      }
      var stratify: Tensor?
      if let rows = c["stratify"]?.array {
        let dtype = c["stratify_dtype"]?.string ?? "int64"
        if let first = rows.first?.array {
          let values = rows.flatMap { ($0.array ?? []).compactMap(\.double) }
          stratify = try Tensor(values, shape: [rows.count, first.count]).astype(
            dtype == "float32" ? .float32 : .float64)
        } else if dtype == "float64" {
          stratify = try Tensor(rows.compactMap(\.double), shape: [rows.count])
        } else {
          stratify = try Tensor(rows.compactMap { int($0).map(Int64.init) }, shape: [rows.count])
        }
      }
      let n = int(c["n"]) ?? 0
      let x = try Tensor((0..<n).map(Int64.init), shape: [n])
      let parts = try TrainTestSplit.split(
        [x, try x.astype(.float32)], testSize: size(kw?["test_size"]), trainSize: size(kw?["train_size"]),
        randomState: seed(kw), shuffle: kw?["shuffle"] != .bool(false), stratify: stratify)
      let train = (c["train"]?.array ?? []).compactMap { int($0).map(Int64.init) }
      let test = (c["test"]?.array ?? []).compactMap { int($0).map(Int64.init) }
      #expect(flatBytes(parts[0]) == train, "\(String(describing: kw)) stratify=\(stratify != nil)")
      #expect(flatBytes(parts[1]) == test, "\(String(describing: kw))")
      #expect(parts[2].dtype == .float32 && flatBytes(parts[2]) == train)
    }
  }

  @Test func errorMessagesMatchScikitLearn() {
    for c in fixtureCases("split_errors") {
      let kw = c["kwargs"]
      func size(_ j: FixtureJSON?) -> SplitSize? {
        switch j {
        case .int(let v)?: return .count(Int(v))
        case .double(let d)?: return .fraction(d)
        default: return nil
        }
      }
      do {
        _ = try TrainTestSplit.indices(
          nSamples: 10, testSize: size(kw?["test_size"]), trainSize: size(kw?["train_size"]))
        Issue.record("no error for \(String(describing: kw))")
      } catch let e as DatasetError {
        #expect(e.message == c["message"]?.string)
      } catch {
        Issue.record("\(error)")
      }
    }
  }

  @Test func rowsOfEveryArrayAndConsistencyChecks() throws {
    let x = try Tensor((0..<12).map(Double.init), shape: [6, 2])
    let y = try Tensor([0, 1, 0, 1, 0, 1] as [Int64], shape: [6])
    let parts = try TrainTestSplit.split([x, y], testSize: 2, randomState: 0)
    #expect(parts.map(\.shape) == [[4, 2], [2, 2], [4], [2]])
    // Each x row stays with its label: row r is [2r, 2r+1] and its label is r % 2.
    let xr = flatDoubles(parts[0])
    let yr = flatBytes(parts[2])
    for k in 0..<4 { #expect(Int64(xr[2 * k] / 2) % 2 == yr[k]) }
    #expect(
      throws: DatasetError(.valueError, "Found input variables with inconsistent numbers of samples: [6, 5]")
    ) {
      try TrainTestSplit.split([x, try Tensor([1, 2, 3, 4, 5] as [Int64], shape: [5])])
    }
    #expect(
      throws: DatasetError(.valueError, "Stratified train/test split is not implemented for shuffle=False")
    ) {
      try TrainTestSplit.split([x], shuffle: false, stratify: y)
    }
    #expect(throws: DatasetError.self) {
      try TrainTestSplit.split([x], stratify: try Tensor([0, 0, 0, 0, 0, 1] as [Int64], shape: [6]))
    }
  }
}
