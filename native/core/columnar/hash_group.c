/*
 * trueno_hash_group and trueno_hash_join: open addressing with linear probing over power-of-two tables, a slot being
 * one uint64 (the hash's high 32 bits as a tag, then the group id + 1; 0 = empty), so a probe touches one cache line
 * and rarely compares keys it does not have to.
 *
 * Grouping in parallel with ids in order of first occurrence: fixed blocks of rows are grouped on their own (each
 * thread reuses one local table, cleared per block), writing block-local ids and each local group's first row; the
 * local groups then merge into one global table serially in block order (a local group list is in first-occurrence
 * order, so the global ids come out in first-occurrence order too), and a parallel pass maps the local ids to global
 * ones. With few groups the merge is tiny and the rows stream through L1-resident tables on both cores.
 */
#include "columnar/columnar.h"
#include "runtime/threadpool.h"

#include <stdlib.h>


/* Grow when count > capacity * 7 / 10. */
static int table_full(size_t count, size_t cap) { return count * 10 > cap * 7; }

int columnar_table_init(columnar_table *t, size_t want) {
  size_t cap = 64;
  while (table_full(want, cap)) {
    if (cap > SIZE_MAX / 16) return TRUENO_ENOMEM;
    cap <<= 1;
  }
  t->slots = calloc(cap, sizeof(uint64_t));
  t->mask = cap - 1;
  t->count = 0;
  return t->slots ? TRUENO_OK : TRUENO_ENOMEM;
}

void columnar_table_free(columnar_table *t) {
  free(t->slots);
  t->slots = NULL;
}

/* Doubles the capacity, re-placing every slot by its tag... which is not the index: so the hashes are kept apart. */
static int table_grow(columnar_table *t, const uint64_t *hashes) {
  const size_t cap = t->mask + 1;
  if (cap > SIZE_MAX / 16) return TRUENO_ENOMEM;
  uint64_t *slots = calloc(2 * cap, sizeof(uint64_t));
  if (!slots) return TRUENO_ENOMEM;
  const size_t mask = 2 * cap - 1;
  for (size_t s = 0; s < cap; s++) {
    const uint64_t e = t->slots[s];
    if (e == COLUMNAR_EMPTY_SLOT) continue;
    size_t at = (size_t)hashes[(uint32_t)e - 1] & mask;
    while (slots[at] != COLUMNAR_EMPTY_SLOT) at = (at + 1) & mask;
    slots[at] = e;
  }
  free(t->slots);
  t->slots = slots;
  t->mask = mask;
  return TRUENO_OK;
}

/* Inserts id with hash h (known absent); grows first when full. hashes[id] must hold h. */
static inline int table_insert(columnar_table *t, uint64_t h, uint32_t id, const uint64_t *hashes) {
  if (table_full(t->count + 1, t->mask + 1) && table_grow(t, hashes) != TRUENO_OK) return TRUENO_ENOMEM;
  size_t at = (size_t)h & t->mask;
  while (t->slots[at] != COLUMNAR_EMPTY_SLOT) at = (at + 1) & t->mask;
  t->slots[at] = (h >> 32) << 32 | (uint64_t)(id + 1);
  t->count++;
  return TRUENO_OK;
}

typedef struct {
  size_t n, m, nblocks;
  const double *keys;
  const uint8_t *valid;
  int32_t *groups, *first_row;
  int64_t *local_count; /* per block; -1 when out of memory */
  const int32_t *map;   /* the remap pass: local -> global ids, block b's from map_at[b] */
  const size_t *map_at;
} group_job;

/* Groups one block with a local table (reset here) and hash scratch; local ids into groups, first rows into
 * first_row[at ..]. */
static int group_block(group_job *j, size_t b, columnar_table *t, uint64_t **hashes, size_t *hcap) {
  const size_t at = b * COLUMNAR_BLOCK, end = at + COLUMNAR_BLOCK < j->n ? at + COLUMNAR_BLOCK : j->n;
  memset(t->slots, 0, (t->mask + 1) * sizeof(uint64_t));
  t->count = 0;
  int32_t *first = j->first_row + at;
  for (size_t i = at; i < end; i++) {
    if (j->valid && !j->valid[i]) {
      j->groups[i] = -1;
      continue;
    }
    const uint64_t h = columnar_hash_row(j->keys, j->n, j->m, i);
    int64_t id = columnar_table_find(t, h, j->keys, j->n, j->m, i, j->keys, j->n, first);
    if (id < 0) {
      id = (int64_t)t->count;
      if ((size_t)id >= *hcap) { /* hashes of the local groups, for re-placing slots when the table grows */
        const size_t cap = *hcap * 2;
        uint64_t *more = realloc(*hashes, cap * sizeof(uint64_t));
        if (!more) return TRUENO_ENOMEM;
        *hashes = more;
        *hcap = cap;
      }
      (*hashes)[id] = h;
      first[id] = (int32_t)i;
      if (table_insert(t, h, (uint32_t)id, *hashes) != TRUENO_OK) return TRUENO_ENOMEM;
    }
    j->groups[i] = (int32_t)id;
  }
  j->local_count[b] = (int64_t)t->count;
  return TRUENO_OK;
}

