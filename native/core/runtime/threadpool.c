/*
 * The pool behind trueno_parallel_for (see threadpool.h). Workers start lazily, on the first parallel call after
 * trueno_set_threads raised the count, and sleep on a condition variable between jobs. WASM and other builds
 * without pthreads define TRUENO_NO_THREADS and run everything on the caller.
 */
#include "runtime/threadpool.h"
#include "trueno.h"

#include <stdatomic.h>

#ifndef TRUENO_NO_THREADS
#include <pthread.h>
#include <unistd.h>
#endif

static atomic_int thread_count = 0; /* 0: not chosen yet (defaults to the online CPUs, at most 8) */

static int default_threads(void) {
#if !defined(TRUENO_NO_THREADS) && defined(_SC_NPROCESSORS_ONLN)
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1) n = 1;
  if (n > 8) n = 8;
  return (int)n;
#else
  return 1;
#endif
}

int trueno_threads(void) {
  int n = atomic_load(&thread_count);
  if (n == 0) {
    int expected = 0;
    atomic_compare_exchange_strong(&thread_count, &expected, default_threads());
    n = atomic_load(&thread_count);
  }
  return n;
}

int trueno_set_threads(int n) {
  if (n < 1 || n > TRUENO_MAX_THREADS) return TRUENO_EINVAL;
#ifdef TRUENO_NO_THREADS
  if (n != 1) return TRUENO_EUNSUPPORTED;
#endif
  atomic_store(&thread_count, n);
  return TRUENO_OK;
}

#ifdef TRUENO_NO_THREADS

void trueno_parallel_for(size_t n, size_t grain, size_t align, trueno_range_fn fn, void *ctx) {
  (void)grain;
  (void)align;
  if (n) fn(ctx, 0, n);
}

#else

typedef struct {
  trueno_range_fn fn;
  void *ctx;
  size_t n, per_task, ntasks;
} job_t;

static void run_task(const job_t *job, size_t t) {
  size_t begin = t * job->per_task;
  size_t end = begin + job->per_task;
  if (end > job->n) end = job->n;
  if (begin < end) job->fn(job->ctx, begin, end);
}

static pthread_mutex_t pool_busy = PTHREAD_MUTEX_INITIALIZER; /* held by the one caller using the pool */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_cond_t done = PTHREAD_COND_INITIALIZER;
static int workers = 0;
static unsigned long generation = 0;
static job_t current;
static size_t next_task, pending;

static void *worker_main(void *arg) {
  (void)arg;
  unsigned long seen = 0;
  pthread_mutex_lock(&lock);
  for (;;) {
    while (generation == seen) pthread_cond_wait(&wake, &lock);
    seen = generation;
    while (next_task < current.ntasks) {
      size_t t = next_task++;
      pthread_mutex_unlock(&lock);
      run_task(&current, t);
      pthread_mutex_lock(&lock);
      if (--pending == 0) pthread_cond_signal(&done);
    }
  }
  return NULL;
}

/* Starts workers up to want - 1 (the caller is the last one); returns how many threads can take part. */
static int ensure_workers(int want) {
  while (workers < want - 1) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&t, &attr, worker_main, NULL);
    pthread_attr_destroy(&attr);
    if (rc != 0) break;
    workers++;
  }
  return workers + 1 < want ? workers + 1 : want;
}

void trueno_parallel_for(size_t n, size_t grain, size_t align, trueno_range_fn fn, void *ctx) {
  if (n == 0) return;
  if (grain == 0) grain = 1;
  if (align == 0) align = 1;
  size_t want = (size_t)trueno_threads();
  if (want > n / grain) want = n / grain;
  if (want <= 1 || pthread_mutex_trylock(&pool_busy) != 0) {
    fn(ctx, 0, n);
    return;
  }
  pthread_mutex_lock(&lock);
  size_t usable = (size_t)ensure_workers((int)want);
  size_t per_task = (n + usable - 1) / usable;
  per_task = (per_task + align - 1) / align * align;
  current = (job_t){fn, ctx, n, per_task, (n + per_task - 1) / per_task};
  next_task = 0;
  pending = current.ntasks;
  generation++;
  pthread_cond_broadcast(&wake);
  while (next_task < current.ntasks) {
    size_t t = next_task++;
    pthread_mutex_unlock(&lock);
    run_task(&current, t);
    pthread_mutex_lock(&lock);
    pending--;
  }
  while (pending > 0) pthread_cond_wait(&done, &lock);
  pthread_mutex_unlock(&lock);
  pthread_mutex_unlock(&pool_busy);
}

#endif
