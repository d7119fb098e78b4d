import ModelFiles
import NN
import Script
import Tensors

/// A `Sequential` or `Functional` model in the script.
final class ModelObject: HostObject {
  let model: Sequential
  /// The session its calls run in; set when the model is created through the keras module.
  var context: KerasContext?
  /// For a model made by `keras.Model(inputs, outputs)`: those tensors (`model.inputs`).
  let symbolic: (input: KerasTensorObject, output: KerasTensorObject)?
  init(
    _ model: Sequential, context: KerasContext? = nil,
    symbolic: (input: KerasTensorObject, output: KerasTensorObject)? = nil
  ) {
    self.model = model
    self.context = context
    self.symbolic = symbolic
  }

  var isFunctional: Bool { model is Functional }
  /// Wrappers of one model (`model.layers[0]` of an outer model) are the same object.
  var identity: AnyObject { model }
  var typeName: String { model.className }
  func repr() -> String {
    "<\(model.className) name=\(model.name), built=\(model.isBuilt ? "True" : "False")>"
  }

  var attributeNames: [String] {
    [
      "build", "compile", "count_params", "evaluate", "fit", "get_compile_config", "get_config",
      "get_weights", "history", "input_shape", "to_json",
      "layers", "metrics_names", "name", "optimizer", "output_shape", "predict", "set_weights",
      "stop_training",
      "summary",
      "trainable", "weights", "trainable_weights", "non_trainable_weights",
      "load_weights", "save", "save_weights",
    ] + ["input", "inputs", "output", "outputs"] + (isFunctional ? [] : ["add", "pop"])
  }

  var isCallable: Bool { true }

