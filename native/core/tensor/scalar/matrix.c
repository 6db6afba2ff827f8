/*
 * Portable matrix kernels: the reference for every ISA and what the WASM build without SIMD runs. The gemm tile is
 * 4x4 so that its 16 accumulators stay in registers on any target (x86-64 auto-vectorizes it with SSE2).
 */
#include "runtime/kernels.h"

#include <string.h>

#define MR 4
#define NR 4

#define DEFINE_SCALAR_GEMM(T, name)                                                                            \
  static void name(size_t kc, const void *pa, const void *pb, void *pc, size_t ldc, size_t m, size_t n,        \
                   double alpha_d, double beta_d) {                                                            \
    const T *a = pa, *b = pb;                                                                                  \
    T *c = pc;                                                                                                 \
    const T alpha = (T)alpha_d, beta = (T)beta_d;                                                              \
    T acc[MR][NR];                                                                                             \
    memset(acc, 0, sizeof acc);                                                                                \
    for (size_t p = 0; p < kc; p++, a += MR, b += NR)                                                          \
      for (size_t i = 0; i < MR; i++)                                                                          \
        for (size_t j = 0; j < NR; j++) acc[i][j] += a[i] * b[j];                                              \
    for (size_t i = 0; i < m; i++)                                                                             \
      for (size_t j = 0; j < n; j++)                                                                           \
        c[i * ldc + j] = beta == 0 ? alpha * acc[i][j] : alpha * acc[i][j] + beta * c[i * ldc + j];            \
  }

DEFINE_SCALAR_GEMM(float, sgemm_4x4)
DEFINE_SCALAR_GEMM(double, dgemm_4x4)

/* Four rows at a time share each load of x; every row keeps its own left-to-right sum. */
#define DEFINE_MATVEC_ROWS(T, name)                                                                            \
  static void name(const T *a, size_t lda, size_t rows, size_t cols, const T *x, T *y) {                       \
    size_t i = 0;                                                                                              \
    for (; i + 4 <= rows; i += 4) {                                                                            \
      const T *a0 = a + i * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;                               \
      T s0 = 0, s1 = 0, s2 = 0, s3 = 0;                                                                        \
      for (size_t j = 0; j < cols; j++) {                                                                      \
        s0 += a0[j] * x[j];                                                                                    \
        s1 += a1[j] * x[j];                                                                                    \
        s2 += a2[j] * x[j];                                                                                    \
        s3 += a3[j] * x[j];                                                                                    \
      }                                                                                                        \
      y[i] = s0, y[i + 1] = s1, y[i + 2] = s2, y[i + 3] = s3;                                                  \
    }                                                                                                          \
    for (; i < rows; i++) {                                                                                    \
      const T *ai = a + i * lda;                                                                               \
      T s = 0;                                                                                                 \
      for (size_t j = 0; j < cols; j++) s += ai[j] * x[j];                                                     \
      y[i] = s;                                                                                                \
    }                                                                                                          \
  }

DEFINE_MATVEC_ROWS(float, matvec_rows_f32)
DEFINE_MATVEC_ROWS(double, matvec_rows_f64)

/* Streams A row by row (sequential memory) and accumulates into y, which stays in cache. */
#define DEFINE_MATVEC_COLS(T, name)                                                                            \
  static void name(const T *a, size_t lda, size_t rows, size_t cols, const T *x, T *y) {                       \
    for (size_t j = 0; j < cols; j++) y[j] = 0;                                                                \
    for (size_t i = 0; i < rows; i++) {                                                                        \
      const T *ai = a + i * lda, xi = x[i];                                                                    \
      for (size_t j = 0; j < cols; j++) y[j] += xi * ai[j];                                                    \
    }                                                                                                          \
  }

DEFINE_MATVEC_COLS(float, matvec_cols_f32)
DEFINE_MATVEC_COLS(double, matvec_cols_f64)

#define DEFINE_TRANSPOSE(T, name)                                                                              \
  static void name(const T *x, size_t ldx, T *out, size_t ldo, size_t rows, size_t cols) {                     \
    for (size_t i = 0; i < rows; i++)                                                                          \
      for (size_t j = 0; j < cols; j++) out[j * ldo + i] = x[i * ldx + j];                                     \
  }

DEFINE_TRANSPOSE(float, transpose_f32)
DEFINE_TRANSPOSE(double, transpose_f64)

static void scale_f32(const float *x, float s, float *out, size_t n) {
  for (size_t j = 0; j < n; j++) out[j] = s * x[j];
}

static void scale_f64(const double *x, double s, double *out, size_t n) {
  for (size_t j = 0; j < n; j++) out[j] = s * x[j];
}

void trueno_install_matrix_scalar(trueno_matrix_kernels *k) {
  k->sgemm = (trueno_gemm_config){sgemm_4x4, MR, NR, 128, 256, 4096};
  k->dgemm = (trueno_gemm_config){dgemm_4x4, MR, NR, 64, 256, 4096};
  k->matvec_rows_f32 = matvec_rows_f32;
  k->matvec_rows_f64 = matvec_rows_f64;
  k->matvec_cols_f32 = matvec_cols_f32;
  k->matvec_cols_f64 = matvec_cols_f64;
  k->transpose_f32 = transpose_f32;
  k->transpose_f64 = transpose_f64;
  k->scale_f32 = scale_f32;
  k->scale_f64 = scale_f64;
}
