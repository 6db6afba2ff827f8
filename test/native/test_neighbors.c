/*
 * Unit test of the ml kernels (brute-force and KD-tree neighbours, radius neighbours, class moments, Gaussian naive
 * Bayes log-likelihood) at every ISA level and with 1 and 2 threads.
 *
 * Neighbours are checked against a full sort of every distance by (distance, index). The data are small integers
 * with many repeated rows, so ties are everywhere and every distance is exact in float64 (the gemm expansion of the
 * euclidean brute force included): indices must match exactly and distances to 1e-12 relative (sqrt and pow round).
 * Moments and log-likelihoods are compared with direct loops to 1e-12 relative, and must not change by one bit
 * between thread counts. Rejected calls must leave their outputs untouched.
 */
#include "check.h"

#include <stdint.h>
#include <string.h>

static const int METRICS[4] = {TRUENO_METRIC_EUCLIDEAN, TRUENO_METRIC_MANHATTAN, TRUENO_METRIC_CHEBYSHEV,
                               TRUENO_METRIC_MINKOWSKI};
static const double MINKOWSKI_P = 3;

/* Small integers in [-3, 3]: many ties, exact arithmetic. */
static double *int_data(size_t rows, size_t d, unsigned seed) {
  double *x = malloc((rows * d > 0 ? rows * d : 1) * sizeof(double));
  for (size_t t = 0; t < rows * d; t++) x[t] = (double)(int)(check_sym(seed, (unsigned)t) * 3.5);
  return x;
}

static double ref_dist(int metric, const double *a, const double *b, size_t d) {
  double s = 0;
  for (size_t f = 0; f < d; f++) {
    const double g = fabs(a[f] - b[f]);
    if (metric == TRUENO_METRIC_EUCLIDEAN) s += g * g;
    else if (metric == TRUENO_METRIC_MANHATTAN) s += g;
    else if (metric == TRUENO_METRIC_CHEBYSHEV) s = g > s ? g : s;
    else s += g * g * g;
  }
  return metric == TRUENO_METRIC_EUCLIDEAN ? sqrt(s) : metric == TRUENO_METRIC_MINKOWSKI ? cbrt(s) : s;
}

/* The k nearest by (distance, index): selection sort of all n candidates. */
static void ref_knn(int metric, const double *pt, const double *x, size_t n, size_t d, size_t k, int32_t *idx,
                    double *dist) {
  double *all = malloc(n * sizeof(double));
  char *used = calloc(n, 1);
  for (size_t j = 0; j < n; j++) all[j] = ref_dist(metric, pt, x + j * d, d);
  for (size_t r = 0; r < k; r++) {
    size_t best = n;
    for (size_t j = 0; j < n; j++)
      if (!used[j] && (best == n || all[j] < all[best])) best = j;
    used[best] = 1;
    idx[r] = (int32_t)best;
    dist[r] = all[best];
  }
  free(all);
  free(used);
}

static size_t tree_length(size_t n, size_t d, size_t leaf) { return trueno_kdtree_length(n, d, leaf); }

static void test_knn(size_t nq, size_t n, size_t d, size_t k, size_t leaf) {
  double *q = int_data(nq, d, 1), *x = int_data(n, d, 2);
  const size_t len = tree_length(n, d, leaf);
  double *tree = malloc(len * sizeof(double));
  CHECK(trueno_kdtree_build(n, d, x, leaf, tree, len) == TRUENO_OK, "build n=%zu", n);
  int32_t *idx = malloc((nq * k + 1) * sizeof(int32_t)), *ridx = malloc((k + 1) * sizeof(int32_t));
  double *dist = malloc((nq * k + 1) * sizeof(double)), *rdist = malloc((k + 1) * sizeof(double));
  for (int m = 0; m < 4; m++) {
    for (int use_tree = 0; use_tree < 2; use_tree++) {
      const int metric = METRICS[m];
      const int rc = use_tree ? trueno_kdtree_knn(metric, MINKOWSKI_P, nq, n, d, q, x, leaf, tree, len, k, idx, dist)
                              : trueno_knn_brute(metric, MINKOWSKI_P, nq, n, d, q, x, k, idx, dist);
      CHECK(rc == TRUENO_OK, "knn rc %d", rc);
      int bad = 0;
      for (size_t i = 0; i < nq && !bad; i++) {
        ref_knn(metric, q + i * d, x, n, d, k, ridx, rdist);
        for (size_t r = 0; r < k; r++) {
          if (idx[i * k + r] != ridx[r] || !check_close(dist[i * k + r], rdist[r], 1e-12, 1e-12)) {
            CHECK(0, "metric %d tree %d nq=%zu n=%zu d=%zu k=%zu query %zu rank %zu: got (%d, %g) want (%d, %g)",
                  metric, use_tree, nq, n, d, k, i, r, idx[i * k + r], dist[i * k + r], ridx[r], rdist[r]);
            bad = 1;
            break;
          }
        }
      }
      CHECK(!bad, "knn matches");
    }
  }
  free(q);
  free(x);
  free(tree);
  free(idx);
  free(ridx);
  free(dist);
  free(rdist);
}

