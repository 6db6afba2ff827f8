/*
 * WASM SIMD128 reduction kernels. float32 is widened to float64 (f64x2.promote_low_f32x4) before it is
 * accumulated; there is no fused multiply-add in SIMD128, so squares are a multiply then an add. f32x4.min/max
 * return NaN when either input is NaN, so min/max need no NaN mask; arg kernels keep a best value and index per
 * lane with strict comparisons and pick the lowest index among the best lanes at the end.
 */
#include "../isa_target.h"

#if defined(TRUENO_WASM_SIMD)
#include <wasm_simd128.h>

#include "../kernels.h"
#include "../reduce_kernels.h"

#include <math.h>

/* acc + kind(v), with c the center (SQDEV only). */
TRUENO_ALWAYS_INLINE v128_t accumulate(v128_t acc, v128_t v, int kind, v128_t c) {
  switch (kind) {
  case TRUENO_SUM_ABS: return wasm_f64x2_add(acc, wasm_f64x2_abs(v));
  case TRUENO_SUM_SQUARE: return wasm_f64x2_add(acc, wasm_f64x2_mul(v, v));
  case TRUENO_SUM_SQDEV: {
    const v128_t d = wasm_f64x2_sub(v, c);
    return wasm_f64x2_add(acc, wasm_f64x2_mul(d, d));
  }
  default: return wasm_f64x2_add(acc, v);
  }
}

TRUENO_ALWAYS_INLINE double term(double v, int kind, double c) {
  switch (kind) {
  case TRUENO_SUM_ABS: return fabs(v);
  case TRUENO_SUM_SQUARE: return v * v;
  case TRUENO_SUM_SQDEV: return (v - c) * (v - c);
  default: return v;
  }
}

TRUENO_ALWAYS_INLINE v128_t widen_lo(v128_t v) { return wasm_f64x2_promote_low_f32x4(v); }
TRUENO_ALWAYS_INLINE v128_t widen_hi(v128_t v) {
  return wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 2, 3));
}
TRUENO_ALWAYS_INLINE double hsum(v128_t v) { return wasm_f64x2_extract_lane(v, 0) + wasm_f64x2_extract_lane(v, 1); }

TRUENO_ALWAYS_INLINE double sum_f32_kind(const float *x, size_t n, int kind, double center) {
  const v128_t c = wasm_f64x2_splat(center);
  v128_t a0 = wasm_f64x2_splat(0.0), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const v128_t v0 = wasm_v128_load(x + i), v1 = wasm_v128_load(x + i + 4);
    a0 = accumulate(a0, widen_lo(v0), kind, c);
    a1 = accumulate(a1, widen_hi(v0), kind, c);
    a2 = accumulate(a2, widen_lo(v1), kind, c);
    a3 = accumulate(a3, widen_hi(v1), kind, c);
  }
  double s = hsum(wasm_f64x2_add(wasm_f64x2_add(a0, a1), wasm_f64x2_add(a2, a3)));
  for (; i < n; i++) s += term(x[i], kind, center);
  return s;
}

TRUENO_ALWAYS_INLINE double sum_f64_kind(const double *x, size_t n, int kind, double center) {
  const v128_t c = wasm_f64x2_splat(center);
  v128_t a0 = wasm_f64x2_splat(0.0), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    a0 = accumulate(a0, wasm_v128_load(x + i), kind, c);
    a1 = accumulate(a1, wasm_v128_load(x + i + 2), kind, c);
    a2 = accumulate(a2, wasm_v128_load(x + i + 4), kind, c);
    a3 = accumulate(a3, wasm_v128_load(x + i + 6), kind, c);
  }
  double s = hsum(wasm_f64x2_add(wasm_f64x2_add(a0, a1), wasm_f64x2_add(a2, a3)));
  for (; i < n; i++) s += term(x[i], kind, center);
  return s;
}

static double sum_f32(const float *x, size_t n, int kind, double center) {
  switch (kind) {
  case TRUENO_SUM_ABS: return sum_f32_kind(x, n, TRUENO_SUM_ABS, center);
  case TRUENO_SUM_SQUARE: return sum_f32_kind(x, n, TRUENO_SUM_SQUARE, center);
  case TRUENO_SUM_SQDEV: return sum_f32_kind(x, n, TRUENO_SUM_SQDEV, center);
  default: return sum_f32_kind(x, n, TRUENO_SUM_PLAIN, center);
  }
}

