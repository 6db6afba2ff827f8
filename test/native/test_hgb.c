/*
 * C unit tests of the histogram booster kernels: trueno_hist_bin (bins of numerical and categorical values, NaN
 * and unknown categories to the missing bin) and trueno_hgb_grow (splits on hand-made gradients, missing values sent
 * to the learned side, categorical bitsets, growth limits, the same bits at every ISA and thread count, EINVAL).
 */
#include "check.h"

#include <stdint.h>
#include <string.h>

#define CAP 64

typedef struct {
  int32_t feature[CAP], children[2 * CAP], cat_bits[8 * CAP];
  double threshold[CAP], values[CAP];
  uint8_t flags[CAP];
  int64_t count;
} tree;

/* params: maxLeaf, maxDepth, minSamplesLeaf, minHessian, l2, minGain, lr, missingBin, constantHessian */
static void default_params(double *p) {
  const double d[TRUENO_HGB_PARAM_COUNT] = {31, -1, 1, 1e-3, 0, 0, 1, 255, 0};
  memcpy(p, d, sizeof d);
}

static int grow(size_t n, size_t d, const uint8_t *binned, const double *g, const double *h, const int32_t *nb,
                const uint8_t *miss, const uint8_t *cat, const double *p, tree *t, double *raw) {
  memset(t, 0, sizeof *t);
  return trueno_hgb_grow(n, d, binned, g, h, nb, miss, cat, p, CAP, t->feature, t->threshold, t->children, t->flags,
                         t->cat_bits, t->values, raw, &t->count);
}

/* The leaf a binned sample reaches (bins of row i in column-major binned). */
static int leaf_of(const tree *t, const uint8_t *binned, size_t n, size_t i, unsigned missing_bin) {
  int node = 0;
  while (t->feature[node] >= 0) {
    const unsigned b = binned[(size_t)t->feature[node] * n + i];
    int left;
    if (t->flags[node] & TRUENO_TREE_CATEGORICAL) {
      const int32_t *bits = t->cat_bits + 8 * (size_t)t->threshold[node];
      left = (uint32_t)bits[b >> 5] >> (b & 31) & 1;
    } else {
      left = b == missing_bin ? (t->flags[node] & TRUENO_TREE_MISSING_LEFT) != 0 : b <= t->threshold[node];
    }
    node = t->children[2 * node + !left];
  }
  return node;
}

static void test_hist_bin(void) {
  /* 5 rows x 2 features: feature 0 numerical (thresholds 1.5, 2.5), feature 1 categorical (codes 0, 3, 7). */
  const double x[10] = {1, 0, 2, 3, NAN, 7, 3, 5, 1.5, NAN};
  const double thr[5] = {1.5, 2.5, 0, 3, 7};
  const int32_t off[3] = {0, 2, 5};
  const uint8_t cat[2] = {0, 1};
  uint8_t out[10];
  const uint8_t want[10] = {0, 1, 255, 2, 0, /* feature 1: */ 0, 1, 2, 255, 255};
  FOR_EACH_CONFIG({
    memset(out, 9, sizeof out);
    CHECK(trueno_hist_bin(5, 2, x, thr, off, cat, 255, out) == TRUENO_OK, "hist_bin");
    CHECK(memcmp(out, want, 10) == 0, "bins %d %d %d %d %d | %d %d %d %d %d", out[0], out[1], out[2], out[3], out[4],
          out[5], out[6], out[7], out[8], out[9]);
  });
  const int32_t bad_off[3] = {1, 2, 5}, desc[3] = {0, 3, 2};
  CHECK(trueno_hist_bin(5, 2, x, thr, bad_off, cat, 255, out) == TRUENO_EINVAL, "offsets not from 0");
  CHECK(trueno_hist_bin(5, 2, x, thr, desc, cat, 255, out) == TRUENO_EINVAL, "offsets descending");
  CHECK(trueno_hist_bin(5, 2, x, thr, off, cat, 256, out) == TRUENO_EINVAL, "missing bin 256");
  CHECK(trueno_hist_bin(5, 2, NULL, thr, off, cat, 255, out) == TRUENO_EINVAL, "NULL x");
  const int32_t big[3] = {0, 255, 255};
  static double many[255];
  CHECK(trueno_hist_bin(5, 2, x, many, big, cat, 255, out) == TRUENO_EINVAL, "255 thresholds");
}

