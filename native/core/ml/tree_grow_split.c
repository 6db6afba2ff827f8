/*
 * The splitters of trueno_tree_grow (scikit-learn's _splitter.pyx semantics): features drawn per node by rand_r's
 * Fisher-Yates draw with constant-feature tracking; the best splitter sorts a node's samples by each drawn feature
 * (a stable LSD radix sort on an order-preserving key for large nodes, insertion sort for small ones: ties keep the
 * node's order, as the reference's stable sort does) and scans every boundary; the random splitter draws one
 * threshold per feature. Two-class gini and one-output regression scan with their sums in registers.
 */
#include "trueno.h"
#include "tree_grow.h"

#include <math.h>
#include <string.h>

/* ---- random draws (scikit-learn's rand_r, rand_int, rand_uniform) --------------------------------------------- */

static uint32_t rand_r_next(uint32_t *state) {
  uint32_t s = *state;
  if (s == 0) s = 1;
  s ^= s << 13;
  s ^= s >> 17;
  s ^= s << 5;
  *state = s;
  return s % (TG_RAND_R_MAX + 1u);
}

static size_t rand_int(uint32_t *state, size_t low, size_t high) {
  return low + rand_r_next(state) % (high - low);
}

static double rand_uniform(uint32_t *state, double low, double high) {
  return (high - low) * (double)rand_r_next(state) / (double)TG_RAND_R_MAX + low;
}

/* ---- sorting a node's samples by one feature ------------------------------------------------------------------ */

/* Below this many samples a node sorts by insertion; above, by radix. */
#define INSERTION_MAX 24

/* An unsigned key ordered as the float (-0 and +0 one key, so that the sort keeps them in order, as a compare does). */
static inline uint32_t float_key(float v) {
  v += 0.0f;
  uint32_t b;
  memcpy(&b, &v, sizeof b);
  return (b & 0x80000000u) ? ~b : (b | 0x80000000u);
}

/* The float of a key (a zero comes back as +0). */
static inline float key_float(uint32_t key) {
  const uint32_t b = (key & 0x80000000u) ? (key ^ 0x80000000u) : ~key;
  float v;
  memcpy(&v, &b, sizeof v);
  return v;
}

/*
 * Stable LSD radix sort of keys[0, m) (value key in the high 32 bits) in `passes` digits of `bits` bits each;
 * returns the buffer that holds the result (keys or tmp). A pass whose digit is the same for every key is skipped.
 */
static uint64_t *radix_sort(uint64_t *keys, uint64_t *tmp, size_t m, uint32_t *hist, unsigned bits, unsigned passes) {
  const size_t buckets = (size_t)1 << bits;
  const uint32_t mask = (uint32_t)buckets - 1;
  memset(hist, 0, passes * buckets * sizeof *hist);
  for (size_t a = 0; a < m; a++) {
    const uint32_t key = (uint32_t)(keys[a] >> 32);
    for (unsigned pass = 0; pass < passes; pass++) hist[pass * buckets + (key >> (bits * pass) & mask)]++;
  }
  for (unsigned pass = 0; pass < passes; pass++) {
    uint32_t *h = hist + pass * buckets;
    const unsigned shift = 32 + bits * pass;
    if (h[(keys[0] >> shift) & mask] == m) continue;
    uint32_t sum = 0;
    for (size_t b = 0; b < buckets; b++) {
      const uint32_t count = h[b];
      h[b] = sum;
      sum += count;
    }
    for (size_t a = 0; a < m; a++) tmp[h[(keys[a] >> shift) & mask]++] = keys[a];
    uint64_t *t = keys;
    keys = tmp;
    tmp = t;
  }
  return keys;
}

