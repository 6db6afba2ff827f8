/*
 * AVX2+FMA matrix kernels. The gemm tiles are 6x16 (f32) and 6x8 (f64): 12 ymm accumulators, two B vectors and one
 * broadcast of A use 15 of the 16 registers, and 12 independent FMA chains cover the FMA latency of 4-5 cycles on
 * two pipes. Blocks follow BLIS's Zen choices: a kc x 16 B panel (16 KiB) stays in the 32 KiB L1, an mc x kc A
 * block (~144 KiB) in the 512 KiB L2.
 */
#include "runtime/isa_target.h"

#if defined(TRUENO_X86_64)
#include <immintrin.h>

#include "runtime/kernels.h"

#include <math.h>
#include <string.h>

TRUENO_TARGET_BEGIN_AVX2

/* c[0:16] = alpha * (x0, x1) + beta * c[0:16], never reading c when beta == 0. */
static inline void update_row_f32(float *c, __m256 x0, __m256 x1, __m256 alpha, __m256 beta, int beta_zero) {
  x0 = _mm256_mul_ps(x0, alpha);
  x1 = _mm256_mul_ps(x1, alpha);
  if (!beta_zero) {
    x0 = _mm256_fmadd_ps(beta, _mm256_loadu_ps(c), x0);
    x1 = _mm256_fmadd_ps(beta, _mm256_loadu_ps(c + 8), x1);
  }
  _mm256_storeu_ps(c, x0);
  _mm256_storeu_ps(c + 8, x1);
}

/* C's rows come from L3 or memory: asking for them now hides that latency behind the k loop. */
static inline void prefetch_tile(const char *c, size_t row_bytes, size_t m, size_t n_bytes) {
  for (size_t i = 0; i < m; i++) {
    _mm_prefetch(c + i * row_bytes, _MM_HINT_T0);
    _mm_prefetch(c + i * row_bytes + n_bytes - 1, _MM_HINT_T0);
  }
}

static void sgemm_6x16(size_t kc, const void *pa, const void *pb, void *pc, size_t ldc, size_t m, size_t n,
                       double alpha_d, double beta_d) {
  const float *a = pa, *b = pb;
  prefetch_tile(pc, ldc * sizeof(float), m, n * sizeof(float));
  __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (size_t p = 0; p < kc; p++, a += 6, b += 16) {
    const __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
    __m256 ai = _mm256_broadcast_ss(a);
    c00 = _mm256_fmadd_ps(ai, b0, c00);
    c01 = _mm256_fmadd_ps(ai, b1, c01);
    ai = _mm256_broadcast_ss(a + 1);
    c10 = _mm256_fmadd_ps(ai, b0, c10);
    c11 = _mm256_fmadd_ps(ai, b1, c11);
    ai = _mm256_broadcast_ss(a + 2);
    c20 = _mm256_fmadd_ps(ai, b0, c20);
    c21 = _mm256_fmadd_ps(ai, b1, c21);
    ai = _mm256_broadcast_ss(a + 3);
    c30 = _mm256_fmadd_ps(ai, b0, c30);
    c31 = _mm256_fmadd_ps(ai, b1, c31);
    ai = _mm256_broadcast_ss(a + 4);
    c40 = _mm256_fmadd_ps(ai, b0, c40);
    c41 = _mm256_fmadd_ps(ai, b1, c41);
    ai = _mm256_broadcast_ss(a + 5);
    c50 = _mm256_fmadd_ps(ai, b0, c50);
    c51 = _mm256_fmadd_ps(ai, b1, c51);
  }
  const float beta = (float)beta_d;
  const __m256 va = _mm256_set1_ps((float)alpha_d), vb = _mm256_set1_ps(beta);
  const int full = m == 6 && n == 16, beta_zero = beta == 0;
  /* An edge tile goes through a full-size copy so that its elements see exactly the operations of a full tile. */
  _Alignas(32) float tile[6 * 16];
  float *t = full ? pc : tile;
  const size_t ldt = full ? ldc : 16;
  if (!full && !beta_zero) {
    memset(tile, 0, sizeof tile);
    for (size_t i = 0; i < m; i++) memcpy(tile + i * 16, (float *)pc + i * ldc, n * sizeof(float));
  }
  update_row_f32(t, c00, c01, va, vb, beta_zero);
  update_row_f32(t + ldt, c10, c11, va, vb, beta_zero);
  update_row_f32(t + 2 * ldt, c20, c21, va, vb, beta_zero);
  update_row_f32(t + 3 * ldt, c30, c31, va, vb, beta_zero);
  update_row_f32(t + 4 * ldt, c40, c41, va, vb, beta_zero);
  update_row_f32(t + 5 * ldt, c50, c51, va, vb, beta_zero);
  if (!full)
    for (size_t i = 0; i < m; i++) memcpy((float *)pc + i * ldc, tile + i * 16, n * sizeof(float));
}

