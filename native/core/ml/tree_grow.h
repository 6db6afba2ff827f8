/*
 * Internals of trueno_tree_grow (CART growth, scikit-learn's tree builders): the split criterion, the splitter and
 * the per-thread workspace they share. tree_grow_criterion.c holds the criteria, tree_grow_split.c the splitters,
 * tree_grow.c the input checks, the depth-first / best-first builders and the parallel loop over trees. Every step
 * mirrors the plain-JS reference (lib/trueno/backend/reference-tree-grow.ts) operation for operation, so both grow
 * the same trees; where every sum is exact (order_free below, and exact child sums in tree_grow.c), the kernel takes
 * shortcuts whose results are provably the same floats.
 */
#ifndef TRUENO_TREE_GROW_H
#define TRUENO_TREE_GROW_H

#include <stddef.h>
#include <stdint.h>

/* scikit-learn's FEATURE_THRESHOLD: feature values closer than this are one value. */
#define TG_FEATURE_THRESHOLD 1e-7
/* scikit-learn's EPSILON (DBL_EPSILON): impurities at or below it are zero. */
#define TG_EPSILON 2.220446049250313e-16
/* scikit-learn's RAND_R_MAX. */
#define TG_RAND_R_MAX 0x7FFFFFFFu
/* The threshold written for a leaf (scikit-learn's _TREE_UNDEFINED). */
#define TG_LEAF_THRESHOLD (-2.0)

/* The checked settings (params). */
typedef struct {
  int criterion, random;
  int64_t max_depth;        /* -1 for none */
  int64_t min_samples_split, min_samples_leaf;
  double min_weight_leaf;
  size_t max_features;
  int64_t max_leaf_nodes;   /* -1: depth-first */
  double min_impurity_decrease;
} tg_settings;

/* The data every tree reads. */
typedef struct {
  size_t n, d, k;
  const float *xt;          /* d x n */
  const double *y;          /* n targets x k (regression) */
  const int32_t *codes;     /* n class codes (classification), else NULL */
  int negative_zero;        /* some x is -0 */
  tg_settings s;
} tg_data;

/* Running weighted sums over samples[start, end) and their split at pos (scikit-learn's Criterion). */
typedef struct {
  const tg_data *data;
  const double *w;          /* this tree's n weights */
  const int32_t *samples;
  int classification;
  double weight_total;      /* the tree's total weight */
  double *sum_total, *sum_left, *sum_right; /* k each */
  double sq_sum_total, w_node, w_left, w_right;
  size_t start, end, pos;
  double *med_v;            /* absolute_error scratch: n values */
  int32_t *med_order;       /* absolute_error scratch: 2 n indices */
  int32_t *med_left, *med_right; /* absolute_error: per output, n sorted positions of the last prefix / suffix */
  size_t med_left_to, med_right_from;
  int med_valid;            /* bit 1: med_left holds [start, med_left_to); bit 2: med_right [med_right_from, end) */
} tg_criterion;

/* A split of samples[start, end) at pos (pos == end: none). */
typedef struct {
  int32_t feature;
  double threshold;
  size_t pos;
  double improvement, impurity_left, impurity_right;
} tg_split;

/* One tree's splitter state (scikit-learn's Splitter): the feature permutation persists from node to node. */
typedef struct {
  const tg_data *data;
  tg_criterion *crit;
  int32_t *samples;         /* the tree's samples with a nonzero weight */
  size_t n_samples;
  float *values;            /* the current feature's values, aligned with samples */
  int32_t *features, *constant_features; /* d each */
  uint64_t *keys, *keys_tmp;/* radix sort buffers, n each */
  uint32_t *hist;           /* radix counts: 3 x 2048 */
  uint32_t rng;
  /*
   * The tree's trees do not depend on the order of a node's samples: classification, integer weights summing to at
   * most 2^53 (every class sum exact in any order) and no -0 in X (a node's least value, which the threshold may take,
   * is the same float whichever sample comes first). The random splitter then sums each candidate's left side in one
   * pass instead of partitioning the samples for it, and partitions once per node, by the best split.
   */
  int order_free;
  double *best_sums;        /* order_free: the best candidate's left class sums and weight, k + 1 */
} tg_splitter;

void tg_criterion_init(tg_criterion *c, size_t start, size_t end);
/*
 * tg_criterion_init for a classification node whose class sums and weight (sums[0, k), sums[k]) are known: the same
 * state when every sum over the node is exact (integer weights summing to at most 2^53), so the order is immaterial.
 */
void tg_criterion_init_sums(tg_criterion *c, size_t start, size_t end, const double *sums);
void tg_criterion_reset(tg_criterion *c);
void tg_criterion_update(tg_criterion *c, size_t new_pos);
double tg_criterion_node_impurity(tg_criterion *c);
void tg_criterion_node_value(tg_criterion *c, double *out);
/* Impurities of samples[start, pos) and samples[pos, end). */
void tg_criterion_children_impurity(tg_criterion *c, double *left, double *right);
/* A quantity ordered like the impurity improvement of the split at pos (scikit-learn's proxy_impurity_improvement). */
double tg_criterion_proxy(tg_criterion *c);
/* scikit-learn's weighted impurity decrease of the split at pos, given the parent's and children's impurities. */
double tg_criterion_improvement(tg_criterion *c, double parent, double impurity_left, double impurity_right);

/*
 * The best split of samples[start, end) (the criterion already initialized there) over up to max_features features
 * drawn without replacement, the first *constants of the permutation known constant; *constants becomes the count
 * for the children. split->pos == end when no split is admissible.
 */
void tg_node_split(tg_splitter *sp, size_t start, size_t end, double impurity, size_t *constants, tg_split *split);

#endif
