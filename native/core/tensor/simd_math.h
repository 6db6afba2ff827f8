/*
 * Vectorized exp, log, tanh, sigmoid and gelu, written once over a small set of vector primitives that each SIMD
 * ISA file (avx2/, avx512/, neon/, simd128/elementwise.c) defines before including this header, inside its
 * TRUENO_TARGET_BEGIN region. Types: vf/vd (float/double vectors), vfm/vdm (their comparison masks). Primitives,
 * shown for vf (vd has the same set):
 *   vf_set1 vf_add vf_sub vf_mul vf_div vf_fma(a,b,c)=a*b+c vf_abs vf_with_sign_of(mag,x)
 *   vf_max_nan(x,c)/vf_min_nan(x,c): max/min with a constant c that returns NaN when x is NaN
 *   vf_lt vf_gt vf_eq vf_isnan -> vfm; vfm_or; vf_select(m,a,b) = m ? a : b
 *   vf_round (to nearest even), vf_pow2i(n) = 2^n for integral n in [-126,127] ([-1022,1023] for vd),
 *   vf_exponent(x)/vf_mantissa(x): x = m * 2^e with m in [1,2), for finite normal x > 0
 * and TRUENO_VEC_HAS_FMA (0 where vf_fma is a multiply then an add, as on WASM SIMD128).
 *
 * Accuracy, measured against libm in double (f32: every 17th bit pattern) and long double (f64: 16M samples), for
 * normal results: f32 exp 1.0 ulp, log 0.8, sigmoid 2.4, tanh 1.3, gelu 7.7 (4.7e-7 relative); f64 exp 0.9 ulp,
 * log 0.8, sigmoid 2.4. Edge cases follow IEEE/libm:
 * exp overflows to +Inf and underflows through subnormals to 0 (exp(-Inf) = 0); log(0) = -Inf, log(x<0) = NaN,
 * log(+Inf) = +Inf; sigmoid and tanh saturate to exactly 0/1 and -1/1; NaN in gives NaN out everywhere.
 */
#ifndef TRUENO_SIMD_MATH_H
#define TRUENO_SIMD_MATH_H

#include <float.h>
#include <math.h>

/* ---- f32 ------------------------------------------------------------------------------------------------------ */

/*
 * exp(hi + lo) for |lo| <= ~2, as Cephes' expf: x = n*ln2 + r with |r| <= ln2/2 (ln2 split in two so
 * n*ln2_hi is exact), a degree-7 polynomial for e^r, then 2^n applied in two halves so that results in the
 * subnormal range are rounded once instead of flushed. hi - n*ln2_hi is exact and lo is added after it, so no
 * bits are lost to the rounding of hi + lo (gelu passes -x*x/2 + P(t) that way).
 */
static inline vf vf_exp_parts(vf hi, vf lo) {
  const vf x = vf_min_nan(vf_max_nan(hi, vf_set1(-104.0f)), vf_set1(89.0f));
  const vf n = vf_round(vf_mul(vf_add(x, lo), vf_set1(1.44269504088896341f)));
  vf r = vf_fma(n, vf_set1(-0.693359375f), x);
  r = vf_fma(n, vf_set1(2.12194440e-4f), r);
  r = vf_add(r, lo);
  vf p = vf_set1(1.9875691500e-4f);
  p = vf_fma(p, r, vf_set1(1.3981999507e-3f));
  p = vf_fma(p, r, vf_set1(8.3334519073e-3f));
  p = vf_fma(p, r, vf_set1(4.1665795894e-2f));
  p = vf_fma(p, r, vf_set1(1.6666665459e-1f));
  p = vf_fma(p, r, vf_set1(5.0000001201e-1f));
  const vf y = vf_add(vf_fma(p, vf_mul(r, r), r), vf_set1(1.0f));
  const vf n1 = vf_round(vf_mul(n, vf_set1(0.5f)));
  return vf_mul(vf_mul(y, vf_pow2i(n1)), vf_pow2i(vf_sub(n, n1)));
}

static inline vf vf_exp(vf x) { return vf_exp_parts(x, vf_set1(0.0f)); }

