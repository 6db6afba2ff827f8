/*
 * Unit test of the matrix functions (gemm, matvec, transpose, outer, pdist2) at every ISA level and with 1 and 2
 * threads, against float64 references (naive loops in double over the exact same input values).
 *
 * Tolerances, with eps = 2^-23 (f32) or 2^-52 (f64), k the length of each sum, d the number of features:
 *   gemm, matvec  |got - ref| <= (2 sqrt(k) + 4) eps (|alpha| sum_p |a_ip||b_pj| + |beta||c_ij|)
 *                 (the classic bound is k eps times the same scale; blocked FMA sums on these inputs stay far
 *                 below sqrt(k) eps, so the test is tighter than the worst case)
 *   transpose     exact (bit copies)
 *   outer         exact (one rounding of a product, the same in f32 as rounding the exact double product)
 *   pdist2        |got - ref| <= 4 (d + 4) eps64 (||x_i||^2 + ||y_j||^2) + eps32/2 |ref| for f32 (f32 is computed
 *                 in f64 like scikit-learn; the expansion ||x||^2 + ||y||^2 - 2 x.y loses what it cancels), never
 *                 negative, exactly 0 on the diagonal when X and Y are the same array.
 * NaN and Infinity must come out where the reference has them (exact match).
 */
#include "check.h"

#include <float.h>
#include <stdint.h>
#include <string.h>

static const int DTYPES[2] = {TRUENO_F32, TRUENO_F64};

/* malloc(0) may return NULL: allocate at least one element. */
static size_t at_least_1(size_t n) { return n ? n : 1; }
static size_t elem_size(int dtype) { return dtype == TRUENO_F32 ? sizeof(float) : sizeof(double); }
static double eps_of(int dtype) { return dtype == TRUENO_F32 ? FLT_EPSILON : DBL_EPSILON; }

/* Typed buffers: values are generated in double, rounded to the dtype, and the references use the rounded values. */
static void *alloc_typed(int dtype, size_t n) { return malloc(at_least_1(n) * elem_size(dtype)); }
static double get(int dtype, const void *p, size_t i) {
  return dtype == TRUENO_F32 ? (double)((const float *)p)[i] : ((const double *)p)[i];
}
static void set(int dtype, void *p, size_t i, double v) {
  if (dtype == TRUENO_F32)
    ((float *)p)[i] = (float)v;
  else
    ((double *)p)[i] = v;
}
static void *random_typed(int dtype, size_t n, unsigned seed) {
  void *p = alloc_typed(dtype, n);
  for (size_t i = 0; i < n; i++) set(dtype, p, i, check_sym(seed, (unsigned)i));
  return p;
}

/* ---- gemm ---------------------------------------------------------------------------------------------------- */

typedef struct {
  size_t m, n, k;
} shape;

typedef struct {
  double alpha, beta;
} coeffs;

static const coeffs COEFFS[] = {{1, 0}, {-0.5, 0}, {1, 1}, {2, -1.5}, {0.5, 0.25}};
#define NCOEFFS (sizeof COEFFS / sizeof COEFFS[0])

/* Sentinel in C's padding columns (ldc > n): gemm must never touch them. */
#define PAD_SENTINEL 12345.0

/* Runs gemm on a copy of c0 at the active config and compares it with ref within rtol * scale. */
static void gemm_check(int dtype, int ta, int tb, shape s, coeffs cf, size_t pad, const void *a, const void *b,
                       const void *c0, void *c, const double *ref, const double *scale) {
  const size_t m = s.m, n = s.n, k = s.k;
  const size_t lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
  const double rtol = (2 * sqrt((double)k) + 4) * eps_of(dtype);
  memcpy(c, c0, at_least_1(m * ldc) * elem_size(dtype));
  const int rc = trueno_gemm(dtype, ta, tb, m, n, k, cf.alpha, a, lda, b, ldb, cf.beta, c, ldc);
  CHECK(rc == TRUENO_OK, "gemm rc %d", rc);
  size_t bad = 0, first = 0;
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < ldc; j++) {
      const double got = get(dtype, c, i * ldc + j);
      const int ok = j >= n ? got == PAD_SENTINEL : check_close(got, ref[i * n + j], 0, rtol * scale[i * n + j] + 1e-300);
      if (!ok && bad++ == 0) first = i * ldc + j;
    }
  CHECK(bad == 0, "gemm dtype=%d ta=%d tb=%d m=%zu n=%zu k=%zu alpha=%g beta=%g pad=%zu: %zu bad, first at (%zu,%zu) "
        "got %.9g want %.9g", dtype, ta, tb, m, n, k, cf.alpha, cf.beta, pad, bad, first / at_least_1(ldc),
        first % at_least_1(ldc), bad ? get(dtype, c, first) : 0.0, bad ? ref[first / ldc * n + first % ldc] : 0.0);
}

