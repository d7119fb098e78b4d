/// The element types a ``Tensor`` can hold, named as NumPy names them.
public enum DType: String, CaseIterable, Sendable, CustomStringConvertible {
  case bool
  case uint8
  case int32
  case int64
  case float32
  case float64

  /// Bytes per element.
  public var itemSize: Int {
    switch self {
    case .bool, .uint8: return 1
    case .int32, .float32: return 4
    case .int64, .float64: return 8
    }
  }

  public var name: String { rawValue }
  public var description: String { rawValue }

  public var isFloatingPoint: Bool { self == .float32 || self == .float64 }
  public var isInteger: Bool { self == .uint8 || self == .int32 || self == .int64 }
  public var isSignedInteger: Bool { self == .int32 || self == .int64 }

  /// NumPy's one-letter kind: `b` bool, `u` unsigned, `i` signed, `f` float.
  public var kind: Character {
    switch self {
    case .bool: return "b"
    case .uint8: return "u"
    case .int32, .int64: return "i"
    case .float32, .float64: return "f"
    }
  }

  /// Parses the names NumPy accepts for these types (`'float32'`, `'f4'`, `'int'`, `'uint8'`, …).
  public init?(numpyName: String) {
    switch numpyName {
    case "bool", "bool_", "?", "b1": self = .bool
    case "uint8", "u1", "B": self = .uint8
    case "int32", "i4", "intc": self = .int32
    case "int64", "i8", "int", "int_", "intp", "long", "l": self = .int64
    case "float32", "f4", "single", "f": self = .float32
    case "float64", "f8", "float", "double", "d", "float_": self = .float64
    default: return nil
    }
  }

  /// Parses a dtype name, throwing NumPy's `TypeError` for names it does not know.
  public static func parse(_ name: String) throws -> DType {
    guard let d = DType(numpyName: name) else {
      let known = DType.allCases.map(\.name).joined(separator: ", ")
      throw TensorError(.typeError, "data type '\(name)' not understood", hint: "dnnlab knows \(known)")
    }
    return d
  }

  /// The smallest and largest values an integer dtype holds.
  public var integerRange: ClosedRange<Int64>? {
    switch self {
    case .bool: return 0...1
    case .uint8: return 0...255
    case .int32: return Int64(Int32.min)...Int64(Int32.max)
    case .int64: return Int64.min...Int64.max
    case .float32, .float64: return nil
    }
  }
}

/// One element's value, wide enough for every dtype, used where code must look at
/// elements without knowing their type (printing, `tolist`, scalars).
public enum ScalarValue: Equatable, Sendable {
  case bool(Bool)
  case int(Int64)
  case float(Double)

  public var asDouble: Double {
    switch self {
    case .bool(let b): return b ? 1 : 0
    case .int(let i): return Double(i)
    case .float(let d): return d
    }
  }
}
