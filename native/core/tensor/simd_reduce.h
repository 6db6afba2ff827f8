/*
 * The reduction kernels of every SIMD level (the table of reduce_kernels.h), written once over the vector primitives
 * of the level's vec.h (VF_LANES/VD_LANES, vf_load/vd_load, vf_store/vd_store, vf_set1/vd_set1, vd_add, vd_sub,
 * vd_mul, vd_fma, vf_abs/vd_abs, vf_max/vd_max, vf_lt, vf_gt, vf_eq, vf_isnan, vf_select, vfm_or and their vd
 * twins, vd_hsum) plus these, which the level's reduce.c defines before it includes this header:
 *   vd_load_f32(p)              VD_LANES floats at p widened to float64
 *   vf_min/vd_min               the ISA's min (NaN behaviour as TRUENO_VEC_MINMAX_NAN says)
 *   vfm_any/vdm_any(m)          nonzero when any lane of m is set
 *   vfm_and_not/vdm_and_not     a & ~b on masks
 *   vf_store_index/vd_store_index(idx, take, k)   idx[l] = k in the lanes of take, int32 indices
 *   vf_fold_extreme/vd_fold_extreme(best, b0, b1, kind)   the extreme of best and the lanes of b0 and b1 (no NaN in
 *                               them where TRUENO_VEC_MINMAX_NAN is 0)
 *   vf_unord/vd_unord(a, b)     lanes where a or b is NaN; only where TRUENO_VEC_MINMAX_NAN is 0
 *   vfm_and/vdm_and, vfm_first/vdm_first(count), vf_load_first/vd_load_first/vd_load_f32_first(p, count) (zero past
 *   count), vf_store_first/vd_store_first(p, count, v): the first count <= lanes lanes; only where
 *   TRUENO_VEC_HAS_MASKS is 1, where vf_store_index/vd_store_index must store nothing outside take
 * and the knobs that keep each level's accumulation order (so its bits) as it was when it had its own kernels:
 *   TRUENO_VEC_MINMAX_NAN   1: vf_min/vf_max return NaN when either input is NaN (NEON, SIMD128), so min/max run
 *                           on them directly, NaN winning and sticking; 0: they drop a NaN (x86), so min/max keep a
 *                           separate NaN mask and return NAN, and column extremes compare and blend
 *   TRUENO_VEC_HAS_MASKS    1: the last partial vector of every loop goes through masked loads and stores
 *                           (AVX-512); 0: it goes through a scalar tail
 *   SIMD_REDUCE_SINGLE_STEP 1: sums and dot products take single vectors after the four-vector steps, 0: what is
 *                           left of a four-vector step goes to the tail
 *   SIMD_REDUCE_F32_COLS    float32 columns per vector step of a column sum (a multiple of VD_LANES)
 *
 * float32 input is widened to float64 before it is accumulated (see reduce_kernels.h). Arg kernels find the extreme,
 * then the first element equal to it (or the first NaN); column arg kernels keep a best value and row per column
 * with strict comparisons, so the first occurrence wins.
 */
#ifndef TRUENO_SIMD_REDUCE_H
#define TRUENO_SIMD_REDUCE_H

#include "tensor/reduce_kernels.h"

#include <math.h>
#include <stdint.h>

#if TRUENO_VEC_HAS_MASKS
#define SIMD_IF_MASKS(...) __VA_ARGS__
#else
#define SIMD_IF_MASKS(...)
#endif
#if TRUENO_VEC_MINMAX_NAN
#define SIMD_IF_NAN_MASK(...)
#else
#define SIMD_IF_NAN_MASK(...) __VA_ARGS__
#endif
#if SIMD_REDUCE_SINGLE_STEP
#define SIMD_IF_SINGLE_STEP(...) __VA_ARGS__
#else
#define SIMD_IF_SINGLE_STEP(...)
#endif

/* acc + a*b, fused where the ISA has it. */
TRUENO_ALWAYS_INLINE vd simd_madd(vd acc, vd a, vd b) {
#if TRUENO_VEC_HAS_FMA
  return vd_fma(a, b, acc);
#else
  return vd_add(acc, vd_mul(a, b));
#endif
}

