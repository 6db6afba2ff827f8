/*
 * Clustering kernels at every ISA level with 1 and 2 threads: a Lloyd step and Elkan iterations against a direct
 * nearest-center search done here, bit-identical sums across thread counts, a k-means++ step against direct
 * potentials, linkage trees against hand-checked merges (and scipy's output for a small case), and bad arguments
 * leaving outputs untouched.
 */
#include "check.h"

#include <stdint.h>
#include <string.h>

#define N 5003 /* several row groups */
#define D 5
#define K 7

static double x[N * D], centers[K * D], weights[N];
static float x32[N * D], centers32[K * D];
static int32_t labels[N], want_labels[N];
static double sums[K * D], counts[K], want_sums[K * D], want_counts[K];
static double upper[N], lower[N * K];

static void make_inputs(void) {
  for (unsigned i = 0; i < N * D; i++) x[i] = check_sym(1, i) * 3 + (double)(i / D % K);
  for (unsigned i = 0; i < K * D; i++) centers[i] = x[(i / D) * 31 * D + i % D];
  for (unsigned i = 0; i < N; i++) weights[i] = 1.5 + check_sym(2, i);
  for (unsigned i = 0; i < N * D; i++) x32[i] = (float)x[i];
  for (unsigned i = 0; i < K * D; i++) centers32[i] = (float)centers[i];
}

