/*
 * trueno_top_k: ORDER BY x [DESC] LIMIT k without a full sort. Values map to order-preserving uint64 keys
 * (complemented for DESC), so "comes first" is one unsigned compare and ties go to the lower row. Each block of rows
 * keeps its best k in a heap whose worst entry is the threshold: a row enters only when its key is strictly below it
 * (a later row with an equal key never beats an earlier one), so after the first k rows the scan is a compare that
 * almost never fires. The blocks' lists (each sorted) are concatenated in block order and radix-sorted (stable), so
 * ties keep row order; the first k win. A large k (more than a quarter of a block) sorts all valid rows instead.
 */
#include "columnar/columnar.h"
#include "runtime/threadpool.h"

#include <stdlib.h>

typedef struct {
  uint64_t key;
  int32_t row;
} ranked;

typedef struct {
  size_t n, k;
  const double *x;
  const uint8_t *valid;
  uint64_t flip;    /* ~0 for DESC */
  ranked *best;     /* nblocks x k */
  size_t *found;    /* per block: entries in best */
} topk_job;

/* The value of an ascending order key (canonical: -0 comes back as +0, NaN as the one NaN). */
static double key_value(uint64_t key) {
  const uint64_t b = (key >> 63) ? key & ~UINT64_C(0x8000000000000000) : ~key;
  double v;
  memcpy(&v, &b, sizeof v);
  return v;
}

/* Sift-down in a max-heap of (key, row) (the worst entry on top). */
static void sift_down(ranked *h, size_t len, size_t at) {
  for (;;) {
    size_t c = 2 * at + 1;
    if (c >= len) return;
    if (c + 1 < len && (h[c + 1].key > h[c].key || (h[c + 1].key == h[c].key && h[c + 1].row > h[c].row))) c++;
    if (h[c].key < h[at].key || (h[c].key == h[at].key && h[c].row < h[at].row)) return;
    const ranked t = h[c];
    h[c] = h[at];
    h[at] = t;
    at = c;
  }
}

static void sift_up(ranked *h, size_t at) {
  while (at > 0) {
    const size_t p = (at - 1) / 2;
    if (h[p].key > h[at].key || (h[p].key == h[at].key && h[p].row > h[at].row)) return;
    const ranked t = h[p];
    h[p] = h[at];
    h[at] = t;
    at = p;
  }
}

static void topk_range(void *ctx, size_t begin, size_t end) {
  topk_job *j = ctx;
  for (size_t b = begin; b < end; b++) {
    ranked *h = j->best + b * j->k;
    const size_t at = b * COLUMNAR_BLOCK, stop = at + COLUMNAR_BLOCK < j->n ? at + COLUMNAR_BLOCK : j->n;
    size_t len = 0, i = at;
    for (; i < stop && len < j->k; i++) { /* fill */
      if (j->valid && !j->valid[i]) continue;
      h[len] = (ranked){columnar_order_key(j->x[i]) ^ j->flip, (int32_t)i};
      sift_up(h, len++);
    }
    if (len == j->k) {
      /* Steady state: a row can only enter when its value beats the worst kept one, tested 8 rows at a time without
         a branch in the double domain (v > t, or v NaN while t is not, for DESC; v < t, or t NaN while v is not, for
         ASC: exactly "key < threshold", as equal keys never enter); only a group with a candidate goes row by row. */
      const double *x = j->x;
      const uint8_t *valid = j->valid;
      const uint64_t flip = j->flip;
      const int desc = flip != 0;
      double t = key_value(h[0].key ^ flip);
      for (; i + 8 <= stop; i += 8) {
        i += columnar_skip_worse(x + i, stop - i, t, desc);
        if (i + 8 > stop) break;
        int any = 0;
        if (desc) {
          if (t == t) for (int q = 0; q < 8; q++) any |= (x[i + q] > t) | (x[i + q] != x[i + q]);
        } else {
          if (t == t) for (int q = 0; q < 8; q++) any |= x[i + q] < t;
          else for (int q = 0; q < 8; q++) any |= x[i + q] == x[i + q];
        }
        if (!any) continue;
        for (size_t e = i; e < i + 8; e++) {
          if (valid && !valid[e]) continue;
          const uint64_t key = columnar_order_key(x[e]) ^ flip;
          if (key < h[0].key) {
            h[0] = (ranked){key, (int32_t)e};
            sift_down(h, len, 0);
          }
        }
        t = key_value(h[0].key ^ flip);
      }
      for (; i < stop; i++) {
        if (valid && !valid[i]) continue;
        const uint64_t key = columnar_order_key(x[i]) ^ flip;
        if (key < h[0].key) {
          h[0] = (ranked){key, (int32_t)i};
          sift_down(h, len, 0);
        }
      }
    }
    j->found[b] = len;
  }
}