static void group_range(void *ctx, size_t begin, size_t end) {
  group_job *j = ctx;
  columnar_table t;
  size_t hcap = 256;
  uint64_t *hashes = malloc(hcap * sizeof(uint64_t));
  if (!hashes || columnar_table_init(&t, 0) != TRUENO_OK) {
    free(hashes);
    for (size_t b = begin; b < end; b++) j->local_count[b] = -1;
    return;
  }
  for (size_t b = begin; b < end; b++)
    if (group_block(j, b, &t, &hashes, &hcap) != TRUENO_OK) j->local_count[b] = -1;
  columnar_table_free(&t);
  free(hashes);
}

static void remap_range(void *ctx, size_t begin, size_t end) {
  const group_job *j = ctx;
  for (size_t b = begin; b < end; b++) {
    const size_t at = b * COLUMNAR_BLOCK, stop = at + COLUMNAR_BLOCK < j->n ? at + COLUMNAR_BLOCK : j->n;
    const int32_t *map = j->map + j->map_at[b];
    for (size_t i = at; i < stop; i++) {
      const int32_t l = j->groups[i];
      j->groups[i] = l < 0 ? -1 : map[l];
    }
  }
}

int columnar_group(size_t n, size_t m, const double *keys, const uint8_t *valid, int32_t *groups, int32_t *first_row,
                   size_t *n_groups, columnar_table *keep, uint64_t **keep_hashes) {
  *n_groups = 0;
  if (n == 0) return keep ? columnar_table_init(keep, 0) : TRUENO_OK;
  group_job j = {n, m, (n + COLUMNAR_BLOCK - 1) / COLUMNAR_BLOCK, keys, valid, groups, first_row, NULL, NULL, NULL};
  j.local_count = malloc(j.nblocks * sizeof(int64_t));
  size_t *map_at = malloc((j.nblocks + 1) * sizeof(size_t));
  if (!j.local_count || !map_at) {
    free(j.local_count);
    free(map_at);
    return TRUENO_ENOMEM;
  }
  trueno_parallel_for(j.nblocks, 2, 1, group_range, &j);
  int status = TRUENO_OK;
  map_at[0] = 0;
  for (size_t b = 0; b < j.nblocks; b++) {
    if (j.local_count[b] < 0) status = TRUENO_ENOMEM;
    map_at[b + 1] = map_at[b] + (size_t)(j.local_count[b] < 0 ? 0 : j.local_count[b]);
  }
  int32_t *map = status == TRUENO_OK ? malloc((map_at[j.nblocks] + 1) * sizeof(int32_t)) : NULL;
  size_t hcap = 256;
  uint64_t *hashes = malloc(hcap * sizeof(uint64_t));
  columnar_table t = {0};
  if (!map || !hashes || columnar_table_init(&t, 0) != TRUENO_OK) status = TRUENO_ENOMEM;
  /* the serial merge in block order (see the top of the file for why first_row can hold both lists) */
  size_t g = 0;
  for (size_t b = 0; b < j.nblocks && status == TRUENO_OK; b++) {
    const int32_t *local_first = first_row + b * COLUMNAR_BLOCK;
    for (size_t l = 0; l < (size_t)j.local_count[b]; l++) {
      const int32_t row = local_first[l];
      const uint64_t h = columnar_hash_row(keys, n, m, (size_t)row);
      int64_t id = columnar_table_find(&t, h, keys, n, m, (size_t)row, keys, n, first_row);
      if (id < 0) {
        id = (int64_t)g;
        if (g >= hcap) {
          uint64_t *more = realloc(hashes, 2 * hcap * sizeof(uint64_t));
          if (!more) {
            status = TRUENO_ENOMEM;
            break;
          }
          hashes = more;
          hcap *= 2;
        }
        hashes[g] = h;
        first_row[g] = row; /* g <= the position of local entry l, which is read already */
        g++;
        if (table_insert(&t, h, (uint32_t)id, hashes) != TRUENO_OK) {
          status = TRUENO_ENOMEM;
          break;
        }
      }
      map[map_at[b] + l] = (int32_t)id;
    }
  }
  if (status == TRUENO_OK) {
    j.map = map;
    j.map_at = map_at;
    trueno_parallel_for(j.nblocks, 4, 1, remap_range, &j);
    *n_groups = g;
  }
  free(j.local_count);
  free(map_at);
  free(map);
  if (status == TRUENO_OK && keep) {
    *keep = t;
    *keep_hashes = hashes;
  } else {
    columnar_table_free(&t);
    free(hashes);
  }
  return status;
}

int trueno_hash_group(size_t n, size_t m, const double *keys, int32_t *groups, int32_t *first_row, int64_t *n_out) {
  if (!n_out || n > INT32_MAX || columnar_mul(m, n) == SIZE_MAX) return TRUENO_EINVAL;
  if (n > 0 && (!groups || !first_row || (m > 0 && !keys))) return TRUENO_EINVAL;
  size_t g = 0;
  const int status = columnar_group(n, m, keys, NULL, groups, first_row, &g, NULL, NULL);
  if (status == TRUENO_OK) *n_out = (int64_t)g;
  return status;
}
