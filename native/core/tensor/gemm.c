/*
 * trueno_gemm: the blocked algorithm of GotoBLAS/BLIS. For each nc-wide column block of C and each kc-deep slice
 * of K, a kc x nc block of op(B) is packed into nr-wide panels (it then lives in L3, one kc x nr panel in L1); for
 * each mc-tall row block, an mc x kc block of op(A) is packed into mr-tall panels (it lives in L2); the ISA's
 * micro-kernel then computes every mr x nr tile of C from one A panel and one B panel. Packing absorbs the
 * transposes and leading dimensions, so one micro-kernel per dtype serves all four cases.
 *
 * Threads pack each B block together, then take row blocks of C (the ic loop; column groups of the jc block as
 * well when C has few rows) one at a time from a shared counter, each with its own A buffer. K is cut into the
 * same slices whatever the thread count, and every element is computed by the same sequence of operations
 * wherever its tile lies, so results do not depend on the thread count.
 */
#include "trueno.h"
#include "runtime/kernels.h"
#include "tensor/gemm_epilogue.h"
#include "runtime/threadpool.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Below this many multiply-adds a product runs on the calling thread: waking a worker costs more than it saves. */
#define GEMM_PARALLEL_MIN_FMAS (1u << 19)
/* Elements of the matrix a thread should read in a matrix-vector product before another thread is worth waking. */
#define GEMV_GRAIN_ELEMS 16384
/* Elements of B a thread should pack before another thread is worth waking. */
#define GEMM_PACK_GRAIN_ELEMS 16384
/* Packed blocks this small live on the stack, which spares small products two mallocs. */
#define GEMM_STACK_BYTES 8192

/*
 * Packs rows x k values X(r, p) = src[r*rs + p*ps] into panels of w rows: dst[panel*w*k + p*w + r], zero-padding
 * the last panel to w rows. One of rs, ps is 1; the loop order follows it so that reads stay sequential.
 */
#define DEFINE_PACK(T, name)                                                                                   \
  static void name(const void *src_, size_t rs, size_t ps, size_t rows, size_t k, size_t w, void *dst_) {      \
    const T *src = src_;                                                                                       \
    T *dst = dst_;                                                                                             \
    for (size_t r0 = 0; r0 < rows; r0 += w, dst += w * k) {                                                    \
      const size_t h = rows - r0 < w ? rows - r0 : w;                                                          \
      const T *s = src + r0 * rs;                                                                              \
      if (rs == 1) {                                                                                           \
        for (size_t p = 0; p < k; p++) {                                                                       \
          for (size_t r = 0; r < h; r++) dst[p * w + r] = s[p * ps + r];                                       \
          for (size_t r = h; r < w; r++) dst[p * w + r] = 0;                                                   \
        }                                                                                                      \
      } else {                                                                                                 \
        for (size_t r = 0; r < h; r++)                                                                         \
          for (size_t p = 0; p < k; p++) dst[p * w + r] = s[r * rs + p * ps];                                  \
        for (size_t p = 0; p < k; p++)                                                                         \
          for (size_t r = h; r < w; r++) dst[p * w + r] = 0;                                                   \
      }                                                                                                        \
    }                                                                                                          \
  }

DEFINE_PACK(float, pack_f32)
DEFINE_PACK(double, pack_f64)

typedef void (*pack_fn)(const void *src, size_t rs, size_t ps, size_t rows, size_t k, size_t w, void *dst);

typedef struct {
  const trueno_gemm_config *cfg;
  pack_fn pack;
  size_t size; /* bytes per element */
  size_t m, n, k;
  double alpha, beta;
  const char *a, *b;
  char *c;
  size_t a_rs, a_ps; /* op(A)(i, p) = a[i*a_rs + p*a_ps] */
  size_t b_rs, b_ps; /* op(B)(p, j) = b[j*b_rs + p*b_ps] */
  size_t ldc;
  size_t mc, kc, nc; /* blocks of this call (balanced so that no block is a sliver) */
  char *bbuf;        /* the packed kc x nc block of op(B), shared by the workers */
  char *abufs;       /* one packed mc x kc block of op(A) per worker, abytes apart */
  size_t abytes;
  /* The current step: columns [jc, jc + nb) of C, depth [pc, pc + kb) of K. */
  size_t jc, nb, pc, kb;
  double step_beta; /* beta on the first K slice, then 1: the later slices add to C */
  /* Tasks of a step: row blocks x column groups of the jc block, handed out one by one. */
  size_t row_blocks, col_groups, group_cols;
  atomic_size_t next_task;
  trueno_gemm_epilogue epilogue; /* run on each block of C once its last K slice is written, or NULL */
  void *epilogue_ctx;
} gemm_job;

