/*
 * NEON (arm64) reduction kernels. float32 is widened to float64 (fcvtl/fcvtl2) before it is accumulated. Unlike
 * x86, fmin/fmax and fminv/fmaxv already return NaN when either input is NaN, so min/max need no NaN mask; arg
 * kernels keep a best value and index per lane with strict comparisons and pick the lowest index among the best
 * lanes at the end.
 */
#include "../isa_target.h"

#if defined(TRUENO_ARM64)
#include <arm_neon.h>

#include "../kernels.h"
#include "../reduce_kernels.h"

#include <math.h>

/* acc + kind(v), with c the center (SQDEV only). */
TRUENO_ALWAYS_INLINE float64x2_t accumulate(float64x2_t acc, float64x2_t v, int kind, float64x2_t c) {
  switch (kind) {
  case TRUENO_SUM_ABS: return vaddq_f64(acc, vabsq_f64(v));
  case TRUENO_SUM_SQUARE: return vfmaq_f64(acc, v, v);
  case TRUENO_SUM_SQDEV: {
    const float64x2_t d = vsubq_f64(v, c);
    return vfmaq_f64(acc, d, d);
  }
  default: return vaddq_f64(acc, v);
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

TRUENO_ALWAYS_INLINE double sum_f32_kind(const float *x, size_t n, int kind, double center) {
  const float64x2_t c = vdupq_n_f64(center);
  float64x2_t a0 = vdupq_n_f64(0.0), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const float32x4_t v0 = vld1q_f32(x + i), v1 = vld1q_f32(x + i + 4);
    a0 = accumulate(a0, vcvt_f64_f32(vget_low_f32(v0)), kind, c);
    a1 = accumulate(a1, vcvt_high_f64_f32(v0), kind, c);
    a2 = accumulate(a2, vcvt_f64_f32(vget_low_f32(v1)), kind, c);
    a3 = accumulate(a3, vcvt_high_f64_f32(v1), kind, c);
  }
  double s = vaddvq_f64(vaddq_f64(vaddq_f64(a0, a1), vaddq_f64(a2, a3)));
  for (; i < n; i++) s += term(x[i], kind, center);
  return s;
}

TRUENO_ALWAYS_INLINE double sum_f64_kind(const double *x, size_t n, int kind, double center) {
  const float64x2_t c = vdupq_n_f64(center);
  float64x2_t a0 = vdupq_n_f64(0.0), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    a0 = accumulate(a0, vld1q_f64(x + i), kind, c);
    a1 = accumulate(a1, vld1q_f64(x + i + 2), kind, c);
    a2 = accumulate(a2, vld1q_f64(x + i + 4), kind, c);
    a3 = accumulate(a3, vld1q_f64(x + i + 6), kind, c);
  }
  double s = vaddvq_f64(vaddq_f64(vaddq_f64(a0, a1), vaddq_f64(a2, a3)));
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
  float64x2_t a0 = vdupq_n_f64(0.0), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const float32x4_t x0 = vld1q_f32(a + i), x1 = vld1q_f32(a + i + 4);
    const float32x4_t y0 = vld1q_f32(b + i), y1 = vld1q_f32(b + i + 4);
    a0 = vfmaq_f64(a0, vcvt_f64_f32(vget_low_f32(x0)), vcvt_f64_f32(vget_low_f32(y0)));
    a1 = vfmaq_f64(a1, vcvt_high_f64_f32(x0), vcvt_high_f64_f32(y0));
    a2 = vfmaq_f64(a2, vcvt_f64_f32(vget_low_f32(x1)), vcvt_f64_f32(vget_low_f32(y1)));
    a3 = vfmaq_f64(a3, vcvt_high_f64_f32(x1), vcvt_high_f64_f32(y1));
  }
  double s = vaddvq_f64(vaddq_f64(vaddq_f64(a0, a1), vaddq_f64(a2, a3)));
  for (; i < n; i++) s += (double)a[i] * b[i];
  return s;
}

static double dot_f64(const double *a, const double *b, size_t n) {
  float64x2_t a0 = vdupq_n_f64(0.0), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    a0 = vfmaq_f64(a0, vld1q_f64(a + i), vld1q_f64(b + i));
    a1 = vfmaq_f64(a1, vld1q_f64(a + i + 2), vld1q_f64(b + i + 2));
    a2 = vfmaq_f64(a2, vld1q_f64(a + i + 4), vld1q_f64(b + i + 4));
    a3 = vfmaq_f64(a3, vld1q_f64(a + i + 6), vld1q_f64(b + i + 6));
  }
  double s = vaddvq_f64(vaddq_f64(vaddq_f64(a0, a1), vaddq_f64(a2, a3)));
  for (; i < n; i++) s += a[i] * b[i];
  return s;
}

