/*
 * trueno_gram: X^T X and X^T Y of (optionally column-shifted) data in one pass over the rows, the normal equations
 * of least squares (LinearRegression, Ridge) and the covariance of PCA.
 *
 * The rows are cut into at most MAX_PARTS parts, a count fixed by n, d and t alone. Each part walks its rows in
 * blocks of `kb`: the block is converted to float64 with the shifts subtracted into a small buffer that stays in
 * cache (X itself is never copied), then trueno_gemm adds the block's upper-triangle products into the part's
 * accumulator, one column panel at a time so the lower triangle is never computed. The parts run on the thread pool
 * (gemm inside a part then runs on that worker alone) and are summed in part order, so every bit is the same
 * whatever the thread count.
 */
#include "trueno.h"
#include "runtime/threadpool.h"

#include <stdlib.h>
#include <string.h>

/* Parts of the rows: enough to keep every thread busy, few enough that their accumulators stay small. */
#define MAX_PARTS 16
/* The least rows a part is worth. */
#define PART_MIN_ROWS 4096
/* All accumulators together stay under this many bytes (fewer parts for wide data). */
#define ACC_BUDGET_BYTES (64u << 20)
/* A block of rows fills about this many bytes as float64, so it stays in L2 while gemm reads it. */
#define BLOCK_BYTES (256u << 10)
/* Column panel width of the triangle: narrow enough to skip most of the lower triangle, wide enough for gemm. */
#define PANEL 32

typedef struct {
  int dtype;
  size_t n, d, t, w;
  const char *x, *y;
  size_t ldx, ldy;
  const double *x_shift, *y_shift;
  size_t rows_per_part, kb;
  double *acc;   /* one d x w accumulator per part */
  double *sums;  /* one row of w column sums per part */
  double *block; /* one kb x w block per part */
} gram_job;

/* Converts rows [r0, r0 + h) of X and Y, less their shifts, into block (h x w, row-major), adding them to sums. */
static void load_block(const gram_job *job, size_t r0, size_t h, double *block, double *sums) {
  const size_t size = job->dtype == TRUENO_F32 ? sizeof(float) : sizeof(double);
  for (size_t r = 0; r < h; r++) {
    double *dst = block + r * job->w;
    const char *xr = job->x + (r0 + r) * job->ldx * size;
    for (size_t j = 0; j < job->d; j++) {
      const double v = job->dtype == TRUENO_F32 ? ((const float *)xr)[j] : ((const double *)xr)[j];
      dst[j] = job->x_shift ? v - job->x_shift[j] : v;
    }
    if (job->t == 0) continue;
    const char *yr = job->y + (r0 + r) * job->ldy * size;
    for (size_t j = 0; j < job->t; j++) {
      const double v = job->dtype == TRUENO_F32 ? ((const float *)yr)[j] : ((const double *)yr)[j];
      dst[job->d + j] = job->y_shift ? v - job->y_shift[j] : v;
    }
  }
  for (size_t r = 0; r < h; r++)
    for (size_t j = 0; j < job->w; j++) sums[j] += block[r * job->w + j];
}

static void run_parts(void *ctx, size_t begin, size_t end) {
  const gram_job *job = ctx;
  for (size_t p = begin; p < end; p++) {
    double *acc = job->acc + p * job->d * job->w;
    double *block = job->block + p * job->kb * job->w;
    const size_t first = p * job->rows_per_part;
    const size_t last = first + job->rows_per_part < job->n ? first + job->rows_per_part : job->n;
    for (size_t r0 = first; r0 < last; r0 += job->kb) {
      const size_t h = last - r0 < job->kb ? last - r0 : job->kb;
      load_block(job, r0, h, block, job->sums + p * job->w);
      for (size_t j0 = 0; j0 < job->w; j0 += PANEL) {
        const size_t nb = job->w - j0 < PANEL ? job->w - j0 : PANEL;
        /* rows of the upper triangle (and every X row for the Y columns) that meet this panel */
        const size_t rows = j0 + nb < job->d ? j0 + nb : job->d;
        trueno_gemm(TRUENO_F64, 1, 0, rows, nb, h, 1.0, block, job->w, block + j0, job->w, 1.0, acc + j0, job->w);
      }
    }
  }
}

/* a * b, or 0 with *overflow set when it does not fit in size_t. */
static size_t checked_mul(size_t a, size_t b, int *overflow) {
  if (a != 0 && b > SIZE_MAX / a) {
    *overflow = 1;
    return 0;
  }
  return a * b;
}

int trueno_gram(int dtype, size_t n, size_t d, const void *x, size_t ldx, const double *x_shift, size_t t,
                const void *y, size_t ldy, const double *y_shift, double *gram, double *xty, double *sums) {
  if (dtype != TRUENO_F32 && dtype != TRUENO_F64) return TRUENO_EINVAL;
  if (ldx < d || (t > 0 && ldy < t)) return TRUENO_EINVAL;
  if (d > 0 && (!gram || (n > 0 && !x))) return TRUENO_EINVAL;
  if (t > 0 && d > 0 && (!xty || (n > 0 && !y))) return TRUENO_EINVAL;
  int overflow = 0;
  const size_t w = d + t;
  const size_t dw = checked_mul(d, w < d ? SIZE_MAX : w, &overflow);
  checked_mul(n, ldx, &overflow);
  checked_mul(n, ldy, &overflow);
  checked_mul(dw, MAX_PARTS * sizeof(double), &overflow);
  if (overflow) return TRUENO_EINVAL;
  if (d == 0) return TRUENO_OK; /* nothing to multiply: no X columns means no gram, no xty, no sums asked for */

  size_t parts = (n + PART_MIN_ROWS - 1) / PART_MIN_ROWS;
  if (parts > MAX_PARTS) parts = MAX_PARTS;
  while (parts > 1 && parts * dw * sizeof(double) > ACC_BUDGET_BYTES) parts--;
  if (parts == 0) parts = 1;
  size_t kb = BLOCK_BYTES / (w * sizeof(double));
  if (kb < 16) kb = 16;
  gram_job job = {dtype, n, d, t, w, x, y, ldx, ldy, x_shift, y_shift, (n + parts - 1) / parts, kb, NULL, NULL, NULL};
  if (job.rows_per_part == 0) job.rows_per_part = 1;
  job.acc = calloc(parts * dw, sizeof(double));
  job.sums = calloc(parts * w, sizeof(double));
  job.block = malloc(parts * kb * w * sizeof(double));
  if (!job.acc || !job.sums || !job.block) {
    free(job.acc);
    free(job.sums);
    free(job.block);
    return TRUENO_ENOMEM;
  }
  trueno_parallel_for(parts, 1, 1, run_parts, &job);

  for (size_t i = 0; i < d; i++) {
    for (size_t j = i; j < w; j++) {
      double sum = 0;
      for (size_t p = 0; p < parts; p++) sum += job.acc[p * dw + i * w + j];
      if (j < d) {
        gram[i * d + j] = sum;
        gram[j * d + i] = sum;
      } else {
        xty[i * t + (j - d)] = sum;
      }
    }
  }
  if (sums) {
    for (size_t j = 0; j < w; j++) {
      double sum = 0;
      for (size_t p = 0; p < parts; p++) sum += job.sums[p * w + j];
      sums[j] = sum;
    }
  }
  free(job.acc);
  free(job.sums);
  free(job.block);
  return TRUENO_OK;
}
