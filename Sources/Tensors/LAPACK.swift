import CBLAS
import Foundation

/// A float type the LAPACK routines of OpenBLAS work in, with the calls
/// `Tensor+LinearAlgebra` makes. Only float64 conforms: NumPy runs every real linalg routine
/// in float64 and casts float32 results back. Matrices are column-major; every call returns
/// LAPACK's `info` or a `DNNLAPACK_*` code (see `Sources/CBLAS/include/dnnlapack.h`).
protocol LAPACKFloat: TensorElement, BinaryFloatingPoint {
  static var lapackPrefix: String { get }
  static func gesv(
    _ n: Int32, _ nrhs: Int32, _ a: UnsafeMutablePointer<Self>, _ ipiv: UnsafeMutablePointer<Int32>,
    _ b: UnsafeMutablePointer<Self>
  ) -> Int32
  static func getrf(
    _ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>, _ ipiv: UnsafeMutablePointer<Int32>
  )
    -> Int32
  static func gesdd(
    _ jobz: CChar, _ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>, _ s: UnsafeMutablePointer<Self>,
    _ u: UnsafeMutablePointer<Self>?, _ vt: UnsafeMutablePointer<Self>?
  ) -> Int32
  static func syevd(
    _ jobz: CChar, _ uplo: CChar, _ n: Int32, _ a: UnsafeMutablePointer<Self>,
    _ w: UnsafeMutablePointer<Self>
  ) -> Int32
  /// The natural logarithm in this type's precision (NumPy's `npy_log`/`npy_logf`).
  static func naturalLog(_ x: Self) -> Self
  /// `e` to the power `x` in this type's precision.
  static func naturalExp(_ x: Self) -> Self
}

extension Double: LAPACKFloat {
  static var lapackPrefix: String { "d" }
  static func gesv(
    _ n: Int32, _ nrhs: Int32, _ a: UnsafeMutablePointer<Double>, _ ipiv: UnsafeMutablePointer<Int32>,
    _ b: UnsafeMutablePointer<Double>
  ) -> Int32 { dnnlapack_dgesv(n, nrhs, a, ipiv, b) }
  static func getrf(
    _ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>, _ ipiv: UnsafeMutablePointer<Int32>
  )
    -> Int32
  { dnnlapack_dgetrf(m, n, a, ipiv) }
  static func gesdd(
    _ jobz: CChar, _ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>,
    _ s: UnsafeMutablePointer<Double>,
    _ u: UnsafeMutablePointer<Double>?, _ vt: UnsafeMutablePointer<Double>?
  ) -> Int32 { dnnlapack_dgesdd(jobz, m, n, a, s, u, vt) }
  static func syevd(
    _ jobz: CChar, _ uplo: CChar, _ n: Int32, _ a: UnsafeMutablePointer<Double>,
    _ w: UnsafeMutablePointer<Double>
  ) -> Int32 { dnnlapack_dsyevd(jobz, uplo, n, a, w) }
  static func naturalLog(_ x: Double) -> Double { Foundation.log(x) }
  static func naturalExp(_ x: Double) -> Double { Foundation.exp(x) }
}

/// Column-major scratch matrices for LAPACK, and `info` codes turned into errors.
enum LAPACKCall {
  /// Throws when the routine could not run (missing from the library, no memory for its
  /// workspace); otherwise returns `info`, where anything but 0 is the routine's failure (a
  /// singular matrix, no convergence, or NaN input, which LAPACK rejects as a bad argument).
  static func check(_ info: Int32, routine: String) throws -> Int32 {
    if info == Int32(DNNLAPACK_MISSING) {
      throw TensorError(
        .runtimeError, "the OpenBLAS library loaded lacks the LAPACK routine \(routine)_",
        hint: "install a full OpenBLAS (`make setup`)")
    }
    if info == Int32(DNNLAPACK_NO_MEMORY) {
      throw TensorError(.memoryError, "Unable to allocate workspace for LAPACK \(routine)")
    }
    return info
  }

  /// Throws when a dimension does not fit LAPACK's 32-bit integers.
  static func checkSize(_ dims: Int...) throws {
    for d in dims where d > Int(Int32.max) {
      throw TensorError(.valueError, "linalg: dimensions beyond 2^31 - 1 are not supported by LAPACK")
    }
  }

  /// Matrix `i` (rows×cols) of a contiguous row-major stack starting at `p`, in column-major order.
  static func columnMajor<T: TensorElement>(_ p: UnsafeMutablePointer<T>, _ i: Int, rows: Int, cols: Int)
    -> [T]
  {
    let base = p + i * rows * cols
    var out = [T]()
    out.reserveCapacity(rows * cols)
    for c in 0..<cols { for r in 0..<rows { out.append(base[r * cols + c]) } }
    return out
  }

  /// Writes the column-major rows×cols `buffer` as matrix `i` of a contiguous row-major stack.
  static func storeRowMajor<T: TensorElement>(
    _ buffer: [T], into p: UnsafeMutablePointer<T>, _ i: Int, rows: Int, cols: Int
  ) {
    let base = p + i * rows * cols
    for r in 0..<rows {
      for c in 0..<cols where c * rows + r < buffer.count { base[r * cols + c] = buffer[c * rows + r] }
    }
  }
}
