/// Explicit 8-wide float32 vectors for the optimizer and element-wise loops. The compiler
/// does not vectorise loops that call `squareRoot()` or divide on its own (errno-compatible
/// `sqrtf`), so the hot updates are written on `SIMD8<Float>`; results are bit-identical to
/// the scalar IEEE operations.
typealias F8 = SIMD8<Float>

@inline(__always)
func load8(_ p: UnsafePointer<Float>, _ i: Int) -> F8 {
  UnsafeRawPointer(p + i).loadUnaligned(as: F8.self)
}

@inline(__always)
func load8(_ p: UnsafeMutablePointer<Float>, _ i: Int) -> F8 {
  UnsafeRawPointer(p + i).loadUnaligned(as: F8.self)
}

@inline(__always)
func store8(_ v: F8, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
  UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: F8.self)
}

/// The largest multiple of 8 not above `n`.
@inline(__always)
func vectorEnd(_ n: Int) -> Int { n & ~7 }

#if canImport(Glibc)
  import Glibc
#endif

#if arch(x86_64)
  import _Builtin_intrinsics.intel

  /// Lane-wise IEEE square root with SSE `sqrtps` (Swift's own lowers to `sqrtf` calls).
  @inline(__always)
  func vsqrt(_ v: F8) -> F8 {
    let lo: SIMD4<Float> = _mm_sqrt_ps(v.lowHalf)
    let hi: SIMD4<Float> = _mm_sqrt_ps(v.highHalf)
    return F8(lowHalf: lo, highHalf: hi)
  }
#else
  @inline(__always)
  func vsqrt(_ v: F8) -> F8 { v.squareRoot() }
#endif

/// Runs `body` with denormal floats flushed to zero (x86 MXCSR FTZ and DAZ), as TensorFlow
/// does in its kernels. Without it, optimizer state for weights whose gradient is always zero
/// (Fashion-MNIST's blank border pixels) decays into denormals and each step gets many times
/// slower. The previous mode is restored afterwards, so NumPy-style arithmetic elsewhere keeps
/// IEEE gradual underflow.
func withFlushedDenormals<R>(_ body: () throws -> R) rethrows -> R {
  #if arch(x86_64) && canImport(Glibc)
    var env = fenv_t()
    fegetenv(&env)
    var saved = env
    env.__mxcsr |= 0x8040
    fesetenv(&env)
    defer { fesetenv(&saved) }
  #endif
  return try body()
}
