/*
 * Louvain communities (Blondel et al. 2008) with multi-level refinement (Rotta & Noack 2011) and several seeded
 * trials, the best kept. One trial: local moving of nodes in a seeded random order, pass after pass until no node
 * moves (as igraph's community_multilevel), aggregation of the communities into the nodes of the next level, level
 * after level; then the partition is carried back down the levels and local moving runs again on each one, which
 * lets single nodes of the finer levels leave the community their level's first moves put them in. Louvain's result
 * depends on the visiting order: on small graphs one order lands 0.02 below another, and the best of a few trials
 * closes that gap. Trials are independent, run on the thread pool, and the best is chosen by modularity then trial
 * index, so the result does not depend on the thread count. The generator is mulberry32 (lib/common/random.ts) and
 * every sum runs in a fixed order, so the js backend reproduces the same labels and modularity bits.
 */
#include "graph/graph.h"
#include "runtime/threadpool.h"

#include <math.h>

/*
 * Passes stop once one raises modularity by no more than this: every move raises it, but two communities whose gains
 * differ only by rounding can trade a node back and forth for ever; a pass that gains this little only does that.
 */
#define LOUVAIN_MIN_PASS_GAIN 1e-10
/* Local-moving passes per level at most (a guard; the gain rule ends them first). */
#define LOUVAIN_MAX_PASSES 1000

/* mulberry32, as Random.next in lib/common/random.ts: a uniform double in [0, 1), a multiple of 2^-32. */
static double louvain_next(uint32_t *state) {
  *state += 0x6d2b79f5u;
  uint32_t t = *state;
  t = (t ^ (t >> 15)) * (t | 1u);
  t ^= t + (t ^ (t >> 7)) * (t | 61u);
  return (double)(t ^ (t >> 14)) / 4294967296.0;
}

