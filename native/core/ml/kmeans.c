/*
 * k-means kernels: one Lloyd iteration, one Elkan iteration and one greedy k-means++ step.
 *
 * Nearest centers come from ||c||^2 - 2 x.c (scikit-learn's choice, first center on ties), with the dot products
 * from the active ISA's matvec kernel (k centers x d features per point, FMA-vectorized); the inertia and Elkan's
 * bounds use direct distances, which do not cancel. Per-cluster sums and counts (and the inertia) accumulate in
 * float64 per group of rows; groups are a function of (n, k, d) only and fold in group order, so the bits never
 * depend on the thread count.
 */
#include "trueno.h"
#include "runtime/kernels.h"
#include "runtime/threadpool.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Rows per group at least; groups are the unit of parallel work and of partial sums. */
#define GROUP_MIN_ROWS 256
/* All groups' partial sums together stay under this many doubles (16 MiB); past it groups grow instead. */
#define PARTIALS_MAX_DOUBLES ((size_t)1 << 21)

static int valid_float(int dtype) { return dtype == TRUENO_F32 || dtype == TRUENO_F64; }

static double at(int dtype, const void *x, size_t i) {
  return dtype == TRUENO_F32 ? (double)((const float *)x)[i] : ((const double *)x)[i];
}

static const void *row_ptr(int dtype, const void *x, size_t i, size_t d) {
  return dtype == TRUENO_F32 ? (const void *)((const float *)x + i * d) : (const void *)((const double *)x + i * d);
}

/* ||a - b||^2 of two rows in float64, four independent accumulators folded in a fixed order. */
static inline double sqdist(int dtype, const void *a, const void *b, size_t d) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  size_t j = 0;
  if (dtype == TRUENO_F32) {
    const float *p = a, *q = b;
    for (; j + 4 <= d; j += 4) {
      const double t0 = (double)p[j] - q[j], t1 = (double)p[j + 1] - q[j + 1];
      const double t2 = (double)p[j + 2] - q[j + 2], t3 = (double)p[j + 3] - q[j + 3];
      s0 += t0 * t0, s1 += t1 * t1, s2 += t2 * t2, s3 += t3 * t3;
    }
    for (; j < d; j++) s0 += ((double)p[j] - q[j]) * ((double)p[j] - q[j]);
  } else {
    const double *p = a, *q = b;
    for (; j + 4 <= d; j += 4) {
      const double t0 = p[j] - q[j], t1 = p[j + 1] - q[j + 1], t2 = p[j + 2] - q[j + 2], t3 = p[j + 3] - q[j + 3];
      s0 += t0 * t0, s1 += t1 * t1, s2 += t2 * t2, s3 += t3 * t3;
    }
    for (; j < d; j++) s0 += (p[j] - q[j]) * (p[j] - q[j]);
  }
  return (s0 + s1) + (s2 + s3);
}

/* dots[j] = c_j . x for the k rows of c, by the active ISA's matvec kernel, widened to float64. */
static inline void dots_with(const trueno_matrix_kernels *mk, int dtype, const void *c, size_t k, size_t d, const void *x,
                      double *dots) {
  if (dtype == TRUENO_F32) {
    float *f = (float *)dots; /* k floats fit in the first half of the k doubles; widen from the back */
    mk->matvec_rows_f32(c, d, k, d, x, f);
    for (size_t j = k; j-- > 0;) dots[j] = (double)f[j];
  } else {
    mk->matvec_rows_f64(c, d, k, d, x, dots);
  }
}

/* ||c_j||^2 for the k rows of c (float64). */
static void row_norms(int dtype, const void *c, size_t k, size_t d, double *norms) {
  for (size_t j = 0; j < k; j++) {
    double s = 0;
    for (size_t p = 0; p < d; p++) {
      const double v = at(dtype, c, j * d + p);
      s += v * v;
    }
    norms[j] = s;
  }
}

