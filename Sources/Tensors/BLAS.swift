import CBLAS

/// Matrix products on OpenBLAS, loaded on first use (see `Sources/CBLAS`).
public enum BLAS {
  /// Loads OpenBLAS if needed; throws a `RuntimeError` naming the fix when it is missing.
  public static func ensureLoaded() throws {
    if dnnblas_load() != 0 {
      throw TensorError(.runtimeError, String(cString: dnnblas_error()), hint: "run `make setup`")
    }
  }

  /// OpenBLAS's kernel family in use (`SkylakeX`, `Haswell`, …); loads the library.
  public static var coreName: String {
    (try? ensureLoaded()) == nil ? "unavailable" : String(cString: dnnblas_core_name())
  }

  /// Threads for matrix products (dnnlab's pool splitting them, or OpenBLAS's own when
  /// `OPENBLAS_NUM_THREADS` is set); loads the library. Setting it also sizes ``Parallel``.
  public static var threads: Int {
    get { (try? ensureLoaded()) == nil ? 0 : Int(dnnblas_num_threads()) }
    set { dnnblas_set_num_threads(Int32(newValue)) }
  }

  /// What was chosen for kernels and threads, and why.
  public static var choice: String {
    _ = try? ensureLoaded()
    return String(cString: dnnblas_choice())
  }

  /// Row-major `C = alpha * op(A) * op(B) + beta * C` in float32. `A` is m×k after `op`,
  /// `B` is k×n after `op`; leading dimensions are row strides. Callers guarantee
  /// the buffers hold the matrices described.
  @inline(__always)
  public static func sgemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
    c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    dnnblas_sgemm(
      transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
      beta, c, Int32(ldc))
  }

  /// Float64 counterpart of ``sgemm``.
  @inline(__always)
  public static func dgemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Double = 1,
    a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int, beta: Double = 0,
    c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    dnnblas_dgemm(
      transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
      beta, c, Int32(ldc))
  }
}
