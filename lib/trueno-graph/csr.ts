/**
 * The compressed sparse row form every algorithm reads: for each node, its out-neighbours (and in-neighbours) in one
 * contiguous run, sorted by neighbour, with the id of the edge each entry came from (to reach weights and properties).
 * Built by the native core (parallel stable counting sorts, trueno_graph_csr), or its WASM / JS forms.
 */
import { kernels } from '../trueno/backend/loader';
import { describe, rangeError, typeError } from './errors';

/** Out- and in-adjacency of a graph in CSR form (see the module comment). */
export interface Csr {
  /** Nodes: ids are 0 .. numNodes - 1. */
  readonly numNodes: number;
  /** Edges as given (an undirected edge counts once). */
  readonly numEdges: number;
  /** Whether edges have a direction. */
  readonly directed: boolean;
  /** Node v's out-entries are outOffsets[v] .. outOffsets[v + 1] - 1 (length numNodes + 1). */
  readonly outOffsets: Int32Array;
  /** Neighbours, sorted by target within each node (stable for multi-edges). */
  readonly outTargets: Int32Array;
  /** Index of each entry's edge in the caller's edge arrays. */
  readonly outEdgeIds: Int32Array;
  /** Each entry's weight, or null for an unweighted graph. */
  readonly outWeights: Float64Array | null;
  /** In-entries (for undirected graphs: the same arrays as out*). */
  readonly inOffsets: Int32Array;
  /** Sources, sorted within each node. */
  readonly inSources: Int32Array;
  /** Edge ids of the in-entries. */
  readonly inEdgeIds: Int32Array;
  /** Weights of the in-entries, or null. */
  readonly inWeights: Float64Array | null;
}

/** Most entries one direction can hold: offsets are Int32. */
export const MAX_CSR_ENTRIES = 2 ** 31 - 1;

interface Side {
  offsets: Int32Array;
  neighbours: Int32Array;
  edgeIds: Int32Array;
  weights: Float64Array | null;
}

const EMPTY_F64 = new Float64Array(0);

function checkEdges(numNodes: unknown, src: unknown, dst: unknown, weights: unknown, directed: unknown): number {
  if (typeof numNodes !== 'number' || !Number.isInteger(numNodes) || numNodes < 0 || numNodes >= MAX_CSR_ENTRIES) {
    throw rangeError(`Expected an integer in [0, ${MAX_CSR_ENTRIES}) for numNodes but received ${describe(numNodes)}`);
  }
  if (!(src instanceof Int32Array)) throw typeError(`Expected an Int32Array for src but received ${describe(src)}`);
  if (!(dst instanceof Int32Array)) throw typeError(`Expected an Int32Array for dst but received ${describe(dst)}`);
  if (weights !== null && !(weights instanceof Float64Array)) {
    throw typeError(`Expected a Float64Array or null for weights but received ${describe(weights)}`);
  }
  if (typeof directed !== 'boolean') throw typeError(`Expected a boolean for directed but received ${describe(directed)}`);
  const numEdges = src.length;
  if (dst.length !== numEdges || (weights !== null && weights.length !== numEdges)) {
    throw rangeError(`Expected src, dst and weights of one length for buildCsr but received ${numEdges}, ${dst.length} and ${weights?.length}`);
  }
  const entries = directed ? numEdges : 2 * numEdges;
  if (entries > MAX_CSR_ENTRIES) {
    throw rangeError(`Expected at most ${MAX_CSR_ENTRIES} edge entries per direction (Int32 offsets) but received ${entries}`);
  }
  for (let i = 0; i < numEdges; i++) {
    if (!(src[i] >= 0 && src[i] < numNodes && dst[i] >= 0 && dst[i] < numNodes)) {
      throw rangeError(`Expected node ids in [0, ${numNodes}) for edge ${i} but received ${src[i]} -> ${dst[i]}`);
    }
  }
  if (weights !== null) {
    for (let i = 0; i < numEdges; i++) {
      if (Number.isNaN(weights[i])) throw rangeError(`Expected a number for the weight of edge ${i} but received NaN`);
    }
  }
  return entries;
}

