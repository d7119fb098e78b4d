import ModelFiles
import NN
import Script

/// Keras's `deserialize_keras_object` for the classes dnnlab has: finds a class by `module`
/// and `class_name`, calls its `from_config`, then builds it from `build_config` and compiles
/// a model from `compile_config`, as Keras does for `model_from_json` and
/// `keras.layers.deserialize`.
struct ConfigRegistry {
  /// `keras.layers`, whose (session-wrapped) classes are called.
  let layers: ModuleObject
  /// The session the models it makes run in.
  var context: KerasContext? = nil

  /// Modules Keras's own layer and model classes are serialized under.
  static let kerasModules: Set<String> = [
    "keras", "keras.layers", "keras.models", "keras.src.models.functional",
  ]

  private func constructor(_ className: String) -> BuiltinFunction? {
    guard ConfigBinding.layerClasses.contains(className) || className == "Sequential",
      case .builtin(let f)? = layers.attributes[className]
    else { return nil }
    return f
  }

  private static func field(_ entries: [(name: String, value: Value)], _ key: String) -> Value? {
    entries.first(where: { $0.name == key })?.value
  }

  /// An object from its serialized form; values that are not dicts come back as they are.
  func deserialize(_ config: Value, _ interp: Interpreter) throws -> Value {
    guard let entries = ConfigValues.entries(config) else { return config }
    guard case .str(let className)? = Self.field(entries, "class_name") else {
      throw ScriptError(
        .valueError,
        "`keras.layers.deserialize` was passed a `config` object that is not a `keras.layers.Layer`. "
          + "Received: \(strValue(config))")
    }
    guard case .str(let module)? = Self.field(entries, "module"), Self.kerasModules.contains(module) else {
      throw ScriptError(
        .typeError,
        "Could not locate class '\(className)'. Make sure custom classes and functions are decorated with "
          + "`@keras.saving.register_keras_serializable()`. If they are already decorated, make sure they are all "
          + "imported so that the decorator is run before trying to load them. Full object config: "
          + reprValue(config),
        hint:
          "dnnlab knows these Keras classes: \((ConfigBinding.layerClasses + ["Sequential"]).joined(separator: ", "))"
      )
    }
    let inner = Self.field(entries, "config") ?? .dict(DictObject())
    let object: Value
    if className == "Sequential" {
      object = try sequential(inner, interp)
    } else if className == "Functional" {
      let json = try ConfigValues.json(inner)
      object = .object(
        ModelObject(try ConfigValues.run { try KerasConfig.functionalModel(json) }, context: context))
    } else if let f = constructor(className) {
      object = try interp.call(ConfigBinding.layerFromConfig(className, f), Arguments([inner]))
    } else {
      throw ScriptError(
        .valueError,
        "Could not deserialize '\(module).\(className)' because it is not a KerasSaveable subclass",
        hint:
          "dnnlab knows these Keras classes: \((ConfigBinding.layerClasses + ["Sequential"]).joined(separator: ", "))"
      )
    }
    if let build = Self.field(entries, "build_config").flatMap(ConfigValues.entries),
      let shape = Self.field(build, "input_shape")
    {
      try buildFromConfig(object, shape, interp)
    }
    if case .object(let m as ModelObject) = object, let compile = Self.field(entries, "compile_config") {
      let json = try ConfigValues.json(compile)
      try ConfigValues.run { try KerasConfig.compile(m.model, from: json) }
    }
    return object
  }

  /// `layer.build_from_config({'input_shape': …})`: builds a layer or model that is not built yet.
  private func buildFromConfig(_ object: Value, _ shape: Value, _ interp: Interpreter) throws {
    switch shape {
    case .list, .tuple: break
    default: return
    }
    let dims = try interp.elements(of: shape)
    if case .object(let l as LayerObject) = object, let n = l.layer as? Normalization {
      // Keras builds a Normalization for the shape it recorded: the adapt data's, batch included.
      let full = try dims.map { $0.isNone ? nil : try Convert.integer($0) }
      try Convert.tensors { try n.build(batchShape: full) }
      return
    }
    guard let first = dims.first, first.isNone else {
      throw ScriptError(
        .valueError, "build_config input_shape must start with the batch axis None, got \(reprValue(shape))")
    }
    let perSample = try dims.dropFirst().map { try Convert.integer($0) }
    switch object {
    case .object(let m as ModelObject):
      if !m.model.isBuilt { try Convert.tensors { try m.model.build(inputShape: perSample) } }
    case .object(let l as LayerObject):
      guard !l.layer.isBuilt else { return }
      try Convert.tensors {
        // Built as `layer(x)` builds it: in a one-layer model that takes no name of its own.
        let wrapper = try Sequential(name: "\(l.layer.name)_build")
        wrapper.scopesVariablePaths = false
        try wrapper.add(l.layer)
        try wrapper.build(inputShape: perSample)
      }
    default:
      break
    }
  }

  /// `Sequential.from_config(config)`.
  func sequential(_ config: Value, _ interp: Interpreter) throws -> Value {
    guard let entries = ConfigValues.entries(config), let name = Self.field(entries, "name") else {
      throw ScriptError(
        .valueError,
        "A Sequential model configuration must be a dictionary containing the 'name' and 'layers' keys. "
          + "Received: config=\(strValue(config))")
    }
    guard let layerList = Self.field(entries, "layers") else { throw ScriptError(.keyError, "'layers'") }
    guard let make = constructor("Sequential") else {
      throw ScriptError(.runtimeError, "keras.Sequential is missing")
    }
    let model = try interp.call(.builtin(make), Arguments([], keywords: [("name", name)]))
    let add = try interp.attribute(of: model, "add")
    for item in try interp.elements(of: layerList) {
      guard let itemEntries = ConfigValues.entries(item) else {
        throw ScriptError(.typeError, "argument of type '\(item.typeName)' is not iterable")
      }
      let layer =
        Self.field(itemEntries, "module") == nil
        ? try legacy(itemEntries, interp) : try deserialize(item, interp)
      _ = try interp.call(add, Arguments([layer]))
    }
    if case .object(let m as ModelObject) = model, !m.model.isBuilt,
      let shape = Self.field(entries, "build_input_shape")
    {
      switch shape {
      case .list(let l) where !l.items.isEmpty: try buildFromConfig(model, shape, interp)
      case .tuple(let t) where !t.isEmpty: try buildFromConfig(model, shape, interp)
      default: break
      }
    }
    return model
  }

  /// A layer entry without `module` (Keras 2's form): found by `class_name` alone.
  private func legacy(_ entries: [(name: String, value: Value)], _ interp: Interpreter) throws -> Value {
    let className = Self.field(entries, "class_name").flatMap { v -> String? in
      if case .str(let s) = v { return s }
      return nil
    }
    let inner = Self.field(entries, "config") ?? .dict(DictObject())
    if className == "Sequential" { return try sequential(inner, interp) }
    guard let className, let f = constructor(className) else {
      throw ScriptError(
        .valueError,
        "Unknown layer: '\(className ?? "None")'. Please ensure you are using a `keras.utils.custom_object_scope` "
          + "and that this object is included in the scope. See "
          + "https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details."
      )
    }
    return try interp.call(ConfigBinding.layerFromConfig(className, f), Arguments([inner]))
  }
}