static double sum_f64(const double *x, size_t n, int kind, double center) {
  switch (kind) {
  case TRUENO_SUM_ABS: return sum_f64_kind(x, n, TRUENO_SUM_ABS, center);
  case TRUENO_SUM_SQUARE: return sum_f64_kind(x, n, TRUENO_SUM_SQUARE, center);
  case TRUENO_SUM_SQDEV: return sum_f64_kind(x, n, TRUENO_SUM_SQDEV, center);
  default: return sum_f64_kind(x, n, TRUENO_SUM_PLAIN, center);
  }
}

static double dot_f32(const float *a, const float *b, size_t n) {
  v128_t a0 = wasm_f64x2_splat(0.0), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const v128_t x0 = wasm_v128_load(a + i), x1 = wasm_v128_load(a + i + 4);
    const v128_t y0 = wasm_v128_load(b + i), y1 = wasm_v128_load(b + i + 4);
    a0 = wasm_f64x2_add(a0, wasm_f64x2_mul(widen_lo(x0), widen_lo(y0)));
    a1 = wasm_f64x2_add(a1, wasm_f64x2_mul(widen_hi(x0), widen_hi(y0)));
    a2 = wasm_f64x2_add(a2, wasm_f64x2_mul(widen_lo(x1), widen_lo(y1)));
    a3 = wasm_f64x2_add(a3, wasm_f64x2_mul(widen_hi(x1), widen_hi(y1)));
  }
  double s = hsum(wasm_f64x2_add(wasm_f64x2_add(a0, a1), wasm_f64x2_add(a2, a3)));
  for (; i < n; i++) s += (double)a[i] * b[i];
  return s;
}

static double dot_f64(const double *a, const double *b, size_t n) {
  v128_t a0 = wasm_f64x2_splat(0.0), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    a0 = wasm_f64x2_add(a0, wasm_f64x2_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
    a1 = wasm_f64x2_add(a1, wasm_f64x2_mul(wasm_v128_load(a + i + 2), wasm_v128_load(b + i + 2)));
    a2 = wasm_f64x2_add(a2, wasm_f64x2_mul(wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4)));
    a3 = wasm_f64x2_add(a3, wasm_f64x2_mul(wasm_v128_load(a + i + 6), wasm_v128_load(b + i + 6)));
  }
  double s = hsum(wasm_f64x2_add(wasm_f64x2_add(a0, a1), wasm_f64x2_add(a2, a3)));
  for (; i < n; i++) s += a[i] * b[i];
  return s;
}

/* The scalar step: the better of best and v, NaN winning and sticking like f32x4.min/max. */
TRUENO_ALWAYS_INLINE double pick(double best, double v, int kind) {
  if (kind == TRUENO_EXT_ABSMAX) v = fabs(v);
  if (isnan(best) || isnan(v)) return isnan(best) ? best : v;
  return (kind == TRUENO_EXT_MIN ? v < best : v > best) ? v : best;
}

TRUENO_ALWAYS_INLINE v128_t pick_f32(v128_t best, v128_t v, int kind) {
  if (kind == TRUENO_EXT_MIN) return wasm_f32x4_min(best, v);
  return wasm_f32x4_max(best, kind == TRUENO_EXT_ABSMAX ? wasm_f32x4_abs(v) : v);
}

TRUENO_ALWAYS_INLINE v128_t pick_f64(v128_t best, v128_t v, int kind) {
  if (kind == TRUENO_EXT_MIN) return wasm_f64x2_min(best, v);
  return wasm_f64x2_max(best, kind == TRUENO_EXT_ABSMAX ? wasm_f64x2_abs(v) : v);
}

TRUENO_ALWAYS_INLINE double extreme_f32_kind(const float *x, size_t n, int kind) {
  double best = kind == TRUENO_EXT_ABSMAX ? fabs((double)x[0]) : x[0];
  size_t i = 0;
  if (n >= 8) {
    v128_t b0 = wasm_f32x4_splat((float)best), b1 = b0;
    for (; i + 8 <= n; i += 8) {
      b0 = pick_f32(b0, wasm_v128_load(x + i), kind);
      b1 = pick_f32(b1, wasm_v128_load(x + i + 4), kind);
    }
    const v128_t b = kind == TRUENO_EXT_MIN ? wasm_f32x4_min(b0, b1) : wasm_f32x4_max(b0, b1);
    const int lane_kind = kind == TRUENO_EXT_MIN ? TRUENO_EXT_MIN : TRUENO_EXT_MAX;
    best = pick(pick(wasm_f32x4_extract_lane(b, 0), wasm_f32x4_extract_lane(b, 1), lane_kind),
                pick(wasm_f32x4_extract_lane(b, 2), wasm_f32x4_extract_lane(b, 3), lane_kind), lane_kind);
  }
  for (; i < n; i++) best = pick(best, x[i], kind);
  return best;
}

