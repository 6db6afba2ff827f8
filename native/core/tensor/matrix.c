/*
 * The memory-bound matrix functions (matvec, transpose, outer) and pdist2, which is a gemm plus row norms. Work is
 * split among threads along whole rows or columns, so every output element is computed the same way whatever the
 * thread count.
 */
#include "trueno.h"
#include "runtime/kernels.h"
#include "runtime/threadpool.h"
#include "tensor/gemm_epilogue.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Elements a thread should own before another thread is worth waking (~64 KiB of f32). */
#define PARALLEL_GRAIN_ELEMS 16384
/* Transpose tile: 64 x 64 f32 is 16 KiB in and 16 KiB out, L1-sized. */
#define TRANSPOSE_TILE 64
/* pdist2 on f32 works in f64 on chunks of rows of X: at most 256 rows, at most ~1M f64 distances (8 MiB) at once,
 * but never fewer than 16 rows, below which repacking Y for every chunk would cost more than the chunk's gemm. */
#define PDIST_CHUNK_MAX_ROWS 256
#define PDIST_CHUNK_MIN_ROWS 16
#define PDIST_CHUNK_ELEMS (1u << 20)

static size_t grain_rows(size_t row_len) {
  return row_len >= PARALLEL_GRAIN_ELEMS ? 1 : PARALLEL_GRAIN_ELEMS / (row_len ? row_len : 1);
}

static int valid_dtype(int dtype) { return dtype == TRUENO_F32 || dtype == TRUENO_F64; }

/* ---- matvec ---------------------------------------------------------------------------------------------------- */

/* Jobs hold the kernel table read once per call, so that every range of one call runs at the same ISA level. */
typedef struct {
  const trueno_matrix_kernels *k;
  int dtype;
  size_t rows, cols;
  const void *a, *x;
  void *y;
} matvec_job;

static void matvec_rows_range(void *ctx, size_t begin, size_t end) {
  const matvec_job *j = ctx;
  const trueno_matrix_kernels *k = j->k;
  if (j->dtype == TRUENO_F32)
    k->matvec_rows_f32((const float *)j->a + begin * j->cols, j->cols, end - begin, j->cols, j->x,
                       (float *)j->y + begin);
  else
    k->matvec_rows_f64((const double *)j->a + begin * j->cols, j->cols, end - begin, j->cols, j->x,
                       (double *)j->y + begin);
}

static void matvec_cols_range(void *ctx, size_t begin, size_t end) {
  const matvec_job *j = ctx;
  const trueno_matrix_kernels *k = j->k;
  if (j->dtype == TRUENO_F32)
    k->matvec_cols_f32((const float *)j->a + begin, j->cols, j->rows, end - begin, j->x, (float *)j->y + begin);
  else
    k->matvec_cols_f64((const double *)j->a + begin, j->cols, j->rows, end - begin, j->x, (double *)j->y + begin);
}

int trueno_matvec(int dtype, int trans, size_t rows, size_t cols, const void *a, const void *x, void *y) {
  if (!valid_dtype(dtype)) return TRUENO_EINVAL;
  const size_t ny = trans ? cols : rows;
  if (ny == 0) return TRUENO_OK;
  if (!y || (rows && cols && (!a || !x))) return TRUENO_EINVAL;
  matvec_job job = {&trueno_k()->mat, dtype, rows, cols, a, x, y};
  if (rows == 0 || cols == 0) {
    memset(y, 0, ny * (dtype == TRUENO_F32 ? sizeof(float) : sizeof(double)));
  } else if (trans) {
    /* Column slabs of 16 keep each thread's y writes on its own cache lines. */
    const size_t grain = grain_rows(rows) < 16 ? 16 : grain_rows(rows);
    trueno_parallel_for(cols, grain, 16, matvec_cols_range, &job);
  } else {
    /* Slabs of 4 rows keep the kernel's 4-row groups the same for every thread count. */
    trueno_parallel_for(rows, grain_rows(cols), 4, matvec_rows_range, &job);
  }
  return TRUENO_OK;
}

/* ---- transpose ------------------------------------------------------------------------------------------------- */

