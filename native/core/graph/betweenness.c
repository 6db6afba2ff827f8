/*
 * trueno_graph_betweenness: Brandes' algorithm, one shortest-path search per source (BFS, or Dijkstra with a heap
 * ordered by (distance, node)) and a backward pass in reverse visiting order. The backward pass reads successors over
 * the node's own entries (w is a successor of v when w was settled after v and dist[v] + length(e) == dist[w]), so
 * no predecessor lists are kept and only the out-CSR is needed. Sources run in parallel in a fixed number of chunks
 * (a function of n and the source count), each with its own accumulator, added in chunk order at the end: the bits
 * never depend on the thread count.
 */
#include "graph/graph.h"
#include "runtime/threadpool.h"

/* Most chunks, and the accumulator budget they share (doubles). */
#define BC_MAX_CHUNKS ((size_t)16)
#define BC_ACC_DOUBLES ((size_t)1 << 23)

typedef struct {
  size_t n, nsources, nchunks, per_chunk;
  const int32_t *offsets, *neighbours, *sources;
  const double *weights;
  double *out, *acc; /* chunk 0 adds into out, chunk c > 0 into acc + (c - 1) n */
  int *status;       /* one per chunk: a worker that cannot allocate its scratch says so here */
} bc_job;

/* Per-thread scratch, reset after each source only where that source reached. */
typedef struct {
  double *sigma, *delta, *dist;
  int32_t *order, *pos;
  graph_heap_item *heap;
} bc_scratch;

static void scratch_free(bc_scratch *s) {
  free(s->sigma), free(s->delta), free(s->dist), free(s->order), free(s->pos), free(s->heap);
}

static int scratch_alloc(bc_scratch *s, size_t n, size_t m, int weighted) {
  s->sigma = calloc(n, sizeof(double));
  s->delta = calloc(n, sizeof(double));
  s->dist = calloc(n, sizeof(double));
  s->order = calloc(n, sizeof(int32_t));
  s->pos = calloc(n, sizeof(int32_t));
  /* the heap holds at most one item per entry, plus the source (a size that cannot wrap: calloc checks it) */
  s->heap = weighted ? calloc(m + 1, sizeof(graph_heap_item)) : NULL;
  if (!s->sigma || !s->delta || !s->dist || !s->order || !s->pos || (weighted && !s->heap)) {
    scratch_free(s);
    return 0;
  }
  for (size_t v = 0; v < n; v++) {
    s->dist[v] = -1;
    s->pos[v] = -1;
  }
  return 1;
}

/* BFS from s: order, sigma (shortest path counts, each entry a path), pos[v] = v's hop count; returns the nodes reached. */
static size_t forward_bfs(const bc_job *j, bc_scratch *sc, int32_t s) {
  const int32_t *off = j->offsets, *adj = j->neighbours;
  double *sigma = sc->sigma;
  int32_t *order = sc->order, *hops = sc->pos;
  size_t tail = 0;
  sigma[s] = 1;
  hops[s] = 0;
  order[tail++] = s;
  for (size_t head = 0; head < tail; head++) {
    const int32_t v = order[head], next = hops[v] + 1;
    for (int32_t e = off[v]; e < off[v + 1]; e++) {
      const int32_t w = adj[e];
      if (hops[w] < 0) {
        hops[w] = next;
        order[tail++] = w;
      }
      if (hops[w] == next) sigma[w] += sigma[v];
    }
  }
  return tail;
}

/* Dijkstra from s: order is the settling order, pos[v] v's place in it; returns the nodes settled. */
static size_t forward_dijkstra(const bc_job *j, bc_scratch *sc, int32_t s) {
  const int32_t *off = j->offsets, *adj = j->neighbours;
  const double *wt = j->weights;
  double *sigma = sc->sigma, *dist = sc->dist;
  int32_t *order = sc->order, *pos = sc->pos;
  size_t top = 0, len = 0;
  sigma[s] = 1;
  dist[s] = 0;
  graph_heap_push(sc->heap, &len, (graph_heap_item){0, s});
  while (len > 0) {
    const graph_heap_item it = graph_heap_pop(sc->heap, &len);
    const int32_t v = it.v;
    if (pos[v] >= 0) continue;
    pos[v] = (int32_t)top;
    order[top++] = v;
    for (int32_t e = off[v]; e < off[v + 1]; e++) {
      const int32_t w = adj[e];
      if (pos[w] >= 0) continue;
      const double nd = it.d + wt[e];
      if (dist[w] < 0 || nd < dist[w]) {
        dist[w] = nd;
        sigma[w] = sigma[v];
        graph_heap_push(sc->heap, &len, (graph_heap_item){nd, w});
      } else if (nd == dist[w]) {
        sigma[w] += sigma[v];
      }
    }
  }
  return top;
}

