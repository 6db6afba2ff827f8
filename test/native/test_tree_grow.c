/*
 * trueno_tree_grow at every ISA level with 1 and 2 threads: tiny trees checked by hand (gini, weights, squared error,
 * absolute error, best-first growth), the same bits for every thread count and for a tree grown alone or among
 * others, and every bad input rejected with EINVAL and nothing written.
 */
#include "check.h"

#include <stdint.h>
#include <string.h>

#define F TRUENO_NODE_FIELD_COUNT

/* Settings with scikit-learn's defaults for the given criterion and max_features. */
static void defaults(double *params, int criterion, double max_features) {
  params[TRUENO_TREE_CRITERION] = criterion;
  params[TRUENO_TREE_RANDOM_SPLITS] = 0;
  params[TRUENO_TREE_MAX_DEPTH] = -1;
  params[TRUENO_TREE_MIN_SAMPLES_SPLIT] = 2;
  params[TRUENO_TREE_MIN_SAMPLES_LEAF] = 1;
  params[TRUENO_TREE_MIN_WEIGHT_LEAF] = 0;
  params[TRUENO_TREE_MAX_FEATURES] = max_features;
  params[TRUENO_TREE_MAX_LEAF_NODES] = -1;
  params[TRUENO_TREE_MIN_IMPURITY_DECREASE] = 0;
}

static void check_node(const double *r, double feature, double threshold, double left, double right, double impurity,
                       double samples, double weight, const char *what) {
  CHECK(r[TRUENO_NODE_FEATURE] == feature && r[TRUENO_NODE_LEFT] == left && r[TRUENO_NODE_RIGHT] == right,
        "%s: feature %g children %g %g", what, r[TRUENO_NODE_FEATURE], r[TRUENO_NODE_LEFT], r[TRUENO_NODE_RIGHT]);
  CHECK(feature < 0 || r[TRUENO_NODE_THRESHOLD] == threshold, "%s: threshold %g", what, r[TRUENO_NODE_THRESHOLD]);
  CHECK(check_close(r[TRUENO_NODE_IMPURITY], impurity, 1e-15, 1e-15), "%s: impurity %.17g want %.17g", what,
        r[TRUENO_NODE_IMPURITY], impurity);
  CHECK(r[TRUENO_NODE_SAMPLES] == samples && r[TRUENO_NODE_WEIGHT] == weight, "%s: samples %g weight %g", what,
        r[TRUENO_NODE_SAMPLES], r[TRUENO_NODE_WEIGHT]);
}

static void tiny_classification(void) {
  const float xt[4] = {1, 2, 3, 4};
  const double y[4] = {0, 0, 1, 1}, seeds[1] = {1};
  double params[TRUENO_TREE_PARAM_COUNT], nodes[7 * F], values[7 * 2];
  int32_t count[1] = {0};
  defaults(params, TRUENO_CRITERION_GINI, 1);
  const double ones[4] = {1, 1, 1, 1};
  CHECK(trueno_tree_grow(4, 1, 2, xt, y, 1, ones, seeds, params, 7, nodes, values, count) == TRUENO_OK, "status");
  CHECK(count[0] == 3, "3 nodes, got %d", count[0]);
  check_node(nodes, 0, 2.5, 1, 2, 0.5, 4, 4, "root");
  check_node(nodes + F, -1, 0, -1, -1, 0, 2, 2, "left");
  check_node(nodes + 2 * F, -1, 0, -1, -1, 0, 2, 2, "right");
  CHECK(values[0] == 2 && values[1] == 2 && values[2] == 2 && values[3] == 0 && values[4] == 0 && values[5] == 2,
        "class counts");
  /* Weights: the zero-weight sample is left out (threshold between 1 and 3), counts are weighted. */
  const double w[4] = {1, 0, 2, 1};
  CHECK(trueno_tree_grow(4, 1, 2, xt, y, 1, w, seeds, params, 7, nodes, values, count) == TRUENO_OK, "status");
  check_node(nodes, 0, 2.0, 1, 2, 1.0 - (1.0 + 9.0) / 16.0, 3, 4, "weighted root");
  CHECK(values[2] == 1 && values[3] == 0 && values[4] == 0 && values[5] == 3, "weighted class counts");
  /* Entropy (log base 2) of an even split is 1. */
  defaults(params, TRUENO_CRITERION_ENTROPY, 1);
  CHECK(trueno_tree_grow(4, 1, 2, xt, y, 1, ones, seeds, params, 7, nodes, values, count) == TRUENO_OK, "status");
  check_node(nodes, 0, 2.5, 1, 2, 1.0, 4, 4, "entropy root");
}

