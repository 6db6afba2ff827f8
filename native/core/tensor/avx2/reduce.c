/*
 * AVX2+FMA reduction kernels: the reduction primitives of simd_reduce.h on 256-bit registers; the kernels are shared
 * with the other SIMD levels. float32 is widened to float64 with vcvtps2pd straight from memory: at two conversions
 * per 8 floats the loop still outruns memory. vminps/vmaxps drop a NaN in their first operand, so min/max keep a
 * separate NaN mask.
 */
#include "runtime/isa_target.h"

#if defined(TRUENO_X86_64)
#include <immintrin.h>
#include <math.h>
#include <stdint.h>

#include "runtime/kernels.h"
#include "tensor/reduce_kernels.h"

TRUENO_TARGET_BEGIN_AVX2

#include "isa/avx2/vec.h"

#define SIMD_REDUCE_SINGLE_STEP 1
#define SIMD_REDUCE_F32_COLS VD_LANES

static inline vd vd_load_f32(const float *p) { return _mm256_cvtps_pd(_mm_loadu_ps(p)); }
static inline vf vf_min(vf a, vf b) { return _mm256_min_ps(a, b); }
static inline vd vd_min(vd a, vd b) { return _mm256_min_pd(a, b); }
static inline vfm vf_unord(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_UNORD_Q); }
static inline vdm vd_unord(vd a, vd b) { return _mm256_cmp_pd(a, b, _CMP_UNORD_Q); }
static inline int vfm_any(vfm m) { return _mm256_movemask_ps(m) != 0; }
static inline int vdm_any(vdm m) { return _mm256_movemask_pd(m) != 0; }
static inline vfm vfm_and_not(vfm a, vfm b) { return _mm256_andnot_ps(b, a); }
static inline vdm vdm_and_not(vdm a, vdm b) { return _mm256_andnot_pd(b, a); }
static inline void vf_store_index(int32_t *idx, vfm take, int32_t k) {
  const __m256 old = _mm256_castsi256_ps(_mm256_loadu_si256((const __m256i *)idx));
  const __m256 kv = _mm256_castsi256_ps(_mm256_set1_epi32(k));
  _mm256_storeu_si256((__m256i *)idx, _mm256_castps_si256(_mm256_blendv_ps(old, kv, take)));
}
/* the four 64-bit masks narrowed to four 32-bit masks for the int32 indices */
static inline void vd_store_index(int32_t *idx, vdm take, int32_t k) {
  const __m256i even = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
  const __m128 take32 = _mm256_castps256_ps128(_mm256_permutevar8x32_ps(_mm256_castpd_ps(take), even));
  const __m128 old = _mm_castsi128_ps(_mm_loadu_si128((const __m128i *)idx));
  const __m128 kv = _mm_castsi128_ps(_mm_set1_epi32(k));
  _mm_storeu_si128((__m128i *)idx, _mm_castps_si128(_mm_blendv_ps(old, kv, take32)));
}
/* lane by lane from best, strict comparisons: the first of equal values (+0 or -0) stays */
static inline double vf_fold_extreme(double best, vf b0, vf b1, int kind) {
  float lanes[2 * VF_LANES];
  vf_store(lanes, b0);
  vf_store(lanes + VF_LANES, b1);
  for (int l = 0; l < 2 * VF_LANES; l++)
    if (kind == TRUENO_EXT_MIN ? lanes[l] < best : lanes[l] > best) best = lanes[l];
  return best;
}
static inline double vd_fold_extreme(double best, vd b0, vd b1, int kind) {
  double lanes[2 * VD_LANES];
  vd_store(lanes, b0);
  vd_store(lanes + VD_LANES, b1);
  for (int l = 0; l < 2 * VD_LANES; l++)
    if (kind == TRUENO_EXT_MIN ? lanes[l] < best : lanes[l] > best) best = lanes[l];
  return best;
}

#include "tensor/simd_reduce.h"

void trueno_install_reduce_avx2(trueno_reduce_kernels *k) { simd_install_reduce(k); }

TRUENO_TARGET_END

#endif
