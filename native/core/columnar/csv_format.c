/*
 * csv_format: numeric columns as CSV rows, the text of every number exactly what JavaScript's String(number) gives
 * (String(bigint) for int64), on every core.
 *
 * A double is written in its shortest round-trip form by the Schubfach method (R. Giulietti, "The Schubfach way to
 * render doubles", 2020), written here from the paper: the rounding interval of the double, scaled by a power of ten
 * that leaves it between 1 and 10 units wide, is computed with a 126-bit approximation of that power (the table of
 * pow10_table.h, generated exactly by scripts/gen-pow10-table.js) rounded to odd, which keeps every comparison with an
 * integer exact. The shortest decimal in the interval is then one of two multiples of ten or, failing that, one of the
 * two integers around the scaled value, the closer (the even one on a tie), as ECMAScript's Number::toString asks.
 * The digits are laid out by Number::toString's rules: plain up to 21 integer digits, "0.000001" down to 1e-7, else
 * d.ddde+x; NaN, Infinity, -Infinity, and -0 written as "0".
 *
 * The rows are cut into parts; each part writes its rows at the worst-case offset of its first row, and the parts are
 * then moved down to follow one another, so the output is the same for any thread count.
 */
#include "trueno.h"
#include "../runtime/threadpool.h"
#include "pow10_table.h"

#include <stdint.h>
#include <string.h>

/* Rows per part are at least this many, so small inputs stay on one thread. */
#define PART_MIN_ROWS 16384
#define MAX_PARTS 64

/* The longest text of one value: "-0.0000012345678901234567" for a double, "-9223372036854775808", "-2147483648". */
#define WIDTH_FLOAT 25
#define WIDTH_I64 20
#define WIDTH_I32 11

