/*
 * Portable reduction kernels: every entry of the table, and the reference the SIMD levels are tested against.
 * Sums keep four float64 accumulators so the loop is not one long dependency chain.
 */
#include "runtime/kernels.h"
#include "tensor/reduce_kernels.h"

#include <math.h>

TRUENO_ALWAYS_INLINE double term(double v, int kind, double center) {
  switch (kind) {
  case TRUENO_SUM_ABS: return fabs(v);
  case TRUENO_SUM_SQUARE: return v * v;
  case TRUENO_SUM_SQDEV: return (v - center) * (v - center);
  default: return v;
  }
}

#define DEFINE_SUM(name, T)                                                                           \
  TRUENO_ALWAYS_INLINE double name##_kind(const T *x, size_t n, int kind, double c) {                  \
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;                                                    \
    size_t i = 0;                                                                                     \
    for (; i + 4 <= n; i += 4) {                                                                      \
      s0 += term(x[i], kind, c);                                                                      \
      s1 += term(x[i + 1], kind, c);                                                                  \
      s2 += term(x[i + 2], kind, c);                                                                  \
      s3 += term(x[i + 3], kind, c);                                                                  \
    }                                                                                                 \
    for (; i < n; i++) s0 += term(x[i], kind, c);                                                     \
    return (s0 + s1) + (s2 + s3);                                                                     \
  }                                                                                                   \
  static double name(const T *x, size_t n, int kind, double c) {                                      \
    switch (kind) {                                                                                   \
    case TRUENO_SUM_ABS: return name##_kind(x, n, TRUENO_SUM_ABS, c);                                 \
    case TRUENO_SUM_SQUARE: return name##_kind(x, n, TRUENO_SUM_SQUARE, c);                           \
    case TRUENO_SUM_SQDEV: return name##_kind(x, n, TRUENO_SUM_SQDEV, c);                             \
    default: return name##_kind(x, n, TRUENO_SUM_PLAIN, c);                                           \
    }                                                                                                 \
  }

DEFINE_SUM(sum_f32, float)
DEFINE_SUM(sum_f64, double)

#define DEFINE_DOT(name, T)                                                                           \
  static double name(const T *a, const T *b, size_t n) {                                              \
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;                                                    \
    size_t i = 0;                                                                                     \
    for (; i + 4 <= n; i += 4) {                                                                      \
      s0 += (double)a[i] * b[i];                                                                      \
      s1 += (double)a[i + 1] * b[i + 1];                                                              \
      s2 += (double)a[i + 2] * b[i + 2];                                                              \
      s3 += (double)a[i + 3] * b[i + 3];                                                              \
    }                                                                                                 \
    for (; i < n; i++) s0 += (double)a[i] * b[i];                                                     \
    return (s0 + s1) + (s2 + s3);                                                                     \
  }

DEFINE_DOT(dot_f32, float)
DEFINE_DOT(dot_f64, double)

/* The better of best and v (neither NaN): a plain select the compiler turns into minsd/maxsd-like code. */
TRUENO_ALWAYS_INLINE double better(double best, double v, int kind) {
  return (kind == TRUENO_EXT_MIN ? v < best : v > best) ? v : best;
}

TRUENO_ALWAYS_INLINE double magnitude(double v, int absmax) { return absmax ? fabs(v) : v; }

/* Four running extremes and a NaN flag instead of a branch per element; NaN wins at the end. */
#define DEFINE_EXTREME(name, T)                                                                       \
  TRUENO_ALWAYS_INLINE double name##_kind(const T *x, size_t n, int kind) {                            \
    const int absmax = kind == TRUENO_EXT_ABSMAX;                                                     \
    double b0 = magnitude(x[0], absmax), b1 = b0, b2 = b0, b3 = b0;                                   \
    int nan = 0;                                                                                      \
    size_t i = 0;                                                                                     \
    for (; i + 4 <= n; i += 4) {                                                                      \
      const double v0 = magnitude(x[i], absmax), v1 = magnitude(x[i + 1], absmax);                   \
      const double v2 = magnitude(x[i + 2], absmax), v3 = magnitude(x[i + 3], absmax);               \
      nan |= isnan(v0) | isnan(v1) | isnan(v2) | isnan(v3);                                           \
      b0 = better(b0, v0, kind);                                                                      \
      b1 = better(b1, v1, kind);                                                                      \
      b2 = better(b2, v2, kind);                                                                      \
      b3 = better(b3, v3, kind);                                                                      \
    }                                                                                                 \
    for (; i < n; i++) {                                                                              \
      const double v = magnitude(x[i], absmax);                                                       \
      nan |= isnan(v);                                                                                \
      b0 = better(b0, v, kind);                                                                       \
    }                                                                                                 \
    if (nan || isnan(b0)) return NAN;                                                                 \
    return better(better(b0, b1, kind), better(b2, b3, kind), kind);                                  \
  }                                                                                                   \
  static double name(const T *x, size_t n, int kind) {                                                \
    switch (kind) {                                                                                   \
    case TRUENO_EXT_MIN: return name##_kind(x, n, TRUENO_EXT_MIN);                                    \
    case TRUENO_EXT_MAX: return name##_kind(x, n, TRUENO_EXT_MAX);                                    \
    default: return name##_kind(x, n, TRUENO_EXT_ABSMAX);                                             \
    }                                                                                                 \
  }

DEFINE_EXTREME(extreme_f32, float)
DEFINE_EXTREME(extreme_f64, double)

