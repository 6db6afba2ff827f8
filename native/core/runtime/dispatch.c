/*
 * CPU feature detection (once) and the per-ISA kernel tables. Each level's table starts as a copy of the level
 * below and lets that ISA's installers override entries, so forcing a lower level (trueno_set_isa) only swaps a
 * pointer to an already-built table and is safe while other threads run kernels.
 */
#include "trueno.h"
#include "runtime/isa_target.h"
#include "runtime/kernels.h"

#include <stdatomic.h>
#include <string.h>

#if defined(TRUENO_X86_64) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#endif

#define LEVELS (TRUENO_ISA_AVX512 + 1)

static trueno_kernels tables[LEVELS];
static int detected = -1;
static _Atomic(const trueno_kernels *) active = NULL;
static atomic_flag init_lock = ATOMIC_FLAG_INIT;
static atomic_int initialized = 0;

#if defined(TRUENO_X86_64) && (defined(__GNUC__) || defined(__clang__))
static unsigned long long read_xcr0(void) {
  unsigned int eax, edx;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return ((unsigned long long)edx << 32) | eax;
}

static int detect_x86(void) {
  unsigned int a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return TRUENO_ISA_SCALAR;
  const int has_fma = (c >> 12) & 1, has_osxsave = (c >> 27) & 1, has_avx = (c >> 28) & 1;
  if (!has_osxsave || !has_avx || !has_fma) return TRUENO_ISA_SCALAR;
  const unsigned long long xcr0 = read_xcr0();
  if ((xcr0 & 0x6) != 0x6) return TRUENO_ISA_SCALAR; /* the OS saves SSE and AVX state */
  if (__get_cpuid_max(0, 0) < 7) return TRUENO_ISA_SCALAR;
  __cpuid_count(7, 0, a, b, c, d);
  const int has_avx2 = (b >> 5) & 1;
  if (!has_avx2) return TRUENO_ISA_SCALAR;
  const int has_avx512 = ((b >> 16) & 1) && ((b >> 17) & 1) && ((b >> 30) & 1) && ((b >> 31) & 1); /* F DQ BW VL */
  if (has_avx512 && (xcr0 & 0xe6) == 0xe6) return TRUENO_ISA_AVX512; /* opmask and ZMM state saved by the OS */
  return TRUENO_ISA_AVX2;
}
#endif

static int detect(void) {
#if defined(TRUENO_X86_64) && (defined(__GNUC__) || defined(__clang__))
  return detect_x86();
#elif defined(TRUENO_ARM64)
  return TRUENO_ISA_NEON;
#elif defined(TRUENO_WASM_SIMD)
  return TRUENO_ISA_SIMD128;
#else
  return TRUENO_ISA_SCALAR;
#endif
}

/*
 * Every installer: X(LEVEL, level, family field, family). The one list a new kernel family (or a new ISA) joins;
 * a family an ISA does not accelerate has no line for it and keeps the kernels of the level below.
 */
#define PORTABLE_INSTALLERS(X) \
  X(SCALAR, scalar, ew, elementwise) X(SCALAR, scalar, red, reduce) X(SCALAR, scalar, mat, matrix) \
  X(SCALAR, scalar, ints, integer)
#if defined(TRUENO_WASM_SIMD)
#define WASM_INSTALLERS(X) X(SIMD128, simd128, ew, elementwise) X(SIMD128, simd128, red, reduce) X(SIMD128, simd128, mat, matrix)
#else
#define WASM_INSTALLERS(X)
#endif
#if defined(TRUENO_ARM64)
#define ARM_INSTALLERS(X) X(NEON, neon, ew, elementwise) X(NEON, neon, red, reduce) X(NEON, neon, mat, matrix)
#else
#define ARM_INSTALLERS(X)
#endif
#if defined(TRUENO_X86_64)
#define X86_INSTALLERS(X)                                                                    \
  X(AVX2, avx2, ew, elementwise) X(AVX2, avx2, red, reduce) X(AVX2, avx2, mat, matrix)       \
  X(AVX512, avx512, ew, elementwise) X(AVX512, avx512, red, reduce) X(AVX512, avx512, mat, matrix)
#else
#define X86_INSTALLERS(X)
#endif

static void install(trueno_kernels *t, int isa) {
#define INSTALL(LEVEL, level, field, family) \
  if (isa == TRUENO_ISA_##LEVEL) trueno_install_##family##_##level(&t->field);
  PORTABLE_INSTALLERS(INSTALL)
  WASM_INSTALLERS(INSTALL)
  ARM_INSTALLERS(INSTALL)
  X86_INSTALLERS(INSTALL)
#undef INSTALL
}

/* Whether a level lies on this architecture's chain (AVX2 is not below NEON, for instance). */
static int on_chain(int isa) {
  switch (isa) {
  case TRUENO_ISA_SCALAR: return 1;
  case TRUENO_ISA_SIMD128:
#if defined(TRUENO_WASM_SIMD)
    return 1;
#else
    return 0;
#endif
  case TRUENO_ISA_NEON:
#if defined(TRUENO_ARM64)
    return 1;
#else
    return 0;
#endif
  case TRUENO_ISA_AVX2:
  case TRUENO_ISA_AVX512:
#if defined(TRUENO_X86_64)
    return 1;
#else
    return 0;
#endif
  default: return 0;
  }
}

static void init(void) {
  if (atomic_load_explicit(&initialized, memory_order_acquire)) return;
  while (atomic_flag_test_and_set_explicit(&init_lock, memory_order_acquire)) {
  }
  if (!atomic_load_explicit(&initialized, memory_order_relaxed)) {
    detected = detect();
    int below = -1;
    for (int isa = 0; isa <= detected; isa++) {
      if (!on_chain(isa)) continue;
      if (below >= 0) memcpy(&tables[isa], &tables[below], sizeof(trueno_kernels));
      install(&tables[isa], isa);
      below = isa;
    }
    atomic_store(&active, &tables[detected]);
    atomic_store_explicit(&initialized, 1, memory_order_release);
  }
  atomic_flag_clear_explicit(&init_lock, memory_order_release);
}

const trueno_kernels *trueno_k(void) {
  init();
  return atomic_load_explicit(&active, memory_order_acquire);
}

int trueno_isa_detected(void) {
  init();
  return detected;
}

int trueno_isa_active(void) {
  return (int)(trueno_k() - tables);
}

int trueno_set_isa(int isa) {
  init();
  if (isa < 0 || isa > detected || !on_chain(isa)) return TRUENO_EUNSUPPORTED;
  atomic_store(&active, &tables[isa]);
  return TRUENO_OK;
}

const char *trueno_isa_name(int isa) {
  static const char *const names[LEVELS] = {"scalar", "simd128", "neon", "avx2", "avx512"};
  return isa >= 0 && isa < LEVELS ? names[isa] : NULL;
}
