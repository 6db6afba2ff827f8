/*
 * The structure kernels of the graph core: Louvain (two cliques joined by one edge split into them, modularity as
 * computed by hand, the same labels for every thread count and trial split, the EINVAL cases with labels untouched),
 * Kruskal's spanning forest (weights with ties, -0, infinities and negatives, self-loops, a forest) and Kahn's
 * topological order (the smallest order, a cycle written after the placed nodes, a self-loop).
 */
#include "check.h"

#include <stdint.h>
#include <string.h>

/* Builds the symmetric CSR of an undirected edge list (each edge both ways; a self-loop twice). */
static void symmetric(int32_t n, int32_t m, const int32_t *s, const int32_t *d, int32_t *off, int32_t *adj) {
  CHECK(trueno_graph_csr((size_t)n, (size_t)m, s, d, NULL, 1, off, adj, (int32_t[64]){0}, NULL) == TRUENO_OK, "csr");
}

static void test_louvain(void) {
  /* two 4-cliques (0-3, 4-7) joined by 3-4 */
  int32_t s[13], d[13], m = 0;
  for (int32_t base = 0; base <= 4; base += 4)
    for (int32_t i = 0; i < 4; i++)
      for (int32_t j = i + 1; j < 4; j++) s[m] = base + i, d[m++] = base + j;
  s[m] = 3, d[m++] = 4;
  int32_t off[9], adj[26], labels[8], first[8];
  symmetric(8, m, s, d, off, adj);
  double q = 0;
  /* Q = sum_c in_c / 2m - (tot_c / 2m)^2 = 2 (12 / 26 - (13 / 26)^2) */
  const double want = 2 * (12.0 / 26 - 0.25);
  for (int threads = 1; threads <= 2; threads++) {
    trueno_set_threads(threads);
    for (int32_t trials = 1; trials <= 5; trials += 4) {
      CHECK(trueno_graph_louvain(8, off, adj, NULL, 1.0, 7, -1, trials, labels, &q) == TRUENO_OK, "louvain");
      CHECK(check_close(q, want, 1e-14, 0), "modularity %.17g, want %.17g", q, want);
      int ok = 1;
      for (int v = 0; v < 8; v++) ok &= labels[v] == (v < 4 ? 0 : 1);
      CHECK(ok, "the two cliques, numbered by smallest node");
    }
    CHECK(trueno_graph_louvain(8, off, adj, NULL, 1.0, 123, -1, 8, labels, &q) == TRUENO_OK, "8 trials");
    if (threads == 1) memcpy(first, labels, sizeof labels);
    CHECK(memcmp(first, labels, sizeof labels) == 0, "the same labels for any thread count");
  }
  /* a high resolution splits everything; maxLevels 1 stops after one level */
  CHECK(trueno_graph_louvain(8, off, adj, NULL, 50.0, 1, 1, 2, labels, &q) == TRUENO_OK && q < 0, "resolution 50: q %g", q);
  /* weights: the weighted call with all 1 gives the unweighted answer */
  double w[26];
  for (int e = 0; e < 26; e++) w[e] = 1;
  double qw = 0;
  CHECK(trueno_graph_louvain(8, off, adj, w, 1.0, 7, -1, 1, labels, &qw) == TRUENO_OK && qw == want, "weights of 1");
  /* no edges / zero weights: each node alone, q = 0 */
  int32_t none[4] = {0, 0, 0, 0};
  CHECK(trueno_graph_louvain(3, none, NULL, NULL, 1.0, 0, -1, 1, labels, &q) == TRUENO_OK && q == 0 && labels[2] == 2, "no edges");
  for (int e = 0; e < 26; e++) w[e] = 0;
  CHECK(trueno_graph_louvain(8, off, adj, w, 1.0, 0, -1, 1, labels, &q) == TRUENO_OK && q == 0 && labels[7] == 7, "zero weights");
  CHECK(trueno_graph_louvain(0, none, NULL, NULL, 1.0, 0, -1, 1, NULL, &q) == TRUENO_OK, "empty graph");
  /* EINVAL, labels untouched */
  for (int v = 0; v < 8; v++) labels[v] = -7;
  w[3] = NAN;
  CHECK(trueno_graph_louvain(8, off, adj, w, 1.0, 0, -1, 1, labels, &q) == TRUENO_EINVAL, "NaN weight");
  w[3] = -1;
  CHECK(trueno_graph_louvain(8, off, adj, w, 1.0, 0, -1, 1, labels, &q) == TRUENO_EINVAL, "negative weight");
  w[3] = INFINITY;
  CHECK(trueno_graph_louvain(8, off, adj, w, 1.0, 0, -1, 1, labels, &q) == TRUENO_EINVAL, "infinite weight");
  for (int e = 0; e < 26; e++) w[e] = 1e307;
  CHECK(trueno_graph_louvain(8, off, adj, w, 1.0, 0, -1, 1, labels, &q) == TRUENO_EINVAL, "total weight overflows");
  CHECK(trueno_graph_louvain(8, off, adj, NULL, 0.0, 0, -1, 1, labels, &q) == TRUENO_EINVAL, "resolution 0");
  CHECK(trueno_graph_louvain(8, off, adj, NULL, INFINITY, 0, -1, 1, labels, &q) == TRUENO_EINVAL, "resolution inf");
  CHECK(trueno_graph_louvain(8, off, adj, NULL, NAN, 0, -1, 1, labels, &q) == TRUENO_EINVAL, "resolution NaN");
  CHECK(trueno_graph_louvain(8, off, adj, NULL, 1.0, 0, 0, 1, labels, &q) == TRUENO_EINVAL, "maxLevels 0");
  CHECK(trueno_graph_louvain(8, off, adj, NULL, 1.0, 0, -1, 0, labels, &q) == TRUENO_EINVAL, "0 trials");
  CHECK(trueno_graph_louvain(8, off, adj, NULL, 1.0, 0, -1, TRUENO_LOUVAIN_MAX_TRIALS + 1, labels, &q) == TRUENO_EINVAL, "too many trials");
  CHECK(trueno_graph_louvain(8, off, adj, NULL, 1.0, 0, -1, 1, NULL, &q) == TRUENO_EINVAL, "no labels");
  int32_t bad[26];
  memcpy(bad, adj, sizeof bad);
  bad[5] = 8;
  CHECK(trueno_graph_louvain(8, off, bad, NULL, 1.0, 0, -1, 1, labels, &q) == TRUENO_EINVAL, "neighbour out of range");
  CHECK(trueno_graph_louvain((size_t)INT32_MAX + 1, off, adj, NULL, 1.0, 0, -1, 1, labels, &q) == TRUENO_EINVAL, "n too large");
  int ok = 1;
  for (int v = 0; v < 8; v++) ok &= labels[v] == -7;
  CHECK(ok, "a refused call leaves labels untouched");
}

