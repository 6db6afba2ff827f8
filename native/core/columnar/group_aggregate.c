/*
 * trueno_group_aggregate: count, sum, min, max or M2 per group in one pass over the rows (keys, values, validity,
 * mask and a fused predicate are each read once).
 *
 * The rows are cut into blocks of B rows (B depends on the group count only: see trueno.h); each block aggregates
 * into its own partial slots (count and accumulator per group) and the partials fold in block order, so float sums
 * have the same bits for every thread count and the JS reference can repeat them. Within a block, rows go a chunk at
 * a time: the chunk's selection (mask & valid & predicate) is built into a byte buffer by branch-free loops, integer
 * and float32 values are widened into a buffer, and then one tight loop per aggregate adds them up. Without groups
 * the sum runs in 8 interleaved lanes (row r of a block into lane r % 8), which the compiler keeps in vector
 * registers: a memory-bound pass.
 */
#include "columnar/columnar.h"
#include "runtime/threadpool.h"

#include <stdlib.h>

/* Rows per chunk: the selection and widened values stay in L1. A multiple of 8 (the lanes). */
#define CHUNK 2048

typedef struct {
  size_t n, ng, block, nblocks;
  const int32_t *groups;
  int64_t base;
  int x_dtype;
  const void *x;
  const uint8_t *valid, *mask;
  columnar_pred pred;
  const void *pred_x;
  int op;
  const double *mean;
  int int_acc;     /* partial accumulators are int64 (integer x, except M2) */
  int64_t *pcount; /* nblocks x ng */
  void *pacc;      /* nblocks x ng, double or int64 */
  uint8_t *bad;    /* per block: 1 = a group out of range, 2 = an int64 overflow */
} agg_job;

/* v when keep is 1, else -0 (the exact additive identity), without a branch (selections are unpredictable). */
static inline double pick(double v, uint8_t keep) {
  uint64_t b;
  memcpy(&b, &v, sizeof b);
  const uint64_t m = (uint64_t)0 - (uint64_t)keep;
  b = (b & m) | (UINT64_C(0x8000000000000000) & ~m);
  memcpy(&v, &b, sizeof v);
  return v;
}

/* Lane fold of the ungrouped float sum: ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)). */
static double fold_lanes(const double *l) {
  return ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7]));
}

/* Ungrouped float sum of len rows into lanes l (row r into lane r % 8; len starts at a multiple of 8). */
static void sum_lanes(double *restrict l, const double *restrict x, const uint8_t *restrict sel, size_t len) {
  double a0 = l[0], a1 = l[1], a2 = l[2], a3 = l[3], a4 = l[4], a5 = l[5], a6 = l[6], a7 = l[7];
  size_t r = 0;
  if (sel) {
#define PICK(k) pick(x[r + k], sel[r + k])
    for (; r + 8 <= len; r += 8) {
      a0 += PICK(0); a1 += PICK(1); a2 += PICK(2); a3 += PICK(3);
      a4 += PICK(4); a5 += PICK(5); a6 += PICK(6); a7 += PICK(7);
    }
#undef PICK
  } else {
    for (; r + 8 <= len; r += 8) {
      a0 += x[r]; a1 += x[r + 1]; a2 += x[r + 2]; a3 += x[r + 3];
      a4 += x[r + 4]; a5 += x[r + 5]; a6 += x[r + 6]; a7 += x[r + 7];
    }
  }
  l[0] = a0, l[1] = a1, l[2] = a2, l[3] = a3, l[4] = a4, l[5] = a5, l[6] = a6, l[7] = a7;
  for (; r < len; r++) l[r & 7] += sel ? pick(x[r], sel[r]) : x[r];
}

/* Ungrouped M2 (sum of (x - mu)^2) in the same lanes. */
static void m2_lanes(double *restrict l, const double *restrict x, const uint8_t *restrict sel, size_t len, double mu) {
  for (size_t r = 0; r < len; r++) {
    const double d = x[r] - mu;
    l[r & 7] += sel ? pick(d * d, sel[r]) : d * d;
  }
}

static size_t count_sel(const uint8_t *sel, size_t len) {
  size_t c = 0;
  for (size_t r = 0; r < len; r++) c += sel[r];
  return c;
}

