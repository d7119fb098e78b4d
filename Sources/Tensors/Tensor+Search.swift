/// Finding elements: `nonzero`, `where`, `unique`.
extension Tensor {
  /// The coordinates of nonzero elements, one int64 array per axis (NumPy's `nonzero`).
  public func nonzero() throws -> [Tensor] {
    if ndim == 0 {
      throw TensorError.value(
        "Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead. "
          + "If the context of this error is of the form `arr[nonzero(cond)]`, just use `arr[cond]`.")
    }
    let flags = try astype(.bool)
    let p = flags.base(Bool.self)
    var hits: [Int] = []
    for i in 0..<flags.count where p[i] { hits.append(i) }
    let strides = Tensor.contiguousStrides(shape)
    return try (0..<ndim).map { axis in
      let coords = hits.map { Int64(($0 / strides[axis]) % Swift.max(shape[axis], 1)) }
      return try Tensor(coords, shape: [coords.count])
    }
  }

  /// `np.where(condition, x, y)`: elements of `x` where true, else `y`, broadcast together.
  public static func `where`(_ condition: Tensor, _ x: Operand, _ y: Operand) throws -> Tensor {
    // NumPy's where converts Python ints into the array's type unsafely (300 wraps in uint8).
    let dtype = try DType.result(of: [x, y], checkingOverflow: false)
    let a = try x.asTensor(dtype)
    let b = try y.asTensor(dtype)
    let shape = try broadcastShapes([condition.shape, a.shape, b.shape])
    let c = try condition.astype(.bool).broadcast(to: shape).contiguous()
    let out = try Tensor(zeros: shape, dtype: dtype)
    out.assign(from: try b.broadcast(to: shape))
    let chosen = try a.broadcast(to: shape).contiguous()
    let flags = c.base(Bool.self) + c.offset
    let bytes = dtype.itemSize
    let src = chosen.storage.bytes + chosen.offset * bytes
    for i in 0..<out.count where flags[i] {
      (out.storage.bytes + i * bytes).copyMemory(from: src + i * bytes, byteCount: bytes)
    }
    return out
  }

  /// Sorted distinct elements, and how often each occurs (NumPy's `unique`, flattened).
  public func unique() throws -> (values: Tensor, counts: Tensor) {
    let flat = try flatten()
    switch dtype {
    case .bool: return try Tensor.uniqueTyped(flat, Bool.self) { !$0 && $1 }
    case .uint8: return try Tensor.uniqueTyped(flat, UInt8.self, by: <)
    case .int32: return try Tensor.uniqueTyped(flat, Int32.self, by: <)
    case .int64: return try Tensor.uniqueTyped(flat, Int64.self, by: <)
    case .float32: return try Tensor.uniqueTyped(flat, Float.self, by: Tensor.nanLast)
    case .float64: return try Tensor.uniqueTyped(flat, Double.self, by: Tensor.nanLast)
    }
  }

  /// NumPy sorts NaN after every number.
  static func nanLast<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> Bool {
    if a.isNaN { return false }
    if b.isNaN { return true }
    return a < b
  }

  private static func uniqueTyped<T: TensorElement>(
    _ flat: Tensor, _: T.Type, by less: (T, T) -> Bool
  ) throws -> (values: Tensor, counts: Tensor) {
    let sorted = try flat.toArray(T.self).sorted(by: less)
    var values: [T] = []
    var counts: [Int64] = []
    for v in sorted {
      // NaNs are all equal here, as NumPy 2's unique collapses them (equal_nan=True).
      if let last = values.last, last == v || (last != last && v != v) {
        counts[counts.count - 1] += 1
      } else {
        values.append(v)
        counts.append(1)
      }
    }
    return (try Tensor(values, shape: [values.count]), try Tensor(counts, shape: [counts.count]))
  }
}
