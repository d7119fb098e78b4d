import Script
import Tensors

/// `numpy.linalg` (beside `norm`, in NumPyArrayFunctions): `inv det slogdet solve pinv
/// matrix_rank svd eig eigvals eigh eigvalsh` and `LinAlgError`, on
/// LAPACK through the Tensors library. Integer and bool inputs compute in float64, float32
/// results stay float32; stacks of matrices (leading batch axes) work everywhere NumPy allows.
enum NumPyLinalg {
  /// Adds the functions to `linalg`.
  static func install(_ linalg: ModuleObject) {
    func result(_ body: () throws -> Tensor) throws -> Value { Convert.value(try Convert.tensors(body)) }
    linalg.attributes["LinAlgError"] = .object(HostTypeObject("numpy.linalg.LinAlgError") { _ in false })

    linalg.addFunction("inv", signature: "a", documentation: "The inverse of each square matrix in `a`.") {
      a, _ in
      let t = try Convert.tensor(a["a"])
      return try result { try t.inverse() }
    }
    linalg.addFunction("det", signature: "a", documentation: "The determinant of each square matrix in `a`.")
    {
      a, _ in
      let t = try Convert.tensor(a["a"])
      return try result { try t.determinant() }
    }
    linalg.addFunction(
      "slogdet", signature: "a",
      documentation: "SlogdetResult(sign, logabsdet) of each square matrix; sign 0 and -inf when singular."
    ) { a, _ in
      let t = try Convert.tensor(a["a"])
      let (sign, log) = try Convert.tensors { try t.signAndLogDeterminant() }
      return .object(
        NamedTupleObject(
          name: "SlogdetResult", qualifiedName: "numpy.linalg._linalg.SlogdetResult",
          fields: ["sign", "logabsdet"],
          values: [Convert.value(sign), Convert.value(log)]))
    }
    linalg.addFunction(
      "solve", signature: "a, b", documentation: "x with a @ x == b; a 1-d b is a single right-hand side."
    ) { a, _ in
      let (x, y) = (try Convert.tensor(a["a"]), try Convert.tensor(a["b"]))
      return try result { try Tensor.solve(x, y) }
    }
    linalg.addFunction(
      "pinv", signature: "a, rcond=None, hermitian=False, *, rtol='<no value>'",
      documentation: "The pseudo-inverse; rcond defaults to 1e-15 (rtol=None: max(M, N) * eps)."
    ) { a, _ in
      let t = try Convert.tensor(a["a"])
      try noHermitian(a, "pinv")
      var rtolGiven = true
      if case .str("<no value>") = a["rtol"] { rtolGiven = false }
      let rcond: Tensor
      if !a["rcond"].isNone {
        guard !rtolGiven else { throw ScriptError(.valueError, "`rtol` and `rcond` can't be both set.") }
        rcond = try Convert.tensor(a["rcond"])
      } else if !rtolGiven {
        rcond = Tensor(scalar: 1e-15, isScalar: false)
      } else if a["rtol"].isNone {
        let size = t.ndim >= 2 ? max(t.shape[t.ndim - 1], t.shape[t.ndim - 2]) : 1
        let eps = t.dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
        rcond = Tensor(scalar: Double(size) * eps, isScalar: false)
      } else {
        rcond = try Convert.tensor(a["rtol"])
      }
      return try result { try t.pseudoInverse(rcond: rcond) }
    }
    linalg.addFunction(
      "matrix_rank", signature: "A, tol=None, hermitian=False, *, rtol=None",
      documentation: "The number of singular values above tol (default: S.max() * max(M, N) * eps)."
    ) { a, _ in
      guard a["tol"].isNone || a["rtol"].isNone else {
        throw ScriptError(.valueError, "`tol` and `rtol` can't be both set.")
      }
      try noHermitian(a, "matrix_rank")
      let t = try Convert.tensor(a["A"])
      if t.ndim < 2 {
        // A vector's rank is 1 unless it is all zeros (a Python int, as NumPy's).
        return .int(t.toDoubles().contains { $0 != 0 } ? 1 : 0)
      }
      let tol = try scalar(a["tol"], "tol")
      let rtol = try scalar(a["rtol"], "rtol")
      return try result { try t.matrixRank(tol: tol, rtol: rtol) }
    }
    linalg.addFunction(
      "svd", signature: "a, full_matrices=True, compute_uv=True, hermitian=False",
      documentation: "SVDResult(U, S, Vh) with a == U @ (S[..., None] * Vh); S alone for compute_uv=False."
    ) { a, interp in
      let t = try Convert.tensor(a["a"])
      try noHermitian(a, "svd")
      let full = try interp.truthy(a["full_matrices"])
      let uv = try interp.truthy(a["compute_uv"])
      let (u, s, vh) = try Convert.tensors { try t.svd(fullMatrices: full, computeUV: uv) }
      guard let u, let vh else { return Convert.value(s) }
      return .object(
        NamedTupleObject(
          name: "SVDResult", qualifiedName: "numpy.linalg._linalg.SVDResult", fields: ["U", "S", "Vh"],
          values: [Convert.value(u), Convert.value(s), Convert.value(vh)]))
    }
    for name in ["eig", "eigvals"] {
      linalg.addFunction(
        name, signature: "a",
        documentation: "Eigenvalues\(name == "eig" ? " and right eigenvectors (columns)" : "") of square "
          + "matrices; dnnlab returns real spectra only."
      ) { a, _ in
        let t = try Convert.tensor(a["a"])
        let (w, v, isComplex) = try Convert.tensors { try t.generalEigen(vectors: name == "eig") }
        guard !isComplex else {
          throw ScriptError(
            .notImplementedError, "dnnlab has no complex arrays, and this matrix has complex eigenvalues",
            hint: "np.linalg.eigh handles symmetric matrices, whose eigenvalues are real")
        }
        guard let v else { return Convert.value(w) }
        return .object(
          NamedTupleObject(
            name: "EigResult", qualifiedName: "numpy.linalg._linalg.EigResult",
            fields: ["eigenvalues", "eigenvectors"], values: [Convert.value(w), Convert.value(v)]))
      }
    }
    for name in ["eigh", "eigvalsh"] {
      linalg.addFunction(
        name, signature: "a, UPLO='L'",
        documentation:
          "Eigenvalues (ascending)\(name == "eigh" ? " and eigenvectors" : "") of symmetric matrices."
      ) { a, _ in
        let uplo = try a.string("UPLO").uppercased()
        guard uplo == "L" || uplo == "U" else {
          throw ScriptError(.valueError, "UPLO argument must be 'L' or 'U'")
        }
        let t = try Convert.tensor(a["a"])
        let (w, v) = try Convert.tensors { try t.symmetricEigen(lower: uplo == "L", vectors: name == "eigh") }
        guard let v else { return Convert.value(w) }
        return .object(
          NamedTupleObject(
            name: "EighResult", qualifiedName: "numpy.linalg._linalg.EighResult",
            fields: ["eigenvalues", "eigenvectors"], values: [Convert.value(w), Convert.value(v)]))
      }
    }
  }

  /// dnnlab has no `hermitian=True` paths (they matter for complex matrices, which it lacks).
  private static func noHermitian(_ a: BoundArguments, _ function: String) throws {
    if case .bool(false) = a["hermitian"] { return }
    throw ScriptError(
      .notImplementedError, "dnnlab's np.linalg.\(function) does not take hermitian=True",
      hint: "leave out hermitian=; the general path gives the same result for real symmetric matrices")
  }

  /// An optional number argument (a Python number or a size-1 array).
  private static func scalar(_ v: Value, _ name: String) throws -> Double? {
    if v.isNone { return nil }
    let t = try Convert.tensor(v)
    guard t.count == 1 else {
      throw ScriptError(.notImplementedError, "dnnlab's matrix_rank takes a single number for \(name)=")
    }
    return t.toDoubles().first
  }
}
