/*
 * trueno_hist_thresholds: the bin thresholds of the histogram booster's numerical features, as scikit-learn 1.9's
 * _find_binning_thresholds. Features run in parallel; each sorts its own values (an LSD radix sort on the order-
 * preserving integer image of the doubles, stable, so the weights of equal values stay in row order) and writes its
 * own slot, so the result does not depend on the thread count.
 */
#include "trueno.h"
#include "runtime/threadpool.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ALMOST_INF 1e300
#define RADIX_BITS 11
#define RADIX (1u << RADIX_BITS)

/* The unsigned integer whose order is the order of the (non-NaN) double. */
static inline uint64_t sortable(double v) {
  uint64_t u;
  memcpy(&u, &v, sizeof u);
  return (u >> 63) ? ~u : u | ((uint64_t)1 << 63);
}

/* Sorts keys (with their payloads) in 6 stable passes of 11 bits; tmp_* are scratch of the same length. */
static void radix_sort(uint64_t *keys, uint32_t *payload, size_t m, uint64_t *tmp_keys, uint32_t *tmp_payload,
                       size_t *count) {
  for (unsigned shift = 0; shift < 64; shift += RADIX_BITS) {
    memset(count, 0, RADIX * sizeof *count);
    for (size_t i = 0; i < m; i++) count[(keys[i] >> shift) & (RADIX - 1)]++;
    if (count[(keys[0] >> shift) & (RADIX - 1)] == m) continue; /* one digit everywhere: the pass changes nothing */
    size_t sum = 0;
    for (unsigned b = 0; b < RADIX; b++) {
      const size_t c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (size_t i = 0; i < m; i++) {
      const size_t at = count[(keys[i] >> shift) & (RADIX - 1)]++;
      tmp_keys[at] = keys[i];
      if (payload) tmp_payload[at] = payload[i];
    }
    memcpy(keys, tmp_keys, m * sizeof *keys);
    if (payload) memcpy(payload, tmp_payload, m * sizeof *payload);
  }
}

static inline double unsortable(uint64_t u) {
  u = (u >> 63) ? u & ~((uint64_t)1 << 63) : ~u;
  double v;
  memcpy(&v, &u, sizeof v);
  return v;
}

typedef struct {
  size_t n, d, rows;
  const double *x, *weights;
  const int32_t *row_idx;
  const uint8_t *skip;
  unsigned max_bins;
  double *thresholds;
  int32_t *counts;
  int failed;
} thr_ctx;

/*
 * The averaged-inverted-cdf percentiles linspace(0, 100, max_bins + 1)[1:-1] of m sorted values (weights w, or unit
 * weights), duplicates dropped, into out; returns how many.
 */
static size_t percentiles(const double *v, const double *w, size_t m, unsigned max_bins, double *out) {
  double total = 0;
  if (w) for (size_t i = 0; i < m; i++) total += w[i];
  else total = (double)m;
  const double step = 100.0 / max_bins;
  size_t k = 0, count = 0;
  double cum = w ? w[0] : 1;
  for (unsigned i = 1; i < max_bins; i++) {
    const double rank = total * ((i * step) / 100);
    while (cum < rank && k < m - 1) cum += w ? w[++k] : (++k, 1.0);
    double q;
    if (cum == rank && k < m - 1) q = v[k + 1] - (v[k + 1] - v[k]) * 0.5;
    else q = v[k];
    if (count == 0 || q != out[count - 1]) out[count++] = q;
  }
  return count;
}

static void feature_thresholds(void *arg, size_t begin, size_t end) {
  thr_ctx *c = arg;
  const size_t m_max = c->rows;
  uint64_t *keys = malloc(m_max * sizeof *keys), *tmp_keys = malloc(m_max * sizeof *tmp_keys);
  uint32_t *order = c->weights ? malloc(m_max * sizeof *order) : NULL;
  uint32_t *tmp_order = c->weights ? malloc(m_max * sizeof *tmp_order) : NULL;
  double *values = malloc(m_max * sizeof *values), *w = c->weights ? malloc(m_max * sizeof *w) : NULL;
  size_t *count = malloc(RADIX * sizeof *count);
  if (!keys || !tmp_keys || !values || !count || (c->weights && (!order || !tmp_order || !w))) {
    c->failed = 1;
    begin = end;
  }
  const size_t slot = c->max_bins - 1;
  for (size_t f = begin; f < end; f++) {
    double *out = c->thresholds + f * slot;
    memset(out, 0, slot * sizeof *out); /* the slot past the thresholds is 0, so the whole output is defined */
    c->counts[f] = 0;
    if (c->skip[f]) continue;
    size_t m = 0;
    for (size_t r = 0; r < c->rows; r++) {
      const size_t row = c->row_idx ? (size_t)c->row_idx[r] : r;
      const double v = c->x[row * c->d + f] + 0.0; /* -0 as 0: numpy's unique counts them as one value */
      if (isnan(v) || (c->weights && c->weights[row] == 0)) continue; /* missing and zero-weight rows take no part */
      if (order) order[m] = (uint32_t)row;
      keys[m++] = sortable(v);
    }
    if (m == 0) continue;
    radix_sort(keys, order, m, tmp_keys, tmp_order, count);
    size_t distinct = 0;
    for (size_t i = 0; i < m; i++) {
      values[i] = unsortable(keys[i]);
      if (i == 0 || keys[i] != keys[i - 1]) distinct++;
      if (w) w[i] = c->weights[order[i]];
    }
    size_t k = 0;
    if (distinct <= c->max_bins) {
      double prev = values[0];
      for (size_t i = 1; i < m; i++) {
        if (keys[i] == keys[i - 1]) continue;
        out[k++] = (prev + values[i]) / 2;
        prev = values[i];
      }
    } else {
      k = percentiles(values, w, m, c->max_bins, out);
    }
    for (size_t i = 0; i < k; i++) if (out[i] > ALMOST_INF) out[i] = ALMOST_INF;
    c->counts[f] = (int32_t)k;
  }
  free(keys), free(tmp_keys), free(order), free(tmp_order), free(values), free(w), free(count);
}

int trueno_hist_thresholds(size_t n, size_t d, const double *x, size_t rows, const int32_t *row_idx,
                           const double *weights, const uint8_t *skip, int max_bins, double *thresholds,
                           int32_t *counts) {
  if (!skip || !counts || max_bins < 2 || max_bins > 255 || (n && d && !x) || (d && !thresholds)) return TRUENO_EINVAL;
  if (n > UINT32_MAX || (!row_idx && rows != n)) return TRUENO_EINVAL;
  if (row_idx)
    for (size_t r = 0; r < rows; r++)
      if (row_idx[r] < 0 || (size_t)row_idx[r] >= n) return TRUENO_EINVAL;
  if (weights)
    for (size_t i = 0; i < n; i++)
      if (!(weights[i] >= 0) || isinf(weights[i])) return TRUENO_EINVAL;
  if (d == 0) return TRUENO_OK;
  if (rows == 0) {
    memset(counts, 0, d * sizeof *counts);
    return TRUENO_OK;
  }
  thr_ctx c = {n, d, rows, x, weights, row_idx, skip, (unsigned)max_bins, thresholds, counts, 0};
  trueno_parallel_for(d, rows >= 4096 ? 1 : d, 1, feature_thresholds, &c);
  return c.failed ? TRUENO_ENOMEM : TRUENO_OK;
}