static void tiny_regression(void) {
  const float xt[4] = {1, 2, 3, 10};
  const double y[4] = {1, 1, 3, 5}, ones[4] = {1, 1, 1, 1}, seeds[1] = {7};
  double params[TRUENO_TREE_PARAM_COUNT], nodes[7 * F], values[7];
  int32_t count[1] = {0};
  defaults(params, TRUENO_CRITERION_SQUARED_ERROR, 1);
  params[TRUENO_TREE_MAX_DEPTH] = 1;
  CHECK(trueno_tree_grow(4, 1, 1, xt, y, 1, ones, seeds, params, 3, nodes, values, count) == TRUENO_OK, "status");
  CHECK(count[0] == 3, "3 nodes, got %d", count[0]);
  /* Proxies at the three positions: 1 + 81/3 = 28, 4/2 + 64/2 = 34, 25/3 + 25 = 33.3: the middle one wins. */
  check_node(nodes, 0, 2.5, 1, 2, 2.75, 4, 4, "mse root");
  check_node(nodes + 2 * F, -1, 0, -1, -1, 1.0, 2, 2, "mse right");
  CHECK(values[0] == 2.5 && values[1] == 1 && values[2] == 4, "means %g %g %g", values[0], values[1], values[2]);
  /* absolute_error: the root's weighted median of 1, 1, 3, 5 is (1 + 3) / 2 (cumulative weight exactly half). */
  defaults(params, TRUENO_CRITERION_ABSOLUTE_ERROR, 1);
  params[TRUENO_TREE_MAX_DEPTH] = 0;
  CHECK(trueno_tree_grow(4, 1, 1, xt, y, 1, ones, seeds, params, 1, nodes, values, count) == TRUENO_OK, "status");
  CHECK(count[0] == 1 && values[0] == 2, "median %g", values[0]);
  check_node(nodes, -1, 0, -1, -1, (1 + 1 + 1 + 3) / 4.0, 4, 4, "mae root");
  const double w[4] = {1, 1, 3, 1}; /* cumulative 1, 2, 5 of 6: the third value */
  CHECK(trueno_tree_grow(4, 1, 1, xt, y, 1, w, seeds, params, 1, nodes, values, count) == TRUENO_OK, "status");
  CHECK(values[0] == 3, "weighted median %g", values[0]);
}

#define N 400
#define D 6
#define T 3
#define CAP (2 * N)
static float xt[D * N];
static double yc[N], w[T * N], seeds[T] = {11, 0, 4294967295.0};
static double nodes_a[T * CAP * F], values_a[T * CAP * 3], nodes_b[T * CAP * F], values_b[T * CAP * 3];

static void make_data(void) {
  for (unsigned i = 0; i < D * N; i++) xt[i] = (float)check_sym(3, i);
  for (unsigned i = 0; i < N; i++) yc[i] = (double)((xt[i] + 0.5 * xt[N + i] > 0) + (xt[2 * N + i] > 0.6));
  for (unsigned i = 0; i < T * N; i++) w[i] = (double)(check_lowbias32(i) % 3);
}

