/*
 * AVX2+FMA reduction kernels. float32 input is widened to float64 (vcvtps2pd) before it is accumulated: at two
 * conversions per 8 floats the loop still outruns memory, and the sums neither overflow nor drift. Min/max use a
 * separate NaN mask because vminps/vmaxps drop a NaN in their first operand; arg kernels keep a per-lane best value
 * and index with strict comparisons (first occurrence), then pick the lowest index among the best lanes.
 */
#include "../isa_target.h"

#if defined(TRUENO_X86_64)
#include <immintrin.h>

#include "../kernels.h"
#include "../reduce_kernels.h"

#include <math.h>

TRUENO_TARGET_BEGIN_AVX2

TRUENO_ALWAYS_INLINE double hsum_pd(__m256d v) {
  const __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}

/* acc + kind(v), with c the center (SQDEV only). */
TRUENO_ALWAYS_INLINE __m256d accumulate(__m256d acc, __m256d v, int kind, __m256d c) {
  switch (kind) {
  case TRUENO_SUM_ABS: return _mm256_add_pd(acc, _mm256_andnot_pd(_mm256_set1_pd(-0.0), v));
  case TRUENO_SUM_SQUARE: return _mm256_fmadd_pd(v, v, acc);
  case TRUENO_SUM_SQDEV: {
    const __m256d d = _mm256_sub_pd(v, c);
    return _mm256_fmadd_pd(d, d, acc);
  }
  default: return _mm256_add_pd(acc, v);
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

TRUENO_ALWAYS_INLINE __m256d widen(const float *x) { return _mm256_cvtps_pd(_mm_loadu_ps(x)); }

TRUENO_ALWAYS_INLINE double sum_f32_kind(const float *x, size_t n, int kind, double center) {
  const __m256d c = _mm256_set1_pd(center);
  __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    a0 = accumulate(a0, widen(x + i), kind, c);
    a1 = accumulate(a1, widen(x + i + 4), kind, c);
    a2 = accumulate(a2, widen(x + i + 8), kind, c);
    a3 = accumulate(a3, widen(x + i + 12), kind, c);
  }
  for (; i + 4 <= n; i += 4) a0 = accumulate(a0, widen(x + i), kind, c);
  double s = hsum_pd(_mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)));
  for (; i < n; i++) s += term(x[i], kind, center);
  return s;
}

TRUENO_ALWAYS_INLINE double sum_f64_kind(const double *x, size_t n, int kind, double center) {
  const __m256d c = _mm256_set1_pd(center);
  __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    a0 = accumulate(a0, _mm256_loadu_pd(x + i), kind, c);
    a1 = accumulate(a1, _mm256_loadu_pd(x + i + 4), kind, c);
    a2 = accumulate(a2, _mm256_loadu_pd(x + i + 8), kind, c);
    a3 = accumulate(a3, _mm256_loadu_pd(x + i + 12), kind, c);
  }
  for (; i + 4 <= n; i += 4) a0 = accumulate(a0, _mm256_loadu_pd(x + i), kind, c);
  double s = hsum_pd(_mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)));
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
  __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    a0 = _mm256_fmadd_pd(widen(a + i), widen(b + i), a0);
    a1 = _mm256_fmadd_pd(widen(a + i + 4), widen(b + i + 4), a1);
    a2 = _mm256_fmadd_pd(widen(a + i + 8), widen(b + i + 8), a2);
    a3 = _mm256_fmadd_pd(widen(a + i + 12), widen(b + i + 12), a3);
  }
  for (; i + 4 <= n; i += 4) a0 = _mm256_fmadd_pd(widen(a + i), widen(b + i), a0);
  double s = hsum_pd(_mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)));
  for (; i < n; i++) s += (double)a[i] * b[i];
  return s;
}

