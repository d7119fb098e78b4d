import Foundation

/// Element-wise functions of one tensor (NumPy's unary ufuncs).
public enum UnaryOp: String, CaseIterable, Sendable {
  case negative, absolute, exp, log, sqrt, tanh, square, sign, floor, ceil
  case sin, cos, log2, log10
  case tan, arcsin, arccos, arctan, sinh, cosh, arcsinh, arccosh, arctanh
  case log1p, expm1, exp2, cbrt
  /// Rounding toward zero and to the nearest even integer (`np.trunc`, `np.rint`).
  case trunc, rint
  /// `1 / x` for floating-point arrays.
  case reciprocal
  /// `~x`: logical not for bools, bitwise not for integers.
  case invert
}

extension Tensor {
  /// Applies `op` element-wise. Transcendental functions of integers compute in float64
  /// (NumPy picks float16 for uint8 and bool; dnnlab, lacking float16, uses float32).
  public func unary(_ op: UnaryOp) throws -> Tensor {
    var out: Tensor
    switch op {
    case .exp, .log, .sqrt, .tanh, .sin, .cos, .log2, .log10, .tan, .arcsin, .arccos, .arctan, .sinh, .cosh,
      .arcsinh, .arccosh, .arctanh, .log1p, .expm1, .exp2, .cbrt, .reciprocal:
      if op == .reciprocal && !dtype.isFloatingPoint {
        throw TensorError(
          .typeError, "dnnlab's np.reciprocal takes floating-point arrays",
          hint: "convert first: np.reciprocal(x.astype(float))")
      }
      let t: DType = dtype.isFloatingPoint ? dtype : (dtype == .uint8 || dtype == .bool ? .float32 : .float64)
      let x = dtype == t ? self : try astype(t)
      out = try Tensor(zeros: shape, dtype: t)
      if t == .float32 {
        x.transcendental(op, Float.self, into: out)
      } else {
        x.transcendental(op, Double.self, into: out)
      }
    case .negative:
      if dtype == .bool {
        throw TensorError.type(
          "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the "
            + "logical_not function instead.")
      }
      out = try mapSame(Negate())
    case .absolute:
      out = dtype == .bool ? try copy() : try mapSame(Absolute())
    case .square:
      out = dtype == .bool ? try copy() : try mapSame(Square())
    case .sign:
      if dtype == .bool {
        throw TensorError.type("ufunc 'sign' did not contain a loop with signature matching types")
      }
      out = try mapSame(Sign())
    case .floor, .ceil, .trunc, .rint:
      guard dtype.isFloatingPoint else { out = try copy(); break }
      let rule: FloatingPointRoundingRule =
        switch op {
        case .floor: .down
        case .ceil: .up
        case .trunc: .towardZero
        default: .toNearestOrEven
        }
      out = try Tensor(zeros: shape, dtype: dtype)
      if dtype == .float32 {
        Tensor.map1(self, out) { (v: Float) in v.rounded(rule) }
      } else {
        Tensor.map1(self, out) { (v: Double) in v.rounded(rule) }
      }
    case .invert:
      out = try Tensor(zeros: shape, dtype: dtype)
      switch dtype {
      case .bool: Tensor.map1(self, out) { (v: Bool) in !v }
      case .uint8: Tensor.map1(self, out) { (v: UInt8) in ~v }
      case .int32: Tensor.map1(self, out) { (v: Int32) in ~v }
      case .int64: Tensor.map1(self, out) { (v: Int64) in ~v }
      case .float32, .float64:
        throw TensorError.type(
          "ufunc 'invert' not supported for the input types, and the inputs could not be safely coerced "
            + "to any supported types according to the casting rule ''safe''")
      }
    }
    out.isScalar = isScalar
    return out
  }

  public func exp() throws -> Tensor { try unary(.exp) }
  public func log() throws -> Tensor { try unary(.log) }
  public func sqrt() throws -> Tensor { try unary(.sqrt) }
  public func tanh() throws -> Tensor { try unary(.tanh) }
  public func abs() throws -> Tensor { try unary(.absolute) }
  public static prefix func - (a: Tensor) throws -> Tensor { try a.unary(.negative) }