/* Numerical: the root splits where the gradient changes sign; leaf values are -lr G / (H + l2). */
static void test_numerical_split(void) {
  enum { N = 40 };
  uint8_t binned[N];
  double g[N], h[N], raw[N], p[TRUENO_HGB_PARAM_COUNT];
  for (int i = 0; i < N; i++) binned[i] = (uint8_t)(i / 4), g[i] = i < 12 ? -1 : 1, h[i] = 1, raw[i] = 0;
  const int32_t nb[1] = {10};
  const uint8_t miss[1] = {0}, cat[1] = {0};
  default_params(p);
  p[TRUENO_HGB_MAX_LEAF_NODES] = 2;
  p[TRUENO_HGB_LEARNING_RATE] = 0.5;
  p[TRUENO_HGB_L2] = 1;
  tree t;
  CHECK(grow(N, 1, binned, g, h, nb, miss, cat, p, &t, raw) == TRUENO_OK, "grow");
  CHECK(t.count == 3 && t.feature[0] == 0 && t.threshold[0] == 2, "root split at bin 2: count %lld thr %g",
        (long long)t.count, t.threshold[0]);
  CHECK(t.children[0] == 1 && t.children[1] == 2 && t.feature[1] == -1 && t.feature[2] == -1, "children");
  CHECK(check_close(t.values[1], 0.5 * 12.0 / 13.0, 1e-12, 0) && check_close(t.values[2], -0.5 * 28.0 / 29.0, 1e-12, 0),
        "leaf values %g %g", t.values[1], t.values[2]);
  CHECK(raw[0] == t.values[1] && raw[39] == t.values[2], "raw updated");
  CHECK(!(t.flags[0] & TRUENO_TREE_MISSING_LEFT), "no missing at fit: NaN to the larger (right) child");
  /* Constant hessian gives the same tree. */
  tree c;
  double raw2[N] = {0};
  p[TRUENO_HGB_CONSTANT_HESSIAN] = 1;
  CHECK(grow(N, 1, binned, g, h, nb, miss, cat, p, &c, raw2) == TRUENO_OK, "constant hessian");
  CHECK(c.count == t.count && c.threshold[0] == t.threshold[0] && c.values[1] == t.values[1], "same tree");
  /* maxDepth 1 and minSamplesLeaf stop growth. */
  p[TRUENO_HGB_MAX_LEAF_NODES] = -1;
  p[TRUENO_HGB_MIN_SAMPLES_LEAF] = 21;
  CHECK(grow(N, 1, binned, g, h, nb, miss, cat, p, &c, raw2) == TRUENO_OK && c.count == 1, "min samples leaf 21");
  p[TRUENO_HGB_MIN_SAMPLES_LEAF] = 13;
  CHECK(grow(N, 1, binned, g, h, nb, miss, cat, p, &c, raw2) == TRUENO_OK && c.count == 3 && c.threshold[0] == 3,
        "min samples leaf 13 moves the split to bin 3 (16 left)");
}

