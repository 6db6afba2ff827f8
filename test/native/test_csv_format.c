/*
 * trueno_csv_format: the texts JavaScript's String() gives for fixed doubles (the layouts, the shortest digits, the
 * ties and powers of two, subnormals, NaN, infinities, -0), every random double (raw bit patterns) reading back
 * exactly with no shorter correctly rounded text that does, integers, nulls, the same bytes with 1 and 2 threads over
 * rows enough for several parts, and the EINVAL cases leaving out untouched. The jest suite checks every double it
 * draws against String() itself, on every backend.
 */
#include "check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS 100000 /* several parts */

/* The text of one double (one column, one row), without its line end. */
static const char *text_of(double v) {
  static uint8_t out[64];
  double result[1];
  const int32_t type = TRUENO_F64;
  if (trueno_csv_format(&v, &type, 1, 1, NULL, ',', NULL, 0, out, sizeof out - 1, result) != TRUENO_OK) return "(EINVAL)";
  out[(size_t)result[0] - 1] = 0;
  return (const char *)out;
}

static double from_bits(uint64_t bits) {
  double v;
  memcpy(&v, &bits, sizeof v);
  return v;
}

static void test_known(void) {
  /* String() of each, as node prints them */
  const struct {
    double v;
    const char *want;
  } cases[] = {
      {0.0, "0"},
      {-0.0, "0"},
      {1.0, "1"},
      {-1.5, "-1.5"},
      {0.1, "0.1"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1e21, "1e+21"},
      {1e20, "100000000000000000000"},
      {123456789012345680000.0, "123456789012345680000"},
      {1e-6, "0.000001"},
      {1e-7, "1e-7"},
      {1.5e-7, "1.5e-7"},
      {-1.2345678901234567e-5, "-0.000012345678901234568"},
      {5e-324, "5e-324"},
      {2.2250738585072014e-308, "2.2250738585072014e-308"},
      {2.225073858507201e-308, "2.225073858507201e-308"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {9007199254740992.0, "9007199254740992"},
      {9007199254740994.0, "9007199254740994"},
      {18014398509481984.0, "18014398509481984"},
      {4.35, "4.35"},
      {0.5, "0.5"},
      {2.0 / 3.0, "0.6666666666666666"},
      {1e23, "1e+23"},
      {8.41e21, "8.41e+21"},
      {9.5e-5, "0.000095"},
      {5e-7, "5e-7"},
      {1.0e16, "10000000000000000"},
      {123.456, "123.456"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *got = text_of(cases[i].v);
    CHECK(strcmp(got, cases[i].want) == 0, "%.17g: got %s, want %s", cases[i].v, got, cases[i].want);
  }
  CHECK(strcmp(text_of(from_bits(0x7ff8000000000000ULL)), "NaN") == 0, "NaN");
  CHECK(strcmp(text_of(from_bits(0xfff8000000000001ULL)), "NaN") == 0, "negative NaN payload");
  CHECK(strcmp(text_of(from_bits(0x7ff0000000000000ULL)), "Infinity") == 0, "Infinity");
  CHECK(strcmp(text_of(from_bits(0xfff0000000000000ULL)), "-Infinity") == 0, "-Infinity");
}

/* xorshift64*: reproducible bit patterns */
static uint64_t next_bits(uint64_t *s) {
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 0x2545F4914F6CDD1DULL;
}

/* Whether `text` has the fewest significant digits that read back as v: no correctly rounded text one shorter does. */
static int shortest_round_trip(double v, const char *text) {
  if (strtod(text, NULL) != v) return 0;
  int digits = 0;
  const char *p = text;
  if (*p == '-') p++;
  /* significant digits: leading zeros and the exponent excluded, trailing zeros of an integer excluded */
  int started = 0, pending_zeros = 0;
  for (; *p && *p != 'e'; p++) {
    if (*p == '.') continue;
    if (*p == '0') {
      if (started) pending_zeros++;
      continue;
    }
    started = 1;
    digits += pending_zeros + 1;
    pending_zeros = 0;
  }
  if (digits <= 1) return 1;
  char shorter[40];
  snprintf(shorter, sizeof shorter, "%.*e", digits - 2, v);
  return strtod(shorter, NULL) != v;
}

static void test_random(void) {
  uint64_t s = 0x9E3779B97F4A7C15ULL;
  int ok = 1;
  for (int i = 0; i < 200000 && ok; i++) {
    uint64_t bits = next_bits(&s);
    if (i % 4 == 1) bits &= ~((1ULL << (next_bits(&s) % 53)) - 1); /* trailing zero bits: near ties */
    if (i % 4 == 2) bits &= 0xfff0000000000000ULL;                 /* powers of two */
    if (i % 4 == 3) bits &= 0x800fffffffffffffULL;                 /* subnormals */
    const double v = from_bits(bits);
    if (v != v || v - v != 0) continue; /* NaN, infinities: above */
    const char *text = text_of(v);
    ok = shortest_round_trip(v, text);
    CHECK(ok, "bits %016llx: %s", (unsigned long long)bits, text);
  }
}

static void test_rows(void) {
  /* columns: id int64, g int32, x float64, f float32; every 7th x null */
  uint8_t *columns = malloc((size_t)ROWS * 8 * 4), *valid = malloc((size_t)ROWS * 4);
  const int32_t types[4] = {TRUENO_I64, TRUENO_I32, TRUENO_F64, TRUENO_F32};
  CHECK(columns && valid, "alloc");
  int64_t *id = (int64_t *)columns;
  int32_t *g = (int32_t *)(columns + (size_t)ROWS * 8);
  double *x = (double *)(columns + (size_t)ROWS * 16);
  float *f = (float *)(columns + (size_t)ROWS * 24);
  uint64_t s = 42;
  for (int i = 0; i < ROWS; i++) {
    id[i] = i == 0 ? INT64_MIN : i == 1 ? INT64_MAX : (int64_t)next_bits(&s);
    g[i] = i == 0 ? INT32_MIN : (int32_t)(next_bits(&s) >> 32);
    x[i] = (double)(next_bits(&s) >> 11) / 9007199254740992.0 * 80.0;
    f[i] = (float)x[i];
    for (int c = 0; c < 4; c++) valid[c * ROWS + i] = (uint8_t)!(c == 2 && i % 7 == 0);
  }
  const size_t bound = (size_t)ROWS * (21 + 12 + 26 + 26);
  uint8_t *one = malloc(bound), *two = malloc(bound);
  CHECK(one && two, "alloc");
  double r1[1], r2[1];
  trueno_set_threads(1);
  CHECK(trueno_csv_format(columns, types, 4, ROWS, valid, ';', (const uint8_t *)"NA", 2, one, bound, r1) == TRUENO_OK, "1 thread");
  trueno_set_threads(2);
  CHECK(trueno_csv_format(columns, types, 4, ROWS, valid, ';', (const uint8_t *)"NA", 2, two, bound, r2) == TRUENO_OK, "2 threads");
  CHECK(r1[0] == r2[0] && memcmp(one, two, (size_t)r1[0]) == 0, "same bytes with 1 and 2 threads");
  /* read the rows back */
  char *p = (char *)one;
  int ok = 1;
  for (int i = 0; i < ROWS && ok; i++) {
    char *end;
    const long long a = strtoll(p, &end, 10);
    ok = a == id[i] && *end == ';';
    const long b = strtol(end + 1, &end, 10);
    ok = ok && b == g[i] && *end == ';';
    if (i % 7 == 0) {
      ok = ok && strncmp(end + 1, "NA;", 3) == 0;
      end += 3;
    } else {
      const double v = strtod(end + 1, &end);
      ok = ok && v == x[i] && *end == ';';
    }
    const double w = strtod(end + 1, &end);
    ok = ok && w == (double)f[i] && *end == '\n';
    CHECK(ok, "row %d reads back", i);
    p = end + 1;
  }
  CHECK((size_t)(p - (char *)one) == (size_t)r1[0], "the rows fill the bytes written");
  CHECK(strncmp((const char *)one, "-9223372036854775808;-2147483648;NA;", 36) == 0, "int64 and int32 minimums");
  free(columns);
  free(valid);
  free(one);
  free(two);
}

static void test_einval(void) {
  const double x[2] = {1.5, 2.5};
  const int32_t f64 = TRUENO_F64, bad = TRUENO_U8;
  uint8_t out[64];
  double result[1] = {-7};
  memset(out, 0xAB, sizeof out);
  CHECK(trueno_csv_format(x, &f64, 1, 2, NULL, ',', NULL, 0, out, 2 * 26 - 1, result) == TRUENO_EINVAL, "capacity");
  CHECK(trueno_csv_format(x, &bad, 1, 2, NULL, ',', NULL, 0, out, sizeof out, result) == TRUENO_EINVAL, "type");
  CHECK(trueno_csv_format(x, &f64, 0, 2, NULL, ',', NULL, 0, out, sizeof out, result) == TRUENO_EINVAL, "width 0");
  CHECK(trueno_csv_format(x, &f64, 1, 2, NULL, '\n', NULL, 0, out, sizeof out, result) == TRUENO_EINVAL, "LF");
  CHECK(trueno_csv_format(x, &f64, 1, 2, NULL, 200, NULL, 0, out, sizeof out, result) == TRUENO_EINVAL, "not ASCII");
  CHECK(trueno_csv_format(NULL, &f64, 1, 2, NULL, ',', NULL, 0, out, sizeof out, result) == TRUENO_EINVAL, "NULL columns");
  CHECK(trueno_csv_format(x, &f64, 1, 2, NULL, ',', NULL, 3, out, sizeof out, result) == TRUENO_EINVAL, "NULL null text");
  CHECK(trueno_csv_format(x, &f64, 1, 2, NULL, ',', NULL, 0, NULL, sizeof out, result) == TRUENO_EINVAL, "NULL out");
  CHECK(trueno_csv_format(x, &f64, 1, SIZE_MAX / 4, NULL, ',', NULL, 0, out, SIZE_MAX, result) == TRUENO_EINVAL, "overflow");
  CHECK(trueno_csv_format(x, NULL, 1, 2, NULL, ',', NULL, 0, out, sizeof out, result) == TRUENO_EINVAL, "NULL types");
  CHECK(trueno_csv_format(x, &f64, 1, 2, NULL, ',', NULL, 0, out, sizeof out, NULL) == TRUENO_EINVAL, "NULL result");
  int untouched = result[0] == -7;
  for (size_t i = 0; i < sizeof out; i++) untouched = untouched && out[i] == 0xAB;
  CHECK(untouched, "a rejected call leaves out and result untouched");
  CHECK(trueno_csv_format(NULL, &f64, 1, 0, NULL, ',', NULL, 0, NULL, 0, result) == TRUENO_OK && result[0] == 0, "no rows");
  CHECK(trueno_csv_format(x, &f64, 1, 2, NULL, ',', NULL, 0, out, sizeof out, result) == TRUENO_OK, "ok");
  CHECK(result[0] == 8 && memcmp(out, "1.5\n2.5\n", 8) == 0, "two rows");
}

int main(void) {
  test_known();
  test_random();
  test_rows();
  test_einval();
  printf("test_csv_format: %d checks, %d failures\n", check_count, check_failures);
  return check_failures ? 1 : 0;
}