static void test_mst(void) {
  /* a square 0-1-2-3 with a diagonal, weights with a tie, a self-loop, and a separate edge 4-5 (a forest) */
  const int32_t s[] = {0, 1, 2, 3, 0, 2, 4}, d[] = {1, 2, 3, 0, 2, 2, 5};
  const double w[] = {2, 1, 2, -0.0, INFINITY, -5, -INFINITY};
  int32_t ids[7];
  int64_t taken = -1;
  CHECK(trueno_graph_mst(6, 7, s, d, w, ids, &taken) == TRUENO_OK && taken == 4, "taken %lld", (long long)taken);
  /* by weight: 6 (-inf), 5 (self-loop, skipped), 3 (-0), 1 (1), 0 (2, ties with 2 by id); 4 (inf) closes a cycle */
  CHECK(ids[0] == 6 && ids[1] == 3 && ids[2] == 1 && ids[3] == 0, "order %d %d %d %d", ids[0], ids[1], ids[2], ids[3]);
  CHECK(trueno_graph_mst(6, 7, s, d, NULL, ids, &taken) == TRUENO_OK && taken == 4 && ids[0] == 0 && ids[3] == 6, "unweighted: by id");
  CHECK(trueno_graph_mst(0, 0, NULL, NULL, NULL, NULL, &taken) == TRUENO_OK && taken == 0, "empty");
  for (int i = 0; i < 7; i++) ids[i] = -9;
  const double nan_w[] = {2, 1, NAN, 0, 1, 1, 1};
  CHECK(trueno_graph_mst(6, 7, s, d, nan_w, ids, &taken) == TRUENO_EINVAL, "NaN weight");
  const int32_t out[] = {0, 1, 2, 3, 0, 2, 6};
  CHECK(trueno_graph_mst(6, 7, s, out, w, ids, &taken) == TRUENO_EINVAL, "id out of range");
  const int32_t neg[] = {0, 1, -2, 3, 0, 2, 4};
  CHECK(trueno_graph_mst(6, 7, neg, d, w, ids, &taken) == TRUENO_EINVAL, "negative id");
  CHECK(trueno_graph_mst(6, 7, NULL, d, w, ids, &taken) == TRUENO_EINVAL, "no from");
  CHECK(trueno_graph_mst((size_t)INT32_MAX + 1, 0, NULL, NULL, NULL, NULL, &taken) == TRUENO_EINVAL, "n too large");
  CHECK(ids[0] == -9, "a refused call leaves edge_ids untouched");
}

/* The out- and in-CSR of a directed edge list. */
static void sides(int32_t n, int32_t m, const int32_t *s, const int32_t *d, int32_t *oo, int32_t *oa, int32_t *io, int32_t *ia) {
  int32_t ids[16];
  CHECK(trueno_graph_csr((size_t)n, (size_t)m, s, d, NULL, 0, oo, oa, ids, NULL) == TRUENO_OK, "out csr");
  CHECK(trueno_graph_csr((size_t)n, (size_t)m, d, s, NULL, 0, io, ia, ids, NULL) == TRUENO_OK, "in csr");
}