/* The same bits at every thread count, and tree t alone == tree t grown with the others. */
static void determinism(void) {
  double params[TRUENO_TREE_PARAM_COUNT];
  int32_t count_a[T], count_b[T], one[1];
  make_data();
  for (int crit = 0; crit < 2; crit++) {
    for (int leaves = -1; leaves <= 30; leaves += 31) {
      defaults(params, crit, 2);
      params[TRUENO_TREE_MAX_LEAF_NODES] = leaves;
      trueno_set_threads(1);
      memset(nodes_a, 0, sizeof nodes_a);
      CHECK(trueno_tree_grow(N, D, 3, xt, yc, T, w, seeds, params, CAP, nodes_a, values_a, count_a) == TRUENO_OK, "a");
      FOR_EACH_CONFIG({
        memset(nodes_b, 0, sizeof nodes_b);
        CHECK(trueno_tree_grow(N, D, 3, xt, yc, T, w, seeds, params, CAP, nodes_b, values_b, count_b) == TRUENO_OK,
              "b");
        CHECK(memcmp(count_a, count_b, sizeof count_a) == 0 && memcmp(nodes_a, nodes_b, sizeof nodes_a) == 0,
              "same trees (criterion %d, leaves %d)", crit, leaves);
      });
      CHECK(leaves < 0 || (count_a[0] == 2 * leaves - 1 && count_a[1] <= 2 * leaves - 1), "best-first: %d nodes",
            count_a[0]);
      for (int t = 0; t < T; t++) {
        memset(nodes_b, 0, CAP * F * sizeof(double));
        CHECK(trueno_tree_grow(N, D, 3, xt, yc, 1, w + t * N, seeds + t, params, CAP, nodes_b, values_b, one) ==
                  TRUENO_OK, "alone");
        CHECK(one[0] == count_a[t] && memcmp(nodes_b, nodes_a + t * CAP * F, CAP * F * sizeof(double)) == 0 &&
                  memcmp(values_b, values_a + t * CAP * 3, (size_t)one[0] * 3 * sizeof(double)) == 0,
              "tree %d alone", t);
      }
    }
  }
  /* absolute_error with two outputs (the incremental median bookkeeping): the same bits for every thread count. */
  static double yr[2 * N];
  for (unsigned i = 0; i < 2 * N; i++) yr[i] = xt[i % N] * 2 + xt[N + i / 2] + 0.1 * check_sym(9, i);
  defaults(params, TRUENO_CRITERION_ABSOLUTE_ERROR, 3);
  params[TRUENO_TREE_MIN_SAMPLES_LEAF] = 2;
  trueno_set_threads(1);
  CHECK(trueno_tree_grow(N, D, 2, xt, yr, T, w, seeds, params, CAP, nodes_a, values_a, count_a) == TRUENO_OK, "mae");
  FOR_EACH_CONFIG({
    CHECK(trueno_tree_grow(N, D, 2, xt, yr, T, w, seeds, params, CAP, nodes_b, values_b, count_b) == TRUENO_OK, "mae");
    CHECK(memcmp(count_a, count_b, sizeof count_a) == 0 && memcmp(nodes_a, nodes_b, sizeof nodes_a) == 0,
          "same absolute_error trees");
  });
  /* Pure leaves: every leaf of a full tree on separable data holds one class. */
  defaults(params, TRUENO_CRITERION_GINI, D);
  CHECK(trueno_tree_grow(N, D, 3, xt, yc, 1, w, seeds, params, CAP, nodes_a, values_a, count_a) == TRUENO_OK, "full");
  int impure = 0;
  for (int i = 0; i < count_a[0]; i++) {
    const double *v = values_a + 3 * i;
    if (nodes_a[i * F] < 0) impure += (v[0] > 0) + (v[1] > 0) + (v[2] > 0) != 1;
  }
  CHECK(impure == 0, "%d impure leaves", impure);
}

/* Expects EINVAL and untouched outputs. */
/*
 * Random splits with integer weights (summed without moving samples) against the same weights halved (not integers:
 * a partition per candidate): halving is exact, so both grow the same trees with halved values and weights.
 */
