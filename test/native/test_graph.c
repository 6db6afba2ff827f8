/*
 * Graph kernels (trueno.h "graph") with 1 and 2 threads: the CSR of a random multigraph (sorted runs, stable edge
 * ids, weights carried, symmetric form), BFS / Dijkstra on hand-checked graphs, PageRank against a direct power
 * iteration and its thread-count independence, weak and strong components on known graphs (a long path for the
 * iterative Tarjan), and every EINVAL case (with the output left untouched).
 */
#include "check.h"

#include <stdint.h>
#include <string.h>

#define RN 5000
#define RM 60000 /* entries enough to be split over threads */

static int32_t rsrc[RM], rdst[RM], off[RN + 1], adj[2 * RM], ids[2 * RM], off2[RN + 1], adj2[2 * RM], ids2[2 * RM];
static double rw[RM], wout[2 * RM];

static void make_random(void) {
  for (unsigned e = 0; e < RM; e++) {
    rsrc[e] = (int32_t)((check_sym(1, e) + 1) / 2 * RN);
    rdst[e] = (int32_t)((check_sym(2, e) + 1) / 2 * RN);
    if (e % 97 == 0) rdst[e] = rsrc[e];             /* self-loops */
    if (e % 89 == 1) rsrc[e] = rsrc[e - 1], rdst[e] = rdst[e - 1]; /* multi-edges */
    rw[e] = (check_sym(3, e) + 1) * 10;
  }
}

static void test_csr(void) {
  CHECK(trueno_graph_csr(RN, RM, rsrc, rdst, rw, 0, off, adj, ids, wout) == TRUENO_OK, "directed csr");
  int ok = off[0] == 0 && off[RN] == RM;
  for (int v = 0; v < RN && ok; v++) {
    for (int32_t e = off[v]; e < off[v + 1] && ok; e++) {
      ok = rsrc[ids[e]] == v && rdst[ids[e]] == adj[e] && wout[e] == rw[ids[e]];
      if (e > off[v]) ok = ok && (adj[e - 1] < adj[e] || (adj[e - 1] == adj[e] && ids[e - 1] < ids[e]));
    }
  }
  CHECK(ok, "runs hold each node's edges sorted by (target, edge id), weights carried");
  /* the symmetric form is the same with 1 thread and 2 */
  trueno_set_threads(1);
  CHECK(trueno_graph_csr(RN, RM, rsrc, rdst, NULL, 1, off2, adj2, ids2, NULL) == TRUENO_OK, "symmetric csr, 1 thread");
  trueno_set_threads(2);
  CHECK(trueno_graph_csr(RN, RM, rsrc, rdst, NULL, 1, off, adj, ids, NULL) == TRUENO_OK, "symmetric csr, 2 threads");
  CHECK(off[RN] == 2 * RM && memcmp(off, off2, sizeof off) == 0 && memcmp(adj, adj2, sizeof adj) == 0 &&
            memcmp(ids, ids2, sizeof ids) == 0, "symmetric csr independent of threads");
  int32_t loops = 0;
  for (int v = 0; v < RN; v++)
    for (int32_t e = off[v]; e < off[v + 1]; e++) loops += adj[e] == v;
  int32_t expected = 0;
  for (int e = 0; e < RM; e++) expected += rsrc[e] == rdst[e];
  CHECK(loops == 2 * expected, "a self-loop is stored twice in the symmetric form");
}

/* 0 -> 1 -> 2 -> 0 (a cycle), 2 -> 3, 4 isolated, 5 -> 4 */
static const int32_t S[] = {0, 1, 2, 2, 5}, D[] = {1, 2, 0, 3, 4};
static const double W[] = {1, 2, 4, 0.5, 1};

static void small_csr(int32_t *o, int32_t *a, int32_t *id, double *w, int reverse) {
  CHECK(trueno_graph_csr(6, 5, reverse ? D : S, reverse ? S : D, W, 0, o, a, id, w) == TRUENO_OK, "small csr");
}

