import Foundation
import NN
import Tensors

/// Keras's legacy HDF5 model file, `model.save('name.h5')`, which Keras 3 still writes (with
/// a warning) and reads, and which older course material uses throughout:
///
///     @keras_version, @backend        on the root
///     @model_config                   the model's config as JSON ({"class_name", "config"})
///     @training_config                the compile settings as JSON, when compiled
///     model_weights @layer_names      the layers, in order
///     model_weights/<layer> @weight_names
///     model_weights/<layer>/<weight name>       e.g. sequential/dense/kernel
///     optimizer_weights @weight_names, optimizer_weights/<weight name>
///
/// Keras matches saved layers to the model's by order, counting only layers with weights,
/// and each layer's weights by order; so does this reader. Files written by Keras 2
/// (`dense/kernel:0`, fixed-length name strings) read the same way.
enum LegacyH5 {
  /// Whether `path` names a legacy HDF5 model file, as Keras decides: by its extension.
  static func isLegacyPath(_ path: String) -> Bool { path.hasSuffix(".h5") || path.hasSuffix(".hdf5") }

  // MARK: Saving

  /// The whole file's bytes for `model`.
  static func image(of model: Sequential, file: String) throws -> [UInt8] {
    let w = try H5ImageWriter(place: FilePlace(file: file, member: nil))
    let root = try w.root()
    try w.setStringAttribute(root, "backend", "tensorflow", path: "")
    try w.setStringAttribute(root, "keras_version", ModelFiles.kerasVersion, path: "")
    let config = try ConfigWriter.model(model)
    try w.setStringAttribute(root, "model_config", legacyModelConfig(config).text, path: "")
    if let compile = try ConfigWriter.compileConfig(model) {
      try w.setStringAttribute(root, "training_config", trainingConfig(compile).text, path: "")
    }
    try writeWeights(model, to: w, group: "model_weights")
    if let optimizer = model.optimizer {
      let path = "optimizer_weights"
      let g = try w.group(path)
      let values = try OptimizerLayout.stateValues(optimizer, model: model)
      let names = values.map { "\(optimizer.name)/\($0.name)" }
      try w.setStringArrayAttribute(g, "weight_names", names, path: path)
      let inner = try w.group("\(path)/\(optimizer.name)")
      for value in values {
        try OptimizerLayout.write(value, as: value.name, in: inner, path: "\(path)/\(optimizer.name)", to: w)
      }
    }
    return try w.bytes()
  }

  /// `{"class_name", "config"}`, with each layer entry cut to its class name and config (and
  /// a functional layer's `name` and `inbound_nodes`), as Keras's legacy serializer writes.
  static func legacyModelConfig(_ full: JSONValue) -> JSONValue {
    .object([
      ("class_name", full["class_name"] ?? .null), ("config", stripLayerEntries(full["config"] ?? .null)),
    ])
  }

  private static func stripLayerEntries(_ config: JSONValue) -> JSONValue {
    guard case .object(let pairs) = config else { return config }
    return .object(
      pairs.map { key, value in
        guard key == "layers", case .array(let layers) = value else { return (key, value) }
        return (
          key,
          .array(
            layers.map { entry in
              guard case .object(let fields) = entry else { return entry }
              return .object(
                fields.compactMap { k, v in
                  switch k {
                  case "module", "registered_name", "build_config": return nil
                  case "config": return (k, stripLayerEntries(v))
                  default: return (k, v)
                  }
                })
            })
        )
      })
  }

  /// Keras's `training_config`: the compile settings with the optimizer as `optimizer_config`.
  static func trainingConfig(_ compile: JSONValue) -> JSONValue {
    guard case .object(let pairs) = compile else { return compile }
    var out = pairs.filter { $0.0 != "optimizer" }
    if let optimizer = compile["optimizer"] {
      out.append(
        (
          "optimizer_config",
          .object([
            ("class_name", optimizer["class_name"] ?? .null), ("config", optimizer["config"] ?? .null),
          ])
        ))
    }
    return .object(out)
  }

