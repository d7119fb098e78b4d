import Datasets
import NN
import Script
import Tensors

/// `keras` (also `tensorflow.keras`): `models`, `layers`, `optimizers`, `losses`, `metrics`,
/// `callbacks`, `activations`, `utils`, `datasets`, `backend`, bound onto NN and Datasets.
enum KerasModule {
  static func make(_ context: KerasContext) -> ModuleObject {
    let keras = ModuleObject(name: "keras", documentation: "Keras 3 subset on dnnlab's NN library")
    let layers = makeLayers(context)
    let models = ModuleObject(name: "keras.models")
    models.attributes["Sequential"] = layers.attributes["Sequential"]
    ModelFilesBinding.install(models: models, keras: keras, context: context)
    addFunctionalModel(keras: keras, models: models, context: context)
    let optimizers = makeOptimizers()
    optimizers.attributes["schedules"] = .module(SchedulesModule.make())
    let losses = makeLosses()
    let metrics = makeMetrics()
    let callbacks = makeCallbacks()
    let regularizers = RegularizersModule.make()
    let activations = makeActivations()
    let utils = makeUtils()
    let datasets = makeDatasets()
    let backend = ModuleObject(name: "keras.backend")
    backend.addFunction("clear_session", signature: "free_memory=True") { _, _ in
      NNSession.current.reset()
      return .none
    }
    for (name, module) in [
      ("layers", layers), ("models", models), ("optimizers", optimizers), ("losses", losses),
      ("metrics", metrics),
      ("callbacks", callbacks), ("activations", activations), ("utils", utils), ("datasets", datasets),
      ("regularizers", regularizers), ("initializers", InitializersModule.make()),
      ("backend", backend), ("ops", KerasOpsModule.make()),
      ("random", KerasRandomModule.make(context)),
    ] {
      keras.attributes[name] = .module(module)
    }
    keras.attributes["Sequential"] = layers.attributes["Sequential"]
    keras.attributes["Input"] = layers.attributes["Input"]
    keras.attributes["__version__"] = .str("3.15.1")
    context.wrapAll(keras)
    // One class object under both names, so `keras.models.Model is keras.Model`.
    models.attributes["Model"] = keras.attributes["Model"]
    ConfigBinding.install(keras: keras, context: context)
    return keras
  }

  /// Wraps NN construction errors, applies the base layer's keywords (`trainable=False`), and
  /// returns the layer as a script value.
  static func layer(_ a: BoundArguments, _ build: () throws -> Layer) throws -> Value {
    let made = try Convert.tensors(build)
    if let trainable = a.extraKeywords.first(where: { $0.name == "trainable" })?.value {
      guard case .bool(let flag) = trainable else {
        throw ScriptError(.typeError, "trainable must be True or False, not \(reprValue(trainable))")
      }
      made.trainable = flag
    }
    return ModelObject.wrap(made)
  }

