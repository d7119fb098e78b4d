import Foundation

/// Order statistics and running totals: `median quantile cumsum cumprod diff bincount
/// histogram ptp average`.
extension Tensor {
  /// The reduced axes (all when `nil`) normalised, and a contiguous `(lanes, n)` copy with
  /// them flattened last, plus the shape of the result (`keepdims` keeps them as ones).
  private func reductionBlock(_ axes: [Int]?, keepdims: Bool) throws
    -> (block: Tensor, lanes: Int, n: Int, outShape: [Int])
  {
    var reduced = Set<Int>()
    if let axes {
      for a in axes {
        let n = try Tensor.normalizeAxis(a, ndim: ndim)
        if !reduced.insert(n).inserted { throw TensorError.value("duplicate value in 'axis'") }
      }
    } else {
      reduced = Set(0..<ndim)
    }
    let kept = (0..<ndim).filter { !reduced.contains($0) }
    let n = reduced.reduce(1) { $0 * shape[$1] }
    let lanes = kept.reduce(1) { $0 * shape[$1] }
    let block = try transpose(kept + reduced.sorted()).copy().reshape([lanes, n])
    let outShape = keepdims ? (0..<ndim).map { reduced.contains($0) ? 1 : shape[$0] } : kept.map { shape[$0] }
    return (block, lanes, n, outShape)
  }

  /// Each lane of a `(lanes, n)` block sorted, as element arrays.
  private static func sortedLanes<T: SortableElement>(_ block: Tensor, _: T.Type, lanes: Int, n: Int) -> [[T]]
  {
    let p = block.base(T.self) + block.offset
    return (0..<lanes).map { r in
      Array(UnsafeBufferPointer(start: p + r * n, count: n)).sorted(by: T.sortsBefore)
    }
  }

  /// NumPy's `median` over `axes` (all when `nil`), default `keepdims` false. Integers and
  /// bools give float64, float32 stays float32; a lane holding NaN gives NaN, an empty one NaN.
  public func median(axes: [Int]? = nil, keepdims: Bool = false) throws -> Tensor {
    let (block, lanes, n, outShape) = try reductionBlock(axes, keepdims: keepdims)
    var out: Tensor
    switch dtype {
    case .bool: out = try Tensor(Tensor.medians(block, Bool.self, lanes, n), shape: outShape)
    case .uint8: out = try Tensor(Tensor.medians(block, UInt8.self, lanes, n), shape: outShape)
    case .int32: out = try Tensor(Tensor.medians(block, Int32.self, lanes, n), shape: outShape)
    case .int64: out = try Tensor(Tensor.medians(block, Int64.self, lanes, n), shape: outShape)
    case .float64: out = try Tensor(Tensor.medians(block, Double.self, lanes, n), shape: outShape)
    case .float32:
      // NumPy averages the middle pair in float32.
      let rows = Tensor.sortedLanes(block, Float.self, lanes: lanes, n: n)
      let values: [Float] = rows.map { row in
        guard let last = row.last, !last.isNaN else { return .nan }
        return n % 2 == 1 ? row[n / 2] : (row[n / 2 - 1] + row[n / 2]) / 2
      }
      out = try Tensor(values, shape: outShape)
    }
    out.isScalar = outShape.isEmpty
    return out
  }

  private static func medians<T: SortableElement>(_ block: Tensor, _: T.Type, _ lanes: Int, _ n: Int)
    -> [Double]
  {
    sortedLanes(block, T.self, lanes: lanes, n: n).map { row in
      guard let last = row.last, !last.doubleValue.isNaN else { return .nan }
      return n % 2 == 1 ? row[n / 2].doubleValue : (row[n / 2 - 1].doubleValue + row[n / 2].doubleValue) / 2
    }
  }

