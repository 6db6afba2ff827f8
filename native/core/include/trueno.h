/*
 * trueno: the public C11 API of the compute core.
 *
 * Plain C, no N-API: the Node addon (native/addon), the WASM module (native/wasm) and the C unit tests all call
 * exactly these functions. Arrays are contiguous and row-major. Every function returns a trueno_status; callers
 * validate shapes before the call, but a bad argument still yields TRUENO_EINVAL rather than a crash.
 */
#ifndef TRUENO_H
#define TRUENO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TRUENO_VERSION "0.1.0"

/* What every function returns (trueno_ops.def). */
typedef enum {
#define TRUENO_STATUS(NAME, value, ERROR_CODE, message) TRUENO_##NAME = (value),
#include "trueno_ops.def"
} trueno_status;

/* Element types (codes from trueno_ops.def). BOOL is stored as one byte holding 0 or 1. */
typedef enum {
#define TRUENO_DTYPE(NAME, name, ctype, kind) TRUENO_##NAME,
#include "trueno_ops.def"
  TRUENO_DTYPE_COUNT
} trueno_dtype;

/* Instruction-set levels, ordered so that a higher number is never usable where a lower one is not (per arch). */
typedef enum {
#define TRUENO_ISA(NAME, name, value) TRUENO_ISA_##NAME = (value),
#include "trueno_ops.def"
} trueno_isa;

typedef enum {
#define TRUENO_BINARY_OP(NAME, name, dtypes) TRUENO_##NAME,
#include "trueno_ops.def"
  TRUENO_BINARY_OP_COUNT
} trueno_binary_op;

typedef enum {
#define TRUENO_UNARY_OP(NAME, name, cost) TRUENO_##NAME,
#include "trueno_ops.def"
  TRUENO_UNARY_OP_COUNT
} trueno_unary_op;

typedef enum {
#define TRUENO_REDUCE_OP(NAME, name, result, dtypes) TRUENO_##NAME,
#include "trueno_ops.def"
  TRUENO_REDUCE_OP_COUNT
} trueno_reduce_op;

/* Setting codes callers pass as numbers (metrics, losses, parameter slots, ...; trueno_ops.def says what each means). */
enum {
#define TRUENO_CODE(Group, PREFIX, NAME, value) TRUENO_##PREFIX##_##NAME = (value),
#define TRUENO_CODE_COUNT(Group, COUNT_NAME) TRUENO_##COUNT_NAME,
#include "trueno_ops.def"
  TRUENO_CODE_END_
};

/* Per-op properties from trueno_ops.def, for range checks and dispatch without op numbers spelled out. */
#define TRUENO_ANY 1
#define TRUENO_FLOAT_ONLY 0
#define TRUENO_STREAM 1
#define TRUENO_COMPUTE 0
#define TRUENO_INDEX 1
#define TRUENO_VALUE 0

/* Element size in bytes of a dtype (0 for an unknown code). */
static inline size_t trueno_dtype_size(int dtype) {
  switch (dtype) {
#define TRUENO_DTYPE(NAME, name, ctype, kind) case TRUENO_##NAME: return sizeof(ctype);
#include "trueno_ops.def"
  default: return 0;
  }
}
/* Whether dtype is float32 or float64. */
static inline int trueno_is_float(int dtype) { return dtype == TRUENO_F32 || dtype == TRUENO_F64; }
/* Whether a binary op runs on integer dtypes (ADD/SUB/MUL wrap modulo 2^bits; DIV is float-only). */
static inline int trueno_binary_takes_ints(int op) {
  switch (op) {
#define TRUENO_BINARY_OP(NAME, name, dtypes) case TRUENO_##NAME: return TRUENO_##dtypes;
#include "trueno_ops.def"
  default: return 0;
  }
}
/* Whether a unary op is memory-bound (cheap per element) rather than compute-bound. */
static inline int trueno_unary_streams(int op) {
  switch (op) {
#define TRUENO_UNARY_OP(NAME, name, cost) case TRUENO_##NAME: return TRUENO_##cost;
#include "trueno_ops.def"
  default: return 0;
  }
}
/* Whether a reduce op's result is an index (argmin/argmax) rather than a value. */
static inline int trueno_reduce_gives_index(int op) {
  switch (op) {
#define TRUENO_REDUCE_OP(NAME, name, result, dtypes) case TRUENO_##NAME: return TRUENO_##result;
#include "trueno_ops.def"
  default: return 0;
  }
}
/* Whether a reduce op runs on integer and bool dtypes (sum, min, max, argmin, argmax). */
static inline int trueno_reduce_takes_ints(int op) {
  switch (op) {
#define TRUENO_REDUCE_OP(NAME, name, result, dtypes) case TRUENO_##NAME: return TRUENO_##dtypes;
#include "trueno_ops.def"
  default: return 0;
  }
}

/* ---- runtime: ISA dispatch and threads ---------------------------------------------------------------------- */

/* The best ISA level this CPU supports (detected once, on first use). */
int trueno_isa_detected(void);
/* The ISA level kernels currently run at. */
int trueno_isa_active(void);
/* Forces a level at or below the detected one (e.g. scalar on an AVX2 machine); EUNSUPPORTED when above it. */
int trueno_set_isa(int isa);
/* "scalar", "simd128", "neon", "avx2", "avx512" or NULL. */
const char *trueno_isa_name(int isa);
/* Threads used for large inputs (1 = run on the calling thread only). */
int trueno_threads(void);
/* Sets the thread count (1..TRUENO_MAX_THREADS); the pool grows lazily. */
int trueno_set_threads(int n);
#define TRUENO_MAX_THREADS 64

/* ---- elementwise --------------------------------------------------------------------------------------------- */
/*
 * Integer dtypes (int32, int64, uint8) take the binary ops marked ANY in trueno_ops.def (add, sub, mul), wrapping
 * modulo 2^bits; their scalar s must be an integer within int64 (it wraps to the dtype). bool arithmetic is EINVAL
 * (callers promote it). fill, copy and cast take every dtype; axpy, unary and clip take float32/float64 only.
 */

/* out[i] = a[i] op b[i] */
int trueno_binary(int dtype, int op, const void *a, const void *b, void *out, size_t n);
/* out[i] = a[i] op s, or s op a[i] when reverse is nonzero */
int trueno_binary_scalar(int dtype, int op, const void *a, double s, void *out, size_t n, int reverse);
/* out[r*cols+c] = a[r*cols+c] op row[c]: the right side repeats over the leading rows */
int trueno_binary_rows(int dtype, int op, const void *a, const void *row, void *out, size_t rows, size_t cols);
/* y[i] += alpha * x[i] */
int trueno_axpy(int dtype, size_t n, double alpha, const void *x, void *y);
/* out[i] = value (integer dtypes: an integer within int64, wrapped to the dtype; bool: value != 0) */
int trueno_fill(int dtype, void *out, size_t n, double value);
/* out[i] = x[i] (non-overlapping) */
int trueno_copy(int dtype, const void *x, void *out, size_t n);
/*
 * out[i] = (to)x[i] between any two dtypes. Floats round to nearest even when narrowing; float -> integer truncates
 * toward zero and saturates (NaN -> 0); integer -> narrower integer wraps; -> bool is x != 0; int64 -> float32 rounds
 * through float64.
 */
int trueno_cast(int from, int to, const void *x, void *out, size_t n);

/* ---- unary --------------------------------------------------------------------------------------------------- */

/* out[i] = f(x[i]); out may equal x (in place) */
int trueno_unary(int dtype, int op, const void *x, void *out, size_t n);
/* out[i] = min(max(x[i], lo), hi); NaN stays NaN */
int trueno_clip(int dtype, const void *x, void *out, size_t n, double lo, double hi);

/* ---- reductions ---------------------------------------------------------------------------------------------- */

/*
 * Whole-array reduction. Value results go to *out (a double even for f32 input); ARGMIN/ARGMAX write the index
 * (first occurrence; a NaN wins, as in numpy) to *index. ddof applies to VAR only: the sum of squared deviations
 * is divided by max(n - ddof, 0), as numpy does (so ddof >= n gives +Inf, or NaN when all deviations are 0). n == 0: EINVAL for
 * MIN/MAX/ARG*, sum/norms give 0, mean/var give NaN. Integer and bool input: SUM/MIN/MAX/ARG* only (the value as a
 * double, exact up to 2^53; trueno_reduce_axis gives exact int64 sums).
 */
