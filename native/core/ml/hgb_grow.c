/*
 * trueno_hgb_grow: one tree of the histogram gradient booster, grown leaf-wise as scikit-learn's TreeGrower.
 *
 * Samples of a node are a contiguous range of an index array (with their gradients and hessians moved along, so a
 * histogram reads them in order); a split partitions the range stably into the same range of a second array (the
 * left child's count is known from the histograms, so every sample goes straight to its place), and the children's
 * samples live there: two arrays in turn, by depth, and nothing copied back. The smaller child's histogram is built from
 * its samples and the larger one's is the parent's minus it. Histograms are built and searched for splits one
 * feature at a time, features in parallel: each feature's sums run over its samples in order, so the tree is the
 * same bits for every thread count (and in the WASM build and the JS reference, which follow the same steps).
 */
#include "hgb_internal.h"
#include "trueno.h"
#include "runtime/threadpool.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* A node while the tree grows. */
typedef struct {
  size_t start;     /* its samples: idx[buf][start .. start + sums.count) */
  hgb_sums sums;
  int depth;
  hgb_bin *hist;    /* while it may still split */
  hgb_split split;  /* its best split (gain <= 0: none) */
  int buf;          /* which of the two sample arrays holds its samples */
} grow_node;

typedef struct {
  /* inputs */
  size_t n, d;
  const uint8_t *binned;
  const int32_t *n_bins;
  const uint8_t *has_missing, *categorical;
  hgb_settings s;
  size_t bins; /* histogram bins per feature: missing_bin + 1 */
  /* samples in node order, with their gradients (and hessians: (g, h) pairs unless constant) */
  uint32_t *idx[2];
  double *gh[2];
  size_t *chunk_left; /* per partition chunk: how many of its samples go left */
  size_t stride; /* doubles per sample in gh: 1 or 2 */
  /* the pair being built: `small` from its samples, `large` = parent - small; find_* say whose split to search */
  const grow_node *small_node, *large_node;
  hgb_bin *parent, *small, *large;
  int find_small, find_large;
  hgb_split *small_splits, *large_splits; /* per feature */
} grow_ctx;

/* Features built together in one pass over a node's samples (each sample's index and g/h loaded once for all). */
#define BUILD_GROUP 4

/* Adds one sample's (g, h) pair to a bin. */
static inline void add_pair(hgb_bin *b, const double *pair) {
#if defined(__SSE2__)
  _mm_storeu_pd(&b->g, _mm_add_pd(_mm_loadu_pd(&b->g), _mm_loadu_pd(pair))); /* g and h in one add */
#else
  b->g += pair[0];
  b->h += pair[1];
#endif
  b->count++;
}

/*
 * The histograms of features [f0, f1) (at most BUILD_GROUP) of a node into hist (c->bins bins per feature, from
 * feature f0). Each bin sums its samples in node order, whatever the grouping, so the sums are the same bits as
 * one feature at a time.
 */
static void build_group(const grow_ctx *c, size_t f0, size_t f1, const grow_node *node, hgb_bin *hist) {
  const size_t m = f1 - f0, bins = c->bins;
  memset(hist, 0, m * bins * sizeof *hist);
  const uint8_t *col[BUILD_GROUP];
  hgb_bin *h[BUILD_GROUP];
  for (size_t j = 0; j < m; j++) col[j] = c->binned + (f0 + j) * c->n, h[j] = hist + j * bins;
  const uint32_t *idx = c->idx[node->buf] + node->start;
  const double *gh = c->gh[node->buf] + node->start * c->stride;
  const size_t len = node->sums.count;
  if (c->s.constant_hessian) {
    for (size_t j = 0; j < m; j++) {
      for (size_t i = 0; i < len; i++) {
        hgb_bin *b = &h[j][col[j][idx[i]]];
        b->g += gh[i];
        b->count++;
      }
    }
  } else if (m == BUILD_GROUP) {
    for (size_t i = 0; i < len; i++) {
      const uint32_t s = idx[i];
      const double *pair = gh + 2 * i;
      add_pair(&h[0][col[0][s]], pair);
      add_pair(&h[1][col[1][s]], pair);
      add_pair(&h[2][col[2][s]], pair);
      add_pair(&h[3][col[3][s]], pair);
    }
  } else {
    for (size_t j = 0; j < m; j++)
      for (size_t i = 0; i < len; i++) add_pair(&h[j][col[j][idx[i]]], gh + 2 * i);
  }
}

