/*
 * AVX-512 reduction kernels: the AVX2 scheme on 512-bit vectors, with masked loads and stores for the tails (a
 * masked-off lane is never read, so no scalar tail loops). float32 is widened to float64 (8 at a time) before it is
 * accumulated; min/max keep a NaN mask beside vminps/vmaxps, which would drop a NaN; arg kernels keep a best value
 * and index per lane with strict comparisons and pick the lowest index among the best lanes at the end.
 */
#include "../isa_target.h"

#if defined(TRUENO_X86_64)
#include <immintrin.h>

#include "../kernels.h"
#include "../reduce_kernels.h"

#include <math.h>

TRUENO_TARGET_BEGIN_AVX512

/* Lanes [0, count) of a 8- or 16-lane mask (count < lanes). */
TRUENO_ALWAYS_INLINE __mmask8 mask8(size_t count) { return (__mmask8)((1u << count) - 1u); }
TRUENO_ALWAYS_INLINE __mmask16 mask16(size_t count) { return (__mmask16)((1u << count) - 1u); }

/* acc + kind(v), with c the center (SQDEV only). */
TRUENO_ALWAYS_INLINE __m512d accumulate(__m512d acc, __m512d v, int kind, __m512d c) {
  switch (kind) {
  case TRUENO_SUM_ABS: return _mm512_add_pd(acc, _mm512_abs_pd(v));
  case TRUENO_SUM_SQUARE: return _mm512_fmadd_pd(v, v, acc);
  case TRUENO_SUM_SQDEV: {
    const __m512d d = _mm512_sub_pd(v, c);
    return _mm512_fmadd_pd(d, d, acc);
  }
  default: return _mm512_add_pd(acc, v);
  }
}

TRUENO_ALWAYS_INLINE __m512d widen(const float *x) { return _mm512_cvtps_pd(_mm256_loadu_ps(x)); }
TRUENO_ALWAYS_INLINE __m512d widen_tail(const float *x, __mmask8 m) {
  return _mm512_cvtps_pd(_mm256_maskz_loadu_ps(m, x));
}

TRUENO_ALWAYS_INLINE double sum_f32_kind(const float *x, size_t n, int kind, double center) {
  const __m512d c = _mm512_set1_pd(center);
  __m512d a0 = _mm512_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    a0 = accumulate(a0, widen(x + i), kind, c);
    a1 = accumulate(a1, widen(x + i + 8), kind, c);
    a2 = accumulate(a2, widen(x + i + 16), kind, c);
    a3 = accumulate(a3, widen(x + i + 24), kind, c);
  }
  for (; i + 8 <= n; i += 8) a0 = accumulate(a0, widen(x + i), kind, c);
  if (i < n) {
    const __mmask8 m = mask8(n - i);
    a1 = _mm512_mask_mov_pd(a1, m, accumulate(a1, widen_tail(x + i, m), kind, c));
  }
  return _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(a0, a1), _mm512_add_pd(a2, a3)));
}

TRUENO_ALWAYS_INLINE double sum_f64_kind(const double *x, size_t n, int kind, double center) {
  const __m512d c = _mm512_set1_pd(center);
  __m512d a0 = _mm512_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    a0 = accumulate(a0, _mm512_loadu_pd(x + i), kind, c);
    a1 = accumulate(a1, _mm512_loadu_pd(x + i + 8), kind, c);
    a2 = accumulate(a2, _mm512_loadu_pd(x + i + 16), kind, c);
    a3 = accumulate(a3, _mm512_loadu_pd(x + i + 24), kind, c);
  }
  for (; i + 8 <= n; i += 8) a0 = accumulate(a0, _mm512_loadu_pd(x + i), kind, c);
  if (i < n) {
    const __mmask8 m = mask8(n - i);
    a1 = _mm512_mask_mov_pd(a1, m, accumulate(a1, _mm512_maskz_loadu_pd(m, x + i), kind, c));
  }
  return _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(a0, a1), _mm512_add_pd(a2, a3)));
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
  __m512d a0 = _mm512_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    a0 = _mm512_fmadd_pd(widen(a + i), widen(b + i), a0);
    a1 = _mm512_fmadd_pd(widen(a + i + 8), widen(b + i + 8), a1);
    a2 = _mm512_fmadd_pd(widen(a + i + 16), widen(b + i + 16), a2);
    a3 = _mm512_fmadd_pd(widen(a + i + 24), widen(b + i + 24), a3);
  }
  for (; i + 8 <= n; i += 8) a0 = _mm512_fmadd_pd(widen(a + i), widen(b + i), a0);
  if (i < n) {
    const __mmask8 m = mask8(n - i);
    a1 = _mm512_fmadd_pd(widen_tail(a + i, m), widen_tail(b + i, m), a1);
  }
  return _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(a0, a1), _mm512_add_pd(a2, a3)));
}

