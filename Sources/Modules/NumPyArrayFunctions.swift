import Foundation
import Script
import Tensors

/// More of NumPy's array functions that lessons reach for when checking data: NaN and
/// infinity tests, `isclose`, the `nan*` reductions, `flip`, `ravel`, `*_like`, `identity`,
/// `outer` and `linalg.norm`. Built from the Tensors operations, with NumPy's result dtypes.
extension NumPyModule {
  static func addArrayFunctions(_ np: ModuleObject) {
    for (name, kind) in [("isnan", FloatClass.nan), ("isinf", .infinite), ("isfinite", .finite)] {
      np.addFunction(name, signature: "x, /") { a, _ in
        var r = try Convert.tensors { try Convert.tensor(a["x"]).classify(kind) }
        if isPythonScalar(a["x"]) { r.isScalar = true }
        return Convert.value(r)
      }
    }
    np.addFunction("nan_to_num", signature: "x, copy=True, nan=0.0, posinf=None, neginf=None") { a, _ in
      let x = try Convert.tensor(a["x"])
      guard x.dtype.isFloatingPoint else { return Convert.value(try Convert.tensors { try x.copy() }) }
      let largest =
        x.dtype == .float32 ? Double(Float.greatestFiniteMagnitude) : Double.greatestFiniteMagnitude
      let nan = try a.double("nan")
      let posinf = a["posinf"].isNone ? largest : try a.double("posinf")
      let neginf = a["neginf"].isNone ? -largest : try a.double("neginf")
      let r = try Convert.tensors {
        var t = try Tensor.where(
          try x.classify(.nan), .tensor(try Tensor(scalar: nan).astype(x.dtype)), .tensor(x))
        let positive = try Tensor.binary(.equal, .tensor(t), .pyFloat(.infinity))
        t = try Tensor.where(positive, .tensor(try Tensor(scalar: posinf).astype(x.dtype)), .tensor(t))
        let negative = try Tensor.binary(.equal, .tensor(t), .pyFloat(-.infinity))
        t = try Tensor.where(negative, .tensor(try Tensor(scalar: neginf).astype(x.dtype)), .tensor(t))
        t.isScalar = x.isScalar
        return t
      }
      return Convert.value(r)
    }
    np.addFunction("isclose", signature: "a, b, rtol=1e-05, atol=1e-08, equal_nan=False") { a, _ in
      Convert.value(try isClose(a))
    }
    addNaNReductions(np)
    np.addFunction("flip", signature: "m, axis=None") { a, _ in
      let m = try Convert.tensor(a["m"])
      let axes = try Convert.axes(a["axis"]) ?? Array(0..<m.ndim)
      var index = [TensorIndex](repeating: .all, count: m.ndim)
      for axis in axes {
        guard axis >= -m.ndim, axis < m.ndim else {
          throw ScriptError("AxisError", "axis \(axis) is out of bounds for array of dimension \(m.ndim)")
        }
        index[axis < 0 ? axis + m.ndim : axis] = .slice(start: nil, stop: nil, step: -1)
      }
      return Convert.value(try Convert.tensors { try m.get(index) })
    }
    np.addFunction("ravel", signature: "a, order='C'") { a, _ in
      Convert.value(try Convert.tensors { try Convert.tensor(a["a"]).reshape([-1]) })
    }
    // empty_like's contents are unspecified in NumPy; here they are zeros.
    for (name, fill) in [("full_like", nil), ("empty_like", 0.0)] as [(String, Double?)] {
      let spec = fill == nil ? "a, fill_value, dtype=None" : "prototype, dtype=None"
      np.addFunction(name, signature: spec) { a, _ in
        let like = try Convert.tensor(a[fill == nil ? "a" : "prototype"])
        let dtype = try Convert.dtype(a["dtype"]) ?? like.dtype
        let value: Value = fill.map { .float($0) } ?? a["fill_value"]
        let r = try Convert.tensors {
          let filler = try Convert.tensor(value).astype(dtype)
          return try Tensor.binary(
            .add, .tensor(try Tensor(zeros: like.shape, dtype: dtype)), .tensor(filler)
          )
          .astype(dtype)
        }
        return Convert.value(r)
      }
    }
    np.addFunction("identity", signature: "n, dtype=None") { a, _ in
      let n = try a.int("n")
      guard n >= 0 else { throw ScriptError(.valueError, "negative dimensions are not allowed") }
      return Convert.value(
        try Convert.tensors { try Tensor.eye(n, dtype: try Convert.dtype(a["dtype"]) ?? .float64) })
    }
    np.addFunction("outer", signature: "a, b, out=None") { a, _ in
      let x = try Convert.tensors { try Convert.tensor(a["a"]).reshape([-1, 1]) }
      let y = try Convert.tensors { try Convert.tensor(a["b"]).reshape([1, -1]) }
      return Convert.value(try Convert.tensors { try Tensor.binary(.multiply, .tensor(x), .tensor(y)) })
    }
    let linalg = ModuleObject(name: "numpy.linalg", documentation: "NumPy's linear algebra on LAPACK")
    NumPyLinalg.install(linalg)
    linalg.addFunction("norm", signature: "x, ord=None, axis=None, keepdims=False") { a, _ in
      let x = try Convert.tensor(a["x"])
      let ord = try NumPyNorm.Order(a["ord"])
      let keepdims = try a.bool("keepdims")
      return Convert.value(
        try Convert.tensors { try NumPyNorm.norm(x, ord: ord, axis: a["axis"], keepdims: keepdims) })
    }
    np.attributes["linalg"] = .module(linalg)
  }