/*
 * Runs one gemm case at every config. pad adds that many columns to every leading dimension. specials plants NaN
 * and infinities in A and B.
 */
static void gemm_case(int dtype, int ta, int tb, shape s, coeffs cf, size_t pad, int specials, unsigned seed) {
  const size_t m = s.m, n = s.n, k = s.k;
  const size_t a_rows = ta ? k : m, a_cols = ta ? m : k, lda = a_cols + pad;
  const size_t b_rows = tb ? n : k, b_cols = tb ? k : n, ldb = b_cols + pad;
  const size_t ldc = n + pad;
  void *a = random_typed(dtype, a_rows * lda, seed);
  void *b = random_typed(dtype, b_rows * ldb, seed + 1);
  void *c0 = random_typed(dtype, m * ldc, seed + 2);
  void *c = alloc_typed(dtype, m * ldc);
  if (specials && a_rows * a_cols > 0 && b_rows * b_cols > 0) {
    set(dtype, a, 0, NAN);
    set(dtype, a, (a_rows - 1) * lda + a_cols / 2, INFINITY);
    set(dtype, b, (b_rows / 2) * ldb, -INFINITY);
    set(dtype, b, (b_rows - 1) * ldb + b_cols - 1, INFINITY);
  }
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < ldc; j++)
      if (j >= n) set(dtype, c0, i * ldc + j, PAD_SENTINEL);
      else if (cf.beta == 0) set(dtype, c0, i * ldc + j, NAN);

  double *ref = malloc(at_least_1(m * n) * sizeof(double));
  double *scale = malloc(at_least_1(m * n) * sizeof(double));
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < n; j++) {
      double sum = 0, mag = 0;
      for (size_t p = 0; p < k; p++) {
        const double x = get(dtype, a, ta ? p * lda + i : i * lda + p);
        const double y = get(dtype, b, tb ? j * ldb + p : p * ldb + j);
        sum += x * y;
        mag += fabs(x * y);
      }
      const double cv = get(dtype, c0, i * ldc + j);
      ref[i * n + j] = cf.alpha * sum + (cf.beta == 0 ? 0 : cf.beta * cv);
      scale[i * n + j] = fabs(cf.alpha) * mag + (cf.beta == 0 ? 0 : fabs(cf.beta * cv));
    }
  FOR_EACH_CONFIG(gemm_check(dtype, ta, tb, s, cf, pad, a, b, c0, c, ref, scale););
  free(a), free(b), free(c0), free(c), free(ref), free(scale);
}

static void test_gemm_small_shapes(void) {
  static const size_t dims[] = {0, 1, 7, 17};
  unsigned seed = 100;
  for (int d = 0; d < 2; d++)
    for (size_t im = 0; im < 4; im++)
      for (size_t in = 0; in < 4; in++)
        for (size_t ik = 0; ik < 4; ik++)
          for (int t = 0; t < 4; t++) {
            const shape s = {dims[im], dims[in], dims[ik]};
            const coeffs cf = COEFFS[(im + in + ik + (size_t)t) % NCOEFFS];
            gemm_case(DTYPES[d], t & 1, t >> 1, s, cf, (im + ik) % 3, 0, seed++);
          }
}

/* Shapes that cross every block edge: k > kc, m > mc, n > nc, skinny products, and the threaded sizes. */
static void test_gemm_large_shapes(void) {
  static const shape shapes[] = {
      {33, 33, 33},  {100, 100, 100}, {255, 255, 64}, {1023, 17, 33}, {17, 1023, 100}, {33, 100, 1023},
      {1, 1023, 1023}, {1023, 1, 1023}, {1023, 1023, 1},  {7, 5000, 33},  {300, 7, 600},   {255, 100, 300},
  };
  unsigned seed = 5000;
  for (int d = 0; d < 2; d++)
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
      for (int t = 0; t < 4; t++) {
        const coeffs cf = COEFFS[(i + (size_t)t) % NCOEFFS];
        gemm_case(DTYPES[d], t & 1, t >> 1, shapes[i], cf, (i + (size_t)t) % 2 ? 5 : 0, 0, seed++);
      }
}

