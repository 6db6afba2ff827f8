/*
 * trueno_hash_group and trueno_hash_join: open addressing with linear probing over power-of-two tables, a slot being
 * one uint64 (the hash's high 32 bits as a tag, then the group id + 1; 0 = empty), so a probe touches one cache line
 * and rarely compares keys it does not have to.
 *
 * Grouping in parallel with ids in order of first occurrence: fixed blocks of rows are grouped on their own (each
 * thread reuses one local table, cleared per block), writing block-local ids and each local group's first row; the
 * local groups then merge into one global table serially in block order (a local group list is in first-occurrence
 * order, so the global ids come out in first-occurrence order too), and a parallel pass maps the local ids to global
 * ones. With few groups the merge is tiny and the rows stream through L1-resident tables on both cores. Each group
 * keeps its hash (to re-place slots when a table grows) and, with one key column, its canonical key bits, so a probe
 * compares with a dense array instead of chasing the group's first row.
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

/* Doubles the capacity, re-placing every slot by its group's hash (the slot keeps only the tag). */
static int table_grow(columnar_table *t, const columnar_group_info *info) {
  const size_t cap = t->mask + 1;
  if (cap > SIZE_MAX / 16) return TRUENO_ENOMEM;
  uint64_t *slots = calloc(2 * cap, sizeof(uint64_t));
  if (!slots) return TRUENO_ENOMEM;
  const size_t mask = 2 * cap - 1;
  for (size_t s = 0; s < cap; s++) {
    const uint64_t e = t->slots[s];
    if (e == COLUMNAR_EMPTY_SLOT) continue;
    size_t at = (size_t)info[(uint32_t)e - 1].hash & mask;
    while (slots[at] != COLUMNAR_EMPTY_SLOT) at = (at + 1) & mask;
    slots[at] = e;
  }
  free(t->slots);
  t->slots = slots;
  t->mask = mask;
  return TRUENO_OK;
}

/* Inserts id with hash h (known absent); grows first when full. info[id].hash must hold h. */
static inline int table_insert(columnar_table *t, uint64_t h, uint32_t id, const columnar_group_info *info) {
  if (table_full(t->count + 1, t->mask + 1) && table_grow(t, info) != TRUENO_OK) return TRUENO_ENOMEM;
  size_t at = (size_t)h & t->mask;
  while (t->slots[at] != COLUMNAR_EMPTY_SLOT) at = (at + 1) & t->mask;
  t->slots[at] = (h >> 32) << 32 | (uint64_t)(id + 1);
  t->count++;
  return TRUENO_OK;
}

/*
 * The id of the group of row i (hash h) in t, or -1: with one key column by the groups' key bits, else by comparing
 * with each candidate's first row rep[id].
 */
static inline int64_t find(const columnar_table *t, uint64_t h, const double *keys, size_t n, size_t m, size_t i,
                           const int32_t *rep, const columnar_group_info *info) {
  if (m != 1) return columnar_table_find(t, h, keys, n, m, i, keys, n, rep);
  const uint64_t key = columnar_key_bits(keys[i]), tag = h >> 32;
  for (size_t at = (size_t)h & t->mask;; at = (at + 1) & t->mask) {
    const uint64_t e = t->slots[at];
    if (e == COLUMNAR_EMPTY_SLOT) return -1;
    if ((e >> 32) == tag && info[(uint32_t)e - 1].key == key) return (int64_t)((uint32_t)e - 1);
  }
}

/* Room for entry `id` in a growing info array. */
static int info_room(columnar_group_info **info, size_t *cap, size_t id) {
  if (id < *cap) return TRUENO_OK;
  const size_t more = *cap * 2 > id ? *cap * 2 : id + 1;
  columnar_group_info *p = realloc(*info, more * sizeof(columnar_group_info));
  if (!p) return TRUENO_ENOMEM;
  *info = p;
  *cap = more;
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
static int group_block(group_job *j, size_t b, columnar_table *t, columnar_group_info **info, size_t *icap) {
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
    int64_t id = find(t, h, j->keys, j->n, j->m, i, first, *info);
    if (id < 0) {
      id = (int64_t)t->count;
      if (info_room(info, icap, (size_t)id) != TRUENO_OK) return TRUENO_ENOMEM;
      (*info)[id] = (columnar_group_info){h, j->m == 1 ? columnar_key_bits(j->keys[i]) : 0};
      first[id] = (int32_t)i;
      if (table_insert(t, h, (uint32_t)id, *info) != TRUENO_OK) return TRUENO_ENOMEM;
    }
    j->groups[i] = (int32_t)id;
  }
  j->local_count[b] = (int64_t)t->count;
  return TRUENO_OK;
}

static void group_range(void *ctx, size_t begin, size_t end) {
  group_job *j = ctx;
  columnar_table t;
  size_t icap = 256;
  columnar_group_info *info = malloc(icap * sizeof(columnar_group_info));
  if (!info || columnar_table_init(&t, 0) != TRUENO_OK) {
    free(info);
    for (size_t b = begin; b < end; b++) j->local_count[b] = -1;
    return;
  }
  for (size_t b = begin; b < end; b++)
    if (group_block(j, b, &t, &info, &icap) != TRUENO_OK) j->local_count[b] = -1;
  columnar_table_free(&t);
  free(info);
}

/* group_range over blocks [1 + begin, 1 + end) (block 0 is grouped first, alone). */
static void group_range_rest(void *ctx, size_t begin, size_t end) { group_range(ctx, begin + 1, end + 1); }

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

/*
 * Many groups (the first block alone has more than 1/8 of its rows as groups): local tables would hold nearly every
 * row and the merge would probe the global table once per row anyway, so one pass goes straight to the global table,
 * 16 hashes ahead with their slots prefetched (the table outgrows the caches). Same ids as the block path.
 */
