/*
 * Reductions (trueno_reduce, trueno_reduce_axis, trueno_dot) at every ISA level and thread count, against a float64
 * reference computed here with compensated (Neumaier) summation, so the reference itself is exact to ~1 ulp.
 *
 * Tolerances (S = the sum of |terms|: sum |x|, sum x^2, sum |a*b| or sum (x - mean)^2):
 *   sum, dot, L1 (f32 and f64 input, whole array and axis, all accumulated in float64):
 *                                   |got - ref| <= 1e-13 * S            (mean: the same divided by n)
 *   L2:                             |got - ref| <= 1e-13 * S / ref      (the bound on sum x^2 through the sqrt)
 *   var (two-pass):                 |got - ref| <= 1e-12 * S / max(n - ddof, 1)  + the mean's error share
 *   min, max, Linf, argmin, argmax: exact (same value, same index; first occurrence; first NaN)
 *   axis results stored as float32: also the final rounding, 2^-24 * |ref|
 *   NaN and +-Inf: exactly what the float64 reference gives (NaN for NaN, the same infinity).
 * Determinism: every whole-array and axis result is bit-identical for 1, 2, 3 and 4 threads at each ISA level.
 */
#include "check.h"

#include <stdint.h>
#include <string.h>

#define SUM_RTOL 1e-13
#define VAR_RTOL 1e-12
#define F32_ROUND (1.0 / 16777216.0)

static const size_t sizes[] = {0, 1, 7, 17, 1023, 100003, 10000000};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))
static const int dtypes[] = {TRUENO_F32, TRUENO_F64};

/* ---- reference ------------------------------------------------------------------------------------------------ */

typedef struct {
  double sum, comp, abs; /* Neumaier sum, its compensation, and the sum of |terms| */
} ksum;

static void kadd(ksum *s, double t) {
  const double u = s->sum + t;
  if (isfinite(u)) s->comp += fabs(s->sum) >= fabs(t) ? (s->sum - u) + t : (t - u) + s->sum;
  s->sum = u;
  s->abs += fabs(t);
}

static double kval(const ksum *s) { return isfinite(s->sum) ? s->sum + s->comp : s->sum; }

/* kinds of reference sums */
enum { R_PLAIN, R_ABS, R_SQUARE, R_SQDEV };

static ksum ref_sum(const double *v, size_t n, size_t step, int kind, double c) {
  ksum s = {0, 0, 0};
  for (size_t i = 0; i < n; i++) {
    const double x = v[i * step];
    kadd(&s, kind == R_ABS ? fabs(x) : kind == R_SQUARE ? x * x : kind == R_SQDEV ? (x - c) * (x - c) : x);
  }
  return s;
}

/* numpy's answer for each op over n values at stride step; *tol gets the allowed error, *index the arg index. */
static double ref_reduce(int op, const double *v, size_t n, size_t step, size_t ddof, double *tol, size_t *index) {
  *tol = 0.0;
  *index = 0;
  switch (op) {
  case TRUENO_SUM:
  case TRUENO_MEAN: {
    const ksum s = ref_sum(v, n, step, R_PLAIN, 0);
    const double div = op == TRUENO_MEAN ? (double)n : 1.0;
    *tol = SUM_RTOL * s.abs / div;
    return kval(&s) / div;
  }
  case TRUENO_NORM1: {
    const ksum s = ref_sum(v, n, step, R_ABS, 0);
    *tol = SUM_RTOL * s.abs;
    return kval(&s);
  }
  case TRUENO_NORM2: {
    const ksum s = ref_sum(v, n, step, R_SQUARE, 0);
    const double r = sqrt(kval(&s));
    *tol = r > 0 ? SUM_RTOL * s.abs / r : 0.0; /* d(sqrt(q)) = dq / (2 sqrt(q)) */
    return r;
  }
  case TRUENO_VAR: {
    const ksum s = ref_sum(v, n, step, R_PLAIN, 0);
    const double mean = kval(&s) / (double)n;
    const ksum d = ref_sum(v, n, step, R_SQDEV, mean);
    const double div = (double)(n > ddof ? n - ddof : 0);
    /* a mean off by e moves the deviations' sum by about 2 e |sum (x - mean)| + n e^2: negligible next to this */
    *tol = VAR_RTOL * (d.abs + SUM_RTOL * s.abs * s.abs / (double)n) / (div > 0 ? div : 1.0);
    return kval(&d) / div;
  }
  case TRUENO_MIN:
  case TRUENO_MAX:
  case TRUENO_NORMINF: {
    double best = op == TRUENO_NORMINF ? fabs(v[0]) : v[0];
    for (size_t i = 0; i < n; i++) {
      const double x = op == TRUENO_NORMINF ? fabs(v[i * step]) : v[i * step];
      if (isnan(x)) return x;
      if (op == TRUENO_MIN ? x < best : x > best) best = x;
    }
    return best;
  }
  default: { /* ARGMIN, ARGMAX */
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
      const double x = v[i * step], b = v[at * step];
      if (isnan(x)) {
        at = i;
        break;
      }
      if (op == TRUENO_ARGMAX ? x > b : x < b) at = i;
    }
    *index = at;
    return v[at * step];
  }
  }
}

