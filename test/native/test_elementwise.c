/*
 * Elementwise, unary and softmax kernels at every ISA level with 1 and 2 threads, against a float64 reference
 * (long double where the result is f64), sizes 0, 1, 7, 17, 1023, 100003 (and 200003 to split streaming ops over
 * threads, 2100003 for the non-temporal stores), NaN/Infinity propagation, in-place use and bad arguments.
 *
 * Tolerances (|got - want| <= atol + rtol*|want|; NaN must match NaN and infinities must match exactly):
 *   add, sub, mul, div (all three forms), fill, copy, cast, abs, neg, sqrt, square, relu, clip
 *                                  exact: bit-identical to the IEEE result of the same operation in that dtype
 *   axpy                           |got - (y + alpha*x)| <= eps*(|alpha*x| + |y|) (fused or not), eps = 2^-23 / 2^-52
 *   f32 exp, log, sigmoid, tanh    rtol 3e-7 (~3 ulp)            atol 2*FLT_MIN (subnormal results may lose bits)
 *   f32 gelu                       rtol 8e-7 (~7 ulp)            atol 2*FLT_MIN
 *   f64 exp, log, sigmoid          rtol 1e-15 (~5 ulp)           atol 2*DBL_MIN
 *   f64 tanh, gelu (libm)          rtol 1e-14                    atol 2*DBL_MIN
 *     (gelu's reference needs erfcl wider than double: where it is not, e.g. under valgrind's x87 emulation or
 *     musl, gelu below x = -8 gets rtol 1e-12, the reference's own error there: erfc's condition number is 2u^2)
 *   softmax f32 / f64              rtol 1e-6 / 1e-13, atol 1e-30 / 1e-300 (the row sum is kept in double)
 *   log-softmax f32 / f64          rtol 1e-6 / 1e-13, atol 1e-6 / 1e-13 (absolute near 0: log of the sum)
 *   (the softmax reference rounds x - max to the dtype, as numpy's formula does in that dtype)
 */
#include "check.h"

#include <float.h>
#include <stdint.h>
#include <string.h>

static const size_t sizes[] = {0, 1, 7, 17, 1023, 100003, 200003};
#define NSIZES (sizeof sizes / sizeof sizes[0])
#define MAXN (2 * 100003) /* the largest array: 2 x 100003 in the row tests */
/* transcendental ops run on sizes up to 100003: enough to split over threads, and quick under valgrind */
#define COMPUTE_MAXN 100003

static double *ref_a, *ref_b;
static void *buf_a, *buf_b, *buf_out, *buf_out2;

static size_t dsize(int dtype) { return dtype == TRUENO_F32 ? sizeof(float) : sizeof(double); }
static double get(int dtype, const void *p, size_t i) {
  return dtype == TRUENO_F32 ? (double)((const float *)p)[i] : ((const double *)p)[i];
}
static void put(int dtype, void *p, size_t i, double v) {
  if (dtype == TRUENO_F32)
    ((float *)p)[i] = (float)v;
  else
    ((double *)p)[i] = v;
}
static const char *dname(int dtype) { return dtype == TRUENO_F32 ? "f32" : "f64"; }

/* identical values: NaN matches any NaN, zeros must agree in sign */
static int same(double got, double want) {
  if (isnan(want)) return isnan(got);
  return got == want && signbit(got) == signbit(want);
}

/* two arrays hold the same values (a NaN's payload may differ: WASM does not preserve it) */
static int same_array(int dtype, const void *a, const void *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!same(get(dtype, a, i), get(dtype, b, i))) return 0;
  return 1;
}

static const double specials[] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, 1.0, -1.0, 1e-40, -1e-40, 1e-310,
                                  3.4e38, -3.4e38, 1e300, -1e300, 0.5, 2.0, 100.0, -100.0, 89.0, -89.0};
#define NSPECIALS (sizeof specials / sizeof specials[0])

/* Fills ref_x[0..n) with pseudo-random values scaled by `scale`, every 97th replaced by a special value when
 * with_specials is set, and stores them (rounded to dtype) in buf. Returns the rounded values in ref_x. */
static void fill_input(int dtype, double *ref_x, void *buf, size_t n, unsigned seed, double scale, double offset,
                       int with_specials) {
  for (size_t i = 0; i < n; i++) {
    double v = offset + scale * check_sym(seed, (unsigned)i);
    if (with_specials && i % 97 == 3) v = specials[(i / 97) % NSPECIALS];
    put(dtype, buf, i, v);
    ref_x[i] = get(dtype, buf, i);
  }
}