/* The scalar step: the better of best and v, NaN winning and sticking like fmin/fmax. */
TRUENO_ALWAYS_INLINE double pick(double best, double v, int kind) {
  if (kind == TRUENO_EXT_ABSMAX) v = fabs(v);
  if (isnan(best) || isnan(v)) return isnan(best) ? best : v;
  return (kind == TRUENO_EXT_MIN ? v < best : v > best) ? v : best;
}

TRUENO_ALWAYS_INLINE float32x4_t pick_f32(float32x4_t best, float32x4_t v, int kind) {
  if (kind == TRUENO_EXT_MIN) return vminq_f32(best, v);
  return vmaxq_f32(best, kind == TRUENO_EXT_ABSMAX ? vabsq_f32(v) : v);
}

TRUENO_ALWAYS_INLINE float64x2_t pick_f64(float64x2_t best, float64x2_t v, int kind) {
  if (kind == TRUENO_EXT_MIN) return vminq_f64(best, v);
  return vmaxq_f64(best, kind == TRUENO_EXT_ABSMAX ? vabsq_f64(v) : v);
}

TRUENO_ALWAYS_INLINE double extreme_f32_kind(const float *x, size_t n, int kind) {
  double best = kind == TRUENO_EXT_ABSMAX ? fabs((double)x[0]) : x[0];
  size_t i = 0;
  if (n >= 8) {
    float32x4_t b0 = vdupq_n_f32((float)best), b1 = b0;
    for (; i + 8 <= n; i += 8) {
      b0 = pick_f32(b0, vld1q_f32(x + i), kind);
      b1 = pick_f32(b1, vld1q_f32(x + i + 4), kind);
    }
    best = kind == TRUENO_EXT_MIN ? vminvq_f32(vminq_f32(b0, b1)) : vmaxvq_f32(vmaxq_f32(b0, b1));
  }
  for (; i < n; i++) best = pick(best, x[i], kind);
  return best;
}

TRUENO_ALWAYS_INLINE double extreme_f64_kind(const double *x, size_t n, int kind) {
  double best = kind == TRUENO_EXT_ABSMAX ? fabs(x[0]) : x[0];
  size_t i = 0;
  if (n >= 4) {
    float64x2_t b0 = vdupq_n_f64(best), b1 = b0;
    for (; i + 4 <= n; i += 4) {
      b0 = pick_f64(b0, vld1q_f64(x + i), kind);
      b1 = pick_f64(b1, vld1q_f64(x + i + 2), kind);
    }
    best = kind == TRUENO_EXT_MIN ? vminvq_f64(vminq_f64(b0, b1)) : vmaxvq_f64(vmaxq_f64(b0, b1));
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
  const float32x4_t v = vdupq_n_f32(value);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const float32x4_t xv = vld1q_f32(x + i);
    const uint32x4_t hit = nan ? vmvnq_u32(vceqq_f32(xv, xv)) : vceqq_f32(xv, v);
    if (vmaxvq_u32(hit)) break;
  }
  while (i < n && !(nan ? isnan(x[i]) : x[i] == value)) i++;
  return i;
}

