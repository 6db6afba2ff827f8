/*
 * Small vector helpers shared by the dense linear algebra of native/core/ml. Four partial sums let the compiler
 * keep four independent multiply-add chains in flight (it may not reorder one floating-point sum by itself), and
 * their fixed order keeps the bits the same on every run.
 */
#ifndef TRUENO_ML_LINALG_UTIL_H
#define TRUENO_ML_LINALG_UTIL_H

#include <stddef.h>

static inline double trueno_ml_dot(const double *a, const double *b, size_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; i++) s0 += a[i] * b[i];
  return (s0 + s1) + (s2 + s3);
}

/* y += alpha * x */
static inline void trueno_ml_axpy(double alpha, const double *x, double *y, size_t n) {
  for (size_t i = 0; i < n; i++) y[i] += alpha * x[i];
}

/* x * x' overflows size_t (as a count of doubles), so no n x n buffer of it can exist. */
static inline int trueno_ml_too_big(size_t rows, size_t cols) {
  return rows != 0 && cols > ((size_t)-1) / sizeof(double) / rows;
}

#endif
