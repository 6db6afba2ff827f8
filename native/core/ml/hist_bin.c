/*
 * trueno_hist_bin: maps raw feature values to the uint8 bins of the histogram booster (scikit-learn's
 * _BinMapper.transform). Features run in parallel; each writes only its own column of the d x n output, so the
 * result does not depend on the thread count.
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

/* The count of the m sorted thresholds t below v (the index of the first threshold >= v). */
static size_t count_below(const double *t, size_t m, double v) {
  size_t lo = 0, hi = m;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (t[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static void bin_features(void *arg, size_t begin, size_t end) {
  const bin_ctx *c = arg;
  for (size_t f = begin; f < end; f++) {
    const double *t = c->thresholds + c->offsets[f];
    const size_t m = (size_t)(c->offsets[f + 1] - c->offsets[f]);
    uint8_t *out = c->binned + f * c->n;
    const double *x = c->x + f;
    if (c->categorical[f]) {
      for (size_t i = 0; i < c->n; i++) {
        const double v = x[i * c->d];
        const size_t b = isnan(v) ? m : count_below(t, m, v);
        out[i] = b < m && t[b] == v ? (uint8_t)b : c->missing_bin; /* an unknown category is missing */
      }
    } else {
      for (size_t i = 0; i < c->n; i++) {
        const double v = x[i * c->d];
        out[i] = isnan(v) ? c->missing_bin : (uint8_t)count_below(t, m, v);
      }
    }
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
  trueno_parallel_for(d, n >= 4096 ? 1 : d, 1, bin_features, &c);
  return TRUENO_OK;
}