static void test_gemm_all_coefficients(void) {
  const shape s = {17, 33, 100};
  unsigned seed = 9000;
  for (int d = 0; d < 2; d++)
    for (size_t c = 0; c < NCOEFFS; c++)
      for (int t = 0; t < 4; t++) gemm_case(DTYPES[d], t & 1, t >> 1, s, COEFFS[c], 3, 0, seed++);
}

static void test_gemm_nan_inf(void) {
  static const shape shapes[] = {{7, 17, 33}, {100, 33, 300}, {1, 17, 33}, {33, 1, 17}};
  unsigned seed = 12000;
  for (int d = 0; d < 2; d++)
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
      for (int t = 0; t < 4; t++) gemm_case(DTYPES[d], t & 1, t >> 1, shapes[i], COEFFS[t % 2 ? 2 : 0], 0, 1, seed++);
}

/*
 * The same bits for 1 and 2 threads at each ISA (the determinism promise of DESIGN.md): a tall C (threads share row
 * blocks) and a wide C with few rows (threads share column groups).
 */
static void test_gemm_thread_invariance(void) {
  static const shape shapes[] = {{203, 157, 300}, {7, 2000, 300}};
  for (int d = 0; d < 2; d++)
    for (size_t s = 0; s < 2; s++) {
      const int dtype = DTYPES[d];
      const size_t m = shapes[s].m, n = shapes[s].n, k = shapes[s].k;
      void *a = random_typed(dtype, m * k, 1), *b = random_typed(dtype, k * n, 2);
      void *c1 = alloc_typed(dtype, m * n), *c2 = alloc_typed(dtype, m * n);
      for (int isa = 0; isa <= trueno_isa_detected(); isa++) {
        if (trueno_set_isa(isa) != TRUENO_OK) continue;
        trueno_set_threads(1);
        trueno_gemm(dtype, 0, 0, m, n, k, 1.0, a, k, b, n, 0.0, c1, n);
        trueno_set_threads(2);
        trueno_gemm(dtype, 0, 0, m, n, k, 1.0, a, k, b, n, 0.0, c2, n);
        CHECK(memcmp(c1, c2, m * n * elem_size(dtype)) == 0, "gemm bits differ between 1 and 2 threads, dtype %d, "
              "%zux%zux%zu", dtype, m, n, k);
      }
      trueno_set_isa(trueno_isa_detected());
      free(a), free(b), free(c1), free(c2);
    }
}

static void test_gemm_bad_arguments(void) {
  float a[4] = {1, 2, 3, 4}, b[4] = {1, 2, 3, 4}, c[4] = {0};
  CHECK(trueno_gemm(TRUENO_I32, 0, 0, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2) == TRUENO_EINVAL, "bad dtype");
  CHECK(trueno_gemm(TRUENO_F32, 0, 0, 2, 2, 2, 1, NULL, 2, b, 2, 0, c, 2) == TRUENO_EINVAL, "NULL a");
  CHECK(trueno_gemm(TRUENO_F32, 0, 0, 2, 2, 2, 1, a, 2, NULL, 2, 0, c, 2) == TRUENO_EINVAL, "NULL b");
  CHECK(trueno_gemm(TRUENO_F32, 0, 0, 2, 2, 2, 1, a, 2, b, 2, 0, NULL, 2) == TRUENO_EINVAL, "NULL c");
  CHECK(trueno_gemm(TRUENO_F32, 0, 0, 2, 2, 2, 1, a, 1, b, 2, 0, c, 2) == TRUENO_EINVAL, "lda < k");
  CHECK(trueno_gemm(TRUENO_F32, 0, 1, 2, 2, 2, 1, a, 2, b, 1, 0, c, 2) == TRUENO_EINVAL, "ldb < k (B^T)");
  CHECK(trueno_gemm(TRUENO_F32, 0, 0, 2, 2, 2, 1, a, 2, b, 2, 0, c, 1) == TRUENO_EINVAL, "ldc < n");
  CHECK(trueno_gemm(TRUENO_F32, 0, 0, 0, 2, 2, 1, NULL, 0, NULL, 0, 0, NULL, 0) == TRUENO_OK, "m == 0");
  CHECK(trueno_gemm(TRUENO_F64, 0, 0, 0, 0, 0, 1, NULL, 0, NULL, 0, 0, NULL, 0) == TRUENO_OK, "empty");
}

