/// Decompositions for `numpy.linalg`: `svd` (LAPACK gesdd), `pinv` and `matrix_rank` on
/// top of it, and `eigh` (syevd) for symmetric matrices.
extension Tensor {
  /// `np.linalg.svd`: `(u, s, vh)` with `a == u @ (s[..., None] * vh)`; with `computeUV`
  /// false, `u` and `vh` are nil. `fullMatrices` (NumPy's default true) makes `u` m×m and
  /// `vh` n×n rather than m×k and k×n (k = min(m, n)). Singular values are descending.
  public func svd(fullMatrices: Bool = true, computeUV: Bool = true) throws -> (
    u: Tensor?, s: Tensor, vh: Tensor?
  ) {
    try assertStackedMatrices()
    let dt = Tensor.linalgType(dtype)
    let (m, n) = (shape[ndim - 2], shape[ndim - 1])
    try LAPACKCall.checkSize(m, n)
    let k = Swift.min(m, n)
    let batch = Array(shape.dropLast(2))
    let (uCols, vRows) = fullMatrices ? (m, n) : (k, k)
    let x = try astype(.float64)
    let s = try Tensor(zeros: batch + [k], dtype: .float64)
    let u = computeUV ? try Tensor(zeros: batch + [m, uCols], dtype: .float64) : nil
    let vh = computeUV ? try Tensor(zeros: batch + [vRows, n], dtype: .float64) : nil
    let count = batch.reduce(1, *)
    let jobz: CChar = computeUV ? (fullMatrices ? 65 : 83) : 78  // 'A', 'S', 'N'
    if k == 0 {
      // Nothing to decompose; the full factors of an empty matrix are identities.
      for t in [u, vh].compactMap({ $0 }) where t.count > 0 {
        let d = t.shape[t.ndim - 1]
        var eye = [Double](repeating: 0, count: d * d)
        for i in 0..<d { eye[i * d + i] = 1 }
        t.assign(from: try Tensor(eye, shape: [d, d]).broadcast(to: t.shape))
      }
    } else {
      try Tensor.decompose(
        x.base(Double.self), jobz: jobz, count: count, m: m, n: n, s: s.base(Double.self),
        u: u?.base(Double.self), uCols: uCols, vh: vh?.base(Double.self), vRows: vRows)
    }
    func cast(_ t: Tensor) throws -> Tensor { dt == .float64 ? t : try t.astype(dt) }
    return (try u.map(cast), try cast(s), try vh.map(cast))
  }

  private static func decompose<T: LAPACKFloat>(
    _ a: UnsafeMutablePointer<T>, jobz: CChar, count: Int, m: Int, n: Int, s: UnsafeMutablePointer<T>,
    u: UnsafeMutablePointer<T>?, uCols: Int, vh: UnsafeMutablePointer<T>?, vRows: Int
  ) throws {
    let k = Swift.min(m, n)
    for i in 0..<count {
      var work = LAPACKCall.columnMajor(a, i, rows: m, cols: n)
      var values = [T](repeating: 0, count: k)
      var left = [T](repeating: 0, count: u == nil ? 1 : m * uCols)
      var right = [T](repeating: 0, count: vh == nil ? 1 : vRows * n)
      let info = work.withUnsafeMutableBufferPointer { ap in
        values.withUnsafeMutableBufferPointer { sp in
          left.withUnsafeMutableBufferPointer { up in
            right.withUnsafeMutableBufferPointer { vp in
              guard let a = ap.baseAddress, let s = sp.baseAddress else { return Int32(-1) }
              return T.gesdd(jobz, Int32(m), Int32(n), a, s, up.baseAddress, vp.baseAddress)
            }
          }
        }
      }
      if try LAPACKCall.check(info, routine: T.lapackPrefix + "gesdd") != 0 {
        throw TensorError(.linAlgError, "SVD did not converge")
      }
      for j in 0..<k { s[i * k + j] = values[j] }
      if let u { LAPACKCall.storeRowMajor(left, into: u, i, rows: m, cols: uCols) }
      if let vh { LAPACKCall.storeRowMajor(right, into: vh, i, rows: vRows, cols: n) }
    }
  }

  /// `np.linalg.pinv`: the Moore–Penrose pseudo-inverse from the SVD, dropping singular
  /// values not above `rcond` times the largest (NumPy's default `rcond` is 1e-15).
  /// Batch axes of `rcond` broadcast against the stack's.
  public func pseudoInverse(rcond: Tensor) throws -> Tensor {
    if count == 0, ndim >= 2 {
      let (m, n) = (shape[ndim - 2], shape[ndim - 1])
      if m * n == 0 { return try Tensor(zeros: Array(shape.dropLast(2)) + [n, m], dtype: dtype) }
    }
    let (uOut, s, vhOut) = try svd(fullMatrices: false)
    guard let u = uOut, let vh = vhOut else { throw TensorError.value("pinv: the SVD gave no factors") }
    let batch = Array(shape.dropLast(2))
    let (m, k) = (shape[ndim - 2], s.shape[s.ndim - 1])
    let cut = try rcond.astype(.float64).broadcast(to: batch).toDoubles()
    // (s⁻¹ for the kept values, else 0)[..., None] * uᴴ, in the decomposition's dtype.
    let scaled = try Tensor(zeros: batch + [k, m], dtype: s.dtype)
    let count = batch.reduce(1, *)
    if s.dtype == .float32 {
      Tensor.scaleRows(s.base(Float.self), u.base(Float.self), scaled.base(Float.self), cut, count, k, m)
    } else {
      Tensor.scaleRows(s.base(Double.self), u.base(Double.self), scaled.base(Double.self), cut, count, k, m)
    }
    return try Tensor.matmul(vh.swapaxes(-1, -2), scaled)
  }

