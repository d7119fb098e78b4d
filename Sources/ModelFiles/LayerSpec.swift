import NN

/// A layer as `config.json` describes it, checked field by field but not yet built: reading
/// a file creates no layer (and allocates no weights) until every name, option and shape in
/// it has been validated against the weights file.
indirect enum LayerSpec {
  case dense(
    common: LayerCommon, units: Int, activation: ActivationFunction, useBias: Bool, kernel: Initializer,
    bias: Initializer, kernelRegularizer: Regularizer?, biasRegularizer: Regularizer?)
  case flatten(common: LayerCommon)
  case dropout(common: LayerCommon, rate: Double, seed: Int?)
  case activation(common: LayerCommon, ActivationFunction)
  case softmax(common: LayerCommon)
  case relu(common: LayerCommon, maxValue: Double?, negativeSlope: Double, threshold: Double)
  case batchNormalization(common: LayerCommon, BatchNormalizationSpec)
  case leakyRelu(common: LayerCommon, negativeSlope: Double)
  case elu(common: LayerCommon, alpha: Double)
  case rescaling(
    common: LayerCommon, scale: Double, offset: Double, scaleIsInteger: Bool, offsetIsInteger: Bool)
  case reshape(common: LayerCommon, target: [Int])
  case normalization(common: LayerCommon, NormalizationSpec)
  case layerNormalization(common: LayerCommon, LayerNormalizationSpec)
  case gaussianNoise(common: LayerCommon, stddev: Double, seed: Int?)
  case sequential(ModelSpec)

  var common: LayerCommon {
    switch self {
    case .dense(let c, _, _, _, _, _, _, _), .flatten(let c), .dropout(let c, _, _), .activation(let c, _),
      .softmax(let c),
      .relu(let c, _, _, _), .batchNormalization(let c, _), .leakyRelu(let c, _), .elu(let c, _),
      .rescaling(let c, _, _, _, _), .reshape(let c, _), .normalization(let c, _),
      .layerNormalization(let c, _), .gaussianNoise(let c, _, _):
      return c
    case .sequential(let m):
      return LayerCommon(
        name: m.name, trainable: m.trainable, className: m.isFunctional ? "Functional" : "Sequential",
        path: m.path)
    }
  }

  /// Per-sample output shape and the shapes of the weights, in Keras order, for `input`.
  func shapes(for input: [Int]) throws -> (output: [Int], weights: [[Int]]) {
    let c = common
    switch self {
    case .dense(_, let units, _, let useBias, _, _, _, _):
      guard let last = input.last else {
        throw ModelFileError(.valueError, "\(c.path): Dense needs inputs with at least one axis per sample")
      }
      let (n, overflow) = last.multipliedReportingOverflow(by: units)
      guard !overflow, n <= ModelLimits.maximumElements else {
        throw ModelFileError(.valueError, "\(c.path): a kernel of \(last) × \(units) is absurdly large")
      }
      return (Array(input.dropLast()) + [units], useBias ? [[last, units], [units]] : [[last, units]])
    case .flatten:
      return ([input.reduce(1, *)], [])
    case .batchNormalization(_, let b):
      let a = b.axis < 0 ? b.axis + input.count + 1 : b.axis
      guard a >= 1, a <= input.count else {
        throw ModelFileError(
          .valueError, "\(c.path): axis \(b.axis) does not fit inputs of rank \(input.count + 1)")
      }
      let features = input[a - 1]
      return (input, Array(repeating: [features], count: (b.scale ? 1 : 0) + (b.center ? 1 : 0) + 2))
    case .reshape(_, let target):
      do { return (try Reshape.outputShape(input: input, target: target), []) } catch let e as NNError {
        throw ModelFileError(.valueError, "\(c.path): \(e.message)")
      }
    case .normalization(_, let n):
      return (input, try n.weightShapes(for: input, path: c.path))
    case .layerNormalization(_, let l):
      return (input, try l.weightShapes(for: input, path: c.path))
    case .sequential(let m):
      var s = input
      var all: [[Int]] = []
      for l in m.layers {
        let (o, w) = try l.shapes(for: s)
        s = o
        all += w
      }
      return (s, all)
    default:
      return (input, [])
    }
  }
}

