/*
 * The ml kernels (native/core/ml) at every ISA level with 1 and 2 threads: elastic-net coordinate descent reaches
 * the optimality (KKT) conditions with a small duality gap, cyclic and random; the logistic loss/gradient and
 * Hessian products match a direct computation here and finite differences, with the same bits for 1 and 2 threads;
 * SAGA and SGD epochs drive the gradient of their objectives to 0; SVM dual coordinate descent reaches a zero primal
 * gradient; bad arguments are EINVAL with outputs untouched.
 */
#include "check.h"

#include <stdint.h>
#include <string.h>

#define N 1500 /* rows: three logistic blocks */
#define P 7
#define K 3

static double x[N * P], xt[P * N], y_reg[N], y_bin[N], y_cls[N], sw[N];

static void make_inputs(void) {
  for (unsigned i = 0; i < N; i++) {
    double s = 0.0, s2 = 0.0;
    for (unsigned j = 0; j < P; j++) {
      x[i * P + j] = check_sym(1, i * P + j) * (1.0 + j);
      xt[j * N + i] = x[i * P + j];
      s += x[i * P + j] * (j % 3 == 0 ? 0.8 : j % 3 == 1 ? -0.3 : 0.0);
      s2 += x[i * P + j] * (j % 2 ? 0.5 : -0.2);
    }
    y_reg[i] = s + 0.1 * check_sym(2, i);
    y_bin[i] = s + 0.5 * check_sym(3, i) > 0 ? 1.0 : 0.0;
    y_cls[i] = s > 0.4 ? 2.0 : s2 > 0 ? 1.0 : 0.0;
    sw[i] = 0.5 + (check_sym(4, i) + 1.0);
  }
}

/* The elastic-net optimality conditions at w: X_j.R - beta w_j = alpha sign(w_j), or |X_j.R| <= alpha at 0. */
static double kkt_violation(const double *w, double alpha, double beta) {
  double r[N], worst = 0.0;
  for (unsigned i = 0; i < N; i++) {
    r[i] = y_reg[i];
    for (unsigned j = 0; j < P; j++) r[i] -= x[i * P + j] * w[j];
  }
  for (unsigned j = 0; j < P; j++) {
    double g = 0.0;
    for (unsigned i = 0; i < N; i++) g += x[i * P + j] * r[i];
    const double v = w[j] != 0 ? fabs(g - beta * w[j] - alpha * (w[j] > 0 ? 1 : -1)) : fmax(fabs(g) - alpha, 0.0);
    if (v > worst) worst = v;
  }
  return worst;
}

static void test_enet(void) {
  const double alphas[3] = {5.0, 50.0, 0.0}, betas[3] = {0.0, 20.0, 10.0};
  for (int c = 0; c < 3; c++) {
    for (int random = 0; random <= 1; random++) {
      double state[P + 3] = {0};
      CHECK(trueno_enet_cd(N, P, xt, y_reg, alphas[c], betas[c], 1000, 1e-12, 0, random, 7, 1, state) == TRUENO_OK,
            "enet ok");
      CHECK(state[P] <= state[P + 1], "gap %g <= tol %g", state[P], state[P + 1]);
      CHECK(state[P + 2] >= 1 && state[P + 2] < 1000, "sweeps %g", state[P + 2]);
      CHECK(kkt_violation(state, alphas[c], betas[c]) < 1e-4, "KKT case %d random %d: %g", c, random,
            kkt_violation(state, alphas[c], betas[c]));
    }
  }
  double pos[P + 3] = {0};
  CHECK(trueno_enet_cd(N, P, xt, y_reg, 5.0, 0.0, 1000, 1e-10, 1, 0, 0, 1, pos) == TRUENO_OK, "positive");
  int nonneg = 1;
  for (int j = 0; j < P; j++) nonneg &= pos[j] >= 0;
  CHECK(nonneg, "positive keeps w >= 0");
  double big[P + 3] = {0};
  CHECK(trueno_enet_cd(N, P, xt, y_reg, 1e9, 0.0, 10, 1e-4, 0, 0, 0, 1, big) == TRUENO_OK && big[P + 2] == 0, "alpha_max");
  double untouched[P + 3] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  CHECK(trueno_enet_cd(0, P, xt, y_reg, 1, 0, 10, 1e-4, 0, 0, 0, 1, untouched) == TRUENO_EINVAL, "n = 0");
  CHECK(trueno_enet_cd(N, P, xt, y_reg, -1, 0, 10, 1e-4, 0, 0, 0, 1, untouched) == TRUENO_EINVAL, "alpha < 0");
  CHECK(trueno_enet_cd(N, P, xt, y_reg, 1, NAN, 10, 1e-4, 0, 0, 0, 1, untouched) == TRUENO_EINVAL, "beta NaN");
  CHECK(trueno_enet_cd(N, P, NULL, y_reg, 1, 0, 10, 1e-4, 0, 0, 0, 1, untouched) == TRUENO_EINVAL, "NULL xt");
  CHECK(untouched[0] == 1 && untouched[P + 2] == 10, "state untouched");
}