/* Adds w * x to the cluster sums and w to its count. */
static inline void accumulate(int dtype, const void *x, size_t d, double w, double *sums, double *count) {
  if (dtype == TRUENO_F32) {
    const float *p = x;
    for (size_t j = 0; j < d; j++) sums[j] += w * p[j];
  } else {
    const double *p = x;
    for (size_t j = 0; j < d; j++) sums[j] += w * p[j];
  }
  *count += w;
}

/* ---- groups of rows and their partial results ------------------------------------------------------------------ */

/* Each group's slot: k*d sums, k counts, 1 inertia, then k doubles of scratch. */
typedef struct {
  size_t ngroups, rows_per_group, stride;
  double *slots;
} partials;

static size_t slot_results(size_t k, size_t d) { return k * d + k + 1; }

static int partials_alloc(partials *p, size_t n, size_t k, size_t d) {
  if (k > (SIZE_MAX / sizeof(double) - 2) / (d + 2)) return TRUENO_ENOMEM;
  p->stride = slot_results(k, d) + k;
  size_t groups = n / GROUP_MIN_ROWS + (n % GROUP_MIN_ROWS != 0);
  size_t cap = PARTIALS_MAX_DOUBLES / p->stride;
  if (cap < 1) cap = 1;
  if (groups > cap) groups = cap;
  if (groups < 1) groups = 1;
  p->ngroups = groups;
  p->rows_per_group = n / groups + (n % groups != 0);
  if (p->ngroups > SIZE_MAX / sizeof(double) / p->stride) return TRUENO_ENOMEM;
  p->slots = calloc(p->ngroups * p->stride, sizeof(double));
  return p->slots ? TRUENO_OK : TRUENO_ENOMEM;
}

/* Folds the groups' sums, counts and inertia in group order into the outputs, then frees the slots. */
static void partials_fold(partials *p, size_t k, size_t d, double *sums, double *counts, double *inertia) {
  const size_t kd = k * d;
  memset(sums, 0, kd * sizeof(double));
  memset(counts, 0, k * sizeof(double));
  double total = 0;
  for (size_t g = 0; g < p->ngroups; g++) {
    const double *s = p->slots + g * p->stride;
    for (size_t i = 0; i < kd; i++) sums[i] += s[i];
    for (size_t j = 0; j < k; j++) counts[j] += s[kd + j];
    total += s[kd + k];
  }
  *inertia = total;
  free(p->slots);
  p->slots = NULL;
}

/* ---- Lloyd ----------------------------------------------------------------------------------------------------- */

typedef struct {
  const trueno_matrix_kernels *mk;
  int dtype;
  size_t n, d, k;
  const void *x, *centers;
  const double *weights, *cnorms;
  int32_t *labels;
  partials *p;
} lloyd_job;

/* The rows of one group; dtype is a constant at each call site, so the compiler specializes the loop per dtype. */
static inline void lloyd_rows(const lloyd_job *j, int dtype, size_t begin, size_t end, double *slot) {
  const size_t d = j->d, k = j->k, kd = k * d;
  double *dots = slot + slot_results(k, d);
  for (size_t i = begin; i < end; i++) {
    const void *xi = row_ptr(dtype, j->x, i, d);
    dots_with(j->mk, dtype, j->centers, k, d, xi, dots);
    size_t best = 0;
    double best_score = j->cnorms[0] - 2 * dots[0];
    for (size_t c = 1; c < k; c++) {
      const double score = j->cnorms[c] - 2 * dots[c];
      if (score < best_score) best_score = score, best = c;
    }
    const double w = j->weights ? j->weights[i] : 1.0;
    j->labels[i] = (int32_t)best;
    accumulate(dtype, xi, d, w, slot + best * d, slot + kd + best);
    slot[kd + k] += w * sqdist(dtype, xi, row_ptr(dtype, j->centers, best, d), d);
  }
}

static void lloyd_groups(void *ctx, size_t g0, size_t g1) {
  const lloyd_job *j = ctx;
  for (size_t g = g0; g < g1; g++) {
    double *slot = j->p->slots + g * j->p->stride;
    const size_t begin = g * j->p->rows_per_group;
    const size_t end = begin + j->p->rows_per_group < j->n ? begin + j->p->rows_per_group : j->n;
    if (j->dtype == TRUENO_F32) lloyd_rows(j, TRUENO_F32, begin, end, slot);
    else lloyd_rows(j, TRUENO_F64, begin, end, slot);
  }
}

