// Lazy OpenBLAS loader: chooses kernels and threads, then dlopens the library.
#define _GNU_SOURCE
#include "dnnblas.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { kRowMajor = 101, kNoTrans = 111, kTrans = 112 };

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int,
                         const float *, int, float, float *, int);
typedef void (*dgemm_fn)(int, int, int, int, int, int, double, const double *, int,
                         const double *, int, double, double *, int);
typedef char *(*string_fn)(void);
typedef void (*set_threads_fn)(int);
typedef int (*get_threads_fn)(void);

static int openblas_threads_from_env = 0;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int load_status = -1;
static char load_error[512] = "";
static char choice[1536] = "";
static sgemm_fn p_sgemm;
static dgemm_fn p_dgemm;
static string_fn p_corename;
static string_fn p_config;
static set_threads_fn p_set_threads;
static get_threads_fn p_get_threads;
static void *lib_handle;
static char lib_prefix[16] = "";

int dnnblas_cpu_has_avx512(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
#else
  return 0;
#endif
}

static int env_set(const char *name) {
  const char *v = getenv(name);
  return v != NULL && v[0] != '\0';
}

/// `dlsym` of `prefix` + `name`.
static void *lookup(void *handle, const char *prefix, const char *name) {
  char full[128];
  snprintf(full, sizeof full, "%s%s", prefix, name);
  return dlsym(handle, full);
}

static void choose_and_load(void) {
  // Kernels: Debian's DYNAMIC_ARCH build cannot identify many virtualised
  // AVX-512 CPUs by model number and falls back to Haswell (AVX2) kernels.
  // When the CPU reports the AVX-512 subsets SkylakeX kernels need, ask for them.
  const char *core_reason;
  if (env_set("OPENBLAS_CORETYPE")) {
    core_reason = "OPENBLAS_CORETYPE from the environment";
  } else if (dnnblas_cpu_has_avx512()) {
    setenv("OPENBLAS_CORETYPE", "SkylakeX", 0);
    core_reason = "SkylakeX: the CPU has AVX-512 F/BW/DQ/VL";
  } else {
    core_reason = "OpenBLAS's own CPU detection";
  }
  // Threads: OpenBLAS runs single-threaded and dnnlab splits large products over its own
  // pool, one thread per CPU (see run_gemm). An explicit OPENBLAS_NUM_THREADS (or GOTO_/OMP_)
  // hands the threading back to OpenBLAS and keeps the pool to one thread.
  const char *thread_reason;
  static char thread_text[128];
  if (env_set("OPENBLAS_NUM_THREADS") || env_set("GOTO_NUM_THREADS") || env_set("OMP_NUM_THREADS")) {
    dnnpool_set_width(1);
    openblas_threads_from_env = 1;
    thread_reason = "OpenBLAS threads from the environment";
  } else {
    setenv("OPENBLAS_NUM_THREADS", "1", 1);
    snprintf(thread_text, sizeof thread_text, "%d thread(s), one per CPU, splitting products in dnnlab",
             dnnpool_width());
    thread_reason = thread_text;
  }
  snprintf(choice, sizeof choice, "%s; %s", core_reason, thread_reason);

  // Libraries, best first: a newer OpenBLAS that `make setup` unpacks from PyPI's
  // scipy-openblas32 wheel (0.3.34; its symbols carry a `scipy_` prefix), then the system's.
  // Measured here: 182 against 161 GFLOPS for the kernel-gradient product of Dense(512).
  char home_lib[1024] = "";
  const char *home = getenv("HOME");
  if (home != NULL && home[0] != '\0') {
    snprintf(home_lib, sizeof home_lib, "%s/.dnnlab/lib/libscipy_openblas.so", home);
  }
  const char *override = getenv("DNNLAB_OPENBLAS");
  struct candidate { const char *path; const char *prefix; };
  struct candidate candidates[] = {
      {override != NULL && override[0] != '\0' ? override : NULL, ""},
      {home_lib[0] != '\0' ? home_lib : NULL, "scipy_"},
      {"libopenblas.so.0", ""},
      {"libopenblas.so", ""},
      {"/usr/lib/x86_64-linux-gnu/libopenblas.so.0", ""},
      {"/usr/lib/aarch64-linux-gnu/libopenblas.so.0", ""},
      {"libopenblas.dylib", ""}};
  void *handle = NULL;
  const char *prefix = "";
  const char *loaded = "";
  for (size_t i = 0; i < sizeof candidates / sizeof candidates[0] && handle == NULL; i++) {
    if (candidates[i].path == NULL) continue;
    handle = dlopen(candidates[i].path, RTLD_NOW | RTLD_LOCAL);
    if (handle != NULL) {
      prefix = candidates[i].prefix;
      loaded = candidates[i].path;
      // An override may be either flavour: look for the prefixed name when the plain one is absent.
      if (i == 0 && dlsym(handle, "cblas_sgemm") == NULL) prefix = "scipy_";
    }
  }
  if (handle == NULL) {
    snprintf(load_error, sizeof load_error,
             "OpenBLAS was not found (libopenblas.so.0): run `make setup` or "
             "`apt-get install libopenblas-dev`");
    return;
  }
  size_t used = strlen(choice);
  snprintf(choice + used, sizeof choice - used, "; %s", loaded);
  lib_handle = handle;
  snprintf(lib_prefix, sizeof lib_prefix, "%s", prefix);
  p_sgemm = (sgemm_fn)lookup(handle, prefix, "cblas_sgemm");
  p_dgemm = (dgemm_fn)lookup(handle, prefix, "cblas_dgemm");
  p_corename = (string_fn)lookup(handle, prefix, "openblas_get_corename");
  p_config = (string_fn)lookup(handle, prefix, "openblas_get_config");
  p_set_threads = (set_threads_fn)lookup(handle, prefix, "openblas_set_num_threads");
  p_get_threads = (get_threads_fn)lookup(handle, prefix, "openblas_get_num_threads");
  if (p_sgemm == NULL || p_dgemm == NULL) {
    snprintf(load_error, sizeof load_error, "the OpenBLAS library found (%s) lacks cblas_sgemm/cblas_dgemm", loaded);
    return;
  }
  load_status = 0;
}

