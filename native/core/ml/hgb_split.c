/*
 * Split search of the histogram booster for one feature at one node, following scikit-learn's splitting.pyx so
 * the same histograms give the same split: the gain is the decrease of sum(-G^2 / (H + l2)) over the children,
 * a candidate must leave min_samples_leaf samples and min_hessian hessian on each side and beat min_gain, and the
 * first best candidate wins (strict >). With a constant hessian, a side's hessian is its sample count times it.
 */
#include "hgb_internal.h"

#include <stdlib.h>
#include <string.h>

/* scikit-learn's MIN_CAT_SUPPORT: categories with less hessian are kept out of the sorted scan (sent right). */
#define MIN_CAT_SUPPORT 10.0

static double split_gain(double gl, double hl, double gr, double hr, double loss_node, double l2) {
  double gain = loss_node;
  gain -= gl * hgb_node_value(gl, hl, l2);
  gain -= gr * hgb_node_value(gr, hr, l2);
  return gain;
}

/* Records a candidate as the best so far. */
static void keep(hgb_split *out, double gain, int bin, int missing_left, double gl, double hl, uint32_t nl) {
  out->gain = gain;
  out->bin = bin;
  out->missing_left = (uint8_t)missing_left;
  out->g_left = gl;
  out->h_left = hl;
  out->n_left = nl;
}

/* Whether a split leaving (nl, hl) left and (nr, hr) right is allowed: 0 yes, 1 skip this one, 2 stop the scan. */
static int admissible(const hgb_settings *s, double nl, double hl, double nr, double hr) {
  if (nl < s->min_samples_leaf) return 1;
  if (nr < s->min_samples_leaf) return 2;
  if (hl < s->min_hessian) return 1;
  if (hr < s->min_hessian) return 2;
  return 0;
}

static void numerical(const hgb_settings *s, const hgb_bin *hist, unsigned n_bins, int has_missing,
                      const hgb_sums *node, hgb_split *out) {
  const double loss_node = node->g * hgb_node_value(node->g, node->h, s->l2);
  /* Left to right, missing values right: the last non-missing bin goes left only when missing values exist. */
  double gl = 0, hl = 0;
  uint32_t nl = 0;
  const unsigned end = n_bins - 1 + (has_missing != 0);
  for (unsigned b = 0; b < end; b++) {
    nl += hist[b].count;
    hl = s->constant_hessian ? (double)nl * s->h0 : hl + hist[b].h;
    gl += hist[b].g;
    if (hist[b].count == 0) continue; /* an empty bin repeats the previous candidate: it cannot win (strict >) */
    const uint32_t nr = node->count - nl;
    const double hr = node->h - hl, gr = node->g - gl;
    const int a = admissible(s, nl, hl, nr, hr);
    if (a == 1) continue;
    if (a == 2) break;
    const double gain = split_gain(gl, hl, gr, hr, loss_node, s->l2);
    if (gain > out->gain && gain > s->min_gain) keep(out, gain, (int)b, 0, gl, hl, nl);
  }
  if (!has_missing || n_bins < 2) return;
  /* Right to left, missing values left. */
  double gr = 0, hr = 0;
  uint32_t nr = 0;
  for (unsigned b = n_bins - 1; b-- > 0;) {
    nr += hist[b + 1].count;
    hr = s->constant_hessian ? (double)nr * s->h0 : hr + hist[b + 1].h;
    gr += hist[b + 1].g;
    if (hist[b + 1].count == 0) continue;
    const uint32_t nl2 = node->count - nr;
    const double hl2 = node->h - hr, gl2 = node->g - gr;
    const int a = admissible(s, nr, hr, nl2, hl2);
    if (a == 1) continue;
    if (a == 2) break;
    const double gain = split_gain(gl2, hl2, gr, hr, loss_node, s->l2);
    if (gain > out->gain && gain > s->min_gain) keep(out, gain, (int)b, 1, gl2, hl2, nl2);
  }
}

typedef struct {
  double value;
  unsigned bin;
} cat_info;

/* Ascending value; equal values by bin, so the order never depends on the sort algorithm. */
static int cat_order(const void *a, const void *b) {
  const cat_info *p = a, *q = b;
  if (p->value < q->value) return -1;
  if (p->value > q->value) return 1;
  return p->bin < q->bin ? -1 : p->bin > q->bin;
}

static void categorical(const hgb_settings *s, const hgb_bin *hist, unsigned n_bins, int has_missing,
                        const hgb_sums *node, hgb_split *out) {
  cat_info cats[256];
  unsigned used = 0;
  const double support = (double)node->count / node->h;
  for (unsigned i = 0; i < n_bins + (has_missing != 0); i++) {
    const unsigned b = i < n_bins ? i : s->missing_bin;
    const double h = s->constant_hessian ? (double)hist[b].count * s->h0 : hist[b].h;
    if (h * support >= MIN_CAT_SUPPORT) cats[used++] = (cat_info){hist[b].g / (h + MIN_CAT_SUPPORT), b};
  }
  if (used <= 1) return;
  qsort(cats, used, sizeof cats[0], cat_order);
  const double loss_node = node->g * hgb_node_value(node->g, node->h, s->l2);
  int best_dir = 0;
  unsigned best_at = 0;
  for (int dir = 1; dir >= -1; dir -= 2) {
    const unsigned middle = (used + 1) / 2 - (dir == 1 ? 0 : 1);
    double gl = 0, hl = 0;
    uint32_t nl = 0;
    for (unsigned i = 0; i < middle; i++) {
      const unsigned at = dir == 1 ? i : used - 1 - i;
      const hgb_bin *h = &hist[cats[at].bin];
      nl += h->count;
      hl = s->constant_hessian ? (double)nl * s->h0 : hl + h->h;
      gl += h->g;
      const uint32_t nr = node->count - nl;
      const double hr = node->h - hl, gr = node->g - gl;
      if (nl < s->min_samples_leaf || hl < s->min_hessian) continue;
      if (nr < s->min_samples_leaf || hr < s->min_hessian) break;
      const double gain = split_gain(gl, hl, gr, hr, loss_node, s->l2);
      if (gain > out->gain && gain > s->min_gain) {
        keep(out, gain, 0, 0, gl, hl, nl);
        best_dir = dir;
        best_at = at;
      }
    }
  }
  if (best_dir == 0) return;
  memset(out->bits, 0, sizeof out->bits);
  const unsigned lo = best_dir == 1 ? 0 : best_at, hi = best_dir == 1 ? best_at : used - 1;
  for (unsigned i = lo; i <= hi; i++) out->bits[cats[i].bin >> 5] |= 1u << (cats[i].bin & 31);
  out->missing_left = (uint8_t)(has_missing && (out->bits[s->missing_bin >> 5] >> (s->missing_bin & 31) & 1));
}

void hgb_find_split(const hgb_settings *s, const hgb_bin *hist, unsigned n_bins, int has_missing, int is_categorical,
                    const hgb_sums *node, hgb_split *out) {
  out->gain = -1;
  out->categorical = (uint8_t)(is_categorical != 0);
  if (n_bins == 0) return;
  if (is_categorical) categorical(s, hist, n_bins, has_missing, node, out);
  else numerical(s, hist, n_bins, has_missing, node, out);
}