static double dot_f64(const double *a, const double *b, size_t n) {
  __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    a0 = _mm256_fmadd_pd(_mm256_loadu_pd(a + i), _mm256_loadu_pd(b + i), a0);
    a1 = _mm256_fmadd_pd(_mm256_loadu_pd(a + i + 4), _mm256_loadu_pd(b + i + 4), a1);
    a2 = _mm256_fmadd_pd(_mm256_loadu_pd(a + i + 8), _mm256_loadu_pd(b + i + 8), a2);
    a3 = _mm256_fmadd_pd(_mm256_loadu_pd(a + i + 12), _mm256_loadu_pd(b + i + 12), a3);
  }
  for (; i + 4 <= n; i += 4) a0 = _mm256_fmadd_pd(_mm256_loadu_pd(a + i), _mm256_loadu_pd(b + i), a0);
  double s = hsum_pd(_mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)));
  for (; i < n; i++) s += a[i] * b[i];
  return s;
}

/* The running extreme of lanes (NaN handled apart): min, max, or max of |v|. */
TRUENO_ALWAYS_INLINE __m256 pick_ps(__m256 best, __m256 v, int kind) {
  if (kind == TRUENO_EXT_MIN) return _mm256_min_ps(best, v);
  if (kind == TRUENO_EXT_ABSMAX) v = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), v);
  return _mm256_max_ps(best, v);
}

TRUENO_ALWAYS_INLINE __m256d pick_pd(__m256d best, __m256d v, int kind) {
  if (kind == TRUENO_EXT_MIN) return _mm256_min_pd(best, v);
  if (kind == TRUENO_EXT_ABSMAX) v = _mm256_andnot_pd(_mm256_set1_pd(-0.0), v);
  return _mm256_max_pd(best, v);
}

/* The scalar step matching pick_*: the better of best and v (neither NaN). */
TRUENO_ALWAYS_INLINE double pick(double best, double v, int kind) {
  if (kind == TRUENO_EXT_ABSMAX) v = fabs(v);
  return (kind == TRUENO_EXT_MIN ? v < best : v > best) ? v : best;
}

TRUENO_ALWAYS_INLINE double extreme_f32_kind(const float *x, size_t n, int kind) {
  double best = kind == TRUENO_EXT_ABSMAX ? fabs((double)x[0]) : x[0];
  size_t i = 0;
  if (n >= 16) {
    __m256 b0 = _mm256_set1_ps((float)best), b1 = b0, nan = _mm256_setzero_ps();
    for (; i + 16 <= n; i += 16) {
      const __m256 v0 = _mm256_loadu_ps(x + i), v1 = _mm256_loadu_ps(x + i + 8);
      nan = _mm256_or_ps(nan, _mm256_cmp_ps(v0, v1, _CMP_UNORD_Q));
      b0 = pick_ps(b0, v0, kind);
      b1 = pick_ps(b1, v1, kind);
    }
    if (_mm256_movemask_ps(nan)) return NAN;
    float lanes[16];
    _mm256_storeu_ps(lanes, b0);
    _mm256_storeu_ps(lanes + 8, b1);
    for (int l = 0; l < 16; l++) best = pick(best, lanes[l], kind == TRUENO_EXT_ABSMAX ? TRUENO_EXT_MAX : kind);
  }
  for (; i < n; i++) {
    if (isnan(x[i])) return NAN;
    best = pick(best, x[i], kind);
  }
  return best;
}