static size_t min_size(size_t x, size_t y) { return x < y ? x : y; }
static size_t round_up(size_t x, size_t to) { return (x + to - 1) / to * to; }
static size_t ceil_div(size_t x, size_t y) { return (x + y - 1) / y; }

/* Packs nr-wide panels [begin, end) of the step's block of op(B). */
static void pack_b_range(void *ctx, size_t begin, size_t end) {
  const gemm_job *job = ctx;
  const size_t nr = job->cfg->nr, j0 = begin * nr, cols = min_size(end * nr, job->nb) - j0;
  const char *src = job->b + ((job->jc + j0) * job->b_rs + job->pc * job->b_ps) * job->size;
  job->pack(src, job->b_rs, job->b_ps, cols, job->kb, nr, job->bbuf + j0 * job->kb * job->size);
}

/* Multiplies the packed A block (rows [ic, ic + mb)) by columns [j0, j1) of the packed B block into C. */
static void macro_kernel(const gemm_job *job, const char *abuf, size_t ic, size_t mb, size_t j0, size_t j1) {
  const trueno_gemm_config *cfg = job->cfg;
  const size_t sz = job->size, mr = cfg->mr, nr = cfg->nr, kb = job->kb, ldc = job->ldc;
  for (size_t jr = j0; jr < j1; jr += nr) {
    const char *bp = job->bbuf + jr * kb * sz;
    for (size_t ir = 0; ir < mb; ir += mr) {
      char *ct = job->c + ((ic + ir) * ldc + job->jc + jr) * sz;
      cfg->kernel(kb, abuf + ir * kb * sz, bp, ct, ldc, min_size(mr, mb - ir), min_size(nr, j1 - jr), job->alpha,
                  job->step_beta);
    }
  }
}

/*
 * One worker of a step (begin is its index, which picks its A buffer): takes tasks until none is left, so that a
 * worker slowed down by another process simply takes fewer. Tasks are numbered row block by row block, so that
 * consecutive tasks usually reuse the A block already packed.
 */
static void compute_range(void *ctx, size_t begin, size_t end) {
  gemm_job *job = ctx;
  (void)end;
  char *abuf = job->abufs + begin * job->abytes;
  const size_t tasks = job->row_blocks * job->col_groups;
  size_t packed = SIZE_MAX;
  for (size_t t; (t = atomic_fetch_add(&job->next_task, 1)) < tasks;) {
    const size_t rb = t / job->col_groups, cg = t % job->col_groups;
    const size_t ic = rb * job->mc, mb = min_size(job->mc, job->m - ic);
    const size_t j0 = cg * job->group_cols;
    if (j0 >= job->nb) continue;
    if (rb != packed) {
      job->pack(job->a + (ic * job->a_rs + job->pc * job->a_ps) * job->size, job->a_rs, job->a_ps, mb, job->kb,
                job->cfg->mr, abuf);
      packed = rb;
    }
    const size_t j1 = min_size(j0 + job->group_cols, job->nb);
    macro_kernel(job, abuf, ic, mb, j0, j1);
    /* The block was just written and is still in cache: the caller's pass over it costs no trip to memory. */
    if (job->epilogue && job->pc + job->kb == job->k) job->epilogue(job->epilogue_ctx, ic, job->jc + j0, mb, j1 - j0);
  }
}

/*
 * The blocked loops. Per step, the workers first pack the B block together, then share its row blocks (and, when
 * C has too few rows to keep every worker busy, column groups within them).
 */
static void gemm_blocked(gemm_job *job, size_t workers) {
  const size_t nr = job->cfg->nr;
  for (job->jc = 0; job->jc < job->n; job->jc += job->nc) {
    job->nb = min_size(job->nc, job->n - job->jc);
    const size_t panels = ceil_div(job->nb, nr);
    job->col_groups = workers == 1 || job->row_blocks >= 2 * workers
                          ? 1
                          : min_size(ceil_div(2 * workers, job->row_blocks), panels);
    job->group_cols = ceil_div(panels, job->col_groups) * nr;
    for (job->pc = 0; job->pc < job->k; job->pc += job->kc) {
      job->kb = min_size(job->kc, job->k - job->pc);
      job->step_beta = job->pc == 0 ? job->beta : 1.0;
      const size_t pack_grain = workers == 1 ? panels : ceil_div(GEMM_PACK_GRAIN_ELEMS, job->kb * nr);
      trueno_parallel_for(panels, pack_grain, 1, pack_b_range, job);
      atomic_store(&job->next_task, 0);
      trueno_parallel_for(workers, 1, 1, compute_range, job);
    }
  }
}

