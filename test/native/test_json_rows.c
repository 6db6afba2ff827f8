/*
 * trueno_json_rows: values equal to strtod's (correctly rounded) for the numbers JSON.stringify writes, the rows,
 * width and bytes used, a short out (the first values and the count), the give-ups with their row, column and byte
 * (truncated text, NaN / Infinity literals, strings, nulls, ragged rows, huge numbers, deep nesting, max_rows), and the
 * EINVAL cases. Under ASan every buffer is exactly its length, so a read past the text is caught.
 */
#include "check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS 2000
#define WIDTH 7

/* Runs the kernel on a heap copy of exactly strlen(text) bytes (no terminator for a scan to lean on). */
static void run(const char *text, size_t max_rows, double *out, size_t capacity, double result[4]) {
  const size_t n = strlen(text);
  uint8_t *bytes = malloc(n ? n : 1);
  CHECK(bytes != NULL, "alloc");
  memcpy(bytes, text, n);
  CHECK(trueno_json_rows(bytes, n, max_rows, out, capacity, result) == TRUENO_OK, "status for %.40s", text);
  free(bytes);
}

static void test_values(void) {
  const size_t size = (size_t)ROWS * WIDTH * 40 + 16;
  char *text = malloc(size);
  double *want = malloc(sizeof(double) * ROWS * WIDTH), *out = malloc(sizeof(double) * ROWS * WIDTH);
  CHECK(text && want && out, "alloc");
  size_t at = (size_t)snprintf(text, size, "[");
  for (int r = 0; r < ROWS; r++) {
    at += (size_t)snprintf(text + at, size - at, "%s[", r ? ", " : "");
    for (int c = 0; c < WIDTH; c++) {
      char x[40];
      const double v = (check_sym(9, (unsigned)(r * WIDTH + c)) - 0.5) * (c == 3 ? 1e-9 : c == 4 ? 1e17 : 1e3);
      /* 17 significant digits (often past 2^53 as an integer), a short one, an exponent form */
      snprintf(x, sizeof x, c == 5 ? "%g" : c == 6 ? "%.16e" : "%.17g", v);
      want[r * WIDTH + c] = strtod(x, NULL);
      at += (size_t)snprintf(text + at, size - at, "%s%s", c ? "," : "", x);
    }
    at += (size_t)snprintf(text + at, size - at, "]");
  }
  at += (size_t)snprintf(text + at, size - at, "]");
  double result[4];
  run(text, ROWS, out, (size_t)ROWS * WIDTH, result);
  CHECK(result[0] == ROWS && result[1] == WIDTH && result[2] == (double)at && result[3] == ROWS * WIDTH,
        "rows %g width %g used %g values %g", result[0], result[1], result[2], result[3]);
  CHECK(memcmp(out, want, sizeof(double) * ROWS * WIDTH) == 0, "every value is strtod's");
  run(text, ROWS - 1, out, (size_t)ROWS * WIDTH, result);
  CHECK(result[0] == -1 && result[1] == ROWS - 1 && result[2] == 0, "a row past max_rows gives up at its start");
  free(text);
  free(want);
  free(out);
}

static void test_shapes(void) {
  double out[8], result[4];
  run(" [[1]]", 10, out, 8, result);
  CHECK(result[0] == -1 && result[3] == 0, "the text starts at the array's bracket");
  const char *spaced = "[ [ 1 , -2.5e1 ] ,\n[3,\t4 ] ] tail";
  run(spaced, 10, out, 8, result);
  CHECK(result[0] == 2 && result[1] == 2 && result[2] == (double)(strstr(spaced, " tail") - spaced) && result[3] == 4 &&
            out[0] == 1 && out[1] == -25 && out[2] == 3 && out[3] == 4,
        "JSON whitespace: %g %g %g", result[0], result[1], result[2]);
  run("[[1,2,3],[4,5,6]]", 10, out, 4, result);
  CHECK(result[0] == 2 && result[3] == 6 && out[3] == 4, "a short out: the first values, all counted");
  memset(out, 0, sizeof out);
  run("[[],[]]", 10, NULL, 0, result);
  CHECK(result[0] == 2 && result[1] == 0 && result[3] == 0, "empty rows");
  run("[[-0]]", 10, out, 8, result);
  CHECK(result[0] == 1 && out[0] == 0 && signbit(out[0]), "-0 keeps its sign");
  run("[[1e-280, 1e280, 123456789012345678e-5, 0e999]]", 10, out, 8, result);
  CHECK(result[0] == 1 && out[0] == 1e-280 && out[1] == 1e280 && out[2] == 1234567890123.45678 && out[3] == 0, "edges");
}

