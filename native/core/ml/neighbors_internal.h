/*
 * What the brute-force and KD-tree neighbour searches share: argument checks, the "reduced" distance of each metric
 * (monotone in the true distance and cheaper: the squared distance for euclidean, sum |a - b|^p for minkowski), the
 * bounded max-heap of the k best (distance, index) pairs, and the co-sort of result rows.
 */
#ifndef TRUENO_ML_NEIGHBORS_INTERNAL_H
#define TRUENO_ML_NEIGHBORS_INTERNAL_H

#include "trueno.h"

#include <math.h>
#include <stdint.h>

/* Whether metric and p are a metric the kernels know (p only matters for MINKOWSKI). */
static inline int nb_valid_metric(int metric, double p) {
  if (metric < 0 || metric >= TRUENO_METRIC_COUNT) return 0;
  return metric != TRUENO_METRIC_MINKOWSKI || (isfinite(p) && p >= 1);
}

/* The checks every search makes on its sizes and arrays (k == 0 for radius searches, which take no k). */
static inline int nb_valid_search(int metric, double p, size_t nq, size_t n, size_t d, const double *q,
                                  const double *x) {
  if (!nb_valid_metric(metric, p) || n == 0 || n > INT32_MAX) return 0;
  if (d > 0 && ((nq > 0 && !q) || !x)) return 0;
  return nq <= SIZE_MAX / (d ? d : 1) && n <= SIZE_MAX / (d ? d : 1);
}

/* Radius checks: a radius >= 0 (Infinity takes every row), and the offsets of trueno_radius_fill. */
static inline int nb_valid_radius(double radius) { return radius >= 0; }
static inline int nb_valid_offsets(size_t nq, const int64_t *offsets, size_t total, const int32_t *idx,
                                   const double *dist) {
  if (!offsets || (total > 0 && (!idx || !dist)) || offsets[0] != 0 || (uint64_t)offsets[nq] != total) return 0;
  for (size_t i = 0; i < nq; i++)
    if (offsets[i + 1] < offsets[i]) return 0;
  return 1;
}

/* The reduced distance between two rows of d features. */
static inline double nb_rdist(int metric, double p, const double *a, const double *b, size_t d) {
  double s = 0;
  switch (metric) {
  case TRUENO_METRIC_EUCLIDEAN:
    for (size_t f = 0; f < d; f++) s += (a[f] - b[f]) * (a[f] - b[f]);
    return s;
  case TRUENO_METRIC_MANHATTAN:
    for (size_t f = 0; f < d; f++) s += fabs(a[f] - b[f]);
    return s;
  case TRUENO_METRIC_CHEBYSHEV:
    for (size_t f = 0; f < d; f++) s = fmax(s, fabs(a[f] - b[f]));
    return s;
  default:
    for (size_t f = 0; f < d; f++) s += pow(fabs(a[f] - b[f]), p);
    return s;
  }
}

/* The reduced distance of one feature's gap (|a - b| along that feature), accumulated as nb_rdist does. */
static inline double nb_rdist_add(int metric, double p, double s, double gap) {
  switch (metric) {
  case TRUENO_METRIC_EUCLIDEAN: return s + gap * gap;
  case TRUENO_METRIC_MANHATTAN: return s + gap;
  case TRUENO_METRIC_CHEBYSHEV: return fmax(s, gap);
  default: return s + pow(gap, p);
  }
}

static inline double nb_rdist_to_dist(int metric, double p, double r) {
  switch (metric) {
  case TRUENO_METRIC_EUCLIDEAN: return sqrt(r);
  case TRUENO_METRIC_MINKOWSKI: return pow(r, 1 / p);
  default: return r;
  }
}

static inline double nb_dist_to_rdist(int metric, double p, double dist) {
  switch (metric) {
  case TRUENO_METRIC_EUCLIDEAN: return dist * dist;
  case TRUENO_METRIC_MINKOWSKI: return pow(dist, p);
  default: return dist;
  }
}