  /// `model_weights`: each saved layer's group, named after the layer, with its weights under
  /// their Keras paths.
  private static func writeWeights(_ model: Sequential, to w: H5ImageWriter, group path: String) throws {
    let g = try w.group(path)
    try w.setStringAttribute(g, "backend", "tensorflow", path: path)
    try w.setStringAttribute(g, "keras_version", ModelFiles.kerasVersion, path: path)
    let layers = WeightsLayout.savedLayers(model)
    try w.setStringArrayAttribute(g, "layer_names", layers.map(\.name), path: path)
    for layer in layers {
      let layerPath = "\(path)/\(layer.name)"
      let lg = try w.group(layerPath)
      let variables = layer.variables
      try w.setStringArrayAttribute(lg, "weight_names", variables.map(\.path), path: layerPath)
      for v in variables {
        let parts = v.path.split(separator: "/").map(String.init)
        guard let leaf = parts.last else { continue }
        let parent = ([layerPath] + parts.dropLast()).joined(separator: "/")
        let pg = try w.group(parent)
        if v.dtype == .int64, v.shape.isEmpty {
          try w.writeInt64(pg, leaf, try v.numpy().toArray(Int64.self).first ?? 0, path: parent)
          continue
        }
        let values = try v.numpy().toArray(Float.self)
        try values.withUnsafeBufferPointer { p in
          guard let base = p.baseAddress else { return }
          try w.writeFloats(pg, leaf, shape: v.shape, base, path: parent)
        }
      }
    }
    let top = try w.group("\(path)/top_level_model_weights")
    try w.setStringArrayAttribute(top, "weight_names", [], path: "\(path)/top_level_model_weights")
  }

  // MARK: Loading

  /// `load_model('name.h5')`: the model, its weights and, when compiled and `compile` is on,
  /// its compile settings and optimizer state.
  static func loadModel(_ path: String, bytes: [UInt8], compile: Bool, custom: CustomFunctions) throws
    -> (model: Sequential, warnings: [String])
  {
    let place = FilePlace(file: path, member: nil)
    let r = try H5ImageReader(bytes: bytes, place: place)
    guard let configText = try r.stringAttribute("", "model_config") else {
      let weightsOnly = try holdsLegacyWeights(r)
      throw place.error(
        nil, "No model config found in the file at \(path).",
        hint: weightsOnly
          ? "this file holds weights only: build the model, then model.load_weights('\(path)')" : nil)
    }
    let configPlace = FilePlace(file: path, member: "@model_config")
    let spec = try ModelConfigReader.model(
      JSONReader(
        try JSONValue.parse(Array(configText.utf8), place: configPlace), path: "", place: configPlace))
    let model = try ModelConfigReader.build(spec, place: configPlace)
    if model.isBuilt { try loadWeights(into: model, from: r) }
    var warnings: [String] = []
    guard compile else { return (model, warnings) }
    guard let training = try r.stringAttribute("", "training_config") else {
      warnings.append(
        "No training configuration found in the save file, so the model was *not* compiled. Compile it manually."
      )
      return (model, warnings)
    }
    let trainingPlace = FilePlace(file: path, member: "@training_config")
    let parsed = try JSONValue.parse(Array(training.utf8), place: trainingPlace)
    let compiled = try CompileConfigReader.read(
      JSONReader(compileConfig(fromTraining: parsed), path: "", place: trainingPlace), custom: custom)
    try ModelConfigReader.nn("training_config", trainingPlace) {
      try model.compile(
        optimizer: compiled.optimizer, loss: compiled.loss, lossWeight: compiled.lossWeight,
        metrics: compiled.metrics, weightedMetrics: compiled.weightedMetrics)
    }
    // Keras 3's legacy loader tries a Keras 2 step that no longer exists, and always says so.
    warnings.append(
      "Compiled the loaded model, but the compiled metrics have yet to be built. `model.compile_metrics` will be "
        + "empty until you train or evaluate the model.")
    if let names = try r.stringArrayAttribute("optimizer_weights", "weight_names"), !names.isEmpty {
      do {
        try OptimizerLayout.read(
          into: compiled.optimizer, model: model, from: r, count: names.count, at: "optimizer_weights",
          strict: true
        ) { "optimizer_weights/\(names[$0])" }
      } catch {
        warnings.append(
          "Error in loading the saved optimizer state. As a result, your model is starting with a freshly "
            + "initialized optimizer.")
      }
    }
    return (model, warnings)
  }

