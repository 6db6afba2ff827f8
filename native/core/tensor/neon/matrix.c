/*
 * NEON gemm tiles: 8x12 (f32) and 8x6 (f64). 24 q-register accumulators, the B row in 3 registers and the A column
 * in 2 (f32) or 4 (f64) registers used lane by lane (fmla by element) fill the 32 registers without spilling.
 * matvec over rows gets vector dot products (the scalar loop's single sum per row cannot be vectorized without
 * reassociation); transpose, outer and matvec over columns keep the scalar kernels, which the compiler vectorizes.
 */
#include "runtime/isa_target.h"

#if defined(TRUENO_ARM64)
#include <arm_neon.h>

#include "runtime/kernels.h"

#include <string.h>

#define MR 8

#define FOR_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)

/* C's rows come from L3 or memory: asking for them now hides that latency behind the k loop (as on x86-64). */
static inline void prefetch_tile(const char *c, size_t row_bytes, size_t m, size_t n_bytes) {
#if defined(__GNUC__) || defined(__clang__)
  for (size_t i = 0; i < m; i++) {
    for (size_t off = 0; off < n_bytes; off += 64) __builtin_prefetch(c + i * row_bytes + off);
    __builtin_prefetch(c + i * row_bytes + n_bytes - 1);
  }
#else
  (void)c, (void)row_bytes, (void)m, (void)n_bytes;
#endif
}

static inline void update_row_f32(float *c, float32x4_t x0, float32x4_t x1, float32x4_t x2, float32x4_t alpha,
                                  float32x4_t beta, int beta_zero) {
  x0 = vmulq_f32(x0, alpha);
  x1 = vmulq_f32(x1, alpha);
  x2 = vmulq_f32(x2, alpha);
  if (!beta_zero) {
    x0 = vfmaq_f32(x0, beta, vld1q_f32(c));
    x1 = vfmaq_f32(x1, beta, vld1q_f32(c + 4));
    x2 = vfmaq_f32(x2, beta, vld1q_f32(c + 8));
  }
  vst1q_f32(c, x0);
  vst1q_f32(c + 4, x1);
  vst1q_f32(c + 8, x2);
}

#define DECLARE_F32(i) float32x4_t c##i##0 = vdupq_n_f32(0), c##i##1 = c##i##0, c##i##2 = c##i##0;
/* Row i takes lane i % 4 of the A register holding rows i - i % 4 .. i - i % 4 + 3. */
#define STEP_F32(i)                                                                                           \
  c##i##0 = vfmaq_laneq_f32(c##i##0, b0, (i) < 4 ? a0 : a1, (i) % 4);                                        \
  c##i##1 = vfmaq_laneq_f32(c##i##1, b1, (i) < 4 ? a0 : a1, (i) % 4);                                        \
  c##i##2 = vfmaq_laneq_f32(c##i##2, b2, (i) < 4 ? a0 : a1, (i) % 4);
#define UPDATE_F32(i) update_row_f32(t + i * ldt, c##i##0, c##i##1, c##i##2, va, vb, beta_zero);

static void sgemm_8x12(size_t kc, const void *pa, const void *pb, void *pc, size_t ldc, size_t m, size_t n,
                       double alpha_d, double beta_d) {
  const float *a = pa, *b = pb;
  prefetch_tile(pc, ldc * sizeof(float), m, n * sizeof(float));
  FOR_ROWS(DECLARE_F32)
  for (size_t p = 0; p < kc; p++, a += MR, b += 12) {
    const float32x4_t a0 = vld1q_f32(a), a1 = vld1q_f32(a + 4);
    const float32x4_t b0 = vld1q_f32(b), b1 = vld1q_f32(b + 4), b2 = vld1q_f32(b + 8);
    FOR_ROWS(STEP_F32)
  }
  const float beta = (float)beta_d;
  const float32x4_t va = vdupq_n_f32((float)alpha_d), vb = vdupq_n_f32(beta);
  const int full = m == MR && n == 12, beta_zero = beta == 0;
  /* An edge tile goes through a full-size copy so that its elements see exactly the operations of a full tile. */
  float tile[MR * 12];
  float *t = full ? pc : tile;
  const size_t ldt = full ? ldc : 12;
  if (!full && !beta_zero) {
    memset(tile, 0, sizeof tile);
    for (size_t i = 0; i < m; i++) memcpy(tile + i * 12, (float *)pc + i * ldc, n * sizeof(float));
  }
  FOR_ROWS(UPDATE_F32)
  if (!full)
    for (size_t i = 0; i < m; i++) memcpy((float *)pc + i * ldc, tile + i * 12, n * sizeof(float));
}