  private static func makeLayers(_ context: KerasContext) -> ModuleObject {
    let m = ModuleObject(name: "keras.layers")
    m.addFunction("Sequential", signature: "layers=None, trainable=True, name=None") { a, interp in
      let parts = a["layers"].isNone ? [] : try interp.elements(of: a["layers"]).map(ModelObject.layer)
      let name = try KerasArgs.optionalString(a["name"])
      return .object(ModelObject(try Convert.tensors { try Sequential(parts, name: name) }, context: context))
    }
    m.addFunction(
      "Dense",
      signature: "units, activation=None, use_bias=True, kernel_initializer='glorot_uniform', "
        + "bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None, input_shape=None, "
        + "input_dim=None, name=None, **kwargs"
    ) { a, interp in
      try KerasArgs.checkLayerKeywords(a)
      let activation = try KerasArgs.activation(a["activation"])
      let kernelInit = try KerasArgs.initializer(a["kernel_initializer"], default: .glorotUniform)
      let biasInit = try KerasArgs.initializer(a["bias_initializer"], default: .zeros)
      return try layer(a) {
        try Dense(
          units: try a.int("units"), activation: activation, useBias: try interp.truthy(a["use_bias"]),
          kernelInitializer: kernelInit, biasInitializer: biasInit,
          kernelRegularizer: try RegularizersModule.regularizer(a["kernel_regularizer"]),
          biasRegularizer: try RegularizersModule.regularizer(a["bias_regularizer"]),
          inputShape: try KerasArgs.shape(a["input_shape"]),
          inputDim: try a.optionalInt("input_dim"), name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction("Flatten", signature: "data_format=None, input_shape=None, name=None, **kwargs") { a, _ in
      try KerasArgs.checkLayerKeywords(a)
      return try layer(a) {
        Flatten(
          inputShape: try KerasArgs.shape(a["input_shape"]), name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction(
      "Dropout", signature: "rate, noise_shape=None, seed=None, input_shape=None, name=None, **kwargs"
    ) { a, _ in
      try KerasArgs.checkLayerKeywords(a)
      return try layer(a) {
        try Dropout(
          rate: try Convert.double(a["rate"]), seed: try a.optionalInt("seed"),
          inputShape: try KerasArgs.shape(a["input_shape"]),
          name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction("Activation", signature: "activation, input_shape=None, name=None, **kwargs") { a, _ in
      try KerasArgs.checkLayerKeywords(a)
      let f = try KerasArgs.activation(a["activation"])
      return try layer(a) {
        try Activation(
          f, inputShape: try KerasArgs.shape(a["input_shape"]), name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction("Softmax", signature: "axis=-1, input_shape=None, name=None, **kwargs") { a, _ in
      try KerasArgs.checkLayerKeywords(a)
      return try layer(a) {
        try Softmax(
          axis: try a.int("axis"), inputShape: try KerasArgs.shape(a["input_shape"]),
          name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction(
      "ReLU",
      signature: "max_value=None, negative_slope=0.0, threshold=0.0, input_shape=None, name=None, **kwargs"
    ) { a, _ in
      try KerasArgs.checkLayerKeywords(a)
      return try layer(a) {
        try ReLU(
          maxValue: a["max_value"].isNone ? nil : try Convert.double(a["max_value"]),
          negativeSlope: try Convert.double(a["negative_slope"]),
          threshold: try Convert.double(a["threshold"]),
          inputShape: try KerasArgs.shape(a["input_shape"]), name: try KerasArgs.optionalString(a["name"]))
      }
    }
    for name in ["Input", "InputLayer"] {
      m.addFunction(
        name,
        signature: "shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None, "
          + "name=None, optional=False, **kwargs"
      ) { a, interp in
        try KerasArgs.checkLayerKeywords(a)
        for flag in ["sparse", "ragged", "optional"] where try interp.truthy(a[flag]) {
          throw ScriptError(.notImplementedError, "dnnlab's \(name) does not support \(flag)=True")
        }
        var shape = try KerasArgs.shape(a["shape"])
        if shape == nil, !a["batch_shape"].isNone {
          // batch_shape=(None, 784): the batch axis first, then the per-sample shape.
          let dims = try interp.elements(of: a["batch_shape"])
          shape = try dims.dropFirst().map { try Convert.integer($0) }
        }
        guard let shape else {
          throw ScriptError(.valueError, "Input() needs a shape, e.g. Input(shape=(784,))")
        }
        let made = try layer(a) {
          try InputLayer(shape: shape, name: try KerasArgs.optionalString(a["name"]))
        }
        guard case .object(let o as LayerObject) = made, let input = o.layer as? InputLayer else {
          return made
        }
        // Keras's InputLayer makes its KerasTensor at once; keras.Input returns that tensor.
        let tensor = KerasTensorObject(
          input: input, layers: [], shape: shape, name: try KerasArgs.optionalString(a["name"]))
        input.tensorName = tensor.name
        return name == "Input" ? .object(tensor) : made
      }
    }
    addNormalizationLayers(to: m)
    addPreprocessingLayers(to: m)
    return m
  }

  private static func makeOptimizers() -> ModuleObject {
    let m = ModuleObject(name: "keras.optimizers")
    /// `learning_rate`, after refusing keywords Keras 3 refuses. Keras 2's `lr=`, which course
    /// slides use, still works with Keras 2's one-line deprecation warning (Keras 3 itself
    /// refuses it; dnnlab keeps the slides running).
    func learningRate(_ a: BoundArguments, default value: Double) throws -> Double {
      try KerasArgs.checkOptimizerKeywords(a)
      if let lr = a.extraKeywords.first(where: { $0.name == "lr" })?.value, a["learning_rate"].isNone {
        NNSession.current.warn(KerasArgs.legacyLearningRateWarning)
        return try Convert.double(lr)
      }
      if case .object(let s as ScheduleObject) = a["learning_rate"] {
        return Double(s.schedule.rate(atStep: 0))
      }
      return a["learning_rate"].isNone ? value : try Convert.double(a["learning_rate"])
    }
    /// Builds the optimizer; a schedule given as `learning_rate` then drives its rate.
    func optimizer(_ a: BoundArguments, _ build: () throws -> Optimizer) throws -> Value {
      let made = try Convert.tensors(build)
      if case .object(let s as ScheduleObject) = a["learning_rate"] { made.schedule = s.schedule }
      return .object(KerasObject(.optimizer(made)))
    }
    m.addFunction(
      "SGD",
      signature: "learning_rate=None, momentum=0.0, nesterov=False, weight_decay=None, name=None, **kwargs"
    ) { a, interp in
      try optimizer(a) {
        try SGD(
          learningRate: try learningRate(a, default: 0.01), momentum: try Convert.double(a["momentum"]),
          nesterov: try interp.truthy(a["nesterov"]),
          weightDecay: a["weight_decay"].isNone ? nil : try Convert.double(a["weight_decay"]),
          name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction(
      "RMSprop",
      signature:
        "learning_rate=None, rho=0.9, momentum=0.0, epsilon=1e-07, centered=False, weight_decay=None, name=None, **kwargs"
    ) { a, interp in
      try optimizer(a) {
        try RMSprop(
          learningRate: try learningRate(a, default: 0.001), rho: try Convert.double(a["rho"]),
          momentum: try Convert.double(a["momentum"]), epsilon: try Convert.double(a["epsilon"]),
          centered: try interp.truthy(a["centered"]),
          weightDecay: a["weight_decay"].isNone ? nil : try Convert.double(a["weight_decay"]),
          name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction(
      "Adam",
      signature:
        "learning_rate=None, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False, weight_decay=None, name=None, **kwargs"
    ) { a, interp in
      try optimizer(a) {
        try Adam(
          learningRate: try learningRate(a, default: 0.001), beta1: try Convert.double(a["beta_1"]),
          beta2: try Convert.double(a["beta_2"]), epsilon: try Convert.double(a["epsilon"]),
          amsgrad: try interp.truthy(a["amsgrad"]),
          weightDecay: a["weight_decay"].isNone ? nil : try Convert.double(a["weight_decay"]),
          name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction(
      "AdamW",
      signature:
        "learning_rate=None, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False, name=None, **kwargs"
    ) { a, interp in
      try optimizer(a) {
        try AdamW(
          learningRate: try learningRate(a, default: 0.001),
          weightDecay: try Convert.double(a["weight_decay"]),
          beta1: try Convert.double(a["beta_1"]), beta2: try Convert.double(a["beta_2"]),
          epsilon: try Convert.double(a["epsilon"]), amsgrad: try interp.truthy(a["amsgrad"]),
          name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction(
      "Adagrad",
      signature:
        "learning_rate=None, initial_accumulator_value=0.1, epsilon=1e-07, weight_decay=None, name=None, **kwargs"
    ) { a, _ in
      try optimizer(a) {
        try Adagrad(
          learningRate: try learningRate(a, default: 0.001),
          initialAccumulatorValue: try Convert.double(a["initial_accumulator_value"]),
          epsilon: try Convert.double(a["epsilon"]),
          weightDecay: a["weight_decay"].isNone ? nil : try Convert.double(a["weight_decay"]),
          name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction(
      "Nadam",
      signature:
        "learning_rate=None, beta_1=0.9, beta_2=0.999, epsilon=1e-07, weight_decay=None, name=None, **kwargs"
    ) { a, _ in
      try optimizer(a) {
        try Nadam(
          learningRate: try learningRate(a, default: 0.001), beta1: try Convert.double(a["beta_1"]),
          beta2: try Convert.double(a["beta_2"]), epsilon: try Convert.double(a["epsilon"]),
          weightDecay: a["weight_decay"].isNone ? nil : try Convert.double(a["weight_decay"]),
          name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction(
      "Adamax",
      signature:
        "learning_rate=None, beta_1=0.9, beta_2=0.999, epsilon=1e-07, weight_decay=None, name=None, **kwargs"
    ) { a, _ in
      try optimizer(a) {
        try Adamax(
          learningRate: try learningRate(a, default: 0.001), beta1: try Convert.double(a["beta_1"]),
          beta2: try Convert.double(a["beta_2"]), epsilon: try Convert.double(a["epsilon"]),
          weightDecay: a["weight_decay"].isNone ? nil : try Convert.double(a["weight_decay"]),
          name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction("get", signature: "identifier") { a, _ in
      // An optimizer passes through; a name makes one with Keras's defaults.
      if case .object(let o as KerasObject) = a["identifier"], case .optimizer = o.payload {
        return a["identifier"]
      }
      guard case .str(let name) = a["identifier"] else {
        throw ScriptError(
          .valueError, "Could not interpret optimizer identifier: \(reprValue(a["identifier"]))")
      }
      return try optimizer(a) { try Optimizers.named(name) }
    }
    return m
  }

  private static func makeLosses() -> ModuleObject {
    let m = ModuleObject(name: "keras.losses")
    LossClasses.install(in: m)
    // Keras 3 has the functions under their long names only (no keras.losses.mse).
    for name in Losses.names where name.count > 3 {
      guard let loss = try? Losses.named(name) else { continue }
      m.attributes[name] = .object(LossFunctionObject(name, loss))
    }
    return m
  }

  private static func makeMetrics() -> ModuleObject {
    let m = ModuleObject(name: "keras.metrics")
    m.addFunction("Precision", signature: "thresholds=None, top_k=None, class_id=None, name=None, dtype=None")
    { a, _ in
      let t = a["thresholds"].isNone ? 0.5 : try Convert.double(a["thresholds"])
      return .object(
        KerasObject(.metric(Precision(name: try KerasArgs.optionalString(a["name"]), threshold: Float(t)))))
    }
    m.addFunction("Recall", signature: "thresholds=None, top_k=None, class_id=None, name=None, dtype=None") {
      a, _ in
      let t = a["thresholds"].isNone ? 0.5 : try Convert.double(a["thresholds"])
      return .object(
        KerasObject(.metric(Recall(name: try KerasArgs.optionalString(a["name"]), threshold: Float(t)))))
    }
    m.addFunction(
      "AUC",
      signature:
        "num_thresholds=200, curve='ROC', summation_method='interpolation', name=None, dtype=None, "
        + "thresholds=None, multi_label=False, num_labels=None, label_weights=None, from_logits=False"
    ) { a, interp in
      let multiLabel = try interp.truthy(a["multi_label"])
      if !a["thresholds"].isNone || !a["label_weights"].isNone || !a["num_labels"].isNone || multiLabel {
        throw ScriptError(
          .notImplementedError,
          "dnnlab's AUC takes num_thresholds, curve, summation_method, name and from_logits; thresholds, "
            + "multi_label, num_labels and label_weights are not supported")
      }
      let metric = try Convert.tensors {
        try AUC(
          numThresholds: try a.int("num_thresholds"), curve: try a.string("curve"),
          summationMethod: try a.string("summation_method"), name: try KerasArgs.optionalString(a["name"]),
          fromLogits: try interp.truthy(a["from_logits"]))
      }
      return .object(KerasObject(.metric(metric)))
    }
    m.addFunction("Accuracy", signature: "name='accuracy', dtype=None") { a, _ in
      .object(
        KerasObject(.metric(ExactAccuracy(name: try KerasArgs.optionalString(a["name"]) ?? "accuracy"))))
    }
    let named: [(String, String)] = [
      ("BinaryAccuracy", "binary_accuracy"),
      ("CategoricalAccuracy", "categorical_accuracy"),
      ("SparseCategoricalAccuracy", "sparse_categorical_accuracy"),
      ("MeanSquaredError", "mean_squared_error"),
      ("MeanAbsoluteError", "mean_absolute_error"),
    ]
    for (className, metricName) in named {
      m.addFunction(className, signature: "name=None, dtype=None") { a, _ in
        let metric = try Convert.tensors { try Metrics.named(metricName) }
        if let n = try KerasArgs.optionalString(a["name"]) { metric.name = n }
        return .object(KerasObject(.metric(metric)))
      }
    }
    return m
  }

  private static func makeCallbacks() -> ModuleObject {
    let m = ModuleObject(name: "keras.callbacks")
    func callback(_ build: () throws -> Callback) throws -> Value {
      .object(KerasObject(.callback(try Convert.tensors(build))))
    }
    m.addFunction("History", signature: "") { _, _ in .object(HistoryObject(History())) }
    m.addFunction("TerminateOnNaN", signature: "") { _, _ in try callback { TerminateOnNaN() } }
    m.addFunction("CSVLogger", signature: "filename, separator=',', append=False") { a, interp in
      try callback {
        CSVLogger(
          filename: try a.string("filename"), separator: try a.string("separator"),
          append: try interp.truthy(a["append"]), load: CSVLoggerFiles.load, store: CSVLoggerFiles.store)
      }
    }
    m.addFunction(
      "EarlyStopping",
      signature:
        "monitor='val_loss', min_delta=0, patience=0, verbose=0, mode='auto', baseline=None, restore_best_weights=False, start_from_epoch=0"
    ) { a, interp in
      try callback {
        try EarlyStopping(
          monitor: try a.string("monitor"), minDelta: try Convert.double(a["min_delta"]),
          patience: try a.int("patience"),
          verbose: try a.int("verbose"), mode: try a.string("mode"),
          baseline: a["baseline"].isNone ? nil : try Convert.double(a["baseline"]),
          restoreBestWeights: try interp.truthy(a["restore_best_weights"]),
          startFromEpoch: try a.int("start_from_epoch"))
      }
    }
    m.addFunction(
      "ReduceLROnPlateau",
      signature:
        "monitor='val_loss', factor=0.1, patience=10, verbose=0, mode='auto', min_delta=0.0001, cooldown=0, min_lr=0.0"
    ) { a, _ in
      try callback {
        try ReduceLROnPlateau(
          monitor: try a.string("monitor"), factor: try Convert.double(a["factor"]),
          patience: try a.int("patience"),
          verbose: try a.int("verbose"), mode: try a.string("mode"),
          minDelta: try Convert.double(a["min_delta"]),
          cooldown: try a.int("cooldown"), minLR: try Convert.double(a["min_lr"]))
      }
    }
    m.addFunction(
      "ModelCheckpoint",
      signature:
        "filepath, monitor='val_loss', verbose=0, save_best_only=False, save_weights_only=False, mode='auto', "
        + "save_freq='epoch', initial_value_threshold=None"
    ) { a, interp in
      let frequency: ModelCheckpoint.Frequency
      switch a["save_freq"] {
      case .str("epoch"): frequency = .epoch
      case .int(let n): frequency = .batches(n)
      default:
        throw ScriptError(
          .valueError,
          "Unrecognized save_freq: \(interp.str(a["save_freq"])). Expected save_freq are 'epoch' or integer values"
        )
      }
      return try callback {
        try ModelCheckpoint(
          filepath: try a.string("filepath"), monitor: try a.string("monitor"), verbose: try a.int("verbose"),
          saveBestOnly: try interp.truthy(a["save_best_only"]),
          saveWeightsOnly: try interp.truthy(a["save_weights_only"]), mode: try a.string("mode"),
          frequency: frequency,
          initialValueThreshold: a["initial_value_threshold"].isNone
            ? nil : try Convert.double(a["initial_value_threshold"]),
          save: ModelFilesBinding.checkpoint,
          formatPath: { template, epoch, batch, logs in
            // Keras fills the path with str.format(epoch=…, **logs) (and batch= when saving by batch).
            var keywords: [(name: String, value: Value)] = [("epoch", .int(epoch))]
            if let batch { keywords.append(("batch", .int(batch))) }
            keywords += logs.entries.map { ($0.0, .float($0.1)) }
            do {
              let format = try interp.attribute(of: .str(template), "format")
              return interp.str(try interp.call(format, Arguments([], keywords: keywords)))
            } catch let e as ScriptError where e.kind == .keyError {
              throw ScriptError(
                .keyError, "'Failed to format this callback filepath: \"\(template)\". Reason: \(e.message)'",
                hint: "the placeholders available are {epoch} and the logged values: "
                  + (["epoch"] + logs.keys).joined(separator: ", "))
            }
          })
      }
    }
    m.addFunction("LearningRateScheduler", signature: "schedule, verbose=0") { a, interp in
      let schedule = a["schedule"]
      return try callback {
        LearningRateScheduler(
          { epoch, lr in
            // Keras passes (epoch, lr) when the function takes two arguments, else (epoch).
            let twoArgs: Bool
            if case .function(let f) = schedule {
              twoArgs = f.parameterNames.count >= 2
            } else {
              twoArgs = false
            }
            let args = twoArgs ? [Value.int(epoch), .float(lr)] : [.int(epoch)]
            return try Convert.double(try interp.call(schedule, Arguments(args)))
          }, verbose: try a.int("verbose"))
      }
    }
    m.addFunction(
      "LambdaCallback",
      signature:
        "on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None, on_batch_end=None, on_train_begin=None, on_train_end=None"
    ) { a, interp in
      func hook(_ key: String) -> LambdaCallback.EpochHook? {
        let f = a[key]
        if f.isNone { return nil }
        return { index, logs in
          _ = try interp.call(
            f, Arguments([.int(index), .dict(DictObject(logs.entries.map { ($0.0, .float($0.1)) }))]))
        }
      }
      func trainHook(_ key: String) -> ((Logs) throws -> Void)? {
        let f = a[key]
        if f.isNone { return nil }
        return { logs in
          _ = try interp.call(f, Arguments([.dict(DictObject(logs.entries.map { ($0.0, .float($0.1)) }))]))
        }
      }
      return try callback {
        LambdaCallback(
          onEpochBegin: hook("on_epoch_begin"), onEpochEnd: hook("on_epoch_end"),
          onBatchBegin: hook("on_batch_begin"),
          onBatchEnd: hook("on_batch_end"), onTrainBegin: trainHook("on_train_begin"),
          onTrainEnd: trainHook("on_train_end"))
      }
    }
    return m
  }

  /// Python's `callable(v)`.
  static func isCallable(_ v: Value) -> Bool {
    switch v {
    case .function, .builtin: return true
    case .object(let o): return o.isCallable
    default: return false
    }
  }

  static func makeActivations() -> ModuleObject {
    let m = ModuleObject(name: "keras.activations")
    for name in Activations.names {
      if let f = try? Activations.named(name) { m.attributes[name] = .object(KerasObject(.activation(f))) }
    }
    // `activations.get`: a name (None is linear) to its function; a function is returned as is.
    m.addFunction("get", signature: "identifier") { a, _ in
      switch a["identifier"] {
      case .none: return m.attributes["linear"] ?? .none
      case .str(let name):
        guard let f = m.attributes[name], name != "get", name != "serialize" else {
          throw ScriptError(.valueError, "Could not interpret activation function identifier: \(name)")
        }
        return f
      case let v where KerasModule.isCallable(v): return v
      case let v:
        throw ScriptError(.valueError, "Could not interpret activation function identifier: \(reprValue(v))")
      }
    }
    // `activations.serialize`: a built-in activation's name.
    m.addFunction("serialize", signature: "activation") { a, _ in
      guard case .object(let o as KerasObject) = a["activation"], case .activation(let f) = o.payload else {
        throw ScriptError(
          .valueError,
          "Could not serialize \(reprValue(a["activation"])): dnnlab serializes built-in activations")
      }
      return .str(f.name)
    }
    return m
  }

  private static func makeUtils() -> ModuleObject {
    let m = ModuleObject(name: "keras.utils")
    m.addFunction("to_categorical", signature: "x, num_classes=None") { a, _ in
      let classes = a["num_classes"].isNone ? nil : try a.int("num_classes")
      let labels = try Convert.tensor(a["x"])
      return Convert.value(
        try Convert.tensors { try KerasUtilities.toCategorical(labels, numClasses: classes) })
    }
    m.addFunction("normalize", signature: "x, axis=-1, order=2") { a, _ in
      try KerasUtilities.normalize(a["x"], axis: a["axis"], order: a["order"])
    }
    m.addFunction("set_random_seed", signature: "seed") { a, _ in
      try Convert.tensors { try NNSession.current.setRandomSeed(try a.int("seed")) }
      return .none
    }
    PyplotModelDiagram.add(to: m)
    return m
  }

  private static func makeDatasets() -> ModuleObject {
    let m = ModuleObject(name: "keras.datasets")
    for (name, load) in [
      ("mnist", { try KerasDatasets.loadMNIST() }),
      ("fashion_mnist", { try KerasDatasets.loadFashionMNIST() }),
    ] as [(String, () throws -> LoadedDataset)] {
      let sub = ModuleObject(name: "keras.datasets.\(name)")
      sub.addFunction("load_data", signature: "path=None") { _, interp in
        let d = try Convert.tensors(load)
        if let notice = d.notice { interp.write(notice + "\n") }
        return .tuple([
          .tuple([Convert.value(d.xTrain), Convert.value(d.yTrain)]),
          .tuple([Convert.value(d.xTest), Convert.value(d.yTest)]),
        ])
      }
      m.attributes[name] = .module(sub)
    }
    return m
  }
}

/// Keras utilities computed on tensors.
enum KerasUtilities {
  /// `keras.utils.normalize`: a NumPy array is divided by its `order`-norm along `axis` (zero
  /// norms count as 1; Keras then expands the norm at `axis or -1`, so axis 0 expands at -1);
  /// a tf.Tensor goes through `keras.ops.normalize` (the norm floored at 1e-7, the 2-norm
  /// applied as a multiplication by its reciprocal).
  static func normalize(_ value: Value, axis axisValue: Value, order: Value) throws -> Value {
    if value.hostObject is EagerTensorObject {
      guard case .int(let p) = order, p >= 1 else {
        throw ScriptError(
          .valueError, "Argument `order` must be an int >= 1. Received: order=\(strValue(order))")
      }
      return try Convert.tensors {
        var x = try Convert.tensor(value)
        if x.ndim == 0 { x = try x.expandDims(0) }
        if !x.dtype.isFloatingPoint { x = try x.astype(.float32) }
        let axes = try Convert.axes(axisValue)
        let epsilon = 1e-7
        if p == 2 {
          let sumSquares = try Tensor.binary(.multiply, .tensor(x), .tensor(x)).reduce(
            .sum, axes: axes, keepdims: true)
          let inverse = try Tensor.binary(.trueDivide, .pyFloat(1), .tensor(try sumSquares.sqrt()))
          let capped = try Tensor.binary(.minimum, .tensor(inverse), .pyFloat(1 / epsilon))
          return TensorFlowConvert.value(try Tensor.binary(.multiply, .tensor(x), .tensor(capped)))
        }
        let norm = try NumPyNorm.norm(x, ord: .number(Double(p)), axis: axisValue, keepdims: true)
        let floor = try Tensor.binary(.maximum, .tensor(norm), .pyFloat(epsilon))
        return TensorFlowConvert.value(try Tensor.binary(.trueDivide, .tensor(x), .tensor(floor)))
      }
    }
    let x = try Convert.tensor(value)
    return Convert.value(
      try Convert.tensors {
        var norm = try NumPyNorm.norm(x, ord: try NumPyNorm.Order(order), axis: axisValue, keepdims: false)
        if norm.ndim == 0 { norm = try norm.reshape([1]) }
        let isZero = try Tensor.binary(.equal, .tensor(norm), .pyInt(0))
        norm = try Tensor.where(isZero, .pyInt(1), .tensor(norm))
        var expandAt = -1
        if case .int(let n) = axisValue, n != 0 { expandAt = n }
        return try Tensor.binary(.trueDivide, .tensor(x), .tensor(try norm.expandDims(expandAt)))
      })
  }

  /// Keras's `to_categorical`: float64 one-hot rows, `num_classes` defaulting to `max + 1`;
  /// a trailing axis of length 1 is dropped first, as Keras does.
  static func toCategorical(_ labels: Tensor, numClasses: Int?) throws -> Tensor {
    var shape = labels.shape
    if shape.count > 1, shape.last == 1 { shape.removeLast() }
    let flat = try labels.astype(.int64).reshape([-1])
    let values = try flat.toArray(Int64.self)
    let largest = values.max() ?? -1
    guard largest < Int64.max else { throw TensorError(.valueError, "negative dimensions are not allowed") }
    let classes = numClasses ?? Int(largest + 1)
    guard classes >= 0 else { throw TensorError(.valueError, "num_classes must be positive") }
    let out = try Tensor(zeros: [values.count, classes], dtype: .float64)
    let p = out.base(Double.self)
    for (row, v) in values.enumerated() {
      guard v >= 0, v < Int64(classes) else {
        throw TensorError(
          .indexError, "index \(v) is out of bounds for axis 1 with size \(classes)",
          hint: "labels must be integers in 0..<num_classes")
      }
      p[row * classes + Int(v)] = 1
    }
    return try out.reshape(shape + [classes])
  }
}
