/*
 * AVX-512 reduction kernels: the reduction primitives of simd_reduce.h on 512-bit registers; the kernels are shared
 * with the other SIMD levels. The last partial vector of every loop goes through masked loads and stores (a
 * masked-off lane is never read), so there are no scalar tails. vminps/vmaxps drop a NaN in their first operand, so
 * min/max keep a separate NaN mask.
 */
#include "runtime/isa_target.h"

#if defined(TRUENO_X86_64)
#include <immintrin.h>
#include <math.h>
#include <stdint.h>

#include "runtime/kernels.h"
#include "tensor/reduce_kernels.h"

TRUENO_TARGET_BEGIN_AVX512

#include "isa/avx512/vec.h"

#define SIMD_REDUCE_SINGLE_STEP 1
#define SIMD_REDUCE_F32_COLS VD_LANES

/* Lanes [0, count) of a mask, count <= lanes. */
static inline vfm vfm_first(size_t count) { return (vfm)((1u << count) - 1u); }
static inline vdm vdm_first(size_t count) { return (vdm)((1u << count) - 1u); }
static inline vfm vfm_and(vfm a, vfm b) { return (vfm)(a & b); }
static inline vdm vdm_and(vdm a, vdm b) { return (vdm)(a & b); }
static inline vfm vfm_and_not(vfm a, vfm b) { return (vfm)(a & ~b); }
static inline vdm vdm_and_not(vdm a, vdm b) { return (vdm)(a & ~b); }
static inline int vfm_any(vfm m) { return m != 0; }
static inline int vdm_any(vdm m) { return m != 0; }

static inline vd vd_load_f32(const float *p) { return _mm512_cvtps_pd(_mm256_loadu_ps(p)); }
static inline vd vd_load_f32_first(const float *p, size_t count) {
  return _mm512_cvtps_pd(_mm256_maskz_loadu_ps(vdm_first(count), p));
}
static inline vf vf_load_first(const float *p, size_t count) { return _mm512_maskz_loadu_ps(vfm_first(count), p); }
static inline vd vd_load_first(const double *p, size_t count) { return _mm512_maskz_loadu_pd(vdm_first(count), p); }
static inline void vf_store_first(float *p, size_t count, vf v) { _mm512_mask_storeu_ps(p, vfm_first(count), v); }
static inline void vd_store_first(double *p, size_t count, vd v) { _mm512_mask_storeu_pd(p, vdm_first(count), v); }
static inline vf vf_min(vf a, vf b) { return _mm512_min_ps(a, b); }
static inline vd vd_min(vd a, vd b) { return _mm512_min_pd(a, b); }
static inline vfm vf_unord(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_UNORD_Q); }
static inline vdm vd_unord(vd a, vd b) { return _mm512_cmp_pd_mask(a, b, _CMP_UNORD_Q); }
/* masked stores: nothing outside take is written */
static inline void vf_store_index(int32_t *idx, vfm take, int32_t k) {
  _mm512_mask_storeu_epi32(idx, take, _mm512_set1_epi32(k));
}
static inline void vd_store_index(int32_t *idx, vdm take, int32_t k) {
  _mm256_mask_storeu_epi32(idx, take, _mm256_set1_epi32(k));
}
/* b0 started from best, so the fold is over the lanes alone */
static inline double vf_fold_extreme(double best, vf b0, vf b1, int kind) {
  return kind == TRUENO_EXT_MIN ? _mm512_reduce_min_ps(_mm512_min_ps(b0, b1))
                                : _mm512_reduce_max_ps(_mm512_max_ps(b0, b1));
}
static inline double vd_fold_extreme(double best, vd b0, vd b1, int kind) {
  return kind == TRUENO_EXT_MIN ? _mm512_reduce_min_pd(_mm512_min_pd(b0, b1))
                                : _mm512_reduce_max_pd(_mm512_max_pd(b0, b1));
}

#include "tensor/simd_reduce.h"

void trueno_install_reduce_avx512(trueno_reduce_kernels *k) { simd_install_reduce(k); }

TRUENO_TARGET_END

#endif
