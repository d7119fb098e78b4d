/// An N-dimensional array with NumPy semantics: a dtype, a shape, element strides
/// and an offset into shared storage. Copying a `Tensor` value copies the view,
/// not the data; writes through any view are seen by every view of the storage.
public struct Tensor: @unchecked Sendable {
  public let storage: TensorStorage
  public let dtype: DType
  public let shape: [Int]
  /// Distance, in elements, between neighbours along each axis (0 for broadcast axes,
  /// negative for reversed slices).
  public let strides: [Int]
  /// Index, in elements, of the first element within `storage`.
  public let offset: Int
  /// A NumPy scalar (`np.int64(9)`) rather than a 0-d array (`array(9)`): only the
  /// text differs. Defaults to `false`.
  public var isScalar: Bool = false

  /// A view on existing storage. Callers guarantee every reachable element lies in storage.
  init(storage: TensorStorage, dtype: DType, shape: [Int], strides: [Int], offset: Int) {
    self.storage = storage
    self.dtype = dtype
    self.shape = shape
    self.strides = strides
    self.offset = offset
  }

  /// A new zero-filled contiguous tensor. Throws for negative dimensions and sizes
  /// beyond memory.
  public init(zeros shape: [Int], dtype: DType = .float64) throws {
    let count = try Tensor.checkedCount(shape)
    let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
    if overflow {
      throw TensorError(
        .valueError,
        "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.")
    }
    self.storage = try TensorStorage(byteCount: bytes, describing: shape, dtype: dtype)
    self.dtype = dtype
    self.shape = shape
    self.strides = Tensor.contiguousStrides(shape)
    self.offset = 0
  }

  /// A contiguous tensor holding `values` (row-major) with the given shape.
  public init<T: TensorElement>(_ values: [T], shape: [Int]? = nil) throws {
    let shape = shape ?? [values.count]
    let count = try Tensor.checkedCount(shape)
    guard count == values.count else {
      throw TensorError.value("cannot reshape array of size \(values.count) into shape \(formatShape(shape))")
    }
    try self.init(zeros: shape, dtype: T.dtype)
    let p = storage.bytes.assumingMemoryBound(to: T.self)
    for i in 0..<count { p[i] = values[i] }
  }

  /// A 0-d tensor; with `isScalar` true it prints as a NumPy scalar.
  public init<T: TensorElement>(scalar value: T, isScalar: Bool = true) {
    let s = TensorStorage(smallByteCount: T.dtype.itemSize)
    s.bytes.assumingMemoryBound(to: T.self).pointee = value
    self.init(storage: s, dtype: T.dtype, shape: [], strides: [], offset: 0)
    self.isScalar = isScalar
  }

  /// A 0-d tensor of `dtype` holding `value` converted as `astype` would.
  public init(scalar value: ScalarValue, dtype: DType, isScalar: Bool = true) {
    switch dtype {
    case .bool: self.init(scalar: Bool(fromScalar: value), isScalar: isScalar)
    case .uint8: self.init(scalar: UInt8(fromScalar: value), isScalar: isScalar)
    case .int32: self.init(scalar: Int32(fromScalar: value), isScalar: isScalar)
    case .int64: self.init(scalar: Int64(fromScalar: value), isScalar: isScalar)
    case .float32: self.init(scalar: Float(fromScalar: value), isScalar: isScalar)
    case .float64: self.init(scalar: Double(fromScalar: value), isScalar: isScalar)
    }
  }

  // MARK: Shape facts

  public var ndim: Int { shape.count }
  /// Number of elements (product of the shape; 1 for 0-d).
  public var count: Int { shape.reduce(1, *) }
  public var size: Int { count }
  public var itemSize: Int { dtype.itemSize }
  public var byteCount: Int { count * dtype.itemSize }

  /// Row-major (C-order) contiguity: the elements are `count` consecutive slots from `offset`.
  public var isContiguous: Bool {
    var expected = 1
    for axis in stride(from: ndim - 1, through: 0, by: -1) where shape[axis] != 1 {
      if strides[axis] != expected { return false }
      expected *= shape[axis]
    }
    return true
  }

  /// Row-major strides for a shape.
  public static func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var acc = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[axis] = acc
      acc = acc &* Swift.max(shape[axis], 1)
    }
    return strides
  }

  /// The element count of a shape, rejecting negative dimensions and overflow.
  static func checkedCount(_ shape: [Int]) throws -> Int {
    var count = 1
    for d in shape {
      if d < 0 { throw TensorError.value("negative dimensions are not allowed") }
      let (p, overflow) = count.multipliedReportingOverflow(by: d)
      if overflow {
        throw TensorError.value(
          "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.")
      }
      count = p
    }
    return count
  }

  /// Normalises a possibly negative axis against `ndim`, throwing NumPy's AxisError.
  public static func normalizeAxis(_ axis: Int, ndim: Int) throws -> Int {
    let a = axis < 0 ? axis + ndim : axis
    guard a >= 0, a < ndim else { throw TensorError.axis(axis, ndim: ndim) }
    return a
  }

  // MARK: Raw access

  /// The typed base pointer of the storage (element 0 of storage, not of this view).
  @inline(__always)
  public func base<T: TensorElement>(_: T.Type) -> UnsafeMutablePointer<T> {
    storage.bytes.assumingMemoryBound(to: T.self)
  }

  /// The element at a row-major flat index of this view, as a `ScalarValue`.
  /// The index must be in `0..<count`.
  public func scalarValue(atFlat flat: Int) -> ScalarValue {
    let off = elementOffset(ofFlat: flat)
    switch dtype {
    case .bool: return base(Bool.self)[off].scalarValue
    case .uint8: return base(UInt8.self)[off].scalarValue
    case .int32: return base(Int32.self)[off].scalarValue
    case .int64: return base(Int64.self)[off].scalarValue
    case .float32: return base(Float.self)[off].scalarValue
    case .float64: return base(Double.self)[off].scalarValue
    }
  }

  /// Storage offset of the element at a row-major flat index of this view.
  @inline(__always)
  func elementOffset(ofFlat flat: Int) -> Int {
    var rest = flat
    var off = offset
    var axis = ndim - 1
    while axis >= 0 {
      let d = shape[axis]
      if d > 0 {
        off += (rest % d) * strides[axis]
        rest /= d
      }
      axis -= 1
    }
    return off
  }

  /// The single element of a size-1 tensor (any shape), as NumPy's `item()`.
  public func item() throws -> ScalarValue {
    guard count == 1 else {
      throw TensorError.value("can only convert an array of size 1 to a Python scalar")
    }
    return scalarValue(atFlat: 0)
  }
}

extension TensorElement {
  /// Converts a `ScalarValue` the way `astype` converts elements.
  public init(fromScalar v: ScalarValue) {
    switch v {
    case .bool(let b): self.init(fromInt64: b ? 1 : 0)
    case .int(let i): self.init(fromInt64: i)
    case .float(let d): self.init(fromDouble: d)
    }
  }
}
