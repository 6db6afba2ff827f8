/**
 * Connected components (weak: union-find, strong: iterative Tarjan; both native) and topological sort with cycle
 * detection. Components are numbered in order of their smallest node (component 0 holds node 0).
 */
import { kernels } from '../../trueno/backend/loader';
import type { Csr } from '../csr';
import { CycleError, typeError } from '../errors';
import { expectCsr } from './validate';

/** Components: `labels[v]` is v's component, `sizes[c]` the nodes of component c, `count` how many. */
export interface Components {
  count: number;
  labels: Int32Array;
  sizes: Int32Array;
}

type ComponentsCall = [number, Int32Array, Int32Array, Int32Array, Int32Array];

function prepare(csr: Csr): ComponentsCall {
  const c = expectCsr(csr);
  return [c.numNodes, c.outOffsets, c.outTargets, new Int32Array(c.numNodes), new Int32Array(c.numNodes)];
}

const result = (call: ComponentsCall, count: number): Components => ({ count, labels: call[3], sizes: call[4].slice(0, count) });

/**
 * Weakly connected components (edge direction ignored; native union-find).
 * @param csr - the graph
 * @returns count, labels (by smallest node), sizes
 * @throws TypeError for a bad CSR
 * @example const { count, sizes } = connectedComponents(csr);
 */
export function connectedComponents(csr: Csr): Components {
  const call = prepare(csr);
  return result(call, kernels().graphWcc(...call));
}

/**
 * {@link connectedComponents} off the event loop.
 * @param csr - the graph
 * @returns a Promise of the components
 * @throws TypeError for a bad CSR
 * @example const { count } = await connectedComponentsAsync(csr);
 */
export async function connectedComponentsAsync(csr: Csr): Promise<Components> {
  const call = prepare(csr);
  return result(call, await kernels().graphWccAsync(...call));
}

/**
 * Strongly connected components (native iterative Tarjan; for an undirected graph, the connected components).
 * @param csr - the graph
 * @returns count, labels (by smallest node), sizes
 * @throws TypeError for a bad CSR
 * @example const { count } = stronglyConnectedComponents(csr);
 */
export function stronglyConnectedComponents(csr: Csr): Components {
  const call = prepare(csr);
  return result(call, kernels().graphScc(...call));
}

/**
 * {@link stronglyConnectedComponents} off the event loop.
 * @param csr - the graph
 * @returns a Promise of the components
 * @throws TypeError for a bad CSR
 * @example const { sizes } = await stronglyConnectedComponentsAsync(csr);
 */
export async function stronglyConnectedComponentsAsync(csr: Csr): Promise<Components> {
  const call = prepare(csr);
  return result(call, await kernels().graphSccAsync(...call));
}

/** One cycle among `remaining` nodes (each has an in-edge from another remaining node), in edge order. */
function findCycle(csr: Csr, remaining: Int32Array): Int32Array {
  let start = remaining.indexOf(1);
  // walk backwards along in-edges inside the remaining set until a node repeats
  const seenAt = new Int32Array(csr.numNodes).fill(-1);
  const walk: number[] = [];
  let v = start;
  while (seenAt[v] < 0) {
    seenAt[v] = walk.length;
    walk.push(v);
    let next = -1;
    for (let e = csr.inOffsets[v]; e < csr.inOffsets[v + 1] && next < 0; e++) if (remaining[csr.inSources[e]]) next = csr.inSources[e];
    v = next;
  }
  start = seenAt[v];
  return Int32Array.from(walk.slice(start).reverse());
}

/**
 * A topological order (Kahn's algorithm, ready nodes taken smallest id first: the lexicographically smallest order).
 * Self-loops are cycles.
 * @param csr - a directed graph
 * @returns node ids, every edge u -> v with u before v
 * @throws CycleError (`.cycle`: one directed cycle, cycle[i] -> cycle[i + 1] -> ... -> cycle[0]) when there is none;
 *   TypeError for an undirected graph or a bad CSR
 * @example topologicalSort(csr); // Int32Array [0, 2, 1, ...]
 */
export function topologicalSort(csr: Csr): Int32Array {
  const c = expectCsr(csr);
  if (!c.directed) throw typeError('Expected a directed graph for topologicalSort but received an undirected one');
  const n = c.numNodes;
  const indegree = new Int32Array(n);
  for (let v = 0; v < n; v++) indegree[v] = c.inOffsets[v + 1] - c.inOffsets[v];
  // a binary min-heap of ready nodes
  const heap = new Int32Array(n);
  let len = 0;
  const push = (x: number) => {
    let at = len++;
    while (at > 0 && heap[(at - 1) >> 1] > x) {
      heap[at] = heap[(at - 1) >> 1];
      at = (at - 1) >> 1;
    }
    heap[at] = x;
  };
  const pop = () => {
    const top = heap[0], last = heap[--len];
    let at = 0;
    for (;;) {
      let ch = 2 * at + 1;
      if (ch >= len) break;
      if (ch + 1 < len && heap[ch + 1] < heap[ch]) ch++;
      if (heap[ch] >= last) break;
      heap[at] = heap[ch];
      at = ch;
    }
    if (len > 0) heap[at] = last;
    return top;
  };
  for (let v = 0; v < n; v++) if (indegree[v] === 0) push(v);
  const order = new Int32Array(n);
  let k = 0;
  while (len > 0) {
    const u = pop();
    order[k++] = u;
    for (let e = c.outOffsets[u]; e < c.outOffsets[u + 1]; e++) if (--indegree[c.outTargets[e]] === 0) push(c.outTargets[e]);
  }
  if (k === n) return order;
  const remaining = new Int32Array(n);
  for (let v = 0; v < n; v++) remaining[v] = indegree[v] > 0 ? 1 : 0;
  const cycle = findCycle(c, remaining);
  throw new CycleError(`Expected a graph without cycles for topologicalSort but received one through nodes ${Array.from(cycle.slice(0, 10)).join(' -> ')}${cycle.length > 10 ? ' -> ...' : ''}`, cycle);
}