/* deriveSeed of lib/common/random.ts: trial t's seed. */
static uint32_t louvain_derive_seed(uint32_t seed, uint32_t counter) {
  uint32_t x = seed ^ ((counter + 1u) * 0x9e3779b9u);
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

/* One level's graph: a symmetric weighted adjacency (level 0 borrows the caller's arrays, weights NULL = all 1). */
typedef struct {
  int32_t n;
  int32_t *offsets, *neighbours;
  double *weights;
  int owned;
} louvain_graph;

static void louvain_graph_free(louvain_graph *g) {
  if (g->owned) free(g->offsets), free(g->neighbours), free(g->weights);
  g->offsets = g->neighbours = NULL;
  g->weights = NULL;
}

static double weight_of(const louvain_graph *g, int32_t e) { return g->weights ? g->weights[e] : 1.0; }

/* Scratch of one trial, sized for the largest level (level 0's n nodes). */
typedef struct {
  double *k, *tot, *link;
  int32_t *order, *touched, *slot, *members, *start;
  uint8_t *seen;
} louvain_scratch;

static void scratch_free(louvain_scratch *s) {
  free(s->k), free(s->tot), free(s->link), free(s->order), free(s->touched), free(s->slot), free(s->members);
  free(s->start), free(s->seen);
}

static int scratch_alloc(louvain_scratch *s, size_t n) {
  const size_t cap = n ? n : 1;
  s->k = malloc(cap * sizeof(double)), s->tot = malloc(cap * sizeof(double)), s->link = malloc(cap * sizeof(double));
  s->order = malloc(cap * sizeof(int32_t)), s->touched = malloc(cap * sizeof(int32_t)), s->slot = malloc(cap * sizeof(int32_t));
  s->members = malloc(cap * sizeof(int32_t)), s->start = malloc((cap + 1) * sizeof(int32_t)), s->seen = calloc(cap, 1);
  return s->k && s->tot && s->link && s->order && s->touched && s->slot && s->members && s->start && s->seen;
}

/*
 * Local moving on g: comm[v] in [0, g->n) is v's community (in and out). Nodes are visited in a seeded random order
 * (shuffled once per call); each leaves its community for the neighbouring one of largest gain
 * link(v, c) - gamma tot(c) k(v) / 2m when that beats staying (ties: the first in entry order), until a pass moves
 * no node or gains at most LOUVAIN_MIN_PASS_GAIN. Returns whether any node moved.
 */
static int move_nodes(const louvain_graph *g, int32_t *comm, double gamma, double two_m, uint32_t *rng,
                      louvain_scratch *s) {
  const int32_t n = g->n;
  for (int32_t v = 0; v < n; v++) s->tot[v] = 0;
  for (int32_t v = 0; v < n; v++) {
    double kv = 0;
    for (int32_t e = g->offsets[v]; e < g->offsets[v + 1]; e++) kv += weight_of(g, e);
    s->k[v] = kv;
    s->tot[comm[v]] += kv;
  }
  for (int32_t v = 0; v < n; v++) s->order[v] = v;
  for (int32_t i = n - 1; i > 0; i--) {
    const int32_t j = (int32_t)(louvain_next(rng) * (double)(i + 1));
    const int32_t t = s->order[i];
    s->order[i] = s->order[j];
    s->order[j] = t;
  }
  int moved_any = 0;
  for (int pass = 0; pass < LOUVAIN_MAX_PASSES; pass++) {
    int moved = 0;
    double improved = 0; /* the pass's modularity gain x 2m / 2 */
    for (int32_t i = 0; i < n; i++) {
      const int32_t v = s->order[i], own = comm[v];
      const double kv = s->k[v];
      int32_t ntouched = 0;
      for (int32_t e = g->offsets[v]; e < g->offsets[v + 1]; e++) {
        const int32_t u = g->neighbours[e];
        if (u == v) continue;
        const int32_t c = comm[u];
        if (!s->seen[c]) {
          s->seen[c] = 1;
          s->link[c] = 0;
          s->touched[ntouched++] = c;
        }
        s->link[c] += weight_of(g, e);
      }
      s->tot[own] -= kv;
      int32_t best = own;
      const double own_gain = (s->seen[own] ? s->link[own] : 0) - gamma * s->tot[own] * kv / two_m;
      double best_gain = own_gain;
      for (int32_t t = 0; t < ntouched; t++) {
        const int32_t c = s->touched[t];
        const double gain = s->link[c] - gamma * s->tot[c] * kv / two_m;
        if (gain > best_gain) {
          best_gain = gain;
          best = c;
        }
        s->seen[c] = 0;
      }
      s->tot[best] += kv;
      if (best != own) {
        comm[v] = best;
        moved = 1;
        improved += best_gain - own_gain;
      }
    }
    if (!moved) break;
    moved_any = 1;
    if (2 * improved / two_m <= LOUVAIN_MIN_PASS_GAIN) break;
  }
  return moved_any;
}

/* Renumbers comm (values in [0, n)) to 0..count-1 by first appearance; returns count. map: n scratch. */
static int32_t renumber(int32_t n, int32_t *comm, int32_t *map) {
  for (int32_t v = 0; v < n; v++) map[v] = -1;
  int32_t count = 0;
  for (int32_t v = 0; v < n; v++) {
    if (map[comm[v]] < 0) map[comm[v]] = count++;
    comm[v] = map[comm[v]];
  }
  return count;
}

/*
 * The graph whose nodes are g's communities: entry (c, d) weighs the sum of g's entries from a member of c to a
 * member of d; c's entries appear in the order its members (by node) first reach each d. Returns 0 when out of memory.
 */
static int aggregate(const louvain_graph *g, const int32_t *comm, int32_t count, louvain_graph *out,
                     louvain_scratch *s) {
  const size_t entries = (size_t)g->offsets[g->n];
  out->n = count;
  out->owned = 1;
  out->offsets = malloc(((size_t)count + 1) * sizeof(int32_t));
  out->neighbours = malloc((entries ? entries : 1) * sizeof(int32_t));
  out->weights = malloc((entries ? entries : 1) * sizeof(double));
  if (!out->offsets || !out->neighbours || !out->weights) {
    louvain_graph_free(out);
    return 0;
  }
  /* members of each community, by node (a counting sort) */
  for (int32_t c = 0; c <= count; c++) s->start[c] = 0;
  for (int32_t v = 0; v < g->n; v++) s->start[comm[v] + 1]++;
  for (int32_t c = 0; c < count; c++) s->start[c + 1] += s->start[c];
  for (int32_t c = 0; c < count; c++) s->slot[c] = s->start[c];
  for (int32_t v = 0; v < g->n; v++) s->members[s->slot[comm[v]]++] = v;
  for (int32_t c = 0; c < count; c++) s->slot[c] = -1;
  int32_t len = 0;
  out->offsets[0] = 0;
  for (int32_t c = 0; c < count; c++) {
    const int32_t first = len;
    for (int32_t i = s->start[c]; i < s->start[c + 1]; i++) {
      const int32_t v = s->members[i];
      for (int32_t e = g->offsets[v]; e < g->offsets[v + 1]; e++) {
        const int32_t d = comm[g->neighbours[e]];
        if (s->slot[d] < first) {
          s->slot[d] = len;
          out->neighbours[len] = d;
          out->weights[len++] = 0;
        }
        out->weights[s->slot[d]] += weight_of(g, e);
      }
    }
    out->offsets[c + 1] = len;
  }
  return 1;
}

/* Modularity of labels (in [0, count)) on g: sum over c of in(c) / 2m - gamma (tot(c) / 2m)^2. */
static double modularity_of(const louvain_graph *g, const int32_t *labels, int32_t count, double gamma, double *inner,
                            double *tot) {
  for (int32_t c = 0; c < count; c++) inner[c] = tot[c] = 0;
  double two_m = 0;
  for (int32_t v = 0; v < g->n; v++) {
    for (int32_t e = g->offsets[v]; e < g->offsets[v + 1]; e++) {
      const double w = weight_of(g, e);
      two_m += w;
      tot[labels[v]] += w;
      if (labels[g->neighbours[e]] == labels[v]) inner[labels[v]] += w;
    }
  }
  if (two_m == 0) return 0;
  double q = 0;
  for (int32_t c = 0; c < count; c++) q += inner[c] / two_m - gamma * (tot[c] / two_m) * (tot[c] / two_m);
  return q;
}

typedef struct {
  const louvain_graph *base;
  double gamma, two_m;
  uint32_t seed;
  int32_t max_levels;
  int32_t *labels; /* trials x n */
  double *q;       /* trials */
  int *status;     /* trials */
} louvain_job;

/* One trial: levels of local moving and aggregation, then refinement back down; labels by first appearance. */
static int louvain_trial(const louvain_job *j, uint32_t rng, int32_t *labels, double *q) {
  const louvain_graph *base = j->base;
  const int32_t n = base->n;
  louvain_scratch s;
  int ok = scratch_alloc(&s, (size_t)n);
  /* levels: graphs[0] = base, maps[L] = level L's communities (nodes of level L + 1) */
  int32_t cap = 8, levels = 0;
  louvain_graph *graphs = malloc((size_t)cap * sizeof(louvain_graph));
  int32_t **maps = malloc((size_t)cap * sizeof(int32_t *));
  ok = ok && graphs && maps;
  if (ok) graphs[0] = *base;
  while (ok && (j->max_levels < 0 || levels < j->max_levels)) {
    if (levels + 1 >= cap) {
      cap *= 2;
      louvain_graph *gs = realloc(graphs, (size_t)cap * sizeof(louvain_graph));
      if (gs) graphs = gs;
      int32_t **ms = realloc(maps, (size_t)cap * sizeof(int32_t *));
      if (ms) maps = ms;
      if (!gs || !ms) {
        ok = 0;
        break;
      }
    }
    const louvain_graph *g = &graphs[levels];
    int32_t *comm = malloc(((size_t)g->n ? (size_t)g->n : 1) * sizeof(int32_t));
    if (!comm) {
      ok = 0;
      break;
    }
    for (int32_t v = 0; v < g->n; v++) comm[v] = v;
    if (!move_nodes(g, comm, j->gamma, j->two_m, &rng, &s)) {
      free(comm);
      break;
    }
    const int32_t count = renumber(g->n, comm, s.slot);
    if (!aggregate(g, comm, count, &graphs[levels + 1], &s)) {
      free(comm);
      ok = 0;
      break;
    }
    maps[levels++] = comm;
    if (count == g->n) break;
  }
  if (ok) {
    /* refinement: the top level's nodes are the communities; carry them down and move nodes at every level */
    int32_t *part = labels;
    int32_t *next = malloc(((size_t)n ? (size_t)n : 1) * sizeof(int32_t));
    if (!next) ok = 0;
    for (int32_t v = 0; ok && v < graphs[levels].n; v++) part[v] = v;
    for (int32_t L = levels - 1; ok && L >= 0; L--) {
      const louvain_graph *g = &graphs[L];
      for (int32_t v = 0; v < g->n; v++) next[v] = part[maps[L][v]];
      move_nodes(g, next, j->gamma, j->two_m, &rng, &s);
      memcpy(part, next, (size_t)g->n * sizeof(int32_t));
    }
    free(next);
    if (ok) {
      const int32_t count = renumber(n, labels, s.slot);
      *q = modularity_of(base, labels, count, j->gamma, s.k, s.tot);
    }
  }
  for (int32_t L = 0; graphs && maps && L < levels; L++) {
    free(maps[L]);
    louvain_graph_free(&graphs[L + 1]);
  }
  free(graphs), free(maps);
  scratch_free(&s);
  return ok ? TRUENO_OK : TRUENO_ENOMEM;
}

static void louvain_trials(void *ctx, size_t begin, size_t end) {
  const louvain_job *j = ctx;
  const size_t n = (size_t)j->base->n;
  for (size_t t = begin; t < end; t++)
    j->status[t] = louvain_trial(j, louvain_derive_seed(j->seed, (uint32_t)t), j->labels + t * n, &j->q[t]);
}

int trueno_graph_louvain(size_t n, const int32_t *offsets, const int32_t *neighbours, const double *weights,
                         double resolution, uint32_t seed, int32_t max_levels, int32_t trials, int32_t *labels,
                         double *modularity) {
  if (!graph_csr_ok(n, offsets, neighbours) || (n > 0 && labels == NULL)) return TRUENO_EINVAL;
  if (!(resolution > 0 && resolution < INFINITY) || !(max_levels >= 1 || max_levels == -1)) return TRUENO_EINVAL;
  if (trials < 1 || trials > TRUENO_LOUVAIN_MAX_TRIALS) return TRUENO_EINVAL;
  const size_t m = (size_t)offsets[n];
  double two_m = 0;
  for (size_t e = 0; e < m; e++) {
    const double w = weights ? weights[e] : 1.0;
    if (!(w >= 0 && w < INFINITY)) return TRUENO_EINVAL;
    two_m += w;
  }
  if (!(two_m < INFINITY)) return TRUENO_EINVAL;
  louvain_graph base = {(int32_t)n, (int32_t *)offsets, (int32_t *)neighbours, (double *)weights, 0};
  if (two_m == 0) {
    /* no edges (or all weigh 0): every node alone, modularity 0 (networkx and igraph give 0 or NaN) */
    for (size_t v = 0; v < n; v++) labels[v] = (int32_t)v;
    if (modularity) *modularity = 0;
    return TRUENO_OK;
  }
  if (n > SIZE_MAX / sizeof(int32_t) / (size_t)trials) return TRUENO_ENOMEM;
  int32_t *all = malloc((size_t)trials * n * sizeof(int32_t));
  double *q = malloc((size_t)trials * sizeof(double));
  int *status = malloc((size_t)trials * sizeof(int));
  if (!all || !q || !status) {
    free(all), free(q), free(status);
    return TRUENO_ENOMEM;
  }
  louvain_job j = {&base, resolution, two_m, seed, max_levels, all, q, status};
  trueno_parallel_for((size_t)trials, 1, 1, louvain_trials, &j);
  int rc = TRUENO_OK;
  for (int32_t t = 0; t < trials; t++)
    if (status[t] != TRUENO_OK) rc = status[t];
  int32_t best = 0;
  for (int32_t t = 1; rc == TRUENO_OK && t < trials; t++)
    if (q[t] > q[best]) best = t;
  if (rc == TRUENO_OK) {
    memcpy(labels, all + (size_t)best * n, n * sizeof(int32_t));
    if (modularity) *modularity = q[best];
  }
  free(all), free(q), free(status);
  return rc;
}