TRUENO_ALWAYS_INLINE double extreme_f64_kind(const double *x, size_t n, int kind) {
  double best = kind == TRUENO_EXT_ABSMAX ? fabs(x[0]) : x[0];
  size_t i = 0;
  if (n >= 4) {
    v128_t b0 = wasm_f64x2_splat(best), b1 = b0;
    for (; i + 4 <= n; i += 4) {
      b0 = pick_f64(b0, wasm_v128_load(x + i), kind);
      b1 = pick_f64(b1, wasm_v128_load(x + i + 2), kind);
    }
    const v128_t b = kind == TRUENO_EXT_MIN ? wasm_f64x2_min(b0, b1) : wasm_f64x2_max(b0, b1);
    best = pick(wasm_f64x2_extract_lane(b, 0), wasm_f64x2_extract_lane(b, 1),
                kind == TRUENO_EXT_MIN ? TRUENO_EXT_MIN : TRUENO_EXT_MAX);
  }
  for (; i < n; i++) best = pick(best, x[i], kind);
  return best;
}

static double extreme_f32(const float *x, size_t n, int kind) {
  switch (kind) {
  case TRUENO_EXT_MIN: return extreme_f32_kind(x, n, TRUENO_EXT_MIN);
  case TRUENO_EXT_MAX: return extreme_f32_kind(x, n, TRUENO_EXT_MAX);
  default: return extreme_f32_kind(x, n, TRUENO_EXT_ABSMAX);
  }
}

static double extreme_f64(const double *x, size_t n, int kind) {
  switch (kind) {
  case TRUENO_EXT_MIN: return extreme_f64_kind(x, n, TRUENO_EXT_MIN);
  case TRUENO_EXT_MAX: return extreme_f64_kind(x, n, TRUENO_EXT_MAX);
  default: return extreme_f64_kind(x, n, TRUENO_EXT_ABSMAX);
  }
}

/*
 * Arg-min/max in two passes over the block (L2-resident): the extreme (vectorized, NaN-aware), then the first
 * element equal to it, or the first NaN. Faster than carrying an index per lane through a blend chain, and the
 * first occurrence comes out by construction.
 */
/* Index of the first x[i] equal to value, or of the first NaN when value is NaN (the caller knows one exists). */
static size_t first_f32(const float *x, size_t n, float value) {
  const int nan = isnan(value);
  const v128_t v = wasm_f32x4_splat(value);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t xv = wasm_v128_load(x + i);
    if (wasm_v128_any_true(nan ? wasm_f32x4_ne(xv, xv) : wasm_f32x4_eq(xv, v))) break;
  }
  while (i < n && !(nan ? isnan(x[i]) : x[i] == value)) i++;
  return i;
}

static size_t first_f64(const double *x, size_t n, double value) {
  const int nan = isnan(value);
  const v128_t v = wasm_f64x2_splat(value);
  size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    const v128_t xv = wasm_v128_load(x + i);
    if (wasm_v128_any_true(nan ? wasm_f64x2_ne(xv, xv) : wasm_f64x2_eq(xv, v))) break;
  }
  while (i < n && !(nan ? isnan(x[i]) : x[i] == value)) i++;
  return i;
}

static size_t argext_f32(const float *x, size_t n, int is_max) {
  return first_f32(x, n, (float)extreme_f32(x, n, is_max ? TRUENO_EXT_MAX : TRUENO_EXT_MIN));
}

static size_t argext_f64(const double *x, size_t n, int is_max) {
  return first_f64(x, n, extreme_f64(x, n, is_max ? TRUENO_EXT_MAX : TRUENO_EXT_MIN));
}

/* ---- columns: one row of w values at a time, accumulators in acc[] (L1-resident, w <= TRUENO_REDUCE_COLS) ---- */

/*
 * Four rows per pass over acc (added in row order, as one row at a time would), so acc is loaded and stored a
 * quarter as often; the last len % 4 rows go one at a time.
 */
