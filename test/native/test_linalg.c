/*
 * Dense linear algebra of native/core/ml: gram (X^T X and X^T Y with shifts, float32/float64, the same bits at every
 * thread count), Cholesky factor and solve (and the not-positive-definite report), thin QR, symmetric eigh and thin
 * SVD, each checked by its defining identities (reconstruction, orthonormality, ordering, signs) on fixed
 * pseudo-random inputs, plus the EINVAL cases leaving outputs untouched.
 */
#include "check.h"

#include <string.h>

#define GN 9001 /* rows: several gram parts, a ragged last block */
#define GD 7
#define GT 2

static double xg[GN * GD], yg[GN * GT];
static float xg32[GN * GD], yg32[GN * GT];

static double max_abs_diff(const double *a, const double *b, size_t n) {
  double m = 0;
  for (size_t i = 0; i < n; i++) m = fmax(m, fabs(a[i] - b[i]));
  return m;
}

/* out (m x n) = a (m x k) @ b (k x n), plainly, for the checks */
static void naive_matmul(size_t m, size_t k, size_t n, const double *a, const double *b, double *out) {
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < n; j++) {
      double s = 0;
      for (size_t p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      out[i * n + j] = s;
    }
}

/* max |x^T x - I| over the columns of x (m x n) */
static double orthonormality_error(size_t m, size_t n, const double *x) {
  double e = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++) {
      double s = 0;
      for (size_t r = 0; r < m; r++) s += x[r * n + i] * x[r * n + j];
      e = fmax(e, fabs(s - (i == j)));
    }
  return e;
}

static void transpose(size_t m, size_t n, const double *x, double *out) {
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < n; j++) out[j * m + i] = x[i * n + j];
}

static void test_gram(void) {
  static double want_g[GD * GD], want_xy[GD * GT], g[GD * GD], xy[GD * GT], g1[GD * GD], xy1[GD * GT];
  static double sums[GD + GT], want_sums[GD + GT];
  const double xs[GD] = {0.1, -0.2, 0.3, 0, 1, 2, -3}, ys[GT] = {0.5, -0.5};
  for (size_t r = 0; r < GN; r++) {
    for (size_t j = 0; j < GD; j++) want_sums[j] += xg[r * GD + j] - xs[j];
    for (size_t j = 0; j < GT; j++) want_sums[GD + j] += yg[r * GT + j] - ys[j];
  }
  for (size_t i = 0; i < GD; i++) {
    for (size_t j = 0; j < GD; j++) {
      double s = 0;
      for (size_t r = 0; r < GN; r++) s += (xg[r * GD + i] - xs[i]) * (xg[r * GD + j] - xs[j]);
      want_g[i * GD + j] = s;
    }
    for (size_t j = 0; j < GT; j++) {
      double s = 0;
      for (size_t r = 0; r < GN; r++) s += (xg[r * GD + i] - xs[i]) * (yg[r * GT + j] - ys[j]);
      want_xy[i * GT + j] = s;
    }
  }
  FOR_EACH_CONFIG({
    CHECK(trueno_gram(TRUENO_F64, GN, GD, xg, GD, xs, GT, yg, GT, ys, g, xy, sums) == TRUENO_OK, "gram f64");
    CHECK(check_close(sums[0], want_sums[0], 1e-12, 1e-9) && check_close(sums[GD + 1], want_sums[GD + 1], 1e-12, 1e-9),
          "column sums of the shifted data");
    CHECK(max_abs_diff(g, want_g, GD * GD) < 1e-13 * want_g[GD * GD - 1], "gram matches the plain sum");
    CHECK(max_abs_diff(xy, want_xy, GD * GT) < 1e-13 * want_g[GD * GD - 1], "x^T y matches the plain sum");
    if (threads_ == 1) {
      memcpy(g1, g, sizeof g);
      memcpy(xy1, xy, sizeof xy);
    }
    CHECK(memcmp(g, g1, sizeof g) == 0 && memcmp(xy, xy1, sizeof xy) == 0, "the same bits at every thread count");
    CHECK(trueno_gram(TRUENO_F32, GN, GD, xg32, GD, xs, GT, yg32, GT, ys, g, xy, NULL) == TRUENO_OK, "gram f32");
    CHECK(max_abs_diff(g, want_g, GD * GD) < 1e-13 * want_g[GD * GD - 1], "float32 input is computed in float64");
  });
  /* a column slice through ldx, no shift, no y */
  CHECK(trueno_gram(TRUENO_F64, 3, 2, xg, GD, NULL, 0, NULL, 0, NULL, g, NULL, NULL) == TRUENO_OK, "strided");
  CHECK(check_close(g[1], xg[0] * xg[1] + xg[7] * xg[8] + xg[14] * xg[15], 1e-14, 0), "strided rows");
  CHECK(trueno_gram(TRUENO_F64, 0, 2, NULL, 2, NULL, 0, NULL, 0, NULL, g, NULL, NULL) == TRUENO_OK && g[0] == 0, "no rows");
  g[0] = 42;
  CHECK(trueno_gram(TRUENO_I32, 3, 2, xg, 2, NULL, 0, NULL, 0, NULL, g, NULL, NULL) == TRUENO_EINVAL, "int dtype");
  CHECK(trueno_gram(TRUENO_F64, 3, 2, xg, 1, NULL, 0, NULL, 0, NULL, g, NULL, NULL) == TRUENO_EINVAL, "ldx < d");
  CHECK(trueno_gram(TRUENO_F64, 3, 2, xg, 2, NULL, 1, NULL, 1, NULL, g, xy, NULL) == TRUENO_EINVAL, "NULL y");
  CHECK(trueno_gram(TRUENO_F64, SIZE_MAX, 2, xg, 2, NULL, 0, NULL, 0, NULL, g, NULL, NULL) == TRUENO_EINVAL, "n overflow");
  CHECK(g[0] == 42, "a rejected call leaves gram untouched");
}