  /// NumPy's `quantile` with the default 'linear' method: `q` (already checked to lie in
  /// [0, 1]) of shape `qShape`, over `axes` (all when `nil`). The result has shape
  /// `qShape + remaining axes`. Integer `q` (`integerQ`) picks elements and keeps the
  /// dtype; otherwise float32 input stays float32 only for a Python-scalar `q` (`weakQ`),
  /// and everything else gives float64. Lanes holding NaN give NaN.
  public func quantile(
    _ q: [Double], qShape: [Int], axes: [Int]? = nil, keepdims: Bool = false, weakQ: Bool = true,
    integerQ: Bool = false
  ) throws -> Tensor {
    let (block, lanes, n, laneShape) = try reductionBlock(axes, keepdims: keepdims)
    if n == 0 { throw TensorError.index("index -1 is out of bounds for axis 0 with size 0") }
    if dtype == .bool && !integerQ {
      throw TensorError.type(
        "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, "
          + "or the logical_xor function instead.")
    }
    let shape = qShape + laneShape
    var out: Tensor
    switch dtype {
    case .bool: out = try Tensor.quantiles(block, Bool.self, q, lanes, n, shape, integerQ, false)
    case .uint8: out = try Tensor.quantiles(block, UInt8.self, q, lanes, n, shape, integerQ, false)
    case .int32: out = try Tensor.quantiles(block, Int32.self, q, lanes, n, shape, integerQ, false)
    case .int64: out = try Tensor.quantiles(block, Int64.self, q, lanes, n, shape, integerQ, false)
    case .float32: out = try Tensor.quantiles(block, Float.self, q, lanes, n, shape, integerQ, weakQ)
    case .float64: out = try Tensor.quantiles(block, Double.self, q, lanes, n, shape, integerQ, false)
    }
    out.isScalar = shape.isEmpty
    return out
  }

  private static func quantiles<T: SortableElement>(
    _ block: Tensor, _: T.Type, _ q: [Double], _ lanes: Int, _ n: Int, _ shape: [Int], _ integerQ: Bool,
    _ inFloat32: Bool
  ) throws -> Tensor {
    let rows = sortedLanes(block, T.self, lanes: lanes, n: n)
    let hasNaN = rows.map { $0.last.map { $0 != $0 } ?? false }
    // Positions around each virtual index (n - 1) * q; past the end both are the last element.
    let spots: [(lo: Int, hi: Int, gamma: Double)] = q.map { fraction in
      let virtual = Double(n - 1) * fraction
      if virtual >= Double(n - 1) { return (n - 1, n - 1, virtual - Double(n - 1)) }
      let lo = Swift.max(0, Int(virtual.rounded(.down)))
      return (lo, lo + 1, virtual - Double(lo))
    }
    if integerQ {
      var values: [T] = []
      for s in spots {
        for (r, row) in rows.enumerated() { values.append(hasNaN[r] ? row[n - 1] : row[s.lo]) }
      }
      return try Tensor(values, shape: shape)
    }
    if inFloat32 {
      var values: [Float] = []
      for s in spots {
        for (r, row) in rows.enumerated() {
          let a = Float(row[s.lo].doubleValue)
          let b = Float(row[s.hi].doubleValue)
          let d = b - a
          values.append(
            hasNaN[r] ? .nan : s.gamma >= 0.5 ? b - d * Float(1 - s.gamma) : a + d * Float(s.gamma))
        }
      }
      return try Tensor(values, shape: shape)
    }
    var values: [Double] = []
    for s in spots {
      for (r, row) in rows.enumerated() {
        let a = row[s.lo].doubleValue
        let b = row[s.hi].doubleValue
        // The difference is taken in the input's own type (float32 rounds it).
        let d = T.self == Float.self ? Double(Float(b) - Float(a)) : b - a
        values.append(hasNaN[r] ? .nan : s.gamma >= 0.5 ? b - d * (1 - s.gamma) : a + d * s.gamma)
      }
    }
    return try Tensor(values, shape: shape)
  }

  /// NumPy's `cumsum`/`cumprod` along `axis` (`nil` flattens first): running totals in
  /// `dtype`, which defaults to int64 for bool, uint8 and int32, else the input's dtype.
  /// Integers wrap on overflow, as in NumPy.
  public func cumulative(product: Bool, axis: Int?, dtype requested: DType? = nil) throws -> Tensor {
    if axis == nil || ndim == 0 {
      return try reshape([count]).cumulative(product: product, axis: 0, dtype: requested)
    }
    let target = requested ?? (dtype.isFloatingPoint || dtype == .int64 ? dtype : .int64)
    let work = target == .bool ? DType.int64 : target
    let (block, order) = try astype(work).lanes(along: axis ?? 0)
    switch work {
    case .uint8: block.runRows(UInt8.self, product)
    case .int32: block.runRows(Int32.self, product)
    case .int64: block.runRows(Int64.self, product)
    case .float32: block.runRows(Float.self, product)
    case .float64, .bool: block.runRows(Double.self, product)
    }
    let out = try Tensor.unlane(block, order: order)
    return target == work ? out : try out.astype(target)
  }

