/*
 * The logistic loss, its gradient and Hessian-vector products for L-BFGS and Newton-CG, each in one pass over X:
 * per row, the raw predictions (k dots), the pointwise loss and gradient of scikit-learn's HalfBinomialLoss /
 * HalfMultinomialLoss, and the rank-1 accumulation of the gradient (k axpys). Rows go in blocks whose size depends
 * on n alone; each block sums into its own buffer and the buffers are added in block order, so the result has the
 * same bits for every thread count.
 */
#include "trueno.h"
#include "ml/ml_util.h"
#include "runtime/threadpool.h"

#include <stdlib.h>
#include <string.h>

/* At most this many blocks (bounds the buffers at MAX_BLOCKS result vectors) and at least this many rows each. */
#define MAX_BLOCKS 64
#define MIN_BLOCK_ROWS 512
/* Classes held on the stack per row; more classes take heap scratch per block. */
#define STACK_CLASSES 64

typedef struct {
  const trueno_kernels *kt;
  size_t n, p, k, stride, len; /* stride = p + fit_intercept, len = k * stride */
  int fit_intercept;
  const double *x, *y, *sw, *coef, *s;
  size_t block_rows;
  double *parts; /* per block: 1 + len values (loss, then gradient or Hessian product) */
  int failed;    /* a block could not get its scratch */
} logistic_job;

/* raw[c] = x . w_c + b_c for every class. */
static void raw_predictions(const logistic_job *j, const double *xi, const double *coef, double *raw) {
  for (size_t c = 0; c < j->k; c++) {
    const double *wc = coef + c * j->stride;
    raw[c] = ml_dot(j->kt, xi, wc, j->p) + (j->fit_intercept ? wc[j->p] : 0.0);
  }
}

/* acc_c += g[c] * (x, 1) for every class. */
static void accumulate(const logistic_job *j, const double *xi, const double *g, double *acc) {
  for (size_t c = 0; c < j->k; c++) {
    if (g[c] == 0.0) continue;
    double *ac = acc + c * j->stride;
    ml_axpy(j->kt, j->p, g[c], xi, ac);
    if (j->fit_intercept) ac[j->p] += g[c];
  }
}

/* Loss and gradient of rows [begin, end) into part (1 + len values, zeroed by the caller); scratch: 2k values. */
static void grad_rows(const logistic_job *j, size_t begin, size_t end, double *part, double *scratch) {
  double *raw = scratch, *g = scratch + j->k;
  for (size_t i = begin; i < end; i++) {
    const double *xi = j->x + i * j->p;
    const double w = j->sw ? j->sw[i] : 1.0;
    raw_predictions(j, xi, j->coef, raw);
    if (j->k == 1) {
      part[0] += w * ml_binomial_loss(j->y[i], raw[0]);
      g[0] = w * ml_binomial_gradient(j->y[i], raw[0]);
    } else {
      const size_t label = (size_t)j->y[i];
      const double lse = ml_softmax(raw, g, j->k);
      part[0] += w * (lse - raw[label]);
      g[label] -= 1.0;
      for (size_t c = 0; c < j->k; c++) g[c] *= w;
    }
    accumulate(j, xi, g, part + 1);
  }
}

/* Hessian times s of rows [begin, end) into part + 1 (len values, zeroed); scratch: 3k values. */
static void hessp_rows(const logistic_job *j, size_t begin, size_t end, double *part, double *scratch) {
  double *raw = scratch, *xs = scratch + j->k, *t = scratch + 2 * j->k;
  for (size_t i = begin; i < end; i++) {
    const double *xi = j->x + i * j->p;
    const double w = j->sw ? j->sw[i] : 1.0;
    raw_predictions(j, xi, j->coef, raw);
    raw_predictions(j, xi, j->s, xs);
    if (j->k == 1) {
      const double pr = ml_expit(raw[0]);
      t[0] = w * pr * (1 - pr) * xs[0];
    } else {
      ml_softmax(raw, t, j->k); /* t = probabilities */
      double mean = 0.0;
      for (size_t c = 0; c < j->k; c++) mean += t[c] * xs[c];
      for (size_t c = 0; c < j->k; c++) t[c] = w * t[c] * (xs[c] - mean);
    }
    accumulate(j, xi, t, part + 1);
  }
}

