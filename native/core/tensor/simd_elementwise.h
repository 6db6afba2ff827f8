/*
 * The elementwise kernels of every SIMD level, written once over the vector primitives listed in simd_math.h plus
 * vf_load/vf_store (unaligned), vf_sqrt, VF_LANES/VD_LANES, vf_max (any NaN behaviour), vf_hmax, vd_hsum,
 * vf_widen_lo/hi (the low/high half of a vf as a vd), vf_narrow(lo, hi), and vf_stream/vd_stream (a non-temporal
 * store to a vector-aligned address) with simd_stream_fence where TRUENO_VEC_HAS_STREAM is 1 (plain stores and
 * nothing where it is 0). An ISA's vec.h defines those; its elementwise.c includes vec.h and then this header inside
 * its target region and calls simd_install_elementwise from its installer.
 *
 * Arithmetic kernels finish with a scalar tail doing the same IEEE operation, so results are bit-identical to the
 * scalar level. Approximated functions run their tail through the vector code on a padded copy, so every element
 * goes through the same code whatever the array length or the thread split.
 */
#ifndef TRUENO_SIMD_ELEMENTWISE_H
#define TRUENO_SIMD_ELEMENTWISE_H

#include "tensor/ew_scalar_math.h"
#include "tensor/simd_math.h"

#include <stdint.h>
#include <string.h>

/*
 * Large outputs bypass the caches: an array of several MiB is evicted before anyone reads it again, and
 * non-temporal stores save the read-for-ownership of every output line (measured on Zen 3: a 10M-element f32 add
 * takes ~20% less time). Streamed kernels start at the first vector-aligned element of out and end with a fence.
 */
#define SIMD_STREAM_BYTES ((size_t)4 << 20)

/* Where a kernel writing n elements of `elem` bytes to out should start streaming: n when it should not. */
static inline size_t simd_stream_start(const void *out, size_t n, size_t elem, size_t lanes) {
  const uintptr_t p = (uintptr_t)out, vec = elem * lanes;
  if (!TRUENO_VEC_HAS_STREAM || n < SIMD_STREAM_BYTES / elem || p % elem) return n;
  return (size_t)((vec - p % vec) % vec) / elem;
}