/*
 * Chooses the blocks: K slices of equal depth, and row blocks in a multiple of the worker count (at least one per
 * worker), so that the workers' shares come out even when nothing else competes for the cores. With fewer row blocks
 * than workers, the column groups that make up the difference rarely divide evenly (5 row blocks x 7 groups = 35
 * tasks left 16 workers 73% busy), and each group packs its row block's A again.
 */
static void choose_blocks(gemm_job *job, size_t workers) {
  const trueno_gemm_config *cfg = job->cfg;
  job->kc = ceil_div(job->k, ceil_div(job->k, cfg->kc));
  job->nc = round_up(ceil_div(job->n, ceil_div(job->n, cfg->nc)), cfg->nr);
  size_t blocks = ceil_div(job->m, cfg->mc);
  if (workers > 1) blocks = round_up(blocks, workers);
  job->mc = round_up(ceil_div(job->m, blocks), cfg->mr);
  job->row_blocks = ceil_div(job->m, job->mc);
}

/* Runs the product with buffers for the given number of workers (on the stack when they are small). */
static int gemm_run(gemm_job *job, size_t workers) {
  choose_blocks(job, workers);
  const size_t align = 64, kb = min_size(job->kc, job->k);
  job->abytes = round_up(job->mc * kb * job->size, align);
  const size_t bbytes = round_up(job->nc * kb * job->size, align), total = bbytes + workers * job->abytes;
  if (total <= GEMM_STACK_BYTES) {
    _Alignas(64) char stack[GEMM_STACK_BYTES];
    job->bbuf = stack;
    job->abufs = stack + bbytes;
    gemm_blocked(job, workers);
    return TRUENO_OK;
  }
  char *raw = malloc(total + align);
  if (!raw) return TRUENO_ENOMEM;
  job->bbuf = raw + (align - (uintptr_t)raw % align) % align;
  job->abufs = job->bbuf + bbytes;
  gemm_blocked(job, workers);
  free(raw);
  return TRUENO_OK;
}

/* C = beta * C, the whole product when K is empty (beta == 0 clears NaN too). */
static void scale_c(int dtype, size_t m, size_t n, double beta, void *c, size_t ldc) {
  for (size_t i = 0; i < m; i++) {
    if (dtype == TRUENO_F32) {
      float *row = (float *)c + i * ldc;
      for (size_t j = 0; j < n; j++) row[j] = beta == 0 ? 0.0f : (float)beta * row[j];
    } else {
      double *row = (double *)c + i * ldc;
      for (size_t j = 0; j < n; j++) row[j] = beta == 0 ? 0.0 : beta * row[j];
    }
  }
}

/*
 * A product with a single row or column of C is a matrix-vector product: reading the matrix once beats packing it
 * for a tile that would be 1/mr or 1/nr full. The vector operand is gathered into a contiguous copy.
 */
typedef struct {
  const trueno_matrix_kernels *k; /* read once per call: every range runs at the same ISA level */
  int dtype;
  const char *mat; /* the matrix operand as stored */
  size_t ld;
  int by_rows; /* out[o] = mat row o . v (matvec_rows), else out[o] = sum_p v[p] * mat[p][o] (matvec_cols) */
  size_t len;  /* length of each sum */
  const void *v;
  void *out; /* the sums, before alpha and beta */
  char *c;
  size_t c_step; /* elements between consecutive results in C */
  double alpha, beta;
} gemv_job;

static void gemv_range(void *ctx, size_t begin, size_t end) {
  const gemv_job *g = ctx;
  const trueno_matrix_kernels *k = g->k;
  if (g->dtype == TRUENO_F32) {
    const float *mat = (const float *)g->mat;
    float *out = (float *)g->out + begin, *c = (float *)g->c;
    if (g->by_rows)
      k->matvec_rows_f32(mat + begin * g->ld, g->ld, end - begin, g->len, g->v, out);
    else
      k->matvec_cols_f32(mat + begin, g->ld, g->len, end - begin, g->v, out);
    const float alpha = (float)g->alpha, beta = (float)g->beta;
    for (size_t o = begin; o < end; o++) {
      float *co = c + o * g->c_step;
      *co = beta == 0 ? alpha * out[o - begin] : alpha * out[o - begin] + beta * *co;
    }
  } else {
    const double *mat = (const double *)g->mat;
    double *out = (double *)g->out + begin, *c = (double *)g->c;
    if (g->by_rows)
      k->matvec_rows_f64(mat + begin * g->ld, g->ld, end - begin, g->len, g->v, out);
    else
      k->matvec_cols_f64(mat + begin, g->ld, g->len, end - begin, g->v, out);
    for (size_t o = begin; o < end; o++) {
      double *co = c + o * g->c_step;
      *co = g->beta == 0 ? g->alpha * out[o - begin] : g->alpha * out[o - begin] + g->beta * *co;
    }
  }
}