int trueno_reduce(int dtype, int op, const void *x, size_t n, size_t ddof, double *out, int64_t *index);
/*
 * Reduction along one axis of an array seen as [outer, len, inner]:
 * out[o*inner + i] = reduce over k of x[(o*len + k)*inner + i].
 * out has the input dtype for value ops and is int32 for ARGMIN/ARGMAX. Integer and bool input: SUM (out int64,
 * wrapping), MIN/MAX (out in the input dtype), ARGMIN/ARGMAX; the other ops are EINVAL.
 */
int trueno_reduce_axis(int dtype, int op, const void *x, size_t outer, size_t len, size_t inner, size_t ddof,
                       void *out);
/* *out = sum a[i]*b[i] */
int trueno_dot(int dtype, const void *a, const void *b, size_t n, double *out);

/*
 * out[v] = the number of i < n with x[i] == v (out int64), or the sum of weights[i] over them (weights non-NULL, out
 * float64), for v < nbins; x is int32, int64, uint8 or bool. EINVAL, with out untouched, when a value is negative or
 * not below nbins (callers size nbins as max(x) + 1, or more).
 */
int trueno_bincount(int dtype, const void *x, size_t n, const double *weights, size_t nbins, void *out);

/* ---- matrix -------------------------------------------------------------------------------------------------- */

/*
 * C = alpha * op(A) @ op(B) + beta * C, op(X) = X or X^T; op(A) is M x K, op(B) is K x N, C is M x N.
 * lda/ldb/ldc are the row strides of A, B, C as stored. beta == 0 ignores C's old contents (NaN included).
 */
int trueno_gemm(int dtype, int trans_a, int trans_b, size_t m, size_t n, size_t k, double alpha, const void *a,
                size_t lda, const void *b, size_t ldb, double beta, void *c, size_t ldc);
/* y = op(A) @ x, A stored rows x cols; op(A) = A^T when trans is nonzero */
int trueno_matvec(int dtype, int trans, size_t rows, size_t cols, const void *a, const void *x, void *y);
/* out (cols x rows) = x^T, x is rows x cols */
int trueno_transpose(int dtype, size_t rows, size_t cols, const void *x, void *out);
/* out (m x n) = a (m) outer b (n) */
int trueno_outer(int dtype, size_t m, size_t n, const void *a, const void *b, void *out);
/* per-row softmax (or log-softmax when log is nonzero) of a rows x cols matrix, numerically stable */
int trueno_softmax_rows(int dtype, size_t rows, size_t cols, const void *x, void *out, int log);
/* out (n x m)[i,j] = ||x_i - y_j||^2 for x (n x d), y (m x d); never negative */
int trueno_pdist2(int dtype, size_t n, size_t m, size_t d, const void *x, const void *y, void *out);

/* ---- machine learning (native/core/ml): neighbours and naive Bayes ------------------------------------------- */
/*
 * These take float64 only (callers convert), arrays contiguous and row-major. Indices are int32, so row counts are
 * at most INT32_MAX. NaN or Infinity in the data gives unspecified (but in-range) neighbours: callers reject them.
 */

/* Distance metrics of the neighbour kernels: TRUENO_METRIC_* in trueno_ops.def. */

/*
 * Brute-force k nearest neighbours: for each row i of q (nq x d), the k rows of x (n x d) nearest by metric, as
 * idx[i*k + r] (int32) and dist[i*k + r], r = 0.. in ascending order of (distance, index): equal distances go to the
 * lower train index. EUCLIDEAN is computed as scikit-learn's brute force does, max(0, ||q||^2 - 2 q.x + ||x||^2) in
 * blocks (a gemm per block, never an nq x n matrix), then the square root; the others directly. EINVAL (outputs
 * untouched): metric unknown, p not finite or < 1 for MINKOWSKI, k == 0, k > n, n > INT32_MAX, NULL arrays.
 */
int trueno_knn_brute(int metric, double p, size_t nq, size_t n, size_t d, const double *q, const double *x, size_t k,
                     int32_t *idx, double *dist);
/*
 * Radius neighbours, first pass: counts[i] = the number of rows of x within distance radius (<=) of row i of q,
 * computed exactly as trueno_radius_fill decides membership. EINVAL as trueno_knn_brute, and for radius < 0 or NaN.
 */
int trueno_radius_count(int metric, double p, size_t nq, size_t n, size_t d, const double *q, const double *x,
                        double radius, int64_t *counts);
/*
 * Radius neighbours, second pass: the neighbours of query i go to idx/dist[offsets[i] .. offsets[i+1]) (offsets, of
 * nq + 1 entries, the running sums of the counts, offsets[nq] == total, the length of idx and dist), in ascending
 * index order, or of (distance, index) when sort is nonzero. EINVAL (outputs untouched) as trueno_radius_count and
 * for offsets that do not start at 0, decrease or end elsewhere than total.
 */
int trueno_radius_fill(int metric, double p, size_t nq, size_t n, size_t d, const double *q, const double *x,
                       double radius, const int64_t *offsets, size_t total, int sort, int32_t *idx, double *dist);

/*
 * KD-tree of scikit-learn's layout, held in one float64 array (so it crosses every boundary as plain data):
 *   [0, n)                      the row order: leaf rows are contiguous in it
 *   [n, n + 3 nodes)            per node: start, end (a range of the row order), is_leaf
 *   [n + 3 nodes, + 2 nodes d)  per node: the lower then the upper corner of its rows' bounding box
 * nodes = 2^levels - 1 with levels = 1 + floor(log2(max(1, (n - 1) / leaf_size))) (trueno_kdtree_nodes). Node i's
 * children are 2i + 1 and 2i + 2; a node splits its rows at the median (n/2, the lower half left) of the feature
 * with the largest spread, ordering rows by (value, row index), as scikit-learn's KDTree does.
 */
static inline size_t trueno_kdtree_nodes(size_t n, size_t leaf_size) {
  size_t levels = 1;
  while (leaf_size > 0 && levels < 8 * sizeof(size_t) - 1 && n > 0 && (n - 1) / leaf_size >= ((size_t)1 << levels))
    levels++;
  return ((size_t)1 << levels) - 1;
}
/* The length of the tree array of n rows of d features (0 when it would overflow). */
static inline size_t trueno_kdtree_length(size_t n, size_t d, size_t leaf_size) {
  const size_t nodes = trueno_kdtree_nodes(n, leaf_size);
  if (d > SIZE_MAX / 4 || nodes > SIZE_MAX / (3 + 2 * d) || n > SIZE_MAX - nodes * (3 + 2 * d)) return 0;
  return n + nodes * (3 + 2 * d);
}
/*
 * Builds the tree of x (n x d) into tree (length trueno_kdtree_length). EINVAL (tree untouched): n == 0,
 * n > INT32_MAX, leaf_size == 0, a length other than trueno_kdtree_length, NULL arrays.
 */
int trueno_kdtree_build(size_t n, size_t d, const double *x, size_t leaf_size, double *tree, size_t length);
/*
 * k nearest neighbours of each row of q (nq x d) among the rows of x the tree was built on: the same result as
 * trueno_knn_brute except that EUCLIDEAN is summed directly (as scikit-learn's KDTree does). EINVAL (outputs
 * untouched) as trueno_knn_brute, and for a tree array that is not a well-formed tree of n rows.
 */
int trueno_kdtree_knn(int metric, double p, size_t nq, size_t n, size_t d, const double *q, const double *x,
                      size_t leaf_size, const double *tree, size_t length, size_t k, int32_t *idx, double *dist);
/* trueno_radius_count over a tree (EINVAL as trueno_kdtree_knn and trueno_radius_count). */
int trueno_kdtree_radius_count(int metric, double p, size_t nq, size_t n, size_t d, const double *q, const double *x,
                               size_t leaf_size, const double *tree, size_t length, double radius, int64_t *counts);
/* trueno_radius_fill over a tree (EINVAL as trueno_kdtree_knn and trueno_radius_fill). */
int trueno_kdtree_radius_fill(int metric, double p, size_t nq, size_t n, size_t d, const double *q, const double *x,
                              size_t leaf_size, const double *tree, size_t length, double radius,
                              const int64_t *offsets, size_t total, int sort, int32_t *idx, double *dist);

/*
 * Per-class moments for Gaussian naive Bayes (and any per-class mean/variance): rows of x (n x d) with label y[i]
 * (int32, in [0, c)) and weight w[i] (w NULL: 1). out (c x (1 + 2d)) holds, for class j at out + j (1 + 2d): the
 * weight sum, the d weighted means, the d weighted biased variances sum(w (x - mean)^2) / sum(w), as numpy.average
 * gives them; 0 for a class of weight 0. Summed in fixed row blocks in order: the same bits for every thread count.
 * EINVAL (out untouched): a label outside [0, c), c == 0, NULL arrays.
 */