  /// Rounds half to even at `decimals` places (NumPy's `round`); integers with
  /// `decimals >= 0` are returned unchanged.
  public func round(decimals requested: Int = 0) throws -> Tensor {
    // Beyond ±400 places every float64 rounds the same way; clamping keeps the arithmetic safe.
    let decimals = Swift.max(Swift.min(requested, 400), -400)
    var out: Tensor
    if dtype.isFloatingPoint {
      out = try Tensor(zeros: shape, dtype: dtype)
      if dtype == .float32 {
        Tensor.map1(self, out) { (v: Float) in Tensor.roundHalfEven(v, decimals) }
      } else {
        Tensor.map1(self, out) { (v: Double) in Tensor.roundHalfEven(v, decimals) }
      }
    } else if decimals >= 0 || dtype == .bool {
      out = try copy()
    } else {
      // Negative decimals round integers to tens, hundreds, … half to even.
      let factor = Swift.min(-decimals, 18)
      var scale: Int64 = 1
      for _ in 0..<factor { scale *= 10 }
      let wide = try astype(.int64)
      let rounded = try Tensor(zeros: shape, dtype: .int64)
      Tensor.map1(wide, rounded) { (v: Int64) -> Int64 in
        Int64(fromDouble: (Double(v) / Double(scale)).rounded(.toNearestOrEven) * Double(scale))
      }
      out = try rounded.astype(dtype)
    }
    out.isScalar = isScalar
    return out
  }

  static func roundHalfEven<F: BinaryFloatingPoint>(_ v: F, _ decimals: Int) -> F {
    if decimals == 0 { return v.rounded(.toNearestOrEven) }
    let d = Swift.max(Swift.min(decimals, 300), -300)
    // NumPy scales by a power of ten in the element's own precision, rounds, and scales back.
    let scale = F(Foundation.pow(10.0, Double(Swift.abs(d))))
    if d > 0 {
      let y = (v * scale).rounded(.toNearestOrEven)
      return y / scale
    } else {
      let y = (v / scale).rounded(.toNearestOrEven)
      return y * scale
    }
  }

  /// Limits values to `[low, high]` (either may be `nil`), promoting as NumPy's `clip`.
  public static func clip(_ a: Operand, _ low: Operand?, _ high: Operand?) throws -> Tensor {
    // Python-int bounds beyond an integer array's range clip nothing on that side.
    func fitted(_ bound: Operand?) -> Operand? {
      guard case .tensor(let t) = a, let range = t.dtype.integerRange, t.dtype != .bool,
        case .pyInt(let v) = bound
      else { return bound }
      return .pyInt(Swift.min(Swift.max(v, range.lowerBound), range.upperBound))
    }
    guard low != nil || high != nil else { throw TensorError.value("One of max or min must be given") }
    let low = fitted(low)
    let high = fitted(high)
    // Report a shape mismatch over all three operands, as NumPy's clip does.
    let shapes = [a, low ?? .pyInt(0), high ?? .pyInt(0)].map { o -> [Int] in
      if case .tensor(let t) = o { return t.shape } else { return [] }
    }
    _ = try broadcastShapes(shapes)
    var result = a
    if let low { result = .tensor(try binary(.maximum, result, low)) }
    if let high { result = .tensor(try binary(.minimum, result, high)) }
    guard case .tensor(let t) = result else {
      throw TensorError.value("One of max or min must be given")
    }
    return t
  }

  /// `f` applied to every element of a numeric (non-bool) tensor, keeping its dtype.
  func mapSame(_ f: some SameTypeFunction) throws -> Tensor {
    let out = try Tensor(zeros: shape, dtype: dtype)
    switch dtype {
    case .uint8: Tensor.map1(self, out) { (v: UInt8) in f.apply(v) }
    case .int32: Tensor.map1(self, out) { (v: Int32) in f.apply(v) }
    case .int64: Tensor.map1(self, out) { (v: Int64) in f.apply(v) }
    case .float32: Tensor.map1(self, out) { (v: Float) in f.apply(v) }
    case .float64: Tensor.map1(self, out) { (v: Double) in f.apply(v) }
    case .bool: out.assign(from: self)
    }
    return out
  }

