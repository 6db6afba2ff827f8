/*
 * Exact decimal-to-double conversion shared by the text kernels (csv_numeric.c, json_rows.c): a value is returned only
 * when it is provably the double nearest to its decimal text (what JavaScript's Number() gives). Clinger's fast path (a
 * significand below 2^53 and a power of ten up to 22, one correctly rounded operation), else, for up to 19 significant
 * digits and a power of ten up to 280, a double-double quotient or product whose error bound proves the rounding. The
 * plain-JS twin is lib/trueno/backend/decimal.ts.
 */
#ifndef TRUENO_DECIMAL_H
#define TRUENO_DECIMAL_H

#include <math.h>
#include <stdint.h>

/* The largest power of ten scaled here: results stay far from overflow's and subnormals' loss of precision. */
#define DECIMAL_MAX_EXP10 280

/* 10^0 ... 10^22, each exact in double. */
extern const double DECIMAL_POW10[23];

/*
 * The double nearest to mant * 10^exp (mant < 2^64, |exp| <= DECIMAL_MAX_EXP10), or NaN when the error bound cannot
 * prove it (about one value in 2^37, near a tie) or the result is outside [1e-280, 1e280].
 */
double decimal_long(uint64_t mant, int exp);

/* The double nearest to mant * 10^exp (any exp), or NaN when it cannot be proved here: zero, the fast path, or
 * decimal_long. */
static inline double decimal_value(uint64_t mant, int exp) {
  if (mant == 0) return 0.0;
  if (exp < -DECIMAL_MAX_EXP10 || exp > DECIMAL_MAX_EXP10) return (double)NAN;
  if (mant < ((uint64_t)1 << 53) && exp >= -22 && exp <= 22)
    return exp < 0 ? (double)mant / DECIMAL_POW10[-exp] : (double)mant * DECIMAL_POW10[exp];
  return decimal_long(mant, exp);
}

/*
 * One digit into the significand. Zeros after the first nonzero digit wait in *zeros until a nonzero digit follows,
 * so trailing zeros (1e19 printed as 10000000000000000000) cost no significant digits: the caller adds them to the
 * exponent. Returns 0 past 19 significant digits.
 */
static inline int decimal_add_digit(int d, uint64_t *mant, int *significant, int *zeros) {
  if (d == 0) {
    if (*significant > 0) (*zeros)++;
    return 1;
  }
  *significant += *zeros + 1;
  if (*significant > 19) return 0;
  for (; *zeros > 0; (*zeros)--) *mant *= 10;
  *mant = *mant * 10 + (uint64_t)d;
  return 1;
}


#endif