/* Cephes' logf: x = m * 2^e with m in [sqrt(1/2), sqrt 2), log(m) = t - t^2/2 + t^3 P(t) for t = m - 1. */
static inline vf vf_log(vf x) {
  const vfm subnormal = vf_lt(x, vf_set1(FLT_MIN));
  const vf xs = vf_select(subnormal, vf_mul(x, vf_set1(8388608.0f)), x);
  vf e = vf_sub(vf_exponent(xs), vf_select(subnormal, vf_set1(23.0f), vf_set1(0.0f)));
  vf m = vf_mantissa(xs);
  const vfm above_sqrt2 = vf_gt(m, vf_set1(1.41421356237f));
  m = vf_select(above_sqrt2, vf_mul(m, vf_set1(0.5f)), m);
  e = vf_select(above_sqrt2, vf_add(e, vf_set1(1.0f)), e);
  const vf t = vf_sub(m, vf_set1(1.0f));
  const vf z = vf_mul(t, t);
  vf p = vf_set1(7.0376836292e-2f);
  p = vf_fma(p, t, vf_set1(-1.1514610310e-1f));
  p = vf_fma(p, t, vf_set1(1.1676998740e-1f));
  p = vf_fma(p, t, vf_set1(-1.2420140846e-1f));
  p = vf_fma(p, t, vf_set1(1.4249322787e-1f));
  p = vf_fma(p, t, vf_set1(-1.6668057665e-1f));
  p = vf_fma(p, t, vf_set1(2.0000714765e-1f));
  p = vf_fma(p, t, vf_set1(-2.4999993993e-1f));
  p = vf_fma(p, t, vf_set1(3.3333331174e-1f));
  vf y = vf_mul(vf_mul(p, t), z);
  y = vf_fma(e, vf_set1(-2.12194440e-4f), y);
  y = vf_fma(z, vf_set1(-0.5f), y);
  vf r = vf_fma(e, vf_set1(0.693359375f), vf_add(t, y));
  r = vf_select(vf_eq(x, vf_set1(0.0f)), vf_set1(-INFINITY), r);
  r = vf_select(vf_eq(x, vf_set1(INFINITY)), x, r);
  return vf_select(vfm_or(vf_lt(x, vf_set1(0.0f)), vf_isnan(x)), vf_set1(NAN), r);
}

/* Cephes' tanhf: an odd polynomial below 0.625, else 1 - 2/(e^2|x| + 1), which saturates to exactly 1. */
static inline vf vf_tanh(vf x) {
  const vf ax = vf_abs(x);
  const vf s = vf_mul(x, x);
  vf p = vf_set1(-5.70498872745e-3f);
  p = vf_fma(p, s, vf_set1(2.06390887954e-2f));
  p = vf_fma(p, s, vf_set1(-5.37397155531e-2f));
  p = vf_fma(p, s, vf_set1(1.33314422036e-1f));
  p = vf_fma(p, s, vf_set1(-3.33332819422e-1f));
  const vf small = vf_fma(vf_mul(p, s), x, x);
  const vf e = vf_exp(vf_add(ax, ax));
  const vf large = vf_sub(vf_set1(1.0f), vf_div(vf_set1(2.0f), vf_add(e, vf_set1(1.0f))));
  /* the sign of x on both branches: the polynomial's fma gives +0 for -0, and tanh(-0) is -0 */
  return vf_with_sign_of(vf_select(vf_lt(ax, vf_set1(0.625f)), small, large), x);
}

static inline vf vf_sigmoid(vf x) {
  const vf one = vf_set1(1.0f);
  return vf_div(one, vf_add(one, vf_exp(vf_sub(vf_set1(0.0f), x))));
}

/* The rounding error of x*x (hi = x*x rounded): exact with a fused multiply-add, else Veltkamp/Dekker splitting. */
static inline vf vf_square_error(vf x, vf hi) {
#if TRUENO_VEC_HAS_FMA
  return vf_fma(x, x, vf_sub(vf_set1(0.0f), hi));
#else
  const vf c = vf_mul(x, vf_set1(4097.0f));
  const vf xh = vf_sub(c, vf_sub(c, x));
  const vf xl = vf_sub(x, xh);
  return vf_add(vf_add(vf_sub(vf_mul(xh, xh), hi), vf_mul(vf_add(xh, xh), xl)), vf_mul(xl, xl));
#endif
}

/*
 * gelu(x) = x * Phi(x), Phi(x) = erfc(-x/sqrt 2)/2, with erfc(z) = t * exp(-z^2 + P(t)), t = 1/(1 + z/2)
 * (Numerical Recipes' erfcc, relative error below 1.2e-7 for every z >= 0). -z^2 = -x^2/2 is passed to exp
 * unrounded (hi + lo), so the negative tail keeps its relative accuracy. |x| > 20 cannot change Phi in f32 (it is
 * 0 or 1 there), which also keeps +-Inf out of the arithmetic; gelu(-Inf) is -0, its limit.
 */
static inline vf vf_gelu(vf x) {
  const vf xc = vf_min_nan(vf_max_nan(x, vf_set1(-20.0f)), vf_set1(20.0f));
  const vf sq = vf_mul(xc, xc);
  const vf half = vf_set1(0.5f);
  const vf z = vf_mul(vf_abs(xc), vf_set1(0.70710678118654752f));
  const vf t = vf_div(vf_set1(1.0f), vf_fma(z, half, vf_set1(1.0f)));
  vf p = vf_set1(0.17087277f);
  p = vf_fma(p, t, vf_set1(-0.82215223f));
  p = vf_fma(p, t, vf_set1(1.48851587f));
  p = vf_fma(p, t, vf_set1(-1.13520398f));
  p = vf_fma(p, t, vf_set1(0.27886807f));
  p = vf_fma(p, t, vf_set1(-0.18628806f));
  p = vf_fma(p, t, vf_set1(0.09678418f));
  p = vf_fma(p, t, vf_set1(0.37409196f));
  p = vf_fma(p, t, vf_set1(1.00002368f));
  p = vf_fma(p, t, vf_set1(-1.26551223f));
  const vf lo = vf_sub(p, vf_mul(vf_square_error(xc, sq), half));
  const vf half_erfc = vf_mul(vf_mul(t, half), vf_exp_parts(vf_mul(sq, vf_set1(-0.5f)), lo));
  const vf phi = vf_select(vf_lt(xc, vf_set1(0.0f)), half_erfc, vf_sub(vf_set1(1.0f), half_erfc));
  return vf_select(vf_eq(phi, vf_set1(0.0f)), vf_set1(-0.0f), vf_mul(x, phi));
}