static void test_give_ups(void) {
  static const struct {
    const char *text;
    double row, column, byte;
  } cases[] = {
      {"[[1, 2], [3", 1, 1, 11},       {"[[1, 2],", 1, 0, 8},       {"", 0, 0, 0},
      {"[ ]", 0, 0, 2},                {"[[1, NaN]]", 0, 1, 5},     {"[[Infinity]]", 0, 0, 2},
      {"[[-Infinity]]", 0, 0, 2},      {"[[1, \"2\"]]", 0, 1, 5},   {"[[1, 2], [null, 4]]", 1, 0, 10},
      {"[[1, [2]]]", 0, 1, 5},         {"[[1, 2], [3, 4, 5]]", 1, 2, 9}, {"[[1, 2], [3]]", 1, 1, 9},
      {"[[1e999]]", 0, 0, 2},          {"[[5e-324]]", 0, 0, 2},     {"[[12345678901234567891]]", 0, 0, 2},
      {"[[9007199254740993]]", 0, 0, 2}, {"[[01]]", 0, 1, 3},       {"[[+1]]", 0, 0, 2},
      {"[[1.]]", 0, 0, 2},             {"[[1e]]", 0, 0, 2},         {"[[1e+]]", 0, 0, 2},
      {"[[1, 2,]]", 0, 2, 7},          {"[[1],]", 1, 0, 5},         {"[[1 2]]", 0, 1, 4},
      {"[[-]]", 0, 0, 2},              {"[[1]", 1, 0, 4},           {"[[1],[2]", 2, 0, 8},
  };
  double out[8], result[4];
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    run(cases[k].text, 10, out, 8, result);
    CHECK(result[0] == -1 && result[1] == cases[k].row && result[2] == cases[k].column && result[3] == cases[k].byte,
          "'%s': %g %g %g %g", cases[k].text, result[0], result[1], result[2], result[3]);
  }
  /* deep nesting and long digit runs: no recursion, no overflow */
  char *deep = malloc(200002);
  CHECK(deep != NULL, "alloc");
  memset(deep, '[', 100000);
  memset(deep + 100000, ']', 100000);
  deep[200000] = 0;
  run(deep, 10, out, 8, result);
  CHECK(result[0] == -1 && result[3] == 2, "deep nesting");
  memset(deep, '0', 200000);
  deep[0] = deep[1] = '[';
  deep[2] = '0';
  deep[3] = '.';
  run(deep, 10, out, 8, result);
  CHECK(result[0] == -1 && result[3] == 2, "200,000 zeros after the point");
  free(deep);
}

static void test_bad_input(void) {
  double out[2], result[4];
  CHECK(trueno_json_rows(NULL, 3, 1, out, 2, result) == TRUENO_EINVAL, "NULL bytes");
  CHECK(trueno_json_rows((const uint8_t *)"[[1]]", 5, 1, NULL, 2, result) == TRUENO_EINVAL, "NULL out with room");
  CHECK(trueno_json_rows((const uint8_t *)"[[1]]", 5, 1, out, 2, NULL) == TRUENO_EINVAL, "NULL result");
  CHECK(trueno_json_rows(NULL, 0, 1, NULL, 0, result) == TRUENO_OK && result[0] == -1, "no bytes: a give-up");
}

int main(void) {
  test_values();
  test_shapes();
  test_give_ups();
  test_bad_input();
  return check_report("test_json_rows");
}
