/*
 * Topological sort by Kahn's algorithm, ready nodes taken smallest id first (a binary min-heap), which gives the
 * lexicographically smallest order and the same order on every backend. When a cycle blocks the sort, one cycle is
 * found among the nodes left, walking backwards along in-edges from the smallest of them until a node repeats.
 */
#include "graph/graph.h"

static void heap_push(int32_t *heap, size_t *len, int32_t x) {
  size_t at = (*len)++;
  while (at > 0 && heap[(at - 1) / 2] > x) {
    heap[at] = heap[(at - 1) / 2];
    at = (at - 1) / 2;
  }
  heap[at] = x;
}

static int32_t heap_pop(int32_t *heap, size_t *len) {
  const int32_t top = heap[0], last = heap[--*len];
  size_t at = 0;
  for (;;) {
    size_t c = 2 * at + 1;
    if (c >= *len) break;
    if (c + 1 < *len && heap[c + 1] < heap[c]) c++;
    if (heap[c] >= last) break;
    heap[at] = heap[c];
    at = c;
  }
  if (*len > 0) heap[at] = last;
  return top;
}

/* Writes one cycle among the nodes with remaining[v] != 0 into out (its length returned); seen_at: n scratch. */
static size_t find_cycle(size_t n, const int32_t *in_offsets, const int32_t *in_sources, const int32_t *remaining,
                         int32_t *seen_at, int32_t *walk, int32_t *out) {
  size_t start = 0;
  while (start < n && !remaining[start]) start++;
  for (size_t v = 0; v < n; v++) seen_at[v] = -1;
  size_t len = 0;
  int32_t v = (int32_t)start;
  while (v >= 0 && seen_at[v] < 0) {
    seen_at[v] = (int32_t)len;
    walk[len++] = v;
    int32_t next = -1;
    for (int32_t e = in_offsets[v]; e < in_offsets[v + 1] && next < 0; e++)
      if (remaining[in_sources[e]]) next = in_sources[e];
    v = next;
  }
  if (v < 0) return 0; /* cannot happen: every remaining node has a remaining predecessor */
  const size_t from = (size_t)seen_at[v], cycle = len - from;
  for (size_t i = 0; i < cycle; i++) out[i] = walk[len - 1 - i];
  return cycle;
}

int trueno_graph_toposort(size_t n, const int32_t *out_offsets, const int32_t *out_targets, const int32_t *in_offsets,
                          const int32_t *in_sources, int32_t *order, int64_t *placed) {
  if (!graph_csr_ok(n, out_offsets, out_targets) || !graph_csr_ok(n, in_offsets, in_sources)) return TRUENO_EINVAL;
  if (out_offsets[n] != in_offsets[n] || (n > 0 && order == NULL)) return TRUENO_EINVAL;
  const size_t cap = n ? n : 1;
  int32_t *indegree = malloc(cap * sizeof(int32_t)), *heap = malloc(cap * sizeof(int32_t));
  if (!indegree || !heap) {
    free(indegree), free(heap);
    return TRUENO_ENOMEM;
  }
  /* in-degrees from the out-side, so a pair of sides that disagree cannot drive a count below zero unnoticed */
  for (size_t v = 0; v < n; v++) indegree[v] = 0;
  for (size_t e = 0; e < (size_t)out_offsets[n]; e++) indegree[out_targets[e]]++;
  size_t len = 0, k = 0;
  for (size_t v = 0; v < n; v++)
    if (indegree[v] == 0) heap_push(heap, &len, (int32_t)v);
  while (len > 0) {
    const int32_t u = heap_pop(heap, &len);
    order[k++] = u;
    for (int32_t e = out_offsets[u]; e < out_offsets[u + 1]; e++)
      if (--indegree[out_targets[e]] == 0) heap_push(heap, &len, out_targets[e]);
  }
  if (k < n) {
    /* the heap is free again: it holds find_cycle's seen_at */
    for (size_t v = 0; v < n; v++) indegree[v] = indegree[v] > 0;
    int32_t *walk = malloc(cap * sizeof(int32_t)), *cycle = malloc(cap * sizeof(int32_t));
    if (!walk || !cycle) {
      free(indegree), free(heap), free(walk), free(cycle);
      return TRUENO_ENOMEM;
    }
    const size_t c = find_cycle(n, in_offsets, in_sources, indegree, heap, walk, cycle);
    for (size_t i = 0; i < n - k; i++) order[k + i] = i < c ? cycle[i] : -1;
    free(walk), free(cycle);
  }
  if (placed) *placed = (int64_t)k;
  free(indegree), free(heap);
  return TRUENO_OK;
}
