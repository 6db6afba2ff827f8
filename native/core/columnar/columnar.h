/*
 * Shared pieces of the columnar kernels (trueno.h, "columnar"): the comparison predicate of filters, the canonical
 * bits and hash of float64 keys, and the order-preserving transform of float64 values used by the sorts.
 *
 * Comparisons follow DuckDB: NaN equals NaN and is greater than every number; -0 equals +0. An integer column is
 * compared with a float64 value exactly (the value becomes an inclusive integer range, so no int64 is ever rounded).
 */
#ifndef TRUENO_COLUMNAR_H
#define TRUENO_COLUMNAR_H

#include "trueno.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Rows per block of the block-parallel kernels: a function of nothing but the constant, so bits never depend on the
 * thread count. */
#define COLUMNAR_BLOCK ((size_t)1 << 16)
/* Blocks a thread takes at least (waking a worker costs more than a few hundred KB of streaming). */
#define COLUMNAR_GRAIN 4

/* A predicate `x op value` compiled for one dtype. */
typedef struct {
  int dtype;
  int op;          /* float dtypes: the op (TRUENO_CMP_*) */
  double value;    /* float dtypes: the value */
  int64_t lo, hi;  /* integer dtypes: x passes when lo <= x <= hi, ... */
  int negate;      /* ... or outside that range when negate is 1 */
} columnar_pred;

/* Whether dtype is one a column may have here (float32/64, int32/64). */
static inline int columnar_value_dtype(int dtype) {
  return dtype == TRUENO_F64 || dtype == TRUENO_F32 || dtype == TRUENO_I32 || dtype == TRUENO_I64;
}

/* floor / ceil of v clamped to int64 (v not NaN). */
static inline int64_t columnar_clamp_i64(double v) {
  if (v >= 9223372036854775808.0) return INT64_MAX;
  if (v < -9223372036854775808.0) return INT64_MIN;
  return (int64_t)v;
}

/* Compiles `x op value`; EINVAL for an unknown op or dtype. */
static inline int columnar_pred_init(columnar_pred *p, int dtype, int op, double value) {
  if (!columnar_value_dtype(dtype) || op < 0 || op >= TRUENO_CMP_COUNT) return TRUENO_EINVAL;
  p->dtype = dtype;
  p->op = op;
  p->value = value;
  p->negate = 0;
  p->lo = INT64_MIN;
  p->hi = INT64_MAX;
  if (trueno_is_float(dtype)) return TRUENO_OK;
  const int64_t empty_lo = 1, empty_hi = 0;
  if (isnan(value)) { /* every integer is below NaN */
    const int below = op == TRUENO_CMP_LT || op == TRUENO_CMP_LE || op == TRUENO_CMP_NE;
    if (!below) p->lo = empty_lo, p->hi = empty_hi;
    return TRUENO_OK;
  }
  const double fl = floor(value), ce = ceil(value);
  switch (op) {
  case TRUENO_CMP_EQ:
  case TRUENO_CMP_NE:
    if (fl == value && value >= -9223372036854775808.0 && value < 9223372036854775808.0) p->lo = p->hi = (int64_t)value;
    else p->lo = empty_lo, p->hi = empty_hi;
    p->negate = op == TRUENO_CMP_NE;
    break;
  case TRUENO_CMP_LT: /* x < v  <=>  x <= ceil(v) - 1 */
    if (ce <= -9223372036854775808.0) p->lo = empty_lo, p->hi = empty_hi;
    else p->hi = ce > 9223372036854775807.0 ? INT64_MAX : columnar_clamp_i64(ce) - 1;
    break;
  case TRUENO_CMP_LE:
    if (fl < -9223372036854775808.0) p->lo = empty_lo, p->hi = empty_hi;
    else p->hi = columnar_clamp_i64(fl);
    break;
  case TRUENO_CMP_GT: /* x > v  <=>  x >= floor(v) + 1 */
    if (fl >= 9223372036854775807.0) p->lo = empty_lo, p->hi = empty_hi;
    else p->lo = fl < -9223372036854775808.0 ? INT64_MIN : columnar_clamp_i64(fl) + 1;
    break;
  default: /* GE */
    if (ce >= 9223372036854775808.0) p->lo = empty_lo, p->hi = empty_hi;
    else p->lo = columnar_clamp_i64(ce);
    break;
  }
  return TRUENO_OK;
}

/* `v op value` for a float column (v promoted to float64), NaN greatest and equal to NaN; 0 or 1, no branches. */
static inline int columnar_cmp_float(double v, int op, double value, int value_nan) {
  const int vn = v != v;
  switch (op) {
  case TRUENO_CMP_EQ: return value_nan ? vn : v == value;
  case TRUENO_CMP_NE: return value_nan ? !vn : !(v == value);
  case TRUENO_CMP_LT: return value_nan ? !vn : v < value;
  case TRUENO_CMP_LE: return value_nan ? 1 : v <= value;
  case TRUENO_CMP_GT: return value_nan ? 0 : (v > value) | vn;
  default: return value_nan ? vn : (v >= value) | vn;
  }
}

/* The canonical bits of a float64 key: -0 as +0 and every NaN as one NaN, so equal keys have equal bits. */
static inline uint64_t columnar_key_bits(double v) {
  uint64_t b;
  memcpy(&b, &v, sizeof b);
  if ((b << 1) == 0) b = 0;
  if (v != v) b = UINT64_C(0x7ff8000000000000);
  return b;
}