static void find_feature(const grow_ctx *c, size_t f, const grow_node *node, const hgb_bin *hist, hgb_split *out) {
  hgb_find_split(&c->s, hist, (unsigned)c->n_bins[f], c->has_missing[f], c->categorical[f], &node->sums, out);
}

/* Histograms (and split candidates) of features [begin, end) for the pair in the context. */
static void pair_features(void *arg, size_t begin, size_t end) {
  const grow_ctx *c = arg;
  for (size_t f0 = begin; f0 < end; f0 += BUILD_GROUP) {
    const size_t f1 = f0 + BUILD_GROUP < end ? f0 + BUILD_GROUP : end;
    build_group(c, f0, f1, c->small_node, c->small + f0 * c->bins);
    for (size_t f = f0; f < f1; f++) {
      const hgb_bin *small = c->small + f * c->bins;
      if (c->large) {
        const hgb_bin *parent = c->parent + f * c->bins;
        hgb_bin *large = c->large + f * c->bins;
        for (size_t b = 0; b < c->bins; b++) {
          large[b].g = parent[b].g - small[b].g;
          large[b].h = parent[b].h - small[b].h;
          large[b].count = parent[b].count - small[b].count;
          large[b].pad = 0;
        }
        if (c->find_large) find_feature(c, f, c->large_node, large, &c->large_splits[f]);
      }
      if (c->find_small) find_feature(c, f, c->small_node, small, &c->small_splits[f]);
    }
  }
}

/* The first best of the per-feature candidates into node->split (with its feature in split.bin's companion). */
static int32_t best_feature(const grow_ctx *c, const hgb_split *splits, grow_node *node) {
  size_t best = 0;
  for (size_t f = 1; f < c->d; f++)
    if (splits[f].gain > splits[best].gain) best = f;
  node->split = splits[best];
  return (int32_t)best;
}

/* Builds the histograms of `small` (and `large` by subtraction when given) and searches the asked splits. */
static void build_pair(grow_ctx *c, grow_node *small, grow_node *large, hgb_bin *parent, int find_small,
                       int find_large, int32_t *small_feature, int32_t *large_feature) {
  c->small_node = small;
  c->large_node = large;
  c->parent = parent;
  c->small = small->hist;
  c->large = large ? large->hist : NULL;
  c->find_small = find_small;
  c->find_large = find_large;
  /* Enough samples per range (x features) that waking the pool pays (a wake-up costs tens of microseconds). */
  const size_t work = small->sums.count + 64;
  const size_t grain = work >= 65536 ? 1 : (65536 + work - 1) / work;
  trueno_parallel_for(c->d, grain, 1, pair_features, c);
  if (find_small) *small_feature = best_feature(c, c->small_splits, small);
  if (find_large) *large_feature = best_feature(c, c->large_splits, large);
}

/* Which bins go left at a node split with sp (a table, so the partition below has no data-dependent branch). */
static void left_table(const hgb_split *sp, unsigned missing_bin, uint8_t *table) {
  for (unsigned b = 0; b < 256; b++) {
    if (sp->categorical) table[b] = (uint8_t)(sp->bits[b >> 5] >> (b & 31) & 1);
    else table[b] = (uint8_t)(b == missing_bin ? sp->missing_left : b <= (unsigned)sp->bin);
  }
}

/* Samples per chunk of a parallel partition; nodes below two chunks are partitioned serially. */
#define PART_CHUNK 8192

