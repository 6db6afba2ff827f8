/*
 * AVX-512 (F, DQ, BW, VL) vector primitives on 512-bit registers (16 floats, 8 doubles) with mask registers for
 * comparisons, the ones simd_math.h, simd_elementwise.h and simd_reduce.h write their kernels over.
 * tensor/avx512/elementwise.c and tensor/avx512/reduce.c include this inside their TRUENO_TARGET_BEGIN_AVX512 region, after
 * <immintrin.h>.
 */
#ifndef TRUENO_AVX512_VEC_H
#define TRUENO_AVX512_VEC_H

#define TRUENO_VEC_HAS_FMA 1
#define TRUENO_VEC_HAS_STREAM 1
#define TRUENO_VEC_HAS_MASKS 1
#define TRUENO_VEC_MINMAX_NAN 0 /* vminps/vmaxps return their second operand when either is NaN */
#define VF_LANES 16
#define VD_LANES 8
typedef __m512 vf;
typedef __mmask16 vfm;
typedef __m512d vd;
typedef __mmask8 vdm;

/* ---- f32 ---- */
static inline vf vf_load(const float *p) { return _mm512_loadu_ps(p); }
static inline void vf_store(float *p, vf v) { _mm512_storeu_ps(p, v); }
static inline void vf_stream(float *p, vf v) { _mm512_stream_ps(p, v); }
static inline void simd_stream_fence(void) { _mm_sfence(); }
static inline vf vf_set1(float s) { return _mm512_set1_ps(s); }
static inline vf vf_add(vf a, vf b) { return _mm512_add_ps(a, b); }
static inline vf vf_sub(vf a, vf b) { return _mm512_sub_ps(a, b); }
static inline vf vf_mul(vf a, vf b) { return _mm512_mul_ps(a, b); }
static inline vf vf_div(vf a, vf b) { return _mm512_div_ps(a, b); }
static inline vf vf_fma(vf a, vf b, vf c) { return _mm512_fmadd_ps(a, b, c); }
static inline vf vf_sqrt(vf x) { return _mm512_sqrt_ps(x); }
static inline vf vf_abs(vf x) { return _mm512_andnot_ps(_mm512_set1_ps(-0.0f), x); }
static inline vf vf_with_sign_of(vf mag, vf x) {
  return _mm512_or_ps(mag, _mm512_and_ps(x, _mm512_set1_ps(-0.0f)));
}
/* vmaxps/vminps return their second operand when either is NaN: x second keeps a NaN x */
static inline vf vf_max_nan(vf x, vf c) { return _mm512_max_ps(c, x); }
static inline vf vf_min_nan(vf x, vf c) { return _mm512_min_ps(c, x); }
static inline vf vf_max(vf a, vf b) { return _mm512_max_ps(a, b); }
static inline vfm vf_lt(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
static inline vfm vf_gt(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
static inline vfm vf_eq(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ); }
static inline vfm vf_isnan(vf x) { return _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q); }
static inline vfm vfm_or(vfm a, vfm b) { return (vfm)(a | b); }
static inline vf vf_select(vfm m, vf a, vf b) { return _mm512_mask_blend_ps(m, b, a); }
static inline vf vf_round(vf x) { return _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
/* n + 1.5*2^23 holds n in its low mantissa bits; adding the bias and shifting drops everything above them */
static inline vf vf_pow2i(vf n) {
  const __m512i bits = _mm512_castps_si512(_mm512_add_ps(n, _mm512_set1_ps(12582912.0f)));
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(bits, _mm512_set1_epi32(127)), 23));
}
static inline vf vf_exponent(vf x) {
  const __m512i e = _mm512_srli_epi32(_mm512_castps_si512(x), 23);
  return _mm512_cvtepi32_ps(_mm512_sub_epi32(e, _mm512_set1_epi32(127)));
}
static inline vf vf_mantissa(vf x) {
  const __m512i m = _mm512_and_si512(_mm512_castps_si512(x), _mm512_set1_epi32(0x007fffff));
  return _mm512_castsi512_ps(_mm512_or_si512(m, _mm512_set1_epi32(0x3f800000)));
}
static inline float vf_hmax(vf v) { return _mm512_reduce_max_ps(v); }
static inline vd vf_widen_lo(vf v) { return _mm512_cvtps_pd(_mm512_castps512_ps256(v)); }
static inline vd vf_widen_hi(vf v) { return _mm512_cvtps_pd(_mm512_extractf32x8_ps(v, 1)); }
static inline vf vf_narrow(vd lo, vd hi) {
  return _mm512_insertf32x8(_mm512_castps256_ps512(_mm512_cvtpd_ps(lo)), _mm512_cvtpd_ps(hi), 1);
}

