/*
 * Hierarchical (agglomerative) clustering, following the algorithms scikit-learn runs, so that trees and their ties
 * come out the same:
 * - single: Prim's minimum spanning tree with distances computed on the fly (O(n) memory, scikit-learn's
 *   mst_linkage_core), edges stably sorted by weight and labelled with a union-find (_single_linkage_label);
 * - complete, average, ward: the nearest-neighbour chain over a condensed distance matrix with Lance-Williams updates
 *   (scipy's nn_chain, which scikit-learn calls), merges stably sorted by distance and relabelled (scipy's label).
 * The condensed matrix (n(n-1)/2 doubles) fills in parallel, one independent entry at a time; the chain is serial.
 */
#include "trueno.h"
#include "runtime/threadpool.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int dtype, metric;
  size_t n, d;
  const void *x;
} points;

static double coord(const points *p, size_t i, size_t j) {
  return p->dtype == TRUENO_F32 ? (double)((const float *)p->x)[i * p->d + j] : ((const double *)p->x)[i * p->d + j];
}

/* The metric between two rows, summed over the features in order (as scipy's pdist and scikit-learn's metrics). */
#define DEFINE_ROW_DISTANCE(name, T)                                                                               \
  static double name(int metric, const T *u, const T *v, size_t d) {                                              \
    double s = 0, nu = 0, nv = 0;                                                                                 \
    if (metric == TRUENO_LINKAGE_METRIC_EUCLIDEAN) {                                                                      \
      for (size_t j = 0; j < d; j++) s += ((double)u[j] - v[j]) * ((double)u[j] - v[j]);                          \
      return sqrt(s);                                                                                             \
    }                                                                                                             \
    if (metric == TRUENO_LINKAGE_METRIC_MANHATTAN) {                                                                      \
      for (size_t j = 0; j < d; j++) s += fabs((double)u[j] - v[j]);                                              \
      return s;                                                                                                   \
    }                                                                                                             \
    for (size_t j = 0; j < d; j++) s += (double)u[j] * v[j], nu += (double)u[j] * u[j], nv += (double)v[j] * v[j]; \
    /* cosine distance of a zero vector: scipy gives NaN; 1 keeps the tree defined (scikit-learn refuses it first) */ \
    return nu == 0 || nv == 0 ? 1.0 : 1.0 - s / (sqrt(nu) * sqrt(nv));                                           \
  }
DEFINE_ROW_DISTANCE(row_distance_f64, double)
DEFINE_ROW_DISTANCE(row_distance_f32, float)

/* The distance between points a and b under the metric (precomputed: the entry of the upper triangle). */
static double distance(const points *p, size_t a, size_t b) {
  if (p->metric == TRUENO_LINKAGE_METRIC_PRECOMPUTED) return a < b ? coord(p, a, b) : coord(p, b, a);
  if (p->dtype == TRUENO_F32)
    return row_distance_f32(p->metric, (const float *)p->x + a * p->d, (const float *)p->x + b * p->d, p->d);
  return row_distance_f64(p->metric, (const double *)p->x + a * p->d, (const double *)p->x + b * p->d, p->d);
}

/* Position of the pair a < b in the condensed upper triangle. */
static size_t condensed(size_t n, size_t a, size_t b) {
  if (a > b) {
    const size_t t = a;
    a = b, b = t;
  }
  return n * a - a * (a + 1) / 2 + (b - a - 1);
}

typedef struct {
  const points *p;
  double *dist;
} fill_job;

/* Item r fills rows r and n-2-r of the triangle, so that every item holds about the same number of entries. */
static void fill_rows(void *ctx, size_t begin, size_t end) {
  const fill_job *f = ctx;
  const size_t n = f->p->n;
  for (size_t r = begin; r < end; r++) {
    const size_t rows[2] = {r, n - 2 - r};
    for (int k = 0; k < (rows[0] == rows[1] ? 1 : 2); k++) {
      const size_t a = rows[k];
      double *out = f->dist + condensed(n, a, a + 1);
      for (size_t b = a + 1; b < n; b++) out[b - a - 1] = distance(f->p, a, b);
    }
  }
}

/* ---- union-find labelling (scipy's LinkageUnionFind / scikit-learn's UnionFind) ------------------------------- */