TRUENO_ALWAYS_INLINE double extreme_f64_kind(const double *x, size_t n, int kind) {
  double best = kind == TRUENO_EXT_ABSMAX ? fabs(x[0]) : x[0];
  size_t i = 0;
  if (n >= 8) {
    __m256d b0 = _mm256_set1_pd(best), b1 = b0, nan = _mm256_setzero_pd();
    for (; i + 8 <= n; i += 8) {
      const __m256d v0 = _mm256_loadu_pd(x + i), v1 = _mm256_loadu_pd(x + i + 4);
      nan = _mm256_or_pd(nan, _mm256_cmp_pd(v0, v1, _CMP_UNORD_Q));
      b0 = pick_pd(b0, v0, kind);
      b1 = pick_pd(b1, v1, kind);
    }
    if (_mm256_movemask_pd(nan)) return NAN;
    double lanes[8];
    _mm256_storeu_pd(lanes, b0);
    _mm256_storeu_pd(lanes + 4, b1);
    for (int l = 0; l < 8; l++) best = pick(best, lanes[l], kind == TRUENO_EXT_ABSMAX ? TRUENO_EXT_MAX : kind);
  }
  for (; i < n; i++) {
    if (isnan(x[i])) return NAN;
    best = pick(best, x[i], kind);
  }
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
  const __m256 v = _mm256_set1_ps(value);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 xv = _mm256_loadu_ps(x + i);
    if (_mm256_movemask_ps(nan ? _mm256_cmp_ps(xv, xv, _CMP_UNORD_Q) : _mm256_cmp_ps(xv, v, _CMP_EQ_OQ))) break;
  }
  while (i < n && !(nan ? isnan(x[i]) : x[i] == value)) i++;
  return i;
}

