/*
 * WASM SIMD128 gemm tiles: 4x8 (f32) and 4x4 (f64). WASM SIMD has no FMA, so each step is a splat load of A, a
 * multiply and an add; 8 accumulators, 2 B vectors and the temporaries stay within the 16 xmm registers that
 * engines map v128 values to on x86-64, and the multiplies and adds of 8 independent chains keep both the
 * multiply and the add pipes busy. matvec over rows gets vector dot products (the scalar loop's single sum per row
 * cannot be vectorized without reassociation); transpose, outer and matvec over columns keep the scalar kernels,
 * which clang vectorizes with -msimd128.
 */
#include "runtime/isa_target.h"

#if defined(TRUENO_WASM_SIMD)
#include <wasm_simd128.h>

#include "runtime/kernels.h"

#include <string.h>

#define MR 4

static inline void update_row_f32(float *c, v128_t x0, v128_t x1, v128_t alpha, v128_t beta, int beta_zero) {
  x0 = wasm_f32x4_mul(x0, alpha);
  x1 = wasm_f32x4_mul(x1, alpha);
  if (!beta_zero) {
    x0 = wasm_f32x4_add(x0, wasm_f32x4_mul(beta, wasm_v128_load(c)));
    x1 = wasm_f32x4_add(x1, wasm_f32x4_mul(beta, wasm_v128_load(c + 4)));
  }
  wasm_v128_store(c, x0);
  wasm_v128_store(c + 4, x1);
}

static void sgemm_4x8(size_t kc, const void *pa, const void *pb, void *pc, size_t ldc, size_t m, size_t n,
                      double alpha_d, double beta_d) {
  const float *a = pa, *b = pb;
  v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (size_t p = 0; p < kc; p++, a += MR, b += 8) {
    const v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    v128_t ai = wasm_v128_load32_splat(a);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(ai, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(ai, b1));
    ai = wasm_v128_load32_splat(a + 1);
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(ai, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(ai, b1));
    ai = wasm_v128_load32_splat(a + 2);
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(ai, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(ai, b1));
    ai = wasm_v128_load32_splat(a + 3);
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(ai, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(ai, b1));
  }
  const float beta = (float)beta_d;
  const v128_t va = wasm_f32x4_splat((float)alpha_d), vb = wasm_f32x4_splat(beta);
  const int full = m == MR && n == 8, beta_zero = beta == 0;
  /* An edge tile goes through a full-size copy so that its elements see exactly the operations of a full tile. */
  float tile[MR * 8];
  float *t = full ? pc : tile;
  const size_t ldt = full ? ldc : 8;
  if (!full && !beta_zero) {
    memset(tile, 0, sizeof tile);
    for (size_t i = 0; i < m; i++) memcpy(tile + i * 8, (float *)pc + i * ldc, n * sizeof(float));
  }
  update_row_f32(t, c00, c01, va, vb, beta_zero);
  update_row_f32(t + ldt, c10, c11, va, vb, beta_zero);
  update_row_f32(t + 2 * ldt, c20, c21, va, vb, beta_zero);
  update_row_f32(t + 3 * ldt, c30, c31, va, vb, beta_zero);
  if (!full)
    for (size_t i = 0; i < m; i++) memcpy((float *)pc + i * ldc, tile + i * 8, n * sizeof(float));
}

static inline void update_row_f64(double *c, v128_t x0, v128_t x1, v128_t alpha, v128_t beta, int beta_zero) {
  x0 = wasm_f64x2_mul(x0, alpha);
  x1 = wasm_f64x2_mul(x1, alpha);
  if (!beta_zero) {
    x0 = wasm_f64x2_add(x0, wasm_f64x2_mul(beta, wasm_v128_load(c)));
    x1 = wasm_f64x2_add(x1, wasm_f64x2_mul(beta, wasm_v128_load(c + 2)));
  }
  wasm_v128_store(c, x0);
  wasm_v128_store(c + 2, x1);
}

