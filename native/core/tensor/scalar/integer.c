/*
 * Portable integer and boolean kernels (see integer_kernels.h for the semantics). Plain loops the compiler
 * vectorizes for the baseline ISA; the arithmetic runs in the unsigned type of each width, so wrapping is defined.
 */
#include "trueno.h"
#include "runtime/kernels.h"

#include <math.h>

/* float -> integer: truncate toward zero, saturate, NaN -> 0 (the bounds are exact powers of two in double) */
static inline int64_t sat_i64(double v) {
  if (!(v == v)) return 0;
  if (v >= 9223372036854775808.0) return INT64_MAX;
  if (v < -9223372036854775808.0) return INT64_MIN;
  return (int64_t)v;
}
static inline int32_t sat_i32(double v) {
  if (!(v == v)) return 0;
  if (v >= 2147483648.0) return INT32_MAX;
  if (v <= -2147483649.0) return INT32_MIN;
  return (int32_t)v;
}
static inline uint8_t sat_u8(double v) {
  if (!(v > -1.0)) return 0; /* NaN, and values that truncate below 0 */
  if (v >= 255.0) return 255;
  return (uint8_t)v;
}

/* The conversions into each dtype from a float source (F, as double) or an integer/bool source (I, as int64). */
#define TO_F32_F(v) ((float)(v))
#define TO_F32_I(v) ((float)(double)(v))
#define TO_F64_F(v) ((double)(v))
#define TO_F64_I(v) ((double)(v))
#define TO_I32_F(v) sat_i32(v)
#define TO_I32_I(v) ((int32_t)(uint32_t)(uint64_t)(v))
#define TO_I64_F(v) sat_i64(v)
#define TO_I64_I(v) ((int64_t)(v))
#define TO_U8_F(v) sat_u8(v)
#define TO_U8_I(v) ((uint8_t)(uint64_t)(v))
#define TO_BOOL_F(v) ((uint8_t)((v) != 0))
#define TO_BOOL_I(v) ((uint8_t)((v) != 0))

#define CAST_CASE(TO, T_TO, KIND) \
  case TRUENO_##TO: for (size_t i = 0; i < n; i++) ((T_TO *)out)[i] = TO_##TO##_##KIND(src[i]); break;

/* cast_from_<sfx>: every target dtype from source type T; KIND says how T's values convert (F or I). */
#define DEFINE_CAST_FROM(SFX, T, KIND)                            \
  static void cast_from_##SFX(const void *x, void *out, size_t n, int to) { \
    const T *src = x;                                             \
    switch (to) {                                                 \
      CAST_CASE(F32, float, KIND)                                 \
      CAST_CASE(F64, double, KIND)                                \
      CAST_CASE(I32, int32_t, KIND)                               \
      CAST_CASE(I64, int64_t, KIND)                               \
      CAST_CASE(U8, uint8_t, KIND)                                \
      CAST_CASE(BOOL, uint8_t, KIND)                              \
    default: break;                                               \
    }                                                             \
  }

DEFINE_CAST_FROM(f32, float, F)
DEFINE_CAST_FROM(f64, double, F)
DEFINE_CAST_FROM(i32, int32_t, I)
DEFINE_CAST_FROM(i64, int64_t, I)
DEFINE_CAST_FROM(u8, uint8_t, I)