int dnnblas_load(void) {
  pthread_once(&load_once, choose_and_load);
  return load_status;
}

const char *dnnblas_error(void) { return load_error; }

void *dnnblas_symbol(const char *name) {
  if (dnnblas_load() != 0 || lib_handle == NULL) return NULL;
  return lookup(lib_handle, lib_prefix, name);
}
const char *dnnblas_choice(void) { return choice; }

const char *dnnblas_core_name(void) {
  if (load_status != 0 || p_corename == NULL) return "";
  return p_corename();
}

const char *dnnblas_config(void) {
  if (load_status != 0 || p_config == NULL) return "";
  return p_config();
}

int dnnblas_num_threads(void) {
  if (load_status != 0) return 0;
  int blas = p_get_threads != NULL ? p_get_threads() : 1;
  int pool = dnnpool_width();
  return blas > pool ? blas : pool;
}

void dnnblas_set_num_threads(int threads) {
  if (dnnblas_load() != 0 || threads < 1) return;
  if (openblas_threads_from_env) {
    if (p_set_threads != NULL) p_set_threads(threads);
  } else {
    dnnpool_set_width(threads);
  }
}

// Products large enough to be worth two or more CPUs are split along their longer output
// dimension (so each part re-packs the smaller operand) and run on dnnpool's threads, with
// OpenBLAS itself single-threaded. Measured here against OpenBLAS's own threads: the same
// speed for the products alone, and the pool's threads are then free (not spinning inside
// OpenBLAS) for the element-wise work between products.
enum { kSplitAlignment = 16 };
static const double kSplitFlops = 8e6;

struct gemm_job {
  int is_double, trans_a, trans_b, m, n, k, lda, ldb, ldc, split_rows;
  double alpha, beta;
  const void *a, *b;
  void *c;
};

static void call_gemm(const struct gemm_job *j, int m, int n, const void *a, const void *b, void *c) {
  int ta = j->trans_a ? kTrans : kNoTrans, tb = j->trans_b ? kTrans : kNoTrans;
  if (j->is_double) {
    p_dgemm(kRowMajor, ta, tb, m, n, j->k, j->alpha, a, j->lda, b, j->ldb, j->beta, c, j->ldc);
  } else {
    p_sgemm(kRowMajor, ta, tb, m, n, j->k, (float)j->alpha, a, j->lda, b, j->ldb, (float)j->beta, c, j->ldc);
  }
}

static void gemm_part(void *context, int part, int parts) {
  const struct gemm_job *j = context;
  int total = j->split_rows ? j->m : j->n;
  long blocks = (total + kSplitAlignment - 1) / kSplitAlignment;
  long lo = blocks * part / parts * kSplitAlignment;
  long hi = part == parts - 1 ? total : blocks * (part + 1) / parts * kSplitAlignment;
  if (lo > total) lo = total;
  if (hi > total) hi = total;
  if (hi <= lo) return;
  size_t size = j->is_double ? sizeof(double) : sizeof(float);
  const char *a = j->a, *b = j->b;
  char *c = j->c;
  if (j->split_rows) {
    // Rows lo..<hi of op(A) and of C.
    const char *a_part = j->trans_a ? a + (size_t)lo * size : a + (size_t)lo * (size_t)j->lda * size;
    call_gemm(j, (int)(hi - lo), j->n, a_part, b, c + (size_t)lo * (size_t)j->ldc * size);
  } else {
    // Columns lo..<hi of op(B) and of C.
    const char *b_part = j->trans_b ? b + (size_t)lo * (size_t)j->ldb * size : b + (size_t)lo * size;
    call_gemm(j, j->m, (int)(hi - lo), a, b_part, c + (size_t)lo * size);
  }
}

static void run_gemm(struct gemm_job *j) {
  double flops = 2.0 * (double)j->m * (double)j->n * (double)j->k;
  int longest = j->m > j->n ? j->m : j->n;
  if (flops < kSplitFlops || longest < 2 * kSplitAlignment || dnnpool_width() < 2) {
    call_gemm(j, j->m, j->n, j->a, j->b, j->c);
    return;
  }
  j->split_rows = j->m >= j->n;
  dnnpool_run(gemm_part, j);
}

void dnnblas_sgemm(int transA, int transB, int m, int n, int k, float alpha, const float *a,
                   int lda, const float *b, int ldb, float beta, float *c, int ldc) {
  if (dnnblas_load() != 0) return;
  struct gemm_job j = {0, transA, transB, m, n, k, lda, ldb, ldc, 0, alpha, beta, a, b, c};
  run_gemm(&j);
}

void dnnblas_dgemm(int transA, int transB, int m, int n, int k, double alpha, const double *a,
                   int lda, const double *b, int ldb, double beta, double *c, int ldc) {
  if (dnnblas_load() != 0) return;
  struct gemm_job j = {1, transA, transB, m, n, k, lda, ldb, ldc, 0, alpha, beta, a, b, c};
  run_gemm(&j);
}