/// What every layer config has.
struct LayerCommon {
  var name: String
  var trainable: Bool
  var className: String
  /// Where in `config.json` the layer is, for messages.
  var path: String
}

/// A `Sequential` model as `config.json` describes it.
struct ModelSpec {
  var name: String
  var trainable: Bool
  /// The per-sample input shape, when the file records one.
  var inputShape: [Int]?
  /// The name of its InputLayer entry, when the file has one.
  var inputName: String?
  var layers: [LayerSpec]
  var path: String
  /// A `keras.Model(inputs, outputs)` model rather than a Sequential. Defaults to `false`.
  var isFunctional = false
}

/// Reads layer entries (`{"module", "class_name", "config", ...}`) into specs.
enum LayerConfigReader {
  /// The layer classes dnnlab can build, for the unknown-class message.
  static let supported = [
    "Dense", "Flatten", "Dropout", "Activation", "Softmax", "ReLU", "LeakyReLU", "ELU", "BatchNormalization",
    "Rescaling", "Reshape", "Normalization", "LayerNormalization", "GaussianNoise", "InputLayer",
    "Sequential",
    "Functional",
  ]

  static func layer(_ entry: JSONReader) throws -> LayerSpec {
    let className = try entry.require("class_name").string()
    if let registered = try entry.child("registered_name")?.optionalString(), registered != className,
      registered.contains(">")
    {
      throw entry.error(
        "layer class '\(registered)' is a custom object registered in Python; dnnlab cannot load it",
        kind: .valueError,
        hint: "rebuild the model from built-in layers (\(supported.joined(separator: ", ")))")
    }
    if let module = try entry.child("module")?.optionalString(),
      !["keras.layers", "keras", "keras.models", "keras.src.models.functional"].contains(module)
    {
      throw entry.error(
        "layer class '\(className)' comes from module '\(module)', not from Keras; dnnlab cannot load it",
        hint: "only Keras's built-in layers load: \(supported.joined(separator: ", "))")
    }
    let config = try entry.require("config")
    if className == "Sequential" { return .sequential(try ModelConfigReader.sequential(entry)) }
    if className == "Functional" { return .sequential(try FunctionalConfig.read(entry)) }
    let common = LayerCommon(
      name: try layerName(config), trainable: try config.child("trainable")?.bool() ?? true,
      className: className,
      path: entry.path)
    try checkDType(config)
    var used: Set<String> = ["name", "trainable", "dtype"]
    func take(_ key: String) -> JSONReader? {
      used.insert(key)
      return config.child(key)
    }
    let spec: LayerSpec
    switch className {
    case "Dense":
      guard let unitsKey = take("units") else { throw config.error("missing key 'units'") }
      let units = try unitsKey.int()
      guard units > 0, units <= ModelLimits.maximumElements else {
        throw unitsKey.error("units must be a positive integer, got \(units)")
      }
      for key in ["activity_regularizer", "kernel_constraint", "bias_constraint"] {
        if let v = take(key), !v.value.isNull {
          throw v.error(
            "dnnlab does not support \(key) yet; only null loads", kind: .notImplementedError,
            hint: "remove the \(key) from the model in Keras and save it again")
        }
      }
      spec = .dense(
        common: common, units: units, activation: try activation(take("activation")),
        useBias: try take("use_bias")?.bool() ?? true,
        kernel: try initializer(take("kernel_initializer"), default: .glorotUniform),
        bias: try initializer(take("bias_initializer"), default: .zeros),
        kernelRegularizer: try regularizer(take("kernel_regularizer")),
        biasRegularizer: try regularizer(take("bias_regularizer")))
    case "Flatten":
      if let f = take("data_format"), let s = try f.optionalString(), s != "channels_last" {
        throw f.error(
          "dnnlab's Flatten supports data_format 'channels_last' only, got '\(s)'", kind: .notImplementedError
        )
      }
      spec = .flatten(common: common)
    case "Dropout":
      guard let r = take("rate") else { throw config.error("missing key 'rate'") }
      let rate = try r.double()
      guard rate >= 0, rate <= 1 else { throw r.error("rate must be between 0 and 1, got \(rate)") }
      let seed = try take("seed").flatMap { $0.value.isNull ? nil : try $0.int() }
      if let n = take("noise_shape"), !n.value.isNull {
        throw n.error("dnnlab's Dropout does not support noise_shape", kind: .notImplementedError)
      }
      spec = .dropout(common: common, rate: rate, seed: seed)
    case "Activation":
      spec = .activation(common: common, try activation(take("activation")))
    case "Softmax":
      if let a = take("axis"), try a.int() != -1 {
        throw a.error("dnnlab's Softmax works over the last axis only (axis=-1)", kind: .notImplementedError)
      }
      spec = .softmax(common: common)
    case "ReLU":
      let maxValue = try take("max_value").flatMap { $0.value.isNull ? nil : try $0.double() }
      let slope = try take("negative_slope")?.double() ?? 0
      let threshold = try take("threshold")?.double() ?? 0
      if let m = maxValue, m < 0 { throw config.error("max_value of a ReLU layer cannot be negative") }
      if slope < 0 { throw config.error("negative_slope of a ReLU layer cannot be negative") }
      spec = .relu(common: common, maxValue: maxValue, negativeSlope: slope, threshold: threshold)
    case "LeakyReLU":
      let slope = try take("negative_slope")?.double() ?? 0.3
      guard slope >= 0 else { throw config.error("negative_slope of a LeakyReLU layer cannot be negative") }
      spec = .leakyRelu(common: common, negativeSlope: slope)
    case "ELU":
      spec = .elu(common: common, alpha: try take("alpha")?.double() ?? 1)
    case "BatchNormalization":
      spec = .batchNormalization(common: common, try batchNormalization(config, take: take))
    case "Rescaling":
      let r = try rescaling(config, take: take)
      spec = .rescaling(
        common: common, scale: r.scale, offset: r.offset, scaleIsInteger: r.scaleIsInteger,
        offsetIsInteger: r.offsetIsInteger)
    case "Reshape":
      spec = .reshape(common: common, target: try reshapeTarget(config, take: take))
    case "LayerNormalization":
      spec = .layerNormalization(common: common, try layerNormalization(config, take: take))
    case "GaussianNoise":
      let (stddev, seed) = try gaussianNoise(config, take: take)
      spec = .gaussianNoise(common: common, stddev: stddev, seed: seed)
    case "Normalization":
      spec = .normalization(common: common, try normalization(entry, config, take: take))
    case "Lambda":
      throw entry.error(
        "the model has a Lambda layer, which holds Python code; loading a model file never runs code, so dnnlab "
          + "refuses it",
        hint: "replace the Lambda with built-in layers (\(supported.joined(separator: ", "))) in Keras")
    default:
      throw entry.error(
        "unknown layer class '\(className)'",
        hint: "dnnlab loads these layers: \(supported.joined(separator: ", "))")
    }
    try checkUnused(config, used: used)
    return spec
  }

