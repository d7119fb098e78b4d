import NN
import Script
import Tensors

/// An optimizer's scalar state as Keras 3 exposes it: `optimizer.learning_rate` (float32) and
/// `optimizer.iterations` (int64) are Keras Variables, shown as
/// `<Variable path=adam/learning_rate, shape=(), dtype=float32, value=0.0010000000474974513>`.
/// They read the optimizer live, convert with `float()`/`int()`, give tf.Tensors in arithmetic
/// and comparisons, and `assign`/`assign_add`/`assign_sub` write into the optimizer.
final class OptimizerVariableObject: HostObject, TensorBacked {
  enum Kind {
    case learningRate
    case iterations
  }

  let optimizer: Optimizer
  let kind: Kind
  init(_ optimizer: Optimizer, _ kind: Kind) {
    self.optimizer = optimizer
    self.kind = kind
  }

  /// Keras's name for the variable (`iteration`, singular, as Keras names it).
  var name: String { kind == .learningRate ? "learning_rate" : "iteration" }
  var path: String { "\(optimizer.name)/\(name)" }
  var dtypeName: String { kind == .learningRate ? "float32" : "int64" }

  var tensor: Tensor {
    switch kind {
    case .learningRate: return Tensor(scalar: optimizer.learningRate, isScalar: false)
    case .iterations: return Tensor(scalar: Int64(optimizer.iterations), isScalar: false)
    }
  }

  var typeName: String { "Variable" }
  var qualifiedTypeName: String { "keras.src.backend.Variable" }

  /// The value as Keras's repr shows it: the float32 widened to a Python float.
  private var valueText: String {
    switch kind {
    case .learningRate: return reprValue(.float(Double(optimizer.learningRate)))
    case .iterations: return String(optimizer.iterations)
    }
  }

  func repr() -> String { "<Variable path=\(path), shape=(), dtype=\(dtypeName), value=\(valueText)>" }

  var documentation: String? { "Keras Variable \(path): the optimizer's \(name), a \(dtypeName) scalar" }

  // MARK: Values

  func binaryOperation(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
    try EagerTensorObject(tensor).binaryOperation(op, other, reflected: reflected)
  }

  func unaryOperation(_ op: UnaryOperator) throws -> Value? {
    try EagerTensorObject(tensor).unaryOperation(op)
  }

  func truthValue() throws -> Bool { try EagerTensorObject(tensor).truthValue() }

  func scalarValue() throws -> Value? { try EagerTensorObject(tensor).scalarValue() }

  // MARK: Attributes

  var attributeNames: [String] {
    ["assign", "assign_add", "assign_sub", "dtype", "name", "ndim", "numpy", "path", "shape", "trainable"]
  }

  func getAttribute(_ attribute: String) throws -> Value? {
    switch attribute {
    case "name": return .str(name)
    case "path": return .str(path)
    case "shape": return .object(TensorShapeObject([]))
    case "ndim": return .int(0)
    case "dtype": return .str(dtypeName)
    case "trainable": return .bool(false)
    case "numpy":
      // A NumPy scalar (np.float32 / np.int64), as a 0-d TensorFlow tensor's numpy() gives.
      return .builtin(
        BuiltinFunction("numpy", signature: "") { [self] _, _ in
          var t = tensor
          t.isScalar = true
          return Convert.value(t)
        })
    case "assign", "assign_add", "assign_sub":
      return .builtin(
        BuiltinFunction(attribute, signature: "value") { [self] a, _ in
          try assign(a["value"], operation: attribute)
          return .object(self)
        })
    default: return nil
    }
  }

  /// `assign(value)`, `assign_add(delta)` or `assign_sub(delta)`: the result is cast to the
  /// variable's dtype (a float learning rate to float32, iterations to int64).
  private func assign(_ value: Value, operation: String) throws {
    let given = try Convert.tensor(value)
    guard given.count == 1 else {
      throw ScriptError(
        .valueError,
        "The shape of the target variable and the shape of the target value in `variable.assign(value)` must match. "
          + "variable.shape=(), Received: value.shape=\(formatShape(given.shape)). Target variable: \(repr())"
      )
    }
    var result = given
    if operation != "assign" {
      let op: BinaryOp = operation == "assign_add" ? .add : .subtract
      result = try Convert.tensors { try Tensor.binary(op, .tensor(tensor), .tensor(given)) }
    }
    let number = result.toDoubles().first ?? 0
    switch kind {
    case .learningRate:
      if optimizer.schedule != nil { throw ScriptError(.typeError, Optimizer.scheduledRateNotSettable) }
      optimizer.learningRate = Float(number)
    case .iterations:
      guard number.isFinite, number >= 0, number < 9.2e18 else {
        throw ScriptError(
          .valueError, "iterations must be a non-negative integer. Received: \(reprValue(value))")
      }
      optimizer.iterations = Int(number)
    }
  }
}
