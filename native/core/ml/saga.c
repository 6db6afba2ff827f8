/*
 * One epoch of SAG / SAGA, a port of scikit-learn's sag (sklearn/linear_model/_sag_fast.pyx.tp) for dense rows: the
 * same just-in-time ("lagged") updates, weight scale, proximal L1 step and intercept rule, so that a fit follows
 * scikit-learn's iterates given the same sample order. Serial by nature (each step reads the previous one).
 */
#include "trueno.h"
#include "ml/ml_util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  size_t m, p, k; /* m: positions in this epoch */
  int prox;
  double *w, *sum_gradient;
  double *cum, *cum_prox; /* cumulative step sums of this epoch (cum_prox: L1 steps, when prox) */
  size_t *hist;           /* per feature: the position after its last update (0: none this epoch) */
} lagged;

static double soft_threshold(double x, double shrink) { return fmax(x - shrink, 0) - fmax(-x - shrink, 0); }

/*
 * Applies the steps owed to every feature up to position s (scikit-learn's lagged_update over a dense row). reset:
 * also folds wscale into the weights and restarts the bookkeeping. Returns 0, or -1 when a weight overflowed.
 */
static int lagged_update(const lagged *l, double wscale, size_t s, int reset) {
  for (size_t f = 0; f < l->p; f++) {
    double cum_sum = l->cum[s - 1], cum_sum_prox = l->prox ? l->cum_prox[s - 1] : 0.0;
    if (l->hist[f] != 0) {
      cum_sum -= l->cum[l->hist[f] - 1];
      if (l->prox) cum_sum_prox -= l->cum_prox[l->hist[f] - 1];
    }
    for (size_t c = 0; c < l->k; c++) {
      const size_t idx = f * l->k + c;
      if (!l->prox) {
        l->w[idx] -= cum_sum * l->sum_gradient[idx];
      } else if (fabs(l->sum_gradient[idx] * cum_sum) < cum_sum_prox) {
        l->w[idx] -= cum_sum * l->sum_gradient[idx];
        l->w[idx] = soft_threshold(l->w[idx], cum_sum_prox);
      } else {
        for (size_t lag = s; lag-- > l->hist[f];) {
          const double grad_step = lag > 0 ? l->cum[lag] - l->cum[lag - 1] : l->cum[lag];
          const double prox_step = lag > 0 ? l->cum_prox[lag] - l->cum_prox[lag - 1] : l->cum_prox[lag];
          l->w[idx] -= l->sum_gradient[idx] * grad_step;
          l->w[idx] = soft_threshold(l->w[idx], prox_step);
        }
      }
      if (reset) {
        l->w[idx] *= wscale;
        if (!isfinite(l->w[idx])) return -1;
      }
    }
    l->hist[f] = reset ? s % l->m : s;
  }
  if (reset) {
    l->cum[s - 1] = 0.0;
    if (l->prox) l->cum_prox[s - 1] = 0.0;
  }
  return 0;
}

static int bad_args(size_t n, size_t p, size_t k, const double *x, const double *y, const int32_t *order, size_t m,
                    const double *params, const double *state) {
  if (n == 0 || p == 0 || k == 0 || m == 0 || !x || !y || !order || !params || !state) return 1;
  if (ml_mul(n, p) > SIZE_MAX / sizeof(double) || ml_mul(ml_mul(p, k), 4) > SIZE_MAX / sizeof(double)) return 1;
  if (ml_mul(n, k) > SIZE_MAX / sizeof(double) / 2 || m > SIZE_MAX / sizeof(double) / 2) return 1;
  for (size_t i = 0; i < m; i++)
    if (order[i] < 0 || (size_t)order[i] >= n) return 1;
  for (size_t i = 0; i < n; i++) {
    const double v = y[i];
    if (k == 1 ? !(v >= 0 && v <= 1) : !(v >= 0 && v < (double)k && v == floor(v))) return 1;
  }
  const double step = params[TRUENO_SAGA_STEP], alpha = params[TRUENO_SAGA_ALPHA], beta = params[TRUENO_SAGA_BETA];
  return !(step > 0) || !isfinite(step) || !(alpha >= 0) || !isfinite(alpha) || !(beta >= 0) || !isfinite(beta) ||
         step * alpha == 1;
}

