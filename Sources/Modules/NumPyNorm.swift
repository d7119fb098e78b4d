import Script
import Tensors

/// `np.linalg.norm(x, ord=None, axis=None, keepdims=False)` with NumPy 2's orders: for vectors
/// `None`/2, 1, `inf`, `-inf`, 0 and any other power; for matrices (two axes) `None`/`'fro'`,
/// `'nuc'`, 1, -1, 2, -2, `inf`, `-inf`. Integer input is computed in float64, float32 stays
/// float32, as in NumPy.
enum NumPyNorm {
  /// The `ord` argument: absent, a number (including ±inf) or a name (`'fro'`, `'nuc'`).
  enum Order: Equatable {
    case none
    case number(Double)
    case name(String)

    init(_ v: Value) throws {
      switch v {
      case .none: self = .none
      case .bool(let b): self = .number(b ? 1 : 0)
      case .int(let n): self = .number(Double(n))
      case .float(let d): self = .number(d)
      case .str(let s): self = .name(s)
      default:
        let t = try Convert.tensor(v)
        guard t.count == 1 else {
          throw ScriptError(
            .valueError,
            "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")
        }
        self = .number(try t.astype(.float64).toArray(Double.self)[0])
      }
    }

  }

  static func norm(_ input: Tensor, ord: Order, axis axisValue: Value, keepdims: Bool) throws -> Tensor {
    var result = try computeNorm(input, ord: ord, axis: axisValue, keepdims: keepdims)
    // Like NumPy's reductions, a 0-d result is a NumPy scalar (`np.float64(5.0)`).
    result.isScalar = result.ndim == 0
    return result
  }

  private static func computeNorm(_ input: Tensor, ord: Order, axis axisValue: Value, keepdims: Bool) throws
    -> Tensor
  {
    let x = input.dtype.isFloatingPoint ? input : try input.astype(.float64)
    let nd = x.ndim
    if axisValue.isNone {
      let fast: Bool
      switch ord {
      case .none: fast = true
      case .name(let s): fast = (s == "f" || s == "fro") && nd == 2
      case .number(let p): fast = p == 2 && nd == 1
      }
      if fast {
        let flat = try x.reshape([-1])
        let ret = try squares(flat).reduce(.sum).sqrt()
        return keepdims ? try ret.reshape([Int](repeating: 1, count: nd)) : ret
      }
    }
    let axes = try axisList(axisValue, nd)
    switch axes.count {
    case 1: return try vectorNorm(x, ord, axes[0], keepdims)
    case 2: return try matrixNorm(x, ord, axes[0], axes[1], keepdims)
    default: throw ScriptError(.valueError, "Improper number of dimensions to norm.")
    }
  }

  /// NumPy takes None (every axis), an integer or a tuple of integers.
  private static func axisList(_ v: Value, _ nd: Int) throws -> [Int] {
    switch v {
    case .none: return Array(0..<nd)
    case .int(let n): return [n]
    case .bool(let b): return [b ? 1 : 0]
    case .tuple(let items):
      return try items.map { item in
        guard case .int(let n) = item else {
          throw ScriptError(.typeError, "'\(item.typeName)' object cannot be interpreted as an integer")
        }
        return n
      }
    default: throw ScriptError(.typeError, "'axis' must be None, an integer or a tuple of integers")
    }
  }

  private static func normalized(_ axis: Int, _ nd: Int) throws -> Int {
    try Tensor.normalizeAxis(axis, ndim: nd)
  }

  private static func squares(_ x: Tensor) throws -> Tensor {
    try Tensor.binary(.multiply, .tensor(x), .tensor(x))
  }

  /// `op` over `axes`; an empty axis gives 0 where NumPy passes `initial=0`.
  private static func reduce(_ x: Tensor, _ op: ReduceOp, _ axes: [Int], keepdims: Bool, zeroIfEmpty: Bool)
    throws
    -> Tensor
  {
    if zeroIfEmpty, axes.contains(where: { x.shape[$0] == 0 }) {
      var shape: [Int] = []
      for (i, d) in x.shape.enumerated() {
        if axes.contains(i) {
          if keepdims { shape.append(1) }
        } else {
          shape.append(d)
        }
      }
      return try Tensor(zeros: shape, dtype: x.dtype)
    }
    return try x.reduce(op, axes: axes, keepdims: keepdims)
  }

