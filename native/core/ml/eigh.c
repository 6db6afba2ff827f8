/*
 * trueno_eigh: the symmetric eigenproblem by Householder tridiagonalization and the implicit QL algorithm (the
 * EISPACK tred2/tql2 pair, as in JAMA). The eigenvector matrix is kept transposed (W = V^T), so that the inner
 * loops of both phases, which walk a column of V, read contiguous memory.
 */
#include "trueno.h"
#include "ml/linalg_util.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sweeps of the QL algorithm allowed per matrix size before it is declared not converged (LAPACK uses 30n). */
#define EIGH_MAX_ITER_PER_ROW 30

#define V(r, c) w[(c) * n + (r)]

/* Householder reduction to tridiagonal form: d the diagonal, e the subdiagonal (e[0] = 0), V the transform. */
static void tridiagonalize(size_t n, double *w, double *d, double *e) {
  for (size_t j = 0; j < n; j++) d[j] = V(n - 1, j);
  for (size_t i = n - 1; i > 0; i--) {
    double scale = 0, h = 0;
    for (size_t k = 0; k < i; k++) scale += fabs(d[k]);
    if (scale == 0) {
      e[i] = d[i - 1];
      for (size_t j = 0; j < i; j++) {
        d[j] = V(i - 1, j);
        V(i, j) = 0;
        V(j, i) = 0;
      }
    } else {
      for (size_t k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      double f = d[i - 1], g = sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (size_t j = 0; j < i; j++) e[j] = 0;
      for (size_t j = 0; j < i; j++) {
        f = d[j];
        V(j, i) = f;
        g = e[j] + V(j, j) * f;
        for (size_t k = j + 1; k < i; k++) {
          g += V(k, j) * d[k];
          e[k] += V(k, j) * f;
        }
        e[j] = g;
      }
      f = 0;
      for (size_t j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const double hh = f / (h + h);
      for (size_t j = 0; j < i; j++) e[j] -= hh * d[j];
      for (size_t j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (size_t k = j; k < i; k++) V(k, j) -= f * e[k] + g * d[k];
        d[j] = V(i - 1, j);
        V(i, j) = 0;
      }
    }
    d[i] = h;
  }
  for (size_t i = 0; i + 1 < n; i++) {
    V(n - 1, i) = V(i, i);
    V(i, i) = 1;
    const double h = d[i + 1];
    if (h != 0) {
      for (size_t k = 0; k <= i; k++) d[k] = V(k, i + 1) / h;
      for (size_t j = 0; j <= i; j++) {
        double g = 0;
        for (size_t k = 0; k <= i; k++) g += V(k, i + 1) * V(k, j);
        for (size_t k = 0; k <= i; k++) V(k, j) -= g * d[k];
      }
    }
    for (size_t k = 0; k <= i; k++) V(k, i + 1) = 0;
  }
  for (size_t j = 0; j < n; j++) {
    d[j] = V(n - 1, j);
    V(n - 1, j) = 0;
  }
  V(n - 1, n - 1) = 1;
  e[0] = 0;
}

/* Implicit QL on the tridiagonal (d, e), accumulating into V. Returns 0, or 1 when it did not converge. */
static int ql_iterate(size_t n, double *w, double *d, double *e) {
  for (size_t i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  double f = 0, tst1 = 0;
  size_t iterations = 0;
  const size_t max_iterations = EIGH_MAX_ITER_PER_ROW * n;
  for (size_t l = 0; l < n; l++) {
    tst1 = fmax(tst1, fabs(d[l]) + fabs(e[l]));
    size_t m = l;
    while (m < n - 1 && fabs(e[m]) > DBL_EPSILON * tst1) m++;
    if (m > l) {
      do {
        if (++iterations > max_iterations) return 1;
        double g = d[l];
        double p = (d[l + 1] - g) / (2 * e[l]);
        double r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const double dl1 = d[l + 1];
        double h = g - d[l];
        for (size_t i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        double c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const double el1 = e[l + 1];
        for (size_t i = m; i-- > l;) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          double *vi = w + i * n, *vi1 = w + (i + 1) * n;
          for (size_t k = 0; k < n; k++) {
            h = vi1[k];
            vi1[k] = s * vi[k] + c * h;
            vi[k] = c * vi[k] - s * h;
          }
        }
        p = -s * s2 * c3 * el1 * e[l] / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (fabs(e[l]) > DBL_EPSILON * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  return 0;
}

int trueno_eigh(size_t n, const double *a, double *wv, double *v, int64_t *info) {
  if (!info || trueno_ml_too_big(n, n) || (n > 0 && (!a || !wv || !v))) return TRUENO_EINVAL;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j <= i; j++)
      if (!isfinite(a[i * n + j])) return TRUENO_EINVAL;
  *info = 0;
  if (n == 0) return TRUENO_OK;
  double *w = malloc(n * n * sizeof(double));
  double *d = malloc(n * sizeof(double));
  double *e = malloc(n * sizeof(double));
  if (!w || !d || !e) {
    free(w);
    free(d);
    free(e);
    return TRUENO_ENOMEM;
  }
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j <= i; j++) w[i * n + j] = w[j * n + i] = a[i * n + j];
  tridiagonalize(n, w, d, e);
  if (ql_iterate(n, w, d, e)) {
    *info = 1;
  } else {
    /* ascending eigenvalues, each vector (a row of w) signed so its largest entry is positive */
    for (size_t i = 0; i + 1 < n; i++) {
      size_t best = i;
      for (size_t j = i + 1; j < n; j++)
        if (d[j] < d[best]) best = j;
      if (best == i) continue;
      const double t = d[i];
      d[i] = d[best];
      d[best] = t;
      for (size_t k = 0; k < n; k++) {
        const double x = w[i * n + k];
        w[i * n + k] = w[best * n + k];
        w[best * n + k] = x;
      }
    }
    for (size_t i = 0; i < n; i++) {
      double *row = w + i * n;
      size_t big = 0;
      for (size_t k = 1; k < n; k++)
        if (fabs(row[k]) > fabs(row[big])) big = k;
      const double sign = row[big] < 0 ? -1 : 1;
      wv[i] = d[i];
      for (size_t k = 0; k < n; k++) v[k * n + i] = sign * row[k];
    }
  }
  free(w);
  free(d);
  free(e);
  return TRUENO_OK;
}
