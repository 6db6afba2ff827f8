/*
 * Brute-force neighbour search (k nearest and within a radius). Queries go in fixed blocks of QUERY_BLOCK rows
 * against the train rows in chunks of TRAIN_BLOCK: one block of reduced distances (a gemm for euclidean, as
 * scikit-learn's brute force computes it) lives in a per-thread buffer and is consumed at once, so memory stays
 * bounded whatever nq x n is. The k-nearest heaps live in the output rows themselves. Threads take whole query
 * blocks (range boundaries aligned to QUERY_BLOCK), and every block is computed the same way whatever the thread
 * count, so the results are too.
 */
#include "ml/neighbors_internal.h"
#include "runtime/threadpool.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* 256 x 1024 doubles (2 MiB) of distances per thread; the gemm repacks a train chunk per query block, so taller
 * blocks pack less. */
#define QUERY_BLOCK 256
#define TRAIN_BLOCK 1024
/* Multiply-adds a thread should own before another thread is worth waking. */
#define PARALLEL_GRAIN_WORK (1u << 18)

typedef enum { SEARCH_KNN, SEARCH_COUNT, SEARCH_FILL } search_mode;

typedef struct {
  search_mode mode;
  int metric;
  double p;
  size_t nq, n, d;
  const double *q, *x;
  double *xnorm; /* euclidean: ||x_j||^2 */
  size_t k;      /* knn */
  double rrad;   /* radius searches: the reduced radius */
  int64_t *counts;
  const int64_t *offsets;
  int sort;
  int32_t *idx;
  double *dist;
  atomic_int failed;
} brute_job;

static double squared_norm(const double *row, size_t d) {
  double s = 0;
  for (size_t f = 0; f < d; f++) s += row[f] * row[f];
  return s;
}

/*
 * out[i*cb + t] = reduced distance of query q0 + i to train row j0 + t; for euclidean only the gemm's -2 q.x, which
 * finish_row completes one row at a time, while the row is in L1, just before it is consumed.
 */
static void block_rdist(const brute_job *j, size_t q0, size_t qb, size_t j0, size_t cb, double *out) {
  const double *q = j->q + q0 * j->d, *x = j->x + j0 * j->d;
  if (j->metric != TRUENO_METRIC_EUCLIDEAN) {
    for (size_t i = 0; i < qb; i++)
      for (size_t t = 0; t < cb; t++) out[i * cb + t] = nb_rdist(j->metric, j->p, q + i * j->d, x + t * j->d, j->d);
    return;
  }
  /* d, qb, cb > 0 and the buffer holds qb x cb: the gemm cannot fail */
  if (j->d > 0) trueno_gemm(TRUENO_F64, 0, 1, qb, cb, j->d, -2.0, q, j->d, x, j->d, 0.0, out, cb);
  else memset(out, 0, qb * cb * sizeof(double));
}

/* row[t] = max(0, ||q||^2 + row[t] + ||x_(j0+t)||^2), in scikit-learn's order of operations (NaN stays NaN). */
static void finish_row(const brute_job *j, double qnorm, size_t j0, size_t cb, double *row) {
  for (size_t t = 0; t < cb; t++) {
    const double v = qnorm + row[t] + j->xnorm[j0 + t];
    row[t] = v < 0 ? 0 : v;
  }
}

/* Feeds one block of reduced distances to the heaps, counts or output slices of its queries. */
static void consume(const brute_job *j, size_t q0, size_t qb, size_t j0, size_t cb, const double *qnorm, double *rd,
                    int64_t *pos) {
  for (size_t i = 0; i < qb; i++) {
    double *row = rd + i * cb;
    const size_t qi = q0 + i;
    if (j->metric == TRUENO_METRIC_EUCLIDEAN) finish_row(j, qnorm[i], j0, cb, row);
    if (j->mode == SEARCH_KNN) {
      double *hd = j->dist + qi * j->k;
      int32_t *hi = j->idx + qi * j->k;
      /* Rows come in index order, so a row strictly farther than the worst kept never enters: one compare each. */
      double worst = hd[0];
      for (size_t t = 0; t < cb; t++) {
        if (row[t] > worst) continue;
        nb_heap_push(hd, hi, j->k, row[t], (int32_t)(j0 + t));
        worst = hd[0];
      }
    } else if (j->mode == SEARCH_COUNT) {
      int64_t c = 0;
      for (size_t t = 0; t < cb; t++) c += row[t] <= j->rrad;
      pos[i] += c;
    } else {
      const int64_t stop = j->offsets[qi + 1];
      for (size_t t = 0; t < cb && pos[i] < stop; t++) {
        if (row[t] <= j->rrad) {
          j->idx[pos[i]] = (int32_t)(j0 + t);
          j->dist[pos[i]] = row[t];
          pos[i]++;
        }
      }
    }
  }
}

/* Before a query block: empty heaps, zero counts, or the write positions at the start of each slice. */
static void start_block(const brute_job *j, size_t q0, size_t qb, int64_t *pos) {
  for (size_t i = 0; i < qb; i++) {
    if (j->mode == SEARCH_KNN) nb_heap_init(j->dist + (q0 + i) * j->k, j->idx + (q0 + i) * j->k, j->k);
    pos[i] = j->mode == SEARCH_FILL ? j->offsets[q0 + i] : 0;
  }
}