TRUENO_ALWAYS_INLINE void col_sum_f32_kind(const float *x, size_t len, size_t stride, size_t w, int kind,
                                           const double *center, double *acc) {
  for (size_t i = 0; i < w; i++) acc[i] = 0.0;
  const v128_t zero = wasm_f64x2_splat(0.0);
  for (size_t k = 0; k < len;) {
    const size_t rows = len - k >= 4 ? 4 : 1;
    const float *row = x + k * stride;
    size_t i = 0;
    for (; i + 4 <= w; i += 4) {
      const v128_t c0 = kind == TRUENO_SUM_SQDEV ? wasm_v128_load(center + i) : zero;
      const v128_t c1 = kind == TRUENO_SUM_SQDEV ? wasm_v128_load(center + i + 2) : zero;
      v128_t a0 = wasm_v128_load(acc + i), a1 = wasm_v128_load(acc + i + 2);
      for (size_t r = 0; r < rows; r++) {
        const v128_t v = wasm_v128_load(row + r * stride + i);
        a0 = accumulate(a0, widen_lo(v), kind, c0);
        a1 = accumulate(a1, widen_hi(v), kind, c1);
      }
      wasm_v128_store(acc + i, a0);
      wasm_v128_store(acc + i + 2, a1);
    }
    for (; i < w; i++) {
      const double c = kind == TRUENO_SUM_SQDEV ? center[i] : 0.0;
      for (size_t r = 0; r < rows; r++) acc[i] += term(row[r * stride + i], kind, c);
    }
    k += rows;
  }
}

TRUENO_ALWAYS_INLINE void col_sum_f64_kind(const double *x, size_t len, size_t stride, size_t w, int kind,
                                           const double *center, double *acc) {
  for (size_t i = 0; i < w; i++) acc[i] = 0.0;
  const v128_t zero = wasm_f64x2_splat(0.0);
  for (size_t k = 0; k < len;) {
    const size_t rows = len - k >= 4 ? 4 : 1;
    const double *row = x + k * stride;
    size_t i = 0;
    for (; i + 2 <= w; i += 2) {
      const v128_t c = kind == TRUENO_SUM_SQDEV ? wasm_v128_load(center + i) : zero;
      v128_t a = wasm_v128_load(acc + i);
      for (size_t r = 0; r < rows; r++) a = accumulate(a, wasm_v128_load(row + r * stride + i), kind, c);
      wasm_v128_store(acc + i, a);
    }
    for (; i < w; i++) {
      const double c = kind == TRUENO_SUM_SQDEV ? center[i] : 0.0;
      for (size_t r = 0; r < rows; r++) acc[i] += term(row[r * stride + i], kind, c);
    }
    k += rows;
  }
}

static void col_sum_f32(const float *x, size_t len, size_t stride, size_t w, int kind, const double *center,
                        double *acc) {
  switch (kind) {
  case TRUENO_SUM_ABS: col_sum_f32_kind(x, len, stride, w, TRUENO_SUM_ABS, center, acc); break;
  case TRUENO_SUM_SQUARE: col_sum_f32_kind(x, len, stride, w, TRUENO_SUM_SQUARE, center, acc); break;
  case TRUENO_SUM_SQDEV: col_sum_f32_kind(x, len, stride, w, TRUENO_SUM_SQDEV, center, acc); break;
  default: col_sum_f32_kind(x, len, stride, w, TRUENO_SUM_PLAIN, center, acc); break;
  }
}

static void col_sum_f64(const double *x, size_t len, size_t stride, size_t w, int kind, const double *center,
                        double *acc) {
  switch (kind) {
  case TRUENO_SUM_ABS: col_sum_f64_kind(x, len, stride, w, TRUENO_SUM_ABS, center, acc); break;
  case TRUENO_SUM_SQUARE: col_sum_f64_kind(x, len, stride, w, TRUENO_SUM_SQUARE, center, acc); break;
  case TRUENO_SUM_SQDEV: col_sum_f64_kind(x, len, stride, w, TRUENO_SUM_SQDEV, center, acc); break;
  default: col_sum_f64_kind(x, len, stride, w, TRUENO_SUM_PLAIN, center, acc); break;
  }
}

static void col_extreme_f32(const float *x, size_t len, size_t stride, size_t w, int kind, float *best) {
  for (size_t i = 0; i < w; i++) best[i] = kind == TRUENO_EXT_ABSMAX ? fabsf(x[i]) : x[i];
  for (size_t k = 1; k < len; k++) {
    const float *row = x + k * stride;
    size_t i = 0;
    for (; i + 4 <= w; i += 4)
      wasm_v128_store(best + i, pick_f32(wasm_v128_load(best + i), wasm_v128_load(row + i), kind));
    for (; i < w; i++) best[i] = (float)pick(best[i], row[i], kind);
  }
}