static void run_blocks(void *ctx, size_t begin, size_t end) {
  logistic_job *j = ctx;
  double stack[3 * STACK_CLASSES];
  double *scratch = j->k <= STACK_CLASSES ? stack : malloc(3 * j->k * sizeof(double));
  if (!scratch) {
    j->failed = 1;
    return;
  }
  for (size_t b = begin; b < end; b++) {
    double *part = j->parts + b * (1 + j->len);
    memset(part, 0, (1 + j->len) * sizeof(double));
    const size_t r0 = b * j->block_rows, r1 = r0 + j->block_rows < j->n ? r0 + j->block_rows : j->n;
    if (j->s) hessp_rows(j, r0, r1, part, scratch);
    else grad_rows(j, r0, r1, part, scratch);
  }
  if (scratch != stack) free(scratch);
}

static int bad_shape(size_t n, size_t p, size_t k, const double *x, const double *coef, const double *out) {
  if (n == 0 || p == 0 || k == 0 || !x || !coef || !out) return 1;
  return ml_mul(n, p) > SIZE_MAX / sizeof(double) || ml_mul(k, p + 1) > SIZE_MAX / sizeof(double) / (MAX_BLOCKS + 1);
}

/* Runs the blocks of job j and adds their results, in block order, into out (1 + len values; with_loss: out[0]). */
static int run(logistic_job *j, double *out, int with_loss) {
  const size_t min_blocks = (j->n + MIN_BLOCK_ROWS - 1) / MIN_BLOCK_ROWS;
  const size_t blocks = min_blocks < MAX_BLOCKS ? min_blocks : MAX_BLOCKS;
  j->block_rows = (j->n + blocks - 1) / blocks;
  const size_t nblocks = (j->n + j->block_rows - 1) / j->block_rows;
  j->parts = malloc(nblocks * (1 + j->len) * sizeof(double));
  if (!j->parts) return TRUENO_ENOMEM;
  trueno_parallel_for(nblocks, 1, 1, run_blocks, j);
  if (j->failed) {
    free(j->parts);
    return TRUENO_ENOMEM;
  }
  const size_t skip = with_loss ? 0 : 1;
  memcpy(out, j->parts + skip, (1 + j->len - skip) * sizeof(double));
  for (size_t b = 1; b < nblocks; b++) {
    const double *part = j->parts + b * (1 + j->len) + skip;
    for (size_t i = 0; i < 1 + j->len - skip; i++) out[i] += part[i];
  }
  free(j->parts);
  return TRUENO_OK;
}

int trueno_logistic_grad(size_t n, size_t p, size_t k, const double *x, const double *y, const double *sw,
                         const double *coef, int fit_intercept, double *out) {
  if (bad_shape(n, p, k, x, coef, out) || !y) return TRUENO_EINVAL;
  for (size_t i = 0; i < n; i++) {
    const double v = y[i];
    if (k == 1 ? !(v >= 0 && v <= 1) : !(v >= 0 && v < (double)k && v == floor(v))) return TRUENO_EINVAL;
  }
  const size_t stride = p + (fit_intercept != 0);
  logistic_job j = {trueno_k(), n, p, k, stride, k * stride, fit_intercept != 0, x, y, sw, coef, NULL, 0, NULL, 0};
  return run(&j, out, 1);
}

int trueno_logistic_hessp(size_t n, size_t p, size_t k, const double *x, const double *sw, const double *coef,
                          int fit_intercept, const double *s, double *out) {
  if (bad_shape(n, p, k, x, coef, out) || !s) return TRUENO_EINVAL;
  const size_t stride = p + (fit_intercept != 0);
  logistic_job j = {trueno_k(), n, p, k, stride, k * stride, fit_intercept != 0, x, NULL, sw, coef, s, 0, NULL, 0};
  return run(&j, out, 0);
}
