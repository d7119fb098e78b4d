import Synchronization
import Tensors

/// `keras.Sequential`: a stack of layers, each feeding the next. It is also a layer, so a
/// model can sit inside another (`Sequential([model, Softmax()])`). Built as soon as the input
/// shape is known (an `Input`, or `input_shape=` on the first layer), otherwise on first use.
public class Sequential: Layer {
  /// The layers in order (Keras 3 leaves the `Input` out).
  public private(set) var layers: [Layer] = []
  /// The per-sample input shape from `Input(shape)` or the first layer's `input_shape`.
  private var declaredShape: [Int]?
  /// The name of the model's `InputLayer`, which Keras keeps at the head of its layer list (and
  /// in `get_config()`): the `Input`'s own name, or an auto-name (`input_layer`, `input_layer_1`,
  /// …) taken from the session when the model is built from a shape. `nil` until then.
  public internal(set) var inputLayerName: String?
  /// The name of the KerasTensor the model's symbolic trace starts from: the `Input`'s, or
  /// the one the trace made when the model was built from a shape. `nil` until built.
  public private(set) var tracedInputName: String?
  /// The `Input` the model was given, or the one made for its trace (see ``symbolicInput``).
  private var tracedInputLayer: InputLayer?

  // Compile state.
  public internal(set) var optimizer: Optimizer?
  public internal(set) var loss: Loss?
  public internal(set) var compiledMetrics: [Metric] = []
  /// `compile(weighted_metrics=...)`: metrics that, unlike `compiledMetrics`, take the sample
  /// weights (`sample_weight=`, `class_weight=`) into account.
  public internal(set) var weightedMetrics: [Metric] = []
  /// `compile(loss_weights=...)` for the single output: the factor on the loss. Defaults to 1.
  public internal(set) var lossWeight: Float = 1
  let lossTracker = MeanTracker(name: "loss")
  /// Set by callbacks (EarlyStopping, TerminateOnNaN) to end `fit` after the current epoch.
  public var stopTraining = false
  /// The History of the last `fit`.
  public internal(set) var history: History?

  // Execution cache, refreshed by `prepare`.
  var needInputGradient: [Bool] = []
  var preparedBatch = 0

  /// Whether building prefixes the new variables' paths with this model's name (Keras's name
  /// scope). Off for the one-layer wrapper that runs `layer(x)`, whose weights are the
  /// layer's own (`dense/kernel`). Defaults to `true`.
  public var scopesVariablePaths = true

  /// `Sequential(layers=None, name=None)`.
  public init(_ layers: [Layer] = [], name: String? = nil) throws {
    super.init(name: name, defaultName: "sequential", inputShape: nil)
    // Keras adds the constructor's layers, then builds once.
    tracingDeferred = true
    defer { tracingDeferred = false }
    for l in layers { try add(l) }
    tracingDeferred = false
    if isBuilt { takeTracingNames(creatingInput: !layers.contains { $0 is InputLayer }) }
  }

  /// While the constructor adds its layers (see ``takeTracingNames(creatingInput:)``).
  private var tracingDeferred = false

  /// Keras 3 builds a Sequential by tracing a Functional model through it, each time it is
  /// (re)built with layers: that takes an auto-name (`functional`, `functional_1`, …) and one
  /// KerasTensor name per layer output, plus one for an input it creates. Taking the same
  /// names keeps later `keras.Model(...)` and `keras.Input(...)` names as in Keras.
  /// The names are kept: `model.inputs`, `model.outputs` and each layer's `output` show them.
  private func takeTracingNames(creatingInput: Bool) {
    guard scopesVariablePaths, className == "Sequential", !layers.isEmpty else { return }
    let session = NNSession.current
    _ = session.uniqueName("functional")
    if creatingInput {
      tracedInputName = session.uniqueName("keras_tensor")
      tracedInputLayer = nil
    }
    for l in layers {
      l.tracedOutputName = session.uniqueName("keras_tensor")
      l.tracingModel = self
    }
  }

  /// The `InputLayer` at the head of the model's trace, once built: the `Input` it was given,
  /// or one made (with ``inputLayerName``) for a model built from a shape.
  public var symbolicInput: InputLayer? {
    if let tracedInputLayer { return tracedInputLayer }
    guard isBuilt, tracedInputName != nil, let shape = inputShape,
      let made = try? InputLayer(shape: shape, name: inputLayerName ?? name)
    else { return nil }
    tracedInputLayer = made
    return made
  }