int trueno_class_moments(size_t n, size_t d, size_t c, const double *x, const int32_t *y, const double *w,
                         double *out);
/*
 * Gaussian naive Bayes joint log-likelihood: out (n x c)[i, j] = log_prior[j] + (-0.5 sum_f log(2 pi var[j, f])
 * - 0.5 sum_f (x[i, f] - theta[j, f])^2 / var[j, f]), scikit-learn's GaussianNB._joint_log_likelihood, for x
 * (n x d), theta and var (c x d). EINVAL (out untouched): c == 0, NULL arrays.
 */
int trueno_gaussian_nb_jll(size_t n, size_t d, size_t c, const double *x, const double *theta, const double *var,
                           const double *log_prior, double *out);

/* ---- ml: clustering ------------------------------------------------------------------------------------------- */
/*
 * k-means. x is n x d and centers k x d, both of dtype (float32/float64); weights is n float64 sample weights or NULL
 * (all 1). Each call writes labels[i] (int32, the nearest center: the smallest ||c||^2 - 2 x.c, the first on ties),
 * sums (k x d float64: the sum of w_i x_i over each cluster), counts (k float64: the sum of w_i) and *inertia (the sum
 * of w_i ||x_i - c_label||^2, computed directly). Partial sums are kept per fixed group of rows and folded in order:
 * the same bits for every thread count. EINVAL (nothing written): a non-float dtype, k == 0, d == 0, k > INT32_MAX, a
 * NULL array.
 */
int trueno_kmeans_lloyd(int dtype, size_t n, size_t d, size_t k, const void *x, const double *weights,
                        const void *centers, int32_t *labels, double *sums, double *counts, double *inertia);
/*
 * One iteration of Elkan's k-means, with Euclidean bounds carried between calls: upper (n), lower (n x k) and labels
 * (n) are the state. init nonzero computes them from scratch (scikit-learn's init_bounds); otherwise shifts (k, how far
 * each center moved since the previous call) loosen the bounds first, then the triangle inequality with the centers'
 * half distances skips most distances. Writes labels, sums, counts and *inertia as trueno_kmeans_lloyd. EINVAL as
 * trueno_kmeans_lloyd, and (nothing written) for a label outside [0, k) or a negative or NaN shift when init is 0.
 */
int trueno_kmeans_elkan(int dtype, size_t n, size_t d, size_t k, const void *x, const double *weights,
                        const void *centers, const double *shifts, int init, int32_t *labels, double *upper,
                        double *lower, double *sums, double *counts, double *inertia);
/*
 * One step of greedy k-means++: for each of the t candidate rows of x (indices), pots[c] = the sum over i of
 * w_i min(closest_i, ||x_i - x_cand||^2); the candidate with the smallest potential (the first on ties) wins, *best is
 * its position in candidates and closest (n float64, squared distance of each row to its nearest chosen center, +Inf
 * before the first) takes the minimum with its distances. EINVAL (nothing written): n, d or t of 0, a candidate outside
 * [0, n), a NULL array.
 */
int trueno_kmeans_pp_step(int dtype, size_t n, size_t d, const void *x, const double *weights,
                          const int32_t *candidates, size_t t, double *closest, double *pots, int64_t *best);

/* Metrics and methods of trueno_linkage: TRUENO_LINKAGE_METRIC_* and TRUENO_LINKAGE_* in trueno_ops.def. */
/*
 * Agglomerative clustering of the n rows of x (n x d; precomputed: x is n x n distances, d == n, upper triangle
 * read) into out, (n - 1) x 4 float64 as scipy's linkage matrix: row i merges clusters out[4i] and out[4i+1] (ids < n
 * are points, n + j the cluster of row j) at distance out[4i+2] into a cluster of out[4i+3] points, rows in increasing
 * distance (stable). single: Prim's MST on the fly, pairs in scikit-learn's order; complete/average/ward: the
 * nearest-neighbour chain on the condensed matrix (n(n-1)/2 float64; ENOMEM when it cannot be had), pairs sorted.
 * EINVAL (nothing written): n < 2, an unknown metric or method, ward with a metric other than euclidean, d == 0.
 */
int trueno_linkage(int dtype, size_t n, size_t d, const void *x, int metric, int method, double *out);

/* ---- ml: the hot loops of the iterative linear models (aprender) --------------------------------------------- */

/*
 * Elastic-net coordinate descent, scikit-learn's enet_coordinate_descent (sklearn/linear_model/_cd_fast.pyx):
 * minimizes 1/2 ||y - X w||^2 + alpha ||w||_1 + beta/2 ||w||^2 over w (positive: w >= 0) by cyclic (random == 0)
 * or random coordinate updates with residual updates, stopping when the duality gap is <= tol * (y . y), checked
 * when the largest coefficient change of a sweep is <= tol times the largest coefficient; gap-safe screening
 * (screening != 0, alpha > 0) drops features that cannot be active. xt is X transposed: p rows of n values (one row
 * per feature). state holds p + 3 values: the start w (read) and, on return, the final w, the gap, tol * (y . y) and
 * the number of sweeps. seed drives the random order (scikit-learn's rand_r). EINVAL (state untouched) for n == 0,
 * p == 0, a NULL array, sizes that overflow, alpha or beta negative or not finite, tol negative or NaN;
 * ENOMEM when scratch memory is short.
 */
int trueno_enet_cd(size_t n, size_t p, const double *xt, const double *y, double alpha, double beta, size_t max_iter,
                   double tol, int positive, int random, uint32_t seed, int screening, double *state);

/*
 * The logistic loss and its gradient in one pass over X (n x p, row-major), unnormalized and unpenalized:
 * out[0] = sum_i sw_i loss_i and out[1..] = its gradient w.r.t. coef. k == 1: half binomial loss (y in {0, 1}),
 * coef = (w (p), b); k >= 2: half multinomial loss over k classes (y a class index), coef = k rows of (w (p), b).
 * b is present only when fit_intercept != 0 (row length p + fit_intercept). sw == NULL weighs every sample 1.
 * Rows are split in blocks fixed by n alone and the block sums added in order, so the bits never depend on the
 * thread count. EINVAL (out untouched) for n == 0, p == 0, a NULL array, sizes that overflow, a label outside
 * [0, k) or, for k == 1, outside [0, 1]; ENOMEM when scratch memory is short.
 */
int trueno_logistic_grad(size_t n, size_t p, size_t k, const double *x, const double *y, const double *sw,
                         const double *coef, int fit_intercept, double *out);

/*
 * The product of the Hessian of trueno_logistic_grad's loss (at coef) with a direction s (laid out as coef),
 * unnormalized and unpenalized, into out (coef's size), in one pass over X; same blocks, arguments and EINVAL cases
 * as trueno_logistic_grad (no labels: the Hessian does not depend on them).
 */
int trueno_logistic_hessp(size_t n, size_t p, size_t k, const double *x, const double *sw, const double *coef,
                          int fit_intercept, const double *s, double *out);

/* Indices of the scalar settings of trueno_saga_epoch: TRUENO_SAGA_* in trueno_ops.def. */

/*
 * One epoch of scikit-learn's SAG/SAGA (sklearn/linear_model/_sag_fast.pyx.tp, dense rows, just-in-time updates and
 * the weight scale included) over the samples order[0..m) of X (n x p) in that order. k == 1: binomial log loss
 * (y in {0, 1}); k >= 2: multinomial (y a class index). sw: per-sample weights (NULL: 1). state (length
 * 2pk + 2k + nk + n + 2) carries everything between epochs: weights (p x k, feature-major), intercept (k),
 * gradient sum (p x k), intercept gradient sum (k), gradient memory (n x k), seen flags (n), the number seen and a
 * status that becomes 1 when a value overflowed (the epoch then stops). EINVAL (state untouched) for empty sizes,
 * NULL arrays, an index outside [0, n), a bad label, a non-positive step or negative strengths; ENOMEM when scratch
 * memory is short.
 */
int trueno_saga_epoch(size_t n, size_t p, size_t k, const double *x, const double *y, const double *sw,
                      const int32_t *order, size_t m, const double *params, double *state);

/* Losses, penalties, schedules, settings and state offsets of trueno_sgd_epoch: TRUENO_SGD_* in trueno_ops.def. */

