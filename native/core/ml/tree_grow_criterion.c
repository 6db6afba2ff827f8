/*
 * The split criteria of trueno_tree_grow (scikit-learn's _criterion.pyx semantics): weighted class counts (gini,
 * entropy with log base 2) or weighted sums (squared_error, friedman_mse) left and right of a split position, updated
 * forward or, for a long jump, backwards from the end as scikit-learn does, so that the floating-point sums are the
 * same as the plain-JS reference's; absolute_error takes weighted medians, kept sorted across a scan.
 */
#include "trueno.h"
#include "tree_grow.h"

#include <math.h>
#include <string.h>

/* ln 2 (M_LN2 is POSIX, not C11). */
#define TG_LN2 0.6931471805599453

void tg_criterion_reset(tg_criterion *c) {
  const size_t k = c->data->k;
  c->med_valid = 0;
  c->pos = c->start;
  c->w_left = 0;
  c->w_right = c->w_node;
  for (size_t j = 0; j < k; j++) {
    c->sum_left[j] = 0;
    c->sum_right[j] = c->sum_total[j];
  }
}

void tg_criterion_init(tg_criterion *c, size_t start, size_t end) {
  const tg_data *data = c->data;
  const size_t k = data->k;
  const double *w = c->w;
  c->start = start;
  c->end = end;
  for (size_t j = 0; j < k; j++) c->sum_total[j] = 0;
  double sq = 0, wn = 0;
  if (c->classification) {
    for (size_t p = start; p < end; p++) {
      const int32_t i = c->samples[p];
      c->sum_total[data->codes[i]] += w[i];
      wn += w[i];
    }
  } else {
    for (size_t p = start; p < end; p++) {
      const int32_t i = c->samples[p];
      const double wi = w[i];
      const double *yi = data->y + (size_t)i * k;
      for (size_t j = 0; j < k; j++) {
        const double wy = wi * yi[j];
        c->sum_total[j] += wy;
        sq += wy * yi[j];
      }
      wn += wi;
    }
  }
  c->sq_sum_total = sq;
  c->w_node = wn;
  tg_criterion_reset(c);
}

void tg_criterion_init_sums(tg_criterion *c, size_t start, size_t end, const double *sums) {
  const size_t k = c->data->k;
  c->start = start;
  c->end = end;
  memcpy(c->sum_total, sums, k * sizeof *sums);
  c->sq_sum_total = 0;
  c->w_node = sums[k];
  tg_criterion_reset(c);
}

static void reverse_reset(tg_criterion *c) {
  const size_t k = c->data->k;
  c->pos = c->end;
  c->w_left = c->w_node;
  c->w_right = 0;
  for (size_t j = 0; j < k; j++) {
    c->sum_left[j] = c->sum_total[j];
    c->sum_right[j] = 0;
  }
}

void tg_criterion_update(tg_criterion *c, size_t new_pos) {
  const tg_data *data = c->data;
  const size_t k = data->k;
  const double *w = c->w;
  const int32_t *samples = c->samples;
  double *sl = c->sum_left;
  double wl = c->w_left;
  if (new_pos - c->pos <= c->end - new_pos) {
    if (c->classification) {
      const int32_t *codes = data->codes;
      for (size_t p = c->pos; p < new_pos; p++) {
        const int32_t i = samples[p];
        sl[codes[i]] += w[i];
        wl += w[i];
      }
    } else {
      for (size_t p = c->pos; p < new_pos; p++) {
        const int32_t i = samples[p];
        const double *yi = data->y + (size_t)i * k;
        for (size_t j = 0; j < k; j++) sl[j] += w[i] * yi[j];
        wl += w[i];
      }
    }
  } else {
    reverse_reset(c);
    wl = c->w_left;
    for (size_t p = c->end; p-- > new_pos;) {
      const int32_t i = samples[p];
      if (c->classification) {
        sl[data->codes[i]] -= w[i];
      } else {
        const double *yi = data->y + (size_t)i * k;
        for (size_t j = 0; j < k; j++) sl[j] -= w[i] * yi[j];
      }
      wl -= w[i];
    }
  }
  c->w_left = wl;
  c->w_right = c->w_node - wl;
  for (size_t j = 0; j < k; j++) c->sum_right[j] = c->sum_total[j] - sl[j];
  c->pos = new_pos;
}

