/*
 * trueno_svd: thin SVD by one-sided Jacobi (Hestenes) after a Householder QR. The QR shrinks a tall m x n matrix
 * to its n x n R (a wide one is handled as its transpose), Jacobi rotations then orthogonalize R's columns
 * pairwise until every pair is orthogonal to working precision, and the left vectors of R are mapped back through
 * Q with one matrix product. One-sided Jacobi is slower than bidiagonalization for large n but computes small
 * singular values to high relative accuracy, and it is short enough to review.
 */
#include "trueno.h"
#include "ml/householder.h"
#include "ml/linalg_util.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sweeps over every column pair before the iteration is declared not converged (it takes about 6-12 normally). */
#define SVD_MAX_SWEEPS 100

/* Squared norm of the whole n x n matrix g: columns below (DBL_EPSILON * it) are zero to working precision. */
static double frobenius2(size_t n, const double *g) { return trueno_ml_dot(g, g, n * n); }

/*
 * Rotates column pairs of g (n columns of length n, by columns) and of vj until all are orthogonal. A column that
 * is zero to working precision is left alone: rotating it against another only stirs rounding noise, and the
 * iteration would never settle (its left vector is built by left_vectors instead).
 */
static int jacobi_sweeps(size_t n, double *g, double *vj) {
  const double negligible = DBL_EPSILON * DBL_EPSILON * frobenius2(n, g);
  /* columns of length n count as orthogonal at this cosine (LAPACK's dgesvj uses sqrt(m) eps): each rotation leaves
     rounding of about that size behind, so a tighter test can keep the sweeps going without gaining anything */
  const double orthogonal = DBL_EPSILON * sqrt((double)n);
  for (int sweep = 0; sweep < SVD_MAX_SWEEPS; sweep++) {
    int rotated = 0;
    for (size_t p = 0; p + 1 < n; p++) {
      for (size_t q = p + 1; q < n; q++) {
        double *gp = g + p * n, *gq = g + q * n;
        const double alpha = trueno_ml_dot(gp, gp, n), beta = trueno_ml_dot(gq, gq, n);
        const double gamma = trueno_ml_dot(gp, gq, n);
        if (alpha <= negligible || beta <= negligible) continue;
        if (gamma == 0 || fabs(gamma) <= orthogonal * sqrt(alpha) * sqrt(beta)) continue;
        const double zeta = (beta - alpha) / (2 * gamma);
        const double t = copysign(1.0, zeta) / (fabs(zeta) + hypot(1.0, zeta));
        const double c = 1 / sqrt(1 + t * t), s = c * t;
        double *vp = vj + p * n, *vq = vj + q * n;
        for (size_t i = 0; i < n; i++) {
          const double x = gp[i], y = gq[i];
          gp[i] = c * x - s * y;
          gq[i] = s * x + c * y;
          const double vx = vp[i], vy = vq[i];
          vp[i] = c * vx - s * vy;
          vq[i] = s * vx + c * vy;
        }
        rotated = 1;
      }
    }
    if (!rotated) return 0;
  }
  return 1;
}

/*
 * Normalizes the columns of g into u_r (by columns) and their norms into sigma; a column that is zero to working
 * precision (its direction is rounding noise) gets a unit vector orthogonal to every other column instead
 * (Gram-Schmidt, twice, on the unit vectors e_k), so u_r stays orthogonal.
 */
static void left_vectors(size_t n, const double *g, double *sigma, double *ur) {
  const double small = DBL_EPSILON * sqrt(frobenius2(n, g));
  for (size_t c = 0; c < n; c++) {
    sigma[c] = sqrt(trueno_ml_dot(g + c * n, g + c * n, n));
    for (size_t i = 0; i < n; i++) ur[c * n + i] = sigma[c] > small ? g[c * n + i] / sigma[c] : 0;
  }
  for (size_t c = 0; c < n; c++) {
    if (sigma[c] > small) continue;
    double *x = ur + c * n;
    for (size_t k = 0; k < n; k++) {
      memset(x, 0, n * sizeof(double));
      x[k] = 1;
      for (int pass = 0; pass < 2; pass++) {
        for (size_t o = 0; o < n; o++) {
          if (o == c || (sigma[o] <= small && o > c)) continue;
          trueno_ml_axpy(-trueno_ml_dot(ur + o * n, x, n), ur + o * n, x, n);
        }
      }
      const double norm = sqrt(trueno_ml_dot(x, x, n));
      if (norm > 0.5) {
        for (size_t i = 0; i < n; i++) x[i] /= norm;
        break;
      }
    }
  }
}