/*
 * One epoch of scikit-learn's plain SGD (sklearn/linear_model/_sgd_fast.pyx.tp, dense rows) for one binary or
 * regression problem over the samples order[0..m) of X (n x p) in that order: per sample, the learning rate of the
 * schedule, the clipped loss gradient, L2 shrinking through a weight scale, the step, the intercept, Bottou's
 * averaging trick and the cumulative L1 penalty (Tsuruoka et al.). state (length 3p + 6): w (p), then the
 * TRUENO_SGD_<scalar> values, then the averaged w (p) and q (p, the L1 bookkeeping); the weight scale is folded
 * into w at the end of the epoch. EINVAL (state untouched) for empty sizes, NULL arrays, an index outside [0, n),
 * unknown codes, a non-finite setting or alpha <= 0 with the optimal schedule.
 */
int trueno_sgd_epoch(size_t n, size_t p, const double *x, const double *y, const double *sw, const int32_t *order,
                     size_t m, const double *params, double *state);

/*
 * Dual coordinate descent for an L2-regularized linear SVM, liblinear's solve_l2r_l1l2_svc: minimizes
 * 1/2 ||w||^2 + sum_i c_i loss(y_i (w . x_i + w_b bias)) with the squared hinge (l1_loss == 0) or hinge loss, over
 * X (n x p, row-major), y in {-1, 1}, per-sample costs c_i >= 0 (C times sample and class weights). bias > 0 appends
 * liblinear's constant feature (its weight, regularized too, is the intercept / bias); 0 fits none. Variables are
 * visited in a random order per sweep (seed: scikit-learn's rand_r) with shrinking, until max - min projected
 * gradient <= tol over every variable or max_iter sweeps. state (p + 2 values) receives w (p), w_b and the sweeps.
 * EINVAL (state untouched) for empty sizes, NULL arrays, a label other than -1 / 1, a negative or non-finite c_i,
 * bias or tol; ENOMEM when scratch memory is short.
 */
int trueno_svm_dual_cd(size_t n, size_t p, const double *x, const double *y, const double *c, double bias,
                       int l1_loss, size_t max_iter, double tol, uint32_t seed, double *state);

/* ---- dense linear algebra (native/core/ml) ---------------------------------------------------------------------- */

/*
 * Z = [X - 1 x_shift^T | Y - 1 y_shift^T] for X (n x d, rows ldx apart) and Y (n x t, rows ldy apart), both of
 * dtype (float32 or float64); a NULL shift subtracts nothing. Computes gram = Z_X^T Z_X (d x d, full symmetric,
 * float64), when t > 0 xty = Z_X^T Z_Y (d x t, float64), and when sums is not NULL the d + t column sums of Z (so a
 * caller can center exactly: with any shift s, the centered gram is gram - sums sums^T / n), in one pass over the
 * rows of X and Y, which are read in place (a cache-sized block of rows is converted at a time). The rows are cut into parts that depend only on n, d
 * and t, and the parts are added in order, so the bits do not depend on the thread count. EINVAL (outputs untouched):
 * a bad dtype, ldx < d, ldy < t, a NULL array with a nonzero size, sizes whose product overflows. d == 0 writes
 * nothing.
 */
int trueno_gram(int dtype, size_t n, size_t d, const void *x, size_t ldx, const double *x_shift, size_t t,
                const void *y, size_t ldy, const double *y_shift, double *gram, double *xty, double *sums);
/*
 * Lower Cholesky factor of a symmetric positive definite n x n float64 matrix: a = l l^T, reading only the lower
 * triangle of a; l's strict upper triangle is zeroed. *info = 0 on success, else k + 1 where the leading minor of
 * order k + 1 is not positive definite (or not finite); l then holds the first k rows of the factor and zeros.
 * l may be a. EINVAL (l untouched): NULL arrays with n > 0, n * n overflowing.
 */
int trueno_cholesky(size_t n, const double *a, double *l, int64_t *info);
/*
 * Solves a x = b for a = l l^T (l from trueno_cholesky, lower triangle read), b and x n x nrhs row-major; x may be
 * b. A zero or non-finite diagonal of l is EINVAL (x untouched), as are NULL arrays and overflowing sizes.
 */
int trueno_cholesky_solve(size_t n, size_t nrhs, const double *l, const double *b, double *x);
/*
 * Thin Householder QR of an m x n float64 matrix a: a = q r with q (m x k) orthonormal columns and r (k x n) upper
 * triangular, k = min(m, n). The reflectors follow LAPACK's dgeqrf (r's diagonal is -sign(pivot) * norm), so the
 * signs match numpy.linalg.qr(a, mode='reduced'). EINVAL (outputs untouched): NULL arrays, overflowing sizes.
 */
int trueno_qr(size_t m, size_t n, const double *a, double *q, double *r);
/*
 * Symmetric eigendecomposition of an n x n float64 matrix (lower triangle read): a = v diag(w) v^T, w ascending
 * (numpy.linalg.eigh), eigenvector i in column i of v (n x n row-major). Householder tridiagonalization, then the
 * implicit QL algorithm. Each eigenvector's entry of largest magnitude (the first such) is positive, so the result
 * is deterministic. *info = 0, or 1 when an eigenvalue did not converge in 30 * n iterations (outputs unspecified).
 * EINVAL (outputs untouched): NULL arrays, overflowing sizes, a non-finite entry in the lower triangle.
 */
int trueno_eigh(size_t n, const double *a, double *w, double *v, int64_t *info);
/*
 * Thin SVD of an m x n float64 matrix: a = u diag(s) vt, k = min(m, n), u (m x k) and vt (k x n) with orthonormal
 * columns / rows, s descending and >= 0. One-sided Jacobi (after a QR of a, or of a^T when m < n), which is accurate
 * to the last bits for small singular values too. Signs as scikit-learn's svd_flip(u_based_decision=False): the entry
 * of largest magnitude (the first such) of each row of vt is positive. A zero singular value gets a left vector
 * that completes u's orthonormal columns. *info = 0, or 1 when the Jacobi sweeps did not converge (outputs
 * unspecified). EINVAL (outputs untouched): NULL arrays, overflowing sizes, a non-finite entry.
 */
int trueno_svd(size_t m, size_t n, const double *a, double *u, double *s, double *vt, int64_t *info);

/* ---- ml: trees ------------------------------------------------------------------------------------------------ */
/*
 * Fitted trees, in one flat layout shared by every tree model (CART, forests, gradient boosting, the histogram
 * booster) so that one kernel predicts them all. A forest is `nodes` nodes in parallel arrays; tree t starts at node
 * roots[t] and its children are absolute node indices:
 *   feature[i]      int32, the feature tested, or -1 for a leaf
 *   threshold[i]    float64: a numerical node sends x to the left child when x <= threshold; a categorical node
 *                   holds the index b of its bitset instead (cat_bits[8 b .. 8 b + 7], 256 bits over category codes)
 *   children[2 i]   left, children[2 i + 1] right (int32, absolute; -1 for a leaf)
 *   flags[i]        uint8: TRUENO_TREE_MISSING_LEFT (NaN, and for a categorical node any value that is not a code in
 *                   [0, 256), goes left, else right) | TRUENO_TREE_CATEGORICAL (x goes left when its code's bit is
 *                   set: cat_bits[8 b + (code >> 5)] >> (code & 31) & 1, code = (int)x)
 *   values          float64, k per node (what a leaf contributes)
 */
/* (TRUENO_TREE_MISSING_LEFT and TRUENO_TREE_CATEGORICAL: trueno_ops.def.) */
/*
 * Sum over trees: out[i, :] += tree_weights[t] * values[leaf_t(x_i), :] for each of the n rows of x (n x d row-major,
 * dtype float32 or float64: compared as float64 against the thresholds, so a float32 x is promoted exactly). Trees
 * are added in order t = 0, 1, ... for every row, so the bits do not depend on the thread count; rows run in
 * parallel. Trees are stored parent first and as trees: every child index is greater than its parent's (no cycles)
 * and no node is the child of two nodes (no sharing; two trees may still have the same root). EINVAL (out untouched):
 * a non-float dtype, NULL arrays, a root outside [0, nodes), an inner node whose feature is >= d or whose child is
 * outside (i, nodes) or already another node's child, a categorical bitset index outside [0, cat_words / 8), a leaf
 * (feature < 0) other than -1, non-finite tree weights, d >= 2^30. ENOMEM (out untouched or partly summed): no memory
 * for the packed copy of a chunk of trees.
 */
int trueno_forest_predict(int dtype, size_t n, size_t d, const void *x, size_t trees, const int32_t *roots,
                          size_t nodes, const int32_t *feature, const double *threshold, const int32_t *children,
                          const uint8_t *flags, size_t cat_words, const int32_t *cat_bits, size_t k,
                          const double *values, const double *tree_weights, double *out);
