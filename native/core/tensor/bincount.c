/*
 * bincount: counts (or weight sums) per non-negative integer value, as numpy.bincount. Serial: the weighted sums then
 * add in index order, so their bits never depend on the thread count; the pass is memory-bound and cheap next to the
 * ops that produce its input.
 */
#include "trueno.h"

#include <string.h>

/* The value x[i] of an integer or bool array, widened to int64. */
static int64_t value_at(int dtype, const void *x, size_t i) {
  switch (dtype) {
  case TRUENO_I32: return ((const int32_t *)x)[i];
  case TRUENO_I64: return ((const int64_t *)x)[i];
  default: return ((const uint8_t *)x)[i];
  }
}

int trueno_bincount(int dtype, const void *x, size_t n, const double *weights, size_t nbins, void *out) {
  if (dtype != TRUENO_I32 && dtype != TRUENO_I64 && dtype != TRUENO_U8 && dtype != TRUENO_BOOL) return TRUENO_EINVAL;
  if ((n > 0 && !x) || (nbins > 0 && !out) || nbins > SIZE_MAX / sizeof(double)) return TRUENO_EINVAL;
  /* every value is checked before anything is written, so a bad value leaves out untouched */
  for (size_t i = 0; i < n; i++) {
    const int64_t v = value_at(dtype, x, i);
    if (v < 0 || (uint64_t)v >= nbins) return TRUENO_EINVAL;
  }
  if (weights) {
    double *sums = out;
    memset(sums, 0, nbins * sizeof(double));
    for (size_t i = 0; i < n; i++) sums[value_at(dtype, x, i)] += weights[i];
  } else {
    int64_t *counts = out;
    memset(counts, 0, nbins * sizeof(int64_t));
    for (size_t i = 0; i < n; i++) counts[value_at(dtype, x, i)]++;
  }
  return TRUENO_OK;
}