static double sq(const double *a, const double *b) {
  double s = 0;
  for (int j = 0; j < D; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
  return s;
}

/* The direct assignment: labels, weighted sums, counts, inertia. */
static double direct_assign(const double *c) {
  double inertia = 0;
  memset(want_sums, 0, sizeof want_sums);
  memset(want_counts, 0, sizeof want_counts);
  for (int i = 0; i < N; i++) {
    int best = 0;
    for (int j = 1; j < K; j++)
      if (sq(x + i * D, c + j * D) < sq(x + i * D, c + best * D)) best = j;
    want_labels[i] = best;
    for (int j = 0; j < D; j++) want_sums[best * D + j] += weights[i] * x[i * D + j];
    want_counts[best] += weights[i];
    inertia += weights[i] * sq(x + i * D, c + best * D);
  }
  return inertia;
}

static int same_assignment(double inertia, double want_inertia, double rtol) {
  int ok = check_close(inertia, want_inertia, rtol, 0);
  for (int i = 0; i < N && ok; i++) ok = labels[i] == want_labels[i];
  for (int i = 0; i < K * D && ok; i++) ok = check_close(sums[i], want_sums[i], rtol, 1e-9);
  for (int i = 0; i < K && ok; i++) ok = check_close(counts[i], want_counts[i], rtol, 1e-9);
  return ok;
}

static void test_lloyd(void) {
  const double want = direct_assign(centers);
  FOR_EACH_CONFIG({
    double inertia = -1;
    CHECK(trueno_kmeans_lloyd(TRUENO_F64, N, D, K, x, weights, centers, labels, sums, counts, &inertia) == TRUENO_OK, "lloyd");
    CHECK(same_assignment(inertia, want, 1e-12), "lloyd matches the direct assignment");
    CHECK(trueno_kmeans_lloyd(TRUENO_F32, N, D, K, x32, weights, centers32, labels, sums, counts, &inertia) == TRUENO_OK, "lloyd f32");
    CHECK(same_assignment(inertia, want, 1e-5), "lloyd f32 matches");
  });
  /* unweighted: counts are the cluster sizes */
  double inertia;
  CHECK(trueno_kmeans_lloyd(TRUENO_F64, N, D, K, x, NULL, centers, labels, sums, counts, &inertia) == TRUENO_OK, "unweighted");
  double total = 0;
  for (int j = 0; j < K; j++) total += counts[j];
  CHECK(total == N, "counts add up to n: %g", total);
  /* n == 0: zero sums */
  CHECK(trueno_kmeans_lloyd(TRUENO_F64, 0, D, K, NULL, NULL, centers, NULL, sums, counts, &inertia) == TRUENO_OK && inertia == 0 && counts[0] == 0, "empty");
}

static void test_lloyd_threads_bits(void) {
  double s1[K * D], s2[K * D], i1, i2;
  trueno_set_threads(1);
  trueno_kmeans_lloyd(TRUENO_F64, N, D, K, x, weights, centers, labels, s1, counts, &i1);
  trueno_set_threads(2);
  trueno_kmeans_lloyd(TRUENO_F64, N, D, K, x, weights, centers, labels, s2, counts, &i2);
  CHECK(memcmp(s1, s2, sizeof s1) == 0 && i1 == i2, "1 and 2 threads give the same bits");
}

static void test_elkan(void) {
  FOR_EACH_CONFIG({
    double c[K * D];
    double shifts[K];
    double inertia = 0;
    memcpy(c, centers, sizeof c);
    for (int iter = 0; iter < 6; iter++) {
      const double want = direct_assign(c);
      CHECK(trueno_kmeans_elkan(TRUENO_F64, N, D, K, x, weights, c, shifts, iter == 0, labels, upper, lower, sums,
                                counts, &inertia) == TRUENO_OK, "elkan");
      CHECK(same_assignment(inertia, want, 1e-12), "elkan iteration %d matches the direct assignment", iter);
      for (int j = 0; j < K; j++) {
        double moved = 0;
        for (int p = 0; p < D; p++) {
          const double v = counts[j] > 0 ? sums[j * D + p] / counts[j] : c[j * D + p];
          moved += (v - c[j * D + p]) * (v - c[j * D + p]);
          c[j * D + p] = v;
        }
        shifts[j] = sqrt(moved);
      }
    }
  });
}

static void test_pp_step(void) {
  double closest[N], pots[3];
  int32_t cands[3] = {5, 1000, 4000};
  int64_t best = -1;
  FOR_EACH_CONFIG({
    for (int i = 0; i < N; i++) closest[i] = INFINITY;
    int32_t first = 17;
    CHECK(trueno_kmeans_pp_step(TRUENO_F64, N, D, x, weights, &first, 1, closest, pots, &best) == TRUENO_OK && best == 0, "first center");
    double want_pot = 0;
    for (int i = 0; i < N; i++) want_pot += weights[i] * sq(x + i * D, x + 17 * D);
    CHECK(check_close(pots[0], want_pot, 1e-9, 0), "first potential %g vs %g", pots[0], want_pot);
    double want[3];
    for (int c = 0; c < 3; c++) {
      want[c] = 0;
      for (int i = 0; i < N; i++) {
        const double dist = sq(x + i * D, x + cands[c] * D);
        want[c] += weights[i] * (dist < closest[i] ? dist : closest[i]);
      }
    }
    CHECK(trueno_kmeans_pp_step(TRUENO_F64, N, D, x, weights, cands, 3, closest, pots, &best) == TRUENO_OK, "step");
    int want_best = 0;
    for (int c = 0; c < 3; c++) {
      CHECK(check_close(pots[c], want[c], 1e-9, 0), "candidate %d potential %g vs %g", c, pots[c], want[c]);
      if (want[c] < want[want_best]) want_best = c;
    }
    CHECK(best == want_best, "best %lld vs %d", (long long)best, want_best);
    CHECK(closest[cands[best]] == 0 && closest[17] == 0, "chosen rows are at distance 0");
  });
}

/* Five points on a line: 0, 1, 3, 7, 15 (gaps 1, 2, 4, 8): every linkage merges left to right. */
static void test_linkage_line(void) {
  const double pts[5] = {0, 1, 3, 7, 15};
  double z[16];
  FOR_EACH_CONFIG({
    for (int method = 0; method < TRUENO_LINKAGE_COUNT; method++) {
      CHECK(trueno_linkage(TRUENO_F64, 5, 1, pts, TRUENO_LINKAGE_METRIC_EUCLIDEAN, method, z) == TRUENO_OK, "linkage %d", method);
      CHECK(z[0] == 0 && z[1] == 1 && z[2] == 1 && z[3] == 2, "first merge (%g %g %g %g)", z[0], z[1], z[2], z[3]);
      CHECK(z[15] == 5 && z[12] + z[13] == 11 && (z[12] == 4 || z[12] == 7), "last merge joins point 4 and cluster 7");
    }
    CHECK(trueno_linkage(TRUENO_F64, 5, 1, pts, TRUENO_LINKAGE_METRIC_EUCLIDEAN, TRUENO_LINKAGE_SINGLE, z) == TRUENO_OK, "single");
    CHECK(z[6] == 2 && z[10] == 4 && z[14] == 8, "single distances are the gaps");
    CHECK(trueno_linkage(TRUENO_F64, 5, 1, pts, TRUENO_LINKAGE_METRIC_EUCLIDEAN, TRUENO_LINKAGE_COMPLETE, z) == TRUENO_OK, "complete");
    CHECK(z[6] == 3 && z[10] == 7 && z[14] == 15, "complete distances are the spans");
    CHECK(trueno_linkage(TRUENO_F64, 5, 1, pts, TRUENO_LINKAGE_METRIC_MANHATTAN, TRUENO_LINKAGE_AVERAGE, z) == TRUENO_OK, "average");
    CHECK(check_close(z[6], 2.5, 1e-15, 0) && check_close(z[10], 17.0 / 3, 1e-15, 0) && check_close(z[14], 12.25, 1e-15, 0),
          "average distances %g %g %g", z[6], z[10], z[14]);
  });
}

/* scipy.cluster.hierarchy.ward([[0,0],[0,1],[4,0],[4,2],[9,9]]) */
static void test_linkage_ward_scipy(void) {
  const double pts[10] = {0, 0, 0, 1, 4, 0, 4, 2, 9, 9};
  const double want[16] = {0, 1, 1, 2, 2, 3, 2, 2, 5, 6, 5.7008771254956905, 4, 4, 7, 13.68575902169843, 5};
  double z[16];
  CHECK(trueno_linkage(TRUENO_F64, 5, 2, pts, TRUENO_LINKAGE_METRIC_EUCLIDEAN, TRUENO_LINKAGE_WARD, z) == TRUENO_OK, "ward");
  int ok = 1;
  for (int i = 0; i < 16 && ok; i++) ok = check_close(z[i], want[i], 1e-12, 0);
  CHECK(ok, "ward matches scipy: %g %g %g %g / %g %g %g %g", z[8], z[9], z[10], z[11], z[12], z[13], z[14], z[15]);
  float p32[10];
  for (int i = 0; i < 10; i++) p32[i] = (float)pts[i];
  CHECK(trueno_linkage(TRUENO_F32, 5, 2, p32, TRUENO_LINKAGE_METRIC_EUCLIDEAN, TRUENO_LINKAGE_WARD, z) == TRUENO_OK && z[14] > 13.6, "ward f32");
  /* precomputed: the same tree from its distance matrix */
  double dm[25];
  for (int a = 0; a < 5; a++)
    for (int b = 0; b < 5; b++) dm[a * 5 + b] = sqrt((pts[2 * a] - pts[2 * b]) * (pts[2 * a] - pts[2 * b]) + (pts[2 * a + 1] - pts[2 * b + 1]) * (pts[2 * a + 1] - pts[2 * b + 1]));
  double zc[16], zp[16];
  trueno_linkage(TRUENO_F64, 5, 2, pts, TRUENO_LINKAGE_METRIC_EUCLIDEAN, TRUENO_LINKAGE_COMPLETE, zc);
  CHECK(trueno_linkage(TRUENO_F64, 5, 5, dm, TRUENO_LINKAGE_METRIC_PRECOMPUTED, TRUENO_LINKAGE_COMPLETE, zp) == TRUENO_OK && memcmp(zc, zp, sizeof zc) == 0, "precomputed");
}

static void test_bad_arguments(void) {
  double inertia = -7, s[K * D], c[K], z[16];
  memset(s, 0x5a, sizeof s);
  memcpy(c, s, sizeof c);
  labels[0] = 99;
  CHECK(trueno_kmeans_lloyd(TRUENO_I32, N, D, K, x, NULL, centers, labels, s, c, &inertia) == TRUENO_EINVAL, "int dtype");
  CHECK(trueno_kmeans_lloyd(TRUENO_F64, N, D, 0, x, NULL, centers, labels, s, c, &inertia) == TRUENO_EINVAL, "k == 0");
  CHECK(trueno_kmeans_lloyd(TRUENO_F64, N, 0, K, x, NULL, centers, labels, s, c, &inertia) == TRUENO_EINVAL, "d == 0");
  CHECK(trueno_kmeans_lloyd(TRUENO_F64, N, D, K, NULL, NULL, centers, labels, s, c, &inertia) == TRUENO_EINVAL, "NULL x");
  CHECK(trueno_kmeans_lloyd(TRUENO_F64, N, SIZE_MAX / 2, K, x, NULL, centers, labels, s, c, &inertia) == TRUENO_EINVAL, "huge");
  double shifts[K] = {0, 0, 0, 0, 0, 0, 0};
  CHECK(trueno_kmeans_elkan(TRUENO_F64, N, D, K, x, NULL, centers, shifts, 0, labels, upper, lower, s, c, &inertia) == TRUENO_EINVAL, "label out of range");
  labels[0] = 0;
  shifts[3] = NAN;
  for (int i = 0; i < N; i++) labels[i] = 0;
  CHECK(trueno_kmeans_elkan(TRUENO_F64, N, D, K, x, NULL, centers, shifts, 0, labels, upper, lower, s, c, &inertia) == TRUENO_EINVAL, "NaN shift");
  CHECK(trueno_kmeans_elkan(TRUENO_F64, N, D, K, x, NULL, centers, NULL, 0, labels, upper, lower, s, c, &inertia) == TRUENO_EINVAL, "no shifts");
  int32_t cand = N;
  double closest[N], pots[1];
  int64_t best = -5;
  CHECK(trueno_kmeans_pp_step(TRUENO_F64, N, D, x, NULL, &cand, 1, closest, pots, &best) == TRUENO_EINVAL && best == -5, "candidate out of range");
  cand = -1;
  CHECK(trueno_kmeans_pp_step(TRUENO_F64, N, D, x, NULL, &cand, 1, closest, pots, &best) == TRUENO_EINVAL, "negative candidate");
  CHECK(trueno_kmeans_pp_step(TRUENO_F64, 0, D, x, NULL, &cand, 1, closest, pots, &best) == TRUENO_EINVAL, "n == 0");
  CHECK(inertia == -7 && labels[1] == 0, "rejected calls wrote nothing");
  int ok = 1;
  for (int i = 0; i < K * D && ok; i++) ok = ((unsigned char *)s)[i * 8] == 0x5a;
  CHECK(ok, "sums untouched");
  memset(z, 0, sizeof z);
  CHECK(trueno_linkage(TRUENO_F64, 1, D, x, 0, 0, z) == TRUENO_EINVAL, "n < 2");
  CHECK(trueno_linkage(TRUENO_F64, 5, D, x, TRUENO_LINKAGE_METRIC_COUNT, 0, z) == TRUENO_EINVAL, "bad metric");
  CHECK(trueno_linkage(TRUENO_F64, 5, D, x, 0, TRUENO_LINKAGE_COUNT, z) == TRUENO_EINVAL, "bad method");
  CHECK(trueno_linkage(TRUENO_F64, 5, D, x, TRUENO_LINKAGE_METRIC_MANHATTAN, TRUENO_LINKAGE_WARD, z) == TRUENO_EINVAL, "ward needs euclidean");
  CHECK(trueno_linkage(TRUENO_F64, 5, 4, x, TRUENO_LINKAGE_METRIC_PRECOMPUTED, 0, z) == TRUENO_EINVAL, "precomputed needs n x n");
  CHECK(trueno_linkage(TRUENO_U8, 5, D, x, 0, 0, z) == TRUENO_EINVAL, "uint8");
  CHECK(z[0] == 0 && z[15] == 0, "rejected linkage wrote nothing");
}

int main(void) {
  make_inputs();
  test_lloyd();
  test_lloyd_threads_bits();
  test_elkan();
  test_pp_step();
  test_linkage_line();
  test_linkage_ward_scipy();
  test_bad_arguments();
  return check_report("test_cluster");
}