/* ---- f64 ---- */
static inline vd vd_load(const double *p) { return _mm512_loadu_pd(p); }
static inline void vd_store(double *p, vd v) { _mm512_storeu_pd(p, v); }
static inline void vd_stream(double *p, vd v) { _mm512_stream_pd(p, v); }
static inline vd vd_set1(double s) { return _mm512_set1_pd(s); }
static inline vd vd_add(vd a, vd b) { return _mm512_add_pd(a, b); }
static inline vd vd_sub(vd a, vd b) { return _mm512_sub_pd(a, b); }
static inline vd vd_mul(vd a, vd b) { return _mm512_mul_pd(a, b); }
static inline vd vd_div(vd a, vd b) { return _mm512_div_pd(a, b); }
static inline vd vd_fma(vd a, vd b, vd c) { return _mm512_fmadd_pd(a, b, c); }
static inline vd vd_sqrt(vd x) { return _mm512_sqrt_pd(x); }
static inline vd vd_abs(vd x) { return _mm512_andnot_pd(_mm512_set1_pd(-0.0), x); }
static inline vd vd_max_nan(vd x, vd c) { return _mm512_max_pd(c, x); }
static inline vd vd_min_nan(vd x, vd c) { return _mm512_min_pd(c, x); }
static inline vd vd_max(vd a, vd b) { return _mm512_max_pd(a, b); }
static inline vdm vd_lt(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_LT_OQ); }
static inline vdm vd_gt(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_GT_OQ); }
static inline vdm vd_eq(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_EQ_OQ); }
static inline vdm vd_isnan(vd x) { return _mm512_cmp_pd_mask(x, x, _CMP_UNORD_Q); }
static inline vdm vdm_or(vdm a, vdm b) { return (vdm)(a | b); }
static inline vd vd_select(vdm m, vd a, vd b) { return _mm512_mask_blend_pd(m, b, a); }
static inline vd vd_round(vd x) { return _mm512_roundscale_pd(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
static inline vd vd_pow2i(vd n) {
  const __m512i bits = _mm512_castpd_si512(_mm512_add_pd(n, _mm512_set1_pd(6755399441055744.0)));
  return _mm512_castsi512_pd(_mm512_slli_epi64(_mm512_add_epi64(bits, _mm512_set1_epi64(1023)), 52));
}
static inline vd vd_exponent(vd x) {
  const __m512i e = _mm512_srli_epi64(_mm512_castpd_si512(x), 52);
  return _mm512_cvtepi64_pd(_mm512_sub_epi64(e, _mm512_set1_epi64(1023)));
}
static inline vd vd_mantissa(vd x) {
  const __m512i m = _mm512_and_si512(_mm512_castpd_si512(x), _mm512_set1_epi64(0x000fffffffffffff));
  return _mm512_castsi512_pd(_mm512_or_si512(m, _mm512_set1_epi64(0x3ff0000000000000)));
}
static inline double vd_hsum(vd v) { return _mm512_reduce_add_pd(v); }
static inline double vd_hmax(vd v) { return _mm512_reduce_max_pd(v); }

#endif
