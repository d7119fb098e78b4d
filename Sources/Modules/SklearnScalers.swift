import Foundation
import Script
import Tensors

/// A fitted per-feature vector (`mean_`, `scale_`, …) with the dtype NumPy gives it.
struct FeatureVector {
  var values: [Double]
  var isFloat32: Bool

  var value: Value {
    Convert.value(
      (try? isFloat32 ? Tensor(values.map { Float($0) }) : Tensor(values))
        ?? Tensor(scalar: 0.0, isScalar: false))
  }
}

/// Element-wise `X op= v` on a float matrix as NumPy does it in place: computed in float32 when
/// both are float32, else in float64, then stored in X's dtype.
enum InPlace {
  /// NumPy's broadcasting error for `X op= v` when the columns do not match (inverse
  /// transforms do not check the feature count first).
  static func checkShapes(_ x: FloatMatrix, _ n: Int) throws {
    guard x.columns != n else { return }
    if x.columns == 1 {
      throw ScriptError(
        .valueError,
        "non-broadcastable output operand with shape (\(x.rows),1) doesn't match the broadcast shape (\(x.rows),\(n))"
      )
    }
    throw ScriptError(
      .valueError,
      "operands could not be broadcast together with shapes (\(x.rows),\(x.columns)) (\(n),) (\(x.rows),\(x.columns)) "
    )
  }

  static func apply(
    _ x: inout FloatMatrix, _ v: FeatureVector, _ op: (Double, Double) -> Double,
    _ op32: (Float, Float) -> Float
  ) {
    let both32 = x.isFloat32 && v.isFloat32
    for r in 0..<x.rows {
      for c in 0..<x.columns {
        let a = x[r, c]
        let b = v.values[c]
        x[r, c] = both32 ? Double(op32(Float(a), Float(b))) : x.stored(op(a, b))
      }
    }
  }
}

/// NumPy's summation of a column: pairwise (8-way unrolled blocks of up to 128) when the
/// reduction runs along contiguous memory (one-column data), else left to right row by row.
enum ColumnSum {
  static func pairwise<T: BinaryFloatingPoint>(_ a: ArraySlice<T>) -> T {
    let n = a.count
    let s = a.startIndex
    if n < 8 {
      var res: T = 0
      for v in a { res += v }
      return res
    }
    if n <= 128 {
      var r = (0..<8).map { a[s + $0] }
      var i = 8
      while i < n - n % 8 {
        for j in 0..<8 { r[j] += a[s + i + j] }
        i += 8
      }
      var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
      while i < n {
        res += a[s + i]
        i += 1
      }
      return res
    }
    var n2 = n / 2
    n2 -= n2 % 8
    return pairwise(a[s..<(s + n2)]) + pairwise(a[(s + n2)...])
  }

  /// The sums of every column of a rows × columns row-major matrix (NaN taken as 0 when
  /// `skipNaN`), as `np.sum(X, axis=0)` (or `np.nansum`) gives them in float64. `buffered`
  /// mirrors NumPy summing float32 data into float64 through 8192-element cast buffers.
  static func sums(
    _ values: [Double], rows: Int, columns: Int, skipNaN: Bool, buffered: Bool = false
  ) -> [Double] {
    let data = skipNaN ? values.map { $0.isNaN ? 0 : $0 } : values
    if columns == 1 {
      if !buffered { return [0 + pairwise(data[...])] }
      var total = 0.0
      var start = 0
      while start < data.count {
        let end = min(start + 8192, data.count)
        total += pairwise(data[start..<end])
        start = end
      }
      return [total]
    }
    var out = [Double](repeating: 0, count: columns)
    for r in 0..<rows {
      for c in 0..<columns { out[c] += data[r * columns + c] }
    }
    return out
  }
}

/// `StandardScaler`: removes the mean and scales to unit variance, with scikit-learn's
/// `_incremental_mean_and_var` numbers (float64 statistics, also for float32 data).
final class StandardScalerObject: SklearnEstimator {
  var mean: [Double]?
  var variance: [Double]?
  var scale: [Double]?
  /// Per feature: float64 counts from the mean/variance update, int64 when neither is kept.
  var samplesSeen: [Double]?
  var countsAreIntegers = false

  init(_ params: EstimatorParameters) {
    super.init("StandardScaler", module: "sklearn.preprocessing._data", params: params)
  }

  override var isFitted: Bool { samplesSeen != nil }

  override var fittedAttributeNames: [String] {
    isFitted ? ["mean_", "var_", "scale_", "n_samples_seen_", "n_features_in_"] : []
  }

