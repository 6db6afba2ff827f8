/*
 * trueno_graph_triangles: triangles of the simple undirected graph under one or two CSR sides. Three parallel passes
 * over nodes: (1) each node's two sorted runs merged into its distinct neighbours other than itself (counted, then
 * written); (2) the forward orientation: each undirected edge kept at its endpoint of lower (degree, id) rank, which
 * leaves every node at most sqrt(2m) forward neighbours; (3) for each forward edge u -> v, the merge of u's and v's
 * forward lists finds each triangle exactly once. Counts are integers, added per stripe of node blocks (no atomics)
 * and summed at the end: exact, so the result is the same for every thread count.
 */
#include "graph/graph.h"
#include "runtime/threadpool.h"

/* Nodes per block of a stripe; block b belongs to stripe b % stripes (interleaved, for balance). */
#define TRI_BLOCK ((size_t)256)
#define TRI_MAX_STRIPES ((size_t)8)

typedef struct {
  size_t n, stripes;
  const int32_t *off1, *adj1, *off2, *adj2;
  int64_t *soff; /* simple adjacency: soff (n + 1), sadj */
  int32_t *sadj, *deg;
  int64_t *foff; /* forward adjacency: foff (n + 1), fadj */
  int32_t *fadj;
  uint32_t *counts; /* stripes x n (unsigned: a tampered, unsymmetric CSR may count past INT32_MAX; no UB) */
  int64_t *totals;  /* one per stripe */
} tri_job;

/* Whether every run of a CSR side is sorted by neighbour. */
static int runs_sorted(size_t n, const int32_t *off, const int32_t *adj) {
  for (size_t v = 0; v < n; v++)
    for (int64_t e = (int64_t)off[v] + 1; e < off[v + 1]; e++)
      if (adj[e - 1] > adj[e]) return 0;
  return 1;
}

/* Merges node v's sorted runs into its distinct neighbours other than v; writes them to out when non-NULL. */
static int64_t merge_node(const tri_job *j, size_t v, int32_t *out) {
  int32_t a = j->off1[v], b = j->off2 ? j->off2[v] : 0;
  const int32_t aEnd = j->off1[v + 1], bEnd = j->off2 ? j->off2[v + 1] : 0;
  int64_t k = 0;
  int32_t last = -1;
  while (a < aEnd || b < bEnd) {
    int32_t x;
    if (b >= bEnd || (a < aEnd && j->adj1[a] <= j->adj2[b])) x = j->adj1[a++];
    else x = j->adj2[b++];
    if (x == (int32_t)v || x == last) continue;
    last = x;
    if (out) out[k] = x;
    k++;
  }
  return k;
}

static void count_simple(void *ctx, size_t begin, size_t end) {
  tri_job *j = ctx;
  for (size_t v = begin; v < end; v++) j->soff[v + 1] = merge_node(j, v, NULL);
}

static void fill_simple(void *ctx, size_t begin, size_t end) {
  tri_job *j = ctx;
  for (size_t v = begin; v < end; v++) {
    merge_node(j, v, j->sadj + j->soff[v]);
    j->deg[v] = (int32_t)(j->soff[v + 1] - j->soff[v]);
  }
}

/* Whether w comes after v in the (degree, id) order. */
static inline int ranks_after(const tri_job *j, int32_t v, int32_t w) {
  return j->deg[w] > j->deg[v] || (j->deg[w] == j->deg[v] && w > v);
}

static void count_forward(void *ctx, size_t begin, size_t end) {
  tri_job *j = ctx;
  for (size_t v = begin; v < end; v++) {
    int64_t k = 0;
    for (int64_t e = j->soff[v]; e < j->soff[v + 1]; e++) k += ranks_after(j, (int32_t)v, j->sadj[e]);
    j->foff[v + 1] = k;
  }
}

static void fill_forward(void *ctx, size_t begin, size_t end) {
  tri_job *j = ctx;
  for (size_t v = begin; v < end; v++) {
    int64_t at = j->foff[v];
    for (int64_t e = j->soff[v]; e < j->soff[v + 1]; e++)
      if (ranks_after(j, (int32_t)v, j->sadj[e])) j->fadj[at++] = j->sadj[e];
  }
}

