/*
 * trueno_tree_grow: CART trees grown as scikit-learn's DepthFirstTreeBuilder (pre-order, left subtree first) or, with
 * max_leaf_nodes, BestFirstTreeBuilder (the frontier node with the largest improvement split next, the frontier a
 * binary heap driven like libstdc++'s push_heap / pop_heap, as scikit-learn's). Trees run in parallel, one per task;
 * each range of trees allocates one workspace and reuses it for all its trees and nodes. The inputs are checked whole
 * before anything is written.
 */
#include "trueno.h"
#include "runtime/threadpool.h"
#include "tree_grow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- checks ---------------------------------------------------------------------------------------------------- */

static int is_int_in(double v, double lo, double hi) { return v == floor(v) && v >= lo && v <= hi; }

static int read_settings(const double *params, size_t d, tg_settings *s) {
  const double crit = params[TRUENO_TREE_CRITERION], random = params[TRUENO_TREE_RANDOM_SPLITS];
  const double depth = params[TRUENO_TREE_MAX_DEPTH], split = params[TRUENO_TREE_MIN_SAMPLES_SPLIT];
  const double leaf = params[TRUENO_TREE_MIN_SAMPLES_LEAF], wleaf = params[TRUENO_TREE_MIN_WEIGHT_LEAF];
  const double feats = params[TRUENO_TREE_MAX_FEATURES], leaves = params[TRUENO_TREE_MAX_LEAF_NODES];
  const double decrease = params[TRUENO_TREE_MIN_IMPURITY_DECREASE];
  const double big = 9007199254740992.0; /* 2^53: integers up to here are exact */
  if (!is_int_in(crit, 0, TRUENO_CRITERION_COUNT - 1) || !(random == 0 || random == 1)) return 0;
  if (!(depth == -1 || is_int_in(depth, 0, big)) || !is_int_in(split, 2, big) || !is_int_in(leaf, 1, big)) return 0;
  if (!(isfinite(wleaf) && wleaf >= 0) || !is_int_in(feats, 1, (double)d)) return 0;
  if (!(leaves == -1 || is_int_in(leaves, 2, big)) || !(isfinite(decrease) && decrease >= 0)) return 0;
  s->criterion = (int)crit;
  s->random = (int)random;
  s->max_depth = (int64_t)depth;
  s->min_samples_split = (int64_t)split;
  s->min_samples_leaf = (int64_t)leaf;
  s->min_weight_leaf = wleaf;
  s->max_features = (size_t)feats;
  s->max_leaf_nodes = (int64_t)leaves;
  s->min_impurity_decrease = decrease;
  return 1;
}

/* The most nodes a tree of `samples` samples can have under s (2 * leaves - 1, bounded by the depth). */
static size_t capacity_needed(size_t samples, const tg_settings *s) {
  size_t leaves = samples;
  if (s->max_leaf_nodes >= 0 && (uint64_t)s->max_leaf_nodes < leaves) leaves = (size_t)s->max_leaf_nodes;
  size_t need = 2 * leaves - 1;
  if (s->max_depth >= 0 && s->max_depth < 30) {
    const size_t by_depth = ((size_t)1 << (s->max_depth + 1)) - 1;
    if (by_depth < need) need = by_depth;
  }
  return need;
}

/* a * b into *out; 0 when it overflows size_t. */
static int mul_ok(size_t a, size_t b, size_t *out) {
  if (a != 0 && b > SIZE_MAX / a) return 0;
  *out = a * b;
  return 1;
}

