/*
 * Reductions: whole array, along one axis, and dot products.
 *
 * Determinism: a contiguous run is cut into blocks of TRUENO_REDUCE_BLOCK elements whatever the thread count; the
 * blocks are reduced in parallel (one kernel call each) and their results folded serially in block order. Rows of an
 * axis reduction (inner == 1) go through the same blocks; columns (inner > 1) are cut into fixed chunks of rows,
 * reduced in parallel and folded per column in chunk order. So the bits never depend on trueno_threads().
 * Accuracy: sums accumulate in float64, also for float32 input (see reduce_kernels.h); var is two-pass (mean, then
 * the sum of squared deviations from it).
 */
#include "trueno.h"
#include "runtime/kernels.h"
#include "runtime/threadpool.h"
#include "tensor/reduce_integer.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#define BLOCK TRUENO_REDUCE_BLOCK
#define COLS TRUENO_REDUCE_COLS
/* Block results kept on the stack; more blocks than this (inputs over 16M elements) use the heap. */
#define LOCAL_BLOCKS 256
/*
 * Bytes a thread should read at least before work is split: waking a sleeping worker costs tens to hundreds of
 * microseconds (a halted vCPU in a VM), more than reducing a few MB from cache takes on one core.
 */
#define GRAIN_BYTES ((size_t)4 << 20)
/*
 * Elements per chunk of a column reduction: long columns are cut into chunks of CHUNK_ELEMENTS / (tile width) rows
 * (a function of the shape only, so the bits never depend on the thread count) that run in parallel and fold in
 * chunk order; a chunk of float32 is 1 MiB, enough to amortize a task and few enough partial results to fold.
 */
#define CHUNK_ELEMENTS ((size_t)1 << 18)

typedef enum { JOB_SUM, JOB_DOT, JOB_EXTREME, JOB_ARG } job_type;

/* One reduction over a contiguous run, evaluated block by block. */
typedef struct {
  const trueno_reduce_kernels *k;
  int dtype;
  job_type type;
  int kind; /* trueno_sum_kind, trueno_extreme_kind, or is_max for JOB_ARG */
  const void *x, *y;
  size_t n;
  double center;
  double *value; /* per block: the partial sum or extreme, or the value at the arg index */
  size_t *where; /* per block (JOB_ARG): the absolute arg index */
} block_job;

static size_t esize(int dtype) { return dtype == TRUENO_F32 ? sizeof(float) : sizeof(double); }

static double value_at(int dtype, const void *x, size_t i) {
  return dtype == TRUENO_F32 ? (double)((const float *)x)[i] : ((const double *)x)[i];
}

static void run_blocks(void *ctx, size_t begin, size_t end) {
  block_job *j = ctx;
  const trueno_reduce_kernels *k = j->k;
  for (size_t b = begin; b < end; b++) {
    const size_t at = b * BLOCK, len = j->n - at < BLOCK ? j->n - at : BLOCK;
    if (j->dtype == TRUENO_F32) {
      const float *x = (const float *)j->x + at;
      switch (j->type) {
      case JOB_SUM: j->value[b] = k->sum_f32(x, len, j->kind, j->center); break;
      case JOB_DOT: j->value[b] = k->dot_f32(x, (const float *)j->y + at, len); break;
      case JOB_EXTREME: j->value[b] = k->extreme_f32(x, len, j->kind); break;
      case JOB_ARG: j->where[b] = at + k->argext_f32(x, len, j->kind); break;
      }
    } else {
      const double *x = (const double *)j->x + at;
      switch (j->type) {
      case JOB_SUM: j->value[b] = k->sum_f64(x, len, j->kind, j->center); break;
      case JOB_DOT: j->value[b] = k->dot_f64(x, (const double *)j->y + at, len); break;
      case JOB_EXTREME: j->value[b] = k->extreme_f64(x, len, j->kind); break;
      case JOB_ARG: j->where[b] = at + k->argext_f64(x, len, j->kind); break;
      }
    }
    if (j->type == JOB_ARG) j->value[b] = value_at(j->dtype, j->x, j->where[b]);
  }
}