static const char DIGIT_PAIRS[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* The high 64 bits of a * b. */
static uint64_t mul_high(uint64_t a, uint64_t b) {
#if defined(__SIZEOF_INT128__) && !defined(__wasm__)
  return (uint64_t)(((unsigned __int128)a * b) >> 64);
#else
  const uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
  const uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
  return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
#endif
}

/*
 * floor(g * cp / 2^127) with g = g1 * 2^63 + g0, rounded to odd: the lowest bit is set when the dropped bits are
 * not all zero, so the result compares with any even integer as the exact quotient does.
 */
static uint64_t round_to_odd(uint64_t g1, uint64_t g0, uint64_t cp) {
  const uint64_t mask63 = ((uint64_t)1 << 63) - 1;
  const uint64_t x1 = mul_high(g0, cp);
  const uint64_t y0 = g1 * cp, y1 = mul_high(g1, cp);
  const uint64_t z = (y0 >> 1) + x1;
  const uint64_t vbp = y1 + (z >> 63);
  return vbp | (((z & mask63) + mask63) >> 63);
}

/* floor(x / 2^s) for a signed x (a right shift of a negative number is implementation-defined in C). */
static int floor_shift(int64_t x, int s) {
  return x >= 0 ? (int)(x >> s) : -(int)((-x + (((int64_t)1 << s) - 1)) >> s);
}

/* floor(q log10 2), floor(log10(3/4 2^q)) and floor(e log2 10), exact over the exponents of doubles:
   scripts/gen-pow10-table.js checks these constants with BigInt over the whole range each time it runs. */
static int floor_log10_pow2(int q) { return floor_shift((int64_t)q * 661971961083LL, 41); }
static int floor_log10_three_quarters_pow2(int q) { return floor_shift((int64_t)q * 661971961083LL - 274743187321LL, 41); }
static int floor_log2_pow10(int e) { return floor_shift((int64_t)e * 913124641741LL, 38); }

/*
 * The shortest decimal f * 10^e that reads back as c * 2^q (c > 0, a double's significand and exponent), the closest
 * to it of those, the even one on a tie; f has no trailing zeros.
 */
static void shortest_decimal(uint64_t c, int q, uint64_t *f_out, int *e_out) {
  const uint64_t out = c & 1; /* an odd significand: the interval's bounds round away, so they are excluded */
  const uint64_t cb = c << 2, cbr = cb + 2;
  uint64_t cbl;
  int k;
  if (c != ((uint64_t)1 << 52) || q == -1074) {
    cbl = cb - 2;
    k = floor_log10_pow2(q);
  } else {
    /* a power of two: the gap below is half the gap above */
    cbl = cb - 1;
    k = floor_log10_three_quarters_pow2(q);
  }
  const int h = q + floor_log2_pow10(-k) + 2;
  const uint64_t *g = POW10_G[-k - POW10_G_MIN];
  const uint64_t vb = round_to_odd(g[0], g[1], cb << h);
  const uint64_t vbl = round_to_odd(g[0], g[1], cbl << h);
  const uint64_t vbr = round_to_odd(g[0], g[1], cbr << h);
  const uint64_t s = vb >> 2;
  uint64_t f;
  /* one digit less: the interval (under 10 units wide) holds at most one multiple of 10 */
  const uint64_t sp10 = s / 10 * 10, tp10 = sp10 + 10;
  const int upin = vbl + out <= sp10 << 2, wpin = (tp10 << 2) + out <= vbr;
  if (upin != wpin) {
    f = upin ? sp10 : tp10;
  } else {
    const uint64_t t = s + 1;
    const int uin = vbl + out <= s << 2, win = (t << 2) + out <= vbr;
    if (uin != win) {
      f = uin ? s : t;
    } else {
      /* both read back: the closer to the value, the even one on a tie */
      const uint64_t mid = (s + t) << 1;
      f = vb < mid || (vb == mid && (s & 1) == 0) ? s : t;
    }
  }
  while (f % 10 == 0) {
    f /= 10;
    k++;
  }
  *f_out = f;
  *e_out = k;
}

/* Digits of v (no sign) written to end just before `end`; returns where they start. */
static char *digits_before(char *end, uint64_t v) {
  while (v >= 100) {
    const uint64_t q = v / 100;
    const unsigned r = (unsigned)(v - q * 100);
    end -= 2;
    memcpy(end, DIGIT_PAIRS + 2 * r, 2);
    v = q;
  }
  if (v >= 10) {
    end -= 2;
    memcpy(end, DIGIT_PAIRS + 2 * v, 2);
  } else {
    *--end = (char)('0' + v);
  }
  return end;
}

static size_t write_u64(uint8_t *p, uint64_t v) {
  char buf[20];
  const char *start = digits_before(buf + 20, v);
  const size_t n = (size_t)(buf + 20 - start);
  memcpy(p, start, n);
  return n;
}

static size_t write_i64(uint8_t *p, int64_t v) {
  if (v >= 0) return write_u64(p, (uint64_t)v);
  *p = '-';
  return 1 + write_u64(p + 1, (uint64_t)0 - (uint64_t)v);
}

/* f * 10^e (f > 0 without trailing zeros) as Number::toString lays it out; no sign. */
static size_t layout(uint8_t *p, uint64_t f, int e) {
  char buf[20];
  const char *d = digits_before(buf + 20, f);
  const int len = (int)(buf + 20 - d), n = e + len;
  uint8_t *at = p;
  if (len <= n && n <= 21) {
    memcpy(at, d, (size_t)len);
    at += len;
    memset(at, '0', (size_t)(n - len));
    at += n - len;
  } else if (0 < n && n <= 21) {
    memcpy(at, d, (size_t)n);
    at += n;
    *at++ = '.';
    memcpy(at, d + n, (size_t)(len - n));
    at += len - n;
  } else if (-6 < n && n <= 0) {
    *at++ = '0';
    *at++ = '.';
    memset(at, '0', (size_t)-n);
    at += -n;
    memcpy(at, d, (size_t)len);
    at += len;
  } else {
    *at++ = (uint8_t)d[0];
    if (len > 1) {
      *at++ = '.';
      memcpy(at, d + 1, (size_t)(len - 1));
      at += len - 1;
    }
    *at++ = 'e';
    *at++ = n - 1 < 0 ? '-' : '+';
    at += write_u64(at, (uint64_t)(n - 1 < 0 ? 1 - n : n - 1));
  }
  return (size_t)(at - p);
}

/* String(v) of JavaScript, in ASCII; at most WIDTH_FLOAT bytes. */
static size_t write_double(uint8_t *p, double v) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  const int neg = (int)(bits >> 63), be = (int)((bits >> 52) & 0x7ff);
  const uint64_t frac = bits & (((uint64_t)1 << 52) - 1);
  if (be == 0x7ff) {
    if (frac != 0) {
      memcpy(p, "NaN", 3);
      return 3;
    }
    if (!neg) {
      memcpy(p, "Infinity", 8);
      return 8;
    }
    memcpy(p, "-Infinity", 9);
    return 9;
  }
  if (be == 0 && frac == 0) {
    *p = '0'; /* String(-0) is "0" */
    return 1;
  }
  size_t at = 0;
  if (neg) p[at++] = '-';
  const uint64_t c = be == 0 ? frac : frac | ((uint64_t)1 << 52);
  const int q = be == 0 ? -1074 : be - 1075;
  /* an integer below 2^53 is its own shortest text (its neighbours are at least 1 away) */
  if (q <= 0 && q > -53 && (c & (((uint64_t)1 << -q) - 1)) == 0) return at + write_u64(p + at, c >> -q);
  uint64_t f;
  int e;
  shortest_decimal(c, q, &f, &e);
  return at + layout(p + at, f, e);
}