  /// Keys a newer Keras may add hold their defaults as `null`; anything else is an option
  /// dnnlab would silently ignore, so it is refused.
  static func checkUnused(_ config: JSONReader, used: Set<String>) throws {
    for key in config.value.keys where !used.contains(key) {
      guard let v = config.child(key) else { continue }
      if v.value.isNull || key == "build_input_shape" || key == "batch_input_shape" || key == "input_shape" {
        continue
      }
      throw v.error(
        "unsupported option '\(key)'", kind: .notImplementedError,
        hint: "dnnlab does not know this option; remove it from the model in Keras and save again")
    }
  }

  static func layerName(_ config: JSONReader) throws -> String {
    guard let n = config.child("name") else { throw config.error("missing key 'name'") }
    let name = try n.string()
    guard !name.isEmpty, name.count <= 1000, !name.contains("/") else {
      throw n.error("invalid layer name '\(name.prefix(100))'")
    }
    return name
  }

  /// Only float32 models load: dnnlab computes in float32, like Keras's default policy.
  static func checkDType(_ config: JSONReader) throws {
    guard let d = config.child("dtype"), !d.value.isNull else { return }
    var name: String
    if case .string(let s) = d.value {
      name = s
    } else {
      name = try d.require("config").require("name").string()
    }
    guard name == "float32" else {
      throw d.error(
        "dtype policy '\(name)' is not supported; dnnlab computes in float32", kind: .notImplementedError)
    }
  }

