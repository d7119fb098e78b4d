/// `Generator` distributions with array parameters (`rng.normal([0, 10], 1, size=(3, 2))`): the
/// parameters broadcast together (and with `size`, when given, which must be the result's shape),
/// are checked as a whole first, and each output element in row-major order then takes one draw
/// with its own parameters, as NumPy's `cont`/`disc` broadcasting loops do. All-0-d parameters
/// without `size` give one value (a 0-d tensor marked `isScalar`).
extension NumPyGenerator {
  /// The output shape for parameters of `shapes` and NumPy's `size`, with NumPy's messages:
  /// `shape mismatch: ...` naming the two arguments that clash (the output is argument 0 when
  /// `size` is given), and `Output size ... is not compatible ...` when they broadcast past `size`.
  static func outputShape(_ shapes: [[Int]], size: [Int]?) throws -> [Int] {
    let all = (size.map { [$0] } ?? []) + shapes
    let nd = all.map(\.count).max() ?? 0
    var out = [Int](repeating: 1, count: nd)
    var source = [Int](repeating: 0, count: nd)
    for i in 0..<nd {
      for (j, s) in all.enumerated() {
        let k = i + s.count - nd
        guard k >= 0 else { continue }
        let d = s[k]
        if d == 1 { continue }
        if out[i] == 1 {
          out[i] = d
          source[i] = j
        } else if out[i] != d {
          throw TensorError.value(
            "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg "
              + "\(source[i]) with shape \(formatShape(all[source[i]])) and arg \(j) with shape "
              + "\(formatShape(s)).")
        }
      }
    }
    if let size, out != size {
      throw TensorError.value(
        "Output size \(formatShape(size)) is not compatible with broadcast dimensions of inputs "
          + "\(formatShape(out)).")
    }
    return out
  }

  /// The shape and the parameters' values broadcast to it, flat in row-major order.
  static func broadcastParameters(_ params: [Tensor], size: [Int]?) throws -> (
    shape: [Int]?, values: [[Double]]
  ) {
    if size == nil && params.allSatisfy({ $0.ndim == 0 }) {
      return (nil, params.map { $0.toDoubles() })
    }
    let shape = try outputShape(params.map(\.shape), size: size)
    try Tensor.checkAllocation(shape, dtype: .float64)
    let n = try mapped { try RandomState.elementCount(shape) }
    try checkWorkingMemory(elements: n, copies: params.count + 2, shape: shape, dtype: .float64)
    let values = try params.map { try $0.broadcast(to: shape).toDoubles() }
    return (shape, values)
  }

  /// `normal(loc, scale, size)` for array (or scalar) parameters.
  public mutating func normal(loc: Tensor, scale: Tensor, size: [Int]?) throws -> Tensor {
    let (shape, v) = try Self.broadcastParameters([loc, scale], size: size)
    try Self.mapped { for s in v[1] { try Self.checkNonNegative(s, "scale") } }
    var out = [Double]()
    out.reserveCapacity(v[0].count)
    for i in v[0].indices { out.append(v[0][i] + v[1][i] * standardNormal()) }
    return try Self.shaped(out, shape)
  }

  /// `uniform(low, high, size)` for array (or scalar) parameters.
  public mutating func uniform(low: Tensor, high: Tensor, size: [Int]?) throws -> Tensor {
    let (shape, v) = try Self.broadcastParameters([low, high], size: size)
    let ranges = try Self.mapped {
      // 0-d bounds take NumPy's scalar path (and its message) whatever the size.
      if low.ndim == 0 && high.ndim == 0, let l = low.toDoubles().first, let h = high.toDoubles().first {
        let range = try Self.uniformRange(l, h)
        return [Double](repeating: range, count: v[0].count)
      }
      let r = v[0].indices.map { v[1][$0] - v[0][$0] }
      if r.contains(where: { !$0.isFinite }) {
        throw RandomStateError("OverflowError", "Range exceeds valid bounds")
      }
      for x in r { try Self.checkNonNegative(x, "high - low") }
      return r
    }
    var out = [Double]()
    out.reserveCapacity(ranges.count)
    for i in ranges.indices { out.append(v[0][i] + ranges[i] * bits.nextDouble()) }
    return try Self.shaped(out, shape)
  }

  /// `poisson(lam=1.0, size=None)`: int64 counts.
  public mutating func poisson(lam: Tensor, size: [Int]?) throws -> Tensor {
    let (shape, v) = try Self.broadcastParameters([lam], size: size)
    try Self.mapped { for l in v[0] { try Self.checkPoissonLambda(l) } }
    var out = [Int64]()
    out.reserveCapacity(v[0].count)
    for l in v[0] { out.append(poisson(l)) }
    return try Self.shaped(out, shape)
  }

  /// `binomial(n, p, size=None)`: int64 successes; `n` is truncated to an integer.
  public mutating func binomial(n: Tensor, p: Tensor, size: [Int]?) throws -> Tensor {
    let nInt = try n.astype(.int64)
    let (shape, v) = try Self.broadcastParameters([p, nInt], size: size)
    let counts = try (shape == nil ? nInt : nInt.broadcast(to: shape ?? [])).astype(.int64)
    var ns = [Int64]()
    ns.reserveCapacity(counts.count)
    counts.forEachElement { if case .int(let i) = $0 { ns.append(Int64(i)) } else { ns.append(0) } }
    try Self.mapped {
      for p in v[0] where !(p >= 0 && p <= 1) { try Self.checkBinomial(n: 0, p: p) }
      for n in ns where n < 0 { try Self.checkBinomial(n: n, p: 0) }
    }
    var out = [Int64]()
    out.reserveCapacity(ns.count)
    for i in 0..<min(ns.count, v[0].count) { out.append(binomial(n: ns[i], p: v[0][i])) }
    return try Self.shaped(out, shape)
  }
}
