/*
 * A small fixed pool of worker threads shared by all kernels. The calling thread always takes part, so
 * trueno_threads() == 1 means no worker threads at all. When another caller (another worker_thread, another async
 * job) holds the pool, the call runs serially on its own thread instead of waiting: no deadlock, no oversubscription.
 * Reductions never depend on how work is split here: they use fixed-size blocks (see reduce.c) so the bits are the
 * same for every thread count.
 */
#ifndef TRUENO_THREADPOOL_H
#define TRUENO_THREADPOOL_H

#include <stddef.h>

/* Processes items [begin, end). */
typedef void (*trueno_range_fn)(void *ctx, size_t begin, size_t end);

/*
 * Runs fn over [0, n) in at most trueno_threads() contiguous ranges, each at least `grain` items long (a range
 * boundary is always a multiple of `align`, 1 for none). Returns when every range is done.
 */
void trueno_parallel_for(size_t n, size_t grain, size_t align, trueno_range_fn fn, void *ctx);

#endif