/* Missing values: NaN rows (missing bin) have negative gradients like the low bins, so they go left. */
static void test_missing(void) {
  enum { N = 50 };
  uint8_t binned[N];
  double g[N], h[N], raw[N] = {0}, p[TRUENO_HGB_PARAM_COUNT];
  for (int i = 0; i < N; i++) {
    binned[i] = i < 10 ? 255 : (uint8_t)((i - 10) / 4);
    g[i] = i < 10 || i < 22 ? -1 : 1;
    h[i] = 1;
  }
  const int32_t nb[1] = {10};
  const uint8_t miss[1] = {1}, cat[1] = {0};
  default_params(p);
  p[TRUENO_HGB_MAX_LEAF_NODES] = 2;
  tree t;
  CHECK(grow(N, 1, binned, g, h, nb, miss, cat, p, &t, raw) == TRUENO_OK, "grow");
  CHECK(t.threshold[0] == 2 && (t.flags[0] & TRUENO_TREE_MISSING_LEFT), "missing left: thr %g flags %d",
        t.threshold[0], t.flags[0]);
  CHECK(raw[0] == t.values[1] && t.values[1] > 0, "NaN rows in the left leaf");
  /* Flip: NaN rows like the high bins go right. */
  for (int i = 0; i < 10; i++) g[i] = 1;
  memset(raw, 0, sizeof raw);
  CHECK(grow(N, 1, binned, g, h, nb, miss, cat, p, &t, raw) == TRUENO_OK, "grow");
  CHECK(t.threshold[0] == 2 && !(t.flags[0] & TRUENO_TREE_MISSING_LEFT), "missing right");
}

/* Categorical: categories 1 and 3 (bins) have negative gradients: one side holds exactly them. */
static void test_categorical(void) {
  enum { N = 80 };
  uint8_t binned[N];
  double g[N], h[N], raw[N] = {0}, p[TRUENO_HGB_PARAM_COUNT];
  for (int i = 0; i < N; i++) binned[i] = (uint8_t)(i % 4), g[i] = i % 2 ? -1 : 1, h[i] = 1;
  const int32_t nb[1] = {4};
  const uint8_t miss[1] = {0}, cat[1] = {1};
  default_params(p);
  p[TRUENO_HGB_MAX_LEAF_NODES] = 2;
  tree t;
  CHECK(grow(N, 1, binned, g, h, nb, miss, cat, p, &t, raw) == TRUENO_OK, "grow");
  CHECK(t.count == 3 && (t.flags[0] & TRUENO_TREE_CATEGORICAL) && t.threshold[0] == 0, "categorical root");
  const uint32_t bits = (uint32_t)t.cat_bits[0];
  CHECK(bits == 0xA || bits == 0x5, "left set {1,3} or {0,2}: %x", bits);
  for (int i = 0; i < N; i++) CHECK(raw[i] == t.values[leaf_of(&t, binned, N, (size_t)i, 255)], "raw by leaf");
  CHECK(raw[1] < 0 || raw[1] > 0, "value");
  CHECK((raw[1] < 0) == (g[1] > 0), "negative gradient -> positive value");
}

/* A bigger random problem: the same tree bits at every ISA and thread count; raw matches a traversal. */
static void test_random_threads(void) {
  enum { N = 20000, D = 5 }; /* above two partition chunks: the parallel partition runs */
  static uint8_t binned[N * D];
  static double g[N], h[N], raw[N], raw0[N];
  const int32_t nb[D] = {10, 255, 3, 40, 2};
  const uint8_t miss[D] = {1, 0, 0, 1, 0}, cat[D] = {0, 0, 1, 0, 1};
  for (int f = 0; f < D; f++)
    for (int i = 0; i < N; i++) {
      const double u = 0.5 * (check_sym(7 + f, (unsigned)i) + 1);
      binned[f * N + i] = miss[f] && u < 0.05 ? 255 : (uint8_t)(u * nb[f] * 0.9999);
    }
  for (int i = 0; i < N; i++) {
    g[i] = (binned[i] < 4 ? -1.0 : 0.5) + (binned[3 * N + i] > 20 ? 0.7 : -0.2) + 0.3 * check_sym(99, (unsigned)i);
    h[i] = 0.25 + 0.2 * (check_sym(5, (unsigned)i) + 1);
  }
  double p[TRUENO_HGB_PARAM_COUNT];
  default_params(p);
  p[TRUENO_HGB_MIN_SAMPLES_LEAF] = 20;
  p[TRUENO_HGB_LEARNING_RATE] = 0.1;
  static tree first, t;
  int have = 0;
  FOR_EACH_CONFIG({
    memset(raw, 0, sizeof raw);
    CHECK(grow(N, D, binned, g, h, nb, miss, cat, p, &t, raw) == TRUENO_OK, "grow");
    if (!have) {
      first = t;
      memcpy(raw0, raw, sizeof raw);
      have = 1;
      CHECK(t.count == 61, "31 leaves: %lld nodes", (long long)t.count);
    }
    CHECK(t.count == first.count && memcmp(t.feature, first.feature, sizeof t.feature) == 0 &&
              memcmp(t.threshold, first.threshold, sizeof t.threshold) == 0 &&
              memcmp(t.values, first.values, sizeof t.values) == 0 && memcmp(t.cat_bits, first.cat_bits, sizeof t.cat_bits) == 0 &&
              memcmp(raw, raw0, sizeof raw) == 0,
          "same bits");
  });
  int ok = 1;
  for (int i = 0; i < N; i++) ok &= raw0[i] == first.values[leaf_of(&first, binned, N, (size_t)i, 255)];
  CHECK(ok, "raw is each sample's leaf value");
  int leaves = 0;
  for (int i = 0; i < first.count; i++) leaves += first.feature[i] < 0;
  CHECK(leaves == 31, "leaves %d", leaves);
  /* maxDepth 2: at most 4 leaves. */
  p[TRUENO_HGB_MAX_DEPTH] = 2;
  CHECK(grow(N, D, binned, g, h, nb, miss, cat, p, &t, raw) == TRUENO_OK && t.count <= 7, "depth 2");
}

