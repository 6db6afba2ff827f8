/*
 * trueno_filter_compare: one streaming pass over a column writing a 0/1 byte mask. Each (dtype, op) pair has its own
 * branch-free loop (the predicate is loop-invariant), so the compiler vectorises it; blocks of rows run in parallel
 * (every row is independent, so the result never depends on the split).
 */
#include "columnar/columnar.h"
#include "runtime/threadpool.h"

typedef struct {
  const void *x;
  const uint8_t *valid;
  uint8_t *mask;
  columnar_pred pred;
  int and_mask;
} filter_job;

/*
 * The loop over rows [b, e) for one float op: r = test(v), stored or and-ed, zeroed by validity. The two options are
 * hoisted out of the loop (four copies), so each loop is a straight compare-and-store the compiler vectorises.
 */
#define ROW_LOOP(load, test)                                                                    \
  do {                                                                                          \
    if (!valid && !and_mask) {                                                                  \
      for (size_t i = b; i < e; i++) { load; mask[i] = (uint8_t)(test); }                       \
    } else if (!valid) {                                                                        \
      for (size_t i = b; i < e; i++) { load; mask[i] = (uint8_t)((test) & (mask[i] != 0)); }    \
    } else if (!and_mask) {                                                                     \
      for (size_t i = b; i < e; i++) { load; mask[i] = (uint8_t)((test) & (valid[i] != 0)); }   \
    } else {                                                                                    \
      for (size_t i = b; i < e; i++) {                                                          \
        load;                                                                                   \
        mask[i] = (uint8_t)((test) & (valid[i] != 0) & (mask[i] != 0));                         \
      }                                                                                         \
    }                                                                                           \
  } while (0)

#define FLOAT_LOOP(type, test) ROW_LOOP(const double v = (double)((const type *)j->x)[i], test)

#define FLOAT_OPS(type)                                                                         \
  do {                                                                                          \
    const double c = j->pred.value;                                                             \
    if (c != c) {                                                                               \
      switch (j->pred.op) {                                                                     \
      case TRUENO_CMP_EQ: case TRUENO_CMP_GE: FLOAT_LOOP(type, v != v); break;                  \
      case TRUENO_CMP_NE: case TRUENO_CMP_LT: FLOAT_LOOP(type, v == v); break;                  \
      case TRUENO_CMP_LE: FLOAT_LOOP(type, (v == v) | 1); break;                                         \
      default: FLOAT_LOOP(type, (v != v) & 0); break;                                                    \
      }                                                                                         \
    } else {                                                                                    \
      switch (j->pred.op) {                                                                     \
      case TRUENO_CMP_EQ: FLOAT_LOOP(type, v == c); break;                                      \
      case TRUENO_CMP_NE: FLOAT_LOOP(type, !(v == c)); break;                                   \
      case TRUENO_CMP_LT: FLOAT_LOOP(type, v < c); break;                                       \
      case TRUENO_CMP_LE: FLOAT_LOOP(type, v <= c); break;                                      \
      case TRUENO_CMP_GT: FLOAT_LOOP(type, (v > c) | (v != v)); break;                          \
      default: FLOAT_LOOP(type, (v >= c) | (v != v)); break;                                    \
      }                                                                                         \
    }                                                                                           \
  } while (0)

/* Integer columns: lo <= x <= hi (or outside it), in the column's own width where the range fits it. */
#define INT_LOOP(type, lo, hi, neg) ROW_LOOP(const type v = ((const type *)j->x)[i], ((v >= (lo)) & (v <= (hi))) ^ (neg))

void columnar_filter_rows(const columnar_pred *p, const void *x, const uint8_t *valid, int and_mask, uint8_t *mask,
                          size_t b, size_t e) {
  const filter_job job = {x, valid, mask, *p, and_mask}, *j = &job;
  if (p->dtype == TRUENO_F64) /* the SIMD loop takes what it can, the loops below the rest */
    b += columnar_filter_f64((const double *)x + b, p->op, p->value, valid ? valid + b : NULL, and_mask, mask + b, e - b);
  switch (j->pred.dtype) {
  case TRUENO_F64: FLOAT_OPS(double); break;
  case TRUENO_F32: FLOAT_OPS(float); break;
  case TRUENO_I32: {
    /* The range clamped to int32 (an empty range stays empty: lo > hi survives the clamp). */
    const int64_t lo64 = j->pred.lo, hi64 = j->pred.hi;
    const int empty = lo64 > hi64 || lo64 > INT32_MAX || hi64 < INT32_MIN;
    const int32_t lo = empty ? 1 : (int32_t)(lo64 < INT32_MIN ? INT32_MIN : lo64);
    const int32_t hi = empty ? 0 : (int32_t)(hi64 > INT32_MAX ? INT32_MAX : hi64);
    const int neg = j->pred.negate;
    INT_LOOP(int32_t, lo, hi, neg);
    break;
  }
  default: {
    const int64_t lo = j->pred.lo, hi = j->pred.hi;
    const int neg = j->pred.negate;
    INT_LOOP(int64_t, lo, hi, neg);
    break;
  }
  }
}

static void filter_range(void *ctx, size_t b, size_t e) {
  const filter_job *j = ctx;
  columnar_filter_rows(&j->pred, j->x, j->valid, j->and_mask, j->mask, b, e);
}

int trueno_filter_compare(size_t n, int dtype, const void *x, int op, double value, const uint8_t *valid, int and_mask,
                          uint8_t *mask) {
  filter_job j = {x, valid, mask, {0}, and_mask != 0};
  if (columnar_pred_init(&j.pred, dtype, op, value) != TRUENO_OK) return TRUENO_EINVAL;
  if (n == 0) return TRUENO_OK;
  if (!x || !mask) return TRUENO_EINVAL;
  trueno_parallel_for(n, COLUMNAR_BLOCK * COLUMNAR_GRAIN, 64, filter_range, &j);
  return TRUENO_OK;
}