static void order_free_random_splits(void) {
  static double half[T * N];
  for (unsigned i = 0; i < T * N; i++) half[i] = w[i] / 2;
  int32_t count_a[T], count_b[T];
  double params[TRUENO_TREE_PARAM_COUNT];
  for (int k = 2; k <= 3; k++) {
    static double y2[N];
    for (unsigned i = 0; i < N; i++) y2[i] = k == 2 ? (yc[i] > 0) : yc[i];
    defaults(params, k == 2 ? TRUENO_CRITERION_GINI : TRUENO_CRITERION_ENTROPY, 2);
    params[TRUENO_TREE_RANDOM_SPLITS] = 1;
    params[TRUENO_TREE_MIN_SAMPLES_LEAF] = 2;
    CHECK(trueno_tree_grow(N, D, (size_t)k, xt, y2, T, w, seeds, params, CAP, nodes_a, values_a, count_a) == TRUENO_OK, "a");
    CHECK(trueno_tree_grow(N, D, (size_t)k, xt, y2, T, half, seeds, params, CAP, nodes_b, values_b, count_b) == TRUENO_OK,
          "b");
    int same = memcmp(count_a, count_b, sizeof count_a) == 0 && count_a[0] > 20;
    for (int t = 0; t < T && same; t++) {
      for (int32_t i = 0; i < count_a[t]; i++) {
        const double *a = nodes_a + ((size_t)t * CAP + (size_t)i) * F, *b = nodes_b + ((size_t)t * CAP + (size_t)i) * F;
        for (int f = 0; f < F; f++) same &= f == TRUENO_NODE_WEIGHT ? a[f] == 2 * b[f] : a[f] == b[f];
        for (int j = 0; j < k; j++) {
          const size_t at = ((size_t)t * CAP + (size_t)i) * (size_t)k + (size_t)j;
          same &= values_a[at] == 2 * values_b[at];
        }
      }
    }
    CHECK(same, "random splits, %d classes: integer weights and halved weights grow the same trees", k);
  }
}

static void expect_einval(size_t n, size_t d, size_t k, const float *x, const double *y, size_t trees, const double *wt,
                          const double *sd, const double *params, size_t capacity, const char *what) {
  double nodes[16 * F], values[16 * 2];
  int32_t count[2] = {-7, -7};
  for (int i = 0; i < 16 * F; i++) nodes[i] = 42;
  const int status = trueno_tree_grow(n, d, k, x, y, trees, wt, sd, params, capacity, nodes, values, count);
  int untouched = count[0] == -7 && count[1] == -7;
  for (int i = 0; i < 16 * F; i++) untouched &= nodes[i] == 42;
  CHECK(status == TRUENO_EINVAL && untouched, "%s: status %d", what, status);
}