static inline void update_row_f64(double *c, float64x2_t x0, float64x2_t x1, float64x2_t x2, float64x2_t alpha,
                                  float64x2_t beta, int beta_zero) {
  x0 = vmulq_f64(x0, alpha);
  x1 = vmulq_f64(x1, alpha);
  x2 = vmulq_f64(x2, alpha);
  if (!beta_zero) {
    x0 = vfmaq_f64(x0, beta, vld1q_f64(c));
    x1 = vfmaq_f64(x1, beta, vld1q_f64(c + 2));
    x2 = vfmaq_f64(x2, beta, vld1q_f64(c + 4));
  }
  vst1q_f64(c, x0);
  vst1q_f64(c + 2, x1);
  vst1q_f64(c + 4, x2);
}

#define DECLARE_F64(i) float64x2_t c##i##0 = vdupq_n_f64(0), c##i##1 = c##i##0, c##i##2 = c##i##0;
#define A_F64(i) ((i) < 2 ? a0 : (i) < 4 ? a1 : (i) < 6 ? a2 : a3)
#define STEP_F64(i)                                                                                           \
  c##i##0 = vfmaq_laneq_f64(c##i##0, b0, A_F64(i), (i) % 2);                                                 \
  c##i##1 = vfmaq_laneq_f64(c##i##1, b1, A_F64(i), (i) % 2);                                                 \
  c##i##2 = vfmaq_laneq_f64(c##i##2, b2, A_F64(i), (i) % 2);
#define UPDATE_F64(i) update_row_f64(t + i * ldt, c##i##0, c##i##1, c##i##2, va, vb, beta_zero);

static void dgemm_8x6(size_t kc, const void *pa, const void *pb, void *pc, size_t ldc, size_t m, size_t n,
                      double alpha, double beta) {
  const double *a = pa, *b = pb;
  prefetch_tile(pc, ldc * sizeof(double), m, n * sizeof(double));
  FOR_ROWS(DECLARE_F64)
  for (size_t p = 0; p < kc; p++, a += MR, b += 6) {
    const float64x2_t a0 = vld1q_f64(a), a1 = vld1q_f64(a + 2), a2 = vld1q_f64(a + 4), a3 = vld1q_f64(a + 6);
    const float64x2_t b0 = vld1q_f64(b), b1 = vld1q_f64(b + 2), b2 = vld1q_f64(b + 4);
    FOR_ROWS(STEP_F64)
  }
  const float64x2_t va = vdupq_n_f64(alpha), vb = vdupq_n_f64(beta);
  const int full = m == MR && n == 6, beta_zero = beta == 0;
  double tile[MR * 6];
  double *t = full ? pc : tile;
  const size_t ldt = full ? ldc : 6;
  if (!full && !beta_zero) {
    memset(tile, 0, sizeof tile);
    for (size_t i = 0; i < m; i++) memcpy(tile + i * 6, (double *)pc + i * ldc, n * sizeof(double));
  }
  FOR_ROWS(UPDATE_F64)
  if (!full)
    for (size_t i = 0; i < m; i++) memcpy((double *)pc + i * ldc, tile + i * 6, n * sizeof(double));
}

/* Each row's sum: two 4-wide accumulators over blocks of 8, added, reduced across lanes, then a left-to-right tail. */
static void matvec_rows_f32(const float *a, size_t lda, size_t rows, size_t cols, const float *x, float *y) {
  for (size_t i = 0; i < rows; i++) {
    const float *r = a + i * lda;
    float32x4_t s0 = vdupq_n_f32(0), s1 = s0;
    size_t j = 0;
    for (; j + 8 <= cols; j += 8) {
      s0 = vfmaq_f32(s0, vld1q_f32(r + j), vld1q_f32(x + j));
      s1 = vfmaq_f32(s1, vld1q_f32(r + j + 4), vld1q_f32(x + j + 4));
    }
    float s = vaddvq_f32(vaddq_f32(s0, s1));
    for (; j < cols; j++) s = vfmas_lane_f32(s, r[j], vdup_n_f32(x[j]), 0);
    y[i] = s;
  }
}

static void matvec_rows_f64(const double *a, size_t lda, size_t rows, size_t cols, const double *x, double *y) {
  for (size_t i = 0; i < rows; i++) {
    const double *r = a + i * lda;
    float64x2_t s0 = vdupq_n_f64(0), s1 = s0;
    size_t j = 0;
    for (; j + 4 <= cols; j += 4) {
      s0 = vfmaq_f64(s0, vld1q_f64(r + j), vld1q_f64(x + j));
      s1 = vfmaq_f64(s1, vld1q_f64(r + j + 2), vld1q_f64(x + j + 2));
    }
    double s = vaddvq_f64(vaddq_f64(s0, s1));
    for (; j < cols; j++) s = vfmad_lane_f64(s, r[j], vdup_n_f64(x[j]), 0);
    y[i] = s;
  }
}

void trueno_install_matrix_neon(trueno_matrix_kernels *k) {
  k->sgemm = (trueno_gemm_config){sgemm_8x12, MR, 12, 128, 256, 4080};
  k->dgemm = (trueno_gemm_config){dgemm_8x6, MR, 6, 64, 256, 4080};
  k->matvec_rows_f32 = matvec_rows_f32;
  k->matvec_rows_f64 = matvec_rows_f64;
}

#endif
