import ModelFiles
import NN
import Script

/// Keras 3.15's configs in the script: `layer.get_config()`, `model.get_config()`,
/// `model.to_json()`, `optimizer.get_config()`, the classes' `from_config(config)`,
/// `keras.models.model_from_json(text)`, and `serialize`/`deserialize` in `keras.layers` and
/// `keras.optimizers`. Configs come from `ModelFiles` (the same JSON `.keras` files hold), so
/// `get_config()` and a saved file always agree; `from_config` calls the class with the config
/// as keyword arguments, as Keras does, so it checks exactly what the constructor checks.
enum ConfigBinding {
  /// The layer classes `deserialize` finds, by Keras class name.
  static let layerClasses = [
    "Dense", "Flatten", "Dropout", "Activation", "Softmax", "ReLU", "LeakyReLU", "ELU", "BatchNormalization",
    "Rescaling", "Reshape", "Normalization", "LayerNormalization", "GaussianNoise", "InputLayer",
  ]
  /// The optimizer classes, with the module Keras names them by in messages.
  static let optimizerClasses = ["SGD", "RMSprop", "Adam", "AdamW", "Adagrad", "Nadam", "Adamax"]

  /// Adds `from_config` to the classes and the module functions. Runs after the module's
  /// functions were wrapped to run in `context`; the new ones are wrapped here.
  static func install(keras: ModuleObject, context: KerasContext) {
    guard case .module(let layers)? = keras.attributes["layers"],
      case .module(let models)? = keras.attributes["models"],
      case .module(let optimizers)? = keras.attributes["optimizers"]
    else { return }
    let registry = ConfigRegistry(layers: layers, context: context)
    for name in layerClasses {
      guard case .builtin(let f)? = layers.attributes[name] else { continue }
      f.classAttributes["from_config"] = context.wrap(layerFromConfig(name, f))
    }
    for case .builtin(let f)? in [
      layers.attributes["Sequential"], models.attributes["Sequential"],
      keras.attributes["Sequential"],
    ] {
      f.classAttributes["from_config"] = context.wrap(sequentialFromConfig(registry))
    }
    let functionalFromConfig = BuiltinFunction("from_config", signature: "config, custom_objects=None") {
      a, _ in
      let json = try ConfigValues.json(a["config"])
      return .object(
        ModelObject(try ConfigValues.run { try KerasConfig.functionalModel(json) }, context: context))
    }
    for case .builtin(let f)? in [keras.attributes["Model"], models.attributes["Model"]] {
      f.classAttributes["from_config"] = context.wrap(.builtin(functionalFromConfig))
    }
    for name in optimizerClasses {
      guard case .builtin(let f)? = optimizers.attributes[name] else { continue }
      f.classAttributes["from_config"] = context.wrap(optimizerFromConfig(name, f))
    }
    let modelFromJSON = BuiltinFunction("model_from_json", signature: "json_string, custom_objects=None") {
      a, interp in
      let text = try a.string("json_string")
      let parsed: JSONValue
      do { parsed = try KerasConfig.parse(text) } catch let e as ModelFileError {
        throw ScriptError(ErrorKind("JSONDecodeError"), e.message)
      }
      return try registry.deserialize(ConfigValues.value(parsed, shapesAsTuples: false), interp)
    }
    models.attributes["model_from_json"] = context.wrap(.builtin(modelFromJSON))
    layers.attributes["serialize"] = context.wrap(
      .builtin(
        BuiltinFunction("serialize", signature: "layer") { a, _ in
          let layer = try ModelObject.layer(a["layer"])
          return ConfigValues.value(try ConfigValues.run { try KerasConfig.serialize(layer) })
        }))
    layers.attributes["deserialize"] = context.wrap(
      .builtin(
        BuiltinFunction("deserialize", signature: "config, custom_objects=None") { a, interp in
          let config = a["config"]
          guard case .dict = config else {
            throw ScriptError(
              .valueError,
              "`keras.layers.deserialize` was passed a `config` object that is not a `keras.layers.Layer`. "
                + "Received: \(strValue(config))")
          }
          return try registry.deserialize(config, interp)
        }))
    optimizers.attributes["serialize"] = context.wrap(
      .builtin(
        BuiltinFunction("serialize", signature: "optimizer") { a, _ in
          let o = try KerasArgs.optimizer(a["optimizer"])
          return ConfigValues.value(KerasConfig.serialize(o))
        }))
    optimizers.attributes["deserialize"] = context.wrap(
      .builtin(
        BuiltinFunction("deserialize", signature: "config, custom_objects=None") { a, interp in
          guard let entries = ConfigValues.entries(a["config"]),
            case .str(let className)? = entries.first(where: { $0.name == "class_name" })?.value,
            case .builtin(let f)? = optimizers.attributes[className], optimizerClasses.contains(className)
          else {
            throw ScriptError(
              .valueError, "Could not interpret optimizer identifier: \(reprValue(a["config"]))")
          }
          let inner = entries.first(where: { $0.name == "config" })?.value ?? .dict(DictObject())
          return try interp.call(optimizerFromConfig(className, f), Arguments([inner]))
        }))
  }