/* acc + kind(v), with c the center (SQDEV only). */
TRUENO_ALWAYS_INLINE vd simd_accumulate(vd acc, vd v, int kind, vd c) {
  switch (kind) {
  case TRUENO_SUM_ABS: return vd_add(acc, vd_abs(v));
  case TRUENO_SUM_SQUARE: return simd_madd(acc, v, v);
  case TRUENO_SUM_SQDEV: {
    const vd d = vd_sub(v, c);
    return simd_madd(acc, d, d);
  }
  default: return vd_add(acc, v);
  }
}

TRUENO_ALWAYS_INLINE double simd_term(double v, int kind, double c) {
  switch (kind) {
  case TRUENO_SUM_ABS: return fabs(v);
  case TRUENO_SUM_SQUARE: return v * v;
  case TRUENO_SUM_SQDEV: return (v - c) * (v - c);
  default: return v;
  }
}

/* Four accumulators over four-vector steps, so the loop is not one long dependency chain. */
#define SIMD_DEFINE_SUM(T, SFX, LOAD, LOAD_FIRST)                                                                     \
  TRUENO_ALWAYS_INLINE double simd_sum_##SFX##_kind(const T *x, size_t n, int kind, double center) {                  \
    const vd c = vd_set1(center);                                                                                     \
    vd a0 = vd_set1(0.0), a1 = a0, a2 = a0, a3 = a0;                                                                  \
    size_t i = 0;                                                                                                     \
    for (; i + 4 * VD_LANES <= n; i += 4 * VD_LANES) {                                                                \
      a0 = simd_accumulate(a0, LOAD(x + i), kind, c);                                                                 \
      a1 = simd_accumulate(a1, LOAD(x + i + VD_LANES), kind, c);                                                      \
      a2 = simd_accumulate(a2, LOAD(x + i + 2 * VD_LANES), kind, c);                                                  \
      a3 = simd_accumulate(a3, LOAD(x + i + 3 * VD_LANES), kind, c);                                                  \
    }                                                                                                                 \
    SIMD_IF_SINGLE_STEP(for (; i + VD_LANES <= n; i += VD_LANES) a0 = simd_accumulate(a0, LOAD(x + i), kind, c);)     \
    SIMD_IF_MASKS(if (i < n) {                                                                                        \
      const vdm m = vdm_first(n - i);                                                                                 \
      a1 = vd_select(m, simd_accumulate(a1, LOAD_FIRST(x + i, n - i), kind, c), a1);                                  \
      i = n;                                                                                                          \
    })                                                                                                                \
    double s = vd_hsum(vd_add(vd_add(a0, a1), vd_add(a2, a3)));                                                       \
    for (; i < n; i++) s += simd_term(x[i], kind, center);                                                            \
    return s;                                                                                                         \
  }                                                                                                                   \
  static double simd_sum_##SFX(const T *x, size_t n, int kind, double center) {                                       \
    switch (kind) {                                                                                                   \
    case TRUENO_SUM_ABS: return simd_sum_##SFX##_kind(x, n, TRUENO_SUM_ABS, center);                                  \
    case TRUENO_SUM_SQUARE: return simd_sum_##SFX##_kind(x, n, TRUENO_SUM_SQUARE, center);                            \
    case TRUENO_SUM_SQDEV: return simd_sum_##SFX##_kind(x, n, TRUENO_SUM_SQDEV, center);                              \
    default: return simd_sum_##SFX##_kind(x, n, TRUENO_SUM_PLAIN, center);                                            \
    }                                                                                                                 \
  }

