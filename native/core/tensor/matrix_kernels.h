/*
 * Matrix kernels: the gemm micro-kernels with their blocking, and the serial helpers of matvec, transpose and outer.
 * gemm.c owns the blocked algorithm (cache blocks, packing, threads); an ISA only supplies the register tile.
 */
#ifndef TRUENO_MATRIX_KERNELS_H
#define TRUENO_MATRIX_KERNELS_H

#include <stddef.h>

/*
 * One gemm micro-kernel: c (m x n, row stride ldc, m <= mr, n <= nr) = alpha * A_panel @ B_panel + beta * c,
 * where A_panel holds kc columns of mr values (a[p*mr + i]) and B_panel kc rows of nr values (b[p*nr + j]), both
 * packed by gemm.c, zero-padded and 64-byte aligned. beta == 0 never reads c. Pointers are float* or double*
 * after the dtype of the table entry; alpha and beta are rounded to that dtype. The result of an element must not
 * depend on where the element lies in the tile or on m and n, so that splitting the work among threads never
 * changes bits.
 */
typedef void (*trueno_gemm_ukernel)(size_t kc, const void *a, const void *b, void *c, size_t ldc, size_t m, size_t n,
                                    double alpha, double beta);

typedef struct {
  trueno_gemm_ukernel kernel;
  size_t mr, nr; /* register tile */
  size_t mc, kc, nc; /* cache blocks: mc x kc of A fits in L2, kc x nr of B in L1, kc x nc of B in L3 */
} trueno_gemm_config;

typedef struct {
  trueno_gemm_config sgemm;
  trueno_gemm_config dgemm;
  /* y[i] = sum_j a[i*lda + j] * x[j] for i < rows */
  void (*matvec_rows_f32)(const float *a, size_t lda, size_t rows, size_t cols, const float *x, float *y);
  void (*matvec_rows_f64)(const double *a, size_t lda, size_t rows, size_t cols, const double *x, double *y);
  /* y[j] = sum_i a[i*lda + j] * x[i] for j < cols, summed over i in increasing order */
  void (*matvec_cols_f32)(const float *a, size_t lda, size_t rows, size_t cols, const float *x, float *y);
  void (*matvec_cols_f64)(const double *a, size_t lda, size_t rows, size_t cols, const double *x, double *y);
  /* out[j*ldo + i] = x[i*ldx + j] for i < rows, j < cols (one cache tile of a transpose) */
  void (*transpose_f32)(const float *x, size_t ldx, float *out, size_t ldo, size_t rows, size_t cols);
  void (*transpose_f64)(const double *x, size_t ldx, double *out, size_t ldo, size_t rows, size_t cols);
  /* out[j] = s * x[j] (one row of an outer product) */
  void (*scale_f32)(const float *x, float s, float *out, size_t n);
  void (*scale_f64)(const double *x, double s, double *out, size_t n);
} trueno_matrix_kernels;

#endif