/* C (m x n with m == 1 or n == 1) through matvec: vec = row 0 of op(A) or column 0 of op(B), strided by vstep. */
static int gemm_vector(int dtype, int trans_a, int trans_b, size_t m, size_t n, size_t k, double alpha, const char *a,
                       size_t lda, const char *b, size_t ldb, double beta, char *c, size_t ldc) {
  const size_t sz = dtype == TRUENO_F32 ? sizeof(float) : sizeof(double);
  gemv_job g = {.k = &trueno_k()->mat, .dtype = dtype, .len = k, .c = c, .alpha = alpha, .beta = beta};
  const char *vec;
  size_t vstep, outputs;
  if (m == 1) {
    vec = a, vstep = trans_a ? lda : 1, outputs = n, g.c_step = 1;
    g.mat = b, g.ld = ldb, g.by_rows = trans_b;
  } else {
    vec = b, vstep = trans_b ? 1 : ldb, outputs = m, g.c_step = ldc;
    g.mat = a, g.ld = lda, g.by_rows = !trans_a;
  }
  char *buf = malloc((outputs + k) * sz);
  if (!buf) return TRUENO_ENOMEM;
  g.out = buf;
  char *v = buf + outputs * sz;
  for (size_t p = 0; p < k; p++) memcpy(v + p * sz, vec + p * vstep * sz, sz);
  g.v = v;
  const size_t grain = GEMV_GRAIN_ELEMS / k + 1;
  trueno_parallel_for(outputs, g.by_rows ? grain : grain < 16 ? 16 : grain, g.by_rows ? 4 : 16, gemv_range, &g);
  free(buf);
  return TRUENO_OK;
}

int trueno_gemm_then(int dtype, int trans_a, int trans_b, size_t m, size_t n, size_t k, double alpha, const void *a,
                     size_t lda, const void *b, size_t ldb, double beta, void *c, size_t ldc,
                     trueno_gemm_epilogue epilogue, void *epilogue_ctx) {
  if (dtype != TRUENO_F32 && dtype != TRUENO_F64) return TRUENO_EINVAL;
  if (m == 0 || n == 0) return TRUENO_OK;
  if (!c || ldc < n) return TRUENO_EINVAL;
  if (k == 0 || m == 1 || n == 1) {
    if (k == 0) {
      scale_c(dtype, m, n, beta, c, ldc);
    } else {
      if (!a || !b || lda < (trans_a ? m : k) || ldb < (trans_b ? k : n)) return TRUENO_EINVAL;
      const int rc = gemm_vector(dtype, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
      if (rc != TRUENO_OK) return rc;
    }
    if (epilogue) epilogue(epilogue_ctx, 0, 0, m, n);
    return TRUENO_OK;
  }
  if (!a || !b || lda < (trans_a ? m : k) || ldb < (trans_b ? k : n)) return TRUENO_EINVAL;

  const trueno_matrix_kernels *mk = &trueno_k()->mat;
  gemm_job job = {
      .cfg = dtype == TRUENO_F32 ? &mk->sgemm : &mk->dgemm,
      .pack = dtype == TRUENO_F32 ? pack_f32 : pack_f64,
      .size = dtype == TRUENO_F32 ? sizeof(float) : sizeof(double),
      .m = m, .n = n, .k = k,
      .alpha = alpha, .beta = beta,
      .a = a, .b = b, .c = c,
      .a_rs = trans_a ? 1 : lda, .a_ps = trans_a ? lda : 1,
      .b_rs = trans_b ? ldb : 1, .b_ps = trans_b ? 1 : ldb,
      .ldc = ldc,
      .epilogue = epilogue, .epilogue_ctx = epilogue_ctx,
  };
  const double fmas = (double)m * (double)n * (double)k;
  const size_t workers = fmas >= GEMM_PARALLEL_MIN_FMAS ? (size_t)trueno_threads() : 1;
  return gemm_run(&job, workers);
}

int trueno_gemm(int dtype, int trans_a, int trans_b, size_t m, size_t n, size_t k, double alpha, const void *a,
                size_t lda, const void *b, size_t ldb, double beta, void *c, size_t ldc) {
  return trueno_gemm_then(dtype, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, NULL, NULL);
}
