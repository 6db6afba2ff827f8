/*
 * Traversals over a CSR: breadth-first search (multi-source, depth-limited) and Dijkstra's shortest paths. Both may
 * walk two adjacencies at once (out-entries then in-entries: direction 'both'); the visiting order, and so the
 * parents, is fixed by the entry order, which makes every backend return the same arrays.
 */
#include "graph/graph.h"

#include <math.h>

int trueno_graph_bfs(size_t n, const int32_t *offsets1, const int32_t *neighbours1, const int32_t *offsets2,
                     const int32_t *neighbours2, size_t nsources, const int32_t *sources, int32_t max_depth,
                     int32_t *distances, int32_t *parents, int32_t *order, int64_t *visited) {
  if (!graph_csr_ok(n, offsets1, neighbours1) || (offsets2 && !graph_csr_ok(n, offsets2, neighbours2))) return TRUENO_EINVAL;
  if ((n > 0 && (distances == NULL || parents == NULL || order == NULL)) || (nsources > 0 && sources == NULL)) return TRUENO_EINVAL;
  for (size_t i = 0; i < nsources; i++)
    if (sources[i] < 0 || (size_t)sources[i] >= n) return TRUENO_EINVAL;
  for (size_t v = 0; v < n; v++) {
    distances[v] = -1;
    parents[v] = -1;
  }
  size_t tail = 0;
  for (size_t i = 0; i < nsources; i++) {
    const int32_t s = sources[i];
    if (distances[s] == 0) continue; /* a repeated source */
    distances[s] = 0;
    order[tail++] = s;
  }
  for (size_t head = 0; head < tail; head++) {
    const int32_t u = order[head], d = distances[u];
    if (max_depth >= 0 && d >= max_depth) continue;
    for (int side = 0; side < 2; side++) {
      const int32_t *off = side ? offsets2 : offsets1, *adj = side ? neighbours2 : neighbours1;
      if (off == NULL) continue;
      for (int32_t e = off[u]; e < off[u + 1]; e++) {
        const int32_t v = adj[e];
        if (distances[v] >= 0) continue;
        distances[v] = d + 1;
        parents[v] = u;
        order[tail++] = v;
      }
    }
  }
  if (visited) *visited = (int64_t)tail;
  return TRUENO_OK;
}

int trueno_graph_dijkstra(size_t n, const int32_t *offsets1, const int32_t *neighbours1, const double *weights1,
                          const int32_t *offsets2, const int32_t *neighbours2, const double *weights2, int32_t source,
                          int32_t target, double *distances, int32_t *parents) {
  if (!graph_csr_ok(n, offsets1, neighbours1) || !graph_weights_ok((size_t)offsets1[n], weights1)) return TRUENO_EINVAL;
  if (offsets2 && (!graph_csr_ok(n, offsets2, neighbours2) || !graph_weights_ok((size_t)offsets2[n], weights2))) return TRUENO_EINVAL;
  if (source < 0 || (size_t)source >= n || target < -1 || target >= (int64_t)n || distances == NULL || parents == NULL) return TRUENO_EINVAL;
  const size_t m = (size_t)offsets1[n] + (offsets2 ? (size_t)offsets2[n] : 0);
  graph_heap_item *heap = calloc(m + 1, sizeof(graph_heap_item)); /* calloc checks the size product */
  uint8_t *done = calloc(n, 1);
  if (heap == NULL || done == NULL) {
    free(heap);
    free(done);
    return TRUENO_ENOMEM;
  }
  for (size_t v = 0; v < n; v++) {
    distances[v] = INFINITY;
    parents[v] = -1;
  }
  size_t len = 0;
  distances[source] = 0;
  graph_heap_push(heap, &len, (graph_heap_item){0, source});
  while (len > 0) {
    const graph_heap_item top = graph_heap_pop(heap, &len);
    const int32_t u = top.v;
    if (done[u]) continue;
    done[u] = 1;
    if (u == target) break;
    for (int side = 0; side < 2; side++) {
      const int32_t *off = side ? offsets2 : offsets1, *adj = side ? neighbours2 : neighbours1;
      const double *w = side ? weights2 : weights1;
      if (off == NULL) continue;
      for (int32_t e = off[u]; e < off[u + 1]; e++) {
        const int32_t v = adj[e];
        const double nd = top.d + w[e];
        if (done[v] || !(nd < distances[v])) continue;
        distances[v] = nd;
        parents[v] = u;
        graph_heap_push(heap, &len, (graph_heap_item){nd, v});
      }
    }
  }
  free(heap);
  free(done);
  return TRUENO_OK;
}

int trueno_graph_dfs(size_t n, const int32_t *offsets1, const int32_t *neighbours1, const int32_t *offsets2,
                     const int32_t *neighbours2, int32_t source, int32_t *order, int32_t *parents, int32_t *discovery,
                     int32_t *finish, int64_t *visited) {
  if (!graph_csr_ok(n, offsets1, neighbours1) || (offsets2 && !graph_csr_ok(n, offsets2, neighbours2))) return TRUENO_EINVAL;
  /* the clock reaches 2n - 1, which must fit an int32 */
  if (n > ((size_t)1 << 30) || source < 0 || (size_t)source >= n || !order || !parents || !discovery || !finish) return TRUENO_EINVAL;
  /* stack holds the path from the source; cursor[v] walks v's entries over both sides (side 1 first) */
  int32_t *stack = calloc(n, sizeof(int32_t));
  int64_t *cursor = calloc(n, sizeof(int64_t));
  if (stack == NULL || cursor == NULL) {
    free(stack), free(cursor);
    return TRUENO_ENOMEM;
  }
  for (size_t v = 0; v < n; v++) parents[v] = discovery[v] = finish[v] = -1;
  size_t sp = 0, count = 0;
  int32_t clock = 0;
  discovery[source] = clock++;
  order[count++] = source;
  cursor[source] = 0;
  stack[sp++] = source;
  while (sp > 0) {
    const int32_t u = stack[sp - 1];
    const int64_t deg1 = offsets1[u + 1] - offsets1[u], deg2 = offsets2 ? offsets2[u + 1] - offsets2[u] : 0;
    int32_t next = -1;
    while (cursor[u] < deg1 + deg2 && next < 0) {
      const int64_t i = cursor[u]++;
      const int32_t v = i < deg1 ? neighbours1[offsets1[u] + i] : neighbours2[offsets2[u] + i - deg1];
      if (discovery[v] < 0) next = v;
    }
    if (next >= 0) {
      parents[next] = u;
      discovery[next] = clock++;
      order[count++] = next;
      cursor[next] = 0;
      stack[sp++] = next;
    } else {
      finish[u] = clock++;
      sp--;
    }
  }
  free(stack), free(cursor);
  if (visited) *visited = (int64_t)count;
  return TRUENO_OK;
}