  private func runRows<T: ArithmeticElement>(_: T.Type, _ product: Bool) {
    let length = shape.last ?? 1
    guard length > 0 else { return }
    let p = base(T.self) + offset
    for r in 0..<(count / length) {
      let row = p + r * length
      for i in 1..<length {
        row[i] = product ? T.mul(row[i - 1], row[i]) : T.add(row[i - 1], row[i])
      }
    }
  }

  /// NumPy's `diff`: the `n`-th (default 1) discrete difference along `axis` (default the
  /// last), in the input's dtype; bools give `!=` of neighbours.
  public func diff(n: Int = 1, axis: Int = -1) throws -> Tensor {
    if n < 0 { throw TensorError.value("order must be non-negative but got \(n)") }
    if ndim == 0 { throw TensorError.value("diff requires input that is at least one dimensional") }
    let a = try Tensor.normalizeAxis(axis, ndim: ndim)
    var result = self
    for _ in 0..<n {
      let length = Swift.max(result.shape[a] - 1, 0)
      let later = try result.slice(axis: a, start: Swift.min(1, result.shape[a]), count: length)
      let earlier = try result.slice(axis: a, start: 0, count: length)
      result = try Tensor.binary(dtype == .bool ? .notEqual : .subtract, .tensor(later), .tensor(earlier))
      if length == 0 { break }
    }
    result.isScalar = false
    return result
  }

  /// NumPy's `bincount` of a 1-D array of non-negative integers: int64 counts, or float64
  /// sums of `weights`, with at least `minlength` (default 0) bins.
  public func bincount(weights: Tensor? = nil, minlength: Int = 0) throws -> Tensor {
    if ndim != 1 {
      throw TensorError.value(
        ndim == 0 ? "object of too small depth for desired array" : "object too deep for desired array")
    }
    if dtype.isFloatingPoint {
      throw TensorError.type(
        "Cannot cast array data from dtype('\(dtype.name)') to dtype('int64') according to the rule 'safe'")
    }
    if minlength < 0 { throw TensorError.value("'minlength' must not be negative") }
    let xs = try astype(.int64).toArray(Int64.self)
    if xs.contains(where: { $0 < 0 }) {
      throw TensorError.value("'list' argument must have no negative elements")
    }
    let top = xs.max().map { $0 == Int64.max ? Int.max : Int($0) + 1 } ?? 0
    let bins = Swift.max(top, minlength)
    try Tensor.checkAllocation([bins], dtype: weights == nil ? .int64 : .float64)
    guard let weights else {
      var counts = [Int64](repeating: 0, count: bins)
      for x in xs { counts[Int(x)] += 1 }
      return try Tensor(counts, shape: [bins])
    }
    let w = try weights.astype(.float64).reshape([-1]).toArray(Double.self)
    guard w.count == xs.count else {
      throw TensorError.value("The weights and list don't have the same length.")
    }
    var sums = [Double](repeating: 0, count: bins)
    for (x, wx) in zip(xs, w) { sums[Int(x)] += wx }
    return try Tensor(sums, shape: [bins])
  }

  /// NumPy's `histogram` with `bins` equal-width bins over `range` (default the data's
  /// min and max, widened by 0.5 each way when they are equal; (0, 1) for no data). Each
  /// bin holds `edge[i] <= x < edge[i + 1]`, the last also its right edge. Returns int64
  /// counts and the edges (float32 for float32 data, else float64).
  public func histogram(bins: Int = 10, range: (Double, Double)? = nil) throws -> (
    counts: Tensor, edges: Tensor
  ) {
    if bins < 1 { throw TensorError.value("`bins` must be positive, when an integer") }
    try Tensor.checkAllocation([bins], dtype: .float64)
    let data = toDoubles()
    var (first, last): (Double, Double)
    if let range {
      (first, last) = range
      if first > last { throw TensorError.value("max must be larger than min in range parameter.") }
      if !first.isFinite || !last.isFinite {
        throw TensorError.value(
          "supplied range of [\(Tensor.pyFloat(first)), \(Tensor.pyFloat(last))] is not finite")
      }
    } else if data.isEmpty {
      (first, last) = (0, 1)
    } else {
      first = data.min() ?? 0
      last = data.max() ?? 1
      if data.contains(where: { $0.isNaN }) || !first.isFinite || !last.isFinite {
        let lo = data.contains(where: { $0.isNaN }) ? Double.nan : first
        let hi = data.contains(where: { $0.isNaN }) ? Double.nan : last
        throw TensorError.value(
          "autodetected range of [\(Tensor.pyFloat(lo)), \(Tensor.pyFloat(hi))] is not finite")
      }
    }
    if first == last { (first, last) = (first - 0.5, last + 0.5) }
    try Tensor.checkAllocation([bins + 1], dtype: .float64)
    var edges = try Tensor.linspace(first, last, num: bins + 1)
    if dtype == .float32 { edges = try edges.astype(.float32) }
    return (try Tensor.binCounts(data, edges: edges.toDoubles()), edges)
  }