/* ---- f64 ------------------------------------------------------------------------------------------------------ */

/* exp as fdlibm reduces it (x = n*ln2 + r, |r| <= ln2/2), then the degree-13 Taylor polynomial of e^r (truncation
 * below 1e-17 relative) and 2^n in two halves, as vf_exp_parts. */
static inline vd vd_exp(vd x) {
  const vd xc = vd_min_nan(vd_max_nan(x, vd_set1(-746.0)), vd_set1(710.0));
  const vd n = vd_round(vd_mul(xc, vd_set1(1.4426950408889634074)));
  vd r = vd_fma(n, vd_set1(-6.93147180369123816490e-01), xc);
  r = vd_fma(n, vd_set1(-1.90821492927058770002e-10), r);
  static const double inv_factorial[] = {1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0,
                                         1.0 / 3628800.0,    1.0 / 362880.0,    1.0 / 40320.0,
                                         1.0 / 5040.0,       1.0 / 720.0,       1.0 / 120.0,
                                         1.0 / 24.0,         1.0 / 6.0,         0.5,
                                         1.0};
  vd p = vd_set1(inv_factorial[0]);
  for (int i = 1; i < 13; i++) p = vd_fma(p, r, vd_set1(inv_factorial[i]));
  const vd y = vd_fma(p, r, vd_set1(1.0));
  const vd n1 = vd_round(vd_mul(n, vd_set1(0.5)));
  return vd_mul(vd_mul(y, vd_pow2i(n1)), vd_pow2i(vd_sub(n, n1)));
}

/* fdlibm's log: x = m * 2^e with m in [sqrt(1/2), sqrt 2), f = m - 1, s = f/(2+f),
 * log(1+f) = f - f^2/2 + s(f^2/2 + R(s^2)). */
static inline vd vd_log(vd x) {
  const vdm subnormal = vd_lt(x, vd_set1(DBL_MIN));
  const vd xs = vd_select(subnormal, vd_mul(x, vd_set1(18014398509481984.0)), x);
  vd e = vd_sub(vd_exponent(xs), vd_select(subnormal, vd_set1(54.0), vd_set1(0.0)));
  vd m = vd_mantissa(xs);
  const vdm above_sqrt2 = vd_gt(m, vd_set1(1.4142135623730951));
  m = vd_select(above_sqrt2, vd_mul(m, vd_set1(0.5)), m);
  e = vd_select(above_sqrt2, vd_add(e, vd_set1(1.0)), e);
  const vd f = vd_sub(m, vd_set1(1.0));
  const vd s = vd_div(f, vd_add(f, vd_set1(2.0)));
  const vd z = vd_mul(s, s);
  const vd w = vd_mul(z, z);
  const vd t1 = vd_mul(w, vd_fma(w, vd_fma(w, vd_set1(1.531383769920937332e-01), vd_set1(2.222219843214978396e-01)),
                                 vd_set1(3.999999999940941908e-01)));
  const vd t2 = vd_mul(
      z, vd_fma(w,
                vd_fma(w, vd_fma(w, vd_set1(1.479819860511658591e-01), vd_set1(1.818357216161805012e-01)),
                       vd_set1(2.857142874366239149e-01)),
                vd_set1(6.666666666666735130e-01)));
  const vd big_r = vd_add(t2, t1);
  const vd hfsq = vd_mul(vd_mul(f, f), vd_set1(0.5));
  const vd inner = vd_fma(s, vd_add(hfsq, big_r), vd_mul(e, vd_set1(1.90821492927058770002e-10)));
  vd r = vd_sub(vd_mul(e, vd_set1(6.93147180369123816490e-01)), vd_sub(vd_sub(hfsq, inner), f));
  r = vd_select(vd_eq(x, vd_set1(0.0)), vd_set1(-INFINITY), r);
  r = vd_select(vd_eq(x, vd_set1(INFINITY)), x, r);
  return vd_select(vdm_or(vd_lt(x, vd_set1(0.0)), vd_isnan(x)), vd_set1(NAN), r);
}

static inline vd vd_sigmoid(vd x) {
  const vd one = vd_set1(1.0);
  return vd_div(one, vd_add(one, vd_exp(vd_sub(vd_set1(0.0), x))));
}

#endif
