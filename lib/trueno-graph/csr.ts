/**
 * The compressed sparse row form every algorithm reads: for each node, its out-neighbours (and in-neighbours) in one
 * contiguous run, sorted by neighbour, with the id of the edge each entry came from (to reach weights and properties).
 */
import { rangeError } from './errors';

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
const MAX_ENTRIES = 2 ** 31 - 1;

interface Side {
  offsets: Int32Array;
  neighbours: Int32Array;
  edgeIds: Int32Array;
  weights: Float64Array | null;
}

/** Counting sort of `entries` (from -> to, edge id) by `from`, then by `to` within a node (stable). */
function sortSide(numNodes: number, from: Int32Array[], to: Int32Array[], weights: Float64Array | null, numEdges: number): Side {
  const total = from.reduce((n, a) => n + a.length, 0);
  // first by `to` (counting sort), then stably by `from`: the runs end up sorted by neighbour
  const byTo = new Int32Array(numNodes + 1);
  for (const a of to) for (let i = 0; i < a.length; i++) byTo[a[i] + 1]++;
  for (let v = 0; v < numNodes; v++) byTo[v + 1] += byTo[v];
  const order = new Int32Array(total);
  let base = 0;
  for (const a of to) {
    for (let i = 0; i < a.length; i++) order[byTo[a[i]]++] = base + i;
    base += a.length;
  }
  const offsets = new Int32Array(numNodes + 1);
  const fromOf = (k: number) => (k < numEdges ? from[0][k] : from[1][k - numEdges]);
  const toOf = (k: number) => (k < numEdges ? to[0][k] : to[1][k - numEdges]);
  for (let k = 0; k < total; k++) offsets[fromOf(k) + 1]++;
  for (let v = 0; v < numNodes; v++) offsets[v + 1] += offsets[v];
  const next = offsets.slice(0, numNodes);
  const neighbours = new Int32Array(total);
  const edgeIds = new Int32Array(total);
  const w = weights === null ? null : new Float64Array(total);
  for (const k of order) {
    const slot = next[fromOf(k)]++;
    neighbours[slot] = toOf(k);
    const edge = k < numEdges ? k : k - numEdges;
    edgeIds[slot] = edge;
    if (w !== null) w[slot] = weights![edge];
  }
  return { offsets, neighbours, edgeIds, weights: w };
}

/**
 * Builds the CSR of a graph. An undirected edge is stored both ways (a self-loop therefore twice in its node's run,
 * so it adds 2 to the degree, as networkx and igraph count it); in* then shares the out* arrays.
 * @param numNodes - nodes
 * @param src - each edge's source (dense ids in [0, numNodes))
 * @param dst - each edge's target
 * @param weights - each edge's weight, or null
 * @param directed - whether edges have a direction
 * @returns the CSR
 * @throws RangeError when an id is out of range or an entry count exceeds 2^31 - 1
 * @example const csr = buildCsr(3, Int32Array.of(0, 1), Int32Array.of(1, 2), null, true);
 */
export function buildCsr(numNodes: number, src: Int32Array, dst: Int32Array, weights: Float64Array | null, directed: boolean): Csr {
  const numEdges = src.length;
  if (dst.length !== numEdges || (weights !== null && weights.length !== numEdges)) {
    throw rangeError(`Expected src, dst and weights of one length for buildCsr but received ${numEdges}, ${dst.length} and ${weights?.length}`);
  }
  const entries = directed ? numEdges : 2 * numEdges;
  if (entries > MAX_ENTRIES) throw rangeError(`Expected at most ${MAX_ENTRIES} edge entries per direction but received ${entries}`);
  for (let i = 0; i < numEdges; i++) {
    if (!(src[i] >= 0 && src[i] < numNodes && dst[i] >= 0 && dst[i] < numNodes)) {
      throw rangeError(`Expected node ids in [0, ${numNodes}) for edge ${i} but received ${src[i]} -> ${dst[i]}`);
    }
  }
  if (!directed) {
    const side = sortSide(numNodes, [src, dst], [dst, src], weights, numEdges);
    return {
      numNodes, numEdges, directed,
      outOffsets: side.offsets, outTargets: side.neighbours, outEdgeIds: side.edgeIds, outWeights: side.weights,
      inOffsets: side.offsets, inSources: side.neighbours, inEdgeIds: side.edgeIds, inWeights: side.weights,
    };
  }
  const out = sortSide(numNodes, [src], [dst], weights, numEdges);
  const inn = sortSide(numNodes, [dst], [src], weights, numEdges);
  return {
    numNodes, numEdges, directed,
    outOffsets: out.offsets, outTargets: out.neighbours, outEdgeIds: out.edgeIds, outWeights: out.weights,
    inOffsets: inn.offsets, inSources: inn.neighbours, inEdgeIds: inn.edgeIds, inWeights: inn.weights,
  };
}
