/*
 * The packed forest (trueno_forest_pack / trueno_forest_predict_packed): bit-identical to trueno_forest_predict on
 * hand-built trees with missing and categorical splits, on a forest of many chunks with 1 and 2 threads, on a subset
 * of the trees in another order, and on trees sharing a root; pack's rejections (bad layouts, too few slots) and every
 * kind of corrupt packed copy (slots out of range, children before parents, features, leaves, origins and bitsets out
 * of range, a pad reached) rejected with the output untouched.
 */
#include "forest_fixtures.h"

#include <stdint.h>
#include <string.h>

/* One packed slot as trueno.h describes it (16 bytes: threshold, feature, left). */
typedef struct {
  double threshold;
  int32_t feature, left;
} slot;

static slot get_slot(const double *packed, int32_t q) {
  slot s;
  memcpy(&s, packed + 2 * q, sizeof s);
  return s;
}
static void set_slot(double *packed, int32_t q, slot s) { memcpy(packed + 2 * q, &s, sizeof s); }

#define SLOTS 10 /* 8 nodes + one pad per tree */

static double packed[2 * SLOTS];
static int32_t origin[SLOTS], packed_roots[2];

static void pack_hand_trees(void) {
  int64_t used = -1;
  CHECK(trueno_forest_pack(2, 2, roots, 8, feature, threshold, children, flags, 8, cat_bits, SLOTS, packed, origin,
                           packed_roots, &used) == TRUENO_OK, "pack");
  CHECK(used == SLOTS, "used %lld slots, want %d", (long long)used, SLOTS);
  CHECK(packed_roots[0] == 0 && packed_roots[1] == 4, "packed roots %d %d", packed_roots[0], packed_roots[1]);
  /* tree 0: root, pad, its two leaves; tree 1: root, pad, leaf 4 and node 5, node 5's leaves */
  const int32_t want_origin[SLOTS] = {0, -1, 1, 2, 3, -1, 4, 5, 6, 7};
  CHECK(memcmp(origin, want_origin, sizeof origin) == 0, "origin");
  const slot root1 = get_slot(packed, 4), pad = get_slot(packed, 5), leaf = get_slot(packed, 2);
  CHECK(root1.feature == (1 | (1 << 30)) && root1.left == 6, "tree 1's root: feature %d left %d", root1.feature, root1.left);
  CHECK(pad.feature == -1 && pad.left == -1 && pad.threshold == 0.0, "pad");
  CHECK(leaf.feature == -1 && leaf.left == 1, "leaf: its original node");
}

static void check_hand_trees(void) {
  for (int dt = 0; dt < 2; dt++) {
    const int dtype = dt ? TRUENO_F32 : TRUENO_F64;
    const void *x = dt ? (const void *)rows32 : (const void *)rows;
    double want[ROWS * 2], got[ROWS * 2];
    for (int i = 0; i < ROWS * 2; i++) want[i] = got[i] = 100.0 + i;
    CHECK(trueno_forest_predict(dtype, ROWS, 2, x, 2, roots, 8, feature, threshold, children, flags, 8, cat_bits, 2,
                                values, weights, want) == TRUENO_OK, "predict");
    CHECK(trueno_forest_predict_packed(dtype, ROWS, 2, x, 2, packed_roots, SLOTS, packed, origin, 8, flags, 8, cat_bits,
                                       2, values, weights, got) == TRUENO_OK, "predict packed");
    CHECK(memcmp(want, got, sizeof want) == 0, "packed sums differ (dtype %d)", dtype);
  }
}

static void test_hand_trees(void) {
  set_up_hand_trees();
  pack_hand_trees();
  FOR_EACH_CONFIG(check_hand_trees(););
}

/* Many trees, more slots than one chunk (65536): packed == unpacked, all trees and a reordered subset. */
#define BIG_SLOTS (BIG_NODES + BIG_TREES)
static int32_t big_origin[BIG_SLOTS], big_packed_roots[BIG_TREES];
static double big_packed[2 * BIG_SLOTS], big_want[BIG_ROWS], big_got[BIG_ROWS];

