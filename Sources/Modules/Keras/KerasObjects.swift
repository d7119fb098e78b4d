import ModelFiles
import NN
import Script
import Tensors

/// A Keras object the script holds but does little with: an optimizer, a loss, a metric,
/// a callback, an initializer name. Shown as Keras shows it; a few attributes readable.
final class KerasObject: HostObject {
  enum Payload {
    case optimizer(Optimizer)
    case loss(Loss)
    case metric(Metric)
    case callback(Callback)
    case activation(ActivationFunction)
  }

  let payload: Payload
  init(_ payload: Payload) { self.payload = payload }

  var typeName: String {
    switch payload {
    case .optimizer(let o): return o.className
    case .loss(let l): return l.className
    case .metric(let m): return m.className
    case .callback: return "Callback"
    case .activation: return "function"
    }
  }

  func repr() -> String {
    switch payload {
    case .optimizer(let o):
      // Python's default repr carries the object's address.
      return String(o.description.dropLast(">".count)) + " at \(addressString(of: o))>"
    case .loss(let l): return l.description
    case .metric(let m): return m.description
    case .callback(let c):
      return "<keras.src.callbacks.\(KerasObject.callbackModule(c)) object at \(addressString(of: c))>"
    case .activation(let a): return "<function \(a.name) at \(addressString(of: self))>"
    }
  }

  var attributeNames: [String] {
    switch payload {
    case .optimizer: return ["apply", "apply_gradients", "get_config", "iterations", "learning_rate", "name"]
    case .loss: return ["from_logits", "get_config", "name", "reduction"]
    case .metric: return ["name", "reset_state", "result", "update_state"]
    case .callback(let c): return KerasObject.callbackAttributes(c).map(\.0).sorted()
    case .activation: return []
    }
  }

  /// Keras's module and class for a callback (`early_stopping.EarlyStopping`).
  static func callbackModule(_ c: Callback) -> String {
    let name = String(describing: type(of: c))
    let module: String
    switch c {
    case is ModelCheckpoint: module = "model_checkpoint"
    case is EarlyStopping: module = "early_stopping"
    case is ReduceLROnPlateau: module = "reduce_lr_on_plateau"
    case is LearningRateScheduler: module = "learning_rate_scheduler"
    case is LambdaCallback: module = "lambda_callback"
    case is TerminateOnNaN: module = "terminate_on_nan"
    case is CSVLogger: module = "csv_logger"
    default: module = "callback"
    }
    return "\(module).\(name)"
  }

  /// The attributes Keras users read from callbacks after `fit` (`early_stop.stopped_epoch`,
  /// `checkpoint.best`), by name.
  static func callbackAttributes(_ c: Callback) -> [(String, Value)] {
    func number(_ x: Double?) -> Value { x.map { .float($0) } ?? Value.none }
    var out: [(String, Value)] = []
    if let m = c as? MonitorCallback {
      out += [("monitor", .str(m.monitor)), ("mode", .str(m.mode)), ("best", number(m.best))]
    }
    switch c {
    case let e as EarlyStopping:
      out += [
        ("patience", .int(e.patience)), ("verbose", .int(e.verbose)), ("baseline", number(e.baseline)),
        ("min_delta", .float(e.minDelta)), ("restore_best_weights", .bool(e.restoreBestWeights)),
        ("start_from_epoch", .int(e.startFromEpoch)), ("stopped_epoch", .int(e.stoppedEpoch)),
        ("wait", .int(e.wait)), ("best_epoch", .int(e.bestEpoch)),
      ]
    case let r as ReduceLROnPlateau:
      out += [
        ("factor", .float(r.factor)), ("patience", .int(r.patience)), ("verbose", .int(r.verbose)),
        ("cooldown", .int(r.cooldown)), ("min_lr", .float(r.minLR)), ("min_delta", .float(r.minDelta)),
      ]
    case let k as ModelCheckpoint:
      out += [
        ("filepath", .str(k.filepath)), ("verbose", .int(k.verbose)),
        ("save_best_only", .bool(k.saveBestOnly)),
        ("save_weights_only", .bool(k.saveWeightsOnly)),
      ]
    case let l as LearningRateScheduler:
      out += [("verbose", .int(l.verbose))]
    case let c as CSVLogger:
      out += [
        ("filename", .str(c.filename)), ("sep", .str(c.separator)), ("append", .bool(c.append)),
        ("keys", c.keys.map { .list(ListObject($0.map { .str($0) })) } ?? Value.none),
      ]
    default:
      break
    }
    return out
  }