/* ---- data ----------------------------------------------------------------------------------------------------- */

/* An array of n values in both the tested dtype (typed) and float64 (ref: the same values exactly). */
typedef struct {
  int dtype;
  size_t n;
  void *typed;
  double *ref;
} array;

static array make(int dtype, size_t n) {
  array a = {dtype, n, malloc((n ? n : 1) * (dtype == TRUENO_F32 ? sizeof(float) : sizeof(double))),
             malloc((n ? n : 1) * sizeof(double))};
  if (!a.typed || !a.ref) {
    fprintf(stderr, "out of memory\n");
    exit(2);
  }
  return a;
}

static void set(array *a, size_t i, double v) {
  if (a->dtype == TRUENO_F32) {
    ((float *)a->typed)[i] = (float)v;
    a->ref[i] = (float)v;
  } else {
    ((double *)a->typed)[i] = v;
    a->ref[i] = v;
  }
}

/* shape: 0 smooth values with an offset (tests var's two passes), 1 few distinct values (many ties). */
static array make_data(int dtype, size_t n, unsigned seed, int ties) {
  array a = make(dtype, n);
  for (size_t i = 0; i < n; i++) {
    const double s = check_sym(seed, (unsigned)i);
    set(&a, i, ties ? floor(s * 4.0) : 3.0 + s);
  }
  return a;
}

static void drop(array *a) {
  free(a->typed);
  free(a->ref);
}

static const char *op_name(int op) {
  static const char *names[] = {"sum", "mean", "var", "min", "max", "argmin", "argmax", "norm1", "norm2", "norminf"};
  return names[op];
}

static int is_arg(int op) { return op == TRUENO_ARGMIN || op == TRUENO_ARGMAX; }

/* ---- whole array ---------------------------------------------------------------------------------------------- */

#define NOPS (TRUENO_NORMINF + 1)

/* The reference answer of one op, computed once per array (outside the ISA x threads loops). */
typedef struct {
  double value, tol;
  size_t index;
} expect;

static void expect_all(const array *a, size_t ddof, expect *e) {
  for (int op = 0; op < NOPS; op++)
    if (a->n) e[op].value = ref_reduce(op, a->ref, a->n, 1, ddof, &e[op].tol, &e[op].index);
}

