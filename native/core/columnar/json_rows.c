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
#include <string.h>

/* JSON's tokens are at most this many digits here (the bound keeps the exponent far from int overflow). */
#define MAX_DIGITS 400

static const uint8_t *skip_space(const uint8_t *p, const uint8_t *end) {
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
  return p;
}

static int is_digit(const uint8_t *p, const uint8_t *end) {
  return p < end && *p >= '0' && *p <= '9';
}

/* The value of the 8 ASCII digits at p, or -1 when one of them is not a digit (SWAR, as simdjson and fast_float). */
static int64_t eight_digits(const uint8_t *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint64_t x;
  memcpy(&x, p, 8);
  if (((x & 0xF0F0F0F0F0F0F0F0u) | (((x + 0x0606060606060606u) & 0xF0F0F0F0F0F0F0F0u) >> 4)) != 0x3333333333333333u) return -1;
  x -= 0x3030303030303030u;
  x = x * 10 + (x >> 8);
  x = (((x & 0x000000FF000000FFu) * (100 + (1000000ull << 32))) + (((x >> 16) & 0x000000FF000000FFu) * (1 + (10000ull << 32)))) >> 32;
  return (int64_t)x;
#else
  int64_t v = 0;
  for (int k = 0; k < 8; k++) {
    if (p[k] < '0' || p[k] > '9') return -1;
    v = v * 10 + (p[k] - '0');
  }
  return v;
#endif
}

/* The end of the run of digits at p. */
static const uint8_t *digit_run(const uint8_t *p, const uint8_t *end) {
  while (end - p >= 8 && eight_digits(p) >= 0) p += 8;
  while (is_digit(p, end)) p++;
  return p;
}

/* v followed by the digits [p, e): eight at a time while eight remain (the caller keeps the total within 19). */
static uint64_t append_digits(uint64_t v, const uint8_t *p, const uint8_t *e) {
  for (; e - p >= 8; p += 8) v = v * 100000000u + (uint64_t)eight_digits(p);
  for (; p < e; p++) v = v * 10 + (uint64_t)(*p - '0');
  return v;
}

/*
 * The significand of the digits [a, ae) then [b, be) in canonical form (no leading zeros, trailing zeros counted
 * into *exp), as decimal_add_digit makes it: 0 past 19 significant digits. Up to 19 digits in all, straight; longer
 * runs (leading or trailing zeros around at most 19 significant ones) digit by digit.
 */
static int canonical_significand(const uint8_t *a, const uint8_t *ae, const uint8_t *b, const uint8_t *be, uint64_t *mant, int *exp) {
  if ((ae - a) + (be - b) <= 19) {
    uint64_t v = append_digits(append_digits(0, a, ae), b, be);
    if (v != 0) {
      while (v % 10 == 0) {
        v /= 10;
        (*exp)++;
      }
    }
    *mant = v;
    return 1;
  }
  int significant = 0, zeros = 0;
  uint64_t v = 0;
  for (; a < ae; a++)
    if (!decimal_add_digit(*a - '0', &v, &significant, &zeros)) return 0;
  for (; b < be; b++)
    if (!decimal_add_digit(*b - '0', &v, &significant, &zeros)) return 0;
  *exp += zeros;
  *mant = v;
  return 1;
}

/*
 * The number token at p (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?) into *out: the end of the token, or NULL when
 * p holds no number token or its double cannot be proved the nearest.
 */
static const uint8_t *scan_number(const uint8_t *p, const uint8_t *end, double *out) {
  int neg = 0;
  if (p < end && *p == '-') {
    neg = 1;
    p++;
  }
  const uint8_t *int_start = p;
  if (p < end && *p == '0') p++; /* a leading zero stands alone: 01 is not a JSON number (the caller sees the 1) */
  else if (is_digit(p, end)) p = digit_run(p, end);
  else return NULL;
  const uint8_t *int_end = p, *frac_start = p, *frac_end = p;
  if (p < end && *p == '.') {
    if (!is_digit(++p, end)) return NULL;
    frac_start = p;
    p = frac_end = digit_run(p, end);
  }
  int exp = 0;
  if (p < end && (*p | 0x20) == 'e') {
    p++;
    int eneg = 0, ev = 0;
    if (p < end && (*p == '-' || *p == '+')) eneg = *p++ == '-';
    if (!is_digit(p, end)) return NULL;
    for (; is_digit(p, end); p++) {
      if (ev < 100000) ev = ev * 10 + (*p - '0');
    }
    exp = eneg ? -ev : ev;
  }
  if ((int_end - int_start) + (frac_end - frac_start) > MAX_DIGITS) return NULL;
  exp -= (int)(frac_end - frac_start);
  uint64_t mant;
  if (!canonical_significand(int_start, int_end, frac_start, frac_end, &mant, &exp)) return NULL;
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
