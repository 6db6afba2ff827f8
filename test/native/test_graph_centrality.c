/*
 * Graph kernels (trueno.h "graph") DFS, betweenness and triangles with 1 and 2 threads: DFS on a hand-checked graph,
 * betweenness against a textbook Brandes with predecessor lists (unweighted and weighted, ties and zero weights on
 * purpose) and known values, the same bits for 1 and 2 threads, triangles against a brute-force count over node
 * triples, and every EINVAL case (with the output left untouched).
 */
#include "check.h"

#include <stdint.h>
#include <string.h>

#define RN 300
#define RM 2400

static int32_t rsrc[RM], rdst[RM], off[RN + 1], adj[2 * RM], ids[2 * RM], ioff[RN + 1], iadj[2 * RM], iids[2 * RM];
static double rw[RM], wout[2 * RM], iwout[2 * RM];

static void make_random(void) {
  for (unsigned e = 0; e < RM; e++) {
    rsrc[e] = (int32_t)((check_sym(11, e) + 1) / 2 * RN);
    rdst[e] = (int32_t)((check_sym(12, e) + 1) / 2 * RN);
    if (e % 53 == 0) rdst[e] = rsrc[e];                             /* self-loops */
    if (e % 47 == 1) rsrc[e] = rsrc[e - 1], rdst[e] = rdst[e - 1]; /* multi-edges */
    rw[e] = e % 31 == 0 ? 0 : (double)(int)((check_sym(13, e) + 1) * 4); /* small integers: ties, and zeros */
  }
}

/* Textbook Brandes (predecessor lists, a plain O(n^2) Dijkstra) summed over every source, into bc. */
static void brandes(int32_t n, const int32_t *o, const int32_t *a, const double *w, double *bc) {
  double *sigma = malloc(n * sizeof(double)), *dist = malloc(n * sizeof(double)), *delta = malloc(n * sizeof(double));
  int32_t *stack = malloc(n * sizeof(int32_t)), *npred = malloc(n * sizeof(int32_t)), *done = malloc(n * sizeof(int32_t));
  int32_t *pred = malloc(2 * (size_t)o[n] * 2 * sizeof(int32_t)); /* (node, predecessor) pairs: one per entry at most */
  for (int v = 0; v < n; v++) bc[v] = 0;
  for (int32_t s = 0; s < n; s++) {
    /* predecessors stored as (w, v) pairs in a list; small graphs, so a quadratic scan is fine */
    int32_t npairs = 0;
    for (int v = 0; v < n; v++) sigma[v] = 0, dist[v] = INFINITY, delta[v] = 0, done[v] = 0, npred[v] = 0;
    sigma[s] = 1, dist[s] = 0;
    int32_t top = 0;
    for (;;) {
      int32_t u = -1;
      for (int v = 0; v < n; v++)
        if (!done[v] && dist[v] < INFINITY && (u < 0 || dist[v] < dist[u])) u = v;
      if (u < 0) break;
      done[u] = 1;
      stack[top++] = u;
      for (int32_t e = o[u]; e < o[u + 1]; e++) {
        const int32_t v = a[e];
        const double nd = dist[u] + (w ? w[e] : 1);
        if (done[v]) continue;
        if (nd < dist[v]) {
          dist[v] = nd, sigma[v] = sigma[u];
          for (int32_t k = 0; k < npairs; k++)
            if (pred[2 * k] == v) pred[2 * k] = -1; /* forget v's old predecessors */
          pred[2 * npairs] = v, pred[2 * npairs + 1] = u, npairs++;
        } else if (nd == dist[v]) {
          sigma[v] += sigma[u];
          pred[2 * npairs] = v, pred[2 * npairs + 1] = u, npairs++;
        }
      }
    }
    while (top > 0) {
      const int32_t x = stack[--top];
      for (int32_t k = 0; k < npairs; k++)
        if (pred[2 * k] == x) delta[pred[2 * k + 1]] += sigma[pred[2 * k + 1]] / sigma[x] * (1 + delta[x]);
      if (x != s) bc[x] += delta[x];
    }
  }
  free(sigma), free(dist), free(delta), free(stack), free(npred), free(done), free(pred);
}