static void test_radius(size_t nq, size_t n, size_t d, double radius, size_t leaf) {
  double *q = int_data(nq, d, 3), *x = int_data(n, d, 4);
  const size_t len = tree_length(n, d, leaf);
  double *tree = malloc(len * sizeof(double));
  trueno_kdtree_build(n, d, x, leaf, tree, len);
  int64_t *counts = malloc((nq + 1) * sizeof(int64_t)), *offsets = malloc((nq + 1) * sizeof(int64_t));
  for (int m = 0; m < 4; m++) {
    for (int use_tree = 0; use_tree < 2; use_tree++) {
      for (int sort = 0; sort < 2; sort++) {
        const int metric = METRICS[m];
        int rc = use_tree ? trueno_kdtree_radius_count(metric, MINKOWSKI_P, nq, n, d, q, x, leaf, tree, len, radius, counts)
                          : trueno_radius_count(metric, MINKOWSKI_P, nq, n, d, q, x, radius, counts);
        CHECK(rc == TRUENO_OK, "count rc");
        offsets[0] = 0;
        for (size_t i = 0; i < nq; i++) offsets[i + 1] = offsets[i] + counts[i];
        const size_t total = (size_t)offsets[nq];
        int32_t *idx = malloc((total + 1) * sizeof(int32_t));
        double *dist = malloc((total + 1) * sizeof(double));
        rc = use_tree ? trueno_kdtree_radius_fill(metric, MINKOWSKI_P, nq, n, d, q, x, leaf, tree, len, radius, offsets,
                                                  total, sort, idx, dist)
                      : trueno_radius_fill(metric, MINKOWSKI_P, nq, n, d, q, x, radius, offsets, total, sort, idx, dist);
        CHECK(rc == TRUENO_OK, "fill rc");
        int bad = 0;
        for (size_t i = 0; i < nq && !bad; i++) {
          /* the reference: rows within the radius in index order, or by (distance, index) */
          int64_t at = offsets[i];
          size_t found = 0;
          for (size_t j = 0; j < n; j++) found += ref_dist(metric, q + i * d, x + j * d, d) <= radius;
          if (found != (size_t)counts[i]) bad = 1;
          int32_t *ridx = malloc((found + 1) * sizeof(int32_t));
          double *rdist = malloc((found + 1) * sizeof(double));
          if (sort) {
            ref_knn(metric, q + i * d, x, n, d, found, ridx, rdist);
          } else {
            size_t r = 0;
            for (size_t j = 0; j < n; j++) {
              const double dd = ref_dist(metric, q + i * d, x + j * d, d);
              if (dd <= radius) ridx[r] = (int32_t)j, rdist[r++] = dd;
            }
          }
          for (size_t r = 0; r < found && !bad; r++, at++)
            if (idx[at] != ridx[r] || !check_close(dist[at], rdist[r], 1e-12, 1e-12)) bad = 1;
          if (bad)
            CHECK(0, "radius metric %d tree %d sort %d query %zu: %zu found, count %lld", metric, use_tree, sort, i,
                  found, (long long)counts[i]);
          free(ridx);
          free(rdist);
        }
        free(idx);
        free(dist);
      }
    }
  }
  free(q);
  free(x);
  free(tree);
  free(counts);
  free(offsets);
}