#define SIMD_DEFINE_DOT(T, SFX, LOAD, LOAD_FIRST)                                                                     \
  static double simd_dot_##SFX(const T *a, const T *b, size_t n) {                                                    \
    vd a0 = vd_set1(0.0), a1 = a0, a2 = a0, a3 = a0;                                                                  \
    size_t i = 0;                                                                                                     \
    for (; i + 4 * VD_LANES <= n; i += 4 * VD_LANES) {                                                                \
      a0 = simd_madd(a0, LOAD(a + i), LOAD(b + i));                                                                   \
      a1 = simd_madd(a1, LOAD(a + i + VD_LANES), LOAD(b + i + VD_LANES));                                             \
      a2 = simd_madd(a2, LOAD(a + i + 2 * VD_LANES), LOAD(b + i + 2 * VD_LANES));                                     \
      a3 = simd_madd(a3, LOAD(a + i + 3 * VD_LANES), LOAD(b + i + 3 * VD_LANES));                                     \
    }                                                                                                                 \
    SIMD_IF_SINGLE_STEP(for (; i + VD_LANES <= n; i += VD_LANES) a0 = simd_madd(a0, LOAD(a + i), LOAD(b + i));)       \
    SIMD_IF_MASKS(if (i < n) {                                                                                        \
      a1 = simd_madd(a1, LOAD_FIRST(a + i, n - i), LOAD_FIRST(b + i, n - i));                                         \
      i = n;                                                                                                          \
    })                                                                                                                \
    double s = vd_hsum(vd_add(vd_add(a0, a1), vd_add(a2, a3)));                                                       \
    for (; i < n; i++) s += (double)a[i] * b[i];                                                                      \
    return s;                                                                                                         \
  }

SIMD_DEFINE_SUM(float, f32, vd_load_f32, vd_load_f32_first)
SIMD_DEFINE_SUM(double, f64, vd_load, vd_load_first)
SIMD_DEFINE_DOT(float, f32, vd_load_f32, vd_load_f32_first)
SIMD_DEFINE_DOT(double, f64, vd_load, vd_load_first)

/* The scalar step: the better of best and v (|v| for ABSMAX); with NaN-propagating min/max, NaN wins and sticks. */
TRUENO_ALWAYS_INLINE double simd_pick(double best, double v, int kind) {
  if (kind == TRUENO_EXT_ABSMAX) v = fabs(v);
#if TRUENO_VEC_MINMAX_NAN
  if (isnan(best) || isnan(v)) return isnan(best) ? best : v;
#endif
  return (kind == TRUENO_EXT_MIN ? v < best : v > best) ? v : best;
}

/* The vector step of a running extreme: min, max, or max of |v| (NaN as the ISA's min/max do it). */
#define SIMD_DEFINE_PICK(V)                                                                                           \
  TRUENO_ALWAYS_INLINE V simd_pick_##V(V best, V v, int kind) {                                                       \
    if (kind == TRUENO_EXT_MIN) return V##_min(best, v);                                                              \
    return V##_max(best, kind == TRUENO_EXT_ABSMAX ? V##_abs(v) : v);                                                 \
  }

SIMD_DEFINE_PICK(vf)
SIMD_DEFINE_PICK(vd)

