import NN
import Tensors

/// Builds Keras 3.15's configs: `config.json` of a model (`{"module", "class_name", "config",
/// "registered_name", "build_config", "compile_config"}`, which is also `model.to_json()`),
/// and each layer's and optimizer's `get_config()`, with the keys in the order Keras 3.15
/// writes them, including the keys only recent releases know (`quantization_config`,
/// InputLayer's `optional`, initializers' `input_axes`/`output_axes`).
enum ConfigWriter {
  /// The whole model entry, ready for `config.json`: `compile_config` is `{}` for a model
  /// that was never compiled, as Keras writes it.
  static func model(_ model: Sequential) throws -> JSONValue { try layer(model) }

  static let floatPolicy: JSONValue = .object([
    ("module", .string("keras")), ("class_name", .string("DTypePolicy")),
    ("config", .object([("name", .string("float32"))])), ("registered_name", .null),
  ])

  /// `[null, 28, 28]`.
  static func batchShape(_ shape: [Int]) -> JSONValue { .array([.null] + shape.map { .int($0) }) }

  /// `InputLayer.get_config()`: the shape with its batch axis, the dtype by name, and flags.
  static func inputLayerConfig(shape: [Int], name: String) -> JSONValue {
    .object([
      ("batch_shape", batchShape(shape)), ("dtype", .string("float32")), ("sparse", .bool(false)),
      ("ragged", .bool(false)), ("name", .string(name)), ("optional", .bool(false)),
    ])
  }

  /// `Sequential.get_config()`: once the model has an input, Keras lists its InputLayer
  /// first and records `build_input_shape`.
  static func sequentialConfig(_ model: Sequential) throws -> JSONValue {
    var layers: [JSONValue] = []
    if let input = model.inputShape, model.isBuilt {
      // An auto-name is taken now if the model was built before it kept one (never in practice).
      let name = model.inputLayerName ?? NNSession.current.uniqueName("input_layer")
      layers.append(
        .object([
          ("module", .string("keras.layers")), ("class_name", .string("InputLayer")),
          ("config", inputLayerConfig(shape: input, name: name)), ("registered_name", .null),
        ]))
    }
    for layer in model.layers { layers.append(try self.layer(layer)) }
    var config: [(String, JSONValue)] = [
      ("name", .string(model.name)), ("trainable", .bool(model.trainable)), ("dtype", floatPolicy),
      ("layers", .array(layers)),
    ]
    if model.isBuilt, let input = model.inputShape { config.append(("build_input_shape", batchShape(input))) }
    return .object(config)
  }

  /// One layer's entry, as `keras.layers.serialize` gives it; a `Sequential` is written whole,
  /// with the `compile_config` every Keras model carries (`{}` when never compiled). `build_config` is there for
  /// built layers of the classes that have a build step in Keras (Dense, Flatten, Sequential);
  /// the others are built from the start and Keras records no input shape for them.
  static func layer(_ layer: Layer) throws -> JSONValue {
    if let f = layer as? Functional { return try FunctionalConfig.entry(f) }
    if let s = layer as? Sequential {
      var entry: [(String, JSONValue)] = [
        ("module", .string("keras")), ("class_name", .string("Sequential")),
        ("config", try sequentialConfig(s)), ("registered_name", .null),
      ]
      if s.isBuilt, let input = s.inputShape {
        entry.append(("build_config", .object([("input_shape", batchShape(input))])))
      }
      entry.append(("compile_config", try compileConfig(s) ?? .object([])))
      return .object(entry)
    }
    var entry: [(String, JSONValue)] = [
      ("module", .string("keras.layers")), ("class_name", .string(layer.className)),
      ("config", try config(layer)), ("registered_name", .null),
    ]
    if let n = layer as? Normalization {
      // Keras records the shape the layer was built for: the data's after adapt().
      if let shape = n.buildShape {
        let dims: [JSONValue] = shape.map { d in d.map { JSONValue.int($0) } ?? JSONValue.null }
        entry.append(("build_config", .object([("input_shape", .array(dims))])))
      }
    } else if layer is Dense || layer is Flatten || layer is BatchNormalization || layer is Rescaling
      || layer is LayerNormalization,
      layer.isBuilt, let input = layer.inputShape
    {
      entry.append(("build_config", .object([("input_shape", batchShape(input))])))
    }
    return .object(entry)
  }

