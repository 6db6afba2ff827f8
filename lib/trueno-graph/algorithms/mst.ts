/**
 * Minimum spanning tree (forest) by Kruskal's algorithm over the edges as given, direction ignored (networkx's
 * minimum_spanning_tree on the undirected graph, algorithm='kruskal'; native: trueno_graph_mst, the edges ordered by
 * the core's stable radix argsort).
 */
import { kernels } from '../../trueno/backend/loader';
import type { Csr } from '../csr';
import { rangeError } from '../errors';
import { EMPTY_F64, expectBoolean, expectCsr, expectOptions } from './validate';

/** A spanning forest: the ids of its edges (in the caller's edge arrays) and their total weight. */
export interface SpanningTree {
  /** Edge ids in the order Kruskal took them (by weight, then edge id). */
  edgeIds: Int32Array;
  totalWeight: number;
}

/** Options of {@link minimumSpanningTree}. */
export interface SpanningTreeOptions {
  /** Use edge weights (default: true when the graph has them; else every edge weighs 1). */
  weighted?: boolean;
}

type MstCall = [number, Int32Array, Int32Array, Float64Array, Int32Array];

/**
 * Checks minimumSpanningTree's options (before anything else, so a misspelt key is named first).
 * @param options - the options object
 * @returns `weighted` (undefined: the graph decides)
 * @throws TypeError for an unknown key or a value of the wrong type
 */
export function spanningTreeOptions(options: SpanningTreeOptions | undefined): SpanningTreeOptions {
  const o = expectOptions<SpanningTreeOptions>(options, 'options', { weighted: true });
  return { weighted: o.weighted === undefined ? undefined : expectBoolean(o.weighted, 'weighted') };
}

/** The edge arrays by edge id, rebuilt from the out-CSR (an undirected CSR lists an edge both ways: either will do). */
function prepareMst(csr: Csr, options: SpanningTreeOptions | undefined): MstCall {
  const o = spanningTreeOptions(options);
  const c = expectCsr(csr);
  const weighted = (o.weighted ?? true) && c.outWeights !== null;
  const m = c.numEdges, n = c.numNodes;
  const src = new Int32Array(m), dst = new Int32Array(m), w = weighted ? new Float64Array(m) : EMPTY_F64;
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
  return [n, src, dst, w, new Int32Array(m)];
}

function finish(call: MstCall, taken: number): SpanningTree {
  const edgeIds = call[4].slice(0, taken), w = call[3];
  let totalWeight = 0;
  for (const id of edgeIds) totalWeight += w.length ? w[id] : 1;
  return { edgeIds, totalWeight };
}

/**
 * Minimum spanning forest (one tree per connected component; self-loops never taken; ties by edge id).
 * @param csr - the graph
 * @param options - weighted (default: true when the graph has weights; else every edge weighs 1)
 * @returns the forest's edge ids and total weight
 * @throws RangeError for a NaN weight (infinite and negative weights are allowed, as in networkx); TypeError for bad options
 * @example minimumSpanningTree(csr).totalWeight;
 */
export function minimumSpanningTree(csr: Csr, options?: SpanningTreeOptions): SpanningTree {
  const call = prepareMst(csr, options);
  return finish(call, kernels().graphMst(...call));
}

/**
 * {@link minimumSpanningTree} off the event loop (native: the libuv pool).
 * @param csr - the graph
 * @param options - as minimumSpanningTree
 * @returns a Promise of the forest
 * @throws as minimumSpanningTree (the Promise rejects)
 * @example const { edgeIds } = await minimumSpanningTreeAsync(csr);
 */
export async function minimumSpanningTreeAsync(csr: Csr, options?: SpanningTreeOptions): Promise<SpanningTree> {
  const call = prepareMst(csr, options);
  return finish(call, await kernels().graphMstAsync(...call));
}