static double dot_f64(const double *a, const double *b, size_t n) {
  __m512d a0 = _mm512_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    a0 = _mm512_fmadd_pd(_mm512_loadu_pd(a + i), _mm512_loadu_pd(b + i), a0);
    a1 = _mm512_fmadd_pd(_mm512_loadu_pd(a + i + 8), _mm512_loadu_pd(b + i + 8), a1);
    a2 = _mm512_fmadd_pd(_mm512_loadu_pd(a + i + 16), _mm512_loadu_pd(b + i + 16), a2);
    a3 = _mm512_fmadd_pd(_mm512_loadu_pd(a + i + 24), _mm512_loadu_pd(b + i + 24), a3);
  }
  for (; i + 8 <= n; i += 8) a0 = _mm512_fmadd_pd(_mm512_loadu_pd(a + i), _mm512_loadu_pd(b + i), a0);
  if (i < n) {
    const __mmask8 m = mask8(n - i);
    a1 = _mm512_fmadd_pd(_mm512_maskz_loadu_pd(m, a + i), _mm512_maskz_loadu_pd(m, b + i), a1);
  }
  return _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(a0, a1), _mm512_add_pd(a2, a3)));
}

/* best updated from v in the lanes of m: min, max, or max of |v| (NaN handled apart). */
TRUENO_ALWAYS_INLINE __m512 pick_ps(__m512 best, __mmask16 m, __m512 v, int kind) {
  if (kind == TRUENO_EXT_MIN) return _mm512_mask_min_ps(best, m, best, v);
  if (kind == TRUENO_EXT_ABSMAX) v = _mm512_abs_ps(v);
  return _mm512_mask_max_ps(best, m, best, v);
}

TRUENO_ALWAYS_INLINE __m512d pick_pd(__m512d best, __mmask8 m, __m512d v, int kind) {
  if (kind == TRUENO_EXT_MIN) return _mm512_mask_min_pd(best, m, best, v);
  if (kind == TRUENO_EXT_ABSMAX) v = _mm512_abs_pd(v);
  return _mm512_mask_max_pd(best, m, best, v);
}

TRUENO_ALWAYS_INLINE double extreme_f32_kind(const float *x, size_t n, int kind) {
  __m512 b0 = _mm512_set1_ps(kind == TRUENO_EXT_ABSMAX ? fabsf(x[0]) : x[0]), b1 = b0;
  __mmask16 nan = 0;
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m512 v0 = _mm512_loadu_ps(x + i), v1 = _mm512_loadu_ps(x + i + 16);
    nan |= _mm512_cmp_ps_mask(v0, v1, _CMP_UNORD_Q);
    b0 = pick_ps(b0, 0xFFFF, v0, kind);
    b1 = pick_ps(b1, 0xFFFF, v1, kind);
  }
  for (; i < n; i += 16) {
    const __mmask16 m = n - i >= 16 ? (__mmask16)0xFFFF : mask16(n - i);
    const __m512 v = _mm512_maskz_loadu_ps(m, x + i);
    nan |= _mm512_mask_cmp_ps_mask(m, v, v, _CMP_UNORD_Q);
    b0 = pick_ps(b0, m, v, kind);
  }
  if (nan) return NAN;
  return kind == TRUENO_EXT_MIN ? _mm512_reduce_min_ps(_mm512_min_ps(b0, b1))
                                : _mm512_reduce_max_ps(_mm512_max_ps(b0, b1));
}

