/*
 * trueno_sort_indices and the radix sort behind it (and behind trueno_top_k's large-k path): a stable LSD radix sort
 * of (uint64 key, int32 row) pairs, 8 bits a pass. One read pass counts every digit's histogram, so passes whose
 * digit is the same for all pairs (the exponent byte of values of one magnitude, the high bytes of small integers)
 * are skipped. A pass cuts the pairs into fixed blocks: per-block histograms (parallel), offsets per (digit, block)
 * in that order, then each block scatters its pairs to its own offsets (parallel) - stable, so the result is the
 * same for any thread count. Several keys sort last key first, each pass stable (LSD over the keys too).
 */
#include "columnar/columnar.h"
#include "runtime/threadpool.h"

#include <stdlib.h>

#define RADIX 256
#define SORT_BLOCK ((size_t)1 << 16)

typedef struct {
  size_t n, nblocks;
  int shift;
  const uint64_t *key;
  const int32_t *idx;
  uint64_t *key_out;
  int32_t *idx_out;
  size_t *hist; /* nblocks x RADIX: counts, then start offsets */
  uint64_t (*all)[8][RADIX]; /* per block: the histograms of all 8 digits (the first pass only) */
} radix_job;

static void histogram_all(void *ctx, size_t begin, size_t end) {
  radix_job *j = ctx;
  for (size_t b = begin; b < end; b++) {
    uint64_t (*h)[RADIX] = j->all[b];
    memset(h, 0, sizeof j->all[b]);
    const size_t at = b * SORT_BLOCK, stop = at + SORT_BLOCK < j->n ? at + SORT_BLOCK : j->n;
    for (size_t i = at; i < stop; i++) {
      const uint64_t k = j->key[i];
      for (int d = 0; d < 8; d++) h[d][(k >> (8 * d)) & 0xff]++;
    }
  }
}

static void histogram_pass(void *ctx, size_t begin, size_t end) {
  radix_job *j = ctx;
  for (size_t b = begin; b < end; b++) {
    size_t *h = j->hist + b * RADIX;
    memset(h, 0, RADIX * sizeof(size_t));
    const size_t at = b * SORT_BLOCK, stop = at + SORT_BLOCK < j->n ? at + SORT_BLOCK : j->n;
    for (size_t i = at; i < stop; i++) h[(j->key[i] >> j->shift) & 0xff]++;
  }
}

static void scatter_pass(void *ctx, size_t begin, size_t end) {
  radix_job *j = ctx;
  for (size_t b = begin; b < end; b++) {
    size_t *h = j->hist + b * RADIX;
    const size_t at = b * SORT_BLOCK, stop = at + SORT_BLOCK < j->n ? at + SORT_BLOCK : j->n;
    for (size_t i = at; i < stop; i++) {
      const uint64_t k = j->key[i];
      const size_t to = h[(k >> j->shift) & 0xff]++;
      j->key_out[to] = k;
      j->idx_out[to] = j->idx[i];
    }
  }
}

int columnar_radix_sort(size_t n, uint64_t *key, int32_t *idx, uint64_t *key_tmp, int32_t *idx_tmp) {
  if (n < 2) return TRUENO_OK;
  radix_job j = {n, (n + SORT_BLOCK - 1) / SORT_BLOCK, 0, key, idx, key_tmp, idx_tmp, NULL, NULL};
  j.hist = malloc(j.nblocks * RADIX * sizeof(size_t));
  j.all = malloc(j.nblocks * sizeof *j.all);
  if (!j.hist || !j.all) {
    free(j.hist);
    free(j.all);
    return TRUENO_ENOMEM;
  }
  trueno_parallel_for(j.nblocks, 4, 1, histogram_all, &j);
  int skip[8];
  for (int d = 0; d < 8; d++) {
    uint64_t biggest = 0;
    for (int v = 0; v < RADIX; v++) {
      uint64_t c = 0;
      for (size_t b = 0; b < j.nblocks; b++) c += j.all[b][d][v];
      biggest = c > biggest ? c : biggest;
    }
    skip[d] = biggest == n; /* one digit value for every pair: the pass would not move anything */
  }
  free(j.all);
  uint64_t *k_in = key, *k_out = key_tmp;
  int32_t *i_in = idx, *i_out = idx_tmp;
  for (int d = 0; d < 8; d++) {
    if (skip[d]) continue;
    j.shift = 8 * d;
    j.key = k_in;
    j.idx = i_in;
    j.key_out = k_out;
    j.idx_out = i_out;
    trueno_parallel_for(j.nblocks, 4, 1, histogram_pass, &j);
    size_t sum = 0; /* start offsets in (digit, block) order: stable */
    for (int v = 0; v < RADIX; v++)
      for (size_t b = 0; b < j.nblocks; b++) {
        const size_t c = j.hist[b * RADIX + v];
        j.hist[b * RADIX + v] = sum;
        sum += c;
      }
    trueno_parallel_for(j.nblocks, 4, 1, scatter_pass, &j);
    uint64_t *tk = k_in; k_in = k_out; k_out = tk;
    int32_t *ti = i_in; i_in = i_out; i_out = ti;
  }
  if (k_in != key) {
    memcpy(key, k_in, n * sizeof(uint64_t));
    memcpy(idx, i_in, n * sizeof(int32_t));
  }
  free(j.hist);
  return TRUENO_OK;
}

typedef struct {
  size_t n;
  const double *col;
  int desc;
  const int32_t *order;
  uint64_t *key;
} gather_job;

/* key[i] = the sortable image of col[order[i]] (descending: complemented). */
static void gather_keys(void *ctx, size_t begin, size_t end) {
  const gather_job *j = ctx;
  const uint64_t flip = j->desc ? ~UINT64_C(0) : 0;
  for (size_t i = begin; i < end; i++) j->key[i] = columnar_order_key(j->col[j->order[i]]) ^ flip;
}

int trueno_sort_indices(size_t n, size_t m, const double *keys, const uint8_t *descending, int32_t *out) {
  if (n > INT32_MAX || columnar_mul(m, n) == SIZE_MAX) return TRUENO_EINVAL;
  if (n > 0 && (!out || (m > 0 && (!keys || !descending)))) return TRUENO_EINVAL;
  for (size_t i = 0; i < n; i++) out[i] = (int32_t)i;
  if (m == 0 || n < 2) return TRUENO_OK;
  uint64_t *key = malloc(n * sizeof(uint64_t)), *key_tmp = malloc(n * sizeof(uint64_t));
  int32_t *idx_tmp = malloc(n * sizeof(int32_t));
  int status = key && key_tmp && idx_tmp ? TRUENO_OK : TRUENO_ENOMEM;
  for (size_t c = m; c-- > 0 && status == TRUENO_OK;) {
    gather_job g = {n, keys + c * n, descending[c] != 0, out, key};
    trueno_parallel_for(n, SORT_BLOCK * 4, 1, gather_keys, &g);
    status = columnar_radix_sort(n, key, out, key_tmp, idx_tmp);
  }
  free(key);
  free(key_tmp);
  free(idx_tmp);
  return status;
}