/* The first k valid rows in key order (ties by row) into out; the count written (0 with *status set on failure). */
static size_t top_values(const topk_job *j, size_t k, int32_t *out, int *status) {
  const size_t n = j->n, nblocks = (n + COLUMNAR_BLOCK - 1) / COLUMNAR_BLOCK;
  if (k == 0) return 0;
  if (k > COLUMNAR_BLOCK / 4) { /* sort every valid row */
    uint64_t *key = malloc(n * sizeof(uint64_t)), *key_tmp = malloc(n * sizeof(uint64_t));
    int32_t *idx = malloc(n * sizeof(int32_t)), *idx_tmp = malloc(n * sizeof(int32_t));
    size_t len = 0;
    if (key && key_tmp && idx && idx_tmp) {
      for (size_t i = 0; i < n; i++) {
        if (j->valid && !j->valid[i]) continue;
        key[len] = columnar_order_key(j->x[i]) ^ j->flip;
        idx[len++] = (int32_t)i;
      }
      *status = columnar_radix_sort(len, key, idx, key_tmp, idx_tmp);
      if (len > k) len = k;
      if (*status == TRUENO_OK) memcpy(out, idx, len * sizeof(int32_t));
    } else {
      *status = TRUENO_ENOMEM;
    }
    free(key);
    free(key_tmp);
    free(idx);
    free(idx_tmp);
    return *status == TRUENO_OK ? len : 0;
  }
  topk_job job = *j;
  job.k = k;
  job.best = malloc(nblocks * k * sizeof(ranked));
  job.found = malloc(nblocks * sizeof(size_t));
  uint64_t *key = malloc(nblocks * k * sizeof(uint64_t)), *key_tmp = malloc(nblocks * k * sizeof(uint64_t));
  int32_t *idx = malloc(nblocks * k * sizeof(int32_t)), *idx_tmp = malloc(nblocks * k * sizeof(int32_t));
  size_t len = 0;
  *status = job.best && job.found && key && key_tmp && idx && idx_tmp ? TRUENO_OK : TRUENO_ENOMEM;
  if (*status == TRUENO_OK) {
    trueno_parallel_for(nblocks, 4, 1, topk_range, &job);
    /* each block's heap sorted by (key, row) (heapsort), concatenated in block order: a stable sort by key then
       keeps equal keys in row order */
    for (size_t b = 0; b < nblocks; b++) {
      ranked *h = job.best + b * k;
      for (size_t e = job.found[b]; e > 1; e--) {
        const ranked t = h[0];
        h[0] = h[e - 1];
        h[e - 1] = t;
        sift_down(h, e - 1, 0);
      }
      for (size_t e = 0; e < job.found[b]; e++) {
        key[len] = h[e].key;
        idx[len++] = h[e].row;
      }
    }
    *status = columnar_radix_sort(len, key, idx, key_tmp, idx_tmp);
    if (len > k) len = k;
    if (*status == TRUENO_OK) memcpy(out, idx, len * sizeof(int32_t));
  }
  free(job.best);
  free(job.found);
  free(key);
  free(key_tmp);
  free(idx);
  free(idx_tmp);
  return *status == TRUENO_OK ? len : 0;
}

int trueno_top_k(size_t n, const double *x, const uint8_t *valid, size_t k, int descending, int nulls_first,
                 int32_t *out, int64_t *written) {
  if (!written || n > INT32_MAX) return TRUENO_EINVAL;
  if (k > n) k = n;
  if (n > 0 && !x) return TRUENO_EINVAL;
  if (k > 0 && !out) return TRUENO_EINVAL;
  size_t nulls = 0;
  if (valid)
    for (size_t i = 0; i < n; i++) nulls += valid[i] == 0;
  const topk_job j = {n, k, x, valid, descending ? ~UINT64_C(0) : 0, NULL, NULL};
  size_t len = 0;
  int status = TRUENO_OK;
  if (nulls_first) { /* the first nulls in row order, then the values */
    for (size_t i = 0; i < n && len < k && nulls > 0; i++)
      if (!valid[i]) out[len++] = (int32_t)i;
    len += top_values(&j, k - len, out + len, &status);
  } else {
    len = top_values(&j, k < n - nulls ? k : n - nulls, out, &status);
    for (size_t i = 0; i < n && len < k && nulls > 0; i++)
      if (!valid[i]) out[len++] = (int32_t)i;
  }
  if (status != TRUENO_OK) return status;
  *written = (int64_t)len;
  return TRUENO_OK;
}