TRUENO_ALWAYS_INLINE double extreme_f64_kind(const double *x, size_t n, int kind) {
  __m512d b0 = _mm512_set1_pd(kind == TRUENO_EXT_ABSMAX ? fabs(x[0]) : x[0]), b1 = b0;
  __mmask8 nan = 0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512d v0 = _mm512_loadu_pd(x + i), v1 = _mm512_loadu_pd(x + i + 8);
    nan |= _mm512_cmp_pd_mask(v0, v1, _CMP_UNORD_Q);
    b0 = pick_pd(b0, 0xFF, v0, kind);
    b1 = pick_pd(b1, 0xFF, v1, kind);
  }
  for (; i < n; i += 8) {
    const __mmask8 m = n - i >= 8 ? (__mmask8)0xFF : mask8(n - i);
    const __m512d v = _mm512_maskz_loadu_pd(m, x + i);
    nan |= _mm512_mask_cmp_pd_mask(m, v, v, _CMP_UNORD_Q);
    b0 = pick_pd(b0, m, v, kind);
  }
  if (nan) return NAN;
  return kind == TRUENO_EXT_MIN ? _mm512_reduce_min_pd(_mm512_min_pd(b0, b1))
                                : _mm512_reduce_max_pd(_mm512_max_pd(b0, b1));
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
  const __m512 v = _mm512_set1_ps(value);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512 xv = _mm512_loadu_ps(x + i);
    if (nan ? _mm512_cmp_ps_mask(xv, xv, _CMP_UNORD_Q) : _mm512_cmp_ps_mask(xv, v, _CMP_EQ_OQ)) break;
  }
  while (i < n && !(nan ? isnan(x[i]) : x[i] == value)) i++;
  return i;
}

static size_t first_f64(const double *x, size_t n, double value) {
  const int nan = isnan(value);
  const __m512d v = _mm512_set1_pd(value);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m512d xv = _mm512_loadu_pd(x + i);
    if (nan ? _mm512_cmp_pd_mask(xv, xv, _CMP_UNORD_Q) : _mm512_cmp_pd_mask(xv, v, _CMP_EQ_OQ)) break;
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
  for (size_t k = 0; k < len;) {
    const size_t rows = len - k >= 4 ? 4 : 1;
    const float *row = x + k * stride;
    for (size_t i = 0; i < w; i += 8) {
      const __mmask8 m = w - i >= 8 ? (__mmask8)0xFF : mask8(w - i);
      const __m512d c = kind == TRUENO_SUM_SQDEV ? _mm512_maskz_loadu_pd(m, center + i) : _mm512_setzero_pd();
      __m512d a = _mm512_maskz_loadu_pd(m, acc + i);
      for (size_t r = 0; r < rows; r++) a = accumulate(a, widen_tail(row + r * stride + i, m), kind, c);
      _mm512_mask_storeu_pd(acc + i, m, a);
    }
    k += rows;
  }
}