static void count_stripes(void *ctx, size_t begin, size_t end) {
  tri_job *j = ctx;
  const size_t nblocks = (j->n + TRI_BLOCK - 1) / TRI_BLOCK;
  for (size_t s = begin; s < end; s++) {
    uint32_t *cnt = j->counts + s * j->n;
    int64_t total = 0;
    for (size_t b = s; b < nblocks; b += j->stripes) {
      for (size_t u = b * TRI_BLOCK, stop = u + TRI_BLOCK < j->n ? u + TRI_BLOCK : j->n; u < stop; u++) {
        const int64_t uBegin = j->foff[u], uEnd = j->foff[u + 1];
        for (int64_t e = uBegin; e < uEnd; e++) {
          const int32_t v = j->fadj[e];
          int64_t p = uBegin, q = j->foff[v];
          const int64_t qEnd = j->foff[v + 1];
          while (p < uEnd && q < qEnd) {
            const int32_t x = j->fadj[p], y = j->fadj[q];
            if (x < y) {
              p++;
            } else if (y < x) {
              q++;
            } else {
              cnt[u]++, cnt[v]++, cnt[x]++;
              total++;
              p++, q++;
            }
          }
        }
      }
    }
    j->totals[s] = total;
  }
}

static void prefix(int64_t *off, size_t n) {
  off[0] = 0;
  for (size_t v = 0; v < n; v++) off[v + 1] += off[v];
}

int trueno_graph_triangles(size_t n, const int32_t *offsets1, const int32_t *neighbours1, const int32_t *offsets2,
                           const int32_t *neighbours2, int32_t *triangles, int32_t *degrees, int64_t *total) {
  if (!graph_csr_ok(n, offsets1, neighbours1) || (offsets2 && !graph_csr_ok(n, offsets2, neighbours2))) return TRUENO_EINVAL;
  if ((n > 0 && (triangles == NULL || degrees == NULL)) || !runs_sorted(n, offsets1, neighbours1) ||
      (offsets2 && !runs_sorted(n, offsets2, neighbours2))) {
    return TRUENO_EINVAL;
  }
  size_t stripes = (size_t)trueno_threads();
  if (stripes > TRI_MAX_STRIPES) stripes = TRI_MAX_STRIPES;
  if (stripes < 1) stripes = 1;
  const size_t m = (size_t)offsets1[n] + (offsets2 ? (size_t)offsets2[n] : 0);
  tri_job j = {.n = n, .stripes = stripes, .off1 = offsets1, .adj1 = neighbours1, .off2 = offsets2, .adj2 = neighbours2};
  j.soff = calloc(n + 1, sizeof(int64_t));
  j.foff = calloc(n + 1, sizeof(int64_t));
  j.sadj = calloc(m ? m : 1, sizeof(int32_t)); /* calloc: the size product is checked (wasm32's size_t) */
  j.counts = calloc(stripes * (n ? n : 1), sizeof(uint32_t));
  j.totals = calloc(stripes, sizeof(int64_t));
  j.deg = degrees;
  j.fadj = NULL;
  if (!j.soff || !j.foff || !j.sadj || !j.counts || !j.totals) {
    free(j.soff), free(j.foff), free(j.sadj), free(j.counts), free(j.totals);
    return TRUENO_ENOMEM;
  }
  trueno_parallel_for(n, GRAPH_BLOCK, 1, count_simple, &j);
  prefix(j.soff, n);
  trueno_parallel_for(n, GRAPH_BLOCK, 1, fill_simple, &j);
  trueno_parallel_for(n, GRAPH_BLOCK, 1, count_forward, &j);
  prefix(j.foff, n);
  /* half the simple entries when they are symmetric; sized from the count, so an unsymmetric CSR cannot overflow it */
  j.fadj = calloc((size_t)j.foff[n] + 1, sizeof(int32_t));
  if (!j.fadj) {
    free(j.soff), free(j.foff), free(j.sadj), free(j.counts), free(j.totals);
    return TRUENO_ENOMEM;
  }
  trueno_parallel_for(n, GRAPH_BLOCK, 1, fill_forward, &j);
  trueno_parallel_for(stripes, 1, 1, count_stripes, &j);
  int64_t sum = 0;
  for (size_t s = 0; s < stripes; s++) sum += j.totals[s];
  for (size_t v = 0; v < n; v++) {
    uint32_t t = 0;
    for (size_t s = 0; s < stripes; s++) t += j.counts[s * n + v];
    triangles[v] = (int32_t)t;
  }
  if (total) *total = sum;
  free(j.soff), free(j.foff), free(j.sadj), free(j.fadj), free(j.counts), free(j.totals);
  return TRUENO_OK;
}
