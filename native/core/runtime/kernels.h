/*
 * The kernel tables: one struct of function pointers per area, filled for each ISA level by installers. The scalar
 * installer fills every entry; a higher level's installer overrides only what it accelerates, so an ISA never needs
 * a complete set of kernels. Kernels here are serial over the range they are given; threading lives in the public
 * API layer (tensor/elementwise.c, tensor/reduce.c, tensor/matrix.c).
 */
#ifndef TRUENO_KERNELS_H
#define TRUENO_KERNELS_H

#include "tensor/elementwise_kernels.h"
#include "tensor/reduce_kernels.h"
#include "tensor/matrix_kernels.h"
#include "tensor/integer_kernels.h"

typedef struct {
  trueno_elementwise_kernels ew;
  trueno_reduce_kernels red;
  trueno_matrix_kernels mat;
  trueno_integer_kernels ints;
} trueno_kernels;

/* The table of the active ISA level (never NULL; built on first use). */
const trueno_kernels *trueno_k(void);

#define TRUENO_DECLARE_INSTALLERS(isa)                                 \
  void trueno_install_elementwise_##isa(trueno_elementwise_kernels *k); \
  void trueno_install_reduce_##isa(trueno_reduce_kernels *k);           \
  void trueno_install_matrix_##isa(trueno_matrix_kernels *k);            \
  void trueno_install_integer_##isa(trueno_integer_kernels *k);

TRUENO_DECLARE_INSTALLERS(scalar)
TRUENO_DECLARE_INSTALLERS(avx2)
TRUENO_DECLARE_INSTALLERS(avx512)
TRUENO_DECLARE_INSTALLERS(neon)
TRUENO_DECLARE_INSTALLERS(simd128)

#endif