function newSide(numNodes: number, entries: number, weighted: boolean): Side {
  return {
    offsets: new Int32Array(numNodes + 1), neighbours: new Int32Array(entries), edgeIds: new Int32Array(entries),
    weights: weighted ? new Float64Array(entries) : null,
  };
}

function assemble(numNodes: number, numEdges: number, directed: boolean, out: Side, inn: Side): Csr {
  return {
    numNodes, numEdges, directed,
    outOffsets: out.offsets, outTargets: out.neighbours, outEdgeIds: out.edgeIds, outWeights: out.weights,
    inOffsets: inn.offsets, inSources: inn.neighbours, inEdgeIds: inn.edgeIds, inWeights: inn.weights,
  };
}

/**
 * Builds the CSR of a graph in native code (two parallel stable counting sorts per side). An undirected edge is
 * stored both ways (a self-loop therefore twice in its node's run, so it adds 2 to the degree, as networkx and igraph
 * count it); in* then shares the out* arrays. Multi-edges are kept, each its own entry.
 * @param numNodes - nodes
 * @param src - each edge's source (dense ids in [0, numNodes))
 * @param dst - each edge's target
 * @param weights - each edge's weight (NaN refused; algorithms that need more check more), or null
 * @param directed - whether edges have a direction
 * @returns the CSR
 * @throws TypeError for arrays of another type; RangeError when an id is out of range, a weight is NaN, the lengths
 *   differ or an entry count exceeds 2^31 - 1
 * @example const csr = buildCsr(3, Int32Array.of(0, 1), Int32Array.of(1, 2), null, true);
 */
export function buildCsr(numNodes: number, src: Int32Array, dst: Int32Array, weights: Float64Array | null, directed: boolean): Csr {
  const entries = checkEdges(numNodes, src, dst, weights, directed);
  const k = kernels();
  const w = weights ?? EMPTY_F64;
  const out = newSide(numNodes, entries, weights !== null);
  k.graphCsr(numNodes, src, dst, w, directed ? 0 : 1, out.offsets, out.neighbours, out.edgeIds, out.weights ?? EMPTY_F64);
  if (!directed) return assemble(numNodes, src.length, false, out, out);
  const inn = newSide(numNodes, entries, weights !== null);
  k.graphCsr(numNodes, dst, src, w, 0, inn.offsets, inn.neighbours, inn.edgeIds, inn.weights ?? EMPTY_F64);
  return assemble(numNodes, src.length, true, out, inn);
}

/**
 * {@link buildCsr} off the event loop (the native sorts run on the libuv pool; both sides at once when directed).
 * @param numNodes - nodes
 * @param src - each edge's source
 * @param dst - each edge's target
 * @param weights - each edge's weight, or null
 * @param directed - whether edges have a direction
 * @returns a Promise of the CSR
 * @throws TypeError / RangeError as buildCsr (synchronously checked, so the Promise rejects with them)
 * @example const csr = await buildCsrAsync(3, Int32Array.of(0, 1), Int32Array.of(1, 2), null, true);
 */
export async function buildCsrAsync(numNodes: number, src: Int32Array, dst: Int32Array, weights: Float64Array | null,
  directed: boolean): Promise<Csr> {
  const entries = checkEdges(numNodes, src, dst, weights, directed);
  const k = kernels();
  const w = weights ?? EMPTY_F64;
  const out = newSide(numNodes, entries, weights !== null);
  const outDone = k.graphCsrAsync(numNodes, src, dst, w, directed ? 0 : 1, out.offsets, out.neighbours, out.edgeIds, out.weights ?? EMPTY_F64);
  if (!directed) {
    await outDone;
    return assemble(numNodes, src.length, false, out, out);
  }
  const inn = newSide(numNodes, entries, weights !== null);
  await Promise.all([outDone, k.graphCsrAsync(numNodes, dst, src, w, 0, inn.offsets, inn.neighbours, inn.edgeIds, inn.weights ?? EMPTY_F64)]);
  return assemble(numNodes, src.length, true, out, inn);
}