/* Whether candidate v beats the current extreme cur (NaN greatest; equal values keep the first). */
static inline int float_better(double v, double cur, int is_max) {
  return is_max ? (v > cur) | ((v != v) & (cur == cur)) : (v < cur) | ((cur != cur) & (v == v));
}

/* Widens rows [i0, i0 + len) of x to float64 (or returns x itself when it is float64). */
static const double *as_f64(const agg_job *j, size_t i0, size_t len, double *buf) {
  switch (j->x_dtype) {
  case TRUENO_F64: return (const double *)j->x + i0;
  case TRUENO_F32: {
    const float *x = (const float *)j->x + i0;
    for (size_t r = 0; r < len; r++) buf[r] = (double)x[r];
    return buf;
  }
  case TRUENO_I32: {
    const int32_t *x = (const int32_t *)j->x + i0;
    for (size_t r = 0; r < len; r++) buf[r] = (double)x[r];
    return buf;
  }
  default: {
    const int64_t *x = (const int64_t *)j->x + i0;
    for (size_t r = 0; r < len; r++) buf[r] = (double)x[r];
    return buf;
  }
  }
}

/* Widens rows of an integer x to int64. */
static const int64_t *as_i64(const agg_job *j, size_t i0, size_t len, int64_t *buf) {
  if (j->x_dtype == TRUENO_I64) return (const int64_t *)j->x + i0;
  const int32_t *x = (const int32_t *)j->x + i0;
  for (size_t r = 0; r < len; r++) buf[r] = x[r];
  return buf;
}

/* The selection of rows [i0, i0 + len) into sel, or NULL when every row counts. */
static const uint8_t *selection(const agg_job *j, size_t i0, size_t len, uint8_t *sel) {
  int have = 0;
  if (j->mask) {
    for (size_t r = 0; r < len; r++) sel[r] = j->mask[i0 + r] != 0;
    have = 1;
  }
  if (j->valid) {
    if (have) for (size_t r = 0; r < len; r++) sel[r] &= (uint8_t)(j->valid[i0 + r] != 0);
    else for (size_t r = 0; r < len; r++) sel[r] = j->valid[i0 + r] != 0;
    have = 1;
  }
  if (j->pred_x) {
    const size_t es = trueno_dtype_size(j->pred.dtype);
    columnar_filter_rows(&j->pred, (const char *)j->pred_x + i0 * es, NULL, have, sel, 0, len);
    have = 1;
  }
  return have ? sel : NULL;
}

/* Group ids of rows [i0, i0 + len) as offsets from 0, checked against [0, ng); 0 when one is out of range. */
static int group_ids(const agg_job *j, size_t i0, size_t len, uint32_t *gid) {
  const int32_t *g = j->groups + i0;
  const int64_t base = j->base;
  const uint64_t ng = j->ng;
  uint64_t worst = 0;
  for (size_t r = 0; r < len; r++) {
    const uint64_t v = (uint64_t)((int64_t)g[r] - base); /* negative wraps above any ng */
    worst = v > worst ? v : worst;
    gid[r] = (uint32_t)v;
  }
  return worst < ng;
}

/* The starting value of an extreme: one every value beats or equals (min: NaN, the greatest; max: -Inf). */
static double float_extreme_start(int is_max) { return is_max ? -INFINITY : NAN; }

/* One block's partial slots and the state of its lane sums. */
typedef struct {
  int64_t *cnt;
  double *facc;
  int64_t *iacc;
  double lanes[8];
  uint8_t *sel_buf;
  double *fbuf;
  int64_t *ibuf;
  uint32_t *gid;
} block_state;

/* Aggregates rows [i0, i0 + len) (len <= CHUNK, i0 at a multiple of 8 from the block start) the general way; 0, or
 * the bad flag. */
