/*
 * The indexing kernels behind the Tensor API (trueno.h "indexing"): compare, where, gather, copy_blocks, cumsum and
 * argsort. Serial: each is one memory-bound pass (argsort n log n per lane), cheap next to the ops that produce its
 * input, and its results never depend on a thread count.
 */
#include "trueno.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* a * b into *out, or 0 when the product overflows size_t. */
static int mul_size(size_t a, size_t b, size_t *out) {
  if (a != 0 && b > SIZE_MAX / a) return 0;
  *out = a * b;
  return 1;
}

/* outer * len * inner elements of dtype fit in memory (their byte count does not overflow). */
static int layout_ok(int dtype, size_t outer, size_t len, size_t inner, size_t *count) {
  size_t n, bytes;
  return mul_size(outer, len, &n) && mul_size(n, inner, &n) && mul_size(n, trueno_dtype_size(dtype), &bytes) &&
         (*count = n, 1);
}

/* One loop per op and form (b an array, or one value for every i) with a fixed stride, so each vectorizes. */
#define COMPARE_FORM(T, OP, B)                                                                                         \
  for (size_t i = 0; i < n; i++) out[i] = pa[i] OP (B)
#define COMPARE_OP(T, OP)                                                                                              \
  do {                                                                                                                 \
    if (nb == 1) {                                                                                                     \
      const T s = pb[0];                                                                                               \
      COMPARE_FORM(T, OP, s);                                                                                          \
    } else {                                                                                                           \
      COMPARE_FORM(T, OP, pb[i]);                                                                                      \
    }                                                                                                                  \
  } while (0)
#define COMPARE_LOOP(T)                                                                                                \
  do {                                                                                                                 \
    const T *pa = (const T *)a, *pb = (const T *)b;                                                                    \
    switch (op) {                                                                                                      \
    case TRUENO_CMP_EQ: COMPARE_OP(T, ==); break;                                                                      \
    case TRUENO_CMP_NE: COMPARE_OP(T, !=); break;                                                                      \
    case TRUENO_CMP_LT: COMPARE_OP(T, <); break;                                                                       \
    case TRUENO_CMP_LE: COMPARE_OP(T, <=); break;                                                                      \
    case TRUENO_CMP_GT: COMPARE_OP(T, >); break;                                                                       \
    default: COMPARE_OP(T, >=); break;                                                                                 \
    }                                                                                                                  \
  } while (0)

int trueno_compare(int dtype, int op, const void *a, const void *b, size_t nb, uint8_t *out, size_t n) {
  if (trueno_dtype_size(dtype) == 0 || op < 0 || op >= TRUENO_CMP_COUNT || (nb != 1 && nb != n)) return TRUENO_EINVAL;
  if (n == 0) return TRUENO_OK;
  if (!a || !b || !out) return TRUENO_EINVAL;
  switch (dtype) {
  case TRUENO_F32: COMPARE_LOOP(float); break;
  case TRUENO_F64: COMPARE_LOOP(double); break;
  case TRUENO_I32: COMPARE_LOOP(int32_t); break;
  case TRUENO_I64: COMPARE_LOOP(int64_t); break;
  default: COMPARE_LOOP(uint8_t); break;
  }
  return TRUENO_OK;
}

#define WHERE_LOOP(T)                                                                                                  \
  do {                                                                                                                 \
    const T *pa = (const T *)a, *pb = (const T *)b;                                                                    \
    T *po = (T *)out;                                                                                                  \
    for (size_t i = 0; i < n; i++) po[i] = cond[i] ? pa[i] : pb[i];                                                    \
  } while (0)

int trueno_where(int dtype, const uint8_t *cond, const void *a, const void *b, void *out, size_t n) {
  const size_t size = trueno_dtype_size(dtype);
  if (size == 0 || n > SIZE_MAX / size) return TRUENO_EINVAL;
  if (n == 0) return TRUENO_OK;
  if (!cond || !a || !b || !out) return TRUENO_EINVAL;
  /* by element size, as bits: a NaN's payload passes through unchanged */
  switch (size) {
  case 8: WHERE_LOOP(uint64_t); break;
  case 4: WHERE_LOOP(uint32_t); break;
  default: WHERE_LOOP(uint8_t); break;
  }
  return TRUENO_OK;
}

/*
 * One-element runs (gathering along the last axis, joining along it) copied by element size: a memcpy call per 1 to
 * 8 bytes cost gather along columns and stack along the last axis 3 to 7 times numpy's time (bench/tensor-indexing.ts).
 */