/* The widest text of one value of a column type. */
static size_t type_width(int type) {
  return type == TRUENO_F64 || type == TRUENO_F32 ? WIDTH_FLOAT : type == TRUENO_I64 ? WIDTH_I64 : WIDTH_I32;
}

typedef struct {
  const uint8_t *columns, *valid;
  const int32_t *types;
  size_t width, rows, row_bound;
  uint8_t delimiter;
  const uint8_t *null_text;
  size_t null_len;
  uint8_t *out;
  size_t first[MAX_PARTS + 1]; /* part k is rows [first[k], first[k + 1]) */
  size_t written[MAX_PARTS];
} job;

/* Writes rows [r0, r1) from `p`; returns the bytes written. */
static size_t format_rows(const job *j, size_t r0, size_t r1, uint8_t *p) {
  uint8_t *at = p;
  for (size_t r = r0; r < r1; r++) {
    for (size_t col = 0; col < j->width; col++) {
      if (col > 0) *at++ = j->delimiter;
      if (j->valid && !j->valid[col * j->rows + r]) {
        if (j->null_len > 0) memcpy(at, j->null_text, j->null_len);
        at += j->null_len;
        continue;
      }
      const uint8_t *column = j->columns + col * j->rows * 8;
      switch (j->types[col]) {
        case TRUENO_F64: {
          double v;
          memcpy(&v, column + r * 8, 8);
          at += write_double(at, v);
          break;
        }
        case TRUENO_F32: {
          float v;
          memcpy(&v, column + r * 4, 4);
          at += write_double(at, (double)v);
          break;
        }
        case TRUENO_I64: {
          int64_t v;
          memcpy(&v, column + r * 8, 8);
          at += write_i64(at, v);
          break;
        }
        default: {
          int32_t v;
          memcpy(&v, column + r * 4, 4);
          at += write_i64(at, v);
          break;
        }
      }
    }
    *at++ = '\n';
  }
  return (size_t)(at - p);
}

static void format_parts(void *ctx, size_t begin, size_t end) {
  job *j = ctx;
  for (size_t k = begin; k < end; k++)
    j->written[k] = format_rows(j, j->first[k], j->first[k + 1], j->out + j->first[k] * j->row_bound);
}

/* The most bytes one row can take (trueno.h states the same sum); 0 when it overflows. */
static size_t row_bound_of(const int32_t *types, size_t width, int has_valid, size_t null_len) {
  size_t bound = 0;
  for (size_t col = 0; col < width; col++) {
    size_t w = type_width(types[col]);
    if (has_valid && null_len > w) w = null_len;
    if (w + 1 > SIZE_MAX - bound) return 0;
    bound += w + 1;
  }
  return bound;
}

int trueno_csv_format(const void *columns, const int32_t *types, size_t width, size_t rows, const uint8_t *valid,
                      int delimiter, const uint8_t *null_text, size_t null_len, uint8_t *out, size_t capacity,
                      double *result) {
  if (!types || width == 0 || !result || (rows > 0 && !columns) || (null_len > 0 && !null_text)) return TRUENO_EINVAL;
  if (delimiter < 0 || delimiter > 127 || delimiter == '\n' || delimiter == '\r') return TRUENO_EINVAL;
  for (size_t col = 0; col < width; col++) {
    const int t = types[col];
    if (t != TRUENO_F64 && t != TRUENO_F32 && t != TRUENO_I64 && t != TRUENO_I32) return TRUENO_EINVAL;
  }
  if (width > SIZE_MAX / 8 || (rows > 0 && width * 8 > SIZE_MAX / rows)) return TRUENO_EINVAL;
  const size_t row_bound = row_bound_of(types, width, valid != NULL, null_len);
  if (row_bound == 0 || (rows > 0 && row_bound > SIZE_MAX / rows) || capacity < rows * row_bound) return TRUENO_EINVAL;
  if (rows > 0 && !out) return TRUENO_EINVAL;
  result[0] = 0;
  if (rows == 0) return TRUENO_OK;
  job j = {.columns = columns, .valid = valid, .types = types, .width = width, .rows = rows, .row_bound = row_bound,
           .delimiter = (uint8_t)delimiter, .null_text = null_text, .null_len = null_len, .out = out};
  size_t parts = rows / PART_MIN_ROWS + 1;
  if (parts > MAX_PARTS) parts = MAX_PARTS;
  for (size_t k = 0; k <= parts; k++) j.first[k] = (size_t)((double)rows * (double)k / (double)parts);
  j.first[parts] = rows;
  trueno_parallel_for(parts, 1, 1, format_parts, &j);
  /* each part starts at its first row's worst-case offset: move them down to follow one another */
  size_t total = j.written[0];
  for (size_t k = 1; k < parts; k++) {
    if (j.written[k] > 0) memmove(out + total, out + j.first[k] * row_bound, j.written[k]);
    total += j.written[k];
  }
  result[0] = (double)total;
  return TRUENO_OK;
}