static void test_many_chunks(void) {
  build_big_forest();
  int64_t used = 0;
  CHECK(trueno_forest_pack(3, BIG_TREES, big_roots, BIG_NODES, big_feature, big_threshold, big_children, big_flags, 0,
                           NULL, BIG_SLOTS, big_packed, big_origin, big_packed_roots, &used) == TRUENO_OK, "pack");
  CHECK(used == BIG_SLOTS, "used %lld", (long long)used);
  for (int threads = 1; threads <= 2; threads++) {
    trueno_set_threads(threads);
    memset(big_want, 0, sizeof big_want);
    memset(big_got, 0, sizeof big_got);
    CHECK(trueno_forest_predict(TRUENO_F64, BIG_ROWS, 3, big_x, BIG_TREES, big_roots, BIG_NODES, big_feature,
                                big_threshold, big_children, big_flags, 0, NULL, 1, big_values, big_weights,
                                big_want) == TRUENO_OK, "predict");
    CHECK(trueno_forest_predict_packed(TRUENO_F64, BIG_ROWS, 3, big_x, BIG_TREES, big_packed_roots, BIG_SLOTS,
                                       big_packed, big_origin, BIG_NODES, big_flags, 0, NULL, 1, big_values,
                                       big_weights, big_got) == TRUENO_OK, "predict packed");
    CHECK(memcmp(big_want, big_got, sizeof big_want) == 0, "packed sums differ (%d threads)", threads);
    /* trees 30, 2, 17 in that order: the packed roots of those trees against their original roots */
    const int pick[3] = {30, 2, 17};
    int32_t some_roots[3], some_packed[3];
    for (int j = 0; j < 3; j++) {
      some_roots[j] = big_roots[pick[j]];
      some_packed[j] = big_packed_roots[pick[j]];
    }
    memset(big_want, 0, sizeof big_want);
    memset(big_got, 0, sizeof big_got);
    CHECK(trueno_forest_predict(TRUENO_F64, BIG_ROWS, 3, big_x, 3, some_roots, BIG_NODES, big_feature, big_threshold,
                                big_children, big_flags, 0, NULL, 1, big_values, big_weights, big_want) == TRUENO_OK,
          "predict subset");
    CHECK(trueno_forest_predict_packed(TRUENO_F64, BIG_ROWS, 3, big_x, 3, some_packed, BIG_SLOTS, big_packed,
                                       big_origin, BIG_NODES, big_flags, 0, NULL, 1, big_values, big_weights,
                                       big_got) == TRUENO_OK, "predict packed subset");
    CHECK(memcmp(big_want, big_got, sizeof big_want) == 0, "packed subset sums differ (%d threads)", threads);
  }
}

/* Two trees with the same root need that tree's slots twice: nodes + trees is too few. */
static void test_shared_root(void) {
  const int32_t twice[2] = {3, 3};
  double p[2 * 14], out[ROWS * 2] = {0}, want[ROWS * 2] = {0};
  int32_t o[14], pr[2] = {-9, -9};
  int64_t used = -1;
  CHECK(trueno_forest_pack(2, 2, twice, 8, feature, threshold, children, flags, 8, cat_bits, 10, p, o, pr, &used) ==
            TRUENO_EINVAL, "too few slots");
  CHECK(used == -1 && pr[0] == -9, "a rejected pack wrote its outputs");
  CHECK(trueno_forest_pack(2, 2, twice, 8, feature, threshold, children, flags, 8, cat_bits, 14, p, o, pr, &used) ==
            TRUENO_OK && used == 12, "shared root: %lld slots", (long long)used);
  CHECK(trueno_forest_predict(TRUENO_F64, ROWS, 2, rows, 2, twice, 8, feature, threshold, children, flags, 8, cat_bits,
                              2, values, weights, want) == TRUENO_OK, "predict");
  CHECK(trueno_forest_predict_packed(TRUENO_F64, ROWS, 2, rows, 2, pr, 12, p, o, 8, flags, 8, cat_bits, 2, values,
                                     weights, out) == TRUENO_OK, "predict packed");
  CHECK(memcmp(want, out, sizeof out) == 0, "shared root sums differ");
}

static void test_bad_pack(void) {
  double p[2 * SLOTS];
  int32_t o[SLOTS], pr[2] = {-9, -9}, f[8], ch[16];
  int64_t used = -1;
  memcpy(f, feature, sizeof f);
  memcpy(ch, children, sizeof ch);
  ch[10] = 3; /* a cycle */
  CHECK(trueno_forest_pack(2, 2, roots, 8, f, threshold, ch, flags, 8, cat_bits, SLOTS, p, o, pr, &used) == TRUENO_EINVAL,
        "cycle");
  f[0] = 2;
  memcpy(ch, children, sizeof ch);
  CHECK(trueno_forest_pack(2, 2, roots, 8, f, threshold, ch, flags, 8, cat_bits, SLOTS, p, o, pr, &used) == TRUENO_EINVAL,
        "feature >= d");
  CHECK(trueno_forest_pack(2, 2, roots, 8, feature, threshold, children, flags, 8, cat_bits, SLOTS - 1, p, o, pr,
                           &used) == TRUENO_EINVAL, "one slot short");
  CHECK(trueno_forest_pack(2, 2, roots, 8, feature, threshold, children, flags, 8, cat_bits, SLOTS, p, o, pr, NULL) ==
            TRUENO_EINVAL, "NULL used");
  CHECK(used == -1 && pr[0] == -9, "rejected packs wrote nothing");
}