static void dgemm_4x4(size_t kc, const void *pa, const void *pb, void *pc, size_t ldc, size_t m, size_t n,
                      double alpha, double beta) {
  const double *a = pa, *b = pb;
  v128_t c00 = wasm_f64x2_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (size_t p = 0; p < kc; p++, a += MR, b += 4) {
    const v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 2);
    v128_t ai = wasm_v128_load64_splat(a);
    c00 = wasm_f64x2_add(c00, wasm_f64x2_mul(ai, b0));
    c01 = wasm_f64x2_add(c01, wasm_f64x2_mul(ai, b1));
    ai = wasm_v128_load64_splat(a + 1);
    c10 = wasm_f64x2_add(c10, wasm_f64x2_mul(ai, b0));
    c11 = wasm_f64x2_add(c11, wasm_f64x2_mul(ai, b1));
    ai = wasm_v128_load64_splat(a + 2);
    c20 = wasm_f64x2_add(c20, wasm_f64x2_mul(ai, b0));
    c21 = wasm_f64x2_add(c21, wasm_f64x2_mul(ai, b1));
    ai = wasm_v128_load64_splat(a + 3);
    c30 = wasm_f64x2_add(c30, wasm_f64x2_mul(ai, b0));
    c31 = wasm_f64x2_add(c31, wasm_f64x2_mul(ai, b1));
  }
  const v128_t va = wasm_f64x2_splat(alpha), vb = wasm_f64x2_splat(beta);
  const int full = m == MR && n == 4, beta_zero = beta == 0;
  double tile[MR * 4];
  double *t = full ? pc : tile;
  const size_t ldt = full ? ldc : 4;
  if (!full && !beta_zero) {
    memset(tile, 0, sizeof tile);
    for (size_t i = 0; i < m; i++) memcpy(tile + i * 4, (double *)pc + i * ldc, n * sizeof(double));
  }
  update_row_f64(t, c00, c01, va, vb, beta_zero);
  update_row_f64(t + ldt, c10, c11, va, vb, beta_zero);
  update_row_f64(t + 2 * ldt, c20, c21, va, vb, beta_zero);
  update_row_f64(t + 3 * ldt, c30, c31, va, vb, beta_zero);
  if (!full)
    for (size_t i = 0; i < m; i++) memcpy((double *)pc + i * ldc, tile + i * 4, n * sizeof(double));
}

/* Each row's sum: two accumulators over blocks of 8, added, reduced across lanes, then a left-to-right tail. */
static void matvec_rows_f32(const float *a, size_t lda, size_t rows, size_t cols, const float *x, float *y) {
  for (size_t i = 0; i < rows; i++) {
    const float *r = a + i * lda;
    v128_t s0 = wasm_f32x4_splat(0), s1 = s0;
    size_t j = 0;
    for (; j + 8 <= cols; j += 8) {
      s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(r + j), wasm_v128_load(x + j)));
      s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(r + j + 4), wasm_v128_load(x + j + 4)));
    }
    const v128_t s = wasm_f32x4_add(s0, s1);
    float sum = (wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1)) +
                (wasm_f32x4_extract_lane(s, 2) + wasm_f32x4_extract_lane(s, 3));
    for (; j < cols; j++) sum += r[j] * x[j];
    y[i] = sum;
  }
}

static void matvec_rows_f64(const double *a, size_t lda, size_t rows, size_t cols, const double *x, double *y) {
  for (size_t i = 0; i < rows; i++) {
    const double *r = a + i * lda;
    v128_t s0 = wasm_f64x2_splat(0), s1 = s0;
    size_t j = 0;
    for (; j + 4 <= cols; j += 4) {
      s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(wasm_v128_load(r + j), wasm_v128_load(x + j)));
      s1 = wasm_f64x2_add(s1, wasm_f64x2_mul(wasm_v128_load(r + j + 2), wasm_v128_load(x + j + 2)));
    }
    const v128_t s = wasm_f64x2_add(s0, s1);
    double sum = wasm_f64x2_extract_lane(s, 0) + wasm_f64x2_extract_lane(s, 1);
    for (; j < cols; j++) sum += r[j] * x[j];
    y[i] = sum;
  }
}

void trueno_install_matrix_simd128(trueno_matrix_kernels *k) {
  k->sgemm = (trueno_gemm_config){sgemm_4x8, MR, 8, 128, 256, 4096};
  k->dgemm = (trueno_gemm_config){dgemm_4x4, MR, 4, 64, 256, 4096};
  k->matvec_rows_f32 = matvec_rows_f32;
  k->matvec_rows_f64 = matvec_rows_f64;
}

#endif
