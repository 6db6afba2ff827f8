/*
 * Gaussian naive Bayes: per-class weighted moments (fit) and the joint log-likelihood (predict). The moments are two
 * passes (means, then squared deviations from them, as numpy.var does) over fixed blocks of rows whose partial sums
 * are added in block order, so the bits never depend on the thread count.
 */
#include "trueno.h"
#include "runtime/threadpool.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Rows per block of the moment sums; blocks grow when the classes x features partials would pass PARTIALS_MAX. */
#define MOMENT_BLOCK_ROWS 2048
#define PARTIALS_MAX ((size_t)1 << 22)
/* Multiply-adds a thread should own before another thread is worth waking. */
#define PARALLEL_GRAIN_WORK (1u << 16)
/* pi to double precision (M_PI is POSIX, not C11) */
#define NB_PI 3.14159265358979323846

typedef struct {
  size_t n, d, c, rows; /* rows per block */
  const double *x, *w;
  const int32_t *y;
  const double *mean; /* NULL in the first pass */
  double *partials;   /* per block, c x (1 + d): weight sums then sums of w x (or of w (x - mean)^2) */
} moments_job;

static void moments_range(void *ctx, size_t begin, size_t end) {
  const moments_job *m = ctx;
  const size_t stride = 1 + m->d;
  for (size_t blk = begin; blk < end; blk++) {
    double *part = m->partials + blk * m->c * stride;
    memset(part, 0, m->c * stride * sizeof(double));
    const size_t r1 = (blk + 1) * m->rows < m->n ? (blk + 1) * m->rows : m->n;
    for (size_t i = blk * m->rows; i < r1; i++) {
      const size_t cls = (size_t)m->y[i];
      const double wi = m->w ? m->w[i] : 1.0, *row = m->x + i * m->d;
      double *acc = part + cls * stride;
      acc[0] += wi;
      if (m->mean) {
        const double *mu = m->mean + cls * m->d;
        for (size_t f = 0; f < m->d; f++) acc[1 + f] += wi * ((row[f] - mu[f]) * (row[f] - mu[f]));
      } else {
        for (size_t f = 0; f < m->d; f++) acc[1 + f] += wi * row[f];
      }
    }
  }
}

/* sums (c x (1 + d)) = the partials of every block added in block order. */
static void add_blocks(const moments_job *m, size_t blocks, double *sums) {
  const size_t len = m->c * (1 + m->d);
  memcpy(sums, m->partials, len * sizeof(double));
  for (size_t blk = 1; blk < blocks; blk++)
    for (size_t t = 0; t < len; t++) sums[t] += m->partials[blk * len + t];
}

int trueno_class_moments(size_t n, size_t d, size_t c, const double *x, const int32_t *y, const double *w,
                         double *out) {
  if (c == 0 || !out || (n > 0 && (!y || (d > 0 && !x)))) return TRUENO_EINVAL;
  if (d > SIZE_MAX / 4 || c > SIZE_MAX / 4 / (1 + d)) return TRUENO_EINVAL;
  for (size_t i = 0; i < n; i++)
    if (y[i] < 0 || (size_t)y[i] >= c) return TRUENO_EINVAL;
  const size_t stride = 1 + d, len = c * stride;
  size_t rows = MOMENT_BLOCK_ROWS, blocks = (n + rows - 1) / rows;
  if (blocks > 1 && blocks * len > PARTIALS_MAX) {
    blocks = PARTIALS_MAX / len > 1 ? PARTIALS_MAX / len : 1;
    rows = (n + blocks - 1) / blocks;
    blocks = (n + rows - 1) / rows;
  }
  double *partials = malloc((blocks ? blocks : 1) * len * sizeof(double));
  double *sums = malloc(len * sizeof(double)), *mean = malloc((c * d > 0 ? c * d : 1) * sizeof(double));
  if (!partials || !sums || !mean) {
    free(partials);
    free(sums);
    free(mean);
    return TRUENO_ENOMEM;
  }
  moments_job m = {n, d, c, rows, x, w, y, NULL, partials};
  const size_t grain = rows * d >= PARALLEL_GRAIN_WORK ? 1 : PARALLEL_GRAIN_WORK / (rows * d + 1) + 1;
  memset(out, 0, c * (1 + 2 * d) * sizeof(double));
  if (n > 0) {
    trueno_parallel_for(blocks, grain, 1, moments_range, &m);
    add_blocks(&m, blocks, sums);
    for (size_t j = 0; j < c; j++)
      for (size_t f = 0; f < d; f++) mean[j * d + f] = sums[j * stride] != 0 ? sums[j * stride + 1 + f] / sums[j * stride] : 0;
    m.mean = mean;
    trueno_parallel_for(blocks, grain, 1, moments_range, &m);
    add_blocks(&m, blocks, sums);
    for (size_t j = 0; j < c; j++) {
      double *o = out + j * (1 + 2 * d);
      const double total = sums[j * stride];
      o[0] = total;
      if (total == 0) continue;
      for (size_t f = 0; f < d; f++) {
        o[1 + f] = mean[j * d + f];
        o[1 + d + f] = sums[j * stride + 1 + f] / total;
      }
    }
  }
  free(partials);
  free(sums);
  free(mean);
  return TRUENO_OK;
}

typedef struct {
  size_t d, c;
  const double *x, *theta, *var, *log_prior;
  const double *norm; /* per class: -0.5 sum_f log(2 pi var) */
  double *out;
} jll_job;

static void jll_range(void *ctx, size_t begin, size_t end) {
  const jll_job *g = ctx;
  for (size_t i = begin; i < end; i++) {
    const double *row = g->x + i * g->d;
    for (size_t j = 0; j < g->c; j++) {
      const double *mu = g->theta + j * g->d, *var = g->var + j * g->d;
      double s = 0;
      for (size_t f = 0; f < g->d; f++) s += (row[f] - mu[f]) * (row[f] - mu[f]) / var[f];
      g->out[i * g->c + j] = g->log_prior[j] + (g->norm[j] - 0.5 * s);
    }
  }
}

int trueno_gaussian_nb_jll(size_t n, size_t d, size_t c, const double *x, const double *theta, const double *var,
                           const double *log_prior, double *out) {
  if (c == 0 || !log_prior || (d > 0 && (!theta || !var)) || (n > 0 && (!out || (d > 0 && !x)))) return TRUENO_EINVAL;
  if (c > SIZE_MAX / sizeof(double) || (n > 0 && c > SIZE_MAX / sizeof(double) / n)) return TRUENO_EINVAL;
  double *norm = malloc(c * sizeof(double));
  if (!norm) return TRUENO_ENOMEM;
  for (size_t j = 0; j < c; j++) {
    double s = 0;
    for (size_t f = 0; f < d; f++) s += log(2.0 * NB_PI * var[j * d + f]);
    norm[j] = -0.5 * s;
  }
  jll_job g = {d, c, x, theta, var, log_prior, norm, out};
  const size_t work = c * (d ? d : 1);
  trueno_parallel_for(n, work >= PARALLEL_GRAIN_WORK ? 1 : PARALLEL_GRAIN_WORK / work, 1, jll_range, &g);
  free(norm);
  return TRUENO_OK;
}
