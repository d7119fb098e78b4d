import Script
import Tensors

/// `np.finfo(dtype)` and `np.iinfo(dtype)`: the limits of dnnlab's floating-point and integer
/// dtypes (`np.finfo(np.float32).eps`, `np.iinfo(np.uint8).max`), as NumPy 2 reports them.
enum NumPyTypeInfo {
  static func install(_ np: ModuleObject) {
    np.addFunction("finfo", signature: "dtype") { a, _ in
      let dtype = try infoDType(a["dtype"])
      guard dtype == .float32 || dtype == .float64 else {
        throw ScriptError(.valueError, "data type <class 'numpy.\(dtype.name)'> not inexact")
      }
      return .object(FloatInfoObject(dtype))
    }
    np.addFunction("iinfo", signature: "int_type") { a, _ in
      let dtype = try infoDType(a["int_type"])
      guard let range = dtype.integerRange, dtype != .bool else {
        throw ScriptError(.valueError, "Invalid integer data type '\(kindLetter(dtype))'.")
      }
      return .object(IntegerInfoObject(dtype, range))
    }
  }

  /// The dtype named by `v`: a dtype, a type (`np.float32`, `float`, `int`), its name, or an
  /// array or NumPy scalar (whose dtype is used).
  private static func infoDType(_ v: Value) throws -> DType {
    if case .object(let o as TensorObject) = v { return o.tensor.dtype }
    if let dtype = try Convert.dtype(v) { return dtype }
    throw ScriptError(.valueError, "data type \(strValue(v)) not understood")
  }

  private static func kindLetter(_ dtype: DType) -> String {
    switch dtype {
    case .bool: return "b"
    case .uint8: return "u"
    case .int32, .int64: return "i"
    case .float32, .float64: return "f"
    }
  }
}

/// `np.finfo(np.float32)`: machine limits of a floating-point dtype.
final class FloatInfoObject: HostObject {
  let dtype: DType
  init(_ dtype: DType) { self.dtype = dtype }

  private var isSingle: Bool { dtype == .float32 }
  var typeName: String { "finfo" }
  var qualifiedTypeName: String { "numpy.finfo" }

  /// A NumPy scalar of this dtype.
  private func scalar(_ value: Double) -> Value {
    isSingle ? Convert.value(Tensor(scalar: Float(value))) : Convert.value(Tensor(scalar: value))
  }

  private var resolution: Double { isSingle ? 1e-6 : 1e-15 }
  private var greatest: Double {
    isSingle ? Double(Float.greatestFiniteMagnitude) : Double.greatestFiniteMagnitude
  }

  func repr() -> String {
    "finfo(resolution=\(isSingle ? "1e-06" : "1e-15"), min=-\(text(greatest)), max=\(text(greatest)), "
      + "dtype=\(dtype.name))"
  }

  /// NumPy's table of the parameters (`print(np.finfo(np.float32))`).
  func str() -> String {
    let single = isSingle
    func value(_ name: String) -> String {
      guard case .object(let o as TensorObject)? = try? getAttribute(name) else { return "" }
      return single
        ? "\((try? o.tensor.toArray(Float.self).first) ?? 0)"
        : "\((try? o.tensor.toArray(Double.self).first) ?? 0)"
    }
    let rule = String(repeating: "-", count: 63)
    return [
      "Machine parameters for \(dtype.name)", rule,
      "precision = \(single ? 6 : 15)   resolution = \(single ? "1e-06" : "1e-15")",
      "machep = \(single ? -23 : -52)   eps =        \(value("eps"))",
      "negep =  \(single ? -24 : -53)   epsneg =     \(value("epsneg"))",
      "minexp = \(single ? -126 : -1022)   tiny =       \(value("tiny"))",
      "maxexp = \(single ? 128 : 1024)   max =        \(value("max"))",
      "nexp =   \(single ? 8 : 11)   min =        -max",
      "smallest_normal = \(value("smallest_normal"))   smallest_subnormal = \(value("smallest_subnormal"))",
      rule,
    ].joined(separator: "\n") + "\n"
  }

  /// The shortest text that reads back as this dtype's value (NumPy's repr of its scalars).
  private func text(_ value: Double) -> String {
    isSingle ? "\(Float(value))" : "\(value)"
  }

  var attributeNames: [String] {
    [
      "bits", "dtype", "eps", "epsneg", "iexp", "machep", "max", "maxexp", "min", "minexp", "negep", "nexp",
      "nmant", "precision", "resolution", "smallest_normal", "smallest_subnormal", "tiny",
    ]
  }

  func getAttribute(_ name: String) throws -> Value? {
    let single = isSingle
    switch name {
    case "bits": return .int(single ? 32 : 64)
    case "dtype": return .object(DTypeObject(dtype))
    case "eps": return scalar(single ? Double(Float.ulpOfOne) : Double.ulpOfOne)
    case "epsneg": return scalar(single ? Double(Float.ulpOfOne) / 2 : Double.ulpOfOne / 2)
    case "iexp", "nexp": return .int(single ? 8 : 11)
    case "machep": return .int(single ? -23 : -52)
    case "negep": return .int(single ? -24 : -53)
    case "max": return scalar(greatest)
    case "min": return scalar(-greatest)
    case "maxexp": return .int(single ? 128 : 1024)
    case "minexp": return .int(single ? -126 : -1022)
    case "nmant": return .int(single ? 23 : 52)
    case "precision": return .int(single ? 6 : 15)
    case "resolution": return scalar(resolution)
    case "smallest_normal", "tiny":
      return scalar(single ? Double(Float.leastNormalMagnitude) : Double.leastNormalMagnitude)
    case "smallest_subnormal":
      return scalar(single ? Double(Float.leastNonzeroMagnitude) : Double.leastNonzeroMagnitude)
    default: return nil
    }
  }
}

/// `np.iinfo(np.int32)`: the range of an integer dtype.
final class IntegerInfoObject: HostObject {
  let dtype: DType
  let range: ClosedRange<Int64>
  init(_ dtype: DType, _ range: ClosedRange<Int64>) {
    self.dtype = dtype
    self.range = range
  }

  var typeName: String { "iinfo" }
  var qualifiedTypeName: String { "numpy.iinfo" }
  func repr() -> String { "iinfo(min=\(range.lowerBound), max=\(range.upperBound), dtype=\(dtype.name))" }

  var attributeNames: [String] { ["bits", "dtype", "kind", "max", "min"] }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "bits":
      switch dtype {
      case .uint8, .bool: return .int(8)
      case .int32: return .int(32)
      default: return .int(64)
      }
    case "dtype": return .object(DTypeObject(dtype))
    case "kind": return .str(dtype == .uint8 ? "u" : "i")
    case "max": return .int(Int(range.upperBound))
    case "min": return .int(Int(range.lowerBound))
    default: return nil
    }
  }
}