/* How many of the samples src[lo, hi) go left. */
static size_t count_left(const uint8_t *col, const uint8_t *table, const uint32_t *idx, size_t lo, size_t hi) {
  size_t left = 0;
  for (size_t i = lo; i < hi; i++) left += table[col[idx[i]]];
  return left;
}

/*
 * Moves the samples src[lo, hi) (indices and their gh) stably into dst: the left ones from position w on, the right
 * ones from r on. The destination is chosen by a conditional move, not a branch (the side is data-dependent).
 */
static void move_range(const grow_ctx *c, const uint8_t *col, const uint8_t *table, int src, size_t lo, size_t hi,
                       size_t w, size_t r) {
  const uint32_t *idx = c->idx[src];
  const double *gh = c->gh[src];
  uint32_t *to_idx = c->idx[1 - src];
  double *to_gh = c->gh[1 - src];
  if (c->stride == 1) {
    for (size_t i = lo; i < hi; i++) {
      const uint32_t s = idx[i];
      const size_t left = table[col[s]], at = left ? w : r;
      to_idx[at] = s, to_gh[at] = gh[i];
      w += left, r += 1 - left;
    }
  } else {
    for (size_t i = lo; i < hi; i++) {
      const uint32_t s = idx[i];
      const size_t left = table[col[s]], at = left ? w : r;
      to_idx[at] = s, to_gh[2 * at] = gh[2 * i], to_gh[2 * at + 1] = gh[2 * i + 1];
      w += left, r += 1 - left;
    }
  }
}

typedef struct {
  const grow_ctx *c;
  const uint8_t *col, *table;
  int src, pass;
  size_t start, len, n_left;
} part_ctx;

/* Pass 0: each chunk's left count; pass 1: each chunk moved, from cursors after the chunks before it. */
static void part_chunks(void *arg, size_t begin, size_t end) {
  const part_ctx *p = arg;
  const grow_ctx *c = p->c;
  for (size_t k = begin; k < end; k++) {
    const size_t lo = p->start + k * PART_CHUNK, hi = lo + PART_CHUNK < p->start + p->len ? lo + PART_CHUNK : p->start + p->len;
    if (p->pass == 0) {
      c->chunk_left[k] = count_left(p->col, p->table, c->idx[p->src], lo, hi);
    } else {
      size_t lefts = 0;
      for (size_t j = 0; j < k; j++) lefts += c->chunk_left[j];
      const size_t rights = k * PART_CHUNK - lefts;
      move_range(c, p->col, p->table, p->src, lo, hi, p->start + lefts, p->start + p->n_left + rights);
    }
  }
}

/*
 * Stable partition of the node's samples into the other array: the left child's first, in their order, then the
 * right child's. Large nodes go in chunks in parallel (counted, then moved), with the same result for every thread
 * count.
 */
static void partition(grow_ctx *c, const grow_node *node, size_t f) {
  const uint8_t *col = c->binned + f * c->n;
  uint8_t table[256];
  left_table(&node->split, c->s.missing_bin, table);
  const size_t start = node->start, len = node->sums.count, n_left = node->split.n_left;
  if (len < 2 * PART_CHUNK) {
    move_range(c, col, table, node->buf, start, start + len, start, start + n_left);
    return;
  }
  part_ctx p = {c, col, table, node->buf, 0, start, len, n_left};
  const size_t chunks = (len + PART_CHUNK - 1) / PART_CHUNK;
  trueno_parallel_for(chunks, 1, 1, part_chunks, &p);
  p.pass = 1;
  trueno_parallel_for(chunks, 1, 1, part_chunks, &p);
}

/* ---- the heap of splittable nodes: largest gain first, then the older node ---------------------------------- */

static int heap_before(const grow_node *nodes, int32_t a, int32_t b) {
  const double ga = nodes[a].split.gain, gb = nodes[b].split.gain;
  return ga > gb || (ga == gb && a < b);
}