/*
 * The leaf each row reaches in each tree: out (n x trees int32)[i, t] = leaf_t(x_i) - roots[t] (the node's index
 * within its tree, scikit-learn's apply). Same inputs and EINVAL cases as trueno_forest_predict.
 */
int trueno_forest_apply(int dtype, size_t n, size_t d, const void *x, size_t trees, const int32_t *roots,
                        size_t nodes, const int32_t *feature, const double *threshold, const int32_t *children,
                        const uint8_t *flags, size_t cat_words, const int32_t *cat_bits, int32_t *out);

/*
 * The trees packed once for trueno_forest_predict_packed, so that a model predicting many small batches (a served
 * one) pays the layout check and the packing once instead of per call. The layout is checked as by
 * trueno_forest_predict (d, roots, features, children, bitsets), then tree t is packed breadth-first from slot
 * packed_roots[t]: a slot is 16 bytes of `packed` (2 doubles): the threshold (float64), then two int32, the feature
 * (bit 30 set for a split with flags; -1 for a leaf or a pad) and `left` (an inner node's first child slot, the
 * second following it; a leaf's original node index; -1 for a pad); origin[slot] is the slot's original node index
 * (-1 for a pad). The root of each tree takes two slots (itself and a pad), so every pair of children starts at an
 * even slot. *used = the slots written: each tree takes its nodes plus one, at most nodes + trees when no node is
 * reachable from two roots. EINVAL (outputs untouched): the layout errors of trueno_forest_predict, fewer than the
 * needed slots, more than 2^31 - 1 slots, NULL arrays. ENOMEM (outputs untouched): no memory for the slot count.
 */
int trueno_forest_pack(size_t d, size_t trees, const int32_t *roots, size_t nodes, const int32_t *feature,
                       const double *threshold, const int32_t *children, const uint8_t *flags, size_t cat_words,
                       const int32_t *cat_bits, size_t slots, double *packed, int32_t *origin, int32_t *packed_roots,
                       int64_t *used);
/*
 * trueno_forest_predict over trees packed by trueno_forest_pack (packed_roots: trees entries, a subset of the
 * packed trees in any order; packed: 2 x slots doubles; origin: slots entries; flags, cat_bits and values: the
 * original layout's): out (n x k) += tree_weights[t] * values[leaf_t(x_i)], the same sums in the same order as
 * trueno_forest_predict (the same bits), with no per-call check of the whole layout: each slot is checked as a walk
 * visits it (in [0, slots), its children after it, its feature below d, a flagged slot's origin in [0, nodes), a
 * categorical bitset index in [0, cat_words / 8), a leaf's node in [0, nodes)), so a call costs the nodes its rows
 * visit, and arrays that did not come from trueno_forest_pack give EINVAL or meaningless sums, never a read outside
 * them. EINVAL (out untouched): a non-float dtype, NULL arrays, non-finite tree weights, d >= 2^30, a failed check on
 * a walk. ENOMEM (out untouched): no memory for the copy of out the sums go to.
 */
int trueno_forest_predict_packed(int dtype, size_t n, size_t d, const void *x, size_t trees,
                                 const int32_t *packed_roots, size_t slots, const double *packed,
                                 const int32_t *origin, size_t nodes, const uint8_t *flags, size_t cat_words,
                                 const int32_t *cat_bits, size_t k, const double *values, const double *tree_weights,
                                 double *out);

/* Criteria (TRUENO_CRITERION_*), settings (TRUENO_TREE_*) and node record fields (TRUENO_NODE_*) of trueno_tree_grow:
 * trueno_ops.def. */
/*
 * Grows `trees` CART trees in parallel (scikit-learn's DepthFirst/BestFirstTreeBuilder with BestSplitter or
 * RandomSplitter). xt is the d x n float32 transpose of X (scikit-learn casts X to float32 too); y is n class codes
 * in [0, k) for the classification criteria, else n x k regression targets. weights (trees x n) holds each tree's
 * sample weights (bootstrap counts times sample weights; 0 leaves a sample out); seeds (trees) are uint32 seeds of
 * the per-tree xorshift32 generator (scikit-learn's rand_r) that draws the features (and, for random splits, the
 * thresholds) of each node. Tree t is written to nodes[t * capacity * TRUENO_NODE_FIELD_COUNT ...] (node records in
 * pre-order of creation, the root first), values[t * capacity * k ...] (per node: weighted class counts, or the
 * weighted mean (squared_error, friedman_mse) or weighted median (absolute_error) of each output) and node_count[t].
 * A threshold is the midpoint of the two float32 values it separates, as scikit-learn's (the lower value when the
 * midpoint rounds to the upper one; -0 in x counts as +0). A leaf's record is feature -1, threshold -2 (scikit-learn's
 * TREE_UNDEFINED), children -1. Node slots past node_count[t] are left as they were. Features are drawn per node as
 * scikit-learn's Fisher-Yates draw with constant-feature tracking (the permutation persists from node to node, the
 * best-first builder tracks no constants), so a tree on data without ties is scikit-learn's tree for the seed its
 * splitter draws (RandomState(random_state).randint(0, 2^31 - 1)); friedman_mse is the pre-1.9 Friedman improvement
 * (scikit-learn 1.9 maps it to squared_error). EINVAL (nothing written): NULL arrays, trees, n, d, k or capacity 0,
 * a code outside [0, k), a negative or non-finite weight or target, a non-finite x, a tree whose weights are all 0,
 * a seed that is not an integer in [0, 2^32), bad params, capacity below what the settings can need
 * (2 * min(samples, max_leaf_nodes) - 1 bounded by the depth, samples = the tree's nonzero weights).
 */
int trueno_tree_grow(size_t n, size_t d, size_t k, const float *xt, const double *y, size_t trees,
                     const double *weights, const double *seeds, const double *params, size_t capacity, double *nodes,
                     double *values, int32_t *node_count);

/*
 * Maps X (n x d float64, row-major) to bins for the histogram booster, into binned (d x n uint8, column-major).
 * Feature f's sorted thresholds are thresholds[offsets[f] .. offsets[f + 1]) (at most 254 of them). A numerical
 * value goes to the bin of the first threshold >= it (the count of thresholds below it); a categorical feature's
 * thresholds are its known category codes and a value goes to the bin of the equal one. NaN, and for a categorical
 * feature a value that is not a known code, goes to missing_bin. EINVAL (nothing written): NULL arrays, offsets not
 * ascending from 0, more than 254 thresholds for a feature, missing_bin > 255.
 */
int trueno_hist_bin(size_t n, size_t d, const double *x, const double *thresholds, const int32_t *offsets,
                    const uint8_t *categorical, int missing_bin, uint8_t *binned);
/*
 * The bin thresholds of the histogram booster's numerical features (scikit-learn 1.9's _find_binning_thresholds),
 * from `rows` rows of x (n x d float64, row-major): row_idx[r] (or row r when row_idx is NULL, rows == n), leaving
 * out NaN and rows of zero weight (weights: n, or NULL for unit weights). A feature with at most max_bins distinct
 * values gets the midpoints of consecutive ones; else the averaged-inverted-cdf percentiles linspace(0, 100,
 * max_bins + 1)[1:-1], weighted, duplicates dropped; thresholds above 1e300 become 1e300. Feature f's thresholds go to
 * thresholds[f * (max_bins - 1) ..] (the rest of the slot 0) and their count to counts[f] (0 for a feature with
 * skip[f], e.g. categorical).
 * EINVAL (nothing written): NULL arrays, max_bins outside [2, 255], a row index outside [0, n), rows != n without
 * row_idx, a negative or non-finite weight. ENOMEM when scratch cannot be allocated.
 */
int trueno_hist_thresholds(size_t n, size_t d, const double *x, size_t rows, const int32_t *row_idx,
                           const double *weights, const uint8_t *skip, int max_bins, double *thresholds,
                           int32_t *counts);