/* Sorts order[0, m) (indices into v) stably by v, bottom-up merges through tmp. */
static void stable_sort_by(const double *v, int32_t *order, int32_t *tmp, size_t m) {
  for (size_t a = 0; a < m; a++) order[a] = (int32_t)a;
  int32_t *src = order, *dst = tmp;
  for (size_t width = 1; width < m; width *= 2) {
    for (size_t lo = 0; lo < m; lo += 2 * width) {
      const size_t mid = lo + width < m ? lo + width : m, hi = lo + 2 * width < m ? lo + 2 * width : m;
      size_t a = lo, b = mid, o = lo;
      while (a < mid && b < hi) dst[o++] = v[src[b]] < v[src[a]] ? src[b++] : src[a++];
      while (a < mid) dst[o++] = src[a++];
      while (b < hi) dst[o++] = src[b++];
    }
    int32_t *t = src;
    src = dst;
    dst = t;
  }
  if (src != order) memcpy(order, src, m * sizeof *order);
}

/* y of output j at sample position p. */
static inline double y_at(const tg_criterion *c, size_t p, size_t j) {
  return c->data->y[(size_t)c->samples[p] * c->data->k + j];
}

/*
 * The weighted median of output j over positions[0, len) (sample positions sorted by y, ties by position: the
 * reference's stable sort), the total weight summed in sample order over [from, to) as the reference does.
 */
static double median_sorted(const tg_criterion *c, const int32_t *positions, size_t len, size_t from, size_t to,
                            size_t j) {
  double total = 0;
  for (size_t p = from; p < to; p++) total += c->w[c->samples[p]];
  double sum = 0;
  for (size_t a = 0; a < len; a++) {
    sum += c->w[c->samples[positions[a]]];
    if (sum >= total / 2) {
      if (sum == total / 2 && a + 1 < len) return (y_at(c, (size_t)positions[a], j) + y_at(c, (size_t)positions[a + 1], j)) / 2;
      return y_at(c, (size_t)positions[a], j);
    }
  }
  return y_at(c, (size_t)positions[len - 1], j);
}

/* positions[0, to - from) = from .. to - 1 sorted stably by output j. */
static void sort_positions(tg_criterion *c, int32_t *positions, size_t from, size_t to, size_t j) {
  const size_t m = to - from;
  for (size_t a = 0; a < m; a++) c->med_v[a] = y_at(c, from + a, j);
  stable_sort_by(c->med_v, positions, c->med_order, m);
  for (size_t a = 0; a < m; a++) positions[a] += (int32_t)from;
}

/*
 * Weighted median of output j over samples[from, to). A scan asks for the prefixes [start, p) and the suffixes
 * [p, end) with p growing, so each output keeps the sorted positions of the last prefix and suffix (until the sample
 * order changes: tg_criterion_reset and init drop them) and moves the samples between p's into and out of them, in
 * O(m) instead of a sort per candidate.
 */
static double median_of(tg_criterion *c, size_t from, size_t to, size_t j) {
  const size_t n = c->data->n;
  int32_t *left = c->med_left + j * n, *right = c->med_right + j * n;
  if (to == c->end) {
    if (!(c->med_valid & 2) || from < c->med_right_from) {
      sort_positions(c, right, from, to, j);
    } else {
      size_t len = to - c->med_right_from;
      for (size_t q = c->med_right_from; q < from; q++) {
        const double v = y_at(c, q, j);
        size_t lo = 0, hi = len;
        while (lo < hi) {
          const size_t mid = (lo + hi) / 2;
          if (y_at(c, (size_t)right[mid], j) < v) lo = mid + 1;
          else hi = mid;
        }
        while ((size_t)right[lo] != q) lo++;
        memmove(right + lo, right + lo + 1, (len - lo - 1) * sizeof *right);
        len--;
      }
    }
    if (j + 1 == c->data->k) c->med_right_from = from, c->med_valid |= 2;
    return median_sorted(c, right, to - from, from, to, j);
  }
  if (from == c->start) {
    if (!(c->med_valid & 1) || to < c->med_left_to) {
      sort_positions(c, left, from, to, j);
    } else {
      size_t len = c->med_left_to - from;
      for (size_t q = c->med_left_to; q < to; q++) {
        const double v = y_at(c, q, j);
        size_t lo = 0, hi = len;
        while (lo < hi) {
          const size_t mid = (lo + hi) / 2;
          if (y_at(c, (size_t)left[mid], j) <= v) lo = mid + 1;
          else hi = mid;
        }
        memmove(left + lo + 1, left + lo, (len - lo) * sizeof *left);
        left[lo] = (int32_t)q;
        len++;
      }
    }
    if (j + 1 == c->data->k) c->med_left_to = to, c->med_valid |= 1;
    return median_sorted(c, left, to - from, from, to, j);
  }
  sort_positions(c, c->med_order + n, from, to, j); /* not a prefix or suffix: the scans never ask */
  return median_sorted(c, c->med_order + n, to - from, from, to, j);
}