static void heap_push(int32_t *heap, size_t *size, const grow_node *nodes, int32_t v) {
  size_t i = (*size)++;
  heap[i] = v;
  while (i > 0 && heap_before(nodes, heap[i], heap[(i - 1) / 2])) {
    const int32_t t = heap[i];
    heap[i] = heap[(i - 1) / 2];
    heap[(i - 1) / 2] = t;
    i = (i - 1) / 2;
  }
}

static int32_t heap_pop(int32_t *heap, size_t *size, const grow_node *nodes) {
  const int32_t top = heap[0];
  heap[0] = heap[--*size];
  for (size_t i = 0;;) {
    size_t m = i;
    const size_t l = 2 * i + 1, r = l + 1;
    if (l < *size && heap_before(nodes, heap[l], heap[m])) m = l;
    if (r < *size && heap_before(nodes, heap[r], heap[m])) m = r;
    if (m == i) break;
    const int32_t t = heap[i];
    heap[i] = heap[m];
    heap[m] = t;
    i = m;
  }
  return top;
}

/* ---- validation --------------------------------------------------------------------------------------------- */

static int valid_params(const double *p) {
  for (int i = 0; i < TRUENO_HGB_PARAM_COUNT; i++)
    if (!isfinite(p[i])) return 0;
  const double leaves = p[TRUENO_HGB_MAX_LEAF_NODES], depth = p[TRUENO_HGB_MAX_DEPTH];
  if (!(leaves == -1 || (leaves >= 2 && leaves <= INT32_MAX && leaves == floor(leaves)))) return 0;
  if (!(depth == -1 || (depth >= 1 && depth <= 1e6 && depth == floor(depth)))) return 0;
  const double msl = p[TRUENO_HGB_MIN_SAMPLES_LEAF], mb = p[TRUENO_HGB_MISSING_BIN];
  if (!(msl >= 1 && msl == floor(msl)) || !(mb >= 1 && mb <= 255 && mb == floor(mb))) return 0;
  if (p[TRUENO_HGB_MIN_HESSIAN_LEAF] < 0 || p[TRUENO_HGB_L2] < 0 || p[TRUENO_HGB_MIN_GAIN] < 0) return 0;
  if (!(p[TRUENO_HGB_LEARNING_RATE] > 0)) return 0;
  const double ch = p[TRUENO_HGB_CONSTANT_HESSIAN];
  return ch == 0 || ch == 1;
}

/* The most leaves the settings allow for n samples (so the most nodes is twice it minus one). */
static size_t max_leaves(size_t n, const double *p) {
  const double msl = p[TRUENO_HGB_MIN_SAMPLES_LEAF];
  size_t leaves = msl < (double)n ? (size_t)((double)n / msl) : 1; /* each leaf holds min_samples_leaf samples */
  const double ml = p[TRUENO_HGB_MAX_LEAF_NODES], md = p[TRUENO_HGB_MAX_DEPTH];
  if (ml > 0 && (size_t)ml < leaves) leaves = (size_t)ml;
  if (md > 0 && md < 62 && ((size_t)1 << (size_t)md) < leaves) leaves = (size_t)1 << (size_t)md;
  return leaves;
}

static int valid_data(size_t n, size_t d, const uint8_t *binned, const double *gradients, const double *hessians,
                      const int32_t *n_bins, unsigned missing_bin, int constant) {
  for (size_t f = 0; f < d; f++) {
    if (n_bins[f] < 0 || (unsigned)n_bins[f] > missing_bin) return 0;
    const uint8_t *col = binned + f * n;
    const unsigned nb = (unsigned)n_bins[f];
    unsigned bad = 0; /* branch-free, so the compiler vectorizes the scan */
    for (size_t i = 0; i < n; i++) bad |= (unsigned)(col[i] >= nb) & (unsigned)(col[i] != missing_bin);
    if (bad) return 0;
  }
  for (size_t i = 0; i < n; i++)
    if (!isfinite(gradients[i])) return 0;
  const size_t nh = constant ? 1 : n;
  for (size_t i = 0; i < nh; i++)
    if (!isfinite(hessians[i]) || hessians[i] < 0) return 0;
  return 1;
}

