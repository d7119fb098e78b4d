import NN
import Tensors

/// The options of a `Normalization` entry: the kept axes, `invert`, and the `mean`/`variance`
/// given to the constructor (nil when the layer is adapted: its statistics are weights).
struct NormalizationSpec {
  var axes: [Int]
  var invert: Bool
  var mean: Tensor?
  var variance: Tensor?
  /// The `build_config` input shape, batch axis included (Keras records adapt's data shape).
  var buildShape: [Int?]?

  /// The shapes of the weights for per-sample inputs `input`: `mean` and `variance` of the
  /// kept axes' sizes, then the int64 scalar `count`; none when `mean` was given.
  func weightShapes(for input: [Int], path: String) throws -> [[Int]] {
    guard mean == nil else { return [] }
    let ndim = input.count + 1
    var kept: [Int] = []
    for a in axes {
      guard a >= -ndim, a < ndim else {
        throw ModelFileError(.valueError, "\(path): axis \(a) does not fit inputs of rank \(ndim)")
      }
      let n = a < 0 ? a + ndim : a
      guard n != 0 else {
        throw ModelFileError(
          .notImplementedError, "\(path): dnnlab's Normalization cannot keep the batch axis")
      }
      if !kept.contains(n) { kept.append(n) }
    }
    let shape = kept.sorted().map { input[$0 - 1] }
    return [shape, shape, []]
  }
}

/// The options of a `LayerNormalization` entry.
struct LayerNormalizationSpec {
  var axes: [Int]
  var axisIsList: Bool
  var epsilon: Double
  var center: Bool
  var scale: Bool
  var beta: Initializer
  var gamma: Initializer
  var betaRegularizer: Regularizer?
  var gammaRegularizer: Regularizer?

  /// gamma then beta, shaped like the normalized (trailing) axes of `input`.
  func weightShapes(for input: [Int], path: String) throws -> [[Int]] {
    let full = input.count + 1
    var kept: [Int] = []
    for a in axes {
      guard a >= -full, a < full, (a < 0 ? a + full : a) != 0 else {
        throw ModelFileError(.valueError, "\(path): axis \(a) does not fit inputs of rank \(full)")
      }
      let n = a < 0 ? a + full : a
      if !kept.contains(n) { kept.append(n) }
    }
    let shape = kept.sorted().map { input[$0 - 1] }
    return Array(repeating: shape, count: (scale ? 1 : 0) + (center ? 1 : 0))
  }
}

extension LayerConfigReader {
  /// The options of a `LayerNormalization` config (`rms_scaling` and constraints refused).
  static func layerNormalization(_ config: JSONReader, take: (String) -> JSONReader?) throws
    -> LayerNormalizationSpec
  {
    var axes = [-1]
    var isList = false
    if let a = take("axis") {
      if case .array = a.value {
        axes = try a.items().map { try $0.int() }
        isList = true
      } else {
        axes = [try a.int()]
      }
    }
    guard axes.count <= 32 else { throw config.error("too many axes") }
    let epsilon = try take("epsilon")?.double() ?? 1e-3
    guard epsilon.isFinite, epsilon >= 0 else { throw config.error("epsilon must be a non-negative number") }
    if let r = take("rms_scaling"), try r.bool() {
      throw r.error(
        "dnnlab's LayerNormalization does not support rms_scaling=True", kind: .notImplementedError)
    }
    for key in ["beta_constraint", "gamma_constraint"] {
      if let v = take(key), !v.value.isNull {
        throw v.error("dnnlab does not support \(key) yet; only null loads", kind: .notImplementedError)
      }
    }
    return LayerNormalizationSpec(
      axes: axes, axisIsList: isList, epsilon: epsilon, center: try take("center")?.bool() ?? true,
      scale: try take("scale")?.bool() ?? true,
      beta: try initializer(take("beta_initializer"), default: .zeros),
      gamma: try initializer(take("gamma_initializer"), default: .ones),
      betaRegularizer: try regularizer(take("beta_regularizer")),
      gammaRegularizer: try regularizer(take("gamma_regularizer")))
  }

  /// `stddev` and `seed` of a `GaussianNoise` config.
  static func gaussianNoise(_ config: JSONReader, take: (String) -> JSONReader?) throws -> (Double, Int?) {
    guard let s = take("stddev") else { throw config.error("missing key 'stddev'") }
    let stddev = try s.double()
    guard stddev >= 0, stddev <= 1 else { throw s.error("stddev must be between 0 and 1, got \(stddev)") }
    let seed = try take("seed").flatMap { $0.value.isNull ? nil : try $0.int() }
    return (stddev, seed)
  }

