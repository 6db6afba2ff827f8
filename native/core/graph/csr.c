/*
 * trueno_graph_csr: one side (out or in) of a graph's CSR by two stable counting sorts, first by neighbour, then by
 * node, so each node's run is sorted by neighbour and equal entries keep edge order. Each pass is parallel: chunk c
 * counts its entries per bucket, a prefix over (bucket, chunk) gives every chunk its own write positions, and chunk c
 * scatters in its order, so the result is the same for every chunk count.
 */
#include "graph/graph.h"
#include "runtime/threadpool.h"

typedef struct {
  size_t n, m, entries, nchunks;
  const int32_t *from, *to;
  const double *weights;
  int symmetric;
  int32_t *count;     /* nchunks x n: per chunk, per bucket (then its write position) */
  int32_t *perm;      /* entries: entry ids sorted by neighbour */
  int32_t *offsets, *neighbours, *edge_ids;
  double *weights_out;
} csr_job;

/* Entry k's node and neighbour: k < m is (from, to) of edge k, k >= m is edge k - m reversed. */
static inline int32_t entry_node(const csr_job *j, size_t k) { return k < j->m ? j->from[k] : j->to[k - j->m]; }
static inline int32_t entry_neighbour(const csr_job *j, size_t k) { return k < j->m ? j->to[k] : j->from[k - j->m]; }

static inline size_t chunk_begin(const csr_job *j, size_t c) { return j->entries / j->nchunks * c + (c < j->entries % j->nchunks ? c : j->entries % j->nchunks); }

static void count_neighbours(void *ctx, size_t begin, size_t end) {
  csr_job *j = ctx;
  for (size_t c = begin; c < end; c++) {
    int32_t *cnt = j->count + c * j->n;
    memset(cnt, 0, j->n * sizeof(int32_t));
    for (size_t k = chunk_begin(j, c), stop = chunk_begin(j, c + 1); k < stop; k++) cnt[entry_neighbour(j, k)]++;
  }
}

static void scatter_by_neighbour(void *ctx, size_t begin, size_t end) {
  csr_job *j = ctx;
  for (size_t c = begin; c < end; c++) {
    int32_t *pos = j->count + c * j->n;
    for (size_t k = chunk_begin(j, c), stop = chunk_begin(j, c + 1); k < stop; k++) j->perm[pos[entry_neighbour(j, k)]++] = (int32_t)k;
  }
}

static void count_nodes(void *ctx, size_t begin, size_t end) {
  csr_job *j = ctx;
  for (size_t c = begin; c < end; c++) {
    int32_t *cnt = j->count + c * j->n;
    memset(cnt, 0, j->n * sizeof(int32_t));
    for (size_t i = chunk_begin(j, c), stop = chunk_begin(j, c + 1); i < stop; i++) cnt[entry_node(j, (size_t)j->perm[i])]++;
  }
}

static void scatter_by_node(void *ctx, size_t begin, size_t end) {
  csr_job *j = ctx;
  for (size_t c = begin; c < end; c++) {
    int32_t *pos = j->count + c * j->n;
    for (size_t i = chunk_begin(j, c), stop = chunk_begin(j, c + 1); i < stop; i++) {
      const size_t k = (size_t)j->perm[i];
      const int32_t slot = pos[entry_node(j, k)]++;
      const size_t edge = k < j->m ? k : k - j->m;
      j->neighbours[slot] = entry_neighbour(j, k);
      j->edge_ids[slot] = (int32_t)edge;
      if (j->weights_out) j->weights_out[slot] = j->weights[edge];
    }
  }
}

/* Turns per-chunk counts into write positions: bucket-major, chunk-minor; offsets (when given) get bucket starts. */
static void positions(csr_job *j, int32_t *offsets) {
  int32_t at = 0;
  for (size_t b = 0; b < j->n; b++) {
    if (offsets) offsets[b] = at;
    for (size_t c = 0; c < j->nchunks; c++) {
      const int32_t k = j->count[c * j->n + b];
      j->count[c * j->n + b] = at;
      at += k;
    }
  }
  if (offsets) offsets[j->n] = at;
}

int trueno_graph_csr(size_t n, size_t m, const int32_t *from, const int32_t *to, const double *weights, int symmetric,
                     int32_t *offsets, int32_t *neighbours, int32_t *edge_ids, double *weights_out) {
  const size_t entries = symmetric ? 2 * m : m;
  if (n > INT32_MAX || m > INT32_MAX || entries > INT32_MAX || offsets == NULL) return TRUENO_EINVAL;
  if (m > 0 && (from == NULL || to == NULL || neighbours == NULL || edge_ids == NULL)) return TRUENO_EINVAL;
  if ((weights == NULL) != (weights_out == NULL)) return TRUENO_EINVAL;
  for (size_t e = 0; e < m; e++)
    if (from[e] < 0 || (size_t)from[e] >= n || to[e] < 0 || (size_t)to[e] >= n) return TRUENO_EINVAL;
  if (n == 0 || entries == 0) {
    memset(offsets, 0, (n + 1) * sizeof(int32_t));
    return TRUENO_OK;
  }
  csr_job j = {n, m, entries, 1, from, to, weights, symmetric, NULL, NULL, offsets, neighbours, edge_ids, weights_out};
  /* A chunk per thread, but never so many that the n-sized counters outweigh the entries they sort. */
  size_t nchunks = (size_t)trueno_threads();
  while (nchunks > 1 && (nchunks * n > 4 * entries || entries / nchunks < 65536)) nchunks--;
  j.nchunks = nchunks;
  j.count = malloc(nchunks * n * sizeof(int32_t));
  j.perm = malloc(entries * sizeof(int32_t));
  if (j.count == NULL || j.perm == NULL) {
    free(j.count);
    free(j.perm);
    return TRUENO_ENOMEM;
  }
  trueno_parallel_for(nchunks, 1, 1, count_neighbours, &j);
  positions(&j, NULL);
  trueno_parallel_for(nchunks, 1, 1, scatter_by_neighbour, &j);
  trueno_parallel_for(nchunks, 1, 1, count_nodes, &j);
  positions(&j, offsets);
  trueno_parallel_for(nchunks, 1, 1, scatter_by_node, &j);
  free(j.count);
  free(j.perm);
  return TRUENO_OK;
}