/* A corrupt copy of the hand trees' packed slots; each must be rejected with out untouched. */
static void test_corrupt_packed(void) {
  double p[2 * SLOTS], out[2] = {7, 7};
  int32_t o[SLOTS], pr[2];
  const double x[2] = {0.25, 1}; /* tree 0 goes left (slot 2), tree 1 right of the bitset (slot 7), then slot 8/9 */
#define CORRUPT(what, change)                                                                                      \
  do {                                                                                                           \
    memcpy(p, packed, sizeof p);                                                                                 \
    memcpy(o, origin, sizeof o);                                                                                 \
    memcpy(pr, packed_roots, sizeof pr);                                                                         \
    change;                                                                                                      \
    CHECK(trueno_forest_predict_packed(TRUENO_F64, 1, 2, x, 2, pr, SLOTS, p, o, 8, flags, 8, cat_bits, 2, values, \
                                       weights, out) == TRUENO_EINVAL, what);                                    \
    CHECK(out[0] == 7 && out[1] == 7, "%s: wrote out", what);                                                    \
  } while (0)
  slot s;
  CORRUPT("root past the end", pr[1] = SLOTS);
  CORRUPT("negative root", pr[0] = -1);
  CORRUPT("a pad reached", pr[1] = 5);
  CORRUPT("children before their parent", (s = get_slot(p, 0), s.left = 0, set_slot(p, 0, s)));
  CORRUPT("children past the end", (s = get_slot(p, 0), s.left = SLOTS - 1, set_slot(p, 0, s)));
  CORRUPT("feature >= d", (s = get_slot(p, 0), s.feature = 2, set_slot(p, 0, s)));
  CORRUPT("leaf past the nodes", (s = get_slot(p, 2), s.left = 8, set_slot(p, 2, s)));
  CORRUPT("negative leaf", (s = get_slot(p, 2), s.left = -3, set_slot(p, 2, s)));
  CORRUPT("origin past the nodes", o[4] = 8);
  CORRUPT("negative origin", o[4] = -1);
  CORRUPT("bitset past the end", (s = get_slot(p, 4), s.threshold = 1, set_slot(p, 4, s)));
  CORRUPT("NaN bitset", (s = get_slot(p, 4), s.threshold = NAN, set_slot(p, 4, s)));
  CHECK(trueno_forest_predict_packed(TRUENO_I32, 1, 2, x, 2, packed_roots, SLOTS, packed, origin, 8, flags, 8, cat_bits,
                                     2, values, weights, out) == TRUENO_EINVAL, "int32 x");
  const double nan_weights[2] = {1, NAN};
  CHECK(trueno_forest_predict_packed(TRUENO_F64, 1, 2, x, 2, packed_roots, SLOTS, packed, origin, 8, flags, 8, cat_bits,
                                     2, values, nan_weights, out) == TRUENO_EINVAL, "NaN tree weight");
  CHECK(trueno_forest_predict_packed(TRUENO_F64, 1, 2, x, 2, packed_roots, SLOTS, packed, origin, 8, flags, 8, cat_bits,
                                     0, values, weights, out) == TRUENO_EINVAL, "k = 0");
  CHECK(trueno_forest_predict_packed(TRUENO_F64, 1, 2, NULL, 2, packed_roots, SLOTS, packed, origin, 8, flags, 8,
                                     cat_bits, 2, values, weights, out) == TRUENO_EINVAL, "NULL x");
  CHECK(trueno_forest_predict_packed(TRUENO_F64, 1, 1u << 30, x, 2, packed_roots, SLOTS, packed, origin, 8, flags, 8,
                                     cat_bits, 2, values, weights, out) == TRUENO_EINVAL, "d >= 2^30");
  CHECK(out[0] == 7 && out[1] == 7, "rejected calls wrote nothing");
  CHECK(trueno_forest_predict_packed(TRUENO_F64, 0, 2, NULL, 2, packed_roots, SLOTS, packed, origin, 8, flags, 8,
                                     cat_bits, 2, values, weights, NULL) == TRUENO_OK, "no rows");
  /* the untouched copy still predicts: tree 0 -> leaf 1 (1, 10), tree 1 -> code 1 in the set -> leaf 4 (3, 30) x 0.5 */
  CHECK(trueno_forest_predict_packed(TRUENO_F64, 1, 2, x, 2, packed_roots, SLOTS, packed, origin, 8, flags, 8, cat_bits,
                                     2, values, weights, out) == TRUENO_OK, "clean copy");
  CHECK(out[0] == 7 + 1 + 1.5 && out[1] == 7 + 10 + 15, "clean copy: %g %g", out[0], out[1]);
}

int main(void) {
  test_hand_trees();
  test_many_chunks();
  test_shared_root();
  test_bad_pack();
  test_corrupt_packed();
  return check_report("test_forest_packed");
}
