/*
 * The forests the tree prediction tests share (test_forest.c, test_forest_packed.c): two hand-built trees with a
 * missing-value split and a categorical one, and a forest of many long chains, more nodes than one packed chunk.
 */
#ifndef TRUENO_TEST_FOREST_FIXTURES_H
#define TRUENO_TEST_FOREST_FIXTURES_H

#include "check.h"

#include <stdint.h>

/*
 * Tree 0 (nodes 0-2): x0 <= 0.5 ? node 1 : node 2; NaN goes left.
 * Tree 1 (nodes 3-7): x1 in {1, 3, 200} ? node 4 : node 5 (bitset 0; missing right); node 5: x0 <= -1 ? 6 : 7.
 */
static const int32_t roots[2] = {0, 3};
static const int32_t feature[8] = {0, -1, -1, 1, -1, 0, -1, -1};
static const double threshold[8] = {0.5, 0, 0, 0, 0, -1, 0, 0};
static const int32_t children[16] = {1, 2, -1, -1, -1, -1, 4, 5, -1, -1, 6, 7, -1, -1, -1, -1};
static const uint8_t flags[8] = {TRUENO_TREE_MISSING_LEFT, 0, 0, TRUENO_TREE_CATEGORICAL, 0, 0, 0, 0};
static int32_t cat_bits[8];
/* k = 2 values per node; inner nodes' values are never read. */
static const double values[16] = {9, 9, 1, 10, 2, 20, 9, 9, 3, 30, 9, 9, 4, 40, 5, 50};
static const double weights[2] = {1.0, 0.5};

#define ROWS 9
static const double rows[ROWS * 2] = {0.5, 1, 0.6, 3, NAN, 2, -2, NAN, 0, 200, 1e9, -1, -1, 256, 0.5000001, 3.5, -1, 0};
static float rows32[ROWS * 2];

/* x1's categories 1, 3 and 200 go left at tree 1's root; rows32 = rows as float32. */
static void set_up_hand_trees(void) {
  cat_bits[0] = (1 << 1) | (1 << 3);
  cat_bits[6] = 1 << (200 - 192);
  for (int i = 0; i < ROWS * 2; i++) rows32[i] = (float)rows[i];
}

#define BIG_TREES 40
#define BIG_CHAIN 1000
#define BIG_NODES (BIG_TREES * (2 * BIG_CHAIN + 1))
#define BIG_ROWS 300
static int32_t big_feature[BIG_NODES], big_children[2 * BIG_NODES], big_roots[BIG_TREES];
static double big_threshold[BIG_NODES], big_values[BIG_NODES], big_weights[BIG_TREES], big_x[BIG_ROWS * 3];
static uint8_t big_flags[BIG_NODES];

/* Tree t: a chain of BIG_CHAIN splits on feature (j + t) % 3, each with a leaf on its left; every other split sends
   NaN left. Rows have NaN sprinkled in. */
static void build_big_forest(void) {
  for (int t = 0; t < BIG_TREES; t++) {
    const int base = t * (2 * BIG_CHAIN + 1);
    big_roots[t] = base;
    big_weights[t] = 1.0 / (t + 1);
    for (int j = 0; j < BIG_CHAIN; j++) {
      const int i = base + 2 * j;
      big_feature[i] = (j + t) % 3;
      big_threshold[i] = 0.9 * check_sym(8, (unsigned)i);
      big_children[2 * i] = i + 1;
      big_children[2 * i + 1] = i + 2;
      big_feature[i + 1] = -1;
      big_children[2 * i + 2] = big_children[2 * i + 3] = -1;
      big_flags[i] = (j % 2) ? TRUENO_TREE_MISSING_LEFT : 0;
    }
    big_feature[base + 2 * BIG_CHAIN] = -1;
    big_children[2 * (base + 2 * BIG_CHAIN)] = big_children[2 * (base + 2 * BIG_CHAIN) + 1] = -1;
  }
  for (int i = 0; i < BIG_NODES; i++) big_values[i] = check_sym(9, (unsigned)i);
  for (int i = 0; i < BIG_ROWS * 3; i++) big_x[i] = (i % 97 == 5) ? NAN : check_sym(10, (unsigned)i) * 0.3 + 0.5;
}

#endif
