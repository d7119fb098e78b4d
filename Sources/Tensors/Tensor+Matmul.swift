/// Matrix products: `matmul` (`@`) and `dot`, on BLAS for floats.
extension Tensor {
  private static let signature = "(n?,k),(k,m?)->(n?,m?)"

  /// NumPy's `matmul`: 1-D operands are promoted to matrices and the added axis
  /// removed again; leading axes broadcast as a batch.
  public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    for (i, t) in [a, b].enumerated() where t.ndim == 0 {
      throw TensorError.value(
        "matmul: Input operand \(i) does not have enough dimensions (has 0, gufunc core with signature "
          + "\(signature) requires 1)")
    }
    let x = a.ndim == 1 ? try a.reshape([1, a.shape[0]]) : a
    let y = b.ndim == 1 ? try b.reshape([b.shape[0], 1]) : b
    let (m, k) = (x.shape[x.ndim - 2], x.shape[x.ndim - 1])
    let (k2, n) = (y.shape[y.ndim - 2], y.shape[y.ndim - 1])
    guard k == k2 else {
      throw TensorError.value(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
          + "\(signature) (size \(k2) is different from \(k))",
        hint: "the inner sizes must agree: \(formatShape(a.shape)) @ \(formatShape(b.shape))")
    }
    let batch: [Int]
    do { batch = try broadcastShapes([Array(x.shape.dropLast(2)), Array(y.shape.dropLast(2))]) } catch {
      // NumPy reports batch mismatches in its iterator's words.
      func remapped(_ t: Tensor) -> String {
        let original = "(" + t.shape.map(String.init).joined(separator: ",") + ")"
        let dims = t.shape.dropLast(2).map(String.init) + ["newaxis", "newaxis"]
        return "\(original)->(" + dims.joined(separator: ",") + ")"
      }
      throw TensorError.value(
        "operands could not be broadcast together with remapped shapes [original->remapped]: "
          + "\(remapped(x)) \(remapped(y))  and requested shape (\(m),\(n))")
    }
    let dtype = DType.promote(a.dtype, b.dtype)
    let compute: DType = dtype == .bool ? .int64 : dtype
    let xb = try x.broadcast(to: batch + [m, k]).astypeIfNeeded(compute)
    let yb = try y.broadcast(to: batch + [k, n]).astypeIfNeeded(compute)
    var out = try Tensor(zeros: batch + [m, n], dtype: compute)
    let batchCount = batch.reduce(1, *)
    for i in 0..<batchCount {
      let xi = try xb.matrix(i, batch: batch)
      let yi = try yb.matrix(i, batch: batch)
      let oi = try out.matrix(i, batch: batch)
      try gemm2D(xi, yi, into: oi)
    }
    var finalShape = batch
    if a.ndim > 1 { finalShape.append(m) }
    if b.ndim > 1 { finalShape.append(n) }
    out = try out.reshape(finalShape)
    if dtype == .bool { out = try out.astype(.bool) }
    out.isScalar = finalShape.isEmpty
    return out
  }

  /// NumPy's `dot`: a product for scalars, the inner product for vectors, `matmul`
  /// for matrices, and a sum over the last axis of `a` and second-to-last of `b` beyond.
  public static func dot(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    if a.ndim == 0 || b.ndim == 0 { return try binary(.multiply, .tensor(a), .tensor(b)) }
    let ka = a.shape[a.ndim - 1]
    let bAxis = b.ndim >= 2 ? b.ndim - 2 : 0
    let kb = b.shape[bAxis]
    guard ka == kb else {
      let sa = formatShape(a.shape).replacingOccurrences(of: " ", with: "")
      let sb = formatShape(b.shape).replacingOccurrences(of: " ", with: "")
      throw TensorError.value(
        "shapes \(sa) and \(sb) not aligned: \(ka) (dim \(a.ndim - 1)) != \(kb) (dim \(bAxis))")
    }
    if a.ndim <= 2 && b.ndim <= 2 { return try matmul(a, b) }
    // General case: flatten to one matrix product, then restore the axes.
    let left = try a.reshape([-1, ka])
    var bt = b
    if b.ndim >= 2 {
      var perm = Array(0..<b.ndim)
      perm.remove(at: bAxis)
      perm.insert(bAxis, at: 0)
      bt = try b.transpose(perm)
    }
    let right = try bt.contiguous().reshape([kb, -1])
    let product = try matmul(left, right)
    var outShape = Array(a.shape.dropLast())
    if b.ndim >= 2 {
      outShape += Array(b.shape[0..<bAxis]) + [b.shape[b.ndim - 1]]
    }
    return try product.reshape(outShape)
  }

  func astypeIfNeeded(_ t: DType) throws -> Tensor { dtype == t ? self : try astype(t) }

  /// The `i`th matrix of a batch (leading axes flattened row-major). A view.
  private func matrix(_ i: Int, batch: [Int]) throws -> Tensor {
    var rest = i
    var off = offset
    for axis in stride(from: batch.count - 1, through: 0, by: -1) {
      let d = batch[axis]
      off += (rest % Swift.max(d, 1)) * strides[axis]
      rest /= Swift.max(d, 1)
    }
    return Tensor(
      storage: storage, dtype: dtype, shape: Array(shape.suffix(2)), strides: Array(strides.suffix(2)),
      offset: off)
  }

  /// `out = x @ y` for 2-D views; `out` is a contiguous matrix of x's dtype.
  private static func gemm2D(_ x: Tensor, _ y: Tensor, into out: Tensor) throws {
    let (m, k, n) = (x.shape[0], x.shape[1], y.shape[1])
    if m == 0 || n == 0 { return }
    if k == 0 { return }  // zeros already
    switch x.dtype {
    case .float32, .float64:
      guard Swift.max(m, n, k) <= Int(Int32.max) else {
        throw TensorError.value("matmul: dimensions beyond 2^31 - 1 are not supported by BLAS")
      }
      try BLAS.ensureLoaded()
      let (xm, tx, lx) = try x.blasOperand()
      let (ym, ty, ly) = try y.blasOperand()
      if x.dtype == .float32 {
        BLAS.sgemm(
          transA: tx, transB: ty, m: m, n: n, k: k, a: xm.base(Float.self) + xm.offset, lda: lx,
          b: ym.base(Float.self) + ym.offset, ldb: ly, c: out.base(Float.self) + out.offset, ldc: n)
      } else {
        BLAS.dgemm(
          transA: tx, transB: ty, m: m, n: n, k: k, a: xm.base(Double.self) + xm.offset, lda: lx,
          b: ym.base(Double.self) + ym.offset, ldb: ly, c: out.base(Double.self) + out.offset, ldc: n)
      }
    case .uint8: integerGemm(x, y, out, UInt8.self)
    case .int32: integerGemm(x, y, out, Int32.self)
    case .int64, .bool: integerGemm(x, y, out, Int64.self)
    }
  }

  /// A 2-D view as BLAS wants it: row-major with unit column stride, or a transposed
  /// one (unit row stride), else a contiguous copy. Returns (matrix, transposed, ld).
  private func blasOperand() throws -> (Tensor, Bool, Int) {
    let (r, c) = (shape[0], shape[1])
    if strides[1] == 1 && strides[0] >= Swift.max(c, 1) { return (self, false, strides[0]) }
    if strides[0] == 1 && strides[1] >= Swift.max(r, 1) { return (self, true, strides[1]) }
    let copy = try self.copy()
    return (copy, false, Swift.max(c, 1))
  }

  private static func integerGemm<T: IntegerArithmetic>(_ x: Tensor, _ y: Tensor, _ out: Tensor, _: T.Type) {
    let (m, k, n) = (x.shape[0], x.shape[1], y.shape[1])
    let px = x.base(T.self)
    let py = y.base(T.self)
    let po = out.base(T.self) + out.offset
    for i in 0..<m {
      for p in 0..<k {
        let a = px[x.offset + i * x.strides[0] + p * x.strides[1]]
        if a == 0 { continue }
        let rowB = y.offset + p * y.strides[0]
        for j in 0..<n {
          po[i * n + j] = T.add(po[i * n + j], T.mul(a, py[rowB + j * y.strides[1]]))
        }
      }
    }
  }
}