  /// `"relu"`, `null`, or `{"class_name": "function", "config": "relu"}`.
  static func activation(_ r: JSONReader?) throws -> ActivationFunction {
    guard let r, !r.value.isNull else { return .linear }
    var name: String
    if case .string(let s) = r.value {
      name = s
    } else {
      name = try r.require("config").string()
    }
    do { return try Activations.named(name) } catch {
      throw r.error(
        "unknown activation '\(name)'",
        hint: "known activations: \(Activations.names.joined(separator: ", "))")
    }
  }

  /// An initializer entry, or a name; `null` gives Keras's default.
  /// A serialized Keras regularizer (`{"class_name": "L2", "config": {"l2": 0.01}}`), a name
  /// (`"l2"`), or null.
  static func regularizer(_ r: JSONReader?) throws -> Regularizer? {
    guard let r, !r.value.isNull else { return nil }
    do {
      if case .string(let s) = r.value { return try Regularizer.named(s) }
      let className = try r.require("class_name").string()
      let config = r.child("config")
      func number(_ key: String, _ fallback: Double) throws -> Double {
        try config?.child(key)?.double() ?? fallback
      }
      switch className {
      case "L1": return try .l1(try number("l1", 0.01))
      case "L2": return try .l2(try number("l2", 0.01))
      case "L1L2": return try .l1l2(l1: try number("l1", 0), l2: try number("l2", 0))
      default:
        throw r.error(
          "unknown regularizer class '\(className)'", kind: .notImplementedError,
          hint: "dnnlab knows L1, L2 and L1L2")
      }
    } catch let e as NNError {
      throw r.error(e.message)
    }
  }

  static func initializer(_ r: JSONReader?, default d: Initializer) throws -> Initializer {
    guard let r, !r.value.isNull else { return d }
    if case .string(let s) = r.value {
      do { return try Initializer.named(s) } catch { throw r.error("unknown initializer '\(s)'") }
    }
    let className = try r.require("class_name").string()
    let config = r.child("config")
    func number(_ key: String, _ fallback: Double) throws -> Double {
      try config?.child(key)?.double() ?? fallback
    }
    let base = try unseededInitializer(r, className: className, number: number)
    // Keras writes `"seed": null` for an unseeded random initializer and the integer otherwise.
    switch base {
    case .zeros, .ones, .constant, .seeded, .repeating: return base
    default:
      guard let seedReader = config?.child("seed"), !seedReader.value.isNull else { return base }
      return .seeded(base, seed: try seedReader.int())
    }
  }

  private static func unseededInitializer(
    _ r: JSONReader, className: String, number: (String, Double) throws -> Double
  ) throws -> Initializer {
    switch className {
    case "GlorotUniform": return .glorotUniform
    case "GlorotNormal": return .glorotNormal
    case "HeNormal": return .heNormal
    case "HeUniform": return .heUniform
    case "LecunNormal": return .lecunNormal
    case "LecunUniform": return .lecunUniform
    case "RandomNormal": return .randomNormal(mean: try number("mean", 0), stddev: try number("stddev", 0.05))
    case "RandomUniform":
      return .randomUniform(minval: try number("minval", -0.05), maxval: try number("maxval", 0.05))
    case "TruncatedNormal":
      return .truncatedNormal(mean: try number("mean", 0), stddev: try number("stddev", 0.05))
    case "Zeros": return .zeros
    case "Ones": return .ones
    case "Constant": return .constant(try number("value", 0))
    default:
      throw r.error(
        "unknown initializer class '\(className)'", kind: .notImplementedError,
        hint: "dnnlab knows \(Initializer.names.joined(separator: ", ")), constant")
    }
  }
}
