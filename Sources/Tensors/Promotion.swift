/// NumPy 2 type promotion (NEP 50): arrays and NumPy scalars are "strong" and promote
/// by the usual table; Python scalars are "weak" and take the array's type when their
/// kind allows, so `uint8 + 1` stays uint8 and `float32 * 2.0` stays float32.
extension DType {
  /// Promotion of two strong dtypes: the smallest type both convert to safely.
  public static func promote(_ a: DType, _ b: DType) -> DType {
    if a == b { return a }
    if a == .bool { return b }
    if b == .bool { return a }
    switch (a.isFloatingPoint, b.isFloatingPoint) {
    case (true, true):
      return (a == .float64 || b == .float64) ? .float64 : .float32
    case (true, false), (false, true):
      let (f, i) = a.isFloatingPoint ? (a, b) : (b, a)
      // uint8 fits float32 exactly; 32- and 64-bit integers need float64.
      return (f == .float32 && i == .uint8) ? .float32 : .float64
    case (false, false):
      return rank(a) >= rank(b) ? a : b
    }
  }

  /// Promotion of several strong dtypes.
  public static func promote(_ types: [DType]) -> DType {
    guard var acc = types.first else { return .float64 }
    for t in types.dropFirst() { acc = promote(acc, t) }
    return acc
  }

  private static func rank(_ d: DType) -> Int {
    switch d {
    case .bool: return 0
    case .uint8: return 1
    case .int32: return 2
    case .int64: return 3
    case .float32: return 4
    case .float64: return 5
    }
  }
}

/// One operand of an element-wise operation: a tensor (strong) or a Python scalar (weak).
public enum Operand {
  case tensor(Tensor)
  case pyBool(Bool)
  case pyInt(Int64)
  case pyFloat(Double)

  /// The dtype this operand has on its own (Python ints are int64, floats float64).
  var ownDType: DType {
    switch self {
    case .tensor(let t): return t.dtype
    case .pyBool: return .bool
    case .pyInt: return .int64
    case .pyFloat: return .float64
    }
  }

  var isWeak: Bool {
    if case .tensor = self { return false }
    return true
  }

  /// The kind order NEP 50 compares weak scalars by: bool < integer < float.
  var kindLevel: Int {
    switch ownDType {
    case .bool: return 0
    case .uint8, .int32, .int64: return 1
    case .float32, .float64: return 2
    }
  }

  var scalar: ScalarValue? {
    switch self {
    case .tensor: return nil
    case .pyBool(let b): return .bool(b)
    case .pyInt(let i): return .int(i)
    case .pyFloat(let d): return .float(d)
    }
  }
}

extension DType {
  /// The common dtype of several operands under NEP 50. Throws `OverflowError` when a
  /// Python int does not fit the array's integer type (`uint8 + 300`).
  public static func result(of operands: [Operand], checkingOverflow: Bool = true) throws -> DType {
    let strong = operands.filter { !$0.isWeak }.map(\.ownDType)
    let weak = operands.filter(\.isWeak)
    guard !strong.isEmpty else {
      // Only Python scalars: Python's own rules (bool < int < float).
      let top = weak.map(\.kindLevel).max() ?? 0
      return top == 2 ? .float64 : top == 1 ? .int64 : .bool
    }
    var result = promote(strong)
    let strongLevel = result == .bool ? 0 : (result.isFloatingPoint ? 2 : 1)
    let weakLevel = weak.map(\.kindLevel).max() ?? 0
    if weakLevel > strongLevel {
      // A weak scalar of a higher kind takes its default type.
      result = promote(result, weakLevel == 2 ? .float64 : .int64)
    }
    // A Python int that lands in an integer array must fit it.
    if checkingOverflow, let range = result.integerRange, result != .bool {
      for case .pyInt(let v) in weak where !range.contains(v) {
        throw TensorError(.overflowError, "Python integer \(v) out of bounds for \(result.name)")
      }
    }
    return result
  }
}