/* ---- growth ------------------------------------------------------------------------------------------------- */

typedef struct {
  grow_ctx c;
  grow_node *nodes;
  int32_t *heap;
  hgb_bin **pool; /* free histogram buffers */
  size_t pooled, hist_size;
} grower;

static hgb_bin *hist_take(grower *gr) {
  if (gr->pooled > 0) return gr->pool[--gr->pooled];
  return malloc(gr->hist_size * sizeof(hgb_bin));
}

static void hist_give(grower *gr, grow_node *node) {
  if (node->hist) gr->pool[gr->pooled++] = node->hist;
  node->hist = NULL;
}

static void grower_free(grower *gr, size_t count) {
  for (size_t i = 0; i < count; i++) free(gr->nodes[i].hist);
  for (size_t i = 0; i < gr->pooled; i++) free(gr->pool[i]);
  free(gr->nodes);
  free(gr->heap);
  free(gr->pool);
  free(gr->c.idx[0]);
  free(gr->c.idx[1]);
  free(gr->c.gh[0]);
  free(gr->c.gh[1]);
  free(gr->c.chunk_left);
  free(gr->c.small_splits);
  free(gr->c.large_splits);
}

/* Writes node i's split into the flat tree arrays. */
static void write_split(const grow_node *node, int32_t i, int32_t f, int32_t left, int has_missing, double *threshold,
                        int32_t *feature, int32_t *children, uint8_t *flags, int32_t *cat_bits) {
  const hgb_split *sp = &node->split;
  feature[i] = f;
  children[2 * i] = left;
  children[2 * i + 1] = left + 1;
  int missing_left = sp->missing_left;
  if (!has_missing) missing_left = sp->n_left > node->sums.count - sp->n_left; /* NaN at predict: the larger child */
  flags[i] = (uint8_t)((missing_left ? TRUENO_TREE_MISSING_LEFT : 0) | (sp->categorical ? TRUENO_TREE_CATEGORICAL : 0));
  if (sp->categorical) {
    threshold[i] = i;
    for (int w = 0; w < 8; w++) cat_bits[8 * (size_t)i + w] = (int32_t)sp->bits[w];
  } else {
    threshold[i] = sp->bin;
  }
}

