/*
 * json_rows: the rows of a JSON array of arrays of numbers (`[[5.1, 3.5], [4.9, 3.0]]`, a predict body's instances)
 * straight into a row-major float64 buffer, in one pass with no allocation. It accepts only what it can read exactly
 * as JSON.parse would: RFC 8259 number tokens whose double is provably the nearest (decimal.h), rows of one width,
 * JSON whitespace. Anything else (a string, null, true, NaN or Infinity literals, a nested array, a ragged row, a
 * number beyond 19 significant digits or 10^+-280, a truncated body) gives up and says where, so the caller can parse
 * the body another way and explain the refusal. Sequential: a request's rows are a few hundred KB, less than the cost
 * of waking the pool, and a server runs many requests at once.
 */
#include "trueno.h"
#include "decimal.h"

#include <stddef.h>
#include <stdint.h>

/* JSON's tokens are at most this many digits here (the bound keeps the exponent far from int overflow). */
#define MAX_DIGITS 400

static const uint8_t *skip_space(const uint8_t *p, const uint8_t *end) {
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
  return p;
}

static int is_digit(const uint8_t *p, const uint8_t *end) {
  return p < end && *p >= '0' && *p <= '9';
}

/*
 * The number token at p (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?) into *out: the end of the token, or NULL when
 * p holds no number token or its double cannot be proved the nearest.
 */
static const uint8_t *scan_number(const uint8_t *p, const uint8_t *end, double *out) {
  int neg = 0, digits = 0, significant = 0, zeros = 0, exp = 0;
  uint64_t mant = 0;
  if (p < end && *p == '-') {
    neg = 1;
    p++;
  }
  if (p < end && *p == '0') {
    p++; /* a leading zero stands alone: 01 is not a JSON number (the caller sees the 1 where it wants , or ]) */
  } else if (is_digit(p, end)) {
    for (; is_digit(p, end); p++) {
      if (++digits > MAX_DIGITS || !decimal_add_digit(*p - '0', &mant, &significant, &zeros)) return NULL;
    }
  } else {
    return NULL;
  }
  if (p < end && *p == '.') {
    if (!is_digit(++p, end)) return NULL;
    for (; is_digit(p, end); p++, exp--) {
      if (++digits > MAX_DIGITS || !decimal_add_digit(*p - '0', &mant, &significant, &zeros)) return NULL;
    }
  }
  exp += zeros;
  if (p < end && (*p | 0x20) == 'e') {
    p++;
    int eneg = 0, ev = 0;
    if (p < end && (*p == '-' || *p == '+')) eneg = *p++ == '-';
    if (!is_digit(p, end)) return NULL;
    for (; is_digit(p, end); p++) {
      if (ev < 100000) ev = ev * 10 + (*p - '0');
    }
    exp += eneg ? -ev : ev;
  }
  const double v = decimal_value(mant, exp);
  if (v != v) return NULL;
  *out = neg ? -v : v;
  return p;
}

int trueno_json_rows(const uint8_t *bytes, size_t n, size_t max_rows, double *out, size_t capacity, double *result) {
  if ((n > 0 && !bytes) || !result || (capacity > 0 && !out)) return TRUENO_EINVAL;
  const uint8_t *p = bytes, *end = bytes + n;
  size_t rows = 0, width = 0, values = 0, row_values = 0;
  if (p == end || *p != '[') goto give_up;
  p = skip_space(p + 1, end);
  if (p < end && *p == ']') goto give_up; /* no rows: the caller's checks name it */
  for (;;) {
    row_values = 0;
    if (p == end || *p != '[' || rows == max_rows) goto give_up;
    const uint8_t *row_start = p;
    p = skip_space(p + 1, end);
    if (p < end && *p == ']') {
      p++;
    } else {
      for (;;) {
        double v;
        const uint8_t *e = scan_number(p, end, &v);
        if (!e) goto give_up;
        if (values < capacity) out[values] = v;
        values++;
        row_values++;
        p = skip_space(e, end);
        if (p < end && *p == ']') {
          p++;
          break;
        }
        if (p == end || *p != ',') goto give_up;
        p = skip_space(p + 1, end);
      }
    }
    if (rows == 0) {
      width = row_values;
    } else if (row_values != width) {
      p = row_start; /* a ragged row: the row is what is wrong, its first cell past the width is where */
      row_values = width < row_values ? width : row_values;
      goto give_up;
    }
    rows++;
    row_values = 0;
    p = skip_space(p, end);
    if (p < end && *p == ']') {
      p++;
      break;
    }
    if (p == end || *p != ',') goto give_up;
    p = skip_space(p + 1, end);
  }
  result[0] = (double)rows;
  result[1] = (double)width;
  result[2] = (double)(p - bytes);
  result[3] = (double)values;
  return TRUENO_OK;
give_up:
  result[0] = -1;
  result[1] = (double)rows;
  result[2] = (double)row_values;
  result[3] = (double)(p - bytes);
  return TRUENO_OK;
}
