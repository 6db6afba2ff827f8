/*
 * csv_numeric: plain numeric CSV text straight into typed columns, on every core.
 *
 * The region is cut into parts at line ends; the rows of each part are counted (a line end per row), the counts give
 * each part its first row, and the parts are parsed at once, each into its own rows of the columns. So the output is
 * the same for any thread count. A field is read only when the value is provably the double nearest to its decimal
 * text (what JavaScript's Number() gives): Clinger's fast path (a significand below 2^53 and a power of ten up to 22,
 * one correctly rounded operation), else, for up to 19 significant digits and a power of ten up to 280, a double-double
 * quotient or product whose error bound proves the rounding. Anything else (a longer or more extreme number, a quote,
 * a null marker, a blank line, a CR alone, a row of the wrong width, an integer out of its column's range) makes the
 * whole call give up, and the caller parses the region another way.
 */
#include "trueno.h"
#include "../runtime/threadpool.h"
#include "decimal.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Rows per part are at least this many bytes, so small inputs stay on one thread. */
#define PART_MIN_BYTES (256 * 1024)
#define MAX_PARTS 64

typedef struct {
  const uint8_t *p, *end;
  uint8_t delimiter;
} cursor;

static int ends_field(const cursor *c, const uint8_t *p) {
  return p == c->end || *p == c->delimiter || *p == '\n' || *p == '\r';
}

/* A plain decimal float: [+-] digits [. digits] [(e|E) [+-] digits], at least one digit before the exponent. */
static int scan_float(cursor *c, double *out) {
  const uint8_t *p = c->p, *end = c->end;
  int neg = 0;
  if (p < end && (*p == '-' || *p == '+')) neg = *p++ == '-';
  uint64_t mant = 0;
  int digits = 0, significant = 0, zeros = 0, exp = 0;
  for (; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
    if (!decimal_add_digit(*p - '0', &mant, &significant, &zeros)) return 0;
  }
  if (p < end && *p == '.') {
    for (p++; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
      if (!decimal_add_digit(*p - '0', &mant, &significant, &zeros)) return 0;
      exp--;
    }
  }
  exp += zeros;
  /* no plain number needs hundreds of digits; the bound keeps exp far from overflow */
  if (digits == 0 || digits > 400) return 0;
  if (p < end && (*p | 0x20) == 'e') {
    p++;
    int eneg = 0;
    if (p < end && (*p == '-' || *p == '+')) eneg = *p++ == '-';
    const uint8_t *es = p;
    int ev = 0;
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
      if (ev < 100000) ev = ev * 10 + (*p - '0');
    }
    if (p == es) return 0;
    exp += eneg ? -ev : ev;
  }
  if (!ends_field(c, p)) return 0;
  const double v = decimal_value(mant, exp);
  if (v != v) return 0;
  *out = neg ? -v : v;
  c->p = p;
  return 1;
}

/* A plain decimal integer of at most 18 digits: [+-] digits. */
static int scan_int(cursor *c, int64_t *out) {
  const uint8_t *p = c->p, *end = c->end;
  int neg = 0;
  if (p < end && (*p == '-' || *p == '+')) neg = *p++ == '-';
  const uint8_t *s = p;
  int64_t v = 0;
  for (; p < end && *p >= '0' && *p <= '9'; p++) {
    if (p - s >= 18) return 0;
    v = v * 10 + (*p - '0');
  }
  if (p == s || !ends_field(c, p)) return 0;
  *out = neg ? -v : v;
  c->p = p;
  return 1;
}

typedef struct {
  const uint8_t *bytes;
  uint8_t delimiter;
  const int32_t *types;
  size_t width, capacity;
  uint8_t *out;
  size_t starts[MAX_PARTS + 1]; /* part k is bytes [starts[k], starts[k + 1]) */
  size_t rows[MAX_PARTS + 1];   /* rows of part k, then (after the prefix sum) its first row */
  int failed[MAX_PARTS];
  int final_open; /* the last part ends without a line end (final input): its last line is a row too */
  size_t parts;
} job;

static void count_part(void *ctx, size_t begin, size_t end) {
  job *j = ctx;
  for (size_t k = begin; k < end; k++) {
    const uint8_t *p = j->bytes + j->starts[k], *e = j->bytes + j->starts[k + 1];
    size_t n = 0;
    while (p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
      n++;
      p++;
    }
    if (k + 1 == j->parts && j->final_open) n++;
    j->rows[k] = n;
  }
}

