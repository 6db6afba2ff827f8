/*
 * trueno_graph_triangles: triangles of the simple undirected graph under one or two CSR sides. Three parallel passes
 * over nodes, in one scratch array where node v owns the slot its entries take in the input: (1) its two sorted runs
 * merged into its distinct neighbours other than itself; (2) in place, the forward orientation: each undirected edge
 * kept at its endpoint of lower (degree, id) rank, which leaves every node at most sqrt(2m) forward neighbours; (3) for
 * each node u, its forward neighbours marked, then looked up among each one's forward neighbours: each triangle found
 * exactly once. Counts are integers, added per stripe of node blocks (no atomics) and summed at the end: exact, so the
 * result is the same for every thread count.
 */
#include "graph/graph.h"
#include "runtime/threadpool.h"

/* Nodes per block of a stripe; block b belongs to stripe b % stripes (interleaved, for balance). */
#define TRI_BLOCK ((size_t)256)
#define TRI_MAX_STRIPES ((size_t)8)

typedef struct {
  size_t n, stripes;
  const int32_t *off1, *adj1, *off2, *adj2;
  int32_t *adj;   /* node v's slot starts at off1[v] + off2[v]: its simple neighbours, then its forward ones */
  int32_t *deg;   /* simple degrees (the caller's output) */
  int32_t *fdeg;  /* forward degrees */
  int32_t *marks; /* stripes x n: 1 + the node whose forward neighbours are marked (0: none) */
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

static inline int64_t slot(const tri_job *j, size_t v) { return (int64_t)j->off1[v] + (j->off2 ? j->off2[v] : 0); }

/* Node v's sorted runs merged into its distinct neighbours other than v, at its slot. */
static void merge_nodes(void *ctx, size_t begin, size_t end) {
  tri_job *j = ctx;
  for (size_t v = begin; v < end; v++) {
    int32_t a = j->off1[v], b = j->off2 ? j->off2[v] : 0;
    const int32_t aEnd = j->off1[v + 1], bEnd = j->off2 ? j->off2[v + 1] : 0;
    int32_t *out = j->adj + slot(j, v), last = -1;
    int64_t k = 0;
    while (a < aEnd || b < bEnd) {
      int32_t x;
      if (b >= bEnd || (a < aEnd && j->adj1[a] <= j->adj2[b])) x = j->adj1[a++];
      else x = j->adj2[b++];
      if (x == (int32_t)v || x == last) continue;
      last = x;
      out[k++] = x;
    }
    j->deg[v] = (int32_t)k;
  }
}

/* Keeps, in place, the neighbours after v in the (degree, id) order: each edge is kept at one end. */
static void orient_nodes(void *ctx, size_t begin, size_t end) {
  tri_job *j = ctx;
  for (size_t v = begin; v < end; v++) {
    int32_t *list = j->adj + slot(j, v);
    const int32_t dv = j->deg[v];
    int32_t k = 0;
    for (int32_t i = 0; i < dv; i++) {
      const int32_t w = list[i];
      if (j->deg[w] > dv || (j->deg[w] == dv && w > (int32_t)v)) list[k++] = w;
    }
    j->fdeg[v] = k;
  }
}

/* Each stripe: for each of its nodes u, marks u's forward neighbours, then looks for them among theirs. */
static void count_stripes(void *ctx, size_t begin, size_t end) {
  tri_job *j = ctx;
  const size_t nblocks = (j->n + TRI_BLOCK - 1) / TRI_BLOCK;
  for (size_t s = begin; s < end; s++) {
    uint32_t *cnt = j->counts + s * j->n;
    int32_t *mark = j->marks + s * j->n;
    int64_t total = 0;
    for (size_t b = s; b < nblocks; b += j->stripes) {
      for (size_t u = b * TRI_BLOCK, stop = u + TRI_BLOCK < j->n ? u + TRI_BLOCK : j->n; u < stop; u++) {
        const int32_t *fu = j->adj + slot(j, u), du = j->fdeg[u];
        if (du < 2) continue;
        const int32_t stamp = (int32_t)u + 1; /* u < n <= INT32_MAX */
        for (int32_t i = 0; i < du; i++) mark[fu[i]] = stamp;
        for (int32_t i = 0; i < du; i++) {
          const int32_t v = fu[i], *fv = j->adj + slot(j, (size_t)v), dv = j->fdeg[v];
          for (int32_t k = 0; k < dv; k++) {
            const int32_t x = fv[k];
            if (mark[x] == stamp) {
              cnt[u]++, cnt[v]++, cnt[x]++;
              total++;
            }
          }
        }
      }
    }
    j->totals[s] = total;
  }
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
  const size_t m = (size_t)offsets1[n] + (offsets2 ? (size_t)offsets2[n] : 0), cap = n ? n : 1;
  /* calloc throughout: it checks the size products (wasm32's size_t) */
  tri_job j = {.n = n, .stripes = stripes, .off1 = offsets1, .adj1 = neighbours1, .off2 = offsets2, .adj2 = neighbours2,
               .deg = degrees};
  if (cap > SIZE_MAX / stripes) return TRUENO_ENOMEM;
  j.adj = calloc(m ? m : 1, sizeof(int32_t));
  j.fdeg = calloc(cap, sizeof(int32_t));
  j.marks = calloc(stripes * cap, sizeof(int32_t));
  j.counts = calloc(stripes * cap, sizeof(uint32_t));
  j.totals = calloc(stripes, sizeof(int64_t));
  if (!j.adj || !j.fdeg || !j.marks || !j.counts || !j.totals) {
    free(j.adj), free(j.fdeg), free(j.marks), free(j.counts), free(j.totals);
    return TRUENO_ENOMEM;
  }
  trueno_parallel_for(n, GRAPH_BLOCK, 1, merge_nodes, &j);
  trueno_parallel_for(n, GRAPH_BLOCK, 1, orient_nodes, &j);
  trueno_parallel_for(stripes, 1, 1, count_stripes, &j);
  int64_t sum = 0;
  for (size_t s = 0; s < stripes; s++) sum += j.totals[s];
  for (size_t v = 0; v < n; v++) {
    uint32_t t = 0;
    for (size_t s = 0; s < stripes; s++) t += j.counts[s * n + v];
    triangles[v] = (int32_t)t;
  }
  if (total) *total = sum;
  free(j.adj), free(j.fdeg), free(j.marks), free(j.counts), free(j.totals);
  return TRUENO_OK;
}