static int check_inputs(size_t n, size_t d, size_t k, const float *xt, const double *y, size_t trees,
                        const double *weights, const double *seeds, const tg_settings *s, size_t capacity) {
  size_t nd, tn, nk, tc, tcf, tck, ws_bytes;
  const int classification = s->criterion <= TRUENO_CRITERION_ENTROPY;
  if (!mul_ok(n, d, &nd) || !mul_ok(trees, n, &tn) || !mul_ok(n, k, &nk) || !mul_ok(trees, capacity, &tc) ||
      !mul_ok(tc, TRUENO_NODE_FIELD_COUNT, &tcf) || !mul_ok(tc, k, &tck) || !mul_ok(n, 4 * sizeof(uint64_t), &ws_bytes))
    return 0;
  for (size_t i = 0; i < nd; i++)
    if (!isfinite(xt[i])) return 0;
  const size_t ny = classification ? n : nk;
  for (size_t i = 0; i < ny; i++) {
    if (classification ? !is_int_in(y[i], 0, (double)k - 1) : !isfinite(y[i])) return 0;
  }
  for (size_t t = 0; t < trees; t++) {
    if (!is_int_in(seeds[t], 0, 4294967295.0)) return 0;
    const double *w = weights + t * n;
    size_t samples = 0;
    double total = 0;
    for (size_t i = 0; i < n; i++) {
      if (!(isfinite(w[i]) && w[i] >= 0)) return 0;
      if (w[i] != 0) {
        samples++;
        total += w[i];
      }
    }
    if (!(total > 0 && isfinite(total)) || capacity < capacity_needed(samples, s)) return 0;
  }
  return 1;
}

/* ---- one tree's output ----------------------------------------------------------------------------------------- */

typedef struct {
  double *nodes, *values; /* this tree's slots */
  size_t k, capacity;
  int32_t count;
} tg_out;

/* Appends a node (a leaf until marked split) under parent (-1: the root); returns its index, -1 when full. */
static int32_t add_node(tg_out *o, int32_t parent, int is_left, double impurity, size_t samples, double weight) {
  if ((size_t)o->count >= o->capacity) return -1;
  const int32_t id = o->count++;
  double *r = o->nodes + (size_t)id * TRUENO_NODE_FIELD_COUNT;
  r[TRUENO_NODE_FEATURE] = -1;
  r[TRUENO_NODE_THRESHOLD] = TG_LEAF_THRESHOLD;
  r[TRUENO_NODE_LEFT] = -1;
  r[TRUENO_NODE_RIGHT] = -1;
  r[TRUENO_NODE_IMPURITY] = impurity;
  r[TRUENO_NODE_SAMPLES] = (double)samples;
  r[TRUENO_NODE_WEIGHT] = weight;
  if (parent >= 0)
    o->nodes[(size_t)parent * TRUENO_NODE_FIELD_COUNT + (is_left ? TRUENO_NODE_LEFT : TRUENO_NODE_RIGHT)] = id;
  return id;
}

static void mark_split(tg_out *o, int32_t id, int32_t feature, double threshold) {
  double *r = o->nodes + (size_t)id * TRUENO_NODE_FIELD_COUNT;
  r[TRUENO_NODE_FEATURE] = feature;
  r[TRUENO_NODE_THRESHOLD] = threshold;
}

static int must_be_leaf(const tg_settings *s, size_t depth, size_t samples, double weight, double impurity) {
  return (s->max_depth >= 0 && (int64_t)depth >= s->max_depth) || (int64_t)samples < s->min_samples_split ||
         (int64_t)samples < 2 * s->min_samples_leaf || weight < 2 * s->min_weight_leaf || impurity <= TG_EPSILON;
}

/* ---- builders -------------------------------------------------------------------------------------------------- */

typedef struct {
  size_t start, end, depth, constants;
  int32_t parent;
  int is_left;
  double impurity;
} tg_task;

typedef struct {
  size_t start, end, pos, depth;
  int32_t id, feature;
  int leaf;
  double improvement, impurity_left, impurity_right, threshold;
} tg_frontier;

/* The workspace of one range of trees (one thread), sized for any tree of the call. */
typedef struct {
  tg_splitter sp;
  tg_criterion crit;
  tg_task *stack;
  double *stack_sums;       /* per stack slot: the node's k class sums and its weight (exact_sums trees) */
  tg_frontier *heap;
  size_t slots; /* entries of stack / heap */
  int exact_sums;           /* classification with integer weights summing to at most 2^53: every sum is exact */
} tg_workspace;

