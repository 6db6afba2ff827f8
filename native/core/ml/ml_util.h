/*
 * Helpers shared by the iterative linear-model kernels of native/core/ml: dense products over the active ISA's
 * serial kernels (so they vectorize like the tensor ops) and the scalar functions of scikit-learn's loss code.
 */
#ifndef TRUENO_ML_UTIL_H
#define TRUENO_ML_UTIL_H

#include "runtime/kernels.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* a . b over n elements, in TRUENO_REDUCE_BLOCK pieces added in order (the serial kernels' contract). */
static inline double ml_dot(const trueno_kernels *k, const double *a, const double *b, size_t n) {
  double sum = 0.0;
  for (size_t s = 0; s < n; s += TRUENO_REDUCE_BLOCK) {
    const size_t len = n - s < TRUENO_REDUCE_BLOCK ? n - s : TRUENO_REDUCE_BLOCK;
    sum += k->red.dot_f64(a + s, b + s, len);
  }
  return sum;
}

/* y += alpha * x over n elements. */
static inline void ml_axpy(const trueno_kernels *k, size_t n, double alpha, const double *x, double *y) {
  k->ew.axpy_f64(n, alpha, x, y);
}

/* Whether every one of the n values is finite. */
static inline int ml_all_finite(const double *x, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isfinite(x[i])) return 0;
  return 1;
}

/* log(1 + e^r) - y r, the half binomial loss of scikit-learn (sklearn/_loss/_loss.pyx.tp), stable for every r. */
static inline double ml_binomial_loss(double y, double r) {
  if (r <= 0) return (r < -37 ? exp(r) : log1p(exp(r))) - y * r;
  return (r <= 18 ? log1p(exp(-r)) : exp(-r)) + (1 - y) * r;
}

/* d/dr of ml_binomial_loss: expit(r) - y, without overflow. */
static inline double ml_binomial_gradient(double y, double r) {
  if (r > -37) {
    const double e = exp(-r);
    return ((1 - y) - y * e) / (1 + e);
  }
  return exp(r) - y;
}

/* expit(r) = 1 / (1 + e^-r), exactly 0 or 1 only where the float64 result rounds there. */
static inline double ml_expit(double r) {
  if (r >= 0) return 1.0 / (1.0 + exp(-r));
  const double e = exp(r);
  return e / (1.0 + e);
}

/*
 * The softmax of raw[0..k) into prob and log(sum exp(raw)) as the return value (scikit-learn's
 * sum_exp_minus_max), stable for any finite raw.
 */
static inline double ml_softmax(const double *raw, double *prob, size_t k) {
  double max = raw[0];
  for (size_t c = 1; c < k; c++)
    if (raw[c] > max) max = raw[c];
  double sum = 0.0;
  for (size_t c = 0; c < k; c++) {
    prob[c] = exp(raw[c] - max);
    sum += prob[c];
  }
  for (size_t c = 0; c < k; c++) prob[c] /= sum;
  return max + log(sum);
}

/* Product of two sizes, or SIZE_MAX when it overflows (so a bound check against it fails). */
static inline size_t ml_mul(size_t a, size_t b) { return a != 0 && b > SIZE_MAX / a ? SIZE_MAX : a * b; }

#endif
