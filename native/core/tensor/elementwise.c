/*
 * The elementwise and unary API: checks arguments, then splits large arrays over the thread pool and runs the
 * active ISA's kernels (trueno_k()->ew) on each range. Every element's result depends only on its own inputs, so
 * the split never changes the bits.
 */
#include "trueno.h"
#include "runtime/kernels.h"
#include "runtime/threadpool.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/*
 * Smallest range worth a thread, in elements, measured on a 2-core Zen 3 (see the test's bench notes in the
 * report): a memory-bound op (add, copy, relu...) streams ~1 element per 0.1-0.2 ns, so waking the pool
 * (~5-10 us) only pays off from ~64K elements on; exp/log/tanh/gelu cost 1-5 ns per element and split from ~4K.
 * Range boundaries fall on multiples of 64 elements: whole vectors and cache lines for every ISA.
 */
#define GRAIN_STREAM ((size_t)1 << 16)
#define GRAIN_COMPUTE ((size_t)1 << 12)
#define SPLIT_ALIGN 64

typedef struct {
  const trueno_elementwise_kernels *k;
  const trueno_integer_kernels *ik;
  int dtype, op, flag, to;
  const void *a, *b;
  void *out;
  double s, lo, hi;
  int64_t is; /* the scalar of an integer op */
  size_t cols;
} ew_job;

static int bad_dtype(int dtype) { return dtype < 0 || dtype >= TRUENO_DTYPE_COUNT; }
static int bad_float(int dtype) { return !trueno_is_float(dtype); }
/* Integer arithmetic runs on int32, int64 and uint8 for the ops that allow it (bool arithmetic is promoted first). */
static int bad_int_op(int dtype, int op) { return !trueno_binary_takes_ints(op) || dtype == TRUENO_BOOL; }
static size_t dsize(int dtype) { return trueno_dtype_size(dtype); }
/* NULL with elements to touch, or more elements than the address space can hold */
static int bad_array(const void *p, size_t n, int dtype) { return n > 0 && (p == NULL || n > SIZE_MAX / dsize(dtype)); }
static const void *cat(const void *p, size_t i, int dtype) { return (const char *)p + i * dsize(dtype); }
static void *at(void *p, size_t i, int dtype) { return (char *)p + i * dsize(dtype); }

static void run(size_t n, size_t grain, trueno_range_fn fn, ew_job *job) {
  job->k = &trueno_k()->ew;
  job->ik = &trueno_k()->ints;
  trueno_parallel_for(n, grain, SPLIT_ALIGN, fn, job);
}

static void binary_range(void *ctx, size_t b, size_t e) {
  const ew_job *j = ctx;
  if (!trueno_is_float(j->dtype))
    j->ik->binary[j->dtype](j->op, cat(j->a, b, j->dtype), cat(j->b, b, j->dtype), at(j->out, b, j->dtype), e - b);
  else if (j->dtype == TRUENO_F32)
    j->k->binary_f32(j->op, cat(j->a, b, j->dtype), cat(j->b, b, j->dtype), at(j->out, b, j->dtype), e - b);
  else
    j->k->binary_f64(j->op, cat(j->a, b, j->dtype), cat(j->b, b, j->dtype), at(j->out, b, j->dtype), e - b);
}

int trueno_binary(int dtype, int op, const void *a, const void *b, void *out, size_t n) {
  if (bad_dtype(dtype) || op < 0 || op >= TRUENO_BINARY_OP_COUNT || bad_array(a, n, dtype) || bad_array(b, n, dtype) ||
      bad_array(out, n, dtype) || (!trueno_is_float(dtype) && bad_int_op(dtype, op)))
    return TRUENO_EINVAL;
  ew_job job = {.dtype = dtype, .op = op, .a = a, .b = b, .out = out};
  run(n, GRAIN_STREAM, binary_range, &job);
  return TRUENO_OK;
}

static void scalar_range(void *ctx, size_t b, size_t e) {
  const ew_job *j = ctx;
  if (!trueno_is_float(j->dtype))
    j->ik->binary_scalar[j->dtype](j->op, cat(j->a, b, j->dtype), j->is, at(j->out, b, j->dtype), e - b, j->flag);
  else if (j->dtype == TRUENO_F32)
    j->k->binary_scalar_f32(j->op, cat(j->a, b, j->dtype), (float)j->s, at(j->out, b, j->dtype), e - b, j->flag);
  else
    j->k->binary_scalar_f64(j->op, cat(j->a, b, j->dtype), j->s, at(j->out, b, j->dtype), e - b, j->flag);
}

