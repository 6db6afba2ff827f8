/*
 * WASM SIMD128 reduction kernels: the reduction primitives of simd_reduce.h on v128; the kernels are shared with the
 * other SIMD levels. float32 is widened to float64 with f64x2.promote_low_f32x4; there is no fused multiply-add, so
 * squares are a multiply then an add. f32x4.min/max return NaN when either input is NaN, so min/max need no NaN
 * mask.
 */
#include "runtime/isa_target.h"

#if defined(TRUENO_WASM_SIMD)
#include <math.h>
#include <stdint.h>
#include <wasm_simd128.h>

#include "runtime/kernels.h"
#include "tensor/reduce_kernels.h"

#include "isa/simd128/vec.h"

#define SIMD_REDUCE_SINGLE_STEP 0
#define SIMD_REDUCE_F32_COLS VF_LANES

static inline vd vd_load_f32(const float *p) { return wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(p)); }
static inline vf vf_min(vf a, vf b) { return wasm_f32x4_min(a, b); }
static inline vd vd_min(vd a, vd b) { return wasm_f64x2_min(a, b); }
static inline int vfm_any(vfm m) { return wasm_v128_any_true(m); }
static inline int vdm_any(vdm m) { return wasm_v128_any_true(m); }
static inline vfm vfm_and_not(vfm a, vfm b) { return wasm_v128_andnot(a, b); }
static inline vdm vdm_and_not(vdm a, vdm b) { return wasm_v128_andnot(a, b); }
static inline void vf_store_index(int32_t *idx, vfm take, int32_t k) {
  wasm_v128_store(idx, wasm_v128_bitselect(wasm_i32x4_splat(k), wasm_v128_load(idx), take));
}
/* the two 64-bit masks narrowed to two 32-bit masks for the int32 indices */
static inline void vd_store_index(int32_t *idx, vdm take, int32_t k) {
  const v128_t take32 = wasm_i32x4_shuffle(take, take, 0, 2, 0, 2);
  const v128_t old = wasm_v128_load64_zero(idx);
  wasm_v128_store64_lane(idx, wasm_v128_bitselect(wasm_i32x4_splat(k), old, take32), 0);
}
/* The fold's lane step: NaN wins and sticks like f32x4.min/max, ties keep the first lane. */
static inline double lane_pick(double best, double v, int kind) {
  if (isnan(best) || isnan(v)) return isnan(best) ? best : v;
  return (kind == TRUENO_EXT_MIN ? v < best : v > best) ? v : best;
}
/* b0 started from best, so the fold is over the lanes alone (|v| already taken for ABSMAX) */
static inline double vf_fold_extreme(double best, vf b0, vf b1, int kind) {
  const vf b = kind == TRUENO_EXT_MIN ? wasm_f32x4_min(b0, b1) : wasm_f32x4_max(b0, b1);
  return lane_pick(lane_pick(wasm_f32x4_extract_lane(b, 0), wasm_f32x4_extract_lane(b, 1), kind),
                   lane_pick(wasm_f32x4_extract_lane(b, 2), wasm_f32x4_extract_lane(b, 3), kind), kind);
}
static inline double vd_fold_extreme(double best, vd b0, vd b1, int kind) {
  const vd b = kind == TRUENO_EXT_MIN ? wasm_f64x2_min(b0, b1) : wasm_f64x2_max(b0, b1);
  return lane_pick(wasm_f64x2_extract_lane(b, 0), wasm_f64x2_extract_lane(b, 1), kind);
}

#include "tensor/simd_reduce.h"

void trueno_install_reduce_simd128(trueno_reduce_kernels *k) { simd_install_reduce(k); }

#endif