  func getAttribute(_ name: String) throws -> Value? {
    switch (payload, name) {
    case (.optimizer(let o), "learning_rate"), (.optimizer(let o), "lr"):
      // With a schedule Keras gives the rate for the current step as a tensor.
      if o.schedule != nil {
        return TensorFlowConvert.value(Tensor(scalar: o.currentLearningRate, isScalar: false))
      }
      return .object(OptimizerVariableObject(o, .learningRate))
    case (.optimizer(let o), "iterations"): return .object(OptimizerVariableObject(o, .iterations))
    case (.optimizer(let o), "apply_gradients"):
      return .builtin(
        BuiltinFunction("apply_gradients", signature: "grads_and_vars", receiverTypeName: o.className) {
          a, interp in
          var grads: [Value] = []
          var variables: [Value] = []
          for pair in try interp.elements(of: a["grads_and_vars"]) {
            let parts = try interp.elements(of: pair)
            guard parts.count == 2 else {
              throw ScriptError(
                .valueError, "not enough values to unpack (expected 2, got \(parts.count))",
                hint: "pass (gradient, variable) pairs: zip(grads, model.trainable_variables)")
            }
            grads.append(parts[0])
            variables.append(parts[1])
          }
          try OptimizerSteps.apply(o, grads, variables, interp)
          return .object(OptimizerVariableObject(o, .iterations))
        })
    case (.optimizer(let o), "apply"):
      return .builtin(
        BuiltinFunction("apply", signature: "grads, trainable_variables=None", receiverTypeName: o.className)
        {
          a, interp in
          guard !a["trainable_variables"].isNone else {
            throw ScriptError(
              .valueError, "dnnlab's optimizer.apply needs trainable_variables",
              hint: "optimizer.apply(grads, model.trainable_variables)")
          }
          let grads = try interp.elements(of: a["grads"])
          let variables = try interp.elements(of: a["trainable_variables"])
          guard grads.count == variables.count else {
            throw ScriptError(
              .valueError,
              "The number of gradients (\(grads.count)) does not match the number of variables (\(variables.count))"
            )
          }
          try OptimizerSteps.apply(o, grads, variables, interp)
          return .object(OptimizerVariableObject(o, .iterations))
        })
    case (.optimizer(let o), "name"): return .str(o.name)
    case (.optimizer(let o), "get_config"):
      return .builtin(
        BuiltinFunction("get_config", signature: "") { _, _ in
          ConfigValues.value(KerasConfig.optimizerConfig(o))
        })
    case (.callback(let c), _): return KerasObject.callbackAttributes(c).first { $0.0 == name }?.1
    case (.loss(let l), "name"): return .str(l.name)
    case (.loss(let l), "get_config"):
      return .builtin(
        BuiltinFunction("get_config", signature: "") { _, _ in ConfigValues.value(KerasConfig.lossConfig(l)) }
      )
    case (.loss(let l), "from_logits"): return .bool(l.fromLogits)
    case (.loss(let l), "reduction"): return l.reduction.map { Value.str($0.rawValue) } ?? Value.none
    case (.metric(let m), "name"): return .str(m.name)
    case (.activation(let f), "__name__"): return .str(f.name)
    case (.metric(let m), "result"):
      return .builtin(
        BuiltinFunction("result", signature: "") { _, _ in
          TensorFlowConvert.value(Tensor(scalar: m.result(), isScalar: false))
        })
    case (.metric(let m), "update_state"):
      return .builtin(
        BuiltinFunction("update_state", signature: "y_true, y_pred, sample_weight=None") { a, _ in
          let yTrue = try Convert.tensor(a["y_true"])
          let yPred = try Convert.tensor(a["y_pred"])
          let weights = a["sample_weight"].isNone ? nil : try Convert.tensor(a["sample_weight"])
          try Convert.tensors { try m.updateState(yTrue, yPred, sampleWeight: weights) }
          return .none
        })
    case (.metric(let m), "reset_state"):
      return .builtin(
        BuiltinFunction("reset_state", signature: "") { _, _ in
          m.resetState(); return .none
        })
    default: return nil
    }
  }

  func setAttribute(_ name: String, _ value: Value) throws -> Bool {
    if case .optimizer(let o) = payload, name == "learning_rate" || name == "lr" {
      // `opt.learning_rate = 0.5` assigns into Keras's variable; a schedule replaces the rate.
      if case .object(let s as ScheduleObject) = value {
        o.schedule = s.schedule
        return true
      }
      if o.schedule != nil { throw ScriptError(.typeError, Optimizer.scheduledRateNotSettable) }
      if case .object(let v as OptimizerVariableObject) = value {
        o.learningRate = v.optimizer.learningRate
      } else {
        o.learningRate = Float(try Convert.double(value))
      }
      return true
    }
    return false
  }