/* Two running extremes over two-vector steps, folded with the scalar start at the end. */
#define SIMD_DEFINE_EXTREME(T, V, L, SFX)                                                                             \
  TRUENO_ALWAYS_INLINE double simd_extreme_##SFX##_kind(const T *x, size_t n, int kind) {                             \
    double best = kind == TRUENO_EXT_ABSMAX ? fabs((double)x[0]) : x[0];                                              \
    size_t i = 0;                                                                                                     \
    if (TRUENO_VEC_HAS_MASKS || n >= 2 * (L)) {                                                                       \
      V b0 = V##_set1((T)best), b1 = b0;                                                                              \
      SIMD_IF_NAN_MASK(V##m nan = V##_isnan(b0);)                                                                     \
      for (; i + 2 * (L) <= n; i += 2 * (L)) {                                                                        \
        const V v0 = V##_load(x + i), v1 = V##_load(x + i + (L));                                                     \
        SIMD_IF_NAN_MASK(nan = V##m_or(nan, V##_unord(v0, v1));)                                                      \
        b0 = simd_pick_##V(b0, v0, kind);                                                                             \
        b1 = simd_pick_##V(b1, v1, kind);                                                                             \
      }                                                                                                               \
      SIMD_IF_MASKS(for (; i < n; i += (L)) {                                                                         \
        const size_t count = n - i < (L) ? n - i : (L);                                                               \
        const V v = V##_load_first(x + i, count); /* zeros past count: no NaN there */                               \
        nan = V##m_or(nan, V##_isnan(v));                                                                             \
        b0 = V##_select(V##m_first(count), simd_pick_##V(b0, v, kind), b0);                                           \
      })                                                                                                              \
      SIMD_IF_NAN_MASK(if (V##m_any(nan)) return NAN;)                                                                \
      best = V##_fold_extreme(best, b0, b1, kind);                                                                    \
    }                                                                                                                 \
    for (; i < n; i++) {                                                                                              \
      SIMD_IF_NAN_MASK(if (isnan(x[i])) return NAN;)                                                                 \
      best = simd_pick(best, x[i], kind);                                                                             \
    }                                                                                                                 \
    return best;                                                                                                      \
  }                                                                                                                   \
  static double simd_extreme_##SFX(const T *x, size_t n, int kind) {                                                  \
    switch (kind) {                                                                                                   \
    case TRUENO_EXT_MIN: return simd_extreme_##SFX##_kind(x, n, TRUENO_EXT_MIN);                                      \
    case TRUENO_EXT_MAX: return simd_extreme_##SFX##_kind(x, n, TRUENO_EXT_MAX);                                      \
    default: return simd_extreme_##SFX##_kind(x, n, TRUENO_EXT_ABSMAX);                                               \
    }                                                                                                                 \
  }

/*
 * Arg-min/max in two passes over the block (L2-resident): the extreme (vectorized, NaN-aware), then the first
 * element equal to it, or the first NaN. Faster than carrying an index per lane through a blend chain, and the
 * first occurrence comes out by construction. simd_first_* finds that element (the caller knows one exists).
 */
#define SIMD_DEFINE_ARGEXT(T, V, L, SFX)                                                                              \
  static size_t simd_first_##SFX(const T *x, size_t n, T value) {                                                     \
    const int nan = isnan(value);                                                                                     \
    const V v = V##_set1(value);                                                                                      \
    size_t i = 0;                                                                                                     \
    for (; i + (L) <= n; i += (L)) {                                                                                  \
      const V xv = V##_load(x + i);                                                                                   \
      if (V##m_any(nan ? V##_isnan(xv) : V##_eq(xv, v))) break;                                                       \
    }                                                                                                                 \
    while (i < n && !(nan ? isnan(x[i]) : x[i] == value)) i++;                                                        \
    return i;                                                                                                         \
  }                                                                                                                   \
  static size_t simd_argext_##SFX(const T *x, size_t n, int is_max) {                                                 \
    return simd_first_##SFX(x, n, (T)simd_extreme_##SFX(x, n, is_max ? TRUENO_EXT_MAX : TRUENO_EXT_MIN));             \
  }

SIMD_DEFINE_EXTREME(float, vf, VF_LANES, f32)
SIMD_DEFINE_EXTREME(double, vd, VD_LANES, f64)
SIMD_DEFINE_ARGEXT(float, vf, VF_LANES, f32)
SIMD_DEFINE_ARGEXT(double, vd, VD_LANES, f64)

/* ---- columns: one row of w values at a time, accumulators in acc[] (L1-resident, w <= TRUENO_REDUCE_COLS) ---- */

/*
 * Four rows per pass over acc (added in row order, as one row at a time would), so acc is loaded and stored a
 * quarter as often; the last len % 4 rows go one at a time. COLS columns per vector step.
 */
#define SIMD_DEFINE_COL_SUM(T, SFX, LOAD, LOAD_FIRST, COLS)                                                           \
  TRUENO_ALWAYS_INLINE void simd_col_sum_##SFX##_kind(const T *x, size_t len, size_t stride, size_t w, int kind,      \
                                                      const double *center, double *acc) {                            \
    for (size_t i = 0; i < w; i++) acc[i] = 0.0;                                                                      \
    const vd zero = vd_set1(0.0);                                                                                     \
    for (size_t k = 0; k < len;) {                                                                                    \
      const size_t rows = len - k >= 4 ? 4 : 1;                                                                       \
      const T *row = x + k * stride;                                                                                  \
      size_t i = 0;                                                                                                   \
      for (; i + (COLS) <= w; i += (COLS))                                                                            \
        for (size_t h = i; h < i + (COLS); h += VD_LANES) {                                                           \
          const vd c = kind == TRUENO_SUM_SQDEV ? vd_load(center + h) : zero;                                         \
          vd a = vd_load(acc + h);                                                                                    \
          for (size_t r = 0; r < rows; r++) a = simd_accumulate(a, LOAD(row + r * stride + h), kind, c);              \
          vd_store(acc + h, a);                                                                                       \
        }                                                                                                             \
      SIMD_IF_MASKS(if (i < w) {                                                                                      \
        const size_t count = w - i;                                                                                   \
        const vd c = kind == TRUENO_SUM_SQDEV ? vd_load_first(center + i, count) : zero;                              \
        vd a = vd_load_first(acc + i, count);                                                                         \
        for (size_t r = 0; r < rows; r++) a = simd_accumulate(a, LOAD_FIRST(row + r * stride + i, count), kind, c);   \
        vd_store_first(acc + i, count, a);                                                                            \
        i = w;                                                                                                        \
      })                                                                                                              \
      for (; i < w; i++) {                                                                                            \
        const double c = kind == TRUENO_SUM_SQDEV ? center[i] : 0.0;                                                  \
        for (size_t r = 0; r < rows; r++) acc[i] += simd_term(row[r * stride + i], kind, c);                          \
      }                                                                                                               \
      k += rows;                                                                                                      \
    }                                                                                                                 \
  }                                                                                                                   \
  static void simd_col_sum_##SFX(const T *x, size_t len, size_t stride, size_t w, int kind, const double *center,     \
                                 double *acc) {                                                                       \
    switch (kind) {                                                                                                   \
    case TRUENO_SUM_ABS: simd_col_sum_##SFX##_kind(x, len, stride, w, TRUENO_SUM_ABS, center, acc); break;            \
    case TRUENO_SUM_SQUARE: simd_col_sum_##SFX##_kind(x, len, stride, w, TRUENO_SUM_SQUARE, center, acc); break;      \
    case TRUENO_SUM_SQDEV: simd_col_sum_##SFX##_kind(x, len, stride, w, TRUENO_SUM_SQDEV, center, acc); break;        \
    default: simd_col_sum_##SFX##_kind(x, len, stride, w, TRUENO_SUM_PLAIN, center, acc); break;                      \
    }                                                                                                                 \
  }