/* Folds the block results in block order into *value (and *where for JOB_ARG). */
static void fold_blocks(const block_job *j, size_t nblocks, double *value, size_t *where) {
  double acc = j->value[0];
  size_t at = j->type == JOB_ARG ? j->where[0] : 0;
  for (size_t b = 1; b < nblocks; b++) {
    const double v = j->value[b];
    switch (j->type) {
    case JOB_SUM:
    case JOB_DOT: acc += v; break;
    case JOB_EXTREME:
      if (isnan(acc) || isnan(v)) acc = isnan(acc) ? acc : v;
      else if (j->kind == TRUENO_EXT_MIN ? v < acc : v > acc) acc = v;
      break;
    case JOB_ARG:
      if (isnan(acc)) break;
      if (isnan(v) || (j->kind ? v > acc : v < acc)) acc = v, at = j->where[b];
      break;
    }
  }
  *value = acc;
  if (where) *where = at;
}

/* Runs a job over every block (in parallel when asked) and folds the results; n >= 1. */
static int run_job(block_job *j, int parallel, double *value, size_t *where) {
  const size_t nblocks = (j->n + BLOCK - 1) / BLOCK;
  double local_value[LOCAL_BLOCKS];
  size_t local_where[LOCAL_BLOCKS];
  j->value = local_value;
  j->where = local_where;
  if (nblocks > LOCAL_BLOCKS) {
    j->value = malloc(nblocks * sizeof(double));
    j->where = malloc(nblocks * sizeof(size_t));
    if (!j->value || !j->where) {
      free(j->value);
      free(j->where);
      return TRUENO_ENOMEM;
    }
  }
  const size_t block_bytes = BLOCK * esize(j->dtype) * (j->y ? 2 : 1);
  if (parallel) trueno_parallel_for(nblocks, GRAIN_BYTES / block_bytes + 1, 1, run_blocks, j);
  else run_blocks(j, 0, nblocks);
  fold_blocks(j, nblocks, value, where);
  if (nblocks > LOCAL_BLOCKS) {
    free(j->value);
    free(j->where);
  }
  return TRUENO_OK;
}

static int valid_op(int op) { return op >= 0 && op < TRUENO_REDUCE_OP_COUNT; }
static int is_arg(int op) { return trueno_reduce_gives_index(op); }
static int needs_values(int op) { return op == TRUENO_MIN || op == TRUENO_MAX || is_arg(op); }

/* Divides a sum of squared deviations by max(n - ddof, 0) as numpy does (x / 0 gives Inf, or NaN for 0 / 0). */
static double var_divide(double ssd, size_t n, size_t ddof) { return ssd / (double)(n > ddof ? n - ddof : 0); }

/* The result of an empty reduction that has one (sum and norms 0, mean and var NaN). */
static double empty_result(int op) { return op == TRUENO_MEAN || op == TRUENO_VAR ? NAN : 0.0; }

/* Reduces one contiguous run x[0..n), n >= 1; *where gets the index for arg ops. */
static int reduce_run(const trueno_reduce_kernels *k, int dtype, int op, const void *x, size_t n, size_t ddof,
                      int parallel, double *value, size_t *where) {
  block_job j = {k, dtype, JOB_SUM, TRUENO_SUM_PLAIN, x, NULL, n, 0.0, NULL, NULL};
  switch (op) {
  case TRUENO_MIN:
  case TRUENO_MAX:
  case TRUENO_NORMINF:
    j.type = JOB_EXTREME;
    j.kind = op == TRUENO_MIN ? TRUENO_EXT_MIN : op == TRUENO_MAX ? TRUENO_EXT_MAX : TRUENO_EXT_ABSMAX;
    return run_job(&j, parallel, value, NULL);
  case TRUENO_ARGMIN:
  case TRUENO_ARGMAX:
    j.type = JOB_ARG;
    j.kind = op == TRUENO_ARGMAX;
    return run_job(&j, parallel, value, where);
  case TRUENO_NORM1:
  case TRUENO_NORM2: {
    j.kind = op == TRUENO_NORM1 ? TRUENO_SUM_ABS : TRUENO_SUM_SQUARE;
    const int rc = run_job(&j, parallel, value, NULL);
    if (rc == TRUENO_OK && op == TRUENO_NORM2) *value = sqrt(*value);
    return rc;
  }
  default: {
    double sum = 0.0, ssd = 0.0;
    int rc = run_job(&j, parallel, &sum, NULL);
    const double mean = sum / (double)n;
    *value = op == TRUENO_SUM ? sum : mean;
    if (rc != TRUENO_OK || op != TRUENO_VAR) return rc;
    j.kind = TRUENO_SUM_SQDEV;
    j.center = mean;
    rc = run_job(&j, parallel, &ssd, NULL);
    *value = var_divide(ssd, n, ddof);
    return rc;
  }
  }
}