static size_t first_f64(const double *x, size_t n, double value) {
  const int nan = isnan(value);
  const __m256d v = _mm256_set1_pd(value);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m256d xv = _mm256_loadu_pd(x + i);
    if (_mm256_movemask_pd(nan ? _mm256_cmp_pd(xv, xv, _CMP_UNORD_Q) : _mm256_cmp_pd(xv, v, _CMP_EQ_OQ))) break;
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

/* The scalar tail of the column sums: columns [from, w) of rows [k, k + rows). */
#define COL_SUM_TAIL(x, k, rows, stride, from, w, kind, center, acc)                                 \
  for (size_t i_ = (from); i_ < (w); i_++)                                                           \
    for (size_t r_ = 0; r_ < (rows); r_++)                                                           \
      acc[i_] += term((x)[((k) + r_) * (stride) + i_], kind, kind == TRUENO_SUM_SQDEV ? center[i_] : 0.0);

/*
 * Four rows per pass over acc (added in row order, as one row at a time would), so acc is loaded and stored a
 * quarter as often.
 */
TRUENO_ALWAYS_INLINE void col_sum_f32_kind(const float *x, size_t len, size_t stride, size_t w, int kind,
                                           const double *center, double *acc) {
  for (size_t i = 0; i < w; i++) acc[i] = 0.0;
  const __m256d zero = _mm256_setzero_pd();
  size_t k = 0;
  for (; k + 4 <= len; k += 4) {
    const float *r0 = x + k * stride, *r1 = r0 + stride, *r2 = r1 + stride, *r3 = r2 + stride;
    size_t i = 0;
    for (; i + 4 <= w; i += 4) {
      const __m256d c = kind == TRUENO_SUM_SQDEV ? _mm256_loadu_pd(center + i) : zero;
      __m256d a = accumulate(_mm256_loadu_pd(acc + i), widen(r0 + i), kind, c);
      a = accumulate(a, widen(r1 + i), kind, c);
      a = accumulate(a, widen(r2 + i), kind, c);
      _mm256_storeu_pd(acc + i, accumulate(a, widen(r3 + i), kind, c));
    }
    COL_SUM_TAIL(x, k, 4, stride, i, w, kind, center, acc)
  }
  for (; k < len; k++) {
    const float *row = x + k * stride;
    size_t i = 0;
    for (; i + 4 <= w; i += 4) {
      const __m256d c = kind == TRUENO_SUM_SQDEV ? _mm256_loadu_pd(center + i) : zero;
      _mm256_storeu_pd(acc + i, accumulate(_mm256_loadu_pd(acc + i), widen(row + i), kind, c));
    }
    COL_SUM_TAIL(x, k, 1, stride, i, w, kind, center, acc)
  }
}

TRUENO_ALWAYS_INLINE void col_sum_f64_kind(const double *x, size_t len, size_t stride, size_t w, int kind,
                                           const double *center, double *acc) {
  for (size_t i = 0; i < w; i++) acc[i] = 0.0;
  const __m256d zero = _mm256_setzero_pd();
  size_t k = 0;
  for (; k + 4 <= len; k += 4) {
    const double *r0 = x + k * stride, *r1 = r0 + stride, *r2 = r1 + stride, *r3 = r2 + stride;
    size_t i = 0;
    for (; i + 4 <= w; i += 4) {
      const __m256d c = kind == TRUENO_SUM_SQDEV ? _mm256_loadu_pd(center + i) : zero;
      __m256d a = accumulate(_mm256_loadu_pd(acc + i), _mm256_loadu_pd(r0 + i), kind, c);
      a = accumulate(a, _mm256_loadu_pd(r1 + i), kind, c);
      a = accumulate(a, _mm256_loadu_pd(r2 + i), kind, c);
      _mm256_storeu_pd(acc + i, accumulate(a, _mm256_loadu_pd(r3 + i), kind, c));
    }
    COL_SUM_TAIL(x, k, 4, stride, i, w, kind, center, acc)
  }
  for (; k < len; k++) {
    const double *row = x + k * stride;
    size_t i = 0;
    for (; i + 4 <= w; i += 4) {
      const __m256d c = kind == TRUENO_SUM_SQDEV ? _mm256_loadu_pd(center + i) : zero;
      _mm256_storeu_pd(acc + i, accumulate(_mm256_loadu_pd(acc + i), _mm256_loadu_pd(row + i), kind, c));
    }
    COL_SUM_TAIL(x, k, 1, stride, i, w, kind, center, acc)
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

/* Column extremes: best takes v where v is better or NaN; a NaN best never compares better, so it stays. */
static void col_extreme_f32(const float *x, size_t len, size_t stride, size_t w, int kind, float *best) {
  const __m256 sign = _mm256_set1_ps(-0.0f);
  const int absmax = kind == TRUENO_EXT_ABSMAX, is_max = kind != TRUENO_EXT_MIN;
  for (size_t i = 0; i < w; i++) best[i] = absmax ? fabsf(x[i]) : x[i];
  for (size_t k = 1; k < len; k++) {
    const float *row = x + k * stride;
    size_t i = 0;
    for (; i + 8 <= w; i += 8) {
      __m256 v = _mm256_loadu_ps(row + i);
      if (absmax) v = _mm256_andnot_ps(sign, v);
      const __m256 b = _mm256_loadu_ps(best + i);
      const __m256 better = is_max ? _mm256_cmp_ps(v, b, _CMP_GT_OQ) : _mm256_cmp_ps(v, b, _CMP_LT_OQ);
      const __m256 take = _mm256_or_ps(better, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
      _mm256_storeu_ps(best + i, _mm256_blendv_ps(b, v, take));
    }
    for (; i < w; i++) {
      const float v = absmax ? fabsf(row[i]) : row[i];
      if (isnan(v) || (is_max ? v > best[i] : v < best[i])) best[i] = v;
    }
  }
}

static void col_extreme_f64(const double *x, size_t len, size_t stride, size_t w, int kind, double *best) {
  const __m256d sign = _mm256_set1_pd(-0.0);
  const int absmax = kind == TRUENO_EXT_ABSMAX, is_max = kind != TRUENO_EXT_MIN;
  for (size_t i = 0; i < w; i++) best[i] = absmax ? fabs(x[i]) : x[i];
  for (size_t k = 1; k < len; k++) {
    const double *row = x + k * stride;
    size_t i = 0;
    for (; i + 4 <= w; i += 4) {
      __m256d v = _mm256_loadu_pd(row + i);
      if (absmax) v = _mm256_andnot_pd(sign, v);
      const __m256d b = _mm256_loadu_pd(best + i);
      const __m256d better = is_max ? _mm256_cmp_pd(v, b, _CMP_GT_OQ) : _mm256_cmp_pd(v, b, _CMP_LT_OQ);
      const __m256d take = _mm256_or_pd(better, _mm256_cmp_pd(v, v, _CMP_UNORD_Q));
      _mm256_storeu_pd(best + i, _mm256_blendv_pd(b, v, take));
    }
    for (; i < w; i++) {
      const double v = absmax ? fabs(row[i]) : row[i];
      if (isnan(v) || (is_max ? v > best[i] : v < best[i])) best[i] = v;
    }
  }
}

/* Column arg: take where v is better, or v is NaN while best is not (so the first NaN's row sticks). */
static void col_argext_f32(const float *x, size_t len, size_t stride, size_t w, int is_max, float *best,
                           int32_t *idx) {
  for (size_t i = 0; i < w; i++) best[i] = x[i], idx[i] = 0;
  for (size_t k = 1; k < len; k++) {
    const float *row = x + k * stride;
    const __m256 kv = _mm256_castsi256_ps(_mm256_set1_epi32((int32_t)k));
    size_t i = 0;
    for (; i + 8 <= w; i += 8) {
      const __m256 v = _mm256_loadu_ps(row + i), b = _mm256_loadu_ps(best + i);
      const __m256 better = is_max ? _mm256_cmp_ps(v, b, _CMP_GT_OQ) : _mm256_cmp_ps(v, b, _CMP_LT_OQ);
      const __m256 first_nan = _mm256_andnot_ps(_mm256_cmp_ps(b, b, _CMP_UNORD_Q), _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
      const __m256 take = _mm256_or_ps(better, first_nan);
      _mm256_storeu_ps(best + i, _mm256_blendv_ps(b, v, take));
      const __m256 old = _mm256_castsi256_ps(_mm256_loadu_si256((const __m256i *)(idx + i)));
      _mm256_storeu_si256((__m256i *)(idx + i), _mm256_castps_si256(_mm256_blendv_ps(old, kv, take)));
    }
    for (; i < w; i++) {
      const float v = row[i];
      if ((is_max ? v > best[i] : v < best[i]) || (isnan(v) && !isnan(best[i]))) best[i] = v, idx[i] = (int32_t)k;
    }
  }
}

static void col_argext_f64(const double *x, size_t len, size_t stride, size_t w, int is_max, double *best,
                           int32_t *idx) {
  const __m256i even = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
  for (size_t i = 0; i < w; i++) best[i] = x[i], idx[i] = 0;
  for (size_t k = 1; k < len; k++) {
    const double *row = x + k * stride;
    const __m128 kv = _mm_castsi128_ps(_mm_set1_epi32((int32_t)k));
    size_t i = 0;
    for (; i + 4 <= w; i += 4) {
      const __m256d v = _mm256_loadu_pd(row + i), b = _mm256_loadu_pd(best + i);
      const __m256d better = is_max ? _mm256_cmp_pd(v, b, _CMP_GT_OQ) : _mm256_cmp_pd(v, b, _CMP_LT_OQ);
      const __m256d first_nan = _mm256_andnot_pd(_mm256_cmp_pd(b, b, _CMP_UNORD_Q), _mm256_cmp_pd(v, v, _CMP_UNORD_Q));
      const __m256d take = _mm256_or_pd(better, first_nan);
      _mm256_storeu_pd(best + i, _mm256_blendv_pd(b, v, take));
      /* the four 64-bit masks narrowed to four 32-bit masks for the int32 indices */
      const __m128 take32 = _mm256_castps256_ps128(_mm256_permutevar8x32_ps(_mm256_castpd_ps(take), even));
      const __m128 old = _mm_castsi128_ps(_mm_loadu_si128((const __m128i *)(idx + i)));
      _mm_storeu_si128((__m128i *)(idx + i), _mm_castps_si128(_mm_blendv_ps(old, kv, take32)));
    }
    for (; i < w; i++) {
      const double v = row[i];
      if ((is_max ? v > best[i] : v < best[i]) || (isnan(v) && !isnan(best[i]))) best[i] = v, idx[i] = (int32_t)k;
    }
  }
}

TRUENO_TARGET_END

void trueno_install_reduce_avx2(trueno_reduce_kernels *k) {
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
