import NN
import Script

/// Keras's symbolic tensor, what `keras.Input(shape)` returns and what calling a layer on one
/// gives: `<KerasTensor shape=(None, 784), dtype=float32, sparse=False, ragged=False,
/// name=keras_tensor>`. It records the `Input` it comes from and the layers applied since,
/// which is all `keras.Model(inputs, outputs)` needs for a chain of layers.
final class KerasTensorObject: HostObject {
  let input: InputLayer
  /// The layers between the input and this tensor, in call order.
  let layers: [Layer]
  /// Per-sample shape (the batch axis, `None`, left out).
  let shape: [Int]
  /// `keras_tensor`, `keras_tensor_1`, … from the session, as Keras numbers them.
  let name: String

  /// `name` is the `Input`'s own name when one was given; otherwise the next auto-name.
  init(input: InputLayer, layers: [Layer], shape: [Int], name: String? = nil) {
    self.input = input
    self.layers = layers
    self.shape = shape
    self.name = name ?? NNSession.current.uniqueName("keras_tensor")
  }

  var typeName: String { "KerasTensor" }
  var qualifiedTypeName: String { "keras.src.backend.common.keras_tensor.KerasTensor" }

  func repr() -> String {
    "<KerasTensor shape=\(formatBatchShape(shape)), dtype=float32, sparse=False, ragged=False, name=\(name)>"
  }

  var attributeNames: [String] { ["dtype", "name", "ndim", "shape", "sparse", "ragged"] }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "shape": return .tuple([.none] + shape.map { .int($0) })
    case "dtype": return .str("float32")
    case "name": return .str(self.name)
    case "ndim": return .int(shape.count + 1)
    case "sparse", "ragged": return .bool(false)
    default: return nil
    }
  }

  /// `layer(tensor)`: the layer built for this tensor's shape, and the symbolic result.
  func applying(_ layer: Layer) throws -> KerasTensorObject {
    if layer === input || layers.contains(where: { $0 === layer }) {
      throw ScriptError(
        .notImplementedError,
        "dnnlab's functional models are chains of distinct layers; layer '\(layer.name)' is already in this one",
        hint: "create a new layer for each call, e.g. layers.Dense(64)(x)")
    }
    let out = try Convert.tensors { try layer.outputShape(calledOn: shape) }
    let result = KerasTensorObject(input: input, layers: layers + [layer], shape: out)
    layer.tracedOutputName = result.name
    return result
  }

  /// The tensor as an argument of `keras.Model`: itself, or the only item of a list, tuple or
  /// dict (Keras accepts all three).
  static func single(_ v: Value, role: String, _ interp: Interpreter) throws -> KerasTensorObject {
    switch v {
    case .object(let t as KerasTensorObject): return t
    case .list, .tuple, .dict:
      var items = try interp.elements(of: v)
      if case .dict(let d) = v { items = d.entries.map(\.value) }
      guard items.count == 1 else {
        throw ScriptError(
          .notImplementedError,
          "dnnlab's functional models have one input and one output; \(role) has \(items.count)",
          hint: "models with several inputs or outputs need layers dnnlab does not have (Concatenate, Add)")
      }
      return try single(items[0], role: role, interp)
    case .none:
      throw ScriptError(
        .notImplementedError,
        "keras.Model() without inputs and outputs is Keras's subclassing API, which needs Python classes",
        hint:
          "build the model as keras.Model(inputs, outputs) from keras.Input(...), or use keras.Sequential([...])"
      )
    default:
      throw ScriptError(
        .valueError,
        "`\(role)` should be a KerasTensor made with keras.Input(...) and layer calls. Received: \(reprValue(v))"
      )
    }
  }
}

extension KerasModule {
  /// `keras.Model(inputs, outputs, name=None)`, also `keras.models.Model` and
  /// `tf.keras.Model`: a `Functional` model from a chain of layer calls.
  static func addFunctionalModel(keras: ModuleObject, models: ModuleObject, context: KerasContext) {
    let make = BuiltinFunction("Model", signature: "inputs=None, outputs=None, name=None, **kwargs") {
      a, interp in
      if let extra = a.extraKeywords.first(where: { $0.name != "trainable" }) {
        throw ScriptError(
          .typeError, "Model.__init__() got an unexpected keyword argument '\(extra.name)'")
      }
      let input = try KerasTensorObject.single(a["inputs"], role: "inputs", interp)
      let output = try KerasTensorObject.single(a["outputs"], role: "outputs", interp)
      guard input.layers.isEmpty else {
        throw ScriptError(
          .valueError, "`inputs` must come straight from keras.Input(...); \(input.name) is a layer's output",
          hint: "pass the tensor keras.Input(...) returned as inputs")
      }
      guard output.input === input.input else {
        throw ScriptError(
          .valueError, "Output with path `` is not connected to `inputs`",
          hint: "outputs must be computed from inputs by layer calls: x = layers.Dense(8)(inputs)")
      }
      let name = try KerasArgs.optionalString(a["name"])
      let model = try Convert.tensors {
        try Functional(input: input.input, layers: output.layers, name: name)
      }
      if case .bool(let flag)? = a.extraKeywords.first(where: { $0.name == "trainable" })?.value {
        model.trainable = flag
      }
      return .object(ModelObject(model, context: context, symbolic: (input, output)))
    }
    // KerasModule.make wraps every function of the module to run in the context afterwards.
    let value = Value.builtin(make)
    keras.attributes["Model"] = value
    models.attributes["Model"] = value
  }
}
