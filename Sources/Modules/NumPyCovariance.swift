import Script
import Tensors

/// `np.cov` and `np.corrcoef` (rows are variables unless `rowvar=False`; computed in float64
/// as NumPy does), and the membership tests `np.isin` and `np.digitize`.
enum NumPyCovariance {
  static func install(_ np: ModuleObject) {
    np.addFunction("cov", signature: "m, y=None, rowvar=True, bias=False, ddof=None") { a, interp in
      let ddof = a["ddof"].isNone ? nil : try a.int("ddof")
      return Convert.value(
        try covariance(
          a["m"], a["y"], rowvar: try interp.truthy(a["rowvar"]), bias: try interp.truthy(a["bias"]),
          ddof: ddof,
          interp))
    }
    np.addFunction("corrcoef", signature: "x, y=None, rowvar=True") { a, interp in
      let c = try covariance(
        a["x"], a["y"], rowvar: try interp.truthy(a["rowvar"]), bias: false, ddof: nil, interp)
      return Convert.value(try Convert.tensors { try correlation(c) })
    }
    np.addFunction("isin", signature: "element, test_elements, assume_unique=False, invert=False") {
      a, interp in
      let element = try Convert.tensor(a["element"])
      let tests = try Convert.tensor(a["test_elements"])
      let invert = try interp.truthy(a["invert"])
      let pool = Set(
        try Convert.tensors { try tests.astype(.float64).toArray(Double.self) }.filter { !$0.isNaN })
      let values = try Convert.tensors { try element.astype(.float64).toArray(Double.self) }
      let found = values.map { pool.contains($0) != invert }
      return Convert.value(try Convert.tensors { try Tensor(found, shape: element.shape) })
    }
    np.addFunction("digitize", signature: "x, bins, right=False") { a, interp in
      let x = try Convert.tensor(a["x"])
      let binsTensor = try Convert.tensor(a["bins"])
      guard binsTensor.ndim == 1 else { throw ScriptError(.valueError, "object too deep for desired array") }
      let bins = try Convert.tensors { try binsTensor.astype(.float64).toArray(Double.self) }
      let right = try interp.truthy(a["right"])
      let increasing = zip(bins, bins.dropFirst()).allSatisfy { $0 <= $1 }
      let decreasing = zip(bins, bins.dropFirst()).allSatisfy { $0 >= $1 }
      guard increasing || decreasing else {
        throw ScriptError(.valueError, "bins must be monotonically increasing or decreasing")
      }
      let values = try Convert.tensors { try x.astype(.float64).toArray(Double.self) }
      let indices = values.map { v -> Int64 in
        if increasing {
          return Int64(insertionPoint(bins, v, afterEqual: !right))
        }
        let reversed = Array(bins.reversed())
        return Int64(bins.count - insertionPoint(reversed, v, afterEqual: !right))
      }
      var result = try Convert.tensors { try Tensor(indices, shape: x.shape) }
      result.isScalar = x.ndim == 0
      return Convert.value(result)
    }
  }

  /// Where `v` goes in ascending `sorted` (NumPy's `searchsorted`): after equal entries when
  /// `afterEqual` (side='right'), before them otherwise; NaN sorts last.
  private static func insertionPoint(_ sorted: [Double], _ v: Double, afterEqual: Bool) -> Int {
    func before(_ b: Double) -> Bool {
      // Is `b` placed before `v`?
      if v.isNaN { return afterEqual || !b.isNaN }
      if b.isNaN { return false }
      return afterEqual ? b <= v : b < v
    }
    var lo = 0
    var hi = sorted.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if before(sorted[mid]) { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// `np.cov`: rows of `m` (and of `y`) are variables, columns observations.
  private static func covariance(
    _ m: Value, _ y: Value, rowvar: Bool, bias: Bool, ddof: Int?, _ interp: Interpreter
  )
    throws -> Tensor
  {
    func rows(_ v: Value) throws -> Tensor {
      var t = try Convert.tensors { try Convert.tensor(v).astype(.float64) }
      guard t.ndim <= 2 else { throw ScriptError(.valueError, "m has more than 2 dimensions") }
      t = try Convert.tensors { try t.reshape(t.ndim == 2 ? t.shape : [1, t.count]) }
      if !rowvar && t.shape[0] != 1 { t = try Convert.tensors { try t.transpose() } }
      return t
    }
    var x = try rows(m)
    if x.shape[0] == 0 { return try Convert.tensors { try Tensor(zeros: [0, 0], dtype: .float64) } }
    if !y.isNone {
      let other = try rows(y)
      x = try Convert.tensors { try Tensor.concatenate([x, other], axis: 0) }
    }
    let observations = x.shape[1]
    var fact = Double(observations - (ddof ?? (bias ? 0 : 1)))
    if fact <= 0 {
      interp.warn("Degrees of freedom <= 0 for slice", category: "RuntimeWarning")
      fact = 0
    }
    return try Convert.tensors {
      let mean = try x.reduce(.mean, axes: [1], keepdims: true)
      let centred = try Tensor.binary(.subtract, .tensor(x), .tensor(mean))
      let product = try Tensor.matmul(centred, try centred.transpose())
      // NumPy multiplies by 1/fact rather than dividing.
      let scaled = try Tensor.binary(.multiply, .tensor(product), .pyFloat(1 / fact))
      return try scaled.squeeze()
    }
  }

  /// `np.corrcoef` from a covariance matrix: each entry over the product of the standard
  /// deviations, clipped to [-1, 1]; a single variable gives `c / c`.
  private static func correlation(_ c: Tensor) throws -> Tensor {
    guard c.ndim == 2 else {
      var ratio = try Tensor.binary(.trueDivide, .tensor(c), .tensor(c))
      ratio.isScalar = true
      return ratio
    }
    let n = c.shape[0]
    let diagonal = try c.reshape([-1]).get([.slice(start: 0, stop: nil, step: n + 1)])
    let deviation = try diagonal.sqrt()
    let byRow = try Tensor.binary(.trueDivide, .tensor(c), .tensor(try deviation.reshape([n, 1])))
    let both = try Tensor.binary(.trueDivide, .tensor(byRow), .tensor(try deviation.reshape([1, n])))
    return try Tensor.clip(.tensor(both), .pyFloat(-1), .pyFloat(1))
  }
}
