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

typedef enum { TRUENO_F32 = 0, TRUENO_F64 = 1 } trueno_dtype;

/* Instruction-set levels, ordered so that a higher number is never usable where a lower one is not (per arch). */
typedef enum {
  TRUENO_ISA_SCALAR = 0,
  TRUENO_ISA_SIMD128 = 1,
  TRUENO_ISA_NEON = 2,
  TRUENO_ISA_AVX2 = 3,
  TRUENO_ISA_AVX512 = 4
} trueno_isa;

typedef enum { TRUENO_ADD = 0, TRUENO_SUB = 1, TRUENO_MUL = 2, TRUENO_DIV = 3 } trueno_binary_op;

typedef enum {
  TRUENO_ABS = 0,
  TRUENO_NEG = 1,
  TRUENO_EXP = 2,
  TRUENO_LOG = 3,
  TRUENO_SQRT = 4,
  TRUENO_SQUARE = 5,
  TRUENO_RELU = 6,
  TRUENO_SIGMOID = 7,
  TRUENO_TANH = 8,
  TRUENO_GELU = 9
} trueno_unary_op;

typedef enum {
  TRUENO_SUM = 0,
  TRUENO_MEAN = 1,
  TRUENO_VAR = 2,
  TRUENO_MIN = 3,
  TRUENO_MAX = 4,
  TRUENO_ARGMIN = 5,
  TRUENO_ARGMAX = 6,
  TRUENO_NORM1 = 7,
  TRUENO_NORM2 = 8,
  TRUENO_NORMINF = 9
} trueno_reduce_op;

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

/* out[i] = a[i] op b[i] */
int trueno_binary(int dtype, int op, const void *a, const void *b, void *out, size_t n);
/* out[i] = a[i] op s, or s op a[i] when reverse is nonzero */
int trueno_binary_scalar(int dtype, int op, const void *a, double s, void *out, size_t n, int reverse);
/* out[r*cols+c] = a[r*cols+c] op row[c]: the right side repeats over the leading rows */
int trueno_binary_rows(int dtype, int op, const void *a, const void *row, void *out, size_t rows, size_t cols);
/* y[i] += alpha * x[i] */
int trueno_axpy(int dtype, size_t n, double alpha, const void *x, void *y);
/* out[i] = value */
int trueno_fill(int dtype, void *out, size_t n, double value);
/* out[i] = x[i] (non-overlapping) */
int trueno_copy(int dtype, const void *x, void *out, size_t n);
/* out[i] = (to)x[i] between f32 and f64 (round to nearest even when narrowing) */
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
 * MIN/MAX/ARG*, sum/norms give 0, mean/var give NaN.
 */
int trueno_reduce(int dtype, int op, const void *x, size_t n, size_t ddof, double *out, int64_t *index);
/*
 * Reduction along one axis of an array seen as [outer, len, inner]:
 * out[o*inner + i] = reduce over k of x[(o*len + k)*inner + i].
 * out has the input dtype for value ops and is int32 for ARGMIN/ARGMAX.
 */
int trueno_reduce_axis(int dtype, int op, const void *x, size_t outer, size_t len, size_t inner, size_t ddof,
                       void *out);
/* *out = sum a[i]*b[i] */
int trueno_dot(int dtype, const void *a, const void *b, size_t n, double *out);

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

#ifdef __cplusplus
}
#endif

#endif