static void test_bad_input(void) {
  double *x = int_data(10, 2, 5);
  const size_t len = tree_length(10, 2, 3);
  double *tree = malloc(len * sizeof(double));
  CHECK(trueno_kdtree_build(10, 2, x, 3, tree, len) == TRUENO_OK, "build");
  int32_t idx[4] = {7, 7, 7, 7};
  double dist[4] = {7, 7, 7, 7};
  /* knn: bad metric, p, k, n, NULLs */
  CHECK(trueno_knn_brute(9, 2, 2, 10, 2, x, x, 2, idx, dist) == TRUENO_EINVAL, "metric");
  CHECK(trueno_knn_brute(-1, 2, 2, 10, 2, x, x, 2, idx, dist) == TRUENO_EINVAL, "negative metric");
  CHECK(trueno_knn_brute(TRUENO_METRIC_MINKOWSKI, 0.5, 2, 10, 2, x, x, 2, idx, dist) == TRUENO_EINVAL, "p < 1");
  CHECK(trueno_knn_brute(TRUENO_METRIC_MINKOWSKI, NAN, 2, 10, 2, x, x, 2, idx, dist) == TRUENO_EINVAL, "p NaN");
  CHECK(trueno_knn_brute(TRUENO_METRIC_MINKOWSKI, INFINITY, 2, 10, 2, x, x, 2, idx, dist) == TRUENO_EINVAL, "p inf");
  CHECK(trueno_knn_brute(0, 2, 2, 10, 2, x, x, 0, idx, dist) == TRUENO_EINVAL, "k 0");
  CHECK(trueno_knn_brute(0, 2, 2, 10, 2, x, x, 11, idx, dist) == TRUENO_EINVAL, "k > n");
  CHECK(trueno_knn_brute(0, 2, 2, 0, 2, x, x, 1, idx, dist) == TRUENO_EINVAL, "n 0");
  CHECK(trueno_knn_brute(0, 2, 2, (size_t)INT32_MAX + 1, 2, x, x, 1, idx, dist) == TRUENO_EINVAL, "n huge");
  CHECK(trueno_knn_brute(0, 2, 2, 10, 2, NULL, x, 2, idx, dist) == TRUENO_EINVAL, "q NULL");
  CHECK(trueno_knn_brute(0, 2, 2, 10, 2, x, x, 2, NULL, dist) == TRUENO_EINVAL, "idx NULL");
  CHECK(trueno_knn_brute(0, 2, SIZE_MAX / 2, 10, 2, x, x, 2, idx, dist) == TRUENO_EINVAL, "nq huge");
  CHECK(trueno_kdtree_knn(0, 2, 2, 10, 2, x, x, 3, tree, len - 1, 2, idx, dist) == TRUENO_EINVAL, "tree length");
  CHECK(trueno_kdtree_knn(0, 2, 2, 10, 2, x, x, 1, tree, len, 2, idx, dist) == TRUENO_EINVAL, "leaf size mismatch");
  double *bad = malloc(len * sizeof(double));
  const double poison[5] = {-1, 10, 0.5, NAN, 1e300};
  for (int t = 0; t < 5; t++) {
    memcpy(bad, tree, len * sizeof(double));
    bad[t % 10] = poison[t]; /* a row reference out of range or not an integer */
    CHECK(trueno_kdtree_knn(0, 2, 2, 10, 2, x, x, 3, bad, len, 2, idx, dist) == TRUENO_EINVAL, "bad row %g", poison[t]);
    memcpy(bad, tree, len * sizeof(double));
    bad[10 + 1] = poison[t] == 10 ? 11 : poison[t]; /* the root's end */
    CHECK(trueno_kdtree_knn(0, 2, 2, 10, 2, x, x, 3, bad, len, 2, idx, dist) == TRUENO_EINVAL, "bad end %g", poison[t]);
  }
  memcpy(bad, tree, len * sizeof(double));
  const size_t nodes = trueno_kdtree_nodes(10, 3);
  bad[10 + 3 * (nodes - 1) + 2] = 0; /* a last-level node that claims children */
  CHECK(trueno_kdtree_knn(0, 2, 2, 10, 2, x, x, 3, bad, len, 2, idx, dist) == TRUENO_EINVAL, "leaf with children");
  free(bad);
  for (int t = 0; t < 4; t++) CHECK(idx[t] == 7 && dist[t] == 7, "rejected knn left its output alone");
  /* radius */
  int64_t counts[2] = {7, 7}, offsets[3] = {0, 1, 2};
  CHECK(trueno_radius_count(0, 2, 2, 10, 2, x, x, -1, counts) == TRUENO_EINVAL, "negative radius");
  CHECK(trueno_radius_count(0, 2, 2, 10, 2, x, x, NAN, counts) == TRUENO_EINVAL, "NaN radius");
  CHECK(trueno_kdtree_radius_count(0, 2, 2, 10, 2, x, x, 3, tree, len, NAN, counts) == TRUENO_EINVAL, "tree NaN radius");
  CHECK(counts[0] == 7 && counts[1] == 7, "rejected count left its output alone");
  CHECK(trueno_radius_fill(0, 2, 2, 10, 2, x, x, 1, offsets, 3, 0, idx, dist) == TRUENO_EINVAL, "total mismatch");
  offsets[1] = 3;
  CHECK(trueno_radius_fill(0, 2, 2, 10, 2, x, x, 1, offsets, 2, 0, idx, dist) == TRUENO_EINVAL, "decreasing offsets");
  offsets[0] = 1;
  offsets[1] = 1;
  CHECK(trueno_kdtree_radius_fill(0, 2, 2, 10, 2, x, x, 3, tree, len, 1, offsets, 2, 0, idx, dist) == TRUENO_EINVAL,
        "offsets not from 0");
  for (int t = 0; t < 4; t++) CHECK(idx[t] == 7 && dist[t] == 7, "rejected fill left its output alone");
  /* offsets larger than the counts: the extra slots are marked, never stale */
  int64_t wide[2] = {0, 4};
  CHECK(trueno_radius_fill(0, 2, 1, 10, 2, x, x, 0, wide, 4, 0, idx, dist) == TRUENO_OK, "wide fill");
  CHECK(idx[3] == -1 && isnan(dist[3]), "slot past the neighbours found");
  /* build */
  CHECK(trueno_kdtree_build(0, 2, x, 3, tree, len) == TRUENO_EINVAL, "build n 0");
  CHECK(trueno_kdtree_build(10, 2, x, 0, tree, len) == TRUENO_EINVAL, "build leaf 0");
  CHECK(trueno_kdtree_build(10, 2, x, 3, tree, len + 1) == TRUENO_EINVAL, "build length");
  CHECK(trueno_kdtree_build(10, 2, NULL, 3, tree, len) == TRUENO_EINVAL, "build x NULL");
  /* NaN data: in-range indices, never a crash */
  x[3] = NAN;
  CHECK(trueno_knn_brute(0, 2, 1, 10, 2, x, x, 4, idx, dist) == TRUENO_OK, "NaN data");
  CHECK(trueno_kdtree_build(10, 2, x, 3, tree, len) == TRUENO_OK, "NaN build");
  CHECK(trueno_kdtree_knn(0, 2, 1, 10, 2, x, x, 3, tree, len, 4, idx, dist) == TRUENO_OK, "NaN tree query");
  for (int t = 0; t < 4; t++) CHECK(idx[t] >= 0 && idx[t] < 10, "index in range with NaN data");
  free(x);
  free(tree);
}

