/*
 * WASM SIMD128 vector primitives on v128 (4 floats, 2 doubles), the ones simd_math.h, simd_elementwise.h and
 * simd_reduce.h write their kernels over. tensor/simd128/elementwise.c and tensor/simd128/reduce.c include this after
 * <wasm_simd128.h>.
 */
#ifndef TRUENO_SIMD128_VEC_H
#define TRUENO_SIMD128_VEC_H

#define TRUENO_VEC_HAS_FMA 0
#define TRUENO_VEC_HAS_STREAM 0
#define TRUENO_VEC_HAS_MASKS 0
#define TRUENO_VEC_MINMAX_NAN 1 /* f32x4.min/max return NaN when either operand is NaN */
#define VF_LANES 4
#define VD_LANES 2
typedef v128_t vf;
typedef v128_t vfm;
typedef v128_t vd;
typedef v128_t vdm;

/* ---- f32 ---- */
static inline vf vf_load(const float *p) { return wasm_v128_load(p); }
static inline void vf_store(float *p, vf v) { wasm_v128_store(p, v); }
static inline void vf_stream(float *p, vf v) { wasm_v128_store(p, v); }
static inline void simd_stream_fence(void) {}
static inline vf vf_set1(float s) { return wasm_f32x4_splat(s); }
static inline vf vf_add(vf a, vf b) { return wasm_f32x4_add(a, b); }
static inline vf vf_sub(vf a, vf b) { return wasm_f32x4_sub(a, b); }
static inline vf vf_mul(vf a, vf b) { return wasm_f32x4_mul(a, b); }
static inline vf vf_div(vf a, vf b) { return wasm_f32x4_div(a, b); }
static inline vf vf_fma(vf a, vf b, vf c) { return wasm_f32x4_add(wasm_f32x4_mul(a, b), c); }
static inline vf vf_sqrt(vf x) { return wasm_f32x4_sqrt(x); }
static inline vf vf_abs(vf x) { return wasm_f32x4_abs(x); }
static inline vf vf_with_sign_of(vf mag, vf x) {
  return wasm_v128_bitselect(x, mag, wasm_i32x4_splat((int32_t)0x80000000u));
}
static inline vf vf_max_nan(vf x, vf c) { return wasm_f32x4_pmax(x, c); }
static inline vf vf_min_nan(vf x, vf c) { return wasm_f32x4_pmin(x, c); }
static inline vf vf_max(vf a, vf b) { return wasm_f32x4_max(a, b); }
static inline vfm vf_lt(vf a, vf b) { return wasm_f32x4_lt(a, b); }
static inline vfm vf_gt(vf a, vf b) { return wasm_f32x4_gt(a, b); }
static inline vfm vf_eq(vf a, vf b) { return wasm_f32x4_eq(a, b); }
static inline vfm vf_isnan(vf x) { return wasm_f32x4_ne(x, x); }
static inline vfm vfm_or(vfm a, vfm b) { return wasm_v128_or(a, b); }
static inline vf vf_select(vfm m, vf a, vf b) { return wasm_v128_bitselect(a, b, m); }
static inline vf vf_round(vf x) { return wasm_f32x4_nearest(x); }
/* n + 1.5*2^23 holds n in its low mantissa bits; adding the bias and shifting drops everything above them */
static inline vf vf_pow2i(vf n) {
  const v128_t bits = wasm_f32x4_add(n, wasm_f32x4_splat(12582912.0f));
  return wasm_i32x4_shl(wasm_i32x4_add(bits, wasm_i32x4_splat(127)), 23);
}
static inline vf vf_exponent(vf x) {
  return wasm_f32x4_convert_i32x4(wasm_i32x4_sub(wasm_u32x4_shr(x, 23), wasm_i32x4_splat(127)));
}
static inline vf vf_mantissa(vf x) {
  return wasm_v128_or(wasm_v128_and(x, wasm_i32x4_splat(0x007fffff)), wasm_i32x4_splat(0x3f800000));
}
static inline float vf_hmax(vf v) {
  const v128_t m = wasm_f32x4_max(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  const float a = wasm_f32x4_extract_lane(m, 0), b = wasm_f32x4_extract_lane(m, 1);
  return a > b ? a : b;
}
static inline vd vf_widen_lo(vf v) { return wasm_f64x2_promote_low_f32x4(v); }
static inline vd vf_widen_hi(vf v) { return wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1)); }
static inline vf vf_narrow(vd lo, vd hi) {
  return wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/* ---- f64 ---- */
static inline vd vd_load(const double *p) { return wasm_v128_load(p); }
static inline void vd_store(double *p, vd v) { wasm_v128_store(p, v); }
static inline void vd_stream(double *p, vd v) { wasm_v128_store(p, v); }
static inline vd vd_set1(double s) { return wasm_f64x2_splat(s); }
static inline vd vd_add(vd a, vd b) { return wasm_f64x2_add(a, b); }
static inline vd vd_sub(vd a, vd b) { return wasm_f64x2_sub(a, b); }
static inline vd vd_mul(vd a, vd b) { return wasm_f64x2_mul(a, b); }
static inline vd vd_div(vd a, vd b) { return wasm_f64x2_div(a, b); }
static inline vd vd_fma(vd a, vd b, vd c) { return wasm_f64x2_add(wasm_f64x2_mul(a, b), c); }
static inline vd vd_sqrt(vd x) { return wasm_f64x2_sqrt(x); }
static inline vd vd_abs(vd x) { return wasm_f64x2_abs(x); }
static inline vd vd_max_nan(vd x, vd c) { return wasm_f64x2_pmax(x, c); }
static inline vd vd_min_nan(vd x, vd c) { return wasm_f64x2_pmin(x, c); }
static inline vd vd_max(vd a, vd b) { return wasm_f64x2_max(a, b); }
static inline vdm vd_lt(vd a, vd b) { return wasm_f64x2_lt(a, b); }
static inline vdm vd_gt(vd a, vd b) { return wasm_f64x2_gt(a, b); }
static inline vdm vd_eq(vd a, vd b) { return wasm_f64x2_eq(a, b); }
static inline vdm vd_isnan(vd x) { return wasm_f64x2_ne(x, x); }
static inline vdm vdm_or(vdm a, vdm b) { return wasm_v128_or(a, b); }
static inline vd vd_select(vdm m, vd a, vd b) { return wasm_v128_bitselect(a, b, m); }
static inline vd vd_round(vd x) { return wasm_f64x2_nearest(x); }
static inline vd vd_pow2i(vd n) {
  const v128_t bits = wasm_f64x2_add(n, wasm_f64x2_splat(6755399441055744.0));
  return wasm_i64x2_shl(wasm_i64x2_add(bits, wasm_i64x2_splat(1023)), 52);
}
/* the biased exponent ORed into 2^52's mantissa reads, as a double, 2^52 + e (SIMD128 has no i64 -> f64) */
static inline vd vd_exponent(vd x) {
  const v128_t e = wasm_v128_or(wasm_u64x2_shr(x, 52), wasm_i64x2_splat(0x4330000000000000));
  return wasm_f64x2_sub(e, wasm_f64x2_splat(4503599627370496.0 + 1023.0));
}
static inline vd vd_mantissa(vd x) {
  return wasm_v128_or(wasm_v128_and(x, wasm_i64x2_splat(0x000fffffffffffff)), wasm_i64x2_splat(0x3ff0000000000000));
}
static inline double vd_hsum(vd v) { return wasm_f64x2_extract_lane(v, 0) + wasm_f64x2_extract_lane(v, 1); }
static inline double vd_hmax(vd v) {
  const double a = wasm_f64x2_extract_lane(v, 0), b = wasm_f64x2_extract_lane(v, 1);
  return a > b ? a : b;
}

#endif
