import Script
import Tensors

/// `tf.TensorShape`, what `tensor.shape` gives: `TensorShape([2, 3])`, printed `(2, 3)`.
/// Indexes to ints (slices to shapes), iterates, unpacks and compares equal to a tuple or
/// list of the same dimensions.
final class TensorShapeObject: HostObject {
  /// Dimensions; nil for an unknown one (`None`).
  let dims: [Int?]
  init(_ dims: [Int]) { self.dims = dims }
  init(dims: [Int?]) { self.dims = dims }

  var typeName: String { "TensorShape" }
  var qualifiedTypeName: String { "tensorflow.python.framework.tensor_shape.TensorShape" }

  /// `(2, 3)`, `(3,)`, `()`: a shape as TensorFlow prints it.
  static func text(_ dims: [Int]) -> String { formatShape(dims) }

  private static func dimText(_ d: Int?) -> String { d.map(String.init) ?? "None" }

  func repr() -> String { "TensorShape([\(dims.map(TensorShapeObject.dimText).joined(separator: ", "))])" }

  func str() -> String {
    let parts = dims.map(TensorShapeObject.dimText)
    return parts.count == 1 ? "(\(parts[0]),)" : "(\(parts.joined(separator: ", ")))"
  }

  private func value(_ d: Int?) -> Value { d.map { .int($0) } ?? .none }

  func getItem(_ index: Value) throws -> Value? {
    if case .slice(let s) = index {
      let r = try s.resolve(length: dims.count)
      return .object(TensorShapeObject(dims: (0..<r.count).map { dims[r.start + $0 * r.step] }))
    }
    let i = try Convert.integer(index)
    let j = i < 0 ? i + dims.count : i
    guard j >= 0, j < dims.count else { throw ScriptError(.indexError, "list index out of range") }
    return value(dims[j])
  }

  func length() throws -> Int? { dims.count }

  func makeIterator() throws -> (() throws -> Value?)? {
    var i = 0
    return { [dims] in
      guard i < dims.count else { return nil }
      defer { i += 1 }
      return dims[i].map { .int($0) } ?? Value.none
    }
  }

  func binaryOperation(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
    guard op == .equal || op == .notEqual else { return nil }
    let otherDims: [Int?]?
    switch other {
    case .object(let s as TensorShapeObject): otherDims = s.dims
    case .tuple(let items): otherDims = try? items.map { $0.isNone ? nil : try Convert.integer($0) }
    case .list(let l): otherDims = try? l.items.map { $0.isNone ? nil : try Convert.integer($0) }
    default: otherDims = nil
    }
    let same = otherDims.map { $0 == dims } ?? false
    return .bool(op == .equal ? same : !same)
  }

  var attributeNames: [String] { ["as_list", "dims", "ndims", "num_elements", "rank"] }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "rank", "ndims": return .int(dims.count)
    case "dims": return .list(ListObject(dims.map(value)))
    case "as_list":
      return .builtin(
        BuiltinFunction("as_list", signature: "") { [self] _, _ in .list(ListObject(dims.map(value))) })
    case "num_elements":
      return .builtin(
        BuiltinFunction("num_elements", signature: "") { [dims] _, _ in
          var n = 1
          for d in dims {
            guard let d else { return .none }
            n = n.multipliedReportingOverflow(by: d).partialValue
          }
          return .int(n)
        })
    default: return nil
    }
  }
}

/// A TensorFlow dtype: `tf.float32`, printed `<dtype: 'float32'>`; equal to the same
/// TensorFlow or NumPy dtype and to its name.
final class TFDTypeObject: HostObject {
  let dtype: DType
  init(_ dtype: DType) { self.dtype = dtype }

  var typeName: String { "DType" }
  var qualifiedTypeName: String { "tensorflow.python.framework.dtypes.DType" }

  func repr() -> String { "tf.\(dtype.name)" }
  func str() -> String { "<dtype: '\(dtype.name)'>" }

  var attributeNames: [String] { ["as_numpy_dtype", "is_bool", "is_floating", "is_integer", "name", "size"] }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "name": return .str(dtype.name)
    case "is_floating": return .bool(dtype.isFloatingPoint)
    case "is_integer": return .bool(dtype.isInteger)
    case "is_bool": return .bool(dtype == .bool)
    case "size": return .int(dtype.itemSize)
    case "as_numpy_dtype": return .object(ScalarTypeObject(dtype))
    default: return nil
    }
  }

  func binaryOperation(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
    guard op == .equal || op == .notEqual else { return nil }
    let same = (try? Convert.dtype(other)).flatMap { $0 } == dtype
    return .bool(op == .equal ? same : !same)
  }
}

/// A class the script can name but not construct, for `isinstance(x, tf.Tensor)` and its
/// repr (`<class 'tensorflow.python.framework.tensor.Tensor'>`).
final class HostTypeObject: HostObject {
  let qualifiedName: String
  let test: (Value) -> Bool
  init(_ qualifiedName: String, _ test: @escaping (Value) -> Bool) {
    self.qualifiedName = qualifiedName
    self.test = test
  }

  var typeName: String { "type" }
  func repr() -> String { "<class '\(qualifiedName)'>" }
  func instanceCheck(_ value: Value) -> Bool? { test(value) }
}
