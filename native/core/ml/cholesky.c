/*
 * Cholesky factorization and solve (float64), for the normal equations of LinearRegression and Ridge. The Crout
 * order computes row i of L from rows 0..i of L, so every inner product runs over two contiguous rows; the
 * matrices here are d x d with d the number of features, small next to the X^T X pass that produced them.
 */
#include "trueno.h"
#include "ml/linalg_util.h"

#include <math.h>
#include <string.h>

int trueno_cholesky(size_t n, const double *a, double *l, int64_t *info) {
  if (!info || (n > 0 && (!a || !l)) || (n > 0 && n > SIZE_MAX / sizeof(double) / n)) return TRUENO_EINVAL;
  *info = 0;
  for (size_t i = 0; i < n; i++) {
    double *li = l + i * n;
    /* row i of a is read before row i of l is written, so l may be a */
    for (size_t j = 0; j <= i; j++) {
      const double *lj = l + j * n;
      const double s = a[i * n + j] - trueno_ml_dot(li, lj, j);
      if (j < i) {
        li[j] = s / lj[j];
      } else if (s > 0 && isfinite(s)) {
        li[i] = sqrt(s);
      } else {
        *info = (int64_t)i + 1;
        memset(li, 0, n * sizeof(double));
        for (size_t r = i + 1; r < n; r++) memset(l + r * n, 0, n * sizeof(double));
        return TRUENO_OK;
      }
    }
    memset(li + i + 1, 0, (n - i - 1) * sizeof(double));
  }
  return TRUENO_OK;
}

int trueno_cholesky_solve(size_t n, size_t nrhs, const double *l, const double *b, double *x) {
  if (n > 0 && nrhs > 0 && (!l || !b || !x)) return TRUENO_EINVAL;
  if (n > 0 && (n > SIZE_MAX / sizeof(double) / n || (nrhs > 0 && nrhs > SIZE_MAX / sizeof(double) / n))) {
    return TRUENO_EINVAL;
  }
  if (nrhs == 0) return TRUENO_OK;
  for (size_t i = 0; i < n; i++) {
    const double di = l[i * n + i];
    if (!(di != 0) || !isfinite(di)) return TRUENO_EINVAL;
  }
  if (x != b) memmove(x, b, n * nrhs * sizeof(double));
  /* L y = b, one row of right-hand sides at a time (contiguous) */
  for (size_t i = 0; i < n; i++) {
    double *xi = x + i * nrhs;
    for (size_t k = 0; k < i; k++) trueno_ml_axpy(-l[i * n + k], x + k * nrhs, xi, nrhs);
    for (size_t c = 0; c < nrhs; c++) xi[c] /= l[i * n + i];
  }
  /* L^T x = y */
  for (size_t i = n; i-- > 0;) {
    double *xi = x + i * nrhs;
    for (size_t k = i + 1; k < n; k++) trueno_ml_axpy(-l[k * n + i], x + k * nrhs, xi, nrhs);
    for (size_t c = 0; c < nrhs; c++) xi[c] /= l[i * n + i];
  }
  return TRUENO_OK;
}
