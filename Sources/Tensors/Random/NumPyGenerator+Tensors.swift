/// `Generator` methods that return arrays: each takes NumPy's `size` (`nil` for one value, which
/// comes back as a 0-d tensor marked `isScalar`; a shape gives that array, filled in row-major
/// order) and throws ``TensorError``s carrying NumPy's exception class and message.
extension NumPyGenerator {
  /// Runs `body` with ``RandomStateError``s turned into ``TensorError``s of the same class.
  static func mapped<R>(_ body: () throws -> R) throws -> R {
    do { return try body() } catch let e as RandomStateError {
      throw TensorError(TensorError.Kind(rawValue: e.type) ?? .valueError, e.message)
    }
  }

  /// The element count of `size` (1 for `nil`), with NumPy's errors for negative dimensions and
  /// a MemoryError for sizes beyond memory. `copies` is how many 8-byte buffers of that many
  /// elements the draw holds at once (the values and the tensor).
  static func count(_ size: [Int]?, dtype: DType, copies: Int = 2) throws -> Int {
    guard let size else { return 1 }
    let n = try mapped { try RandomState.elementCount(size, itemSize: dtype.itemSize) }
    try Tensor.checkAllocation(size, dtype: dtype)
    try checkWorkingMemory(elements: n, copies: copies, shape: size, dtype: dtype)
    return n
  }

  /// A MemoryError, before anything is allocated, when `copies` buffers of `elements` 8-byte values
  /// would pass the allocation limit (the result alone may fit while the draw's buffers do not).
  static func checkWorkingMemory(elements: Int, copies: Int, shape: [Int], dtype: DType) throws {
    let (bytes, overflow) = max(elements, 0).multipliedReportingOverflow(by: 8 * max(copies, 1))
    guard overflow || bytes > TensorStorage.allocationLimit else { return }
    let (resultBytes, resultOverflow) = max(elements, 0).multipliedReportingOverflow(by: dtype.itemSize)
    throw TensorError(
      .memoryError,
      "Unable to allocate \(resultOverflow ? "more than 8 EiB" : TensorStorage.humanBytes(resultBytes)) for an "
        + "array with shape \(formatShape(shape)) and data type \(dtype.name)",
      hint: "drawing it needs about \(max(copies, 1)) times that; this machine has "
        + TensorStorage.humanBytes(TensorStorage.physicalMemory))
  }

  /// The tensor for `values` drawn for `size`: 0-d and `isScalar` for `nil`.
  static func shaped<T: TensorElement>(_ values: [T], _ size: [Int]?) throws -> Tensor {
    var t = try Tensor(values, shape: size ?? [])
    t.isScalar = size == nil
    return t
  }

  /// `random(size=None, dtype=np.float64)`: floats in [0, 1); `dtype` float64 or float32.
  public mutating func random(size: [Int]?, dtype: DType = .float64) throws -> Tensor {
    switch dtype {
    case .float64:
      let n = try Self.count(size, dtype: dtype)
      return try Self.shaped((0..<n).map { _ in random() }, size)
    case .float32:
      let n = try Self.count(size, dtype: dtype)
      return try Self.shaped((0..<n).map { _ in randomFloat() }, size)
    default:
      throw TensorError(.typeError, "Unsupported dtype dtype('\(dtype.name)') for random")
    }
  }

  /// `standard_normal(size=None, dtype=np.float64)`; `dtype` float64 or float32.
  public mutating func standardNormal(size: [Int]?, dtype: DType = .float64) throws -> Tensor {
    switch dtype {
    case .float64:
      let n = try Self.count(size, dtype: dtype)
      return try Self.shaped((0..<n).map { _ in standardNormal() }, size)
    case .float32:
      let n = try Self.count(size, dtype: dtype)
      return try Self.shaped((0..<n).map { _ in standardNormalFloat() }, size)
    default:
      throw TensorError(.typeError, "Unsupported dtype dtype('\(dtype.name)') for standard_normal")
    }
  }

  /// `integers(low, high=None, size=None, dtype=np.int64, endpoint=False)`, in `dtype`.
  public mutating func integers(
    low: Int64, high: Int64? = nil, size: [Int]?, dtype: DType = .int64, endpoint: Bool = false
  ) throws -> Tensor {
    if let size, size.reduce(1, { $0.multipliedReportingOverflow(by: $1).partialValue }) == 0 {
      // NumPy returns the empty array before looking at the bounds.
      _ = try Self.mapped { try Self.integerBounds(dtype) }
      _ = try Self.count(size, dtype: dtype)
      return try Tensor(zeros: size, dtype: dtype)
    }
    let n = try Self.count(size, dtype: dtype, copies: 3)
    let values = try Self.mapped {
      try integers(low: low, high: high, count: n, dtype: dtype, endpoint: endpoint)
    }
    var t = try Tensor(values, shape: size ?? []).astype(dtype)
    t.isScalar = size == nil
    return t
  }

