import Foundation

/// NumPy's `numpy.linalg` on LAPACK (OpenBLAS): `inv`, `det`, `solve`, `svd`, `pinv`,
/// `matrix_rank`, `eigh`. Inputs are stacks of matrices (the last two axes). As in NumPy,
/// LAPACK runs in float64 and results of float32 inputs are cast back to float32; every
/// other dtype gives float64.
extension Tensor {
  /// The dtype NumPy's linalg computes in for these operand dtypes: float32 when all are
  /// float32, else float64.
  public static func linalgType(_ dtypes: DType...) -> DType {
    dtypes.allSatisfy { $0 == .float32 } ? .float32 : .float64
  }

  /// NumPy's `_assert_stacked_2d`: at least two axes, else `LinAlgError`.
  public func assertStackedMatrices() throws {
    guard ndim >= 2 else {
      throw TensorError(
        .linAlgError, "\(ndim)-dimensional array given. Array must be at least two-dimensional",
        hint: "pass a matrix (2-d array) or a stack of matrices")
    }
  }

  /// NumPy's `_assert_stacked_square`: the last two axes have the same length.
  public func assertSquareMatrices() throws {
    try assertStackedMatrices()
    guard shape[ndim - 1] == shape[ndim - 2] else {
      throw TensorError(.linAlgError, "Last 2 dimensions of the array must be square")
    }
  }

  /// Leading (batch) axes and the number of matrices in them.
  private var batchShape: [Int] { Array(shape.dropLast(2)) }

  private static func singular() -> TensorError { TensorError(.linAlgError, "Singular matrix") }

  // MARK: inv, solve

  /// `np.linalg.inv`: the inverse of each square matrix; `LinAlgError("Singular matrix")`
  /// when one has none.
  public func inverse() throws -> Tensor {
    try assertSquareMatrices()
    let dt = Tensor.linalgType(dtype)
    let n = shape[ndim - 1]
    // An empty stack may have huge matrices; there is nothing to invert.
    guard count > 0 else { return try Tensor(zeros: shape, dtype: dt) }
    var eye = [Double](repeating: 0, count: n * n)
    for i in 0..<n { eye[i * n + i] = 1 }
    let identity = try Tensor(eye, shape: [n, n]).broadcast(to: shape)
    return try Tensor.solveStack(self, identity, dtype: dt)
  }