/* ---- matvec -------------------------------------------------------------------------------------------------- */

static void matvec_check(int dtype, int trans, size_t rows, size_t cols, const void *a, const void *x, void *y,
                         const double *ref, const double *scale) {
  const size_t nx = trans ? rows : cols, ny = trans ? cols : rows;
  const double rtol = (2 * sqrt((double)nx) + 4) * eps_of(dtype);
  for (size_t o = 0; o < ny; o++) set(dtype, y, o, NAN);
  const int rc = trueno_matvec(dtype, trans, rows, cols, a, x, y);
  CHECK(rc == TRUENO_OK, "matvec rc %d", rc);
  size_t bad = 0, first = 0;
  for (size_t o = 0; o < ny; o++)
    if (!check_close(get(dtype, y, o), ref[o], 0, rtol * scale[o] + 1e-300) && bad++ == 0) first = o;
  CHECK(bad == 0, "matvec dtype=%d trans=%d %zux%zu: %zu bad, first y[%zu] got %.9g want %.9g", dtype, trans, rows,
        cols, bad, first, bad ? get(dtype, y, first) : 0.0, bad ? ref[first] : 0.0);
}

static void matvec_case(int dtype, int trans, size_t rows, size_t cols, int specials, unsigned seed) {
  const size_t nx = trans ? rows : cols, ny = trans ? cols : rows;
  void *a = random_typed(dtype, rows * cols, seed), *x = random_typed(dtype, nx, seed + 1);
  void *y = alloc_typed(dtype, ny);
  if (specials && rows * cols > 0) {
    set(dtype, a, (rows / 2) * cols + cols / 3, NAN);
    set(dtype, a, rows * cols - 1, INFINITY);
    set(dtype, x, 0, -INFINITY);
  }
  double *ref = malloc(at_least_1(ny) * sizeof(double)), *scale = malloc(at_least_1(ny) * sizeof(double));
  for (size_t o = 0; o < ny; o++) {
    double sum = 0, mag = 0;
    for (size_t p = 0; p < nx; p++) {
      const double v = get(dtype, a, trans ? p * cols + o : o * cols + p) * get(dtype, x, p);
      sum += v;
      mag += fabs(v);
    }
    ref[o] = sum;
    scale[o] = mag;
  }
  FOR_EACH_CONFIG(matvec_check(dtype, trans, rows, cols, a, x, y, ref, scale););
  free(a), free(x), free(y), free(ref), free(scale);
}

static void test_matvec(void) {
  static const size_t dims[] = {0, 1, 7, 17, 1023};
  unsigned seed = 20000;
  for (int d = 0; d < 2; d++)
    for (int trans = 0; trans < 2; trans++) {
      for (size_t r = 0; r < 5; r++)
        for (size_t c = 0; c < 5; c++) matvec_case(DTYPES[d], trans, dims[r], dims[c], 0, seed++);
      matvec_case(DTYPES[d], trans, 100003, 3, 0, seed++);
      matvec_case(DTYPES[d], trans, 3, 100003, 0, seed++);
      matvec_case(DTYPES[d], trans, 255, 100, 1, seed++);
    }
  float a[2] = {1, 2}, x[2] = {1, 1}, y[2];
  CHECK(trueno_matvec(9, 0, 1, 2, a, x, y) == TRUENO_EINVAL, "bad dtype");
  CHECK(trueno_matvec(TRUENO_F32, 0, 1, 2, NULL, x, y) == TRUENO_EINVAL, "NULL a");
  CHECK(trueno_matvec(TRUENO_F32, 0, 1, 2, a, x, NULL) == TRUENO_EINVAL, "NULL y");
}

/* ---- transpose and outer ------------------------------------------------------------------------------------ */