/* One configuration's moments against direct two-pass sums, and against the bits of one thread (first). */
static void verify_moments(size_t n, size_t d, size_t c, const double *x, const int32_t *y, const double *w,
                           int weighted, const double *first) {
  double out[3 * 15];
  CHECK(trueno_class_moments(n, d, c, x, y, weighted ? w : NULL, out) == TRUENO_OK, "moments");
  for (size_t j = 0; j < c; j++) {
    double sw = 0, s[7] = {0}, v[7] = {0};
    for (size_t i = 0; i < n; i++)
      if ((size_t)y[i] == j) {
        const double wi = weighted ? w[i] : 1;
        sw += wi;
        for (size_t f = 0; f < d; f++) s[f] += wi * x[i * d + f];
      }
    for (size_t i = 0; i < n; i++)
      if ((size_t)y[i] == j)
        for (size_t f = 0; f < d; f++) v[f] += (weighted ? w[i] : 1) * pow(x[i * d + f] - s[f] / sw, 2);
    const double *o = out + j * (1 + 2 * d);
    CHECK(check_close(o[0], sw, 1e-12, 0), "weight sum class %zu", j);
    for (size_t f = 0; f < d; f++) {
      CHECK(check_close(o[1 + f], s[f] / sw, 1e-12, 0), "mean %zu %zu", j, f);
      CHECK(check_close(o[1 + d + f], v[f] / sw, 1e-9, 0), "var %zu %zu: %g vs %g", j, f, o[1 + d + f], v[f] / sw);
    }
  }
  if (trueno_isa_active() == trueno_isa_detected())
    CHECK(memcmp(out, first, sizeof out) == 0, "same bits for every thread count");
}

