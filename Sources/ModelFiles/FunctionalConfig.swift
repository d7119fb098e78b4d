import NN

/// Keras 3.15's config of a functional model, `keras.Model(inputs, outputs)`, for the graphs
/// dnnlab builds: an InputLayer and a chain of layers. Each layer entry names the layer whose
/// output it was called on (`inbound_nodes`), and `input_layers`/`output_layers` name the ends.
enum FunctionalConfig {
  /// The model entry (`to_json()`, `config.json`, or a nested model's entry).
  static func entry(_ model: Functional) throws -> JSONValue {
    .object([
      ("module", .string("keras.src.models.functional")), ("class_name", .string("Functional")),
      ("config", try config(model)), ("registered_name", .string("Functional")),
      ("build_config", .object([("input_shape", .null)])),
      ("compile_config", try ConfigWriter.compileConfig(model) ?? .object([])),
    ])
  }

  /// `model.get_config()`.
  static func config(_ model: Functional) throws -> JSONValue {
    let input = model.inputLayer
    var layers: [JSONValue] = [
      .object([
        ("module", .string("keras.layers")), ("class_name", .string("InputLayer")),
        ("config", ConfigWriter.inputLayerConfig(shape: input.shape, name: input.name)),
        ("registered_name", .null), ("name", .string(input.name)), ("inbound_nodes", .array([])),
      ])
    ]
    var previous: Layer = input
    for layer in model.layers {
      guard case .object(var entry) = try ConfigWriter.layer(layer) else { continue }
      let history: JSONValue = .array([.string(previous.name), .int(0), .int(0)])
      let tensor: JSONValue = .object([
        ("class_name", .string("__keras_tensor__")),
        (
          "config",
          .object([
            ("shape", ConfigWriter.batchShape(previous.outputShape ?? input.shape)),
            ("dtype", .string("float32")), ("keras_history", history),
          ])
        ),
      ])
      entry.append(("name", .string(layer.name)))
      entry.append(
        ("inbound_nodes", .array([.object([("args", .array([tensor])), ("kwargs", callArguments(layer))])])))
      layers.append(.object(entry))
      previous = layer
    }
    let ends = { (l: Layer) -> JSONValue in .array([.string(l.name), .int(0), .int(0)]) }
    return .object([
      ("name", .string(model.name)), ("trainable", .bool(model.trainable)), ("layers", .array(layers)),
      ("input_layers", ends(input)), ("output_layers", ends(previous)),
    ])
  }

  /// The keyword arguments Keras records for a symbolic call: `mask` for the layers whose
  /// `call` takes one, `training` for Dropout.
  static func callArguments(_ layer: Layer) -> JSONValue {
    switch layer {
    case is Dropout: return .object([("training", .bool(false))])
    case is BatchNormalization, is Softmax, is Sequential: return .object([("mask", .null)])
    default: return .object([])
    }
  }

  // MARK: Reading

  /// A `Functional` entry: an InputLayer, then layers each called on the one before.
  /// Other graphs (several inputs or outputs, branches, shared layers) are refused.
  static func read(_ entry: JSONReader) throws -> ModelSpec {
    let config = try entry.require("config")
    let name = try LayerConfigReader.layerName(config)
    let trainable = try config.child("trainable")?.bool() ?? true
    let items = try config.require("layers").items()
    guard items.count <= ModelLimits.maximumLayers else {
      throw config.error("\(items.count) layers is absurd")
    }
    guard let first = items.first, try first.require("class_name").string() == "InputLayer" else {
      throw config.error("a functional model's first layer must be its InputLayer")
    }
    let (inputShape, inputName) = try ModelConfigReader.inputLayer(first)
    let chainOnly = "dnnlab loads functional models whose layers form one chain from one Input"
    let firstName = try LayerConfigReader.layerName(try first.require("config"))
    var previous = inputName ?? firstName
    var layers: [LayerSpec] = []
    for item in items.dropFirst() {
      let layer = try LayerConfigReader.layer(item)
      let nodes = try item.require("inbound_nodes").items()
      guard nodes.count == 1, let node = nodes.first else {
        throw item.error(
          "layer '\(layer.common.name)' is called \(nodes.count) times", kind: .notImplementedError,
          hint: chainOnly)
      }
      let args = try node.require("args").items()
      guard args.count == 1, let tensor = args.first,
        try tensor.require("class_name").string() == "__keras_tensor__"
      else {
        throw node.error(
          "layer '\(layer.common.name)' takes \(args.count) inputs", kind: .notImplementedError,
          hint: chainOnly)
      }
      let history = try tensor.require("config").require("keras_history").items()
      guard history.count == 3, try history[0].string() == previous, try history[1].int() == 0,
        try history[2].int() == 0
      else {
        throw tensor.error(
          "layer '\(layer.common.name)' is not called on the output of '\(previous)'",
          kind: .notImplementedError,
          hint: chainOnly)
      }
      layers.append(layer)
      previous = layer.common.name
    }
    for (key, expected) in [("input_layers", inputName ?? ""), ("output_layers", previous)] {
      let ends = try config.require(key)
      var items = try ends.items()
      // Keras writes one end as [name, 0, 0] and several as a list of those.
      if items.count == 1, case .array = items[0].value { items = try items[0].items() }
      guard items.count == 3, try items[0].string() == expected else {
        throw ends.error("\(key) must name '\(expected)'", kind: .notImplementedError, hint: chainOnly)
      }
    }
    try ModelConfigReader.checkUniqueNames(layers, entry)
    return ModelSpec(
      name: name, trainable: trainable, inputShape: inputShape, inputName: inputName, layers: layers,
      path: entry.path, isFunctional: true)
  }
}
