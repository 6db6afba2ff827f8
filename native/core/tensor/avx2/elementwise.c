/*
 * AVX2+FMA elementwise kernels: the vector primitives (vec.h) of simd_math.h / simd_elementwise.h on 256-bit registers
 * (8 floats, 4 doubles); the kernels themselves are shared with the other SIMD levels.
 */
#include "runtime/isa_target.h"

#if defined(TRUENO_X86_64)
#include <float.h>
#include <immintrin.h>
#include <math.h>
#include <string.h>

#include "trueno.h"
#include "runtime/kernels.h"

TRUENO_TARGET_BEGIN_AVX2

#include "isa/avx2/vec.h"

#include "tensor/simd_elementwise.h"

void trueno_install_elementwise_avx2(trueno_elementwise_kernels *k) { simd_install_elementwise(k); }

TRUENO_TARGET_END

#endif