  /// out[i] = f(x[i]) over same-shaped views.
  @inline(__always)
  static func map1<T: TensorElement, R: TensorElement>(_ x: Tensor, _ out: Tensor, _ f: (T) -> R) {
    let px = x.base(T.self)
    let po = out.base(R.self)
    if x.isContiguous && out.isContiguous {
      let ox = x.offset
      let oo = out.offset
      for i in 0..<out.count { po[oo + i] = f(px[ox + i]) }
      return
    }
    StridedLoop(shape: out.shape, strides: [out.strides, x.strides]).forEachRow(offsets: [
      out.offset, x.offset,
    ]) {
      s, n, inner in
      var o = s[0]
      var i = s[1]
      for _ in 0..<n {
        po[o] = f(px[i])
        o &+= inner[0]
        i &+= inner[1]
      }
    }
  }

  private func transcendental<T: FloatArithmetic>(_ op: UnaryOp, _: T.Type, into out: Tensor) {
    switch op {
    case .exp: Tensor.map1(self, out) { (v: T) in T.exponential(v) }
    case .log: Tensor.map1(self, out) { (v: T) in T.logarithm(v) }
    case .sqrt: Tensor.map1(self, out) { (v: T) in v.squareRoot() }
    case .tanh: Tensor.map1(self, out) { (v: T) in T.hyperbolicTangent(v) }
    case .sin: Tensor.map1(self, out) { (v: T) in T(Foundation.sin(Double(v))) }
    case .cos: Tensor.map1(self, out) { (v: T) in T(Foundation.cos(Double(v))) }
    case .log2: Tensor.map1(self, out) { (v: T) in T(Foundation.log2(Double(v))) }
    case .log10: Tensor.map1(self, out) { (v: T) in T(Foundation.log10(Double(v))) }
    case .tan: Tensor.map1(self, out) { (v: T) in T(Foundation.tan(Double(v))) }
    case .arcsin: Tensor.map1(self, out) { (v: T) in T(Foundation.asin(Double(v))) }
    case .arccos: Tensor.map1(self, out) { (v: T) in T(Foundation.acos(Double(v))) }
    case .arctan: Tensor.map1(self, out) { (v: T) in T(Foundation.atan(Double(v))) }
    case .sinh: Tensor.map1(self, out) { (v: T) in T(Foundation.sinh(Double(v))) }
    case .cosh: Tensor.map1(self, out) { (v: T) in T(Foundation.cosh(Double(v))) }
    case .arcsinh: Tensor.map1(self, out) { (v: T) in T(Foundation.asinh(Double(v))) }
    case .arccosh: Tensor.map1(self, out) { (v: T) in T(Foundation.acosh(Double(v))) }
    case .arctanh: Tensor.map1(self, out) { (v: T) in T(Foundation.atanh(Double(v))) }
    case .log1p: Tensor.map1(self, out) { (v: T) in T(Foundation.log1p(Double(v))) }
    case .expm1: Tensor.map1(self, out) { (v: T) in T(Foundation.expm1(Double(v))) }
    case .exp2: Tensor.map1(self, out) { (v: T) in T(Foundation.exp2(Double(v))) }
    case .cbrt: Tensor.map1(self, out) { (v: T) in T(Foundation.cbrt(Double(v))) }
    case .reciprocal: Tensor.map1(self, out) { (v: T) in 1 / v }
    default: break
    }
  }
}

/// A function generic over the element type, so one definition serves every dtype.
protocol SameTypeFunction {
  func apply<T: ArithmeticElement>(_ v: T) -> T
}

struct Negate: SameTypeFunction { func apply<T: ArithmeticElement>(_ v: T) -> T { T.negate(v) } }
struct Absolute: SameTypeFunction { func apply<T: ArithmeticElement>(_ v: T) -> T { T.absolute(v) } }
struct Square: SameTypeFunction { func apply<T: ArithmeticElement>(_ v: T) -> T { T.mul(v, v) } }
struct Sign: SameTypeFunction {
  func apply<T: ArithmeticElement>(_ v: T) -> T {
    let zero = T(fromInt64: 0)
    if v.isNegative { return T(fromInt64: -1) }
    // -0.0 gives +0.0, as NumPy's sign does; NaN stays NaN.
    return v == zero ? zero : (v > zero ? T(fromInt64: 1) : v)
  }
}