/*
 * The backward pass of source s over its `reached` nodes: delta[v] = sigma[v] * the sum over successors w of
 * (1 + delta[w]) / sigma[w] (Brandes' sum with the division taken once per node), added to acc; then the reset.
 * A successor is an entry to a node settled later on a shortest path: one hop further (BFS; pos holds hop counts) or,
 * weighted, settled after v (pos) at dist[v] + length. The scratch's delta array holds (1 + delta[w]) / sigma[w], the
 * only form a predecessor reads.
 */
static void backward(const bc_job *j, bc_scratch *sc, int32_t s, size_t reached, double *acc) {
  const int32_t *off = j->offsets, *adj = j->neighbours;
  const double *wt = j->weights;
  double *sigma = sc->sigma, *coef = sc->delta, *dist = sc->dist;
  const int32_t *order = sc->order, *pos = sc->pos;
  for (size_t i = reached; i-- > 0;) {
    const int32_t v = order[i];
    double sum = 0;
    if (wt) {
      for (int32_t e = off[v]; e < off[v + 1]; e++) {
        const int32_t w = adj[e];
        if (pos[w] > pos[v] && dist[v] + wt[e] == dist[w]) sum += coef[w];
      }
    } else {
      const int32_t next = pos[v] + 1;
      for (int32_t e = off[v]; e < off[v + 1]; e++) {
        const int32_t w = adj[e];
        if (pos[w] == next) sum += coef[w];
      }
    }
    const double delta = sigma[v] * sum;
    coef[v] = (1 + delta) / sigma[v];
    if (v != s) acc[v] += delta;
  }
  for (size_t i = 0; i < reached; i++) {
    const int32_t v = order[i];
    sigma[v] = coef[v] = 0;
    dist[v] = -1;
    sc->pos[v] = -1;
  }
}

static void run_chunks(void *ctx, size_t begin, size_t end) {
  bc_job *j = ctx;
  bc_scratch sc;
  const size_t m = (size_t)j->offsets[j->n];
  if (!scratch_alloc(&sc, j->n, m, j->weights != NULL)) {
    for (size_t c = begin; c < end; c++) j->status[c] = TRUENO_ENOMEM;
    return;
  }
  for (size_t c = begin; c < end; c++) {
    double *acc = c == 0 ? j->out : j->acc + (c - 1) * j->n;
    const size_t first = c * j->per_chunk, last = first + j->per_chunk < j->nsources ? first + j->per_chunk : j->nsources;
    for (size_t i = first; i < last; i++) {
      const int32_t s = j->sources[i];
      const size_t reached = j->weights ? forward_dijkstra(j, &sc, s) : forward_bfs(j, &sc, s);
      backward(j, &sc, s, reached, acc);
    }
  }
  scratch_free(&sc);
}

int trueno_graph_betweenness(size_t n, const int32_t *offsets, const int32_t *neighbours, const double *weights,
                             size_t nsources, const int32_t *sources, double *out) {
  if (!graph_csr_ok(n, offsets, neighbours) || (weights && !graph_weights_ok((size_t)offsets[n], weights))) return TRUENO_EINVAL;
  if ((n > 0 && out == NULL) || (nsources > 0 && sources == NULL)) return TRUENO_EINVAL;
  for (size_t i = 0; i < nsources; i++)
    if (sources[i] < 0 || (size_t)sources[i] >= n) return TRUENO_EINVAL;
  if (n == 0) return TRUENO_OK;
  size_t nchunks = BC_ACC_DOUBLES / n;
  if (nchunks > BC_MAX_CHUNKS) nchunks = BC_MAX_CHUNKS;
  if (nchunks > nsources) nchunks = nsources;
  if (nchunks < 1) nchunks = 1;
  double *acc = nchunks > 1 ? calloc((nchunks - 1) * n, sizeof(double)) : NULL;
  int *status = calloc(nchunks, sizeof(int));
  if ((nchunks > 1 && acc == NULL) || status == NULL) {
    free(acc), free(status);
    return TRUENO_ENOMEM;
  }
  for (size_t v = 0; v < n; v++) out[v] = 0;
  bc_job j = {n, nsources, nchunks, (nsources + nchunks - 1) / nchunks, offsets, neighbours, sources, weights, out, acc, status};
  if (nsources > 0) trueno_parallel_for(nchunks, 1, 1, run_chunks, &j);
  int rc = TRUENO_OK;
  for (size_t c = 0; c < nchunks; c++)
    if (status[c] != TRUENO_OK) rc = status[c];
  for (size_t c = 1; c < nchunks && rc == TRUENO_OK; c++) {
    const double *a = acc + (c - 1) * n;
    for (size_t v = 0; v < n; v++) out[v] += a[v];
  }
  free(acc), free(status);
  return rc;
}
