/*
 * One epoch of plain SGD, a port of scikit-learn's _plain_sgd (sklearn/linear_model/_sgd_fast.pyx.tp) and its
 * WeightVector (sklearn/utils/_weight_vector.pyx.tp) for dense rows: w is kept as wscale * w so that L2 shrinking
 * costs O(1) per sample, the averaged weights use Bottou's (a, b) trick, and L1 uses the cumulative penalty of
 * Tsuruoka et al. The weight scale and averaging state are folded into the arrays at the end of every epoch (what
 * scikit-learn's reset_wscale does at any point), so epochs chain through `state` alone. Serial by nature.
 */
#include "trueno.h"
#include "ml/ml_util.h"

#include <stdlib.h>

#define MAX_DLOSS 1e12

typedef struct {
  const trueno_kernels *kt;
  size_t p;
  double *w, *aw;
  double wscale, sq_norm, l1_norm, average_a, average_b;
} weight_vector;

/* Folds the scale into w and the (a, b) representation into aw. */
static void reset_wscale(weight_vector *v) {
  if (v->aw) {
    ml_axpy(v->kt, v->p, v->average_a, v->w, v->aw);
    for (size_t j = 0; j < v->p; j++) v->aw[j] *= 1.0 / v->average_b;
    v->average_a = 0.0;
    v->average_b = 1.0;
  }
  for (size_t j = 0; j < v->p; j++) v->w[j] *= v->wscale;
  v->wscale = 1.0;
}

static void scale(weight_vector *v, double c) {
  v->wscale *= c;
  v->sq_norm *= c * c;
  v->l1_norm *= fabs(c);
  if (v->wscale < 1e-9) reset_wscale(v);
}

static void add(weight_vector *v, const double *x, double c) {
  double l2 = 0.0, l1 = 0.0;
  const double step = c / v->wscale;
  for (size_t j = 0; j < v->p; j++) {
    v->w[j] += x[j] * step;
    l2 += v->w[j] * v->w[j];
    l1 += fabs(v->w[j]);
  }
  v->sq_norm = l2 * (v->wscale * v->wscale);
  v->l1_norm = l1 * v->wscale;
}

static void add_average(weight_vector *v, const double *x, double c, double num_iter) {
  const double mu = 1.0 / num_iter, step = v->average_a * (-c / v->wscale);
  for (size_t j = 0; j < v->p; j++) v->aw[j] += step * x[j];
  if (num_iter > 1) v->average_b /= (1.0 - mu);
  v->average_a += mu * v->average_b * v->wscale;
}

/* Clips every weight toward 0 by the L1 penalty accumulated so far (u) minus what it already received (q). */
static void l1_penalty(weight_vector *v, double *q, double u) {
  const double wscale = v->wscale;
  for (size_t j = 0; j < v->p; j++) {
    const double z = v->w[j];
    if (wscale * z > 0.0) v->w[j] = fmax(0.0, v->w[j] - ((u + q[j]) / wscale));
    else if (wscale * z < 0.0) v->w[j] = fmin(0.0, v->w[j] + ((u - q[j]) / wscale));
    q[j] += wscale * (v->w[j] - z);
  }
}

static double loss_value(int loss, double param, double y, double p) {
  switch (loss) {
  case TRUENO_SGD_HINGE: return p * y <= param ? param - p * y : 0.0;
  case TRUENO_SGD_SQUARED_HINGE: {
    const double z = param - p * y;
    return z > 0 ? z * z : 0.0;
  }
  case TRUENO_SGD_LOG: return ml_binomial_loss(y, p);
  case TRUENO_SGD_MODIFIED_HUBER: {
    const double z = p * y;
    return z >= 1.0 ? 0.0 : z >= -1.0 ? (1.0 - z) * (1.0 - z) : -4.0 * z;
  }
  case TRUENO_SGD_SQUARED_ERROR: return 0.5 * (p - y) * (p - y);
  case TRUENO_SGD_HUBER: {
    const double e = fabs(y - p);
    return e <= param ? 0.5 * e * e : param * (e - 0.5 * param);
  }
  case TRUENO_SGD_EPSILON_INSENSITIVE: return fmax(fabs(y - p) - param, 0.0);
  default: {
    const double e = fabs(y - p) - param;
    return e > 0 ? e * e : 0.0;
  }
  }
}

