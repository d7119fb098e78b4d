// A tiny fork-join pool for the training step's element-wise work.
//
// OpenBLAS parallelises the matrix products itself; the optimizer updates and batch
// gathers between them ran on one core while the other sat idle. `dnnpool_run` splits such
// a loop into one part per CPU: part 0 runs on the caller, the others on persistent worker
// threads that spin briefly between parts (the step's phases follow each other within
// microseconds) and then sleep.
#ifndef DNNPOOL_H
#define DNNPOOL_H

#ifdef __cplusplus
extern "C" {
#endif

/// A part of the work: `part` in 0..<`parts`.
typedef void (*dnnpool_task)(void *context, int part, int parts);

/// Parts `dnnpool_run` splits work into: the CPUs online (at most 16), or 1.
int dnnpool_width(void);

/// Sets the width (1 runs everything on the caller). Values are clamped to 1...16.
void dnnpool_set_width(int width);

/// Calls `task(context, p, parts)` for every part and returns when all are done. Runs every
/// part on the caller when the pool is busy (another thread's run, or a nested call) or
/// its width is 1, so it is safe from any thread.
void dnnpool_run(dnnpool_task task, void *context);

#ifdef __cplusplus
}
#endif

#endif