static int agg_rows(const agg_job *j, block_state *st, size_t i0, size_t len) {
  const int op = j->op, is_max = op == TRUENO_AGG_MAX, extreme = op == TRUENO_AGG_MIN || is_max;
  const int grouped = j->groups != NULL, lane_sum = !grouped && st->facc && !extreme;
  int64_t *cnt = st->cnt, *iacc = st->iacc;
  double *facc = st->facc;
  const uint32_t *gid = st->gid;
  const uint8_t *sel = selection(j, i0, len, st->sel_buf);
  if (grouped && !group_ids(j, i0, len, st->gid)) return 1;
  if (grouped) {
    if (sel) for (size_t r = 0; r < len; r++) cnt[gid[r]] += sel[r];
    else for (size_t r = 0; r < len; r++) cnt[gid[r]]++;
  } else {
    cnt[0] += (int64_t)(sel ? count_sel(sel, len) : len);
  }
  if (!j->x) return 0;
  if (lane_sum) {
    const double *x = as_f64(j, i0, len, st->fbuf);
    if (op == TRUENO_AGG_SUM) sum_lanes(st->lanes, x, sel, len);
    else m2_lanes(st->lanes, x, sel, len, j->mean[0]);
    return 0;
  }
  if (facc) { /* grouped float sums and M2, and float extremes */
    const double *x = as_f64(j, i0, len, st->fbuf);
    if (op == TRUENO_AGG_SUM) {
      if (sel) for (size_t r = 0; r < len; r++) facc[gid[r]] += pick(x[r], sel[r]);
      else for (size_t r = 0; r < len; r++) facc[gid[r]] += x[r];
    } else if (op == TRUENO_AGG_M2) {
      for (size_t r = 0; r < len; r++) {
        const uint32_t g = gid[r];
        const double d = x[r] - j->mean[g];
        facc[g] += sel ? pick(d * d, sel[r]) : d * d;
      }
    } else {
      for (size_t r = 0; r < len; r++) {
        const uint32_t g = gid[r];
        if ((!sel || sel[r]) && float_better(x[r], facc[g], is_max)) facc[g] = x[r];
      }
    }
    return 0;
  }
  const int64_t *x = as_i64(j, i0, len, st->ibuf); /* integer x: exact int64 sums and extremes */
  if (op == TRUENO_AGG_SUM) {
    int over = 0;
    for (size_t r = 0; r < len; r++) over |= __builtin_add_overflow(iacc[gid[r]], (!sel || sel[r]) ? x[r] : 0, &iacc[gid[r]]);
    return over ? 2 : 0;
  }
  for (size_t r = 0; r < len; r++) {
    const uint32_t g = gid[r];
    const int64_t v = x[r], cur = iacc[g];
    if ((!sel || sel[r]) && (is_max ? v > cur : v < cur)) iacc[g] = v;
  }
  return 0;
}

/* Grouped float64 sum with nothing to check but the group range (Q1): one loop; 0 or 1 (a group out of range). */
static int grouped_sum(const agg_job *j, block_state *st, size_t i0, size_t len) {
  const int32_t *g = j->groups + i0;
  const double *x = (const double *)j->x + i0;
  const int64_t base = j->base;
  const uint64_t ng = j->ng;
  int64_t *restrict cnt = st->cnt;
  double *restrict facc = st->facc;
  for (size_t r = 0; r < len; r++) {
    const uint64_t k = (uint64_t)((int64_t)g[r] - base);
    if (k >= ng) return 1;
    cnt[k]++;
    facc[k] += x[r];
  }
  return 0;
}