static int check_shapes(int dtype, size_t n, size_t d, size_t k, const void *x, const void *centers) {
  if (!valid_float(dtype) || k == 0 || d == 0 || k > INT32_MAX || !centers || (n > 0 && !x)) return TRUENO_EINVAL;
  if (n > SIZE_MAX / d || k > SIZE_MAX / d) return TRUENO_EINVAL;
  return TRUENO_OK;
}

int trueno_kmeans_lloyd(int dtype, size_t n, size_t d, size_t k, const void *x, const double *weights,
                        const void *centers, int32_t *labels, double *sums, double *counts, double *inertia) {
  if (check_shapes(dtype, n, d, k, x, centers) != TRUENO_OK || !sums || !counts || !inertia || (n > 0 && !labels))
    return TRUENO_EINVAL;
  partials p;
  int rc = partials_alloc(&p, n, k, d);
  if (rc != TRUENO_OK) return rc;
  double *cnorms = malloc(k * sizeof(double));
  if (!cnorms) {
    free(p.slots);
    return TRUENO_ENOMEM;
  }
  row_norms(dtype, centers, k, d, cnorms);
  lloyd_job job = {&trueno_k()->mat, dtype, n, d, k, x, centers, weights, cnorms, labels, &p};
  trueno_parallel_for(p.ngroups, 1, 1, lloyd_groups, &job);
  partials_fold(&p, k, d, sums, counts, inertia);
  free(cnorms);
  return TRUENO_OK;
}

/* ---- Elkan ----------------------------------------------------------------------------------------------------- */

typedef struct {
  int dtype, init;
  size_t n, d, k;
  const void *x, *centers;
  const double *weights, *shifts;
  const double *half; /* k x k: half the distance between centers */
  const double *next; /* k: half the distance from each center to its nearest other center */
  int32_t *labels;
  double *upper, *lower;
  partials *p;
} elkan_job;

static double dist_to(const elkan_job *j, const void *xi, size_t c) {
  return sqrt(sqdist(j->dtype, xi, row_ptr(j->dtype, j->centers, c, j->d), j->d));
}

/* Bounds from scratch (scikit-learn's init_bounds): a center is skipped when the triangle inequality rules it out. */
static size_t elkan_init_point(const elkan_job *j, const void *xi, double *lower, double *upper) {
  size_t best = 0;
  double u = dist_to(j, xi, 0);
  for (size_t c = 0; c < j->k; c++) lower[c] = 0;
  lower[0] = u;
  for (size_t c = 1; c < j->k; c++) {
    if (u > j->half[best * j->k + c]) {
      const double dc = dist_to(j, xi, c);
      lower[c] = dc;
      if (dc < u) u = dc, best = c;
    }
  }
  *upper = u;
  return best;
}

/* One point of an Elkan iteration (scikit-learn's elkan_iter): bounds loosened by the shifts, then tightened. */
static size_t elkan_update_point(const elkan_job *j, const void *xi, size_t label, double *lower, double *upper) {
  const size_t k = j->k;
  double u = *upper + j->shifts[label];
  for (size_t c = 0; c < k; c++) {
    const double l = lower[c] - j->shifts[c];
    lower[c] = l > 0 ? l : 0;
  }
  if (j->next[label] < u) {
    int tight = 0;
    for (size_t c = 0; c < k; c++) {
      if (c == label || !(u > lower[c]) || !(u > j->half[label * k + c])) continue;
      if (!tight) {
        u = dist_to(j, xi, label);
        lower[label] = u;
        tight = 1;
        if (!(u > lower[c] || u > j->half[label * k + c])) continue;
      }
      const double dc = dist_to(j, xi, c);
      lower[c] = dc;
      if (dc < u) u = dc, label = c;
    }
  }
  *upper = u;
  return label;
}