  /// Marks `layers` as traced by this model (a functional model, whose names the bindings
  /// took when its layers were called on KerasTensors), starting from `input`.
  func adoptTrace(input: InputLayer) {
    tracedInputLayer = input
    tracedInputName = input.tensorName
    for l in layers { l.tracingModel = self }
  }

  /// For subclasses with another auto-name (`functional`).
  init(defaultName: String, name: String?) {
    super.init(name: name, defaultName: defaultName, inputShape: nil)
  }

  public override var className: String { "Sequential" }

  public override var variables: [Variable] {
    var seen = Set<ObjectIdentifier>()
    var out: [Variable] = []
    for l in layers {
      for v in l.variables where seen.insert(ObjectIdentifier(v)).inserted { out.append(v) }
    }
    return out
  }

  /// Trainable weights of every layer whose `trainable` is on (and this model's).
  /// `data` plus every trainable weight's penalty, added one after another in weight order as
  /// Keras sums its losses. `data` alone when no weight has a regularizer.
  func addingRegularization(to data: Float) -> Float {
    var total = data
    for v in trainableWeights {
      guard let r = v.regularizer else { continue }
      total += r.penalty(UnsafePointer(v.pointer), count: v.count)
    }
    return total
  }

  /// Adds the penalties' gradients to the weights' gradient buffers (after `backward`).
  func addRegularizationGradients(_ variables: [Variable]) {
    for v in variables {
      guard let r = v.regularizer else { continue }
      r.addGradient(UnsafePointer(v.pointer), into: v.gradient.pointer, count: v.count)
    }
  }

  public var trainableWeights: [Variable] {
    guard trainable else { return [] }
    var out: [Variable] = []
    for l in layers {
      if let s = l as? Sequential { out += s.trainableWeights } else { out += l.trainableVariables }
    }
    return out
  }

  /// `model.add(layer)`: appends, building it at once when the input shape is known.
  public func add(_ layer: Layer) throws {
    if layer === self { throw NNError.value("Cannot add a Sequential model to itself") }
    if let input = layer as? InputLayer {
      guard layers.isEmpty, declaredShape == nil else {
        throw NNError.value(
          "Sequential model '\(name)' has already been configured to use an input shape; an Input must be the "
            + "first layer.",
          hint: "put keras.Input(shape=...) first, or give input_shape to the first layer only")
      }
      declaredShape = input.shape
      inputLayerName = input.name
      tracedInputLayer = input
      tracedInputName = input.tensorName
      try buildIfPossible()
      return
    }
    if layers.contains(where: { $0.name == layer.name }) {
      throw NNError.value(
        "All layers added to a Sequential model should have unique names. Name '\(layer.name)' is already the name "
          + "of a layer in this model. Update the `name` argument to pass a unique name.")
    }
    if layers.isEmpty, declaredShape == nil {
      if let s = layer.declaredInputShape {
        declaredShape = s
      } else if layer.isBuilt, let s = layer.inputShape {
        declaredShape = s
      }
    }
    layers.append(layer)
    do { try buildIfPossible() } catch {
      layers.removeLast()
      throw error
    }
  }

  /// `model.pop()`: removes the last layer.
  @discardableResult
  public func pop() throws -> Layer {
    guard let last = layers.popLast() else {
      throw NNError.type("There are no layers in the model.")
    }
    if isBuilt, let input = inputShape {
      isBuilt = false
      try build(input)
    }
    return last
  }

  private func buildIfPossible() throws {
    if let s = declaredShape {
      isBuilt = false
      try build(s)
    }
  }