  /// An activation object is callable on arrays: `tf.nn.relu(x)`.
  var isCallable: Bool {
    if case .activation = payload { return true }
    if case .loss = payload { return true }
    if case .metric = payload { return true }
    return false
  }

  func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
    switch payload {
    case .activation(let f):
      guard let x = arguments.positional.first else { throw ScriptError(.typeError, "missing input x") }
      let input = try TensorFlowConvert.natural(x)
      let r = try TensorFlowActivations.apply(f, to: input)
      return TapeRecording.output(r, inputs: [x]) { g in [try GradientRules.activation(f, input, out: r, g)] }
    case .loss(let l):
      let a = try Signature("\(l.className).__call__", "y_true, y_pred, sample_weight=None").bind(arguments)
      let yTrue = try Convert.tensor(a["y_true"])
      let yPred = try Convert.tensor(a["y_pred"], dtype: .float32)
      let weights = a["sample_weight"].isNone ? nil : try Convert.tensor(a["sample_weight"])
      let r = try Convert.tensors { try l(yTrue, yPred, sampleWeight: weights) }
      // The reduction is part of the recorded call: a summed loss sends each sample the
      // output gradient, a per-sample one each sample its own.
      return TapeRecording.output(r, inputs: [a["y_true"], a["y_pred"]]) { g in
        [nil, try l.gradient(yTrue, yPred, sampleWeight: weights, outputGradient: g)]
      }
    case .metric(let m):
      // Keras's `metric(y_true, y_pred)`: one update_state, then the running result.
      let a = try Signature("\(m.className).__call__", "y_true, y_pred, sample_weight=None").bind(arguments)
      let yTrue = try Convert.tensor(a["y_true"])
      let yPred = try Convert.tensor(a["y_pred"])
      let weights = a["sample_weight"].isNone ? nil : try Convert.tensor(a["sample_weight"])
      try Convert.tensors { try m.updateState(yTrue, yPred, sampleWeight: weights) }
      return TensorFlowConvert.value(Tensor(scalar: m.result(), isScalar: false))
    default:
      return nil
    }
  }
}

/// A layer in the script: `Dense(512, activation='relu')`.
final class LayerObject: HostObject {
  let layer: Layer
  /// The session the layer was made in: its weights are drawn from that session's seed.
  private let session: NNSession
  init(_ layer: Layer) {
    self.layer = layer
    self.session = NNSession.current
  }

  var isCallable: Bool { true }

