/*
 * Prediction over the flat tree layout of trueno.h ("ml: trees"): every tree model (CART, forests, both boosters)
 * predicts here. The layout is checked once per call (features, children after their single parent, bitsets), so the
 * walk needs no bounds checks and every walk ends within `nodes` steps.
 *
 * The trees are packed a chunk at a time (~1 MiB of 16-byte nodes, an L2-sized working set) breadth-first, so the two
 * children of a node sit side by side in one 32-byte pair: a step reads the node, asks for its children's line at once
 * (it holds whichever side the row goes to) and picks the side without a branch, so no misprediction throws work away.
 * Each row walks the whole chunk before the next is packed; rows go in blocks with the chunk's trees as the outer loop,
 * and 16 walks are in flight at once so their loads overlap. Each row still adds the trees in order 0, 1, ... (the bits
 * do not depend on the thread count or the chunking).
 *
 * A model that predicts many small batches (a served one) packs its whole forest once (trueno_forest_pack) and walks
 * that copy (trueno_forest_predict_packed): no per-call check of the layout and no per-call packing, so a call costs
 * the nodes its rows visit. Since that copy is the caller's memory, every walk checks each slot it visits (in range,
 * children after their parent, features, origins and bitsets in range) and the whole call fails on the first bad one;
 * the same checked walk serves the per-call chunks, where those checks never fail.
 */
#include "trueno.h"
#include "runtime/threadpool.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Rows per block: a block's rows walk every tree of a chunk while its x rows stay in L1/L2. */
#define BLOCK_ROWS 256
/* Walks in flight at once: their node loads are independent, so the core overlaps them. */
#define LANES 16
/* Packed nodes per chunk of trees (16 bytes each: 1 MiB, half an L2 of this class of machine). */
#define CHUNK_NODES 65536

/* Bits of packed_node.feature above the feature index: a leaf is negative; these mark the flagged splits. */
#define PACKED_FLAGGED (1 << 30)
#define PACKED_FEATURE_MASK (PACKED_FLAGGED - 1)

/*
 * One node as the walk reads it. An inner node's children are `left` and `left + 1`; a flagged split (missing values
 * sent left, or a categorical one) has PACKED_FLAGGED set in `feature` and its flags in `flags`; a leaf has feature -1
 * and its original node index in `left` (the values row to add, or the leaf apply reports). A plain split sends NaN
 * right: v <= threshold is false for NaN.
 */
typedef struct {
  double threshold;
  int32_t feature, left;
} packed_node;

typedef struct {
  int dtype;
  size_t d, k, trees;
  size_t node_count, cat_words; /* the original layout's nodes and bitset words (a leaf's node, a bitset index) */
  const void *x;
  const int32_t *cat_bits;
  const uint8_t *flags; /* the original flags, read by flagged splits through their original index */
  const double *values, *tree_weights;
  const int32_t *roots;
  double *out;     /* predict: n x k, added to */
  int32_t *leaves; /* apply: n x trees */
  /* the current chunk: trees [first, end), their packed roots, the packed nodes and their original indices */
  size_t first, end;
  const packed_node *nodes;
  const int32_t *chunk_roots, *origin;
  size_t slots;       /* packed slots of the chunk (or of the whole packed forest) */
  atomic_int invalid; /* a walk met a slot that fails its checks (only a caller's packed copy can) */
} walk;

/* 1 when value v goes right at flagged node p (packed slot `slot`), 0 when left, -1 when the slot fails its checks:
   its original index out of [0, nodes) or its bitset index out of [0, cat_words / 8). */
static int flagged_right(const walk *w, const packed_node *p, int32_t slot, double v) {
  const int32_t o = w->origin[slot];
  if (o < 0 || (size_t)o >= w->node_count) return -1;
  const uint8_t flags = w->flags[o];
  if (flags & TRUENO_TREE_CATEGORICAL) {
    const double b = p->threshold;
    if (!(b >= 0.0 && b < (double)(w->cat_words / 8))) return -1;
    if (!(v >= 0.0 && v < 256.0)) return !(flags & TRUENO_TREE_MISSING_LEFT); /* NaN fails the test too */
    const int code = (int)v;
    return !(((uint32_t)w->cat_bits[8 * (size_t)b + (size_t)(code >> 5)] >> (code & 31)) & 1u);
  }
  if (isnan(v)) return !(flags & TRUENO_TREE_MISSING_LEFT);
  return !(v <= p->threshold);
}

