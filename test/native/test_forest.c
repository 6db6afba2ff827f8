/*
 * Tree prediction kernels (trueno_forest_predict / trueno_forest_apply) at every ISA level with 1 and 2 threads: two
 * hand-built trees (a numerical stump with missing values sent left, a categorical split with a nested numerical
 * one) checked row by row against leaves worked out here, bit-identical sums across thread counts on many rows, and
 * malformed layouts (cycles, children before parents, features out of range, bad bitsets) rejected untouched.
 */
#include "forest_fixtures.h"

#include <stdint.h>
#include <string.h>

/* The leaves (within each tree) of row (x0, x1), worked out by hand from the trees above. */
static void expected(double x0, double x1, int32_t *leaf0, int32_t *leaf1) {
  *leaf0 = (isnan(x0) || x0 <= 0.5) ? 1 : 2;
  const int in_set = x1 == 1.0 || x1 == 3.0 || x1 == 200.0 || x1 == 3.5; /* codes truncate: 3.5 is code 3 */
  *leaf1 = in_set ? 1 : (x0 <= -1.0 ? 3 : 4);
}

static void check_hand_trees(void) {
  for (int dt = 0; dt < 2; dt++) {
      const int dtype = dt ? TRUENO_F32 : TRUENO_F64;
      const void *x = dt ? (const void *)rows32 : (const void *)rows;
      double out[ROWS * 2];
      int32_t leaves[ROWS * 2];
      for (int i = 0; i < ROWS * 2; i++) out[i] = 100.0;
      CHECK(trueno_forest_predict(dtype, ROWS, 2, x, 2, roots, 8, feature, threshold, children, flags, 8, cat_bits, 2,
                                  values, weights, out) == TRUENO_OK, "predict");
      CHECK(trueno_forest_apply(dtype, ROWS, 2, x, 2, roots, 8, feature, threshold, children, flags, 8, cat_bits,
                                leaves) == TRUENO_OK, "apply");
      for (int r = 0; r < ROWS; r++) {
        const double x0 = dt ? (double)rows32[2 * r] : rows[2 * r], x1 = dt ? (double)rows32[2 * r + 1] : rows[2 * r + 1];
        int32_t l0, l1;
        expected(x0, x1, &l0, &l1);
        CHECK(leaves[2 * r] == l0 && leaves[2 * r + 1] == l1, "row %d: leaves %d %d, want %d %d", r, leaves[2 * r],
              leaves[2 * r + 1], l0, l1);
        for (int c = 0; c < 2; c++) {
          const double want = 100.0 + values[2 * l0 + c] + 0.5 * values[2 * (3 + l1) + c];
          CHECK(out[2 * r + c] == want, "row %d value %d: %g, want %g", r, c, out[2 * r + c], want);
        }
      }
  }
}

static void test_hand_trees(void) {
  set_up_hand_trees();
  FOR_EACH_CONFIG(check_hand_trees(););
}

/* A deep chain tree on many rows: the sums must not depend on the thread count. */
#define CHAIN 64
#define MANY 4099
static int32_t chain_feature[2 * CHAIN + 1], chain_children[2 * (2 * CHAIN + 1)];
static double chain_threshold[2 * CHAIN + 1], chain_values[2 * CHAIN + 1];
static uint8_t chain_flags[2 * CHAIN + 1];
static double many[MANY * 3], sums1[MANY], sums2[MANY];

static void test_threads_bits(void) {
  /* node 2j tests x_(j % 3) <= t_j; its left child 2j + 1 is a leaf, its right child 2j + 2 goes on. */
  for (int j = 0; j < CHAIN; j++) {
    chain_feature[2 * j] = j % 3;
    chain_threshold[2 * j] = check_sym(5, (unsigned)j) * 0.9;
    chain_children[4 * j] = 2 * j + 1;
    chain_children[4 * j + 1] = 2 * j + 2;
    chain_feature[2 * j + 1] = -1;
    chain_children[4 * j + 2] = chain_children[4 * j + 3] = -1;
  }
  chain_feature[2 * CHAIN] = -1;
  chain_children[4 * CHAIN] = chain_children[4 * CHAIN + 1] = -1;
  for (int i = 0; i < 2 * CHAIN + 1; i++) chain_values[i] = check_sym(6, (unsigned)i) / 3.0;
  for (int i = 0; i < MANY * 3; i++) many[i] = check_sym(7, (unsigned)i);
  const int32_t chain_roots[3] = {0, 0, 0};
  const double w[3] = {0.1, 0.7, 1.0 / 3.0};
  trueno_set_threads(1);
  memset(sums1, 0, sizeof sums1);
  CHECK(trueno_forest_predict(TRUENO_F64, MANY, 3, many, 3, chain_roots, 2 * CHAIN + 1, chain_feature, chain_threshold,
                              chain_children, chain_flags, 0, NULL, 1, chain_values, w, sums1) == TRUENO_OK, "1 thread");
  trueno_set_threads(2);
  memset(sums2, 0, sizeof sums2);
  CHECK(trueno_forest_predict(TRUENO_F64, MANY, 3, many, 3, chain_roots, 2 * CHAIN + 1, chain_feature, chain_threshold,
                              chain_children, chain_flags, 0, NULL, 1, chain_values, w, sums2) == TRUENO_OK, "2 threads");
  CHECK(memcmp(sums1, sums2, sizeof sums1) == 0, "sums differ across thread counts");
  /* Row 0 by hand: walk the chain. */
  int node = 0;
  while (chain_feature[node] >= 0) node = many[chain_feature[node]] <= chain_threshold[node] ? node + 1 : node + 2;
  const double want = (0.1 * chain_values[node] + 0.7 * chain_values[node]) + (1.0 / 3.0) * chain_values[node];
  CHECK(sums1[0] == want, "row 0: %g, want %g", sums1[0], want);
}

