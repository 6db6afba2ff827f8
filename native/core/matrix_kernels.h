/* Matrix kernels: the gemm micro-kernel and packing, and the row kernels of softmax. */
#ifndef TRUENO_MATRIX_KERNELS_H
#define TRUENO_MATRIX_KERNELS_H

#include <stddef.h>

typedef struct {
  void (*softmax_row_f32)(const float *x, float *out, size_t n, int log);
  void (*softmax_row_f64)(const double *x, double *out, size_t n, int log);
} trueno_matrix_kernels;

#endif
