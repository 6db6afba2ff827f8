/**
 * Traversals, all native: breadth-first search (multi-source, depth-limited), depth-first search and k-hop
 * neighbourhoods (the depth-limited BFS). Neighbours are visited in CSR order (sorted by id), so results are
 * deterministic.
 */
import { kernels } from '../../trueno/backend/loader';
import type { Csr } from '../csr';
import { expectCsr, expectDirection, expectInteger, expectNode, expectOptions, expectSources, sidesOf, type Direction } from './validate';

/** Options of {@link bfs}. */
export interface BfsOptions {
  /** Which edges to follow (default 'out'; 'in' walks edges backwards; 'both' ignores direction). */
  direction?: Direction;
  /** Stop expanding at this depth (default: no limit). */
  maxDepth?: number;
}

/** What {@link bfs} returns, indexed by dense node id. */
export interface BfsResult {
  /** Hops from the nearest source; -1 when unreachable. */
  distances: Int32Array;
  /** The node each node was first reached from; -1 for sources and unreachable nodes. */
  parents: Int32Array;
  /** Nodes in visiting order (sources first, then by distance). */
  order: Int32Array;
}

type BfsCall = [number, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, number, Int32Array, Int32Array, Int32Array];

/**
 * Checks the options of {@link bfs} alone (the graph unseen), so a caller can refuse bad options first.
 * @param options - the options given
 * @returns them, checked for unknown keys
 * @throws TypeError for options that are not an object or hold an unknown key
 */
export function bfsOptions(options: unknown): BfsOptions {
  return expectOptions<BfsOptions>(options, 'options', { direction: true, maxDepth: true });
}

function prepareBfs(csr: Csr, sources: number | Int32Array | number[], options: BfsOptions | undefined): BfsCall {
  const o = bfsOptions(options);
  const c = expectCsr(csr);
  const src = expectSources(c, sources);
  const direction = expectDirection(o.direction);
  const maxDepth = o.maxDepth === undefined ? -1 : expectInteger(o.maxDepth, 'maxDepth', 0, 2 ** 31 - 1);
  const [off1, adj1, , off2, adj2] = sidesOf(c, direction);
  const n = c.numNodes;
  return [n, off1, adj1, off2, adj2, src, maxDepth, new Int32Array(n), new Int32Array(n), new Int32Array(n)];
}

/**
 * Breadth-first search from one or several sources (native).
 * @param csr - the graph
 * @param sources - a node id, or several (multi-source: distance to the nearest)
 * @param options - direction ('out'), maxDepth
 * @returns distances (-1 unreachable), parents (-1), visiting order
 * @throws TypeError / RangeError for a bad CSR, an id out of range, an empty source list or bad options
 * @example const { distances } = bfs(csr, 0); // distances[v]: hops from 0
 */
export function bfs(csr: Csr, sources: number | Int32Array | number[], options?: BfsOptions): BfsResult {
  const call = prepareBfs(csr, sources, options);
  const visited = kernels().graphBfs(...call);
  return { distances: call[7], parents: call[8], order: call[9].slice(0, visited) };
}

/**
 * {@link bfs} off the event loop (native: the libuv pool).
 * @param csr - the graph
 * @param sources - a node id or several
 * @param options - direction, maxDepth
 * @returns a Promise of bfs's result
 * @throws TypeError / RangeError as bfs
 * @example const { order } = await bfsAsync(csr, [0, 5]);
 */
export async function bfsAsync(csr: Csr, sources: number | Int32Array | number[], options?: BfsOptions): Promise<BfsResult> {
  const call = prepareBfs(csr, sources, options);
  const visited = await kernels().graphBfsAsync(...call);
  return { distances: call[7], parents: call[8], order: call[9].slice(0, visited) };
}

/** Options of {@link kHop} and {@link dfs}. */
export interface WalkDirectionOptions {
  /** Which edges to follow (default 'out'; 'in' walks edges backwards; 'both' ignores direction). */
  direction?: Direction;
}

/**
 * Checks the options of {@link kHop} / {@link dfs} alone (the graph unseen), so a caller can refuse bad options first.
 * @param options - the options given
 * @returns them, checked for unknown keys
 * @throws TypeError for options that are not an object or hold an unknown key
 */
export function walkOptions(options: unknown): WalkDirectionOptions {
  return expectOptions<WalkDirectionOptions>(options, 'options', { direction: true });
}