static void test_traversals(void) {
  int32_t o[7], a[5], id[5], io[7], ia[5], iid[5], dist[6], par[6], ord[6];
  double w[5], iw[5], dd[6];
  int64_t visited = 0;
  small_csr(o, a, id, w, 0);
  small_csr(io, ia, iid, iw, 1);
  const int32_t src0[] = {0};
  CHECK(trueno_graph_bfs(6, o, a, NULL, NULL, 1, src0, -1, dist, par, ord, &visited) == TRUENO_OK, "bfs");
  CHECK(visited == 4 && dist[0] == 0 && dist[1] == 1 && dist[2] == 2 && dist[3] == 3 && dist[4] == -1 && dist[5] == -1, "bfs distances");
  CHECK(par[3] == 2 && par[0] == -1 && ord[3] == 3, "bfs parents and order");
  CHECK(trueno_graph_bfs(6, o, a, NULL, NULL, 1, src0, 1, dist, par, ord, &visited) == TRUENO_OK && visited == 2 && dist[2] == -1, "maxDepth");
  const int32_t two[] = {4, 3, 4};
  CHECK(trueno_graph_bfs(6, o, a, io, ia, 3, two, -1, dist, par, ord, &visited) == TRUENO_OK, "both directions, multi-source");
  CHECK(visited == 6 && dist[5] == 1 && dist[2] == 1 && dist[0] == 2 && dist[1] == 2 && ord[0] == 4 && ord[1] == 3, "multi-source with a repeat");
  CHECK(trueno_graph_dijkstra(6, o, a, w, NULL, NULL, NULL, 1, -1, dd, par) == TRUENO_OK, "dijkstra");
  CHECK(dd[1] == 0 && dd[2] == 2 && dd[0] == 6 && dd[3] == 2.5 && isinf(dd[4]) && par[3] == 2 && par[1] == -1, "dijkstra distances");
  double bad[5] = {1, 2, NAN, 0.5, 1};
  dd[0] = 42;
  CHECK(trueno_graph_dijkstra(6, o, a, bad, NULL, NULL, NULL, 1, -1, dd, par) == TRUENO_EINVAL && dd[0] == 42, "NaN weight rejected");
  bad[2] = -1;
  CHECK(trueno_graph_dijkstra(6, o, a, bad, NULL, NULL, NULL, 1, -1, dd, par) == TRUENO_EINVAL, "negative weight rejected");
  CHECK(trueno_graph_dijkstra(6, o, a, w, NULL, NULL, NULL, 6, -1, dd, par) == TRUENO_EINVAL, "source out of range");
  const int32_t out_of_range[] = {6};
  CHECK(trueno_graph_bfs(6, o, a, NULL, NULL, 1, out_of_range, -1, dist, par, ord, &visited) == TRUENO_EINVAL, "bfs source out of range");
  int32_t corrupt[5] = {1, 2, 7, 3, 4};
  CHECK(trueno_graph_bfs(6, o, corrupt, NULL, NULL, 1, src0, -1, dist, par, ord, &visited) == TRUENO_EINVAL, "neighbour out of range");
  int32_t desc[7] = {0, 2, 1, 3, 4, 5, 5};
  CHECK(trueno_graph_bfs(6, desc, a, NULL, NULL, 1, src0, -1, dist, par, ord, &visited) == TRUENO_EINVAL, "decreasing offsets");
  int32_t labels[6], sizes[6];
  int64_t count = 0;
  CHECK(trueno_graph_scc(6, o, a, labels, sizes, &count) == TRUENO_OK && count == 4, "scc count");
  CHECK(labels[0] == 0 && labels[1] == 0 && labels[2] == 0 && labels[3] == 1 && labels[4] == 2 && labels[5] == 3 && sizes[0] == 3, "scc labels by smallest node");
  CHECK(trueno_graph_wcc(6, o, a, labels, sizes, &count) == TRUENO_OK && count == 2, "wcc count");
  CHECK(labels[3] == 0 && labels[5] == 1 && sizes[0] == 4 && sizes[1] == 2, "wcc labels and sizes");
}

static void test_long_path(void) {
  /* a 200000-node path and its back edge: one SCC, found without recursion */
  enum { P = 200000 };
  int32_t *s = malloc(P * sizeof(int32_t)), *d = malloc(P * sizeof(int32_t)), *o = malloc((P + 1) * sizeof(int32_t));
  int32_t *a = malloc(P * sizeof(int32_t)), *id = malloc(P * sizeof(int32_t)), *labels = malloc(P * sizeof(int32_t));
  int32_t *sizes = malloc(P * sizeof(int32_t));
  for (int i = 0; i < P; i++) s[i] = i, d[i] = (i + 1) % P;
  int64_t count = 0;
  CHECK(trueno_graph_csr(P, P, s, d, NULL, 0, o, a, id, NULL) == TRUENO_OK, "path csr");
  CHECK(trueno_graph_scc(P, o, a, labels, sizes, &count) == TRUENO_OK && count == 1 && sizes[0] == P, "one big SCC");
  free(s), free(d), free(o), free(a), free(id), free(labels), free(sizes);
}