/* Indices of the float64 settings of trueno_hgb_grow: TRUENO_HGB_* in trueno_ops.def. */
/*
 * Grows one tree of the histogram gradient booster (scikit-learn's TreeGrower): leaf-wise, the leaf with the largest
 * gain split first, histograms (sum of gradients, of hessians, count per bin) built for the smaller child and the
 * larger one's by subtraction from the parent, over features in parallel. binned is d x n uint8 (trueno_hist_bin);
 * n_bins[f] is feature f's count of non-missing bins; a feature with missing values (has_missing[f]) tries them on
 * either side and keeps the better (else NaN at predict goes to the child with more samples); a categorical feature
 * splits its bins into two sets (scikit-learn's categories sorted by gradient / hessian ratio). Writes the tree in
 * the flat layout above with indices from 0 and thresholds as bin indices (left when bin <= threshold; cat_bits over
 * bins; a categorical node i has threshold i and its bitset at cat_bits[8 i ..], so cat_bits holds 8 * capacity
 * words), values[i] = -G / (H + l2 + 1e-15) * learning_rate for each leaf (scikit-learn's compute_node_value; 0 for
 * inner nodes), adds each training sample's leaf value to raw[i] and returns the node count through *count. Nodes are
 * numbered in the order they are created (root 0; a split node's children are the next two). EINVAL (nothing
 * written): NULL arrays, n or d 0, bad params, a bin >= n_bins[f] other than missing_bin, n_bins[f] > missing_bin,
 * non-finite gradients or negative / non-finite hessians, capacity < 2 L - 1 where L = min(floor(n /
 * min_samples_leaf), max_leaf_nodes, 2^max_depth), at least 1, is the most leaves the settings allow.
 */
int trueno_hgb_grow(size_t n, size_t d, const uint8_t *binned, const double *gradients, const double *hessians,
                    const int32_t *n_bins, const uint8_t *has_missing, const uint8_t *categorical,
                    const double *params, size_t capacity, int32_t *feature, double *threshold, int32_t *children,
                    uint8_t *flags, int32_t *cat_bits, double *values, double *raw, int64_t *count);

/* ---- columnar (native/core/columnar): the vectorized kernels of trueno-db ------------------------------------- */
/*
 * Columns are contiguous arrays of n rows; a column argument's dtype is float64, float32, int32 or int64 (uint8 and
 * bool are EINVAL). A validity array (uint8, n entries, 0 = NULL) or mask may be NULL for "all rows". Keys of the hash
 * kernels and sorts are float64, m key columns column-major (key j of row i at keys[j * n + i]); callers convert
 * int / date / dictionary-code keys (exact up to 2^53) and split int64 keys into two. Comparisons follow DuckDB: NaN
 * equals NaN and is greater than every number, -0 equals +0 (keys are canonicalised: -0 -> +0, every NaN -> one NaN).
 * Row counts are at most INT32_MAX where int32 row indices are written. Large inputs run on the thread pool in fixed
 * blocks of 65536 rows whose partial results merge in block order, so the bits never depend on the thread count.
 * A bad argument (unknown op or dtype, a NULL array with rows, sizes that overflow) is EINVAL with outputs untouched;
 * ENOMEM when scratch memory cannot be had (outputs untouched).
 */

/* Comparison ops of the filters (TRUENO_CMP_*) and aggregates of trueno_group_aggregate (TRUENO_AGG_*): trueno_ops.def. */

/*
 * mask[i] = (x[i] op value) for the n rows of x (dtype), or mask[i] &= that when and_mask is nonzero; 0 where
 * valid[i] == 0 (valid NULL: every row valid). Float columns compare as float64 with NaN greater than everything and
 * equal to NaN; integer columns compare with value exactly (no rounding of int64). mask holds 0 or 1 afterwards (and
 * mode: nonzero entries read as 1).
 */
int trueno_filter_compare(size_t n, int dtype, const void *x, int op, double value, const uint8_t *valid, int and_mask,
                          uint8_t *mask);
/*
 * Grouped aggregation in one pass over the rows. Row i belongs to group g = groups[i] - base (groups NULL: group 0)
 * and counts when mask[i] != 0, valid[i] != 0 and pred[i] pred_op pred_value hold (each NULL: passes; the predicate
 * compares as trueno_filter_compare). For every group g < n_groups:
 *   count[g] += the rows counted (float64, exact);
 *   acc[g] = (written, not added) over the counted rows of x (acc NULL: x is not read, rows are only counted; the
 *   addon and the TS backends pass acc NULL also for an empty x with rows):
 *     TRUENO_AGG_SUM  the sum: acc_dtype float64 for float x (acc 0 for a group without rows), int64 for integer x
 *                     (exact; EINVAL with outputs untouched when a running sum leaves int64: each block's sum in row
 *                     order, then the block sums in block order);
 *     TRUENO_AGG_MIN / MAX  the smallest / largest value (NaN greater than all; of equal values, -0 and +0, the first
 *                     row's), acc float64 (integer x: the exact int64 extreme, then rounded) or int64 for integer x
 *                     (exact); a group without rows gets NaN (int64: 0);
 *     TRUENO_AGG_M2   the sum of (x - mean[g])^2 (mean: n_groups float64), acc float64.
 * Float sums (and M2) are exact float64 additions in a fixed order, which the JS reference repeats: the rows are cut
 * into blocks of B = max(65536, 8 * 2^ceil(log2(n_groups))) rows; with groups, each block sums each group's rows in row
 * order; without groups (one group), row r of a block goes to lane r % 8 and the lanes l0..l7 of the block fold as
 * ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)); each accumulator starts at -0 (the exact identity); the block
 * results of a group add up in block order (starting from the first). float32 / int values are promoted to float64.
 * EINVAL (outputs untouched): a group outside [0, n_groups) (on any row, counted or not), unknown ops or dtypes,
 * acc_dtype other than the above, mean NULL for M2, NULL arrays with rows, n > 0 with n_groups == 0.
 */
int trueno_group_aggregate(size_t n, const int32_t *groups, int64_t base, size_t n_groups, int x_dtype, const void *x,
                           const uint8_t *valid, const uint8_t *mask, int pred_dtype, const void *pred, int pred_op,
                           double pred_value, int op, const double *mean, double *count, int acc_dtype, void *acc);
/*
 * Groups the n rows by their m float64 keys (m == 0: one group of all rows): groups[i] = the group of row i, ids in
 * order of first occurrence (0, 1, ...); first_row[g] = the first row of group g for g < *n_out (entries from *n_out
 * on are unspecified: first_row doubles as scratch). *n_out = the group count. Open addressing with linear probing
 * over a strong hash of the canonical key bits; blocks of rows are grouped in parallel and merged in block order.
 * EINVAL: n > INT32_MAX, NULL arrays with rows, m * n overflowing.
 */
int trueno_hash_group(size_t n, size_t m, const double *keys, int32_t *groups, int32_t *first_row, int64_t *n_out);
/*
 * Equi-join of nb build rows and np probe rows on m float64 keys (keys equal when their canonical bits are, so NaN
 * matches NaN; rows whose validity is 0 never match; m == 0 matches every valid pair). The pairs (build row, probe
 * row) are ordered by probe row, then build row ascending; the first min(total, capacity) of them are written to
 * out_build / out_probe and *total = the count of all pairs (call again with room when it is above capacity).
 * EINVAL: nb or np > INT32_MAX, NULL arrays with rows, overflowing sizes.
 */
int trueno_hash_join(size_t nb, size_t m, const double *build_keys, const uint8_t *build_valid, size_t np,
                     const double *probe_keys, const uint8_t *probe_valid, size_t capacity, int32_t *out_build,
                     int32_t *out_probe, int64_t *total);
/*
 * The first k rows of x (n float64) in the order ORDER BY x [DESC] NULLS FIRST|LAST, ties by row index ascending
 * (NaN greater than every number, -0 equal to +0, valid[i] == 0 a NULL): out[0 .. *written) with *written =
 * min(k, n). Blocks keep their own best k, merged at the end. EINVAL: n > INT32_MAX, NULL arrays with rows.
 */
int trueno_top_k(size_t n, const double *x, const uint8_t *valid, size_t k, int descending, int nulls_first,
                 int32_t *out, int64_t *written);
/*
 * Stable argsort of n rows by m float64 keys (column-major), key 0 first, key j descending when descending[j] != 0
 * (NaN greater than every number, -0 equal to +0; equal rows keep their order): out = the row indices in order.
 * LSD radix sort over order-preserving 64-bit images of the keys (passes whose digit is constant are skipped).
 * m == 0 gives 0, 1, ..., n - 1. EINVAL: n > INT32_MAX, NULL arrays with rows. ENOMEM: no room for 20 n bytes of
 * scratch.
 */
int trueno_sort_indices(size_t n, size_t m, const double *keys, const uint8_t *descending, int32_t *out);