/* A strong 64-bit finalizer (murmur3's fmix64): every input bit affects every output bit. */
static inline uint64_t columnar_mix(uint64_t h) {
  h ^= h >> 33;
  h *= UINT64_C(0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= UINT64_C(0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

/* The hash of row i of m column-major keys (n rows a column). */
static inline uint64_t columnar_hash_row(const double *keys, size_t n, size_t m, size_t i) {
  uint64_t h = UINT64_C(0x9E3779B97F4A7C15);
  for (size_t j = 0; j < m; j++) h = columnar_mix(h ^ columnar_key_bits(keys[j * n + i]));
  return h;
}

/* Whether row a of keys_a (na rows) and row b of keys_b (nb rows) hold equal keys (canonical bits). */
static inline int columnar_rows_equal(const double *keys_a, size_t na, size_t a, const double *keys_b, size_t nb,
                                      size_t b, size_t m) {
  for (size_t j = 0; j < m; j++)
    if (columnar_key_bits(keys_a[j * na + a]) != columnar_key_bits(keys_b[j * nb + b])) return 0;
  return 1;
}

/*
 * The ascending order of float64 values as unsigned integers: -0 and +0 map to one key, NaN (any) to the largest
 * key, and otherwise a < b  <=>  key(a) < key(b).
 */
static inline uint64_t columnar_order_key(double v) {
  const uint64_t b = columnar_key_bits(v);
  return (b >> 63) ? ~b : b | UINT64_C(0x8000000000000000);
}

/*
 * mask[i] = (x[i] pred) & valid[i], or mask[i] &= that when and_mask is nonzero, for rows i in [b, e) (filter.c;
 * valid may be NULL). Branch-free per (dtype, op), so it vectorises.
 */
void columnar_filter_rows(const columnar_pred *p, const void *x, const uint8_t *valid, int and_mask, uint8_t *mask,
                          size_t b, size_t e);

#define COLUMNAR_EMPTY_SLOT 0
/* An open-addressing hash table of group ids (hash_group.c): slot = hash tag (high 32 bits) << 32 | id + 1. */
typedef struct {
  uint64_t *slots;
  size_t mask; /* capacity - 1, a power of two minus one */
  size_t count;
} columnar_table;

/*
 * The group id of row i of keys (n rows a column) with hash h, found by comparing with rep_keys' (rep_n rows) row
 * rep[id] of each candidate; -1 when absent.
 */
static inline int64_t columnar_table_find(const columnar_table *t, uint64_t h, const double *keys, size_t n, size_t m, size_t i,
                                 const double *rep_keys, size_t rep_n, const int32_t *rep) {
  const uint64_t tag = h >> 32;
  size_t at = (size_t)h & t->mask;
  for (;;) {
    const uint64_t e = t->slots[at];
    if (e == COLUMNAR_EMPTY_SLOT) return -1;
    if ((e >> 32) == tag) {
      const uint32_t id = (uint32_t)e - 1;
      if (columnar_rows_equal(keys, n, i, rep_keys, rep_n, (size_t)rep[id], m)) return id;
    }
    at = (at + 1) & t->mask;
  }
}

int columnar_table_init(columnar_table *t, size_t want);
void columnar_table_free(columnar_table *t);
/*
 * Groups n rows by their m keys (rows with valid[i] == 0 get group -1), ids in order of first occurrence:
 * groups[i], first_row[g] for g < *n_groups. With keep non-NULL the final table and each group's hash and (m == 1)
 * canonical key bits (*keep_info, malloc'd) are handed to the caller, who frees both.
 */
typedef struct {
  uint64_t hash, key;
} columnar_group_info;
int columnar_group(size_t n, size_t m, const double *keys, const uint8_t *valid, int32_t *groups, int32_t *first_row,
                   size_t *n_groups, columnar_table *keep, columnar_group_info **keep_info);

/*
 * Stable LSD radix sort of n (key, idx) pairs by key ascending (sort.c), in place; key_tmp / idx_tmp are n-entry
 * scratch. ENOMEM when the per-block histograms cannot be allocated (the pairs are then unchanged).
 */
int columnar_radix_sort(size_t n, uint64_t *key, int32_t *idx, uint64_t *key_tmp, int32_t *idx_tmp);

/*
 * Ungrouped filtered float64 sum (simd_x86.c): adds x[r] where p[r] op c holds (p NULL: every row) into lanes[r % 8]
 * for the first len - len % 8 rows, the count of rows added to *count; returns the rows done (0 where no SIMD loop
 * exists: the caller's portable loop does the rest, with the same bits).
 */
size_t columnar_fused_sum(double *lanes, int64_t *count, const double *x, const double *p, int op, double c,
                          size_t len);
/*
 * The float64 filter over the first len - len % 8 rows (simd_x86.c): mask[r] = (x[r] op c) [& valid[r] != 0]
 * [& mask[r] != 0]; returns the rows done (0 where no SIMD loop exists).
 */
size_t columnar_filter_f64(const double *x, int op, double c, const uint8_t *valid, int and_mask, uint8_t *mask,
                           size_t len);

/*
 * The leading rows of x, a multiple of 8, of which none beats t in top-k order (simd_x86.c; 0 where no SIMD loop
 * exists): desc, none greater than t or NaN; asc, none less than t (t NaN: none that is a number).
 */
size_t columnar_skip_worse(const double *x, size_t len, double t, int desc);

/* Product of two sizes, or SIZE_MAX on overflow. */
static inline size_t columnar_mul(size_t a, size_t b) { return a != 0 && b > SIZE_MAX / a ? SIZE_MAX : a * b; }

#endif
