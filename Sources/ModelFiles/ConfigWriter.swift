import NN

/// Builds Keras 3's `config.json` for a model: `{"module", "class_name", "config",
/// "registered_name", "build_config", "compile_config"}` with layer and optimizer configs
/// in the key order Keras 3.15 writes. Keys that only recent Keras versions know
/// (`quantization_config`, `optional`, initializers' `input_axes`) are left out: they hold
/// their defaults, and leaving them out lets older Keras 3 releases open the file too.
enum ConfigWriter {
  /// The whole model entry, ready for `config.json`.
  static func model(_ model: Sequential) throws -> JSONValue {
    var entry: [(String, JSONValue)] = [
      ("module", .string("keras")), ("class_name", .string("Sequential")),
      ("config", try sequentialConfig(model)), ("registered_name", .null),
    ]
    if model.isBuilt, let input = model.inputShape {
      entry.append(("build_config", .object([("input_shape", batchShape(input))])))
    }
    if let compile = try compileConfig(model) { entry.append(("compile_config", compile)) }
    return .object(entry)
  }

  static let floatPolicy: JSONValue = .object([
    ("module", .string("keras")), ("class_name", .string("DTypePolicy")),
    ("config", .object([("name", .string("float32"))])), ("registered_name", .null),
  ])

  /// `[null, 28, 28]`.
  static func batchShape(_ shape: [Int]) -> JSONValue { .array([.null] + shape.map { .int($0) }) }

