import NN

/// `compile_config` of `config.json`: the optimizer (with its hyperparameters), the loss and
/// the metrics, read into NN objects so `fit` can go on after `load_model`.
struct CompiledParts {
  var optimizer: Optimizer
  var loss: Loss?
  var metrics: [Metric]
  var weightedMetrics: [Metric]
  var lossWeight: Float
}

enum CompileConfigReader {
  static func read(_ c: JSONReader, custom: CustomFunctions = CustomFunctions()) throws -> CompiledParts {
    let optimizer = try self.optimizer(try c.require("optimizer"))
    let loss = try c.child("loss").flatMap { $0.value.isNull ? nil : try self.loss($0, custom: custom) }
    return CompiledParts(
      optimizer: optimizer, loss: loss, metrics: try metricList(c.child("metrics"), custom: custom),
      weightedMetrics: try metricList(c.child("weighted_metrics"), custom: custom),
      lossWeight: try lossWeight(c.child("loss_weights")))
  }

  /// `metrics` or `weighted_metrics`: `null` or a list of names and metric objects.
  private static func metricList(_ r: JSONReader?, custom: CustomFunctions) throws -> [Metric] {
    guard let r, !r.value.isNull else { return [] }
    var metrics: [Metric] = []
    for item in try r.items() {
      // Keras writes one list per output for multi-output models; a single output may appear as [[...]].
      if case .array = item.value {
        for inner in try item.items() { metrics.append(try metric(inner, custom: custom)) }
      } else {
        metrics.append(try metric(item, custom: custom))
      }
    }
    return metrics
  }

  /// `loss_weights` of the single output: `null`, a number, or a list of one number.
  private static func lossWeight(_ r: JSONReader?) throws -> Float {
    guard let r, !r.value.isNull else { return 1 }
    switch r.value {
    case .int(let i): return Float(i)
    case .double(let d): return Float(d)
    case .array(let items) where items.count == 1:
      switch items[0] {
      case .int(let i): return Float(i)
      case .double(let d): return Float(d)
      default: break
      }
    default: break
    }
    throw r.error("loss_weights must be a number for a model with one output", kind: .notImplementedError)
  }

  static func optimizer(_ r: JSONReader) throws -> Optimizer {
    if case .string(let s) = r.value {
      do { return try Optimizers.named(s) } catch {
        throw r.error(
          "unknown optimizer '\(s)'", hint: "dnnlab knows \(Optimizers.names.joined(separator: ", "))")
      }
    }
    let className = try r.require("class_name").string()
    let c = try r.require("config")
    var used: Set<String> = [
      "name", "learning_rate", "weight_decay", "ema_momentum", "ema_overwrite_frequency",
    ]
    func number(_ key: String, _ fallback: Double) throws -> Double {
      used.insert(key)
      return try c.child(key).flatMap { $0.value.isNull ? nil : try $0.double() } ?? fallback
    }
    func flag(_ key: String) throws -> Bool {
      used.insert(key)
      return try c.child(key)?.bool() ?? false
    }
    for key in [
      "clipnorm", "global_clipnorm", "clipvalue", "loss_scale_factor", "gradient_accumulation_steps",
    ] {
      used.insert(key)
      if let v = c.child(key), !v.value.isNull {
        throw v.error("optimizer option \(key) is not supported", kind: .notImplementedError)
      }
    }
    if try flag("use_ema") {
      throw c.error("optimizer option use_ema=True is not supported", kind: .notImplementedError)
    }
    let name = try c.child("name")?.optionalString()
    guard let lrKey = c.child("learning_rate") else { throw c.error("missing key 'learning_rate'") }
    var schedule: LearningRateSchedule?
    if case .object = lrKey.value { schedule = try Self.schedule(lrKey) }
    let lr = try schedule.map { Double($0.rate(atStep: 0)) } ?? lrKey.double()
    let wd = try c.child("weight_decay").flatMap { $0.value.isNull ? nil : try $0.double() }
    let o: Optimizer = try ModelConfigReader.nn(r.path, r.place) {
      switch className {
      case "SGD":
        return try SGD(
          learningRate: lr, momentum: try number("momentum", 0), nesterov: try flag("nesterov"),
          weightDecay: wd, name: name)
      case "RMSprop":
        return try RMSprop(
          learningRate: lr, rho: try number("rho", 0.9), momentum: try number("momentum", 0),
          epsilon: try number("epsilon", 1e-7), centered: try flag("centered"), weightDecay: wd, name: name)
      case "Adam":
        return try Adam(
          learningRate: lr, beta1: try number("beta_1", 0.9), beta2: try number("beta_2", 0.999),
          epsilon: try number("epsilon", 1e-7), amsgrad: try flag("amsgrad"), weightDecay: wd, name: name)
      case "AdamW":
        return try AdamW(
          learningRate: lr, weightDecay: wd ?? 0.004, beta1: try number("beta_1", 0.9),
          beta2: try number("beta_2", 0.999), epsilon: try number("epsilon", 1e-7),
          amsgrad: try flag("amsgrad"),
          name: name)
      case "Adagrad":
        return try Adagrad(
          learningRate: lr, initialAccumulatorValue: try number("initial_accumulator_value", 0.1),
          epsilon: try number("epsilon", 1e-7), weightDecay: wd, name: name)
      case "Nadam":
        return try Nadam(
          learningRate: lr, beta1: try number("beta_1", 0.9), beta2: try number("beta_2", 0.999),
          epsilon: try number("epsilon", 1e-7), weightDecay: wd, name: name)
      case "Adamax":
        return try Adamax(
          learningRate: lr, beta1: try number("beta_1", 0.9), beta2: try number("beta_2", 0.999),
          epsilon: try number("epsilon", 1e-7), weightDecay: wd, name: name)
      default:
        throw r.error(
          "unknown optimizer class '\(className)'", kind: .notImplementedError,
          hint: "dnnlab knows SGD, RMSprop, Adam, AdamW, Adagrad, Nadam, Adamax")
      }
    }
    try LayerConfigReader.checkUnused(c, used: used)
    o.schedule = schedule
    return o
  }

