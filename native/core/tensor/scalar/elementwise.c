/*
 * Portable elementwise kernels: plain loops over libm. They define every entry of the table (each SIMD level starts
 * from this one) and are the fallback for builds without SIMD (e.g. WASM without SIMD128). The arithmetic kernels
 * switch on the op once, outside the loop, so the compiler can still vectorize each loop for the baseline ISA.
 */
#include "trueno.h"
#include "runtime/kernels.h"
#include "tensor/ew_scalar_math.h"

#include <math.h>

/* One definition of each kernel for T = float (suffix f32) and T = double (f64); M(name) picks libm's variant. */
#define DEFINE_SCALAR_KERNELS(T, SFX, M)                                                                              \
  static void binary_##SFX(int op, const T *a, const T *b, T *out, size_t n) {                                        \
    switch (op) {                                                                                                     \
    case TRUENO_ADD: for (size_t i = 0; i < n; i++) out[i] = a[i] + b[i]; break;                                      \
    case TRUENO_SUB: for (size_t i = 0; i < n; i++) out[i] = a[i] - b[i]; break;                                      \
    case TRUENO_MUL: for (size_t i = 0; i < n; i++) out[i] = a[i] * b[i]; break;                                      \
    case TRUENO_DIV: for (size_t i = 0; i < n; i++) out[i] = a[i] / b[i]; break;                                      \
    default: break;                                                                                                   \
    }                                                                                                                 \
  }                                                                                                                   \
  static void binary_scalar_##SFX(int op, const T *a, T s, T *out, size_t n, int reverse) {                           \
    if (reverse && (op == TRUENO_SUB || op == TRUENO_DIV)) {                                                          \
      if (op == TRUENO_SUB)                                                                                           \
        for (size_t i = 0; i < n; i++) out[i] = s - a[i];                                                             \
      else                                                                                                            \
        for (size_t i = 0; i < n; i++) out[i] = s / a[i];                                                             \
      return;                                                                                                         \
    }                                                                                                                 \
    switch (op) {                                                                                                     \
    case TRUENO_ADD: for (size_t i = 0; i < n; i++) out[i] = a[i] + s; break;                                         \
    case TRUENO_SUB: for (size_t i = 0; i < n; i++) out[i] = a[i] - s; break;                                         \
    case TRUENO_MUL: for (size_t i = 0; i < n; i++) out[i] = a[i] * s; break;                                         \
    case TRUENO_DIV: for (size_t i = 0; i < n; i++) out[i] = a[i] / s; break;                                         \
    default: break;                                                                                                   \
    }                                                                                                                 \
  }                                                                                                                   \
  static void binary_rows_##SFX(int op, const T *a, const T *row, T *out, size_t rows, size_t cols) {                 \
    for (size_t r = 0; r < rows; r++) binary_##SFX(op, a + r * cols, row, out + r * cols, cols);                      \
  }                                                                                                                   \
  static void axpy_##SFX(size_t n, T alpha, const T *x, T *y) {                                                       \
    for (size_t i = 0; i < n; i++) y[i] += alpha * x[i];                                                              \
  }                                                                                                                   \
  static void fill_##SFX(T *out, size_t n, T value) {                                                                 \
    for (size_t i = 0; i < n; i++) out[i] = value;                                                                    \
  }                                                                                                                   \
  static void unary_##SFX(int op, const T *x, T *out, size_t n) {                                                     \
    switch (op) {                                                                                                     \
    case TRUENO_ABS: for (size_t i = 0; i < n; i++) out[i] = M(fabs)(x[i]); break;                                    \
    case TRUENO_NEG: for (size_t i = 0; i < n; i++) out[i] = -x[i]; break;                                            \
    case TRUENO_EXP: for (size_t i = 0; i < n; i++) out[i] = M(exp)(x[i]); break;                                     \
    case TRUENO_LOG: for (size_t i = 0; i < n; i++) out[i] = M(log)(x[i]); break;                                     \
    case TRUENO_SQRT: for (size_t i = 0; i < n; i++) out[i] = M(sqrt)(x[i]); break;                                   \
    case TRUENO_SQUARE: for (size_t i = 0; i < n; i++) out[i] = x[i] * x[i]; break;                                   \
    case TRUENO_RELU: for (size_t i = 0; i < n; i++) out[i] = ew_relu_##SFX(x[i]); break;                             \
    case TRUENO_SIGMOID: for (size_t i = 0; i < n; i++) out[i] = ew_sigmoid_##SFX(x[i]); break;                       \
    case TRUENO_TANH: for (size_t i = 0; i < n; i++) out[i] = M(tanh)(x[i]); break;                                   \
    case TRUENO_GELU: for (size_t i = 0; i < n; i++) out[i] = ew_gelu_##SFX(x[i]); break;                             \
    default: break;                                                                                                   \
    }                                                                                                                 \
  }                                                                                                                   \
  static void clip_##SFX(const T *x, T *out, size_t n, T lo, T hi) {                                                  \
    for (size_t i = 0; i < n; i++) out[i] = ew_clip_##SFX(x[i], lo, hi);                                              \
  }                                                                                                                   \
  /* Subtracting the row max keeps exp from overflowing; a NaN or +Inf anywhere makes the sum, hence the whole        \
   * row, NaN, and a row of -Inf gives -Inf - -Inf = NaN: the float64 reference's (numpy's) results. The sum is       \
   * accumulated in double. Writing exp before reading the next x is safe in place. */                                \
  static void softmax_row_##SFX(const T *x, T *out, size_t n, int take_log) {                                         \
    T max = -INFINITY;                                                                                                \
    for (size_t i = 0; i < n; i++)                                                                                    \
      if (x[i] > max) max = x[i];                                                                                     \
    double sum = 0.0;                                                                                                 \
    if (take_log) {                                                                                                   \
      for (size_t i = 0; i < n; i++) sum += M(exp)(x[i] - max);                                                       \
      const T lse = (T)log(sum);                                                                                      \
      for (size_t i = 0; i < n; i++) out[i] = (x[i] - max) - lse;                                                     \
    } else {                                                                                                          \
      for (size_t i = 0; i < n; i++) {                                                                                \
        const T e = M(exp)(x[i] - max);                                                                               \
        out[i] = e;                                                                                                   \
        sum += e;                                                                                                     \
      }                                                                                                               \
      const T inv = (T)(1.0 / sum);                                                                                   \
      for (size_t i = 0; i < n; i++) out[i] *= inv;                                                                   \
    }                                                                                                                 \
  }