#define SERIAL_BATCH 16
static int group_serial(size_t n, size_t m, const double *keys, const uint8_t *valid, int32_t *groups,
                        int32_t *first_row, size_t *n_groups, columnar_table *t, columnar_group_info **info_out) {
  size_t icap = 1024, g = 0;
  columnar_group_info *info = malloc(icap * sizeof(columnar_group_info));
  if (!info || columnar_table_init(t, n / 4) != TRUENO_OK) {
    free(info);
    return TRUENO_ENOMEM;
  }
  for (size_t i0 = 0; i0 < n; i0 += SERIAL_BATCH) {
    const size_t cnt = n - i0 < SERIAL_BATCH ? n - i0 : SERIAL_BATCH;
    uint64_t h[SERIAL_BATCH];
    for (size_t q = 0; q < cnt; q++) {
      h[q] = columnar_hash_row(keys, n, m, i0 + q);
      __builtin_prefetch(t->slots + ((size_t)h[q] & t->mask));
    }
    for (size_t q = 0; q < cnt; q++) {
      const size_t i = i0 + q;
      if (valid && !valid[i]) {
        groups[i] = -1;
        continue;
      }
      int64_t id = find(t, h[q], keys, n, m, i, first_row, info);
      if (id < 0) {
        id = (int64_t)g;
        if (info_room(&info, &icap, g) != TRUENO_OK) {
          free(info);
          return TRUENO_ENOMEM;
        }
        info[g] = (columnar_group_info){h[q], m == 1 ? columnar_key_bits(keys[i]) : 0};
        first_row[g++] = (int32_t)i;
        if (table_insert(t, h[q], (uint32_t)id, info) != TRUENO_OK) {
          free(info);
          return TRUENO_ENOMEM;
        }
      }
      groups[i] = (int32_t)id;
    }
  }
  *n_groups = g;
  *info_out = info;
  return TRUENO_OK;
}

int columnar_group(size_t n, size_t m, const double *keys, const uint8_t *valid, int32_t *groups, int32_t *first_row,
                   size_t *n_groups, columnar_table *keep, columnar_group_info **keep_info) {
  *n_groups = 0;
  if (n == 0) {
    if (!keep) return TRUENO_OK;
    *keep_info = malloc(sizeof(columnar_group_info));
    return *keep_info && columnar_table_init(keep, 0) == TRUENO_OK ? TRUENO_OK : TRUENO_ENOMEM;
  }
  group_job j = {n, m, (n + COLUMNAR_BLOCK - 1) / COLUMNAR_BLOCK, keys, valid, groups, first_row, NULL, NULL, NULL};
  j.local_count = malloc(j.nblocks * sizeof(int64_t));
  size_t *map_at = malloc((j.nblocks + 1) * sizeof(size_t));
  if (!j.local_count || !map_at) {
    free(j.local_count);
    free(map_at);
    return TRUENO_ENOMEM;
  }
  /* the first block decides the way (a property of the data, so the same for any thread count) */
  group_range(&j, 0, 1);
  if (j.local_count[0] > (int64_t)(COLUMNAR_BLOCK / 8)) {
    free(j.local_count);
    free(map_at);
    columnar_table t = {0};
    columnar_group_info *info = NULL;
    const int st = group_serial(n, m, keys, valid, groups, first_row, n_groups, &t, &info);
    if (st == TRUENO_OK && keep) {
      *keep = t;
      *keep_info = info;
    } else {
      columnar_table_free(&t);
      free(info);
    }
    return st;
  }
  if (j.nblocks > 1) trueno_parallel_for(j.nblocks - 1, 2, 1, group_range_rest, &j);
  int status = TRUENO_OK;
  map_at[0] = 0;
  for (size_t b = 0; b < j.nblocks; b++) {
    if (j.local_count[b] < 0) status = TRUENO_ENOMEM;
    map_at[b + 1] = map_at[b] + (size_t)(j.local_count[b] < 0 ? 0 : j.local_count[b]);
  }
  /* the local group counts add up to at most the global one: size the table once for that */
  const size_t bound = map_at[j.nblocks];
  int32_t *map = status == TRUENO_OK ? malloc((bound + 1) * sizeof(int32_t)) : NULL;
  size_t icap = 256;
  columnar_group_info *info = malloc(icap * sizeof(columnar_group_info));
  columnar_table t = {0};
  if (!map || !info || columnar_table_init(&t, bound) != TRUENO_OK) status = TRUENO_ENOMEM;
  /* the serial merge in block order (see the top of the file for why first_row can hold both lists) */
  size_t g = 0;
  for (size_t b = 0; b < j.nblocks && status == TRUENO_OK; b++) {
    const int32_t *local_first = first_row + b * COLUMNAR_BLOCK;
    for (size_t l = 0; l < (size_t)j.local_count[b]; l++) {
      const int32_t row = local_first[l];
      const uint64_t h = columnar_hash_row(keys, n, m, (size_t)row);
      int64_t id = find(&t, h, keys, n, m, (size_t)row, first_row, info);
      if (id < 0) {
        id = (int64_t)g;
        if (info_room(&info, &icap, g) != TRUENO_OK) {
          status = TRUENO_ENOMEM;
          break;
        }
        info[g] = (columnar_group_info){h, m == 1 ? columnar_key_bits(keys[row]) : 0};
        first_row[g] = row; /* g <= the position of local entry l, which is read already */
        g++;
        if (table_insert(&t, h, (uint32_t)id, info) != TRUENO_OK) {
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
    *keep_info = info;
  } else {
    columnar_table_free(&t);
    free(info);
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
