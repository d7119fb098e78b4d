import Foundation
import Tensors

/// Which random numbers a toy-data function draws, scikit-learn's `random_state`.
public enum RandomSeed: Sendable, ExpressibleByIntegerLiteral {
  /// `random_state=None`: NumPy's global generator, so `np.random.seed(n)` beforehand
  /// makes the result reproducible, as in scikit-learn.
  case global
  /// `random_state=n`: a fresh `np.random.RandomState(n)`; `n` must be in 0…2³²−1.
  case seed(Int)
  /// `random_state=np.random.RandomState(...)`: draws from, and advances, that generator.
  case generator(RandomGenerator)

  public init(integerLiteral value: Int) { self = .seed(value) }

  /// scikit-learn's `check_random_state`.
  func resolve() throws -> RandomGenerator {
    switch self {
    case .global: return RandomGenerator.global
    case .generator(let g): return g
    case .seed(let n):
      guard n >= 0, n <= Int(UInt32.max) else {
        throw DatasetError.argument("Seed must be between 0 and 2**32 - 1", hint: "random_state=\(n)")
      }
      return RandomGenerator(seed: UInt32(n))
    }
  }
}

/// Reads a float64 or int64 tensor into an array (the generator returns small tensors).
func doubles(_ t: Tensor) -> [Double] { (0..<t.count).map { t.scalarValue(atFlat: $0).asDouble } }
func ints(_ t: Tensor) -> [Int] {
  (0..<t.count).map { k in
    if case .int(let v) = t.scalarValue(atFlat: k) { return Int(v) }
    return 0  // the generator's index tensors are int64; nothing else reaches here
  }
}

/// Refuses sample counts whose float64 points would not fit in memory, before any
/// array is allocated: `make_circles(n_samples=10**12)` is an error, not an OOM kill.
func checkToySize(_ n: Int, features: Int, _ function: String) throws {
  let (cells, o1) = n.multipliedReportingOverflow(by: max(features, 1))
  let (bytes, o2) = cells.multipliedReportingOverflow(by: 8)
  // The points are held twice while they are built (array, then tensor).
  if o1 || o2 || bytes > TensorStorage.allocationLimit / 2 {
    throw DatasetError(
      .memoryError,
      "\(function): n_samples=\(n) with \(features) features needs more memory than this machine has")
  }
}

/// Toy datasets for the lessons, reproducing scikit-learn's `sklearn.datasets`
/// generators (their algorithms, defaults and draw order from NumPy's legacy
/// `RandomState`), so a seed gives the same points as scikit-learn.
public enum ToyData {
  /// The XOR truth table as the lessons write it: `X = np.array([[0,0],[0,1],[1,0],[1,1]])`
  /// (int64, shape (4, 2)) and `y = np.array([[0],[1],[1],[0]])` (int64, shape (4, 1)).
  public static func xor() throws -> (x: Tensor, y: Tensor) {
    (
      try Tensor([0, 0, 0, 1, 1, 0, 1, 1] as [Int64], shape: [4, 2]),
      try Tensor([0, 1, 1, 0] as [Int64], shape: [4, 1])
    )
  }

  /// `make_circles(n_samples=100, *, shuffle=True, noise=None, random_state=None, factor=0.8)`:
  /// a large circle (label 0, `n // 2` points) around a smaller one (label 1, radius
  /// `factor`). Returns X float64 `(n, 2)` and y int64 `(n,)`.
  public static func makeCircles(
    nSamples: Int = 100, shuffle: Bool = true, noise: Double? = nil, randomState: RandomSeed = .global,
    factor: Double = 0.8
  ) throws -> (x: Tensor, y: Tensor) {
    guard nSamples >= 0 else {
      throw DatasetError.argument(
        "The 'n_samples' parameter of make_circles must be an int in the range [0, inf) or an instance of 'tuple'. Got \(nSamples) instead."
      )
    }
    return try makeCircles(
      nOuter: nSamples / 2, nInner: nSamples - nSamples / 2, shuffle: shuffle,
      noise: noise, randomState: randomState, factor: factor)
  }

