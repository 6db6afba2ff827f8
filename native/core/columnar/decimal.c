/* Exact decimal-to-double conversion: see decimal.h. */
#include "decimal.h"

#include <math.h>
#include <stdint.h>

const double DECIMAL_POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* a * b rounded, and its exact rounding error in *low (Dekker's product with Veltkamp's split: every partial product
   is exact, so a fused multiply-add in their place gives the same bits). */
static double two_product(double a, double b, double *low) {
  const double split = 134217729.0; /* 2^27 + 1 */
  const double p = a * b;
  double t = split * a;
  const double ah = t - (t - a), al = a - ah;
  t = split * b;
  const double bh = t - (t - b), bl = b - bh;
  *low = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return p;
}

/* a + b as hi + lo exactly, when |a| >= |b| (Dekker's fast two-sum). */
static double fast_two_sum(double a, double b, double *lo) {
  const double s = a + b;
  *lo = b - (s - a);
  return s;
}

/*
 * 10^k (23 <= k <= MAX_EXP10) as the unevaluated sum hi + lo: 10^22 (exact) raised by repeated double-double
 * products, then times the exact 10^(k mod 22). At most 14 products, each within ~2^-104 relative, keep the error
 * below 2^-99.
 */
static double pow10_dd(int k, double *lo) {
  double hi = DECIMAL_POW10[k % 22], l = 0.0;
  for (int q = k / 22; q > 0; q--) {
    double e;
    const double p = two_product(hi, DECIMAL_POW10[22], &e);
    hi = fast_two_sum(p, e + l * DECIMAL_POW10[22], &l);
  }
  *lo = l;
  return hi;
}

/*
 * The double nearest to mant * 10^exp (mant < 2^64, |exp| <= DECIMAL_MAX_EXP10), or NaN when the error bound cannot prove
 * it (about one value in 2^37, near a tie) or the result is outside [1e-280, 1e280]. mant splits exactly into a
 * double with 53 significant bits and one below 2^11.
 */
double decimal_long(uint64_t mant, int exp) {
  const double xh = (double)(mant & ~(uint64_t)0x7ff), xl = (double)(mant & 0x7ff);
  const double wh = xh + xl, bb = wh - xh, wl = (xh - (wh - bb)) + (xl - bb);
  double q, r, low;
  const int k = exp < 0 ? -exp : exp;
  double dh, dl = 0.0;
  if (k <= 22) dh = DECIMAL_POW10[k];
  else dh = pow10_dd(k, &dl);
  if (exp < 0) {
    /* w / d: q = wh / dh, then the remainder w - q d, exact up to q * dl, divided by dh */
    q = wh / dh;
    const double ph = two_product(q, dh, &low);
    r = ((((wh - ph) - low) + wl) - q * dl) / dh;
  } else {
    q = two_product(wh, dh, &low);
    r = low + wl * dh + wh * dl;
  }
  const double sum = q + r, t = r - (sum - q), m = fabs(sum) * 0x1p-90;
  if (!(fabs(sum) >= 1e-280 && fabs(sum) <= 1e280)) return NAN;
  return (sum + (t + m) == sum && sum + (t - m) == sum) ? sum : NAN;
}

