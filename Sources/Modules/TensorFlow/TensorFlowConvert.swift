import Script
import Tensors

/// TensorFlow's conversion rules, which differ from NumPy's: Python ints become int32 and
/// floats float32 (NumPy: int64, float64); NumPy arrays keep their dtype; an operand of an
/// arithmetic operator is converted to the tensor's dtype instead of promoting.
enum TensorFlowConvert {
  /// The name TensorFlow's kernels use for a dtype in messages (`float` for float32).
  static func kernelTypeName(_ dtype: DType) -> String {
    switch dtype {
    case .float32: return "float"
    case .float64: return "double"
    default: return dtype.name
    }
  }

  /// TensorFlow's error for operands of different dtypes.
  static func inputTypeError(op: String, input: Int, expected: DType, got: String) -> ScriptError {
    ScriptError(
      "InvalidArgumentError",
      "cannot compute \(op) as input #\(input)(zero-based) was expected to be a \(kernelTypeName(expected)) "
        + "tensor but is a \(got) tensor [Op:\(op)] name: ",
      hint: "TensorFlow does not promote dtypes: convert one side with tf.cast(x, tf.\(expected.name))")
  }

  /// Whether `v` is a tensor already (a tf.Tensor or a NumPy array), as opposed to Python data.
  private static func isArray(_ v: Value) -> Bool {
    if case .object(is TensorBacked) = v { return true }
    return false
  }

  /// `tf.convert_to_tensor(v)` without a dtype: Python data as int32 / float32 / bool (int64
  /// when an integer does not fit in int32), arrays and tensors as they are.
  static func natural(_ v: Value) throws -> Tensor {
    let t = try Convert.tensor(v)
    if isArray(v) { return t }
    switch t.dtype {
    case .float64: return try Convert.tensors { try t.astype(.float32) }
    case .int64:
      let values = try Convert.tensors { try t.toArray(Int64.self) }
      if values.allSatisfy({ $0 >= Int64(Int32.min) && $0 <= Int64(Int32.max) }) {
        return try Convert.tensors { try t.astype(.int32) }
      }
      return t
    default: return t
    }
  }

  /// `tf.constant(v, dtype)` / `tf.convert_to_tensor(v, dtype)`.
  static func tensor(_ v: Value, dtype: DType?) throws -> Tensor {
    guard let dtype else { return try natural(v) }
    // Python data converts straight to the requested dtype: `tf.constant(0.1, tf.float64)`
    // is the double 0.1, not the float32 0.1 widened.
    let t = isArray(v) ? try natural(v) : try Convert.tensor(v)
    guard dtype != t.dtype else { return t }
    if case .object(let e as EagerTensorObject) = v {
      throw ScriptError(
        .valueError,
        "Tensor conversion requested dtype \(dtype.name) for Tensor with dtype \(e.tensor.dtype.name)",
        hint: "use tf.cast(x, tf.\(dtype.name)) to change a tensor's dtype")
    }
    if !isArray(v) && t.dtype.isFloatingPoint && !dtype.isFloatingPoint {
      let exact = try Convert.tensors { try t.astype(.float64).toDoubles() }.allSatisfy {
        $0 == $0.rounded(.towardZero)
      }
      if !exact {
        throw ScriptError(
          .typeError, "Cannot convert \(Script.reprValue(v)) to EagerTensor of dtype \(dtype.name)",
          hint: "round first, or use tf.cast(x, tf.\(dtype.name)) to truncate")
      }
    }
    return try Convert.tensors { try t.astype(dtype) }
  }

  enum Operand {
    case tensor(Tensor)
    /// The operand cannot take the tensor's dtype; the payload is its kernel type name.
    case mismatch(String)
  }

  /// The other operand of `tensor op other`, converted to `like`'s dtype where TensorFlow
  /// converts it. Nil when `other` is not tensor-like (the operator is not implemented).
  static func operand(_ other: Value, like: Tensor) throws -> Operand? {
    let t: Tensor
    switch other {
    case .object(let e as EagerTensorObject):
      return e.tensor.dtype == like.dtype ? .tensor(e.tensor) : .mismatch(kernelTypeName(e.tensor.dtype))
    case .object(is TensorBacked), .int, .float, .bool, .list, .tuple, .range:
      t = try natural(other)
    default:
      return nil
    }
    if t.dtype == like.dtype { return .tensor(t) }
    let target = like.dtype
    let allowed: Bool
    switch (t.dtype.isFloatingPoint, target.isFloatingPoint) {
    case (_, true): allowed = t.dtype != .bool
    case (false, false): allowed = (t.dtype == .bool) == (target == .bool)
    case (true, false): allowed = false
    }
    guard allowed else { return .mismatch(kernelTypeName(t.dtype)) }
    return .tensor(try Convert.tensors { try t.astype(target) })
  }

  /// Wraps a result as a tf.Tensor.
  static func value(_ t: Tensor) -> Value { .object(EagerTensorObject(t)) }
}
