/*
 * KD-tree in scikit-learn's array layout (see trueno.h): a complete binary tree of 2^levels - 1 nodes over a
 * permutation of the rows, each node a contiguous range of it with its bounding box. Queries walk it depth first,
 * nearer child first, skipping a node whose box is farther than the worst neighbour kept (strictly: a row at an equal
 * distance and a lower index may still enter). Neighbours are ordered by (distance, index), so the result is the
 * brute force's whatever the tree's shape. The tree is plain data from the caller: every query checks it is well
 * formed before it reads a row through it.
 */
#include "ml/neighbors_internal.h"
#include "runtime/threadpool.h"

#include <stdlib.h>

/* Queries a thread should take before another thread is worth waking. */
#define QUERY_GRAIN 32

/* The parts of a tree array. */
typedef struct {
  size_t nodes;
  const double *order, *info, *bounds;
} kd_view;

static kd_view kd_parts(const double *tree, size_t n, size_t leaf_size) {
  const size_t nodes = trueno_kdtree_nodes(n, leaf_size);
  return (kd_view){nodes, tree, tree + n, tree + n + 3 * nodes};
}

/* ---- build ----------------------------------------------------------------------------------------------------- */

typedef struct {
  size_t n, d, nodes;
  const double *x;
  int32_t *perm;
  double *info, *bounds;
} kd_build;

static double value_of(const kd_build *b, int32_t row, size_t dim) { return b->x[(size_t)row * b->d + dim]; }

/* (value, row) order along dim: the median split is unique even among equal values. */
static int row_before(const kd_build *b, size_t dim, int32_t r, int32_t s) {
  const double vr = value_of(b, r, dim), vs = value_of(b, s, dim);
  return vr < vs || (vr == vs && r < s);
}