function prepareKHop(csr: Csr, sources: number | Int32Array | number[], k: number, options: WalkDirectionOptions | undefined): BfsCall {
  const o = walkOptions(options);
  const depth = expectInteger(k, 'k', 0, 2 ** 31 - 1);
  return prepareBfs(csr, sources, { direction: o.direction, maxDepth: depth });
}

/** The nodes at distance 1 .. k, ascending. */
function ball(distances: Int32Array): Int32Array {
  let count = 0;
  for (let v = 0; v < distances.length; v++) if (distances[v] > 0) count++;
  const out = new Int32Array(count);
  for (let v = 0, i = 0; v < distances.length; v++) if (distances[v] > 0) out[i++] = v;
  return out;
}

/**
 * The nodes within k hops of the sources (the sources excluded), sorted by id (native: the depth-limited BFS).
 * @param csr - the graph
 * @param sources - a node id or several
 * @param k - hops (0 gives an empty set)
 * @param options - direction ('out')
 * @returns the node ids, ascending
 * @throws TypeError / RangeError for bad options, a bad id, k or direction
 * @example kHop(csr, 0, 2); // friends and friends of friends of 0
 */
export function kHop(csr: Csr, sources: number | Int32Array | number[], k: number, options?: WalkDirectionOptions): Int32Array {
  const call = prepareKHop(csr, sources, k, options);
  kernels().graphBfs(...call);
  return ball(call[7]);
}

/**
 * {@link kHop} off the event loop (native: the libuv pool).
 * @param csr - the graph
 * @param sources - a node id or several
 * @param k - hops
 * @param options - direction ('out')
 * @returns a Promise of the node ids, ascending
 * @throws TypeError / RangeError as kHop (the Promise rejects)
 * @example const near = await kHopAsync(csr, [0, 5], 3, { direction: 'both' });
 */
export async function kHopAsync(csr: Csr, sources: number | Int32Array | number[], k: number, options?: WalkDirectionOptions): Promise<Int32Array> {
  const call = prepareKHop(csr, sources, k, options);
  await kernels().graphBfsAsync(...call);
  return ball(call[7]);
}

/** What {@link dfs} returns, indexed by dense node id. */
export interface DfsResult {
  /** Nodes in preorder (the order they were first reached). */
  order: Int32Array;
  /** The node each node was reached from; -1 for the source and unreached nodes. */
  parents: Int32Array;
  /** Time each node was entered (one clock shared with finish; -1 unreached). */
  discovery: Int32Array;
  /** Time each node was left (-1 unreached). */
  finish: Int32Array;
}

type DfsCall = [number, Int32Array, Int32Array, Int32Array, Int32Array, number, Int32Array, Int32Array, Int32Array, Int32Array];

function prepareDfs(csr: Csr, source: number, options: WalkDirectionOptions | undefined): DfsCall {
  const o = walkOptions(options);
  const c = expectCsr(csr);
  const s = expectNode(c, source, 'source');
  const [off1, adj1, , off2, adj2] = sidesOf(c, expectDirection(o.direction));
  const n = c.numNodes;
  return [n, off1, adj1, off2, adj2, s, new Int32Array(n), new Int32Array(n), new Int32Array(n), new Int32Array(n)];
}

const dfsResult = (call: DfsCall, visited: number): DfsResult =>
  ({ order: call[6].slice(0, visited), parents: call[7], discovery: call[8], finish: call[9] });

/**
 * Depth-first search from one source (native), iterative (no recursion limit), neighbours in id order: the preorder
 * a recursive DFS gives (networkx's dfs_preorder_nodes on sorted adjacency).
 * @param csr - the graph
 * @param source - the start node
 * @param options - direction ('out')
 * @returns preorder, parents, discovery and finish times
 * @throws TypeError / RangeError for bad options, a bad CSR, id or direction
 * @example const { order } = dfs(csr, 0);
 */
export function dfs(csr: Csr, source: number, options?: WalkDirectionOptions): DfsResult {
  const call = prepareDfs(csr, source, options);
  return dfsResult(call, kernels().graphDfs(...call));
}

/**
 * {@link dfs} off the event loop (native: the libuv pool).
 * @param csr - the graph
 * @param source - the start node
 * @param options - direction ('out')
 * @returns a Promise of dfs's result
 * @throws TypeError / RangeError as dfs (the Promise rejects)
 * @example const { finish } = await dfsAsync(csr, 0, { direction: 'in' });
 */
export async function dfsAsync(csr: Csr, source: number, options?: WalkDirectionOptions): Promise<DfsResult> {
  const call = prepareDfs(csr, source, options);
  return dfsResult(call, await kernels().graphDfsAsync(...call));
}