static void test_bad_arguments(void) {
  uint8_t binned[4] = {0, 1, 0, 1};
  double g[4] = {1, -1, 1, -1}, h[4] = {1, 1, 1, 1}, raw[4] = {0}, p[TRUENO_HGB_PARAM_COUNT];
  const int32_t nb[1] = {2};
  const uint8_t miss[1] = {0}, cat[1] = {0};
  tree t;
  default_params(p);
  CHECK(grow(4, 1, binned, g, h, nb, miss, cat, p, &t, raw) == TRUENO_OK, "valid");
  CHECK(grow(0, 1, binned, g, h, nb, miss, cat, p, &t, raw) == TRUENO_EINVAL, "n 0");
  CHECK(grow(4, 1, NULL, g, h, nb, miss, cat, p, &t, raw) == TRUENO_EINVAL, "NULL binned");
  binned[2] = 5;
  CHECK(grow(4, 1, binned, g, h, nb, miss, cat, p, &t, raw) == TRUENO_EINVAL, "bin above n_bins");
  binned[2] = 255;
  CHECK(grow(4, 1, binned, g, h, nb, miss, cat, p, &t, raw) == TRUENO_OK, "missing bin ok");
  binned[2] = 0;
  g[1] = NAN;
  CHECK(grow(4, 1, binned, g, h, nb, miss, cat, p, &t, raw) == TRUENO_EINVAL, "NaN gradient");
  g[1] = -1, h[0] = -1;
  CHECK(grow(4, 1, binned, g, h, nb, miss, cat, p, &t, raw) == TRUENO_EINVAL, "negative hessian");
  h[0] = 1;
  const double bad[][2] = {{TRUENO_HGB_MAX_LEAF_NODES, 1}, {TRUENO_HGB_MAX_DEPTH, 0}, {TRUENO_HGB_MIN_SAMPLES_LEAF, 0},
                           {TRUENO_HGB_L2, -1}, {TRUENO_HGB_LEARNING_RATE, 0}, {TRUENO_HGB_MISSING_BIN, 256},
                           {TRUENO_HGB_CONSTANT_HESSIAN, 2}, {TRUENO_HGB_MIN_GAIN, NAN}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    default_params(p);
    p[(int)bad[i][0]] = bad[i][1];
    CHECK(grow(4, 1, binned, g, h, nb, miss, cat, p, &t, raw) == TRUENO_EINVAL, "bad param %d", (int)bad[i][0]);
  }
  default_params(p);
  const int32_t nb_big[1] = {256};
  CHECK(grow(4, 1, binned, g, h, nb_big, miss, cat, p, &t, raw) == TRUENO_EINVAL, "n_bins above missing bin");
  int32_t f[2], ch[4], cb[16];
  double th[2], v[2];
  uint8_t fl[2];
  int64_t count = -3;
  CHECK(trueno_hgb_grow(4, 1, binned, g, h, nb, miss, cat, p, 2, f, th, ch, fl, cb, v, raw, &count) == TRUENO_EINVAL &&
            count == -3,
        "capacity 2 < 2 * 4 - 1");
}