/*
 * The original leaf each of rows [r, r + count) of x reaches from packed root `root`, into leaf[0 .. count). LANES
 * walks are in flight; a lane whose walk reaches a leaf takes the next row at once, so no lane idles while a deep walk
 * finishes. Every slot is checked as it is visited: the root and children inside [0, slots), children after their
 * parent (so a walk ends within `slots` steps), the feature below d, a leaf's node inside [0, nodes). Returns 0 on the
 * first failed check. One copy per x dtype, so the load is no branch.
 */
#define WALK_ROWS(name, type)                                                                                        \
  static int name(const walk *w, int32_t root, size_t r, size_t count, int32_t *leaf) {                              \
    const type *x = (const type *)w->x + r * w->d;                                                                   \
    const packed_node *nodes = w->nodes;                                                                             \
    if (root < 0 || (size_t)root >= w->slots) return 0;                                                              \
    size_t row[LANES], lanes = count < LANES ? count : LANES, next_row = lanes, busy = lanes;                       \
    int32_t at[LANES];                                                                                               \
    for (size_t j = 0; j < lanes; j++) {                                                                             \
      row[j] = j;                                                                                                    \
      at[j] = root;                                                                                                  \
    }                                                                                                                \
    while (busy > 0) {                                                                                               \
      for (size_t j = 0; j < lanes; j++) {                                                                           \
        if (row[j] == SIZE_MAX) continue;                                                                            \
        const packed_node *p = nodes + at[j];                                                                        \
        const int32_t feature = p->feature, left = p->left;                                                         \
        if (feature < 0) { /* a leaf: this row is done, the lane takes the next one */                              \
          if (left < 0 || (size_t)left >= w->node_count) return 0;                                                        \
          leaf[row[j]] = left;                                                                                       \
          if (next_row < count) {                                                                                    \
            row[j] = next_row++;                                                                                     \
            at[j] = root;                                                                                            \
          } else {                                                                                                   \
            row[j] = SIZE_MAX;                                                                                       \
            busy--;                                                                                                  \
          }                                                                                                          \
          continue;                                                                                                  \
        }                                                                                                            \
        const size_t f = (size_t)(feature & PACKED_FEATURE_MASK);                                                   \
        if (left <= at[j] || (size_t)left >= w->slots - 1 || f >= w->d) return 0;                                   \
        __builtin_prefetch(nodes + left);                                                                            \
        const double v = (double)x[row[j] * w->d + f];                                                               \
        const int right = (feature & PACKED_FLAGGED) ? flagged_right(w, p, at[j], v) : !(v <= p->threshold);         \
        if (right < 0) return 0;                                                                                     \
        at[j] = left + right;                                                                                        \
      }                                                                                                              \
    }                                                                                                                \
    return 1;                                                                                                        \
  }
WALK_ROWS(walk_rows_f32, float)
WALK_ROWS(walk_rows_f64, double)

/* walk_rows_*; a failed check marks the whole call invalid (the caller then leaves its output untouched). */
static inline int walk_rows(walk *w, int32_t root, size_t r, size_t count, int32_t *leaf) {
  const int ok = w->dtype == TRUENO_F32 ? walk_rows_f32(w, root, r, count, leaf) : walk_rows_f64(w, root, r, count, leaf);
  if (!ok) atomic_store_explicit(&w->invalid, 1, memory_order_relaxed);
  return ok;
}

static void predict_rows(void *ctx, size_t begin, size_t end) {
  walk *w = ctx;
  int32_t leaf[BLOCK_ROWS];
  for (size_t b = begin; b < end; b += BLOCK_ROWS) {
    const size_t count = end - b < BLOCK_ROWS ? end - b : BLOCK_ROWS;
    for (size_t t = w->first; t < w->end; t++) {
      const double weight = w->tree_weights[t];
      if (!walk_rows(w, w->chunk_roots[t - w->first], b, count, leaf)) return;
      for (size_t j = 0; j < count; j++) {
        const double *v = w->values + (size_t)leaf[j] * w->k;
        double *o = w->out + (b + j) * w->k;
        for (size_t c = 0; c < w->k; c++) o[c] += weight * v[c];
      }
    }
  }
}

static void apply_rows(void *ctx, size_t begin, size_t end) {
  walk *w = ctx;
  int32_t leaf[BLOCK_ROWS];
  for (size_t b = begin; b < end; b += BLOCK_ROWS) {
    const size_t count = end - b < BLOCK_ROWS ? end - b : BLOCK_ROWS;
    for (size_t t = w->first; t < w->end; t++) {
      if (!walk_rows(w, w->chunk_roots[t - w->first], b, count, leaf)) return;
      for (size_t j = 0; j < count; j++) w->leaves[(b + j) * w->trees + t] = leaf[j] - w->roots[t];
    }
  }
}