  override func fittedAttribute(_ name: String) throws -> Value? {
    guard let seen = samplesSeen else { return nil }
    func vector(_ v: [Double]?) -> Value {
      v.map { FeatureVector(values: $0, isFloat32: false).value } ?? .none
    }
    switch name {
    case "mean_": return vector(mean)
    case "var_": return vector(variance)
    case "scale_": return vector(scale)
    case "n_samples_seen_":
      if countsAreIntegers {
        let ints = seen.map { Int64($0) }
        if Set(ints).count == 1 { return Convert.value(Tensor(scalar: ints[0])) }
        return Convert.value(try Convert.tensors { try Tensor(ints) })
      }
      if Set(seen).count == 1 { return Convert.value(Tensor(scalar: seen[0])) }
      return vector(seen)
    default: return nil
    }
  }

  override var methodNames: [String] {
    ["fit", "partial_fit", "transform", "fit_transform", "inverse_transform", "get_feature_names_out"]
  }

  override func method(_ name: String) -> BuiltinFunction? {
    switch name {
    case "fit":
      return bound(name, "X, y=None, sample_weight=None") { [self] a, _ in
        try reset()
        try partialFit(a["X"], sampleWeight: a["sample_weight"])
        return .object(self)
      }
    case "partial_fit":
      return bound(name, "X, y=None, sample_weight=None") { [self] a, _ in
        try partialFit(a["X"], sampleWeight: a["sample_weight"])
        return .object(self)
      }
    case "transform":
      return bound(name, "X, copy=None") { [self] a, _ in try transform(a["X"]) }
    case "fit_transform":
      return bound(name, "X, y=None, **fit_params") { [self] a, _ in
        try reset()
        try partialFit(
          a["X"], sampleWeight: a.extraKeywords.first { $0.name == "sample_weight" }?.value ?? .none)
        return try transform(a["X"])
      }
    case "inverse_transform":
      return bound(name, "X, copy=None") { [self] a, _ in try inverseTransform(a["X"]) }
    case "get_feature_names_out":
      return bound(name, "input_features=None") { [self] a, _ in
        try checkFitted()
        return try featureNames(a["input_features"], count: nFeaturesIn ?? 0, estimator: self)
      }
    default: return nil
    }
  }

  private func reset() throws {
    mean = nil
    variance = nil
    scale = nil
    samplesSeen = nil
    nFeaturesIn = nil
  }

  private func partialFit(_ input: Value, sampleWeight: Value) throws {
    let withMean = try boolParameter("with_mean")
    let withStd = try boolParameter("with_std")
    _ = try boolParameter("copy")
    if !sampleWeight.isNone {
      throw ScriptError(
        .notImplementedError, "dnnlab's StandardScaler does not support sample_weight",
        hint: "fit without sample_weight")
    }
    let (x, _) = try FloatMatrix.check(input, estimator: className)
    try checkFeatureCount(x.columns)
    nFeaturesIn = x.columns
    let columns = x.columns
    let nanCounts = (0..<columns).map { c in (0..<x.rows).filter { x[$0, c].isNaN }.count }
    if !withMean && !withStd {
      let previous = samplesSeen ?? [Double](repeating: 0, count: columns)
      samplesSeen = (0..<columns).map { previous[$0] + Double(x.rows - nanCounts[$0]) }
      countsAreIntegers = true
      mean = nil
      variance = nil
      scale = nil
      return
    }
    let hasNaN = nanCounts.contains { $0 > 0 }
    let lastCount = samplesSeen ?? [Double](repeating: 0, count: columns)
    let lastMean = mean ?? [Double](repeating: 0, count: columns)
    let lastVariance = variance ?? [Double](repeating: 0, count: columns)
    let newSum = ColumnSum.sums(
      x.values, rows: x.rows, columns: columns, skipNaN: hasNaN, buffered: x.isFloat32)
    let newCount = (0..<columns).map { Double(x.rows) - Double(nanCounts[$0]) }
    var updatedMean = [Double](repeating: 0, count: columns)
    var updatedCount = [Double](repeating: 0, count: columns)
    var lastSum = [Double](repeating: 0, count: columns)
    for c in 0..<columns {
      lastSum[c] = lastMean[c] * lastCount[c]
      updatedCount[c] = lastCount[c] + newCount[c]
      updatedMean[c] = (lastSum[c] + newSum[c]) / updatedCount[c]
    }
    if withStd {
      let t = (0..<columns).map { newSum[$0] / newCount[$0] }
      var temp = x.values
      for r in 0..<x.rows { for c in 0..<columns { temp[r * columns + c] -= t[c] } }
      let correction = ColumnSum.sums(temp, rows: x.rows, columns: columns, skipNaN: hasNaN)
      let squares = ColumnSum.sums(temp.map { $0 * $0 }, rows: x.rows, columns: columns, skipNaN: hasNaN)
      var updatedVariance = [Double](repeating: 0, count: columns)
      for c in 0..<columns {
        let newUnnormalized = squares[c] - correction[c] * correction[c] / newCount[c]
        var unnormalized: Double
        if lastCount[c] == 0 {
          unnormalized = newUnnormalized
        } else {
          let lastOverNew = lastCount[c] / newCount[c]
          let d = lastSum[c] / lastOverNew - newSum[c]
          unnormalized =
            lastVariance[c] * lastCount[c] + newUnnormalized + lastOverNew / updatedCount[c] * (d * d)
        }
        updatedVariance[c] = unnormalized / updatedCount[c]
      }
      variance = updatedVariance
      let eps = Double.ulpOfOne
      scale = (0..<columns).map { c in
        let v = updatedVariance[c]
        let n = updatedCount[c]
        let m = updatedMean[c] * n * eps
        // Near-constant features (within the two-pass algorithm's error bound) keep scale 1.
        let bound = n * eps * v + m * m
        return v <= bound ? 1.0 : v.squareRoot()
      }
    } else {
      variance = nil
      scale = nil
    }
    mean = updatedMean
    samplesSeen = updatedCount
    countsAreIntegers = false
  }

