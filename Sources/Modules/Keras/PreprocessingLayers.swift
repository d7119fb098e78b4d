import NN
import Script
import Tensors

extension KerasModule {
  /// `keras.layers.Rescaling`, `Reshape` and `Normalization`, with Keras 3.15's signatures and
  /// defaults (`offset=0.0`; `axis=-1, mean=None, variance=None, invert=False`).
  static func addPreprocessingLayers(to m: ModuleObject) {
    m.addFunction("Rescaling", signature: "scale, offset=0.0, input_shape=None, name=None, **kwargs") {
      a, _ in
      try KerasArgs.checkLayerKeywords(a)
      let (scale, scaleIsInteger) = try rescalingNumber(a["scale"], "scale")
      let (offset, offsetIsInteger) = try rescalingNumber(a["offset"], "offset")
      return try layer(a) {
        try Rescaling(
          scale: scale, offset: offset, scaleIsInteger: scaleIsInteger, offsetIsInteger: offsetIsInteger,
          inputShape: try KerasArgs.shape(a["input_shape"]), name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction("Reshape", signature: "target_shape, input_shape=None, name=None, **kwargs") { a, interp in
      try KerasArgs.checkLayerKeywords(a)
      // Keras takes `tuple(target_shape)`: an int is Python's "'int' object is not iterable".
      let dims = try interp.elements(of: a["target_shape"]).map { try Convert.integer($0) }
      return try layer(a) {
        try Reshape(
          targetShape: dims, inputShape: try KerasArgs.shape(a["input_shape"]),
          name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction(
      "Normalization",
      signature: "axis=-1, mean=None, variance=None, invert=False, input_shape=None, name=None, **kwargs"
    ) { a, interp in
      try KerasArgs.checkLayerKeywords(a)
      let axes: [Int]
      switch a["axis"] {
      case .none: axes = []
      case .int(let i): axes = [i]
      default: axes = try interp.elements(of: a["axis"]).map { try Convert.integer($0) }
      }
      if a["mean"].isNone != a["variance"].isNone {
        throw ScriptError(
          .valueError,
          "When setting values directly, both `mean` and `variance` must be set. Received: "
            + "mean=\(strValue(a["mean"])) and variance=\(strValue(a["variance"]))")
      }
      let mean = a["mean"].isNone ? nil : try Convert.tensor(a["mean"])
      let variance = a["variance"].isNone ? nil : try Convert.tensor(a["variance"])
      return try layer(a) {
        try Normalization(
          axes: axes, mean: mean, variance: variance, invert: try interp.truthy(a["invert"]),
          inputShape: try KerasArgs.shape(a["input_shape"]), name: try KerasArgs.optionalString(a["name"]))
      }
    }
  }

  /// A Rescaling factor or offset: a Python number (and whether it was an int). Keras also
  /// takes per-channel arrays; dnnlab does not.
  private static func rescalingNumber(_ v: Value, _ key: String) throws -> (Double, Bool) {
    switch v {
    case .int(let i): return (Double(i), true)
    case .bool(let b): return (b ? 1 : 0, true)
    case .float(let d): return (d, false)
    default:
      if case .object(let o) = v, let scalar = try o.scalarValue() { return try rescalingNumber(scalar, key) }
      throw ScriptError(
        .notImplementedError, "dnnlab's Rescaling takes a number as \(key), not \(v.typeName)",
        hint: "per-channel scales are not supported; multiply the data with NumPy instead")
    }
  }
}

extension LayerObject {
  /// Attribute names of the preprocessing layers (and LayerNormalization and GaussianNoise),
  /// for `dir()` and suggestions.
  var preprocessingAttributeNames: [String] {
    switch layer {
    case is Rescaling: return ["offset", "scale"]
    case is Reshape: return ["target_shape"]
    case is Normalization:
      return ["adapt", "adapt_mean", "adapt_variance", "axis", "count", "invert", "mean", "variance"]
    case is LayerNormalization: return ["axis", "beta", "center", "epsilon", "gamma", "scale"]
    case is GaussianNoise: return ["seed", "stddev"]
    default: return []
    }
  }

  /// `layer.scale`, `layer.target_shape`, `layer.mean`, `layer.adapt(data)`…
  func preprocessingAttribute(_ name: String) throws -> Value? {
    switch (layer, name) {
    case (let r as Rescaling, "scale"): return r.scaleIsInteger ? Self.integer(r.scale) : .float(r.scale)
    case (let r as Rescaling, "offset"): return r.offsetIsInteger ? Self.integer(r.offset) : .float(r.offset)
    case (let r as Reshape, "target_shape"): return .tuple(r.targetShape.map { .int($0) })
    case (let n as Normalization, _): return try normalizationAttribute(n, name)
    case (let g as GaussianNoise, "stddev"): return .float(g.stddev)
    case (let g as GaussianNoise, "seed"): return g.seed.map { .int($0) } ?? Value.none
    case (let l as LayerNormalization, "axis"):
      // Keras keeps an int until the layer is built, then a sorted list.
      if !l.isBuilt && !l.axisIsList { return .int(l.axes.first ?? -1) }
      return .list(ListObject((l.isBuilt ? l.axes.sorted() : l.axes).map { .int($0) }))
    case (let l as LayerNormalization, "epsilon"): return .float(l.epsilon)
    case (let l as LayerNormalization, "center"): return .bool(l.center)
    case (let l as LayerNormalization, "scale"): return .bool(l.scale)
    case (let l as LayerNormalization, "gamma"): return try LayerObject.variableValue(l.gamma)
    case (let l as LayerNormalization, "beta"): return try LayerObject.variableValue(l.beta)
    default: return nil
    }
  }

  private static func integer(_ x: Double) -> Value {
    if let i = Int(exactly: x) { return .int(i) }
    return .float(x)
  }

  private func normalizationAttribute(_ n: Normalization, _ name: String) throws -> Value? {
    switch name {
    case "axis": return .tuple(n.axes.map { .int($0) })
    case "invert": return .bool(n.invert)
    case "mean", "variance":
      // Keras's `layer.mean`: a tensor of the broadcast shape ((1, 9) for axis=-1), None unbuilt.
      guard let stats = try Convert.tensors({ try n.broadcastStatistics() }) else { return Value.none }
      return TensorFlowConvert.value(name == "mean" ? stats.mean : stats.variance)
    case "adapt_mean", "adapt_variance", "count":
      let v = name == "adapt_mean" ? n.adaptMean : name == "adapt_variance" ? n.adaptVariance : n.count
      // Keras only has these after building an adaptable layer: nil gives its AttributeError.
      guard let v else { return nil }
      return .object(VariableObject(v))
    case "adapt":
      return .builtin(
        BuiltinFunction("adapt", signature: "data, batch_size=None, steps=None") { a, interp in
          let data = try LayerObject.adaptData(a["data"], interp)
          try Convert.tensors { try n.adapt(data) }
          return .none
        })
    default: return nil
    }
  }

  /// What `adapt` takes: a NumPy array or a tensor. Keras reads any other iterable as a
  /// sequence of batches; dnnlab does not, and says so.
  private static func adaptData(_ v: Value, _ interp: Interpreter) throws -> Tensor {
    switch v {
    case .object(let o as TensorBacked): return o.tensor
    case .list, .tuple:
      let items = try interp.elements(of: v)
      guard let first = items.first else {
        throw ScriptError(
          .valueError,
          "adapt() received an empty iterable (no batches). Expected at least one batch. Pass a non-empty "
            + "iterable of arrays or tensors, e.g. layer.adapt([x]) or layer.adapt(list_of_batches).")
      }
      if case .object(let o) = first, o is TensorBacked {
        throw ScriptError(
          .notImplementedError, "dnnlab's adapt() takes one array, not a list of batches",
          hint: "concatenate the batches first: layer.adapt(np.concatenate(batches))")
      }
      throw ScriptError(
        .typeError,
        "adapt() expects an iterable that yields arrays or tensors with a `.shape` attribute (e.g. numpy arrays "
          + "or backend tensors). Got an element of type \(first.typeName). Ensure each yielded element is "
          + "array-like with a `.shape` attribute.",
        hint: "pass a NumPy array: layer.adapt(np.array(data))")
    default:
      throw ScriptError(
        .typeError,
        "Unsupported data type: <class '\(v.typeName)'>. `adapt` supports `np.ndarray`, backend tensors, "
          + "`tf.data.Dataset`, `keras.utils.PyDataset`, and iterables of batches (e.g. list, generator).")
    }
  }
}
