/**
 * The undirected weighted view several algorithms take (Louvain, MST): a directed graph's out- and
 * in-entries together (A + A^T), an undirected graph's entries as they are (each edge both ways, a self-loop twice:
 * A_ii = 2w, the convention under which a self-loop adds 2 to the degree).
 */
import type { Csr } from '../csr';
import { rangeError, typeError } from '../errors';

/** A symmetric weighted adjacency in CSR form. */
export interface SymmetricAdjacency {
  n: number;
  offsets: Int32Array;
  neighbours: Int32Array;
  weights: Float64Array;
}

/**
 * The symmetric adjacency of `csr` with weights (1 for an unweighted graph, or when weighted is false).
 * @throws RangeError for a weight that is negative, NaN or infinite; TypeError when weighted is asked of an unweighted graph
 */
export function symmetricAdjacency(csr: Csr, weighted: boolean, what: string): SymmetricAdjacency {
  if (weighted && csr.outWeights === null) throw typeError(`Expected a weighted graph for ${what}({ weighted: true }) but received an unweighted one`);
  const n = csr.numNodes;
  const pick = (w: Float64Array | null, len: number) => {
    if (!weighted || w === null) return new Float64Array(len).fill(1);
    for (let e = 0; e < len; e++) if (!(w[e] >= 0 && w[e] < Infinity)) throw rangeError(`Expected finite weights >= 0 for ${what} but received ${w[e]}`);
    return w;
  };
  if (!csr.directed) return { n, offsets: csr.outOffsets, neighbours: csr.outTargets, weights: pick(csr.outWeights, csr.outTargets.length) };
  const ow = pick(csr.outWeights, csr.outTargets.length), iw = pick(csr.inWeights, csr.inSources.length);
  const offsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    offsets[v + 1] = offsets[v] + (csr.outOffsets[v + 1] - csr.outOffsets[v]) + (csr.inOffsets[v + 1] - csr.inOffsets[v]);
  }
  const neighbours = new Int32Array(offsets[n]), weights = new Float64Array(offsets[n]);
  for (let v = 0; v < n; v++) {
    let at = offsets[v];
    for (let e = csr.outOffsets[v]; e < csr.outOffsets[v + 1]; e++, at++) {
      neighbours[at] = csr.outTargets[e];
      weights[at] = ow[e];
    }
    for (let e = csr.inOffsets[v]; e < csr.inOffsets[v + 1]; e++, at++) {
      neighbours[at] = csr.inSources[e];
      weights[at] = iw[e];
    }
  }
  return { n, offsets, neighbours, weights };
}