/* The flat arrays being packed and the packed chunk. */
typedef struct {
  const int32_t *feature, *children;
  const double *threshold;
  const uint8_t *flags;
  packed_node *packed;
  int32_t *origin; /* packed index -> original index (-1: a pad slot) */
  size_t count, capacity;
  int fixed; /* the caller's arrays (trueno_forest_pack): never reallocated */
} packer;

/* Room for `extra` more packed nodes; 0 when memory runs out. */
static int reserve(packer *p, size_t extra) {
  if (p->count + extra <= p->capacity) return 1;
  if (p->fixed) return 0;
  size_t grown = 2 * p->capacity;
  if (grown < p->count + extra) grown = p->count + extra;
  packed_node *packed = realloc(p->packed, grown * sizeof *packed);
  if (!packed) return 0;
  p->packed = packed;
  int32_t *origin = realloc(p->origin, grown * sizeof *origin);
  if (!origin) return 0;
  p->origin = origin;
  p->capacity = grown;
  return 1;
}

/*
 * Packs the tree at original node `root` breadth-first: the root at an even slot then a pad, so that every pair of
 * children starts at an even slot (one 32-byte pair, never split across cache lines). valid_layout gave every node
 * one parent, so each node is packed once per tree. Returns the packed root, or -1 when memory runs out.
 */
/* What a pad slot holds: a leaf of no node, so a walk that reaches one (only a corrupt packed copy can) fails. */
static const packed_node PAD = {0.0, -1, -1};

static int32_t pack_tree(packer *p, int32_t root) {
  if (!reserve(p, 2 + (p->count & 1))) return -1;
  if (p->count & 1) {
    p->packed[p->count] = PAD;
    p->origin[p->count++] = -1;
  }
  const size_t base = p->count;
  p->origin[base] = root;
  p->origin[base + 1] = -1;
  p->count = base + 2;
  for (size_t q = base; q < p->count; q++) {
    const int32_t o = p->origin[q];
    if (o < 0) {
      p->packed[q] = PAD;
      continue;
    }
    const int32_t f = p->feature[o];
    packed_node node = {p->threshold[o], -1, o};
    if (f >= 0) {
      if (!reserve(p, 2)) return -1;
      node.feature = f | (p->flags[o] ? PACKED_FLAGGED : 0);
      node.left = (int32_t)p->count;
      p->origin[p->count] = p->children[2 * (size_t)o];
      p->origin[p->count + 1] = p->children[2 * (size_t)o + 1];
      p->count += 2;
    }
    p->packed[q] = node;
  }
  return (int32_t)base;
}

/* Packs trees [first, ...) until about CHUNK_NODES nodes; returns the end of the chunk, or 0 when memory ran out. */
static size_t pack_chunk(packer *p, const int32_t *roots, size_t first, size_t trees, int32_t *chunk_roots) {
  p->count = 0;
  size_t t = first;
  while (t < trees && (t == first || p->count < CHUNK_NODES)) {
    const int32_t root = pack_tree(p, roots[t]);
    if (root < 0) return 0;
    chunk_roots[t - first] = root;
    t++;
  }
  return t;
}

/* Runs fn over the rows once per chunk of packed trees. */
static int walk_chunks(walk *w, size_t n, const int32_t *feature, const double *threshold, const int32_t *children,
                       const uint8_t *flags, trueno_range_fn fn) {
  packer p = {feature, children, threshold, flags, NULL, NULL, 0, 0, 0};
  int32_t *chunk_roots = malloc(w->trees * sizeof *chunk_roots);
  int status = chunk_roots && reserve(&p, 1024) ? TRUENO_OK : TRUENO_ENOMEM;
  for (size_t first = 0; status == TRUENO_OK && first < w->trees;) {
    const size_t end = pack_chunk(&p, w->roots, first, w->trees, chunk_roots);
    if (end == 0) {
      status = TRUENO_ENOMEM;
      break;
    }
    w->first = first;
    w->end = end;
    w->nodes = p.packed;
    w->origin = p.origin;
    w->slots = p.count;
    w->chunk_roots = chunk_roots;
    trueno_parallel_for(n, BLOCK_ROWS, BLOCK_ROWS, fn, w);
    /* the layout was checked, so the walks' own checks cannot fail here */
    if (atomic_load(&w->invalid)) status = TRUENO_EINVAL;
    first = end;
  }
  free(p.packed);
  free(p.origin);
  free(chunk_roots);
  return status;
}

