/*
 * The x86 SIMD loops of the columnar kernels (SSE2 is part of every x86-64; AVX2 where the dispatcher says so).
 *
 * columnar_fused_sum, the filtered-sum loop of trueno_group_aggregate without groups (Q2: SELECT sum(x) WHERE p > c): eight lane sums of
 * x (row r of a block into lane r % 8) where p[r] op c holds, and the count of such rows, in one read of x and p
 * (the same memory when the predicate is on x itself). A compare gives a lane mask that blends x with -0 (the exact
 * identity) before the add, so no branch depends on the data. Lanes live in two 256-bit registers with AVX2 or four
 * 128-bit ones with SSE2 (every x86-64); each lane sees the same additions in the same order either way, and the
 * portable loop in group_aggregate.c does the same per lane, so every ISA gives the same bits.
 */
#include "columnar/columnar.h"
#include "runtime/isa_target.h"

#if defined(TRUENO_X86_64) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

/* The mask of `v op c` (NaN greatest, equal to NaN), per op; c is NaN in the *_NAN forms. */
#define SSE_MASK(op, v, c)                                                                                    \
  ((op) == 0 ? _mm_cmpeq_pd(v, c) : (op) == 1 ? _mm_cmpneq_pd(v, c) : (op) == 2 ? _mm_cmplt_pd(v, c)          \
   : (op) == 3 ? _mm_cmple_pd(v, c) : (op) == 4 ? _mm_or_pd(_mm_cmpgt_pd(v, c), _mm_cmpunord_pd(v, v))        \
   : (op) == 5 ? _mm_or_pd(_mm_cmpge_pd(v, c), _mm_cmpunord_pd(v, v))                                         \
   : (op) == 6 ? _mm_cmpunord_pd(v, v) : (op) == 7 ? _mm_cmpord_pd(v, v) : (op) == 8 ? _mm_cmpeq_pd(v, v)     \
   : _mm_cmpeq_pd(v, v))

/* One op's loop over groups of 8 rows (op is a constant in each expansion, so the ternaries fold away). */
#define SSE_LOOP(op)                                                                                          \
  for (; r + 8 <= len; r += 8) {                                                                              \
    for (int q = 0; q < 4; q++) {                                                                             \
      const __m128d v = _mm_loadu_pd(p + r + 2 * q), w = _mm_loadu_pd(x + r + 2 * q);                          \
      __m128d m = SSE_MASK(op, v, cv);                                                                        \
      if ((op) == 8) m = _mm_or_pd(m, _mm_cmpunord_pd(v, v));                                                  \
      if ((op) == 9) m = _mm_setzero_pd();                                                                    \
      acc[q] = _mm_add_pd(acc[q], _mm_or_pd(_mm_and_pd(m, w), _mm_andnot_pd(m, neg0)));                        \
      cnt = _mm_sub_epi64(cnt, _mm_castpd_si128(m));                                                          \
    }                                                                                                         \
  }

/* The op code of the loops: 0-5 the compare ops, 6 NaN = NaN, 7 not NaN, 8 every row, 9 no row. */
static int loop_code(int op, double c) {
  if (c == c) return op;
  switch (op) {
  case TRUENO_CMP_EQ: case TRUENO_CMP_GE: return 6;
  case TRUENO_CMP_NE: case TRUENO_CMP_LT: return 7;
  case TRUENO_CMP_LE: return 8;
  default: return 9;
  }
}

static size_t fused_sum_sse2(double *lanes, int64_t *count, const double *x, const double *p, int op, double c,
                             size_t len) {
  __m128d acc[4];
  for (int q = 0; q < 4; q++) acc[q] = _mm_loadu_pd(lanes + 2 * q);
  const __m128d cv = _mm_set1_pd(c), neg0 = _mm_set1_pd(-0.0);
  __m128i cnt = _mm_setzero_si128();
  size_t r = 0;
  switch (p ? loop_code(op, c) : 8) {
  case 0: SSE_LOOP(0) break;
  case 1: SSE_LOOP(1) break;
  case 2: SSE_LOOP(2) break;
  case 3: SSE_LOOP(3) break;
  case 4: SSE_LOOP(4) break;
  case 5: SSE_LOOP(5) break;
  case 6: SSE_LOOP(6) break;
  case 7: SSE_LOOP(7) break;
  case 8: if (!p) p = x; SSE_LOOP(8) break;
  default: SSE_LOOP(9) break;
  }
  for (int q = 0; q < 4; q++) _mm_storeu_pd(lanes + 2 * q, acc[q]);
  int64_t c2[2];
  _mm_storeu_si128((__m128i *)c2, cnt);
  *count = c2[0] + c2[1];
  return r;
}

