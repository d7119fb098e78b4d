// LAPACK routines from the OpenBLAS that dnnblas loads, for NumPy's linear algebra (which
// computes in float64 whatever the input's dtype).
//
// Matrices are column-major (Fortran order), as LAPACK takes them. Every function returns
// LAPACK's `info` (0 on success, > 0 for a singular matrix or a failed convergence, < 0 for
// a bad argument), or DNNLAPACK_MISSING when the loaded library lacks the routine, or
// DNNLAPACK_NO_MEMORY when a workspace could not be allocated.
#ifndef DNNLAPACK_H
#define DNNLAPACK_H

#ifdef __cplusplus
extern "C" {
#endif

enum { DNNLAPACK_MISSING = -1000, DNNLAPACK_NO_MEMORY = -1001 };

/// Solves A X = B for n×n A and n×nrhs B (both overwritten: A by its LU factors, B by X).
/// `ipiv` holds n pivots.
int dnnlapack_dgesv(int n, int nrhs, double *a, int *ipiv, double *b);

/// LU factorisation with partial pivoting of an m×n matrix in place; `ipiv` holds min(m, n)
/// 1-based row swaps.
int dnnlapack_dgetrf(int m, int n, double *a, int *ipiv);

/// Singular value decomposition of an m×n matrix by divide and conquer (destroys `a`).
/// `jobz` 'N' gives the min(m, n) singular values `s` only; 'S' also the m×min(m, n) `u`
/// and the min(m, n)×n `vt`; 'A' the m×m `u` and n×n `vt`.
int dnnlapack_dgesdd(char jobz, int m, int n, double *a, double *s, double *u, double *vt);

/// Eigenvalues `w` (ascending) and, for jobz 'V', eigenvectors (in `a`'s columns) of a
/// symmetric n×n matrix, reading the triangle `uplo` ('L' or 'U').
int dnnlapack_dsyevd(char jobz, char uplo, int n, double *a, double *w);

/// Eigenvalues (`wr` + i `wi`) and, for jobvr 'V', right eigenvectors (`vr`, n×n, columns;
/// a complex pair's real and imaginary parts in two columns) of a general n×n matrix.
int dnnlapack_dgeev(char jobvr, int n, double *a, double *wr, double *wi, double *vr);

#ifdef __cplusplus
}
#endif

#endif