/* a (n x n) = b^T b + n I for a pseudo-random b: symmetric positive definite */
static void make_spd(size_t n, unsigned seed, double *a) {
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < n; j++) {
      double s = i == j ? (double)n : 0;
      for (size_t r = 0; r < n; r++) s += check_sym(seed, (unsigned)(r * n + i)) * check_sym(seed, (unsigned)(r * n + j));
      a[i * n + j] = s;
    }
}

static void test_cholesky(void) {
  enum { N = 40, R = 3 };
  static double a[N * N], l[N * N], lt[N * N], llt[N * N], b[N * R], x[N * R], ax[N * R];
  int64_t info = -1;
  make_spd(N, 11, a);
  CHECK(trueno_cholesky(N, a, l, &info) == TRUENO_OK && info == 0, "SPD factors");
  transpose(N, N, l, lt);
  naive_matmul(N, N, N, l, lt, llt);
  CHECK(max_abs_diff(llt, a, N * N) < 1e-10, "l l^T = a");
  CHECK(l[1] == 0 && l[N - 1] == 0, "upper triangle zeroed");
  for (size_t i = 0; i < N * R; i++) b[i] = check_sym(12, (unsigned)i);
  CHECK(trueno_cholesky_solve(N, R, l, b, x) == TRUENO_OK, "solve");
  naive_matmul(N, N, R, a, x, ax);
  CHECK(max_abs_diff(ax, b, N * R) < 1e-12, "a x = b");
  memcpy(x, b, sizeof b);
  CHECK(trueno_cholesky_solve(N, R, l, x, x) == TRUENO_OK, "solve in place");
  CHECK(max_abs_diff(ax, (naive_matmul(N, N, R, a, x, ax), b), N * R) < 1e-12, "in place a x = b");
  memcpy(l, a, sizeof a);
  CHECK(trueno_cholesky(N, l, l, &info) == TRUENO_OK && info == 0 && max_abs_diff(l, (transpose(N, N, lt, llt), llt), N * N) == 0,
        "in place gives the same bits");

  const double indefinite[9] = {4, 2, 0, 2, 1, 0, 0, 0, 1}; /* leading minor of order 2 is singular */
  double li[9];
  CHECK(trueno_cholesky(3, indefinite, li, &info) == TRUENO_OK && info == 2, "not positive definite: info 2");
  const double with_nan[4] = {NAN, 0, 0, 1};
  CHECK(trueno_cholesky(2, with_nan, li, &info) == TRUENO_OK && info == 1, "NaN: info 1");
  li[0] = 42;
  CHECK(trueno_cholesky(2, NULL, li, &info) == TRUENO_EINVAL && li[0] == 42, "NULL a");
  CHECK(trueno_cholesky(SIZE_MAX / 4, a, li, &info) == TRUENO_EINVAL, "n overflow");
  const double singular_l[4] = {1, 0, 0, 0};
  x[0] = 42;
  CHECK(trueno_cholesky_solve(2, 1, singular_l, b, x) == TRUENO_EINVAL && x[0] == 42, "zero pivot: EINVAL");
}