  /// Whether `v` is a Python number (NumPy's ufuncs give a NumPy scalar for those).
  private static func isPythonScalar(_ v: Value) -> Bool {
    switch v {
    case .int, .float, .bool: return true
    default: return false
    }
  }

  /// `np.isclose`: |a - b| <= atol + rtol·|b|, equal infinities close, NaN close to NaN only
  /// with `equal_nan`; computed in float64.
  private static func isClose(_ a: BoundArguments) throws -> Tensor {
    let x = try Convert.tensors { try Convert.tensor(a["a"]).astype(.float64) }
    let y = try Convert.tensors { try Convert.tensor(a["b"]).astype(.float64) }
    let (rtol, atol) = (try a.double("rtol"), try a.double("atol"))
    return try Convert.tensors {
      let difference = try Tensor.binary(.subtract, .tensor(x), .tensor(y)).abs()
      let tolerance = try Tensor.binary(
        .add, .pyFloat(atol), .tensor(try Tensor.binary(.multiply, .pyFloat(rtol), .tensor(y.abs()))))
      let near = try Tensor.binary(.lessEqual, .tensor(difference), .tensor(tolerance))
      var close = try Tensor.binary(
        .bitwiseOr, .tensor(near), .tensor(try Tensor.binary(.equal, .tensor(x), .tensor(y))))
      if try a.bool("equal_nan") {
        let bothNaN = try Tensor.binary(
          .bitwiseAnd, .tensor(try x.classify(.nan)), .tensor(try y.classify(.nan)))
        close = try Tensor.binary(.bitwiseOr, .tensor(close), .tensor(bothNaN))
      }
      close.isScalar = (x.isScalar || isPythonScalar(a["a"])) && (y.isScalar || isPythonScalar(a["b"]))
      return close
    }
  }

  /// `np.nansum`, `np.nanmean`, `np.nanmax`, `np.nanmin`: the reductions with NaN left out.
  private static func addNaNReductions(_ np: ModuleObject) {
    for (name, op) in [("nansum", ReduceOp.sum), ("nanmean", .mean), ("nanmax", .max), ("nanmin", .min)] {
      np.addFunction(name, signature: "a, axis=None, keepdims=False") { a, _ in
        let x = try Convert.tensor(a["a"])
        let axes = try Convert.axes(a["axis"])
        let keepdims = try a.bool("keepdims")
        guard x.dtype.isFloatingPoint else {
          return Convert.value(try Convert.tensors { try x.reduce(op, axes: axes, keepdims: keepdims) })
        }
        let r: Tensor = try Convert.tensors {
          let isNaN = try x.classify(.nan)
          switch op {
          case .sum:
            return try Tensor.where(isNaN, .tensor(try Tensor(zeros: [], dtype: x.dtype)), .tensor(x))
              .reduce(.sum, axes: axes, keepdims: keepdims)
          case .mean:
            let sum = try Tensor.where(isNaN, .tensor(try Tensor(zeros: [], dtype: x.dtype)), .tensor(x))
              .reduce(.sum, axes: axes, keepdims: keepdims)
            let count = try isNaN.unary(.invert).astype(x.dtype).reduce(.sum, axes: axes, keepdims: keepdims)
            return try Tensor.binary(.trueDivide, .tensor(sum), .tensor(count)).astype(x.dtype)
          default:
            // All-NaN slices stay NaN, as NumPy's (which also warns).
            let fill: Double = op == .max ? -.infinity : .infinity
            let filled = try Tensor.where(
              isNaN, .tensor(try Tensor(scalar: fill).astype(x.dtype)), .tensor(x))
            let reduced = try filled.reduce(op, axes: axes, keepdims: keepdims)
            let allNaN = try isNaN.reduce(.all, axes: axes, keepdims: keepdims)
            return try Tensor.where(
              allNaN, .tensor(try Tensor(scalar: Double.nan).astype(x.dtype)), .tensor(reduced))
          }
        }
        var result = r
        if axes == nil && !keepdims { result.isScalar = true }
        return Convert.value(result)
      }
    }
  }
}
