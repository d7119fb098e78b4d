// Fork-join pool: see dnnpool.h.
#define _GNU_SOURCE
#include "dnnpool.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

enum { kMaxWidth = 16, kSpinRounds = 2000 };

static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t busy = PTHREAD_MUTEX_INITIALIZER;  // held by the thread running work
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;

static int started_workers = 0;      // threads created (width - 1 at start)
static _Atomic int width = 1;        // parts per run
static _Atomic unsigned long generation = 0;  // bumped once per run
static _Atomic int sleepers = 0;
static _Atomic int pending = 0;      // worker parts not yet finished in this run
static dnnpool_task current_task;
static void *current_context;
static int current_parts;
static unsigned current_csr;  // the caller's floating-point control word for this run

// Parts run with the caller's floating-point modes (MXCSR: flush-to-zero, denormals-are-zero,
// rounding), so a run gives the same numbers and speed as if the caller did every part itself.
static inline unsigned float_modes(void) {
#if defined(__x86_64__) || defined(__i386__)
  return _mm_getcsr();
#else
  return 0;
#endif
}

static inline void set_float_modes(unsigned modes) {
#if defined(__x86_64__) || defined(__i386__)
  // Keep the worker's exception flags out of it: only the control bits are copied.
  _mm_setcsr((_mm_getcsr() & 0x3Fu) | (modes & ~0x3Fu));
#else
  (void)modes;
#endif
}

static inline void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *worker_main(void *arg) {
  int index = (int)(long)arg;  // this worker runs part index + 1
  unsigned long seen = 0;
  for (;;) {
    // Wait for the next run: briefly with `pause`, then yielding (so OpenBLAS's own threads
    // get this CPU for the products in between), then asleep after about 2 ms of nothing.
    unsigned long now = atomic_load(&generation);
    double deadline = 0;
    for (int spin = 0; now == seen; spin++) {
      if (spin < 64) {
        relax();
      } else {
        if ((spin & 63) == 0) {
          double t = seconds();
          if (deadline == 0) deadline = t + 0.002;
          else if (t > deadline) break;
        }
        sched_yield();
      }
      now = atomic_load(&generation);
    }
    if (now == seen) {
      pthread_mutex_lock(&sleep_lock);
      atomic_fetch_add(&sleepers, 1);
      while ((now = atomic_load(&generation)) == seen) pthread_cond_wait(&wake, &sleep_lock);
      atomic_fetch_sub(&sleepers, 1);
      pthread_mutex_unlock(&sleep_lock);
    }
    seen = now;
    int parts = current_parts;
    if (index + 1 < parts) {
      set_float_modes(current_csr);
      current_task(current_context, index + 1, parts);
      atomic_fetch_sub(&pending, 1);
    }
  }
  return NULL;
}

static void start_workers(void) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  if (cpus < 1) cpus = 1;
  if (cpus > kMaxWidth) cpus = kMaxWidth;
  // Workers take no signals (they inherit the mask): SIGINT and friends go to the threads
  // that handle them.
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  for (long i = 0; i < cpus - 1; i++) {
    pthread_t thread;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&thread, &attr, worker_main, (void *)i) == 0) started_workers++;
    pthread_attr_destroy(&attr);
  }
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  atomic_store(&width, started_workers + 1);
}

int dnnpool_width(void) {
  pthread_once(&start_once, start_workers);
  return atomic_load(&width);
}

void dnnpool_set_width(int w) {
  pthread_once(&start_once, start_workers);
  if (w < 1) w = 1;
  if (w > started_workers + 1) w = started_workers + 1;
  atomic_store(&width, w);
}

void dnnpool_run(dnnpool_task task, void *context) {
  int parts = dnnpool_width();
  if (parts <= 1 || pthread_mutex_trylock(&busy) != 0) {
    for (int p = 0; p < parts; p++) task(context, p, parts);
    return;
  }
  current_task = task;
  current_context = context;
  current_parts = parts;
  current_csr = float_modes();
  atomic_store(&pending, parts - 1);
  atomic_fetch_add(&generation, 1);  // publishes the task (sequentially consistent)
  if (atomic_load(&sleepers) > 0) {
    pthread_mutex_lock(&sleep_lock);
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&sleep_lock);
  }
  task(context, 0, parts);
  for (unsigned spin = 0; atomic_load(&pending) > 0; spin++) {
    if (spin < kSpinRounds) relax(); else sched_yield();  // a part is rarely slower than ~0.3 ms
  }
  pthread_mutex_unlock(&busy);
}