static void check_qr(size_t m, size_t n, unsigned seed) {
  const size_t k = m < n ? m : n;
  double *a = malloc(m * n * sizeof(double)), *q = malloc(m * k * sizeof(double));
  double *r = malloc(k * n * sizeof(double)), *qr = malloc(m * n * sizeof(double));
  for (size_t i = 0; i < m * n; i++) a[i] = check_sym(seed, (unsigned)i);
  CHECK(trueno_qr(m, n, a, q, r) == TRUENO_OK, "qr %zux%zu", m, n);
  naive_matmul(m, k, n, q, r, qr);
  CHECK(max_abs_diff(qr, a, m * n) < 1e-12, "q r = a (%zux%zu)", m, n);
  CHECK(orthonormality_error(m, k, q) < 1e-12, "q orthonormal (%zux%zu)", m, n);
  int upper = 1;
  for (size_t i = 0; i < k; i++)
    for (size_t j = 0; j < i; j++) upper &= r[i * n + j] == 0;
  CHECK(upper, "r upper triangular");
  /* LAPACK's sign: a positive pivot gives a negative diagonal (a single row has no reflector) */
  if (m > 1) CHECK((a[0] > 0) == (r[0] < 0), "dgeqrf sign convention");
  free(a);
  free(q);
  free(r);
  free(qr);
}

static void test_qr(void) {
  FOR_EACH_CONFIG(check_qr(300, 40, 21););
  check_qr(5, 9, 22);
  check_qr(1, 1, 23);
  double q[4] = {42}, r[4];
  CHECK(trueno_qr(2, 2, NULL, q, r) == TRUENO_EINVAL && q[0] == 42, "NULL a");
  CHECK(trueno_qr(SIZE_MAX / 2, 3, q, q, r) == TRUENO_EINVAL && q[0] == 42, "size overflow");
  CHECK(trueno_qr(0, 3, NULL, NULL, NULL) == TRUENO_OK, "empty");
}

static void test_eigh(void) {
  enum { N = 30 };
  static double a[N * N], w[N], v[N * N], av[N * N];
  int64_t info = -1;
  make_spd(N, 31, a);
  a[N * N - 1] = -50; /* an indefinite matrix: the lower triangle is what is read */
  a[(N - 1) * N] = a[N - 1];
  CHECK(trueno_eigh(N, a, w, v, &info) == TRUENO_OK && info == 0, "eigh");
  naive_matmul(N, N, N, a, v, av);
  double residual = 0;
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < N; j++) residual = fmax(residual, fabs(av[i * N + j] - w[j] * v[i * N + j]));
  CHECK(residual < 1e-10, "a v = v diag(w), residual %g", residual);
  CHECK(orthonormality_error(N, N, v) < 1e-12, "v orthonormal");
  int ascending = 1;
  for (size_t i = 1; i < N; i++) ascending &= w[i - 1] <= w[i];
  CHECK(ascending && w[0] < 0, "ascending, the negative one first");
  int signs = 1;
  for (size_t j = 0; j < N; j++) {
    size_t big = 0;
    for (size_t i = 1; i < N; i++)
      if (fabs(v[i * N + j]) > fabs(v[big * N + j])) big = i;
    signs &= v[big * N + j] > 0;
  }
  CHECK(signs, "largest entry of each vector positive");
  const double diag[4] = {3, 0, 0, -1};
  double w2[2], v2[4];
  CHECK(trueno_eigh(2, diag, w2, v2, &info) == TRUENO_OK && w2[0] == -1 && w2[1] == 3 && v2[1] == 1 && v2[2] == 1,
        "diagonal input");
  const double with_inf[4] = {1, 0, INFINITY, 1};
  w2[0] = 42;
  CHECK(trueno_eigh(2, with_inf, w2, v2, &info) == TRUENO_EINVAL && w2[0] == 42, "infinite entry: EINVAL");
  CHECK(trueno_eigh(2, diag, w2, v2, NULL) == TRUENO_EINVAL, "NULL info");
}