/* ---- graph ----------------------------------------------------------------------------------------------------- */
/*
 * A graph side in CSR form: node v's entries are offsets[v] .. offsets[v + 1] - 1 of neighbours (offsets: n + 1
 * int32, offsets[0] == 0, non-decreasing; neighbours in [0, n)). Every graph kernel checks its CSR and returns EINVAL
 * for a malformed one (n > INT32_MAX included) before writing anything.
 */
/*
 * One side of a CSR from an edge list of m edges (from[e] -> to[e], ids in [0, n)): entries are the edges, plus each
 * edge reversed when symmetric (an undirected graph; a self-loop then appears twice), sorted by node, then neighbour,
 * then entry order (stable). Writes offsets (n + 1), neighbours and edge_ids (the edge of each entry; m or 2m each)
 * and weights_out[i] = weights[edge_ids[i]] when weights is non-NULL. Parallel stable counting sorts (the result does
 * not depend on the thread count). EINVAL: ids out of range, m or the entry count > INT32_MAX, weights without
 * weights_out or the reverse. ENOMEM: no room for the scratch (threads x n + entries int32).
 */
int trueno_graph_csr(size_t n, size_t m, const int32_t *from, const int32_t *to, const double *weights, int symmetric,
                     int32_t *offsets, int32_t *neighbours, int32_t *edge_ids, double *weights_out);
/*
 * Breadth-first search from nsources sources (repeats ignored) over the entries of CSR 1 and, when offsets2 is
 * non-NULL, CSR 2 (direction 'both'), a node's CSR 1 entries first. distances[v] (-1 unreachable), parents[v] (the
 * node that first reached v; -1 for sources and unreached), order = the visiting order (its first *visited entries
 * are written). max_depth >= 0 stops expanding nodes at that depth (-1: no limit). EINVAL: a malformed CSR, a source
 * out of range.
 */
int trueno_graph_bfs(size_t n, const int32_t *offsets1, const int32_t *neighbours1, const int32_t *offsets2,
                     const int32_t *neighbours2, size_t nsources, const int32_t *sources, int32_t max_depth,
                     int32_t *distances, int32_t *parents, int32_t *order, int64_t *visited);
/*
 * Dijkstra from source over CSR 1 (and CSR 2 when offsets2 is non-NULL) with entry weights weights1/weights2, a
 * binary heap ordered by (distance, node): distances (INFINITY unreachable) and parents (-1). target >= 0 stops once
 * target is settled (its distance and path are final; others may not be). EINVAL: malformed CSR, a weight that is
 * negative, NaN or infinite, source/target out of range. ENOMEM: no room for the heap (16 (m + 1) bytes).
 */
int trueno_graph_dijkstra(size_t n, const int32_t *offsets1, const int32_t *neighbours1, const double *weights1,
                          const int32_t *offsets2, const int32_t *neighbours2, const double *weights2, int32_t source,
                          int32_t target, double *distances, int32_t *parents);
/*
 * PageRank by power iteration over the in-CSR (in_sources[e] -> v for the entries of v; in_weights per entry or NULL
 * for 1), as networkx defines it: start 1/n, x' = damping (A^T D^-1 x + dangling mass * p) + (1 - damping) p, p the
 * personalization normalized to sum 1 (NULL: uniform), until the L1 change sum |x' - x| < tol or max_iter
 * iterations; rank = the last x normalized to sum 1. *iterations = the iterations run, negated when tol was not
 * reached. Deterministic for every thread count. EINVAL: malformed CSR, n == 0, damping outside [0, 1], tol < 0 or
 * not finite, max_iter < 1, a weight or personalization value negative or not finite, a personalization summing to 0.
 */
int trueno_graph_pagerank(size_t n, const int32_t *in_offsets, const int32_t *in_sources, const double *in_weights,
                          double damping, const double *personalization, double tol, int32_t max_iter, double *rank,
                          int64_t *iterations);
/*
 * Weakly connected components of the graph whose entries the CSR lists (each entry joins its two nodes): labels[v]
 * numbered in order of each component's smallest node, sizes[c] (the first *count entries written). EINVAL: a
 * malformed CSR.
 */
int trueno_graph_wcc(size_t n, const int32_t *offsets, const int32_t *neighbours, int32_t *labels, int32_t *sizes,
                     int64_t *count);
/* Strongly connected components of the out-CSR (iterative Tarjan); labels and sizes as trueno_graph_wcc. */
int trueno_graph_scc(size_t n, const int32_t *offsets, const int32_t *neighbours, int32_t *labels, int32_t *sizes,
                     int64_t *count);
/*
 * Iterative depth-first search from source over the entries of CSR 1 and, when offsets2 is non-NULL, CSR 2 (a node's
 * CSR 1 entries first), each node's entries in order: the preorder a recursive DFS gives. order receives the nodes
 * in preorder (its first *visited entries are written), parents[v] the node v was entered from (-1 for the source and
 * unreached nodes), discovery[v] / finish[v] the times v was entered / left on one clock (-1 unreached). EINVAL: a
 * malformed CSR, n > 2^30 (the clock is an int32), source out of range, NULL outputs. ENOMEM: no room for 12 n bytes
 * of scratch.
 */
int trueno_graph_dfs(size_t n, const int32_t *offsets1, const int32_t *neighbours1, const int32_t *offsets2,
                     const int32_t *neighbours2, int32_t source, int32_t *order, int32_t *parents, int32_t *discovery,
                     int32_t *finish, int64_t *visited);
/*
 * Betweenness centrality, unscaled (Brandes): out[v] = sum over the nsources sources s of the dependency of s on v,
 * shortest paths following the entries of the CSR (each entry a path, so parallel edges count apiece), by BFS when
 * weights is NULL, else by Dijkstra with entry weights (a binary heap ordered by (distance, node)). Sources may
 * repeat (each adds again). Parallel over sources: the sources are cut into k = min(16, nsources, max(1, 2^23 / n))
 * contiguous chunks of ceil(nsources / k) (a function of n and nsources only), each chunk adds its sources in order
 * into its own accumulator (a node's dependency summed over its entries in CSR order), and out[v] = the chunk
 * accumulators added in chunk order starting from 0, so the bits never depend on the thread count. EINVAL: a
 * malformed CSR, a weight negative, NaN or infinite, a source out of range, NULL outputs. ENOMEM: no room for
 * k x 8 n bytes of accumulators plus per-thread scratch (about 40 n + 16 m bytes).
 */
int trueno_graph_betweenness(size_t n, const int32_t *offsets, const int32_t *neighbours, const double *weights,
                             size_t nsources, const int32_t *sources, double *out);
/*
 * Triangles of the simple undirected graph the entries of CSR 1 and (when offsets2 is non-NULL) CSR 2 describe:
 * direction, self-loops and repeated entries ignored. Each node's runs must be sorted by neighbour (buildCsr's
 * order), and together list each edge from both ends (an undirected CSR, or a directed graph's out- and in-sides);
 * for entries that do not, the counts are unspecified (but the call is safe). Writes degrees[v] = v's number of distinct neighbours other than itself, triangles[v] = the triangles
 * through v, and *total = the number of triangles. Exact integers for every thread count (degree-ordered forward
 * orientation, marked neighbours, parallel over nodes). EINVAL: a malformed CSR, a run not sorted, NULL outputs.
 * ENOMEM: no room for the scratch (4 (m1 + m2) + 4 n + 8 n x stripes bytes, stripes = min(threads, 8)).
 */
int trueno_graph_triangles(size_t n, const int32_t *offsets1, const int32_t *neighbours1, const int32_t *offsets2,
                           const int32_t *neighbours2, int32_t *triangles, int32_t *degrees, int64_t *total);
/* The most trials trueno_graph_louvain runs. */
#define TRUENO_LOUVAIN_MAX_TRIALS 1024
/*
 * Louvain communities of the symmetric weighted adjacency (offsets, neighbours, weights: one entry per direction of
 * each edge, a self-loop's entry weighing 2w; weights NULL = every entry 1; the kernel reads but does not check the
 * symmetry). A trial: local moving (seeded random node order, passes until no node moves) and aggregation, level
 * after level (at most max_levels; -1 = until no node moves), then refinement (local moving again on each level,
 * top down). `trials` independent trials (seeds derived from seed as lib/common/random.ts deriveSeed(seed, t)) run
 * on the thread pool; the one of highest modularity (then lowest t) gives labels (numbered by first appearance over
 * the nodes) and *modularity (with the resolution). Deterministic for every thread count. No entries or a total
 * weight of 0: each node alone, modularity 0. EINVAL: malformed CSR, resolution not finite and > 0, max_levels not
 * -1 or >= 1, trials outside [1, TRUENO_LOUVAIN_MAX_TRIALS], a weight negative or not finite, a total weight that
 * overflows. ENOMEM: no room for trials x 4n bytes of labels and each trial's levels (about 2x the adjacency).
 */
