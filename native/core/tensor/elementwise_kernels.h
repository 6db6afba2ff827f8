/* Elementwise, unary and per-row softmax kernels (serial over [0, n)); op codes are those of trueno.h. */
#ifndef TRUENO_ELEMENTWISE_KERNELS_H
#define TRUENO_ELEMENTWISE_KERNELS_H

#include <stddef.h>

typedef struct {
  void (*binary_f32)(int op, const float *a, const float *b, float *out, size_t n);
  void (*binary_f64)(int op, const double *a, const double *b, double *out, size_t n);
  void (*binary_scalar_f32)(int op, const float *a, float s, float *out, size_t n, int reverse);
  void (*binary_scalar_f64)(int op, const double *a, double s, double *out, size_t n, int reverse);
  /* out[r*cols+c] = a[r*cols+c] op row[c] for r in [0, rows) */
  void (*binary_rows_f32)(int op, const float *a, const float *row, float *out, size_t rows, size_t cols);
  void (*binary_rows_f64)(int op, const double *a, const double *row, double *out, size_t rows, size_t cols);
  void (*axpy_f32)(size_t n, float alpha, const float *x, float *y);
  void (*axpy_f64)(size_t n, double alpha, const double *x, double *y);
  void (*fill_f32)(float *out, size_t n, float value);
  void (*fill_f64)(double *out, size_t n, double value);
  void (*cast_f32_f64)(const float *x, double *out, size_t n);
  void (*cast_f64_f32)(const double *x, float *out, size_t n);
  void (*unary_f32)(int op, const float *x, float *out, size_t n);
  void (*unary_f64)(int op, const double *x, double *out, size_t n);
  /* NaN x stays NaN; lo and hi are never NaN here (the API layer handles that case) */
  void (*clip_f32)(const float *x, float *out, size_t n, float lo, float hi);
  void (*clip_f64)(const double *x, double *out, size_t n, double lo, double hi);
  void (*softmax_row_f32)(const float *x, float *out, size_t n, int log);
  void (*softmax_row_f64)(const double *x, double *out, size_t n, int log);
} trueno_elementwise_kernels;

#endif