static void elkan_groups(void *ctx, size_t g0, size_t g1) {
  const elkan_job *j = ctx;
  const size_t d = j->d, k = j->k, kd = k * d;
  for (size_t g = g0; g < g1; g++) {
    double *slot = j->p->slots + g * j->p->stride;
    const size_t begin = g * j->p->rows_per_group;
    const size_t end = begin + j->p->rows_per_group < j->n ? begin + j->p->rows_per_group : j->n;
    for (size_t i = begin; i < end; i++) {
      const void *xi = row_ptr(j->dtype, j->x, i, d);
      double *lower = j->lower + i * k;
      const size_t label = j->init ? elkan_init_point(j, xi, lower, j->upper + i)
                                   : elkan_update_point(j, xi, (size_t)j->labels[i], lower, j->upper + i);
      const double w = j->weights ? j->weights[i] : 1.0;
      j->labels[i] = (int32_t)label;
      accumulate(j->dtype, xi, d, w, slot + label * d, slot + kd + label);
      slot[kd + k] += w * sqdist(j->dtype, xi, row_ptr(j->dtype, j->centers, label, d), d);
    }
  }
}

/* half[a*k + b] = ||c_a - c_b|| / 2; next[a] = min over b != a of half[a*k + b] (+Inf when k == 1). */
static void center_half_distances(int dtype, const void *centers, size_t k, size_t d, double *half, double *next) {
  for (size_t a = 0; a < k; a++) {
    half[a * k + a] = 0;
    for (size_t b = 0; b < a; b++) {
      const double h = sqrt(sqdist(dtype, row_ptr(dtype, centers, a, d), row_ptr(dtype, centers, b, d), d)) / 2;
      half[a * k + b] = h;
      half[b * k + a] = h;
    }
  }
  for (size_t a = 0; a < k; a++) {
    double m = INFINITY;
    for (size_t b = 0; b < k; b++)
      if (b != a && half[a * k + b] < m) m = half[a * k + b];
    next[a] = m;
  }
}

int trueno_kmeans_elkan(int dtype, size_t n, size_t d, size_t k, const void *x, const double *weights,
                        const void *centers, const double *shifts, int init, int32_t *labels, double *upper,
                        double *lower, double *sums, double *counts, double *inertia) {
  if (check_shapes(dtype, n, d, k, x, centers) != TRUENO_OK || !sums || !counts || !inertia) return TRUENO_EINVAL;
  if (n > 0 && (!labels || !upper || !lower || (!init && !shifts))) return TRUENO_EINVAL;
  if (n > SIZE_MAX / sizeof(double) / k || k > SIZE_MAX / sizeof(double) / (k + 1)) return TRUENO_EINVAL;
  /* the state of a previous call must be in range before anything is written */
  for (size_t i = 0; !init && i < n; i++)
    if (labels[i] < 0 || (size_t)labels[i] >= k) return TRUENO_EINVAL;
  for (size_t c = 0; !init && c < k; c++)
    if (!(shifts[c] >= 0)) return TRUENO_EINVAL;
  partials p;
  int rc = partials_alloc(&p, n, k, d);
  if (rc != TRUENO_OK) return rc;
  double *half = malloc(k * (k + 1) * sizeof(double));
  if (!half) {
    free(p.slots);
    return TRUENO_ENOMEM;
  }
  double *next = half + k * k;
  center_half_distances(dtype, centers, k, d, half, next);
  elkan_job job = {dtype, init, n, d, k, x, centers, weights, shifts, half, next, labels, upper, lower, &p};
  trueno_parallel_for(p.ngroups, 1, 1, elkan_groups, &job);
  partials_fold(&p, k, d, sums, counts, inertia);
  free(half);
  return TRUENO_OK;
}

/* ---- greedy k-means++ step ------------------------------------------------------------------------------------- */

typedef struct {
  const trueno_matrix_kernels *mk;
  int dtype;
  size_t n, d, t;
  const void *x, *cands; /* t x d candidate rows, gathered */
  const double *weights, *closest, *cnorms;
  size_t ngroups, rows_per_group;
  double *pots;  /* per group: t partial potentials, then t doubles of scratch */
  double *dists; /* n x t: squared distance of each row to each candidate */
} pp_job;

