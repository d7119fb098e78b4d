/// One component of a subscript, as NumPy reads `x[0, 1:5:2, None, ..., mask]`.
public enum TensorIndex: Sendable {
  case int(Int)
  case slice(start: Int?, stop: Int?, step: Int?)
  case newAxis
  case ellipsis
  /// An integer array (gather) or a boolean mask.
  case array(Tensor)

  /// `:` (the whole axis).
  public static let all = TensorIndex.slice(start: nil, stop: nil, step: nil)
}

/// A subscript resolved against a shape: the basic-indexing view, plus the
/// advanced (array) indices still to apply to some of the view's axes.
struct ResolvedIndex {
  var view: Tensor
  /// For each advanced index: the view axis it applies to and its int64 index array.
  var advanced: [(axis: Int, indices: Tensor)]
  /// Whether the advanced indices were adjacent in the subscript (NumPy then keeps
  /// their result axes in place rather than moving them to the front).
  var adjacent: Bool
  /// View axis where adjacent advanced results are placed.
  var firstAdvancedAxis: Int
}

extension Tensor {
  /// `x[index]` with NumPy semantics: basic indices give views, array indices copies.
  public func get(_ index: [TensorIndex]) throws -> Tensor {
    let r = try resolve(index)
    guard !r.advanced.isEmpty else {
      var v = r.view
      // A fully integer-indexed element is a NumPy scalar.
      v.isScalar = v.ndim == 0 && index.allSatisfy { if case .int = $0 { return true } else { return false } }
      return v
    }
    let (shape, offsets, rest) = try advancedLayout(r)
    let out = try Tensor(zeros: shape, dtype: dtype)
    // Copy each selected sub-block (the axes not indexed by arrays) into place.
    let blockCount = rest.shape.reduce(1, *)
    for (i, off) in offsets.enumerated() {
      let src = Tensor(storage: storage, dtype: dtype, shape: rest.shape, strides: rest.strides, offset: off)
      let dst = Tensor(
        storage: out.storage, dtype: dtype, shape: rest.shape,
        strides: Tensor.contiguousStrides(rest.shape), offset: i * blockCount)
      dst.assign(from: src)
    }
    return try placeAdvancedAxes(out, r, broadcastRank: shape.count - rest.shape.count)
  }

  /// `x[index] = value` with NumPy semantics; `value` broadcasts to the selection and
  /// is converted to this dtype (floats truncate into integer arrays).
  public func set(_ index: [TensorIndex], _ value: Operand) throws {
    try Tensor.checkStorable(value, in: dtype)
    let r = try resolve(index)
    let v = try value.asTensor(dtype)
    guard !r.advanced.isEmpty else {
      let shaped = try Tensor.broadcastValue(v, to: r.view.shape)
      r.view.assign(from: shaped)
      return
    }
    let (shape, offsets, rest) = try advancedLayout(r)
    // The value is given in the user-visible layout; bring it to advanced-first order.
    let bRank = shape.count - rest.shape.count
    let visibleShape = try placeAdvancedAxesShape(shape, r, broadcastRank: bRank)
    var shaped = try Tensor.broadcastValue(v, to: visibleShape)
    if r.adjacent && r.firstAdvancedAxis > 0 {
      let p = r.firstAdvancedAxis
      let perm = Array(p..<(p + bRank)) + Array(0..<p) + Array((p + bRank)..<visibleShape.count)
      shaped = try shaped.transpose(perm)
    }
    let block = try shaped.contiguous()
    let blockCount = rest.shape.reduce(1, *)
    let blockStrides = Tensor.contiguousStrides(rest.shape)
    for (i, off) in offsets.enumerated() {
      let dst = Tensor(storage: storage, dtype: dtype, shape: rest.shape, strides: rest.strides, offset: off)
      let src = Tensor(
        storage: block.storage, dtype: dtype, shape: rest.shape, strides: blockStrides,
        offset: block.offset + i * blockCount)
      dst.assign(from: src)
    }
  }

  /// NumPy refuses Python scalars that an integer array cannot hold exactly.
  static func checkStorable(_ value: Operand, in dtype: DType) throws {
    guard let range = dtype.integerRange, dtype != .bool else { return }
    switch value {
    case .pyInt(let v) where !range.contains(v):
      throw TensorError(.overflowError, "Python integer \(v) out of bounds for \(dtype.name)")
    case .pyFloat(let d) where d.isNaN:
      throw TensorError.value("cannot convert float NaN to integer")
    case .pyFloat(let d) where d.isInfinite:
      throw TensorError(.overflowError, "cannot convert float infinity to integer")
    default: return
    }
  }