static void check_whole(const array *a, int op, size_t ddof, const expect *e, const char *what) {
  double got = -1.0;
  int64_t index = -1;
  const int rc = trueno_reduce(a->dtype, op, a->typed, a->n, ddof, &got, &index);
  if (a->n == 0) {
    const int empty_ok = !(op == TRUENO_MIN || op == TRUENO_MAX || is_arg(op));
    CHECK(rc == (empty_ok ? TRUENO_OK : TRUENO_EINVAL), "%s n=0 rc=%d", op_name(op), rc);
    const int want_nan = op == TRUENO_MEAN || op == TRUENO_VAR;
    if (empty_ok) CHECK(want_nan ? isnan(got) : got == 0.0, "%s n=0 gave %g", op_name(op), got);
    return;
  }
  CHECK(rc == TRUENO_OK, "%s rc=%d", op_name(op), rc);
  if (is_arg(op)) {
    CHECK(index == (int64_t)e->index, "%s %s dtype=%d n=%zu index %lld want %zu", what, op_name(op), a->dtype, a->n,
          (long long)index, e->index);
    CHECK(check_close(got, e->value, 0, 0), "%s %s value %g want %g", what, op_name(op), got, e->value);
  } else {
    CHECK(check_close(got, e->value, 0, e->tol), "%s %s dtype=%d n=%zu ddof=%zu got %.17g want %.17g tol %g", what,
          op_name(op), a->dtype, a->n, ddof, got, e->value, e->tol);
  }
}

/* Every op over a at every ISA level and thread count. */
static void check_all_ops(const array *a, size_t ddof, const char *what) {
  expect e[NOPS];
  expect_all(a, ddof, e);
  FOR_EACH_CONFIG({
    for (int op = 0; op < NOPS; op++) check_whole(a, op, ddof, &e[op], what);
  });
}

static void check_dot(const array *a, const array *b) {
  ksum s = {0, 0, 0};
  for (size_t i = 0; i < a->n; i++) kadd(&s, a->ref[i] * b->ref[i]);
  FOR_EACH_CONFIG({
    double got = -1.0;
    const int rc = trueno_dot(a->dtype, a->typed, b->typed, a->n, &got);
    CHECK(rc == TRUENO_OK && check_close(got, kval(&s), 0, SUM_RTOL * s.abs), "dot dtype=%d n=%zu got %.17g want %.17g",
          a->dtype, a->n, got, kval(&s));
  });
}

static void test_whole_arrays(void) {
  for (size_t d = 0; d < 2; d++)
    for (size_t s = 0; s < NSIZES; s++)
      for (int ties = 0; ties <= (sizes[s] < 1000000); ties++) { /* ties once up to 100003 (time under valgrind) */
        array a = make_data(dtypes[d], sizes[s], 11 + (unsigned)s, ties);
        array b = make_data(dtypes[d], sizes[s], 97 + (unsigned)s, 0);
        check_all_ops(&a, 0, "plain");
        check_dot(&a, &b);
        drop(&a);
        drop(&b);
      }
}

static void test_ddof(void) {
  for (size_t d = 0; d < 2; d++) {
    array a = make_data(dtypes[d], 1023, 5, 0);
    const size_t ddofs[] = {0, 1, 2, 1022, 1023, 5000};
    for (size_t k = 0; k < sizeof(ddofs) / sizeof(ddofs[0]); k++) check_all_ops(&a, ddofs[k], "ddof");
    /* ddof >= n divides by 0: +Inf, or NaN when every deviation is 0 */
    double got = 0;
    CHECK(trueno_reduce(a.dtype, TRUENO_VAR, a.typed, 1023, 1023, &got, NULL) == TRUENO_OK && isinf(got) && got > 0,
          "var ddof=n gave %g", got);
    CHECK(trueno_reduce(a.dtype, TRUENO_VAR, a.typed, 1, 1, &got, NULL) == TRUENO_OK && isnan(got),
          "var of one value with ddof=1 gave %g", got);
    drop(&a);
  }
}

/* NaN and Inf placed in various blocks and lanes, against the same reference. */
static void test_special_values(void) {
  const size_t n_cases[] = {7, 17, 1023, 100003, 300000};
  for (size_t d = 0; d < 2; d++)
    for (size_t s = 0; s < sizeof(n_cases) / sizeof(n_cases[0]); s++) {
      const size_t n = n_cases[s];
      const size_t spots[][2] = {{n / 2, n - 1}, {0, n / 3}, {n - 1, n - 1}, {n / 3, 1}};
      for (size_t p = 0; p < 4; p++)
        for (int pattern = 0; pattern < 4; pattern++) {
          array a = make_data(dtypes[d], n, 3, 0);
          /* 0: NaN then NaN; 1: +Inf and -Inf; 2: +Inf then NaN; 3: -Inf twice (ties of an infinity) */
          const double first[] = {NAN, INFINITY, INFINITY, -INFINITY}, second[] = {NAN, -INFINITY, NAN, -INFINITY};
          set(&a, spots[p][0], first[pattern]);
          set(&a, spots[p][1], second[pattern]);
          check_all_ops(&a, 1, "special");
          drop(&a);
        }
    }
}

