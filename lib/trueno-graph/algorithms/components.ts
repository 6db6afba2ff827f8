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

type ToposortCall = [number, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];

function prepareToposort(csr: Csr): ToposortCall {
  const c = expectCsr(csr);
  if (!c.directed) throw typeError('Expected a directed graph for topologicalSort but received an undirected one');
  return [c.numNodes, c.outOffsets, c.outTargets, c.inOffsets, c.inSources, new Int32Array(c.numNodes)];
}

/** The order, or the CycleError naming the cycle the kernel wrote after the nodes it placed. */
function finishToposort(call: ToposortCall, placed: number): Int32Array {
  const order = call[5];
  if (placed === call[0]) return order;
  const tail = order.subarray(placed);
  const end = tail.indexOf(-1);
  const cycle = tail.slice(0, end < 0 ? tail.length : end);
  throw new CycleError(`Expected a graph without cycles for topologicalSort but received one through nodes ${Array.from(cycle.slice(0, 10)).join(' -> ')}${cycle.length > 10 ? ' -> ...' : ''}`, cycle);
}

/**
 * A topological order (Kahn's algorithm, ready nodes taken smallest id first: the lexicographically smallest order;
 * native). Self-loops are cycles.
 * @param csr - a directed graph
 * @returns node ids, every edge u -> v with u before v
 * @throws CycleError (`.cycle`: one directed cycle, cycle[i] -> cycle[i + 1] -> ... -> cycle[0]) when there is none;
 *   TypeError for an undirected graph or a bad CSR
 * @example topologicalSort(csr); // Int32Array [0, 2, 1, ...]
 */
export function topologicalSort(csr: Csr): Int32Array {
  const call = prepareToposort(csr);
  return finishToposort(call, kernels().graphToposort(...call));
}

/**
 * {@link topologicalSort} off the event loop (native: the libuv pool).
 * @param csr - a directed graph
 * @returns a Promise of the order
 * @throws as topologicalSort (the Promise rejects with the CycleError)
 * @example const order = await topologicalSortAsync(csr);
 */
export async function topologicalSortAsync(csr: Csr): Promise<Int32Array> {
  const call = prepareToposort(csr);
  return finishToposort(call, await kernels().graphToposortAsync(...call));
}