  /// `make_circles(n_samples=(n_outer, n_inner), ...)`.
  public static func makeCircles(
    nOuter: Int, nInner: Int, shuffle: Bool = true, noise: Double? = nil, randomState: RandomSeed = .global,
    factor: Double = 0.8
  ) throws -> (x: Tensor, y: Tensor) {
    guard factor >= 0, factor < 1 else {
      throw DatasetError.argument(
        "The 'factor' parameter of make_circles must be a float in the range [0.0, 1.0). Got \(factor) instead."
      )
    }
    try checkSampleCounts(nOuter, nInner, "make_circles")
    try checkToySize(nOuter &+ nInner, features: 2, "make_circles")
    try checkNoise(noise, "make_circles")
    let g = try randomState.resolve()
    // endpoint=False so the first and last points of a circle do not coincide.
    let outer = linspace(0, 2 * Double.pi, nOuter, endpoint: false)
    let inner = linspace(0, 2 * Double.pi, nInner, endpoint: false)
    var points = [Double]()
    points.reserveCapacity(2 * (nOuter + nInner))
    for t in outer { points += [cos(t), sin(t)] }
    for t in inner { points += [cos(t) * factor, sin(t) * factor] }
    return try finish(points, outer: nOuter, inner: nInner, shuffle: shuffle, noise: noise, g)
  }

  /// `make_moons(n_samples=100, *, shuffle=True, noise=None, random_state=None)`: two
  /// interleaving half circles, label 0 (`n // 2` points) and label 1. Returns X float64
  /// `(n, 2)` and y int64 `(n,)`.
  public static func makeMoons(
    nSamples: Int = 100, shuffle: Bool = true, noise: Double? = nil, randomState: RandomSeed = .global
  ) throws -> (x: Tensor, y: Tensor) {
    guard nSamples >= 1 else {
      throw DatasetError.argument(
        "The 'n_samples' parameter of make_moons must be an int in the range [1, inf) or an instance of 'tuple'. Got \(nSamples) instead."
      )
    }
    return try makeMoons(
      nOuter: nSamples / 2, nInner: nSamples - nSamples / 2, shuffle: shuffle, noise: noise,
      randomState: randomState)
  }

  /// `make_moons(n_samples=(n_outer, n_inner), ...)`.
  public static func makeMoons(
    nOuter: Int, nInner: Int, shuffle: Bool = true, noise: Double? = nil, randomState: RandomSeed = .global
  ) throws -> (x: Tensor, y: Tensor) {
    try checkSampleCounts(nOuter, nInner, "make_moons")
    try checkToySize(nOuter &+ nInner, features: 2, "make_moons")
    try checkNoise(noise, "make_moons")
    let g = try randomState.resolve()
    var points = [Double]()
    points.reserveCapacity(2 * (nOuter + nInner))
    for t in linspace(0, Double.pi, nOuter, endpoint: true) { points += [cos(t), sin(t)] }
    // scikit-learn writes `1 - sin(t) - 0.5`; evaluated in that order for identical bits.
    for t in linspace(0, Double.pi, nInner, endpoint: true) { points += [1 - cos(t), 1 - sin(t) - 0.5] }
    return try finish(points, outer: nOuter, inner: nInner, shuffle: shuffle, noise: noise, g)
  }

