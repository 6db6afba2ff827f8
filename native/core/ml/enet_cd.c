/*
 * Elastic-net coordinate descent, a line-by-line port of scikit-learn's enet_coordinate_descent (dense X, no Gram
 * matrix) so that coefficients, duality gaps and sweep counts match it: the same update order, the same stopping
 * rule (max |dw| / max |w| <= tol, then the duality gap <= tol * y.y) and the same gap-safe screening. X arrives
 * transposed (one contiguous row per feature), so every column product is a contiguous, vectorized dot/axpy over
 * the active ISA's kernels.
 */
#include "trueno.h"
#include "ml/ml_util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  const trueno_kernels *k;
  size_t n, p;
  const double *xt, *y;
  double alpha, beta;
  int positive;
  double *w, *r, *xta, *norm2;
} cd_problem;

/* scikit-learn's our_rand_r (xorshift32 folded to [0, 2^31)); a zero state restarts at 1. */
static uint32_t rand_r31(uint32_t *state) {
  if (*state == 0) *state = 1;
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state % ((uint32_t)2147483647 + 1);
}

static double fsign(double f) { return f == 0 ? 0.0 : f > 0 ? 1.0 : -1.0; }

/*
 * The duality gap of the current w (gap_enet): XtA = X^T R - beta w, its dual norm (max, or max |.|), and the gap of
 * formulation A (alpha > 0), formulation B (alpha == 0, beta > 0) or the OLS first-order condition.
 */
static double duality_gap(const cd_problem *c, double *dual_norm) {
  const size_t n = c->n, p = c->p;
  const double w_l2 = c->beta > 0 ? ml_dot(c->k, c->w, c->w, p) : 0.0;
  const double r_norm2 = ml_dot(c->k, c->r, c->r, n);
  const double ry = (c->alpha == 0 && c->beta == 0) ? 0.0 : ml_dot(c->k, c->r, c->y, n);
  if (c->alpha == 0) {
    double norm = 0.0;
    for (size_t j = 0; j < p; j++) {
      c->xta[j] = ml_dot(c->k, c->xt + j * n, c->r, n);
      norm += c->xta[j] * c->xta[j];
    }
    *dual_norm = norm;
    if (c->beta == 0) return norm;
    return r_norm2 + 0.5 * c->beta * w_l2 - ry + 1 / (2 * c->beta) * norm;
  }
  double norm = 0.0, w_l1 = 0.0;
  for (size_t j = 0; j < p; j++) {
    c->xta[j] = ml_dot(c->k, c->xt + j * n, c->r, n) - c->beta * c->w[j];
    const double v = c->positive ? c->xta[j] : fabs(c->xta[j]);
    if (j == 0 || v > norm) norm = v;
    w_l1 += fabs(c->w[j]);
  }
  *dual_norm = norm;
  const double primal = 0.5 * (r_norm2 + c->beta * w_l2) + c->alpha * w_l1;
  const double scale = norm > c->alpha ? c->alpha / norm : 1.0;
  const double dual = -0.5 * (scale * scale) * (r_norm2 + c->beta * w_l2) + scale * ry;
  return primal - dual;
}

/*
 * Gap-safe screening (Ndiaye et al. 2017, eq. 11): keeps in active[0..) the features not yet excluded whose dual
 * constraint may be tight, zeroes the others (folding them back into the residual). Returns the active count.
 */
static size_t screen(const cd_problem *c, double gap, double dual_norm, uint32_t *active, uint8_t *excluded) {
  size_t n_active = 0;
  const double radius = sqrt(2 * gap) / c->alpha, denom = c->alpha > dual_norm ? c->alpha : dual_norm;
  for (size_t j = 0; j < c->p; j++) {
    if (excluded[j]) continue;
    const double d_j = (1 - fabs(c->xta[j] / denom)) / sqrt(c->norm2[j] + c->beta);
    if (d_j <= radius) {
      active[n_active++] = (uint32_t)j;
    } else {
      if (c->w[j] != 0) {
        ml_axpy(c->k, c->n, c->w[j], c->xt + j * c->n, c->r);
        c->w[j] = 0;
      }
      excluded[j] = 1;
    }
  }
  return n_active;
}