/* float32 input whose float32 sum or squares would overflow: float64 accumulation keeps them finite. */
static void test_no_overflow(void) {
  array a = make(TRUENO_F32, 1000);
  for (size_t i = 0; i < 1000; i++) set(&a, i, (i % 2 ? 3.0e38 : 1.0e30));
  check_all_ops(&a, 0, "large");
  FOR_EACH_CONFIG({
    double got = 0;
    trueno_reduce(TRUENO_F32, TRUENO_NORM2, a.typed, a.n, 0, &got, NULL);
    CHECK(isfinite(got), "f32 norm2 overflowed: %g", got);
    trueno_dot(TRUENO_F32, a.typed, a.typed, a.n, &got);
    CHECK(isfinite(got), "f32 dot overflowed: %g", got);
  });
  drop(&a);
}

/* ---- along an axis -------------------------------------------------------------------------------------------- */

static void check_axis(const array *a, int op, size_t outer, size_t len, size_t inner, size_t ddof) {
  const size_t outputs = outer * inner;
  const size_t esize = is_arg(op) ? sizeof(int32_t) : a->dtype == TRUENO_F32 ? sizeof(float) : sizeof(double);
  unsigned char *out = malloc(outputs * esize + 1);
  const int rc = trueno_reduce_axis(a->dtype, op, a->typed, outer, len, inner, ddof, out);
  if (len == 0 && (op == TRUENO_MIN || op == TRUENO_MAX || is_arg(op))) {
    CHECK(rc == TRUENO_EINVAL, "axis %s len=0 rc=%d", op_name(op), rc);
    free(out);
    return;
  }
  CHECK(rc == TRUENO_OK, "axis %s rc=%d", op_name(op), rc);
  for (size_t o = 0; o < outer; o++)
    for (size_t i = 0; i < inner; i++) {
      const size_t at = o * inner + i;
      double tol = 0, want;
      size_t want_index = 0;
      if (len == 0) want = op == TRUENO_MEAN || op == TRUENO_VAR ? NAN : 0.0;
      else want = ref_reduce(op, a->ref + o * len * inner + i, len, inner, ddof, &tol, &want_index);
      if (is_arg(op)) {
        int32_t got;
        memcpy(&got, out + at * esize, sizeof(got));
        CHECK(got == (int32_t)want_index, "axis %s [%zu,%zu,%zu] out %zu: %d want %zu", op_name(op), outer, len, inner,
              at, got, want_index);
        continue;
      }
      double got;
      if (a->dtype == TRUENO_F32) {
        float g;
        memcpy(&g, out + at * esize, sizeof(g));
        got = g;
        tol += F32_ROUND * fabs(want);
        if (isinf((float)want) && isfinite(want)) want = (float)want; /* beyond float32's range */
      } else {
        memcpy(&got, out + at * esize, sizeof(got));
      }
      CHECK(check_close(got, want, 0, tol), "axis %s dtype=%d [%zu,%zu,%zu] out %zu: %.17g want %.17g", op_name(op),
            a->dtype, outer, len, inner, at, got, want);
    }
  free(out);
}

