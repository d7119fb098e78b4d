// Optimizer update loops in C, so that they can use the CPU's widest vectors (AVX-512 or
// AVX2, chosen at run time) where Swift code is compiled for the x86-64 baseline (SSE2).
//
// Each function computes exactly what the scalar formula in the Swift optimizer computes:
// every multiply, add, divide and square root is rounded on its own (no fused multiply-add),
// in the order TensorFlow's separate ops use, so results are bit-identical on every path.
#ifndef DNNKERNELS_H
#define DNNKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// The vector width in floats these kernels use on this CPU: 16 (AVX-512), 8 (AVX2) or 0 when
/// neither is available and the caller should use its own loop.
int dnnk_vector_width(void);

/// RMSprop without momentum or centring, elements 0..<n:
/// v = rho*v + one_minus_rho*(g*g); w = w - (lr*g) / sqrt(v + eps).
/// Returns the number of elements done (a multiple of the vector width; 0 without wide vectors).
long dnnk_rmsprop(float *w, const float *g, float *v, long n, float lr, float rho, float one_minus_rho,
                  float eps);

/// Adam without AMSGrad, elements 0..<n:
/// m = m + (g - m)*c1; v = v + (g*g - v)*c2; w = w - (m*alpha) / (sqrt(v) + eps).
/// Returns the number of elements done, as dnnk_rmsprop.
long dnnk_adam(float *w, const float *g, float *m, float *v, long n, float alpha, float c1, float c2,
               float eps);

#ifdef __cplusplus
}
#endif

#endif