int trueno_svd(size_t m, size_t n, const double *a, double *u, double *s, double *vt, int64_t *info) {
  if (!info || trueno_ml_too_big(m, n)) return TRUENO_EINVAL;
  const size_t k = m < n ? m : n;
  if (k > 0 && (!a || !u || !s || !vt)) return TRUENO_EINVAL;
  for (size_t i = 0; i < m * n; i++)
    if (!isfinite(a[i])) return TRUENO_EINVAL;
  *info = 0;
  if (k == 0) return TRUENO_OK;
  /* B = a (m >= n) or a^T (m < n), tall: big x k, worked on by columns */
  const size_t big = m < n ? n : m;
  double *bt = malloc(big * k * sizeof(double));
  double *qt = malloc(big * k * sizeof(double));
  double *ub = malloc(big * k * sizeof(double));
  double *work = malloc((4 * k * k + 2 * k) * sizeof(double));
  size_t *order = malloc(k * sizeof(size_t));
  if (!bt || !qt || !ub || !work || !order) {
    free(bt);
    free(qt);
    free(ub);
    free(work);
    free(order);
    return TRUENO_ENOMEM;
  }
  double *g = work, *vj = work + k * k, *ur = work + 2 * k * k, *sigma = work + 3 * k * k, *tau = sigma + k;
  if (m >= n) {
    for (size_t i = 0; i < m; i++)
      for (size_t c = 0; c < n; c++) bt[c * m + i] = a[i * n + c];
  } else {
    memcpy(bt, a, m * n * sizeof(double)); /* column c of a^T is row c of a */
  }
  trueno_ml_householder(big, k, bt, tau);
  trueno_ml_form_q(big, k, bt, tau, qt);
  for (size_t c = 0; c < k; c++)
    for (size_t i = 0; i < k; i++) g[c * k + i] = i <= c ? bt[c * big + i] : 0;
  memset(vj, 0, k * k * sizeof(double));
  for (size_t i = 0; i < k; i++) vj[i * k + i] = 1;
  if (jacobi_sweeps(k, g, vj)) {
    *info = 1;
  } else {
    left_vectors(k, g, sigma, ur);
    /* U_B (big x k) = Q U_r: both are held by columns, so both operands are transposed */
    trueno_gemm(TRUENO_F64, 1, 1, big, k, k, 1.0, qt, big, ur, k, 0.0, ub, k);
    for (size_t c = 0; c < k; c++) {
      size_t at = c;
      while (at > 0 && sigma[order[at - 1]] < sigma[c]) {
        order[at] = order[at - 1];
        at--;
      }
      order[at] = c;
    }
    for (size_t c = 0; c < k; c++) {
      const size_t src = order[c];
      /* right vector of a: column src of V_B (m >= n) or of U_B (m < n) */
      double sign = 1, largest = -1;
      for (size_t j = 0; j < n; j++) {
        const double x = m >= n ? vj[src * k + j] : ub[j * k + src];
        if (fabs(x) > largest) {
          largest = fabs(x);
          sign = x < 0 ? -1 : 1;
        }
      }
      s[c] = sigma[src];
      for (size_t j = 0; j < n; j++) vt[c * n + j] = sign * (m >= n ? vj[src * k + j] : ub[j * k + src]);
      for (size_t i = 0; i < m; i++) u[i * k + c] = sign * (m >= n ? ub[i * k + src] : vj[src * k + i]);
    }
  }
  free(bt);
  free(qt);
  free(ub);
  free(work);
  free(order);
  return TRUENO_OK;
}
