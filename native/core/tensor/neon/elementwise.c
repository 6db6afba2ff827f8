/*
 * NEON (AArch64) elementwise kernels: the vector primitives (vec.h) of simd_math.h / simd_elementwise.h on 128-bit
 * registers (4 floats, 2 doubles); the kernels themselves are shared with the other SIMD levels. AArch64 always
 * has NEON with fused multiply-add, directed rounding and double-precision lanes, so no target attribute is needed.
 */
#include "runtime/isa_target.h"

#if defined(TRUENO_ARM64)
#include <arm_neon.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "trueno.h"
#include "runtime/kernels.h"

#include "isa/neon/vec.h"

#include "tensor/simd_elementwise.h"

void trueno_install_elementwise_neon(trueno_elementwise_kernels *k) { simd_install_elementwise(k); }

#endif