SIMD_DEFINE_COL_SUM(float, f32, vd_load_f32, vd_load_f32_first, SIMD_REDUCE_F32_COLS)
SIMD_DEFINE_COL_SUM(double, f64, vd_load, vd_load_first, VD_LANES)

/*
 * One step of a column extreme. NaN-propagating min/max do it as they are; otherwise best takes v where v is better
 * or NaN (a NaN best never compares better, so it stays).
 */
#if TRUENO_VEC_MINMAX_NAN
#define SIMD_DEFINE_COL_STEP(T, V, ABS)                                                                               \
  TRUENO_ALWAYS_INLINE V simd_col_step_##V(V b, V v, int kind) { return simd_pick_##V(b, v, kind); }                  \
  TRUENO_ALWAYS_INLINE T simd_col_pick_##V(T b, T v, int kind) { return (T)simd_pick(b, v, kind); }
#else
#define SIMD_DEFINE_COL_STEP(T, V, ABS)                                                                               \
  TRUENO_ALWAYS_INLINE V simd_col_step_##V(V b, V v, int kind) {                                                      \
    if (kind == TRUENO_EXT_ABSMAX) v = V##_abs(v);                                                                    \
    const V##m better = kind == TRUENO_EXT_MIN ? V##_lt(v, b) : V##_gt(v, b);                                         \
    return V##_select(V##m_or(better, V##_isnan(v)), v, b);                                                           \
  }                                                                                                                   \
  TRUENO_ALWAYS_INLINE T simd_col_pick_##V(T b, T v, int kind) {                                                      \
    if (kind == TRUENO_EXT_ABSMAX) v = ABS(v);                                                                        \
    return isnan(v) || (kind == TRUENO_EXT_MIN ? v < b : v > b) ? v : b;                                              \
  }
#endif

SIMD_DEFINE_COL_STEP(float, vf, fabsf)
SIMD_DEFINE_COL_STEP(double, vd, fabs)