/* ---- arithmetic: exact ---- */

static double exact_op(int dtype, int op, double a, double b) {
  if (dtype == TRUENO_F32) {
    const float x = (float)a, y = (float)b;
    switch (op) {
    case TRUENO_ADD: return x + y;
    case TRUENO_SUB: return x - y;
    case TRUENO_MUL: return x * y;
    default: return x / y;
    }
  }
  switch (op) {
  case TRUENO_ADD: return a + b;
  case TRUENO_SUB: return a - b;
  case TRUENO_MUL: return a * b;
  default: return a / b;
  }
}

static void test_binary(int dtype) {
  for (size_t s = 0; s < NSIZES; s++) {
    const size_t n = sizes[s];
    fill_input(dtype, ref_a, buf_a, n, 1, 10.0, 0.0, 1);
    fill_input(dtype, ref_b, buf_b, n, 2, 10.0, 0.0, 1);
    for (int op = TRUENO_ADD; op <= TRUENO_DIV; op++) {
      CHECK(trueno_binary(dtype, op, buf_a, buf_b, buf_out, n) == TRUENO_OK, "binary");
      size_t bad = 0;
      for (size_t i = 0; i < n; i++) bad += !same(get(dtype, buf_out, i), exact_op(dtype, op, ref_a[i], ref_b[i]));
      CHECK(bad == 0, "binary %s op %d n %zu: %zu wrong", dname(dtype), op, n, bad);

      const double sc = -2.7;
      for (int reverse = 0; reverse <= 1; reverse++) {
        CHECK(trueno_binary_scalar(dtype, op, buf_a, sc, buf_out, n, reverse) == TRUENO_OK, "binary_scalar");
        const double sr = dtype == TRUENO_F32 ? (double)(float)sc : sc;
        bad = 0;
        for (size_t i = 0; i < n; i++) {
          const double want = reverse ? exact_op(dtype, op, sr, ref_a[i]) : exact_op(dtype, op, ref_a[i], sr);
          bad += !same(get(dtype, buf_out, i), want);
        }
        CHECK(bad == 0, "binary_scalar %s op %d reverse %d n %zu: %zu wrong", dname(dtype), op, reverse, n, bad);
      }
    }
    /* in place: out aliases a */
    memcpy(buf_out, buf_a, n * dsize(dtype));
    CHECK(trueno_binary(dtype, TRUENO_SUB, buf_out, buf_b, buf_out, n) == TRUENO_OK, "binary in place");
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
      bad += !same(get(dtype, buf_out, i), exact_op(dtype, TRUENO_SUB, ref_a[i], ref_b[i]));
    CHECK(bad == 0, "binary in place %s n %zu: %zu wrong", dname(dtype), n, bad);
  }
}

/* Outputs of 4 MiB and more per thread are written with non-temporal stores from the first vector-aligned element
 * on: an odd offset and length exercise the cached head, the streamed body and the tail. */
static void test_streaming(int dtype) {
  const size_t n = 2100003, offset = 1;
  double *x = malloc(n * sizeof(double)), *y = malloc(n * sizeof(double)), *out = malloc((n + offset) * sizeof(double));
  if (!x || !y || !out) {
    CHECK(0, "out of memory");
    free(x);
    free(y);
    free(out);
    return;
  }
  void *o = (char *)out + offset * dsize(dtype);
  for (size_t i = 0; i < n; i++) {
    put(dtype, x, i, check_sym(60, (unsigned)i));
    put(dtype, y, i, 2.0 + check_sym(61, (unsigned)i));
  }
  CHECK(trueno_binary(dtype, TRUENO_DIV, x, y, o, n) == TRUENO_OK, "streamed binary");
  size_t bad = 0;
  for (size_t i = 0; i < n; i++)
    bad += !same(get(dtype, o, i), exact_op(dtype, TRUENO_DIV, get(dtype, x, i), get(dtype, y, i)));
  CHECK(bad == 0, "streamed binary %s: %zu wrong", dname(dtype), bad);
  CHECK(trueno_binary_scalar(dtype, TRUENO_SUB, x, 0.5, o, n, 1) == TRUENO_OK, "streamed binary_scalar");
  bad = 0;
  for (size_t i = 0; i < n; i++) bad += !same(get(dtype, o, i), exact_op(dtype, TRUENO_SUB, 0.5, get(dtype, x, i)));
  CHECK(bad == 0, "streamed binary_scalar %s: %zu wrong", dname(dtype), bad);
  CHECK(trueno_fill(dtype, o, n, -3.0) == TRUENO_OK, "streamed fill");
  bad = 0;
  for (size_t i = 0; i < n; i++) bad += get(dtype, o, i) != -3.0;
  CHECK(bad == 0, "streamed fill %s: %zu wrong", dname(dtype), bad);
  free(x);
  free(y);
  free(out);
}