/*
 * columnar_filter_f64: the float64 filter of trueno_filter_compare, 8 rows a step: four compares give 64-bit lane
 * masks, whose low halves pack down to 8 bytes of 0 / 1 (and-ed with validity or the old mask when asked).
 */
size_t columnar_filter_f64(const double *x, int op, double c, const uint8_t *valid, int and_mask, uint8_t *mask,
                           size_t len) {
  const __m128d cv = _mm_set1_pd(c);
  const __m128i one = _mm_set1_epi8(1);
  size_t r = 0;
#define FILTER_LOOP(code)                                                                                         \
  for (; r + 8 <= len; r += 8) {                                                                                \
    __m128d m[4];                                                                                               \
    for (int q = 0; q < 4; q++) {                                                                               \
      const __m128d v = _mm_loadu_pd(x + r + 2 * q);                                                            \
      m[q] = SSE_MASK(code, v, cv);                                                                             \
      if ((code) == 8) m[q] = _mm_or_pd(m[q], _mm_cmpunord_pd(v, v));                                            \
      if ((code) == 9) m[q] = _mm_setzero_pd();                                                                 \
    }                                                                                                           \
    const __m128i lo = _mm_castps_si128(_mm_shuffle_ps(_mm_castpd_ps(m[0]), _mm_castpd_ps(m[1]), 0x88));         \
    const __m128i hi = _mm_castps_si128(_mm_shuffle_ps(_mm_castpd_ps(m[2]), _mm_castpd_ps(m[3]), 0x88));         \
    const __m128i w16 = _mm_packs_epi32(lo, hi);                                                                \
    __m128i b = _mm_and_si128(_mm_packs_epi16(w16, w16), one);                                                  \
    if (valid) b = _mm_and_si128(b, _mm_min_epu8(_mm_loadl_epi64((const __m128i *)(valid + r)), one));         \
    if (and_mask) b = _mm_and_si128(b, _mm_min_epu8(_mm_loadl_epi64((const __m128i *)(mask + r)), one));        \
    _mm_storel_epi64((__m128i *)(mask + r), b);                                                                 \
  }
  switch (loop_code(op, c)) {
  case 0: FILTER_LOOP(0) break;
  case 1: FILTER_LOOP(1) break;
  case 2: FILTER_LOOP(2) break;
  case 3: FILTER_LOOP(3) break;
  case 4: FILTER_LOOP(4) break;
  case 5: FILTER_LOOP(5) break;
  case 6: FILTER_LOOP(6) break;
  case 7: FILTER_LOOP(7) break;
  case 8: FILTER_LOOP(8) break;
  default: FILTER_LOOP(9) break;
  }
#undef FILTER_LOOP
  return r;
}

/*
 * columnar_skip_worse: how many leading rows of x (in steps of 8) cannot beat t: none greater than t or NaN (desc),
 * none less than t (asc; when t is NaN, none that is not NaN). The scan of top-k between heap updates.
 */
size_t columnar_skip_worse(const double *x, size_t len, double t, int desc) {
  const __m128d tv = _mm_set1_pd(t);
  size_t r = 0;
#define SKIP_LOOP(test)                                                                                          \
  for (; r + 8 <= len; r += 8) {                                                                               \
    __m128d any = _mm_setzero_pd();                                                                            \
    for (int q = 0; q < 4; q++) {                                                                              \
      const __m128d v = _mm_loadu_pd(x + r + 2 * q);                                                           \
      any = _mm_or_pd(any, test);                                                                              \
    }                                                                                                          \
    if (_mm_movemask_pd(any)) break;                                                                           \
  }
  if (t != t) {
    if (desc) return len - len % 8;
    SKIP_LOOP(_mm_cmpord_pd(v, v))
  } else if (desc) {
    SKIP_LOOP(_mm_or_pd(_mm_cmpgt_pd(v, tv), _mm_cmpunord_pd(v, v)))
  } else {
    SKIP_LOOP(_mm_cmplt_pd(v, tv))
  }
#undef SKIP_LOOP
  return r;
}