static void pp_groups(void *ctx, size_t g0, size_t g1) {
  const pp_job *j = ctx;
  const size_t t = j->t;
  for (size_t g = g0; g < g1; g++) {
    double *pot = j->pots + g * 2 * t, *dots = pot + t;
    for (size_t c = 0; c < t; c++) pot[c] = 0;
    const size_t begin = g * j->rows_per_group;
    const size_t end = begin + j->rows_per_group < j->n ? begin + j->rows_per_group : j->n;
    for (size_t i = begin; i < end; i++) {
      const void *xi = row_ptr(j->dtype, j->x, i, j->d);
      double xn;
      dots_with(j->mk, j->dtype, xi, 1, j->d, xi, &xn);
      dots_with(j->mk, j->dtype, j->cands, t, j->d, xi, dots);
      const double w = j->weights ? j->weights[i] : 1.0;
      for (size_t c = 0; c < t; c++) {
        double dist = xn + j->cnorms[c] - 2 * dots[c];
        if (dist < 0) dist = 0;
        j->dists[i * t + c] = dist;
        pot[c] += w * (dist < j->closest[i] ? dist : j->closest[i]);
      }
    }
  }
}

int trueno_kmeans_pp_step(int dtype, size_t n, size_t d, const void *x, const double *weights,
                          const int32_t *candidates, size_t t, double *closest, double *pots, int64_t *best) {
  if (!valid_float(dtype) || n == 0 || d == 0 || t == 0 || !x || !candidates || !closest || !pots || !best)
    return TRUENO_EINVAL;
  if (n > SIZE_MAX / d || t > SIZE_MAX / sizeof(double) / (d + 2) || n > SIZE_MAX / sizeof(double) / t)
    return TRUENO_EINVAL;
  for (size_t c = 0; c < t; c++)
    if (candidates[c] < 0 || (size_t)candidates[c] >= n) return TRUENO_EINVAL;
  const size_t es = dtype == TRUENO_F32 ? sizeof(float) : sizeof(double);
  size_t groups = n / GROUP_MIN_ROWS + (n % GROUP_MIN_ROWS != 0);
  const size_t cap = PARTIALS_MAX_DOUBLES / (2 * t) > 0 ? PARTIALS_MAX_DOUBLES / (2 * t) : 1;
  if (groups > cap) groups = cap;
  double *scratch = malloc((groups * 2 * t + t) * sizeof(double));
  double *dists = malloc(n * t * sizeof(double));
  void *cands = malloc(t * d * es);
  if (!scratch || !dists || !cands) {
    free(scratch);
    free(dists);
    free(cands);
    return TRUENO_ENOMEM;
  }
  double *cnorms = scratch + groups * 2 * t;
  const trueno_matrix_kernels *mk = &trueno_k()->mat;
  for (size_t c = 0; c < t; c++) {
    void *row = (char *)cands + c * d * es;
    memcpy(row, row_ptr(dtype, x, (size_t)candidates[c], d), d * es);
    dots_with(mk, dtype, row, 1, d, row, cnorms + c);
  }
  pp_job job = {mk, dtype, n, d, t, x, cands, weights, closest, cnorms, groups, n / groups + (n % groups != 0),
                scratch, dists};
  trueno_parallel_for(groups, 1, 1, pp_groups, &job);
  for (size_t c = 0; c < t; c++) {
    double s = 0;
    for (size_t g = 0; g < groups; g++) s += scratch[g * 2 * t + c];
    pots[c] = s;
  }
  size_t b = 0;
  for (size_t c = 1; c < t; c++)
    if (pots[c] < pots[b]) b = c;
  for (size_t i = 0; i < n; i++)
    if (dists[i * t + b] < closest[i]) closest[i] = dists[i * t + b];
  *best = (int64_t)b;
  free(scratch);
  free(dists);
  free(cands);
  return TRUENO_OK;
}