  /// Counts of `data` between consecutive increasing `edges` (the last bin closed).
  static func binCounts(_ data: [Double], edges: [Double]) throws -> Tensor {
    let bins = edges.count - 1
    var counts = [Int64](repeating: 0, count: Swift.max(bins, 0))
    guard let lo = edges.first, let hi = edges.last, bins > 0 else { return try Tensor(counts, shape: [0]) }
    for x in data where x >= lo && x <= hi {
      // The last edge not above x.
      var a = 0
      var b = edges.count
      while a < b {
        let mid = (a + b) / 2
        if edges[mid] <= x { a = mid + 1 } else { b = mid }
      }
      counts[Swift.min(Swift.max(a - 1, 0), bins - 1)] += 1
    }
    return try Tensor(counts, shape: [bins])
  }

  /// A Double as Python's `repr` writes it (`1.0`, `nan`, `inf`).
  static func pyFloat(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    return d == d.rounded() && Swift.abs(d) < 1e16 ? String(format: "%.1f", d) : "\(d)"
  }

  /// NumPy's `ptp`: maximum minus minimum over `axes` (all when `nil`), in the input dtype.
  public func ptp(axes: [Int]? = nil, keepdims: Bool = false) throws -> Tensor {
    if dtype == .bool {
      throw TensorError.type(
        "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, "
          + "or the logical_xor function instead.")
    }
    let hi = try reduce(.max, axes: axes, keepdims: keepdims)
    let lo = try reduce(.min, axes: axes, keepdims: keepdims)
    var out = try Tensor.binary(.subtract, .tensor(hi), .tensor(lo))
    out.isScalar = hi.isScalar
    return out
  }

  /// NumPy's `average`: the mean over `axis` (all when `nil`), or with `weights` (the
  /// array's shape, or 1-D along `axis`) the weighted mean in float64 for integer data,
  /// else the promoted float type. Also returns the weight sums, which callers check for
  /// zero (NumPy's ZeroDivisionError).
  public func average(axis: Int?, weights: Tensor?, keepdims: Bool = false) throws
    -> (average: Tensor, weightSum: Tensor?)
  {
    let axes = axis.map { [$0] }
    guard var w = weights else { return (try reduce(.mean, axes: axes, keepdims: keepdims), nil) }
    if w.shape != shape {
      guard let axis else {
        throw TensorError.type("Axis must be specified when shapes of a and weights differ.")
      }
      guard w.ndim == 1 else {
        throw TensorError.type("1D weights expected when shapes of a and weights differ.")
      }
      let a = try Tensor.normalizeAxis(axis, ndim: ndim)
      guard w.count == shape[a] else {
        throw TensorError.value("Length of weights not compatible with specified axis.")
      }
      w = try w.reshape((0..<ndim).map { $0 == a ? shape[a] : 1 }).broadcast(to: shape)
    }
    var rt = try DType.result(of: [.tensor(self), .tensor(w)])
    if !dtype.isFloatingPoint || !rt.isFloatingPoint { rt = .float64 }
    let total = try w.astype(rt).reduce(.sum, axes: axes, keepdims: keepdims)
    let product = try Tensor.binary(.multiply, .tensor(try astype(rt)), .tensor(try w.astype(rt)))
    let sum = try product.reduce(.sum, axes: axes, keepdims: keepdims)
    var avg = try Tensor.binary(.trueDivide, .tensor(sum), .tensor(total))
    avg.isScalar = sum.isScalar
    return (avg, total)
  }
}