int trueno_hgb_grow(size_t n, size_t d, const uint8_t *binned, const double *gradients, const double *hessians,
                    const int32_t *n_bins, const uint8_t *has_missing, const uint8_t *categorical,
                    const double *params, size_t capacity, int32_t *feature, double *threshold, int32_t *children,
                    uint8_t *flags, int32_t *cat_bits, double *values, double *raw, int64_t *count) {
  if (!binned || !gradients || !hessians || !n_bins || !has_missing || !categorical || !params || !feature ||
      !threshold || !children || !flags || !cat_bits || !values || !raw || !count)
    return TRUENO_EINVAL;
  if (n == 0 || d == 0 || n > UINT32_MAX / 2 || d > INT32_MAX || !valid_params(params)) return TRUENO_EINVAL;
  const size_t leaves = max_leaves(n, params);
  if (capacity < 2 * leaves - 1 || capacity > INT32_MAX / 8) return TRUENO_EINVAL;
  const int constant = params[TRUENO_HGB_CONSTANT_HESSIAN] == 1;
  const unsigned missing_bin = (unsigned)params[TRUENO_HGB_MISSING_BIN];
  if (!valid_data(n, d, binned, gradients, hessians, n_bins, missing_bin, constant)) return TRUENO_EINVAL;

  grower gr = {0};
  grow_ctx *c = &gr.c;
  c->n = n, c->d = d, c->binned = binned, c->n_bins = n_bins, c->has_missing = has_missing;
  c->categorical = categorical;
  c->s = (hgb_settings){params[TRUENO_HGB_MIN_SAMPLES_LEAF], params[TRUENO_HGB_MIN_HESSIAN_LEAF], params[TRUENO_HGB_L2],
                        params[TRUENO_HGB_MIN_GAIN], constant ? hessians[0] : 0, constant, missing_bin};
  c->bins = missing_bin + 1;
  gr.hist_size = d * c->bins;
  const size_t nodes_max = 2 * leaves - 1;
  gr.nodes = calloc(nodes_max, sizeof *gr.nodes);
  gr.heap = malloc(leaves * sizeof *gr.heap);
  gr.pool = malloc((nodes_max + 1) * sizeof *gr.pool);
  c->idx[0] = malloc(n * sizeof *c->idx[0]);
  c->idx[1] = malloc(n * sizeof *c->idx[1]);
  c->stride = constant ? 1 : 2;
  c->gh[0] = malloc(n * c->stride * sizeof *c->gh[0]);
  c->gh[1] = malloc(n * c->stride * sizeof *c->gh[1]);
  c->chunk_left = malloc((n / PART_CHUNK + 1) * sizeof *c->chunk_left);
  c->small_splits = malloc(d * sizeof *c->small_splits);
  c->large_splits = malloc(d * sizeof *c->large_splits);
  if (!gr.nodes || !gr.heap || !gr.pool || !c->idx[0] || !c->idx[1] || !c->gh[0] || !c->gh[1] || !c->chunk_left ||
      !c->small_splits || !c->large_splits) {
    grower_free(&gr, 0);
    return TRUENO_ENOMEM;
  }
  /* The root: every sample in order; its sums in sample order. */
  double G = 0, H = 0;
  for (size_t i = 0; i < n; i++) {
    c->idx[0][i] = (uint32_t)i;
    c->gh[0][i * c->stride] = gradients[i];
    G += gradients[i];
  }
  if (constant) {
    H = hessians[0] * (double)n;
  } else {
    for (size_t i = 0; i < n; i++) c->gh[0][2 * i + 1] = hessians[i], H += hessians[i];
  }
  const double msl = c->s.min_samples_leaf, max_leaf_nodes = params[TRUENO_HGB_MAX_LEAF_NODES];
  const int max_depth = (int)params[TRUENO_HGB_MAX_DEPTH];
  grow_node *nodes = gr.nodes;
  nodes[0] = (grow_node){.start = 0, .sums = {G, H, (uint32_t)n}, .depth = 0, .split = {.gain = -1}, .buf = 0};
  /* Per node: the feature of its best split, its left child (the right one follows), whether it stays a leaf. */
  int32_t *best_f = calloc(nodes_max, sizeof *best_f), *first_child = calloc(nodes_max, sizeof *first_child);
  uint8_t *is_leaf = calloc(nodes_max, 1);
  if (!best_f || !first_child || !is_leaf) {
    free(best_f), free(first_child), free(is_leaf), grower_free(&gr, 0);
    return TRUENO_ENOMEM;
  }
  size_t node_count = 1, heap_size = 0, finalized = 0;
  int status = TRUENO_OK;
  if ((double)n < 2 * msl || H < c->s.min_hessian) {
    is_leaf[0] = 1, finalized = 1;
  } else {
    nodes[0].hist = hist_take(&gr);
    if (!nodes[0].hist) status = TRUENO_ENOMEM;
    else build_pair(c, &nodes[0], NULL, NULL, 1, 0, &best_f[0], NULL);
    if (status == TRUENO_OK && nodes[0].split.gain > 0) heap_push(gr.heap, &heap_size, nodes, 0);
    else is_leaf[0] = 1, finalized = 1, hist_give(&gr, &nodes[0]);
  }
  while (status == TRUENO_OK && heap_size > 0) {
    const int32_t p = heap_pop(gr.heap, &heap_size, nodes);
    grow_node *parent = &nodes[p];
    const int32_t l = (int32_t)node_count, r = l + 1;
    node_count += 2;
    first_child[p] = l;
    partition(c, parent, (size_t)best_f[p]);
    const hgb_split *sp = &parent->split;
    const hgb_sums left = {sp->g_left, sp->h_left, sp->n_left};
    const hgb_sums right = {parent->sums.g - sp->g_left, parent->sums.h - sp->h_left, parent->sums.count - sp->n_left};
    const int buf = 1 - parent->buf;
    nodes[l] = (grow_node){.start = parent->start, .sums = left, .depth = parent->depth + 1, .split = {.gain = -1}, .buf = buf};
    nodes[r] = (grow_node){.start = parent->start + sp->n_left, .sums = right, .depth = parent->depth + 1,
                           .split = {.gain = -1}, .buf = buf};
    const size_t leaf_count = finalized + heap_size + 2;
    int split_l = 1, split_r = 1;
    if (max_leaf_nodes > 0 && (double)leaf_count == max_leaf_nodes) {
      split_l = split_r = 0;
      while (heap_size > 0) {
        const int32_t q = heap_pop(gr.heap, &heap_size, nodes);
        is_leaf[q] = 1, finalized++, hist_give(&gr, &nodes[q]);
      }
    } else if (max_depth > 0 && parent->depth + 1 == max_depth) {
      split_l = split_r = 0;
    } else {
      split_l = (double)left.count >= 2 * msl;
      split_r = (double)right.count >= 2 * msl;
    }
    if (split_l || split_r) {
      /* The smaller child is built (the right one on a tie, as scikit-learn), the other subtracted. */
      const int32_t s = left.count < right.count ? l : r, b = s == l ? r : l;
      nodes[s].hist = hist_take(&gr);
      nodes[b].hist = hist_take(&gr);
      if (!nodes[s].hist || !nodes[b].hist) {
        status = TRUENO_ENOMEM;
        break;
      }
      const int find_s = s == l ? split_l : split_r, find_b = b == l ? split_l : split_r;
      build_pair(c, &nodes[s], &nodes[b], parent->hist, find_s, find_b, &best_f[s], &best_f[b]);
    }
    hist_give(&gr, parent);
    for (int32_t child = l; child <= r; child++) {
      const int wants = child == l ? split_l : split_r;
      if (wants && nodes[child].split.gain > 0) {
        heap_push(gr.heap, &heap_size, nodes, child);
      } else {
        is_leaf[child] = 1, finalized++;
        hist_give(&gr, &nodes[child]);
      }
    }
  }
  if (status != TRUENO_OK) {
    free(best_f), free(first_child), free(is_leaf), grower_free(&gr, node_count);
    return status;
  }
  /* The flat tree, and each sample's leaf value added to raw. */
  const double lr = params[TRUENO_HGB_LEARNING_RATE];
  memset(cat_bits, 0, 8 * node_count * sizeof *cat_bits);
  for (size_t i = 0; i < node_count; i++) {
    const grow_node *node = &nodes[i];
    if (is_leaf[i]) {
      feature[i] = -1;
      threshold[i] = 0;
      children[2 * i] = children[2 * i + 1] = -1;
      flags[i] = 0;
      const double v = hgb_node_value(node->sums.g, node->sums.h, c->s.l2) * lr;
      values[i] = v;
      const uint32_t *idx = c->idx[node->buf];
      for (size_t k = node->start; k < node->start + node->sums.count; k++) raw[idx[k]] += v;
    } else {
      values[i] = 0;
    }
  }
  for (size_t i = 0; i < node_count; i++) {
    if (is_leaf[i]) continue;
    const int32_t f = best_f[i];
    write_split(&nodes[i], (int32_t)i, f, first_child[i], has_missing[f], threshold, feature, children, flags,
                cat_bits);
  }
  free(best_f), free(first_child), free(is_leaf), grower_free(&gr, node_count);
  *count = (int64_t)node_count;
  return TRUENO_OK;
}
