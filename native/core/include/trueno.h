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

typedef enum { TRUENO_OK = 0, TRUENO_EINVAL = 1, TRUENO_ENOMEM = 2, TRUENO_EUNSUPPORTED = 3 } trueno_status;

/* Element types (codes from trueno_ops.def). BOOL is stored as one byte holding 0 or 1. */
typedef enum {
#define TRUENO_DTYPE(NAME, name, ctype, kind) TRUENO_##NAME,
#include "trueno_ops.def"
  TRUENO_DTYPE_COUNT
} trueno_dtype;

/* Instruction-set levels, ordered so that a higher number is never usable where a lower one is not (per arch). */
typedef enum {
  TRUENO_ISA_SCALAR = 0,
  TRUENO_ISA_SIMD128 = 1,
  TRUENO_ISA_NEON = 2,
  TRUENO_ISA_AVX2 = 3,
  TRUENO_ISA_AVX512 = 4
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

/* Distance metrics of the neighbour kernels; MINKOWSKI takes p (finite, >= 1) and is sum(|a - b|^p)^(1/p). */
typedef enum {
  TRUENO_METRIC_EUCLIDEAN = 0,
  TRUENO_METRIC_MANHATTAN = 1,
  TRUENO_METRIC_CHEBYSHEV = 2,
  TRUENO_METRIC_MINKOWSKI = 3,
  TRUENO_METRIC_COUNT
} trueno_metric;

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

#ifdef __cplusplus
}
#endif

#endif
