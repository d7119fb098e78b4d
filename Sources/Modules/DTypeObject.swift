import Script
import Tensors

/// A dtype instance, as `x.dtype` gives: `dtype('float32')`; equal to its name and to `np.float32`.
final class DTypeObject: HostObject {
  let dtype: DType
  init(_ dtype: DType) { self.dtype = dtype }

  var typeName: String { "dtype[\(dtype.name)]" }
  var qualifiedTypeName: String { "numpy.dtypes.\(dtypeClassName)" }
  private var dtypeClassName: String {
    switch dtype {
    case .bool: return "BoolDType"
    case .uint8: return "UInt8DType"
    case .int32: return "Int32DType"
    case .int64: return "Int64DType"
    case .float32: return "Float32DType"
    case .float64: return "Float64DType"
    }
  }

  func repr() -> String { "dtype('\(dtype.name)')" }
  func str() -> String { dtype.name }

  var attributeNames: [String] { ["itemsize", "kind", "name", "type"] }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "name": return .str(dtype.name)
    case "itemsize": return .int(dtype.itemSize)
    case "kind": return .str(String(dtype.kind))
    case "type": return .object(ScalarTypeObject(dtype))
    default: return nil
    }
  }

  func binaryOperation(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
    guard op == .equal || op == .notEqual else { return nil }
    let same = (try? Convert.dtype(other)).flatMap { $0 } == dtype
    return .bool(op == .equal ? same : !same)
  }
}

/// A NumPy scalar type such as `np.float32`: converts values (`np.float32(0.5)`,
/// `np.uint8(x)` on arrays too) and names a dtype wherever one is accepted.
final class ScalarTypeObject: HostObject {
  let dtype: DType
  init(_ dtype: DType) { self.dtype = dtype }

  var typeName: String { "type" }
  var publicName: String { dtype == .bool ? "bool" : dtype.name }
  func repr() -> String { "<class 'numpy.\(publicName)'>" }

  var isCallable: Bool { true }

  func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
    guard arguments.keywords.isEmpty, arguments.positional.count <= 1 else {
      throw ScriptError(.typeError, "\(publicName)() takes at most 1 argument")
    }
    guard let v = arguments.positional.first else {
      return Convert.value(Tensor(scalar: .int(0), dtype: dtype))
    }
    var t = try Convert.tensor(v, dtype: dtype)
    if t.ndim == 0 { t.isScalar = true }
    return Convert.value(t)
  }

  func binaryOperation(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
    guard op == .equal || op == .notEqual else { return nil }
    let same = (try? Convert.dtype(other)).flatMap { $0 } == dtype
    return .bool(op == .equal ? same : !same)
  }

  func instanceCheck(_ value: Value) -> Bool? {
    if case .object(let o as TensorObject) = value { return o.tensor.isScalar && o.tensor.dtype == dtype }
    return false
  }
}