/* Aggregates block b into its partial slots. */
static void agg_block(agg_job *j, size_t b, block_state *st) {
  const size_t ng = j->ng, at = b * j->block, end = at + j->block < j->n ? at + j->block : j->n;
  st->cnt = j->pcount + b * ng;
  st->facc = j->x && !j->int_acc ? (double *)j->pacc + b * ng : NULL;
  st->iacc = j->x && j->int_acc ? (int64_t *)j->pacc + b * ng : NULL;
  const int op = j->op, is_max = op == TRUENO_AGG_MAX, extreme = op == TRUENO_AGG_MIN || is_max;
  for (size_t g = 0; g < ng; g++) st->cnt[g] = 0;
  if (j->x) {
    const double fstart = extreme ? float_extreme_start(is_max) : -0.0;
    const int64_t istart = extreme ? (is_max ? INT64_MIN : INT64_MAX) : 0;
    if (st->facc) for (size_t g = 0; g < ng; g++) st->facc[g] = fstart;
    else for (size_t g = 0; g < ng; g++) st->iacc[g] = istart;
  }
  for (int k = 0; k < 8; k++) st->lanes[k] = -0.0;
  const int grouped = j->groups != NULL, lane_sum = !grouped && st->facc && !extreme;
  const int plain = st->facc && op == TRUENO_AGG_SUM && j->x_dtype == TRUENO_F64 && !j->mask && !j->valid;
  const int fast_ungrouped = plain && !grouped && (!j->pred_x || j->pred.dtype == TRUENO_F64);
  const int fast_grouped = plain && grouped && !j->pred_x;
  if (!grouped) for (size_t r = 0; r < CHUNK; r++) st->gid[r] = 0;
  for (size_t i0 = at; i0 < end; i0 += CHUNK) {
    size_t len = end - i0 < CHUNK ? end - i0 : CHUNK, from = i0;
    int bad = 0;
    if (fast_grouped) {
      bad = grouped_sum(j, st, i0, len);
      len = 0;
    } else if (fast_ungrouped) {
      int64_t kept = 0;
      const size_t done = columnar_fused_sum(st->lanes, &kept, (const double *)j->x + i0,
                                             j->pred_x ? (const double *)j->pred_x + i0 : NULL, j->pred.op,
                                             j->pred.value, len);
      st->cnt[0] += kept;
      from += done;
      len -= done;
    }
    if (!bad && len > 0) bad = agg_rows(j, st, from, len);
    if (bad) {
      j->bad[b] = (uint8_t)bad;
      return;
    }
  }
  if (lane_sum) st->facc[0] = fold_lanes(st->lanes);
}

static void agg_range(void *ctx, size_t begin, size_t end) {
  agg_job *j = ctx;
  uint8_t sel[CHUNK];
  double fbuf[CHUNK];
  int64_t ibuf[CHUNK];
  uint32_t gid[CHUNK];
  block_state st = {.sel_buf = sel, .fbuf = fbuf, .ibuf = ibuf, .gid = gid};
  for (size_t b = begin; b < end; b++) agg_block(j, b, &st);
}

/* Folds the block partials in block order and writes count / acc; EINVAL on an int64 overflow. */
static int fold_partials(const agg_job *j, double *count, int acc_dtype, void *acc) {
  const size_t ng = j->ng, nb = j->nblocks;
  const int op = j->op, is_max = op == TRUENO_AGG_MAX, extreme = op == TRUENO_AGG_MIN || is_max;
  /* block 0's slots become the totals (scratch: the caller's outputs stay untouched until all is known) */
  int64_t *tc = j->pcount;
  for (size_t b = 1; b < nb; b++) {
    const int64_t *c = j->pcount + b * ng;
    if (j->x && !j->int_acc) {
      double *t = j->pacc;
      const double *p = (const double *)j->pacc + b * ng;
      if (extreme) {
        for (size_t g = 0; g < ng; g++)
          if (c[g] > 0 && (tc[g] == 0 || float_better(p[g], t[g], is_max))) t[g] = p[g];
      } else {
        for (size_t g = 0; g < ng; g++) t[g] += p[g];
      }
    } else if (j->x) {
      int64_t *t = j->pacc;
      const int64_t *p = (const int64_t *)j->pacc + b * ng;
      int over = 0;
      if (extreme) {
        for (size_t g = 0; g < ng; g++)
          if (c[g] > 0 && (tc[g] == 0 || (is_max ? p[g] > t[g] : p[g] < t[g]))) t[g] = p[g];
      } else {
        for (size_t g = 0; g < ng; g++) over |= __builtin_add_overflow(t[g], p[g], &t[g]);
      }
      if (over) return TRUENO_EINVAL;
    }
    for (size_t g = 0; g < ng; g++) tc[g] += c[g];
  }
  for (size_t g = 0; g < ng; g++) count[g] += (double)tc[g];
  if (!j->x) return TRUENO_OK;
  if (!j->int_acc) {
    const double *t = j->pacc;
    double *out = acc;
    for (size_t g = 0; g < ng; g++) out[g] = tc[g] == 0 ? (extreme ? NAN : 0.0) : t[g];
  } else if (acc_dtype == TRUENO_I64) {
    const int64_t *t = j->pacc;
    int64_t *out = acc;
    for (size_t g = 0; g < ng; g++) out[g] = tc[g] == 0 ? 0 : t[g];
  } else {
    const int64_t *t = j->pacc;
    double *out = acc;
    for (size_t g = 0; g < ng; g++) out[g] = tc[g] == 0 ? NAN : (double)t[g];
  }
  return TRUENO_OK;
}