#define LIBM_F32(name) name##f
#define LIBM_F64(name) name
DEFINE_SCALAR_KERNELS(float, f32, LIBM_F32)
DEFINE_SCALAR_KERNELS(double, f64, LIBM_F64)

static void cast_f32_f64(const float *x, double *out, size_t n) {
  for (size_t i = 0; i < n; i++) out[i] = x[i];
}

static void cast_f64_f32(const double *x, float *out, size_t n) {
  for (size_t i = 0; i < n; i++) out[i] = (float)x[i];
}

void trueno_install_elementwise_scalar(trueno_elementwise_kernels *k) {
  k->binary_f32 = binary_f32;
  k->binary_f64 = binary_f64;
  k->binary_scalar_f32 = binary_scalar_f32;
  k->binary_scalar_f64 = binary_scalar_f64;
  k->binary_rows_f32 = binary_rows_f32;
  k->binary_rows_f64 = binary_rows_f64;
  k->axpy_f32 = axpy_f32;
  k->axpy_f64 = axpy_f64;
  k->fill_f32 = fill_f32;
  k->fill_f64 = fill_f64;
  k->cast_f32_f64 = cast_f32_f64;
  k->cast_f64_f32 = cast_f64_f32;
  k->unary_f32 = unary_f32;
  k->unary_f64 = unary_f64;
  k->clip_f32 = clip_f32;
  k->clip_f64 = clip_f64;
  k->softmax_row_f32 = softmax_row_f32;
  k->softmax_row_f64 = softmax_row_f64;
}
