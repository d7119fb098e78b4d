/// Sorting and searching: `sort argsort searchsorted argwhere flatnonzero`.
///
/// Every sort here is stable and orders NaN after every number, as NumPy does.

/// An element type with NumPy's sort order (`False < True`, NaN last).
protocol SortableElement: TensorElement {
  static func sortsBefore(_ a: Self, _ b: Self) -> Bool
}

extension Bool: SortableElement {
  static func sortsBefore(_ a: Bool, _ b: Bool) -> Bool { !a && b }
}
extension UInt8: SortableElement {
  static func sortsBefore(_ a: UInt8, _ b: UInt8) -> Bool { a < b }
}
extension Int32: SortableElement {
  static func sortsBefore(_ a: Int32, _ b: Int32) -> Bool { a < b }
}
extension Int64: SortableElement {
  static func sortsBefore(_ a: Int64, _ b: Int64) -> Bool { a < b }
}
extension Float: SortableElement {
  static func sortsBefore(_ a: Float, _ b: Float) -> Bool { Tensor.nanLast(a, b) }
}
extension Double: SortableElement {
  static func sortsBefore(_ a: Double, _ b: Double) -> Bool { Tensor.nanLast(a, b) }
}

extension Tensor {
  /// A contiguous copy with `axis` moved last, and the permutation that did it.
  func lanes(along axis: Int) throws -> (block: Tensor, order: [Int]) {
    let a = try Tensor.normalizeAxis(axis, ndim: ndim)
    let order = (0..<ndim).filter { $0 != a } + [a]
    return (try transpose(order).copy(), order)
  }

  /// Undoes `lanes(along:)`: puts the last axis of `block` back where it came from.
  static func unlane(_ block: Tensor, order: [Int]) throws -> Tensor {
    var inverse = [Int](repeating: 0, count: order.count)
    for (i, o) in order.enumerated() { inverse[o] = i }
    return try block.transpose(inverse).contiguous()
  }

  /// A sorted copy along `axis` (default the last; `nil` sorts the flattened array).
  /// A 0-d array needs `axis: nil`, as in NumPy.
  public func sorted(axis: Int? = -1) throws -> Tensor {
    guard let axis else { return try flatten().sorted(axis: 0) }
    let (block, order) = try lanes(along: axis)
    switch dtype {
    case .bool: block.sortRows(Bool.self)
    case .uint8: block.sortRows(UInt8.self)
    case .int32: block.sortRows(Int32.self)
    case .int64: block.sortRows(Int64.self)
    case .float32: block.sortRows(Float.self)
    case .float64: block.sortRows(Double.self)
    }
    return try Tensor.unlane(block, order: order)
  }

  /// Sorts this view in place along `axis` (NumPy's `a.sort()`, default the last axis).
  public func sortInPlace(axis: Int = -1) throws {
    if ndim == 0 { throw TensorError.axis(axis, ndim: 0) }
    assign(from: try sorted(axis: axis))
  }

  /// The indices that sort the array along `axis` (default the last; `nil` flattens), as
  /// int64. The sort is stable: equal elements keep their order. A 0-d array gives `[0]`.
  public func argsort(axis: Int? = -1) throws -> Tensor {
    guard let axis, ndim > 0 else { return try flatten().argsort(axis: 0) }
    let (block, order) = try lanes(along: axis)
    let out = try Tensor(zeros: block.shape, dtype: .int64)
    switch dtype {
    case .bool: block.argsortRows(Bool.self, into: out)
    case .uint8: block.argsortRows(UInt8.self, into: out)
    case .int32: block.argsortRows(Int32.self, into: out)
    case .int64: block.argsortRows(Int64.self, into: out)
    case .float32: block.argsortRows(Float.self, into: out)
    case .float64: block.argsortRows(Double.self, into: out)
    }
    return try Tensor.unlane(out, order: order)
  }

  /// The length of the last axis (1 for 0-d) and the number of rows of a contiguous block.
  private var rowGeometry: (rows: Int, length: Int) {
    let length = shape.last ?? 1
    return (length == 0 ? 0 : count / length, length)
  }