  /// `scale` and `offset` of a `Rescaling` config: numbers (arrays of scales are refused).
  static func rescaling(_ config: JSONReader, take: (String) -> JSONReader?) throws -> (
    scale: Double, offset: Double, scaleIsInteger: Bool, offsetIsInteger: Bool
  ) {
    func number(_ key: String, default d: Double) throws -> (Double, Bool) {
      guard let r = take(key) else { return (d, false) }
      switch r.value {
      case .int(let i): return (Double(i), true)
      case .double(let x): return (x, false)
      default:
        throw r.error(
          "dnnlab's Rescaling takes a number as \(key), got \(r.value.text.prefix(80))",
          kind: .notImplementedError)
      }
    }
    guard config.child("scale") != nil else { throw config.error("missing key 'scale'") }
    let (scale, si) = try number("scale", default: 1)
    let (offset, oi) = try number("offset", default: 0)
    return (scale, offset, si, oi)
  }

  /// `target_shape` of a `Reshape` config, checked as the constructor checks it.
  static func reshapeTarget(_ config: JSONReader, take: (String) -> JSONReader?) throws -> [Int] {
    guard let t = take("target_shape") else { throw config.error("missing key 'target_shape'") }
    let dims = try t.items().map { try $0.int() }
    guard dims.count <= 32, !dims.contains(where: { $0 < -1 || $0 > ModelLimits.maximumElements }),
      dims.filter({ $0 == -1 }).count <= 1
    else { throw t.error("invalid target_shape \(t.value.text.prefix(80))") }
    return dims
  }

  /// The options of a `Normalization` config.
  static func normalization(_ entry: JSONReader, _ config: JSONReader, take: (String) -> JSONReader?) throws
    -> NormalizationSpec
  {
    var axes = [-1]
    if let a = take("axis") {
      switch a.value {
      case .null: axes = []
      case .int(let i): axes = [i]
      default: axes = try a.items().map { try $0.int() }
      }
    }
    guard axes.count <= 32 else { throw config.error("too many axes") }
    let invert = try take("invert")?.bool() ?? false
    let mean = try take("mean").flatMap { try statistic($0) }
    let variance = try take("variance").flatMap { try statistic($0) }
    guard (mean == nil) == (variance == nil), mean?.shape == variance?.shape else {
      throw config.error("`mean` and `variance` must both be given, with the same shape")
    }
    var buildShape: [Int?]?
    if let s = entry.child("build_config")?.child("input_shape"), !s.value.isNull {
      let dims = try s.items().map { d in d.value.isNull ? nil : try d.int() }
      guard dims.count <= 32, dims.allSatisfy({ ($0 ?? 1) >= 1 && ($0 ?? 1) <= ModelLimits.maximumElements })
      else {
        throw s.error("invalid build_config input_shape")
      }
      buildShape = dims
    }
    return NormalizationSpec(
      axes: axes, invert: invert, mean: mean, variance: variance, buildShape: buildShape)
  }

  /// A nested list of numbers (or one number) as a float64 tensor; null gives nil.
  private static func statistic(_ r: JSONReader) throws -> Tensor? {
    if r.value.isNull { return nil }
    var values: [Double] = []
    /// The shape of `v`, appending its numbers; every item of a list must have one shape.
    func walk(_ v: JSONValue, _ depth: Int) throws -> [Int] {
      guard depth <= 32, values.count <= ModelLimits.maximumElements else {
        throw r.error("the statistic is too large or nested too deeply")
      }
      switch v {
      case .int(let i):
        values.append(Double(i))
        return []
      case .double(let d):
        values.append(d)
        return []
      case .array(let items):
        var inner: [Int]?
        for item in items {
          let s = try walk(item, depth + 1)
          if let inner, inner != s { throw r.error("the statistic is not a rectangular list of numbers") }
          inner = s
        }
        return [items.count] + (inner ?? [])
      default: throw r.error("expected numbers, got \(v.text.prefix(40))")
      }
    }
    let shape = try walk(r.value, 0)
    guard shape.reduce(1, *) == values.count else {
      throw r.error("the statistic is not a rectangular list of numbers")
    }
    do { return try Tensor(values, shape: shape) } catch { throw r.error("invalid statistic") }
  }
}