  /// A serialized `keras.optimizers.schedules` object.
  static func schedule(_ r: JSONReader) throws -> LearningRateSchedule {
    let className = try r.require("class_name").string()
    guard let c = r.child("config") else { throw r.error("missing key 'config'") }
    func number(_ key: String) throws -> Double { try c.require(key).double() }
    let made: LearningRateSchedule
    switch className {
    case "ExponentialDecay", "InverseTimeDecay":
      let staircase = try c.child("staircase")?.bool() ?? false
      let (initial, steps, rate) = (
        try number("initial_learning_rate"), try number("decay_steps"), try number("decay_rate")
      )
      made =
        className == "ExponentialDecay"
        ? .exponentialDecay(initial: initial, decaySteps: steps, decayRate: rate, staircase: staircase)
        : .inverseTimeDecay(initial: initial, decaySteps: steps, decayRate: rate, staircase: staircase)
    case "CosineDecay":
      let target = try c.child("warmup_target").flatMap { $0.value.isNull ? nil : try $0.double() }
      made = .cosineDecay(
        initial: try number("initial_learning_rate"), decaySteps: try number("decay_steps"),
        alpha: try c.child("alpha")?.double() ?? 0, warmupTarget: target,
        warmupSteps: try c.child("warmup_steps")?.double() ?? 0)
    case "PolynomialDecay":
      made = .polynomialDecay(
        initial: try number("initial_learning_rate"), decaySteps: try number("decay_steps"),
        end: try c.child("end_learning_rate")?.double() ?? 0.0001, power: try c.child("power")?.double() ?? 1,
        cycle: try c.child("cycle")?.bool() ?? false)
    case "CosineDecayRestarts":
      made = .cosineDecayRestarts(
        initial: try number("initial_learning_rate"), firstDecaySteps: try number("first_decay_steps"),
        tMul: try c.child("t_mul")?.double() ?? 2, mMul: try c.child("m_mul")?.double() ?? 1,
        alpha: try c.child("alpha")?.double() ?? 0)
    case "PiecewiseConstantDecay":
      let boundaries = try c.require("boundaries").items().map { try $0.double() }
      let values = try c.require("values").items().map { try $0.double() }
      made = .piecewiseConstant(boundaries: boundaries, values: values)
    default:
      throw r.error(
        "learning-rate schedule \(className) is not supported", kind: .notImplementedError,
        hint:
          "dnnlab knows ExponentialDecay, InverseTimeDecay, CosineDecay, CosineDecayRestarts, PolynomialDecay and "
          + "PiecewiseConstantDecay")
    }
    do { return try made.validated() } catch let e as NNError { throw r.error(e.message) }
  }

  static func loss(_ r: JSONReader, custom: CustomFunctions = CustomFunctions()) throws -> Loss {
    if let name = try CustomFunctions.functionName(r) {
      guard let make = custom.losses[name] else { throw CustomFunctions.missing(name, r) }
      return make()
    }
    if case .string(let s) = r.value {
      do {
        let loss = try Losses.named(s)
        loss.identifier = s
        return loss
      } catch {
        throw r.error("unknown loss '\(s)'", hint: "dnnlab knows \(Losses.names.joined(separator: ", "))")
      }
    }
    guard case .object = r.value else {
      throw r.error("only one loss (a name or a loss object) is supported")
    }
    let className = try r.require("class_name").string()
    let c = r.child("config")
    let fromLogits = try c?.child("from_logits")?.bool() ?? false
    if let s = c?.child("label_smoothing"), try s.double() != 0 {
      throw s.error("label_smoothing is not supported", kind: .notImplementedError)
    }
    if let a = c?.child("axis"), !a.value.isNull, try a.int() != -1 {
      throw a.error("losses over an axis other than -1 are not supported", kind: .notImplementedError)
    }
    if let i = c?.child("ignore_class"), !i.value.isNull {
      throw i.error("ignore_class is not supported", kind: .notImplementedError)
    }
    // A missing reduction is Keras's default; null is None (no reduction).
    var reduction = LossReduction.sumOverBatchSize as LossReduction?
    if let red = c?.child("reduction") {
      let value = try red.optionalString()
      do { reduction = try LossReduction.parse(value) } catch let e as NNError { throw red.error(e.message) }
    }
    let loss = try lossObject(r, className: className, config: c, fromLogits: fromLogits)
    loss.reduction = reduction
    return loss
  }

