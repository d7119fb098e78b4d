import Foundation

/// Reductions along axes: `sum mean max min std var prod any all argmax argmin`.
public enum ReduceOp: String, CaseIterable, Sendable {
  case sum, mean, max, min, std, `var`, prod, any, all, argmax, argmin
}

extension Tensor {
  /// Reduces over `axes` (all axes when `nil`; negative axes count from the end).
  /// A full reduction without `keepdims` returns a NumPy scalar. `ddof` applies to
  /// `std`/`var`. Defaults: all axes, `keepdims` false, `ddof` 0.
  public func reduce(_ op: ReduceOp, axes: [Int]? = nil, keepdims: Bool = false, ddof: Int = 0) throws
    -> Tensor
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
    if (op == .argmax || op == .argmin), let axes, axes.count > 1 {
      throw TensorError.type("'tuple' object cannot be interpreted as an integer")
    }
    switch op {
    case .mean: return try mean(reduced, keepdims: keepdims)
    case .std, .var: return try variance(reduced, keepdims: keepdims, ddof: ddof, root: op == .std)
    default: break
    }
    let kept = (0..<ndim).filter { !reduced.contains($0) }
    let order = kept + reduced.sorted()
    let block = try transpose(order).contiguous()
    let inner = reduced.reduce(1) { $0 * shape[$1] }
    let outer = kept.reduce(1) { $0 * shape[$1] }
    // NumPy adds leading axes one row at a time but splits an inner axis pairwise.
    let sequential = !kept.isEmpty && (reduced.max() ?? 0) < (kept.min() ?? 0)
    var outShape = kept.map { shape[$0] }
    if keepdims { outShape = (0..<ndim).map { reduced.contains($0) ? 1 : shape[$0] } }
    if inner == 0 && [.max, .min, .argmax, .argmin].contains(op) {
      if op == .argmax || op == .argmin {
        throw TensorError.value("attempt to get \(op.rawValue) of an empty sequence")
      }
      throw TensorError.value(
        "zero-size array to reduction operation \(op == .max ? "maximum" : "minimum") which has no identity")
    }
    let outDType: DType
    switch op {
    case .sum, .prod: outDType = (dtype.isFloatingPoint || dtype == .int64) ? dtype : .int64
    case .any, .all: outDType = .bool
    case .argmax, .argmin: outDType = .int64
    default: outDType = dtype
    }
    var out = try Tensor(zeros: outShape, dtype: outDType)
    let source = (op == .sum || op == .prod) && outDType != dtype ? try block.astype(outDType) : block
    try source.reduceRows(op, outer: outer, inner: inner, sequential: sequential, into: out)
    out.isScalar = outShape.isEmpty
    return out
  }

  public func sum(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
    try reduce(.sum, axes: axis.map { [$0] }, keepdims: keepdims)
  }
  public func mean(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
    try reduce(.mean, axes: axis.map { [$0] }, keepdims: keepdims)
  }
  public func max(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
    try reduce(.max, axes: axis.map { [$0] }, keepdims: keepdims)
  }
  public func min(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
    try reduce(.min, axes: axis.map { [$0] }, keepdims: keepdims)
  }
  public func argmax(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
    try reduce(.argmax, axes: axis.map { [$0] }, keepdims: keepdims)
  }
  public func argmin(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
    try reduce(.argmin, axes: axis.map { [$0] }, keepdims: keepdims)
  }
  public func std(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
    try reduce(.std, axes: axis.map { [$0] }, keepdims: keepdims)
  }

  /// NumPy's mean: a sum (in float64 for integers) divided by the count in the result dtype.
  private func mean(_ reduced: Set<Int>, keepdims: Bool) throws -> Tensor {
    let source = dtype.isFloatingPoint ? self : try astype(.float64)
    let n = reduced.reduce(1) { $0 * shape[$1] }
    var total = try source.reduce(.sum, axes: Array(reduced), keepdims: keepdims)
    let scalar = total.isScalar
    total = try Tensor.binary(.trueDivide, .tensor(total), .pyFloat(Double(n)))
    total.isScalar = scalar
    return total
  }

  /// NumPy's var/std: mean of squared deviations, divided by `n - ddof`.
  private func variance(_ reduced: Set<Int>, keepdims: Bool, ddof: Int, root: Bool) throws -> Tensor {
    let source = dtype.isFloatingPoint ? self : try astype(.float64)
    let axes = Array(reduced)
    let n = reduced.reduce(1) { $0 * shape[$1] }
    let centre = try source.mean(reduced, keepdims: true)
    let deviation = try Tensor.binary(.subtract, .tensor(source), .tensor(centre))
    let squared = try Tensor.binary(.multiply, .tensor(deviation), .tensor(deviation))
    let total = try squared.reduce(.sum, axes: axes, keepdims: keepdims)
    var result = try Tensor.binary(.trueDivide, .tensor(total), .pyFloat(Double(Swift.max(n - ddof, 0))))
    if root { result = try result.unary(.sqrt) }
    result.isScalar = total.isScalar
    return result
  }

  /// Reduces each of `outer` contiguous rows of length `inner` into `out`.
  private func reduceRows(_ op: ReduceOp, outer: Int, inner: Int, sequential: Bool, into out: Tensor) throws {
    switch dtype {
    case .bool: reduceTyped(Bool.self, op, outer, inner, sequential, out)
    case .uint8: reduceOrdered(UInt8.self, op, outer, inner, sequential, out)
    case .int32: reduceOrdered(Int32.self, op, outer, inner, sequential, out)
    case .int64: reduceOrdered(Int64.self, op, outer, inner, sequential, out)
    case .float32: reduceOrdered(Float.self, op, outer, inner, sequential, out)
    case .float64: reduceOrdered(Double.self, op, outer, inner, sequential, out)
    }
  }

  private func reduceTyped<T: TensorElement>(
    _: T.Type, _ op: ReduceOp, _ outer: Int, _ inner: Int, _ sequential: Bool, _ out: Tensor
  ) {
    // Bools only reach here for any/all/max/min/argmax/argmin (sums are cast to int64).
    let p = base(Bool.self) + offset
    for r in 0..<outer {
      let row = UnsafeBufferPointer(start: p + r * inner, count: inner)
      switch op {
      case .any, .max: out.base(Bool.self)[r] = row.contains(true)
      case .all, .min: out.base(Bool.self)[r] = !row.contains(false)
      case .argmax: out.base(Int64.self)[r] = Int64(row.firstIndex(of: true) ?? 0)
      case .argmin: out.base(Int64.self)[r] = Int64(row.firstIndex(of: false) ?? 0)
      default: break
      }
    }
  }

  private func reduceOrdered<T: ArithmeticElement>(
    _: T.Type, _ op: ReduceOp, _ outer: Int, _ inner: Int, _ sequential: Bool, _ out: Tensor
  ) {
    let p = base(T.self) + offset
    let zero = T(fromInt64: 0)
    for r in 0..<outer {
      let row = UnsafeBufferPointer(start: p + r * inner, count: inner)
      switch op {
      case .sum:
        out.base(T.self)[r] = sequential ? Tensor.sequentialSum(row) : Tensor.pairwiseSum(row)
      case .prod:
        out.base(T.self)[r] = row.reduce(T(fromInt64: 1)) { T.mul($0, $1) }
      case .max, .min:
        var best = row[0]
        for v in row {
          if Tensor.isNaN(v) { best = v; break }
          if op == .max ? v > best : v < best { best = v }
        }
        out.base(T.self)[r] = best
      case .argmax, .argmin:
        var bestIndex = 0
        var best = row[0]
        for (i, v) in row.enumerated() {
          if Tensor.isNaN(v) { bestIndex = i; break }
          if op == .argmax ? v > best : v < best {
            best = v
            bestIndex = i
          }
        }
        out.base(Int64.self)[r] = Int64(bestIndex)
      case .any: out.base(Bool.self)[r] = row.contains { $0 != zero }
      case .all: out.base(Bool.self)[r] = !row.contains { $0 == zero }
      case .mean, .std, .var: break  // composed from sums above
      }
    }
  }

  @inline(__always)
  static func isNaN<T: TensorElement>(_ v: T) -> Bool { v != v }

  static func sequentialSum<T: ArithmeticElement>(_ row: UnsafeBufferPointer<T>) -> T {
    var acc = T(fromInt64: 0)
    for v in row { acc = T.add(acc, v) }
    return acc
  }

  /// NumPy's pairwise summation: eight running sums over blocks of up to 128
  /// elements, halves combined recursively, so float32 sums match NumPy's digits.
  static func pairwiseSum<T: ArithmeticElement>(_ row: UnsafeBufferPointer<T>) -> T {
    let n = row.count
    if n < 8 {
      var acc = T(fromInt64: 0)
      // NumPy starts from -0.0 for floats so that sums of -0.0 stay -0.0; the sign is invisible in text.
      for v in row { acc = T.add(acc, v) }
      return acc
    }
    if n <= 128 {
      // Eight running sums, kept in locals so the loop allocates nothing.
      var r0 = row[0], r1 = row[1], r2 = row[2], r3 = row[3]
      var r4 = row[4], r5 = row[5], r6 = row[6], r7 = row[7]
      var i = 8
      let blockEnd = n - (n % 8)
      while i < blockEnd {
        r0 = T.add(r0, row[i])
        r1 = T.add(r1, row[i + 1])
        r2 = T.add(r2, row[i + 2])
        r3 = T.add(r3, row[i + 3])
        r4 = T.add(r4, row[i + 4])
        r5 = T.add(r5, row[i + 5])
        r6 = T.add(r6, row[i + 6])
        r7 = T.add(r7, row[i + 7])
        i += 8
      }
      var res = T.add(T.add(T.add(r0, r1), T.add(r2, r3)), T.add(T.add(r4, r5), T.add(r6, r7)))
      while i < n {
        res = T.add(res, row[i])
        i += 1
      }
      return res
    }
    var half = n / 2
    half -= half % 8
    let left = UnsafeBufferPointer(rebasing: row[0..<half])
    let right = UnsafeBufferPointer(rebasing: row[half..<n])
    return T.add(pairwiseSum(left), pairwiseSum(right))
  }
}
