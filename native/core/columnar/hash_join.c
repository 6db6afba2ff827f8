/*
 * trueno_hash_join: the build rows are grouped by key (columnar_group: one table entry per distinct key) and listed
 * per group in ascending row order (a CSR: offsets, rows); each probe row looks its key up and emits the group's rows.
 * Probing runs over fixed blocks of probe rows in parallel: the first pass looks every probe row up (hashes of 16 rows
 * first, their table slots prefetched, so the cache misses of a big table overlap), keeps the group it found and
 * counts each block's pairs; the second writes every block's pairs at its known offset - the output is in probe-row
 * order whatever the threads. With one key column a lookup compares with the groups' dense key bits instead of
 * chasing the build row.
 */
#include "columnar/columnar.h"
#include "runtime/threadpool.h"

#include <stdlib.h>

typedef struct {
  size_t nb, m, np, capacity;
  const double *build_keys, *probe_keys;
  const uint8_t *probe_valid;
  const columnar_table *table;
  const int32_t *first_row; /* build row of each group (its key) */
  const int64_t *offsets;   /* group g's build rows are rows[offsets[g] .. offsets[g + 1]) */
  const int32_t *rows;
  const columnar_group_info *info; /* per group: its hash and (m == 1) canonical key bits */
  int32_t *probe_group;      /* the group of each probe row, or -1 */
  int64_t *block_pairs;     /* pass 1: pairs per probe block; pass 2: where each block's pairs start */
  int32_t *out_build, *out_probe;
  int write;
} join_job;

/* The group of probe row i with hash h, or -1. */
static inline int64_t find_group(const join_job *j, size_t i, uint64_t h) {
  if (j->m != 1)
    return columnar_table_find(j->table, h, j->probe_keys, j->np, j->m, i, j->build_keys, j->nb, j->first_row);
  const uint64_t key = columnar_key_bits(j->probe_keys[i]), tag = h >> 32;
  const columnar_table *t = j->table;
  for (size_t at = (size_t)h & t->mask;; at = (at + 1) & t->mask) {
    const uint64_t e = t->slots[at];
    if (e == COLUMNAR_EMPTY_SLOT) return -1;
    if ((e >> 32) == tag && j->info[(uint32_t)e - 1].key == key) return (int64_t)((uint32_t)e - 1);
  }
}

#define BATCH 16

static void join_range(void *ctx, size_t begin, size_t end) {
  join_job *j = ctx;
  for (size_t b = begin; b < end; b++) {
    const size_t at = b * COLUMNAR_BLOCK, stop = at + COLUMNAR_BLOCK < j->np ? at + COLUMNAR_BLOCK : j->np;
    if (!j->write) {
      int64_t pairs = 0;
      for (size_t i0 = at; i0 < stop; i0 += BATCH) {
        const size_t cnt = stop - i0 < BATCH ? stop - i0 : BATCH;
        uint64_t h[BATCH];
        for (size_t q = 0; q < cnt; q++) {
          h[q] = columnar_hash_row(j->probe_keys, j->np, j->m, i0 + q);
          __builtin_prefetch(j->table->slots + ((size_t)h[q] & j->table->mask));
        }
        for (size_t q = 0; q < cnt; q++) {
          const size_t i = i0 + q;
          const int64_t g = j->probe_valid && !j->probe_valid[i] ? -1 : find_group(j, i, h[q]);
          j->probe_group[i] = (int32_t)g;
          if (g >= 0) pairs += j->offsets[g + 1] - j->offsets[g];
        }
      }
      j->block_pairs[b] = pairs;
      continue;
    }
    size_t pos = (size_t)j->block_pairs[b];
    for (size_t i = at; i < stop && pos < j->capacity; i++) {
      const int32_t g = j->probe_group[i];
      if (g < 0) continue;
      for (int64_t k = j->offsets[g]; k < j->offsets[g + 1] && pos < j->capacity; k++, pos++) {
        j->out_build[pos] = j->rows[k];
        j->out_probe[pos] = (int32_t)i;
      }
    }
  }
}

int trueno_hash_join(size_t nb, size_t m, const double *build_keys, const uint8_t *build_valid, size_t np,
                     const double *probe_keys, const uint8_t *probe_valid, size_t capacity, int32_t *out_build,
                     int32_t *out_probe, int64_t *total) {
  if (!total || nb > INT32_MAX || np > INT32_MAX || columnar_mul(m, nb) == SIZE_MAX || columnar_mul(m, np) == SIZE_MAX)
    return TRUENO_EINVAL;
  if ((m > 0 && ((nb > 0 && !build_keys) || (np > 0 && !probe_keys))) || (capacity > 0 && (!out_build || !out_probe)))
    return TRUENO_EINVAL;
  if (nb == 0 || np == 0) {
    *total = 0;
    return TRUENO_OK;
  }
  int32_t *groups = malloc(nb * sizeof(int32_t)), *first_row = malloc(nb * sizeof(int32_t));
  int32_t *rows = malloc(nb * sizeof(int32_t));
  const size_t nblocks = (np + COLUMNAR_BLOCK - 1) / COLUMNAR_BLOCK;
  int64_t *block_pairs = malloc(nblocks * sizeof(int64_t));
  int64_t *offsets = NULL;
  int32_t *probe_group = malloc(np * sizeof(int32_t));
  columnar_table table = {0};
  columnar_group_info *info = NULL;
  size_t ng = 0;
  int status = groups && first_row && rows && block_pairs && probe_group ? TRUENO_OK : TRUENO_ENOMEM;
  if (status == TRUENO_OK) status = columnar_group(nb, m, build_keys, build_valid, groups, first_row, &ng, &table, &info);
  if (status == TRUENO_OK) {
    offsets = calloc(ng + 2, sizeof(int64_t));
    if (!offsets) status = TRUENO_ENOMEM;
  }
  if (status == TRUENO_OK) {
    /* the CSR of build rows per group, rows ascending within a group */
    for (size_t i = 0; i < nb; i++)
      if (groups[i] >= 0) offsets[groups[i] + 2]++;
    for (size_t g = 0; g < ng; g++) offsets[g + 2] += offsets[g + 1];
    for (size_t i = 0; i < nb; i++)
      if (groups[i] >= 0) rows[offsets[groups[i] + 1]++] = (int32_t)i;
    join_job j = {nb, m, np, capacity, build_keys, probe_keys, probe_valid, &table, first_row, offsets, rows,
                  info, probe_group, block_pairs, out_build, out_probe, 0};
    trueno_parallel_for(nblocks, 1, 1, join_range, &j);
    int64_t sum = 0;
    for (size_t b = 0; b < nblocks; b++) {
      const int64_t c = block_pairs[b];
      block_pairs[b] = sum;
      sum += c;
    }
    *total = sum;
    if (capacity > 0) {
      j.write = 1;
      trueno_parallel_for(nblocks, 1, 1, join_range, &j);
    }
  }
  columnar_table_free(&table);
  free(info);
  free(offsets);
  free(groups);
  free(first_row);
  free(rows);
  free(block_pairs);
  free(probe_group);
  return status;
}
