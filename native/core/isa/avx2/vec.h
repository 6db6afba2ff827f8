/*
 * AVX2+FMA vector primitives on 256-bit registers (8 floats, 4 doubles), the ones simd_math.h, simd_elementwise.h
 * and simd_reduce.h write their kernels over. tensor/avx2/elementwise.c and tensor/avx2/reduce.c include this inside their
 * TRUENO_TARGET_BEGIN_AVX2 region, after <immintrin.h>.
 */
#ifndef TRUENO_AVX2_VEC_H
#define TRUENO_AVX2_VEC_H

#define TRUENO_VEC_HAS_FMA 1
#define TRUENO_VEC_HAS_STREAM 1
#define TRUENO_VEC_HAS_MASKS 0
#define TRUENO_VEC_MINMAX_NAN 0 /* vminps/vmaxps return their second operand when either is NaN */
#define VF_LANES 8
#define VD_LANES 4
typedef __m256 vf;
typedef __m256 vfm;
typedef __m256d vd;
typedef __m256d vdm;

/* ---- f32 ---- */
static inline vf vf_load(const float *p) { return _mm256_loadu_ps(p); }
static inline void vf_store(float *p, vf v) { _mm256_storeu_ps(p, v); }
static inline void vf_stream(float *p, vf v) { _mm256_stream_ps(p, v); }
static inline void simd_stream_fence(void) { _mm_sfence(); }
static inline vf vf_set1(float s) { return _mm256_set1_ps(s); }
static inline vf vf_add(vf a, vf b) { return _mm256_add_ps(a, b); }
static inline vf vf_sub(vf a, vf b) { return _mm256_sub_ps(a, b); }
static inline vf vf_mul(vf a, vf b) { return _mm256_mul_ps(a, b); }
static inline vf vf_div(vf a, vf b) { return _mm256_div_ps(a, b); }
static inline vf vf_fma(vf a, vf b, vf c) { return _mm256_fmadd_ps(a, b, c); }
static inline vf vf_sqrt(vf x) { return _mm256_sqrt_ps(x); }
static inline vf vf_abs(vf x) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x); }
static inline vf vf_with_sign_of(vf mag, vf x) {
  return _mm256_or_ps(mag, _mm256_and_ps(x, _mm256_set1_ps(-0.0f)));
}
/* maxps/minps return their second operand when either is NaN: x second keeps a NaN x */
static inline vf vf_max_nan(vf x, vf c) { return _mm256_max_ps(c, x); }
static inline vf vf_min_nan(vf x, vf c) { return _mm256_min_ps(c, x); }
static inline vf vf_max(vf a, vf b) { return _mm256_max_ps(a, b); }
static inline vfm vf_lt(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
static inline vfm vf_gt(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
static inline vfm vf_eq(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_EQ_OQ); }
static inline vfm vf_isnan(vf x) { return _mm256_cmp_ps(x, x, _CMP_UNORD_Q); }
static inline vfm vfm_or(vfm a, vfm b) { return _mm256_or_ps(a, b); }
static inline vf vf_select(vfm m, vf a, vf b) { return _mm256_blendv_ps(b, a, m); }
static inline vf vf_round(vf x) { return _mm256_round_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
/* n + 1.5*2^23 holds n in its low mantissa bits; adding the bias and shifting drops everything above them */
static inline vf vf_pow2i(vf n) {
  const __m256i bits = _mm256_castps_si256(_mm256_add_ps(n, _mm256_set1_ps(12582912.0f)));
  return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(bits, _mm256_set1_epi32(127)), 23));
}
static inline vf vf_exponent(vf x) {
  const __m256i e = _mm256_srli_epi32(_mm256_castps_si256(x), 23);
  return _mm256_cvtepi32_ps(_mm256_sub_epi32(e, _mm256_set1_epi32(127)));
}
static inline vf vf_mantissa(vf x) {
  const __m256i m = _mm256_and_si256(_mm256_castps_si256(x), _mm256_set1_epi32(0x007fffff));
  return _mm256_castsi256_ps(_mm256_or_si256(m, _mm256_set1_epi32(0x3f800000)));
}
static inline float vf_hmax(vf v) {
  __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_max_ps(m, _mm_movehl_ps(m, m));
  m = _mm_max_ss(m, _mm_movehdup_ps(m));
  return _mm_cvtss_f32(m);
}
static inline vd vf_widen_lo(vf v) { return _mm256_cvtps_pd(_mm256_castps256_ps128(v)); }
static inline vd vf_widen_hi(vf v) { return _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)); }
static inline vf vf_narrow(vd lo, vd hi) { return _mm256_set_m128(_mm256_cvtpd_ps(hi), _mm256_cvtpd_ps(lo)); }