static inline void update_row_f64(double *c, __m256d x0, __m256d x1, __m256d alpha, __m256d beta, int beta_zero) {
  x0 = _mm256_mul_pd(x0, alpha);
  x1 = _mm256_mul_pd(x1, alpha);
  if (!beta_zero) {
    x0 = _mm256_fmadd_pd(beta, _mm256_loadu_pd(c), x0);
    x1 = _mm256_fmadd_pd(beta, _mm256_loadu_pd(c + 4), x1);
  }
  _mm256_storeu_pd(c, x0);
  _mm256_storeu_pd(c + 4, x1);
}

static void dgemm_6x8(size_t kc, const void *pa, const void *pb, void *pc, size_t ldc, size_t m, size_t n,
                      double alpha, double beta) {
  const double *a = pa, *b = pb;
  prefetch_tile(pc, ldc * sizeof(double), m, n * sizeof(double));
  __m256d c00 = _mm256_setzero_pd(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m256d c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (size_t p = 0; p < kc; p++, a += 6, b += 8) {
    const __m256d b0 = _mm256_load_pd(b), b1 = _mm256_load_pd(b + 4);
    __m256d ai = _mm256_broadcast_sd(a);
    c00 = _mm256_fmadd_pd(ai, b0, c00);
    c01 = _mm256_fmadd_pd(ai, b1, c01);
    ai = _mm256_broadcast_sd(a + 1);
    c10 = _mm256_fmadd_pd(ai, b0, c10);
    c11 = _mm256_fmadd_pd(ai, b1, c11);
    ai = _mm256_broadcast_sd(a + 2);
    c20 = _mm256_fmadd_pd(ai, b0, c20);
    c21 = _mm256_fmadd_pd(ai, b1, c21);
    ai = _mm256_broadcast_sd(a + 3);
    c30 = _mm256_fmadd_pd(ai, b0, c30);
    c31 = _mm256_fmadd_pd(ai, b1, c31);
    ai = _mm256_broadcast_sd(a + 4);
    c40 = _mm256_fmadd_pd(ai, b0, c40);
    c41 = _mm256_fmadd_pd(ai, b1, c41);
    ai = _mm256_broadcast_sd(a + 5);
    c50 = _mm256_fmadd_pd(ai, b0, c50);
    c51 = _mm256_fmadd_pd(ai, b1, c51);
  }
  const __m256d va = _mm256_set1_pd(alpha), vb = _mm256_set1_pd(beta);
  const int full = m == 6 && n == 8, beta_zero = beta == 0;
  _Alignas(32) double tile[6 * 8];
  double *t = full ? pc : tile;
  const size_t ldt = full ? ldc : 8;
  if (!full && !beta_zero) {
    memset(tile, 0, sizeof tile);
    for (size_t i = 0; i < m; i++) memcpy(tile + i * 8, (double *)pc + i * ldc, n * sizeof(double));
  }
  update_row_f64(t, c00, c01, va, vb, beta_zero);
  update_row_f64(t + ldt, c10, c11, va, vb, beta_zero);
  update_row_f64(t + 2 * ldt, c20, c21, va, vb, beta_zero);
  update_row_f64(t + 3 * ldt, c30, c31, va, vb, beta_zero);
  update_row_f64(t + 4 * ldt, c40, c41, va, vb, beta_zero);
  update_row_f64(t + 5 * ldt, c50, c51, va, vb, beta_zero);
  if (!full)
    for (size_t i = 0; i < m; i++) memcpy((double *)pc + i * ldc, tile + i * 8, n * sizeof(double));
}

static inline float hsum_f32(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

static inline double hsum_f64(__m256d v) {
  __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}

/* One row's dot product with x: two 8-wide accumulators, then a left-to-right tail. */
static inline float dot_row_f32(const float *r, const float *x, size_t cols) {
  __m256 s0 = _mm256_setzero_ps(), s1 = s0;
  size_t j = 0;
  for (; j + 16 <= cols; j += 16) {
    s0 = _mm256_fmadd_ps(_mm256_loadu_ps(r + j), _mm256_loadu_ps(x + j), s0);
    s1 = _mm256_fmadd_ps(_mm256_loadu_ps(r + j + 8), _mm256_loadu_ps(x + j + 8), s1);
  }
  float s = hsum_f32(_mm256_add_ps(s0, s1));
  for (; j < cols; j++) s = fmaf(r[j], x[j], s);
  return s;
}

/* Four rows share each load of x; each row's arithmetic is exactly dot_row_f32's. */
static void matvec_rows_f32(const float *a, size_t lda, size_t rows, size_t cols, const float *x, float *y) {
  size_t i = 0;
  for (; i + 4 <= rows; i += 4) {
    const float *r0 = a + i * lda, *r1 = r0 + lda, *r2 = r1 + lda, *r3 = r2 + lda;
    __m256 s00 = _mm256_setzero_ps(), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
    size_t j = 0;
    for (; j + 16 <= cols; j += 16) {
      const __m256 x0 = _mm256_loadu_ps(x + j), x1 = _mm256_loadu_ps(x + j + 8);
      s00 = _mm256_fmadd_ps(_mm256_loadu_ps(r0 + j), x0, s00);
      s01 = _mm256_fmadd_ps(_mm256_loadu_ps(r0 + j + 8), x1, s01);
      s10 = _mm256_fmadd_ps(_mm256_loadu_ps(r1 + j), x0, s10);
      s11 = _mm256_fmadd_ps(_mm256_loadu_ps(r1 + j + 8), x1, s11);
      s20 = _mm256_fmadd_ps(_mm256_loadu_ps(r2 + j), x0, s20);
      s21 = _mm256_fmadd_ps(_mm256_loadu_ps(r2 + j + 8), x1, s21);
      s30 = _mm256_fmadd_ps(_mm256_loadu_ps(r3 + j), x0, s30);
      s31 = _mm256_fmadd_ps(_mm256_loadu_ps(r3 + j + 8), x1, s31);
    }
    float t0 = hsum_f32(_mm256_add_ps(s00, s01)), t1 = hsum_f32(_mm256_add_ps(s10, s11));
    float t2 = hsum_f32(_mm256_add_ps(s20, s21)), t3 = hsum_f32(_mm256_add_ps(s30, s31));
    for (; j < cols; j++) {
      t0 = fmaf(r0[j], x[j], t0);
      t1 = fmaf(r1[j], x[j], t1);
      t2 = fmaf(r2[j], x[j], t2);
      t3 = fmaf(r3[j], x[j], t3);
    }
    y[i] = t0, y[i + 1] = t1, y[i + 2] = t2, y[i + 3] = t3;
  }
  for (; i < rows; i++) y[i] = dot_row_f32(a + i * lda, x, cols);
}

static inline double dot_row_f64(const double *r, const double *x, size_t cols) {
  __m256d s0 = _mm256_setzero_pd(), s1 = s0;
  size_t j = 0;
  for (; j + 8 <= cols; j += 8) {
    s0 = _mm256_fmadd_pd(_mm256_loadu_pd(r + j), _mm256_loadu_pd(x + j), s0);
    s1 = _mm256_fmadd_pd(_mm256_loadu_pd(r + j + 4), _mm256_loadu_pd(x + j + 4), s1);
  }
  double s = hsum_f64(_mm256_add_pd(s0, s1));
  for (; j < cols; j++) s = fma(r[j], x[j], s);
  return s;
}

static void matvec_rows_f64(const double *a, size_t lda, size_t rows, size_t cols, const double *x, double *y) {
  size_t i = 0;
  for (; i + 4 <= rows; i += 4) {
    const double *r0 = a + i * lda, *r1 = r0 + lda, *r2 = r1 + lda, *r3 = r2 + lda;
    __m256d s00 = _mm256_setzero_pd(), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
    size_t j = 0;
    for (; j + 8 <= cols; j += 8) {
      const __m256d x0 = _mm256_loadu_pd(x + j), x1 = _mm256_loadu_pd(x + j + 4);
      s00 = _mm256_fmadd_pd(_mm256_loadu_pd(r0 + j), x0, s00);
      s01 = _mm256_fmadd_pd(_mm256_loadu_pd(r0 + j + 4), x1, s01);
      s10 = _mm256_fmadd_pd(_mm256_loadu_pd(r1 + j), x0, s10);
      s11 = _mm256_fmadd_pd(_mm256_loadu_pd(r1 + j + 4), x1, s11);
      s20 = _mm256_fmadd_pd(_mm256_loadu_pd(r2 + j), x0, s20);
      s21 = _mm256_fmadd_pd(_mm256_loadu_pd(r2 + j + 4), x1, s21);
      s30 = _mm256_fmadd_pd(_mm256_loadu_pd(r3 + j), x0, s30);
      s31 = _mm256_fmadd_pd(_mm256_loadu_pd(r3 + j + 4), x1, s31);
    }
    double t0 = hsum_f64(_mm256_add_pd(s00, s01)), t1 = hsum_f64(_mm256_add_pd(s10, s11));
    double t2 = hsum_f64(_mm256_add_pd(s20, s21)), t3 = hsum_f64(_mm256_add_pd(s30, s31));
    for (; j < cols; j++) {
      t0 = fma(r0[j], x[j], t0);
      t1 = fma(r1[j], x[j], t1);
      t2 = fma(r2[j], x[j], t2);
      t3 = fma(r3[j], x[j], t3);
    }
    y[i] = t0, y[i + 1] = t1, y[i + 2] = t2, y[i + 3] = t3;
  }
  for (; i < rows; i++) y[i] = dot_row_f64(a + i * lda, x, cols);
}

/* y = sum_i x[i] * a_i, one row at a time into y (which stays in L1/L2): sequential reads of A. */
static void matvec_cols_f32(const float *a, size_t lda, size_t rows, size_t cols, const float *x, float *y) {
  memset(y, 0, cols * sizeof(float));
  for (size_t i = 0; i < rows; i++) {
    const float *r = a + i * lda;
    const __m256 xi = _mm256_set1_ps(x[i]);
    size_t j = 0;
    for (; j + 16 <= cols; j += 16) {
      _mm256_storeu_ps(y + j, _mm256_fmadd_ps(xi, _mm256_loadu_ps(r + j), _mm256_loadu_ps(y + j)));
      _mm256_storeu_ps(y + j + 8, _mm256_fmadd_ps(xi, _mm256_loadu_ps(r + j + 8), _mm256_loadu_ps(y + j + 8)));
    }
    for (; j < cols; j++) y[j] = fmaf(x[i], r[j], y[j]);
  }
}

static void matvec_cols_f64(const double *a, size_t lda, size_t rows, size_t cols, const double *x, double *y) {
  memset(y, 0, cols * sizeof(double));
  for (size_t i = 0; i < rows; i++) {
    const double *r = a + i * lda;
    const __m256d xi = _mm256_set1_pd(x[i]);
    size_t j = 0;
    for (; j + 8 <= cols; j += 8) {
      _mm256_storeu_pd(y + j, _mm256_fmadd_pd(xi, _mm256_loadu_pd(r + j), _mm256_loadu_pd(y + j)));
      _mm256_storeu_pd(y + j + 4, _mm256_fmadd_pd(xi, _mm256_loadu_pd(r + j + 4), _mm256_loadu_pd(y + j + 4)));
    }
    for (; j < cols; j++) y[j] = fma(x[i], r[j], y[j]);
  }
}

/* 8x8 in-register transpose: unpack pairs, shuffle quads, swap 128-bit halves. */
static inline void transpose_8x8_f32(const float *x, size_t ldx, float *out, size_t ldo) {
  __m256 r0 = _mm256_loadu_ps(x), r1 = _mm256_loadu_ps(x + ldx), r2 = _mm256_loadu_ps(x + 2 * ldx);
  __m256 r3 = _mm256_loadu_ps(x + 3 * ldx), r4 = _mm256_loadu_ps(x + 4 * ldx), r5 = _mm256_loadu_ps(x + 5 * ldx);
  __m256 r6 = _mm256_loadu_ps(x + 6 * ldx), r7 = _mm256_loadu_ps(x + 7 * ldx);
  const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
  const __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
  const __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
  const __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
  const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
  const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
  const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  _mm256_storeu_ps(out, _mm256_permute2f128_ps(u0, u4, 0x20));
  _mm256_storeu_ps(out + ldo, _mm256_permute2f128_ps(u1, u5, 0x20));
  _mm256_storeu_ps(out + 2 * ldo, _mm256_permute2f128_ps(u2, u6, 0x20));
  _mm256_storeu_ps(out + 3 * ldo, _mm256_permute2f128_ps(u3, u7, 0x20));
  _mm256_storeu_ps(out + 4 * ldo, _mm256_permute2f128_ps(u0, u4, 0x31));
  _mm256_storeu_ps(out + 5 * ldo, _mm256_permute2f128_ps(u1, u5, 0x31));
  _mm256_storeu_ps(out + 6 * ldo, _mm256_permute2f128_ps(u2, u6, 0x31));
  _mm256_storeu_ps(out + 7 * ldo, _mm256_permute2f128_ps(u3, u7, 0x31));
}

static void transpose_f32(const float *x, size_t ldx, float *out, size_t ldo, size_t rows, size_t cols) {
  const size_t rows8 = rows & ~(size_t)7, cols8 = cols & ~(size_t)7;
  for (size_t i = 0; i < rows8; i += 8)
    for (size_t j = 0; j < cols8; j += 8) transpose_8x8_f32(x + i * ldx + j, ldx, out + j * ldo + i, ldo);
  for (size_t i = 0; i < rows; i++)
    for (size_t j = i < rows8 ? cols8 : 0; j < cols; j++) out[j * ldo + i] = x[i * ldx + j];
}

static inline void transpose_4x4_f64(const double *x, size_t ldx, double *out, size_t ldo) {
  const __m256d r0 = _mm256_loadu_pd(x), r1 = _mm256_loadu_pd(x + ldx);
  const __m256d r2 = _mm256_loadu_pd(x + 2 * ldx), r3 = _mm256_loadu_pd(x + 3 * ldx);
  const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
  const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
  _mm256_storeu_pd(out, _mm256_permute2f128_pd(t0, t2, 0x20));
  _mm256_storeu_pd(out + ldo, _mm256_permute2f128_pd(t1, t3, 0x20));
  _mm256_storeu_pd(out + 2 * ldo, _mm256_permute2f128_pd(t0, t2, 0x31));
  _mm256_storeu_pd(out + 3 * ldo, _mm256_permute2f128_pd(t1, t3, 0x31));
}

static void transpose_f64(const double *x, size_t ldx, double *out, size_t ldo, size_t rows, size_t cols) {
  const size_t rows4 = rows & ~(size_t)3, cols4 = cols & ~(size_t)3;
  for (size_t i = 0; i < rows4; i += 4)
    for (size_t j = 0; j < cols4; j += 4) transpose_4x4_f64(x + i * ldx + j, ldx, out + j * ldo + i, ldo);
  for (size_t i = 0; i < rows; i++)
    for (size_t j = i < rows4 ? cols4 : 0; j < cols; j++) out[j * ldo + i] = x[i * ldx + j];
}

static void scale_f32(const float *x, float s, float *out, size_t n) {
  const __m256 vs = _mm256_set1_ps(s);
  size_t j = 0;
  for (; j + 8 <= n; j += 8) _mm256_storeu_ps(out + j, _mm256_mul_ps(vs, _mm256_loadu_ps(x + j)));
  for (; j < n; j++) out[j] = s * x[j];
}

static void scale_f64(const double *x, double s, double *out, size_t n) {
  const __m256d vs = _mm256_set1_pd(s);
  size_t j = 0;
  for (; j + 4 <= n; j += 4) _mm256_storeu_pd(out + j, _mm256_mul_pd(vs, _mm256_loadu_pd(x + j)));
  for (; j < n; j++) out[j] = s * x[j];
}

TRUENO_TARGET_END

void trueno_install_matrix_avx2(trueno_matrix_kernels *k) {
  k->sgemm = (trueno_gemm_config){sgemm_6x16, 6, 16, 144, 256, 4080};
  k->dgemm = (trueno_gemm_config){dgemm_6x8, 6, 8, 72, 256, 4080};
  k->matvec_rows_f32 = matvec_rows_f32;
  k->matvec_rows_f64 = matvec_rows_f64;
  k->matvec_cols_f32 = matvec_cols_f32;
  k->matvec_cols_f64 = matvec_cols_f64;
  k->transpose_f32 = transpose_f32;
  k->transpose_f64 = transpose_f64;
  k->scale_f32 = scale_f32;
  k->scale_f64 = scale_f64;
}

#endif
