/*
 * NEON (AArch64) reduction kernels: the reduction primitives of simd_reduce.h on 128-bit registers; the kernels are
 * shared with the other SIMD levels. float32 is widened to float64 with fcvtl. Unlike x86, fmin/fmax and
 * fminv/fmaxv already return NaN when either input is NaN, so min/max need no NaN mask.
 */
#include "runtime/isa_target.h"

#if defined(TRUENO_ARM64)
#include <arm_neon.h>
#include <math.h>
#include <stdint.h>

#include "runtime/kernels.h"
#include "tensor/reduce_kernels.h"

#include "isa/neon/vec.h"

#define SIMD_REDUCE_SINGLE_STEP 0
#define SIMD_REDUCE_F32_COLS VF_LANES

static inline vd vd_load_f32(const float *p) { return vcvt_f64_f32(vld1_f32(p)); }
static inline vf vf_min(vf a, vf b) { return vminq_f32(a, b); }
static inline vd vd_min(vd a, vd b) { return vminq_f64(a, b); }
static inline int vfm_any(vfm m) { return vmaxvq_u32(m) != 0; }
static inline int vdm_any(vdm m) { return vmaxvq_u32(vreinterpretq_u32_u64(m)) != 0; }
static inline vfm vfm_and_not(vfm a, vfm b) { return vbicq_u32(a, b); }
static inline vdm vdm_and_not(vdm a, vdm b) { return vbicq_u64(a, b); }
static inline void vf_store_index(int32_t *idx, vfm take, int32_t k) {
  vst1q_s32(idx, vbslq_s32(take, vdupq_n_s32(k), vld1q_s32(idx)));
}
static inline void vd_store_index(int32_t *idx, vdm take, int32_t k) {
  vst1_s32(idx, vbsl_s32(vmovn_u64(take), vdup_n_s32(k), vld1_s32(idx)));
}
/* b0 started from best, so the fold is over the lanes alone */
static inline double vf_fold_extreme(double best, vf b0, vf b1, int kind) {
  return kind == TRUENO_EXT_MIN ? vminvq_f32(vminq_f32(b0, b1)) : vmaxvq_f32(vmaxq_f32(b0, b1));
}
static inline double vd_fold_extreme(double best, vd b0, vd b1, int kind) {
  return kind == TRUENO_EXT_MIN ? vminvq_f64(vminq_f64(b0, b1)) : vmaxvq_f64(vmaxq_f64(b0, b1));
}

#include "tensor/simd_reduce.h"

void trueno_install_reduce_neon(trueno_reduce_kernels *k) { simd_install_reduce(k); }

#endif