/* ---- f64 ---- */
static inline vd vd_load(const double *p) { return _mm256_loadu_pd(p); }
static inline void vd_store(double *p, vd v) { _mm256_storeu_pd(p, v); }
static inline void vd_stream(double *p, vd v) { _mm256_stream_pd(p, v); }
static inline vd vd_set1(double s) { return _mm256_set1_pd(s); }
static inline vd vd_add(vd a, vd b) { return _mm256_add_pd(a, b); }
static inline vd vd_sub(vd a, vd b) { return _mm256_sub_pd(a, b); }
static inline vd vd_mul(vd a, vd b) { return _mm256_mul_pd(a, b); }
static inline vd vd_div(vd a, vd b) { return _mm256_div_pd(a, b); }
static inline vd vd_fma(vd a, vd b, vd c) { return _mm256_fmadd_pd(a, b, c); }
static inline vd vd_sqrt(vd x) { return _mm256_sqrt_pd(x); }
static inline vd vd_abs(vd x) { return _mm256_andnot_pd(_mm256_set1_pd(-0.0), x); }
static inline vd vd_max_nan(vd x, vd c) { return _mm256_max_pd(c, x); }
static inline vd vd_min_nan(vd x, vd c) { return _mm256_min_pd(c, x); }
static inline vd vd_max(vd a, vd b) { return _mm256_max_pd(a, b); }
static inline vdm vd_lt(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_LT_OQ); }
static inline vdm vd_gt(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_GT_OQ); }
static inline vdm vd_eq(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_EQ_OQ); }
static inline vdm vd_isnan(vd x) { return _mm256_cmp_pd(x, x, _CMP_UNORD_Q); }
static inline vdm vdm_or(vdm a, vdm b) { return _mm256_or_pd(a, b); }
static inline vd vd_select(vdm m, vd a, vd b) { return _mm256_blendv_pd(b, a, m); }
static inline vd vd_round(vd x) { return _mm256_round_pd(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
static inline vd vd_pow2i(vd n) {
  const __m256i bits = _mm256_castpd_si256(_mm256_add_pd(n, _mm256_set1_pd(6755399441055744.0)));
  return _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi64(bits, _mm256_set1_epi64x(1023)), 52));
}
/* the biased exponent ORed into 2^52's mantissa reads, as a double, 2^52 + e (AVX2 has no int64 -> double) */
static inline vd vd_exponent(vd x) {
  const __m256i e = _mm256_srli_epi64(_mm256_castpd_si256(x), 52);
  const vd biased = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(e, _mm256_set1_epi64x(0x4330000000000000))),
                                  _mm256_set1_pd(4503599627370496.0));
  return _mm256_sub_pd(biased, _mm256_set1_pd(1023.0));
}
static inline vd vd_mantissa(vd x) {
  const __m256i m = _mm256_and_si256(_mm256_castpd_si256(x), _mm256_set1_epi64x(0x000fffffffffffff));
  return _mm256_castsi256_pd(_mm256_or_si256(m, _mm256_set1_epi64x(0x3ff0000000000000)));
}
static inline double vd_hsum(vd v) {
  __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}
static inline double vd_hmax(vd v) {
  __m128d m = _mm_max_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  return _mm_cvtsd_f64(_mm_max_sd(m, _mm_unpackhi_pd(m, m)));
}

#endif