/* The per-sample gradient of the loss (times the sample weight) at raw predictions pred, into g. */
static void sample_gradient(size_t k, double y, double w, const double *pred, double *g) {
  if (k == 1) {
    g[0] = ml_binomial_gradient(y, pred[0]) * w;
    return;
  }
  ml_softmax(pred, g, k);
  g[(size_t)y] -= 1.0;
  for (size_t c = 0; c < k; c++) g[c] *= w;
}

int trueno_saga_epoch(size_t n, size_t p, size_t k, const double *x, const double *y, const double *sw,
                      const int32_t *order, size_t m, const double *params, double *state) {
  if (bad_args(n, p, k, x, y, order, m, params, state)) return TRUENO_EINVAL;
  const double step = params[TRUENO_SAGA_STEP], alpha = params[TRUENO_SAGA_ALPHA], beta = params[TRUENO_SAGA_BETA];
  const int fit_intercept = params[TRUENO_SAGA_FIT_INTERCEPT] != 0, saga = params[TRUENO_SAGA_IS_SAGA] != 0;
  const size_t pk = p * k;
  const trueno_kernels *kt = trueno_k();
  double *w = state, *intercept = w + pk, *sum_gradient = intercept + k, *intercept_sum = sum_gradient + pk;
  double *memory = intercept_sum + k, *seen = memory + n * k, *num_seen = seen + n, *status = num_seen + 1;
  double *scratch = malloc((2 * m + 2 * k) * sizeof(double));
  size_t *hist = calloc(p, sizeof(size_t));
  if (!scratch || !hist) {
    free(scratch);
    free(hist);
    return TRUENO_ENOMEM;
  }
  const int prox = beta > 0 && saga;
  lagged l = {m, p, k, prox, w, sum_gradient, scratch, scratch + m, hist};
  double *pred = scratch + 2 * m, *g = pred + k;
  const double wscale_update = 1.0 - step * alpha;
  double wscale = 1.0;
  int failed = 0;
  for (size_t s = 0; s < m && !failed; s++) {
    const size_t i = (size_t)order[s];
    const double *xi = x + i * p;
    if (seen[i] == 0) {
      *num_seen += 1;
      seen[i] = 1;
    }
    if (s > 0 && lagged_update(&l, wscale, s, 0) != 0) {
      failed = 1;
      break;
    }
    for (size_t c = 0; c < k; c++) {
      double dot = 0.0;
      if (k == 1) {
        dot = ml_dot(kt, w, xi, p);
      } else {
        for (size_t f = 0; f < p; f++) dot += w[f * k + c] * xi[f];
      }
      pred[c] = wscale * dot + intercept[c];
    }
    sample_gradient(k, y[i], sw ? sw[i] : 1.0, pred, g);
    wscale *= wscale_update;
    const double *mem = memory + i * k;
    for (size_t f = 0; f < p; f++) {
      for (size_t c = 0; c < k; c++) {
        const double correction = xi[f] * (g[c] - mem[c]);
        if (saga) w[f * k + c] -= correction * step * (1 - 1. / *num_seen) / wscale;
        sum_gradient[f * k + c] += correction;
      }
    }
    if (fit_intercept) {
      for (size_t c = 0; c < k; c++) {
        double correction = g[c] - mem[c];
        intercept_sum[c] += correction;
        correction *= step * (1. - 1. / *num_seen);
        intercept[c] -= step * intercept_sum[c] / *num_seen + (saga ? correction : 0.0);
        if (!isfinite(intercept[c])) failed = 1;
      }
      if (failed) break;
    }
    memcpy(memory + i * k, g, k * sizeof(double));
    l.cum[s] = (s > 0 ? l.cum[s - 1] : 0.0) + step / (wscale * *num_seen);
    if (prox) l.cum_prox[s] = (s > 0 ? l.cum_prox[s - 1] : 0.0) + step * beta / wscale;
    if (wscale < 1e-9) {
      if (lagged_update(&l, wscale, s + 1, 1) != 0) failed = 1;
      wscale = 1.0;
    }
  }
  if (!failed && lagged_update(&l, wscale, m, 1) != 0) failed = 1;
  *status = failed;
  free(scratch);
  free(hist);
  return TRUENO_OK;
}
