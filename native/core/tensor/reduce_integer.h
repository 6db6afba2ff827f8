/* Axis reductions of integer and bool arrays, called by reduce.c once it has checked the arguments. */
#ifndef TRUENO_REDUCE_INTEGER_H
#define TRUENO_REDUCE_INTEGER_H

#include <stddef.h>

#include "trueno.h"

/*
 * out[o*inner + i] = op over k of x[(o*len + k)*inner + i] for an integer or bool dtype: SUM into int64 (0 for
 * len == 0), MIN/MAX into x's dtype, ARGMIN/ARGMAX into int32 (len >= 1); EINVAL for the other ops.
 */
int trueno_reduce_axis_integer(int dtype, int op, const void *x, size_t outer, size_t len, size_t inner, void *out);

#endif