/* Loss and gradient computed directly (naive loops, same formulas) for k classes (k == 1: binomial). */
static double direct_grad(int k, const double *y, const double *coef, int fi, double *grad) {
  const int stride = P + fi;
  double loss = 0.0;
  memset(grad, 0, sizeof(double) * (size_t)(k * stride));
  for (unsigned i = 0; i < N; i++) {
    double raw[K], g[K];
    for (int c = 0; c < k; c++) {
      raw[c] = fi ? coef[c * stride + P] : 0.0;
      for (int j = 0; j < P; j++) raw[c] += x[i * P + j] * coef[c * stride + j];
    }
    if (k == 1) {
      loss += sw[i] * (log1p(exp(raw[0])) - y[i] * raw[0]);
      g[0] = sw[i] * (1.0 / (1.0 + exp(-raw[0])) - y[i]);
    } else {
      double sum = 0.0;
      for (int c = 0; c < k; c++) sum += exp(raw[c]);
      loss += sw[i] * (log(sum) - raw[(int)y[i]]);
      for (int c = 0; c < k; c++) g[c] = sw[i] * (exp(raw[c]) / sum - (c == (int)y[i]));
    }
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < P; j++) grad[c * stride + j] += g[c] * x[i * P + j];
      if (fi) grad[c * stride + P] += g[c];
    }
  }
  return loss;
}

/* Gradient, Hessian product and thread-count invariance of one (k, fit_intercept) case in the active config. */
static void check_logistic(int k, int fi, double *first) {
  const int len = k * (P + fi);
  const double *y = k == 1 ? y_bin : y_cls;
  double coef[K * (P + 1)], out[1 + K * (P + 1)], want[K * (P + 1)];
  for (int i = 0; i < len; i++) coef[i] = 0.3 * check_sym(5, (unsigned)i);
  CHECK(trueno_logistic_grad(N, P, (size_t)k, x, y, sw, coef, fi, out) == TRUENO_OK, "grad ok");
  const double loss = direct_grad(k, y, coef, fi, want);
  CHECK(check_close(out[0], loss, 1e-12, 0), "loss %g vs %g", out[0], loss);
  int close = 1;
  for (int i = 0; i < len; i++) close &= check_close(out[1 + i], want[i], 1e-10, 1e-10);
  CHECK(close, "gradient k=%d fi=%d", k, fi);
  if (trueno_threads() == 1) memcpy(first, out, sizeof(double) * (size_t)(1 + len));
  else CHECK(memcmp(first, out, sizeof(double) * (size_t)(1 + len)) == 0, "same bits for 1 and 2 threads");
  /* Hessian product against a central difference of the gradient along s */
  double s[K * (P + 1)], hs[K * (P + 1)], plus[K * (P + 1)], minus[K * (P + 1)], gp[1 + K * (P + 1)],
      gm[1 + K * (P + 1)];
  const double h = 1e-5;
  for (int i = 0; i < len; i++) {
    s[i] = check_sym(6, (unsigned)i);
    plus[i] = coef[i] + h * s[i];
    minus[i] = coef[i] - h * s[i];
  }
  CHECK(trueno_logistic_hessp(N, P, (size_t)k, x, sw, coef, fi, s, hs) == TRUENO_OK, "hessp ok");
  trueno_logistic_grad(N, P, (size_t)k, x, y, sw, plus, fi, gp);
  trueno_logistic_grad(N, P, (size_t)k, x, y, sw, minus, fi, gm);
  close = 1;
  for (int i = 0; i < len; i++) close &= check_close(hs[i], (gp[1 + i] - gm[1 + i]) / (2 * h), 1e-5, 1e-4);
  CHECK(close, "hessp k=%d fi=%d", k, fi);
}