static void test_dfs(void) {
  /* 0 -> 1 -> 2 -> 0, 0 -> 3, 3 -> 2, 4 isolated */
  const int32_t s[] = {0, 1, 2, 0, 3}, d[] = {1, 2, 0, 3, 2};
  int32_t o[6], a[5], id[5], io[6], ia[5], iid[5], ord[5], par[5], disc[5], fin[5];
  int64_t visited = 0;
  CHECK(trueno_graph_csr(5, 5, s, d, NULL, 0, o, a, id, NULL) == TRUENO_OK, "csr");
  CHECK(trueno_graph_csr(5, 5, d, s, NULL, 0, io, ia, iid, NULL) == TRUENO_OK, "in csr");
  CHECK(trueno_graph_dfs(5, o, a, NULL, NULL, 0, ord, par, disc, fin, &visited) == TRUENO_OK && visited == 4, "dfs");
  CHECK(ord[0] == 0 && ord[1] == 1 && ord[2] == 2 && ord[3] == 3, "preorder follows entries in order");
  CHECK(par[0] == -1 && par[1] == 0 && par[2] == 1 && par[3] == 0 && par[4] == -1, "parents");
  CHECK(disc[0] == 0 && disc[1] == 1 && disc[2] == 2 && fin[2] == 3 && fin[1] == 4 && disc[3] == 5 && fin[3] == 6 && fin[0] == 7,
        "discovery and finish on one clock");
  CHECK(disc[4] == -1 && fin[4] == -1, "unreached");
  CHECK(trueno_graph_dfs(5, io, ia, NULL, NULL, 2, ord, par, disc, fin, &visited) == TRUENO_OK && visited == 4 &&
            ord[1] == 1 && ord[2] == 0 && ord[3] == 3, "reversed edges");
  CHECK(trueno_graph_dfs(5, o, a, io, ia, 4, ord, par, disc, fin, &visited) == TRUENO_OK && visited == 1, "an isolated source");
  /* a 300000-node path: no recursion */
  enum { P = 300000 };
  int32_t *ps = malloc(P * sizeof(int32_t)), *pd = malloc(P * sizeof(int32_t)), *po = malloc((P + 1) * sizeof(int32_t));
  int32_t *pa = malloc(P * sizeof(int32_t)), *pid = malloc(P * sizeof(int32_t)), *pord = malloc(P * sizeof(int32_t));
  int32_t *ppar = malloc(P * sizeof(int32_t)), *pdisc = malloc(P * sizeof(int32_t)), *pfin = malloc(P * sizeof(int32_t));
  for (int i = 0; i < P; i++) ps[i] = i, pd[i] = (i + 1) % P;
  CHECK(trueno_graph_csr(P, P, ps, pd, NULL, 0, po, pa, pid, NULL) == TRUENO_OK, "path csr");
  CHECK(trueno_graph_dfs(P, po, pa, NULL, NULL, 0, pord, ppar, pdisc, pfin, &visited) == TRUENO_OK && visited == P &&
            pord[P - 1] == P - 1 && pfin[0] == 2 * P - 1 && pdisc[P - 1] == P - 1, "a long path");
  free(ps), free(pd), free(po), free(pa), free(pid), free(pord), free(ppar), free(pdisc), free(pfin);
  /* EINVAL, outputs untouched */
  ord[0] = 42;
  CHECK(trueno_graph_dfs(5, o, a, NULL, NULL, 5, ord, par, disc, fin, &visited) == TRUENO_EINVAL && ord[0] == 42, "source out of range");
  CHECK(trueno_graph_dfs(5, o, a, NULL, NULL, -1, ord, par, disc, fin, &visited) == TRUENO_EINVAL, "negative source");
  int32_t bad[5] = {1, 2, 0, 9, 2};
  CHECK(trueno_graph_dfs(5, o, bad, NULL, NULL, 0, ord, par, disc, fin, &visited) == TRUENO_EINVAL && ord[0] == 42, "neighbour out of range");
  CHECK(trueno_graph_dfs(5, o, a, NULL, NULL, 0, NULL, par, disc, fin, &visited) == TRUENO_EINVAL, "NULL output");
  CHECK(trueno_graph_dfs(0, o, a, NULL, NULL, 0, ord, par, disc, fin, &visited) == TRUENO_EINVAL, "empty graph has no source");
}

