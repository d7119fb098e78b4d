import NN
import Script

/// `keras.utils.plot_model(model)`: Keras draws a graph of boxes with Graphviz; here it is the
/// same chain of boxes as text — one box per layer (`name: ClassName`, and with shapes its
/// input → output shape), joined by arrows, starting with the input layer as Keras shows it.
enum PyplotModelDiagram {
  static func add(to utils: ModuleObject) {
    utils.addFunction(
      "plot_model",
      signature:
        "model, to_file='model.png', show_shapes=None, show_dtype=False, show_layer_names=True, rankdir='TB', expand_nested=False, dpi=200, show_layer_activations=False, show_trainable=False, **kwargs"
    ) { a, interp in
      guard case .object(let object as ModelObject) = a["model"] else {
        throw ScriptError(
          .typeError, "plot_model() expects a Sequential model, not \(Convert.typeName(a["model"]))")
      }
      // Shapes are what a learner looks for, so they are on unless turned off explicitly.
      let shapes = a["show_shapes"].isNone ? true : try interp.truthy(a["show_shapes"])
      let names = try interp.truthy(a["show_layer_names"])
      interp.write(diagram(object.model, showShapes: shapes, showNames: names) + "\n")
      return .none
    }
  }

  static func shapeText(_ shape: [Int]?) -> String {
    guard let shape else { return "?" }
    return "(" + (["None"] + shape.map(String.init)).joined(separator: ", ") + ")"
  }

  /// The diagram as lines of text.
  static func diagram(_ model: Sequential, showShapes: Bool, showNames: Bool) -> String {
    var boxes: [[String]] = []
    let layers = model.layers
    if let first = layers.first, let input = first.inputShape ?? first.declaredInputShape {
      var box = [showNames ? "\(first.name)_input: InputLayer" : "InputLayer"]
      if showShapes { box.append("input: \(shapeText(input))  output: \(shapeText(input))") }
      boxes.append(box)
    }
    for layer in layers {
      var box = [showNames ? "\(layer.name): \(layer.className)" : layer.className]
      if showShapes {
        box.append("input: \(shapeText(layer.inputShape))  output: \(shapeText(layer.outputShape))")
      }
      boxes.append(box)
    }
    if boxes.isEmpty { return "(the model has no layers yet: add some before plotting it)" }
    let inner = boxes.flatMap { $0 }.map(\.count).max() ?? 0
    let width = inner + 4
    let centre = width / 2
    var lines: [String] = []
    for (i, box) in boxes.enumerated() {
      if i > 0 {
        lines.append(String(repeating: " ", count: centre) + "│")
        lines.append(String(repeating: " ", count: centre) + "▼")
      }
      lines.append("┌" + String(repeating: "─", count: width - 2) + "┐")
      for text in box {
        let pad = inner - text.count
        let left = pad / 2
        lines.append(
          "│ " + String(repeating: " ", count: left) + text + String(repeating: " ", count: pad - left) + " │"
        )
      }
      lines.append("└" + String(repeating: "─", count: width - 2) + "┘")
    }
    if !model.isBuilt && layers.first?.declaredInputShape == nil {
      lines.append("(shapes are known once the model is built: give input_shape or call the model on data)")
    }
    return lines.joined(separator: "\n")
  }
}