/* Parses part k's rows into the columns from its first row on; 0 when a field or a line is not plain. */
static int parse_part(const job *j, size_t k) {
  cursor c = {j->bytes + j->starts[k], j->bytes + j->starts[k + 1], j->delimiter};
  size_t row = j->rows[k];
  const size_t last = j->rows[k + 1];
  for (; row < last; row++) {
    for (size_t col = 0; col < j->width; col++) {
      uint8_t *column = j->out + col * j->capacity * 8;
      const int type = j->types[col];
      if (type == TRUENO_F64 || type == TRUENO_F32) {
        double v;
        if (!scan_float(&c, &v)) return 0;
        if (type == TRUENO_F64) ((double *)column)[row] = v;
        else ((float *)column)[row] = (float)v;
      } else {
        int64_t v;
        if (!scan_int(&c, &v)) return 0;
        if (type == TRUENO_I64) {
          ((int64_t *)column)[row] = v;
        } else {
          if (v < INT32_MIN || v > INT32_MAX) return 0;
          ((int32_t *)column)[row] = (int32_t)v;
        }
      }
      if (col + 1 < j->width) {
        if (c.p == c.end || *c.p != j->delimiter) return 0;
        c.p++;
      }
    }
    /* the row ends with LF, CRLF or (the final row of final input) the end */
    if (c.p < c.end && *c.p == '\r') c.p++;
    if (c.p < c.end) {
      if (*c.p != '\n') return 0;
      c.p++;
    } else if (!(row + 1 == last && k + 1 == j->parts && j->final_open)) {
      return 0;
    }
  }
  return c.p == c.end;
}

static void parse_parts(void *ctx, size_t begin, size_t end) {
  job *j = ctx;
  for (size_t k = begin; k < end; k++) j->failed[k] = !parse_part(j, k);
}

/* Where the part that starts at `from` should end: just past the first line end at or after `at`, or `end`. */
static size_t next_line(const uint8_t *bytes, size_t at, size_t end) {
  const uint8_t *nl = at < end ? memchr(bytes + at, '\n', end - at) : NULL;
  return nl ? (size_t)(nl - bytes) + 1 : end;
}

int trueno_csv_numeric(const uint8_t *bytes, size_t n, int delimiter, int final, const int32_t *types, size_t width,
                       size_t capacity, void *out, double *result) {
  if ((n > 0 && !bytes) || !types || width == 0 || !result || (capacity > 0 && !out)) return TRUENO_EINVAL;
  if (delimiter < 0 || delimiter > 127 || delimiter == '\n' || delimiter == '\r' || (delimiter >= '0' && delimiter <= '9') ||
      delimiter == '.' || delimiter == '-' || delimiter == '+' || delimiter == 'e' || delimiter == 'E')
    return TRUENO_EINVAL;
  if (width > SIZE_MAX / 8 || (width > 0 && capacity > SIZE_MAX / 8 / width)) return TRUENO_EINVAL;
  for (size_t col = 0; col < width; col++) {
    const int t = types[col];
    if (t != TRUENO_F64 && t != TRUENO_F32 && t != TRUENO_I64 && t != TRUENO_I32) return TRUENO_EINVAL;
  }
  result[0] = -1;
  result[1] = 0;
  /* the region: whole lines (and, for final input, a last line without its line end) */
  size_t end = n;
  int final_open = 0;
  if (!final) {
    while (end > 0 && bytes[end - 1] != '\n') end--;
  } else if (n > 0 && bytes[n - 1] != '\n') {
    final_open = 1;
  }
  job j = {.bytes = bytes, .delimiter = (uint8_t)delimiter, .types = types, .width = width, .capacity = capacity,
           .out = out, .final_open = final_open};
  size_t parts = end / PART_MIN_BYTES + 1;
  if (parts > MAX_PARTS) parts = MAX_PARTS;
  j.starts[0] = 0;
  size_t k = 0;
  for (size_t p = 1; p < parts; p++) {
    const size_t cut = next_line(bytes, (size_t)((double)end * (double)p / (double)parts), end);
    if (cut > j.starts[k] && cut < end) j.starts[++k] = cut;
  }
  j.starts[++k] = end;
  j.parts = k;
  trueno_parallel_for(j.parts, 1, 1, count_part, &j);
  size_t total = 0;
  for (size_t q = 0; q < j.parts; q++) {
    const size_t rows = j.rows[q];
    j.rows[q] = total;
    total += rows;
  }
  j.rows[j.parts] = total;
  if (total > capacity) {
    /* the first `capacity` rows only: the region ends after the line end of the last of them */
    size_t q = 0;
    while (j.rows[q + 1] <= capacity) q++;
    size_t cut = j.starts[q];
    for (size_t r = j.rows[q]; r < capacity; r++) cut = next_line(bytes, cut, j.starts[q + 1]);
    end = cut;
    j.final_open = 0;
    j.parts = q + (cut > j.starts[q] ? 1 : 0);
    if (j.parts == 0) j.parts = 1;
    j.starts[j.parts] = end;
    j.rows[j.parts] = capacity;
    final = 0;
  }
  trueno_parallel_for(j.parts, 1, 1, parse_parts, &j);
  for (size_t q = 0; q < j.parts; q++)
    if (j.failed[q]) return TRUENO_OK;
  result[0] = (double)j.rows[j.parts];
  result[1] = (double)(final ? n : end);
  return TRUENO_OK;
}