  private static func vectorNorm(_ x: Tensor, _ ord: Order, _ axisIn: Int, _ keepdims: Bool) throws -> Tensor
  {
    let axis = try normalized(axisIn, x.ndim)
    switch ord {
    case .none:
      return try squares(x).reduce(.sum, axes: [axis], keepdims: keepdims).sqrt()
    case .name(let s):
      throw ScriptError(.valueError, "Invalid norm order '\(s)' for vectors")
    case .number(let p):
      if p == .infinity {
        return try reduce(try x.abs(), .max, [axis], keepdims: keepdims, zeroIfEmpty: true)
      }
      if p == -.infinity { return try x.abs().reduce(.min, axes: [axis], keepdims: keepdims) }
      if p == 0 {
        let nonzero = try Tensor.binary(.notEqual, .tensor(x), .pyInt(0))
        return try nonzero.astype(x.dtype).reduce(.sum, axes: [axis], keepdims: keepdims)
      }
      if p == 1 { return try x.abs().reduce(.sum, axes: [axis], keepdims: keepdims) }
      if p == 2 { return try squares(x).reduce(.sum, axes: [axis], keepdims: keepdims).sqrt() }
      let powered = try Tensor.binary(.power, .tensor(try x.abs()), .pyFloat(p))
      let total = try powered.reduce(.sum, axes: [axis], keepdims: keepdims)
      // NumPy raises to `reciprocal(ord, dtype=ret.dtype)`: 1/ord rounded to the result's type.
      let inverse =
        total.dtype == .float32
        ? try Tensor([Float(1) / Float(p)], shape: []) : try Tensor([1 / p], shape: []).astype(total.dtype)
      return try Tensor.binary(.power, .tensor(total), .tensor(inverse))
    }
  }

  private static func matrixNorm(_ x: Tensor, _ ord: Order, _ rowIn: Int, _ colIn: Int, _ keepdims: Bool)
    throws
    -> Tensor
  {
    let nd = x.ndim
    let row = try normalized(rowIn, nd)
    let col = try normalized(colIn, nd)
    guard row != col else { throw ScriptError(.valueError, "Duplicate axes given.") }
    let ret: Tensor
    // Sums of |x| down the columns (over rows) or along the rows, then the extreme of those.
    func columnSums(_ op: ReduceOp) throws -> Tensor {
      let sums = try x.abs().reduce(.sum, axes: [row])
      return try reduce(sums, op, [col > row ? col - 1 : col], keepdims: false, zeroIfEmpty: op == .max)
    }
    func rowSums(_ op: ReduceOp) throws -> Tensor {
      let sums = try x.abs().reduce(.sum, axes: [col])
      return try reduce(sums, op, [row > col ? row - 1 : row], keepdims: false, zeroIfEmpty: op == .max)
    }
    switch ord {
    case .none, .name("f"), .name("fro"):
      ret = try squares(x).reduce(.sum, axes: [row, col]).sqrt()
    case .name("nuc"): ret = try singularValues(x, row, col, .sum)
    case .number(2): ret = try singularValues(x, row, col, .max)
    case .number(-2): ret = try singularValues(x, row, col, .min)
    case .number(1): ret = try columnSums(.max)
    case .number(-1): ret = try columnSums(.min)
    case .number(.infinity): ret = try rowSums(.max)
    case .number(-.infinity): ret = try rowSums(.min)
    default: throw ScriptError(.valueError, "Invalid norm order for matrices.")
    }
    guard keepdims else { return ret }
    var shape = x.shape
    shape[row] = 1
    shape[col] = 1
    return try ret.reshape(shape)
  }

  /// `op` (max, min or sum) of the singular values of the matrices on axes `row`, `col`.
  private static func singularValues(_ x: Tensor, _ row: Int, _ col: Int, _ op: ReduceOp) throws -> Tensor {
    let order = (0..<x.ndim).filter { $0 != row && $0 != col } + [row, col]
    let s = try x.transpose(order).svd(fullMatrices: false, computeUV: false).s
    return try reduce(s, op, [s.ndim - 1], keepdims: false, zeroIfEmpty: op != .min)
  }
}