static void test_binary_rows(int dtype) {
  static const size_t shapes[][2] = {{0, 3}, {3, 0}, {1, 1}, {5, 7}, {3, 17}, {4, 1023}, {1000, 33}, {2, 100003}};
  for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
    const size_t rows = shapes[s][0], cols = shapes[s][1], n = rows * cols;
    fill_input(dtype, ref_a, buf_a, n, 3, 5.0, 0.0, 1);
    fill_input(dtype, ref_b, buf_b, cols, 4, 5.0, 0.0, 1);
    for (int op = TRUENO_ADD; op <= TRUENO_DIV; op++) {
      CHECK(trueno_binary_rows(dtype, op, buf_a, buf_b, buf_out, rows, cols) == TRUENO_OK, "binary_rows");
      size_t bad = 0;
      for (size_t i = 0; i < n; i++)
        bad += !same(get(dtype, buf_out, i), exact_op(dtype, op, ref_a[i], ref_b[i % cols]));
      CHECK(bad == 0, "binary_rows %s op %d %zux%zu: %zu wrong", dname(dtype), op, rows, cols, bad);
    }
    memcpy(buf_out, buf_a, n * dsize(dtype));
    CHECK(trueno_binary_rows(dtype, TRUENO_MUL, buf_out, buf_b, buf_out, rows, cols) == TRUENO_OK, "rows in place");
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
      bad += !same(get(dtype, buf_out, i), exact_op(dtype, TRUENO_MUL, ref_a[i], ref_b[i % cols]));
    CHECK(bad == 0, "binary_rows in place %s %zux%zu: %zu wrong", dname(dtype), rows, cols, bad);
  }
}

static void test_axpy_fill_copy_cast(int dtype) {
  const double eps = dtype == TRUENO_F32 ? 0x1p-23 : 0x1p-52;
  const int other = dtype == TRUENO_F32 ? TRUENO_F64 : TRUENO_F32;
  for (size_t s = 0; s < NSIZES; s++) {
    const size_t n = sizes[s];
    fill_input(dtype, ref_a, buf_a, n, 5, 3.0, 0.0, 0);
    fill_input(dtype, ref_b, buf_b, n, 6, 3.0, 0.0, 0);
    const double alpha = dtype == TRUENO_F32 ? (double)(float)-1.7 : -1.7;
    CHECK(trueno_axpy(dtype, n, alpha, buf_a, buf_b) == TRUENO_OK, "axpy");
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
      const double ax = alpha * ref_a[i], want = ref_b[i] + ax;
      bad += !check_close(get(dtype, buf_b, i), want, 0.0, eps * (fabs(ax) + fabs(ref_b[i])));
    }
    CHECK(bad == 0, "axpy %s n %zu: %zu wrong", dname(dtype), n, bad);

    CHECK(trueno_fill(dtype, buf_out, n, 0.1) == TRUENO_OK, "fill");
    const double fv = dtype == TRUENO_F32 ? (double)0.1f : 0.1;
    bad = 0;
    for (size_t i = 0; i < n; i++) bad += !same(get(dtype, buf_out, i), fv);
    CHECK(bad == 0, "fill %s n %zu", dname(dtype), n);

    fill_input(dtype, ref_a, buf_a, n, 7, 1e3, 0.0, 1);
    CHECK(trueno_copy(dtype, buf_a, buf_out, n) == TRUENO_OK, "copy");
    CHECK(memcmp(buf_a, buf_out, n * dsize(dtype)) == 0, "copy %s n %zu", dname(dtype), n);

    CHECK(trueno_cast(dtype, other, buf_a, buf_out, n) == TRUENO_OK, "cast");
    bad = 0;
    for (size_t i = 0; i < n; i++) {
      const double want = other == TRUENO_F32 ? (double)(float)ref_a[i] : ref_a[i];
      bad += !same(get(other, buf_out, i), want);
    }
    CHECK(bad == 0, "cast %s -> %s n %zu: %zu wrong", dname(dtype), dname(other), n, bad);
  }
}