/* The integer an integer op's scalar stands for: EINVAL unless s is an integer within int64 (it then wraps to the dtype). */
static int int_scalar(double s, int64_t *out) {
  if (!(s == floor(s)) || s >= 9223372036854775808.0 || s < -9223372036854775808.0) return TRUENO_EINVAL;
  *out = (int64_t)s;
  return TRUENO_OK;
}

int trueno_binary_scalar(int dtype, int op, const void *a, double s, void *out, size_t n, int reverse) {
  if (bad_dtype(dtype) || op < 0 || op >= TRUENO_BINARY_OP_COUNT || bad_array(a, n, dtype) || bad_array(out, n, dtype))
    return TRUENO_EINVAL;
  ew_job job = {.dtype = dtype, .op = op, .a = a, .out = out, .s = s, .flag = reverse != 0};
  if (!trueno_is_float(dtype) && (bad_int_op(dtype, op) || int_scalar(s, &job.is) != TRUENO_OK)) return TRUENO_EINVAL;
  run(n, GRAIN_STREAM, scalar_range, &job);
  return TRUENO_OK;
}

static void rows_range(void *ctx, size_t b, size_t e) {
  const ew_job *j = ctx;
  const size_t first = b * j->cols;
  if (!trueno_is_float(j->dtype))
    for (size_t r = 0; r < e - b; r++)
      j->ik->binary[j->dtype](j->op, cat(j->a, first + r * j->cols, j->dtype), j->b,
                              at(j->out, first + r * j->cols, j->dtype), j->cols);
  else if (j->dtype == TRUENO_F32)
    j->k->binary_rows_f32(j->op, cat(j->a, first, j->dtype), j->b, at(j->out, first, j->dtype), e - b, j->cols);
  else
    j->k->binary_rows_f64(j->op, cat(j->a, first, j->dtype), j->b, at(j->out, first, j->dtype), e - b, j->cols);
}

int trueno_binary_rows(int dtype, int op, const void *a, const void *row, void *out, size_t rows, size_t cols) {
  if (bad_dtype(dtype) || op < 0 || op >= TRUENO_BINARY_OP_COUNT || (cols > 0 && rows > SIZE_MAX / cols) ||
      (!trueno_is_float(dtype) && bad_int_op(dtype, op)))
    return TRUENO_EINVAL;
  const size_t n = rows * cols;
  if (bad_array(a, n, dtype) || bad_array(row, n ? cols : 0, dtype) || bad_array(out, n, dtype)) return TRUENO_EINVAL;
  if (n == 0) return TRUENO_OK;
  ew_job job = {.dtype = dtype, .op = op, .a = a, .b = row, .out = out, .cols = cols};
  job.k = &trueno_k()->ew;
  job.ik = &trueno_k()->ints;
  trueno_parallel_for(rows, GRAIN_STREAM / cols + 1, 1, rows_range, &job);
  return TRUENO_OK;
}

static void axpy_range(void *ctx, size_t b, size_t e) {
  const ew_job *j = ctx;
  if (j->dtype == TRUENO_F32)
    j->k->axpy_f32(e - b, (float)j->s, cat(j->a, b, j->dtype), at(j->out, b, j->dtype));
  else
    j->k->axpy_f64(e - b, j->s, cat(j->a, b, j->dtype), at(j->out, b, j->dtype));
}

int trueno_axpy(int dtype, size_t n, double alpha, const void *x, void *y) {
  if (bad_float(dtype) || bad_array(x, n, dtype) || bad_array(y, n, dtype)) return TRUENO_EINVAL;
  ew_job job = {.dtype = dtype, .a = x, .out = y, .s = alpha};
  run(n, GRAIN_STREAM, axpy_range, &job);
  return TRUENO_OK;
}

static void fill_range(void *ctx, size_t b, size_t e) {
  const ew_job *j = ctx;
  if (!trueno_is_float(j->dtype))
    j->ik->fill[j->dtype](at(j->out, b, j->dtype), e - b, j->is);
  else if (j->dtype == TRUENO_F32)
    j->k->fill_f32(at(j->out, b, j->dtype), e - b, (float)j->s);
  else
    j->k->fill_f64(at(j->out, b, j->dtype), e - b, j->s);
}