static size_t find_root(size_t *parent, size_t x) {
  size_t root = x;
  while (parent[root] != root) root = parent[root];
  while (parent[x] != root) {
    const size_t next = parent[x];
    parent[x] = root;
    x = next;
  }
  return root;
}

/* Z rows (a, b, dist, size) with a, b original points or earlier rows: a, b become cluster ids, size the size. */
static int label_merges(double *z, size_t n, int sort_pair) {
  size_t *parent = malloc((2 * n - 1) * sizeof(size_t));
  double *size = malloc((2 * n - 1) * sizeof(double));
  if (!parent || !size) {
    free(parent);
    free(size);
    return TRUENO_ENOMEM;
  }
  for (size_t i = 0; i < 2 * n - 1; i++) parent[i] = i, size[i] = 1;
  for (size_t i = 0; i + 1 < n; i++) {
    size_t ra = find_root(parent, (size_t)z[i * 4]), rb = find_root(parent, (size_t)z[i * 4 + 1]);
    if (sort_pair && ra > rb) {
      const size_t t = ra;
      ra = rb, rb = t;
    }
    const size_t next = n + i;
    parent[ra] = next, parent[rb] = next;
    size[next] = size[ra] + size[rb];
    z[i * 4] = (double)ra, z[i * 4 + 1] = (double)rb, z[i * 4 + 3] = size[next];
  }
  free(parent);
  free(size);
  return TRUENO_OK;
}

/* Stable sort of the n-1 rows of Z by distance (numpy's mergesort), NaN last. */
static int sort_merges(double *z, size_t rows) {
  double *tmp = malloc(rows * 4 * sizeof(double));
  if (!tmp) return TRUENO_ENOMEM;
  for (size_t width = 1; width < rows; width *= 2) {
    for (size_t lo = 0; lo < rows; lo += 2 * width) {
      const size_t mid = lo + width < rows ? lo + width : rows, hi = lo + 2 * width < rows ? lo + 2 * width : rows;
      size_t a = lo, b = mid, o = lo;
      while (a < mid || b < hi) {
        const int take_b = a >= mid || (b < hi && (z[b * 4 + 2] < z[a * 4 + 2] || (isnan(z[a * 4 + 2]) && !isnan(z[b * 4 + 2]))));
        memcpy(tmp + o++ * 4, z + (take_b ? b++ : a++) * 4, 4 * sizeof(double));
      }
    }
    memcpy(z, tmp, rows * 4 * sizeof(double));
  }
  free(tmp);
  return TRUENO_OK;
}

/* ---- single linkage: Prim's minimum spanning tree ------------------------------------------------------------- */

static int single_linkage(const points *p, double *z) {
  const size_t n = p->n;
  double *best = malloc(n * sizeof(double));
  unsigned char *in_tree = calloc(n, 1);
  if (!best || !in_tree) {
    free(best);
    free(in_tree);
    return TRUENO_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) best[i] = INFINITY;
  size_t current = 0;
  for (size_t e = 0; e + 1 < n; e++) {
    in_tree[current] = 1;
    double next_dist = INFINITY;
    size_t next = SIZE_MAX;
    for (size_t j = 0; j < n; j++) {
      if (in_tree[j]) continue;
      const double dj = distance(p, current, j);
      if (dj < best[j]) best[j] = dj;
      if (best[j] < next_dist || next == SIZE_MAX) next_dist = best[j], next = j;
    }
    z[e * 4] = (double)current, z[e * 4 + 1] = (double)next, z[e * 4 + 2] = next_dist, z[e * 4 + 3] = 0;
    current = next;
  }
  free(best);
  free(in_tree);
  return TRUENO_OK;
}

/* ---- complete, average, ward: nearest-neighbour chain ---------------------------------------------------------- */

/* The Lance-Williams update of the distance from cluster i to the merge of x and y (scipy's _complete/_average/_ward). */
static double merged_distance(int method, double dxi, double dyi, double dxy, double nx, double ny, double ni) {
  switch (method) {
  case TRUENO_LINKAGE_COMPLETE: return dxi > dyi ? dxi : dyi;
  case TRUENO_LINKAGE_AVERAGE: return (nx * dxi + ny * dyi) / (nx + ny);
  default: {
    const double t = 1.0 / (nx + ny + ni);
    return sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy);
  }
  }
}