static void test_pagerank(void) {
  /* in-CSR of the random multigraph, unweighted and weighted, against a plain power iteration here */
  static double rank1[RN], rank2[RN], x[RN], nx[RN], strength[RN];
  CHECK(trueno_graph_csr(RN, RM, rdst, rsrc, rw, 0, off, adj, ids, wout) == TRUENO_OK, "in csr");
  for (int weighted = 0; weighted < 2; weighted++) {
    int64_t it1 = 0, it2 = 0;
    trueno_set_threads(1);
    CHECK(trueno_graph_pagerank(RN, off, adj, weighted ? wout : NULL, 0.85, NULL, 1e-12, 1000, rank1, &it1) == TRUENO_OK, "pagerank 1t");
    trueno_set_threads(2);
    CHECK(trueno_graph_pagerank(RN, off, adj, weighted ? wout : NULL, 0.85, NULL, 1e-12, 1000, rank2, &it2) == TRUENO_OK, "pagerank 2t");
    CHECK(it1 > 0 && it1 == it2 && memcmp(rank1, rank2, sizeof rank1) == 0, "same bits for 1 and 2 threads");
    memset(strength, 0, sizeof strength);
    for (int e = 0; e < RM; e++) strength[rsrc[e]] += weighted ? rw[e] : 1;
    for (int v = 0; v < RN; v++) x[v] = 1.0 / RN;
    for (int64_t k = 0; k < it1; k++) {
      double dangling = 0;
      for (int v = 0; v < RN; v++) {
        if (strength[v] == 0) dangling += x[v];
        nx[v] = 0;
      }
      for (int e = 0; e < RM; e++) nx[rdst[e]] += x[rsrc[e]] * (weighted ? rw[e] : 1) / strength[rsrc[e]];
      for (int v = 0; v < RN; v++) nx[v] = 0.85 * (nx[v] + dangling / RN) + 0.15 / RN;
      memcpy(x, nx, sizeof x);
    }
    double total = 0, worst = 0;
    for (int v = 0; v < RN; v++) total += x[v];
    for (int v = 0; v < RN; v++) worst = fmax(worst, fabs(rank1[v] - x[v] / total));
    CHECK(worst < 1e-14, "pagerank matches a direct power iteration (%g)", worst);
  }
  int64_t it = 0;
  double p[RN];
  for (int v = 0; v < RN; v++) p[v] = v == 7 ? 1 : 0;
  CHECK(trueno_graph_pagerank(RN, off, adj, NULL, 0.85, p, 1e-12, 1000, rank1, &it) == TRUENO_OK, "personalized");
  CHECK(rank1[7] > 0.15, "personalization concentrates rank on node 7");
  CHECK(trueno_graph_pagerank(RN, off, adj, NULL, 0.85, NULL, 1e-300, 3, rank1, &it) == TRUENO_OK && it == -3, "no convergence reported");
  rank1[0] = 42;
  CHECK(trueno_graph_pagerank(RN, off, adj, NULL, 1.5, NULL, 1e-6, 100, rank1, &it) == TRUENO_EINVAL && rank1[0] == 42, "damping > 1");
  CHECK(trueno_graph_pagerank(RN, off, adj, NULL, 0.85, NULL, NAN, 100, rank1, &it) == TRUENO_EINVAL, "NaN tol");
  CHECK(trueno_graph_pagerank(RN, off, adj, NULL, 0.85, NULL, 1e-6, 0, rank1, &it) == TRUENO_EINVAL, "maxIter 0");
  p[7] = 0;
  CHECK(trueno_graph_pagerank(RN, off, adj, NULL, 0.85, p, 1e-6, 100, rank1, &it) == TRUENO_EINVAL, "all-zero personalization");
  p[7] = NAN;
  CHECK(trueno_graph_pagerank(RN, off, adj, NULL, 0.85, p, 1e-6, 100, rank1, &it) == TRUENO_EINVAL, "NaN personalization");
  CHECK(trueno_graph_pagerank(0, off, adj, NULL, 0.85, NULL, 1e-6, 100, rank1, &it) == TRUENO_EINVAL, "empty graph");
}

static void test_bad_csr_input(void) {
  int32_t o[4] = {7, 7, 7, 7}, a[2], id[2];
  const int32_t s[] = {0, 3}, d[] = {1, 0};
  CHECK(trueno_graph_csr(3, 2, s, d, NULL, 0, o, a, id, NULL) == TRUENO_EINVAL && o[0] == 7, "id out of range, output untouched");
  const int32_t neg[] = {0, -1};
  CHECK(trueno_graph_csr(3, 2, neg, d, NULL, 0, o, a, id, NULL) == TRUENO_EINVAL, "negative id");
  CHECK(trueno_graph_csr((size_t)INT32_MAX + 1, 0, NULL, NULL, NULL, 0, o, a, id, NULL) == TRUENO_EINVAL, "n too large");
  CHECK(trueno_graph_csr(3, (size_t)INT32_MAX, s, d, NULL, 1, o, a, id, NULL) == TRUENO_EINVAL, "2m entries too many");
  CHECK(trueno_graph_csr(3, 2, s, d, rw, 0, o, a, id, NULL) == TRUENO_EINVAL, "weights without an output");
  CHECK(trueno_graph_csr(3, 0, NULL, NULL, NULL, 1, o, a, id, NULL) == TRUENO_OK && o[0] == 0 && o[3] == 0, "no edges");
  CHECK(trueno_graph_wcc(0, o, NULL, NULL, NULL, NULL) == TRUENO_OK, "empty graph has no components");
}

int main(void) {
  make_random();
  for (int threads = 1; threads <= 2; threads++) {
    trueno_set_threads(threads);
    test_csr();
    test_traversals();
  }
  test_long_path();
  test_pagerank();
  test_bad_csr_input();
  return check_report("test_graph");
}