/* Sorts samples[start, end) stably by column col, leaving the sorted values (zeros as +0) in values[start, end). */
static void sort_by_feature(tg_splitter *sp, const float *col, size_t start, size_t end) {
  int32_t *s = sp->samples + start;
  float *v = sp->values + start;
  const size_t m = end - start;
  if (m <= INSERTION_MAX) {
    for (size_t a = 0; a < m; a++) {
      const int32_t si = s[a];
      const float vi = col[si] + 0.0f;
      size_t b = a;
      while (b > 0 && v[b - 1] > vi) {
        v[b] = v[b - 1];
        s[b] = s[b - 1];
        b--;
      }
      v[b] = vi;
      s[b] = si;
    }
    return;
  }
  uint64_t *keys = sp->keys;
  for (size_t a = 0; a < m; a++) keys[a] = (uint64_t)float_key(col[s[a]]) << 32 | (uint32_t)s[a];
  /* 11-bit digits (3 passes, 24 KiB of counts) pay off on large nodes, bytes (4 passes, 4 KiB) on the others. */
  keys = m >= 4096 ? radix_sort(keys, sp->keys_tmp, m, sp->hist, 11, 3) : radix_sort(keys, sp->keys_tmp, m, sp->hist, 8, 4);
  for (size_t a = 0; a < m; a++) {
    s[a] = (int32_t)(uint32_t)keys[a];
    v[a] = key_float((uint32_t)(keys[a] >> 32));
  }
}

/* ---- splitters ------------------------------------------------------------------------------------------------ */