static void swap_rows(int32_t *a, size_t i, size_t j) {
  const int32_t t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/* Puts the nth smallest of a[0, n) at a[nth], the smaller before it, the larger after (quickselect). */
static void select_nth(const kd_build *b, size_t dim, int32_t *a, size_t n, size_t nth) {
  size_t lo = 0, hi = n - 1;
  while (hi > lo) {
    const size_t mid = lo + (hi - lo) / 2;
    /* median of three as the pivot, moved to a[hi] */
    if (row_before(b, dim, a[mid], a[lo])) swap_rows(a, mid, lo);
    if (row_before(b, dim, a[hi], a[lo])) swap_rows(a, hi, lo);
    if (row_before(b, dim, a[mid], a[hi])) swap_rows(a, mid, hi);
    const int32_t pivot = a[hi];
    size_t store = lo;
    for (size_t i = lo; i < hi; i++)
      if (row_before(b, dim, a[i], pivot)) swap_rows(a, i, store++);
    swap_rows(a, store, hi);
    if (store == nth) return;
    if (nth < store) hi = store - 1;
    else lo = store + 1;
  }
}

static void build_node(const kd_build *b, size_t node, size_t start, size_t end) {
  double *lower = b->bounds + node * 2 * b->d, *upper = lower + b->d;
  for (size_t f = 0; f < b->d; f++) lower[f] = upper[f] = value_of(b, b->perm[start], f);
  for (size_t t = start + 1; t < end; t++) {
    for (size_t f = 0; f < b->d; f++) {
      const double v = value_of(b, b->perm[t], f);
      if (v < lower[f]) lower[f] = v;
      if (v > upper[f]) upper[f] = v;
    }
  }
  /* without features every row is the same point: nothing to split */
  const int leaf = 2 * node + 1 >= b->nodes || end - start < 2 || b->d == 0;
  b->info[3 * node] = (double)start;
  b->info[3 * node + 1] = (double)end;
  b->info[3 * node + 2] = leaf;
  if (leaf) return;
  size_t dim = 0;
  double spread = 0;
  for (size_t f = 0; f < b->d; f++) {
    if (upper[f] - lower[f] > spread) {
      spread = upper[f] - lower[f];
      dim = f;
    }
  }
  const size_t half = (end - start) / 2;
  select_nth(b, dim, b->perm + start, end - start, half);
  build_node(b, 2 * node + 1, start, start + half);
  build_node(b, 2 * node + 2, start + half, end);
}

int trueno_kdtree_build(size_t n, size_t d, const double *x, size_t leaf_size, double *tree, size_t length) {
  if (n == 0 || n > INT32_MAX || leaf_size == 0 || !tree || (d > 0 && !x)) return TRUENO_EINVAL;
  if (length == 0 || length != trueno_kdtree_length(n, d, leaf_size)) return TRUENO_EINVAL;
  int32_t *perm = malloc(n * sizeof(int32_t));
  if (!perm) return TRUENO_ENOMEM;
  for (size_t i = 0; i < n; i++) perm[i] = (int32_t)i;
  kd_view v = kd_parts(tree, n, leaf_size);
  double *info = tree + n, *bounds = tree + n + 3 * v.nodes;
  /* nodes below a leaf are never visited; they hold empty ranges so the array is fully defined */
  for (size_t t = n; t < length; t++) tree[t] = 0;
  for (size_t node = 0; node < v.nodes; node++) info[3 * node + 2] = 1;
  kd_build b = {n, d, v.nodes, x, perm, info, bounds};
  build_node(&b, 0, 0, n);
  for (size_t i = 0; i < n; i++) tree[i] = perm[i];
  free(perm);
  return TRUENO_OK;
}

/* ---- queries --------------------------------------------------------------------------------------------------- */

/* Whether v is an integer in [lo, hi] (checked before any cast, which would be undefined out of range). */
static int whole_in(double v, double lo, double hi) { return v >= lo && v <= hi && v == (double)(int64_t)v; }

/* Whether a tree array is one whose every row reference and range a query may follow. */
static int kd_valid(const double *tree, size_t length, size_t n, size_t d, size_t leaf_size) {
  if (!tree || leaf_size == 0 || length == 0 || length != trueno_kdtree_length(n, d, leaf_size)) return 0;
  const kd_view v = kd_parts(tree, n, leaf_size);
  for (size_t i = 0; i < n; i++)
    if (!whole_in(v.order[i], 0, (double)n - 1)) return 0;
  for (size_t node = 0; node < v.nodes; node++) {
    const double *info = v.info + 3 * node;
    if (!whole_in(info[0], 0, (double)n) || !whole_in(info[1], info[0], (double)n) || !whole_in(info[2], 0, 1))
      return 0;
    if (info[2] == 0 && 2 * node + 2 >= v.nodes) return 0;
  }
  return 1;
}

typedef struct {
  int metric;
  double p;
  size_t n, d, k;
  const double *q, *x;
  kd_view t;
  double rrad;
  int64_t *counts;
  const int64_t *offsets;
  int sort;
  int32_t *idx;
  double *dist;
} kd_job;

/* The least reduced distance from pt to any point of node's box. */
static double min_rdist(const kd_job *j, size_t node, const double *pt) {
  const double *lower = j->t.bounds + node * 2 * j->d, *upper = lower + j->d;
  double s = 0;
  for (size_t f = 0; f < j->d; f++) {
    const double below = lower[f] - pt[f], above = pt[f] - upper[f];
    s = nb_rdist_add(j->metric, j->p, s, below > 0 ? below : above > 0 ? above : 0);
  }
  return s;
}

static size_t node_start(const kd_job *j, size_t node) { return (size_t)j->t.info[3 * node]; }
static size_t node_end(const kd_job *j, size_t node) { return (size_t)j->t.info[3 * node + 1]; }
static int node_leaf(const kd_job *j, size_t node) { return j->t.info[3 * node + 2] != 0; }
static size_t row_at(const kd_job *j, size_t t) { return (size_t)j->t.order[t]; }

static void knn_node(const kd_job *j, size_t node, double node_rd, const double *pt, double *hd, int32_t *hi) {
  if (node_rd > hd[0]) return;
  if (node_leaf(j, node)) {
    for (size_t t = node_start(j, node); t < node_end(j, node); t++) {
      const size_t r = row_at(j, t);
      nb_heap_push(hd, hi, j->k, nb_rdist(j->metric, j->p, pt, j->x + r * j->d, j->d), (int32_t)r);
    }
    return;
  }
  const size_t a = 2 * node + 1, b = a + 1;
  const double ra = min_rdist(j, a, pt), rb = min_rdist(j, b, pt);
  if (ra <= rb) {
    knn_node(j, a, ra, pt, hd, hi);
    knn_node(j, b, rb, pt, hd, hi);
  } else {
    knn_node(j, b, rb, pt, hd, hi);
    knn_node(j, a, ra, pt, hd, hi);
  }
}

static void knn_range(void *ctx, size_t begin, size_t end) {
  const kd_job *j = ctx;
  for (size_t i = begin; i < end; i++) {
    const double *pt = j->q + i * j->d;
    double *hd = j->dist + i * j->k;
    int32_t *hi = j->idx + i * j->k;
    nb_heap_init(hd, hi, j->k);
    knn_node(j, 0, min_rdist(j, 0, pt), pt, hd, hi);
    nb_heap_finish(j->metric, j->p, hd, hi, j->k);
  }
}

/* Visits the rows within the radius of pt: counts them (pos NULL) or writes them at *pos, up to stop. */
static int64_t radius_node(const kd_job *j, size_t node, const double *pt, int64_t *pos, int64_t stop) {
  if (min_rdist(j, node, pt) > j->rrad) return 0;
  if (!node_leaf(j, node))
    return radius_node(j, 2 * node + 1, pt, pos, stop) + radius_node(j, 2 * node + 2, pt, pos, stop);
  int64_t found = 0;
  for (size_t t = node_start(j, node); t < node_end(j, node); t++) {
    const size_t r = row_at(j, t);
    const double rd = nb_rdist(j->metric, j->p, pt, j->x + r * j->d, j->d);
    if (!(rd <= j->rrad)) continue;
    found++;
    if (pos && *pos < stop) {
      j->idx[*pos] = (int32_t)r;
      j->dist[*pos] = rd;
      ++*pos;
    }
  }
  return found;
}

static void count_range(void *ctx, size_t begin, size_t end) {
  const kd_job *j = ctx;
  for (size_t i = begin; i < end; i++) j->counts[i] = radius_node(j, 0, j->q + i * j->d, NULL, 0);
}

static void fill_range(void *ctx, size_t begin, size_t end) {
  const kd_job *j = ctx;
  for (size_t i = begin; i < end; i++) {
    int64_t pos = j->offsets[i];
    radius_node(j, 0, j->q + i * j->d, &pos, j->offsets[i + 1]);
    nb_finish_slice(j->metric, j->p, j->sort ? NB_ORDER_DISTANCE : NB_ORDER_INDEX, j->offsets[i], pos,
                    j->offsets[i + 1], j->idx, j->dist);
  }
}

/* The job of a query over a checked tree, or EINVAL. */
static int kd_prepare(kd_job *j, int metric, double p, size_t nq, size_t n, size_t d, const double *q,
                      const double *x, size_t leaf_size, const double *tree, size_t length) {
  if (!nb_valid_search(metric, p, nq, n, d, q, x) || !kd_valid(tree, length, n, d, leaf_size)) return TRUENO_EINVAL;
  *j = (kd_job){.metric = metric, .p = p, .n = n, .d = d, .q = q, .x = x, .t = kd_parts(tree, n, leaf_size)};
  return TRUENO_OK;
}

int trueno_kdtree_knn(int metric, double p, size_t nq, size_t n, size_t d, const double *q, const double *x,
                      size_t leaf_size, const double *tree, size_t length, size_t k, int32_t *idx, double *dist) {
  kd_job j;
  if (kd_prepare(&j, metric, p, nq, n, d, q, x, leaf_size, tree, length) != TRUENO_OK || k == 0 || k > n)
    return TRUENO_EINVAL;
  if (nq > 0 && (!idx || !dist || nq > SIZE_MAX / sizeof(double) / k)) return TRUENO_EINVAL;
  j.k = k;
  j.idx = idx;
  j.dist = dist;
  trueno_parallel_for(nq, QUERY_GRAIN, 1, knn_range, &j);
  return TRUENO_OK;
}

int trueno_kdtree_radius_count(int metric, double p, size_t nq, size_t n, size_t d, const double *q, const double *x,
                               size_t leaf_size, const double *tree, size_t length, double radius, int64_t *counts) {
  kd_job j;
  if (kd_prepare(&j, metric, p, nq, n, d, q, x, leaf_size, tree, length) != TRUENO_OK || !nb_valid_radius(radius) ||
      (nq > 0 && !counts))
    return TRUENO_EINVAL;
  j.rrad = nb_dist_to_rdist(metric, p, radius);
  j.counts = counts;
  trueno_parallel_for(nq, QUERY_GRAIN, 1, count_range, &j);
  return TRUENO_OK;
}

int trueno_kdtree_radius_fill(int metric, double p, size_t nq, size_t n, size_t d, const double *q, const double *x,
                              size_t leaf_size, const double *tree, size_t length, double radius,
                              const int64_t *offsets, size_t total, int sort, int32_t *idx, double *dist) {
  kd_job j;
  if (kd_prepare(&j, metric, p, nq, n, d, q, x, leaf_size, tree, length) != TRUENO_OK || !nb_valid_radius(radius) ||
      !nb_valid_offsets(nq, offsets, total, idx, dist))
    return TRUENO_EINVAL;
  j.rrad = nb_dist_to_rdist(metric, p, radius);
  j.offsets = offsets;
  j.sort = sort;
  j.idx = idx;
  j.dist = dist;
  trueno_parallel_for(nq, QUERY_GRAIN, 1, fill_range, &j);
  return TRUENO_OK;
}