TRUENO_TARGET_BEGIN_AVX2

#define AVX_MASK(op, v, c)                                                                                           \
  ((op) == 0 ? _mm256_cmp_pd(v, c, _CMP_EQ_OQ) : (op) == 1 ? _mm256_cmp_pd(v, c, _CMP_NEQ_UQ)                       \
   : (op) == 2 ? _mm256_cmp_pd(v, c, _CMP_LT_OQ) : (op) == 3 ? _mm256_cmp_pd(v, c, _CMP_LE_OQ)                      \
   : (op) == 4 ? _mm256_cmp_pd(v, c, _CMP_NLE_UQ) : (op) == 5 ? _mm256_cmp_pd(v, c, _CMP_NLT_UQ)                    \
   : (op) == 6 ? _mm256_cmp_pd(v, v, _CMP_UNORD_Q) : (op) == 7 ? _mm256_cmp_pd(v, v, _CMP_ORD_Q)                    \
   : (op) == 8 ? _mm256_cmp_pd(v, v, _CMP_TRUE_UQ) : _mm256_setzero_pd())

#define AVX_LOOP(op)                                                                                          \
  for (; r + 8 <= len; r += 8) {                                                                              \
    for (int q = 0; q < 2; q++) {                                                                             \
      const __m256d v = _mm256_loadu_pd(p + r + 4 * q), w = _mm256_loadu_pd(x + r + 4 * q);                    \
      const __m256d m = AVX_MASK(op, v, cv);                                                                  \
      acc[q] = _mm256_add_pd(acc[q], _mm256_blendv_pd(neg0, w, m));                                           \
      cnt = _mm256_sub_epi64(cnt, _mm256_castpd_si256(m));                                                    \
    }                                                                                                         \
  }

static size_t fused_sum_avx2(double *lanes, int64_t *count, const double *x, const double *p, int op, double c,
                             size_t len) {
  __m256d acc[2] = {_mm256_loadu_pd(lanes), _mm256_loadu_pd(lanes + 4)};
  const __m256d cv = _mm256_set1_pd(c), neg0 = _mm256_set1_pd(-0.0);
  __m256i cnt = _mm256_setzero_si256();
  size_t r = 0;
  switch (p ? loop_code(op, c) : 8) {
  case 0: AVX_LOOP(0) break;
  case 1: AVX_LOOP(1) break;
  case 2: AVX_LOOP(2) break;
  case 3: AVX_LOOP(3) break;
  case 4: AVX_LOOP(4) break;
  case 5: AVX_LOOP(5) break;
  case 6: AVX_LOOP(6) break;
  case 7: AVX_LOOP(7) break;
  case 8: if (!p) p = x; AVX_LOOP(8) break;
  default: AVX_LOOP(9) break;
  }
  _mm256_storeu_pd(lanes, acc[0]);
  _mm256_storeu_pd(lanes + 4, acc[1]);
  int64_t c4[4];
  _mm256_storeu_si256((__m256i *)c4, cnt);
  *count = (c4[0] + c4[1]) + (c4[2] + c4[3]);
  return r;
}

TRUENO_TARGET_END

size_t columnar_fused_sum(double *lanes, int64_t *count, const double *x, const double *p, int op, double c,
                          size_t len) {
  if (trueno_isa_active() >= TRUENO_ISA_AVX2) return fused_sum_avx2(lanes, count, x, p, op, c, len);
  return fused_sum_sse2(lanes, count, x, p, op, c, len);
}

#else

/* Other targets: no SIMD loops here; the portable ones in group_aggregate.c and filter.c do every row. */
size_t columnar_filter_f64(const double *x, int op, double c, const uint8_t *valid, int and_mask, uint8_t *mask,
                           size_t len) {
  (void)x, (void)op, (void)c, (void)valid, (void)and_mask, (void)mask, (void)len;
  return 0;
}

size_t columnar_skip_worse(const double *x, size_t len, double t, int desc) {
  (void)x, (void)len, (void)t, (void)desc;
  return 0;
}

size_t columnar_fused_sum(double *lanes, int64_t *count, const double *x, const double *p, int op, double c,
                          size_t len) {
  (void)lanes, (void)x, (void)p, (void)op, (void)c, (void)len;
  *count = 0;
  return 0;
}

#endif