/* hist_thresholds: midpoints of few distinct values, averaged-inverted-cdf percentiles of many, NaN, zero weights. */
static void test_hist_thresholds(void) {
  enum { N = 10, D = 3 };
  double x[N * D];
  for (int i = 0; i < N; i++) {
    x[i * D] = i + 1;                  /* 1 .. 10: 10 distinct > max_bins 4: percentiles 25, 50, 75 */
    x[i * D + 1] = i % 2 ? 2.0 : -0.0; /* two distinct values (-0 counts as 0): one midpoint */
    x[i * D + 2] = i < 3 ? NAN : 7;    /* one distinct value: no threshold */
  }
  const uint8_t skip[D] = {0, 0, 0};
  double thr[D * 3];
  int32_t counts[D];
  FOR_EACH_CONFIG({
    memset(thr, 0, sizeof thr);
    CHECK(trueno_hist_thresholds(N, D, x, N, NULL, NULL, skip, 4, thr, counts) == TRUENO_OK, "thresholds");
    CHECK(counts[0] == 3 && thr[0] == 3 && thr[1] == 5.5 && thr[2] == 8, "percentiles %d: %g %g %g", counts[0], thr[0],
          thr[1], thr[2]);
    CHECK(counts[1] == 1 && thr[3] == 1, "midpoint %d %g", counts[1], thr[3]);
    CHECK(counts[2] == 0, "one value");
  });
  /* Zero weights leave rows 5..9 out: 5 distinct values <= max_bins 6, so midpoints; then rows 9, 8, 9, 0 only. */
  double w[N] = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
  double thr5[D * 5]; /* max_bins 6: 5 slots per feature */
  CHECK(trueno_hist_thresholds(N, D, x, N, NULL, w, skip, 6, thr5, counts) == TRUENO_OK && counts[0] == 4 &&
            thr5[0] == 1.5 && thr5[3] == 4.5,
        "zero weights");
  const int32_t rows[4] = {9, 8, 9, 0};
  CHECK(trueno_hist_thresholds(N, D, x, 4, rows, NULL, skip, 6, thr5, counts) == TRUENO_OK && counts[0] == 2 &&
            thr5[0] == 5 && thr5[1] == 9.5,
        "row subset");
  const uint8_t skip_all[D] = {1, 1, 1};
  CHECK(trueno_hist_thresholds(N, D, x, N, NULL, NULL, skip_all, 4, thr, counts) == TRUENO_OK && counts[0] == 0, "skip");
  const int32_t bad_rows[1] = {10};
  CHECK(trueno_hist_thresholds(N, D, x, 1, bad_rows, NULL, skip, 4, thr, counts) == TRUENO_EINVAL, "row out of range");
  CHECK(trueno_hist_thresholds(N, D, x, 3, NULL, NULL, skip, 4, thr, counts) == TRUENO_EINVAL, "rows != n");
  CHECK(trueno_hist_thresholds(N, D, x, N, NULL, NULL, skip, 1, thr, counts) == TRUENO_EINVAL, "max_bins 1");
  w[2] = -1;
  CHECK(trueno_hist_thresholds(N, D, x, N, NULL, w, skip, 4, thr, counts) == TRUENO_EINVAL, "negative weight");
}

int main(void) {
  test_hist_bin();
  test_hist_thresholds();
  test_numerical_split();
  test_missing();
  test_categorical();
  test_random_threads();
  test_bad_arguments();
  return check_report("test_hgb");
}