/* Whole-array reduction of an integer or bool array: the value as a double (exact up to 2^53), or the index. */
static int reduce_integer(int dtype, int op, const void *x, size_t n, double *out, int64_t *index) {
  if (is_arg(op) && n > (size_t)INT32_MAX) return TRUENO_EINVAL;
  union {
    int64_t i64;
    int32_t i32;
    uint8_t u8;
  } r = {0};
  const int rc = trueno_reduce_axis_integer(dtype, op, x, 1, n, 1, &r);
  if (rc != TRUENO_OK) return rc;
  if (is_arg(op)) *index = r.i32;
  else if (op == TRUENO_SUM || dtype == TRUENO_I64) *out = (double)r.i64;
  else *out = dtype == TRUENO_I32 ? (double)r.i32 : (double)r.u8;
  return TRUENO_OK;
}

int trueno_reduce(int dtype, int op, const void *x, size_t n, size_t ddof, double *out, int64_t *index) {
  if (dtype < 0 || dtype >= TRUENO_DTYPE_COUNT || !valid_op(op)) return TRUENO_EINVAL;
  if ((n > 0 && !x) || (is_arg(op) ? !index : !out)) return TRUENO_EINVAL;
  if (!trueno_is_float(dtype)) return reduce_integer(dtype, op, x, n, out, index);
  if (n == 0) {
    if (needs_values(op)) return TRUENO_EINVAL;
    *out = empty_result(op);
    return TRUENO_OK;
  }
  double value;
  size_t where = 0;
  const int rc = reduce_run(&trueno_k()->red, dtype, op, x, n, ddof, 1, &value, &where);
  if (rc != TRUENO_OK) return rc;
  if (out) *out = value;
  if (is_arg(op)) *index = (int64_t)where;
  return TRUENO_OK;
}

int trueno_dot(int dtype, const void *a, const void *b, size_t n, double *out) {
  if ((dtype != TRUENO_F32 && dtype != TRUENO_F64) || !out || (n > 0 && (!a || !b))) return TRUENO_EINVAL;
  if (n == 0) {
    *out = 0.0;
    return TRUENO_OK;
  }
  block_job j = {&trueno_k()->red, dtype, JOB_DOT, 0, a, b, n, 0.0, NULL, NULL};
  return run_job(&j, 1, out, NULL);
}

/* ---- along an axis ------------------------------------------------------------------------------------------ */

typedef struct {
  const trueno_reduce_kernels *k;
  int dtype, op;
  const void *x;
  size_t len, inner, ddof;
  void *out;
  atomic_int status; /* TRUENO_ENOMEM when a row could not get its block buffers */
  /* inner > 1: tasks are (outer index, column tile, row chunk); results go to part[(o*chunks + chunk)*inner + c] */
  size_t tiles, chunks, chunk_rows;
  int kind;       /* the sum or extreme kind of the current pass */
  double *part;   /* chunk results (sums, extremes, or the value at the arg row) */
  int32_t *rows;  /* arg ops: the chunk's row of each result */
  double *means;  /* var: the column means of the first pass, the centers of the second */
  int second_pass;
} axis_job;

static void store(const axis_job *j, size_t at, double v) {
  if (j->dtype == TRUENO_F32) ((float *)j->out)[at] = (float)v;
  else ((double *)j->out)[at] = v;
}

/* inner == 1: rows [begin, end), each one contiguous run reduced serially (the same blocks as trueno_reduce). */
static void run_rows(void *ctx, size_t begin, size_t end) {
  axis_job *j = ctx;
  for (size_t r = begin; r < end; r++) {
    double v;
    size_t where = 0;
    const void *row = (const char *)j->x + r * j->len * esize(j->dtype);
    if (reduce_run(j->k, j->dtype, j->op, row, j->len, j->ddof, 0, &v, &where) != TRUENO_OK) {
      atomic_store(&j->status, TRUENO_ENOMEM);
      return;
    }
    if (is_arg(j->op)) ((int32_t *)j->out)[r] = (int32_t)where;
    else store(j, r, v);
  }
}

