import NN

/// Keras 3.15's configs of dnnlab's objects, for the script's `get_config()`, `to_json()`,
/// `from_config()` and `model_from_json()`: the same JSON values `.keras` files hold, so a
/// model's `get_config()` and its saved `config.json` always agree.
public enum KerasConfig {
  /// `layer.get_config()`: for a `Sequential`, its name, layers (InputLayer first once built)
  /// and `build_input_shape`; for `InputLayer`, its `batch_shape` and flags; for the others,
  /// `name`, `trainable`, the `dtype` policy and the class's own arguments.
  public static func layerConfig(_ layer: Layer) throws -> JSONValue {
    try ConfigWriter.config(layer)
  }

  /// `keras.layers.serialize(layer)`: `{"module", "class_name", "config", "registered_name"}`
  /// and, for built layers that have a build step in Keras, `build_config`.
  public static func serialize(_ layer: Layer) throws -> JSONValue {
    if let input = layer as? InputLayer {
      return .object([
        ("module", .string("keras.layers")), ("class_name", .string("InputLayer")),
        ("config", ConfigWriter.inputLayerConfig(shape: input.shape, name: input.name)),
        ("registered_name", .null),
      ])
    }
    return try ConfigWriter.layer(layer)
  }

  /// What `model.to_json()` writes (and `config.json` in a `.keras` file): the serialized model
  /// with its `compile_config` (`{}` when never compiled).
  public static func model(_ model: Sequential) throws -> JSONValue {
    try ConfigWriter.model(model)
  }

  /// `model.get_compile_config()`: `{}` for a model that was never compiled.
  public static func compileConfig(_ model: Sequential) throws -> JSONValue {
    try ConfigWriter.compileConfig(model) ?? .object([])
  }

  /// `optimizer.get_config()`.
  public static func optimizerConfig(_ optimizer: Optimizer) -> JSONValue {
    ConfigWriter.optimizerConfig(optimizer)
  }

  /// `loss.get_config()` of a loss object: its name and reduction, and the crossentropies'
  /// own keys (Keras leaves Huber's `delta` out).
  public static func lossConfig(_ loss: Loss) -> JSONValue {
    let identifier = loss.identifier
    loss.identifier = nil
    defer { loss.identifier = identifier }
    if case .object(let items) = ConfigWriter.lossEntry(loss),
      let config = items.first(where: { $0.0 == "config" })
    {
      return config.1
    }
    return .object([])
  }

  /// `keras.optimizers.serialize(optimizer)`.
  public static func serialize(_ optimizer: Optimizer) -> JSONValue {
    ConfigWriter.optimizerEntry(optimizer)
  }

  /// `keras.optimizers.schedules.serialize(schedule)`.
  public static func serialize(_ schedule: LearningRateSchedule) -> JSONValue {
    ConfigWriter.schedule(schedule)
  }

  /// An initializer's `{"module", "class_name", "config", "registered_name"}`.
  public static func serialize(_ initializer: Initializer) -> JSONValue {
    ConfigWriter.initializer(initializer)
  }

  /// A regularizer's `{"module", "class_name", "config", "registered_name"}`, or null.
  public static func serialize(_ regularizer: Regularizer?) -> JSONValue {
    ConfigWriter.regularizer(regularizer)
  }

  // MARK: Reading

  /// A serialized learning-rate schedule (`{"class_name": "ExponentialDecay", "config": {…}}`).
  public static func schedule(_ value: JSONValue) throws -> LearningRateSchedule {
    try CompileConfigReader.schedule(reader(value, "learning_rate"))
  }

  /// A serialized initializer (a name, or `{"class_name": "RandomNormal", "config": {…}}`).
  public static func initializer(_ value: JSONValue, default fallback: Initializer) throws -> Initializer {
    try LayerConfigReader.initializer(reader(value, "initializer"), default: fallback)
  }

  /// A serialized regularizer (a name, `{"class_name": "L2", "config": {"l2": 0.01}}`, or null).
  public static func regularizer(_ value: JSONValue) throws -> Regularizer? {
    try LayerConfigReader.regularizer(reader(value, "regularizer"))
  }

  /// A functional model from its serialized entry (`{"class_name": "Functional", "config": …}`)
  /// or its bare `get_config()`: the same reading and checks as a `.keras` file's.
  public static func functionalModel(_ value: JSONValue) throws -> Functional {
    let entry: JSONValue = value["class_name"] == nil ? .object([("config", value)]) : value
    let spec = try FunctionalConfig.read(reader(entry, ""))
    guard let model = try ModelConfigReader.build(spec, place: place) as? Functional else {
      throw ModelFileError(.valueError, "the config does not describe a functional model")
    }
    return model
  }

  /// Compiles `model` from a `compile_config` (`model.compile_from_config`); `{}` or null does
  /// nothing.
  public static func compile(_ model: Sequential, from value: JSONValue) throws {
    guard !value.isNull, !value.keys.isEmpty else { return }
    let parts = try CompileConfigReader.read(reader(value, "compile_config"))
    try ModelConfigReader.nn("compile_config", place) {
      try model.compile(
        optimizer: parts.optimizer, loss: parts.loss, lossWeight: parts.lossWeight, metrics: parts.metrics,
        weightedMetrics: parts.weightedMetrics)
      try model.buildOptimizerState()
    }
  }

  /// Parses JSON text as Python's `json.loads` reads a config (key order kept, integers told
  /// from floats); errors are `ValueError`s naming the byte.
  public static func parse(_ text: String) throws -> JSONValue {
    do { return try JSONValue.parse(Array(text.utf8), place: place) } catch let e as ModelFileError {
      // Drop the file prefix: the text came from the script, not from a file.
      let prefix = "\(place.file): "
      let message = e.message.hasPrefix(prefix) ? String(e.message.dropFirst(prefix.count)) : e.message
      throw ModelFileError(e.kind, message)
    }
  }

  private static let place = FilePlace(file: "config", member: nil)

  private static func reader(_ value: JSONValue, _ path: String) -> JSONReader {
    JSONReader(value, path: path, place: place)
  }
}
