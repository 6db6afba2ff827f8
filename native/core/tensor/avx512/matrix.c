/*
 * AVX-512 gemm tiles: 12x32 (f32) and 12x16 (f64), 24 zmm accumulators, two B vectors and the A values as embedded
 * broadcasts of the FMAs, within the 32 registers. matvec, transpose and outer keep the AVX2 kernels: they are bound
 * by memory, not by vector width.
 *
 * The cache blocks were measured on AMD Zen 5 (EPYC, 48 KiB L1d, 1 MiB L2, two 512-bit FMA pipes), the machine the
 * benchmarks run on, at 512^3 to 2048^3 (docs/decisions.md "gemm blocking"): a deep K slice (kc 1024 f32, 512 f64)
 * beat the Skylake-X textbook kc 192 by 10-15%, because C is then read and written once or twice instead of six
 * times and each micro-kernel call amortizes its C prefetch and update over more FMAs; the kc x 32 B panel then
 * streams from L2 alongside the A panel, which the FMA rate leaves room for. mc 48 keeps the A block (192 KiB) in L2
 * and gives 2 threads an even number of row blocks at 1024 rows.
 */
#include "runtime/isa_target.h"

#if defined(TRUENO_X86_64)
#include <immintrin.h>

#include "runtime/kernels.h"

#include <string.h>

#define MR 12

#define FOR_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)

TRUENO_TARGET_BEGIN_AVX512

/* C's rows come from L3 or memory: asking for them now hides that latency behind the k loop. */
static inline void prefetch_tile(const char *c, size_t row_bytes, size_t m, size_t n_bytes) {
  for (size_t i = 0; i < m; i++) {
    for (size_t off = 0; off < n_bytes; off += 64) _mm_prefetch(c + i * row_bytes + off, _MM_HINT_T0);
    _mm_prefetch(c + i * row_bytes + n_bytes - 1, _MM_HINT_T0);
  }
}

static inline void update_row_f32(float *c, __m512 x0, __m512 x1, __m512 alpha, __m512 beta, int beta_zero) {
  x0 = _mm512_mul_ps(x0, alpha);
  x1 = _mm512_mul_ps(x1, alpha);
  if (!beta_zero) {
    x0 = _mm512_fmadd_ps(beta, _mm512_loadu_ps(c), x0);
    x1 = _mm512_fmadd_ps(beta, _mm512_loadu_ps(c + 16), x1);
  }
  _mm512_storeu_ps(c, x0);
  _mm512_storeu_ps(c + 16, x1);
}

#define DECLARE_F32(i) __m512 c##i##0 = _mm512_setzero_ps(), c##i##1 = _mm512_setzero_ps();
#define STEP_F32(i)                                                                                           \
  {                                                                                                          \
    const __m512 ai = _mm512_set1_ps(a[i]);                                                                  \
    c##i##0 = _mm512_fmadd_ps(ai, b0, c##i##0);                                                              \
    c##i##1 = _mm512_fmadd_ps(ai, b1, c##i##1);                                                              \
  }
#define UPDATE_F32(i) update_row_f32(t + i * ldt, c##i##0, c##i##1, va, vb, beta_zero);

static void sgemm_12x32(size_t kc, const void *pa, const void *pb, void *pc, size_t ldc, size_t m, size_t n,
                        double alpha_d, double beta_d) {
  const float *a = pa, *b = pb;
  prefetch_tile(pc, ldc * sizeof(float), m, n * sizeof(float));
  FOR_ROWS(DECLARE_F32)
  for (size_t p = 0; p < kc; p++, a += MR, b += 32) {
    const __m512 b0 = _mm512_load_ps(b), b1 = _mm512_load_ps(b + 16);
    FOR_ROWS(STEP_F32)
  }
  const float beta = (float)beta_d;
  const __m512 va = _mm512_set1_ps((float)alpha_d), vb = _mm512_set1_ps(beta);
  const int full = m == MR && n == 32, beta_zero = beta == 0;
  /* An edge tile goes through a full-size copy so that its elements see exactly the operations of a full tile. */
  _Alignas(64) float tile[MR * 32];
  float *t = full ? pc : tile;
  const size_t ldt = full ? ldc : 32;
  if (!full && !beta_zero) {
    memset(tile, 0, sizeof tile);
    for (size_t i = 0; i < m; i++) memcpy(tile + i * 32, (float *)pc + i * ldc, n * sizeof(float));
  }
  FOR_ROWS(UPDATE_F32)
  if (!full)
    for (size_t i = 0; i < m; i++) memcpy((float *)pc + i * ldc, tile + i * 32, n * sizeof(float));
}

static inline void update_row_f64(double *c, __m512d x0, __m512d x1, __m512d alpha, __m512d beta, int beta_zero) {
  x0 = _mm512_mul_pd(x0, alpha);
  x1 = _mm512_mul_pd(x1, alpha);
  if (!beta_zero) {
    x0 = _mm512_fmadd_pd(beta, _mm512_loadu_pd(c), x0);
    x1 = _mm512_fmadd_pd(beta, _mm512_loadu_pd(c + 8), x1);
  }
  _mm512_storeu_pd(c, x0);
  _mm512_storeu_pd(c + 8, x1);
}

#define DECLARE_F64(i) __m512d c##i##0 = _mm512_setzero_pd(), c##i##1 = _mm512_setzero_pd();
#define STEP_F64(i)                                                                                           \
  {                                                                                                          \
    const __m512d ai = _mm512_set1_pd(a[i]);                                                                 \
    c##i##0 = _mm512_fmadd_pd(ai, b0, c##i##0);                                                              \
    c##i##1 = _mm512_fmadd_pd(ai, b1, c##i##1);                                                              \
  }
#define UPDATE_F64(i) update_row_f64(t + i * ldt, c##i##0, c##i##1, va, vb, beta_zero);

static void dgemm_12x16(size_t kc, const void *pa, const void *pb, void *pc, size_t ldc, size_t m, size_t n,
                        double alpha, double beta) {
  const double *a = pa, *b = pb;
  prefetch_tile(pc, ldc * sizeof(double), m, n * sizeof(double));
  FOR_ROWS(DECLARE_F64)
  for (size_t p = 0; p < kc; p++, a += MR, b += 16) {
    const __m512d b0 = _mm512_load_pd(b), b1 = _mm512_load_pd(b + 8);
    FOR_ROWS(STEP_F64)
  }
  const __m512d va = _mm512_set1_pd(alpha), vb = _mm512_set1_pd(beta);
  const int full = m == MR && n == 16, beta_zero = beta == 0;
  _Alignas(64) double tile[MR * 16];
  double *t = full ? pc : tile;
  const size_t ldt = full ? ldc : 16;
  if (!full && !beta_zero) {
    memset(tile, 0, sizeof tile);
    for (size_t i = 0; i < m; i++) memcpy(tile + i * 16, (double *)pc + i * ldc, n * sizeof(double));
  }
  FOR_ROWS(UPDATE_F64)
  if (!full)
    for (size_t i = 0; i < m; i++) memcpy((double *)pc + i * ldc, tile + i * 16, n * sizeof(double));
}

TRUENO_TARGET_END

void trueno_install_matrix_avx512(trueno_matrix_kernels *k) {
  k->sgemm = (trueno_gemm_config){sgemm_12x32, MR, 32, 48, 1024, 2048};
  k->dgemm = (trueno_gemm_config){dgemm_12x16, MR, 16, 48, 512, 2048};
}

#endif
