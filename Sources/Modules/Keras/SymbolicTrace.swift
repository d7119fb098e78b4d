import NN
import Script

// `model.inputs`, `model.outputs`, `layer.input` and `layer.output`: the KerasTensors of a
// model's symbolic trace. Keras 3 traces a Sequential through a functional graph each time it
// is built, and a functional model is its trace; NN keeps the names that trace took, and the
// tensors are made from them here. Such a tensor can start a new functional model, as in
// `keras.Model(inputs=model.inputs, outputs=model.layers[0].output)` (a feature extractor).

extension KerasTensorObject {
  /// The tensor `model`'s trace starts from, once the model is built.
  static func tracedInput(of model: Sequential) -> KerasTensorObject? {
    guard let input = model.symbolicInput, let name = model.tracedInputName else { return nil }
    return KerasTensorObject(input: input, layers: [], shape: input.shape, name: name)
  }

  /// The tensor `model`'s trace ends with: its last layer's output.
  static func tracedOutput(of model: Sequential) -> KerasTensorObject? {
    guard let input = model.symbolicInput, let shape = model.outputShape,
      let name = model.layers.last?.tracedOutputName
    else { return nil }
    return KerasTensorObject(input: input, layers: model.layers, shape: shape, name: name)
  }

  /// The tensor `layer` gave in the last trace that ran through it.
  static func tracedOutput(of layer: Layer) -> KerasTensorObject? {
    if let input = layer as? InputLayer {
      guard let name = input.tensorName else { return nil }
      return KerasTensorObject(input: input, layers: [], shape: input.shape, name: name)
    }
    guard let model = layer.tracingModel, let name = layer.tracedOutputName,
      let index = model.layers.firstIndex(where: { $0 === layer }), let input = model.symbolicInput,
      let shape = layer.outputShape
    else { return nil }
    return KerasTensorObject(input: input, layers: Array(model.layers[...index]), shape: shape, name: name)
  }

  /// The tensor `layer` was called on in that trace: the model's input or the previous
  /// layer's output.
  static func tracedInput(of layer: Layer) -> KerasTensorObject? {
    guard let model = layer.tracingModel, let index = model.layers.firstIndex(where: { $0 === layer }) else {
      return nil
    }
    return index == 0 ? tracedInput(of: model) : tracedOutput(of: model.layers[index - 1])
  }

  /// `layer.input` / `layer.output`, with Keras's AttributeError for a layer never called on
  /// a KerasTensor (nor built inside a Sequential). An `InputLayer`'s input is `[]`, as in Keras.
  static func layerAttribute(_ name: String, of layer: Layer) throws -> Value {
    if name == "input", layer is InputLayer { return .list(ListObject([])) }
    let tensor = name == "input" ? tracedInput(of: layer) : tracedOutput(of: layer)
    guard let tensor else {
      throw ScriptError(
        .attributeError, "The layer \(layer.name) has never been called and thus has no defined \(name).",
        hint: "a layer has an \(name) once it is part of a built model or called on keras.Input(...)")
    }
    return .object(tensor)
  }

  /// A Sequential's `inputs` / `outputs` (one-item lists), or Keras's AttributeError while it
  /// has no input shape; `input` / `output`, which Keras 3 only defines for a Sequential called
  /// on a KerasTensor, give its AttributeError with a pointer to `inputs`.
  static func sequentialAttribute(_ name: String, of model: Sequential) throws -> Value {
    switch name {
    case "inputs", "outputs":
      let tensor = name == "inputs" ? tracedInput(of: model) : tracedOutput(of: model)
      guard let tensor else {
        throw ScriptError(
          .attributeError, "Sequential model '\(model.name)' has no defined \(name) yet.",
          hint:
            "give the model an input shape first: keras.Input(shape=...) as its first layer, or model.build(...)"
        )
      }
      return .list(ListObject([.object(tensor)]))
    default:
      throw ScriptError(
        .attributeError, "The layer \(model.name) has never been called and thus has no defined \(name).",
        hint: "a Sequential's tensors are model.\(name)s[0]")
    }
  }
}