  /// `value` broadcast to `shape`, with NumPy's message for setitem mismatches.
  static func broadcastValue(_ v: Tensor, to shape: [Int]) throws -> Tensor {
    do { return try v.broadcast(to: shape) } catch {
      throw TensorError.value(
        "could not broadcast input array from shape \(formatShape(v.shape).replacingOccurrences(of: " ", with: "")) "
          + "into shape \(formatShape(shape).replacingOccurrences(of: " ", with: ""))")
    }
  }

  /// Applies the basic parts of `index` and collects the advanced parts.
  func resolve(_ index: [TensorIndex]) throws -> ResolvedIndex {
    // Count the axes the subscript consumes, to expand `...`.
    var consumed = 0
    var ellipses = 0
    for ix in index {
      switch ix {
      case .int, .slice: consumed += 1
      case .array(let a): consumed += a.dtype == .bool ? a.ndim : 1
      case .newAxis: break
      case .ellipsis: ellipses += 1
      }
    }
    if ellipses > 1 { throw TensorError.index("an index can only have a single ellipsis ('...')") }
    if consumed > ndim {
      throw TensorError.index(
        "too many indices for array: array is \(ndim)-dimensional, but \(consumed) were indexed",
        hint: ndim == 0 ? nil : "this array has shape \(formatShape(shape))")
    }
    var items: [TensorIndex] = []
    for ix in index {
      if case .ellipsis = ix {
        items += Array(repeating: .all, count: ndim - consumed)
      } else {
        items.append(ix)
      }
    }
    if ellipses == 0 { items += Array(repeating: .all, count: ndim - consumed) }

    var newShape: [Int] = []
    var newStrides: [Int] = []
    var newOffset = offset
    var advanced: [(axis: Int, indices: Tensor)] = []
    var advancedPositions: [Int] = []  // positions in `items` order, to test adjacency
    var axis = 0
    for (pos, ix) in items.enumerated() {
      switch ix {
      case .int(let i):
        let d = shape[axis]
        let k = i < 0 ? i + d : i
        guard k >= 0, k < d else {
          throw TensorError.index(
            "index \(i) is out of bounds for axis \(axis) with size \(d)",
            hint: d == 0 ? "axis \(axis) is empty" : "valid indices are 0…\(d - 1), or -\(d)…-1 from the end")
        }
        newOffset += k * strides[axis]
        axis += 1
      case .slice(let start, let stop, let step):
        let (s, n, st) = try Tensor.sliceBounds(start, stop, step, length: shape[axis])
        if n > 0 { newOffset += s * strides[axis] }
        newShape.append(n)
        // With two or more elements the step stays inside the array and cannot overflow;
        // with fewer the stride is never used.
        let (stepStride, overflow) = strides[axis].multipliedReportingOverflow(by: st)
        newStrides.append(overflow ? 0 : stepStride)
        axis += 1
      case .newAxis:
        newShape.append(1)
        newStrides.append(0)
      case .ellipsis:
        break
      case .array(let a) where a.dtype == .bool && a.ndim == 0:
        // x[True] adds a length-1 axis, x[False] an empty one.
        newShape.append(a.scalarValue(atFlat: 0) == .bool(true) ? 1 : 0)
        newStrides.append(0)
      case .array(let a):
        if a.dtype == .bool {
          // A mask over k axes becomes k integer arrays (its nonzero coordinates).
          let maskAxes = a.ndim
          let coverShape = Array(shape[axis..<(axis + maskAxes)])
          if a.ndim > 0 && a.shape != coverShape {
            throw TensorError.index(
              "boolean index did not match indexed array along axis \(axis); size of axis is "
                + "\(shape[axis]) but size of corresponding boolean axis is \(a.shape.first ?? 0)")
          }
          let coords = try a.nonzero()
          for (k, c) in coords.enumerated() {
            advanced.append((newShape.count, c))
            advancedPositions.append(pos)
            newShape.append(shape[axis + k])
            newStrides.append(strides[axis + k])
          }
          axis += maskAxes
        } else {
          guard a.dtype.isInteger else {
            throw TensorError.index("arrays used as indices must be of integer (or boolean) type")
          }
          let d = shape[axis]
          let idx = try a.astype(.int64)
          let p = idx.base(Int64.self)
          for j in 0..<idx.count {
            let v = p[j]
            guard v >= -Int64(d), v < Int64(d) else {
              throw TensorError.index("index \(v) is out of bounds for axis \(axis) with size \(d)")
            }
            if v < 0 { p[j] = v + Int64(d) }
          }
          advanced.append((newShape.count, idx))
          advancedPositions.append(pos)
          newShape.append(d)
          newStrides.append(strides[axis])
          axis += 1
        }
      }
    }
    let adjacent = zip(advancedPositions, advancedPositions.dropFirst()).allSatisfy { $1 - $0 <= 1 }
    let view = Tensor(storage: storage, dtype: dtype, shape: newShape, strides: newStrides, offset: newOffset)
    return ResolvedIndex(
      view: view, advanced: advanced, adjacent: adjacent, firstAdvancedAxis: advanced.first?.axis ?? 0)
  }