/* ---- unary ---- */

typedef struct {
  int op;
  const char *name;
  double scale, offset; /* inputs: offset + scale * [-1, 1) */
  double rtol32, rtol64;
} unary_case;

/* rtol < 0: exact */
static const unary_case unary_cases[] = {
    {TRUENO_ABS, "abs", 10.0, 0.0, -1, -1},
    {TRUENO_NEG, "neg", 10.0, 0.0, -1, -1},
    {TRUENO_SQRT, "sqrt", 50.0, 49.0, -1, -1},
    {TRUENO_SQUARE, "square", 1e3, 0.0, -1, -1},
    {TRUENO_RELU, "relu", 10.0, 0.0, -1, -1},
    {TRUENO_EXP, "exp", 110.0, 0.0, 3e-7, 1e-15},
    {TRUENO_EXP, "exp-small", 1.0, 0.0, 3e-7, 1e-15},
    {TRUENO_LOG, "log", 1e3, 1e3, 3e-7, 1e-15},
    {TRUENO_LOG, "log-near1", 0.25, 1.0, 3e-7, 1e-15},
    {TRUENO_SIGMOID, "sigmoid", 30.0, 0.0, 3e-7, 1e-15},
    {TRUENO_TANH, "tanh", 5.0, 0.0, 3e-7, 1e-14},
    {TRUENO_TANH, "tanh-small", 0.7, 0.0, 3e-7, 1e-14},
    {TRUENO_GELU, "gelu", 8.0, 0.0, 8e-7, 1e-14},
    {TRUENO_GELU, "gelu-tail", 2.0, -11.0, 8e-7, 1e-14},
};

static long double ref_unary(int op, long double x) {
  switch (op) {
  case TRUENO_ABS: return fabsl(x);
  case TRUENO_NEG: return -x;
  case TRUENO_SQRT: return sqrtl(x);
  case TRUENO_SQUARE: return x * x;
  case TRUENO_RELU: return x < 0 ? 0.0L : x;
  case TRUENO_EXP: return expl(x);
  case TRUENO_LOG: return logl(x);
  case TRUENO_SIGMOID: return 1.0L / (1.0L + expl(-x));
  case TRUENO_TANH: return tanhl(x);
  default: {
    const long double phi = 0.5L * erfcl(-x / sqrtl(2.0L));
    return phi == 0 ? -0.0L : x * phi;
  }
  }
}

/* exact ops: the same IEEE operation in the dtype */
static double exact_unary(int dtype, int op, double x) {
  if (dtype == TRUENO_F32) {
    const float f = (float)x;
    switch (op) {
    case TRUENO_ABS: return fabsf(f);
    case TRUENO_NEG: return -f;
    case TRUENO_SQRT: return sqrtf(f);
    case TRUENO_SQUARE: return f * f;
    default: return f < 0 ? 0.0f : f;
    }
  }
  switch (op) {
  case TRUENO_ABS: return fabs(x);
  case TRUENO_NEG: return -x;
  case TRUENO_SQRT: return sqrt(x);
  case TRUENO_SQUARE: return x * x;
  default: return x < 0 ? 0.0 : x;
  }
}

/* whether erfcl is more precise than double here (see the tolerance table): long double arithmetic must be wider
 * than double (valgrind computes x87 code in double), and erfcl(5) must be closer to the truth than erfc(5)'s
 * double rounding (5.6e-17 relative; musl's erfcl is erfc) */
static int precise_erfcl(void) {
  volatile long double one = 1.0L, tiny = 0x1p-60L;
  const long double want = 1.5374597944280348501883434853834e-12L; /* erfc(5) */
  return one + tiny != one && fabsl(erfcl(5.0L) - want) < want * 1e-17L;
}

