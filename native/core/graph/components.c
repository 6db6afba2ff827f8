/*
 * Connected components: weak (union-find over every entry, ignoring direction) and strong (Tarjan's algorithm with
 * an explicit stack, so a long path cannot overflow the C stack). Both number components in the order of their
 * smallest node (component 0 holds node 0), so every backend and algorithm gives the same labels.
 */
#include "graph/graph.h"

/* Root of v with path halving. */
static int32_t find(int32_t *parent, int32_t v) {
  while (parent[v] != v) {
    parent[v] = parent[parent[v]];
    v = parent[v];
  }
  return v;
}

/* Relabels comp (any ids in [0, n)) to first-appearance order by node; sizes[c] counted; returns the count. */
static int64_t relabel(size_t n, int32_t *comp, int32_t *labels, int32_t *sizes, int32_t *map) {
  for (size_t v = 0; v < n; v++) map[v] = -1;
  int32_t count = 0;
  for (size_t v = 0; v < n; v++) {
    int32_t c = map[comp[v]];
    if (c < 0) {
      c = map[comp[v]] = count++;
      sizes[c] = 0;
    }
    labels[v] = c;
    sizes[c]++;
  }
  return count;
}

int trueno_graph_wcc(size_t n, const int32_t *offsets, const int32_t *neighbours, int32_t *labels, int32_t *sizes,
                     int64_t *count) {
  if (!graph_csr_ok(n, offsets, neighbours) || (n > 0 && (labels == NULL || sizes == NULL))) return TRUENO_EINVAL;
  int32_t *parent = malloc((n ? n : 1) * sizeof(int32_t)), *map = malloc((n ? n : 1) * sizeof(int32_t));
  if (parent == NULL || map == NULL) {
    free(parent), free(map);
    return TRUENO_ENOMEM;
  }
  for (size_t v = 0; v < n; v++) parent[v] = (int32_t)v;
  for (size_t u = 0; u < n; u++) {
    for (int32_t e = offsets[u]; e < offsets[u + 1]; e++) {
      int32_t a = find(parent, (int32_t)u), b = find(parent, neighbours[e]);
      if (a == b) continue;
      if (a < b) parent[b] = a; else parent[a] = b;
    }
  }
  for (size_t v = 0; v < n; v++) parent[v] = find(parent, (int32_t)v);
  const int64_t c = relabel(n, parent, labels, sizes, map);
  if (count) *count = c;
  free(parent), free(map);
  return TRUENO_OK;
}

int trueno_graph_scc(size_t n, const int32_t *offsets, const int32_t *neighbours, int32_t *labels, int32_t *sizes,
                     int64_t *count) {
  if (!graph_csr_ok(n, offsets, neighbours) || (n > 0 && (labels == NULL || sizes == NULL))) return TRUENO_EINVAL;
  const size_t cap = n ? n : 1;
  int32_t *index = malloc(cap * sizeof(int32_t)), *low = malloc(cap * sizeof(int32_t));
  int32_t *stack = malloc(cap * sizeof(int32_t)), *call = malloc(cap * sizeof(int32_t));
  int32_t *next_edge = malloc(cap * sizeof(int32_t)), *comp = malloc(cap * sizeof(int32_t));
  uint8_t *on_stack = calloc(cap, 1);
  if (!index || !low || !stack || !call || !next_edge || !comp || !on_stack) {
    free(index), free(low), free(stack), free(call), free(next_edge), free(comp), free(on_stack);
    return TRUENO_ENOMEM;
  }
  for (size_t v = 0; v < n; v++) index[v] = -1;
  int32_t counter = 0, ncomp = 0;
  size_t sp = 0;
  for (size_t root = 0; root < n; root++) {
    if (index[root] >= 0) continue;
    size_t depth = 0;
    call[depth++] = (int32_t)root;
    index[root] = low[root] = counter++;
    next_edge[root] = offsets[root];
    stack[sp++] = (int32_t)root;
    on_stack[root] = 1;
    while (depth > 0) {
      const int32_t u = call[depth - 1];
      if (next_edge[u] < offsets[u + 1]) {
        const int32_t v = neighbours[next_edge[u]++];
        if (index[v] < 0) {
          index[v] = low[v] = counter++;
          next_edge[v] = offsets[v];
          stack[sp++] = v;
          on_stack[v] = 1;
          call[depth++] = v;
        } else if (on_stack[v] && index[v] < low[u]) {
          low[u] = index[v];
        }
        continue;
      }
      depth--;
      if (depth > 0) {
        const int32_t p = call[depth - 1];
        if (low[u] < low[p]) low[p] = low[u];
      }
      if (low[u] == index[u]) {
        int32_t w;
        do {
          w = stack[--sp];
          on_stack[w] = 0;
          comp[w] = ncomp;
        } while (w != u);
        ncomp++;
      }
    }
  }
  /* renumber by smallest node (reuse index as the map) */
  const int64_t c = relabel(n, comp, labels, sizes, index);
  if (count) *count = c;
  free(index), free(low), free(stack), free(call), free(next_edge), free(comp), free(on_stack);
  return TRUENO_OK;
}