  private func transform(_ input: Value) throws -> Value {
    try checkFitted()
    var (x, _) = try FloatMatrix.check(input, estimator: className)
    try checkFeatureCount(x.columns)
    if try boolParameter("with_mean"), let mean {
      InPlace.apply(&x, FeatureVector(values: mean, isFloat32: x.isFloat32), -, -)
    }
    if try boolParameter("with_std"), let scale {
      InPlace.apply(&x, FeatureVector(values: scale, isFloat32: x.isFloat32), /, /)
    }
    return try x.value()
  }

  private func inverseTransform(_ input: Value) throws -> Value {
    try checkFitted()
    var (x, _) = try FloatMatrix.check(input, estimator: className)
    if try boolParameter("with_std"), let scale {
      try InPlace.checkShapes(x, scale.count)
      InPlace.apply(&x, FeatureVector(values: scale, isFloat32: x.isFloat32), *, *)
    }
    if try boolParameter("with_mean"), let mean {
      try InPlace.checkShapes(x, mean.count)
      InPlace.apply(&x, FeatureVector(values: mean, isFloat32: x.isFloat32), +, +)
    }
    return try x.value()
  }
}

/// `MinMaxScaler`: maps each feature's observed range onto `feature_range`; the statistics
/// keep the data's float dtype, as scikit-learn's do.
final class MinMaxScalerObject: SklearnEstimator {
  var dataMin: FeatureVector?
  var dataMax: FeatureVector?
  var dataRange: FeatureVector?
  var scale: FeatureVector?
  var minimum: FeatureVector?
  var samplesSeen = 0

  init(_ params: EstimatorParameters) {
    super.init("MinMaxScaler", module: "sklearn.preprocessing._data", params: params)
  }

  override var isFitted: Bool { scale != nil }

  override var fittedAttributeNames: [String] {
    isFitted
      ? ["data_min_", "data_max_", "data_range_", "scale_", "min_", "n_samples_seen_", "n_features_in_"] : []
  }

  override func fittedAttribute(_ name: String) throws -> Value? {
    guard isFitted else { return nil }
    switch name {
    case "data_min_": return dataMin?.value
    case "data_max_": return dataMax?.value
    case "data_range_": return dataRange?.value
    case "scale_": return scale?.value
    case "min_": return minimum?.value
    case "n_samples_seen_": return .int(samplesSeen)
    default: return nil
    }
  }

  override var methodNames: [String] {
    ["fit", "partial_fit", "transform", "fit_transform", "inverse_transform", "get_feature_names_out"]
  }

  override func method(_ name: String) -> BuiltinFunction? {
    switch name {
    case "fit":
      return bound(name, "X, y=None") { [self] a, i in
        reset()
        try partialFit(a["X"], i)
        return .object(self)
      }
    case "partial_fit":
      return bound(name, "X, y=None") { [self] a, i in
        try partialFit(a["X"], i)
        return .object(self)
      }
    case "transform": return bound(name, "X") { [self] a, i in try transform(a["X"], i) }
    case "fit_transform":
      return bound(name, "X, y=None, **fit_params") { [self] a, i in
        reset()
        try partialFit(a["X"], i)
        return try transform(a["X"], i)
      }
    case "inverse_transform": return bound(name, "X") { [self] a, i in try inverseTransform(a["X"], i) }
    case "get_feature_names_out":
      return bound(name, "input_features=None") { [self] a, _ in
        try checkFitted()
        return try featureNames(a["input_features"], count: nFeaturesIn ?? 0, estimator: self)
      }
    default: return nil
    }
  }

  private func reset() {
    dataMin = nil
    dataMax = nil
    dataRange = nil
    scale = nil
    minimum = nil
    samplesSeen = 0
    nFeaturesIn = nil
  }