static int unary_ok(int dtype, const unary_case *c, double x, double got) {
  static int erfcl_checked = 0, erfcl_precise = 0;
  if (!erfcl_checked) {
    erfcl_precise = precise_erfcl();
    erfcl_checked = 1;
  }
  double rtol = dtype == TRUENO_F32 ? c->rtol32 : c->rtol64;
  if (dtype == TRUENO_F64 && c->op == TRUENO_GELU && x < -8 && !erfcl_precise) rtol = 1e-12;
  if (rtol < 0) {
    /* relu may return either zero for -0 input (maxps vs fmax); everything else must match bit for bit */
    if (c->op == TRUENO_RELU && x == 0) return got == 0;
    return same(got, exact_unary(dtype, c->op, x));
  }
  const double atol = dtype == TRUENO_F32 ? 2 * FLT_MIN : 2 * DBL_MIN;
  long double want = ref_unary(c->op, x);
  if (dtype == TRUENO_F32) want = (float)want;
  return check_close(got, (double)want, rtol, atol);
}

static void test_unary(int dtype) {
  for (size_t c = 0; c < sizeof unary_cases / sizeof unary_cases[0]; c++) {
    const unary_case *uc = &unary_cases[c];
    const int exact = uc->rtol32 < 0;
    for (size_t s = 0; s < NSIZES; s++) {
      const size_t n = sizes[s];
      if (!exact && n > COMPUTE_MAXN) continue;
      fill_input(dtype, ref_a, buf_a, n, 10 + (unsigned)c, uc->scale, uc->offset, 1);
      CHECK(trueno_unary(dtype, uc->op, buf_a, buf_out, n) == TRUENO_OK, "unary");
      size_t bad = 0, first = 0;
      for (size_t i = 0; i < n; i++)
        if (!unary_ok(dtype, uc, ref_a[i], get(dtype, buf_out, i)) && bad++ == 0) first = i;
      CHECK(bad == 0, "%s %s n %zu: %zu wrong, first x=%.9g got %.12g want %.12g", uc->name, dname(dtype), n, bad,
            n ? ref_a[first] : 0.0, n ? get(dtype, buf_out, first) : 0.0,
            n ? (double)ref_unary(uc->op, ref_a[first]) : 0.0);
      /* in place gives the same bits */
      memcpy(buf_out2, buf_a, n * dsize(dtype));
      CHECK(trueno_unary(dtype, uc->op, buf_out2, buf_out2, n) == TRUENO_OK, "unary in place");
      CHECK(same_array(dtype, buf_out, buf_out2, n), "%s %s in place n %zu", uc->name, dname(dtype), n);
    }
  }
}

/* Every special value through every op, alone and at each position of a 33-element array (vector body and tail). */
static void test_unary_specials(int dtype) {
  for (size_t c = 0; c < sizeof unary_cases / sizeof unary_cases[0]; c++) {
    const unary_case *uc = &unary_cases[c];
    for (size_t v = 0; v < NSPECIALS; v++) {
      for (size_t pos = 0; pos < 33; pos += 8) {
        for (size_t i = 0; i < 33; i++) put(dtype, buf_a, i, i == pos ? specials[v] : 0.25 * (double)i - 4.0);
        CHECK(trueno_unary(dtype, uc->op, buf_a, buf_out, 33) == TRUENO_OK, "unary specials");
        for (size_t i = 0; i < 33; i++) {
          const double x = get(dtype, buf_a, i), got = get(dtype, buf_out, i);
          CHECK(unary_ok(dtype, uc, x, got), "%s %s(%g) = %.12g, want %.12g", uc->name, dname(dtype), x, got,
                (double)ref_unary(uc->op, x));
        }
      }
    }
  }
}

