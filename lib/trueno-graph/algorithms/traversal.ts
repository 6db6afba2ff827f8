/**
 * Traversals: breadth-first search (native, multi-source, depth-limited), depth-first search and k-hop
 * neighbourhoods. Neighbours are visited in CSR order (sorted by id), so results are deterministic.
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

function prepareBfs(csr: Csr, sources: number | Int32Array | number[], options: BfsOptions | undefined): BfsCall {
  const c = expectCsr(csr);
  const src = expectSources(c, sources);
  const o = expectOptions<BfsOptions>(options, 'options', { direction: true, maxDepth: true });
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

/**
 * The nodes within k hops of the sources (the sources excluded), sorted by id.
 * @param csr - the graph
 * @param sources - a node id or several
 * @param k - hops (0 gives an empty set)
 * @param options - direction ('out')
 * @returns the node ids, ascending
 * @throws TypeError / RangeError for a bad id, k or direction
 * @example kHop(csr, 0, 2); // friends and friends of friends of 0
 */
export function kHop(csr: Csr, sources: number | Int32Array | number[], k: number, options?: { direction?: Direction }): Int32Array {
  const depth = expectInteger(k, 'k', 0, 2 ** 31 - 1);
  const o = expectOptions<{ direction?: Direction }>(options, 'options', { direction: true });
  const { distances } = bfs(csr, sources, { direction: o.direction, maxDepth: depth });
  let count = 0;
  for (let v = 0; v < distances.length; v++) if (distances[v] > 0) count++;
  const out = new Int32Array(count);
  for (let v = 0, i = 0; v < distances.length; v++) if (distances[v] > 0) out[i++] = v;
  return out;
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

/**
 * Depth-first search from one source, iterative (no recursion limit), neighbours in id order: the preorder a
 * recursive DFS gives (networkx's dfs_preorder_nodes on sorted adjacency).
 * @param csr - the graph
 * @param source - the start node
 * @param options - direction ('out')
 * @returns preorder, parents, discovery and finish times
 * @throws TypeError / RangeError for a bad CSR, id or direction
 * @example const { order } = dfs(csr, 0);
 */
export function dfs(csr: Csr, source: number, options?: { direction?: Direction }): DfsResult {
  const c = expectCsr(csr);
  const s = expectNode(c, source, 'source');
  const o = expectOptions<{ direction?: Direction }>(options, 'options', { direction: true });
  const [off1, adj1, , off2, adj2] = sidesOf(c, expectDirection(o.direction));
  const n = c.numNodes;
  const parents = new Int32Array(n).fill(-1), discovery = new Int32Array(n).fill(-1), finish = new Int32Array(n).fill(-1);
  const order: number[] = [];
  // the stack holds nodes; cursor[v] walks v's entries over both sides (side 1 first)
  const cursor = new Int32Array(n);
  const stack = new Int32Array(n);
  let sp = 0, clock = 0;
  const enter = (v: number) => {
    discovery[v] = clock++;
    order.push(v);
    cursor[v] = 0;
    stack[sp++] = v;
  };
  enter(s);
  while (sp > 0) {
    const u = stack[sp - 1];
    const deg1 = off1[u + 1] - off1[u], deg2 = off2.length ? off2[u + 1] - off2[u] : 0;
    let next = -1;
    while (cursor[u] < deg1 + deg2 && next < 0) {
      const i = cursor[u]++;
      const v = i < deg1 ? adj1[off1[u] + i] : adj2[off2[u] + i - deg1];
      if (discovery[v] < 0) next = v;
    }
    if (next >= 0) {
      parents[next] = u;
      enter(next);
    } else {
      finish[u] = clock++;
      sp--;
    }
  }
  return { order: Int32Array.from(order), parents, discovery, finish };
}
