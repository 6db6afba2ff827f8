/**
 * The size of a KD-tree array (trueno_kdtree_nodes / trueno_kdtree_length in trueno.h): the row order (n), then
 * start, end and is-leaf per node (3 per node), then each node's lower and upper corner (2d per node).
 */

/** Nodes of the tree of n rows: 2^levels - 1, levels = 1 + floor(log2(max(1, (n - 1) / leafSize))) (scikit-learn's). */
export function kdtreeNodes(n: number, leafSize: number): number {
  let levels = 1;
  while (n > 0 && Math.floor((n - 1) / leafSize) >= 2 ** levels) levels++;
  return 2 ** levels - 1;
}

/** The length of the float64 array holding the tree of n rows of d features. */
export function kdtreeLength(n: number, d: number, leafSize: number): number {
  return n + kdtreeNodes(n, leafSize) * (3 + 2 * d);
}
