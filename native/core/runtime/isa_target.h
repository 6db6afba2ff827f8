/*
 * Compiles the functions between TRUENO_TARGET_BEGIN_xxx and TRUENO_TARGET_END for one instruction set, so that
 * every core source builds with the same flags (one source list for node-gyp, CMake and WASM) and the ISA is
 * chosen at run time by runtime/dispatch.c. Include the intrinsics headers *before* the BEGIN macro.
 */
#ifndef TRUENO_ISA_TARGET_H
#define TRUENO_ISA_TARGET_H

#if defined(__x86_64__) || defined(_M_X64)
#define TRUENO_X86_64 1
#endif
#if defined(__aarch64__) || defined(_M_ARM64)
#define TRUENO_ARM64 1
#endif
#if defined(__wasm_simd128__)
#define TRUENO_WASM_SIMD 1
#endif

#if defined(__clang__)
#define TRUENO_TARGET_BEGIN(features) \
  _Pragma(TRUENO_STR(clang attribute push(__attribute__((target(features))), apply_to = function)))
#define TRUENO_TARGET_END _Pragma("clang attribute pop")
#elif defined(__GNUC__)
#define TRUENO_TARGET_BEGIN(features) _Pragma("GCC push_options") _Pragma(TRUENO_STR(GCC target(features)))
#define TRUENO_TARGET_END _Pragma("GCC pop_options")
#else /* MSVC compiles intrinsics of any ISA without per-function flags */
#define TRUENO_TARGET_BEGIN(features)
#define TRUENO_TARGET_END
#endif
#define TRUENO_STR(x) #x

#define TRUENO_TARGET_BEGIN_AVX2 TRUENO_TARGET_BEGIN("avx2,fma")
#define TRUENO_TARGET_BEGIN_AVX512 TRUENO_TARGET_BEGIN("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma")

#endif