  /// `layer.get_config()` of a layer other than `Sequential`.
  static func config(_ layer: Layer) throws -> JSONValue {
    if let input = layer as? InputLayer { return inputLayerConfig(shape: input.shape, name: input.name) }
    if let f = layer as? Functional { return try FunctionalConfig.config(f) }
    if let s = layer as? Sequential { return try sequentialConfig(s) }
    var config: [(String, JSONValue)] = [
      ("name", .string(layer.name)), ("trainable", .bool(layer.trainable)), ("dtype", floatPolicy),
    ]
    switch layer {
    case let d as Dense:
      config += [
        ("units", .int(d.units)), ("activation", .string(try activationName(d.activation, layer: d.name))),
        ("use_bias", .bool(d.useBias)), ("kernel_initializer", initializer(d.kernelInitializer)),
        ("bias_initializer", initializer(d.biasInitializer)),
        ("kernel_regularizer", regularizer(d.kernelRegularizer)),
        ("bias_regularizer", regularizer(d.biasRegularizer)), ("kernel_constraint", .null),
        ("bias_constraint", .null), ("quantization_config", .null),
      ]
    case is Flatten:
      config.append(("data_format", .string("channels_last")))
    case let d as Dropout:
      config += [
        ("rate", .double(d.rate)), ("seed", d.seed.map { .int($0) } ?? .null), ("noise_shape", .null),
      ]
    case is Softmax:
      config.append(("axis", .int(-1)))
    case let l as LeakyReLU:
      config.append(("negative_slope", .double(l.negativeSlope)))
    case let e as ELU:
      // Keras's ELU has no get_config of its own: the base layer's automatic config puts the
      // constructor argument right after the name.
      config.insert(("alpha", .double(e.alpha)), at: 1)
    case let r as ReLU:
      config += [
        ("max_value", r.maxValue.map { .double($0) } ?? .null), ("negative_slope", .double(r.negativeSlope)),
        ("threshold", .double(r.threshold)),
      ]
    case let b as BatchNormalization:
      config += [
        ("axis", .int(b.axis)), ("momentum", .double(b.momentum)), ("epsilon", .double(b.epsilon)),
        ("center", .bool(b.center)), ("scale", .bool(b.scale)),
        ("beta_initializer", initializer(b.betaInitializer)),
        ("gamma_initializer", initializer(b.gammaInitializer)),
        ("moving_mean_initializer", initializer(b.movingMeanInitializer)),
        ("moving_variance_initializer", initializer(b.movingVarianceInitializer)),
        ("beta_regularizer", regularizer(b.betaRegularizer)),
        ("gamma_regularizer", regularizer(b.gammaRegularizer)),
        ("beta_constraint", .null), ("gamma_constraint", .null), ("synchronized", .bool(false)),
        ("renorm", .bool(false)), ("renorm_clipping", .null), ("renorm_momentum", .double(0.99)),
      ]
    case let r as Rescaling:
      config += [
        ("scale", pythonNumber(r.scale, isInteger: r.scaleIsInteger)),
        ("offset", pythonNumber(r.offset, isInteger: r.offsetIsInteger)),
      ]
    case let r as Reshape:
      let dims: [JSONValue] = r.targetShape.map { .int($0) }
      config.append(("target_shape", .array(dims)))
    case let n as Normalization:
      let axes: [JSONValue] = n.axes.map { .int($0) }
      let mean: JSONValue = try n.inputMean.map(nestedList) ?? .null
      let variance: JSONValue = try n.inputVariance.map(nestedList) ?? .null
      config += [("axis", .array(axes)), ("invert", .bool(n.invert)), ("mean", mean), ("variance", variance)]
    case let g as GaussianNoise:
      config += [("stddev", .double(g.stddev)), ("seed", g.seed.map { .int($0) } ?? .null)]
    case let l as LayerNormalization:
      config += try layerNormalizationConfig(l)
    case let a as Activation:
      config.append(("activation", .string(try activationName(a.activation, layer: a.name))))
    default:
      throw ModelFileError(
        .notImplementedError,
        "cannot save layer '\(layer.name)' of class \(layer.className): dnnlab does not know its Keras config"
      )
    }
    return .object(config)
  }

  /// A LayerNormalization's options; Keras turns `axis` into a sorted list when it builds.
  static func layerNormalizationConfig(_ l: LayerNormalization) throws -> [(String, JSONValue)] {
    let axis: JSONValue
    if l.isBuilt {
      // Keras sorts the values as given: [-1, 1] stays [-1, 1].
      axis = .array(l.axes.sorted().map { .int($0) })
    } else if l.axisIsList {
      axis = .array(l.axes.map { .int($0) })
    } else {
      axis = .int(l.axes.first ?? -1)
    }
    return [
      ("axis", axis), ("epsilon", .double(l.epsilon)), ("center", .bool(l.center)), ("scale", .bool(l.scale)),
      ("rms_scaling", .bool(false)), ("beta_initializer", initializer(l.betaInitializer)),
      ("gamma_initializer", initializer(l.gammaInitializer)),
      ("beta_regularizer", regularizer(l.betaRegularizer)),
      ("gamma_regularizer", regularizer(l.gammaRegularizer)), ("beta_constraint", .null),
      ("gamma_constraint", .null),
    ]
  }

