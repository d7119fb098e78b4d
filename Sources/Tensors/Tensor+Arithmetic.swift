import Foundation

/// The element-wise binary operations (NumPy ufuncs) that broadcast.
public enum BinaryOp: String, CaseIterable, Sendable {
  case add, subtract, multiply
  case trueDivide = "divide"
  case floorDivide = "floor_divide"
  case mod = "remainder"
  case power, maximum, minimum
  case equal, notEqual = "not_equal", less, lessEqual = "less_equal"
  case greater, greaterEqual = "greater_equal"
  case bitwiseAnd = "bitwise_and", bitwiseOr = "bitwise_or", bitwiseXor = "bitwise_xor"

  var isComparison: Bool {
    switch self {
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
    default: return false
    }
  }

  var isBitwise: Bool { self == .bitwiseAnd || self == .bitwiseOr || self == .bitwiseXor }
}

extension Tensor {
  /// Applies `op` element-wise with broadcasting and NumPy 2 promotion.
  public static func binary(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> Tensor {
    let (compute, output) = try binaryTypes(op, a, b)
    if let fused = try convertingScalarBinary(op, a, b, compute: compute, output: output) { return fused }
    let x = try a.asTensor(compute)
    let y = try b.asTensor(compute)
    let shape = try broadcastShapes([x.shape, y.shape])
    if op == .power, compute.isInteger, try y.containsNegative() {
      throw TensorError.value("Integers to negative integer powers are not allowed.")
    }
    var out = try Tensor(zeros: shape, dtype: output)
    try runBinary(op, compute, try x.broadcast(to: shape), try y.broadcast(to: shape), out)
    // Operations on NumPy scalars give NumPy scalars.
    out.isScalar = shape.isEmpty && (a.isScalarLike && b.isScalarLike)
    return out
  }

  /// `self op= other` in place, as NumPy's `x /= 255`: the result must broadcast to
  /// this shape and be castable to this dtype under the `same_kind` rule.
  public func binaryInPlace(_ op: BinaryOp, _ other: Operand) throws {
    let (compute, output) = try Tensor.binaryTypes(op, .tensor(self), other)
    if !Tensor.canCastSameKind(output, to: dtype) {
      throw TensorError(
        .castingError,
        "Cannot cast ufunc '\(op.rawValue)' output from dtype('\(output.name)') to dtype('\(dtype.name)') "
          + "with casting rule 'same_kind'",
        hint: dtype.isInteger && output.isFloatingPoint
          ? "convert first: x = x.astype('float32') / 255" : nil)
    }
    let y = try other.asTensor(compute)
    let shape = try Tensor.broadcastShapes([self.shape, y.shape])
    guard shape == self.shape else {
      throw TensorError.value(
        "non-broadcastable output operand with shape \(formatShape(self.shape).replacingOccurrences(of: " ", with: "")) "
          + "doesn't match the broadcast shape \(formatShape(shape).replacingOccurrences(of: " ", with: ""))")
    }
    let result = try Tensor.binary(op, .tensor(self), .tensor(y))
    assign(from: result)
  }

  /// NumPy's `same_kind` casting: never float to integer or bool, never integer to bool.
  static func canCastSameKind(_ from: DType, to: DType) -> Bool {
    if from.isFloatingPoint { return to.isFloatingPoint }
    if from.isInteger { return to != .bool }
    return true
  }

  /// The dtype an operation computes in and the dtype it returns.
  static func binaryTypes(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> (DType, DType) {
    if op.isComparison {
      // Comparing with a Python int outside the array's range is allowed: widen instead.
      var common = try DType.result(of: [a, b], checkingOverflow: false)
      if let range = common.integerRange, common != .bool {
        for case .pyInt(let v) in [a, b] where !range.contains(v) { common = .int64 }
      }
      return (common, .bool)
    }
    let common = try DType.result(of: [a, b])
    if op.isBitwise {
      guard !common.isFloatingPoint else {
        throw TensorError.type(
          "ufunc '\(op.rawValue)' not supported for the input types, and the inputs could not be safely "
            + "coerced to any supported types according to the casting rule ''safe''")
      }
      return (common, common)
    }
    switch op {
    case .trueDivide:
      let t: DType = common.isFloatingPoint ? common : .float64
      return (t, t)
    case .subtract where common == .bool:
      throw TensorError.type(
        "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` "
          + "operator, or the logical_xor function instead.")
    case .floorDivide, .mod, .power:
      // NumPy gives int8 for bools; int64 is the nearest type dnnlab has.
      let t: DType = common == .bool ? .int64 : common
      return (t, t)
    default:
      return (common, common)
    }
  }

  private static func runBinary(_ op: BinaryOp, _ compute: DType, _ x: Tensor, _ y: Tensor, _ out: Tensor)
    throws
  {
    switch compute {
    case .bool: boolBinary(op, x, y, out)
    case .uint8: numericBinary(op, UInt8.self, x, y, out)
    case .int32: numericBinary(op, Int32.self, x, y, out)
    case .int64: numericBinary(op, Int64.self, x, y, out)
    case .float32: floatBinary(op, Float.self, x, y, out)
    case .float64: floatBinary(op, Double.self, x, y, out)
    }
  }

  private static func boolBinary(_ op: BinaryOp, _ x: Tensor, _ y: Tensor, _ out: Tensor) {
    switch op {
    case .add, .bitwiseOr, .maximum: map2(x, y, out) { (a: Bool, b: Bool) in a || b }
    case .multiply, .bitwiseAnd, .minimum: map2(x, y, out) { (a: Bool, b: Bool) in a && b }
    case .bitwiseXor, .notEqual: map2(x, y, out) { (a: Bool, b: Bool) in a != b }
    case .equal: map2(x, y, out) { (a: Bool, b: Bool) in a == b }
    case .less: map2(x, y, out) { (a: Bool, b: Bool) in !a && b }
    case .lessEqual: map2(x, y, out) { (a: Bool, b: Bool) in !a || b }
    case .greater: map2(x, y, out) { (a: Bool, b: Bool) in a && !b }
    case .greaterEqual: map2(x, y, out) { (a: Bool, b: Bool) in a || !b }
    case .subtract, .trueDivide, .floorDivide, .mod, .power: break  // routed to other dtypes
    }
  }

  private static func numericBinary<T: IntegerArithmetic>(
    _ op: BinaryOp, _: T.Type, _ x: Tensor, _ y: Tensor, _ out: Tensor
  ) {
    switch op {
    case .bitwiseAnd: map2(x, y, out) { (a: T, b: T) in a & b }
    case .bitwiseOr: map2(x, y, out) { (a: T, b: T) in a | b }
    case .bitwiseXor: map2(x, y, out) { (a: T, b: T) in a ^ b }
    default: arithmeticBinary(op, T.self, x, y, out)
    }
  }

  private static func floatBinary<T: FloatArithmetic>(
    _ op: BinaryOp, _: T.Type, _ x: Tensor, _ y: Tensor, _ out: Tensor
  ) {
    if op == .trueDivide {
      map2(x, y, out) { (a: T, b: T) in a / b }
    } else {
      arithmeticBinary(op, T.self, x, y, out)
    }
  }

  private static func arithmeticBinary<T: ArithmeticElement>(
    _ op: BinaryOp, _: T.Type, _ x: Tensor, _ y: Tensor, _ out: Tensor
  ) {
    switch op {
    case .add: map2(x, y, out) { (a: T, b: T) in T.add(a, b) }
    case .subtract: map2(x, y, out) { (a: T, b: T) in T.sub(a, b) }
    case .multiply: map2(x, y, out) { (a: T, b: T) in T.mul(a, b) }
    case .trueDivide: break  // float-only; integers compute in float64
    case .floorDivide: map2(x, y, out) { (a: T, b: T) in T.floorDiv(a, b) }
    case .mod: map2(x, y, out) { (a: T, b: T) in T.mod(a, b) }
    case .power: map2(x, y, out) { (a: T, b: T) in T.pow(a, b) }
    case .maximum: map2(x, y, out) { (a: T, b: T) in T.maximum(a, b) }
    case .minimum: map2(x, y, out) { (a: T, b: T) in T.minimum(a, b) }
    case .equal: map2(x, y, out) { (a: T, b: T) in a == b }
    case .notEqual: map2(x, y, out) { (a: T, b: T) in a != b }
    case .less: map2(x, y, out) { (a: T, b: T) in a < b }
    case .lessEqual: map2(x, y, out) { (a: T, b: T) in a <= b }
    case .greater: map2(x, y, out) { (a: T, b: T) in a > b }
    case .greaterEqual: map2(x, y, out) { (a: T, b: T) in a >= b }
    case .bitwiseAnd, .bitwiseOr, .bitwiseXor: break  // integer-only, handled above
    }
  }

  /// out[i] = f(x[i], y[i]) over same-shaped views; `out` is contiguous.
  @inline(__always)
  static func map2<T: TensorElement, R: TensorElement>(
    _ x: Tensor, _ y: Tensor, _ out: Tensor, _ f: (T, T) -> R
  ) {
    let px = x.base(T.self)
    let py = y.base(T.self)
    let po = out.base(R.self)
    if x.isContiguous && y.isContiguous {
      let n = out.count
      let ox = x.offset
      let oy = y.offset
      let oo = out.offset
      for i in 0..<n { po[oo + i] = f(px[ox + i], py[oy + i]) }
      return
    }
    let loop = StridedLoop(shape: out.shape, strides: [out.strides, x.strides, y.strides])
    loop.forEachRow(offsets: [out.offset, x.offset, y.offset]) { s, n, inner in
      var o = s[0]
      var i = s[1]
      var j = s[2]
      let so = inner[0]
      let si = inner[1]
      let sj = inner[2]
      for _ in 0..<n {
        po[o] = f(px[i], py[j])
        o &+= so
        i &+= si
        j &+= sj
      }
    }
  }

  /// `uint8_images / 255.0` without first copying the whole array to float: when an
  /// integer array meets a float scalar, convert each element inside the loop.
  private static func convertingScalarBinary(
    _ op: BinaryOp, _ a: Operand, _ b: Operand, compute: DType, output: DType
  ) throws -> Tensor? {
    guard compute == output, compute.isFloatingPoint, case .tensor(let x) = a, x.dtype.isInteger,
      !b.isScalarLike || !(x.isScalar), let scalar = b.scalar,
      [.add, .subtract, .multiply, .trueDivide].contains(op)
    else { return nil }
    let out = try Tensor(zeros: x.shape, dtype: compute)
    switch (x.dtype, compute) {
    case (.uint8, .float64): convertingMap(op, x, UInt8.self, scalar.asDouble, out)
    case (.uint8, .float32): convertingMap(op, x, UInt8.self, Float(scalar.asDouble), out)
    case (.int64, .float64): convertingMap(op, x, Int64.self, scalar.asDouble, out)
    case (.int32, .float64): convertingMap(op, x, Int32.self, scalar.asDouble, out)
    default: return nil
    }
    return out
  }

  private static func convertingMap<S: TensorElement, T: FloatArithmetic>(
    _ op: BinaryOp, _ x: Tensor, _: S.Type, _ s: T, _ out: Tensor
  ) {
    switch op {
    case .add: map1(x, out) { (v: S) in T(v.doubleValue) + s }
    case .subtract: map1(x, out) { (v: S) in T(v.doubleValue) - s }
    case .multiply: map1(x, out) { (v: S) in T(v.doubleValue) * s }
    default: map1(x, out) { (v: S) in T(v.doubleValue) / s }
    }
  }

  /// Whether any element is negative (for integer `**`).
  func containsNegative() throws -> Bool {
    switch dtype {
    case .bool, .uint8: return false
    case .int32: return try toArray(Int32.self).contains { $0 < 0 }
    case .int64: return try toArray(Int64.self).contains { $0 < 0 }
    case .float32, .float64: return toDoubles().contains { $0 < 0 }
    }
  }
}

extension Operand {
  /// This operand as a tensor of `dtype` (a view when no conversion is needed).
  func asTensor(_ dtype: DType) throws -> Tensor {
    switch self {
    case .tensor(let t): return t.dtype == dtype ? t : try t.astype(dtype)
    case .pyBool(let b): return Tensor(scalar: .bool(b), dtype: dtype)
    case .pyInt(let i): return Tensor(scalar: .int(i), dtype: dtype)
    case .pyFloat(let d): return Tensor(scalar: .float(d), dtype: dtype)
    }
  }

  /// Python scalars and NumPy scalars; operations among them yield NumPy scalars.
  var isScalarLike: Bool {
    if case .tensor(let t) = self { return t.isScalar }
    return true
  }
}

// Operators for Swift callers (NN, Datasets, tests). Scripts go through `binary`.
extension Tensor {
  public static func + (a: Tensor, b: Tensor) throws -> Tensor { try binary(.add, .tensor(a), .tensor(b)) }
  public static func - (a: Tensor, b: Tensor) throws -> Tensor {
    try binary(.subtract, .tensor(a), .tensor(b))
  }
  public static func * (a: Tensor, b: Tensor) throws -> Tensor {
    try binary(.multiply, .tensor(a), .tensor(b))
  }
  public static func / (a: Tensor, b: Tensor) throws -> Tensor {
    try binary(.trueDivide, .tensor(a), .tensor(b))
  }
  public static func * (a: Tensor, b: Double) throws -> Tensor {
    try binary(.multiply, .tensor(a), .pyFloat(b))
  }
  public static func / (a: Tensor, b: Double) throws -> Tensor {
    try binary(.trueDivide, .tensor(a), .pyFloat(b))
  }
  public static func + (a: Tensor, b: Double) throws -> Tensor { try binary(.add, .tensor(a), .pyFloat(b)) }
}