static void col_extreme_f64(const double *x, size_t len, size_t stride, size_t w, int kind, double *best) {
  for (size_t i = 0; i < w; i++) best[i] = kind == TRUENO_EXT_ABSMAX ? fabs(x[i]) : x[i];
  for (size_t k = 1; k < len; k++) {
    const double *row = x + k * stride;
    size_t i = 0;
    for (; i + 2 <= w; i += 2)
      wasm_v128_store(best + i, pick_f64(wasm_v128_load(best + i), wasm_v128_load(row + i), kind));
    for (; i < w; i++) best[i] = pick(best[i], row[i], kind);
  }
}

/* Column arg: take where v is better, or v is NaN while best is not (so the first NaN's row sticks). */
static void col_argext_f32(const float *x, size_t len, size_t stride, size_t w, int is_max, float *best,
                           int32_t *idx) {
  for (size_t i = 0; i < w; i++) best[i] = x[i], idx[i] = 0;
  for (size_t k = 1; k < len; k++) {
    const float *row = x + k * stride;
    const v128_t kv = wasm_i32x4_splat((int32_t)k);
    size_t i = 0;
    for (; i + 4 <= w; i += 4) {
      const v128_t v = wasm_v128_load(row + i), b = wasm_v128_load(best + i);
      const v128_t better = is_max ? wasm_f32x4_gt(v, b) : wasm_f32x4_lt(v, b);
      const v128_t first_nan = wasm_v128_andnot(wasm_f32x4_ne(v, v), wasm_f32x4_ne(b, b));
      const v128_t take = wasm_v128_or(better, first_nan);
      wasm_v128_store(best + i, wasm_v128_bitselect(v, b, take));
      wasm_v128_store(idx + i, wasm_v128_bitselect(kv, wasm_v128_load(idx + i), take));
    }
    for (; i < w; i++) {
      const float v = row[i];
      if ((is_max ? v > best[i] : v < best[i]) || (isnan(v) && !isnan(best[i]))) best[i] = v, idx[i] = (int32_t)k;
    }
  }
}

static void col_argext_f64(const double *x, size_t len, size_t stride, size_t w, int is_max, double *best,
                           int32_t *idx) {
  for (size_t i = 0; i < w; i++) best[i] = x[i], idx[i] = 0;
  for (size_t k = 1; k < len; k++) {
    const double *row = x + k * stride;
    const v128_t kv = wasm_i32x4_splat((int32_t)k);
    size_t i = 0;
    for (; i + 2 <= w; i += 2) {
      const v128_t v = wasm_v128_load(row + i), b = wasm_v128_load(best + i);
      const v128_t better = is_max ? wasm_f64x2_gt(v, b) : wasm_f64x2_lt(v, b);
      const v128_t first_nan = wasm_v128_andnot(wasm_f64x2_ne(v, v), wasm_f64x2_ne(b, b));
      const v128_t take = wasm_v128_or(better, first_nan);
      wasm_v128_store(best + i, wasm_v128_bitselect(v, b, take));
      /* the two 64-bit masks narrowed to two 32-bit masks for the int32 indices */
      const v128_t take32 = wasm_i32x4_shuffle(take, take, 0, 2, 0, 2);
      const v128_t old = wasm_v128_load64_zero(idx + i);
      wasm_v128_store64_lane(idx + i, wasm_v128_bitselect(kv, old, take32), 0);
    }
    for (; i < w; i++) {
      const double v = row[i];
      if ((is_max ? v > best[i] : v < best[i]) || (isnan(v) && !isnan(best[i]))) best[i] = v, idx[i] = (int32_t)k;
    }
  }
}

void trueno_install_reduce_simd128(trueno_reduce_kernels *k) {
  k->sum_f32 = sum_f32;
  k->sum_f64 = sum_f64;
  k->dot_f32 = dot_f32;
  k->dot_f64 = dot_f64;
  k->extreme_f32 = extreme_f32;
  k->extreme_f64 = extreme_f64;
  k->argext_f32 = argext_f32;
  k->argext_f64 = argext_f64;
  k->col_sum_f32 = col_sum_f32;
  k->col_sum_f64 = col_sum_f64;
  k->col_extreme_f32 = col_extreme_f32;
  k->col_extreme_f64 = col_extreme_f64;
  k->col_argext_f32 = col_argext_f32;
  k->col_argext_f64 = col_argext_f64;
}

#endif