/* One coordinate update of feature j (the body of scikit-learn's sweep); returns |w_j new - w_j old|. */
static double update_coordinate(const cd_problem *c, size_t j) {
  const double *xj = c->xt + j * c->n;
  const double w_j = c->w[j];
  const double tmp = ml_dot(c->k, xj, c->r, c->n) + w_j * c->norm2[j];
  if (c->positive && tmp < 0)
    c->w[j] = 0.0;
  else
    c->w[j] = fsign(tmp) * fmax(fabs(tmp) - c->alpha, 0) / (c->norm2[j] + c->beta);
  if (c->w[j] != w_j) ml_axpy(c->k, c->n, w_j - c->w[j], xj, c->r);
  return fabs(c->w[j] - w_j);
}

static int bad_args(size_t n, size_t p, const double *xt, const double *y, double alpha, double beta, double tol,
                    const double *state) {
  if (n == 0 || p == 0 || !xt || !y || !state) return 1;
  if (ml_mul(n, p) > SIZE_MAX / sizeof(double) || p > UINT32_MAX || p > SIZE_MAX / sizeof(double) - 8) return 1;
  return !(alpha >= 0) || !isfinite(alpha) || !(beta >= 0) || !isfinite(beta) || !(tol >= 0);
}

int trueno_enet_cd(size_t n, size_t p, const double *xt, const double *y, double alpha, double beta, size_t max_iter,
                   double tol, int positive, int random, uint32_t seed, int screening, double *state) {
  if (bad_args(n, p, xt, y, alpha, beta, tol, state)) return TRUENO_EINVAL;
  double *scratch = malloc((n + 2 * p) * sizeof(double));
  uint32_t *active = malloc(p * sizeof(uint32_t));
  uint8_t *excluded = calloc(p, 1);
  if (!scratch || !active || !excluded) {
    free(scratch);
    free(active);
    free(excluded);
    return TRUENO_ENOMEM;
  }
  cd_problem c = {trueno_k(), n, p, xt, y, alpha, beta, positive != 0, state, scratch, scratch + n, scratch + n + p};
  const int do_screening = screening && alpha != 0;
  for (size_t j = 0; j < p; j++) c.norm2[j] = ml_dot(c.k, xt + j * n, xt + j * n, n);
  /* R = y - X w */
  memcpy(c.r, y, n * sizeof(double));
  for (size_t j = 0; j < p; j++)
    if (c.w[j] != 0) ml_axpy(c.k, n, -c.w[j], xt + j * n, c.r);
  const double d_w_tol = tol;
  tol *= ml_dot(c.k, y, y, n);
  double dual_norm = 0.0;
  double gap = duality_gap(&c, &dual_norm);
  size_t sweeps = 0;
  if (gap > tol) {
    size_t n_active = p;
    if (do_screening) {
      for (size_t j = 0; j < p; j++) {
        if (c.norm2[j] == 0) {
          c.w[j] = 0;
          excluded[j] = 1;
        }
      }
      n_active = screen(&c, gap, dual_norm, active, excluded);
    }
    uint32_t rng = seed;
    for (size_t iter = 0; iter < max_iter; iter++) {
      sweeps = iter + 1;
      double w_max = 0.0, d_w_max = 0.0;
      for (size_t f = 0; f < n_active; f++) {
        size_t j = random ? rand_r31(&rng) % (uint32_t)n_active : f;
        if (do_screening) j = active[j];
        if (c.norm2[j] == 0.0) continue;
        d_w_max = fmax(d_w_max, update_coordinate(&c, j));
        w_max = fmax(w_max, fabs(c.w[j]));
      }
      if (w_max == 0.0 || d_w_max / w_max <= d_w_tol || iter == max_iter - 1) {
        gap = duality_gap(&c, &dual_norm);
        if (gap <= tol) break;
        if (do_screening) n_active = screen(&c, gap, dual_norm, active, excluded);
      }
    }
  }
  state[p + TRUENO_ENET_GAP] = gap;
  state[p + TRUENO_ENET_TOL_SCALED] = tol;
  state[p + TRUENO_ENET_SWEEPS] = (double)sweeps;
  free(scratch);
  free(active);
  free(excluded);
  return TRUENO_OK;
}
