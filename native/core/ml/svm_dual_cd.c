/*
 * Dual coordinate descent for L2-regularized linear SVMs, a port of liblinear's solve_l2r_l1l2_svc (Hsieh et al.
 * 2008) as scikit-learn ships it: per-sample C, squared hinge (L2 loss: diagonal 1 / (2 C_i), no upper bound) or
 * hinge (L1 loss: bound C_i), a random order per sweep, shrinking of the variables stuck at a bound, and liblinear's
 * stopping rule (max - min projected gradient <= tol, confirmed over every variable). The intercept is liblinear's: a
 * constant extra feature of value `bias` whose weight is regularized like the others.
 */
#include "trueno.h"
#include "ml/ml_util.h"

#include <stdlib.h>

/* The xorshift32 of scikit-learn's our_rand_r, folded to [0, 2^31). */
static uint32_t next_rand(uint32_t *state) {
  if (*state == 0) *state = 1;
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state % ((uint32_t)2147483647 + 1);
}

static int bad_args(size_t n, size_t p, const double *x, const double *y, const double *c, double bias, double tol,
                    const double *state) {
  if (n == 0 || p == 0 || !x || !y || !c || !state || n > UINT32_MAX) return 1;
  if (ml_mul(n, p) > SIZE_MAX / sizeof(double) || n > SIZE_MAX / sizeof(double) / 4) return 1;
  if (!(bias >= 0) || !isfinite(bias) || !(tol > 0) || !isfinite(tol)) return 1;
  for (size_t i = 0; i < n; i++)
    if ((y[i] != 1 && y[i] != -1) || !(c[i] >= 0) || !isfinite(c[i])) return 1;
  return 0;
}

int trueno_svm_dual_cd(size_t n, size_t p, const double *x, const double *y, const double *c, double bias,
                       int l1_loss, size_t max_iter, double tol, uint32_t seed, double *state) {
  if (bad_args(n, p, x, y, c, bias, tol, state)) return TRUENO_EINVAL;
  double *alpha = calloc(n, sizeof(double)), *qd = malloc(n * sizeof(double));
  uint32_t *index = malloc(n * sizeof(uint32_t));
  if (!alpha || !qd || !index) {
    free(alpha);
    free(qd);
    free(index);
    return TRUENO_ENOMEM;
  }
  const trueno_kernels *k = trueno_k();
  double *w = state;
  for (size_t j = 0; j <= p; j++) w[j] = 0.0;
  for (size_t i = 0; i < n; i++) {
    const double *xi = x + i * p;
    qd[i] = (l1_loss ? 0.0 : 0.5 / c[i]) + ml_dot(k, xi, xi, p) + bias * bias;
    index[i] = (uint32_t)i;
  }
  uint32_t rng = seed;
  size_t active = n, iter = 0;
  double pg_max_old = INFINITY, pg_min_old = -INFINITY;
  while (iter < max_iter) {
    double pg_max_new = -INFINITY, pg_min_new = INFINITY;
    for (size_t s = 0; s < active; s++) {
      const size_t j = s + next_rand(&rng) % (active - s);
      const uint32_t t = index[s];
      index[s] = index[j];
      index[j] = t;
    }
    for (size_t s = 0; s < active; s++) {
      const size_t i = index[s];
      const double *xi = x + i * p;
      const double yi = y[i], diag = l1_loss ? 0.0 : 0.5 / c[i], upper = l1_loss ? c[i] : INFINITY;
      const double g = yi * (ml_dot(k, w, xi, p) + w[p] * bias) - 1 + alpha[i] * diag;
      double pg = 0.0;
      if (alpha[i] == 0) {
        if (g > pg_max_old) {
          active--;
          index[s] = index[active];
          index[active] = (uint32_t)i;
          s--;
          continue;
        }
        if (g < 0) pg = g;
      } else if (alpha[i] == upper) {
        if (g < pg_min_old) {
          active--;
          index[s] = index[active];
          index[active] = (uint32_t)i;
          s--;
          continue;
        }
        if (g > 0) pg = g;
      } else {
        pg = g;
      }
      pg_max_new = fmax(pg_max_new, pg);
      pg_min_new = fmin(pg_min_new, pg);
      if (fabs(pg) > 1.0e-12) {
        const double old = alpha[i];
        alpha[i] = fmin(fmax(alpha[i] - g / qd[i], 0.0), upper);
        const double d = (alpha[i] - old) * yi;
        ml_axpy(k, p, d, xi, w);
        w[p] += d * bias;
      }
    }
    iter++;
    if (pg_max_new - pg_min_new <= tol) {
      if (active == n) break;
      active = n;
      pg_max_old = INFINITY;
      pg_min_old = -INFINITY;
      continue;
    }
    pg_max_old = pg_max_new <= 0 ? INFINITY : pg_max_new;
    pg_min_old = pg_min_new >= 0 ? -INFINITY : pg_min_new;
  }
  state[p + TRUENO_SVM_ITERATIONS] = (double)iter;
  free(alpha);
  free(qd);
  free(index);
  return TRUENO_OK;
}
