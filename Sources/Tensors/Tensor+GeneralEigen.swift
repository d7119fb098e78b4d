import CBLAS

/// `np.linalg.eig` / `eigvals` for real matrices on LAPACK's dgeev. dnnlab has no complex
/// dtype, so only spectra that are entirely real come back as arrays (NumPy then returns real
/// arrays too); a complex eigenvalue is reported to the caller instead.
extension Tensor {
  /// The eigenvalues (in LAPACK's order) and, with `vectors`, the right eigenvectors (unit
  /// columns) of each square matrix. `isComplex` is true, and the tensors meaningless, when
  /// any eigenvalue of the stack has a nonzero imaginary part.
  public func generalEigen(vectors: Bool = true) throws -> (values: Tensor, vectors: Tensor?, isComplex: Bool)
  {
    try assertSquareMatrices()
    let dt = Tensor.linalgType(dtype)
    let n = shape[ndim - 1]
    try LAPACKCall.checkSize(n)
    let x = try astype(.float64)
    if x.toDoubles().contains(where: { !$0.isFinite }) {
      throw TensorError(.linAlgError, "Array must not contain infs or NaNs")
    }
    let batch = Array(shape.dropLast(2))
    let w = try Tensor(zeros: batch + [n], dtype: .float64)
    let v = vectors ? try Tensor(zeros: shape, dtype: .float64) : nil
    let source = x.base(Double.self)
    let values = w.base(Double.self)
    var isComplex = false
    for i in 0..<(n == 0 ? 0 : batch.reduce(1, *)) {
      var a = LAPACKCall.columnMajor(source, i, rows: n, cols: n)
      var real = [Double](repeating: 0, count: n)
      var imaginary = [Double](repeating: 0, count: n)
      var right = [Double](repeating: 0, count: vectors ? n * n : 1)
      let info = a.withUnsafeMutableBufferPointer { ap in
        real.withUnsafeMutableBufferPointer { rp in
          imaginary.withUnsafeMutableBufferPointer { ip in
            right.withUnsafeMutableBufferPointer { vp in
              guard let a = ap.baseAddress, let r = rp.baseAddress, let im = ip.baseAddress else {
                return Int32(-1)
              }
              return dnnlapack_dgeev(vectors ? 86 : 78, Int32(n), a, r, im, vectors ? vp.baseAddress : nil)  // 'V'/'N'
            }
          }
        }
      }
      if try LAPACKCall.check(info, routine: "dgeev") != 0 {
        throw TensorError(.linAlgError, "Eigenvalues did not converge")
      }
      if imaginary.contains(where: { $0 != 0 }) { isComplex = true }
      for j in 0..<n { values[i * n + j] = real[j] }
      if let v { LAPACKCall.storeRowMajor(right, into: v.base(Double.self), i, rows: n, cols: n) }
    }
    func cast(_ t: Tensor) throws -> Tensor { dt == .float64 ? t : try t.astype(dt) }
    return (try cast(w), try v.map(cast), isComplex)
  }
}