  private static func sequentialConfig(_ model: Sequential) throws -> JSONValue {
    var layers: [JSONValue] = []
    if model.isBuilt, let input = model.inputShape {
      // Keras 3 records the model's input as an InputLayer entry at the head of the list.
      layers.append(
        .object([
          ("module", .string("keras.layers")), ("class_name", .string("InputLayer")),
          (
            "config",
            .object([
              ("batch_shape", batchShape(input)), ("dtype", .string("float32")), ("sparse", .bool(false)),
              ("ragged", .bool(false)), ("name", .string(model.name + "_input")),
            ])
          ), ("registered_name", .null),
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

  /// One layer's entry; a nested `Sequential` is written whole.
  static func layer(_ layer: Layer) throws -> JSONValue {
    if let s = layer as? Sequential {
      var entry: [(String, JSONValue)] = [
        ("module", .string("keras")), ("class_name", .string("Sequential")),
        ("config", try sequentialConfig(s)), ("registered_name", .null),
      ]
      if s.isBuilt, let input = s.inputShape {
        entry.append(("build_config", .object([("input_shape", batchShape(input))])))
      }
      return .object(entry)
    }
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
        ("bias_constraint", .null),
      ]
    case is Flatten:
      config.append(("data_format", .string("channels_last")))
    case let d as Dropout:
      config += [("rate", .double(d.rate)), ("seed", .null), ("noise_shape", .null)]
    case is Softmax:
      config.append(("axis", .int(-1)))
    case let r as ReLU:
      var maxValue: JSONValue = .null, slope = 0.0, threshold = 0.0
      if case .generalRelu(let s, let m, let t) = r.activation {
        maxValue = m.map { .double(Double($0)) } ?? .null
        slope = Double(s)
        threshold = Double(t)
      }
      config += [
        ("max_value", maxValue), ("negative_slope", .double(slope)), ("threshold", .double(threshold)),
      ]
    case let a as Activation:
      config.append(("activation", .string(try activationName(a.activation, layer: a.name))))
    default:
      throw ModelFileError(
        .notImplementedError,
        "cannot save layer '\(layer.name)' of class \(layer.className): dnnlab does not know its Keras config"
      )
    }
    var entry: [(String, JSONValue)] = [
      ("module", .string("keras.layers")), ("class_name", .string(layer.className)),
      ("config", .object(config)),
      ("registered_name", .null),
    ]
    if layer.isBuilt, let input = layer.inputShape {
      entry.append(("build_config", .object([("input_shape", batchShape(input))])))
    }
    return .object(entry)
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

  static func initializer(_ i: Initializer) -> JSONValue {
    let seed: (String, JSONValue) = ("seed", .null)
    let (name, config): (String, [(String, JSONValue)])
    switch i {
    case .glorotUniform: (name, config) = ("GlorotUniform", [seed])
    case .glorotNormal: (name, config) = ("GlorotNormal", [seed])
    case .heNormal: (name, config) = ("HeNormal", [seed])
    case .heUniform: (name, config) = ("HeUniform", [seed])
    case .lecunNormal: (name, config) = ("LecunNormal", [seed])
    case .lecunUniform: (name, config) = ("LecunUniform", [seed])
    case .randomNormal(let m, let s):
      (name, config) = ("RandomNormal", [seed, ("mean", .double(m)), ("stddev", .double(s))])
    case .randomUniform(let lo, let hi):
      (name, config) = ("RandomUniform", [seed, ("minval", .double(lo)), ("maxval", .double(hi))])
    case .truncatedNormal(let m, let s):
      (name, config) = ("TruncatedNormal", [seed, ("mean", .double(m)), ("stddev", .double(s))])
    case .zeros: (name, config) = ("Zeros", [])
    case .ones: (name, config) = ("Ones", [])
    case .constant(let v): (name, config) = ("Constant", [("value", .double(v))])
    }
    return .object([
      ("module", .string("keras.initializers")), ("class_name", .string(name)), ("config", .object(config)),
      ("registered_name", .null),
    ])
  }

  // MARK: Compile

  private static func compileConfig(_ model: Sequential) throws -> JSONValue? {
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

  static func optimizerEntry(_ o: Optimizer) -> JSONValue {
    var config: [(String, JSONValue)] = [
      ("name", .string(o.name)), ("learning_rate", o.schedule.map(schedule) ?? f32(o.learningRate)),
      ("weight_decay", o.weightDecay.map(f32) ?? .null), ("clipnorm", .null), ("global_clipnorm", .null),
      ("clipvalue", .null), ("use_ema", .bool(false)), ("ema_momentum", .double(0.99)),
      ("ema_overwrite_frequency", .null),
    ]
    switch o {
    case let a as Adam:
      config += [
        ("beta_1", f32(a.beta1)), ("beta_2", f32(a.beta2)), ("epsilon", f32(a.epsilon)),
        ("amsgrad", .bool(a.amsgrad)),
      ]
    case let r as RMSprop:
      config += [
        ("rho", f32(r.rho)), ("momentum", f32(r.momentum)), ("epsilon", f32(r.epsilon)),
        ("centered", .bool(r.centered)),
      ]
    case let s as SGD:
      config += [("momentum", f32(s.momentum)), ("nesterov", .bool(s.nesterov))]
    case let a as Adagrad:
      config += [("initial_accumulator_value", f32(a.initialAccumulatorValue)), ("epsilon", f32(a.epsilon))]
    default: break
    }
    return .object([
      ("module", .string("keras.optimizers")), ("class_name", .string(o.className)),
      ("config", .object(config)),
      ("registered_name", .null),
    ])
  }

  /// A loss by name, as `compile(loss="...")` records it; an object when it has `from_logits`.
  static func lossEntry(_ l: Loss) -> JSONValue {
    // Keras writes the loss as compile received it: a name stays that name ("mse").
    if let id = l.identifier { return .string(id) }
    guard l.fromLogits else { return .string(l.name) }
    var config: [(String, JSONValue)] = [
      ("name", .string(l.name)), ("reduction", .string("sum_over_batch_size")), ("from_logits", .bool(true)),
    ]
    // SparseCategoricalCrossentropy takes ignore_class where the others take label_smoothing.
    config.append(
      l is SparseCategoricalCrossentropy ? ("ignore_class", .null) : ("label_smoothing", .double(0)))
    config.append(("axis", .int(-1)))
    return .object([
      ("module", .string("keras.losses")), ("class_name", .string(l.className)), ("config", .object(config)),
      ("registered_name", .null),
    ])
  }

  /// A metric by the name it was given (`"accuracy"`, `"acc"`), or as an object otherwise.
  static func metricEntry(_ m: Metric) -> JSONValue {
    if m is AutoAccuracy || Metrics.names.contains(m.name) { return .string(m.name) }
    return .object([
      ("module", .string("keras.metrics")), ("class_name", .string(m.className)),
      ("config", .object([("name", .string(m.name)), ("dtype", .string("float32"))])),
      ("registered_name", .null),
    ])
  }
}
