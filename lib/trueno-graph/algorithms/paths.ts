/**
 * Shortest paths: Dijkstra (native, binary heap ordered by (distance, node)) and the unweighted form by BFS, and
 * shortestPath(s, t) with the path itself.
 */
import { kernels } from '../../trueno/backend/loader';
import type { Csr } from '../csr';
import { rangeError, typeError } from '../errors';
import { bfs } from './traversal';
import { expectBoolean, expectCsr, expectDirection, expectNode, expectOptions, sidesOf, type Direction } from './validate';

/** Options of {@link dijkstra}. */
export interface DijkstraOptions {
  /** Which edges to follow (default 'out'). */
  direction?: Direction;
}

/** What {@link dijkstra} returns, indexed by dense node id. */
export interface DijkstraResult {
  /** Sum of weights along a shortest path; Infinity when unreachable. */
  distances: Float64Array;
  /** Predecessor on that path; -1 for the source and unreachable nodes. */
  parents: Int32Array;
}

type DijkstraCall = [number, Int32Array, Int32Array, Float64Array, Int32Array, Int32Array, Float64Array, number, number, Float64Array, Int32Array];

/** Checks that every weight the walk reads is a number >= 0 (named in the error with its edge id). */
function checkWeights(csr: Csr, side: 'out' | 'in', weights: Float64Array): void {
  const ids = side === 'out' ? csr.outEdgeIds : csr.inEdgeIds;
  for (let e = 0; e < weights.length; e++) {
    const w = weights[e];
    if (!(w >= 0 && w < Infinity)) {
      throw rangeError(`Expected finite weights >= 0 for dijkstra but received ${w} on edge ${ids[e]}`);
    }
  }
}

function prepareDijkstra(csr: Csr, source: number, target: number, direction: Direction): DijkstraCall {
  const c = expectCsr(csr);
  const s = expectNode(c, source, 'source');
  if (c.outWeights === null) throw typeError('Expected a weighted graph (Csr with weights) for dijkstra but received an unweighted one; use bfs or shortestPath(..., { weighted: false })');
  const [off1, adj1, w1, off2, adj2, w2] = sidesOf(c, direction);
  checkWeights(c, 'out', c.outWeights);
  if (c.directed && direction !== 'out') checkWeights(c, 'in', c.inWeights!);
  const n = c.numNodes;
  return [n, off1, adj1, w1, off2, adj2, w2, s, target, new Float64Array(n), new Int32Array(n)];
}

/**
 * Checks dijkstra's options (before anything else, so a misspelt key is named first).
 * @param options - the options object
 * @returns them with the direction defaulted
 * @throws TypeError / RangeError for an unknown key or a bad direction
 */
export function dijkstraOptions(options: DijkstraOptions | undefined): DijkstraOptions {
  const o = expectOptions<DijkstraOptions>(options, 'options', { direction: true });
  return { direction: expectDirection(o.direction) };
}

/**
 * Checks shortestPath's options (before anything else).
 * @param options - the options object
 * @returns them with the direction defaulted (weighted stays undefined when not given: the graph decides)
 * @throws TypeError / RangeError for an unknown key or a bad value
 */
export function shortestPathOptions(options: ShortestPathOptions | undefined): ShortestPathOptions {
  const o = expectOptions<ShortestPathOptions>(options, 'options', { weighted: true, direction: true });
  return { weighted: o.weighted === undefined ? undefined : expectBoolean(o.weighted, 'weighted'), direction: expectDirection(o.direction) };
}

/**
 * Single-source shortest paths by Dijkstra's algorithm (native). Ties go to the first relaxation (entry order), so
 * parents are the same on every backend.
 * @param csr - a weighted graph
 * @param source - the start node
 * @param options - direction ('out')
 * @returns distances (Infinity unreachable) and parents (-1)
 * @throws TypeError for an unweighted graph; RangeError for a weight that is negative, NaN or infinite (naming the
 *   edge), an id out of range or a bad direction
 * @example const { distances } = dijkstra(csr, 0);
 */
export function dijkstra(csr: Csr, source: number, options?: DijkstraOptions): DijkstraResult {
  const o = dijkstraOptions(options);
  const call = prepareDijkstra(csr, source, -1, o.direction!);
  kernels().graphDijkstra(...call);
  return { distances: call[9], parents: call[10] };
}

/**
 * {@link dijkstra} off the event loop (native: the libuv pool).
 * @param csr - a weighted graph
 * @param source - the start node
 * @param options - direction
 * @returns a Promise of dijkstra's result
 * @throws TypeError / RangeError as dijkstra
 * @example const { parents } = await dijkstraAsync(csr, 0);
 */
export async function dijkstraAsync(csr: Csr, source: number, options?: DijkstraOptions): Promise<DijkstraResult> {
  const o = dijkstraOptions(options);
  const call = prepareDijkstra(csr, source, -1, o.direction!);
  await kernels().graphDijkstraAsync(...call);
  return { distances: call[9], parents: call[10] };
}

/** Options of {@link shortestPath}. */
export interface ShortestPathOptions {
  /** Sum weights (Dijkstra; default: true when the graph has weights) or count hops (BFS). */
  weighted?: boolean;
  /** Which edges to follow (default 'out'). */
  direction?: Direction;
}

/**
 * One shortest path from s to t: Dijkstra stopping once t is settled, or BFS for hop counts.
 * @param csr - the graph
 * @param s - start node
 * @param t - end node
 * @param options - weighted, direction
 * @returns the distance (Infinity when unreachable) and the path s .. t (empty when unreachable)
 * @throws TypeError / RangeError as dijkstra / bfs
 * @example const { path } = shortestPath(csr, 0, 33);
 */
export function shortestPath(csr: Csr, s: number, t: number, options?: ShortestPathOptions): { distance: number; path: Int32Array } {
  const o = shortestPathOptions(options);
  const c = expectCsr(csr);
  const target = expectNode(c, t, 't');
  const weighted = o.weighted ?? c.outWeights !== null;
  const direction = o.direction!;
  let distance: number, parents: Int32Array;
  if (weighted) {
    const call = prepareDijkstra(c, s, target, direction);
    kernels().graphDijkstra(...call);
    distance = call[9][target];
    parents = call[10];
  } else {
    const r = bfs(c, expectNode(c, s, 's'), { direction });
    distance = r.distances[target] < 0 ? Infinity : r.distances[target];
    parents = r.parents;
  }
  if (distance === Infinity) return { distance, path: new Int32Array(0) };
  const path: number[] = [];
  for (let v = target; v !== -1; v = parents[v]) path.push(v);
  return { distance, path: Int32Array.from(path.reverse()) };
}
