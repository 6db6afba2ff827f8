/*
 * Reduction kernels (serial). reduce.c splits a contiguous input into blocks of TRUENO_REDUCE_BLOCK elements, runs
 * one kernel call per block (blocks in parallel) and folds the block results in block order, so the bits never
 * depend on the thread count. Row kernels therefore see at most TRUENO_REDUCE_BLOCK elements (n >= 1 where noted).
 * Column kernels reduce w adjacent columns of a strided matrix (len rows, row stride `stride` elements) down the
 * rows, vectorized across the columns; reduce.c hands them w <= TRUENO_REDUCE_COLS columns and one chunk of rows at
 * a time.
 *
 * Accuracy contract shared by every ISA: sums (plain, |x|, x^2, (x-c)^2, dot products) accumulate in float64, also
 * for float32 input, so float32 data neither overflows nor loses bits to float32 rounding. Min/max are exact. NaN wins:
 * a min/max over values holding a NaN is NaN and an arg-min/max returns the index of the first NaN; ties return the
 * first occurrence.
 */
#ifndef TRUENO_REDUCE_KERNELS_H
#define TRUENO_REDUCE_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#define TRUENO_REDUCE_BLOCK ((size_t)1 << 16)
#define TRUENO_REDUCE_COLS ((size_t)1024)

/* What a sum accumulates per element x: x, |x|, x*x or (x - c)^2 (c: the center, a mean). */
typedef enum { TRUENO_SUM_PLAIN = 0, TRUENO_SUM_ABS = 1, TRUENO_SUM_SQUARE = 2, TRUENO_SUM_SQDEV = 3 } trueno_sum_kind;

/* Which extreme: min(x), max(x) or max(|x|). */
typedef enum { TRUENO_EXT_MIN = 0, TRUENO_EXT_MAX = 1, TRUENO_EXT_ABSMAX = 2 } trueno_extreme_kind;

typedef struct {
  /* sum over i < n of kind(x[i]) in float64 (0 for n == 0) */
  double (*sum_f32)(const float *x, size_t n, int kind, double center);
  double (*sum_f64)(const double *x, size_t n, int kind, double center);
  /* sum over i < n of a[i]*b[i] in float64 */
  double (*dot_f32)(const float *a, const float *b, size_t n);
  double (*dot_f64)(const double *a, const double *b, size_t n);
  /* the extreme of x[0..n), n >= 1; NaN when any x[i] is NaN */
  double (*extreme_f32)(const float *x, size_t n, int kind);
  double (*extreme_f64)(const double *x, size_t n, int kind);
  /* index of the first minimum (is_max == 0) or maximum of x[0..n), n >= 1, or of the first NaN */
  size_t (*argext_f32)(const float *x, size_t n, int is_max);
  size_t (*argext_f64)(const double *x, size_t n, int is_max);

  /* acc[i] = sum over k < len of kind(x[k*stride + i]) in float64, i < w; center[i] per column (SQDEV only) */
  void (*col_sum_f32)(const float *x, size_t len, size_t stride, size_t w, int kind, const double *center,
                      double *acc);
  void (*col_sum_f64)(const double *x, size_t len, size_t stride, size_t w, int kind, const double *center,
                      double *acc);
  /* best[i] = the extreme of column i over len >= 1 rows (NaN when the column holds a NaN) */
  void (*col_extreme_f32)(const float *x, size_t len, size_t stride, size_t w, int kind, float *best);
  void (*col_extreme_f64)(const double *x, size_t len, size_t stride, size_t w, int kind, double *best);
  /* idx[i] = the row of column i's first minimum/maximum or first NaN, len >= 1; best is w values of scratch */
  void (*col_argext_f32)(const float *x, size_t len, size_t stride, size_t w, int is_max, float *best, int32_t *idx);
  void (*col_argext_f64)(const double *x, size_t len, size_t stride, size_t w, int is_max, double *best,
                         int32_t *idx);
} trueno_reduce_kernels;

/* Forces inlining of the per-kind loop bodies, so that each kind gets its own specialized loop. */
#if defined(__GNUC__) || defined(__clang__)
#define TRUENO_ALWAYS_INLINE static inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define TRUENO_ALWAYS_INLINE static __forceinline
#else
#define TRUENO_ALWAYS_INLINE static inline
#endif

#endif