static double loss_gradient(int loss, double param, double y, double p) {
  switch (loss) {
  case TRUENO_SGD_HINGE: return p * y <= param ? -y : 0.0;
  case TRUENO_SGD_SQUARED_HINGE: {
    const double z = param - p * y;
    return z > 0 ? -2 * y * z : 0.0;
  }
  case TRUENO_SGD_LOG: return ml_binomial_gradient(y, p);
  case TRUENO_SGD_MODIFIED_HUBER: {
    const double z = p * y;
    return z >= 1.0 ? 0.0 : z >= -1.0 ? 2.0 * (1.0 - z) * -y : -4.0 * y;
  }
  case TRUENO_SGD_SQUARED_ERROR: return p - y;
  case TRUENO_SGD_HUBER: {
    const double r = p - y;
    return fabs(r) <= param ? r : r >= 0 ? param : -param;
  }
  case TRUENO_SGD_EPSILON_INSENSITIVE: return y - p > param ? -1.0 : p - y > param ? 1.0 : 0.0;
  default: {
    const double z = y - p;
    return z > param ? -2 * (z - param) : z < -param ? 2 * (-z - param) : 0.0;
  }
  }
}

static int bad_args(size_t n, size_t p, const double *x, const double *y, const int32_t *order, size_t m,
                    const double *q, const double *state) {
  if (n == 0 || p == 0 || m == 0 || !x || !y || !order || !q || !state) return 1;
  if (ml_mul(n, p) > SIZE_MAX / sizeof(double) || p > SIZE_MAX / sizeof(double) / 4) return 1;
  for (size_t i = 0; i < TRUENO_SGD_NPARAMS; i++)
    if (!isfinite(q[i])) return 1;
  const double loss = q[TRUENO_SGD_LOSS], penalty = q[TRUENO_SGD_PENALTY], schedule = q[TRUENO_SGD_SCHEDULE];
  if (!(loss >= 0 && loss < TRUENO_SGD_LOSS_COUNT && loss == floor(loss))) return 1;
  if (!(penalty >= TRUENO_SGD_NO_PENALTY && penalty <= TRUENO_SGD_ELASTICNET && penalty == floor(penalty))) return 1;
  if (!(schedule >= TRUENO_SGD_CONSTANT && schedule <= TRUENO_SGD_INVSCALING && schedule == floor(schedule))) return 1;
  if (schedule == TRUENO_SGD_OPTIMAL && !(q[TRUENO_SGD_ALPHA] > 0)) return 1;
  if (q[TRUENO_SGD_ALPHA] < 0 || q[TRUENO_SGD_L1_RATIO] < 0 || q[TRUENO_SGD_L1_RATIO] > 1) return 1;
  for (size_t i = 0; i < m; i++)
    if (order[i] < 0 || (size_t)order[i] >= n) return 1;
  return !isfinite(state[p + TRUENO_SGD_T]);
}

