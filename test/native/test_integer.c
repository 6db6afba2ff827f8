/*
 * Integer and bool kernels (int32, int64, uint8, bool) at every ISA level with 1 and 2 threads: wrapping add/sub/mul
 * in all three forms, fill, copy, the full cast matrix (saturating float -> integer, NaN -> 0, wrapping narrowing,
 * nonzero -> true), axis and whole reductions (int64 sums, min, max, first argmin/argmax), and bad arguments. Every
 * result is exact: the reference is computed here in int64/double.
 */
#include "check.h"

#include <stdint.h>
#include <string.h>

#define N 200003 /* large enough to be split over threads */

static int32_t a32[N], b32[N], o32[N];
static int64_t a64[N], o64[N];
static uint8_t a8[N], o8[N];

static void make_inputs(void) {
  for (unsigned i = 0; i < N; i++) {
    a32[i] = (int32_t)(check_sym(1, i) * 2147483647.0);
    b32[i] = (int32_t)(check_sym(2, i) * 65536.0);
    a64[i] = (int64_t)a32[i] * 4294967311LL;
    a8[i] = (uint8_t)(check_sym(3, i) * 127.0 + 128.0);
  }
}

static void test_binary(void) {
  {
    int ok = 1;
    CHECK(trueno_binary(TRUENO_I32, TRUENO_MUL, a32, b32, o32, N) == TRUENO_OK, "i32 mul");
    for (size_t i = 0; i < N && ok; i++) ok = o32[i] == (int32_t)((uint32_t)a32[i] * (uint32_t)b32[i]);
    CHECK(ok, "i32 mul wraps");
    CHECK(trueno_binary(TRUENO_I32, TRUENO_ADD, a32, a32, o32, N) == TRUENO_OK, "i32 add");
    for (size_t i = 0; i < N && ok; i++) ok = o32[i] == (int32_t)((uint32_t)a32[i] * 2u);
    CHECK(ok, "i32 add wraps");
    CHECK(trueno_binary_scalar(TRUENO_I64, TRUENO_SUB, a64, 7.0, o64, N, 1) == TRUENO_OK, "i64 rsub");
    for (size_t i = 0; i < N && ok; i++) ok = o64[i] == (int64_t)(7u - (uint64_t)a64[i]);
    CHECK(ok, "i64 7 - a");
    CHECK(trueno_binary_scalar(TRUENO_U8, TRUENO_MUL, a8, 3.0, o8, N, 0) == TRUENO_OK, "u8 mul scalar");
    for (size_t i = 0; i < N && ok; i++) ok = o8[i] == (uint8_t)(a8[i] * 3);
    CHECK(ok, "u8 a * 3 wraps");
    int32_t row[7] = {1, -2, 3, -4, 5, -6, INT32_MAX};
    CHECK(trueno_binary_rows(TRUENO_I32, TRUENO_ADD, a32, row, o32, N / 7, 7) == TRUENO_OK, "i32 rows");
    for (size_t i = 0; i < N / 7 * 7 && ok; i++) ok = o32[i] == (int32_t)((uint32_t)a32[i] + (uint32_t)row[i % 7]);
    CHECK(ok, "i32 rows add");
  }
}