/* Impurity of samples[from, to) with sums `sums`, weight `weight` and (squared errors) weighted square sum `sq`. */
static double impurity_of(tg_criterion *c, const double *sums, double weight, size_t from, size_t to, double sq) {
  const size_t k = c->data->k;
  switch (c->data->s.criterion) {
  case 0: { /* gini */
    double s = 0;
    for (size_t j = 0; j < k; j++) s += sums[j] * sums[j];
    return 1.0 - s / (weight * weight);
  }
  case 1: { /* entropy, log base 2 */
    double e = 0;
    for (size_t j = 0; j < k; j++) {
      if (sums[j] > 0) {
        const double p = sums[j] / weight;
        e -= p * (log(p) / TG_LN2);
      }
    }
    return e;
  }
  case 4: { /* absolute_error */
    double total = 0;
    for (size_t j = 0; j < k; j++) {
      const double med = median_of(c, from, to, j);
      for (size_t p = from; p < to; p++) {
        const int32_t i = c->samples[p];
        total += fabs(c->data->y[(size_t)i * k + j] - med) * c->w[i];
      }
    }
    return total / (weight * (double)k);
  }
  default: { /* squared_error, friedman_mse */
    double imp = sq / weight;
    for (size_t j = 0; j < k; j++) {
      const double mean = sums[j] / weight;
      imp -= mean * mean;
    }
    return imp / (double)k;
  }
  }
}

double tg_criterion_node_impurity(tg_criterion *c) {
  return impurity_of(c, c->sum_total, c->w_node, c->start, c->end, c->sq_sum_total);
}

void tg_criterion_children_impurity(tg_criterion *c, double *left, double *right) {
  const size_t k = c->data->k;
  double sq_left = 0;
  if (c->data->s.criterion == 2 || c->data->s.criterion == 3) {
    for (size_t p = c->start; p < c->pos; p++) {
      const int32_t i = c->samples[p];
      const double *yi = c->data->y + (size_t)i * k;
      for (size_t j = 0; j < k; j++) sq_left += c->w[i] * yi[j] * yi[j];
    }
  }
  *left = impurity_of(c, c->sum_left, c->w_left, c->start, c->pos, sq_left);
  *right = impurity_of(c, c->sum_right, c->w_right, c->pos, c->end, c->sq_sum_total - sq_left);
}

/* A quantity ordered like the impurity improvement of the split at pos (scikit-learn's proxy_impurity_improvement). */
double tg_criterion_proxy(tg_criterion *c) {
  const size_t k = c->data->k;
  const double *sl = c->sum_left, *sr = c->sum_right;
  const double wl = c->w_left, wr = c->w_right;
  switch (c->data->s.criterion) {
  case 0: { /* gini: -wr * gini_right - wl * gini_left, as scikit-learn's formula */
    double ql = 0, qr = 0;
    for (size_t j = 0; j < k; j++) {
      ql += sl[j] * sl[j];
      qr += sr[j] * sr[j];
    }
    const double gl = 1.0 - ql / (wl * wl), gr = 1.0 - qr / (wr * wr);
    return -wr * gr - wl * gl;
  }
  case 2: {
    double l = 0, r = 0;
    for (size_t j = 0; j < k; j++) {
      l += sl[j] * sl[j];
      r += sr[j] * sr[j];
    }
    return l / wl + r / wr;
  }
  case 3: {
    double l = 0, r = 0;
    for (size_t j = 0; j < k; j++) {
      l += sl[j];
      r += sr[j];
    }
    const double diff = wr * l - wl * r;
    return diff * diff / (wl * wr);
  }
  default: {
    double il, ir;
    tg_criterion_children_impurity(c, &il, &ir);
    return -wr * ir - wl * il;
  }
  }
}

double tg_criterion_improvement(tg_criterion *c, double parent, double il, double ir) {
  const double wl = c->w_left, wr = c->w_right, wn = c->w_node;
  if (c->data->s.criterion == 3) {
    const size_t k = c->data->k;
    double l = 0, r = 0;
    for (size_t j = 0; j < k; j++) {
      l += c->sum_left[j];
      r += c->sum_right[j];
    }
    const double diff = (wr * l - wl * r) / (double)k;
    return diff * diff / (wl * wr * wn);
  }
  return (wn / c->weight_total) * (parent - (wr / wn) * ir - (wl / wn) * il);
}

void tg_criterion_node_value(tg_criterion *c, double *out) {
  const size_t k = c->data->k;
  for (size_t j = 0; j < k; j++) {
    if (c->classification) out[j] = c->sum_total[j];
    else if (c->data->s.criterion == 4) out[j] = median_of(c, c->start, c->end, j);
    else out[j] = c->sum_total[j] / c->w_node;
  }
}
