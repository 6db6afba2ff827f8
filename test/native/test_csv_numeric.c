/*
 * trueno_csv_numeric: values equal to strtod's (correctly rounded) for every float it reads, exact integers, the same
 * output with 1 and 2 threads over a text long enough to be cut into parts, the row limit, the give-ups (anything not
 * plain), and the EINVAL cases.
 */
#include "check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS 60000 /* ~2 MB of text: several parts */

static char text[ROWS * 64];
static double want_x[ROWS];
static int64_t want_id[ROWS];
static int32_t want_g[ROWS];

static size_t make_text(void) {
  size_t at = 0;
  for (int i = 0; i < ROWS; i++) {
    want_id[i] = (int64_t)i * 1000003 - 7;
    want_g[i] = (int32_t)(check_sym(4, (unsigned)i) * 2147483647.0);
    char x[40];
    /* shortest-ish round-trip text of a random double: 17 significant digits, often more than 2^53 as an integer */
    snprintf(x, sizeof x, "%.17g", (1.5 + check_sym(5, (unsigned)i)) * (i % 7 == 0 ? 1e-5 : 1e3));
    want_x[i] = strtod(x, NULL);
    at += (size_t)snprintf(text + at, sizeof text - at, "%lld,%d,%s%s", (long long)want_id[i], want_g[i], x,
                           i % 5 == 0 ? "\r\n" : "\n");
  }
  return at;
}

static void test_values(size_t n) {
  const int32_t types[3] = {TRUENO_I64, TRUENO_I32, TRUENO_F64};
  const size_t cap = ROWS + 5;
  uint8_t *out = calloc(3 * cap, 8), *again = calloc(3 * cap, 8);
  double result[2];
  CHECK(out && again, "alloc");
  for (int threads = 1; threads <= 2; threads++) {
    trueno_set_threads(threads);
    CHECK(trueno_csv_numeric((const uint8_t *)text, n, ',', 1, types, 3, cap, threads == 1 ? out : again, result) == TRUENO_OK, "parse");
    CHECK(result[0] == ROWS && result[1] == (double)n, "all rows, all bytes");
  }
  CHECK(memcmp(out, again, 3 * cap * 8) == 0, "same output with 1 and 2 threads");
  const int64_t *id = (const int64_t *)out;
  const int32_t *g = (const int32_t *)(out + cap * 8);
  const double *x = (const double *)(out + 2 * cap * 8);
  int ok = 1;
  for (int i = 0; i < ROWS && ok; i++) ok = id[i] == want_id[i] && g[i] == want_g[i] && memcmp(&x[i], &want_x[i], 8) == 0;
  CHECK(ok, "values equal strtod's and the exact integers");
  /* not final: the last line (no line end) is left for the next chunk */
  CHECK(trueno_csv_numeric((const uint8_t *)text, n - 3, ',', 0, types, 3, cap, out, result) == TRUENO_OK, "chunk");
  CHECK(result[0] == ROWS - 1, "a cut last row is not read");
  CHECK(text[(size_t)result[1] - 1] == '\n', "bytes used end at a line end");
  /* at most capacity rows */
  CHECK(trueno_csv_numeric((const uint8_t *)text, n, ',', 1, types, 3, 1000, out, result) == TRUENO_OK, "limit");
  CHECK(result[0] == 1000 && text[(size_t)result[1] - 1] == '\n', "1000 rows, ending at a line end");
  int lines = 0;
  for (size_t i = 0; i < (size_t)result[1]; i++) lines += text[i] == '\n';
  CHECK(lines == 1000, "exactly the first 1000 lines");
  free(out);
  free(again);
  trueno_set_threads(0);
}

static double parse_one(const char *s, int type, int *gave_up) {
  const int32_t types[1] = {type};
  uint8_t out[8] = {0};
  double result[2];
  CHECK(trueno_csv_numeric((const uint8_t *)s, strlen(s), ',', 1, types, 1, 1, out, result) == TRUENO_OK, s);
  *gave_up = result[0] < 0;
  if (type == TRUENO_F64) {
    double v;
    memcpy(&v, out, 8);
    return v;
  }
  if (type == TRUENO_F32) {
    float v;
    memcpy(&v, out, 4);
    return v;
  }
  if (type == TRUENO_I32) {
    int32_t v;
    memcpy(&v, out, 4);
    return v;
  }
  int64_t v;
  memcpy(&v, out, 8);
  return (double)v;
}