static void test_betweenness(void) {
  static double got1[RN], got2[RN], want[RN];
  static int32_t all[RN];
  for (int v = 0; v < RN; v++) all[v] = v;
  for (int symmetric = 0; symmetric < 2; symmetric++) {
    CHECK(trueno_graph_csr(RN, RM, rsrc, rdst, rw, symmetric, off, adj, ids, wout) == TRUENO_OK, "csr");
    for (int weighted = 0; weighted < 2; weighted++) {
      const double *w = weighted ? wout : NULL;
      trueno_set_threads(1);
      CHECK(trueno_graph_betweenness(RN, off, adj, w, RN, all, got1) == TRUENO_OK, "betweenness 1 thread");
      trueno_set_threads(2);
      CHECK(trueno_graph_betweenness(RN, off, adj, w, RN, all, got2) == TRUENO_OK, "betweenness 2 threads");
      CHECK(memcmp(got1, got2, sizeof got1) == 0, "same bits for 1 and 2 threads (symmetric %d weighted %d)", symmetric, weighted);
      brandes(RN, off, adj, w, want);
      double worst = 0, largest = 0;
      for (int v = 0; v < RN; v++) worst = fmax(worst, fabs(got1[v] - want[v])), largest = fmax(largest, want[v]);
      CHECK(largest > 10 && worst <= 1e-9 * largest, "matches textbook Brandes (symmetric %d weighted %d: %g of %g)", symmetric,
            weighted, worst, largest);
    }
  }
  /* a directed path 0 -> 1 -> 2 and an undirected star: known values */
  const int32_t ps[] = {0, 1}, pd[] = {1, 2}, ss[] = {0, 0, 0}, sd[] = {1, 2, 3};
  int32_t o[5], a[6], id[6];
  double bc[4];
  CHECK(trueno_graph_csr(3, 2, ps, pd, NULL, 0, o, a, id, NULL) == TRUENO_OK, "path");
  CHECK(trueno_graph_betweenness(3, o, a, NULL, 3, all, bc) == TRUENO_OK && bc[0] == 0 && bc[1] == 1 && bc[2] == 0, "path values");
  CHECK(trueno_graph_csr(4, 3, ss, sd, NULL, 1, o, a, id, NULL) == TRUENO_OK, "star");
  CHECK(trueno_graph_betweenness(4, o, a, NULL, 4, all, bc) == TRUENO_OK && bc[0] == 6 && bc[1] == 0, "star: 3 pairs, both ways");
  const int32_t one[] = {1, 1};
  CHECK(trueno_graph_betweenness(4, o, a, NULL, 2, one, bc) == TRUENO_OK && bc[0] == 4, "a repeated source adds twice");
  CHECK(trueno_graph_betweenness(4, o, a, NULL, 0, one, bc) == TRUENO_OK && bc[0] == 0, "no sources: zeros");
  /* EINVAL, output untouched */
  double ww[6] = {1, 1, NAN, 1, 1, 1};
  bc[0] = 42;
  CHECK(trueno_graph_betweenness(4, o, a, ww, 4, all, bc) == TRUENO_EINVAL && bc[0] == 42, "NaN weight");
  ww[2] = -1;
  CHECK(trueno_graph_betweenness(4, o, a, ww, 4, all, bc) == TRUENO_EINVAL && bc[0] == 42, "negative weight");
  ww[2] = INFINITY;
  CHECK(trueno_graph_betweenness(4, o, a, ww, 4, all, bc) == TRUENO_EINVAL && bc[0] == 42, "infinite weight");
  const int32_t far[] = {4};
  CHECK(trueno_graph_betweenness(4, o, a, NULL, 1, far, bc) == TRUENO_EINVAL && bc[0] == 42, "source out of range");
  CHECK(trueno_graph_betweenness(4, o, a, NULL, 1, NULL, bc) == TRUENO_EINVAL, "NULL sources");
  int32_t corrupt[6] = {1, 2, 3, 0, 0, -1};
  CHECK(trueno_graph_betweenness(4, o, corrupt, NULL, 4, all, bc) == TRUENO_EINVAL && bc[0] == 42, "neighbour out of range");
  CHECK(trueno_graph_betweenness(0, o, a, NULL, 0, all, NULL) == TRUENO_OK, "empty graph");
}

