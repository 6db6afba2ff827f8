/*
 * Integer and boolean kernels (serial over the range given), indexed by dtype code; only the int32, int64, uint8 and
 * bool slots are filled. Semantics, as numpy's where numpy defines them:
 *   add/sub/mul wrap modulo 2^bits (computed in the unsigned type, so no signed overflow);
 *   float -> integer truncates toward zero and saturates at the type's range, NaN -> 0 (numpy leaves this undefined;
 *   this is WASM's trunc_sat and Rust's `as`); integer -> narrower integer wraps; anything -> bool is x != 0 (NaN is
 *   true); bool -> anything is 0 or 1; int64 -> float32 rounds through float64;
 *   sums accumulate in int64 (wrapping), min/max/argmin/argmax are exact (first occurrence on ties).
 */
#ifndef TRUENO_INTEGER_KERNELS_H
#define TRUENO_INTEGER_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "trueno.h"

typedef struct {
  /* out[i] = a[i] op b[i], op a TRUENO_ANY binary op */
  void (*binary[TRUENO_DTYPE_COUNT])(int op, const void *a, const void *b, void *out, size_t n);
  /* out[i] = a[i] op s (s op a[i] when reverse), s already converted to the dtype */
  void (*binary_scalar[TRUENO_DTYPE_COUNT])(int op, const void *a, int64_t s, void *out, size_t n, int reverse);
  void (*fill[TRUENO_DTYPE_COUNT])(void *out, size_t n, int64_t value);
  /* out (dtype `to`) = x converted; from is the index; any pair with an integer or bool side */
  void (*cast_from[TRUENO_DTYPE_COUNT])(const void *x, void *out, size_t n, int to);
  /* acc[i] += x[k*stride + i] for k < len, i < w (wrapping int64) */
  void (*col_sum[TRUENO_DTYPE_COUNT])(const void *x, size_t len, size_t stride, size_t w, int64_t *acc);
  /* best[i] (x's dtype) = min (is_max 0) or max over k < len of x[k*stride + i]; idx (when not NULL) its first k */
  void (*col_extreme[TRUENO_DTYPE_COUNT])(const void *x, size_t len, size_t stride, size_t w, int is_max, void *best,
                                          int32_t *idx);
} trueno_integer_kernels;

#endif
