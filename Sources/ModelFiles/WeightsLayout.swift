import NN
import Tensors

/// The HDF5 group layout Keras 3 uses for `model.weights.h5` and `.weights.h5` files:
///
///     layers/<path>/vars/0, 1, ...      each layer's weights in Keras order (kernel, bias)
///     layers/<path>/vars  @name         the layer's name
///     layers/sequential/layers/...      a nested model, recursively
///     vars @name                        the model's own (empty) variable group
///     optimizer/vars/0                  iterations (int64 scalar)
///     optimizer/vars/1                  learning_rate (float32 scalar)
///     optimizer/vars/2...               the slots (see ``OptimizerLayout``)
///
/// `<path>` is not the layer's name but its class in snake case, numbered in order within
/// its model (`dense`, `dense_1`, `flatten`, `re_lu`): Keras names the groups after the
/// attribute path it walks, so a layer named `hidden` still lives under `layers/dense`.
enum WeightsLayout {
  /// One layer's weights as the file must hold them.
  struct Entry {
    /// `layers/dense` (without `/vars`).
    var path: String
    var layerName: String
    var shapes: [[Int]]
  }

  /// Keras's `to_snake_case`: `ReLU` → `re_lu`, `Dense` → `dense`.
  static func snakeCase(_ name: String) -> String {
    let chars = Array(name.filter { $0.isLetter || $0.isNumber || $0 == "_" })
    var out = ""
    for (i, c) in chars.enumerated() {
      if i > 0, c.isUppercase {
        let previous = chars[i - 1]
        let nextIsLower = i + 1 < chars.count && chars[i + 1].isLowercase
        // "(.)([A-Z][a-z]+)" then "([a-z])([A-Z])" in Keras's two regular expressions.
        if previous.isLowercase || nextIsLower { out += "_" }
      }
      out += c.lowercased()
    }
    return out
  }

  /// Group names for layers of these classes, in order: `dense`, `dense_1`, `flatten`, ...
  static func groupNames(_ classNames: [String]) -> [String] {
    var used: [String: Int] = [:]
    return classNames.map { cls in
      let base = snakeCase(cls)
      if let n = used[base] {
        used[base] = n + 1
        return "\(base)_\(n + 1)"
      }
      used[base] = 0
      return base
    }
  }

  /// The entries for a built model, in the order its `variables` list them.
  static func entries(_ model: Sequential, prefix: String = "") -> [Entry] {
    var out: [Entry] = []
    let layers = savedLayers(model)
    for (layer, group) in zip(layers, groupNames(layers.map(\.className))) {
      let path = "\(prefix)layers/\(group)"
      if let s = layer as? Sequential {
        out += entries(s, prefix: path + "/")
      } else {
        out.append(Entry(path: path, layerName: layer.name, shapes: layer.variables.map(\.shape)))
      }
    }
    return out
  }

  /// The layers with a group in the file: a functional model's InputLayer has one (empty).
  static func savedLayers(_ model: Sequential) -> [Layer] {
    (model as? Functional)?.layersWithInput ?? model.layers
  }

  /// The entries a model described by `spec` will have, computed from the config alone.
  static func entries(_ spec: ModelSpec, input: [Int], prefix: String = "") throws -> [Entry] {
    var out: [Entry] = []
    var shape = input
    var classes = spec.layers.map { $0.common.className }
    if spec.isFunctional {
      classes.insert("InputLayer", at: 0)
      out.append(
        Entry(path: "\(prefix)layers/\(groupNames(classes)[0])", layerName: spec.inputName ?? "", shapes: []))
    }
    let groups = Array(groupNames(classes).dropFirst(spec.isFunctional ? 1 : 0))
    for (layer, group) in zip(spec.layers, groups) {
      let path = "\(prefix)layers/\(group)"
      if case .sequential(let inner) = layer {
        out += try entries(inner, input: shape, prefix: path + "/")
      } else {
        out.append(
          Entry(path: path, layerName: layer.common.name, shapes: try layer.shapes(for: shape).weights))
      }
      shape = try layer.shapes(for: shape).output
    }
    return out
  }

