/// NumPy's floating-point classification ufuncs: `isnan`, `isinf`, `isfinite`.
public enum FloatClass: Sendable {
  case nan, infinite, finite
}

extension Tensor {
  /// A bool tensor of the same shape saying which elements are NaN, infinite or finite.
  /// Integers and bools are never NaN or infinite. A NumPy scalar gives a NumPy bool scalar.
  public func classify(_ kind: FloatClass) throws -> Tensor {
    var out = try Tensor(zeros: shape, dtype: .bool)
    func test<T: BinaryFloatingPoint>(_ v: T) -> Bool {
      switch kind {
      case .nan: v.isNaN
      case .infinite: v.isInfinite
      case .finite: v.isFinite
      }
    }
    switch dtype {
    case .float32: Tensor.map1(self, out) { (v: Float) in test(v) }
    case .float64: Tensor.map1(self, out) { (v: Double) in test(v) }
    default: if kind == .finite { out = try Tensor.full(shape, .bool(true), dtype: .bool) }
    }
    out.isScalar = isScalar
    return out
  }
}