static void test_fields(void) {
  const char *exact[] = {"0", "-0", "1.5", "+2.25", ".5", "5.", "1e22", "1e-22", "123456789012345678e-5",
                         "0.1000000000000000055", "9007199254740996", "18014398509481993", "1.7976931348623157e22", "-4.9e-5",
                         "0e999", "000000.00000012345", "1e24", "1e-23", "3.5762786865234375e-7", "1.2345678901234567e250", "12345678901234567890", "2500000000000000000000.000",
                         "-9.8765432109876543e-250"};
  for (size_t i = 0; i < sizeof exact / sizeof *exact; i++) {
    int gave_up;
    const double v = parse_one(exact[i], TRUENO_F64, &gave_up);
    const double want = strtod(exact[i][0] == '+' ? exact[i] + 1 : exact[i], NULL);
    CHECK(!gave_up && memcmp(&v, &want, 8) == 0, exact[i]);
  }
  int gave_up;
  CHECK(parse_one("16777217", TRUENO_F32, &gave_up) == 16777216.0 && !gave_up, "float32 rounds the double");
  CHECK(parse_one("999999999999999999", TRUENO_I64, &gave_up) == 999999999999999999.0 && !gave_up, "18-digit int64");
  CHECK(parse_one("2147483647", TRUENO_I32, &gave_up) == 2147483647.0 && !gave_up, "int32 max");
  /* 2^53 + 1 lies exactly between two doubles: no error bound can prove the rounding, so the kernel gives up */
  const char *refused_float[] = {"9007199254740993", "-", ".", "e5", "1e", "1e+", "nan", "inf", "1e23" /* within 2^-90 of a tie */, "12345678901234567891",
                                 "1,", "\"1\"", " 1", "1 ", "0x1", "1\r2", "1e300", "1e-300", "1e-281"};
  for (size_t i = 0; i < sizeof refused_float / sizeof *refused_float; i++) {
    parse_one(refused_float[i], TRUENO_F64, &gave_up);
    CHECK(gave_up, refused_float[i]);
  }
  const char *refused_int[] = {"1.0", "1e3", "1234567890123456789", "2147483648", "-2147483649", "--1", "+"};
  for (size_t i = 0; i < sizeof refused_int / sizeof *refused_int; i++) {
    parse_one(refused_int[i], i < 3 ? TRUENO_I64 : TRUENO_I32, &gave_up);
    CHECK(gave_up, refused_int[i]);
  }
}

static void test_rows(void) {
  const int32_t types[2] = {TRUENO_F64, TRUENO_I64};
  uint8_t out[2 * 8 * 8];
  double result[2];
  const char *refused[] = {"1,2\n\n3,4\n", "1,2\n3\n", "1,2,3\n", "1,2\r3,4\n", "1;2\n", "1,2\n,\n"};
  for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
    CHECK(trueno_csv_numeric((const uint8_t *)refused[i], strlen(refused[i]), ',', 1, types, 2, 8, out, result) == TRUENO_OK &&
              result[0] == -1, refused[i]);
  }
  const char *ok = "1,2\r\n3,4\r";
  CHECK(trueno_csv_numeric((const uint8_t *)ok, strlen(ok), ',', 1, types, 2, 8, out, result) == TRUENO_OK &&
            result[0] == 2 && result[1] == (double)strlen(ok), "CRLF rows and a final CR");
  CHECK(trueno_csv_numeric((const uint8_t *)ok, strlen(ok), ',', 0, types, 2, 8, out, result) == TRUENO_OK &&
            result[0] == 1 && result[1] == 5, "not final: the row without LF waits");
  CHECK(trueno_csv_numeric((const uint8_t *)"", 0, ',', 1, types, 2, 8, out, result) == TRUENO_OK && result[0] == 0 &&
            result[1] == 0, "empty text: no rows, not a give-up");
  CHECK(trueno_csv_numeric((const uint8_t *)"1\t2\n", 4, '\t', 1, types, 2, 8, out, result) == TRUENO_OK &&
            result[0] == 1, "tab delimiter");
}

static void test_bad_input(void) {
  const int32_t types[2] = {TRUENO_F64, TRUENO_I64}, bad[1] = {TRUENO_U8};
  uint8_t out[16];
  double result[2];
  CHECK(trueno_csv_numeric(NULL, 3, ',', 1, types, 2, 1, out, result) == TRUENO_EINVAL, "NULL bytes");
  CHECK(trueno_csv_numeric((const uint8_t *)"1,2", 3, ',', 1, types, 0, 1, out, result) == TRUENO_EINVAL, "no columns");
  CHECK(trueno_csv_numeric((const uint8_t *)"1,2", 3, ',', 1, bad, 1, 1, out, result) == TRUENO_EINVAL, "uint8 column");
  CHECK(trueno_csv_numeric((const uint8_t *)"1,2", 3, '.', 1, types, 2, 1, out, result) == TRUENO_EINVAL, "'.' delimiter");
  CHECK(trueno_csv_numeric((const uint8_t *)"1,2", 3, '\n', 1, types, 2, 1, out, result) == TRUENO_EINVAL, "LF delimiter");
  CHECK(trueno_csv_numeric((const uint8_t *)"1,2", 3, 200, 1, types, 2, 1, out, result) == TRUENO_EINVAL, "non-ASCII delimiter");
  CHECK(trueno_csv_numeric((const uint8_t *)"1,2", 3, ',', 1, types, 2, 1, NULL, result) == TRUENO_EINVAL, "NULL out");
  CHECK(trueno_csv_numeric((const uint8_t *)"1,2", 3, ',', 1, types, 2, SIZE_MAX / 4, out, result) == TRUENO_EINVAL,
        "capacity overflows the output size");
}

int main(void) {
  const size_t n = make_text();
  test_values(n);
  test_fields();
  test_rows();
  test_bad_input();
  return check_report("test_csv_numeric");
}
