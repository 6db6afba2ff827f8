/*
 * Prediction over the flat tree layout of trueno.h ("ml: trees"): every tree model (CART, forests, both boosters)
 * predicts here. The layout is checked once per call (features, children, bitsets), so the walk itself needs no
 * bounds checks: a child index always exceeds its parent's, so every walk ends within `nodes` steps.
 *
 * Rows go in blocks; within a block the trees are the outer loop, so one tree's nodes stay in cache while the block's
 * rows walk it, and each row still adds the trees in order 0, 1, ... (the bits do not depend on the thread count).
 */
#include "trueno.h"
#include "runtime/threadpool.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Rows per block: enough rows to reuse a tree's cached nodes, few enough that the block's rows stay in L1/L2. */
#define BLOCK_ROWS 64

typedef struct {
  int dtype;
  size_t d, trees, k;
  const void *x;
  const int32_t *roots, *feature, *children, *cat_bits;
  const double *threshold, *values, *tree_weights;
  const uint8_t *flags;
  double *out;     /* predict: n x k, added to */
  int32_t *leaves; /* apply: n x trees */
} walk;

static inline double value_at(const walk *w, size_t row, int32_t f) {
  const size_t at = row * w->d + (size_t)f;
  return w->dtype == TRUENO_F32 ? (double)((const float *)w->x)[at] : ((const double *)w->x)[at];
}

/* Whether value v goes to the left child of inner node i. */
static inline int goes_left(const walk *w, int32_t i, double v) {
  const uint8_t flags = w->flags[i];
  if (flags & TRUENO_TREE_CATEGORICAL) {
    if (!(v >= 0.0 && v < 256.0)) return flags & TRUENO_TREE_MISSING_LEFT; /* NaN fails the test too */
    const int code = (int)v;
    const size_t b = (size_t)w->threshold[i];
    return (int)(((uint32_t)w->cat_bits[8 * b + (size_t)(code >> 5)] >> (code & 31)) & 1u);
  }
  if (isnan(v)) return flags & TRUENO_TREE_MISSING_LEFT;
  return v <= w->threshold[i];
}

static inline int32_t leaf_of(const walk *w, size_t row, size_t t) {
  int32_t i = w->roots[t];
  while (w->feature[i] >= 0) i = w->children[2 * (size_t)i + (goes_left(w, i, value_at(w, row, w->feature[i])) ? 0 : 1)];
  return i;
}

static void predict_rows(void *ctx, size_t begin, size_t end) {
  const walk *w = ctx;
  for (size_t b = begin; b < end; b += BLOCK_ROWS) {
    const size_t e = end - b < BLOCK_ROWS ? end : b + BLOCK_ROWS;
    for (size_t t = 0; t < w->trees; t++) {
      const double weight = w->tree_weights[t];
      for (size_t r = b; r < e; r++) {
        const double *v = w->values + (size_t)leaf_of(w, r, t) * w->k;
        double *o = w->out + r * w->k;
        for (size_t c = 0; c < w->k; c++) o[c] += weight * v[c];
      }
    }
  }
}

static void apply_rows(void *ctx, size_t begin, size_t end) {
  const walk *w = ctx;
  for (size_t b = begin; b < end; b += BLOCK_ROWS) {
    const size_t e = end - b < BLOCK_ROWS ? end : b + BLOCK_ROWS;
    for (size_t t = 0; t < w->trees; t++)
      for (size_t r = b; r < e; r++) w->leaves[r * w->trees + t] = leaf_of(w, r, t) - w->roots[t];
  }
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
  w->feature = feature;
  w->threshold = threshold;
  w->children = children;
  w->flags = flags;
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
  trueno_parallel_for(n, BLOCK_ROWS, BLOCK_ROWS, predict_rows, &w);
  return TRUENO_OK;
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
  trueno_parallel_for(n, BLOCK_ROWS, BLOCK_ROWS, apply_rows, &w);
  return TRUENO_OK;
}
