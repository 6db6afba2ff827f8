/*
 * A tiny assertion harness for the C unit tests of native/core (run by ctest, under valgrind and ASan in CI).
 * FOR_EACH_CONFIG runs a block at every ISA level this CPU supports and with 1 and 2 threads.
 */
#ifndef TRUENO_TEST_CHECK_H
#define TRUENO_TEST_CHECK_H

#include "trueno.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int check_failures = 0;
static int check_count = 0;

#define CHECK(cond, ...)                                                   \
  do {                                                                     \
    check_count++;                                                         \
    if (!(cond)) {                                                         \
      check_failures++;                                                    \
      fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                        \
      fprintf(stderr, " [isa=%s threads=%d]\n", trueno_isa_name(trueno_isa_active()), trueno_threads()); \
    }                                                                      \
  } while (0)

/* |got - want| <= atol + rtol*|want|, with NaN matching NaN and infinities matching exactly. */
static inline int check_close(double got, double want, double rtol, double atol) {
  if (isnan(want)) return isnan(got);
  if (isinf(want)) return got == want;
  return fabs(got - want) <= atol + rtol * fabs(want);
}

#define FOR_EACH_CONFIG(body)                                              \
  do {                                                                     \
    for (int isa_ = 0; isa_ <= trueno_isa_detected(); isa_++) {            \
      if (trueno_set_isa(isa_) != TRUENO_OK) continue;                     \
      for (int threads_ = 1; threads_ <= 2; threads_++) {                  \
        trueno_set_threads(threads_);                                      \
        body                                                               \
      }                                                                    \
    }                                                                      \
    trueno_set_isa(trueno_isa_detected());                                 \
  } while (0)

/* Deterministic pseudo-random values in [-1, 1) (the WORKLOADS generator's hash). */
static inline unsigned int check_lowbias32(unsigned int x) {
  x ^= x >> 16; x *= 0x7feb352dU; x ^= x >> 15; x *= 0x846ca68bU; x ^= x >> 16;
  return x;
}
static inline double check_sym(unsigned int seed, unsigned int i) {
  unsigned int key = check_lowbias32(seed ^ 0x9E3779B9U);
  return 2.0 * ((check_lowbias32(check_lowbias32(i) ^ key) >> 8) / 16777216.0) - 1.0;
}

static inline int check_report(const char *name) {
  printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
  return check_failures ? 1 : 0;
}

#endif