static int is_extreme(int op) { return op == TRUENO_MIN || op == TRUENO_MAX || op == TRUENO_NORMINF; }

static size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

/* inner > 1: tasks [begin, end), each up to COLS adjacent columns of one outer index over one chunk of rows. */
static void run_column_chunks(void *ctx, size_t begin, size_t end) {
  axis_job *j = ctx;
  const size_t len = j->len, inner = j->inner;
  for (size_t t = begin; t < end; t++) {
    const size_t chunk = t % j->chunks, tile = t / j->chunks % j->tiles, o = t / j->chunks / j->tiles;
    const size_t c0 = tile * COLS, w = min_size(COLS, inner - c0);
    const size_t r0 = chunk * j->chunk_rows, rows = min_size(j->chunk_rows, len - r0);
    const size_t from = (o * len + r0) * inner + c0, at = (o * j->chunks + chunk) * inner + c0;
    const double *center = j->second_pass ? j->means + o * inner + c0 : NULL;
    double *part = j->part + at;
    if (j->dtype == TRUENO_F32) {
      const float *x = (const float *)j->x + from;
      float best[COLS];
      if (is_arg(j->op)) j->k->col_argext_f32(x, rows, inner, w, j->op == TRUENO_ARGMAX, best, j->rows + at);
      else if (is_extreme(j->op)) j->k->col_extreme_f32(x, rows, inner, w, j->kind, best);
      else j->k->col_sum_f32(x, rows, inner, w, j->kind, center, part);
      if (is_arg(j->op) || is_extreme(j->op))
        for (size_t i = 0; i < w; i++) part[i] = best[i];
    } else {
      const double *x = (const double *)j->x + from;
      if (is_arg(j->op)) j->k->col_argext_f64(x, rows, inner, w, j->op == TRUENO_ARGMAX, part, j->rows + at);
      else if (is_extreme(j->op)) j->k->col_extreme_f64(x, rows, inner, w, j->kind, part);
      else j->k->col_sum_f64(x, rows, inner, w, j->kind, center, part);
    }
  }
}

/* Outputs [begin, end) (o*inner + c): folds the column's chunks in chunk order and finishes the op. */
static void fold_column_chunks(void *ctx, size_t begin, size_t end) {
  axis_job *j = ctx;
  const size_t inner = j->inner, chunks = j->chunks;
  const int arg = is_arg(j->op), extreme = is_extreme(j->op);
  const int is_max = j->op == TRUENO_ARGMAX || (extreme && j->op != TRUENO_MIN);
  for (size_t out = begin; out < end; out++) {
    const size_t first = (out / inner * chunks) * inner + out % inner; /* chunk 0 of this column */
    double v = j->part[first];
    size_t row = arg ? (size_t)j->rows[first] : 0;
    for (size_t c = 1; c < chunks; c++) {
      const double u = j->part[first + c * inner];
      if (!arg && !extreme) v += u;
      else if (isnan(v)) break;
      else if (isnan(u) || (is_max ? u > v : u < v)) {
        v = u;
        if (arg) row = c * j->chunk_rows + (size_t)j->rows[first + c * inner];
      }
    }
    switch (j->op) {
    case TRUENO_ARGMIN:
    case TRUENO_ARGMAX: ((int32_t *)j->out)[out] = (int32_t)row; break;
    case TRUENO_MEAN: store(j, out, v / (double)j->len); break;
    case TRUENO_NORM2: store(j, out, sqrt(v)); break;
    case TRUENO_VAR:
      if (j->second_pass) store(j, out, var_divide(v, j->len, j->ddof));
      else j->means[out] = v / (double)j->len;
      break;
    default: store(j, out, v); break;
    }
  }
}

/* The trueno_extreme_kind or (first pass) trueno_sum_kind a column op runs. */
static int column_kind(int op) {
  switch (op) {
  case TRUENO_MIN: return TRUENO_EXT_MIN;
  case TRUENO_MAX: return TRUENO_EXT_MAX;
  case TRUENO_NORMINF: return TRUENO_EXT_ABSMAX;
  case TRUENO_NORM1: return TRUENO_SUM_ABS;
  case TRUENO_NORM2: return TRUENO_SUM_SQUARE;
  default: return TRUENO_SUM_PLAIN;
  }
}

