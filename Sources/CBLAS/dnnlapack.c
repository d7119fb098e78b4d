// LAPACK through the OpenBLAS handle dnnblas opened: Fortran calling convention (all
// arguments by reference, a hidden length after the arguments for each character one).
#include "dnnlapack.h"

#include <stddef.h>
#include <stdlib.h>

#include "dnnblas.h"

typedef void (*gesv_d)(int *, int *, double *, int *, int *, double *, int *, int *);
typedef void (*getrf_d)(int *, int *, double *, int *, int *, int *);
typedef void (*gesdd_d)(char *, int *, int *, double *, int *, double *, double *, int *, double *, int *,
                        double *, int *, int *, int *, size_t);
typedef void (*geev_d)(char *, char *, int *, double *, int *, double *, double *, double *, int *, double *,
                       int *, double *, int *, int *, size_t, size_t);
typedef void (*syevd_d)(char *, char *, int *, double *, int *, double *, double *, int *, int *, int *,
                        int *, size_t, size_t);

static int max1(int n) { return n > 1 ? n : 1; }

#define DEFINE_GESV(NAME, FN, T, SYMBOL)                              \
  int NAME(int n, int nrhs, T *a, int *ipiv, T *b) {                  \
    FN f = (FN)dnnblas_symbol(SYMBOL);                                \
    if (f == NULL) return DNNLAPACK_MISSING;                          \
    int lda = max1(n), ldb = max1(n), info = 0;                       \
    f(&n, &nrhs, a, &lda, ipiv, b, &ldb, &info);                      \
    return info;                                                      \
  }
DEFINE_GESV(dnnlapack_dgesv, gesv_d, double, "dgesv_")

#define DEFINE_GETRF(NAME, FN, T, SYMBOL)                             \
  int NAME(int m, int n, T *a, int *ipiv) {                           \
    FN f = (FN)dnnblas_symbol(SYMBOL);                                \
    if (f == NULL) return DNNLAPACK_MISSING;                          \
    int lda = max1(m), info = 0;                                      \
    f(&m, &n, a, &lda, ipiv, &info);                                  \
    return info;                                                      \
  }
DEFINE_GETRF(dnnlapack_dgetrf, getrf_d, double, "dgetrf_")

// The workspace size comes from a query call (lwork = -1), as NumPy sizes it.
#define DEFINE_GESDD(NAME, FN, T, SYMBOL)                                                        \
  int NAME(char jobz, int m, int n, T *a, T *s, T *u, T *vt) {                                   \
    FN f = (FN)dnnblas_symbol(SYMBOL);                                                           \
    if (f == NULL) return DNNLAPACK_MISSING;                                                     \
    int k = m < n ? m : n;                                                                       \
    int lda = max1(m), ldu = max1(m), ldvt = max1(jobz == 'A' ? n : (jobz == 'N' ? 1 : k)), info = 0, lwork = -1; \
    T query = 0, dummy = 0;                                                                      \
    int *iwork = malloc(sizeof(int) * (size_t)max1(8 * k));                                      \
    if (iwork == NULL) return DNNLAPACK_NO_MEMORY;                                               \
    if (u == NULL) u = &dummy;                                                                   \
    if (vt == NULL) vt = &dummy;                                                                 \
    f(&jobz, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, &query, &lwork, iwork, &info, 1);           \
    if (info == 0 && !(query < 2147483647.0)) info = DNNLAPACK_NO_MEMORY;                        \
    if (info == 0) {                                                                             \
      lwork = max1((int)query);                                                                  \
      T *work = malloc(sizeof(T) * (size_t)lwork);                                               \
      if (work == NULL) {                                                                        \
        free(iwork);                                                                             \
        return DNNLAPACK_NO_MEMORY;                                                              \
      }                                                                                          \
      f(&jobz, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, &info, 1);           \
      free(work);                                                                                \
    }                                                                                            \
    free(iwork);                                                                                 \
    return info;                                                                                 \
  }
DEFINE_GESDD(dnnlapack_dgesdd, gesdd_d, double, "dgesdd_")

#define DEFINE_SYEVD(NAME, FN, T, SYMBOL)                                                        \
  int NAME(char jobz, char uplo, int n, T *a, T *w) {                                            \
    FN f = (FN)dnnblas_symbol(SYMBOL);                                                           \
    if (f == NULL) return DNNLAPACK_MISSING;                                                     \
    int lda = max1(n), info = 0, lwork = -1, liwork = -1, iquery = 0;                            \
    T query = 0;                                                                                 \
    f(&jobz, &uplo, &n, a, &lda, w, &query, &lwork, &iquery, &liwork, &info, 1, 1);              \
    if (info != 0) return info;                                                                  \
    if (!(query < 2147483647.0)) return DNNLAPACK_NO_MEMORY; /* beyond LAPACK's int sizes */     \
    lwork = max1((int)query);                                                                    \
    liwork = max1(iquery);                                                                       \
    T *work = malloc(sizeof(T) * (size_t)lwork);                                                 \
    int *iwork = malloc(sizeof(int) * (size_t)liwork);                                           \
    if (work == NULL || iwork == NULL) {                                                         \
      free(work);                                                                                \
      free(iwork);                                                                               \
      return DNNLAPACK_NO_MEMORY;                                                                \
    }                                                                                            \
    f(&jobz, &uplo, &n, a, &lda, w, work, &lwork, iwork, &liwork, &info, 1, 1);                  \
    free(work);                                                                                  \
    free(iwork);                                                                                 \
    return info;                                                                                 \
  }
DEFINE_SYEVD(dnnlapack_dsyevd, syevd_d, double, "dsyevd_")

int dnnlapack_dgeev(char jobvr, int n, double *a, double *wr, double *wi, double *vr) {
  geev_d f = (geev_d)dnnblas_symbol("dgeev_");
  if (f == NULL) return DNNLAPACK_MISSING;
  char jobvl = 'N';
  int lda = max1(n), ldvl = 1, ldvr = max1(jobvr == 'V' ? n : 1), info = 0, lwork = -1;
  double query = 0, dummy = 0;
  if (vr == NULL) vr = &dummy;
  f(&jobvl, &jobvr, &n, a, &lda, wr, wi, &dummy, &ldvl, vr, &ldvr, &query, &lwork, &info, 1, 1);
  if (info != 0) return info;
  if (!(query < 2147483647.0)) return DNNLAPACK_NO_MEMORY;
  lwork = max1((int)query);
  double *work = malloc(sizeof(double) * (size_t)lwork);
  if (work == NULL) return DNNLAPACK_NO_MEMORY;
  f(&jobvl, &jobvr, &n, a, &lda, wr, wi, &dummy, &ldvl, vr, &ldvr, work, &lwork, &info, 1, 1);
  free(work);
  return info;
}
