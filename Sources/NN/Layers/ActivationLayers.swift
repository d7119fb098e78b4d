/// `Activation(fn)`: applies an activation function as its own layer.
public class Activation: Layer {
  public let activation: ActivationFunction
  private let y: FloatBuffer
  private var savedInput: UnsafeMutablePointer<Float>?

  public init(_ activation: ActivationFunction, inputShape: [Int]? = nil, name: String? = nil) throws {
    self.activation = activation
    y = try FloatBuffer()
    super.init(name: name, defaultName: Self.defaultName, inputShape: inputShape)
  }

  /// With the function by name: `Activation("relu")`.
  public convenience init(_ name: String, inputShape: [Int]? = nil, layerName: String? = nil) throws {
    try self.init(try Activations.named(name), inputShape: inputShape, name: layerName)
  }

  class var defaultName: String { "activation" }

  public override var isBuiltAtCreation: Bool { true }

  public override var className: String { "Activation" }

  override func computeOutputShape(_ input: [Int]) throws -> [Int] { try shapePreservingOutput(input) }

  override func prepare(maxBatch: Int) throws { try y.reserve(try checkedProduct(maxBatch, outputCount)) }

  private var rowLength: Int { max(outputShape?.last ?? 1, 1) }

  override func forward(_ x: UnsafeMutablePointer<Float>, batch: Int, training: Bool) -> UnsafeMutablePointer<
    Float
  > {
    savedInput = x
    let n = batch * outputCount
    y.pointer.update(from: x, count: n)
    if activation == .softmax {
      Kernels.softmaxRows(y.pointer, rows: n / rowLength, cols: rowLength)
    } else {
      Kernels.activate(activation, y.pointer, count: n)
    }
    return y.pointer
  }

  override func backward(
    _ dy: UnsafeMutablePointer<Float>, batch: Int, needInputGradient: Bool, gradientIsPreActivation: Bool
  ) -> UnsafeMutablePointer<Float>? {
    if gradientIsPreActivation { return dy }
    Kernels.activationBackward(
      activation, dy: dy, y: y.pointer, z: savedInput, count: batch * outputCount, cols: rowLength)
    return dy
  }

  override var outputActivation: (ActivationFunction, UnsafeMutablePointer<Float>?)? {
    (activation, savedInput)
  }
}

/// `Softmax(axis=-1)`: softmax over the last axis as a layer.
public final class Softmax: Activation {
  public init(axis: Int = -1, inputShape: [Int]? = nil, name: String? = nil) throws {
    guard axis == -1 else {
      throw NNError(.notImplementedError, "Softmax over axis \(axis) is not supported; only axis=-1")
    }
    try super.init(.softmax, inputShape: inputShape, name: name)
  }

  override class var defaultName: String { "softmax" }
  public override var className: String { "Softmax" }
}

/// `ReLU(max_value=None, negative_slope=0.0, threshold=0.0)` as a layer.
public final class ReLU: Activation {
  /// The arguments as given (Python floats, for `get_config()`); the pass uses float32 copies.
  public let maxValue: Double?
  public let negativeSlope: Double
  public let threshold: Double

  public init(
    maxValue: Double? = nil, negativeSlope: Double = 0, threshold: Double = 0, inputShape: [Int]? = nil,
    name: String? = nil
  ) throws {
    if let m = maxValue, m < 0 {
      throw NNError.value("max_value of a ReLU layer cannot be a negative value. Received: \(m)")
    }
    if negativeSlope < 0 {
      throw NNError.value(
        "negative_slope of a ReLU layer cannot be a negative value. Received: \(negativeSlope)")
    }
    self.maxValue = maxValue
    self.negativeSlope = negativeSlope
    self.threshold = threshold
    let f: ActivationFunction =
      maxValue == nil && negativeSlope == 0 && threshold == 0
      ? .relu
      : .generalRelu(
        negativeSlope: Float(negativeSlope), maxValue: maxValue.map { Float($0) }, threshold: Float(threshold)
      )
    try super.init(f, inputShape: inputShape, name: name)
  }

  override class var defaultName: String { "re_lu" }
  public override var className: String { "ReLU" }
}

/// `LeakyReLU(negative_slope=0.3)`: `x` for positive inputs, `negative_slope · x` below zero.
/// The layer's default slope (0.3) is not the `leaky_relu` function's (0.2), as in Keras.
public final class LeakyReLU: Activation {
  public let negativeSlope: Double

  public init(negativeSlope: Double = 0.3, inputShape: [Int]? = nil, name: String? = nil) throws {
    guard negativeSlope.isFinite, negativeSlope >= 0 else {
      throw NNError.value(
        "The negative_slope value of a Leaky ReLU layer cannot be None or negative value. Expected a float. "
          + "Received: negative_slope=\(pythonFloat(negativeSlope))")
    }
    self.negativeSlope = negativeSlope
    try super.init(.leakyRelu(negativeSlope: Float(negativeSlope)), inputShape: inputShape, name: name)
  }

  override class var defaultName: String { "leaky_re_lu" }
  public override var className: String { "LeakyReLU" }
}

/// `ELU(alpha=1.0)`: `x` for positive inputs, `alpha · (exp(x) - 1)` below zero.
public final class ELU: Activation {
  public let alpha: Double

  public init(alpha: Double = 1.0, inputShape: [Int]? = nil, name: String? = nil) throws {
    guard alpha.isFinite else { throw NNError.value("ELU alpha must be a number. Received: alpha=\(alpha)") }
    self.alpha = alpha
    try super.init(.elu(alpha: Float(alpha)), inputShape: inputShape, name: name)
  }

  override class var defaultName: String { "elu" }
  public override var className: String { "ELU" }
}