  /// `model(x)`: the forward pass in inference mode, as a tf.Tensor (float32); on a
  /// KerasTensor, the model used as a layer of a functional model.
  func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
    guard let x = arguments.positional.first else { throw ScriptError(.typeError, "model() needs an input") }
    if case .object(let symbolic as KerasTensorObject) = x {
      return .object(try inContext { try symbolic.applying(model) })
    }
    let training = try arguments.keyword("training").map { try interpreter.truthy($0) } ?? false
    let t = try Convert.tensor(x)
    if !model.isBuilt, !TapeRecording.active.isEmpty, t.ndim >= 1 {
      // Build first, so the weights exist to be watched.
      try Convert.tensors { try inContext { try model.build(inputShape: Array(t.shape.dropFirst())) } }
    }
    let variables = model.trainableWeights
    let inputs = [x] + variables.map { Value.object(VariableObject($0)) }
    guard TapeRecording.wouldRecord(inputs) else {
      return TensorFlowConvert.value(
        try Convert.tensors { try inContext { try model(t, training: training) } })
    }
    let (output, call) = try Convert.tensors {
      try inContext { try model.recordedCall(t, training: training) }
    }
    let inputFollowed = TapeRecording.isFollowed(x)
    return TapeRecording.output(output, inputs: inputs) { [self] g in
      let r = try inContext {
        try model.tapeGradients(
          t, call: call, outputGradient: g, variables: variables, needInputGradient: inputFollowed)
      }
      return [r.input] + r.variables
    }
  }

  func setAttribute(_ name: String, _ value: Value) throws -> Bool {
    switch name {
    case "stop_training":
      if case .bool(let b) = value { model.stopTraining = b; return true }
      throw ScriptError(.typeError, "stop_training must be True or False")
    case "trainable":
      if case .bool(let b) = value { model.trainable = b; return true }
      throw ScriptError(.typeError, "trainable must be True or False")
    default: return false
    }
  }

  private func inContext<R>(_ body: () throws -> R) throws -> R {
    guard let context else { return try body() }
    return try context.run(body)
  }

  private func method(
    _ name: String, _ spec: String, _ body: @escaping (BoundArguments, Interpreter) throws -> Value
  ) -> Value {
    .builtin(
      BuiltinFunction(name, signature: spec, receiverTypeName: "Sequential") { [self] a, interp in
        try KerasInterrupts.honouring(interp) { try inContext { try body(a, interp) } }
      })
  }

  func getAttribute(_ name: String) throws -> Value? {
    let m = model
    switch name {
    case "layers":
      let all = (m as? Functional)?.layersWithInput ?? m.layers
      return .list(ListObject(all.map { ModelObject.wrap($0, context: context) }))
    case "input", "inputs", "output", "outputs":
      guard let symbolic else { return try KerasTensorObject.sequentialAttribute(name, of: m) }
      let t: Value = .object(name.hasPrefix("input") ? symbolic.input : symbolic.output)
      return name.hasSuffix("s") ? .list(ListObject([t])) : t
    // A functional model's graph is fixed: Keras's Functional has no add or pop.
    case "add" where isFunctional, "pop" where isFunctional:
      return nil
    // Keras 3 sets `optimizer` in compile: before that the attribute does not exist.
    case "optimizer": return m.optimizer.map { .object(KerasObject(.optimizer($0))) }
    case "stop_training": return .bool(m.stopTraining)
    case "loss":
      guard let loss = m.loss else { return Value.none }
      if let box = (loss as? FunctionLoss)?.hostFunction as? FunctionLossBinding.FunctionBox {
        return box.value
      }
      return loss.identifier.map { .str($0) } ?? .object(KerasObject(.loss(loss)))
    case "get_layer":
      return method(name, "name=None, index=None") { [context] a, _ in
        let layerName = try a.optionalString("name")
        let index = try a.optionalInt("index")
        return ModelObject.wrap(
          try Convert.tensors { try m.layer(name: layerName, index: index) }, context: context)
      }
    case "reset_metrics":
      return method(name, "") { _, _ in
        m.resetMetricStates()
        return .none
      }
    case "train_on_batch":
      return method(name, "x, y=None, sample_weight=None, class_weight=None, return_dict=False") {
        a, interp in
        let x = try Convert.tensor(a["x"])
        let y = try Convert.tensor(a["y"])
        let sampleWeight = a["sample_weight"].isNone ? nil : try Convert.tensor(a["sample_weight"])
        let classWeight = a["class_weight"].isNone ? nil : try KerasArgs.classWeight(a["class_weight"])
        let result = try Convert.tensors {
          try m.trainOnBatch(x, y, sampleWeight: sampleWeight, classWeight: classWeight)
        }
        return try ModelObject.results(result, asDict: try interp.truthy(a["return_dict"]))
      }
    case "test_on_batch":
      return method(name, "x, y=None, sample_weight=None, return_dict=False") { a, interp in
        let x = try Convert.tensor(a["x"])
        let y = try Convert.tensor(a["y"])
        let sampleWeight = a["sample_weight"].isNone ? nil : try Convert.tensor(a["sample_weight"])
        let result = try Convert.tensors { try m.testOnBatch(x, y, sampleWeight: sampleWeight) }
        return try ModelObject.results(result, asDict: try interp.truthy(a["return_dict"]))
      }
    case "predict_on_batch":
      return method(name, "x") { a, _ in
        let x = try Convert.tensor(a["x"])
        return Convert.value(try Convert.tensors { try m.predictOnBatch(x) })
      }
    case "metrics_names":
      // Keras 3 groups every compiled metric under one `compile_metrics` entry.
      let names =
        !m.isCompiled ? [] : m.metricSlots.isEmpty ? ["loss"] : ["loss", "compile_metrics"]
      return .list(ListObject(names.map { .str($0) }))
    // Set when `fit` starts, so after an interrupted `fit` it holds the finished epochs.
    case "history": return m.history.map { .object(HistoryObject($0)) } ?? Value.none
    case "save", "save_weights", "load_weights": return modelFileMethod(name)
    case "to_json":
      return method(name, "**kwargs") { a, _ in
        if let first = a.extraKeywords.first {
          throw ScriptError(
            .notImplementedError,
            "dnnlab's to_json() writes json.dumps's default layout; \(first.name)= is not supported",
            hint: "call to_json() without arguments")
        }
        return .str(try ConfigValues.run { try KerasConfig.model(m) }.text)
      }
    case "get_compile_config":
      return method(name, "") { _, _ in
        ConfigValues.value(try ConfigValues.run { try KerasConfig.compileConfig(m) })
      }
    case "add":
      return method(name, "layer") { a, _ in
        try Convert.tensors { try m.add(try ModelObject.layer(a["layer"])) }
        return .none
      }
    case "pop":
      return method(name, "") { [context] _, _ in
        ModelObject.wrap(try Convert.tensors { try m.pop() }, context: context)
      }
    case "build":
      return method(name, "input_shape=None") { a, interp in
        let given = a["input_shape"]
        if given.isNone { return .none }
        // Keras passes the batch dimension too: build((None, 784)) or build([None, 784]).
        var items: [Value] = []
        switch given {
        case .tuple, .list: items = try interp.elements(of: given)
        default: break
        }
        let shape: [Int]
        if let first = items.first, first.isNone {
          shape = try items.dropFirst().map(Convert.integer)
        } else {
          shape = try KerasArgs.shape(given) ?? []
        }
        try Convert.tensors { try m.build(inputShape: shape) }
        return .none
      }
    case "compile":
      // run_eagerly, steps_per_execution, jit_compile and auto_scale_loss only change how
      // TensorFlow runs the step, not the results.
      return method(
        name,
        "optimizer='rmsprop', loss=None, loss_weights=None, metrics=None, weighted_metrics=None, "
          + "run_eagerly=False, steps_per_execution=1, jit_compile='auto', auto_scale_loss=True"
      ) {
        a, interp in
        let optimizer = try KerasArgs.optimizer(a["optimizer"])
        let loss = try KerasArgs.loss(a["loss"], interp)
        let lossWeight = try KerasArgs.lossWeight(a["loss_weights"], interp)
        let metrics = try KerasArgs.metrics(a["metrics"], interp)
        let weighted = try KerasArgs.metrics(a["weighted_metrics"], interp)
        try Convert.tensors {
          try m.compile(
            optimizer: optimizer, loss: loss, lossWeight: lossWeight, metrics: metrics,
            weightedMetrics: weighted)
        }
        return .none
      }
    case "fit":
      return method(
        name,
        "x=None, y=None, batch_size=None, epochs=1, verbose='auto', callbacks=None, validation_split=0.0, "
          + "validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0, "
          + "steps_per_epoch=None, validation_steps=None"
      ) { a, interp in
        if case .object(let ds as DatasetObject) = a["x"] { return try DatasetTraining.fit(m, ds, a, interp) }
        var validation: ValidationData?
        if case .object(let vds as DatasetObject) = a["validation_data"] {
          validation = try DatasetTraining.validationData(vds, steps: try a.optionalInt("validation_steps"))
        } else {
          try KerasArgs.refuseUnsupported(a, ["validation_steps"], in: "fit")
          if !a["validation_data"].isNone {
            validation = try ModelObject.validationArrays(a["validation_data"], interp)
          }
        }
        try KerasArgs.refuseUnsupported(a, ["steps_per_epoch"], in: "fit")
        let x = try Convert.tensor(a["x"])
        let y = try Convert.tensor(a["y"])
        let sampleWeight = a["sample_weight"].isNone ? nil : try Convert.tensor(a["sample_weight"])
        let classWeight = a["class_weight"].isNone ? nil : try KerasArgs.classWeight(a["class_weight"])
        let batch = a["batch_size"].isNone ? nil : try a.int("batch_size")
        let history = try Convert.tensors {
          try m.fit(
            x, y, batchSize: batch, epochs: try a.int("epochs"),
            verbose: try KerasArgs.verbosity(a["verbose"]),
            callbacks: try KerasArgs.callbacks(a["callbacks"], interp),
            validationSplit: try Convert.double(a["validation_split"]), validationData: validation,
            shuffle: try interp.truthy(a["shuffle"]), classWeight: classWeight, sampleWeight: sampleWeight,
            initialEpoch: try a.int("initial_epoch"))
        }
        return .object(HistoryObject(history))
      }
    case "evaluate":
      return method(
        name,
        "x=None, y=None, batch_size=None, verbose='auto', sample_weight=None, steps=None, callbacks=None, "
          + "return_dict=False, **kwargs"
      ) {
        a, interp in
        if case .object(let ds as DatasetObject) = a["x"] {
          try KerasArgs.refuseUnsupported(a, ["callbacks"], in: "evaluate")
          return try DatasetTraining.evaluate(m, ds, a, interp)
        }
        try KerasArgs.refuseUnsupported(a, ["steps", "callbacks"], in: "evaluate")
        let x = try Convert.tensor(a["x"])
        let y = try Convert.tensor(a["y"])
        let batch = a["batch_size"].isNone ? nil : try a.int("batch_size")
        let sampleWeight = a["sample_weight"].isNone ? nil : try Convert.tensor(a["sample_weight"])
        let result = try Convert.tensors {
          try m.evaluate(
            x, y, batchSize: batch, verbose: try KerasArgs.verbosity(a["verbose"]), sampleWeight: sampleWeight
          )
        }
        return try ModelObject.results(result, asDict: try interp.truthy(a["return_dict"]))
      }
    case "predict":
      return method(name, "x, batch_size=None, verbose='auto', steps=None, callbacks=None") { a, _ in
        if case .object(let ds as DatasetObject) = a["x"] {
          try KerasArgs.refuseUnsupported(a, ["callbacks"], in: "predict")
          return try DatasetTraining.predict(m, ds, a)
        }
        try KerasArgs.refuseUnsupported(a, ["steps", "callbacks"], in: "predict")
        let x = try Convert.tensor(a["x"])
        let batch = a["batch_size"].isNone ? nil : try a.int("batch_size")
        return Convert.value(
          try Convert.tensors {
            try m.predict(x, batchSize: batch, verbose: try KerasArgs.verbosity(a["verbose"]))
          })
      }
    case "summary":
      return method(
        name, "line_length=None, positions=None, print_fn=None, expand_nested=False, show_trainable=False"
      ) { a, interp in
        try KerasArgs.refuseUnsupported(a, ["positions"], in: "summary")
        if try interp.truthy(a["expand_nested"]) || interp.truthy(a["show_trainable"]) {
          throw ScriptError(
            .notImplementedError, "dnnlab's summary() does not draw expand_nested or show_trainable tables")
        }
        let lineLength = try a.optionalInt("line_length")
        if a["print_fn"].isNone {
          m.summary(lineLength: lineLength)
        } else {
          // Keras hands a custom print_fn the whole table as one string.
          _ = try interp.call(a["print_fn"], Arguments([.str(m.summaryText(lineLength: lineLength))]))
        }
        return .none
      }
    default:
      return try LayerObject.commonAttribute(m, name)
    }
  }

  /// `validation_data=(x_val, y_val)` or `(x_val, y_val, val_sample_weights)`.
  static func validationArrays(_ v: Value, _ interp: Interpreter) throws -> ValidationData {
    let parts = try interp.elements(of: v)
    guard parts.count == 2 || parts.count == 3 else {
      throw ScriptError(
        .valueError,
        "When passing a `validation_data` argument, it must contain either 2 items (x_val, y_val), or 3 "
          + "items (x_val, y_val, val_sample_weights). However we received `validation_data` with "
          + "\(parts.count) items")
    }
    return ValidationData(
      x: try Convert.tensor(parts[0]), y: try Convert.tensor(parts[1]),
      sampleWeight: parts.count == 3 && !parts[2].isNone ? try Convert.tensor(parts[2]) : nil)
  }

  /// What `evaluate` and the `*_on_batch` methods return: a float when there are no metrics,
  /// else a list in Keras's order, or a dict with `return_dict=True`.
  static func results(_ result: EvaluationResult, asDict: Bool) throws -> Value {
    if asDict { return .dict(DictObject(result.logs.entries.map { ($0.0, .float($0.1)) })) }
    if result.isScalar, let v = result.values.first { return .float(v) }
    return .list(ListObject(result.values.map { .float($0) }))
  }

  /// A layer or model as the script sees it.
  static func wrap(_ layer: Layer, context: KerasContext? = nil) -> Value {
    if let s = layer as? Sequential { return .object(ModelObject(s, context: context)) }
    return .object(LayerObject(layer))
  }

  /// The layer a script value stands for (a layer object or a model used as a layer).
  static func layer(_ v: Value) throws -> Layer {
    switch v {
    case .object(let o as LayerObject): return o.layer
    case .object(let o as ModelObject): return o.model
    // keras.Input(...) in a Sequential list stands for its InputLayer, as in Keras.
    case .object(let t as KerasTensorObject) where t.layers.isEmpty: return t.input
    default:
      throw ScriptError(
        .typeError,
        "Only instances of `keras.Layer` can be added to a Sequential model. Received: \(reprValue(v))")
    }
  }
}
