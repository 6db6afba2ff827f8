/*
 * Prediction over the flat tree layout of trueno.h ("ml: trees"): every tree model (CART, forests, both boosters)
 * predicts here. The layout is checked once per call (features, children, bitsets), so the walk itself needs no
 * bounds checks: a child index always exceeds its parent's, so every walk ends within `nodes` steps.
 *
 * The trees are packed a chunk at a time (~1.5 MiB of 24-byte nodes, one cache line holding 2-3 of them, where the
 * flat arrays cost a line per field) and every row walks the chunk before the next is packed. Rows go in blocks with
 * the chunk's trees as the outer loop, so a tree's nodes stay in cache while the block walks it, and 16 rows walk in
 * lockstep so their dependent loads overlap. Each row still adds the trees in order 0, 1, ... (the bits do not depend
 * on the thread count or the chunking).
 */
#include "trueno.h"
#include "runtime/threadpool.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Rows per block: a block's rows walk every tree of a chunk while its x rows stay in L1/L2. */
#define BLOCK_ROWS 256
/* Rows walked in lockstep: their node loads are independent, so the core overlaps their cache misses. */
#define LANES 16
/* Packed nodes per chunk of trees (24 bytes each: ~1.5 MiB, an L2-sized working set walked by every row). */
#define CHUNK_NODES 65536

/*
 * One node as the walk reads it: one cache line holds 2-3 nodes instead of each field costing its own line. A leaf
 * has feature -1 and keeps its original node index in `left` (the values row to add, or the leaf apply reports).
 */
typedef struct {
  double threshold;
  int32_t feature, left, right, flags;
} packed_node;

typedef struct {
  int dtype;
  size_t d, k, trees;
  const void *x;
  const int32_t *cat_bits;
  const double *values, *tree_weights;
  const int32_t *roots;
  double *out;     /* predict: n x k, added to */
  int32_t *leaves; /* apply: n x trees */
  /* the current chunk: trees [first, end), their packed roots */
  size_t first, end;
  const packed_node *nodes;
  const int32_t *chunk_roots;
} walk;

static inline double value_at(const walk *w, size_t row, int32_t f) {
  const size_t at = row * w->d + (size_t)f;
  return w->dtype == TRUENO_F32 ? (double)((const float *)w->x)[at] : ((const double *)w->x)[at];
}

/* The child of inner node p that value v goes to. */
static inline int32_t next_node(const walk *w, const packed_node *p, double v) {
  int left;
  if (p->flags & TRUENO_TREE_CATEGORICAL) {
    if (!(v >= 0.0 && v < 256.0)) left = p->flags & TRUENO_TREE_MISSING_LEFT; /* NaN fails the test too */
    else {
      const int code = (int)v;
      const size_t b = (size_t)p->threshold;
      left = (int)(((uint32_t)w->cat_bits[8 * b + (size_t)(code >> 5)] >> (code & 31)) & 1u);
    }
  } else if (isnan(v)) {
    left = p->flags & TRUENO_TREE_MISSING_LEFT;
  } else {
    left = v <= p->threshold;
  }
  return left ? p->left : p->right;
}

/* The original leaf index each of rows [r, r + count) reaches from packed root `root`, LANES rows in lockstep. */
static inline void walk_rows(const walk *w, int32_t root, size_t r, size_t count, int32_t *leaf) {
  int32_t at[LANES];
  for (size_t j = 0; j < count; j++) at[j] = root;
  for (int moving = 1; moving;) {
    moving = 0;
    for (size_t j = 0; j < count; j++) {
      const packed_node *p = w->nodes + at[j];
      if (p->feature < 0) continue;
      at[j] = next_node(w, p, value_at(w, r + j, p->feature));
      moving = 1;
    }
  }
  for (size_t j = 0; j < count; j++) leaf[j] = w->nodes[at[j]].left;
}

static void predict_rows(void *ctx, size_t begin, size_t end) {
  const walk *w = ctx;
  int32_t leaf[LANES];
  for (size_t b = begin; b < end; b += BLOCK_ROWS) {
    const size_t e = end - b < BLOCK_ROWS ? end : b + BLOCK_ROWS;
    for (size_t t = w->first; t < w->end; t++) {
      const double weight = w->tree_weights[t];
      for (size_t r = b; r < e; r += LANES) {
        const size_t count = e - r < LANES ? e - r : LANES;
        walk_rows(w, w->chunk_roots[t - w->first], r, count, leaf);
        for (size_t j = 0; j < count; j++) {
          const double *v = w->values + (size_t)leaf[j] * w->k;
          double *o = w->out + (r + j) * w->k;
          for (size_t c = 0; c < w->k; c++) o[c] += weight * v[c];
        }
      }
    }
  }
}