/*
 * Checks the layout (see trueno.h) so that the walks need no bounds checks: roots and features in range, children
 * after their parent and each node the child of at most one node (so packing a tree visits each node once), bitset
 * indices in range. d < 2^30 leaves packed_node.feature room for its flag bit.
 */
static int valid_layout(size_t d, size_t trees, const int32_t *roots, size_t nodes, const int32_t *feature,
                        const double *threshold, const int32_t *children, const uint8_t *flags, size_t cat_words) {
  if (nodes > (size_t)INT32_MAX / 2 || d >= (size_t)PACKED_FLAGGED) return 0;
  for (size_t t = 0; t < trees; t++)
    if (roots[t] < 0 || (size_t)roots[t] >= nodes) return 0;
  uint8_t *has_parent = calloc(nodes ? nodes : 1, 1);
  if (!has_parent) return -1;
  int ok = 1;
  for (size_t i = 0; ok && i < nodes; i++) {
    if (feature[i] < 0) {
      ok = feature[i] == -1;
      continue;
    }
    if ((size_t)feature[i] >= d) ok = 0;
    for (int side = 0; ok && side < 2; side++) {
      const int32_t c = children[2 * i + (size_t)side];
      if (c <= (int32_t)i || (size_t)c >= nodes || has_parent[c]) ok = 0;
      else has_parent[c] = 1;
    }
    if (ok && (flags[i] & TRUENO_TREE_CATEGORICAL)) {
      const double b = threshold[i];
      if (!(b >= 0.0 && b < (double)(cat_words / 8)) || b != floor(b)) ok = 0;
    }
  }
  free(has_parent);
  return ok;
}

static int prepare(walk *w, int dtype, size_t n, size_t d, const void *x, size_t trees, const int32_t *roots,
                   size_t nodes, const int32_t *feature, const double *threshold, const int32_t *children,
                   const uint8_t *flags, size_t cat_words, const int32_t *cat_bits) {
  if (dtype != TRUENO_F32 && dtype != TRUENO_F64) return TRUENO_EINVAL;
  if ((n > 0 && d > 0 && !x) || (trees > 0 && !roots) || (nodes > 0 && (!feature || !threshold || !children || !flags)))
    return TRUENO_EINVAL;
  if (cat_words > 0 && !cat_bits) return TRUENO_EINVAL;
  if (n > 0 && d > SIZE_MAX / n) return TRUENO_EINVAL;
  const int layout = valid_layout(d, trees, roots, nodes, feature, threshold, children, flags, cat_words);
  if (layout <= 0) return layout < 0 ? TRUENO_ENOMEM : TRUENO_EINVAL;
  memset(w, 0, sizeof *w);
  atomic_init(&w->invalid, 0);
  w->dtype = dtype;
  w->d = d;
  w->node_count = nodes;
  w->cat_words = cat_words;
  w->x = x;
  w->trees = trees;
  w->roots = roots;
  w->cat_bits = cat_bits;
  w->flags = flags;
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
  return walk_chunks(&w, n, feature, threshold, children, flags, predict_rows);
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
  return walk_chunks(&w, n, feature, threshold, children, flags, apply_rows);
}

/*
 * The slots each tree takes packed: its nodes plus the pad after its root. A valid layout (prepare) has children
 * after their single parent, so one pass from the last node back gives every subtree's size.
 */
static int packed_slots(const walk *w, const int32_t *feature, const int32_t *children, size_t *total) {
  size_t *size = malloc((w->node_count ? w->node_count : 1) * sizeof *size);
  if (!size) return TRUENO_ENOMEM;
  for (size_t i = w->node_count; i-- > 0;) {
    size[i] = 1;
    if (feature[i] >= 0) size[i] += size[children[2 * i]] + size[children[2 * i + 1]];
  }
  size_t sum = 0;
  for (size_t t = 0; t < w->trees; t++) {
    const size_t s = size[w->roots[t]] + 1;
    sum = sum > SIZE_MAX - s ? SIZE_MAX : sum + s;
  }
  free(size);
  *total = sum;
  return TRUENO_OK;
}

