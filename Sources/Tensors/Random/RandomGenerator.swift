import Foundation

/// NumPy's `np.random` module functions over a ``RandomState``, returning tensors.
/// One shared instance (``RandomGenerator/global``) plays NumPy's global generator;
/// seeding it with `seed(42)` reproduces NumPy's numbers exactly.
public final class RandomGenerator: @unchecked Sendable {
  /// The generator behind `np.random.*`, seeded from the system until `seed` is called: the
  /// process's (as in NumPy), or the one ``Tensor/withOwnProcessState(_:)`` gave this task.
  public static var global: RandomGenerator { scoped ?? process }

  /// The process-wide generator.
  static let process = RandomGenerator()

  /// A generator private to the current task (sessions running side by side in one process).
  @TaskLocal public static var scoped: RandomGenerator?

  private var state: RandomState
  private let lock = NSLock()

  public init() { state = RandomState() }

  /// A generator with a fixed seed, independent of the global one.
  public init(seed: UInt32) { state = RandomState(seed: seed) }

  private func locked<R>(_ body: (inout RandomState) throws -> R) throws -> R {
    lock.lock()
    defer { lock.unlock() }
    do { return try body(&state) } catch let e as RandomStateError {
      throw TensorError(TensorError.Kind(rawValue: e.type) ?? .valueError, e.message)
    }
  }

  /// `seed(n)`; `nil` reseeds from the system.
  public func seed(_ value: Int?) throws {
    try locked { s in
      if let value { try s.seed(value) } else { s.seed() }
    }
  }

  /// Uniform floats in [0, 1) of the given shape (`rand`, `random`, `random_sample`).
  public func rand(_ shape: [Int]) throws -> Tensor {
    try Tensor.checkAllocation(shape, dtype: .float64)
    return try Tensor(try locked { try $0.rand(shape) }, shape: shape)
  }

  /// Standard normal floats of the given shape (`randn`, `standard_normal`).
  public func randn(_ shape: [Int]) throws -> Tensor {
    try Tensor.checkAllocation(shape, dtype: .float64)
    return try Tensor(try locked { try $0.randn(shape) }, shape: shape)
  }

  /// `uniform(low, high, size)`. Defaults: 0, 1.
  public func uniform(low: Double = 0, high: Double = 1, size: [Int]) throws -> Tensor {
    try Tensor.checkAllocation(size, dtype: .float64)
    return try Tensor(try locked { try $0.uniform(low: low, high: high, size: size) }, shape: size)
  }

  /// `normal(loc, scale, size)`. Defaults: 0, 1.
  public func normal(loc: Double = 0, scale: Double = 1, size: [Int]) throws -> Tensor {
    try Tensor.checkAllocation(size, dtype: .float64)
    return try Tensor(try locked { try $0.normal(loc: loc, scale: scale, size: size) }, shape: size)
  }

  /// `exponential(scale, size)` (`standard_exponential` with scale 1). Default scale: 1.
  public func exponential(scale: Double = 1, size: [Int]) throws -> Tensor {
    try Tensor.checkAllocation(size, dtype: .float64)
    return try Tensor(try locked { try $0.exponential(scale: scale, size: size) }, shape: size)
  }

  /// `poisson(lam, size)`: int64 counts. Default λ: 1.
  public func poisson(lam: Double = 1, size: [Int]) throws -> Tensor {
    try Tensor.checkAllocation(size, dtype: .int64)
    return try Tensor(try locked { try $0.poisson(lam: lam, size: size) }, shape: size)
  }

  /// `binomial(n, p, size)`: int64 successes out of `n` trials.
  public func binomial(n: Int64, p: Double, size: [Int]) throws -> Tensor {
    try Tensor.checkAllocation(size, dtype: .int64)
    return try Tensor(try locked { try $0.binomial(n: n, p: p, size: size) }, shape: size)
  }

  /// `randint(low, high, size, dtype)`: integers in [low, high), or [0, low) without `high`.
  public func randint(low: Int64, high: Int64? = nil, size: [Int], dtype: DType = .int64) throws -> Tensor {
    try Tensor.checkAllocation(size, dtype: .int64)
    let values = try locked { try $0.randint(low: low, high: high, size: size, dtype: dtype) }
    return try Tensor(values, shape: size).astype(dtype)
  }

  /// `permutation(n)`: 0..<n in random order, as int64.
  public func permutation(_ n: Int) throws -> Tensor {
    try Tensor.checkAllocation([Swift.max(n, 0)], dtype: .int64)
    let p = try locked { $0.permutation(n) }
    return try Tensor(p.map(Int64.init), shape: [p.count])
  }

  /// `permutation(x)`: a shuffled copy of `x` (along its first axis).
  public func permutation(_ x: Tensor) throws -> Tensor {
    let copy = try x.copy()
    try shuffle(copy)
    return copy
  }

  /// `shuffle(x)`: reorders `x` in place along its first axis, as NumPy does.
  public func shuffle(_ x: Tensor) throws {
    guard x.ndim > 0 else { throw TensorError.type("object of type 'numpy.float64' has no len()") }
    let n = x.shape[0]
    let row = try x.get([.int(0)]).copy()
    try locked { s in
      s.shuffle(count: n) { i, j in
        guard i != j, let a = try? x.get([.int(i)]), let b = try? x.get([.int(j)]) else { return }
        row.assign(from: a)
        a.assign(from: b)
        b.assign(from: row)
      }
    }
  }

  /// `choice(a, size, replace, p)` for an integer population `a`: int64 indices.
  public func choice(_ a: Int, size: [Int]?, replace: Bool = true, p: [Double]? = nil) throws -> Tensor {
    try Tensor.checkAllocation(size ?? [], dtype: .int64)
    if !replace { try Tensor.checkAllocation([Swift.max(a, 0)], dtype: .int64) }
    let idx = try locked { try $0.choice(a, size: size, replace: replace, p: p) }
    var t = try Tensor(idx.map(Int64.init), shape: size ?? [])
    t.isScalar = size == nil
    return t
  }

  /// `choice(x, size, replace, p)` for a 1-D array: elements of `x`.
  public func choice(_ x: Tensor, size: [Int]?, replace: Bool = true, p: [Double]? = nil) throws -> Tensor {
    try Tensor.checkAllocation(size ?? [], dtype: .int64)
    guard x.ndim == 1 else { throw TensorError.value("a must be 1-dimensional") }
    let idx = try locked {
      try $0.choiceIndices(populationSize: x.shape[0], fromArray: true, size: size, replace: replace, p: p)
    }
    let picked = try x.get([.array(try Tensor(idx.map(Int64.init), shape: [idx.count]))])
    var t = try picked.reshape(size ?? [])
    t.isScalar = size == nil
    return t
  }
}