  /// The reverse of ``trainingConfig(_:)``: `optimizer_config` back under `optimizer`. Keras 2's
  /// spellings become Keras 3's: `Custom>SGD` is `SGD`, and a metric saved as a
  /// `MeanMetricWrapper` entry is its name (`accuracy`).
  static func compileConfig(fromTraining training: JSONValue) -> JSONValue {
    guard case .object(let pairs) = training else { return training }
    var out = pairs.filter { $0.0 != "optimizer_config" && $0.0 != "metrics" && $0.0 != "weighted_metrics" }
    for key in ["metrics", "weighted_metrics"] { out.append((key, keras3Metrics(training[key] ?? .null))) }
    var optimizer = training["optimizer_config"] ?? .null
    if case .object(var fields) = optimizer, case .string(let name)? = optimizer["class_name"],
      name.hasPrefix("Custom>")
    {
      fields = fields.map {
        $0.0 == "class_name" ? ($0.0, .string(String(name.dropFirst("Custom>".count)))) : $0
      }
      // Keras 2's own switches, which Keras 3 optimizers do not take.
      if case .object(let config)? = optimizer["config"] {
        let kept = config.filter { $0.0 != "jit_compile" && $0.0 != "is_legacy_optimizer" }
        fields = fields.map { $0.0 == "config" ? ($0.0, .object(kept)) : $0 }
      }
      optimizer = .object(fields)
    }
    out.append(("optimizer", optimizer))
    return .object(out)
  }

  private static func keras3Metrics(_ value: JSONValue) -> JSONValue {
    switch value {
    case .array(let items): return .array(items.map(keras3Metrics))
    case .object:
      if case .string("MeanMetricWrapper")? = value["class_name"], let name = value["config"]?["name"] {
        return name
      }
      return value
    default: return value
    }
  }

  /// Whether the file is a legacy weights layout (a full model file, or Keras 2's
  /// `save_weights('name.h5')`) rather than Keras 3's `.weights.h5`.
  static func holdsLegacyWeights(_ r: H5ImageReader) throws -> Bool {
    if r.hasGroup("model_weights"), try r.stringArrayAttribute("model_weights", "layer_names") != nil {
      return true
    }
    return try r.stringArrayAttribute("", "layer_names") != nil
  }

  /// Reads the weights of `model`'s layers from a legacy file (checking every count and shape
  /// first) and sets them.
  static func loadWeights(into model: Sequential, from r: H5ImageReader) throws {
    let group = r.hasGroup("model_weights") ? "model_weights" : ""
    guard let layerNames = try r.stringArrayAttribute(group, "layer_names") else {
      throw r.place.error(
        group.isEmpty ? nil : group, "the file lists no layer_names, so it holds no Keras weights")
    }
    guard layerNames.count <= ModelLimits.maximumLayers else {
      throw r.place.error(group, "\(layerNames.count) saved layers is absurd")
    }
    var saved: [(name: String, weights: [String])] = []
    for name in layerNames {
      let path = group.isEmpty ? name : "\(group)/\(name)"
      guard r.hasGroup(path) else { throw r.place.error(path, "missing the group of saved layer '\(name)'") }
      let weights = try r.stringArrayAttribute(path, "weight_names") ?? []
      if !weights.isEmpty { saved.append((path, weights)) }
    }
    let layers = WeightsLayout.savedLayers(model).filter { !$0.variables.isEmpty }
    guard layers.count == saved.count else {
      throw r.place.error(
        group,
        "Layer count mismatch when loading weights from file. Model expected \(layers.count) layers, found "
          + "\(saved.count) saved layers.", hint: "the file was saved from a different model")
    }
    var tensors: [Tensor] = []
    for (layer, (path, names)) in zip(layers, saved) {
      let variables = layer.variables
      guard variables.count == names.count else {
        throw r.place.error(
          path,
          "Layer '\(layer.name)' expected \(variables.count) variables, but received \(names.count) variables "
            + "during loading. Expected: \(variables.map(\.name))",
          hint: "the file was saved from a different model")
      }
      for (v, name) in zip(variables, names) {
        let at = "\(path)/\(name)"
        let info = try r.info(at)
        guard info.isNumeric, info.shape == v.shape else {
          throw r.place.error(
            at,
            "weight has shape \(shapeText(info.shape)) in the file, but layer '\(layer.name)' expects "
              + "\(shapeText(v.shape))", hint: "the file was saved from a model with different layer sizes")
        }
      }
      for (v, name) in zip(variables, names) {
        var values = [Float](repeating: 0, count: v.count)
        try values.withUnsafeMutableBufferPointer { p in
          guard let base = p.baseAddress else { return }
          try r.readFloats("\(path)/\(name)", into: base, count: p.count)
        }
        tensors.append(try Tensor(values, shape: v.shape))
      }
    }
    try ModelConfigReader.nn("weights", r.place) { try model.setWeights(tensors) }
  }
}