static size_t first_f64(const double *x, size_t n, double value) {
  const int nan = isnan(value);
  const float64x2_t v = vdupq_n_f64(value);
  size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    const float64x2_t xv = vld1q_f64(x + i);
    const uint32x4_t same = vreinterpretq_u32_u64(nan ? vceqq_f64(xv, xv) : vceqq_f64(xv, v));
    if (nan ? vminvq_u32(same) == 0 : vmaxvq_u32(same) != 0) break;
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
  const float64x2_t zero = vdupq_n_f64(0.0);
  for (size_t k = 0; k < len;) {
    const size_t rows = len - k >= 4 ? 4 : 1;
    const float *row = x + k * stride;
    size_t i = 0;
    for (; i + 4 <= w; i += 4) {
      const float64x2_t c0 = kind == TRUENO_SUM_SQDEV ? vld1q_f64(center + i) : zero;
      const float64x2_t c1 = kind == TRUENO_SUM_SQDEV ? vld1q_f64(center + i + 2) : zero;
      float64x2_t a0 = vld1q_f64(acc + i), a1 = vld1q_f64(acc + i + 2);
      for (size_t r = 0; r < rows; r++) {
        const float32x4_t v = vld1q_f32(row + r * stride + i);
        a0 = accumulate(a0, vcvt_f64_f32(vget_low_f32(v)), kind, c0);
        a1 = accumulate(a1, vcvt_high_f64_f32(v), kind, c1);
      }
      vst1q_f64(acc + i, a0);
      vst1q_f64(acc + i + 2, a1);
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
  const float64x2_t zero = vdupq_n_f64(0.0);
  for (size_t k = 0; k < len;) {
    const size_t rows = len - k >= 4 ? 4 : 1;
    const double *row = x + k * stride;
    size_t i = 0;
    for (; i + 2 <= w; i += 2) {
      const float64x2_t c = kind == TRUENO_SUM_SQDEV ? vld1q_f64(center + i) : zero;
      float64x2_t a = vld1q_f64(acc + i);
      for (size_t r = 0; r < rows; r++) a = accumulate(a, vld1q_f64(row + r * stride + i), kind, c);
      vst1q_f64(acc + i, a);
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
    for (; i + 4 <= w; i += 4) vst1q_f32(best + i, pick_f32(vld1q_f32(best + i), vld1q_f32(row + i), kind));
    for (; i < w; i++) best[i] = (float)pick(best[i], row[i], kind);
  }
}

static void col_extreme_f64(const double *x, size_t len, size_t stride, size_t w, int kind, double *best) {
  for (size_t i = 0; i < w; i++) best[i] = kind == TRUENO_EXT_ABSMAX ? fabs(x[i]) : x[i];
  for (size_t k = 1; k < len; k++) {
    const double *row = x + k * stride;
    size_t i = 0;
    for (; i + 2 <= w; i += 2) vst1q_f64(best + i, pick_f64(vld1q_f64(best + i), vld1q_f64(row + i), kind));
    for (; i < w; i++) best[i] = pick(best[i], row[i], kind);
  }
}

/* Column arg: take where v is better, or v is NaN while best is not (so the first NaN's row sticks). */
static void col_argext_f32(const float *x, size_t len, size_t stride, size_t w, int is_max, float *best,
                           int32_t *idx) {
  for (size_t i = 0; i < w; i++) best[i] = x[i], idx[i] = 0;
  for (size_t k = 1; k < len; k++) {
    const float *row = x + k * stride;
    const int32x4_t kv = vdupq_n_s32((int32_t)k);
    size_t i = 0;
    for (; i + 4 <= w; i += 4) {
      const float32x4_t v = vld1q_f32(row + i), b = vld1q_f32(best + i);
      const uint32x4_t better = is_max ? vcgtq_f32(v, b) : vcltq_f32(v, b);
      const uint32x4_t first_nan = vbicq_u32(vceqq_f32(b, b), vceqq_f32(v, v));
      const uint32x4_t take = vorrq_u32(better, first_nan);
      vst1q_f32(best + i, vbslq_f32(take, v, b));
      vst1q_s32(idx + i, vbslq_s32(take, kv, vld1q_s32(idx + i)));
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
    const int32x2_t kv = vdup_n_s32((int32_t)k);
    size_t i = 0;
    for (; i + 2 <= w; i += 2) {
      const float64x2_t v = vld1q_f64(row + i), b = vld1q_f64(best + i);
      const uint64x2_t better = is_max ? vcgtq_f64(v, b) : vcltq_f64(v, b);
      const uint64x2_t first_nan = vbicq_u64(vceqq_f64(b, b), vceqq_f64(v, v));
      const uint64x2_t take = vorrq_u64(better, first_nan);
      vst1q_f64(best + i, vbslq_f64(take, v, b));
      vst1_s32(idx + i, vbsl_s32(vmovn_u64(take), kv, vld1_s32(idx + i)));
    }
    for (; i < w; i++) {
      const double v = row[i];
      if ((is_max ? v > best[i] : v < best[i]) || (isnan(v) && !isnan(best[i]))) best[i] = v, idx[i] = (int32_t)k;
    }
  }
}

void trueno_install_reduce_neon(trueno_reduce_kernels *k) {
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
