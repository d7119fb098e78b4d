import Tensors

/// A model made with Keras's functional API, `keras.Model(inputs, outputs)`, for the graphs
/// dnnlab runs: one `Input` followed by a chain of layers, each applied to the previous
/// layer's output. It trains, evaluates and saves like a `Sequential` (it is one underneath),
/// but shows as Keras's `Functional`: its `InputLayer` counts as a layer (first in `layers`
/// and in the summary), it has no `add`/`pop`, and its weights keep the names the layers gave
/// them when first called (`dense/kernel`, without the model's name).
public final class Functional: Sequential {
  /// The `Input` the graph starts from.
  public let inputLayer: InputLayer

  /// - Parameters:
  ///   - input: the `InputLayer` behind `keras.Input(...)`.
  ///   - layers: the layers from the input to the output, in call order.
  ///   - name: defaults to an auto-name (`functional`, `functional_1`, …).
  public init(input: InputLayer, layers: [Layer], name: String? = nil) throws {
    inputLayer = input
    super.init(defaultName: "functional", name: name)
    scopesVariablePaths = false
    try add(input)
    for l in layers { try add(l) }
    adoptTrace(input: input)
  }

  public override var className: String { "Functional" }

  /// Layers as Keras lists them for a functional model: the `InputLayer` first.
  public var layersWithInput: [Layer] { [inputLayer] + layers }
}

extension Layer {
  /// Applies the layer to a symbolic input of per-sample shape `input` (a `KerasTensor`):
  /// builds it for that shape if needed and returns the per-sample output shape, or the
  /// error Keras gives for data of that shape.
  public func outputShape(calledOn input: [Int]) throws -> [Int] {
    try build(input)
    return outputShape ?? input
  }
}
