/*
 * Shared pieces of the graph kernels (trueno.h, "graph"): the check every kernel runs on the CSR it is given (the
 * core never trusts its caller) and the fixed block size of the deterministic reductions.
 */
#ifndef TRUENO_GRAPH_H
#define TRUENO_GRAPH_H

#include "trueno.h"

#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Nodes per block of the block-parallel loops: a constant, so reduced bits never depend on the thread count. */
#define GRAPH_BLOCK ((size_t)4096)

/*
 * Whether (offsets, neighbours) is a CSR of n nodes: offsets[0] == 0, non-decreasing, offsets[n] entries, every
 * neighbour in [0, n). n must be <= INT32_MAX; neighbours may be NULL only when there are no entries.
 */
static inline int graph_csr_ok(size_t n, const int32_t *offsets, const int32_t *neighbours) {
  if (n > INT32_MAX || offsets == NULL || offsets[0] != 0) return 0;
  for (size_t v = 0; v < n; v++)
    if (offsets[v + 1] < offsets[v]) return 0;
  const size_t m = (size_t)offsets[n];
  if (m > 0 && neighbours == NULL) return 0;
  int32_t bad = 0;
  for (size_t e = 0; e < m; e++) bad |= (neighbours[e] < 0) | (neighbours[e] >= (int32_t)n);
  return bad == 0;
}

/* Whether the m weights of a CSR are all finite and >= 0 (NaN fails too); NULL passes only when there are none. */
static inline int graph_weights_ok(size_t m, const double *w) {
  if (m > 0 && w == NULL) return 0;
  for (size_t e = 0; e < m; e++)
    if (!(w[e] >= 0 && w[e] <= DBL_MAX)) return 0;
  return 1;
}

/* A binary min-heap of (distance, node) ordered by distance, then node (so every backend pops in one order). */
typedef struct {
  double d;
  int32_t v;
} graph_heap_item;

static inline int graph_heap_less(graph_heap_item a, graph_heap_item b) { return a.d < b.d || (a.d == b.d && a.v < b.v); }

static inline void graph_heap_push(graph_heap_item *h, size_t *len, graph_heap_item x) {
  size_t at = (*len)++;
  while (at > 0) {
    const size_t p = (at - 1) / 2;
    if (!graph_heap_less(x, h[p])) break;
    h[at] = h[p];
    at = p;
  }
  h[at] = x;
}

static inline graph_heap_item graph_heap_pop(graph_heap_item *h, size_t *len) {
  const graph_heap_item top = h[0], last = h[--*len];
  size_t at = 0;
  for (;;) {
    size_t c = 2 * at + 1;
    if (c >= *len) break;
    if (c + 1 < *len && graph_heap_less(h[c + 1], h[c])) c++;
    if (!graph_heap_less(h[c], last)) break;
    h[at] = h[c];
    at = c;
  }
  if (*len > 0) h[at] = last;
  return top;
}

#endif
