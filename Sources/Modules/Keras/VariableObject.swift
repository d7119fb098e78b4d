import NN
import Script
import Tensors

/// A Keras 3 variable in the script: `layer.kernel`, `model.weights[0]`. Shows its live
/// values as Keras does (`<Variable path=sequential/dense/kernel, shape=(3, 2),
/// dtype=float32, value=[[…]]>`); arithmetic and indexing give tf.Tensors, NumPy functions
/// read it as an array, and `assign` writes into the model.
final class VariableObject: HostObject, TensorBacked, TapeTraced {
  let variable: Variable
  init(_ variable: Variable) { self.variable = variable }
  /// `model.weights[0] is model.layers[0].kernel`: wrappers of one variable are one object.
  var identity: AnyObject { variable }

  var tapeKey: Int? { variable.tapeKey }
  var isWatchedWhenRead: Bool { variable.trainable && variable.dtype.isFloatingPoint }
  var tracedType: (shape: [Int], dtype: DType) { (variable.shape, variable.dtype) }

  /// A copy of the current values.
  var tensor: Tensor {
    (try? variable.numpy()) ?? Tensor(scalar: Float(0), isScalar: false)
  }

  var typeName: String { "Variable" }
  var qualifiedTypeName: String { "keras.src.backend.Variable" }

  func repr() -> String {
    let t = tensor
    var shown = t.str
    // Keras shows a scalar variable's value as a Python number (`value=2.722222328186035`).
    if variable.shape.isEmpty, t.count == 1 {
      if t.dtype == .int64, let v = try? t.toArray(Int64.self).first {
        shown = String(v)
      } else if let v = try? t.toArray(Float.self).first {
        shown = pythonFloat(Double(v))
      }
    }
    return
      "<Variable path=\(variable.path), shape=\(formatShape(variable.shape)), dtype=\(variable.dtype.name), "
      + "value=\(shown)>"
  }

  var documentation: String? {
    "Keras Variable \(variable.path) of shape \(formatShape(variable.shape)) and dtype \(variable.dtype.name)"
  }

  // MARK: Values

  func binaryOperation(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
    // Keras's ops promote as NumPy does; the result is a backend tensor.
    let mine = tensor
    guard let result = try TensorObject(mine).binaryOperation(op, other, reflected: reflected) else {
      return nil
    }
    guard case .object(let t as TensorBacked) = result else { return result }
    let out = t.tensor
    let inputs = reflected ? [other, .object(self)] : [.object(self), other]
    return TapeRecording.output(out, inputs: inputs) { g in
      let theirs = try Convert.tensor(other)
      let (x, y) = reflected ? (theirs, mine) : (mine, theirs)
      if op == .matrixMultiply {
        let (dx, dy) = try GradientRules.matmul(x, y, g)
        return [dx, dy]
      }
      guard let rule = VariableObject.differentiable[op] else { return [nil, nil] }
      let (dx, dy) = try GradientRules.binary(rule, x, y, out: out, g)
      return [dx, dy]
    }
  }

  /// The operators a tape differentiates, as element-wise operations.
  private static let differentiable: [BinaryOperator: BinaryOp] = [
    .add: .add, .subtract: .subtract, .multiply: .multiply, .divide: .trueDivide, .power: .power,
  ]

  func unaryOperation(_ op: UnaryOperator) throws -> Value? {
    try EagerTensorObject.unary(op, tensor, .object(self))
  }

  func getItem(_ index: Value) throws -> Value? { try EagerTensorObject.item(tensor, .object(self), index) }

  func setItem(_ index: Value, _ value: Value) throws -> Bool {
    throw ScriptError(
      .typeError, "'Variable' object does not support item assignment",
      hint: "change a copy and write it back: w = v.numpy(); w[...] = ...; v.assign(w)")
  }

  func length() throws -> Int? {
    guard let first = variable.shape.first else { throw ScriptError(.typeError, "len() of unsized object") }
    return first
  }

  func makeIterator() throws -> (() throws -> Value?)? { try EagerTensorObject(tensor).makeIterator() }

  func truthValue() throws -> Bool { try EagerTensorObject(tensor).truthValue() }

  func scalarValue() throws -> Value? { try EagerTensorObject(tensor).scalarValue() }

  // MARK: Attributes

  var attributeNames: [String] {
    ["assign", "assign_add", "assign_sub", "dtype", "name", "ndim", "numpy", "path", "shape", "trainable"]
  }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "name": return .str(variable.name)
    case "path": return .str(variable.path)
    case "shape": return .object(TensorShapeObject(variable.shape))
    case "ndim": return .int(variable.shape.count)
    case "dtype": return .str(variable.dtype.name)
    case "trainable": return .bool(variable.trainable)
    case "numpy":
      return .builtin(BuiltinFunction("numpy", signature: "") { [self] _, _ in Convert.value(tensor) })
    case "assign", "assign_add", "assign_sub":
      return .builtin(
        BuiltinFunction(name, signature: "value") { [self] a, _ in
          var t = try Convert.tensor(a["value"])
          if name != "assign" {
            let op: BinaryOp = name == "assign_add" ? .add : .subtract
            t = try Convert.tensors { try Tensor.binary(op, .tensor(tensor), .tensor(t)) }
          }
          try Convert.tensors { try variable.assign(t) }
          return .object(self)
        })
    default: return nil
    }
  }

  func setAttribute(_ name: String, _ value: Value) throws -> Bool {
    guard name == "trainable" else { return false }
    guard case .bool(let b) = value else { throw ScriptError(.typeError, "trainable must be True or False") }
    variable.trainable = b
    return true
  }
}
