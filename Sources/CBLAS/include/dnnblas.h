// A thin shim over OpenBLAS, loaded with dlopen on first use.
//
// OpenBLAS reads OPENBLAS_CORETYPE and its thread-count variables in a
// constructor that runs when the library is loaded. Linking it normally would
// load it before `main`, too early to choose its kernels; loading it lazily lets
// dnnlab pick the kernels and thread count first (see dnnblas_load).
#ifndef DNNBLAS_H
#define DNNBLAS_H

#include <stddef.h>

#include "dnnpool.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Loads OpenBLAS once (thread-safe). Returns 0 on success; on failure, returns
/// -1 and `dnnblas_error()` says why.
int dnnblas_load(void);

/// The reason the last load failed, or an empty string.
const char *dnnblas_error(void);

/// The address of `name` (with the loaded library's symbol prefix, if any) in OpenBLAS,
/// loading it first; NULL when the library or the symbol is missing.
void *dnnblas_symbol(const char *name);

/// OpenBLAS's name for the kernels in use (e.g. "SkylakeX"), or "" before loading.
const char *dnnblas_core_name(void);

/// OpenBLAS's build configuration string, or "" before loading.
const char *dnnblas_config(void);

/// What dnnblas_load decided and why, for `--version` and the README.
const char *dnnblas_choice(void);

int dnnblas_num_threads(void);
void dnnblas_set_num_threads(int threads);

/// 1 when the CPU runs AVX-512 F, BW, DQ and VL (what OpenBLAS's SkylakeX kernels use).
int dnnblas_cpu_has_avx512(void);

/// Row-major GEMM: C = alpha * op(A) * op(B) + beta * C, op transposing when trans != 0.
void dnnblas_sgemm(int transA, int transB, int m, int n, int k, float alpha,
                   const float *a, int lda, const float *b, int ldb, float beta,
                   float *c, int ldc);
void dnnblas_dgemm(int transA, int transB, int m, int n, int k, double alpha,
                   const double *a, int lda, const double *b, int ldb, double beta,
                   double *c, int ldc);

#ifdef __cplusplus
}
#endif

#endif