static void test_axis(void) {
  const size_t shapes[][3] = {{1, 1, 1},   {3, 1, 5},    {1, 7, 1},     {4, 17, 1},   {2, 1023, 3},
                              {5, 100, 17}, {2, 3, 300},  {7, 5, 513},   {3, 70000, 1}, {1, 100003, 1},
                              {1, 5, 1000}, {2, 0, 3},    {0, 4, 2},     {3, 1, 1},    {2, 33, 257},
                              {2, 3, 1500}, {2, 100000, 3}, {1, 4097, 300}}; /* tiles; columns over one chunk */
  for (size_t d = 0; d < 2; d++)
    for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++)
      for (int ties = 0; ties <= 1; ties++) {
        const size_t outer = shapes[s][0], len = shapes[s][1], inner = shapes[s][2];
        array a = make_data(dtypes[d], outer * len * inner, 17 + (unsigned)s, ties);
        if (outer * len * inner > 40) { /* a NaN and infinities in some rows and columns */
          set(&a, 3, NAN);
          set(&a, outer * len * inner - 2, INFINITY);
          set(&a, outer * len * inner * 3 / 4, NAN);
          set(&a, outer * len * inner / 2, -INFINITY);
        }
        FOR_EACH_CONFIG({
          for (int op = TRUENO_SUM; op <= TRUENO_NORMINF; op++) check_axis(&a, op, outer, len, inner, op == TRUENO_VAR);
        });
        drop(&a);
      }
}

/* ---- determinism ---------------------------------------------------------------------------------------------- */

/* Axis shapes split among up to 4 threads in different ways: rows; column tiles; long columns cut into row chunks. */
static const size_t split_shapes[][3] = {{20000, 300, 1}, {20, 300, 1000}, {1, 100000, 50}, {4, 5000, 300},
                                         {1, 2400, 2500}};
#define NSPLIT (sizeof(split_shapes) / sizeof(split_shapes[0]))

/* Every whole-array op, dot and every axis op give the same bits with 1, 2, 3 and 4 threads. */
static void test_determinism(void) {
  for (size_t d = 0; d < 2; d++) {
    const size_t n = 6000000, esize = dtypes[d] == TRUENO_F32 ? sizeof(float) : sizeof(double); /* 4 threads busy */
    array a = make_data(dtypes[d], n, 42, 0), b = make_data(dtypes[d], n, 43, 0);
    size_t most = 0; /* the largest axis output, in bytes */
    for (size_t s = 0; s < NSPLIT; s++) {
      const size_t bytes = split_shapes[s][0] * split_shapes[s][2] * esize;
      most = bytes > most ? bytes : most;
    }
    unsigned char *first_axis = malloc(NSPLIT * NOPS * most), *axis = malloc(most);
    for (int isa = 0; isa <= trueno_isa_detected(); isa++) {
      if (trueno_set_isa(isa) != TRUENO_OK) continue;
      double first[NOPS + 1];
      int64_t first_index[NOPS];
      for (int threads = 1; threads <= 4; threads++) {
        trueno_set_threads(threads);
        for (int op = 0; op <= NOPS; op++) { /* op == NOPS: dot */
          double got = 0;
          int64_t index = 0;
          if (op == NOPS) trueno_dot(a.dtype, a.typed, b.typed, n, &got);
          else trueno_reduce(a.dtype, op, a.typed, n, 1, &got, &index);
          if (threads == 1) {
            first[op] = got;
            if (op < NOPS) first_index[op] = index;
          } else {
            CHECK(memcmp(&got, &first[op], sizeof(got)) == 0, "op %d: %.17g with 1 thread, %.17g with %d", op,
                  first[op], got, threads);
            if (op < NOPS && is_arg(op)) CHECK(index == first_index[op], "op %d index", op);
          }
        }
        for (size_t s = 0; s < NSPLIT; s++)
          for (int op = 0; op < NOPS; op++) {
            const size_t outer = split_shapes[s][0], len = split_shapes[s][1], inner = split_shapes[s][2];
            if (outer * len * inner > n) {
              CHECK(0, "shape [%zu,%zu,%zu] exceeds the data", outer, len, inner);
              continue;
            }
            const size_t bytes = outer * inner * (is_arg(op) ? sizeof(int32_t) : esize);
            unsigned char *want = first_axis + (s * NOPS + (size_t)op) * most;
            const int rc = trueno_reduce_axis(a.dtype, op, a.typed, outer, len, inner, 1, threads == 1 ? want : axis);
            CHECK(rc == TRUENO_OK, "axis op %d rc %d", op, rc);
            if (threads > 1)
              CHECK(memcmp(axis, want, bytes) == 0, "axis %s [%zu,%zu,%zu] differs", op_name(op), outer, len, inner);
          }
      }
    }
    trueno_set_isa(trueno_isa_detected());
    trueno_set_threads(2);
    free(first_axis);
    free(axis);
    drop(&a);
    drop(&b);
  }
}