  /// A number as Python held it: an int when it was given as one.
  static func pythonNumber(_ x: Double, isInteger: Bool) -> JSONValue {
    if isInteger, let i = Int(exactly: x) { return .int(i) }
    return .double(x)
  }

  /// `np.array(t).tolist()`: nested arrays of ints (integer dtypes) or floats.
  static func nestedList(_ t: Tensor) throws -> JSONValue {
    let integer = !t.dtype.isFloatingPoint
    let values: [JSONValue] =
      integer
      ? try t.toArray(Int64.self).map { JSONValue.int(Int($0)) }
      : try t.toArray(Double.self).map { JSONValue.double($0) }
    func build(_ axis: Int, _ start: Int) -> (JSONValue, Int) {
      guard axis < t.shape.count else { return (start < values.count ? values[start] : .null, start + 1) }
      var items: [JSONValue] = []
      var next = start
      for _ in 0..<t.shape[axis] {
        let (item, after) = build(axis + 1, next)
        items.append(item)
        next = after
      }
      return (.array(items), next)
    }
    return build(0, 0).0
  }

  /// Keras stores activations by name, which fixes their parameters at Keras's defaults.
  static func activationName(_ f: ActivationFunction, layer: String) throws -> String {
    switch f {
    case .elu(let alpha) where alpha != 1, .leakyRelu(let alpha) where alpha != 0.2:
      throw ModelFileError(
        .valueError,
        "cannot save layer '\(layer)': Keras stores the activation '\(f.name)' by name only, "
          + "so its parameter \(alpha) would be lost",
        hint: "use the activation's default, or a separate layer")
    case .gelu(let approximate) where approximate:
      throw ModelFileError(
        .valueError,
        "cannot save layer '\(layer)': Keras stores 'gelu' by name only, so approximate=True would be lost")
    case .generalRelu:
      throw ModelFileError(
        .valueError, "cannot save layer '\(layer)': a ReLU with parameters needs the ReLU layer")
    default:
      return f.name
    }
  }

  /// A regularizer as Keras serializes it, or null.
  static func regularizer(_ r: Regularizer?) -> JSONValue {
    guard let r else { return .null }
    return .object([
      ("module", .string("keras.regularizers")), ("class_name", .string(r.className)),
      ("config", .object(r.config.map { ($0.0, .double($0.1)) })), ("registered_name", .null),
    ])
  }

  /// An initializer as Keras 3.15 serializes it; the variance-scaling family (Glorot, He,
  /// Lecun) carries `input_axes`/`output_axes` (null: the usual fan-in/fan-out axes).
  static func initializer(_ i: Initializer) -> JSONValue {
    if case .seeded(let base, let s) = i { return initializer(base, seed: .int(s)) }
    if case .repeating(let base, _) = i { return initializer(base, seed: .null) }
    return initializer(i, seed: .null)
  }

  private static func initializer(_ i: Initializer, seed seedValue: JSONValue) -> JSONValue {
    let seed: (String, JSONValue) = ("seed", seedValue)
    let scaling = [seed, ("input_axes", .null), ("output_axes", .null)]
    let (name, config): (String, [(String, JSONValue)])
    switch i {
    case .glorotUniform: (name, config) = ("GlorotUniform", scaling)
    case .glorotNormal: (name, config) = ("GlorotNormal", scaling)
    case .heNormal: (name, config) = ("HeNormal", scaling)
    case .heUniform: (name, config) = ("HeUniform", scaling)
    case .lecunNormal: (name, config) = ("LecunNormal", scaling)
    case .lecunUniform: (name, config) = ("LecunUniform", scaling)
    case .randomNormal(let m, let s):
      (name, config) = ("RandomNormal", [seed, ("mean", .double(m)), ("stddev", .double(s))])
    case .randomUniform(let lo, let hi):
      (name, config) = ("RandomUniform", [seed, ("minval", .double(lo)), ("maxval", .double(hi))])
    case .truncatedNormal(let m, let s):
      (name, config) = ("TruncatedNormal", [seed, ("mean", .double(m)), ("stddev", .double(s))])
    case .zeros: (name, config) = ("Zeros", [])
    case .ones: (name, config) = ("Ones", [])
    case .constant(let v): (name, config) = ("Constant", [("value", .double(v))])
    case .seeded(let base, _), .repeating(let base, _):
      return initializer(base, seed: seedValue)  // the outer seed wins
    }
    return .object([
      ("module", .string("keras.initializers")), ("class_name", .string(name)), ("config", .object(config)),
      ("registered_name", .null),
    ])
  }