  // MARK: from_config

  /// `keras.layers.Dense.from_config(config)`: the class called with the config as keywords,
  /// its `dtype` policy by name; any failure is Keras's `TypeError: Error when deserializing
  /// class 'Dense' using config={…}.` with the cause.
  static func layerFromConfig(_ className: String, _ constructor: BuiltinFunction) -> Value {
    .builtin(
      BuiltinFunction("from_config", signature: "config") { a, interp in
        let config = a["config"]
        guard var entries = ConfigValues.entries(config) else {
          if case .dict = config {
            throw ScriptError(.typeError, "keywords must be strings")
          }
          throw ScriptError(
            .attributeError,
            "'\(config.typeName)' object has no attribute '\(className == "Dense" ? "get" : "copy")'")
        }
        if let i = entries.firstIndex(where: { $0.name == "dtype" }), case .dict = entries[i].value {
          entries[i].value = policyName(entries[i].value)
        }
        // Keras's Dense.from_config sets quantization_config when the config has none.
        if className == "Dense", !entries.contains(where: { $0.name == "quantization_config" }) {
          entries.append(("quantization_config", .none))
        }
        do {
          return try interp.call(.builtin(constructor), Arguments([], keywords: entries))
        } catch let e as ScriptError {
          var message = e.message
          if message.hasPrefix("\(className)() ") {
            message = "\(className).__init__() " + message.dropFirst("\(className)() ".count)
          }
          let shown = reprValue(.dict(DictObject(entries.map { ($0.name, $0.value) })))
          throw ScriptError(
            .typeError,
            "Error when deserializing class '\(className)' using config=\(shown).\n\nException encountered: \(message)",
            hint: e.hint)
        }
      })
  }

  /// A serialized dtype policy's name (`{'class_name': 'DTypePolicy', 'config': {'name': 'float32'}}`).
  static func policyName(_ v: Value) -> Value {
    guard let entries = ConfigValues.entries(v),
      let config = entries.first(where: { $0.name == "config" })?.value,
      let inner = ConfigValues.entries(config), let name = inner.first(where: { $0.name == "name" })?.value
    else { return v }
    return name
  }

  /// `keras.Sequential.from_config(config)`: a model named `config['name']`, each layer
  /// deserialized and added, then built for `build_input_shape` when adding did not build it.
  static func sequentialFromConfig(_ registry: ConfigRegistry) -> Value {
    .builtin(
      BuiltinFunction("from_config", signature: "config, custom_objects=None") { a, interp in
        try registry.sequential(a["config"], interp)
      })
  }

  /// `keras.optimizers.Adam.from_config(config)`: a serialized schedule as `learning_rate`
  /// becomes the schedule, then the class is called with the config as keywords.
  static func optimizerFromConfig(_ className: String, _ constructor: BuiltinFunction) -> Value {
    .builtin(
      BuiltinFunction("from_config", signature: "config, custom_objects=None") { a, interp in
        guard var entries = ConfigValues.entries(a["config"]) else {
          throw ScriptError(
            .typeError,
            "keras.src.optimizers.\(className.lowercased()).\(className)() argument after ** must be a mapping, "
              + "not \(a["config"].typeName)")
        }
        if let i = entries.firstIndex(where: { $0.name == "learning_rate" }), case .dict = entries[i].value {
          let json = try ConfigValues.json(entries[i].value)
          entries[i].value = .object(ScheduleObject(try ConfigValues.run { try KerasConfig.schedule(json) }))
        }
        return try interp.call(.builtin(constructor), Arguments([], keywords: entries))
      })
  }
}