typedef struct {
  const trueno_matrix_kernels *k;
  int dtype;
  size_t rows, cols;
  const void *x;
  void *out;
} transpose_job;

static void transpose_range(void *ctx, size_t begin, size_t end) {
  const transpose_job *t = ctx;
  const trueno_matrix_kernels *k = t->k;
  for (size_t i = begin; i < end; i += TRANSPOSE_TILE) {
    const size_t h = end - i < TRANSPOSE_TILE ? end - i : TRANSPOSE_TILE;
    for (size_t j = 0; j < t->cols; j += TRANSPOSE_TILE) {
      const size_t w = t->cols - j < TRANSPOSE_TILE ? t->cols - j : TRANSPOSE_TILE;
      if (t->dtype == TRUENO_F32)
        k->transpose_f32((const float *)t->x + i * t->cols + j, t->cols, (float *)t->out + j * t->rows + i, t->rows,
                         h, w);
      else
        k->transpose_f64((const double *)t->x + i * t->cols + j, t->cols, (double *)t->out + j * t->rows + i,
                         t->rows, h, w);
    }
  }
}

int trueno_transpose(int dtype, size_t rows, size_t cols, const void *x, void *out) {
  if (!valid_dtype(dtype)) return TRUENO_EINVAL;
  if (rows == 0 || cols == 0) return TRUENO_OK;
  if (!x || !out) return TRUENO_EINVAL;
  transpose_job job = {&trueno_k()->mat, dtype, rows, cols, x, out};
  const size_t grain = grain_rows(cols) < TRANSPOSE_TILE ? TRANSPOSE_TILE : grain_rows(cols);
  trueno_parallel_for(rows, grain, TRANSPOSE_TILE, transpose_range, &job);
  return TRUENO_OK;
}

/* ---- outer ----------------------------------------------------------------------------------------------------- */

typedef struct {
  const trueno_matrix_kernels *k;
  int dtype;
  size_t n;
  const void *a, *b;
  void *out;
} outer_job;

static void outer_range(void *ctx, size_t begin, size_t end) {
  const outer_job *o = ctx;
  const trueno_matrix_kernels *k = o->k;
  for (size_t i = begin; i < end; i++) {
    if (o->dtype == TRUENO_F32)
      k->scale_f32(o->b, ((const float *)o->a)[i], (float *)o->out + i * o->n, o->n);
    else
      k->scale_f64(o->b, ((const double *)o->a)[i], (double *)o->out + i * o->n, o->n);
  }
}

int trueno_outer(int dtype, size_t m, size_t n, const void *a, const void *b, void *out) {
  if (!valid_dtype(dtype)) return TRUENO_EINVAL;
  if (m == 0 || n == 0) return TRUENO_OK;
  if (!a || !b || !out) return TRUENO_EINVAL;
  outer_job job = {&trueno_k()->mat, dtype, n, a, b, out};
  trueno_parallel_for(m, grain_rows(n), 1, outer_range, &job);
  return TRUENO_OK;
}

/* ---- pdist2 ---------------------------------------------------------------------------------------------------- */

static void row_norms_f64(const double *x, size_t rows, size_t d, double *norms) {
  const trueno_matrix_kernels *k = &trueno_k()->mat;
  for (size_t i = 0; i < rows; i++) k->matvec_rows_f64(x + i * d, d, 1, d, x + i * d, norms + i);
}

/*
 * dist[i][j] = max(0, (-2 x_i.y_j + ||x_i||^2) + ||y_j||^2) in scikit-learn's order of operations; NaN stays NaN.
 * When X is Y, the diagonal is exactly 0 (the expansion leaves rounding noise there). Row i of dist is row diag0 + i
 * of the whole result; with out32 set, the f32 result goes there instead of back into dist. Run by the gemm on each
 * block of -2 X Y^T as soon as it is written, so the distances cost no second pass over memory.
 */
typedef struct {
  double *dist;
  float *out32;
  size_t m, diag0;
  const double *xn, *yn;
  int same;
} finish_job;