  /// Builds every layer in turn from a per-sample input shape.
  override func build(_ input: [Int]) throws {
    if isBuilt, let have = inputShape, have == input { return }
    if isBuilt, let have = inputShape {
      throw (layers.first ?? self).incompatibleInput(input, expected: have)
    }
    // Keras puts an InputLayer in front when it builds from a shape; the one-layer wrapper
    // that runs `layer(x)` is no Keras model and takes no name.
    if !tracingDeferred { takeTracingNames(creatingInput: inputLayerName == nil) }
    if inputLayerName == nil, scopesVariablePaths {
      inputLayerName = NNSession.current.uniqueName("input_layer")
    }
    var s = input
    for l in layers {
      let wasBuilt = l.isBuilt
      try l.build(s)
      if !wasBuilt && scopesVariablePaths && !(l is Sequential) {
        // Keras names a variable by the scopes it was created in: `sequential/dense/kernel`.
        for v in l.variables { v.path = "\(name)/\(l.name)/\(v.name)" }
      }
      s = l.outputShape ?? s
    }
    inputShape = input
    outputShape = s
    isBuilt = true
  }

  override func computeOutputShape(_ input: [Int]) throws -> [Int] {
    var s = input
    for l in layers { s = try l.computeOutputShape(s) }
    return s
  }

  /// Builds the model for data with per-sample shape `input` (`model.build((None, 784))`
  /// passes `[784]`), or checks the data against the built shape with a teaching error.
  public func build(inputShape input: [Int]) throws {
    guard !layers.isEmpty else {
      throw NNError.value(
        "Sequential model \(name) cannot be built because it has no layers. Call `model.add(layer)`.")
    }
    if isBuilt, let have = inputShape, have != input {
      throw (layers.first ?? self).incompatibleInput(input, expected: have)
    }
    try build(input)
  }

  /// Weights in layer order (kernel, bias of each `Dense`).
  public override func getWeights() throws -> [Tensor] { try variables.map { try $0.numpy() } }

  public override func setWeights(_ weights: [Tensor]) throws {
    let vars = variables
    guard weights.count == vars.count else {
      throw NNError.value(
        "You called `set_weights(weights)` on layer \"\(name)\" with a weight list of length \(weights.count), but "
          + "the layer was expecting \(vars.count) weights.",
        hint: isBuilt ? nil : "the model is not built yet: give it an input shape or call it on data first")
    }
    for (v, w) in zip(vars, weights) where v.shape != w.shape {
      throw NNError.value(
        "Layer \(v.path.split(separator: "/").dropLast().last.map(String.init) ?? name) weight shape \(formatShape(v.shape)) "
          + "is not compatible with provided weight shape \(formatShape(w.shape)).")
    }
    for (v, w) in zip(vars, weights) { try v.assign(w) }
  }

  /// `model.get_layer(name)`.
  public func layer(named n: String) throws -> Layer {
    if let l = layers.first(where: { $0.name == n }) { return l }
    throw NNError.value(
      "No such layer: \(n). Existing layers are: \(layers.map(\.name)).",
      hint: NameLookup.closest(n, in: layers.map(\.name)).map { "Did you mean '\($0)'?" })
  }

  // MARK: Execution

  override func prepare(maxBatch: Int) throws {
    for l in layers { try l.prepare(maxBatch: maxBatch) }
    var need: [Bool] = []
    var anyTrainableBefore = false
    for l in layers {
      need.append(anyTrainableBefore)
      if !l.trainableVariables.isEmpty || (l as? Sequential).map({ !$0.trainableWeights.isEmpty }) ?? false {
        anyTrainableBefore = true
      }
    }
    needInputGradient = need
    preparedBatch = maxBatch
  }

  override func forward(_ x: UnsafeMutablePointer<Float>, batch: Int, training: Bool) -> UnsafeMutablePointer<
    Float
  > {
    ForwardPasses.count.add(1, ordering: .relaxed)
    var p = x
    for l in layers { p = l.forward(p, batch: batch, training: training) }
    return p
  }

  override func backward(
    _ dy: UnsafeMutablePointer<Float>, batch: Int, needInputGradient needInput: Bool,
    gradientIsPreActivation: Bool
  ) -> UnsafeMutablePointer<Float>? {
    var g: UnsafeMutablePointer<Float>? = dy
    var i = layers.count - 1
    while i >= 0, let d = g {
      let need = needInput || (i < needInputGradient.count ? needInputGradient[i] : true)
      g = layers[i].backward(
        d, batch: batch, needInputGradient: need,
        gradientIsPreActivation: gradientIsPreActivation && i == layers.count - 1)
      i -= 1
    }
    return g
  }

  override var outputActivation: (ActivationFunction, UnsafeMutablePointer<Float>?)? {
    layers.last?.outputActivation
  }
}