/* The block length for ng groups (trueno.h): max(65536, 8 * 2^ceil(log2(ng))). */
static size_t block_rows(size_t ng) {
  size_t p = 1;
  while (p < ng) p <<= 1;
  return 8 * p > COLUMNAR_BLOCK ? 8 * p : COLUMNAR_BLOCK;
}

int trueno_group_aggregate(size_t n, const int32_t *groups, int64_t base, size_t n_groups, int x_dtype, const void *x,
                           const uint8_t *valid, const uint8_t *mask, int pred_dtype, const void *pred, int pred_op,
                           double pred_value, int op, const double *mean, double *count, int acc_dtype, void *acc) {
  agg_job j = {0};
  if (op < 0 || op >= TRUENO_AGG_COUNT || n_groups > ((size_t)1 << 31)) return TRUENO_EINVAL;
  if (pred && columnar_pred_init(&j.pred, pred_dtype, pred_op, pred_value) != TRUENO_OK) return TRUENO_EINVAL;
  if (acc) { /* values are aggregated (else rows are only counted) */
    if (!columnar_value_dtype(x_dtype) || (n > 0 && !x)) return TRUENO_EINVAL;
    const int int_x = !trueno_is_float(x_dtype);
    if (op == TRUENO_AGG_SUM && acc_dtype != (int_x ? TRUENO_I64 : TRUENO_F64)) return TRUENO_EINVAL;
    if ((op == TRUENO_AGG_MIN || op == TRUENO_AGG_MAX) && acc_dtype != TRUENO_F64 && !(int_x && acc_dtype == TRUENO_I64))
      return TRUENO_EINVAL;
    if (op == TRUENO_AGG_M2 && (acc_dtype != TRUENO_F64 || (n_groups > 0 && !mean))) return TRUENO_EINVAL;
    j.int_acc = int_x && op != TRUENO_AGG_M2;
  }
  if (n_groups > 0 && !count) return TRUENO_EINVAL;
  if (n == 0) { /* nothing counted: counts unchanged, accumulators of empty groups */
    if (acc) {
      for (size_t g = 0; g < n_groups; g++) {
        if (acc_dtype == TRUENO_I64) ((int64_t *)acc)[g] = 0;
        else ((double *)acc)[g] = op == TRUENO_AGG_MIN || op == TRUENO_AGG_MAX ? NAN : 0.0;
      }
    }
    return TRUENO_OK;
  }
  if (n_groups == 0) return TRUENO_EINVAL; /* a row has no group to go to */
  j.n = n;
  j.ng = n_groups;
  j.block = block_rows(n_groups);
  j.nblocks = (n + j.block - 1) / j.block;
  j.groups = groups;
  j.base = base;
  j.x_dtype = x_dtype;
  j.x = acc ? x : NULL;
  j.valid = valid;
  j.mask = mask;
  j.pred_x = pred;
  j.op = op;
  j.mean = mean;
  const size_t slots = columnar_mul(j.nblocks, n_groups);
  if (slots == SIZE_MAX || slots > SIZE_MAX / 16) return TRUENO_ENOMEM;
  j.pcount = malloc(slots * sizeof(int64_t));
  j.pacc = j.x ? malloc(slots * 8) : NULL;
  j.bad = calloc(j.nblocks, 1);
  int status = TRUENO_OK;
  if (!j.pcount || (j.x && !j.pacc) || !j.bad) status = TRUENO_ENOMEM;
  if (status == TRUENO_OK) {
    trueno_parallel_for(j.nblocks, j.block >= (COLUMNAR_BLOCK * COLUMNAR_GRAIN) ? 1 : COLUMNAR_GRAIN, 1, agg_range, &j);
    for (size_t b = 0; b < j.nblocks; b++)
      if (j.bad[b]) status = TRUENO_EINVAL;
    if (status == TRUENO_OK) status = fold_partials(&j, count, acc_dtype, acc);
  }
  free(j.pcount);
  free(j.pacc);
  free(j.bad);
  return status;
}