#define GATHER_ELEMENTS(T)                                                                                             \
  do {                                                                                                                 \
    const T *src = (const T *)x;                                                                                       \
    T *dst = (T *)out;                                                                                                 \
    for (size_t o = 0; o < outer; o++, src += len, dst += nidx)                                                        \
      for (size_t j = 0; j < nidx; j++) dst[j] = src[idx[j]];                                                          \
  } while (0)

#define PLACE_ELEMENTS(T)                                                                                              \
  do {                                                                                                                 \
    const T *src = (const T *)x;                                                                                       \
    T *dst = (T *)out + offset;                                                                                        \
    for (size_t o = 0; o < outer; o++) dst[o * stride] = src[o];                                                       \
  } while (0)

int trueno_gather(int dtype, const void *x, size_t outer, size_t len, size_t inner, const int32_t *idx, size_t nidx,
                  void *out) {
  size_t nx, nout;
  if (trueno_dtype_size(dtype) == 0 || !layout_ok(dtype, outer, len, inner, &nx) ||
      !layout_ok(dtype, outer, nidx, inner, &nout)) {
    return TRUENO_EINVAL;
  }
  if (nidx > 0 && !idx) return TRUENO_EINVAL;
  for (size_t j = 0; j < nidx; j++) {
    if (idx[j] < 0 || (size_t)idx[j] >= len) return TRUENO_EINVAL;
  }
  if (nout == 0) return TRUENO_OK;
  if (!x || !out) return TRUENO_EINVAL;
  const size_t size = trueno_dtype_size(dtype), run = inner * size;
  if (inner == 1) {
    switch (size) {
    case 8: GATHER_ELEMENTS(uint64_t); return TRUENO_OK;
    case 4: GATHER_ELEMENTS(uint32_t); return TRUENO_OK;
    default: GATHER_ELEMENTS(uint8_t); return TRUENO_OK;
    }
  }
  const unsigned char *src = x;
  unsigned char *dst = out;
  for (size_t o = 0; o < outer; o++) {
    const unsigned char *base = src + o * len * run;
    for (size_t j = 0; j < nidx; j++, dst += run) memcpy(dst, base + (size_t)idx[j] * run, run);
  }
  return TRUENO_OK;
}

int trueno_copy_blocks(int dtype, const void *x, size_t outer, size_t block, void *out, size_t stride, size_t offset) {
  size_t nx, nout;
  if (trueno_dtype_size(dtype) == 0 || !layout_ok(dtype, outer, block, 1, &nx) ||
      !layout_ok(dtype, outer, stride, 1, &nout) || offset > stride || block > stride - offset) {
    return TRUENO_EINVAL;
  }
  if (nx == 0) return TRUENO_OK;
  if (!x || !out) return TRUENO_EINVAL;
  const size_t size = trueno_dtype_size(dtype);
  if (block == 1) {
    switch (size) {
    case 8: PLACE_ELEMENTS(uint64_t); return TRUENO_OK;
    case 4: PLACE_ELEMENTS(uint32_t); return TRUENO_OK;
    default: PLACE_ELEMENTS(uint8_t); return TRUENO_OK;
    }
  }
  const unsigned char *src = x;
  unsigned char *dst = (unsigned char *)out + offset * size;
  for (size_t o = 0; o < outer; o++) memcpy(dst + o * stride * size, src + o * block * size, block * size);
  return TRUENO_OK;
}

/* Running sums down the axis: row j of a lane block is row j - 1 plus x's row j (inner elements side by side). */
#define CUMSUM_FLOAT(T)                                                                                                \
  do {                                                                                                                 \
    const T *px = (const T *)x;                                                                                        \
    T *po = (T *)out;                                                                                                  \
    for (size_t o = 0; o < outer; o++) {                                                                               \
      const T *xs = px + o * len * inner;                                                                              \
      T *os = po + o * len * inner;                                                                                    \
      if (len > 0) memcpy(os, xs, inner * sizeof(T));                                                                  \
      for (size_t j = 1; j < len; j++)                                                                                 \
        for (size_t i = 0; i < inner; i++) os[j * inner + i] = os[(j - 1) * inner + i] + xs[j * inner + i];            \
    }                                                                                                                  \
  } while (0)