/* Brute-force triangles of the simple undirected graph of the random edges. */
static int64_t brute_triangles(int32_t *per) {
  static uint8_t m[RN][RN];
  memset(m, 0, sizeof m);
  for (int e = 0; e < RM; e++)
    if (rsrc[e] != rdst[e]) m[rsrc[e]][rdst[e]] = m[rdst[e]][rsrc[e]] = 1;
  int64_t total = 0;
  memset(per, 0, RN * sizeof(int32_t));
  for (int u = 0; u < RN; u++)
    for (int v = u + 1; v < RN; v++)
      if (m[u][v])
        for (int w = v + 1; w < RN; w++)
          if (m[u][w] && m[v][w]) per[u]++, per[v]++, per[w]++, total++;
  return total;
}

static void test_triangles(void) {
  static int32_t t1[RN], t2[RN], deg[RN], want[RN];
  const int64_t expected = brute_triangles(want);
  CHECK(expected > 10, "the random graph has triangles (%lld)", (long long)expected);
  CHECK(trueno_graph_csr(RN, RM, rsrc, rdst, NULL, 0, off, adj, ids, NULL) == TRUENO_OK, "out csr");
  CHECK(trueno_graph_csr(RN, RM, rdst, rsrc, NULL, 0, ioff, iadj, iids, NULL) == TRUENO_OK, "in csr");
  int64_t total1 = 0, total2 = 0;
  trueno_set_threads(1);
  CHECK(trueno_graph_triangles(RN, off, adj, ioff, iadj, t1, deg, &total1) == TRUENO_OK, "directed, 1 thread");
  trueno_set_threads(2);
  CHECK(trueno_graph_triangles(RN, off, adj, ioff, iadj, t2, deg, &total2) == TRUENO_OK, "directed, 2 threads");
  CHECK(total1 == expected && total2 == expected && memcmp(t1, want, sizeof t1) == 0 && memcmp(t2, want, sizeof t2) == 0,
        "directed: the brute-force counts (%lld, %lld vs %lld)", (long long)total1, (long long)total2, (long long)expected);
  static uint8_t seen[RN][RN];
  memset(seen, 0, sizeof seen);
  int ok = 1;
  for (int e = 0; e < RM; e++)
    if (rsrc[e] != rdst[e]) seen[rsrc[e]][rdst[e]] = seen[rdst[e]][rsrc[e]] = 1;
  for (int v = 0; v < RN; v++) {
    int d = 0;
    for (int w = 0; w < RN; w++) d += seen[v][w];
    ok &= d == deg[v];
  }
  CHECK(ok, "degrees count distinct neighbours, self-loops left out");
  CHECK(trueno_graph_csr(RN, RM, rsrc, rdst, NULL, 1, off, adj, ids, NULL) == TRUENO_OK, "symmetric csr");
  CHECK(trueno_graph_triangles(RN, off, adj, NULL, NULL, t1, deg, &total1) == TRUENO_OK && total1 == expected &&
            memcmp(t1, want, sizeof t1) == 0, "undirected: the same counts");
  /* EINVAL, outputs untouched */
  t1[0] = 42;
  int32_t o[4] = {0, 2, 3, 4}, a[4] = {2, 1, 0, 0};
  CHECK(trueno_graph_triangles(3, o, a, NULL, NULL, t1, deg, &total1) == TRUENO_EINVAL && t1[0] == 42, "an unsorted run");
  a[0] = 1, a[1] = 3;
  CHECK(trueno_graph_triangles(3, o, a, NULL, NULL, t1, deg, &total1) == TRUENO_EINVAL && t1[0] == 42, "neighbour out of range");
  a[1] = 2;
  CHECK(trueno_graph_triangles(3, o, a, NULL, NULL, NULL, deg, &total1) == TRUENO_EINVAL, "NULL output");
  CHECK(trueno_graph_triangles(3, o, a, NULL, NULL, t1, deg, &total1) == TRUENO_OK && total1 == 0, "an unsymmetric CSR is read, not trusted");
  CHECK(trueno_graph_triangles(0, o, a, NULL, NULL, NULL, NULL, &total1) == TRUENO_OK && total1 == 0, "empty graph");
}

int main(void) {
  make_random();
  for (int threads = 1; threads <= 2; threads++) {
    trueno_set_threads(threads);
    test_dfs();
  }
  test_betweenness();
  test_triangles();
  return check_report("test_graph_centrality");
}