  /// `layer(x)`: builds the layer for `x`'s shape if needed and returns its output as a
  /// tf.Tensor (inference mode unless `training=True`).
  func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
    guard let x = arguments.positional.first else {
      throw ScriptError(
        .typeError, "\(layer.className).call() missing 1 required positional argument: 'inputs'")
    }
    if case .object(let symbolic as KerasTensorObject) = x {
      return .object(try NNSession.with(session) { try symbolic.applying(layer) })
    }
    let training = try arguments.keyword("training").map { try interpreter.truthy($0) } ?? false
    let input = try Convert.tensor(x)
    // A model of one layer, named so that it takes no auto-name (`sequential_1`) from the session.
    let wrapper = try Convert.tensors {
      try NNSession.with(session) {
        let wrapper = try Sequential(name: "\(layer.name)_call")
        wrapper.scopesVariablePaths = false
        try wrapper.add(layer)
        return wrapper
      }
    }
    if !layer.isBuilt, !TapeRecording.active.isEmpty, input.ndim >= 1 {
      // Build first, so the weights exist to be watched.
      try Convert.tensors {
        try NNSession.with(session) { try wrapper.build(inputShape: Array(input.shape.dropFirst())) }
      }
    }
    let variables = wrapper.trainableWeights
    let inputs = [x] + variables.map { Value.object(VariableObject($0)) }
    guard TapeRecording.wouldRecord(inputs) else {
      return TensorFlowConvert.value(
        try Convert.tensors { try NNSession.with(session) { try wrapper(input, training: training) } })
    }
    let (output, call) = try Convert.tensors {
      try NNSession.with(session) { try wrapper.recordedCall(input, training: training) }
    }
    let inputFollowed = TapeRecording.isFollowed(x)
    return TapeRecording.output(output, inputs: inputs) { [session] g in
      let r = try NNSession.with(session) {
        try wrapper.tapeGradients(
          input, call: call, outputGradient: g, variables: variables, needInputGradient: inputFollowed)
      }
      return [r.input] + r.variables
    }
  }

  var typeName: String { layer.className }
  /// `model.layers[0] is model.layers[0]`: wrappers of one layer are the same object.
  var identity: AnyObject { layer }
  func repr() -> String {
    "<\(layer.className) name=\(layer.name), built=\(layer.showsBuilt ? "True" : "False")>"
  }

  var attributeNames: [String] {
    [
      "build", "count_params", "get_config", "get_weights", "input", "input_shape", "name", "output",
      "output_shape",
      "set_weights",
      "trainable",
      "non_trainable_weights", "trainable_weights", "weights",
    ]
      + (layer is Dense
        ? ["activation", "bias", "bias_regularizer", "kernel", "kernel_regularizer", "units", "use_bias"]
        : [])
      + (layer is BatchNormalization
        ? [
          "axis", "beta", "center", "epsilon", "gamma", "momentum", "moving_mean", "moving_variance", "scale",
        ] : [])
      + preprocessingAttributeNames
  }

  func getAttribute(_ name: String) throws -> Value? {
    if name == "build" {
      return .builtin(
        BuiltinFunction("build", signature: "input_shape") { [layer, session] a, interp in
          // Keras passes the batch axis too: build((None, 784)).
          let dims = try interp.elements(of: a["input_shape"])
          guard let first = dims.first, first.isNone || (try? Convert.integer(first)) != nil else {
            throw ScriptError(.valueError, "input_shape must start with the batch axis, e.g. (None, 784)")
          }
          let shape = try dims.dropFirst().map(Convert.integer)
          _ = try NNSession.with(session) { try Convert.tensors { try layer.outputShape(calledOn: shape) } }
          return .none
        })
    }
    return try LayerObject.commonAttribute(layer, name) ?? denseAttribute(name)
      ?? batchNormalizationAttribute(name) ?? preprocessingAttribute(name)
  }

  private func batchNormalizationAttribute(_ name: String) throws -> Value? {
    guard let b = layer as? BatchNormalization else { return nil }
    switch name {
    case "axis": return .int(b.axis)
    case "momentum": return .float(b.momentum)
    case "epsilon": return .float(b.epsilon)
    case "center": return .bool(b.center)
    case "scale": return .bool(b.scale)
    case "gamma": return try LayerObject.variableValue(b.gamma)
    case "beta": return try LayerObject.variableValue(b.beta)
    case "moving_mean": return try LayerObject.variableValue(b.movingMean)
    case "moving_variance": return try LayerObject.variableValue(b.movingVariance)
    default: return nil
    }
  }

  func setAttribute(_ name: String, _ value: Value) throws -> Bool {
    guard name == "trainable" else { return false }
    switch value {
    case .bool(let b): layer.trainable = b
    case .int(let i): layer.trainable = i != 0
    default: throw ScriptError(.typeError, "trainable must be True or False")
    }
    return true
  }

  private func denseAttribute(_ name: String) throws -> Value? {
    guard let dense = layer as? Dense else { return nil }
    switch name {
    case "units": return .int(dense.units)
    case "activation": return .object(KerasObject(.activation(dense.activation)))
    case "kernel": return try LayerObject.variableValue(dense.kernel)
    case "bias": return try LayerObject.variableValue(dense.bias)
    case "use_bias": return .bool(dense.useBias)
    case "kernel_regularizer":
      return dense.kernelRegularizer.map { .object(RegularizerObject($0)) } ?? Value.none
    case "bias_regularizer": return dense.biasRegularizer.map { .object(RegularizerObject($0)) } ?? Value.none
    default: return nil
    }
  }

  /// A layer's variable as Keras shows it (None when the layer is not built).
  static func variableValue(_ v: Variable?) throws -> Value {
    guard let v else { return .none }
    return .object(VariableObject(v))
  }

  /// Attributes every layer and model has.
  static func commonAttribute(_ layer: Layer, _ name: String) throws -> Value? {
    switch name {
    case "name": return .str(layer.name)
    case "get_config":
      return .builtin(
        BuiltinFunction("get_config", signature: "") { _, _ in
          ConfigValues.value(try ConfigValues.run { try KerasConfig.layerConfig(layer) })
        })
    case "trainable": return .bool(layer.trainable)
    case "built": return .bool(layer.showsBuilt)
    // Every dnnlab layer computes in float32 (other dtypes are refused at construction).
    case "dtype", "compute_dtype", "variable_dtype": return .str("float32")
    case "count_params":
      return .builtin(BuiltinFunction("count_params", signature: "") { _, _ in .int(layer.countParams()) })
    case "get_weights":
      return .builtin(
        BuiltinFunction("get_weights", signature: "") { _, _ in
          .list(ListObject(try Convert.tensors { try layer.getWeights() }.map(Convert.value)))
        })
    case "set_weights":
      return .builtin(
        BuiltinFunction("set_weights", signature: "weights") { a, interp in
          let weights = try interp.elements(of: a["weights"]).map { try Convert.tensor($0) }
          try Convert.tensors { try layer.setWeights(weights) }
          return .none
        })
    case "weights", "variables":
      return .list(ListObject(try layer.variables.map { try LayerObject.variableValue($0) }))
    case "trainable_weights", "trainable_variables":
      let vars = (layer as? Sequential)?.trainableWeights ?? layer.trainableVariables
      return .list(ListObject(try vars.map { try LayerObject.variableValue($0) }))
    case "non_trainable_weights", "non_trainable_variables":
      let trainable = Set(
        ((layer as? Sequential)?.trainableWeights ?? layer.trainableVariables).map(ObjectIdentifier.init))
      let vars = layer.variables.filter { !trainable.contains(ObjectIdentifier($0)) }
      return .list(ListObject(try vars.map { try LayerObject.variableValue($0) }))
    case "input_shape":
      // Unbuilt, Keras has no such attribute: nil gives its AttributeError.
      guard let s = layer.inputShape else { return nil }
      return .tuple([.none] + s.map { .int($0) })
    case "output_shape":
      guard let s = layer.outputShape else { return nil }
      return .tuple([.none] + s.map { .int($0) })
    case "input", "output":
      return try KerasTensorObject.layerAttribute(name, of: layer)
    default: return nil
    }
  }
}