  private func sortRows<T: SortableElement>(_: T.Type) {
    let (rows, length) = rowGeometry
    let p = base(T.self) + offset
    for r in 0..<rows {
      let row = UnsafeMutableBufferPointer(start: p + r * length, count: length)
      let values = Array(row).sorted(by: T.sortsBefore)
      for (i, v) in values.enumerated() { row[i] = v }
    }
  }

  private func argsortRows<T: SortableElement>(_: T.Type, into out: Tensor) {
    let (rows, length) = rowGeometry
    let p = base(T.self) + offset
    let o = out.base(Int64.self) + out.offset
    for r in 0..<rows {
      let row = UnsafeBufferPointer(start: p + r * length, count: length)
      let indices = (0..<length).sorted { i, j in
        if T.sortsBefore(row[i], row[j]) { return true }
        if T.sortsBefore(row[j], row[i]) { return false }
        return i < j
      }
      for (k, i) in indices.enumerated() { o[r * length + k] = Int64(i) }
    }
  }

  /// NumPy's `searchsorted`: for each element of `values`, the index in the sorted 1-D
  /// array `self` where it would be inserted (`right: false` before equal elements, the
  /// default; `true` after them). Both are compared in their promoted dtype; int64 result.
  public func searchsorted(_ values: Operand, right: Bool = false) throws -> Tensor {
    guard ndim == 1 else { throw TensorError.value("object too deep for desired array") }
    let common = try DType.result(of: [.tensor(self), values], checkingOverflow: false)
    let sortedSide = try astype(common)
    let needles = try values.asTensor(common)
    let flat = try needles.flatten()
    let out = try Tensor(zeros: needles.shape, dtype: .int64)
    switch common {
    case .bool: Tensor.search(Bool.self, sortedSide, flat, right, out)
    case .uint8: Tensor.search(UInt8.self, sortedSide, flat, right, out)
    case .int32: Tensor.search(Int32.self, sortedSide, flat, right, out)
    case .int64: Tensor.search(Int64.self, sortedSide, flat, right, out)
    case .float32: Tensor.search(Float.self, sortedSide, flat, right, out)
    case .float64: Tensor.search(Double.self, sortedSide, flat, right, out)
    }
    var result = out
    result.isScalar = needles.isScalar || (needles.ndim == 0 && values.isWeak)
    return result
  }

  private static func search<T: SortableElement>(
    _: T.Type, _ haystack: Tensor, _ needles: Tensor, _ right: Bool, _ out: Tensor
  ) {
    let h = UnsafeBufferPointer(start: haystack.base(T.self) + haystack.offset, count: haystack.count)
    let v = needles.base(T.self) + needles.offset
    let o = out.base(Int64.self)
    for k in 0..<needles.count {
      let x = v[k]
      var lo = 0
      var hi = h.count
      while lo < hi {
        let mid = lo + (hi - lo) / 2
        // Left: the first element not before x. Right: the first element after x.
        let goRight = right ? !T.sortsBefore(x, h[mid]) : T.sortsBefore(h[mid], x)
        if goRight { lo = mid + 1 } else { hi = mid }
      }
      o[k] = Int64(lo)
    }
  }

  /// The coordinates of nonzero elements as rows of an int64 `(count, ndim)` array
  /// (NumPy's `argwhere`).
  public func argwhere() throws -> Tensor {
    if ndim == 0 {
      let hit = try astype(.bool).base(Bool.self)[0]
      return try Tensor(zeros: [hit ? 1 : 0, 0], dtype: .int64)
    }
    let columns = try nonzero()
    let n = columns.first?.count ?? 0
    var values = [Int64](repeating: 0, count: n * ndim)
    for (axis, column) in columns.enumerated() {
      let c = column.base(Int64.self) + column.offset
      for i in 0..<n { values[i * ndim + axis] = c[i] }
    }
    return try Tensor(values, shape: [n, ndim])
  }

  /// Flat indices of the nonzero elements of the flattened array, int64 (NumPy's `flatnonzero`).
  public func flatnonzero() throws -> Tensor {
    try reshape([count]).nonzero()[0]
  }
}