static void transpose_case(int dtype, size_t rows, size_t cols, unsigned seed) {
  void *x = random_typed(dtype, rows * cols, seed), *out = alloc_typed(dtype, rows * cols);
  if (rows * cols > 0) set(dtype, x, 0, NAN);
  FOR_EACH_CONFIG({
    memset(out, 0, at_least_1(rows * cols) * elem_size(dtype));
    CHECK(trueno_transpose(dtype, rows, cols, x, out) == TRUENO_OK, "transpose rc");
    size_t bad = 0;
    for (size_t i = 0; i < rows; i++)
      for (size_t j = 0; j < cols; j++)
        bad += memcmp((const char *)out + (j * rows + i) * elem_size(dtype),
                      (const char *)x + (i * cols + j) * elem_size(dtype), elem_size(dtype)) != 0;
    CHECK(bad == 0, "transpose dtype=%d %zux%zu: %zu bad", dtype, rows, cols, bad);
  });
  free(x), free(out);
}

static void test_transpose(void) {
  static const size_t dims[] = {0, 1, 7, 17, 65, 1023};
  unsigned seed = 30000;
  for (int d = 0; d < 2; d++) {
    for (size_t r = 0; r < 6; r++)
      for (size_t c = 0; c < 6; c++) transpose_case(DTYPES[d], dims[r], dims[c], seed++);
    transpose_case(DTYPES[d], 100003, 3, seed++);
    transpose_case(DTYPES[d], 5, 100003, seed++);
  }
  float x[1] = {0}, out[1];
  CHECK(trueno_transpose(5, 1, 1, x, out) == TRUENO_EINVAL, "bad dtype");
  CHECK(trueno_transpose(TRUENO_F32, 1, 1, NULL, out) == TRUENO_EINVAL, "NULL x");
}

static void outer_case(int dtype, size_t m, size_t n, unsigned seed) {
  void *a = random_typed(dtype, m, seed), *b = random_typed(dtype, n, seed + 1);
  void *out = alloc_typed(dtype, m * n);
  if (m > 1 && n > 1) {
    set(dtype, a, 1, INFINITY);
    set(dtype, b, n - 1, NAN);
    set(dtype, b, 0, 0.0);
  }
  FOR_EACH_CONFIG({
    CHECK(trueno_outer(dtype, m, n, a, b, out) == TRUENO_OK, "outer rc");
    size_t bad = 0;
    for (size_t i = 0; i < m; i++)
      for (size_t j = 0; j < n; j++) {
        const double want = get(dtype, a, i) * get(dtype, b, j);
        const double rounded = dtype == TRUENO_F32 ? (double)(float)want : want;
        bad += !check_close(get(dtype, out, i * n + j), rounded, 0, 0);
      }
    CHECK(bad == 0, "outer dtype=%d %zux%zu: %zu bad", dtype, m, n, bad);
  });
  free(a), free(b), free(out);
}

static void test_outer(void) {
  static const size_t dims[] = {0, 1, 7, 17, 1023};
  unsigned seed = 40000;
  for (int d = 0; d < 2; d++) {
    for (size_t r = 0; r < 5; r++)
      for (size_t c = 0; c < 5; c++) outer_case(DTYPES[d], dims[r], dims[c], seed++);
    outer_case(DTYPES[d], 3, 100003, seed++);
    outer_case(DTYPES[d], 100003, 2, seed++);
  }
  float v[1] = {1}, out[1];
  CHECK(trueno_outer(TRUENO_F32, 1, 1, NULL, v, out) == TRUENO_EINVAL, "NULL a");
  CHECK(trueno_outer(-1, 1, 1, v, v, out) == TRUENO_EINVAL, "bad dtype");
}

/* ---- pdist2 -------------------------------------------------------------------------------------------------- */

