/*
 * Minimum spanning forest by Kruskal's algorithm over an edge list, direction ignored (networkx's
 * minimum_spanning_tree, algorithm='kruskal'): edges by weight with the core's stable radix argsort (ties by edge id),
 * then union-find with path halving, the smaller root becoming the parent, so every backend takes the same edges.
 */
#include "graph/graph.h"

#include <math.h>

static int32_t mst_find(int32_t *parent, int32_t v) {
  while (parent[v] != v) {
    parent[v] = parent[parent[v]];
    v = parent[v];
  }
  return v;
}

int trueno_graph_mst(size_t n, size_t m, const int32_t *from, const int32_t *to, const double *weights,
                     int32_t *edge_ids, int64_t *taken) {
  if (n > INT32_MAX || m > INT32_MAX || (m > 0 && (from == NULL || to == NULL || edge_ids == NULL))) return TRUENO_EINVAL;
  for (size_t e = 0; e < m; e++) {
    if (from[e] < 0 || (size_t)from[e] >= n || to[e] < 0 || (size_t)to[e] >= n) return TRUENO_EINVAL;
    if (weights && isnan(weights[e])) return TRUENO_EINVAL;
  }
  int32_t *order = malloc((m ? m : 1) * sizeof(int32_t)), *parent = malloc((n ? n : 1) * sizeof(int32_t));
  if (!order || !parent) {
    free(order), free(parent);
    return TRUENO_ENOMEM;
  }
  int rc = TRUENO_OK;
  if (weights) {
    const uint8_t ascending = 0;
    rc = trueno_sort_indices(m, 1, weights, &ascending, order);
  } else {
    for (size_t e = 0; e < m; e++) order[e] = (int32_t)e;
  }
  int64_t count = 0;
  if (rc == TRUENO_OK) {
    for (size_t v = 0; v < n; v++) parent[v] = (int32_t)v;
    for (size_t i = 0; i < m && count + 1 < (int64_t)n; i++) {
      const int32_t id = order[i], a = mst_find(parent, from[id]), b = mst_find(parent, to[id]);
      if (a == b) continue;
      if (a < b) parent[b] = a; else parent[a] = b;
      edge_ids[count++] = id;
    }
    if (taken) *taken = count;
  }
  free(order), free(parent);
  return rc;
}