/* After a query block: sorted rows of true distances, the counts, or finished slices. */
static void finish_block(const brute_job *j, size_t q0, size_t qb, const int64_t *pos) {
  for (size_t i = 0; i < qb; i++) {
    const size_t qi = q0 + i;
    if (j->mode == SEARCH_KNN) {
      nb_heap_finish(j->metric, j->p, j->dist + qi * j->k, j->idx + qi * j->k, j->k);
    } else if (j->mode == SEARCH_COUNT) {
      j->counts[qi] = pos[i];
    } else {
      nb_finish_slice(j->metric, j->p, j->sort ? NB_ORDER_DISTANCE : NB_ORDER_FOUND, j->offsets[qi], pos[i], j->offsets[qi + 1], j->idx, j->dist);
    }
  }
}

static void brute_range(void *ctx, size_t begin, size_t end) {
  brute_job *j = ctx;
  double *rd = malloc((size_t)QUERY_BLOCK * TRAIN_BLOCK * sizeof(double));
  if (!rd) {
    atomic_store(&j->failed, 1);
    return;
  }
  double qnorm[QUERY_BLOCK];
  int64_t pos[QUERY_BLOCK];
  for (size_t q0 = begin; q0 < end; q0 += QUERY_BLOCK) {
    const size_t qb = end - q0 < QUERY_BLOCK ? end - q0 : QUERY_BLOCK;
    if (j->metric == TRUENO_METRIC_EUCLIDEAN)
      for (size_t i = 0; i < qb; i++) qnorm[i] = squared_norm(j->q + (q0 + i) * j->d, j->d);
    start_block(j, q0, qb, pos);
    for (size_t j0 = 0; j0 < j->n; j0 += TRAIN_BLOCK) {
      const size_t cb = j->n - j0 < TRAIN_BLOCK ? j->n - j0 : TRAIN_BLOCK;
      block_rdist(j, q0, qb, j0, cb, rd);
      consume(j, q0, qb, j0, cb, qnorm, rd, pos);
    }
    finish_block(j, q0, qb, pos);
  }
  free(rd);
}

static int run_brute(brute_job *j) {
  if (j->nq == 0) return TRUENO_OK;
  if (j->metric == TRUENO_METRIC_EUCLIDEAN) {
    j->xnorm = malloc(j->n * sizeof(double));
    if (!j->xnorm) return TRUENO_ENOMEM;
    for (size_t t = 0; t < j->n; t++) j->xnorm[t] = squared_norm(j->x + t * j->d, j->d);
  }
  const size_t work = j->n * (j->d ? j->d : 1);
  const size_t grain = work >= PARALLEL_GRAIN_WORK ? 1 : PARALLEL_GRAIN_WORK / work;
  atomic_init(&j->failed, 0);
  trueno_parallel_for(j->nq, grain, QUERY_BLOCK, brute_range, j);
  free(j->xnorm);
  return atomic_load(&j->failed) ? TRUENO_ENOMEM : TRUENO_OK;
}

int trueno_knn_brute(int metric, double p, size_t nq, size_t n, size_t d, const double *q, const double *x, size_t k,
                     int32_t *idx, double *dist) {
  if (!nb_valid_search(metric, p, nq, n, d, q, x) || k == 0 || k > n) return TRUENO_EINVAL;
  if (nq > 0 && (!idx || !dist || nq > SIZE_MAX / sizeof(double) / k)) return TRUENO_EINVAL;
  brute_job j = {.mode = SEARCH_KNN, .metric = metric, .p = p, .nq = nq, .n = n, .d = d, .q = q, .x = x, .k = k,
                 .idx = idx, .dist = dist};
  return run_brute(&j);
}

int trueno_radius_count(int metric, double p, size_t nq, size_t n, size_t d, const double *q, const double *x,
                        double radius, int64_t *counts) {
  if (!nb_valid_search(metric, p, nq, n, d, q, x) || !nb_valid_radius(radius) || (nq > 0 && !counts))
    return TRUENO_EINVAL;
  brute_job j = {.mode = SEARCH_COUNT, .metric = metric, .p = p, .nq = nq, .n = n, .d = d, .q = q, .x = x,
                 .rrad = nb_dist_to_rdist(metric, p, radius), .counts = counts};
  return run_brute(&j);
}

int trueno_radius_fill(int metric, double p, size_t nq, size_t n, size_t d, const double *q, const double *x,
                       double radius, const int64_t *offsets, size_t total, int sort, int32_t *idx, double *dist) {
  if (!nb_valid_search(metric, p, nq, n, d, q, x) || !nb_valid_radius(radius) ||
      !nb_valid_offsets(nq, offsets, total, idx, dist))
    return TRUENO_EINVAL;
  brute_job j = {.mode = SEARCH_FILL, .metric = metric, .p = p, .nq = nq, .n = n, .d = d, .q = q, .x = x,
                 .rrad = nb_dist_to_rdist(metric, p, radius), .offsets = offsets, .sort = sort, .idx = idx,
                 .dist = dist};
  return run_brute(&j);
}