int trueno_fill(int dtype, void *out, size_t n, double value) {
  if (bad_dtype(dtype) || bad_array(out, n, dtype)) return TRUENO_EINVAL;
  ew_job job = {.dtype = dtype, .out = out, .s = value};
  /* bool takes any value (nonzero is true); the integer dtypes an integer within int64, wrapped to the dtype */
  if (dtype == TRUENO_BOOL) job.is = value != 0;
  else if (!trueno_is_float(dtype) && int_scalar(value, &job.is) != TRUENO_OK) return TRUENO_EINVAL;
  run(n, GRAIN_STREAM, fill_range, &job);
  return TRUENO_OK;
}

static void copy_range(void *ctx, size_t b, size_t e) {
  const ew_job *j = ctx;
  memcpy(at(j->out, b, j->dtype), cat(j->a, b, j->dtype), (e - b) * dsize(j->dtype));
}

int trueno_copy(int dtype, const void *x, void *out, size_t n) {
  if (bad_dtype(dtype) || bad_array(x, n, dtype) || bad_array(out, n, dtype)) return TRUENO_EINVAL;
  ew_job job = {.dtype = dtype, .a = x, .out = out};
  run(n, GRAIN_STREAM, copy_range, &job);
  return TRUENO_OK;
}

/* dtype is the source type here, to the target */
static void cast_range(void *ctx, size_t b, size_t e) {
  const ew_job *j = ctx;
  if (!trueno_is_float(j->dtype) || !trueno_is_float(j->to))
    j->ik->cast_from[j->dtype](cat(j->a, b, j->dtype), at(j->out, b, j->to), e - b, j->to);
  else if (j->dtype == TRUENO_F32)
    j->k->cast_f32_f64(cat(j->a, b, TRUENO_F32), at(j->out, b, TRUENO_F64), e - b);
  else
    j->k->cast_f64_f32(cat(j->a, b, TRUENO_F64), at(j->out, b, TRUENO_F32), e - b);
}

int trueno_cast(int from, int to, const void *x, void *out, size_t n) {
  if (bad_dtype(from) || bad_dtype(to) || bad_array(x, n, from) || bad_array(out, n, to)) return TRUENO_EINVAL;
  if (from == to) return trueno_copy(from, x, out, n);
  ew_job job = {.dtype = from, .to = to, .a = x, .out = out};
  run(n, GRAIN_STREAM, cast_range, &job);
  return TRUENO_OK;
}

static void unary_range(void *ctx, size_t b, size_t e) {
  const ew_job *j = ctx;
  if (j->dtype == TRUENO_F32)
    j->k->unary_f32(j->op, cat(j->a, b, j->dtype), at(j->out, b, j->dtype), e - b);
  else
    j->k->unary_f64(j->op, cat(j->a, b, j->dtype), at(j->out, b, j->dtype), e - b);
}

int trueno_unary(int dtype, int op, const void *x, void *out, size_t n) {
  if (bad_float(dtype) || op < 0 || op >= TRUENO_UNARY_OP_COUNT || bad_array(x, n, dtype) || bad_array(out, n, dtype))
    return TRUENO_EINVAL;
  ew_job job = {.dtype = dtype, .op = op, .a = x, .out = out};
  run(n, trueno_unary_streams(op) ? GRAIN_STREAM : GRAIN_COMPUTE, unary_range, &job);
  return TRUENO_OK;
}

static void clip_range(void *ctx, size_t b, size_t e) {
  const ew_job *j = ctx;
  if (j->dtype == TRUENO_F32)
    j->k->clip_f32(cat(j->a, b, j->dtype), at(j->out, b, j->dtype), e - b, (float)j->lo, (float)j->hi);
  else
    j->k->clip_f64(cat(j->a, b, j->dtype), at(j->out, b, j->dtype), e - b, j->lo, j->hi);
}

int trueno_clip(int dtype, const void *x, void *out, size_t n, double lo, double hi) {
  if (bad_float(dtype) || bad_array(x, n, dtype) || bad_array(out, n, dtype)) return TRUENO_EINVAL;
  /* numpy's minimum(maximum(x, lo), hi) is NaN everywhere when a bound is NaN */
  if (isnan(lo) || isnan(hi)) return trueno_fill(dtype, out, n, NAN);
  ew_job job = {.dtype = dtype, .a = x, .out = out, .lo = lo, .hi = hi};
  run(n, GRAIN_STREAM, clip_range, &job);
  return TRUENO_OK;
}