static void test_clip(int dtype) {
  static const double bounds[][2] = {{-0.5, 0.5}, {-INFINITY, 0.0}, {2.0, 1.0}, {NAN, 1.0}, {-1.0, NAN}};
  for (size_t s = 0; s < NSIZES; s++) {
    const size_t n = sizes[s];
    fill_input(dtype, ref_a, buf_a, n, 30, 2.0, 0.0, 1);
    for (size_t b = 0; b < sizeof bounds / sizeof bounds[0]; b++) {
      const double lo = bounds[b][0], hi = bounds[b][1];
      CHECK(trueno_clip(dtype, buf_a, buf_out, n, lo, hi) == TRUENO_OK, "clip");
      size_t bad = 0;
      for (size_t i = 0; i < n; i++) {
        double t = ref_a[i] < lo ? lo : ref_a[i];
        t = t > hi ? hi : t;
        if (isnan(lo) || isnan(hi)) t = NAN;
        bad += !same(get(dtype, buf_out, i), dtype == TRUENO_F32 ? (double)(float)t : t);
      }
      CHECK(bad == 0, "clip %s [%g, %g] n %zu: %zu wrong", dname(dtype), lo, hi, n, bad);
    }
    memcpy(buf_out, buf_a, n * dsize(dtype));
    CHECK(trueno_clip(dtype, buf_out, buf_out, n, -0.5, 0.5) == TRUENO_OK, "clip in place");
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
      const double t = ref_a[i] < -0.5 ? -0.5 : ref_a[i] > 0.5 ? 0.5 : ref_a[i];
      bad += !same(get(dtype, buf_out, i), t);
    }
    CHECK(bad == 0, "clip in place %s n %zu", dname(dtype), n);
  }
}

/* ---- softmax ---- */

/* numpy's d = x - max (rounded to the dtype, as numpy does); e = exp(d); e / e.sum() or d - log(e.sum()), in long
 * double */
static void ref_softmax_row(int dtype, const double *x, long double *out, size_t n, int take_log) {
  long double max = -INFINITY;
  int nan = 0;
  for (size_t i = 0; i < n; i++) {
    nan |= isnan(x[i]);
    if (x[i] > max) max = x[i];
  }
  long double sum = 0;
  for (size_t i = 0; i < n; i++) {
    out[i] = dtype == TRUENO_F32 ? (float)(x[i] - max) : x[i] - max;
    sum += expl(out[i]);
  }
  if (nan) sum = NAN;
  for (size_t i = 0; i < n; i++) out[i] = take_log ? out[i] - logl(sum) : expl(out[i]) / sum;
}

static void test_softmax(int dtype) {
  static const size_t shapes[][2] = {{0, 5}, {5, 0}, {1, 1}, {3, 7}, {2, 17}, {4, 1023}, {100, 33}, {2, 100003}};
  static long double want[2 * 100003];
  const double rtol = dtype == TRUENO_F32 ? 1e-6 : 1e-13;
  for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
    const size_t rows = shapes[s][0], cols = shapes[s][1], n = rows * cols;
    fill_input(dtype, ref_a, buf_a, n, 40, 20.0, 0.0, 0);
    /* special rows: a NaN, a +Inf, all -Inf, some -Inf, huge values */
    if (rows >= 4 && cols >= 2) {
      for (size_t c = 0; c < cols; c++)
        put(dtype, buf_a, 3 * cols + c, c % 3 ? 1e30 * check_sym(41, (unsigned)c) : -INFINITY);
      put(dtype, buf_a, 0 * cols + cols / 2, NAN);
      put(dtype, buf_a, 1 * cols + cols - 1, INFINITY);
      for (size_t c = 0; c < cols; c++) put(dtype, buf_a, 2 * cols + c, -INFINITY);
      for (size_t i = 0; i < n; i++) ref_a[i] = get(dtype, buf_a, i);
    }
    for (int take_log = 0; take_log <= 1; take_log++) {
      const double atol = take_log ? rtol : (dtype == TRUENO_F32 ? 1e-30 : 1e-300);
      CHECK(trueno_softmax_rows(dtype, rows, cols, buf_a, buf_out, take_log) == TRUENO_OK, "softmax");
      size_t bad = 0, first = 0;
      for (size_t r = 0; r < rows; r++) {
        ref_softmax_row(dtype, ref_a + r * cols, want, cols, take_log);
        for (size_t c = 0; c < cols; c++) {
          double w = (double)want[c];
          if (dtype == TRUENO_F32) w = (float)w;
          if (!check_close(get(dtype, buf_out, r * cols + c), w, rtol, atol) && bad++ == 0) first = r * cols + c;
        }
      }
      CHECK(bad == 0, "softmax %s log %d %zux%zu: %zu wrong, first at %zu got %.12g", dname(dtype), take_log, rows,
            cols, bad, first, n ? get(dtype, buf_out, first) : 0.0);
      memcpy(buf_out2, buf_a, n * dsize(dtype));
      CHECK(trueno_softmax_rows(dtype, rows, cols, buf_out2, buf_out2, take_log) == TRUENO_OK, "softmax in place");
      CHECK(same_array(dtype, buf_out, buf_out2, n), "softmax in place %s log %d %zux%zu", dname(dtype),
            take_log, rows, cols);
    }
  }
}