static void pdist2_check(int dtype, size_t n, size_t m, size_t d, int same, const void *x, const void *y, void *out,
                         const double *ref, const double *tol) {
  CHECK(trueno_pdist2(dtype, n, m, d, x, y, out) == TRUENO_OK, "pdist2 rc");
  size_t bad = 0, first = 0;
  for (size_t t = 0; t < n * m; t++) {
    const double got = get(dtype, out, t);
    const int diag = same && t / m == t % m;
    const int ok = got >= 0 && (diag ? got == 0 : check_close(got, ref[t], 0, tol[t]));
    if (!ok && bad++ == 0) first = t;
  }
  CHECK(bad == 0, "pdist2 dtype=%d n=%zu m=%zu d=%zu same=%d: %zu bad, first (%zu,%zu) got %.17g want %.17g", dtype, n,
        m, d, same, bad, first / at_least_1(m), first % at_least_1(m), bad ? get(dtype, out, first) : 0.0,
        bad ? ref[first] : 0.0);
}

/* offset moves every point away from the origin, where the expansion cancels the most. */
static void pdist2_case(int dtype, size_t n, size_t m, size_t d, int same, double offset, unsigned seed) {
  if (same) m = n;
  void *x = random_typed(dtype, n * d, seed);
  void *y = same ? x : random_typed(dtype, m * d, seed + 1);
  for (size_t t = 0; t < n * d; t++) set(dtype, x, t, get(dtype, x, t) + offset);
  if (!same) {
    for (size_t t = 0; t < m * d; t++) set(dtype, y, t, get(dtype, y, t) + offset);
    if (n > 0 && m > 2) memcpy((char *)y + 2 * d * elem_size(dtype), x, d * elem_size(dtype)); /* y_2 == x_0 */
  }
  void *out = alloc_typed(dtype, n * m);
  double *ref = malloc(at_least_1(n * m) * sizeof(double)), *tol = malloc(at_least_1(n * m) * sizeof(double));
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < m; j++) {
      double sum = 0, nx = 0, ny = 0;
      for (size_t p = 0; p < d; p++) {
        const double xv = get(dtype, x, i * d + p), yv = get(dtype, y, j * d + p);
        sum += (xv - yv) * (xv - yv);
        nx += xv * xv;
        ny += yv * yv;
      }
      ref[i * m + j] = sum;
      tol[i * m + j] = 4 * (double)(d + 4) * DBL_EPSILON * (nx + ny) + (dtype == TRUENO_F32 ? FLT_EPSILON / 2 * sum : 0);
    }
  FOR_EACH_CONFIG(pdist2_check(dtype, n, m, d, same, x, y, out, ref, tol););
  free(x), free(out), free(ref), free(tol);
  if (!same) free(y);
}

static void test_pdist2(void) {
  unsigned seed = 50000;
  for (int d = 0; d < 2; d++) {
    const int dt = DTYPES[d];
    pdist2_case(dt, 0, 5, 3, 0, 0, seed++);
    pdist2_case(dt, 5, 0, 3, 0, 0, seed++);
    pdist2_case(dt, 4, 6, 0, 0, 0, seed++);
    pdist2_case(dt, 1, 1, 1, 0, 0, seed++);
    pdist2_case(dt, 7, 17, 3, 0, 0, seed++);
    pdist2_case(dt, 100, 33, 17, 0, 0, seed++);
    pdist2_case(dt, 255, 0, 64, 1, 0, seed++);
    pdist2_case(dt, 300, 0, 7, 1, 1000, seed++);
    pdist2_case(dt, 1023, 7, 100, 0, 100, seed++);
    pdist2_case(dt, 33, 1023, 1, 0, 0, seed++);
    /* Wider than an AVX-512 gemm column block (nc 2048): the diagonal and the norms cross block edges. */
    pdist2_case(dt, 2100, 0, 2, 1, 10, seed++);
  }
  float v[2] = {0, 1}, out[1];
  CHECK(trueno_pdist2(3, 1, 1, 2, v, v, out) == TRUENO_EINVAL, "bad dtype");
  CHECK(trueno_pdist2(TRUENO_F32, 1, 1, 2, NULL, v, out) == TRUENO_EINVAL, "NULL x");
  CHECK(trueno_pdist2(TRUENO_F32, 1, 1, 2, v, v, NULL) == TRUENO_EINVAL, "NULL out");
}

int main(void) {
  test_gemm_bad_arguments();
  test_gemm_small_shapes();
  test_gemm_all_coefficients();
  test_gemm_nan_inf();
  test_gemm_large_shapes();
  test_gemm_thread_invariance();
  test_matvec();
  test_transpose();
  test_outer();
  test_pdist2();
  return check_report("test_matrix");
}