static int grow_depth_first(tg_workspace *ws, tg_out *o) {
  const tg_settings *s = &ws->sp.data->s;
  tg_criterion *c = &ws->crit;
  size_t top = 0;
  ws->stack[top++] = (tg_task){0, ws->sp.n_samples, 0, 0, -1, 0, INFINITY};
  const size_t k = ws->sp.data->k;
  while (top) {
    const tg_task t = ws->stack[--top];
    /* With exact sums, a child's class sums are its parent's split sums whatever order they were added in. */
    if (ws->exact_sums && t.parent >= 0) tg_criterion_init_sums(c, t.start, t.end, ws->stack_sums + top * (k + 1));
    else tg_criterion_init(c, t.start, t.end);
    const double impurity = t.parent < 0 ? tg_criterion_node_impurity(c) : t.impurity;
    int leaf = must_be_leaf(s, t.depth, t.end - t.start, c->w_node, impurity);
    tg_split split = {0};
    size_t constants = t.constants;
    if (!leaf) {
      tg_node_split(&ws->sp, t.start, t.end, impurity, &constants, &split);
      leaf = split.pos >= t.end || split.improvement + TG_EPSILON < s->min_impurity_decrease;
    }
    const int32_t id = add_node(o, t.parent, t.is_left, impurity, t.end - t.start, c->w_node);
    if (id < 0 || top + 2 > ws->slots) return TRUENO_EINVAL;
    tg_criterion_node_value(c, o->values + (size_t)id * o->k);
    if (!leaf) {
      mark_split(o, id, split.feature, split.threshold);
      if (ws->exact_sums) { /* tg_node_split left the criterion at the split */
        double *right = ws->stack_sums + top * (k + 1), *left = right + k + 1;
        memcpy(right, c->sum_right, k * sizeof *right);
        right[k] = c->w_right;
        memcpy(left, c->sum_left, k * sizeof *left);
        left[k] = c->w_left;
      }
      ws->stack[top++] = (tg_task){split.pos, t.end, t.depth + 1, constants, id, 0, split.impurity_right};
      ws->stack[top++] = (tg_task){t.start, split.pos, t.depth + 1, constants, id, 1, split.impurity_left};
    }
  }
  return TRUENO_OK;
}

static int frontier_less(const tg_frontier *a, const tg_frontier *b) { return a->improvement < b->improvement; }

/* libstdc++'s __push_heap: moves value up from hole towards top. */
static void heap_sift_up(tg_frontier *h, size_t hole, size_t top, tg_frontier value) {
  while (hole > top) {
    const size_t parent = (hole - 1) / 2;
    if (!frontier_less(&h[parent], &value)) break;
    h[hole] = h[parent];
    hole = parent;
  }
  h[hole] = value;
}

static void heap_push(tg_frontier *h, size_t *len, tg_frontier value) {
  heap_sift_up(h, (*len)++, 0, value);
}

/* libstdc++'s pop_heap (with __adjust_heap): the largest to the end, the rest still a heap. */
static tg_frontier heap_pop(tg_frontier *h, size_t *size) {
  const tg_frontier top = h[0];
  const size_t len = --*size;
  const tg_frontier value = h[len];
  h[len] = top;
  if (len == 0) return top;
  size_t hole = 0, second = 0;
  while (second < (len - 1) / 2) {
    second = 2 * (second + 1);
    if (frontier_less(&h[second], &h[second - 1])) second--;
    h[hole] = h[second];
    hole = second;
  }
  if ((len & 1) == 0 && len >= 2 && second == (len - 2) / 2) {
    second = 2 * (second + 1);
    h[hole] = h[second - 1];
    hole = second - 1;
  }
  heap_sift_up(h, hole, 0, value);
  return top;
}

/* BestFirstTreeBuilder's _add_split_node: the node, its value and its best split (constant features not tracked). */
static int add_split_node(tg_workspace *ws, tg_out *o, size_t start, size_t end, double impurity, int32_t parent,
                          int is_left, size_t depth, tg_frontier *rec) {
  const tg_settings *s = &ws->sp.data->s;
  tg_criterion *c = &ws->crit;
  tg_criterion_init(c, start, end);
  if (parent < 0) impurity = tg_criterion_node_impurity(c);
  int leaf = must_be_leaf(s, depth, end - start, c->w_node, impurity);
  tg_split split = {0};
  if (!leaf) {
    size_t constants = 0;
    tg_node_split(&ws->sp, start, end, impurity, &constants, &split);
    leaf = split.pos >= end || split.improvement + TG_EPSILON < s->min_impurity_decrease;
  }
  const int32_t id = add_node(o, parent, is_left, impurity, end - start, c->w_node);
  if (id < 0) return TRUENO_EINVAL;
  tg_criterion_node_value(c, o->values + (size_t)id * o->k);
  if (leaf)
    *rec = (tg_frontier){start, end, end, depth, id, -1, 1, 0.0, impurity, impurity, TG_LEAF_THRESHOLD};
  else
    *rec = (tg_frontier){start, end, split.pos, depth, id, split.feature, 0, split.improvement, split.impurity_left,
                         split.impurity_right, split.threshold};
  return TRUENO_OK;
}

