import Foundation

/// Gathers along one axis, tiling, reversing, stable sorting and first-occurrence
/// uniqueness: the kernels behind `tf.gather`, `tf.tile`, `tf.reverse`, `tf.sort`,
/// `tf.argsort` and `tf.unique`. Results are new contiguous tensors; element bytes are
/// copied as they are, so every dtype works.
extension Tensor {
  /// `params[..., indices, ...]` along `axis` with the first `batchDims` axes of `indices`
  /// matching those of `self` (TensorFlow's `batch_dims`). The shape is
  /// `shape[..<axis] + indices.shape[batchDims...] + shape[(axis+1)...]`. Callers have
  /// checked `batchDims <= axis < ndim`, the batch axes, and every index in `0..<shape[axis]`.
  public func gathered(_ indices: [Int], indexShape: [Int], axis: Int, batchDims: Int = 0) throws -> Tensor {
    let x = try contiguous()
    let outShape = Array(shape[..<axis]) + Array(indexShape[batchDims...]) + Array(shape[(axis + 1)...])
    let out = try Tensor(zeros: outShape, dtype: dtype)
    let batch = shape[..<batchDims].reduce(1, *)
    let outer = shape[batchDims..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    let n = shape[axis]
    let perBatch = indexShape[batchDims...].reduce(1, *)
    guard out.count > 0, indices.count == batch * perBatch else { return out }
    let size = dtype.itemSize
    let src = x.storage.bytes + x.offset * size
    let dst = out.storage.bytes
    let chunk = inner * size
    var o = 0
    for b in 0..<batch {
      for r in 0..<outer {
        let row = (b * outer + r) * n
        for j in 0..<perBatch {
          let i = indices[b * perBatch + j]
          if i >= 0, i < n { memcpy(dst + o, src + (row + i) * chunk, chunk) }
          o += chunk
        }
      }
    }
    return out
  }

  /// TensorFlow's `tile`: each axis repeated `multiples[axis]` times (one multiple per axis,
  /// none negative; callers check).
  public func tiled(_ multiples: [Int]) throws -> Tensor {
    var x = try contiguous()
    for (axis, m) in multiples.enumerated() where axis < ndim {
      let n = shape[axis]
      let (total, overflow) = n.multipliedReportingOverflow(by: m)
      guard !overflow else { throw TensorError(.memoryError, "tile: the result is too large") }
      var grown = x.shape
      grown[axis] = total
      try Tensor.checkAllocation(grown, dtype: dtype)
      x = try x.gathered((0..<total).map { $0 % Swift.max(n, 1) }, indexShape: [total], axis: axis)
    }
    return ndim == 0 ? try copy() : x
  }

  /// The tensor with the order of elements along each of `axes` reversed (axes in `0..<ndim`).
  public func reversed(axes: Set<Int>) throws -> Tensor {
    var x = try copy()
    for axis in axes.sorted() where axis >= 0 && axis < ndim {
      let n = shape[axis]
      x = try x.gathered((0..<n).map { n - 1 - $0 }, indexShape: [n], axis: axis)
    }
    return x
  }

  /// The permutation that sorts each lane along `axis` (in `0..<ndim`), stably: equal values
  /// keep their order, in both directions, and NaN comes last. Int64 indices.
  public func stableArgsort(axis: Int, descending: Bool) throws -> Tensor {
    let moved = try swapaxes(axis, -1).contiguous()
    let n = moved.shape.last ?? 1
    let lanes = n == 0 ? 0 : moved.count / n
    var order = [Int64](repeating: 0, count: moved.count)
    if dtype.isFloatingPoint {
      let v = moved.toDoubles()
      Tensor.sortLanes(&order, lanes: lanes, n: n) { a, b in
        if v[a].isNaN || v[b].isNaN { return !v[a].isNaN && v[b].isNaN }
        return descending ? v[a] > v[b] : v[a] < v[b]
      }
    } else {
      let v = try moved.astype(.int64).toArray(Int64.self)
      Tensor.sortLanes(&order, lanes: lanes, n: n) { a, b in descending ? v[a] > v[b] : v[a] < v[b] }
    }
    return try Tensor(order, shape: moved.shape).swapaxes(axis, -1).contiguous()
  }

  /// Fills `order` with each lane's sorting permutation; `before(i, j)` compares the flat
  /// positions `i` and `j`, and ties keep the lower position first.
  private static func sortLanes(_ order: inout [Int64], lanes: Int, n: Int, _ before: (Int, Int) -> Bool) {
    for lane in 0..<lanes {
      let base = lane * n
      let sorted = (0..<n).sorted { a, b in
        if before(base + a, base + b) { return true }
        if before(base + b, base + a) { return false }
        return a < b
      }
      for (k, i) in sorted.enumerated() { order[base + k] = Int64(i) }
    }
  }

  /// Each lane along `axis` permuted by `order` (indices within the lane, as from
  /// ``stableArgsort(axis:descending:)``).
  public func permuted(by order: Tensor, axis: Int) throws -> Tensor {
    let moved = try swapaxes(axis, -1).contiguous()
    let perm = try order.swapaxes(axis, -1).contiguous().astype(.int64).toArray(Int64.self)
    let n = moved.shape.last ?? 1
    let flat = perm.enumerated().map { k, i in (n == 0 ? 0 : k / n) * n + Int(i) }
    let values = try moved.reshape([-1]).gathered(flat, indexShape: [flat.count], axis: 0)
    return try values.reshape(moved.shape).swapaxes(axis, -1).contiguous()
  }

  /// The distinct elements of a 1-d tensor in order of first appearance, and for each
  /// element the position of its value among them. Values compare with `==`, so NaNs are
  /// all distinct and 0.0 equals -0.0.
  public func uniqueInOrder() throws -> (values: Tensor, inverse: [Int]) {
    var firsts: [Int] = []
    var inverse: [Int] = []
    inverse.reserveCapacity(count)
    if dtype.isFloatingPoint {
      var seen: [Double: Int] = [:]
      for (i, d) in toDoubles().enumerated() {
        let key = d == 0 ? 0 : d
        if !d.isNaN, let k = seen[key] {
          inverse.append(k)
        } else {
          if !d.isNaN { seen[key] = firsts.count }
          inverse.append(firsts.count)
          firsts.append(i)
        }
      }
    } else {
      var seen: [Int64: Int] = [:]
      for (i, v) in try astype(.int64).toArray(Int64.self).enumerated() {
        if let k = seen[v] {
          inverse.append(k)
        } else {
          seen[v] = firsts.count
          inverse.append(firsts.count)
          firsts.append(i)
        }
      }
    }
    return (try gathered(firsts, indexShape: [firsts.count], axis: 0), inverse)
  }
}