#define SIMD_DEFINE_COL_EXTREME(T, V, L, SFX, ABS)                                                                    \
  static void simd_col_extreme_##SFX(const T *x, size_t len, size_t stride, size_t w, int kind, T *best) {            \
    for (size_t i = 0; i < w; i++) best[i] = kind == TRUENO_EXT_ABSMAX ? ABS(x[i]) : x[i];                            \
    for (size_t k = 1; k < len; k++) {                                                                                \
      const T *row = x + k * stride;                                                                                  \
      size_t i = 0;                                                                                                   \
      for (; i + (L) <= w; i += (L))                                                                                  \
        V##_store(best + i, simd_col_step_##V(V##_load(best + i), V##_load(row + i), kind));                          \
      SIMD_IF_MASKS(if (i < w) {                                                                                      \
        const V b = V##_load_first(best + i, w - i), v = V##_load_first(row + i, w - i);                              \
        V##_store_first(best + i, w - i, simd_col_step_##V(b, v, kind));                                              \
        i = w;                                                                                                        \
      })                                                                                                              \
      for (; i < w; i++) best[i] = simd_col_pick_##V(best[i], row[i], kind);                                          \
    }                                                                                                                 \
  }

/* Column arg: take where v is better, or v is NaN while best is not (so the first NaN's row sticks). */
#define SIMD_DEFINE_COL_ARGEXT(T, V, L, SFX)                                                                          \
  TRUENO_ALWAYS_INLINE V##m simd_col_take_##V(V v, V b, int is_max) {                                                 \
    return V##m_or(is_max ? V##_gt(v, b) : V##_lt(v, b), V##m_and_not(V##_isnan(v), V##_isnan(b)));                   \
  }                                                                                                                   \
  static void simd_col_argext_##SFX(const T *x, size_t len, size_t stride, size_t w, int is_max, T *best,             \
                                    int32_t *idx) {                                                                   \
    for (size_t i = 0; i < w; i++) best[i] = x[i], idx[i] = 0;                                                        \
    for (size_t k = 1; k < len; k++) {                                                                                \
      const T *row = x + k * stride;                                                                                  \
      size_t i = 0;                                                                                                   \
      for (; i + (L) <= w; i += (L)) {                                                                                \
        const V v = V##_load(row + i), b = V##_load(best + i);                                                        \
        const V##m take = simd_col_take_##V(v, b, is_max);                                                            \
        V##_store(best + i, V##_select(take, v, b));                                                                  \
        V##_store_index(idx + i, take, (int32_t)k);                                                                   \
      }                                                                                                               \
      SIMD_IF_MASKS(if (i < w) {                                                                                      \
        const V v = V##_load_first(row + i, w - i), b = V##_load_first(best + i, w - i);                              \
        const V##m take = V##m_and(simd_col_take_##V(v, b, is_max), V##m_first(w - i));                              \
        V##_store_first(best + i, w - i, V##_select(take, v, b));                                                     \
        V##_store_index(idx + i, take, (int32_t)k);                                                                   \
        i = w;                                                                                                        \
      })                                                                                                              \
      for (; i < w; i++) {                                                                                            \
        const T v = row[i];                                                                                           \
        if ((is_max ? v > best[i] : v < best[i]) || (isnan(v) && !isnan(best[i]))) best[i] = v, idx[i] = (int32_t)k; \
      }                                                                                                               \
    }                                                                                                                 \
  }

SIMD_DEFINE_COL_EXTREME(float, vf, VF_LANES, f32, fabsf)
SIMD_DEFINE_COL_EXTREME(double, vd, VD_LANES, f64, fabs)
SIMD_DEFINE_COL_ARGEXT(float, vf, VF_LANES, f32)
SIMD_DEFINE_COL_ARGEXT(double, vd, VD_LANES, f64)

static void simd_install_reduce(trueno_reduce_kernels *k) {
  k->sum_f32 = simd_sum_f32;
  k->sum_f64 = simd_sum_f64;
  k->dot_f32 = simd_dot_f32;
  k->dot_f64 = simd_dot_f64;
  k->extreme_f32 = simd_extreme_f32;
  k->extreme_f64 = simd_extreme_f64;
  k->argext_f32 = simd_argext_f32;
  k->argext_f64 = simd_argext_f64;
  k->col_sum_f32 = simd_col_sum_f32;
  k->col_sum_f64 = simd_col_sum_f64;
  k->col_extreme_f32 = simd_col_extreme_f32;
  k->col_extreme_f64 = simd_col_extreme_f64;
  k->col_argext_f32 = simd_col_argext_f32;
  k->col_argext_f64 = simd_col_argext_f64;
}

#endif