/* Wrapping arithmetic on T through its unsigned counterpart U. */
#define DEFINE_INT_KERNELS(SFX, T, U)                                                                     \
  static void binary_##SFX(int op, const void *pa, const void *pb, void *po, size_t n) {                 \
    const T *a = pa, *b = pb;                                                                            \
    T *out = po;                                                                                         \
    switch (op) {                                                                                        \
    case TRUENO_ADD: for (size_t i = 0; i < n; i++) out[i] = (T)((U)a[i] + (U)b[i]); break;              \
    case TRUENO_SUB: for (size_t i = 0; i < n; i++) out[i] = (T)((U)a[i] - (U)b[i]); break;              \
    case TRUENO_MUL: for (size_t i = 0; i < n; i++) out[i] = (T)((U)a[i] * (U)b[i]); break;              \
    default: break;                                                                                      \
    }                                                                                                    \
  }                                                                                                      \
  static void binary_scalar_##SFX(int op, const void *pa, int64_t s64, void *po, size_t n, int reverse) { \
    const T *a = pa;                                                                                     \
    T *out = po;                                                                                         \
    const U s = (U)s64;                                                                                  \
    if (reverse && op == TRUENO_SUB) {                                                                   \
      for (size_t i = 0; i < n; i++) out[i] = (T)(s - (U)a[i]);                                          \
      return;                                                                                            \
    }                                                                                                    \
    switch (op) {                                                                                        \
    case TRUENO_ADD: for (size_t i = 0; i < n; i++) out[i] = (T)((U)a[i] + s); break;                    \
    case TRUENO_SUB: for (size_t i = 0; i < n; i++) out[i] = (T)((U)a[i] - s); break;                    \
    case TRUENO_MUL: for (size_t i = 0; i < n; i++) out[i] = (T)((U)a[i] * s); break;                    \
    default: break;                                                                                      \
    }                                                                                                    \
  }                                                                                                      \
  static void fill_##SFX(void *po, size_t n, int64_t value) {                                            \
    T *out = po;                                                                                         \
    const T v = (T)(U)value;                                                                             \
    for (size_t i = 0; i < n; i++) out[i] = v;                                                           \
  }                                                                                                      \
  static void col_sum_##SFX(const void *px, size_t len, size_t stride, size_t w, int64_t *acc) {         \
    const T *x = px;                                                                                     \
    for (size_t k = 0; k < len; k++)                                                                     \
      for (size_t i = 0; i < w; i++) acc[i] = (int64_t)((uint64_t)acc[i] + (uint64_t)(int64_t)x[k * stride + i]); \
  }                                                                                                      \
  static void col_extreme_##SFX(const void *px, size_t len, size_t stride, size_t w, int is_max, void *pbest, \
                                int32_t *idx) {                                                          \
    const T *x = px;                                                                                     \
    T *best = pbest;                                                                                     \
    for (size_t i = 0; i < w; i++) best[i] = x[i];                                                       \
    if (idx)                                                                                             \
      for (size_t i = 0; i < w; i++) idx[i] = 0;                                                         \
    for (size_t k = 1; k < len; k++) {                                                                   \
      const T *row = x + k * stride;                                                                     \
      for (size_t i = 0; i < w; i++) {                                                                   \
        const int take = is_max ? row[i] > best[i] : row[i] < best[i];                                   \
        if (take) {                                                                                      \
          best[i] = row[i];                                                                              \
          if (idx) idx[i] = (int32_t)k;                                                                  \
        }                                                                                                \
      }                                                                                                  \
    }                                                                                                    \
  }

DEFINE_INT_KERNELS(i32, int32_t, uint32_t)
DEFINE_INT_KERNELS(i64, int64_t, uint64_t)
DEFINE_INT_KERNELS(u8, uint8_t, uint8_t)

static void fill_bool(void *po, size_t n, int64_t value) { fill_u8(po, n, value != 0); }

void trueno_install_integer_scalar(trueno_integer_kernels *k) {
  k->binary[TRUENO_I32] = binary_i32;
  k->binary[TRUENO_I64] = binary_i64;
  k->binary[TRUENO_U8] = binary_u8;
  k->binary_scalar[TRUENO_I32] = binary_scalar_i32;
  k->binary_scalar[TRUENO_I64] = binary_scalar_i64;
  k->binary_scalar[TRUENO_U8] = binary_scalar_u8;
  k->fill[TRUENO_I32] = fill_i32;
  k->fill[TRUENO_I64] = fill_i64;
  k->fill[TRUENO_U8] = fill_u8;
  k->fill[TRUENO_BOOL] = fill_bool;
  k->cast_from[TRUENO_F32] = cast_from_f32;
  k->cast_from[TRUENO_F64] = cast_from_f64;
  k->cast_from[TRUENO_I32] = cast_from_i32;
  k->cast_from[TRUENO_I64] = cast_from_i64;
  k->cast_from[TRUENO_U8] = cast_from_u8;
  k->cast_from[TRUENO_BOOL] = cast_from_u8;
  k->col_sum[TRUENO_I32] = col_sum_i32;
  k->col_sum[TRUENO_I64] = col_sum_i64;
  k->col_sum[TRUENO_U8] = col_sum_u8;
  k->col_sum[TRUENO_BOOL] = col_sum_u8;
  k->col_extreme[TRUENO_I32] = col_extreme_i32;
  k->col_extreme[TRUENO_I64] = col_extreme_i64;
  k->col_extreme[TRUENO_U8] = col_extreme_u8;
  k->col_extreme[TRUENO_BOOL] = col_extreme_u8;
}
