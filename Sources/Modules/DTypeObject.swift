import Foundation
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
    if case .str(let text) = v { return try ScalarTypeObject.parse(text, as: dtype) }
    if case .int(let i) = v { try ScalarTypeObject.checkRange(i, dtype) }
    var t = try Convert.tensor(v, dtype: dtype)
    if t.ndim == 0 { t.isScalar = true }
    return Convert.value(t)
  }

  /// NumPy 2 refuses Python ints outside an integer type's range (`np.uint8(300)`).
  static func checkRange(_ i: Int, _ dtype: DType) throws {
    let range: ClosedRange<Int>
    switch dtype {
    case .uint8: range = 0...255
    case .int32: range = Int(Int32.min)...Int(Int32.max)
    default: return
    }
    guard range.contains(i) else {
      throw ScriptError(.overflowError, "Python integer \(i) out of bounds for \(dtype.name)")
    }
  }

  /// `np.float64('nan')`, `np.int64('7')`: text read as Python's `float()` / `int()` read it;
  /// `np.bool_('x')` is the string's truth.
  static func parse(_ text: String, as dtype: DType) throws -> Value {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    let scalar: ScalarValue
    if dtype == .bool {
      scalar = .bool(!text.isEmpty)
    } else if dtype.isInteger {
      guard let i = Int(trimmed.replacingOccurrences(of: "_", with: "")) else {
        throw ScriptError(.valueError, "invalid literal for int() with base 10: \(reprValue(.str(text)))")
      }
      try checkRange(i, dtype)
      scalar = .int(Int64(i))
    } else {
      guard let d = Double(trimmed.lowercased() == "infinity" ? "inf" : trimmed) else {
        throw ScriptError(.valueError, "could not convert string to float: \(reprValue(.str(text)))")
      }
      scalar = .float(d)
    }
    var t = Tensor(scalar: scalar, dtype: dtype)
    t.isScalar = true
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