static void apply_rows(void *ctx, size_t begin, size_t end) {
  const walk *w = ctx;
  int32_t leaf[LANES];
  for (size_t b = begin; b < end; b += BLOCK_ROWS) {
    const size_t e = end - b < BLOCK_ROWS ? end : b + BLOCK_ROWS;
    for (size_t t = w->first; t < w->end; t++) {
      for (size_t r = b; r < e; r += LANES) {
        const size_t count = e - r < LANES ? e - r : LANES;
        walk_rows(w, w->chunk_roots[t - w->first], r, count, leaf);
        for (size_t j = 0; j < count; j++) w->leaves[(r + j) * w->trees + t] = leaf[j] - w->roots[t];
      }
    }
  }
}

/* The flat arrays being packed, the packed chunk and the original -> packed map (-1: not packed yet). */
typedef struct {
  const int32_t *feature, *children;
  const double *threshold;
  const uint8_t *flags;
  packed_node *nodes;
  int32_t *origin; /* packed index -> original index */
  int32_t *map;    /* original index -> packed index, or -1 */
  size_t count, capacity;
} packer;

/* Gives original node o a packed slot (once), growing the chunk's arrays as needed; -1 when memory runs out. */
static int32_t pack_slot(packer *p, int32_t o) {
  if (p->map[o] >= 0) return p->map[o];
  if (p->count == p->capacity) {
    const size_t grown = 2 * p->capacity;
    packed_node *nodes = realloc(p->nodes, grown * sizeof *nodes);
    if (nodes) p->nodes = nodes;
    int32_t *origin = nodes ? realloc(p->origin, grown * sizeof *origin) : NULL;
    if (!origin) return -1;
    p->origin = origin;
    p->capacity = grown;
  }
  p->origin[p->count] = o;
  p->map[o] = (int32_t)p->count;
  return (int32_t)p->count++;
}

/*
 * Packs trees [first, ...) until about CHUNK_NODES nodes: each tree breadth-first from its root, a node shared by
 * several parents or trees packed once (the map), so even a crafted layout packs at most `nodes` nodes. Writes the
 * packed roots and returns the end of the chunk, or 0 when memory ran out.
 */
static size_t pack_chunk(packer *p, const int32_t *roots, size_t first, size_t trees, int32_t *chunk_roots) {
  for (size_t i = 0; i < p->count; i++) p->map[p->origin[i]] = -1;
  p->count = 0;
  size_t t = first;
  while (t < trees && (t == first || p->count < CHUNK_NODES)) {
    size_t q = p->count;
    const int32_t root = pack_slot(p, roots[t]);
    if (root < 0) return 0;
    chunk_roots[t - first] = root;
    for (; q < p->count; q++) {
      const int32_t o = p->origin[q];
      packed_node node = {p->threshold[o], p->feature[o], o, -1, p->flags[o]};
      if (node.feature >= 0) {
        node.left = pack_slot(p, p->children[2 * (size_t)o]);
        node.right = pack_slot(p, p->children[2 * (size_t)o + 1]);
        if (node.left < 0 || node.right < 0) return 0;
      }
      p->nodes[q] = node;
    }
    t++;
  }
  return t;
}

/* Runs fn over the rows once per chunk of packed trees. */
static int walk_chunks(walk *w, size_t n, size_t nodes, const int32_t *feature, const double *threshold,
                       const int32_t *children, const uint8_t *flags, trueno_range_fn fn) {
  packer p = {feature, children, threshold, flags, NULL, NULL, NULL, 0, 1024};
  p.nodes = malloc(p.capacity * sizeof *p.nodes);
  p.origin = malloc(p.capacity * sizeof *p.origin);
  p.map = malloc(nodes * sizeof *p.map);
  int32_t *chunk_roots = malloc(w->trees * sizeof *chunk_roots);
  int status = TRUENO_OK;
  if (!p.nodes || !p.origin || !p.map || !chunk_roots) status = TRUENO_ENOMEM;
  else {
    for (size_t i = 0; i < nodes; i++) p.map[i] = -1;
    for (size_t first = 0; first < w->trees;) {
      const size_t end = pack_chunk(&p, w->roots, first, w->trees, chunk_roots);
      if (end == 0) {
        status = TRUENO_ENOMEM;
        break;
      }
      w->first = first;
      w->end = end;
      w->nodes = p.nodes;
      w->chunk_roots = chunk_roots;
      trueno_parallel_for(n, BLOCK_ROWS, BLOCK_ROWS, fn, w);
      first = end;
    }
  }
  free(p.nodes);
  free(p.origin);
  free(p.map);
  free(chunk_roots);
  return status;
}

