/*
 * The columnar kernels of trueno-db (trueno.h "columnar") at every ISA level with 1 and 2 threads, against direct
 * computations here: filters on every dtype and op (NaN greatest and equal to NaN, -0 = +0, exact int64), grouped and
 * ungrouped aggregation (same bits across thread counts; exact integer sums, overflow and bad groups refused with
 * outputs untouched), hash grouping and joins (first-occurrence ids, probe-then-build pair order, partial output),
 * top-k and the stable multi-key sort, over more than one block of rows, plus EINVAL cases.
 */
#include "check.h"

#include <stdint.h>
#include <string.h>

#define N 150001 /* more than two blocks of 65536 rows */

static double value_at(unsigned seed, unsigned i, int distinct) {
  if (i % 17 == 3) return NAN;
  if (i % 23 == 5) return -0.0;
  const double u = check_sym(seed, i);
  return distinct ? floor((u + 1) / 2 * distinct) : u * 1000;
}

/* Ascending order with NaN last and -0 = +0: -1, 0, 1. */
static int cmp_values(double a, double b) {
  if (isnan(a)) return isnan(b) ? 0 : 1;
  if (isnan(b)) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

static int same_key(double a, double b) { return cmp_values(a, b) == 0; }

static double *xs;
static uint8_t *valid, *mask, *want_mask;

static void check_filter(void) {
  int32_t *x32 = malloc(N * sizeof(int32_t));
  int64_t *x64 = malloc(N * sizeof(int64_t));
  for (unsigned i = 0; i < N; i++) {
    x32[i] = isnan(xs[i]) ? 0 : (int32_t)xs[i];
    x64[i] = (int64_t)x32[i] * INT64_C(3000000001);
  }
  const double cvals[] = {0, 3, 2.5, NAN, -1e300, 9.3e18};
  for (int op = 0; op < TRUENO_CMP_COUNT; op++) {
    for (int c = 0; c < 6; c++) {
      const double v = cvals[c];
      for (int and_mode = 0; and_mode < 2; and_mode++) {
        memset(mask, 1, N);
        CHECK(trueno_filter_compare(N, TRUENO_F64, xs, op, v, valid, and_mode, mask) == TRUENO_OK, "filter");
        int bad = 0;
        for (unsigned i = 0; i < N; i++) {
          const int c0 = cmp_values(xs[i], v);
          const int r = op == 0 ? c0 == 0 : op == 1 ? c0 != 0 : op == 2 ? c0 < 0 : op == 3 ? c0 <= 0 : op == 4 ? c0 > 0 : c0 >= 0;
          bad += mask[i] != (r && valid[i]);
        }
        CHECK(bad == 0, "f64 op %d value %g: %d rows differ", op, v, bad);
        CHECK(trueno_filter_compare(N, TRUENO_I64, x64, op, v, NULL, 0, mask) == TRUENO_OK, "filter i64");
        CHECK(trueno_filter_compare(N, TRUENO_I32, x32, op, v, NULL, 1, mask) == TRUENO_OK, "filter i32 and");
        bad = 0;
        for (unsigned i = 0; i < N; i++) {
          /* the int64 values are multiples of 3000000001: compare exactly in long double-free integer terms */
          const double w = v;
          int r64, r32;
          if (isnan(w)) r64 = op == 1 || op == 2 || op == 3, r32 = r64;
          else {
            const long double a = (long double)x64[i], b = (long double)x32[i];
            const int c1 = a < w ? -1 : a > w ? 1 : 0, c2 = b < w ? -1 : b > w ? 1 : 0;
            r64 = op == 0 ? c1 == 0 : op == 1 ? c1 != 0 : op == 2 ? c1 < 0 : op == 3 ? c1 <= 0 : op == 4 ? c1 > 0 : c1 >= 0;
            r32 = op == 0 ? c2 == 0 : op == 1 ? c2 != 0 : op == 2 ? c2 < 0 : op == 3 ? c2 <= 0 : op == 4 ? c2 > 0 : c2 >= 0;
          }
          bad += mask[i] != (r64 && r32);
        }
        CHECK(bad == 0, "int op %d value %g: %d rows differ", op, v, bad);
      }
    }
  }
  const int64_t edge[3] = {INT64_C(9007199254740993), INT64_MAX, INT64_MIN};
  uint8_t m3[3];
  CHECK(trueno_filter_compare(3, TRUENO_I64, edge, TRUENO_CMP_GT, 9007199254740992.0, NULL, 0, m3) == TRUENO_OK, "edge");
  CHECK(m3[0] == 1 && m3[1] == 1 && m3[2] == 0, "exact int64: %d %d %d", m3[0], m3[1], m3[2]);
  CHECK(trueno_filter_compare(3, TRUENO_U8, m3, 0, 0, NULL, 0, m3) == TRUENO_EINVAL, "uint8 refused");
  CHECK(trueno_filter_compare(3, TRUENO_F64, xs, 6, 0, NULL, 0, m3) == TRUENO_EINVAL, "op refused");
  CHECK(trueno_filter_compare(3, TRUENO_F64, NULL, 0, 0, NULL, 0, m3) == TRUENO_EINVAL, "NULL refused");
  free(x32);
  free(x64);
}

#define NG 1000

/* Grouped sums and counts against a direct (compensated) sum; the same bits for 1 and 2 threads. */
static void check_aggregate(double *bits_sum, double *bits_q2) {
  int32_t *g = malloc(N * sizeof(int32_t));
  for (unsigned i = 0; i < N; i++) g[i] = (int32_t)(i % NG) + 5;
  double count[NG], acc[NG], want_sum[NG], want_count[NG];
  memset(count, 0, sizeof count);
  memset(want_sum, 0, sizeof want_sum);
  memset(want_count, 0, sizeof want_count);
  for (unsigned i = 0; i < N; i++) {
    if (!valid[i] || !mask[i] || !(xs[i] > -500 || isnan(xs[i]))) continue;
    want_sum[i % NG] += xs[i];
    want_count[i % NG]++;
  }
  CHECK(trueno_group_aggregate(N, g, 5, NG, TRUENO_F64, xs, valid, mask, TRUENO_F64, xs, TRUENO_CMP_GT, -500,
                               TRUENO_AGG_SUM, NULL, count, TRUENO_F64, acc) == TRUENO_OK, "grouped sum");
  int bad = 0;
  for (int k = 0; k < NG; k++) bad += count[k] != want_count[k] || !check_close(acc[k], want_sum[k], 1e-12, 1e-9);
  CHECK(bad == 0, "grouped sums: %d groups differ", bad);
  memcpy(bits_sum, acc, sizeof acc);
  /* Q2: ungrouped filtered sum (lanes), pred on x itself */
  double c1 = 0, s1 = 0, want = 0, n1 = 0;
  for (unsigned i = 0; i < N; i++)
    if (xs[i] > 0.5 || isnan(xs[i])) want += xs[i], n1++;
  CHECK(trueno_group_aggregate(N, NULL, 0, 1, TRUENO_F64, xs, NULL, NULL, TRUENO_F64, xs, TRUENO_CMP_GT, 0.5,
                               TRUENO_AGG_SUM, NULL, &c1, TRUENO_F64, &s1) == TRUENO_OK, "q2");
  CHECK(c1 == n1 && isnan(s1) == isnan(want), "q2 count %g want %g", c1, n1);
  double mean = 0, m2 = 0, c2 = 0;
  double *finite = malloc(N * sizeof(double));
  for (unsigned i = 0; i < N; i++) finite[i] = isnan(xs[i]) ? 1.0 : xs[i];
  double fs = 0;
  for (unsigned i = 0; i < N; i++) fs += finite[i];
  mean = fs / N;
  double want_m2 = 0;
  for (unsigned i = 0; i < N; i++) want_m2 += (finite[i] - mean) * (finite[i] - mean);
  CHECK(trueno_group_aggregate(N, NULL, 0, 1, TRUENO_F64, finite, NULL, NULL, 0, NULL, 0, 0, TRUENO_AGG_M2, &mean, &c2,
                               TRUENO_F64, &m2) == TRUENO_OK, "m2");
  CHECK(check_close(m2, want_m2, 1e-10, 0), "m2 %.17g want %.17g", m2, want_m2);
  *bits_q2 = m2;
  /* extremes: min / max with NaN greatest */
  double mx[NG], mn[NG];
  CHECK(trueno_group_aggregate(N, g, 5, NG, TRUENO_F64, xs, NULL, NULL, 0, NULL, 0, 0, TRUENO_AGG_MAX, NULL, count,
                               TRUENO_F64, mx) == TRUENO_OK, "max");
  CHECK(trueno_group_aggregate(N, g, 5, NG, TRUENO_F64, xs, NULL, NULL, 0, NULL, 0, 0, TRUENO_AGG_MIN, NULL, count,
                               TRUENO_F64, mn) == TRUENO_OK, "min");
  bad = 0;
  for (int k = 0; k < NG; k++) {
    double hi = -INFINITY, lo = NAN;
    for (unsigned i = (unsigned)k; i < N; i += NG) {
      if (cmp_values(xs[i], hi) > 0) hi = xs[i];
      if (cmp_values(xs[i], lo) < 0) lo = xs[i];
    }
    bad += !same_key(mx[k], hi) || !same_key(mn[k], lo);
  }
  CHECK(bad == 0, "extremes: %d groups differ", bad);
  /* exact integer sums, and an overflow refused with outputs untouched */
  int64_t *big = malloc(N * sizeof(int64_t));
  for (unsigned i = 0; i < N; i++) big[i] = (int64_t)(check_sym(3, i) * 1e12);
  int64_t isum[NG], iwant[NG];
  memset(iwant, 0, sizeof iwant);
  for (unsigned i = 0; i < N; i++) iwant[i % NG] += big[i];
  CHECK(trueno_group_aggregate(N, g, 5, NG, TRUENO_I64, big, NULL, NULL, 0, NULL, 0, 0, TRUENO_AGG_SUM, NULL, count,
                               TRUENO_I64, isum) == TRUENO_OK, "int sum");
  CHECK(memcmp(isum, iwant, sizeof isum) == 0, "exact int64 sums");
  big[7] = INT64_MAX;
  big[7 + NG] = INT64_MAX;
  double c3 = 42;
  int64_t s3 = 99;
  CHECK(trueno_group_aggregate(N, NULL, 0, 1, TRUENO_I64, big, NULL, NULL, 0, NULL, 0, 0, TRUENO_AGG_SUM, NULL, &c3,
                               TRUENO_I64, &s3) == TRUENO_EINVAL, "overflow");
  CHECK(c3 == 42 && s3 == 99, "untouched after overflow");
  g[N - 1] = NG + 5;
  CHECK(trueno_group_aggregate(N, g, 5, NG, TRUENO_F64, xs, NULL, NULL, 0, NULL, 0, 0, TRUENO_AGG_SUM, NULL, count,
                               TRUENO_F64, acc) == TRUENO_EINVAL, "group out of range");
  CHECK(trueno_group_aggregate(N, g, 5, NG, TRUENO_F64, xs, NULL, NULL, 0, NULL, 0, 0, 9, NULL, count, TRUENO_F64,
                               acc) == TRUENO_EINVAL, "bad op");
  CHECK(trueno_group_aggregate(N, NULL, 0, 1, TRUENO_I32, g, NULL, NULL, 0, NULL, 0, 0, TRUENO_AGG_SUM, NULL, count,
                               TRUENO_F64, acc) == TRUENO_EINVAL, "int sum needs int64 acc");
  CHECK(trueno_group_aggregate(N, NULL, 0, 1, TRUENO_F64, xs, NULL, NULL, 0, NULL, 0, 0, TRUENO_AGG_M2, NULL, count,
                               TRUENO_F64, acc) == TRUENO_EINVAL, "m2 needs mean");
  CHECK(trueno_group_aggregate(N, NULL, 0, 0, TRUENO_F64, xs, NULL, NULL, 0, NULL, 0, 0, TRUENO_AGG_SUM, NULL, NULL,
                               TRUENO_F64, NULL) == TRUENO_EINVAL, "no groups for rows");
  free(g);
  free(big);
  free(finite);
}

static void check_hash_group(void) {
  double *keys = malloc(2 * N * sizeof(double));
  int32_t *groups = malloc(N * sizeof(int32_t)), *first = malloc(N * sizeof(int32_t));
  const int distincts[3] = {1, 50, 0};
  for (int d = 0; d < 3; d++) {
    for (unsigned i = 0; i < N; i++) {
      keys[i] = value_at(5, i, distincts[d]);
      keys[N + i] = value_at(6, i, 3);
    }
    int64_t count = -1;
    CHECK(trueno_hash_group(N, 2, keys, groups, first, &count) == TRUENO_OK, "hash group");
    /* ids in first-occurrence order, each row's group holds the keys of the group's first row */
    int bad = 0, next = 0;
    for (unsigned i = 0; i < N && bad < 5; i++) {
      const int32_t gi = groups[i];
      if (gi == next) {
        bad += first[gi] != (int32_t)i;
        next++;
      } else if (gi > next || gi < 0) {
        bad++;
      } else {
        bad += !same_key(keys[first[gi]], keys[i]) || !same_key(keys[N + first[gi]], keys[N + i]);
      }
    }
    CHECK(bad == 0 && next == count, "grouping of %d distinct: %d bad, %d ids, count %lld", distincts[d], bad, next,
          (long long)count);
  }
  /* -0 and +0 one group; NaNs one group */
  const double k4[4] = {-0.0, 0.0, NAN, -NAN};
  int64_t c4 = 0;
  CHECK(trueno_hash_group(4, 1, k4, groups, first, &c4) == TRUENO_OK && c4 == 2 && groups[1] == 0 && groups[3] == 1,
        "canonical keys: %lld groups", (long long)c4);
  CHECK(trueno_hash_group(5, 0, NULL, groups, first, &c4) == TRUENO_OK && c4 == 1 && groups[4] == 0, "no keys: one group");
  CHECK(trueno_hash_group(0, 1, NULL, NULL, NULL, &c4) == TRUENO_OK && c4 == 0, "empty");
  CHECK(trueno_hash_group(3, 1, NULL, groups, first, &c4) == TRUENO_EINVAL, "NULL keys");
  /* join: probe = the same keys; pairs by probe row then build row */
  const unsigned nb = 5000, np = 7000;
  double *bk = malloc(nb * sizeof(double)), *pk = malloc(np * sizeof(double));
  for (unsigned i = 0; i < nb; i++) bk[i] = value_at(7, i, 300);
  for (unsigned i = 0; i < np; i++) pk[i] = value_at(8, i, 400);
  int64_t total = -1;
  CHECK(trueno_hash_join(nb, 1, bk, valid, np, pk, NULL, 0, NULL, NULL, &total) == TRUENO_OK, "join count");
  int64_t want = 0;
  for (unsigned p = 0; p < np; p++)
    for (unsigned b = 0; b < nb; b++) want += valid[b] && same_key(bk[b], pk[p]);
  CHECK(total == want, "join total %lld want %lld", (long long)total, (long long)want);
  int32_t *ob = malloc((size_t)want * sizeof(int32_t)), *op = malloc((size_t)want * sizeof(int32_t));
  CHECK(trueno_hash_join(nb, 1, bk, valid, np, pk, NULL, (size_t)want, ob, op, &total) == TRUENO_OK, "join");
  int64_t at = 0;
  int bad = 0;
  for (unsigned p = 0; p < np; p++)
    for (unsigned b = 0; b < nb; b++)
      if (valid[b] && same_key(bk[b], pk[p])) {
        bad += at >= want || ob[at] != (int32_t)b || op[at] != (int32_t)p;
        at++;
      }
  CHECK(bad == 0, "join pairs: %d differ", bad);
  const int32_t keep = ob[want / 2];
  memset(ob, 0xff, (size_t)want * sizeof(int32_t));
  CHECK(trueno_hash_join(nb, 1, bk, valid, np, pk, NULL, (size_t)want / 2 + 1, ob, op, &total) == TRUENO_OK &&
            total == want && ob[want / 2] == keep && ob[want / 2 + 1] == -1,
        "partial join");
  free(ob);
  free(op);
  free(bk);
  free(pk);
  free(keys);
  free(groups);
  free(first);
}

static const double *sort_keys;
static size_t sort_n, sort_m;
static const uint8_t *sort_desc;

static int row_cmp(const void *a, const void *b) {
  const int32_t i = *(const int32_t *)a, k = *(const int32_t *)b;
  for (size_t j = 0; j < sort_m; j++) {
    int c = cmp_values(sort_keys[j * sort_n + (size_t)i], sort_keys[j * sort_n + (size_t)k]);
    if (sort_desc[j]) c = -c;
    if (c) return c;
  }
  return (i > k) - (i < k);
}

static void check_sorts(void) {
  double *keys = malloc(2 * N * sizeof(double));
  for (unsigned i = 0; i < N; i++) {
    keys[i] = value_at(9, i, 7);
    keys[N + i] = value_at(10, i, 0);
  }
  int32_t *out = malloc(N * sizeof(int32_t)), *want = malloc(N * sizeof(int32_t));
  const uint8_t desc[2] = {1, 0};
  CHECK(trueno_sort_indices(N, 2, keys, desc, out) == TRUENO_OK, "sort");
  for (unsigned i = 0; i < N; i++) want[i] = (int32_t)i;
  sort_keys = keys, sort_n = N, sort_m = 2, sort_desc = desc;
  qsort(want, N, sizeof(int32_t), row_cmp);
  CHECK(memcmp(out, want, N * sizeof(int32_t)) == 0, "sort order");
  /* top-k of the second key, descending, nulls last: the sorted valid rows, then nulls */
  const size_t ks[4] = {1, 10, 100, 30000};
  for (int t = 0; t < 4; t++) {
    for (int desc1 = 0; desc1 < 2; desc1++) {
      int64_t written = -1;
      CHECK(trueno_top_k(N, keys + N, valid, ks[t], desc1, 0, out, &written) == TRUENO_OK && written == (int64_t)ks[t],
            "topk");
      size_t nv = 0;
      for (unsigned i = 0; i < N; i++)
        if (valid[i]) want[nv++] = (int32_t)i;
      const uint8_t d1[1] = {(uint8_t)desc1};
      sort_keys = keys + N, sort_m = 1, sort_desc = d1;
      qsort(want, nv, sizeof(int32_t), row_cmp);
      CHECK(memcmp(out, want, ks[t] * sizeof(int32_t)) == 0, "topk %zu desc %d", ks[t], desc1);
    }
  }
  int64_t w = 0;
  int32_t o3[3];
  const double x3[3] = {1, 2, 3};
  const uint8_t v3[3] = {1, 0, 1};
  CHECK(trueno_top_k(3, x3, v3, 5, 1, 1, o3, &w) == TRUENO_OK && w == 3 && o3[0] == 1 && o3[1] == 2 && o3[2] == 0,
        "nulls first");
  CHECK(trueno_top_k(3, NULL, NULL, 1, 0, 0, o3, &w) == TRUENO_EINVAL, "NULL x");
  CHECK(trueno_sort_indices(3, 1, NULL, desc, o3) == TRUENO_EINVAL, "NULL keys");
  free(keys);
  free(out);
  free(want);
}

int main(void) {
  xs = malloc(N * sizeof(double));
  valid = malloc(N), mask = malloc(N), want_mask = malloc(N);
  for (unsigned i = 0; i < N; i++) {
    xs[i] = value_at(1, i, 0);
    valid[i] = check_sym(2, i) > -0.8;
    mask[i] = check_sym(4, i) > -0.6;
  }
  double sums[2][NG], q2[2];
  FOR_EACH_CONFIG({
    check_filter();
    check_aggregate(sums[threads_ - 1], &q2[threads_ - 1]);
    if (threads_ == 2) {
      CHECK(memcmp(sums[0], sums[1], sizeof sums[0]) == 0 && memcmp(&q2[0], &q2[1], sizeof q2[0]) == 0,
            "same bits for 1 and 2 threads");
    }
    check_hash_group();
    check_sorts();
  });
  free(xs);
  free(valid);
  free(mask);
  free(want_mask);
  return check_report("test_columnar");
}