static int grow_best_first(tg_workspace *ws, tg_out *o) {
  const tg_settings *s = &ws->sp.data->s;
  size_t len = 0;
  tg_frontier rec, left, right;
  if (add_split_node(ws, o, 0, ws->sp.n_samples, INFINITY, -1, 0, 0, &rec)) return TRUENO_EINVAL;
  heap_push(ws->heap, &len, rec);
  int64_t splits_left = s->max_leaf_nodes - 1;
  while (len) {
    rec = heap_pop(ws->heap, &len);
    if (rec.leaf || splits_left <= 0) continue;
    splits_left--;
    mark_split(o, rec.id, rec.feature, rec.threshold);
    if (add_split_node(ws, o, rec.start, rec.pos, rec.impurity_left, rec.id, 1, rec.depth + 1, &left) ||
        add_split_node(ws, o, rec.pos, rec.end, rec.impurity_right, rec.id, 0, rec.depth + 1, &right) ||
        len + 2 > ws->slots)
      return TRUENO_EINVAL;
    heap_push(ws->heap, &len, left);
    heap_push(ws->heap, &len, right);
  }
  return TRUENO_OK;
}

/* ---- the parallel loop over trees ------------------------------------------------------------------------------ */

typedef struct {
  tg_data data;
  const double *weights, *seeds;
  size_t capacity;
  double *nodes, *values;
  int32_t *node_count;
  int *status; /* per tree */
} tg_job;

static void free_workspace(tg_workspace *ws) {
  free(ws->sp.samples);
  free(ws->sp.values);
  free(ws->sp.features);
  free(ws->sp.keys);
  free(ws->crit.sum_total);
  free(ws->crit.med_v);
  free(ws->stack);
  free(ws->stack_sums);
  free(ws->heap);
}

static int alloc_workspace(tg_workspace *ws, const tg_job *j) {
  const size_t n = j->data.n, d = j->data.d, k = j->data.k;
  memset(ws, 0, sizeof *ws);
  ws->slots = (j->capacity < 2 * n ? j->capacity : 2 * n) + 2;
  ws->sp.samples = malloc(n * sizeof(int32_t));
  ws->sp.values = malloc(n * sizeof(float));
  ws->sp.features = malloc(2 * d * sizeof(int32_t));
  ws->sp.keys = malloc(2 * n * sizeof(uint64_t) + 3 * 2048 * sizeof(uint32_t));
  ws->crit.sum_total = malloc((4 * k + 1) * sizeof(double));
  if (j->data.s.criterion == TRUENO_CRITERION_ABSOLUTE_ERROR) {
    ws->crit.med_v = malloc(n * (sizeof(double) + (2 + 2 * k) * sizeof(int32_t)));
    if (!ws->crit.med_v) return 0;
    ws->crit.med_order = (int32_t *)(ws->crit.med_v + n);
    ws->crit.med_left = ws->crit.med_order + 2 * n;
    ws->crit.med_right = ws->crit.med_left + k * n;
  }
  if (j->data.s.max_leaf_nodes < 0) {
    ws->stack = malloc(ws->slots * sizeof(tg_task));
    ws->stack_sums = malloc(ws->slots * (k + 1) * sizeof(double));
  } else {
    ws->heap = malloc(ws->slots * sizeof(tg_frontier));
  }
  if (!ws->sp.samples || !ws->sp.values || !ws->sp.features || !ws->sp.keys || !ws->crit.sum_total ||
      !((ws->stack && ws->stack_sums) || ws->heap))
    return 0;
  ws->sp.constant_features = ws->sp.features + d;
  ws->sp.keys_tmp = ws->sp.keys + n;
  ws->sp.hist = (uint32_t *)(ws->sp.keys_tmp + n);
  ws->crit.sum_left = ws->crit.sum_total + k;
  ws->crit.sum_right = ws->crit.sum_left + k;
  ws->sp.best_sums = ws->crit.sum_right + k;
  ws->sp.data = ws->crit.data = &j->data;
  ws->sp.crit = &ws->crit;
  ws->crit.samples = ws->sp.samples;
  ws->crit.classification = j->data.s.criterion <= TRUENO_CRITERION_ENTROPY;
  return 1;
}

