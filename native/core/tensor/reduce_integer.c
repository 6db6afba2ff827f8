/*
 * Reductions of integer and bool arrays (int32, int64, uint8, bool): sum (int64, wrapping), min, max, argmin,
 * argmax, along one axis of [outer, len, inner]. Integer results are exact and their order of evaluation cannot change
 * them, so tasks (one outer index and up to TRUENO_REDUCE_COLS columns each) run in parallel without a fixed fold.
 */
#include "tensor/reduce_integer.h"
#include "runtime/kernels.h"
#include "runtime/threadpool.h"

#include <string.h>

#define COLS TRUENO_REDUCE_COLS
/* Elements a task should cover before the work is split (the same order as reduce.c's 4 MB of float32). */
#define GRAIN_ELEMENTS ((size_t)1 << 20)

typedef struct {
  const trueno_integer_kernels *k;
  int dtype, op;
  const char *x;
  size_t len, inner, tiles;
  char *out;
} int_job;

static void run_tiles(void *ctx, size_t begin, size_t end) {
  const int_job *j = ctx;
  const size_t size = trueno_dtype_size(j->dtype);
  for (size_t t = begin; t < end; t++) {
    const size_t o = t / j->tiles, c0 = t % j->tiles * COLS;
    const size_t w = j->inner - c0 < COLS ? j->inner - c0 : COLS, at = o * j->inner + c0;
    const char *x = j->x + (o * j->len * j->inner + c0) * size;
    if (j->op == TRUENO_SUM) {
      int64_t *acc = (int64_t *)j->out + at;
      memset(acc, 0, w * sizeof(int64_t));
      j->k->col_sum[j->dtype](x, j->len, j->inner, w, acc);
    } else if (trueno_reduce_gives_index(j->op)) {
      int64_t best[COLS]; /* scratch wide enough for any integer dtype */
      j->k->col_extreme[j->dtype](x, j->len, j->inner, w, j->op == TRUENO_ARGMAX, best, (int32_t *)j->out + at);
    } else {
      j->k->col_extreme[j->dtype](x, j->len, j->inner, w, j->op == TRUENO_MAX, j->out + at * size, NULL);
    }
  }
}

int trueno_reduce_axis_integer(int dtype, int op, const void *x, size_t outer, size_t len, size_t inner, void *out) {
  if (!trueno_reduce_takes_ints(op) || (len == 0 && op != TRUENO_SUM)) return TRUENO_EINVAL;
  const size_t outputs = outer * inner;
  if (outputs == 0) return TRUENO_OK;
  if (len == 0) {
    memset(out, 0, outputs * sizeof(int64_t));
    return TRUENO_OK;
  }
  int_job j = {&trueno_k()->ints, dtype, op, x, len, inner, (inner + COLS - 1) / COLS, out};
  const size_t per_task = len * (inner < COLS ? inner : COLS);
  trueno_parallel_for(outer * j.tiles, GRAIN_ELEMENTS / per_task + 1, 1, run_tiles, &j);
  return TRUENO_OK;
}