static void test_logistic(void) {
  double first[1 + K * (P + 1)];
  for (int k = 1; k <= K; k += 2) {
    for (int fi = 0; fi <= 1; fi++) FOR_EACH_CONFIG(check_logistic(k, fi, first););
  }
  double coef[P + 1] = {0}, out[P + 2] = {42};
  double bad_y[N];
  memcpy(bad_y, y_cls, sizeof(bad_y));
  CHECK(trueno_logistic_grad(N, P, 1, x, bad_y, NULL, coef, 1, out) == TRUENO_EINVAL, "label 2 with k = 1");
  CHECK(trueno_logistic_grad(0, P, 1, x, y_bin, NULL, coef, 1, out) == TRUENO_EINVAL, "n = 0");
  CHECK(trueno_logistic_hessp(N, P, 1, x, NULL, coef, 1, NULL, out) == TRUENO_EINVAL, "NULL s");
  CHECK(out[0] == 42, "out untouched");
}

/* max |gradient| of the mean log loss + alpha/2 ||w||^2 at (w, b), binary, unit weights. */
static double penalized_gradient(const double *w, double b, double alpha) {
  double coef[P + 1], out[P + 2], worst = 0.0;
  memcpy(coef, w, sizeof(double) * P);
  coef[P] = b;
  trueno_logistic_grad(N, P, 1, x, y_bin, NULL, coef, 1, out);
  for (int j = 0; j <= P; j++) {
    const double g = out[1 + j] / N + (j < P ? alpha * w[j] : 0.0);
    if (fabs(g) > worst) worst = fabs(g);
  }
  return worst;
}

static void test_saga(void) {
  static int32_t order[N];
  static double state[2 * P + 2 + N + N + 2];
  const double alpha = 0.01;
  for (int saga = 0; saga <= 1; saga++) {
    memset(state, 0, sizeof(state));
    const double params[TRUENO_SAGA_NPARAMS] = {0.02, alpha, 0.0, 1.0, saga};
    uint32_t rng = 12345;
    for (int epoch = 0; epoch < 60; epoch++) {
      for (unsigned i = 0; i < N; i++) {
        rng = rng * 1664525u + 1013904223u;
        order[i] = (int32_t)(rng % N);
      }
      CHECK(trueno_saga_epoch(N, P, 1, x, y_bin, NULL, order, N, params, state) == TRUENO_OK, "epoch");
    }
    const double g = penalized_gradient(state, state[P], alpha);
    CHECK(g < 1e-4, "saga=%d gradient %g", saga, g);
    CHECK(state[sizeof(state) / sizeof(double) - 1] == 0, "status ok");
  }
  const double bad[TRUENO_SAGA_NPARAMS] = {-1, 0, 0, 1, 1};
  state[0] = 42;
  CHECK(trueno_saga_epoch(N, P, 1, x, y_bin, NULL, order, N, bad, state) == TRUENO_EINVAL, "negative step");
  order[3] = N;
  const double good[TRUENO_SAGA_NPARAMS] = {0.02, 0, 0, 1, 1};
  CHECK(trueno_saga_epoch(N, P, 1, x, y_bin, NULL, order, N, good, state) == TRUENO_EINVAL, "index n");
  CHECK(state[0] == 42, "state untouched");
}