  // MARK: Compile

  /// `model.get_compile_config()`, or nil for a model that was never compiled.
  static func compileConfig(_ model: Sequential) throws -> JSONValue? {
    guard let optimizer = model.optimizer else { return nil }
    let loss: JSONValue = model.loss.map(lossEntry) ?? .null
    return .object([
      ("optimizer", optimizerEntry(optimizer)), ("loss", loss),
      ("loss_weights", model.lossWeight == 1 ? .null : .double(Double(model.lossWeight))),
      ("metrics", model.compiledMetrics.isEmpty ? .null : .array(model.compiledMetrics.map(metricEntry))),
      (
        "weighted_metrics",
        model.weightedMetrics.isEmpty ? .null : .array(model.weightedMetrics.map(metricEntry))
      ),
      ("run_eagerly", .bool(false)), ("steps_per_execution", .int(1)),
      ("jit_compile", .bool(false)),
    ])
  }

  /// A float32 hyperparameter as Keras writes it: the float32 value widened to a double
  /// (`0.0010000000474974513`), so reading it back gives the same float32.
  private static func f32(_ v: Float) -> JSONValue { .double(Double(v)) }

  /// A learning-rate schedule as Keras serializes it.
  static func schedule(_ s: LearningRateSchedule) -> JSONValue {
    func whole(_ x: Double) -> JSONValue { x == x.rounded() && abs(x) < 1e15 ? .int(Int(x)) : .double(x) }
    let config: [(String, JSONValue)]
    switch s {
    case .exponentialDecay(let initial, let steps, let rate, let staircase),
      .inverseTimeDecay(let initial, let steps, let rate, let staircase):
      config = [
        ("initial_learning_rate", .double(initial)), ("decay_steps", whole(steps)),
        ("decay_rate", whole(rate)),
        ("staircase", .bool(staircase)), ("name", .string(s.className)),
      ]
    case .cosineDecay(let initial, let steps, let alpha, let target, let warmup):
      config = [
        ("initial_learning_rate", .double(initial)), ("decay_steps", whole(steps)), ("alpha", .double(alpha)),
        ("name", .string("CosineDecay")), ("warmup_target", target.map { .double($0) } ?? .null),
        ("warmup_steps", whole(warmup)),
      ]
    case .polynomialDecay(let initial, let steps, let end, let power, let cycle):
      config = [
        ("initial_learning_rate", .double(initial)), ("decay_steps", whole(steps)),
        ("end_learning_rate", .double(end)), ("power", .double(power)), ("cycle", .bool(cycle)),
        ("name", .string("PolynomialDecay")),
      ]
    case .cosineDecayRestarts(let initial, let first, let tMul, let mMul, let alpha):
      config = [
        ("initial_learning_rate", .double(initial)), ("first_decay_steps", whole(first)),
        ("t_mul", .double(tMul)), ("m_mul", .double(mMul)), ("alpha", .double(alpha)),
        ("name", .string("SGDRDecay")),
      ]
    case .piecewiseConstant(let boundaries, let values):
      config = [
        ("boundaries", .array(boundaries.map(whole))), ("values", .array(values.map { .double($0) })),
        ("name", .string("PiecewiseConstant")),
      ]
    }
    return .object([
      ("module", .string("keras.optimizers.schedules")), ("class_name", .string(s.className)),
      ("config", .object(config)), ("registered_name", .null),
    ])
  }

