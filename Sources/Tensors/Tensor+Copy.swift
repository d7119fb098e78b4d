/// Copies and dtype conversion.
extension Tensor {
  /// A new contiguous tensor with the same values (NumPy's `copy()`).
  public func copy() throws -> Tensor { try astype(dtype) }

  /// `self` when already row-major contiguous, else a contiguous copy.
  public func contiguous() throws -> Tensor {
    isContiguous ? self : try copy()
  }

  /// A contiguous copy converted to `dtype` as NumPy's `astype` does: floats truncate
  /// toward zero into integers, integers wrap into narrower integers, anything nonzero
  /// is `True`.
  public func astype(_ target: DType) throws -> Tensor {
    let out = try Tensor(zeros: shape, dtype: target)
    out.assign(from: self)
    var result = out
    result.isScalar = isScalar
    return result
  }

  /// Writes `source` (same shape) into this view, converting dtypes. Internal: callers
  /// have checked shapes (broadcast `source` first when needed).
  func assign(from source: Tensor) {
    switch dtype {
    case .bool: assignTyped(Bool.self, from: source)
    case .uint8: assignTyped(UInt8.self, from: source)
    case .int32: assignTyped(Int32.self, from: source)
    case .int64: assignTyped(Int64.self, from: source)
    case .float32: assignTyped(Float.self, from: source)
    case .float64: assignTyped(Double.self, from: source)
    }
  }

  private func assignTyped<D: TensorElement>(_: D.Type, from source: Tensor) {
    switch source.dtype {
    case .bool: convert(from: source, Bool.self, to: D.self) { D(fromInt64: $0 ? 1 : 0) }
    case .uint8: convert(from: source, UInt8.self, to: D.self) { D(fromInt64: Int64($0)) }
    case .int32: convert(from: source, Int32.self, to: D.self) { D(fromInt64: Int64($0)) }
    case .int64: convert(from: source, Int64.self, to: D.self) { D(fromInt64: $0) }
    case .float32: convert(from: source, Float.self, to: D.self) { D(fromDouble: Double($0)) }
    case .float64: convert(from: source, Double.self, to: D.self) { D(fromDouble: $0) }
    }
  }

  @inline(__always)
  private func convert<S: TensorElement, D: TensorElement>(
    from source: Tensor, _: S.Type, to _: D.Type, _ f: (S) -> D
  ) {
    let src = source.base(S.self)
    let dst = base(D.self)
    let loop = StridedLoop(shape: shape, strides: [strides, source.strides])
    loop.forEachRow(offsets: [offset, source.offset]) { starts, n, inner in
      var o = starts[0]
      var s = starts[1]
      let io = inner[0]
      let isrc = inner[1]
      for _ in 0..<n {
        dst[o] = f(src[s])
        o &+= io
        s &+= isrc
      }
    }
  }

  /// The elements in row-major order as Doubles.
  public func toDoubles() -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(count)
    forEachElement { out.append($0.asDouble) }
    return out
  }

  /// Visits every element in row-major order.
  public func forEachElement(_ body: (ScalarValue) -> Void) {
    switch dtype {
    case .bool: forEachTyped(Bool.self) { body($0.scalarValue) }
    case .uint8: forEachTyped(UInt8.self) { body($0.scalarValue) }
    case .int32: forEachTyped(Int32.self) { body($0.scalarValue) }
    case .int64: forEachTyped(Int64.self) { body($0.scalarValue) }
    case .float32: forEachTyped(Float.self) { body($0.scalarValue) }
    case .float64: forEachTyped(Double.self) { body($0.scalarValue) }
    }
  }

  /// Visits every element of a tensor whose dtype is `T`, in row-major order.
  @inline(__always)
  func forEachTyped<T: TensorElement>(_: T.Type, _ body: (T) -> Void) {
    let p = base(T.self)
    StridedLoop(shape: shape, strides: [strides]).forEachRow(offsets: [offset]) { starts, n, inner in
      var o = starts[0]
      let step = inner[0]
      for _ in 0..<n {
        body(p[o])
        o &+= step
      }
    }
  }

  /// The elements of a tensor whose dtype is `T` as a row-major Swift array.
  public func toArray<T: TensorElement>(_: T.Type) throws -> [T] {
    guard T.dtype == dtype else {
      return try astype(T.dtype).toArray(T.self)
    }
    var out: [T] = []
    out.reserveCapacity(count)
    forEachTyped(T.self) { out.append($0) }
    return out
  }
}

/// `tolist()` output: nested lists of Python scalars.
public indirect enum NestedList: Equatable, Sendable {
  case scalar(ScalarValue)
  case list([NestedList])
}

extension Tensor {
  /// The elements as nested lists, one level per axis (a bare scalar for 0-d).
  public func tolist() -> NestedList {
    var values: [ScalarValue] = []
    values.reserveCapacity(count)
    forEachElement { values.append($0) }
    var position = 0
    func build(_ axis: Int) -> NestedList {
      if axis == ndim {
        defer { position += 1 }
        return .scalar(position < values.count ? values[position] : .int(0))
      }
      return .list((0..<shape[axis]).map { _ in build(axis + 1) })
    }
    return build(0)
  }
}
