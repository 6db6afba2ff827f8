/*
 * trueno_hist_bin: maps raw feature values to the uint8 bins of the histogram booster (scikit-learn's
 * _BinMapper.transform). Blocks of rows run in parallel (each block's rows stay in cache while its features are
 * binned); every value's bin depends on that value only, so the result does not depend on the thread count.
 */
#include "trueno.h"
#include "runtime/threadpool.h"

#include <math.h>
#include <stdint.h>

typedef struct {
  size_t n, d;
  const double *x, *thresholds;
  const int32_t *offsets;
  const uint8_t *categorical;
  uint8_t missing_bin;
  uint8_t *binned;
} bin_ctx;

/* The count of the m sorted thresholds t below v (the index of the first threshold >= v), without branches on the
 * data (a conditional move per halving), since values arrive in random order. */
static inline size_t count_below(const double *t, size_t m, double v) {
  if (m == 0) return 0;
  const double *base = t;
  size_t len = m;
  while (len > 1) {
    const size_t half = len / 2;
    base += (size_t)(base[half - 1] < v) * half; /* arithmetic, so no compiler turns it back into a branch */
    len -= half;
  }
  return (size_t)(base - t) + (*base < v);
}

/* Rows per block: a block's rows stay in cache while every feature is binned. */
#define BLOCK_ROWS 512

static void bin_rows(void *arg, size_t begin, size_t end) {
  const bin_ctx *c = arg;
  for (size_t f = 0; f < c->d; f++) {
    const double *t = c->thresholds + c->offsets[f];
    const size_t m = (size_t)(c->offsets[f + 1] - c->offsets[f]);
    uint8_t *out = c->binned + f * c->n;
    const double *x = c->x + f;
    if (c->categorical[f]) {
      for (size_t i = begin; i < end; i++) {
        const double v = x[i * c->d];
        const size_t b = isnan(v) ? m : count_below(t, m, v);
        out[i] = b < m && t[b] == v ? (uint8_t)b : c->missing_bin; /* an unknown category is missing */
      }
    } else {
      for (size_t i = begin; i < end; i++) {
        const double v = x[i * c->d];
        out[i] = isnan(v) ? c->missing_bin : (uint8_t)count_below(t, m, v);
      }
    }
  }
}

static void bin_blocks(void *arg, size_t begin, size_t end) {
  const bin_ctx *c = arg;
  for (size_t b = begin; b < end; b++) {
    const size_t lo = b * BLOCK_ROWS, hi = lo + BLOCK_ROWS < c->n ? lo + BLOCK_ROWS : c->n;
    bin_rows(arg, lo, hi);
  }
}

int trueno_hist_bin(size_t n, size_t d, const double *x, const double *thresholds, const int32_t *offsets,
                    const uint8_t *categorical, int missing_bin, uint8_t *binned) {
  if (!offsets || !categorical || missing_bin < 0 || missing_bin > 255 || offsets[0] != 0) return TRUENO_EINVAL;
  if ((n && d && (!x || !binned)) || (offsets[d] > 0 && !thresholds)) return TRUENO_EINVAL;
  for (size_t f = 0; f < d; f++) {
    const int64_t m = (int64_t)offsets[f + 1] - offsets[f];
    if (m < 0 || m > 254) return TRUENO_EINVAL;
  }
  if (n == 0 || d == 0) return TRUENO_OK;
  bin_ctx c = {n, d, x, thresholds, offsets, categorical, (uint8_t)missing_bin, binned};
  const size_t blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
  trueno_parallel_for(blocks, 8, 1, bin_blocks, &c);
  return TRUENO_OK;
}