  /// `optimizer.get_config()`: the learning rate as its float32 variable holds it (or the
  /// schedule), the other hyperparameters as given (Python floats), then the class's own keys.
  static func optimizerConfig(_ o: Optimizer) -> JSONValue {
    /// A hyperparameter as given, or the float32 copy widened when none was recorded.
    func given(_ key: String, _ fallback: Float) -> JSONValue {
      .double(o.givenValues[key] ?? Double(fallback))
    }
    var config: [(String, JSONValue)] = [
      ("name", .string(o.name)), ("learning_rate", o.schedule.map(schedule) ?? f32(o.learningRate)),
      ("weight_decay", o.weightDecay.map { given("weight_decay", $0) } ?? .null), ("clipnorm", .null),
      ("global_clipnorm", .null), ("clipvalue", .null), ("use_ema", .bool(false)),
      ("ema_momentum", .double(0.99)), ("ema_overwrite_frequency", .null), ("loss_scale_factor", .null),
      ("gradient_accumulation_steps", .null),
    ]
    switch o {
    case let a as Adam:
      config += [
        ("beta_1", given("beta_1", a.beta1)), ("beta_2", given("beta_2", a.beta2)),
        ("epsilon", given("epsilon", a.epsilon)), ("amsgrad", .bool(a.amsgrad)),
      ]
    case let r as RMSprop:
      config += [
        ("rho", given("rho", r.rho)), ("momentum", given("momentum", r.momentum)),
        ("epsilon", given("epsilon", r.epsilon)), ("centered", .bool(r.centered)),
      ]
    case let s as SGD:
      config += [("momentum", given("momentum", s.momentum)), ("nesterov", .bool(s.nesterov))]
    case let a as Adagrad:
      config += [
        ("initial_accumulator_value", given("initial_accumulator_value", a.initialAccumulatorValue)),
        ("epsilon", given("epsilon", a.epsilon)),
      ]
    case let n as Nadam:
      config += [
        ("beta_1", given("beta_1", n.beta1)), ("beta_2", given("beta_2", n.beta2)),
        ("epsilon", given("epsilon", n.epsilon)),
      ]
    case let a as Adamax:
      config += [
        ("beta_1", given("beta_1", a.beta1)), ("beta_2", given("beta_2", a.beta2)),
        ("epsilon", given("epsilon", a.epsilon)),
      ]
    default: break
    }
    return .object(config)
  }

  static func optimizerEntry(_ o: Optimizer) -> JSONValue {
    .object([
      ("module", .string("keras.optimizers")), ("class_name", .string(o.className)),
      ("config", optimizerConfig(o)), ("registered_name", .null),
    ])
  }

  /// The loss as `compile` received it: a name stays that name (`"mse"`), a loss object is
  /// written as Keras serializes it.
  static func lossEntry(_ l: Loss) -> JSONValue {
    if let id = l.identifier { return .string(id) }
    if l is FunctionLoss { return userFunction(l.name) }
    var config: [(String, JSONValue)] = [
      ("name", .string(l.name)), ("reduction", l.reduction.map { .string($0.rawValue) } ?? .null),
    ]
    switch l {
    case is MeanSquaredError, is MeanAbsoluteError, is ElementwiseLoss, is CategoricalHinge:
      // Keras writes only name and reduction for these (Huber's delta too is left out).
      break
    case is SparseCategoricalCrossentropy:
      config += [("from_logits", .bool(l.fromLogits)), ("ignore_class", .null)]
    default:
      config += [("from_logits", .bool(l.fromLogits)), ("label_smoothing", .double(0)), ("axis", .int(-1))]
    }
    return .object([
      ("module", .string("keras.losses")), ("class_name", .string(l.className)), ("config", .object(config)),
      ("registered_name", .null),
    ])
  }

  /// A function of the user's (`compile(loss=my_loss)`), as Keras 3 serializes a plain function:
  /// by name only, so loading the file needs the function again.
  static func userFunction(_ name: String) -> JSONValue {
    .object([
      ("module", .string("builtins")), ("class_name", .string("function")), ("config", .string(name)),
      ("registered_name", .string("function")),
    ])
  }

  /// A metric by the name it was given (`"accuracy"`, `"acc"`), or as an object otherwise.
  static func metricEntry(_ m: Metric) -> JSONValue {
    if m is FunctionMetric { return userFunction(m.name) }
    if m is AutoAccuracy || Metrics.names.contains(m.name) { return .string(m.name) }
    if let a = m as? AUC {
      return .object([
        ("module", .string("keras.metrics")), ("class_name", .string("AUC")),
        (
          "config",
          .object([
            ("name", .string(a.name)), ("dtype", .string("float32")),
            ("num_thresholds", .int(a.numThresholds)),
            ("curve", .string(a.curve.rawValue)), ("summation_method", .string(a.summation.rawValue)),
            ("multi_label", .bool(false)), ("num_labels", .null), ("label_weights", .null),
            ("from_logits", .bool(a.fromLogits)),
          ])
        ),
        ("registered_name", .null),
      ])
    }
    return .object([
      ("module", .string("keras.metrics")), ("class_name", .string(m.className)),
      ("config", .object([("name", .string(m.name)), ("dtype", .string("float32"))])),
      ("registered_name", .null),
    ])
  }
}
