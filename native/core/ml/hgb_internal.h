/*
 * Shared pieces of the histogram booster's tree growth (hgb_grow.c) and split search (hgb_split.c).
 */
#ifndef TRUENO_HGB_INTERNAL_H
#define TRUENO_HGB_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* One histogram bin: sums of gradients and hessians (float64, scikit-learn's hist_struct) and the sample count. */
typedef struct {
  double g, h;
  uint32_t count, pad;
} hgb_bin;

/* The settings the split search needs (from trueno_hgb_grow's params). */
typedef struct {
  double min_samples_leaf, min_hessian, l2, min_gain;
  double h0;              /* the one hessian when constant, else 0 */
  int constant_hessian;
  unsigned missing_bin;
} hgb_settings;

/* The best split of one feature at one node (gain <= 0: none). */
typedef struct {
  double gain;
  double g_left, h_left;
  uint32_t n_left;
  int32_t bin;          /* numerical: left when bin <= this */
  uint8_t missing_left; /* numerical with missing values, or categorical: where the missing bin goes */
  uint8_t categorical;
  uint32_t bits[8];     /* categorical: the bins that go left */
} hgb_split;

/* A node's sums: gradient, hessian, samples. */
typedef struct {
  double g, h;
  uint32_t count;
} hgb_sums;

/* -G / (H + l2), scikit-learn's compute_node_value (its 1e-15 keeps an empty hessian finite). */
static inline double hgb_node_value(double g, double h, double l2) { return -g / (h + l2 + 1e-15); }

/*
 * The best split of feature f from its histogram (n_bins non-missing bins, the missing bin at s->missing_bin),
 * scikit-learn's splitting.pyx: numerical features scan left to right (missing right) and, with missing values,
 * right to left (missing left); categorical features scan categories sorted by G / (H + MIN_CAT_SUPPORT).
 */
void hgb_find_split(const hgb_settings *s, const hgb_bin *hist, unsigned n_bins, int has_missing, int categorical,
                    const hgb_sums *node, hgb_split *out);

#endif