static void test_fill_copy_cast(void) {
  {
    CHECK(trueno_fill(TRUENO_I64, o64, N, -9007199254740991.0) == TRUENO_OK && o64[N - 1] == -9007199254740991LL, "fill i64");
    CHECK(trueno_fill(TRUENO_BOOL, o8, N, 0.25) == TRUENO_OK && o8[0] == 1 && o8[N - 1] == 1, "fill bool nonzero");
    CHECK(trueno_fill(TRUENO_U8, o8, N, 257.0) == TRUENO_OK && o8[5] == 1, "fill u8 wraps 257 -> 1");
    CHECK(trueno_copy(TRUENO_I32, a32, o32, N) == TRUENO_OK && memcmp(a32, o32, sizeof a32) == 0, "copy i32");
    const double f[] = {NAN, 1e300, -1e300, 2.9, -2.9, 255.5, -0.5, 0.0, 3e9, -3e9};
    const int32_t want32[] = {0, INT32_MAX, INT32_MIN, 2, -2, 255, 0, 0, INT32_MAX, INT32_MIN};
    const uint8_t want8[] = {0, 255, 0, 2, 0, 255, 0, 0, 255, 0};
    const uint8_t wantb[] = {1, 1, 1, 1, 1, 1, 1, 0, 1, 1};
    const int64_t want64[] = {0, INT64_MAX, INT64_MIN, 2, -2, 255, 0, 0, 3000000000LL, -3000000000LL};
    int32_t c32[10];
    uint8_t c8[10], cb[10];
    int64_t c64[10];
    CHECK(trueno_cast(TRUENO_F64, TRUENO_I32, f, c32, 10) == TRUENO_OK && memcmp(c32, want32, sizeof c32) == 0, "f64 -> i32 saturates");
    CHECK(trueno_cast(TRUENO_F64, TRUENO_U8, f, c8, 10) == TRUENO_OK && memcmp(c8, want8, sizeof c8) == 0, "f64 -> u8 saturates");
    CHECK(trueno_cast(TRUENO_F64, TRUENO_BOOL, f, cb, 10) == TRUENO_OK && memcmp(cb, wantb, sizeof cb) == 0, "f64 -> bool");
    CHECK(trueno_cast(TRUENO_F64, TRUENO_I64, f, c64, 10) == TRUENO_OK && memcmp(c64, want64, sizeof c64) == 0, "f64 -> i64");
    const int64_t wide[] = {-1, 256, 4294967297LL, INT64_MIN};
    int32_t n32[4];
    uint8_t n8[4];
    float nf[4];
    CHECK(trueno_cast(TRUENO_I64, TRUENO_I32, wide, n32, 4) == TRUENO_OK && n32[0] == -1 && n32[1] == 256 && n32[2] == 1 && n32[3] == 0, "i64 -> i32 wraps");
    CHECK(trueno_cast(TRUENO_I64, TRUENO_U8, wide, n8, 4) == TRUENO_OK && n8[0] == 255 && n8[1] == 0 && n8[2] == 1, "i64 -> u8 wraps");
    CHECK(trueno_cast(TRUENO_I64, TRUENO_F32, wide, nf, 4) == TRUENO_OK && nf[3] == -9223372036854775808.0f, "i64 -> f32");
    double back[N > 10 ? 10 : N];
    CHECK(trueno_cast(TRUENO_BOOL, TRUENO_F64, wantb, back, 10) == TRUENO_OK && back[7] == 0.0 && back[0] == 1.0, "bool -> f64");
  }
}

static void test_reductions(void) {
  const size_t rows = 1000, cols = N / 1000;
  {
    int64_t sums[N / 1000];
    int32_t mins[1000], args[N / 1000];
    CHECK(trueno_reduce_axis(TRUENO_I32, TRUENO_SUM, a32, 1, rows, cols, 0, sums) == TRUENO_OK, "i32 axis-0 sum");
    int ok = 1;
    for (size_t c = 0; c < cols && ok; c++) {
      int64_t s = 0;
      for (size_t r = 0; r < rows; r++) s += a32[r * cols + c];
      ok = sums[c] == s;
    }
    CHECK(ok, "i32 column sums in int64");
    CHECK(trueno_reduce_axis(TRUENO_I32, TRUENO_MIN, a32, rows, cols, 1, 0, mins) == TRUENO_OK, "i32 row min");
    for (size_t r = 0; r < rows && ok; r++) {
      int32_t m = a32[r * cols];
      for (size_t c = 1; c < cols; c++) m = a32[r * cols + c] < m ? a32[r * cols + c] : m;
      ok = mins[r] == m;
    }
    CHECK(ok, "i32 row minima");
    CHECK(trueno_reduce_axis(TRUENO_U8, TRUENO_ARGMAX, a8, 1, rows, cols, 0, args) == TRUENO_OK, "u8 argmax axis 0");
    for (size_t c = 0; c < cols && ok; c++) {
      size_t best = 0;
      for (size_t r = 1; r < rows; r++) best = a8[r * cols + c] > a8[best * cols + c] ? r : best;
      ok = (size_t)args[c] == best;
    }
    CHECK(ok, "u8 first argmax per column");
    double v = 0;
    int64_t index = -1;
    CHECK(trueno_reduce(TRUENO_I64, TRUENO_MAX, a64, N, 0, &v, &index) == TRUENO_OK, "i64 max");
    int64_t m = a64[0];
    size_t at = 0;
    for (size_t i = 1; i < N; i++)
      if (a64[i] > m) m = a64[i], at = i;
    CHECK(v == (double)m, "i64 max value");
    CHECK(trueno_reduce(TRUENO_I64, TRUENO_ARGMAX, a64, N, 0, NULL, &index) == TRUENO_OK && index == (int64_t)at, "i64 argmax");
    const uint8_t flags[] = {0, 1, 1, 0, 1};
    CHECK(trueno_reduce(TRUENO_BOOL, TRUENO_SUM, flags, 5, 0, &v, NULL) == TRUENO_OK && v == 3.0, "bool sum counts");
    CHECK(trueno_reduce(TRUENO_I32, TRUENO_SUM, a32, 0, 0, &v, NULL) == TRUENO_OK && v == 0.0, "empty sum");
  }
}

