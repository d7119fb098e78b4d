import Tensors

/// A trainable weight (`kernel`, `bias`): a float32 tensor the layer owns, plus its
/// gradient buffer. Keras's `keras.Variable`.
public final class Variable {
  /// Keras's short name: `kernel`, `bias`.
  public let name: String
  /// The owning layer's name, for messages (`dense/kernel`).
  public internal(set) var path: String
  public let shape: [Int]
  /// The values; float32, contiguous, never shared with user tensors.
  let value: Tensor
  let gradient: FloatBuffer
  public var trainable: Bool = true
  /// The penalty this weight adds to the loss while it is trainable (Keras keeps it on the
  /// variable too). Defaults to `nil`.
  public var regularizer: Regularizer?

  init(name: String, path: String, shape: [Int], initializer: Initializer) throws {
    self.name = name
    self.path = path
    self.shape = shape
    value = try initializer(shape)
    gradient = try FloatBuffer(capacity: value.count)
  }

  /// `keras.Variable(initial_value, name=...)`: a standalone float32 variable holding a copy.
  public init(_ initialValue: Tensor, name: String = "variable") throws {
    self.name = name
    self.path = name
    self.shape = initialValue.shape
    value = try initialValue.astype(.float32)
    gradient = try FloatBuffer(capacity: value.count)
  }

  /// Number of scalars.
  public var count: Int { value.count }

  var pointer: UnsafeMutablePointer<Float> { value.floatPointer }

  /// A copy of the values (`variable.numpy()`).
  public func numpy() throws -> Tensor { try value.copy() }

  /// Replaces the values from a tensor of the same shape (any numeric dtype).
  public func assign(_ t: Tensor) throws {
    guard t.shape == shape else {
      throw NNError.value(
        "The shape of the target variable and the shape of the target value in `variable.assign(value)` must match. "
          + "variable.shape=\(formatShape(shape)), Received: value.shape=\(formatShape(t.shape)). Target variable: \(path)"
      )
    }
    let f = try t.float32Contiguous()
    if count > 0 { pointer.update(from: f.floatPointer, count: count) }
  }
}
