/*
 * WASM SIMD128 elementwise kernels: the vector primitives (vec.h) of simd_math.h / simd_elementwise.h on v128
 * (4 floats, 2 doubles); the kernels themselves are shared with the other SIMD levels. SIMD128 has no fused
 * multiply-add, so vf_fma is a multiply then an add (TRUENO_VEC_HAS_FMA 0: gelu splits x*x exactly without it), and
 * its f32x4.max/min return NaN when either operand is NaN.
 */
#include "runtime/isa_target.h"

#if defined(TRUENO_WASM_SIMD)
#include <float.h>
#include <math.h>
#include <string.h>
#include <wasm_simd128.h>

#include "trueno.h"
#include "runtime/kernels.h"

#include "isa/simd128/vec.h"

#include "tensor/simd_elementwise.h"

void trueno_install_elementwise_simd128(trueno_elementwise_kernels *k) { simd_install_elementwise(k); }

#endif