/// The `History` that `fit` returns: `.history` (a dict of lists) and `.epoch`.
final class HistoryObject: HostObject {
  let history: History
  init(_ history: History) { self.history = history }

  var typeName: String { "History" }
  func repr() -> String { "<keras.src.callbacks.history.History object at \(addressString(of: history))>" }
  var attributeNames: [String] { ["epoch", "history", "params"] }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "history":
      return .dict(DictObject(history.history.map { ($0.0, .list(ListObject($0.1.map { .float($0) }))) }))
    case "epoch": return .list(ListObject(history.epoch.map { .int($0) }))
    case "params":
      guard let p = history.params else { return .dict(DictObject()) }
      let verbose: Value
      switch p.verbose {
      case .auto: verbose = .str("auto")
      case .silent: verbose = .int(0)
      case .progressBar: verbose = .int(1)
      case .oneLinePerEpoch: verbose = .int(2)
      }
      return .dict(DictObject([("verbose", verbose), ("epochs", .int(p.epochs)), ("steps", .int(p.steps))]))
    default: return nil
    }
  }
}

/// `optimizer.apply_gradients(zip(grads, variables))`: one step of a Keras optimizer on Keras
/// variables (`model.trainable_variables`) and float32 `tf.Variable`s.
enum OptimizerSteps {
  static func apply(_ o: Optimizer, _ grads: [Value], _ variables: [Value], _ interp: Interpreter) throws {
    var pairs: [(Tensor, Variable)] = []
    var missing: [String] = []
    for (g, v) in zip(grads, variables) {
      let variable: Variable
      let shownName: String
      switch v {
      case .object(let k as VariableObject):
        variable = k.variable
        shownName = k.variable.name
      case .object(let t as TFVariableObject):
        guard let nn = t.storage.variable else {
          throw ScriptError(
            .notImplementedError,
            "dnnlab's optimizers update float32 variables; this one is \(t.tensor.dtype.name)",
            hint: "make it with tf.Variable(value, dtype=tf.float32)")
        }
        variable = nn
        shownName = "\(t.storage.name):0"
      default:
        throw ScriptError(
          .typeError, "optimizer.apply_gradients updates variables, got \(Convert.typeName(v))",
          hint: "pass (gradient, variable) pairs, e.g. zip(grads, model.trainable_variables)")
      }
      if g.isNone {
        missing.append(shownName)
        continue
      }
      pairs.append((try Convert.tensor(g), variable))
    }
    guard !pairs.isEmpty else { throw ScriptError(.valueError, "No gradients provided for any variable.") }
    if !missing.isEmpty {
      interp.warn(
        "Gradients do not exist for variables [\(missing.map { "'\($0)'" }.joined(separator: ", "))] when minimizing the loss. If using "
          + "`model.compile()`, did you forget to provide a `loss` argument?",
        place: "keras:apply_gradients")
    }
    try Convert.tensors { try o.applyGradients(pairs) }
  }
}