/* out[i] = F(a[i], b[i]) (F a vector function, OP the same scalar operator), two vectors per step */
#define SIMD_LOOP2(V, L, F, OP, STORE, a, b, out, n)                                                                  \
  do {                                                                                                                \
    size_t i_ = 0;                                                                                                    \
    for (; i_ + 2 * (L) <= (n); i_ += 2 * (L)) {                                                                      \
      STORE((out) + i_, F(V##_load((a) + i_), V##_load((b) + i_)));                                                   \
      STORE((out) + i_ + (L), F(V##_load((a) + i_ + (L)), V##_load((b) + i_ + (L))));                                 \
    }                                                                                                                 \
    for (; i_ + (L) <= (n); i_ += (L)) STORE((out) + i_, F(V##_load((a) + i_), V##_load((b) + i_)));                  \
    for (; i_ < (n); i_++) (out)[i_] = (a)[i_] OP (b)[i_];                                                            \
  } while (0)

/* out[i] = FIRST(a, s) OP SECOND(a, s): a[i] OP s with SIMD_PICK_1, SIMD_PICK_2, s OP a[i] the other way round */
#define SIMD_LOOP_SCALAR(V, L, F, OP, STORE, a, s, out, n, FIRST, SECOND)                                             \
  do {                                                                                                                \
    const V sv_ = V##_set1(s);                                                                                        \
    size_t i_ = 0;                                                                                                    \
    for (; i_ + (L) <= (n); i_ += (L)) {                                                                              \
      const V av_ = V##_load((a) + i_);                                                                               \
      STORE((out) + i_, F(FIRST(av_, sv_), SECOND(av_, sv_)));                                                        \
    }                                                                                                                 \
    for (; i_ < (n); i_++) (out)[i_] = FIRST((a)[i_], (s)) OP SECOND((a)[i_], (s));                                   \
  } while (0)
#define SIMD_PICK_1(x, y) x
#define SIMD_PICK_2(x, y) y

/* out[i] = F(x[i]), the last partial vector computed on a zero-padded copy */
#define SIMD_MAP(T, V, L, F, x, out, n)                                                                               \
  do {                                                                                                                \
    size_t i_ = 0;                                                                                                    \
    for (; i_ + 2 * (L) <= (n); i_ += 2 * (L)) {                                                                      \
      const V a_ = F(V##_load((x) + i_)), b_ = F(V##_load((x) + i_ + (L)));                                           \
      V##_store((out) + i_, a_);                                                                                      \
      V##_store((out) + i_ + (L), b_);                                                                                \
    }                                                                                                                 \
    for (; i_ + (L) <= (n); i_ += (L)) V##_store((out) + i_, F(V##_load((x) + i_)));                                  \
    if (i_ < (n)) {                                                                                                   \
      T buf_[L] = {0};                                                                                                \
      memcpy(buf_, (x) + i_, ((n) - i_) * sizeof(T));                                                                 \
      V##_store(buf_, F(V##_load(buf_)));                                                                             \
      memcpy((out) + i_, buf_, ((n) - i_) * sizeof(T));                                                               \
    }                                                                                                                 \
  } while (0)

/* The kernels whose output may be streamed, defined twice: STORE = V##_store (KIND cached) or V##_stream. */
#define SIMD_DEFINE_STORING(T, V, L, SFX, STORE, KIND)                                                                \
  static void simd_binary_##KIND##_##SFX(int op, const T *a, const T *b, T *out, size_t n) {                          \
    switch (op) {                                                                                                     \
    case TRUENO_ADD: SIMD_LOOP2(V, L, V##_add, +, STORE, a, b, out, n); break;                                        \
    case TRUENO_SUB: SIMD_LOOP2(V, L, V##_sub, -, STORE, a, b, out, n); break;                                        \
    case TRUENO_MUL: SIMD_LOOP2(V, L, V##_mul, *, STORE, a, b, out, n); break;                                        \
    case TRUENO_DIV: SIMD_LOOP2(V, L, V##_div, /, STORE, a, b, out, n); break;                                        \
    default: break;                                                                                                   \
    }                                                                                                                 \
  }                                                                                                                   \
                                                                                                                      \
  static void simd_binary_scalar_##KIND##_##SFX(int op, const T *a, T s, T *out, size_t n, int reverse) {             \
    switch (op) {                                                                                                     \
    case TRUENO_ADD: SIMD_LOOP_SCALAR(V, L, V##_add, +, STORE, a, s, out, n, SIMD_PICK_1, SIMD_PICK_2); break;        \
    case TRUENO_MUL: SIMD_LOOP_SCALAR(V, L, V##_mul, *, STORE, a, s, out, n, SIMD_PICK_1, SIMD_PICK_2); break;        \
    case TRUENO_SUB:                                                                                                  \
      if (reverse)                                                                                                    \
        SIMD_LOOP_SCALAR(V, L, V##_sub, -, STORE, a, s, out, n, SIMD_PICK_2, SIMD_PICK_1);                            \
      else                                                                                                            \
        SIMD_LOOP_SCALAR(V, L, V##_sub, -, STORE, a, s, out, n, SIMD_PICK_1, SIMD_PICK_2);                            \
      break;                                                                                                          \
    case TRUENO_DIV:                                                                                                  \
      if (reverse)                                                                                                    \
        SIMD_LOOP_SCALAR(V, L, V##_div, /, STORE, a, s, out, n, SIMD_PICK_2, SIMD_PICK_1);                            \
      else                                                                                                            \
        SIMD_LOOP_SCALAR(V, L, V##_div, /, STORE, a, s, out, n, SIMD_PICK_1, SIMD_PICK_2);                            \
      break;                                                                                                          \
    default: break;                                                                                                   \
    }                                                                                                                 \
  }                                                                                                                   \
                                                                                                                      \
  static void simd_fill_##KIND##_##SFX(T *out, size_t n, T value) {                                                   \
    const V v = V##_set1(value);                                                                                      \
    size_t i = 0;                                                                                                     \
    for (; i + L <= n; i += L) STORE(out + i, v);                                                                     \
    for (; i < n; i++) out[i] = value;                                                                                \
  }

/* One definition of each kernel for T = float (vector vf, suffix f32) and T = double (vd, f64). */
#define SIMD_DEFINE_KERNELS(T, V, L, SFX)                                                                             \
  static inline V simd_square_##SFX(V x) { return V##_mul(x, x); }                                                    \
  static inline V simd_neg_##SFX(V x) { return V##_sub(V##_set1(-0.0), x); }                                          \
  static inline V simd_relu_##SFX(V x) { return V##_add(V##_max_nan(x, V##_set1(0.0)), V##_set1(0.0)); }              \
                                                                                                                      \
  SIMD_DEFINE_STORING(T, V, L, SFX, V##_store, cached)                                                                \
  SIMD_DEFINE_STORING(T, V, L, SFX, V##_stream, streamed)                                                             \
                                                                                                                      \
  static void simd_binary_##SFX(int op, const T *a, const T *b, T *out, size_t n) {                                   \
    const size_t start = simd_stream_start(out, n, sizeof(T), L);                                                     \
    simd_binary_cached_##SFX(op, a, b, out, start);                                                                   \
    if (start < n) {                                                                                                  \
      simd_binary_streamed_##SFX(op, a + start, b + start, out + start, n - start);                                   \
      simd_stream_fence();                                                                                            \
    }                                                                                                                 \
  }                                                                                                                   \
                                                                                                                      \
  static void simd_binary_scalar_##SFX(int op, const T *a, T s, T *out, size_t n, int reverse) {                      \
    const size_t start = simd_stream_start(out, n, sizeof(T), L);                                                     \
    simd_binary_scalar_cached_##SFX(op, a, s, out, start, reverse);                                                   \
    if (start < n) {                                                                                                  \
      simd_binary_scalar_streamed_##SFX(op, a + start, s, out + start, n - start, reverse);                           \
      simd_stream_fence();                                                                                            \
    }                                                                                                                 \
  }                                                                                                                   \
                                                                                                                      \
  static void simd_fill_##SFX(T *out, size_t n, T value) {                                                            \
    const size_t start = simd_stream_start(out, n, sizeof(T), L);                                                     \
    simd_fill_cached_##SFX(out, start, value);                                                                        \
    if (start < n) {                                                                                                  \
      simd_fill_streamed_##SFX(out + start, n - start, value);                                                        \
      simd_stream_fence();                                                                                            \
    }                                                                                                                 \
  }                                                                                                                   \
                                                                                                                      \
  static void simd_binary_rows_##SFX(int op, const T *a, const T *row, T *out, size_t rows, size_t cols) {            \
    for (size_t r = 0; r < rows; r++) simd_binary_##SFX(op, a + r * cols, row, out + r * cols, cols);                 \
  }                                                                                                                   \
                                                                                                                      \
  /* fused where the ISA has FMA, so within 1 ulp of y + alpha*x rather than bit-equal to scalar */                   \
  static void simd_axpy_##SFX(size_t n, T alpha, const T *x, T *y) {                                                  \
    const V av = V##_set1(alpha);                                                                                     \
    size_t i = 0;                                                                                                     \
    for (; i + L <= n; i += L) V##_store(y + i, V##_fma(av, V##_load(x + i), V##_load(y + i)));                       \
    if (i < n) {                                                                                                      \
      T xb[L] = {0}, yb[L] = {0};                                                                                     \
      memcpy(xb, x + i, (n - i) * sizeof(T));                                                                         \
      memcpy(yb, y + i, (n - i) * sizeof(T));                                                                         \
      V##_store(yb, V##_fma(av, V##_load(xb), V##_load(yb)));                                                         \
      memcpy(y + i, yb, (n - i) * sizeof(T));                                                                         \
    }                                                                                                                 \
  }                                                                                                                   \
                                                                                                                      \
  static void simd_clip_##SFX(const T *x, T *out, size_t n, T lo, T hi) {                                             \
    const V lv = V##_set1(lo), hv = V##_set1(hi);                                                                     \
    size_t i = 0;                                                                                                     \
    for (; i + L <= n; i += L) V##_store(out + i, V##_min_nan(V##_max_nan(V##_load(x + i), lv), hv));                 \
    for (; i < n; i++) out[i] = ew_clip_##SFX(x[i], lo, hi);                                                          \
  }

#define SIMD_DEFINE_SOFTMAX(T, V, L, SFX)                                                                             \
  /* See scalar/elementwise.c for the NaN and Inf behaviour; the padded tail uses -Inf, whose exp adds 0. */          \
  static void simd_softmax_row_##SFX(const T *x, T *out, size_t n, int take_log) {                                    \
    V vmax = V##_set1(-INFINITY);                                                                                     \
    size_t i = 0;                                                                                                     \
    for (; i + L <= n; i += L) vmax = V##_max(vmax, V##_load(x + i));                                                 \
    T max = V##_hmax(vmax);                                                                                           \
    for (; i < n; i++)                                                                                                \
      if (x[i] > max) max = x[i];                                                                                     \
    const V mv = V##_set1(max);                                                                                       \
    vd s0 = vd_set1(0.0), s1 = vd_set1(0.0);                                                                          \
    for (i = 0; i + L <= n; i += L) {                                                                                 \
      const V e = V##_exp(V##_sub(V##_load(x + i), mv));                                                              \
      if (!take_log) V##_store(out + i, e);                                                                           \
      SIMD_ACCUMULATE_##SFX(s0, s1, e);                                                                               \
    }                                                                                                                 \
    if (i < n) {                                                                                                      \
      T buf[L];                                                                                                       \
      for (size_t j = 0; j < L; j++) buf[j] = i + j < n ? x[i + j] : -INFINITY;                                       \
      const V e = V##_exp(V##_sub(V##_load(buf), mv));                                                                \
      SIMD_ACCUMULATE_##SFX(s0, s1, e);                                                                               \
      if (!take_log) {                                                                                                \
        V##_store(buf, e);                                                                                            \
        memcpy(out + i, buf, (n - i) * sizeof(T));                                                                    \
      }                                                                                                               \
    }                                                                                                                 \
    const double sum = vd_hsum(vd_add(s0, s1));                                                                       \
    if (take_log) {                                                                                                   \
      const T lse = (T)log(sum);                                                                                      \
      const V lv = V##_set1(lse);                                                                                     \
      for (i = 0; i + L <= n; i += L) V##_store(out + i, V##_sub(V##_sub(V##_load(x + i), mv), lv));                  \
      for (; i < n; i++) out[i] = (x[i] - max) - lse;                                                                 \
    } else {                                                                                                          \
      const T inv = (T)(1.0 / sum);                                                                                   \
      const V iv = V##_set1(inv);                                                                                     \
      for (i = 0; i + L <= n; i += L) V##_store(out + i, V##_mul(V##_load(out + i), iv));                             \
      for (; i < n; i++) out[i] *= inv;                                                                               \
    }                                                                                                                 \
  }

/* The softmax sum is kept in double: f32 exps are widened, f64 ones split over two accumulators. */
#define SIMD_ACCUMULATE_f32(s0, s1, e)                                                                                \
  do {                                                                                                                \
    s0 = vd_add(s0, vf_widen_lo(e));                                                                                  \
    s1 = vd_add(s1, vf_widen_hi(e));                                                                                  \
  } while (0)
#define SIMD_ACCUMULATE_f64(s0, s1, e) s0 = vd_add(s0, e)

SIMD_DEFINE_KERNELS(float, vf, VF_LANES, f32)
SIMD_DEFINE_KERNELS(double, vd, VD_LANES, f64)
SIMD_DEFINE_SOFTMAX(float, vf, VF_LANES, f32)
SIMD_DEFINE_SOFTMAX(double, vd, VD_LANES, f64)

static void simd_unary_f32(int op, const float *x, float *out, size_t n) {
  switch (op) {
  case TRUENO_ABS: SIMD_MAP(float, vf, VF_LANES, vf_abs, x, out, n); break;
  case TRUENO_NEG: SIMD_MAP(float, vf, VF_LANES, simd_neg_f32, x, out, n); break;
  case TRUENO_EXP: SIMD_MAP(float, vf, VF_LANES, vf_exp, x, out, n); break;
  case TRUENO_LOG: SIMD_MAP(float, vf, VF_LANES, vf_log, x, out, n); break;
  case TRUENO_SQRT: SIMD_MAP(float, vf, VF_LANES, vf_sqrt, x, out, n); break;
  case TRUENO_SQUARE: SIMD_MAP(float, vf, VF_LANES, simd_square_f32, x, out, n); break;
  case TRUENO_RELU: SIMD_MAP(float, vf, VF_LANES, simd_relu_f32, x, out, n); break;
  case TRUENO_SIGMOID: SIMD_MAP(float, vf, VF_LANES, vf_sigmoid, x, out, n); break;
  case TRUENO_TANH: SIMD_MAP(float, vf, VF_LANES, vf_tanh, x, out, n); break;
  case TRUENO_GELU: SIMD_MAP(float, vf, VF_LANES, vf_gelu, x, out, n); break;
  default: break;
  }
}

/* f64 tanh and gelu call libm per element: a vector version within ~1-2 ulp needs erfc/expm1 kernels not written. */
static void simd_unary_f64(int op, const double *x, double *out, size_t n) {
  switch (op) {
  case TRUENO_ABS: SIMD_MAP(double, vd, VD_LANES, vd_abs, x, out, n); break;
  case TRUENO_NEG: SIMD_MAP(double, vd, VD_LANES, simd_neg_f64, x, out, n); break;
  case TRUENO_EXP: SIMD_MAP(double, vd, VD_LANES, vd_exp, x, out, n); break;
  case TRUENO_LOG: SIMD_MAP(double, vd, VD_LANES, vd_log, x, out, n); break;
  case TRUENO_SQRT: SIMD_MAP(double, vd, VD_LANES, vd_sqrt, x, out, n); break;
  case TRUENO_SQUARE: SIMD_MAP(double, vd, VD_LANES, simd_square_f64, x, out, n); break;
  case TRUENO_RELU: SIMD_MAP(double, vd, VD_LANES, simd_relu_f64, x, out, n); break;
  case TRUENO_SIGMOID: SIMD_MAP(double, vd, VD_LANES, vd_sigmoid, x, out, n); break;
  case TRUENO_TANH: for (size_t i = 0; i < n; i++) out[i] = tanh(x[i]); break;
  case TRUENO_GELU: for (size_t i = 0; i < n; i++) out[i] = ew_gelu_f64(x[i]); break;
  default: break;
  }
}

static void simd_cast_f32_f64(const float *x, double *out, size_t n) {
  size_t i = 0;
  for (; i + VF_LANES <= n; i += VF_LANES) {
    const vf v = vf_load(x + i);
    vd_store(out + i, vf_widen_lo(v));
    vd_store(out + i + VD_LANES, vf_widen_hi(v));
  }
  for (; i < n; i++) out[i] = x[i];
}

static void simd_cast_f64_f32(const double *x, float *out, size_t n) {
  size_t i = 0;
  for (; i + VF_LANES <= n; i += VF_LANES) vf_store(out + i, vf_narrow(vd_load(x + i), vd_load(x + i + VD_LANES)));
  for (; i < n; i++) out[i] = (float)x[i];
}

static void simd_install_elementwise(trueno_elementwise_kernels *k) {
  k->binary_f32 = simd_binary_f32;
  k->binary_f64 = simd_binary_f64;
  k->binary_scalar_f32 = simd_binary_scalar_f32;
  k->binary_scalar_f64 = simd_binary_scalar_f64;
  k->binary_rows_f32 = simd_binary_rows_f32;
  k->binary_rows_f64 = simd_binary_rows_f64;
  k->axpy_f32 = simd_axpy_f32;
  k->axpy_f64 = simd_axpy_f64;
  k->fill_f32 = simd_fill_f32;
  k->fill_f64 = simd_fill_f64;
  k->cast_f32_f64 = simd_cast_f32_f64;
  k->cast_f64_f32 = simd_cast_f64_f32;
  k->unary_f32 = simd_unary_f32;
  k->unary_f64 = simd_unary_f64;
  k->clip_f32 = simd_clip_f32;
  k->clip_f64 = simd_clip_f64;
  k->softmax_row_f32 = simd_softmax_row_f32;
  k->softmax_row_f64 = simd_softmax_row_f64;
}

#endif