/* One pass over the columns: every chunk in parallel, then the folds in parallel. */
static void column_pass(axis_job *j, size_t outputs) {
  const size_t per_task = min_size(j->len, j->chunk_rows) * min_size(j->inner, COLS);
  trueno_parallel_for(outputs / j->inner * j->tiles * j->chunks, GRAIN_BYTES / (per_task * esize(j->dtype)) + 1, 1,
                      run_column_chunks, j);
  trueno_parallel_for(outputs, GRAIN_BYTES / (j->chunks * sizeof(double)) + 1, 1, fold_column_chunks, j);
}

/*
 * inner > 1: column tiles of up to COLS columns and chunks of up to chunk_rows rows, each reduced by one kernel
 * call (vectorized across the columns), then folded per column in chunk order.
 */
static int reduce_columns(axis_job *j, size_t outputs) {
  j->tiles = (j->inner + COLS - 1) / COLS;
  j->chunk_rows = CHUNK_ELEMENTS / min_size(j->inner, COLS);
  j->chunks = (j->len + j->chunk_rows - 1) / j->chunk_rows;
  j->part = malloc(outputs * j->chunks * sizeof(double));
  j->rows = is_arg(j->op) ? malloc(outputs * j->chunks * sizeof(int32_t)) : NULL;
  j->means = j->op == TRUENO_VAR ? malloc(outputs * sizeof(double)) : NULL;
  int rc = TRUENO_ENOMEM;
  if (j->part && (j->rows || !is_arg(j->op)) && (j->means || j->op != TRUENO_VAR)) {
    j->kind = column_kind(j->op);
    column_pass(j, outputs);
    if (j->op == TRUENO_VAR) {
      j->kind = TRUENO_SUM_SQDEV;
      j->second_pass = 1;
      column_pass(j, outputs);
    }
    rc = TRUENO_OK;
  }
  free(j->part);
  free(j->rows);
  free(j->means);
  return rc;
}

static int mul_overflows(size_t a, size_t b, size_t *product) {
  if (a != 0 && b > SIZE_MAX / a) return 1;
  *product = a * b;
  return 0;
}

int trueno_reduce_axis(int dtype, int op, const void *x, size_t outer, size_t len, size_t inner, size_t ddof,
                       void *out) {
  size_t outputs, total;
  if (dtype < 0 || dtype >= TRUENO_DTYPE_COUNT || !valid_op(op)) return TRUENO_EINVAL;
  if (mul_overflows(outer, inner, &outputs) || mul_overflows(outputs, len, &total)) return TRUENO_EINVAL;
  if (total > SIZE_MAX / sizeof(double) || (total > 0 && !x) || (outputs > 0 && !out)) return TRUENO_EINVAL;
  if (len == 0 && needs_values(op)) return TRUENO_EINVAL;
  if (is_arg(op) && len > (size_t)INT32_MAX) return TRUENO_EINVAL;
  if (!trueno_is_float(dtype)) return trueno_reduce_axis_integer(dtype, op, x, outer, len, inner, out);
  if (outputs == 0) return TRUENO_OK;
  axis_job j = {&trueno_k()->red, dtype, op, x, len, inner, ddof, out, TRUENO_OK, 0, 0, 0, 0, NULL, NULL, NULL, 0};
  if (len == 0) {
    for (size_t i = 0; i < outputs; i++) store(&j, i, empty_result(op));
    return TRUENO_OK;
  }
  if (inner == 1 && outer == 1) {
    double v;
    size_t where = 0;
    const int rc = reduce_run(j.k, dtype, op, x, len, ddof, 1, &v, &where);
    if (rc == TRUENO_OK && is_arg(op)) ((int32_t *)out)[0] = (int32_t)where;
    else if (rc == TRUENO_OK) store(&j, 0, v);
    return rc;
  }
  if (inner == 1) {
    trueno_parallel_for(outer, GRAIN_BYTES / (len * esize(dtype)) + 1, 1, run_rows, &j);
    return atomic_load(&j.status);
  }
  return reduce_columns(&j, outputs);
}