static void bad_inputs(void) {
  const float x[4] = {1, 2, 3, 4}, xnan[4] = {1, NAN, 3, 4};
  const double y[4] = {0, 0, 1, 1}, ybad[4] = {0, 2, 1, 1}, yfrac[4] = {0, 0.5, 1, 1}, ynan[4] = {0, NAN, 1, 1};
  const double ones[8] = {1, 1, 1, 1, 1, 1, 1, 1}, zeros[4] = {0}, neg[4] = {1, -1, 1, 1}, winf[4] = {1, INFINITY, 1, 1};
  const double seed[2] = {1, 2}, bad_seeds[3] = {-1, 4294967296.0, 1.5};
  double p[TRUENO_TREE_PARAM_COUNT];
  defaults(p, TRUENO_CRITERION_GINI, 1);
  expect_einval(4, 1, 2, NULL, y, 1, ones, seed, p, 7, "NULL x");
  expect_einval(4, 1, 2, x, NULL, 1, ones, seed, p, 7, "NULL y");
  expect_einval(4, 1, 2, x, y, 1, ones, seed, NULL, 7, "NULL params");
  expect_einval(4, 1, 0, x, y, 1, ones, seed, p, 7, "k = 0");
  expect_einval(0, 1, 2, x, y, 1, ones, seed, p, 7, "n = 0");
  expect_einval(4, 1, 2, x, y, 0, ones, seed, p, 7, "no trees");
  expect_einval(4, 1, 2, x, ybad, 1, ones, seed, p, 7, "code >= k");
  expect_einval(4, 1, 2, x, yfrac, 1, ones, seed, p, 7, "fractional code");
  expect_einval(4, 1, 2, xnan, y, 1, ones, seed, p, 7, "NaN in x");
  expect_einval(4, 1, 2, x, y, 1, neg, seed, p, 7, "negative weight");
  expect_einval(4, 1, 2, x, y, 1, winf, seed, p, 7, "infinite weight");
  expect_einval(4, 1, 2, x, y, 1, zeros, seed, p, 7, "all weights zero");
  expect_einval(4, 1, 2, x, y, 1, ones, seed, p, 6, "capacity below 2 * 4 - 1");
  const double two[8] = {1, 1, 0, 0, 1, 1, 1, 1}; /* tree 0 needs 3 slots, tree 1 needs 7 */
  expect_einval(4, 1, 2, x, y, 2, two, seed, p, 3, "the second tree's capacity check");
  for (int s = 0; s < 3; s++) expect_einval(4, 1, 2, x, y, 1, ones, bad_seeds + s, p, 7, "bad seed");
  defaults(p, TRUENO_CRITERION_SQUARED_ERROR, 1);
  expect_einval(4, 1, 1, x, ynan, 1, ones, seed, p, 7, "NaN target");
  struct { int field; double value; const char *what; } bad[] = {
      {TRUENO_TREE_CRITERION, 5, "criterion 5"},       {TRUENO_TREE_CRITERION, -1, "criterion -1"},
      {TRUENO_TREE_RANDOM_SPLITS, 2, "random 2"},       {TRUENO_TREE_MAX_DEPTH, -2, "max depth -2"},
      {TRUENO_TREE_MAX_DEPTH, 1.5, "max depth 1.5"},    {TRUENO_TREE_MIN_SAMPLES_SPLIT, 1, "min split 1"},
      {TRUENO_TREE_MIN_SAMPLES_LEAF, 0, "min leaf 0"},  {TRUENO_TREE_MIN_WEIGHT_LEAF, -1, "min weight -1"},
      {TRUENO_TREE_MIN_WEIGHT_LEAF, NAN, "min weight NaN"}, {TRUENO_TREE_MAX_FEATURES, 0, "max features 0"},
      {TRUENO_TREE_MAX_FEATURES, 2, "max features > d"}, {TRUENO_TREE_MAX_LEAF_NODES, 1, "max leaves 1"},
      {TRUENO_TREE_MIN_IMPURITY_DECREASE, -0.5, "min decrease < 0"},
      {TRUENO_TREE_MIN_IMPURITY_DECREASE, NAN, "min decrease NaN"},
  };
  for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
    defaults(p, TRUENO_CRITERION_GINI, 1);
    p[bad[b].field] = bad[b].value;
    expect_einval(4, 1, 2, x, y, 1, ones, seed, p, 7, bad[b].what);
  }
  /* Bounded settings lower the capacity needed: depth 1 needs 3 slots, 2 leaves need 3 too. */
  double nodes[3 * F], values[3 * 2];
  int32_t count[1];
  defaults(p, TRUENO_CRITERION_GINI, 1);
  p[TRUENO_TREE_MAX_DEPTH] = 1;
  CHECK(trueno_tree_grow(4, 1, 2, x, y, 1, ones, seed, p, 3, nodes, values, count) == TRUENO_OK, "depth 1 in 3");
  defaults(p, TRUENO_CRITERION_GINI, 1);
  p[TRUENO_TREE_MAX_LEAF_NODES] = 2;
  CHECK(trueno_tree_grow(4, 1, 2, x, y, 1, ones, seed, p, 3, nodes, values, count) == TRUENO_OK && count[0] == 3,
        "2 leaves in 3");
}

int main(void) {
  FOR_EACH_CONFIG({
    tiny_classification();
    tiny_regression();
  });
  determinism();
  order_free_random_splits();
  bad_inputs();
  return check_report("test_tree_grow");
}