int trueno_sgd_epoch(size_t n, size_t p, const double *x, const double *y, const double *sw, const int32_t *order,
                     size_t m, const double *params, double *state) {
  if (bad_args(n, p, x, y, order, m, params, state)) return TRUENO_EINVAL;
  const int loss = (int)params[TRUENO_SGD_LOSS], penalty = (int)params[TRUENO_SGD_PENALTY];
  const int schedule = (int)params[TRUENO_SGD_SCHEDULE], fit_intercept = params[TRUENO_SGD_FIT_INTERCEPT] != 0;
  const double param = params[TRUENO_SGD_LOSS_PARAM], alpha = params[TRUENO_SGD_ALPHA];
  const double eta0 = params[TRUENO_SGD_ETA0], power_t = params[TRUENO_SGD_POWER_T];
  const double weight_pos = params[TRUENO_SGD_WEIGHT_POS], weight_neg = params[TRUENO_SGD_WEIGHT_NEG];
  const double average = params[TRUENO_SGD_AVERAGE];
  const double l1_ratio = penalty == TRUENO_SGD_L2 ? 0.0 : penalty == TRUENO_SGD_L1 ? 1.0 : params[TRUENO_SGD_L1_RATIO];
  double *scalars = state + p, *aw = scalars + TRUENO_SGD_NSCALARS, *q = aw + p;
  weight_vector v = {trueno_k(), p, state, average > 0 ? aw : NULL, 1.0, 0.0, 0.0, 0.0, 1.0};
  v.sq_norm = ml_dot(v.kt, v.w, v.w, p);
  for (size_t j = 0; j < p; j++) v.l1_norm += fabs(v.w[j]);
  double intercept = scalars[TRUENO_SGD_INTERCEPT], avg_intercept = scalars[TRUENO_SGD_AVG_INTERCEPT];
  double t = scalars[TRUENO_SGD_T], u = scalars[TRUENO_SGD_U], objective = 0.0;
  double optimal_init = 0.0;
  if (schedule == TRUENO_SGD_OPTIMAL) {
    const double typw = sqrt(1.0 / sqrt(alpha));
    const double initial_eta0 = typw / fmax(1.0, loss_gradient(loss, param, 1.0, -typw));
    optimal_init = 1.0 / (initial_eta0 * alpha);
  }
  for (size_t s = 0; s < m; s++) {
    const size_t i = (size_t)order[s];
    const double *xi = x + i * p, yi = y[i];
    const double pred = ml_dot(v.kt, v.w, xi, p) * v.wscale + intercept;
    const double eta = schedule == TRUENO_SGD_OPTIMAL ? 1.0 / (alpha * (optimal_init + t - 1))
                       : schedule == TRUENO_SGD_INVSCALING ? eta0 / pow(t, power_t) : eta0;
    objective += loss_value(loss, param, yi, pred);
    if (penalty != TRUENO_SGD_NO_PENALTY) {
      const double norm = sqrt(v.sq_norm);
      objective += alpha * ((1 - l1_ratio) * 0.5 * norm * norm + l1_ratio * v.l1_norm);
    }
    const double dloss = fmin(fmax(loss_gradient(loss, param, yi, pred), -MAX_DLOSS), MAX_DLOSS);
    const double update = -eta * dloss * (yi > 0.0 ? weight_pos : weight_neg) * (sw ? sw[i] : 1.0);
    if (penalty >= TRUENO_SGD_L2) scale(&v, fmax(0, 1.0 - ((1.0 - l1_ratio) * eta * alpha)));
    if (update != 0.0) add(&v, xi, update);
    if (fit_intercept && update != 0) intercept += update;
    if (average > 0 && average <= t) {
      add_average(&v, xi, update, t - average + 1);
      avg_intercept += (intercept - avg_intercept) / (t - average + 1);
    }
    if (penalty == TRUENO_SGD_L1 || penalty == TRUENO_SGD_ELASTICNET) {
      u += l1_ratio * eta * alpha;
      l1_penalty(&v, q, u);
    }
    t += 1;
  }
  reset_wscale(&v);
  scalars[TRUENO_SGD_INTERCEPT] = intercept;
  scalars[TRUENO_SGD_AVG_INTERCEPT] = avg_intercept;
  scalars[TRUENO_SGD_T] = t;
  scalars[TRUENO_SGD_U] = u;
  scalars[TRUENO_SGD_OBJECTIVE] = objective;
  scalars[TRUENO_SGD_STATUS] = !isfinite(intercept) || !ml_all_finite(v.w, p);
  return TRUENO_OK;
}