/* (da, ia) < (db, ib): the order of neighbours, distance first, then the lower index. */
static inline int nb_before(double da, int32_t ia, double db, int32_t ib) { return da < db || (da == db && ia < ib); }

/* An empty heap of k slots: sentinels every real candidate beats (a NaN distance is pushed as +Infinity). */
static inline void nb_heap_init(double *dist, int32_t *idx, size_t k) {
  for (size_t r = 0; r < k; r++) {
    dist[r] = INFINITY;
    idx[r] = INT32_MAX;
  }
}

/* Sifts slot i of a max-heap of n pairs down, ordered by (distance, index), or by index alone when by_index. */
static inline void nb_sift_down(double *dist, int32_t *idx, size_t n, size_t i, int by_index) {
  const double d0 = dist[i];
  const int32_t j0 = idx[i];
  for (;;) {
    const size_t l = 2 * i + 1, r = l + 1;
    size_t big = i;
    double bd = d0;
    int32_t bj = j0;
    if (l < n && (by_index ? bj < idx[l] : nb_before(bd, bj, dist[l], idx[l]))) big = l, bd = dist[l], bj = idx[l];
    if (r < n && (by_index ? bj < idx[r] : nb_before(bd, bj, dist[r], idx[r]))) big = r, bd = dist[r], bj = idx[r];
    if (big == i) break;
    dist[i] = dist[big];
    idx[i] = idx[big];
    i = big;
  }
  dist[i] = d0;
  idx[i] = j0;
}

/* Sorts n pairs ascending (heapsort: in place, no allocation, O(n log n) on any input). */
static inline void nb_sort_pairs(double *dist, int32_t *idx, size_t n, int by_index) {
  if (n < 2) return;
  for (size_t i = n / 2; i-- > 0;) nb_sift_down(dist, idx, n, i, by_index);
  for (size_t end = n - 1; end > 0; end--) {
    const double td = dist[0];
    const int32_t tj = idx[0];
    dist[0] = dist[end];
    idx[0] = idx[end];
    dist[end] = td;
    idx[end] = tj;
    nb_sift_down(dist, idx, end, 0, by_index);
  }
}

/* Offers (dd, j) to the max-heap of the k best pairs (its root, slot 0, is the worst kept). */
static inline void nb_heap_push(double *dist, int32_t *idx, size_t k, double dd, int32_t j) {
  if (dd != dd) dd = INFINITY;
  if (!nb_before(dd, j, dist[0], idx[0])) return;
  dist[0] = dd;
  idx[0] = j;
  nb_sift_down(dist, idx, k, 0, 0);
}

/* Turns a heap of k reduced distances into the sorted row of true distances. */
static inline void nb_heap_finish(int metric, double p, double *dist, int32_t *idx, size_t k) {
  nb_sort_pairs(dist, idx, k, 0);
  for (size_t r = 0; r < k; r++) dist[r] = nb_rdist_to_dist(metric, p, dist[r]);
}

/* How a finished radius slice is ordered: as found, by (distance, index), or by index. */
typedef enum { NB_ORDER_FOUND, NB_ORDER_DISTANCE, NB_ORDER_INDEX } nb_order;

/*
 * Finishes a radius slice [s, e) holding found neighbours in [s, found): true distances, in the given order; slots
 * past found (offsets larger than the counts) get index -1 and distance NaN rather than stale memory.
 */
static inline void nb_finish_slice(int metric, double p, nb_order order, int64_t s, int64_t found, int64_t e,
                                   int32_t *idx, double *dist) {
  for (int64_t t = s; t < found; t++) dist[t] = nb_rdist_to_dist(metric, p, dist[t]);
  if (order != NB_ORDER_FOUND) nb_sort_pairs(dist + s, idx + s, (size_t)(found - s), order == NB_ORDER_INDEX);
  for (int64_t t = found; t < e; t++) {
    idx[t] = -1;
    dist[t] = NAN;
  }
}

#endif