/* ---- bad input ------------------------------------------------------------------------------------------------ */

static void test_bad_input(void) {
  float x[4] = {1, 2, 3, 4};
  float out[4];
  double v;
  int64_t index;
  CHECK(trueno_reduce(TRUENO_DTYPE_COUNT + 1, TRUENO_SUM, x, 4, 0, &v, &index) == TRUENO_EINVAL, "bad dtype");
  CHECK(trueno_reduce(TRUENO_F32, TRUENO_REDUCE_OP_COUNT + 32, x, 4, 0, &v, &index) == TRUENO_EINVAL, "bad op");
  CHECK(trueno_reduce(TRUENO_F32, -1, x, 4, 0, &v, &index) == TRUENO_EINVAL, "negative op");
  CHECK(trueno_reduce(TRUENO_F32, TRUENO_SUM, NULL, 4, 0, &v, &index) == TRUENO_EINVAL, "NULL x");
  CHECK(trueno_reduce(TRUENO_F32, TRUENO_SUM, x, 4, 0, NULL, &index) == TRUENO_EINVAL, "NULL out");
  CHECK(trueno_reduce(TRUENO_F32, TRUENO_ARGMAX, x, 4, 0, &v, NULL) == TRUENO_EINVAL, "NULL index");
  CHECK(trueno_reduce(TRUENO_F32, TRUENO_ARGMAX, x, 4, 0, NULL, &index) == TRUENO_OK && index == 3,
        "argmax needs no value pointer");
  CHECK(trueno_reduce(TRUENO_F32, TRUENO_SUM, NULL, 0, 0, &v, NULL) == TRUENO_OK && v == 0.0, "empty sum of NULL");
  CHECK(trueno_dot(TRUENO_I32, x, x, 4, &v) == TRUENO_EINVAL, "dot takes floats only");
  CHECK(trueno_dot(TRUENO_F32, x, NULL, 4, &v) == TRUENO_EINVAL, "dot NULL b");
  CHECK(trueno_dot(TRUENO_F32, x, x, 4, NULL) == TRUENO_EINVAL, "dot NULL out");
  CHECK(trueno_dot(TRUENO_F32, NULL, NULL, 0, &v) == TRUENO_OK && v == 0.0, "empty dot");
  CHECK(trueno_reduce_axis(TRUENO_DTYPE_COUNT, TRUENO_SUM, x, 2, 2, 1, 0, out) == TRUENO_EINVAL, "axis bad dtype");
  CHECK(trueno_reduce_axis(TRUENO_F32, TRUENO_REDUCE_OP_COUNT, x, 2, 2, 1, 0, out) == TRUENO_EINVAL, "axis bad op");
  CHECK(trueno_reduce_axis(TRUENO_F32, TRUENO_SUM, NULL, 2, 2, 1, 0, out) == TRUENO_EINVAL, "axis NULL x");
  CHECK(trueno_reduce_axis(TRUENO_F32, TRUENO_SUM, x, 2, 2, 1, 0, NULL) == TRUENO_EINVAL, "axis NULL out");
  CHECK(trueno_reduce_axis(TRUENO_F32, TRUENO_SUM, x, SIZE_MAX / 2, 4, 2, 0, out) == TRUENO_EINVAL, "axis overflow");
  CHECK(trueno_reduce_axis(TRUENO_F32, TRUENO_MAX, x, 2, 0, 2, 0, out) == TRUENO_EINVAL, "axis max over nothing");
}

int main(void) {
  test_bad_input();
  test_whole_arrays();
  test_ddof();
  test_special_values();
  test_no_overflow();
  test_axis();
  test_determinism();
  return check_report("test_reduce");
}