/* ---- results do not depend on the thread count ---- */

static void test_thread_invariance(int dtype) {
  const size_t n = COMPUTE_MAXN;
  fill_input(dtype, ref_a, buf_a, n, 50, 3.0, 0.0, 0);
  for (int op = TRUENO_ABS; op <= TRUENO_GELU; op++) {
    trueno_set_threads(1);
    trueno_unary(dtype, op, buf_a, buf_out, n);
    trueno_set_threads(2);
    trueno_unary(dtype, op, buf_a, buf_out2, n);
    CHECK(same_array(dtype, buf_out, buf_out2, n), "unary op %d %s differs between 1 and 2 threads", op,
          dname(dtype));
  }
  trueno_set_threads(1);
  trueno_softmax_rows(dtype, 1000, 100, buf_a, buf_out, 0);
  trueno_set_threads(2);
  trueno_softmax_rows(dtype, 1000, 100, buf_a, buf_out2, 0);
  CHECK(same_array(dtype, buf_out, buf_out2, 100000), "softmax %s differs between 1 and 2 threads",
        dname(dtype));
}

/* ---- bad arguments ---- */

static void test_bad_arguments(void) {
  float x[4] = {1, 2, 3, 4}, y[4] = {0};
  const size_t huge = SIZE_MAX / 2;
  CHECK(trueno_binary(TRUENO_DTYPE_COUNT, TRUENO_ADD, x, x, y, 4) == TRUENO_EINVAL, "bad dtype");
  CHECK(trueno_binary(-1, TRUENO_ADD, x, x, y, 4) == TRUENO_EINVAL, "bad dtype");
  CHECK(trueno_binary(TRUENO_F32, TRUENO_BINARY_OP_COUNT, x, x, y, 4) == TRUENO_EINVAL, "bad op");
  CHECK(trueno_binary(TRUENO_F32, -1, x, x, y, 4) == TRUENO_EINVAL, "bad op");
  CHECK(trueno_binary(TRUENO_F32, TRUENO_ADD, NULL, x, y, 4) == TRUENO_EINVAL, "NULL a");
  CHECK(trueno_binary(TRUENO_F32, TRUENO_ADD, x, NULL, y, 4) == TRUENO_EINVAL, "NULL b");
  CHECK(trueno_binary(TRUENO_F32, TRUENO_ADD, x, x, NULL, 4) == TRUENO_EINVAL, "NULL out");
  CHECK(trueno_binary(TRUENO_F32, TRUENO_ADD, NULL, NULL, NULL, 0) == TRUENO_OK, "n = 0 with NULL");
  CHECK(trueno_binary(TRUENO_F64, TRUENO_ADD, x, x, y, huge) == TRUENO_EINVAL, "n overflows");
  CHECK(trueno_binary_scalar(TRUENO_F32, TRUENO_BINARY_OP_COUNT + 5, x, 1.0, y, 4, 0) == TRUENO_EINVAL, "scalar bad op");
  CHECK(trueno_binary_scalar(TRUENO_F32, TRUENO_ADD, NULL, 1.0, y, 4, 0) == TRUENO_EINVAL, "scalar NULL");
  CHECK(trueno_binary_scalar(TRUENO_DTYPE_COUNT + 1, TRUENO_ADD, x, 1.0, y, 4, 0) == TRUENO_EINVAL, "scalar bad dtype");
  CHECK(trueno_binary_rows(TRUENO_F32, TRUENO_ADD, x, NULL, y, 2, 2) == TRUENO_EINVAL, "rows NULL row");
  CHECK(trueno_binary_rows(TRUENO_F32, TRUENO_BINARY_OP_COUNT + 1, x, x, y, 2, 2) == TRUENO_EINVAL, "rows bad op");
  CHECK(trueno_binary_rows(TRUENO_F32, TRUENO_ADD, x, x, y, huge, 4) == TRUENO_EINVAL, "rows overflow");
  CHECK(trueno_binary_rows(TRUENO_F32, TRUENO_ADD, NULL, NULL, NULL, 0, 4) == TRUENO_OK, "rows empty");
  CHECK(trueno_axpy(TRUENO_F32, 4, 1.0, NULL, y) == TRUENO_EINVAL, "axpy NULL");
  CHECK(trueno_axpy(TRUENO_I64, 4, 1.0, x, y) == TRUENO_EINVAL, "axpy takes floats only");
  CHECK(trueno_fill(TRUENO_F32, NULL, 4, 1.0) == TRUENO_EINVAL, "fill NULL");
  CHECK(trueno_fill(TRUENO_F32, NULL, 0, 1.0) == TRUENO_OK, "fill empty");
  CHECK(trueno_copy(TRUENO_F32, x, NULL, 4) == TRUENO_EINVAL, "copy NULL");
  CHECK(trueno_cast(TRUENO_F32, TRUENO_DTYPE_COUNT, x, y, 4) == TRUENO_EINVAL, "cast bad to");
  CHECK(trueno_cast(-3, TRUENO_F32, x, y, 4) == TRUENO_EINVAL, "cast bad from");
  CHECK(trueno_cast(TRUENO_F64, TRUENO_F32, NULL, y, 4) == TRUENO_EINVAL, "cast NULL");
  CHECK(trueno_cast(TRUENO_F32, TRUENO_F32, x, y, 4) == TRUENO_OK && y[3] == 4, "cast to the same dtype copies");
  CHECK(trueno_unary(TRUENO_F32, TRUENO_UNARY_OP_COUNT, x, y, 4) == TRUENO_EINVAL, "unary bad op");
  CHECK(trueno_unary(TRUENO_F32, -1, x, y, 4) == TRUENO_EINVAL, "unary bad op");
  CHECK(trueno_unary(TRUENO_F32, TRUENO_EXP, NULL, y, 4) == TRUENO_EINVAL, "unary NULL");
  CHECK(trueno_unary(TRUENO_F32, TRUENO_EXP, x, y, huge) == TRUENO_EINVAL, "unary overflow");
  CHECK(trueno_clip(TRUENO_F32, x, NULL, 4, 0, 1) == TRUENO_EINVAL, "clip NULL");
  CHECK(trueno_clip(TRUENO_BOOL, x, y, 4, 0, 1) == TRUENO_EINVAL, "clip takes floats only");
  CHECK(trueno_softmax_rows(TRUENO_F32, 2, 2, NULL, y, 0) == TRUENO_EINVAL, "softmax NULL");
  CHECK(trueno_softmax_rows(TRUENO_F32, 2, 2, x, NULL, 0) == TRUENO_EINVAL, "softmax NULL out");
  CHECK(trueno_softmax_rows(2, 2, 2, x, y, 0) == TRUENO_EINVAL, "softmax bad dtype");
  CHECK(trueno_softmax_rows(TRUENO_F32, huge, 4, x, y, 0) == TRUENO_EINVAL, "softmax overflow");
  CHECK(trueno_softmax_rows(TRUENO_F32, 0, 4, NULL, NULL, 0) == TRUENO_OK, "softmax empty");
}