static void test_sgd(void) {
  static int32_t order[N];
  double state[3 * P + TRUENO_SGD_NSCALARS];
  memset(state, 0, sizeof(state));
  state[P + TRUENO_SGD_T] = 1.0;
  /* squared error, no penalty, invscaling, averaging from the 10th epoch: the averaged weights approach least squares */
  const double params[TRUENO_SGD_NPARAMS] = {TRUENO_SGD_SQUARED_ERROR, 0, TRUENO_SGD_NO_PENALTY, 0, 0,
                                             TRUENO_SGD_INVSCALING, 0.01, 0.25, 1, 1, 1, 10 * N};
  for (int epoch = 0; epoch < 30; epoch++) {
    for (unsigned i = 0; i < N; i++) order[i] = (int32_t)((i * 7919u + (unsigned)epoch * 104729u) % N);
    CHECK(trueno_sgd_epoch(N, P, x, y_reg, NULL, order, N, params, state) == TRUENO_OK, "sgd epoch");
  }
  const double *aw = state + P + TRUENO_SGD_NSCALARS;
  const double want[P] = {0.8, -0.3, 0.0, 0.8, -0.3, 0.0, 0.8};
  int close = 1;
  for (int j = 0; j < P; j++) close &= fabs(aw[j] - want[j]) < 0.02;
  CHECK(close, "averaged weights near the generating ones (%g %g %g)", aw[0], aw[1], aw[2]);
  CHECK(state[P + TRUENO_SGD_T] == 1.0 + 30 * N, "t counts samples");
  CHECK(state[P + TRUENO_SGD_STATUS] == 0, "finite");
  /* hinge with L1 and the optimal schedule: runs, finite, sparse-ish */
  double hinge[3 * P + TRUENO_SGD_NSCALARS] = {0};
  hinge[P + TRUENO_SGD_T] = 1.0;
  const double hp[TRUENO_SGD_NPARAMS] = {TRUENO_SGD_HINGE, 1, TRUENO_SGD_ELASTICNET, 1e-3, 0.5, TRUENO_SGD_OPTIMAL,
                                         0, 0.5, 1, 1, 1, 0};
  double ypm[N];
  for (unsigned i = 0; i < N; i++) ypm[i] = y_bin[i] > 0 ? 1.0 : -1.0;
  CHECK(trueno_sgd_epoch(N, P, x, ypm, sw, order, N, hp, hinge) == TRUENO_OK, "hinge epoch");
  CHECK(hinge[P + TRUENO_SGD_STATUS] == 0 && hinge[P + TRUENO_SGD_OBJECTIVE] > 0, "hinge objective");
  double bad[TRUENO_SGD_NPARAMS];
  memcpy(bad, hp, sizeof(bad));
  bad[TRUENO_SGD_ALPHA] = 0;
  hinge[0] = 42;
  CHECK(trueno_sgd_epoch(N, P, x, ypm, sw, order, N, bad, hinge) == TRUENO_EINVAL, "optimal with alpha 0");
  bad[TRUENO_SGD_ALPHA] = 1e-3;
  bad[TRUENO_SGD_LOSS] = 99;
  CHECK(trueno_sgd_epoch(N, P, x, ypm, sw, order, N, bad, hinge) == TRUENO_EINVAL, "unknown loss");
  CHECK(trueno_sgd_epoch(N, P, x, ypm, sw, order, 0, hp, hinge) == TRUENO_EINVAL, "m = 0");
  CHECK(hinge[0] == 42, "state untouched");
}

/* The squared-hinge SVM's primal gradient w - 2 sum_i c_i max(0, 1 - y_i f(x_i)) y_i (x_i, bias) at the dual solution. */
static void check_svm(const double *ypm, const double *c) {
  double state[P + 2];
  CHECK(trueno_svm_dual_cd(N, P, x, ypm, c, 1.0, 0, 1000, 1e-6, 3, state) == TRUENO_OK, "svm ok");
  double grad[P + 1];
  for (int j = 0; j <= P; j++) grad[j] = state[j];
  for (unsigned i = 0; i < N; i++) {
    double f = state[P];
    for (int j = 0; j < P; j++) f += state[j] * x[i * P + j];
    const double slack = fmax(0.0, 1 - ypm[i] * f);
    for (int j = 0; j < P; j++) grad[j] -= 2 * c[i] * slack * ypm[i] * x[i * P + j];
    grad[P] -= 2 * c[i] * slack * ypm[i];
  }
  double worst = 0.0, scale = 0.0;
  for (int j = 0; j <= P; j++) {
    worst = fmax(worst, fabs(grad[j]));
    scale = fmax(scale, fabs(state[j]));
  }
  CHECK(worst < 1e-3 * scale, "primal gradient %g (|w| %g)", worst, scale);
  CHECK(state[P + 1] >= 1 && state[P + 1] < 1000, "sweeps %g", state[P + 1]);
}

static void test_svm(void) {
  double ypm[N], c[N];
  for (unsigned i = 0; i < N; i++) {
    ypm[i] = y_bin[i] > 0 ? 1.0 : -1.0;
    c[i] = 0.01 * sw[i];
  }
  FOR_EACH_CONFIG(check_svm(ypm, c););
  double keep[P + 2] = {42};
  ypm[5] = 0.5;
  CHECK(trueno_svm_dual_cd(N, P, x, ypm, c, 1.0, 0, 10, 1e-3, 0, keep) == TRUENO_EINVAL, "label 0.5");
  ypm[5] = 1;
  c[3] = -1;
  CHECK(trueno_svm_dual_cd(N, P, x, ypm, c, 1.0, 0, 10, 1e-3, 0, keep) == TRUENO_EINVAL, "negative cost");
  c[3] = 1;
  CHECK(trueno_svm_dual_cd(N, P, x, ypm, c, 1.0, 0, 10, 0, 0, keep) == TRUENO_EINVAL, "tol 0");
  CHECK(keep[0] == 42, "state untouched");
}

int main(void) {
  make_inputs();
  test_enet();
  test_logistic();
  test_saga();
  test_sgd();
  test_svm();
  return check_report("test_ml");
}