/* Checks the layout (see trueno.h) so that the walks need no bounds checks. */
static int valid_layout(size_t d, size_t trees, const int32_t *roots, size_t nodes, const int32_t *feature,
                        const double *threshold, const int32_t *children, const uint8_t *flags, size_t cat_words) {
  if (nodes > (size_t)INT32_MAX) return 0;
  for (size_t t = 0; t < trees; t++)
    if (roots[t] < 0 || (size_t)roots[t] >= nodes) return 0;
  for (size_t i = 0; i < nodes; i++) {
    if (feature[i] < 0) {
      if (feature[i] != -1) return 0;
      continue;
    }
    if ((size_t)feature[i] >= d) return 0;
    for (int side = 0; side < 2; side++) {
      const int32_t c = children[2 * i + (size_t)side];
      if (c <= (int32_t)i || (size_t)c >= nodes) return 0;
    }
    if (flags[i] & TRUENO_TREE_CATEGORICAL) {
      const double b = threshold[i];
      if (!(b >= 0.0 && b < (double)(cat_words / 8)) || b != floor(b)) return 0;
    }
  }
  return 1;
}

static int prepare(walk *w, int dtype, size_t n, size_t d, const void *x, size_t trees, const int32_t *roots,
                   size_t nodes, const int32_t *feature, const double *threshold, const int32_t *children,
                   const uint8_t *flags, size_t cat_words, const int32_t *cat_bits) {
  if (dtype != TRUENO_F32 && dtype != TRUENO_F64) return TRUENO_EINVAL;
  if ((n > 0 && d > 0 && !x) || (trees > 0 && !roots) || (nodes > 0 && (!feature || !threshold || !children || !flags)))
    return TRUENO_EINVAL;
  if (cat_words > 0 && !cat_bits) return TRUENO_EINVAL;
  if (n > 0 && d > SIZE_MAX / n) return TRUENO_EINVAL;
  if (!valid_layout(d, trees, roots, nodes, feature, threshold, children, flags, cat_words)) return TRUENO_EINVAL;
  memset(w, 0, sizeof *w);
  w->dtype = dtype;
  w->d = d;
  w->x = x;
  w->trees = trees;
  w->roots = roots;
  w->cat_bits = cat_bits;
  return TRUENO_OK;
}

int trueno_forest_predict(int dtype, size_t n, size_t d, const void *x, size_t trees, const int32_t *roots,
                          size_t nodes, const int32_t *feature, const double *threshold, const int32_t *children,
                          const uint8_t *flags, size_t cat_words, const int32_t *cat_bits, size_t k,
                          const double *values, const double *tree_weights, double *out) {
  walk w;
  const int status = prepare(&w, dtype, n, d, x, trees, roots, nodes, feature, threshold, children, flags, cat_words,
                             cat_bits);
  if (status != TRUENO_OK) return status;
  if (k == 0 || (nodes > 0 && (!values || k > SIZE_MAX / nodes)) || (trees > 0 && !tree_weights) ||
      (n > 0 && (!out || k > SIZE_MAX / n)))
    return TRUENO_EINVAL;
  for (size_t t = 0; t < trees; t++)
    if (!isfinite(tree_weights[t])) return TRUENO_EINVAL;
  if (n == 0 || trees == 0) return TRUENO_OK;
  w.k = k;
  w.values = values;
  w.tree_weights = tree_weights;
  w.out = out;
  return walk_chunks(&w, n, nodes, feature, threshold, children, flags, predict_rows);
}

int trueno_forest_apply(int dtype, size_t n, size_t d, const void *x, size_t trees, const int32_t *roots,
                        size_t nodes, const int32_t *feature, const double *threshold, const int32_t *children,
                        const uint8_t *flags, size_t cat_words, const int32_t *cat_bits, int32_t *out) {
  walk w;
  const int status = prepare(&w, dtype, n, d, x, trees, roots, nodes, feature, threshold, children, flags, cat_words,
                             cat_bits);
  if (status != TRUENO_OK) return status;
  if (n > 0 && trees > 0 && (!out || trees > SIZE_MAX / n)) return TRUENO_EINVAL;
  if (n == 0 || trees == 0) return TRUENO_OK;
  w.leaves = out;
  return walk_chunks(&w, n, nodes, feature, threshold, children, flags, apply_rows);
}