int main(void) {
  ref_a = malloc(MAXN * sizeof(double));
  ref_b = malloc(MAXN * sizeof(double));
  buf_a = malloc(MAXN * sizeof(double));
  buf_b = malloc(MAXN * sizeof(double));
  buf_out = malloc(MAXN * sizeof(double));
  buf_out2 = malloc(MAXN * sizeof(double));
  if (!ref_a || !ref_b || !buf_a || !buf_b || !buf_out || !buf_out2) return 2;

  FOR_EACH_CONFIG({
    for (int dtype = TRUENO_F32; dtype <= TRUENO_F64; dtype++) {
      test_binary(dtype);
      test_streaming(dtype);
      test_binary_rows(dtype);
      test_axpy_fill_copy_cast(dtype);
      test_unary(dtype);
      test_unary_specials(dtype);
      test_clip(dtype);
      test_softmax(dtype);
    }
  });
  for (int isa = 0; isa <= trueno_isa_detected(); isa++) {
    if (trueno_set_isa(isa) != TRUENO_OK) continue;
    test_thread_invariance(TRUENO_F32);
    test_thread_invariance(TRUENO_F64);
  }
  trueno_set_isa(trueno_isa_detected());
  test_bad_arguments();

  free(ref_a);
  free(ref_b);
  free(buf_a);
  free(buf_b);
  free(buf_out);
  free(buf_out2);
  return check_report("test_elementwise");
}