static void test_bincount(void) {
  const int32_t x[] = {0, 1, 1, 3, 2, 1, 7};
  const double w[] = {0.5, 1, 1.25, -2, 3, 1e-3, 10};
  int64_t counts[10];
  double sums[8];
  CHECK(trueno_bincount(TRUENO_I32, x, 7, NULL, 10, counts) == TRUENO_OK, "bincount");
  const int64_t want[] = {1, 3, 1, 1, 0, 0, 0, 1, 0, 0};
  CHECK(memcmp(counts, want, sizeof want) == 0, "bincount counts (numpy's, minlength 10)");
  CHECK(trueno_bincount(TRUENO_I32, x, 7, w, 8, sums) == TRUENO_OK && sums[1] == 1 + 1.25 + 1e-3 && sums[7] == 10, "weighted");
  counts[0] = 42;
  CHECK(trueno_bincount(TRUENO_I32, x, 7, NULL, 7, counts) == TRUENO_EINVAL && counts[0] == 42, "value 7 needs 8 bins; out untouched");
  const int64_t negative[] = {2, -1};
  CHECK(trueno_bincount(TRUENO_I64, negative, 2, NULL, 3, counts) == TRUENO_EINVAL, "negative value");
  CHECK(trueno_bincount(TRUENO_F64, w, 2, NULL, 3, counts) == TRUENO_EINVAL, "float input");
  CHECK(trueno_bincount(TRUENO_U8, NULL, 0, NULL, 3, counts) == TRUENO_OK && counts[2] == 0, "empty input, 3 bins");
}

static void test_bad_input(void) {
  double v;
  int64_t sums[1];
  CHECK(trueno_binary(TRUENO_I32, TRUENO_DIV, a32, b32, o32, 3) == TRUENO_EINVAL, "integer div is float-only");
  CHECK(trueno_binary(TRUENO_BOOL, TRUENO_ADD, a8, a8, o8, 3) == TRUENO_EINVAL, "bool arithmetic is promoted first");
  CHECK(trueno_binary(TRUENO_DTYPE_COUNT, TRUENO_ADD, a8, a8, o8, 3) == TRUENO_EINVAL, "unknown dtype");
  CHECK(trueno_binary_scalar(TRUENO_I32, TRUENO_ADD, a32, 0.5, o32, 3, 0) == TRUENO_EINVAL, "fractional scalar");
  CHECK(trueno_binary_scalar(TRUENO_I64, TRUENO_ADD, a64, NAN, o64, 3, 0) == TRUENO_EINVAL, "NaN scalar");
  CHECK(trueno_fill(TRUENO_I64, o64, 3, 1e19) == TRUENO_EINVAL, "fill beyond int64");
  CHECK(trueno_unary(TRUENO_I32, TRUENO_EXP, a32, o32, 3) == TRUENO_EINVAL, "unary is float-only");
  CHECK(trueno_axpy(TRUENO_I32, 3, 1.0, a32, o32) == TRUENO_EINVAL, "axpy is float-only");
  CHECK(trueno_reduce(TRUENO_I32, TRUENO_MEAN, a32, 3, 0, &v, NULL) == TRUENO_EINVAL, "mean of ints is computed in float64 by the caller");
  CHECK(trueno_reduce(TRUENO_I32, TRUENO_MIN, a32, 0, 0, &v, NULL) == TRUENO_EINVAL, "empty min");
  CHECK(trueno_reduce_axis(TRUENO_I32, TRUENO_VAR, a32, 1, 3, 1, 0, sums) == TRUENO_EINVAL, "var of ints");
  CHECK(trueno_cast(TRUENO_I32, TRUENO_DTYPE_COUNT, a32, o32, 3) == TRUENO_EINVAL, "cast to unknown dtype");
}

int main(void) {
  make_inputs();
  FOR_EACH_CONFIG(test_binary(); test_fill_copy_cast(); test_reductions(););
  test_bincount();
  test_bad_input();
  return check_report("test_integer");
}