  /// `np.linalg.solve(a, b)`: `x` with `a @ x == b`. A 1-d `b` is one right-hand side;
  /// otherwise `b` is a stack of matrices. Batch axes broadcast.
  public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    try a.assertSquareMatrices()
    let vector = b.ndim == 1
    let (name, signature) = vector ? ("solve1", "(m,m),(m)->(m)") : ("solve", "(m,m),(m,n)->(m,n)")
    guard vector || b.ndim >= 2 else {
      throw TensorError.value(
        "\(name): Input operand 1 does not have enough dimensions (has \(b.ndim), gufunc core with signature "
          + "\(signature) requires 2)")
    }
    let m = a.shape[a.ndim - 1]
    let bm = vector ? b.shape[0] : b.shape[b.ndim - 2]
    guard bm == m else {
      throw TensorError.value(
        "\(name): Input operand 1 has a mismatch in its core dimension 0, with gufunc signature \(signature) "
          + "(size \(bm) is different from \(m))")
    }
    let core = vector ? [m] : [m, b.shape[b.ndim - 1]]
    let batch: [Int]
    do { batch = try broadcastShapes([a.batchShape, Array(b.shape.dropLast(core.count))]) } catch {
      // NumPy reports batch mismatches in its iterator's words.
      func remapped(_ t: Tensor, core: Int) -> String {
        let dims = t.shape.dropLast(core).map(String.init) + Array(repeating: "newaxis", count: core)
        return "(" + t.shape.map(String.init).joined(separator: ",") + ")->(" + dims.joined(separator: ",")
          + ")"
      }
      let requested = "(" + core.map(String.init).joined(separator: ",") + (core.count == 1 ? ",)" : ")")
      throw TensorError.value(
        "operands could not be broadcast together with remapped shapes [original->remapped]: "
          + "\(remapped(a, core: 2)) \(remapped(b, core: core.count))  and requested shape \(requested)")
    }
    let dt = linalgType(a.dtype, b.dtype)
    let x = try solveStack(a.broadcast(to: batch + [m, m]), b.broadcast(to: batch + core), dtype: dt)
    return x
  }

  /// Solves each `a[i] @ x = b[i]`; `a` is batch×m×m, `b` batch×m×k or batch×m.
  private static func solveStack(_ a: Tensor, _ b: Tensor, dtype dt: DType) throws -> Tensor {
    let x = try a.astype(.float64)
    let out = try b.astype(.float64)
    let m = a.shape[a.ndim - 1]
    let k = b.ndim == a.ndim ? b.shape[b.ndim - 1] : 1
    try LAPACKCall.checkSize(m, k)
    guard m > 0, k > 0 else { return try out.astype(dt) }
    try solveMatrices(x.base(Double.self), out.base(Double.self), count: a.count / (m * m), m: m, k: k)
    return dt == .float64 ? out : try out.astype(dt)
  }

  private static func solveMatrices<T: LAPACKFloat>(
    _ a: UnsafeMutablePointer<T>, _ b: UnsafeMutablePointer<T>, count: Int, m: Int, k: Int
  ) throws {
    var pivots = [Int32](repeating: 0, count: m)
    for i in 0..<count {
      var lu = LAPACKCall.columnMajor(a, i, rows: m, cols: m)
      var x = LAPACKCall.columnMajor(b, i, rows: m, cols: k)
      let info = lu.withUnsafeMutableBufferPointer { lp in
        x.withUnsafeMutableBufferPointer { xp in
          pivots.withUnsafeMutableBufferPointer { pp in
            guard let l = lp.baseAddress, let r = xp.baseAddress, let p = pp.baseAddress else {
              return Int32(-1)
            }
            return T.gesv(Int32(m), Int32(k), l, p, r)
          }
        }
      }
      if try LAPACKCall.check(info, routine: T.lapackPrefix + "gesv") != 0 { throw singular() }
      LAPACKCall.storeRowMajor(x, into: b, i, rows: m, cols: k)
    }
  }

  // MARK: det

  /// `np.linalg.det`: the determinant of each square matrix, from an LU factorisation as
  /// NumPy computes it (sign times `exp` of the summed log-magnitudes of the pivots), so
  /// `det([[1, 2], [3, 4]])` is `-2.0000000000000004` as there. A 2-d input gives a NumPy scalar.
  public func determinant() throws -> Tensor {
    let (sign, logdet) = try signAndLogDeterminant(castTo: .float64)
    let d = zip(sign.toDoubles(), logdet.toDoubles()).map { $0 * Foundation.exp($1) }
    var out = try Tensor(d, shape: sign.shape).astype(Tensor.linalgType(dtype))
    out.isScalar = ndim == 2
    return out
  }

  /// `np.linalg.slogdet`: the sign (1, -1, or 0 for a singular matrix) and the natural log of
  /// the absolute value of each determinant (-inf when singular), in the result dtype
  /// (`castTo`, else float32 for float32 input and float64 otherwise). NumPy scalars for a
  /// 2-d input.
  public func signAndLogDeterminant(castTo: DType? = nil) throws -> (sign: Tensor, logabsdet: Tensor) {
    try assertSquareMatrices()
    let dt = castTo ?? Tensor.linalgType(dtype)
    let n = shape[ndim - 1]
    try LAPACKCall.checkSize(n)
    let x = try astype(.float64)
    let count = batchShape.reduce(1, *)
    var sign = try Tensor(zeros: batchShape, dtype: .float64)
    var logdet = try Tensor(zeros: batchShape, dtype: .float64)
    try Tensor.factorDeterminants(
      x.base(Double.self), sign.base(Double.self), logdet.base(Double.self), count: count, n: n)
    if dt != .float64 {
      sign = try sign.astype(dt)
      logdet = try logdet.astype(dt)
    }
    sign.isScalar = ndim == 2
    logdet.isScalar = ndim == 2
    return (sign, logdet)
  }

  private static func factorDeterminants<T: LAPACKFloat>(
    _ a: UnsafeMutablePointer<T>, _ signs: UnsafeMutablePointer<T>, _ logs: UnsafeMutablePointer<T>,
    count: Int,
    n: Int
  ) throws {
    var pivots = [Int32](repeating: 0, count: Swift.max(n, 1))
    for i in 0..<count {
      guard n > 0 else {
        signs[i] = 1
        logs[i] = 0
        continue
      }
      var lu = LAPACKCall.columnMajor(a, i, rows: n, cols: n)
      let info = lu.withUnsafeMutableBufferPointer { lp in
        pivots.withUnsafeMutableBufferPointer { pp in
          guard let l = lp.baseAddress, let p = pp.baseAddress else { return Int32(-1) }
          return T.getrf(Int32(n), Int32(n), l, p)
        }
      }
      guard try LAPACKCall.check(info, routine: T.lapackPrefix + "getrf") == 0 else {
        signs[i] = 0
        logs[i] = -T.infinity
        continue
      }
      var sign: T = 1
      var logdet: T = 0
      for j in 0..<n {
        if pivots[j] != Int32(j + 1) { sign = -sign }
        var d = lu[j * n + j]
        if d < 0 {
          sign = -sign
          d = -d
        }
        logdet += T.naturalLog(d)
      }
      signs[i] = sign
      logs[i] = logdet
    }
  }
}
