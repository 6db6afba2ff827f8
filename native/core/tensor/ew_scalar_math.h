/*
 * Per-element math shared by the scalar kernels and by the SIMD kernels' libm paths (f64 tanh and gelu), so that
 * every ISA level gives the same edge-case results: gelu(-Inf) is -0 (its limit) rather than -Inf * 0 = NaN.
 */
#ifndef TRUENO_EW_SCALAR_MATH_H
#define TRUENO_EW_SCALAR_MATH_H

#include <math.h>

/*
 * gelu(x) = x * Phi(x) with Phi(x) = erfc(u) / 2, u = -x / sqrt 2: erfc keeps full relative accuracy in the negative
 * tail, where 1 + erf(x / sqrt 2) would cancel. There erfc(u) falls like exp(-u^2), so the rounding error ul of u
 * would cost 2*u*ul relative (1e-14 at x = -8); erfc(u + ul) ~ erfc(u) * (1 - 2*u*ul) takes it back.
 */
static inline double ew_gelu_f64(double x) {
  const double c = 0.70710678118654757, c_lo = -4.833646656726457e-17; /* c + c_lo = 1/sqrt 2 */
  const double u = -x * c;
  const double ul = fma(-x, c, -u) + -x * c_lo;
  double phi = 0.5 * erfc(u);
  if (u > 0.0 && u < 30.0) phi *= 1.0 - 2.0 * u * ul; /* erfc(u) underflows to 0 beyond 27 */
  return phi == 0.0 ? -0.0 : x * phi;
}

/* f32 gelu evaluated in double, far more precise than f32 needs: the result is correctly rounded but for rare ties */
static inline float ew_gelu_f32(float x) { return (float)ew_gelu_f64((double)x); }

static inline float ew_sigmoid_f32(float x) { return 1.0f / (1.0f + expf(-x)); }
static inline double ew_sigmoid_f64(double x) { return 1.0 / (1.0 + exp(-x)); }

/* max(x, 0) that keeps NaN, as numpy's maximum and torch's relu do; adding +0 turns -0 into +0 (numpy's maximum(-0., 0)
   is +0) and leaves everything else as it is */
static inline float ew_relu_f32(float x) { return (x < 0.0f ? 0.0f : x) + 0.0f; }
static inline double ew_relu_f64(double x) { return (x < 0.0 ? 0.0 : x) + 0.0; }

/* min(max(x, lo), hi) with NaN x kept (comparisons with NaN are false) */
static inline float ew_clip_f32(float x, float lo, float hi) {
  const float t = x < lo ? lo : x;
  return t > hi ? hi : t;
}
static inline double ew_clip_f64(double x, double lo, double hi) {
  const double t = x < lo ? lo : x;
  return t > hi ? hi : t;
}

#endif