static int grow_tree(tg_workspace *ws, const tg_job *j, size_t t) {
  const size_t n = j->data.n, d = j->data.d;
  const double *w = j->weights + t * n;
  size_t m = 0;
  double total = 0;
  int integral = 1;
  for (size_t i = 0; i < n; i++) {
    if (w[i] != 0) ws->sp.samples[m++] = (int32_t)i;
    total += w[i];
    integral &= w[i] == floor(w[i]);
  }
  ws->exact_sums = ws->crit.classification && integral && total <= 9007199254740992.0;
  ws->sp.order_free = ws->exact_sums && !j->data.negative_zero;
  ws->sp.n_samples = m;
  for (size_t f = 0; f < d; f++) ws->sp.features[f] = (int32_t)f;
  ws->sp.rng = (uint32_t)j->seeds[t];
  ws->crit.w = w;
  ws->crit.weight_total = total;
  tg_out o = {j->nodes + t * j->capacity * TRUENO_NODE_FIELD_COUNT, j->values + t * j->capacity * j->data.k,
              j->data.k, j->capacity, 0};
  const int rc = j->data.s.max_leaf_nodes < 0 ? grow_depth_first(ws, &o) : grow_best_first(ws, &o);
  j->node_count[t] = o.count;
  return rc;
}

static void grow_range(void *ctx, size_t t0, size_t t1) {
  const tg_job *j = ctx;
  tg_workspace ws;
  const int ok = alloc_workspace(&ws, j);
  for (size_t t = t0; t < t1; t++) j->status[t] = ok ? grow_tree(&ws, j, t) : TRUENO_ENOMEM;
  free_workspace(&ws);
}

int trueno_tree_grow(size_t n, size_t d, size_t k, const float *xt, const double *y, size_t trees,
                     const double *weights, const double *seeds, const double *params, size_t capacity, double *nodes,
                     double *values, int32_t *node_count) {
  tg_settings s;
  if (!xt || !y || !weights || !seeds || !params || !nodes || !values || !node_count) return TRUENO_EINVAL;
  if (trees == 0 || n == 0 || d == 0 || k == 0 || capacity == 0 || n > INT32_MAX || d > INT32_MAX || capacity > INT32_MAX)
    return TRUENO_EINVAL;
  if (!read_settings(params, d, &s)) return TRUENO_EINVAL;
  if (!check_inputs(n, d, k, xt, y, trees, weights, seeds, &s, capacity)) return TRUENO_EINVAL;
  const int classification = s.criterion <= TRUENO_CRITERION_ENTROPY;
  int32_t *codes = classification ? malloc(n * sizeof(int32_t)) : NULL;
  int *status = malloc(trees * sizeof(int));
  if ((classification && !codes) || !status) {
    free(codes);
    free(status);
    return TRUENO_ENOMEM;
  }
  for (size_t i = 0; classification && i < n; i++) codes[i] = (int32_t)y[i];
  int negative_zero = 0;
  for (size_t i = 0; i < n * d; i++) negative_zero |= xt[i] == 0 && signbit(xt[i]);
  tg_job job = {{n, d, k, xt, y, codes, negative_zero, s}, weights, seeds, capacity, nodes, values, node_count, status};
  trueno_parallel_for(trees, 1, 1, grow_range, &job);
  int rc = TRUENO_OK;
  for (size_t t = 0; t < trees && rc == TRUENO_OK; t++) rc = status[t];
  free(codes);
  free(status);
  return rc;
}