static void test_toposort(void) {
  /* 3 -> 0, 2 -> 1, 1 -> 0: smallest order 2 1 3 0 */
  int32_t oo[7], oa[16], io[7], ia[16], order[6];
  int64_t placed = -1;
  sides(4, 3, (const int32_t[]){3, 2, 1}, (const int32_t[]){0, 1, 0}, oo, oa, io, ia);
  CHECK(trueno_graph_toposort(4, oo, oa, io, ia, order, &placed) == TRUENO_OK && placed == 4, "dag");
  CHECK(order[0] == 2 && order[1] == 1 && order[2] == 3 && order[3] == 0, "the smallest order");
  /* 0 -> 1 -> 2 -> 3 -> 1, 4 alone: 0 and 4 placed, then the cycle */
  sides(5, 4, (const int32_t[]){0, 1, 2, 3}, (const int32_t[]){1, 2, 3, 1}, oo, oa, io, ia);
  CHECK(trueno_graph_toposort(5, oo, oa, io, ia, order, &placed) == TRUENO_OK && placed == 2, "cycle: placed %lld", (long long)placed);
  /* walked back from 1 (the smallest left): 1 <- 3 <- 2 <- 1, written forwards from 2 */
  CHECK(order[0] == 0 && order[1] == 4 && order[2] == 2 && order[3] == 3 && order[4] == 1, "the cycle 2 -> 3 -> 1 -> 2");
  /* a self-loop is a cycle of one */
  sides(2, 2, (const int32_t[]){0, 1}, (const int32_t[]){1, 1}, oo, oa, io, ia);
  CHECK(trueno_graph_toposort(2, oo, oa, io, ia, order, &placed) == TRUENO_OK && placed == 1 && order[1] == 1, "self-loop");
  CHECK(trueno_graph_toposort(0, oo, NULL, io, NULL, NULL, &placed) == TRUENO_OK && placed == 0, "empty");
  /* EINVAL: sides of different sizes, a bad neighbour, no output; order untouched */
  sides(4, 3, (const int32_t[]){3, 2, 1}, (const int32_t[]){0, 1, 0}, oo, oa, io, ia);
  for (int i = 0; i < 4; i++) order[i] = -9;
  const int32_t fewer[] = {0, 0, 0, 1, 1};
  CHECK(trueno_graph_toposort(4, oo, oa, fewer, ia, order, &placed) == TRUENO_EINVAL, "entry counts differ");
  oa[1] = 4;
  CHECK(trueno_graph_toposort(4, oo, oa, io, ia, order, &placed) == TRUENO_EINVAL, "neighbour out of range");
  oa[1] = 0;
  CHECK(trueno_graph_toposort(4, oo, oa, io, ia, NULL, &placed) == TRUENO_EINVAL, "no order");
  CHECK(order[0] == -9, "a refused call leaves order untouched");
}

/* A random weighted graph: several levels, every trial, both thread counts; labels dense and the same each time. */
static void test_louvain_random(void) {
  enum { N = 300, M = 1200 };
  static int32_t s[M], d[M], off[N + 1], adj[2 * M], ids[2 * M], labels[N], again[N];
  static double w[M], wout[2 * M];
  for (unsigned i = 0; i < M; i++) {
    s[i] = (int32_t)((check_sym(1, i) + 1) / 2 * N);
    d[i] = (int32_t)((check_sym(2, i) + 1) / 2 * N);
    w[i] = (check_sym(3, i) + 1) * 2;
  }
  CHECK(trueno_graph_csr(N, M, s, d, w, 1, off, adj, ids, wout) == TRUENO_OK, "random csr");
  double q1 = 0, q2 = 0;
  trueno_set_threads(1);
  CHECK(trueno_graph_louvain(N, off, adj, wout, 1.0, 99, -1, 6, labels, &q1) == TRUENO_OK, "random louvain");
  trueno_set_threads(2);
  CHECK(trueno_graph_louvain(N, off, adj, wout, 1.0, 99, -1, 6, again, &q2) == TRUENO_OK, "random louvain, 2 threads");
  CHECK(q1 == q2 && memcmp(labels, again, sizeof labels) == 0, "thread count changes nothing");
  CHECK(q1 > 0.3 && q1 < 1, "modularity %g", q1);
  int32_t top = -1, ok = labels[0] == 0;
  for (int v = 0; v < N; v++) {
    ok &= labels[v] >= 0 && labels[v] <= top + 1;
    if (labels[v] > top) top = labels[v];
  }
  CHECK(ok, "labels numbered by first appearance");
}

int main(void) {
  test_louvain();
  test_louvain_random();
  test_mst();
  test_toposort();
  return check_report("test_graph_structure");
}
