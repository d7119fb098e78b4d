import Foundation
import Script
import Tensors

/// The function forms: `normalize`, `scale` and `minmax_scale`, with NumPy's reductions
/// (`np.mean`/`np.std` for `scale`, in the data's float dtype).
enum SklearnScaling {
  static func addFunctions(to m: ModuleObject) {
    m.addFunction("normalize", signature: "X, norm='l2', *, axis=1, copy=True, return_norm=False") {
      a, interp in
      guard case .str(let norm) = a["norm"], ["l1", "l2", "max"].contains(norm) else {
        throw ScriptError(
          ErrorKind("InvalidParameterError"),
          "The 'norm' parameter of normalize must be a str among {'l2', 'l1', 'max'}. Got \(reprValue(a["norm"])) instead."
        )
      }
      let axis = try axisArgument(a["axis"], "normalize")
      let (x, _) = try FloatMatrix.check(
        a["X"], estimator: "the normalize function", allowNaN: false, name: nil)
      var lanes = Lanes(x, axis: axis)
      var norms: [Double] = []
      for l in 0..<lanes.count {
        let v = lanes.lane(l)
        let n: Double
        switch norm {
        case "l1": n = lanes.sum(v.map(abs), contiguous: axis == 1)
        case "max": n = v.map(abs).max() ?? 0
        default:
          if x.isFloat32 {
            var s: Float = 0
            for e in v { s += Float(e) * Float(e) }
            n = Double(s.squareRoot())
          } else {
            var s = 0.0
            for e in v { s += e * e }
            n = s.squareRoot()
          }
        }
        let tiny = x.isFloat32 ? 10 * Double(Float.ulpOfOne) : 10 * Double.ulpOfOne
        let d = n < tiny ? 1.0 : n
        norms.append(d)
        lanes.setLane(l, v.map { x.isFloat32 ? Double(Float($0) / Float(d)) : $0 / d })
      }
      let result = try lanes.matrix.value()
      if try interp.truthy(a["return_norm"]) {
        return .tuple([result, FeatureVector(values: norms, isFloat32: x.isFloat32).value])
      }
      return result
    }
    m.addFunction("scale", signature: "X, *, axis=0, with_mean=True, with_std=True, copy=True") { a, interp in
      let axis = try axisArgument(a["axis"], "scale")
      let (x, ndim) = try FloatMatrix.check(
        a["X"], estimator: "the scale function", ensure2D: false, name: nil)
      let withMean = try interp.truthy(a["with_mean"])
      let withStd = try interp.truthy(a["with_std"])
      if ndim == 1 && axis == 1 {
        throw ScriptError(.valueError, "axis 1 is out of bounds for array of dimension 1")
      }
      var lanes = Lanes(x, axis: axis)
      // Summing runs along memory for a row (axis=1) or for a single column.
      let contiguous = axis == 1 || x.columns == 1
      for l in 0..<lanes.count {
        var v = lanes.lane(l)
        let kept = v.filter { !$0.isNaN }
        let n = Double(kept.count)
        let round: (Double) -> Double = { x.isFloat32 ? Double(Float($0)) : $0 }
        let mean = round(lanes.sum(kept, contiguous: contiguous) / n)
        if withStd {
          let deviations = kept.map { round($0 - mean) }
          let variance = round(lanes.sum(deviations.map { round($0 * $0) }, contiguous: contiguous) / n)
          var std = round(variance.squareRoot())
          let tiny = x.isFloat32 ? 10 * Double(Float.ulpOfOne) : 10 * Double.ulpOfOne
          if std < tiny { std = 1 }
          if withMean { v = v.map { round($0 - mean) } }
          v = v.map { round($0 / std) }
        } else if withMean {
          v = v.map { round($0 - mean) }
        }
        lanes.setLane(l, v)
      }
      return try lanes.matrix.value(shape: ndim == 1 ? [x.rows] : nil)
    }
    m.addFunction("minmax_scale", signature: "X, feature_range=(0, 1), *, axis=0, copy=True") { a, interp in
      let axis = try axisArgument(a["axis"], "minmax_scale")
      let (x, ndim) = try FloatMatrix.check(
        a["X"], estimator: "the minmax_scale function", ensure2D: false, name: nil)
      if ndim == 1 && axis == 1 {
        throw ScriptError(.valueError, "axis 1 is out of bounds for array of dimension 1")
      }
      let oriented = axis == 0 ? x : Lanes(x, axis: 1).transposed
      let scaler = MinMaxScalerObject(
        EstimatorParameters([
          .init(name: "feature_range", value: a["feature_range"], defaultRepr: "(0, 1)"),
          .init(name: "copy", value: .bool(true), defaultRepr: "True"),
          .init(name: "clip", value: .bool(false), defaultRepr: "False"),
        ]))
      let input = try oriented.value()
      try scaler.partialFit(input, interp)
      let scaled = try scaler.transform(input, interp)
      var (result, _) = try FloatMatrix.check(scaled, estimator: "the minmax_scale function")
      if axis == 1 { result = Lanes(result, axis: 1).transposed }
      return try result.value(shape: ndim == 1 ? [x.rows] : nil)
    }
  }

  static func axisArgument(_ v: Value, _ function: String) throws -> Int {
    if let i = v.intValue, case .int = v, i == 0 || i == 1 { return i }
    throw ScriptError(
      ErrorKind("InvalidParameterError"),
      "The 'axis' parameter of \(function) must be a int among {0, 1}. Got \(reprValue(v)) instead.")
  }
}

/// The rows (axis=1) or columns (axis=0) of a float matrix, read and written as vectors.
struct Lanes {
  var matrix: FloatMatrix
  let axis: Int

  init(_ matrix: FloatMatrix, axis: Int) {
    self.matrix = matrix
    self.axis = axis
  }

  var count: Int { axis == 1 ? matrix.rows : matrix.columns }

  func lane(_ l: Int) -> [Double] {
    axis == 1 ? (0..<matrix.columns).map { matrix[l, $0] } : (0..<matrix.rows).map { matrix[$0, l] }
  }

  mutating func setLane(_ l: Int, _ v: [Double]) {
    for (i, e) in v.enumerated() {
      if axis == 1 { matrix[l, i] = e } else { matrix[i, l] = e }
    }
  }

  /// The matrix transposed.
  var transposed: FloatMatrix {
    var t = FloatMatrix(
      values: [Double](repeating: 0, count: matrix.values.count), rows: matrix.columns, columns: matrix.rows,
      isFloat32: matrix.isFloat32)
    for r in 0..<matrix.rows { for c in 0..<matrix.columns { t[c, r] = matrix[r, c] } }
    return t
  }

  /// A sum as NumPy reduces in the matrix's dtype: pairwise along memory, else in order.
  func sum(_ v: [Double], contiguous: Bool) -> Double {
    if matrix.isFloat32 {
      let f = v.map { Float($0) }
      if contiguous { return Double(0 + ColumnSum.pairwise(f[...])) }
      var s: Float = 0
      for e in f { s += e }
      return Double(s)
    }
    if contiguous { return 0 + ColumnSum.pairwise(v[...]) }
    var s = 0.0
    for e in v { s += e }
    return s
  }
}