static void check_svd(size_t m, size_t n, unsigned seed, size_t zero_cols) {
  const size_t k = m < n ? m : n;
  double *a = malloc(m * n * sizeof(double)), *u = malloc(m * k * sizeof(double)), *s = malloc(k * sizeof(double));
  double *vt = malloc(k * n * sizeof(double)), *us = malloc(m * k * sizeof(double)), *back = malloc(m * n * sizeof(double));
  double *v = malloc(n * k * sizeof(double));
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < n; j++) a[i * n + j] = j < zero_cols ? 0 : check_sym(seed, (unsigned)(i * n + j));
  int64_t info = -1;
  CHECK(trueno_svd(m, n, a, u, s, vt, &info) == TRUENO_OK && info == 0, "svd %zux%zu", m, n);
  for (size_t i = 0; i < m; i++)
    for (size_t c = 0; c < k; c++) us[i * k + c] = u[i * k + c] * s[c];
  naive_matmul(m, k, n, us, vt, back);
  CHECK(max_abs_diff(back, a, m * n) < 1e-12, "u s vt = a (%zux%zu)", m, n);
  CHECK(orthonormality_error(m, k, u) < 1e-12, "u orthonormal (%zux%zu)", m, n);
  transpose(k, n, vt, v);
  CHECK(orthonormality_error(n, k, v) < 1e-12, "vt orthonormal (%zux%zu)", m, n);
  int descending = 1, signs = 1;
  for (size_t c = 0; c < k; c++) {
    if (c > 0) descending &= s[c - 1] >= s[c];
    size_t big = 0;
    for (size_t j = 1; j < n; j++)
      if (fabs(vt[c * n + j]) > fabs(vt[c * n + big])) big = j;
    signs &= vt[c * n + big] > 0;
  }
  CHECK(descending && signs, "descending, svd_flip signs (%zux%zu)", m, n);
  if (zero_cols) CHECK(s[k - 1] == 0, "rank deficient: a zero singular value");
  free(a);
  free(u);
  free(s);
  free(vt);
  free(us);
  free(back);
  free(v);
}

static void test_svd(void) {
  FOR_EACH_CONFIG(check_svd(200, 12, 41, 0););
  check_svd(6, 15, 42, 0);
  check_svd(25, 8, 43, 2);
  check_svd(1, 1, 44, 0);
  const double diag[4] = {0, 2, 3, 0}; /* singular values 3, 2 */
  double u[4], s[2], vt[4];
  int64_t info;
  CHECK(trueno_svd(2, 2, diag, u, s, vt, &info) == TRUENO_OK && s[0] == 3 && s[1] == 2, "exact on a permutation");
  const double with_nan[2] = {1, NAN};
  s[0] = 42;
  CHECK(trueno_svd(1, 2, with_nan, u, s, vt, &info) == TRUENO_EINVAL && s[0] == 42, "NaN: EINVAL");
  CHECK(trueno_svd(SIZE_MAX / 4, 4, diag, u, s, vt, &info) == TRUENO_EINVAL, "size overflow");
}

int main(void) {
  for (unsigned i = 0; i < GN * GD; i++) xg32[i] = (float)(xg[i] = check_sym(1, i) * 3 + (i % GD));
  for (unsigned i = 0; i < GN * GT; i++) yg32[i] = (float)(yg[i] = check_sym(2, i));
  for (unsigned i = 0; i < GN * GD; i++) xg[i] = xg32[i];
  for (unsigned i = 0; i < GN * GT; i++) yg[i] = yg32[i];
  test_gram();
  test_cholesky();
  test_qr();
  test_eigh();
  test_svd();
  return check_report("test_linalg");
}
