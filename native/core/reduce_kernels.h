/* Reduction kernels over one block (serial); the API layer (reduce.c) combines block partials in a fixed order. */
#ifndef TRUENO_REDUCE_KERNELS_H
#define TRUENO_REDUCE_KERNELS_H

#include <stddef.h>

typedef struct {
  double (*sum_f32)(const float *x, size_t n);
  double (*sum_f64)(const double *x, size_t n);
  double (*dot_f32)(const float *a, const float *b, size_t n);
  double (*dot_f64)(const double *a, const double *b, size_t n);
} trueno_reduce_kernels;

#endif