  /// Python slice semantics: clamps, negative steps, `(start, count, step)`.
  static func sliceBounds(_ start: Int?, _ stop: Int?, _ step: Int?, length d: Int) throws -> (Int, Int, Int)
  {
    let st = step ?? 1
    if st == 0 { throw TensorError.value("slice step cannot be zero") }
    func clamp(_ v: Int?, _ dflt: Int, lo: Int, hi: Int) -> Int {
      guard let v else { return dflt }
      let k = v < 0 ? v + d : v
      return Swift.min(Swift.max(k, lo), hi)
    }
    if st > 0 {
      let s = clamp(start, 0, lo: 0, hi: d)
      let e = clamp(stop, d, lo: 0, hi: d)
      // (e - s - 1) / st + 1 rather than a rounded-up division, which could overflow for huge steps.
      return (s, e > s ? (e - s - 1) / st + 1 : 0, st)
    } else {
      let s = clamp(start, d - 1, lo: -1, hi: d - 1)
      let e = clamp(stop, -1, lo: -1, hi: d - 1)
      let stepMagnitude = st == Int.min ? Int.max : -st
      return (s, s > e ? (s - e - 1) / stepMagnitude + 1 : 0, st)
    }
  }

  /// The advanced-first result shape, the storage offset of each selected block,
  /// and the (shape, strides) of the view axes not indexed by arrays.
  private func advancedLayout(_ r: ResolvedIndex) throws -> ([Int], [Int], (shape: [Int], strides: [Int])) {
    let arrays = r.advanced.map(\.indices)
    let bShape: [Int]
    do { bShape = try Tensor.broadcastShapes(arrays.map(\.shape)) } catch {
      let shapes = arrays.map { formatShape($0.shape).replacingOccurrences(of: " ", with: "") }.joined(
        separator: " ")
      throw TensorError.index(
        "shape mismatch: indexing arrays could not be broadcast together with shapes \(shapes) ")
    }
    let advancedAxes = Set(r.advanced.map(\.axis))
    let restAxes = (0..<r.view.ndim).filter { !advancedAxes.contains($0) }
    let rest = (restAxes.map { r.view.shape[$0] }, restAxes.map { r.view.strides[$0] })
    let count = try Tensor.checkedCount(bShape)
    var offsets = [Int](repeating: r.view.offset, count: count)
    for (axis, indices) in r.advanced {
      let b = try indices.broadcast(to: bShape).astype(.int64)
      let p = b.base(Int64.self)
      let stride = r.view.strides[axis]
      for i in 0..<count { offsets[i] += Int(p[i]) * stride }
    }
    return (bShape + rest.0, offsets, rest)
  }

  /// Moves adjacent advanced axes from the front to where the subscript had them.
  private func placeAdvancedAxes(_ t: Tensor, _ r: ResolvedIndex, broadcastRank: Int) throws -> Tensor {
    guard r.adjacent, r.firstAdvancedAxis > 0 else { return t }
    let p = r.firstAdvancedAxis
    let perm =
      Array(broadcastRank..<(broadcastRank + p)) + Array(0..<broadcastRank)
      + Array((broadcastRank + p)..<t.ndim)
    return try t.transpose(perm).contiguous()
  }

  private func placeAdvancedAxesShape(_ shape: [Int], _ r: ResolvedIndex, broadcastRank: Int) throws -> [Int]
  {
    guard r.adjacent, r.firstAdvancedAxis > 0 else { return shape }
    let p = r.firstAdvancedAxis
    return Array(shape[broadcastRank..<(broadcastRank + p)]) + Array(shape[0..<broadcastRank])
      + Array(shape[(broadcastRank + p)...])
  }
}
