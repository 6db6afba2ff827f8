/*
 * trueno_gemm with a pass of the caller's over each block of C right after the block's last K slice is written,
 * while it is still in cache (pdist2 adds the row norms and clamps there instead of re-reading all of C).
 */
#ifndef TRUENO_GEMM_EPILOGUE_H
#define TRUENO_GEMM_EPILOGUE_H

#include <stddef.h>

/*
 * Called once for every element of C, in blocks of rows [i0, i0 + rows) x columns [j0, j0 + cols) that do not
 * overlap, possibly from several threads at once; the block holds the final product when it is called.
 */
typedef void (*trueno_gemm_epilogue)(void *ctx, size_t i0, size_t j0, size_t rows, size_t cols);

/* trueno_gemm (trueno.h), then epilogue over every block of C; a NULL epilogue is plain trueno_gemm. */
int trueno_gemm_then(int dtype, int trans_a, int trans_b, size_t m, size_t n, size_t k, double alpha, const void *a,
                     size_t lda, const void *b, size_t ldb, double beta, void *c, size_t ldc,
                     trueno_gemm_epilogue epilogue, void *epilogue_ctx);

#endif