#define CUMSUM_INT(T)                                                                                                  \
  do {                                                                                                                 \
    const T *px = (const T *)x;                                                                                        \
    uint64_t *po = (uint64_t *)out; /* int64 wrapping: unsigned arithmetic, no signed overflow */                     \
    for (size_t o = 0; o < outer; o++) {                                                                               \
      const T *xs = px + o * len * inner;                                                                              \
      uint64_t *os = po + o * len * inner;                                                                             \
      for (size_t i = 0; i < inner && len > 0; i++) os[i] = (uint64_t)(int64_t)xs[i];                                  \
      for (size_t j = 1; j < len; j++)                                                                                 \
        for (size_t i = 0; i < inner; i++) os[j * inner + i] = os[(j - 1) * inner + i] + (uint64_t)(int64_t)xs[j * inner + i]; \
    }                                                                                                                  \
  } while (0)

int trueno_cumsum(int dtype, const void *x, size_t outer, size_t len, size_t inner, void *out) {
  size_t n;
  if (trueno_dtype_size(dtype) == 0 || !layout_ok(TRUENO_I64, outer, len, inner, &n)) return TRUENO_EINVAL;
  if (n == 0) return TRUENO_OK;
  if (!x || !out) return TRUENO_EINVAL;
  switch (dtype) {
  case TRUENO_F32: CUMSUM_FLOAT(float); break;
  case TRUENO_F64: CUMSUM_FLOAT(double); break;
  case TRUENO_I32: CUMSUM_INT(int32_t); break;
  case TRUENO_I64: CUMSUM_INT(int64_t); break;
  default: CUMSUM_INT(uint8_t); break;
  }
  return TRUENO_OK;
}

/* An order-preserving unsigned image of a double: -0 and +0 alike, every NaN above +Infinity. */
static uint64_t double_key(double v) {
  if (isnan(v)) return UINT64_MAX;
  if (v == 0) v = 0; /* -0 -> +0 */
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  return (bits >> 63) ? ~bits : bits | (UINT64_C(1) << 63);
}

/* The key of element k of x (dtype). */
static uint64_t element_key(int dtype, const void *x, size_t k) {
  switch (dtype) {
  case TRUENO_F32: return double_key(((const float *)x)[k]);
  case TRUENO_F64: return double_key(((const double *)x)[k]);
  case TRUENO_I32: return (uint64_t)(int64_t)((const int32_t *)x)[k] ^ (UINT64_C(1) << 63);
  case TRUENO_I64: return (uint64_t)((const int64_t *)x)[k] ^ (UINT64_C(1) << 63);
  default: return ((const uint8_t *)x)[k];
  }
}

/* Stable sort of idx[0..n) by key[idx]: insertion sort of short runs, then bottom-up merges through tmp. */
static void sort_lane(const uint64_t *key, int32_t *idx, int32_t *tmp, size_t n) {
  enum { RUN = 16 };
  for (size_t s = 0; s < n; s += RUN) {
    const size_t e = s + RUN < n ? s + RUN : n;
    for (size_t i = s + 1; i < e; i++) {
      const int32_t v = idx[i];
      size_t j = i;
      while (j > s && key[idx[j - 1]] > key[v]) {
        idx[j] = idx[j - 1];
        j--;
      }
      idx[j] = v;
    }
  }
  int32_t *from = idx, *to = tmp;
  for (size_t width = RUN; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      const size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) to[k++] = key[from[j]] < key[from[i]] ? from[j++] : from[i++];
      while (i < mid) to[k++] = from[i++];
      while (j < hi) to[k++] = from[j++];
    }
    int32_t *t = from;
    from = to;
    to = t;
  }
  if (from != idx) memcpy(idx, from, n * sizeof *idx);
}

int trueno_argsort(int dtype, const void *x, size_t outer, size_t len, size_t inner, int32_t *out) {
  size_t n;
  if (trueno_dtype_size(dtype) == 0 || len > INT32_MAX || !layout_ok(TRUENO_I64, outer, len, inner, &n)) return TRUENO_EINVAL;
  if (n == 0) return TRUENO_OK;
  if (!x || !out) return TRUENO_EINVAL;
  uint64_t *key = malloc(len * sizeof *key);
  int32_t *idx = malloc(len * sizeof *idx), *tmp = malloc(len * sizeof *tmp);
  if (!key || !idx || !tmp) {
    free(key);
    free(idx);
    free(tmp);
    return TRUENO_ENOMEM;
  }
  for (size_t o = 0; o < outer; o++) {
    for (size_t i = 0; i < inner; i++) {
      const size_t base = o * len * inner + i;
      for (size_t j = 0; j < len; j++) {
        key[j] = element_key(dtype, x, base + j * inner);
        idx[j] = (int32_t)j;
      }
      sort_lane(key, idx, tmp, len);
      for (size_t j = 0; j < len; j++) out[base + j * inner] = idx[j];
    }
  }
  free(key);
  free(idx);
  free(tmp);
  return TRUENO_OK;
}