  /// The loss class `className` with the name its config gives (the class's default name
  /// without one).
  private static func lossObject(_ r: JSONReader, className: String, config c: JSONReader?, fromLogits: Bool)
    throws -> Loss
  {
    let name = try c?.child("name")?.optionalString()
    switch className {
    case "CategoricalCrossentropy":
      return CategoricalCrossentropy(fromLogits: fromLogits, name: name ?? "categorical_crossentropy")
    case "SparseCategoricalCrossentropy":
      return SparseCategoricalCrossentropy(
        fromLogits: fromLogits, name: name ?? "sparse_categorical_crossentropy")
    case "BinaryCrossentropy":
      return BinaryCrossentropy(fromLogits: fromLogits, name: name ?? "binary_crossentropy")
    case "MeanSquaredError": return MeanSquaredError(name: name ?? "mean_squared_error")
    case "MeanAbsoluteError": return MeanAbsoluteError(name: name ?? "mean_absolute_error")
    case "Huber", "KLDivergence", "LogCosh", "Poisson", "Hinge", "SquaredHinge", "CategoricalHinge":
      switch className {
      // Keras's Huber config carries no delta, so a loaded Huber has the default δ = 1.
      case "Huber": return try ModelConfigReader.nn(r.path, r.place) { try Huber(name: name ?? "huber_loss") }
      case "KLDivergence": return KLDivergence(name: name ?? "kl_divergence")
      case "LogCosh": return LogCosh(name: name ?? "log_cosh")
      case "Poisson": return Poisson(name: name ?? "poisson")
      case "Hinge": return Hinge(name: name ?? "hinge")
      case "SquaredHinge": return SquaredHinge(name: name ?? "squared_hinge")
      default: return CategoricalHinge(name: name ?? "categorical_hinge")
      }
    default:
      throw r.error(
        "unknown loss class '\(className)'", kind: .notImplementedError,
        hint: "dnnlab knows \(Losses.names.joined(separator: ", "))")
    }
  }

  static func metric(_ r: JSONReader, custom: CustomFunctions = CustomFunctions()) throws -> Metric {
    if let name = try CustomFunctions.functionName(r) {
      guard let make = custom.metrics[name] else { throw CustomFunctions.missing(name, r) }
      return make()
    }
    if case .string(let s) = r.value {
      do { return try Metrics.named(s) } catch {
        throw r.error("unknown metric '\(s)'", hint: "dnnlab knows \(Metrics.names.joined(separator: ", "))")
      }
    }
    let className = try r.require("class_name").string()
    let c = r.child("config")
    let name = try c?.child("name")?.optionalString()
    let threshold = Float(
      try c?.child("threshold").flatMap { $0.value.isNull ? nil : try $0.double() } ?? 0.5)
    switch className {
    case "SparseCategoricalAccuracy":
      return SparseCategoricalAccuracy(name: name ?? "sparse_categorical_accuracy")
    case "CategoricalAccuracy": return CategoricalAccuracy(name: name ?? "categorical_accuracy")
    case "BinaryAccuracy": return BinaryAccuracy(name: name ?? "binary_accuracy", threshold: threshold)
    case "MeanSquaredError": return MeanSquaredErrorMetric(name: name ?? "mean_squared_error")
    case "MeanAbsoluteError": return MeanAbsoluteErrorMetric(name: name ?? "mean_absolute_error")
    case "Precision": return Precision(name: name, threshold: threshold)
    case "Recall": return Recall(name: name, threshold: threshold)
    case "AUC":
      if let m = c?.child("multi_label"), try m.bool() {
        throw m.error("AUC with multi_label=True is not supported", kind: .notImplementedError)
      }
      let count = try c?.child("num_thresholds").map { try $0.int() } ?? 200
      let curve = try c?.child("curve")?.optionalString() ?? "ROC"
      let summation = try c?.child("summation_method")?.optionalString() ?? "interpolation"
      let fromLogits = try c?.child("from_logits")?.bool() ?? false
      return try ModelConfigReader.nn(r.path, r.place) {
        try AUC(
          numThresholds: count, curve: curve, summationMethod: summation, name: name, fromLogits: fromLogits)
      }
    default:
      throw r.error(
        "unknown metric class '\(className)'", kind: .notImplementedError,
        hint: "dnnlab knows \(Metrics.names.joined(separator: ", "))")
    }
  }
}