  /// `make_blobs(n_samples=100, n_features=2, *, centers=None, cluster_std=1.0,
  /// center_box=(-10.0, 10.0), shuffle=True, random_state=None)`: isotropic Gaussian
  /// blobs. `centers` nil means 3 centers drawn uniformly in `centerBox`; a count draws
  /// that many; explicit points fix them (and `nFeatures` follows their length).
  /// `clusterStd` is one value or one per center. Returns X float64 `(n, n_features)`,
  /// y int64 `(n,)` and the centers float64 `(centers, n_features)` (`return_centers`).
  public static func makeBlobs(
    nSamples: Int = 100, nFeatures: Int = 2, centers: BlobCenters? = nil, clusterStd: [Double] = [1.0],
    centerBox: (Double, Double) = (-10.0, 10.0), shuffle: Bool = true, randomState: RandomSeed = .global
  ) throws -> (x: Tensor, y: Tensor, centers: Tensor) {
    guard nSamples >= 1 else {
      throw DatasetError.argument(
        "The 'n_samples' parameter of make_blobs must be an int in the range [1, inf) or an array-like. Got \(nSamples) instead."
      )
    }
    guard nFeatures >= 1 else {
      throw DatasetError.argument(
        "The 'n_features' parameter of make_blobs must be an int in the range [1, inf). Got \(nFeatures) instead."
      )
    }
    try checkToySize(nSamples, features: nFeatures, "make_blobs")
    if case .count(let k)? = centers { try checkToySize(k, features: nFeatures, "make_blobs") }
    let g = try randomState.resolve()
    var centerPoints: [[Double]]
    switch centers ?? .count(3) {
    case .count(let k):
      guard k >= 1 else {
        throw DatasetError.argument(
          "The 'centers' parameter of make_blobs must be an int in the range [1, inf), an array-like or None. Got \(k) instead."
        )
      }
      let u = doubles(try g.uniform(low: centerBox.0, high: centerBox.1, size: [k, nFeatures]))
      centerPoints = (0..<k).map { Array(u[($0 * nFeatures)..<(($0 + 1) * nFeatures)]) }
    case .points(let p):
      guard let first = p.first, !first.isEmpty, p.allSatisfy({ $0.count == first.count }) else {
        throw DatasetError.argument("centers must be a non-empty list of points of equal length")
      }
      centerPoints = p
    }
    let k = centerPoints.count
    let features = centerPoints[0].count
    try checkToySize(nSamples, features: features, "make_blobs")
    let stds: [Double]
    if clusterStd.count == 1 {
      stds = Array(repeating: clusterStd[0], count: k)
    } else if clusterStd.count == k {
      stds = clusterStd
    } else {
      throw DatasetError.argument(
        "Length of `clusters_std` not consistent with number of centers. Got centers = \(k) and cluster_std = \(clusterStd.count)"
      )
    }
    if let bad = stds.first(where: { !($0 >= 0) }) {
      throw DatasetError.argument(
        "The 'cluster_std' parameter of make_blobs must be >= 0. Got \(bad) instead.")
    }
    // n // k per center, the remainder spread one each over the first centers.
    var perCenter = Array(repeating: nSamples / k, count: k)
    for i in 0..<(nSamples % k) { perCenter[i] += 1 }
    var points = [Double]()
    var labels = [Int64]()
    points.reserveCapacity(nSamples * features)
    for i in 0..<k where perCenter[i] > 0 {
      // normal(loc=center, scale=std) is loc + scale * gauss, element by element.
      let z = doubles(try g.normal(loc: 0, scale: stds[i], size: [perCenter[i], features]))
      for (j, v) in z.enumerated() { points.append(centerPoints[i][j % features] + v) }
      labels += Array(repeating: Int64(i), count: perCenter[i])
    }
    var order = Array(0..<nSamples)
    if shuffle { order = ints(try g.permutation(nSamples)) }
    let x = try Tensor(
      order.flatMap { points[($0 * features)..<(($0 + 1) * features)] }, shape: [nSamples, features])
    let y = try Tensor(order.map { labels[$0] }, shape: [nSamples])
    return (x, y, try Tensor(centerPoints.flatMap { $0 }, shape: [k, features]))
  }

  /// `make_blobs`'s `centers` argument.
  public enum BlobCenters: Sendable {
    /// Draw this many centers uniformly in `center_box`.
    case count(Int)
    /// These centers (each a point of `n_features` coordinates).
    case points([[Double]])
  }

  // MARK: Shared steps

  static func checkSampleCounts(_ a: Int, _ b: Int, _ function: String) throws {
    guard a >= 0, b >= 0, !a.addingReportingOverflow(b).overflow else {
      throw DatasetError.argument("\(function): sample counts must be non-negative, got (\(a), \(b))")
    }
  }

  static func checkNoise(_ noise: Double?, _ function: String) throws {
    if let noise, !(noise >= 0) {
      throw DatasetError.argument(
        "The 'noise' parameter of \(function) must be a float in the range [0, inf) or None. Got \(noise) instead."
      )
    }
  }

  /// NumPy's `linspace` for float64: `i * step + start` with `step = (stop - start) / div`.
  static func linspace(_ start: Double, _ stop: Double, _ num: Int, endpoint: Bool) -> [Double] {
    guard num > 0 else { return [] }
    let div = endpoint ? num - 1 : num
    let delta = stop - start
    var y = (0..<num).map {
      div > 0 ? Double($0) * (delta / Double(div)) + start : Double($0) * delta + start
    }
    if endpoint && num > 1 { y[num - 1] = stop }
    return y
  }

  /// The common tail of make_circles/make_moons: labels 0 then 1, `sklearn.utils.shuffle`
  /// (a permutation of the rows), then `X += normal(scale=noise, size=X.shape)`.
  static func finish(
    _ points: [Double], outer: Int, inner: Int, shuffle: Bool, noise: Double?, _ g: RandomGenerator
  ) throws -> (x: Tensor, y: Tensor) {
    let n = outer + inner
    var order = Array(0..<n)
    if shuffle { order = ints(try g.permutation(n)) }
    var xs = [Double]()
    xs.reserveCapacity(2 * n)
    for r in order { xs += [points[2 * r], points[2 * r + 1]] }
    if let noise {
      let z = doubles(try g.normal(loc: 0, scale: noise, size: [n, 2]))
      for k in 0..<xs.count { xs[k] += z[k] }
    }
    let y = order.map { Int64($0 < outer ? 0 : 1) }
    return (try Tensor(xs, shape: [n, 2]), try Tensor(y, shape: [n]))
  }
}
