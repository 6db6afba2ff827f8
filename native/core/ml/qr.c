/*
 * trueno_qr: thin Householder QR with LAPACK's reflector convention (dgeqrf + dorgqr), so that the signs match
 * numpy.linalg.qr. The matrix is worked on by columns (a transposed copy) so each reflector reads and updates
 * contiguous memory; the columns right of the current one are updated in parallel when there is enough of them,
 * each column by the same operations whatever the thread count.
 */
#include "trueno.h"
#include "ml/householder.h"
#include "ml/linalg_util.h"
#include "runtime/threadpool.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Multiply-adds of a trailing update below which waking a worker costs more than it saves. */
#define QR_PARALLEL_MIN (1u << 16)

typedef struct {
  size_t m, j;
  const double *v; /* the reflector's tail v[1..], v[0] = 1 */
  double tau;
  double *cols;    /* column c at cols + c * m */
} reflect_job;

/* Applies I - tau v v^T to rows j.. of columns [begin, end). */
static void reflect_columns(void *ctx, size_t begin, size_t end) {
  const reflect_job *job = ctx;
  const size_t len = job->m - job->j - 1;
  for (size_t c = begin; c < end; c++) {
    double *x = job->cols + c * job->m + job->j;
    const double s = job->tau * (x[0] + trueno_ml_dot(job->v, x + 1, len));
    x[0] -= s;
    trueno_ml_axpy(-s, job->v, x + 1, len);
  }
}

static void reflect(size_t m, size_t j, const double *v, double tau, double *cols, size_t begin, size_t end) {
  if (tau == 0 || begin >= end) return;
  reflect_job job = {m, j, v, tau, cols};
  const size_t per_col = m - j;
  if ((end - begin) * per_col >= QR_PARALLEL_MIN) {
    /* the pool splits [0, count); shift so that range starts at begin */
    reflect_job shifted = job;
    shifted.cols = cols + begin * m;
    trueno_parallel_for(end - begin, 1 + QR_PARALLEL_MIN / (2 * per_col), 1, reflect_columns, &shifted);
  } else {
    reflect_columns(&job, begin, end);
  }
}

void trueno_ml_householder(size_t m, size_t n, double *at, double *tau) {
  const size_t k = m < n ? m : n;
  for (size_t j = 0; j < k; j++) {
    double *x = at + j * m + j;
    const size_t len = m - j - 1;
    const double xnorm = sqrt(trueno_ml_dot(x + 1, x + 1, len));
    if (xnorm == 0) {
      tau[j] = 0;
      continue;
    }
    const double alpha = x[0];
    const double beta = -copysign(hypot(alpha, xnorm), alpha);
    tau[j] = (beta - alpha) / beta;
    const double scale = 1 / (alpha - beta);
    for (size_t i = 1; i <= len; i++) x[i] *= scale;
    x[0] = beta;
    reflect(m, j, x + 1, tau[j], at, j + 1, n);
  }
}

void trueno_ml_form_q(size_t m, size_t k, const double *at, const double *tau, double *qt) {
  memset(qt, 0, k * m * sizeof(double));
  for (size_t i = 0; i < k; i++) qt[i * m + i] = 1;
  for (size_t j = k; j-- > 0;) reflect(m, j, at + j * m + j + 1, tau[j], qt, j, k);
}

int trueno_qr(size_t m, size_t n, const double *a, double *q, double *r) {
  const size_t k = m < n ? m : n;
  if (trueno_ml_too_big(m, n)) return TRUENO_EINVAL;
  if (m > 0 && n > 0 && (!a || !q || !r)) return TRUENO_EINVAL;
  if (k == 0) return TRUENO_OK;
  double *at = malloc(m * n * sizeof(double));
  double *qt = malloc(k * m * sizeof(double));
  double *tau = malloc(k * sizeof(double));
  if (!at || !qt || !tau) {
    free(at);
    free(qt);
    free(tau);
    return TRUENO_ENOMEM;
  }
  for (size_t i = 0; i < m; i++)
    for (size_t c = 0; c < n; c++) at[c * m + i] = a[i * n + c];
  trueno_ml_householder(m, n, at, tau);
  trueno_ml_form_q(m, k, at, tau, qt);
  for (size_t i = 0; i < k; i++)
    for (size_t c = 0; c < n; c++) r[i * n + c] = c < i ? 0 : at[c * m + i];
  for (size_t i = 0; i < m; i++)
    for (size_t c = 0; c < k; c++) q[i * k + c] = qt[c * m + i];
  free(at);
  free(qt);
  free(tau);
  return TRUENO_OK;
}
