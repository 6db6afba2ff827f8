/**
 * Minimum spanning tree (forest) by Kruskal's algorithm over the edges as given, direction ignored (networkx's
 * minimum_spanning_tree on the undirected graph, algorithm='kruskal').
 */
import type { Csr } from '../csr';
import { rangeError } from '../errors';
import { expectBoolean, expectCsr, expectOptions } from './validate';

/** A spanning forest: the ids of its edges (in the caller's edge arrays) and their total weight. */
export interface SpanningTree {
  /** Edge ids in the order Kruskal took them (by weight, then edge id). */
  edgeIds: Int32Array;
  totalWeight: number;
}

/**
 * Minimum spanning forest (one tree per connected component; self-loops never taken; ties by edge id).
 * @param csr - the graph
 * @param options - weighted (default: true when the graph has weights; else every edge weighs 1)
 * @returns the forest's edge ids and total weight
 * @throws RangeError for a NaN weight (infinite and negative weights are allowed, as in networkx)
 * @example minimumSpanningTree(csr).totalWeight;
 */
export function minimumSpanningTree(csr: Csr, options?: { weighted?: boolean }): SpanningTree {
  const c = expectCsr(csr);
  const o = expectOptions<{ weighted?: boolean }>(options, 'options', { weighted: true });
  const weighted = (o.weighted === undefined ? true : expectBoolean(o.weighted, 'weighted')) && c.outWeights !== null;
  const m = c.numEdges, n = c.numNodes;
  const src = new Int32Array(m), dst = new Int32Array(m), w = new Float64Array(m).fill(1);
  for (let u = 0; u < n; u++) {
    for (let e = c.outOffsets[u]; e < c.outOffsets[u + 1]; e++) {
      const id = c.outEdgeIds[e];
      src[id] = u;
      dst[id] = c.outTargets[e];
      if (weighted) {
        w[id] = c.outWeights![e];
        if (Number.isNaN(w[id])) throw rangeError(`Expected a number for the weight of edge ${id} but received NaN`);
      }
    }
  }
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((a, b) => w[a] - w[b] || a - b);
  const parent = new Int32Array(n);
  for (let v = 0; v < n; v++) parent[v] = v;
  const find = (v: number) => {
    while (parent[v] !== v) v = parent[v] = parent[parent[v]];
    return v;
  };
  const taken: number[] = [];
  let totalWeight = 0;
  for (const id of order) {
    const a = find(src[id]), b = find(dst[id]);
    if (a === b) continue;
    parent[Math.max(a, b)] = Math.min(a, b);
    taken.push(id);
    totalWeight += w[id];
    if (taken.length === n - 1) break;
  }
  return { edgeIds: Int32Array.from(taken), totalWeight };
}