  private static func scaleRows<T: TensorElement & BinaryFloatingPoint>(
    _ s: UnsafeMutablePointer<T>, _ u: UnsafeMutablePointer<T>, _ out: UnsafeMutablePointer<T>,
    _ rcond: [Double],
    _ count: Int, _ k: Int, _ m: Int
  ) {
    for b in 0..<count where b < rcond.count {
      var largest = -Double.infinity
      for j in 0..<k { largest = Swift.max(largest, Double(s[b * k + j].doubleValue)) }
      let cutoff = rcond[b] * largest
      for j in 0..<k {
        let v = s[b * k + j]
        let inverse: T = v.doubleValue > cutoff ? 1 / v : 0
        for r in 0..<m { out[(b * k + j) * m + r] = inverse * u[(b * m + r) * k + j] }
      }
    }
  }

  /// `np.linalg.matrix_rank` of a stack of matrices: how many singular values exceed `tol`,
  /// by default the largest singular value times `max(m, n)` times the dtype's epsilon
  /// (`rtol` replaces that factor). Int64 counts; a NumPy scalar for one matrix.
  public func matrixRank(tol: Double? = nil, rtol: Double? = nil) throws -> Tensor {
    let s = try svd(computeUV: false).s
    let (m, n) = (shape[ndim - 2], shape[ndim - 1])
    let k = s.shape[s.ndim - 1]
    let values = s.toDoubles()
    let count = k == 0 ? s.count : values.count / k
    let batch = Array(s.shape.dropLast())
    var ranks = [Int64](repeating: 0, count: batch.reduce(1, *))
    for b in 0..<Swift.min(count, ranks.count) {
      let row = values[(b * k)..<((b + 1) * k)]
      let threshold: Double
      if let tol {
        threshold = tol
      } else if s.dtype == .float32 {
        // NumPy keeps the default product in float32; a given rtol is a float64 array.
        let largest = Swift.max(Float(row.max() ?? 0), 0)
        if let rtol {
          threshold = Double(largest) * rtol
        } else {
          threshold = Double(largest * (Float(Swift.max(m, n)) * Float.ulpOfOne))
        }
      } else {
        let largest = Swift.max(row.max() ?? 0, 0)
        threshold = largest * (rtol ?? Double(Swift.max(m, n)) * Double.ulpOfOne)
      }
      ranks[b] = Int64(row.filter { $0 > threshold }.count)
    }
    var out = try Tensor(ranks, shape: batch)
    out.isScalar = batch.isEmpty
    return out
  }

  /// `np.linalg.eigh`: eigenvalues (ascending) and eigenvectors (columns) of each symmetric
  /// matrix, reading only its lower triangle (`lower` true, NumPy's `UPLO='L'`) or upper one.
  /// With `vectors` false (`eigvalsh`) the second result is nil.
  public func symmetricEigen(lower: Bool = true, vectors: Bool = true) throws -> (Tensor, Tensor?) {
    try assertSquareMatrices()
    let dt = Tensor.linalgType(dtype)
    let n = shape[ndim - 1]
    try LAPACKCall.checkSize(n)
    let batch = Array(shape.dropLast(2))
    let x = try astype(.float64)
    let w = try Tensor(zeros: batch + [n], dtype: .float64)
    let v = vectors ? try Tensor(zeros: shape, dtype: .float64) : nil
    if n > 0 {
      try Tensor.eigen(
        x.base(Double.self), w.base(Double.self), v?.base(Double.self), batch.reduce(1, *), n, lower)
    }
    func cast(_ t: Tensor) throws -> Tensor { dt == .float64 ? t : try t.astype(dt) }
    return (try cast(w), try v.map(cast))
  }

  private static func eigen<T: LAPACKFloat>(
    _ a: UnsafeMutablePointer<T>, _ w: UnsafeMutablePointer<T>, _ v: UnsafeMutablePointer<T>?, _ count: Int,
    _ n: Int, _ lower: Bool
  ) throws {
    for i in 0..<count {
      var work = LAPACKCall.columnMajor(a, i, rows: n, cols: n)
      var values = [T](repeating: 0, count: n)
      let info = work.withUnsafeMutableBufferPointer { ap in
        values.withUnsafeMutableBufferPointer { wp in
          guard let a = ap.baseAddress, let w = wp.baseAddress else { return Int32(-1) }
          return T.syevd(v == nil ? 78 : 86, lower ? 76 : 85, Int32(n), a, w)  // 'N'/'V', 'L'/'U'
        }
      }
      if try LAPACKCall.check(info, routine: T.lapackPrefix + "syevd") != 0 {
        throw TensorError(.linAlgError, "Eigenvalues did not converge")
      }
      for j in 0..<n { w[i * n + j] = values[j] }
      if let v { LAPACKCall.storeRowMajor(work, into: v, i, rows: n, cols: n) }
    }
  }
}