/* Arg-min/max in two passes: the extreme, then the first element equal to it (or the first NaN). */
#define DEFINE_ARGEXT(name, T, extreme)                                                               \
  static size_t name(const T *x, size_t n, int is_max) {                                              \
    const double best = extreme(x, n, is_max ? TRUENO_EXT_MAX : TRUENO_EXT_MIN);                      \
    size_t i = 0;                                                                                     \
    if (isnan(best))                                                                                  \
      while (!isnan(x[i])) i++;                                                                       \
    else                                                                                              \
      while (x[i] != best) i++;                                                                       \
    return i;                                                                                         \
  }

DEFINE_ARGEXT(argext_f32, float, extreme_f32)
DEFINE_ARGEXT(argext_f64, double, extreme_f64)

/*
 * Column kernels: the loops over i are branch-free (selects, kind fixed per specialized copy), so the compiler can
 * vectorize them for the baseline ISA (SSE2 on x86-64).
 */
#define DEFINE_COL_SUM(name, T)                                                                       \
  TRUENO_ALWAYS_INLINE void name##_kind(const T *x, size_t len, size_t stride, size_t w, int kind,     \
                                        const double *restrict center, double *restrict acc) {        \
    for (size_t i = 0; i < w; i++) acc[i] = 0.0;                                                      \
    for (size_t k = 0; k < len; k++) {                                                                \
      const T *row = x + k * stride;                                                                  \
      if (kind == TRUENO_SUM_SQDEV)                                                                   \
        for (size_t i = 0; i < w; i++) acc[i] += term(row[i], kind, center[i]);                       \
      else                                                                                            \
        for (size_t i = 0; i < w; i++) acc[i] += term(row[i], kind, 0.0);                             \
    }                                                                                                 \
  }                                                                                                   \
  static void name(const T *x, size_t len, size_t stride, size_t w, int kind, const double *center,   \
                   double *acc) {                                                                     \
    switch (kind) {                                                                                   \
    case TRUENO_SUM_ABS: name##_kind(x, len, stride, w, TRUENO_SUM_ABS, center, acc); break;          \
    case TRUENO_SUM_SQUARE: name##_kind(x, len, stride, w, TRUENO_SUM_SQUARE, center, acc); break;    \
    case TRUENO_SUM_SQDEV: name##_kind(x, len, stride, w, TRUENO_SUM_SQDEV, center, acc); break;      \
    default: name##_kind(x, len, stride, w, TRUENO_SUM_PLAIN, center, acc); break;                    \
    }                                                                                                 \
  }

DEFINE_COL_SUM(col_sum_f32, float)
DEFINE_COL_SUM(col_sum_f64, double)

/* best takes v where v is better or NaN; a NaN best compares false, so it stays unless v is NaN too. */
#define DEFINE_COL_EXTREME(name, T, ABS)                                                              \
  TRUENO_ALWAYS_INLINE void name##_kind(const T *x, size_t len, size_t stride, size_t w, int kind, T *best) { \
    const int absmax = kind == TRUENO_EXT_ABSMAX;                                                     \
    for (size_t i = 0; i < w; i++) best[i] = absmax ? ABS(x[i]) : x[i];                               \
    for (size_t k = 1; k < len; k++) {                                                                \
      const T *row = x + k * stride;                                                                  \
      for (size_t i = 0; i < w; i++) {                                                                \
        const T v = absmax ? ABS(row[i]) : row[i], b = best[i];                                       \
        best[i] = (v != v) | (kind == TRUENO_EXT_MIN ? v < b : v > b) ? v : b;                        \
      }                                                                                               \
    }                                                                                                 \
  }                                                                                                   \
  static void name(const T *x, size_t len, size_t stride, size_t w, int kind, T *best) {              \
    switch (kind) {                                                                                   \
    case TRUENO_EXT_MIN: name##_kind(x, len, stride, w, TRUENO_EXT_MIN, best); break;                 \
    case TRUENO_EXT_MAX: name##_kind(x, len, stride, w, TRUENO_EXT_MAX, best); break;                 \
    default: name##_kind(x, len, stride, w, TRUENO_EXT_ABSMAX, best); break;                          \
    }                                                                                                 \
  }

DEFINE_COL_EXTREME(col_extreme_f32, float, fabsf)
DEFINE_COL_EXTREME(col_extreme_f64, double, fabs)

/* Takes v where it is better, or NaN while best is not (so the first NaN's row sticks). */
#define DEFINE_COL_ARGEXT(name, T)                                                                    \
  TRUENO_ALWAYS_INLINE void name##_kind(const T *x, size_t len, size_t stride, size_t w, int is_max, T *best, \
                                        int32_t *idx) {                                               \
    for (size_t i = 0; i < w; i++) best[i] = x[i], idx[i] = 0;                                        \
    for (size_t k = 1; k < len; k++) {                                                                \
      const T *row = x + k * stride;                                                                  \
      for (size_t i = 0; i < w; i++) {                                                                \
        const T v = row[i], b = best[i];                                                              \
        const int take = (is_max ? v > b : v < b) | ((v != v) & (b == b));                            \
        best[i] = take ? v : b;                                                                       \
        idx[i] = take ? (int32_t)k : idx[i];                                                          \
      }                                                                                               \
    }                                                                                                 \
  }                                                                                                   \
  static void name(const T *x, size_t len, size_t stride, size_t w, int is_max, T *best, int32_t *idx) { \
    if (is_max) name##_kind(x, len, stride, w, 1, best, idx);                                         \
    else name##_kind(x, len, stride, w, 0, best, idx);                                                \
  }

DEFINE_COL_ARGEXT(col_argext_f32, float)
DEFINE_COL_ARGEXT(col_argext_f64, double)

void trueno_install_reduce_scalar(trueno_reduce_kernels *k) {
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