int trueno_forest_pack(size_t d, size_t trees, const int32_t *roots, size_t nodes, const int32_t *feature,
                       const double *threshold, const int32_t *children, const uint8_t *flags, size_t cat_words,
                       const int32_t *cat_bits, size_t slots, double *packed, int32_t *origin, int32_t *packed_roots,
                       int64_t *used) {
  if (!used || (slots > 0 && (!packed || !origin)) || (trees > 0 && !packed_roots)) return TRUENO_EINVAL;
  walk w;
  /* prepare checks the layout; x is not read (n = 0) */
  int status = prepare(&w, TRUENO_F64, 0, d, NULL, trees, roots, nodes, feature, threshold, children, flags, cat_words,
                       cat_bits);
  if (status != TRUENO_OK) return status;
  size_t need = 0;
  status = packed_slots(&w, feature, children, &need);
  if (status != TRUENO_OK) return status;
  if (need > slots || need > (size_t)INT32_MAX) return TRUENO_EINVAL;
  packer p = {feature, children, threshold, flags, (packed_node *)(void *)packed, origin, 0, slots, 1};
  for (size_t t = 0; t < trees; t++) {
    const int32_t root = pack_tree(&p, roots[t]);
    if (root < 0) return TRUENO_EINVAL; /* cannot happen: `need` slots were counted */
    packed_roots[t] = root;
  }
  *used = (int64_t)p.count;
  return TRUENO_OK;
}

int trueno_forest_predict_packed(int dtype, size_t n, size_t d, const void *x, size_t trees,
                                 const int32_t *packed_roots, size_t slots, const double *packed,
                                 const int32_t *origin, size_t nodes, const uint8_t *flags, size_t cat_words,
                                 const int32_t *cat_bits, size_t k, const double *values, const double *tree_weights,
                                 double *out) {
  if (dtype != TRUENO_F32 && dtype != TRUENO_F64) return TRUENO_EINVAL;
  if ((n > 0 && d > 0 && !x) || (trees > 0 && (!packed_roots || !tree_weights)) ||
      (slots > 0 && (!packed || !origin)) || (nodes > 0 && !flags) || (cat_words > 0 && !cat_bits))
    return TRUENO_EINVAL;
  if (n > 0 && d > SIZE_MAX / n) return TRUENO_EINVAL;
  if (d >= (size_t)PACKED_FLAGGED || slots > (size_t)INT32_MAX || nodes > (size_t)INT32_MAX) return TRUENO_EINVAL;
  if (k == 0 || (nodes > 0 && (!values || k > SIZE_MAX / nodes)) ||
      (n > 0 && (!out || k > SIZE_MAX / sizeof(double) / n)))
    return TRUENO_EINVAL;
  for (size_t t = 0; t < trees; t++)
    if (!isfinite(tree_weights[t])) return TRUENO_EINVAL;
  if (n == 0 || trees == 0) return TRUENO_OK;
  walk w;
  memset(&w, 0, sizeof w);
  atomic_init(&w.invalid, 0);
  w.dtype = dtype;
  w.d = d;
  w.x = x;
  w.trees = trees;
  w.flags = flags;
  w.cat_bits = cat_bits;
  w.node_count = nodes;
  w.cat_words = cat_words;
  w.k = k;
  w.values = values;
  w.tree_weights = tree_weights;
  w.nodes = (const packed_node *)(const void *)packed;
  w.origin = origin;
  w.slots = slots;
  /* the sums go to a copy of out, so a failed check leaves out untouched (adding to a copy gives the same bits) */
  double *sums = malloc(n * k * sizeof *sums);
  if (!sums) return TRUENO_ENOMEM;
  memcpy(sums, out, n * k * sizeof *sums);
  w.out = sums;
  /* trees in groups of about CHUNK_NODES slots (packed in order, so a tree's slots start at its root): the rows of a
     block walk one group's trees while its nodes stay in cache */
  for (size_t first = 0; first < trees && !atomic_load(&w.invalid);) {
    size_t end = first + 1;
    while (end < trees && packed_roots[end] >= packed_roots[first] &&
           (size_t)(packed_roots[end] - packed_roots[first]) < CHUNK_NODES)
      end++;
    w.first = first;
    w.end = end;
    w.chunk_roots = packed_roots + first;
    trueno_parallel_for(n, BLOCK_ROWS, BLOCK_ROWS, predict_rows, &w);
    first = end;
  }
  const int ok = !atomic_load(&w.invalid);
  if (ok) memcpy(out, sums, n * k * sizeof *sums);
  free(sums);
  return ok ? TRUENO_OK : TRUENO_EINVAL;
}