#define PAIR(a, b) ((a) < (b) ? row[a] + (b) : row[b] + (a))

static int nn_chain(const points *p, int method, double *z) {
  const size_t n = p->n;
  const size_t pairs = n * (n - 1) / 2;
  double *dist = malloc(pairs * sizeof(double));
  size_t *size = malloc(n * sizeof(size_t)), *chain = malloc(n * sizeof(size_t)), *row = malloc(n * sizeof(size_t));
  if (!dist || !size || !chain || !row) {
    free(dist);
    free(size);
    free(chain);
    free(row);
    return TRUENO_ENOMEM;
  }
  /* pair (a, b), a < b, sits at row[a] + b: one load instead of condensed()'s multiply in the O(n^2) scans */
  for (size_t a = 0; a < n; a++) row[a] = condensed(n, a, a + 1) - (a + 1);
  fill_job fill = {p, dist};
  trueno_parallel_for(n / 2, 16, 1, fill_rows, &fill);
  for (size_t i = 0; i < n; i++) size[i] = 1;
  size_t len = 0;
  for (size_t k = 0; k + 1 < n; k++) {
    if (len == 0) {
      for (size_t i = 0; i < n; i++)
        if (size[i] > 0) {
          chain[len++] = i;
          break;
        }
    }
    size_t x, y = 0;
    double current;
    for (;;) {
      x = chain[len - 1];
      /* prefer the previous element of the chain as the minimum, so the chain never cycles */
      if (len > 1) {
        y = chain[len - 2];
        current = dist[PAIR(x, y)];
      } else {
        current = INFINITY;
      }
      for (size_t i = 0; i < n; i++) {
        if (size[i] == 0 || i == x) continue;
        const double di = dist[PAIR(x, i)];
        if (di < current) current = di, y = i;
      }
      if (len > 1 && y == chain[len - 2]) break;
      chain[len++] = y;
    }
    len -= 2;
    if (x > y) {
      const size_t t = x;
      x = y, y = t;
    }
    const double nx = (double)size[x], ny = (double)size[y];
    z[k * 4] = (double)x, z[k * 4 + 1] = (double)y, z[k * 4 + 2] = current, z[k * 4 + 3] = nx + ny;
    size[x] = 0;
    size[y] = size[y] + (size_t)nx;
    for (size_t i = 0; i < n; i++) {
      if (size[i] == 0 || i == y) continue;
      double *dyi = dist + PAIR(i, y);
      *dyi = merged_distance(method, dist[PAIR(i, x)], *dyi, current, nx, ny, (double)size[i]);
    }
  }
  free(dist);
  free(size);
  free(chain);
  free(row);
  return TRUENO_OK;
}

int trueno_linkage(int dtype, size_t n, size_t d, const void *x, int metric, int method, double *out) {
  if ((dtype != TRUENO_F32 && dtype != TRUENO_F64) || n < 2 || !x || !out) return TRUENO_EINVAL;
  if (metric < 0 || metric >= TRUENO_LINKAGE_METRIC_COUNT || method < 0 || method >= TRUENO_LINKAGE_COUNT) return TRUENO_EINVAL;
  if (method == TRUENO_LINKAGE_WARD && metric != TRUENO_LINKAGE_METRIC_EUCLIDEAN) return TRUENO_EINVAL;
  if (metric == TRUENO_LINKAGE_METRIC_PRECOMPUTED ? d != n : d == 0) return TRUENO_EINVAL;
  if (n > SIZE_MAX / d || n > (SIZE_MAX / sizeof(double)) / n) return TRUENO_EINVAL;
  const points p = {dtype, metric, n, d, x};
  double *z = malloc((n - 1) * 4 * sizeof(double));
  if (!z) return TRUENO_ENOMEM;
  int rc = method == TRUENO_LINKAGE_SINGLE ? single_linkage(&p, z) : nn_chain(&p, method, z);
  if (rc == TRUENO_OK) rc = sort_merges(z, n - 1);
  if (rc == TRUENO_OK) rc = label_merges(z, n, method != TRUENO_LINKAGE_SINGLE);
  if (rc == TRUENO_OK) memcpy(out, z, (n - 1) * 4 * sizeof(double));
  free(z);
  return rc;
}
