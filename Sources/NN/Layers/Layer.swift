import Tensors

/// The base of every layer: a name, a build step that fixes shapes and creates weights, and a
/// forward/backward pass over float32 row-major buffers of `batch` samples. Shapes here are
/// per sample (Keras's batch dimension `None` left out).
///
/// Execution contract (used by `Sequential` and the training loop): ``prepare(maxBatch:)``
/// reserves every buffer for the largest batch, so ``forward(_:batch:training:)`` and
/// ``backward(_:batch:needInputGradient:gradientIsPreActivation:)`` allocate nothing.
open class Layer: CustomStringConvertible {
  /// Unique within the session: `dense`, `dense_1`, ... unless given.
  public let name: String
  /// Whether `fit` updates this layer's weights.
  public var trainable: Bool = true
  /// The per-sample input shape given by `input_shape`/`input_dim`, if any.
  public let declaredInputShape: [Int]?
  public internal(set) var isBuilt = false
  /// Per-sample input and output shapes once built.
  public internal(set) var inputShape: [Int]?
  public internal(set) var outputShape: [Int]?
  /// The model whose symbolic trace last ran through this layer (a Sequential's build, or a
  /// functional model's construction) and the name of the KerasTensor the layer gave there
  /// (`keras_tensor_2`). They back `layer.input` and `layer.output`; `nil` before any trace.
  public internal(set) weak var tracingModel: Sequential?
  public var tracedOutputName: String?

  init(name: String?, defaultName: String, inputShape: [Int]?) {
    self.name = name ?? NNSession.current.uniqueName(defaultName)
    self.declaredInputShape = inputShape
  }

  /// Whether Keras builds this class when it is created (layers without weights whose output
  /// shape is the input's: Activation, ReLU, Dropout…), so `built` shows True from the start.
  /// Defaults to `false`.
  open var isBuiltAtCreation: Bool { false }

  /// What Keras's `layer.built` shows.
  public var showsBuilt: Bool { isBuilt || isBuiltAtCreation }

  /// Keras's class name (`Dense`, `Flatten`), shown by `summary()`.
  open var className: String { "Layer" }

  public var description: String { "<\(className) name=\(name), built=\(showsBuilt ? "True" : "False")>" }

  /// The layer's weights in Keras order (kernel, then bias).
  open var variables: [Variable] { [] }

  /// Weights `fit` updates.
  public var trainableVariables: [Variable] { trainable ? variables.filter(\.trainable) : [] }

  /// Weights `fit` leaves alone.
  public var nonTrainableVariables: [Variable] { trainable ? variables.filter { !$0.trainable } : variables }

  /// Total scalars in the weights.
  public func countParams() -> Int { variables.reduce(0) { $0 + $1.count } }

  /// Copies of the weights (`get_weights()`).
  public func getWeights() throws -> [Tensor] { try variables.map { try $0.numpy() } }

  /// Replaces the weights, checking count and shapes as Keras does (`set_weights()`).
  public func setWeights(_ weights: [Tensor]) throws {
    let vars = variables
    guard weights.count == vars.count else {
      throw NNError.value(
        "You called `set_weights(weights)` on layer \"\(name)\" with a weight list of length \(weights.count), "
          + "but the layer was expecting \(vars.count) weights.",
        hint: isBuilt ? nil : "the layer is not built yet: call the model on data or give input_shape first")
    }
    for (v, w) in zip(vars, weights) where v.shape != w.shape {
      throw NNError.value(
        "Layer \(name) weight shape \(formatShape(v.shape)) is not compatible with provided weight shape "
          + "\(formatShape(w.shape)).")
    }
    for (v, w) in zip(vars, weights) { try v.assign(w) }
  }

  // MARK: Shapes and build

  /// The per-sample output shape for a per-sample input shape; throws when incompatible.
  func computeOutputShape(_ input: [Int]) throws -> [Int] { input }

  /// Creates weights for `input` (per-sample) and records the shapes. Layers with weights
  /// override ``createWeights(for:)``.
  func build(_ input: [Int]) throws {
    if isBuilt, let inputShape {
      guard inputShape == input else { throw incompatibleInput(input, expected: inputShape) }
      return
    }
    let out = try computeOutputShape(input)
    try createWeights(for: input)
    inputShape = input
    outputShape = out
    isBuilt = true
  }

  func createWeights(for input: [Int]) throws {}

  /// The output shape of a layer that keeps its input's shape: the input itself, once it
  /// matches the declared `input_shape` if one was given.
  func shapePreservingOutput(_ input: [Int]) throws -> [Int] {
    if let declared = declaredInputShape, declared != input {
      throw incompatibleInput(input, expected: declared)
    }
    return input
  }

  /// The error for data whose shape does not fit the built layer, with the usual fix.
  func incompatibleInput(_ got: [Int], expected: [Int]) -> NNError {
    var hint = "reshape the data to \(formatBatchShape(expected))"
    if got.count > expected.count, expected.count == 1, got.reduce(1, *) == expected[0] {
      hint = "add Flatten() before this layer or reshape the data to \(formatBatchShape(expected))"
    } else if got.count == 1, expected.count > 1, expected.reduce(1, *) == got[0] {
      hint =
        "reshape the data to \(formatBatchShape(expected)), or build the model with input_shape=\(formatShape(got))"
    }
    return NNError.value(
      "\(className) layer \"\(name)\" expected input of shape \(formatBatchShape(expected)) but got "
        + "\(formatBatchShape(got))", hint: hint)
  }

  // MARK: Execution

  /// Per-sample element counts once built.
  var inputCount: Int { (inputShape ?? []).reduce(1, *) }
  var outputCount: Int { (outputShape ?? []).reduce(1, *) }

  /// Reserves buffers for batches of up to `maxBatch` samples.
  func prepare(maxBatch: Int) throws {}

  /// Computes the outputs of `batch` samples at `x`; returns a pointer valid until the next
  /// forward call (may be `x` itself for layers that do not change values).
  func forward(_ x: UnsafeMutablePointer<Float>, batch: Int, training: Bool) -> UnsafeMutablePointer<Float> {
    x
  }

  /// Back-propagates `dy` (gradient of the loss w.r.t. this layer's outputs, overwritten
  /// freely), accumulating weight gradients; returns the gradient w.r.t. the inputs when asked.
  /// With `gradientIsPreActivation` the loss already folded in the output activation.
  func backward(
    _ dy: UnsafeMutablePointer<Float>, batch: Int, needInputGradient: Bool, gradientIsPreActivation: Bool
  ) -> UnsafeMutablePointer<Float>? { dy }

  /// The layer's own random stream (Dropout's masks, GaussianNoise's noise), so a gradient
  /// tape can replay a call with the same draws; `nil` for layers without one, or before the
  /// first draw (the stream is then seeded from the session's generator).
  var randomStream: FastRandom? {
    get { nil }
    set {}
  }

  /// The activation that produced this layer's output and the pointer to its inputs (the
  /// logits), so crossentropy losses can work from logits as TensorFlow's Keras does.
  var outputActivation: (ActivationFunction, UnsafeMutablePointer<Float>?)? { nil }
}
