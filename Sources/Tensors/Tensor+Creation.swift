import Foundation

/// Array constructors: `zeros ones full arange linspace eye`, `*_like`.
extension Tensor {
  /// A tensor of `shape` filled with `value` converted to `dtype`.
  public static func full(_ shape: [Int], _ value: ScalarValue, dtype: DType) throws -> Tensor {
    let out = try Tensor(zeros: shape, dtype: dtype)
    if value.asDouble != 0 || value == .float(.nan) {
      out.assign(from: try Tensor(scalar: value, dtype: dtype, isScalar: false).broadcast(to: shape))
    }
    return out
  }

  /// Throws NumPy's `MemoryError` (or `ValueError` for negative or overflowing shapes) when a
  /// tensor of `shape` and `dtype` could not be allocated, before any work is done.
  public static func checkAllocation(_ shape: [Int], dtype: DType) throws {
    let count = try checkedCount(shape)
    let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
    if overflow || bytes > TensorStorage.allocationLimit {
      throw TensorError(
        .memoryError,
        "Unable to allocate \(overflow ? "more than 8 EiB" : TensorStorage.humanBytes(bytes)) for an array with "
          + "shape \(formatShape(shape)) and data type \(dtype.name)")
    }
  }

  /// Ones of `shape`. Defaults to float64, as NumPy.
  public static func ones(_ shape: [Int], dtype: DType = .float64) throws -> Tensor {
    try full(shape, .int(1), dtype: dtype)
  }

  /// Zeros of `shape`. Defaults to float64, as NumPy.
  public static func zeros(_ shape: [Int], dtype: DType = .float64) throws -> Tensor {
    try Tensor(zeros: shape, dtype: dtype)
  }

  /// The n×n identity. Defaults to float64.
  public static func eye(_ n: Int, dtype: DType = .float64) throws -> Tensor {
    let out = try Tensor(zeros: [n, n], dtype: dtype)
    let one = Tensor(scalar: .int(1), dtype: dtype, isScalar: false)
    for i in 0..<n { try out.set([.int(i), .int(i)], .tensor(one)) }
    return out
  }

  /// `arange(start, stop, step)`: int64 when every bound is an integer, else float64
  /// (or the given dtype). Elements are `start + i * step` for `ceil((stop - start) / step)` values.
  public static func arange(
    start: ScalarValue = .int(0), stop: ScalarValue, step: ScalarValue = .int(1), dtype: DType? = nil
  ) throws -> Tensor {
    let allIntegers = [start, stop, step].allSatisfy {
      if case .float = $0 { return false } else { return true }
    }
    let outType = dtype ?? (allIntegers ? .int64 : .float64)
    let s = start.asDouble
    let e = stop.asDouble
    let d = step.asDouble
    if d == 0 { throw TensorError(.valueError, "Maximum allowed size exceeded") }
    let lengthD = Foundation.ceil((e - s) / d)
    guard lengthD.isFinite else { throw TensorError(.valueError, "arange: cannot compute length") }
    let length = Swift.max(0, lengthD > 1e15 ? Int.max : Int(lengthD))
    let out = try Tensor(zeros: [length], dtype: outType)
    if allIntegers, case .int(let a) = start, case .int(let b) = step, outType == .int64 {
      let p = out.base(Int64.self)
      for i in 0..<length { p[i] = a &+ Int64(i) &* b }
    } else {
      let values = (0..<length).map { s + Double($0) * d }
      out.assign(from: try Tensor(values, shape: [length]))
    }
    return out
  }

  /// `linspace(start, stop, num)`: evenly spaced float64 values. Defaults: 50 values, `stop` included.
  public static func linspace(_ start: Double, _ stop: Double, num: Int = 50, endpoint: Bool = true) throws
    -> Tensor
  {
    guard num >= 0 else { throw TensorError.value("Number of samples, \(num), must be non-negative.") }
    let out = try Tensor(zeros: [num], dtype: .float64)
    let div = endpoint ? num - 1 : num
    let step = div > 0 ? (stop - start) / Double(div) : 0
    let p = out.base(Double.self)
    for i in 0..<num { p[i] = start + Double(i) * step }
    if endpoint && num > 1 { p[num - 1] = stop }
    return out
  }
}
