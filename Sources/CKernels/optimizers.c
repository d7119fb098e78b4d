// Wide-vector optimizer updates: see dnnkernels.h.
#include "dnnkernels.h"

// The formulas must round each operation separately, as the Swift fallback and TensorFlow do.
#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>

int dnnk_vector_width(void) {
  // Cheap after the first call: both read flags the runtime filled in once.
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return 16;
  if (__builtin_cpu_supports("avx2")) return 8;
  return 0;
}

__attribute__((target("avx512f"))) static long rmsprop16(float *w, const float *g, float *v, long n,
                                                         float lr, float rho, float omr, float eps) {
  const __m512 vrho = _mm512_set1_ps(rho), vomr = _mm512_set1_ps(omr), veps = _mm512_set1_ps(eps),
               vlr = _mm512_set1_ps(lr);
  long end = n & ~15L;
  for (long i = 0; i < end; i += 16) {
    __m512 gi = _mm512_loadu_ps(g + i);
    __m512 vi = _mm512_add_ps(_mm512_mul_ps(vrho, _mm512_loadu_ps(v + i)),
                              _mm512_mul_ps(vomr, _mm512_mul_ps(gi, gi)));
    _mm512_storeu_ps(v + i, vi);
    __m512 step = _mm512_div_ps(_mm512_mul_ps(vlr, gi), _mm512_sqrt_ps(_mm512_add_ps(vi, veps)));
    _mm512_storeu_ps(w + i, _mm512_sub_ps(_mm512_loadu_ps(w + i), step));
  }
  return end;
}

__attribute__((target("avx2"))) static long rmsprop8(float *w, const float *g, float *v, long n, float lr,
                                                     float rho, float omr, float eps) {
  const __m256 vrho = _mm256_set1_ps(rho), vomr = _mm256_set1_ps(omr), veps = _mm256_set1_ps(eps),
               vlr = _mm256_set1_ps(lr);
  long end = n & ~7L;
  for (long i = 0; i < end; i += 8) {
    __m256 gi = _mm256_loadu_ps(g + i);
    __m256 vi = _mm256_add_ps(_mm256_mul_ps(vrho, _mm256_loadu_ps(v + i)),
                              _mm256_mul_ps(vomr, _mm256_mul_ps(gi, gi)));
    _mm256_storeu_ps(v + i, vi);
    __m256 step = _mm256_div_ps(_mm256_mul_ps(vlr, gi), _mm256_sqrt_ps(_mm256_add_ps(vi, veps)));
    _mm256_storeu_ps(w + i, _mm256_sub_ps(_mm256_loadu_ps(w + i), step));
  }
  return end;
}

__attribute__((target("avx512f"))) static long adam16(float *w, const float *g, float *m, float *v, long n,
                                                      float alpha, float c1, float c2, float eps) {
  const __m512 vc1 = _mm512_set1_ps(c1), vc2 = _mm512_set1_ps(c2), veps = _mm512_set1_ps(eps),
               valpha = _mm512_set1_ps(alpha);
  long end = n & ~15L;
  for (long i = 0; i < end; i += 16) {
    __m512 gi = _mm512_loadu_ps(g + i), m0 = _mm512_loadu_ps(m + i), v0 = _mm512_loadu_ps(v + i);
    __m512 mi = _mm512_add_ps(m0, _mm512_mul_ps(_mm512_sub_ps(gi, m0), vc1));
    __m512 vi = _mm512_add_ps(v0, _mm512_mul_ps(_mm512_sub_ps(_mm512_mul_ps(gi, gi), v0), vc2));
    _mm512_storeu_ps(m + i, mi);
    _mm512_storeu_ps(v + i, vi);
    __m512 step = _mm512_div_ps(_mm512_mul_ps(mi, valpha), _mm512_add_ps(_mm512_sqrt_ps(vi), veps));
    _mm512_storeu_ps(w + i, _mm512_sub_ps(_mm512_loadu_ps(w + i), step));
  }
  return end;
}

__attribute__((target("avx2"))) static long adam8(float *w, const float *g, float *m, float *v, long n,
                                                  float alpha, float c1, float c2, float eps) {
  const __m256 vc1 = _mm256_set1_ps(c1), vc2 = _mm256_set1_ps(c2), veps = _mm256_set1_ps(eps),
               valpha = _mm256_set1_ps(alpha);
  long end = n & ~7L;
  for (long i = 0; i < end; i += 8) {
    __m256 gi = _mm256_loadu_ps(g + i), m0 = _mm256_loadu_ps(m + i), v0 = _mm256_loadu_ps(v + i);
    __m256 mi = _mm256_add_ps(m0, _mm256_mul_ps(_mm256_sub_ps(gi, m0), vc1));
    __m256 vi = _mm256_add_ps(v0, _mm256_mul_ps(_mm256_sub_ps(_mm256_mul_ps(gi, gi), v0), vc2));
    _mm256_storeu_ps(m + i, mi);
    _mm256_storeu_ps(v + i, vi);
    __m256 step = _mm256_div_ps(_mm256_mul_ps(mi, valpha), _mm256_add_ps(_mm256_sqrt_ps(vi), veps));
    _mm256_storeu_ps(w + i, _mm256_sub_ps(_mm256_loadu_ps(w + i), step));
  }
  return end;
}

long dnnk_rmsprop(float *w, const float *g, float *v, long n, float lr, float rho, float one_minus_rho,
                  float eps) {
  switch (dnnk_vector_width()) {
    case 16: return rmsprop16(w, g, v, n, lr, rho, one_minus_rho, eps);
    case 8: return rmsprop8(w, g, v, n, lr, rho, one_minus_rho, eps);
    default: return 0;
  }
}

long dnnk_adam(float *w, const float *g, float *m, float *v, long n, float alpha, float c1, float c2,
               float eps) {
  switch (dnnk_vector_width()) {
    case 16: return adam16(w, g, m, v, n, alpha, c1, c2, eps);
    case 8: return adam8(w, g, m, v, n, alpha, c1, c2, eps);
    default: return 0;
  }
}

#else

int dnnk_vector_width(void) { return 0; }
long dnnk_rmsprop(float *w, const float *g, float *v, long n, float lr, float rho, float one_minus_rho,
                  float eps) {
  (void)w, (void)g, (void)v, (void)n, (void)lr, (void)rho, (void)one_minus_rho, (void)eps;
  return 0;
}
long dnnk_adam(float *w, const float *g, float *m, float *v, long n, float alpha, float c1, float c2,
               float eps) {
  (void)w, (void)g, (void)m, (void)v, (void)n, (void)alpha, (void)c1, (void)c2, (void)eps;
  return 0;
}

#endif
