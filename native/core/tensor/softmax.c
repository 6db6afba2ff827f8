/*
 * Per-row softmax and log-softmax: each row is one kernel call (max, exp and sum, scale; see the kernels for the
 * NaN/Inf behaviour), and rows are split over the thread pool, so a row's bits never depend on the thread count.
 */
#include "trueno.h"
#include "runtime/kernels.h"
#include "runtime/threadpool.h"

#include <stdint.h>

/* Elements per thread below which splitting does not pay: a softmax element costs ~1 ns (an exp and two passes). */
#define GRAIN_ELEMENTS ((size_t)1 << 13)

typedef struct {
  const trueno_elementwise_kernels *k;
  int dtype, take_log;
  const void *x;
  void *out;
  size_t cols;
} softmax_job;

static void softmax_range(void *ctx, size_t begin, size_t end) {
  const softmax_job *j = ctx;
  for (size_t r = begin; r < end; r++) {
    if (j->dtype == TRUENO_F32)
      j->k->softmax_row_f32((const float *)j->x + r * j->cols, (float *)j->out + r * j->cols, j->cols, j->take_log);
    else
      j->k->softmax_row_f64((const double *)j->x + r * j->cols, (double *)j->out + r * j->cols, j->cols, j->take_log);
  }
}

int trueno_softmax_rows(int dtype, size_t rows, size_t cols, const void *x, void *out, int log) {
  if (dtype != TRUENO_F32 && dtype != TRUENO_F64) return TRUENO_EINVAL;
  const size_t size = dtype == TRUENO_F32 ? sizeof(float) : sizeof(double);
  if (cols > 0 && rows > SIZE_MAX / size / cols) return TRUENO_EINVAL;
  if (rows * cols == 0) return TRUENO_OK;
  if (x == NULL || out == NULL) return TRUENO_EINVAL;
  softmax_job job = {&trueno_k()->ew, dtype, log != 0, x, out, cols};
  trueno_parallel_for(rows, GRAIN_ELEMENTS / cols + 1, 1, softmax_range, &job);
  return TRUENO_OK;
}
