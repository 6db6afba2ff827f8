/*
 * NEON (AArch64) vector primitives on 128-bit registers (4 floats, 2 doubles), the ones simd_math.h,
 * simd_elementwise.h and simd_reduce.h write their kernels over. tensor/neon/elementwise.c and tensor/neon/reduce.c include this
 * after <arm_neon.h>.
 */
#ifndef TRUENO_NEON_VEC_H
#define TRUENO_NEON_VEC_H

#define TRUENO_VEC_HAS_FMA 1
#define TRUENO_VEC_HAS_STREAM 0 /* AArch64's non-temporal STNP has no intrinsic */
#define TRUENO_VEC_HAS_MASKS 0
#define TRUENO_VEC_MINMAX_NAN 1 /* FMIN/FMAX return NaN when either operand is NaN */
#define VF_LANES 4
#define VD_LANES 2
typedef float32x4_t vf;
typedef uint32x4_t vfm;
typedef float64x2_t vd;
typedef uint64x2_t vdm;

/* ---- f32 ---- */
static inline vf vf_load(const float *p) { return vld1q_f32(p); }
static inline void vf_store(float *p, vf v) { vst1q_f32(p, v); }
static inline void vf_stream(float *p, vf v) { vst1q_f32(p, v); }
static inline void simd_stream_fence(void) {}
static inline vf vf_set1(float s) { return vdupq_n_f32(s); }
static inline vf vf_add(vf a, vf b) { return vaddq_f32(a, b); }
static inline vf vf_sub(vf a, vf b) { return vsubq_f32(a, b); }
static inline vf vf_mul(vf a, vf b) { return vmulq_f32(a, b); }
static inline vf vf_div(vf a, vf b) { return vdivq_f32(a, b); }
static inline vf vf_fma(vf a, vf b, vf c) { return vfmaq_f32(c, a, b); }
static inline vf vf_sqrt(vf x) { return vsqrtq_f32(x); }
static inline vf vf_abs(vf x) { return vabsq_f32(x); }
static inline vf vf_with_sign_of(vf mag, vf x) {
  return vbslq_f32(vdupq_n_u32(0x80000000u), x, mag);
}
/* FMAX/FMIN return NaN when either operand is NaN */
static inline vf vf_max_nan(vf x, vf c) { return vmaxq_f32(x, c); }
static inline vf vf_min_nan(vf x, vf c) { return vminq_f32(x, c); }
static inline vf vf_max(vf a, vf b) { return vmaxq_f32(a, b); }
static inline vfm vf_lt(vf a, vf b) { return vcltq_f32(a, b); }
static inline vfm vf_gt(vf a, vf b) { return vcgtq_f32(a, b); }
static inline vfm vf_eq(vf a, vf b) { return vceqq_f32(a, b); }
static inline vfm vf_isnan(vf x) { return vmvnq_u32(vceqq_f32(x, x)); }
static inline vfm vfm_or(vfm a, vfm b) { return vorrq_u32(a, b); }
static inline vf vf_select(vfm m, vf a, vf b) { return vbslq_f32(m, a, b); }
static inline vf vf_round(vf x) { return vrndnq_f32(x); }
static inline vf vf_pow2i(vf n) {
  const int32x4_t e = vaddq_s32(vcvtnq_s32_f32(n), vdupq_n_s32(127));
  return vreinterpretq_f32_s32(vshlq_n_s32(e, 23));
}
static inline vf vf_exponent(vf x) {
  const int32x4_t e = vreinterpretq_s32_u32(vshrq_n_u32(vreinterpretq_u32_f32(x), 23));
  return vcvtq_f32_s32(vsubq_s32(e, vdupq_n_s32(127)));
}
static inline vf vf_mantissa(vf x) {
  const uint32x4_t m = vandq_u32(vreinterpretq_u32_f32(x), vdupq_n_u32(0x007fffffu));
  return vreinterpretq_f32_u32(vorrq_u32(m, vdupq_n_u32(0x3f800000u)));
}
static inline float vf_hmax(vf v) { return vmaxvq_f32(v); }
static inline vd vf_widen_lo(vf v) { return vcvt_f64_f32(vget_low_f32(v)); }
static inline vd vf_widen_hi(vf v) { return vcvt_high_f64_f32(v); }
static inline vf vf_narrow(vd lo, vd hi) { return vcvt_high_f32_f64(vcvt_f32_f64(lo), hi); }

/* ---- f64 ---- */
static inline vd vd_load(const double *p) { return vld1q_f64(p); }
static inline void vd_store(double *p, vd v) { vst1q_f64(p, v); }
static inline void vd_stream(double *p, vd v) { vst1q_f64(p, v); }
static inline vd vd_set1(double s) { return vdupq_n_f64(s); }
static inline vd vd_add(vd a, vd b) { return vaddq_f64(a, b); }
static inline vd vd_sub(vd a, vd b) { return vsubq_f64(a, b); }
static inline vd vd_mul(vd a, vd b) { return vmulq_f64(a, b); }
static inline vd vd_div(vd a, vd b) { return vdivq_f64(a, b); }
static inline vd vd_fma(vd a, vd b, vd c) { return vfmaq_f64(c, a, b); }
static inline vd vd_sqrt(vd x) { return vsqrtq_f64(x); }
static inline vd vd_abs(vd x) { return vabsq_f64(x); }
static inline vd vd_max_nan(vd x, vd c) { return vmaxq_f64(x, c); }
static inline vd vd_min_nan(vd x, vd c) { return vminq_f64(x, c); }
static inline vd vd_max(vd a, vd b) { return vmaxq_f64(a, b); }
static inline vdm vd_lt(vd a, vd b) { return vcltq_f64(a, b); }
static inline vdm vd_gt(vd a, vd b) { return vcgtq_f64(a, b); }
static inline vdm vd_eq(vd a, vd b) { return vceqq_f64(a, b); }
static inline vdm vd_isnan(vd x) {
  return vreinterpretq_u64_u32(vmvnq_u32(vreinterpretq_u32_u64(vceqq_f64(x, x))));
}
static inline vdm vdm_or(vdm a, vdm b) { return vorrq_u64(a, b); }
static inline vd vd_select(vdm m, vd a, vd b) { return vbslq_f64(m, a, b); }
static inline vd vd_round(vd x) { return vrndnq_f64(x); }
static inline vd vd_pow2i(vd n) {
  const int64x2_t e = vaddq_s64(vcvtnq_s64_f64(n), vdupq_n_s64(1023));
  return vreinterpretq_f64_s64(vshlq_n_s64(e, 52));
}
static inline vd vd_exponent(vd x) {
  const int64x2_t e = vreinterpretq_s64_u64(vshrq_n_u64(vreinterpretq_u64_f64(x), 52));
  return vcvtq_f64_s64(vsubq_s64(e, vdupq_n_s64(1023)));
}
static inline vd vd_mantissa(vd x) {
  const uint64x2_t m = vandq_u64(vreinterpretq_u64_f64(x), vdupq_n_u64(0x000fffffffffffffull));
  return vreinterpretq_f64_u64(vorrq_u64(m, vdupq_n_u64(0x3ff0000000000000ull)));
}
static inline double vd_hsum(vd v) { return vaddvq_f64(v); }
static inline double vd_hmax(vd v) { return vmaxvq_f64(v); }

#endif
