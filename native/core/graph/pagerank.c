/*
 * trueno_graph_pagerank: power iteration as networkx and igraph define PageRank, pulled over the in-CSR so each
 * node's new rank is one sequential sum (no atomics): x'[v] = d * (sum_{u->v} w_uv x[u] / s_u + D p[v]) + (1 - d) p[v],
 * s_u the out-strength of u, D the rank held by dangling nodes (s_u == 0), p the personalization (uniform when
 * absent). It stops when the L1 change sum |x' - x| drops below tol. The reductions (D, the change, the final
 * normalization) add fixed GRAPH_BLOCK-node partials in block order, so the bits never depend on the thread count.
 */
#include "graph/graph.h"
#include "runtime/threadpool.h"

#include <math.h>

typedef struct {
  size_t n;
  const int32_t *offsets, *sources;
  const double *weights, *strength, *p;
  double damping, dangling;
  const double *x;
  double *next, *contrib, *partial;
} pagerank_job;

static void contributions(void *ctx, size_t begin, size_t end) {
  pagerank_job *j = ctx;
  for (size_t b = begin; b < end; b++) {
    double dangling = 0;
    for (size_t u = b * GRAPH_BLOCK, stop = u + GRAPH_BLOCK < j->n ? u + GRAPH_BLOCK : j->n; u < stop; u++) {
      if (j->strength[u] > 0) {
        j->contrib[u] = j->x[u] / j->strength[u];
      } else {
        j->contrib[u] = 0;
        dangling += j->x[u];
      }
    }
    j->partial[b] = dangling;
  }
}

static void pull(void *ctx, size_t begin, size_t end) {
  pagerank_job *j = ctx;
  const double d = j->damping, teleport = 1 - j->damping;
  for (size_t b = begin; b < end; b++) {
    double change = 0;
    for (size_t v = b * GRAPH_BLOCK, stop = v + GRAPH_BLOCK < j->n ? v + GRAPH_BLOCK : j->n; v < stop; v++) {
      double s = 0;
      if (j->weights) {
        for (int32_t e = j->offsets[v]; e < j->offsets[v + 1]; e++) s += j->weights[e] * j->contrib[j->sources[e]];
      } else {
        for (int32_t e = j->offsets[v]; e < j->offsets[v + 1]; e++) s += j->contrib[j->sources[e]];
      }
      const double pv = j->p ? j->p[v] : 1.0 / (double)j->n;
      const double x = d * (s + j->dangling * pv) + teleport * pv;
      change += fabs(x - j->x[v]);
      j->next[v] = x;
    }
    j->partial[b] = change;
  }
}

static double sum_blocks(const double *partial, size_t nblocks) {
  double s = 0;
  for (size_t b = 0; b < nblocks; b++) s += partial[b];
  return s;
}

int trueno_graph_pagerank(size_t n, const int32_t *in_offsets, const int32_t *in_sources, const double *in_weights,
                          double damping, const double *personalization, double tol, int32_t max_iter, double *rank,
                          int64_t *iterations) {
  if (!graph_csr_ok(n, in_offsets, in_sources) || n == 0 || rank == NULL) return TRUENO_EINVAL;
  if (!(damping >= 0 && damping <= 1) || !(tol >= 0 && tol < INFINITY) || max_iter < 1) return TRUENO_EINVAL;
  const size_t m = (size_t)in_offsets[n], nblocks = (n + GRAPH_BLOCK - 1) / GRAPH_BLOCK;
  if (in_weights)
    for (size_t e = 0; e < m; e++)
      if (!(in_weights[e] >= 0 && in_weights[e] < INFINITY)) return TRUENO_EINVAL;
  double psum = 0;
  if (personalization) {
    for (size_t v = 0; v < n; v++) {
      if (!(personalization[v] >= 0 && personalization[v] < INFINITY)) return TRUENO_EINVAL;
      psum += personalization[v];
    }
    if (!(psum > 0 && psum < INFINITY)) return TRUENO_EINVAL;
  }
  double *strength = calloc(n, sizeof(double)), *x = malloc(n * sizeof(double)), *contrib = malloc(n * sizeof(double));
  double *partial = malloc(nblocks * sizeof(double)), *p = personalization ? malloc(n * sizeof(double)) : NULL;
  if (!strength || !x || !contrib || !partial || (personalization && !p)) {
    free(strength), free(x), free(contrib), free(partial), free(p);
    return TRUENO_ENOMEM;
  }
  /* Out-strengths in entry order (by target, then source): the order a row sum of the adjacency matrix takes. */
  for (size_t e = 0; e < m; e++) strength[in_sources[e]] += in_weights ? in_weights[e] : 1.0;
  if (p)
    for (size_t v = 0; v < n; v++) p[v] = personalization[v] / psum;
  for (size_t v = 0; v < n; v++) x[v] = 1.0 / (double)n;
  pagerank_job j = {n, in_offsets, in_sources, in_weights, strength, p, damping, 0, x, rank, contrib, partial};
  int32_t it = 0;
  int converged = 0;
  while (it < max_iter) {
    trueno_parallel_for(nblocks, 4, 1, contributions, &j);
    j.dangling = sum_blocks(partial, nblocks);
    trueno_parallel_for(nblocks, 4, 1, pull, &j);
    it++;
    const double change = sum_blocks(partial, nblocks);
    /* rank holds the new vector: swap roles so x is always the latest */
    double *latest = j.next;
    j.next = (double *)j.x;
    j.x = latest;
    if (change < tol) {
      converged = 1;
      break;
    }
  }
  /* normalize the latest vector (as networkx does) into rank */
  const double *latest = j.x;
  for (size_t b = 0; b < nblocks; b++) {
    double s = 0;
    for (size_t v = b * GRAPH_BLOCK, stop = v + GRAPH_BLOCK < n ? v + GRAPH_BLOCK : n; v < stop; v++) s += latest[v];
    partial[b] = s;
  }
  const double total = sum_blocks(partial, nblocks);
  for (size_t v = 0; v < n; v++) rank[v] = latest[v] / total;
  free(strength), free(x), free(contrib), free(partial), free(p);
  if (iterations) *iterations = converged ? it : -(int64_t)it;
  return TRUENO_OK;
}