  /// `feature_range` as two numbers; scikit-learn's check that the minimum is below the maximum.
  func featureRange(_ interp: Interpreter) throws -> (Double, Double) {
    let v = params["feature_range"]
    let items: [Value]
    switch v {
    case .tuple(let t): items = t
    case .list(let l): items = l.items
    default:
      throw ScriptError(
        ErrorKind("InvalidParameterError"),
        "The 'feature_range' parameter of MinMaxScaler must be an instance of 'tuple'. Got \(reprValue(v)) instead."
      )
    }
    guard items.count == 2 else {
      throw ScriptError(
        .valueError, "not enough values to unpack (expected 2, got \(items.count))",
        hint: "feature_range is (min, max), e.g. (-1, 1)")
    }
    let low = try Convert.double(items[0])
    let high = try Convert.double(items[1])
    if !(low < high) {
      throw ScriptError(
        .valueError,
        "Minimum of desired feature range must be smaller than maximum. Got \(interp.str(v)).")
    }
    return (low, high)
  }

  func partialFit(_ input: Value, _ interp: Interpreter) throws {
    let (low, high) = try featureRange(interp)
    _ = try boolParameter("copy")
    _ = try boolParameter("clip")
    let (x, _) = try FloatMatrix.check(input, estimator: className)
    try checkFeatureCount(x.columns)
    nFeaturesIn = x.columns
    let f32 = x.isFloat32
    var lo = [Double](repeating: .nan, count: x.columns)
    var hi = [Double](repeating: .nan, count: x.columns)
    for c in 0..<x.columns {
      for r in 0..<x.rows {
        let v = x[r, c]
        if v.isNaN { continue }
        if lo[c].isNaN || v < lo[c] { lo[c] = v }
        if hi[c].isNaN || v > hi[c] { hi[c] = v }
      }
    }
    if let dataMin, let dataMax {
      lo = zip(dataMin.values, lo).map { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }
      hi = zip(dataMax.values, hi).map { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
      samplesSeen += x.rows
    } else {
      samplesSeen = x.rows
    }
    let round: (Double) -> Double = { f32 ? Double(Float($0)) : $0 }
    let range = zip(hi, lo).map { round($0 - $1) }
    let tiny = f32 ? 10 * Double(Float.ulpOfOne) : 10 * Double.ulpOfOne
    let span = round(round(high) - round(low))
    let s = range.map { r in round(span / (r < tiny ? 1.0 : r)) }
    let m = zip(lo, s).map { round(round(low) - round($0 * $1)) }
    dataMin = FeatureVector(values: lo, isFloat32: f32)
    dataMax = FeatureVector(values: hi, isFloat32: f32)
    dataRange = FeatureVector(values: range, isFloat32: f32)
    scale = FeatureVector(values: s, isFloat32: f32)
    minimum = FeatureVector(values: m, isFloat32: f32)
  }

  func transform(_ input: Value, _ interp: Interpreter) throws -> Value {
    try checkFitted()
    var (x, _) = try FloatMatrix.check(input, estimator: className)
    try checkFeatureCount(x.columns)
    guard let scale, let minimum else { return .none }
    InPlace.apply(&x, scale, *, *)
    InPlace.apply(&x, minimum, +, +)
    if try boolParameter("clip") {
      let (low, high) = try featureRange(interp)
      let lo = x.stored(low)
      let hi = x.stored(high)
      x.values = x.values.map { $0.isNaN ? $0 : Swift.min(Swift.max($0, lo), hi) }
    }
    return try x.value()
  }

  private func inverseTransform(_ input: Value, _ interp: Interpreter) throws -> Value {
    try checkFitted()
    var (x, _) = try FloatMatrix.check(input, estimator: className)
    guard let scale, let minimum else { return .none }
    try InPlace.checkShapes(x, minimum.values.count)
    InPlace.apply(&x, minimum, -, -)
    InPlace.apply(&x, scale, /, /)
    return try x.value()
  }
}

/// `get_feature_names_out` of a one-to-one transformer: the given names or `x0`, `x1`, …
func featureNames(_ given: Value, count: Int, estimator: SklearnEstimator) throws -> Value {
  var names = (0..<count).map { "x\($0)" }
  if !given.isNone {
    let items: [Value]
    switch given {
    case .list(let l): items = l.items
    case .tuple(let t): items = t
    case .object(let o as ObjectArrayObject): items = o.items
    default: throw ScriptError(.typeError, "input_features must be a list of strings")
    }
    guard items.count == count else {
      throw ScriptError(
        .valueError,
        "input_features should have length equal to number of features (\(count)), got \(items.count)")
    }
    names = items.map { strValue($0) }
  }
  return .object(ObjectArrayObject(names.map { .str($0) }, shape: [names.count], dtype: "object"))
}