static void finish_block(void *ctx, size_t i0, size_t j0, size_t rows, size_t cols) {
  const finish_job *f = ctx;
  for (size_t i = i0; i < i0 + rows; i++) {
    double *row = f->dist + i * f->m;
    for (size_t j = j0; j < j0 + cols; j++) {
      const double v = row[j] + f->xn[i] + f->yn[j];
      row[j] = v < 0 ? 0 : v;
    }
    const size_t diag = f->diag0 + i;
    if (f->same && diag >= j0 && diag < j0 + cols) row[diag] = 0;
    if (f->out32)
      for (size_t j = j0; j < j0 + cols; j++) f->out32[i * f->m + j] = (float)row[j];
  }
}

static int pdist2_f64(size_t n, size_t m, size_t d, const double *x, const double *y, double *out) {
  if (n > SIZE_MAX / sizeof(double) - m) return TRUENO_ENOMEM;
  double *norms = malloc((n + m) * sizeof(double));
  if (!norms) return TRUENO_ENOMEM;
  row_norms_f64(x, n, d, norms);
  row_norms_f64(y, m, d, norms + n);
  finish_job job = {out, NULL, m, 0, norms, norms + n, x == y && n == m};
  const int rc = trueno_gemm_then(TRUENO_F64, 0, 1, n, m, d, -2.0, x, d, y, d, 0.0, out, m, finish_block, &job);
  free(norms);
  return rc;
}

/*
 * f32 input is upcast to f64 in chunks of rows, as scikit-learn does for float32: the expansion cancels badly for
 * nearby points far from the origin, and f32 alone would give them distances wrong by eps32 * ||x||^2.
 */
static int pdist2_f32(size_t n, size_t m, size_t d, const float *x, const float *y, float *out) {
  if (d == 0) {
    memset(out, 0, n * m * sizeof(float));
    return TRUENO_OK;
  }
  if (m > SIZE_MAX / sizeof(double) / d || n > SIZE_MAX / sizeof(float) / m) return TRUENO_ENOMEM;
  size_t chunk = PDIST_CHUNK_ELEMS / m;
  if (chunk > PDIST_CHUNK_MAX_ROWS) chunk = PDIST_CHUNK_MAX_ROWS;
  if (chunk < PDIST_CHUNK_MIN_ROWS) chunk = PDIST_CHUNK_MIN_ROWS;
  if (chunk > n) chunk = n;
  const int same = (const void *)x == (const void *)y && n == m;
  double *yd = malloc(m * d * sizeof(double));
  double *yn = malloc(m * sizeof(double));
  double *xd = malloc(chunk * d * sizeof(double));
  double *xn = malloc(chunk * sizeof(double));
  double *dist = malloc(chunk * m * sizeof(double));
  int rc = yd && yn && xd && xn && dist ? TRUENO_OK : TRUENO_ENOMEM;
  if (rc == TRUENO_OK) {
    for (size_t t = 0; t < m * d; t++) yd[t] = y[t];
    row_norms_f64(yd, m, d, yn);
  }
  for (size_t i0 = 0; rc == TRUENO_OK && i0 < n; i0 += chunk) {
    const size_t rows = n - i0 < chunk ? n - i0 : chunk;
    for (size_t t = 0; t < rows * d; t++) xd[t] = x[i0 * d + t];
    row_norms_f64(xd, rows, d, xn);
    finish_job job = {dist, out + i0 * m, m, i0, xn, yn, same};
    rc = trueno_gemm_then(TRUENO_F64, 0, 1, rows, m, d, -2.0, xd, d, yd, d, 0.0, dist, m, finish_block, &job);
  }
  free(yd);
  free(yn);
  free(xd);
  free(xn);
  free(dist);
  return rc;
}

int trueno_pdist2(int dtype, size_t n, size_t m, size_t d, const void *x, const void *y, void *out) {
  if (!valid_dtype(dtype)) return TRUENO_EINVAL;
  if (n == 0 || m == 0) return TRUENO_OK;
  if (!out || (d && (!x || !y))) return TRUENO_EINVAL;
  return dtype == TRUENO_F32 ? pdist2_f32(n, m, d, x, y, out) : pdist2_f64(n, m, d, x, y, out);
}