  /// Names of the model-level `vars` groups to write (the model and nested models).
  private static func writeModelGroups(_ model: Sequential, prefix: String, _ w: H5ImageWriter) throws {
    let g = try w.group(prefix + "vars")
    try w.setStringAttribute(g, "name", model.name, path: prefix + "vars")
    let layers = savedLayers(model)
    for (layer, group) in zip(layers, groupNames(layers.map(\.className))) {
      if let s = layer as? Sequential { try writeModelGroups(s, prefix: "\(prefix)layers/\(group)/", w) }
    }
  }

  // MARK: Writing

  /// Writes every layer's weights, the model groups, and the optimizer's state.
  static func write(_ model: Sequential, to w: H5ImageWriter) throws {
    _ = try w.group("layers")
    let vars = model.variables
    var index = 0
    for entry in entries(model) {
      let path = entry.path + "/vars"
      let g = try w.group(path)
      try w.setStringAttribute(g, "name", entry.layerName, path: path)
      for (i, shape) in entry.shapes.enumerated() {
        guard index < vars.count, vars[index].shape == shape else {
          throw ModelFileError(.valueError, "internal mismatch between layers and weights at \(path)/\(i)")
        }
        if vars[index].dtype == .int64, shape.isEmpty {
          // Normalization's `count`: an int64 scalar, as Keras writes it.
          let value = try vars[index].numpy().toArray(Int64.self).first ?? 0
          try w.writeInt64(g, String(i), value, path: path)
          index += 1
          continue
        }
        let values = try vars[index].numpy().toArray(Float.self)
        // Every weight has at least one value (units and input sizes are positive).
        try values.withUnsafeBufferPointer { p in
          guard let base = p.baseAddress else { return }
          try w.writeFloats(g, String(i), shape: shape, base, path: path)
        }
        index += 1
      }
    }
    try writeModelGroups(model, prefix: "", w)
    if let optimizer = model.optimizer { try OptimizerLayout.write(optimizer, model: model, to: w) }
  }

  // MARK: Reading

  /// Checks that the file holds exactly the weights `entries` describe (each group present,
  /// the right number of variables, each of the right shape), before anything is read.
  static func check(_ entries: [Entry], in r: H5ImageReader) throws {
    for entry in entries {
      let path = entry.path + "/vars"
      guard let names = try r.children(path) else {
        let here = try r.children(entry.path.split(separator: "/").dropLast().joined(separator: "/")) ?? []
        throw r.place.error(
          path, "missing weights for layer '\(entry.layerName)'",
          hint: here.isEmpty
            ? "the file holds no layer weights here" : "the file holds \(here.joined(separator: ", "))")
      }
      guard names.count == entry.shapes.count else {
        throw r.place.error(
          path,
          "layer '\(entry.layerName)' expects \(entry.shapes.count) variables, but the file holds \(names.count)",
          hint: "the file was saved from a different model")
      }
      for (i, shape) in entry.shapes.enumerated() {
        let info = try r.info("\(path)/\(i)")
        guard info.isNumeric else { throw r.place.error("\(path)/\(i)", "weight does not hold numbers") }
        guard info.shape == shape else {
          throw r.place.error(
            "\(path)/\(i)",
            "layer '\(entry.layerName)' weight \(i) has shape \(shapeText(info.shape)) in the file, but the model "
              + "expects \(shapeText(shape))",
            hint: "the file was saved from a model with different layer sizes")
        }
      }
    }
  }

  /// Reads the weights `entries` describe (already checked) as float32 tensors, in order.
  static func read(_ entries: [Entry], from r: H5ImageReader) throws -> [Tensor] {
    var out: [Tensor] = []
    for entry in entries {
      for (i, shape) in entry.shapes.enumerated() {
        var values = [Float](repeating: 0, count: shape.reduce(1, *))
        try values.withUnsafeMutableBufferPointer { p in
          guard let base = p.baseAddress else { return }
          try r.readFloats("\(entry.path)/vars/\(i)", into: base, count: p.count)
        }
        out.append(try Tensor(values, shape: shape))
      }
    }
    return out
  }
}
