import Tensors

/// `Flatten()`: each sample's axes collapsed into one, `(None, 28, 28)` → `(None, 784)`.
/// Row-major data needs no copy, so the pass is free.
public final class Flatten: Layer {
  public init(inputShape: [Int]? = nil, name: String? = nil) {
    super.init(name: name, defaultName: "flatten", inputShape: inputShape)
  }

  public override var className: String { "Flatten" }

  override func computeOutputShape(_ input: [Int]) throws -> [Int] {
    if let declared = declaredInputShape, declared != input {
      throw incompatibleInput(input, expected: declared)
    }
    return [input.reduce(1, *)]
  }
}

/// `keras.Input(shape=(784,))` / `InputLayer`: declares the per-sample input shape. Keras 3
/// leaves it out of a Sequential's `layers` and `summary()`, and lists it first in a
/// functional model's. Built from the start, as in Keras.
public final class InputLayer: Layer {
  public let shape: [Int]
  /// The name of the KerasTensor this layer made (`keras.Input` returns it): the layer's
  /// own name when one was given, else `keras_tensor`, `keras_tensor_1`, … Set by the bindings.
  public var tensorName: String?

  public init(shape: [Int], name: String? = nil) throws {
    if shape.contains(where: { $0 <= 0 }) {
      throw NNError.value(
        "Invalid shape \(formatShape(shape)) for Input: every dimension must be a positive integer")
    }
    self.shape = shape
    super.init(name: name, defaultName: "input_layer", inputShape: shape)
    inputShape = shape
    outputShape = shape
    isBuilt = true
  }

  public override var className: String { "InputLayer" }

  override func computeOutputShape(_ input: [Int]) throws -> [Int] {
    if input != shape { throw incompatibleInput(input, expected: shape) }
    return input
  }
}