static void swap_i32(int32_t *a, size_t i, size_t j) {
  const int32_t t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/* Puts samples[start, end) with x <= threshold first (values too when keep_values); returns where the rest begin. */
static size_t partition(tg_splitter *sp, size_t start, size_t end, const float *col, double threshold, int keep_values) {
  int32_t *s = sp->samples;
  float *v = sp->values;
  size_t p = start, part_end = end;
  while (p < part_end) {
    const double x = keep_values ? (double)v[p] : (double)col[s[p]];
    if (x <= threshold) {
      p++;
    } else {
      part_end--;
      swap_i32(s, p, part_end);
      if (keep_values) {
        const float t = v[p];
        v[p] = v[part_end];
        v[part_end] = t;
      }
    }
  }
  return part_end;
}

/*
 * Puts samples[start, end) with col[sample] <= threshold first, each side in its former order (branch-free, through
 * tmp: end - start indices). For order-free trees: the samples stay in increasing order from the root down, so that
 * gathering a column over a node reads it front to back.
 */
static size_t partition_stable(tg_splitter *sp, size_t start, size_t end, const float *col, double threshold,
                               int32_t *tmp) {
  int32_t *s = sp->samples;
  size_t l = start, r = 0;
  for (size_t p = start; p < end; p++) {
    const int32_t si = s[p];
    const int goes = (double)col[si] <= threshold;
    s[l] = si;
    tmp[r] = si;
    l += (size_t)goes;
    r += (size_t)!goes;
  }
  memcpy(s + l, tmp, r * sizeof *s);
  return l;
}

/* Gathers column col over samples[start, end) into values[start, end); returns its least and largest value. */
static void gather(tg_splitter *sp, const float *col, size_t start, size_t end, float *lo, float *hi) {
  const int32_t *s = sp->samples;
  float *v = sp->values;
  float mn = col[s[start]], mx = mn;
  for (size_t p = start; p < end; p++) {
    const float x = col[s[p]];
    v[p] = x;
    mn = x < mn ? x : mn;
    mx = x > mx ? x : mx;
  }
  *lo = mn;
  *hi = mx;
}

static int leaf_sizes_ok(const tg_settings *st, size_t start, size_t end, size_t pos) {
  return (int64_t)(pos - start) >= st->min_samples_leaf && (int64_t)(end - pos) >= st->min_samples_leaf;
}

static int leaf_weights_ok(const tg_settings *st, const tg_criterion *c) {
  return c->w_left >= st->min_weight_leaf && c->w_right >= st->min_weight_leaf;
}

/*
 * Moves the split of a classification criterion to new_pos: forward in line when tg_criterion_update would go forward
 * (the same additions in the same order), else through it.
 */
static inline void update_classes(tg_criterion *c, const int32_t *codes, size_t new_pos) {
  if (new_pos - c->pos > c->end - new_pos) {
    tg_criterion_update(c, new_pos);
    return;
  }
  const size_t k = c->data->k;
  const int32_t *samples = c->samples;
  const double *w = c->w;
  double *sl = c->sum_left;
  double wl = c->w_left;
  for (size_t p = c->pos; p < new_pos; p++) {
    const int32_t i = samples[p];
    sl[codes[i]] += w[i];
    wl += w[i];
  }
  c->w_left = wl;
  c->w_right = c->w_node - wl;
  for (size_t j = 0; j < k; j++) c->sum_right[j] = c->sum_total[j] - sl[j];
  c->pos = new_pos;
}

/*
 * Whether the gini proxy at the criterion's split cannot exceed best (a division-free bound). The proxy
 * -wr (1 - qr / wr^2) - wl (1 - ql / wl^2) is ql / wl + qr / wr - wl - wr up to rounding of a few ulps of wl + wr;
 * multiplied through by wl wr, the test below leaves a margin of 64 ulps, so that it only rules out splits the exact
 * formula would reject too (and the exact formula decides every other one).
 */
static inline int gini_cannot_beat(const tg_criterion *c, double best) {
  const size_t k = c->data->k;
  const double *sl = c->sum_left, *sr = c->sum_right;
  const double wl = c->w_left, wr = c->w_right;
  double ql = 0, qr = 0;
  for (size_t j = 0; j < k; j++) {
    ql += sl[j] * sl[j];
    qr += sr[j] * sr[j];
  }
  const double prod = wl * wr, total = wl + wr;
  return ql * wr + qr * wl + 64 * TG_EPSILON * total * prod < (best + total) * prod;
}

/* BestSplitter: the proxy at every boundary between distinct sorted values of feature f. */
static double scan_sorted(tg_splitter *sp, size_t start, size_t end, int32_t f, tg_split *best, double best_proxy) {
  tg_criterion *c = sp->crit;
  const tg_settings *st = &sp->data->s;
  const float *v = sp->values;
  const int32_t *codes = sp->data->codes;
  const int gini = st->criterion == TRUENO_CRITERION_GINI;
  tg_criterion_reset(c);
  size_t p = start;
  while (p < end) {
    while (p + 1 < end && (double)v[p + 1] <= (double)v[p] + TG_FEATURE_THRESHOLD) p++;
    const size_t prev = p;
    p++;
    if (p >= end || !leaf_sizes_ok(st, start, end, p)) continue;
    if (c->classification) update_classes(c, codes, p);
    else tg_criterion_update(c, p);
    if (!leaf_weights_ok(st, c)) continue;
    if (gini && gini_cannot_beat(c, best_proxy)) continue;
    const double proxy = tg_criterion_proxy(c);
    if (proxy > best_proxy) {
      best_proxy = proxy;
      double threshold = (double)v[prev] / 2.0 + (double)v[p] / 2.0;
      if (threshold == (double)v[p] || threshold == INFINITY || threshold == -INFINITY) threshold = (double)v[prev];
      best->feature = f;
      best->threshold = threshold;
      best->pos = p;
    }
  }
  return best_proxy;
}

/*
 * scan_sorted for gini with two classes, the sums in registers: the same additions in the same order as
 * tg_criterion_update (a class's sum gets w or an exact +0), the same bound and the same exact proxy.
 */
static double scan_gini2(tg_splitter *sp, size_t start, size_t end, int32_t f, tg_split *best, double best_proxy) {
  const tg_criterion *c = sp->crit;
  const tg_settings *st = &sp->data->s;
  const float *v = sp->values;
  const int32_t *codes = sp->data->codes, *samples = sp->samples;
  const double *w = c->w;
  const double t0 = c->sum_total[0], t1 = c->sum_total[1], wn = c->w_node, min_w = st->min_weight_leaf;
  double l0 = 0, l1 = 0, wl = 0;
  size_t pos = start, p = start;
  while (p < end) {
    while (p + 1 < end && (double)v[p + 1] <= (double)v[p] + TG_FEATURE_THRESHOLD) p++;
    const size_t prev = p;
    p++;
    if (p >= end || !leaf_sizes_ok(st, start, end, p)) continue;
    if (p - pos <= end - p) {
      for (size_t q = pos; q < p; q++) {
        const int32_t i = samples[q];
        const double one = (double)codes[i], wi = w[i];
        l0 += (1.0 - one) * wi;
        l1 += one * wi;
        wl += wi;
      }
    } else {
      l0 = t0;
      l1 = t1;
      wl = wn;
      for (size_t q = end; q-- > p;) {
        const int32_t i = samples[q];
        const double one = (double)codes[i], wi = w[i];
        l0 -= (1.0 - one) * wi;
        l1 -= one * wi;
        wl -= wi;
      }
    }
    pos = p;
    const double wr = wn - wl;
    if (wl < min_w || wr < min_w) continue;
    const double r0 = t0 - l0, r1 = t1 - l1;
    const double ql = l0 * l0 + l1 * l1, qr = r0 * r0 + r1 * r1;
    const double prod = wl * wr, total = wl + wr;
    if (ql * wr + qr * wl + 64 * TG_EPSILON * total * prod < (best_proxy + total) * prod) continue;
    const double gl = 1.0 - ql / (wl * wl), gr = 1.0 - qr / (wr * wr);
    const double proxy = -wr * gr - wl * gl;
    if (proxy > best_proxy) {
      best_proxy = proxy;
      double threshold = (double)v[prev] / 2.0 + (double)v[p] / 2.0;
      if (threshold == (double)v[p] || threshold == INFINITY || threshold == -INFINITY) threshold = (double)v[prev];
      best->feature = f;
      best->threshold = threshold;
      best->pos = p;
    }
  }
  return best_proxy;
}

/*
 * scan_sorted for squared_error / friedman_mse with one output, the sums in registers (the same additions in the same
 * order as tg_criterion_update). Both proxies are nonnegative sums of products; a candidate is skipped when its proxy
 * times wl wr, computed without division and with a 16-ulp margin, is below the best's: the exact proxy could not
 * beat it either.
 */
static double scan_regression1(tg_splitter *sp, size_t start, size_t end, int32_t f, tg_split *best,
                               double best_proxy) {
  const tg_criterion *c = sp->crit;
  const tg_settings *st = &sp->data->s;
  const float *v = sp->values;
  const int32_t *samples = sp->samples;
  const double *w = c->w, *y = sp->data->y;
  const int friedman = st->criterion == TRUENO_CRITERION_FRIEDMAN_MSE;
  const double total = c->sum_total[0], wn = c->w_node, min_w = st->min_weight_leaf;
  double sl = 0, wl = 0;
  size_t pos = start, p = start;
  while (p < end) {
    while (p + 1 < end && (double)v[p + 1] <= (double)v[p] + TG_FEATURE_THRESHOLD) p++;
    const size_t prev = p;
    p++;
    if (p >= end || !leaf_sizes_ok(st, start, end, p)) continue;
    if (p - pos <= end - p) {
      for (size_t q = pos; q < p; q++) {
        const int32_t i = samples[q];
        sl += w[i] * y[i];
        wl += w[i];
      }
    } else {
      sl = total;
      wl = wn;
      for (size_t q = end; q-- > p;) {
        const int32_t i = samples[q];
        sl -= w[i] * y[i];
        wl -= w[i];
      }
    }
    pos = p;
    const double wr = wn - wl;
    if (wl < min_w || wr < min_w) continue;
    const double sr = total - sl, prod = wl * wr;
    double proxy;
    if (friedman) {
      const double diff = wr * sl - wl * sr, sq = diff * diff;
      if (sq + 16 * TG_EPSILON * sq < best_proxy * prod) continue;
      proxy = sq / prod;
    } else {
      const double scaled = sl * sl * wr + sr * sr * wl;
      if (scaled + 16 * TG_EPSILON * scaled < best_proxy * prod) continue;
      proxy = sl * sl / wl + sr * sr / wr;
    }
    if (proxy > best_proxy) {
      best_proxy = proxy;
      double threshold = (double)v[prev] / 2.0 + (double)v[p] / 2.0;
      if (threshold == (double)v[p] || threshold == INFINITY || threshold == -INFINITY) threshold = (double)v[prev];
      best->feature = f;
      best->threshold = threshold;
      best->pos = p;
    }
  }
  return best_proxy;
}

/* One uniform threshold in (lo, hi) for feature f (values already gathered). */
static double try_random(tg_splitter *sp, size_t start, size_t end, int32_t f, double lo, double hi, tg_split *best,
                         double best_proxy) {
  tg_criterion *c = sp->crit;
  const tg_settings *st = &sp->data->s;
  double threshold = rand_uniform(&sp->rng, lo, hi);
  if (threshold == hi) threshold = lo;
  const size_t pos = partition(sp, start, end, NULL, threshold, 1);
  if (!leaf_sizes_ok(st, start, end, pos)) return best_proxy;
  tg_criterion_reset(c);
  tg_criterion_update(c, pos);
  if (!leaf_weights_ok(st, c)) return best_proxy;
  const double proxy = tg_criterion_proxy(c);
  if (proxy <= best_proxy) return best_proxy;
  best->feature = f;
  best->threshold = threshold;
  best->pos = pos;
  return proxy;
}

/*
 * try_random without moving samples (sp->order_free): the left side's class sums and weight over values <= threshold
 * in one pass over the node's class codes and weights laid out by position (codes_at, w_at). The sums are exact, so
 * they equal those tg_criterion_update gets after a partition.
 */
static double try_random_sums(tg_splitter *sp, size_t start, size_t end, int32_t f, double lo, double hi,
                              const int32_t *codes_at, const int64_t *w_at, tg_split *best, double best_proxy) {
  tg_criterion *c = sp->crit;
  const tg_settings *st = &sp->data->s;
  const size_t k = sp->data->k;
  const float *v = sp->values;
  double threshold = rand_uniform(&sp->rng, lo, hi);
  if (threshold == hi) threshold = lo;
  /* integer sums (the weights are integers, their total at most 2^53): no floating-point add chain, and exact */
  int64_t left = 0, wl_i = 0;
  double *sl = c->sum_left;
  if (k == 2) {
    int64_t l1 = 0;
    for (size_t p = start; p < end; p++) {
      const int64_t goes = (double)v[p] <= threshold;
      const int64_t wg = w_at[p] & -goes;
      left += goes;
      wl_i += wg;
      l1 += wg & -(int64_t)codes_at[p];
    }
    sl[0] = (double)(wl_i - l1);
    sl[1] = (double)l1;
  } else {
    for (size_t j = 0; j < k; j++) sl[j] = 0;
    for (size_t p = start; p < end; p++) {
      const int64_t goes = (double)v[p] <= threshold;
      const int64_t wg = w_at[p] & -goes;
      left += goes;
      wl_i += wg;
      sl[codes_at[p]] += (double)wg;
    }
  }
  const double wl = (double)wl_i;
  const size_t pos = start + (size_t)left;
  if (!leaf_sizes_ok(st, start, end, pos)) return best_proxy;
  c->pos = pos;
  c->w_left = wl;
  c->w_right = c->w_node - wl;
  for (size_t j = 0; j < k; j++) c->sum_right[j] = c->sum_total[j] - sl[j];
  if (!leaf_weights_ok(st, c)) return best_proxy;
  const double proxy = tg_criterion_proxy(c);
  if (proxy <= best_proxy) return best_proxy;
  best->feature = f;
  best->threshold = threshold;
  best->pos = pos;
  memcpy(sp->best_sums, sl, k * sizeof *sl);
  sp->best_sums[k] = wl;
  return proxy;
}

void tg_node_split(tg_splitter *sp, size_t start, size_t end, double impurity, size_t *constants, tg_split *best) {
  const tg_data *data = sp->data;
  const tg_settings *st = &data->s;
  tg_criterion *c = sp->crit;
  int32_t *features = sp->features;
  const size_t known = *constants;
  best->feature = 0;
  best->threshold = 0;
  best->pos = end;
  best->improvement = -INFINITY;
  best->impurity_left = INFINITY;
  best->impurity_right = INFINITY;
  double best_proxy = -INFINITY;
  size_t visited = 0, found = 0, drawn = 0, total = known, fi = data->d;
  int32_t current = -1;
  const int gini2 = st->criterion == TRUENO_CRITERION_GINI && data->k == 2;
  const int reg1 = (st->criterion == TRUENO_CRITERION_SQUARED_ERROR || st->criterion == TRUENO_CRITERION_FRIEDMAN_MSE) &&
                   data->k == 1;
  const int order_free = st->random && sp->order_free;
  /*
   * order_free: the node's class codes and weights by position, then partition_stable's scratch (in the sort keys,
   * unused by the random splitter: 8 n + 4 n + 4 n bytes)
   */
  int64_t *w_at = (int64_t *)sp->keys;
  int32_t *codes_at = (int32_t *)(sp->keys + data->n);
  if (order_free) {
    for (size_t p = start; p < end; p++) {
      const int32_t i = sp->samples[p];
      w_at[p] = (int64_t)c->w[i];
      codes_at[p] = data->codes[i];
    }
  }
  while (fi > total && (visited < st->max_features || visited <= found + drawn)) {
    visited++;
    size_t fj = rand_int(&sp->rng, drawn, fi - found);
    if (fj < known) {
      swap_i32(features, drawn, fj);
      drawn++;
      continue;
    }
    fj += found;
    const int32_t f = features[fj];
    current = f;
    const float *col = data->xt + (size_t)f * data->n;
    double lo, hi;
    if (st->random) {
      float mn, mx;
      gather(sp, col, start, end, &mn, &mx);
      lo = mn;
      hi = mx;
    } else {
      sort_by_feature(sp, col, start, end);
      lo = sp->values[start];
      hi = sp->values[end - 1];
    }
    if (hi <= lo + TG_FEATURE_THRESHOLD) {
      features[fj] = features[total];
      features[total] = f;
      found++;
      total++;
      continue;
    }
    fi--;
    swap_i32(features, fi, fj);
    best_proxy = order_free ? try_random_sums(sp, start, end, f, lo, hi, codes_at, w_at, best, best_proxy)
                 : st->random ? try_random(sp, start, end, f, lo, hi, best, best_proxy)
                 : gini2    ? scan_gini2(sp, start, end, f, best, best_proxy)
                 : reg1     ? scan_regression1(sp, start, end, f, best, best_proxy)
                            : scan_sorted(sp, start, end, f, best, best_proxy);
  }
  if (best->pos < end && order_free) {
    partition_stable(sp, start, end, data->xt + (size_t)best->feature * data->n, best->threshold, codes_at + data->n);
    const size_t k = data->k;
    c->pos = best->pos;
    memcpy(c->sum_left, sp->best_sums, k * sizeof *c->sum_left);
    c->w_left = sp->best_sums[k];
    c->w_right = c->w_node - c->w_left;
    for (size_t j = 0; j < k; j++) c->sum_right[j] = c->sum_total[j] - c->sum_left[j];
    tg_criterion_children_impurity(c, &best->impurity_left, &best->impurity_right);
    best->improvement = tg_criterion_improvement(c, impurity, best->impurity_left, best->impurity_right);
  } else if (best->pos < end) {
    if (!st->random || current != best->feature)
      partition(sp, start, end, data->xt + (size_t)best->feature * data->n, best->threshold, 0);
    tg_criterion_reset(c);
    tg_criterion_update(c, best->pos);
    tg_criterion_children_impurity(c, &best->impurity_left, &best->impurity_right);
    best->improvement = tg_criterion_improvement(c, impurity, best->impurity_left, best->impurity_right);
  }
  /* The constant features known above keep their order for the children; the ones found here follow them. */
  memcpy(features, sp->constant_features, known * sizeof *features);
  memcpy(sp->constant_features + known, features + known, found * sizeof *features);
  *constants = total;
}