/* Many trees, more nodes than one packed chunk holds, missing values sent either way: against a direct walk. */
static int32_t big_leaves[BIG_ROWS * BIG_TREES];
static double big_out[BIG_ROWS];

static void test_many_chunks(void) {
  build_big_forest();
  for (int threads = 1; threads <= 2; threads++) {
    trueno_set_threads(threads);
    memset(big_out, 0, sizeof big_out);
    CHECK(trueno_forest_predict(TRUENO_F64, BIG_ROWS, 3, big_x, BIG_TREES, big_roots, BIG_NODES, big_feature,
                                big_threshold, big_children, big_flags, 0, NULL, 1, big_values, big_weights,
                                big_out) == TRUENO_OK, "predict many chunks");
    CHECK(trueno_forest_apply(TRUENO_F64, BIG_ROWS, 3, big_x, BIG_TREES, big_roots, BIG_NODES, big_feature,
                              big_threshold, big_children, big_flags, 0, NULL, big_leaves) == TRUENO_OK, "apply");
    for (int r = 0; r < BIG_ROWS; r++) {
      double want = 0.0;
      for (int t = 0; t < BIG_TREES; t++) {
        int i = big_roots[t];
        while (big_feature[i] >= 0) {
          const double v = big_x[3 * r + big_feature[i]];
          const int left = isnan(v) ? (big_flags[i] & TRUENO_TREE_MISSING_LEFT) : v <= big_threshold[i];
          i = big_children[2 * i + (left ? 0 : 1)];
        }
        want += big_weights[t] * big_values[i];
        CHECK(big_leaves[r * BIG_TREES + t] == i - big_roots[t], "row %d tree %d: leaf %d, want %d", r, t,
              big_leaves[r * BIG_TREES + t], i - big_roots[t]);
      }
      CHECK(big_out[r] == want, "row %d: %.17g, want %.17g", r, big_out[r], want);
    }
  }
}

static void test_bad_layouts(void) {
  double x[2] = {0, 0}, out[2] = {7, 7};
  int32_t leaves[2] = {7, 7};
  int32_t f[8], ch[16];
  double th[8];
  uint8_t fl[8];
#define RESET() (memcpy(f, feature, sizeof f), memcpy(ch, children, sizeof ch), memcpy(th, threshold, sizeof th), \
                 memcpy(fl, flags, sizeof fl))
#define REJECTS(what)                                                                                              \
  do {                                                                                                             \
    CHECK(trueno_forest_predict(TRUENO_F64, 1, 2, x, 2, roots, 8, f, th, ch, fl, 8, cat_bits, 2, values, weights, \
                                out) == TRUENO_EINVAL, what);                                                      \
    CHECK(trueno_forest_apply(TRUENO_F64, 1, 2, x, 2, roots, 8, f, th, ch, fl, 8, cat_bits, leaves) == TRUENO_EINVAL, \
          what);                                                                                                   \
    CHECK(out[0] == 7 && out[1] == 7 && leaves[0] == 7, "%s: wrote output", what);                                 \
    RESET();                                                                                                       \
  } while (0)
  RESET();
  ch[10] = 3; /* node 5's left child is its own ancestor: a cycle */
  REJECTS("cycle");
  ch[10] = 5;
  REJECTS("self loop");
  ch[10] = 7; /* node 5's left child is node 7, its right child too: a node with two parents */
  REJECTS("a node with two parents");
  ch[0] = 4; /* node 0's left child is node 4, which node 3 already has */
  REJECTS("a node in two trees");
  ch[11] = 8;
  REJECTS("child past the end");
  f[0] = 2;
  REJECTS("feature >= d");
  f[1] = -2;
  REJECTS("leaf marker other than -1");
  th[3] = 1;
  REJECTS("bitset index out of range");
  th[3] = 0.5;
  REJECTS("fractional bitset index");
  CHECK(trueno_forest_predict(TRUENO_I32, 1, 2, x, 2, roots, 8, feature, threshold, children, flags, 8, cat_bits, 2,
                              values, weights, out) == TRUENO_EINVAL, "int32 x");
  const int32_t bad_roots[2] = {0, 8};
  CHECK(trueno_forest_apply(TRUENO_F64, 1, 2, x, 2, bad_roots, 8, feature, threshold, children, flags, 8, cat_bits,
                            leaves) == TRUENO_EINVAL, "root past the end");
  const double nan_weights[2] = {1, NAN};
  CHECK(trueno_forest_predict(TRUENO_F64, 1, 2, x, 2, roots, 8, feature, threshold, children, flags, 8, cat_bits, 2,
                              values, nan_weights, out) == TRUENO_EINVAL, "NaN tree weight");
  CHECK(trueno_forest_predict(TRUENO_F64, 1, 2, x, 2, roots, 8, feature, threshold, children, flags, 8, cat_bits, 0,
                              values, weights, out) == TRUENO_EINVAL, "k = 0");
  CHECK(trueno_forest_predict(TRUENO_F64, 1, 2, NULL, 2, roots, 8, feature, threshold, children, flags, 8, cat_bits, 2,
                              values, weights, out) == TRUENO_EINVAL, "NULL x");
  CHECK(out[0] == 7 && leaves[0] == 7, "rejected calls wrote nothing");
  CHECK(trueno_forest_predict(TRUENO_F64, 0, 2, NULL, 2, roots, 8, feature, threshold, children, flags, 8, cat_bits, 2,
                              values, weights, NULL) == TRUENO_OK, "no rows");
}

int main(void) {
  test_hand_trees();
  test_threads_bits();
  test_many_chunks();
  test_bad_layouts();
  return check_report("test_forest");
}