  /// `shuffle(x)`: reorders `x` in place along its first axis. A 0-d array is NumPy's
  /// `TypeError: len() of unsized object`.
  public mutating func shuffle(_ x: Tensor) throws {
    guard x.ndim > 0 else { throw TensorError(.typeError, "len() of unsized object") }
    try Self.checkWorkingMemory(elements: x.shape[0], copies: 3, shape: x.shape, dtype: x.dtype)
    let order = shuffledOrder(x.shape[0])
    guard order.count > 1 else { return }
    let picked = try x.get([.array(try Tensor(order.map(Int64.init), shape: [order.count]))])
    x.assign(from: picked)
  }

  /// `permutation(n)`: `arange(n)` shuffled (empty for `n <= 0`).
  public mutating func permutation(_ n: Int) throws -> Tensor {
    try Tensor.checkAllocation([max(n, 0)], dtype: .int64)
    try Self.checkWorkingMemory(elements: n, copies: 3, shape: [max(n, 0)], dtype: .int64)
    let order = shuffledOrder(max(n, 0))
    return try Tensor(order.map(Int64.init), shape: [order.count])
  }

  /// `permutation(x)`: a copy of `x` with its first axis shuffled. A 0-d array is NumPy's
  /// `AxisError: axis 0 is out of bounds for array of dimension 0`.
  public mutating func permutation(_ x: Tensor) throws -> Tensor {
    guard x.ndim > 0 else {
      throw TensorError(.axisError, "axis 0 is out of bounds for array of dimension 0")
    }
    try Self.checkWorkingMemory(elements: x.shape[0], copies: 3, shape: x.shape, dtype: x.dtype)
    let order = shuffledOrder(x.shape[0])
    // Indexing with an array copies, as NumPy's permutation returns a new array.
    var out = try x.get([.array(try Tensor(order.map(Int64.init), shape: [order.count]))])
    out.isScalar = false
    return out
  }

  /// `choice(a, size=None, replace=True, p=None, shuffle=True)` for an integer `a`: int64 indices
  /// into `range(a)`.
  public mutating func choice(
    _ a: Int, size: [Int]?, replace: Bool = true, p: [Double]? = nil, pIsFloat32: Bool = false,
    shuffle: Bool = true
  ) throws -> Tensor {
    let idx = try choiceIndices(
      populationSize: a, fromArray: false, size: size, replace: replace, p: p, pIsFloat32: pIsFloat32,
      shuffle: shuffle)
    return try Self.shaped(idx.map(Int64.init), size)
  }

  /// `choice(x, ...)` for an array `x` of at least one dimension: elements (rows) of `x` along its
  /// first axis. `size=None` gives one element (a scalar for a 1-d `x`).
  public mutating func choice(
    _ x: Tensor, size: [Int]?, replace: Bool = true, p: [Double]? = nil, pIsFloat32: Bool = false,
    shuffle: Bool = true
  ) throws -> Tensor {
    guard x.ndim > 0 else { throw TensorError.value("a must be a sequence or an integer") }
    let idx = try choiceIndices(
      populationSize: x.shape[0], fromArray: true, size: size, replace: replace, p: p,
      pIsFloat32: pIsFloat32, shuffle: shuffle)
    if size == nil, let i = idx.first {
      return try x.get([.int(i)]).copy()
    }
    let picked = try x.get([.array(try Tensor(idx.map(Int64.init), shape: [idx.count]))])
    var out = try picked.reshape((size ?? []) + Array(x.shape.dropFirst())).copy()
    out.isScalar = false
    return out
  }

  /// The checks and allocation limits around ``choiceIndices(populationSize:fromArray:count:sizeGiven:replace:p:pIsFloat32:shuffle:)``.
  mutating func choiceIndices(
    populationSize: Int, fromArray: Bool, size: [Int]?, replace: Bool, p: [Double]?, pIsFloat32: Bool,
    shuffle: Bool
  ) throws -> [Int] {
    // np.prod(size), wrapping as NumPy's does; negative products are refused by the draws.
    let product = size?.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue } ?? 1
    if size != nil, product > 0 { _ = try Self.count(size, dtype: .int64, copies: 4) }
    if !replace, p == nil, product > 0, product <= populationSize {
      if populationSize > 10000, product > populationSize / (shuffle ? 50 : 20) {
        // The tail shuffle works on all of 0..<a.
        try Self.checkWorkingMemory(
          elements: populationSize, copies: 1, shape: [populationSize], dtype: .int64)
      } else {
        // Floyd's hash set has the smallest power of two above 1.2 * size slots.
        try Self.checkWorkingMemory(
          elements: product, copies: 4 + 3, shape: size ?? [product], dtype: .int64)
      }
    }
    return try Self.mapped {
      if replace, size != nil, product < 0 { _ = try RandomState.elementCount(size ?? []) }
      return try choiceIndices(
        populationSize: populationSize, fromArray: fromArray, count: product, sizeGiven: size != nil,
        replace: replace, p: p, pIsFloat32: pIsFloat32, shuffle: shuffle)
    }
  }
}