TRUENO_ALWAYS_INLINE void col_sum_f64_kind(const double *x, size_t len, size_t stride, size_t w, int kind,
                                           const double *center, double *acc) {
  for (size_t i = 0; i < w; i++) acc[i] = 0.0;
  for (size_t k = 0; k < len;) {
    const size_t rows = len - k >= 4 ? 4 : 1;
    const double *row = x + k * stride;
    for (size_t i = 0; i < w; i += 8) {
      const __mmask8 m = w - i >= 8 ? (__mmask8)0xFF : mask8(w - i);
      const __m512d c = kind == TRUENO_SUM_SQDEV ? _mm512_maskz_loadu_pd(m, center + i) : _mm512_setzero_pd();
      __m512d a = _mm512_maskz_loadu_pd(m, acc + i);
      for (size_t r = 0; r < rows; r++) a = accumulate(a, _mm512_maskz_loadu_pd(m, row + r * stride + i), kind, c);
      _mm512_mask_storeu_pd(acc + i, m, a);
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

/* Column extremes: best takes v where v is better or NaN; a NaN best never compares better, so it stays. */
static void col_extreme_f32(const float *x, size_t len, size_t stride, size_t w, int kind, float *best) {
  const int absmax = kind == TRUENO_EXT_ABSMAX, is_max = kind != TRUENO_EXT_MIN;
  for (size_t i = 0; i < w; i++) best[i] = absmax ? fabsf(x[i]) : x[i];
  for (size_t k = 1; k < len; k++) {
    const float *row = x + k * stride;
    for (size_t i = 0; i < w; i += 16) {
      const __mmask16 m = w - i >= 16 ? (__mmask16)0xFFFF : mask16(w - i);
      __m512 v = _mm512_maskz_loadu_ps(m, row + i);
      if (absmax) v = _mm512_abs_ps(v);
      const __m512 b = _mm512_maskz_loadu_ps(m, best + i);
      const __mmask16 better = is_max ? _mm512_cmp_ps_mask(v, b, _CMP_GT_OQ) : _mm512_cmp_ps_mask(v, b, _CMP_LT_OQ);
      const __mmask16 take = better | _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
      _mm512_mask_storeu_ps(best + i, m & take, v);
    }
  }
}

static void col_extreme_f64(const double *x, size_t len, size_t stride, size_t w, int kind, double *best) {
  const int absmax = kind == TRUENO_EXT_ABSMAX, is_max = kind != TRUENO_EXT_MIN;
  for (size_t i = 0; i < w; i++) best[i] = absmax ? fabs(x[i]) : x[i];
  for (size_t k = 1; k < len; k++) {
    const double *row = x + k * stride;
    for (size_t i = 0; i < w; i += 8) {
      const __mmask8 m = w - i >= 8 ? (__mmask8)0xFF : mask8(w - i);
      __m512d v = _mm512_maskz_loadu_pd(m, row + i);
      if (absmax) v = _mm512_abs_pd(v);
      const __m512d b = _mm512_maskz_loadu_pd(m, best + i);
      const __mmask8 better = is_max ? _mm512_cmp_pd_mask(v, b, _CMP_GT_OQ) : _mm512_cmp_pd_mask(v, b, _CMP_LT_OQ);
      const __mmask8 take = better | _mm512_cmp_pd_mask(v, v, _CMP_UNORD_Q);
      _mm512_mask_storeu_pd(best + i, m & take, v);
    }
  }
}

/* Column arg: take where v is better, or v is NaN while best is not (so the first NaN's row sticks). */
static void col_argext_f32(const float *x, size_t len, size_t stride, size_t w, int is_max, float *best,
                           int32_t *idx) {
  for (size_t i = 0; i < w; i++) best[i] = x[i], idx[i] = 0;
  for (size_t k = 1; k < len; k++) {
    const float *row = x + k * stride;
    const __m512i kv = _mm512_set1_epi32((int32_t)k);
    for (size_t i = 0; i < w; i += 16) {
      const __mmask16 m = w - i >= 16 ? (__mmask16)0xFFFF : mask16(w - i);
      const __m512 v = _mm512_maskz_loadu_ps(m, row + i), b = _mm512_maskz_loadu_ps(m, best + i);
      const __mmask16 better = is_max ? _mm512_cmp_ps_mask(v, b, _CMP_GT_OQ) : _mm512_cmp_ps_mask(v, b, _CMP_LT_OQ);
      const __mmask16 first_nan = _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q) & _mm512_cmp_ps_mask(b, b, _CMP_ORD_Q);
      const __mmask16 take = m & (better | first_nan);
      _mm512_mask_storeu_ps(best + i, take, v);
      _mm512_mask_storeu_epi32(idx + i, take, kv);
    }
  }
}

static void col_argext_f64(const double *x, size_t len, size_t stride, size_t w, int is_max, double *best,
                           int32_t *idx) {
  for (size_t i = 0; i < w; i++) best[i] = x[i], idx[i] = 0;
  for (size_t k = 1; k < len; k++) {
    const double *row = x + k * stride;
    const __m256i kv = _mm256_set1_epi32((int32_t)k);
    for (size_t i = 0; i < w; i += 8) {
      const __mmask8 m = w - i >= 8 ? (__mmask8)0xFF : mask8(w - i);
      const __m512d v = _mm512_maskz_loadu_pd(m, row + i), b = _mm512_maskz_loadu_pd(m, best + i);
      const __mmask8 better = is_max ? _mm512_cmp_pd_mask(v, b, _CMP_GT_OQ) : _mm512_cmp_pd_mask(v, b, _CMP_LT_OQ);
      const __mmask8 first_nan = _mm512_cmp_pd_mask(v, v, _CMP_UNORD_Q) & _mm512_cmp_pd_mask(b, b, _CMP_ORD_Q);
      const __mmask8 take = m & (better | first_nan);
      _mm512_mask_storeu_pd(best + i, take, v);
      _mm256_mask_storeu_epi32(idx + i, take, kv);
    }
  }
}

TRUENO_TARGET_END

void trueno_install_reduce_avx512(trueno_reduce_kernels *k) {
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