static void test_moments(void) {
  const size_t n = 5000, d = 7, c = 3;
  double *x = malloc(n * d * sizeof(double)), *w = malloc(n * sizeof(double));
  int32_t *y = malloc(n * sizeof(int32_t));
  for (size_t t = 0; t < n * d; t++) x[t] = 10 + check_sym(6, (unsigned)t);
  for (size_t i = 0; i < n; i++) {
    y[i] = (int32_t)(i % 7 == 0 ? 0 : 1 + (i % 2)); /* class 0 small */
    w[i] = 0.5 + 0.5 * (check_sym(7, (unsigned)i) + 1);
  }
  double out[3 * 15], first[3 * 15];
  for (int weighted = 0; weighted < 2; weighted++) {
    trueno_set_threads(1);
    CHECK(trueno_class_moments(n, d, c, x, y, weighted ? w : NULL, first) == TRUENO_OK, "moments");
    FOR_EACH_CONFIG({ verify_moments(n, d, c, x, y, w, weighted, first); });
  }
  /* a class without rows, and bad labels */
  CHECK(trueno_class_moments(n, d, 4, x, y, NULL, NULL) == TRUENO_EINVAL, "out NULL");
  double four[4 * 15];
  CHECK(trueno_class_moments(n, d, 4, x, y, NULL, four) == TRUENO_OK, "empty class");
  for (size_t t = 0; t < 15; t++) CHECK(four[3 * 15 + t] == 0, "empty class holds zeros");
  y[17] = 3;
  memset(out, 0, sizeof out);
  CHECK(trueno_class_moments(n, d, c, x, y, NULL, out) == TRUENO_EINVAL, "label >= c");
  y[17] = -1;
  CHECK(trueno_class_moments(n, d, c, x, y, NULL, out) == TRUENO_EINVAL, "negative label");
  CHECK(trueno_class_moments(n, d, 0, x, y, NULL, out) == TRUENO_EINVAL, "no classes");
  for (size_t t = 0; t < 3 * 15; t++) CHECK(out[t] == 0, "rejected moments left out alone");
  free(x);
  free(w);
  free(y);
}

/* One configuration's log-likelihoods against direct sums, and against the bits of one thread (first). */
static void verify_jll(size_t n, size_t d, size_t c, const double *x, const double *theta, const double *var,
                       const double *prior, double *out, const double *first) {
  CHECK(trueno_gaussian_nb_jll(n, d, c, x, theta, var, prior, out) == TRUENO_OK, "jll");
  int bad = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < c; j++) {
      double norm = 0, s = 0;
      for (size_t f = 0; f < d; f++) {
        norm += log(2 * 3.14159265358979323846 * var[j * d + f]);
        s += pow(x[i * d + f] - theta[j * d + f], 2) / var[j * d + f];
      }
      bad += !check_close(out[i * c + j], prior[j] - 0.5 * norm - 0.5 * s, 1e-12, 1e-12);
    }
  CHECK(bad == 0, "%d log-likelihoods off", bad);
  if (trueno_isa_active() == trueno_isa_detected())
    CHECK(memcmp(out, first, n * c * sizeof(double)) == 0, "same bits for every thread count");
}

static void test_jll(void) {
  const size_t n = 3000, d = 5, c = 3;
  double *x = int_data(n, d, 8), theta[15], var[15], prior[3] = {log(0.2), log(0.3), log(0.5)};
  for (size_t t = 0; t < c * d; t++) {
    theta[t] = check_sym(9, (unsigned)t);
    var[t] = 0.5 + check_sym(10, (unsigned)t) * 0.4;
  }
  double *out = malloc(n * c * sizeof(double)), *first = malloc(n * c * sizeof(double));
  trueno_set_threads(1);
  trueno_gaussian_nb_jll(n, d, c, x, theta, var, prior, first);
  FOR_EACH_CONFIG({ verify_jll(n, d, c, x, theta, var, prior, out, first); });
  out[0] = 7;
  CHECK(trueno_gaussian_nb_jll(n, d, 0, x, theta, var, prior, out) == TRUENO_EINVAL, "no classes");
  CHECK(trueno_gaussian_nb_jll(n, d, c, x, NULL, var, prior, out) == TRUENO_EINVAL, "theta NULL");
  CHECK(trueno_gaussian_nb_jll(n, d, c, x, theta, var, NULL, out) == TRUENO_EINVAL, "prior NULL");
  CHECK(out[0] == 7, "rejected jll left out alone");
  CHECK(trueno_gaussian_nb_jll(0, d, c, NULL, theta, var, prior, NULL) == TRUENO_OK, "no rows");
  free(x);
  free(out);
  free(first);
}

int main(void) {
  FOR_EACH_CONFIG({
    test_knn(1, 1, 3, 1, 1);
    test_knn(70, 40, 3, 5, 2);
    test_knn(130, 1500, 4, 7, 20); /* two train chunks, three query blocks */
    test_knn(9, 30, 2, 30, 4);     /* k == n */
    test_knn(5, 16, 0, 3, 2);      /* no features: every distance 0, ties by index */
    test_knn(0, 16, 3, 3, 2);
    test_radius(50, 300, 3, 2.0, 5);
    test_radius(20, 50, 2, 0, 3);
    test_radius(10, 40, 2, INFINITY, 3);
  });
  test_bad_input();
  test_moments();
  test_jll();
  return check_report("test_neighbors");
}