int trueno_graph_louvain(size_t n, const int32_t *offsets, const int32_t *neighbours, const double *weights,
                         double resolution, uint32_t seed, int32_t max_levels, int32_t trials, int32_t *labels,
                         double *modularity);
/*
 * Minimum spanning forest (Kruskal, direction ignored) of m edges from[e] - to[e] with weights (NULL = every edge 1;
 * infinite and negative weights allowed): edges taken by weight, ties by edge id; self-loops and edges closing a
 * cycle skipped. edge_ids receives the taken edge ids in the order taken (at most min(m, n - 1); the buffer holds
 * m), *taken their count. EINVAL: n or m > INT32_MAX, an id out of range, a NaN weight. ENOMEM: no room for 4 (n + m)
 * bytes (plus the argsort's scratch).
 */
int trueno_graph_mst(size_t n, size_t m, const int32_t *from, const int32_t *to, const double *weights,
                     int32_t *edge_ids, int64_t *taken);
/*
 * Topological order of the directed graph whose out-CSR and in-CSR are given (the two sides of one edge list) by
 * Kahn's algorithm, ready nodes smallest id first (the lexicographically smallest order): order[0 .. *placed) holds
 * it. *placed < n means a cycle: then order[*placed ..] holds one directed cycle c0 -> c1 -> ... -> c0 among the
 * nodes left (starting from the smallest one's walk back along in-edges), then -1s. A self-loop is a cycle. EINVAL: a
 * malformed CSR, sides with different entry counts. ENOMEM: no room for 16n bytes.
 */
int trueno_graph_toposort(size_t n, const int32_t *out_offsets, const int32_t *out_targets, const int32_t *in_offsets,
                          const int32_t *in_sources, int32_t *order, int64_t *placed);

/*
 * ---- indexing: the kernels behind the Tensor API's comparisons, where, gather, concat, cumsum and argsort ----
 * Any dtype (bool is one byte holding 0 or 1, handled as uint8). An "outer x len x inner" layout names one axis of
 * length len of a row-major array, with outer elements before it and inner after. Serial, memory-bound passes. A bad
 * argument (unknown dtype or op, NULL arrays with elements, sizes whose product overflows, an index out of range) is
 * EINVAL with every output untouched.
 */
/*
 * out[i] = a[i] op b[i] as 0/1 for i < n, op a TRUENO_CMP_* code, with b[0] for every i when nb == 1 (nb is 1 or n).
 * IEEE comparisons, as numpy: NaN is unequal to everything (itself included), -0 equals +0; integers exact.
 */
int trueno_compare(int dtype, int op, const void *a, const void *b, size_t nb, uint8_t *out, size_t n);
/* out[i] = cond[i] ? a[i] : b[i] (cond nonzero is true); a, b and out of one dtype; bits copied as they are. */
int trueno_where(int dtype, const uint8_t *cond, const void *a, const void *b, void *out, size_t n);
/*
 * Take along an axis: x is outer x len x inner, out is outer x nidx x inner with out[o, j, i] = x[o, idx[j], i]. Every
 * idx[j] must be in [0, len) (checked before anything is written).
 */
int trueno_gather(int dtype, const void *x, size_t outer, size_t len, size_t inner, const int32_t *idx, size_t nidx,
                  void *out);
/*
 * out[o * stride + offset + j] = x[o * block + j] for o < outer, j < block: one operand of a concatenation. Needs
 * offset + block <= stride; out holds outer * stride elements, and the ones outside the blocks are left as they are.
 */
int trueno_copy_blocks(int dtype, const void *x, size_t outer, size_t block, void *out, size_t stride, size_t offset);
/*
 * Cumulative sum along the axis of x (outer x len x inner): float32 / float64 x into out of its own dtype, added in
 * order in that precision (the first element copied, as numpy's add.accumulate); integer and bool x into int64 out,
 * wrapping modulo 2^64.
 */
int trueno_cumsum(int dtype, const void *x, size_t outer, size_t len, size_t inner, void *out);
/*
 * Stable ascending argsort along the axis of x (outer x len x inner) into out (same layout, indices in [0, len)):
 * NaN after every number, -0 equal to +0, equal elements in their original order (numpy's kind='stable'). A merge sort
 * over order-preserving 64-bit images of the elements. EINVAL: len > INT32_MAX. ENOMEM: no room for 24 len bytes.
 */
int trueno_argsort(int dtype, const void *x, size_t outer, size_t len, size_t inner, int32_t *out);
/*
 * Plain numeric CSV text into typed columns (columnar/csv_numeric.c), parallel over line-aligned parts with the same
 * output for any thread count. bytes[0, n) starts at a row; rows end with LF or CRLF, and with final != 0 the last
 * row may end at n. Column col (types[col]: TRUENO_F64, F32, I64 or I32) is written from byte col * capacity * 8 of
 * out, packed (8 bytes a value, 4 for int32 and float32). Fields are plain decimals ([+-] digits [. digits]
 * [e [+-] digits]; integers at most 18 digits, int32 in range) whose double is provably the nearest to the text (a
 * float32 column stores that double rounded). Reads at most `capacity` rows. result[0] = rows read and result[1] =
 * bytes used (just past the last row read), or result[0] = -1 when the region holds anything else (a quote, a null
 * marker, a blank line, a wrong width, a number beyond 19 significant digits or 10^+-280, a rounding tie): the caller
 * then parses it another way; out is then partly written. EINVAL: NULL arrays with data, width 0, an unknown type, a
 * delimiter that is a line end, a digit, '.', '+', '-', 'e' or 'E', or not ASCII.
 */
int trueno_csv_numeric(const uint8_t *bytes, size_t n, int delimiter, int final, const int32_t *types, size_t width,
                       size_t capacity, void *out, double *result);
/*
 * The rows of a JSON array of arrays of numbers (columnar/json_rows.c), as a predict body's `instances`, into out
 * row-major. bytes[0, n) starts at the array's '['; rows are JSON arrays of RFC 8259 number tokens, every row of one
 * width (0 included), separated by JSON whitespace and commas. Each value is the double nearest to its token (what
 * JSON.parse gives), read only when that is provable (decimal.h). The first `capacity` values go to out. On success
 * result = [rows, width, bytes used (just past the closing ']'), values] (values > capacity: out holds the first
 * capacity of them, and a call with room for all gives the rest). It gives up, result = [-1, row, column, byte], on
 * anything else: an empty array, a value that is not a number token (a string, null, true, NaN, Infinity, a nested
 * array), a number beyond 19 significant digits or 10^+-280 or within 2^-90 of a rounding tie, a row of another width
 * (the column is the first one past the shorter width; the byte is the row's start), a missing comma or bracket, the
 * end of the bytes, or a row past max_rows; row and column are those of the cell being read (0-based), the byte where
 * the scan stopped. out is then partly written. EINVAL: NULL bytes with n > 0, NULL out with capacity > 0, NULL
 * result (4 doubles).
 */
int trueno_json_rows(const uint8_t *bytes, size_t n, size_t max_rows, double *out, size_t capacity, double *result);
/*
 * Numeric columns as CSV rows (columnar/csv_format.c), parallel over row ranges with the same output for any thread
 * count. Column col (types[col]: TRUENO_F64, F32, I64 or I32) is read from byte col * rows * 8 of columns, packed (8
 * bytes a value, 4 for int32 and float32). Row r is its fields joined by `delimiter` and ended by '\n'; a field is the
 * text JavaScript's String() gives the value (shortest round-trip for doubles, a float32 widened to double first; "NaN",
 * "Infinity", "-Infinity"; -0 as "0"; int64 as String(bigint)), or null_text[0, null_len) where valid (NULL, or width *
 * rows bytes, column-major like columns) holds 0 at col * rows + r. out needs capacity >= rows * sum over columns of
 * (w + 1), w = 25 for F64/F32, 20 for I64, 11 for I32, raised to null_len when valid is given. result[0] = bytes
 * written. EINVAL: NULL arrays with data, width 0, an unknown type, a delimiter that is a line end or not ASCII, a
 * capacity below the bound (out is then untouched).
 */
int trueno_csv_format(const void *columns, const int32_t *types, size_t width, size_t rows, const uint8_t *valid,
                      int delimiter, const uint8_t *null_text, size_t null_len, uint8_t *out, size_t capacity,
                      double *result);

#ifdef __cplusplus
}
#endif

#endif
