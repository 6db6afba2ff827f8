/**
 * Plain-JS reference of the graph kernels (trueno.h "graph"): the oracle the native and WASM builds are checked
 * against. Each repeats the C's order of work (entry order, heap order, GRAPH_BLOCK partial sums), so results are the
 * same arrays (PageRank to the last bits but for the order of a few float operations). `checkGraph` holds the
 * argument checks the WASM backend runs before a call (the addon runs the same ones natively): a malformed call is a
 * TruenoError with code ERR_TRUENO_EINVAL, never a read outside a buffer.
 */
import { TruenoError } from '../errors';
import { checkArgTypes } from './kernel-args';
import type { SyncKernels } from './kernels';

/** Nodes per block of the C's deterministic reductions (GRAPH_BLOCK). */
const BLOCK = 4096;
const INT32_MAX = 2 ** 31 - 1;

/** Throws the C's refusal of a call (ERR_TRUENO_EINVAL): what the core checks after the addon's argument reading. */
export function einval(kernel: string, what: string): never {
  throw new TruenoError(`${kernel}: ${what}`, 'ERR_TRUENO_EINVAL');
}

/** Whether (offsets, neighbours) is a CSR of n nodes (shape and values), as graph_csr_ok in graph.h. */
export function csrOk(n: number, offsets: Int32Array, neighbours: Int32Array): boolean {
  if (!(offsets instanceof Int32Array) || !(neighbours instanceof Int32Array)) return false;
  if (!Number.isInteger(n) || n < 0 || n >= INT32_MAX || offsets.length !== n + 1 || offsets[0] !== 0) return false;
  for (let v = 0; v < n; v++) if (offsets[v + 1] < offsets[v]) return false;
  if (neighbours.length !== offsets[n]) return false;
  for (let e = 0; e < neighbours.length; e++) if (neighbours[e] < 0 || neighbours[e] >= n) return false;
  return true;
}

/** csrOk, or an absent second side (both arrays empty). */
export const optionalCsrOk = (n: number, offsets: Int32Array, neighbours: Int32Array) =>
  (offsets.length === 0 && neighbours.length === 0) || csrOk(n, offsets, neighbours);
/** Finite weights >= 0 (an index loop: a detached array reads as empty, as the addon reads it). */
export function weightsOk(w: Float64Array): boolean {
  for (let i = 0; i < w.length; i++) if (!(w[i] >= 0 && w[i] < Infinity)) return false;
  return true;
}

/**
 * Argument checks shared by the js and WASM backends (the C and the addon check the same): the types first (a WASM
 * call copies arrays by their length, so a wrong element type would overrun its slot), then the lengths and values.
 */
export const checkGraph = {
  graphCsr(n: number, from: Int32Array, to: Int32Array, weights: Float64Array, symmetric: number, offsets: Int32Array,
    neighbours: Int32Array, edgeIds: Int32Array, weightsOut: Float64Array): void {
    // kinds (kernel-args.ts): n a size, i an Int32Array, f a Float64Array, o an optional one, k a 32-bit integer, x any number
    checkArgTypes('graphCsr', { n, from, to, weights, symmetric, offsets, neighbours, edgeIds, weightsOut }, 'niiokiiio');
    const m = from.length, entries = symmetric ? 2 * m : m;
    if (!(Number.isInteger(n) && n >= 0 && n < INT32_MAX) || to.length !== m || entries > INT32_MAX) einval('graphCsr', 'sizes');
    if (offsets.length !== n + 1 || neighbours.length !== entries || edgeIds.length !== entries) einval('graphCsr', 'output sizes');
    if (weights.length !== 0 && (weights.length !== m || weightsOut.length !== entries)) einval('graphCsr', 'weights');
    if (weights.length === 0 && weightsOut.length !== 0) einval('graphCsr', 'weightsOut without weights');
    for (let e = 0; e < m; e++) if (!(from[e] >= 0 && from[e] < n && to[e] >= 0 && to[e] < n)) einval('graphCsr', `edge ${e} out of range`);
  },
  graphBfs(n: number, off1: Int32Array, adj1: Int32Array, off2: Int32Array, adj2: Int32Array, sources: Int32Array,
    maxDepth: number, distances: Int32Array, parents: Int32Array, order: Int32Array): void {
    checkArgTypes('graphBfs', { n, off1, adj1, off2, adj2, sources, maxDepth, distances, parents, order }, 'niiiiikiii');
    if (!csrOk(n, off1, adj1) || !optionalCsrOk(n, off2, adj2)) einval('graphBfs', 'malformed CSR');
    if (distances.length !== n || parents.length !== n || order.length !== n) einval('graphBfs', 'output sizes');
    for (let i = 0; i < sources.length; i++) if (!(sources[i] >= 0 && sources[i] < n)) einval('graphBfs', `source ${sources[i]} out of range`);
  },
  graphDijkstra(n: number, off1: Int32Array, adj1: Int32Array, w1: Float64Array, off2: Int32Array, adj2: Int32Array,
    w2: Float64Array, source: number, target: number, distances: Float64Array, parents: Int32Array): void {
    checkArgTypes('graphDijkstra', { n, off1, adj1, w1, off2, adj2, w2, source, target, distances, parents }, 'niifiiokkfi');
    if (!csrOk(n, off1, adj1) || !optionalCsrOk(n, off2, adj2)) einval('graphDijkstra', 'malformed CSR');
    if (w1.length !== adj1.length || w2.length !== adj2.length || !weightsOk(w1) || !weightsOk(w2)) einval('graphDijkstra', 'weights');
    if (!(Number.isInteger(source) && source >= 0 && source < n) || !(Number.isInteger(target) && target >= -1 && target < n)) {
      einval('graphDijkstra', 'source/target out of range');
    }
    if (distances.length !== n || parents.length !== n) einval('graphDijkstra', 'output sizes');
  },
  graphPagerank(n: number, off: Int32Array, src: Int32Array, w: Float64Array, damping: number, p: Float64Array, tol: number,
    maxIter: number, rank: Float64Array): void {
    checkArgTypes('graphPagerank', { n, off, src, w, damping, p, tol, maxIter, rank }, 'niioxoxkf');
    if (!csrOk(n, off, src) || n === 0) einval('graphPagerank', 'malformed CSR');
    if ((w.length !== 0 && w.length !== src.length) || !weightsOk(w)) einval('graphPagerank', 'weights');
    if (!(damping >= 0 && damping <= 1) || !(tol >= 0 && tol < Infinity) || !(Number.isInteger(maxIter) && maxIter >= 1)) {
      einval('graphPagerank', 'damping, tol or maxIter');
    }
    if ((p.length !== 0 && p.length !== n) || !weightsOk(p) || (p.length !== 0 && !(p.reduce((a, b) => a + b, 0) > 0))) {
      einval('graphPagerank', 'personalization');
    }
    if (rank.length !== n) einval('graphPagerank', 'output size');
  },
  graphWcc(n: number, off: Int32Array, adj: Int32Array, labels: Int32Array, sizes: Int32Array): void {
    checkArgTypes('graphWcc', { n, off, adj, labels, sizes }, 'niiii');
    if (!csrOk(n, off, adj) || labels.length !== n || sizes.length !== n) einval('graphWcc', 'malformed CSR or output sizes');
  },
  graphScc(n: number, off: Int32Array, adj: Int32Array, labels: Int32Array, sizes: Int32Array): void {
    checkArgTypes('graphScc', { n, off, adj, labels, sizes }, 'niiii');
    if (!csrOk(n, off, adj) || labels.length !== n || sizes.length !== n) einval('graphScc', 'malformed CSR or output sizes');
  },
};

/** Stable counting sort of entries by (node, neighbour), as trueno_graph_csr. */
function graphCsr(n: number, from: Int32Array, to: Int32Array, weights: Float64Array, symmetric: number, offsets: Int32Array,
  neighbours: Int32Array, edgeIds: Int32Array, weightsOut: Float64Array): void {
  checkGraph.graphCsr(n, from, to, weights, symmetric, offsets, neighbours, edgeIds, weightsOut);
  const m = from.length, entries = symmetric ? 2 * m : m;
  const node = (k: number) => (k < m ? from[k] : to[k - m]);
  const neighbour = (k: number) => (k < m ? to[k] : from[k - m]);
  const pos = new Int32Array(n + 1);
  for (let k = 0; k < entries; k++) pos[neighbour(k) + 1]++;
  for (let v = 0; v < n; v++) pos[v + 1] += pos[v];
  const perm = new Int32Array(entries);
  for (let k = 0; k < entries; k++) perm[pos[neighbour(k)]++] = k;
  offsets.fill(0);
  for (let k = 0; k < entries; k++) offsets[node(k) + 1]++;
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  const next = offsets.slice(0, n);
  for (let i = 0; i < entries; i++) {
    const k = perm[i], slot = next[node(k)]++, edge = k < m ? k : k - m;
    neighbours[slot] = neighbour(k);
    edgeIds[slot] = edge;
    if (weights.length) weightsOut[slot] = weights[edge];
  }
}

function graphBfs(n: number, off1: Int32Array, adj1: Int32Array, off2: Int32Array, adj2: Int32Array, sources: Int32Array,
  maxDepth: number, distances: Int32Array, parents: Int32Array, order: Int32Array): number {
  checkGraph.graphBfs(n, off1, adj1, off2, adj2, sources, maxDepth, distances, parents, order);
  distances.fill(-1);
  parents.fill(-1);
  let tail = 0;
  for (const s of sources) {
    if (distances[s] === 0) continue;
    distances[s] = 0;
    order[tail++] = s;
  }
  const sides: Array<[Int32Array, Int32Array]> = off2.length ? [[off1, adj1], [off2, adj2]] : [[off1, adj1]];
  for (let head = 0; head < tail; head++) {
    const u = order[head], d = distances[u];
    if (maxDepth >= 0 && d >= maxDepth) continue;
    for (const [off, adj] of sides) {
      for (let e = off[u]; e < off[u + 1]; e++) {
        const v = adj[e];
        if (distances[v] >= 0) continue;
        distances[v] = d + 1;
        parents[v] = u;
        order[tail++] = v;
      }
    }
  }
  return tail;
}

/** A binary min-heap of (distance, node) ordered by distance, then node, as graph.h's. */
export class DistanceHeap {
  private d: number[] = [];
  private v: number[] = [];
  get size(): number {
    return this.d.length;
  }
  private less(i: number, d: number, v: number): boolean {
    return this.d[i] < d || (this.d[i] === d && this.v[i] < v);
  }
  push(d: number, v: number): void {
    let at = this.d.length;
    this.d.push(d);
    this.v.push(v);
    while (at > 0) {
      const p = (at - 1) >> 1;
      if (!(d < this.d[p] || (d === this.d[p] && v < this.v[p]))) break;
      this.d[at] = this.d[p];
      this.v[at] = this.v[p];
      at = p;
    }
    this.d[at] = d;
    this.v[at] = v;
  }
  /** Removes the smallest entry; returns its node (its distance in `lastDistance`). */
  pop(): number {
    const topV = this.v[0];
    this.lastDistance = this.d[0];
    const d = this.d.pop()!, v = this.v.pop()!;
    const len = this.d.length;
    if (len === 0) return topV;
    let at = 0;
    for (;;) {
      let c = 2 * at + 1;
      if (c >= len) break;
      if (c + 1 < len && (this.d[c + 1] < this.d[c] || (this.d[c + 1] === this.d[c] && this.v[c + 1] < this.v[c]))) c++;
      if (!this.less(c, d, v)) break;
      this.d[at] = this.d[c];
      this.v[at] = this.v[c];
      at = c;
    }
    this.d[at] = d;
    this.v[at] = v;
    return topV;
  }
  lastDistance = 0;
}

function graphDijkstra(n: number, off1: Int32Array, adj1: Int32Array, w1: Float64Array, off2: Int32Array, adj2: Int32Array,
  w2: Float64Array, source: number, target: number, distances: Float64Array, parents: Int32Array): void {
  checkGraph.graphDijkstra(n, off1, adj1, w1, off2, adj2, w2, source, target, distances, parents);
  distances.fill(Infinity);
  parents.fill(-1);
  const done = new Uint8Array(n);
  const sides: Array<[Int32Array, Int32Array, Float64Array]> = off2.length ? [[off1, adj1, w1], [off2, adj2, w2]] : [[off1, adj1, w1]];
  const heap = new DistanceHeap();
  distances[source] = 0;
  heap.push(0, source);
  while (heap.size > 0) {
    const u = heap.pop(), du = heap.lastDistance;
    if (done[u]) continue;
    done[u] = 1;
    if (u === target) break;
    for (const [off, adj, w] of sides) {
      for (let e = off[u]; e < off[u + 1]; e++) {
        const v = adj[e], nd = du + w[e];
        if (done[v] || !(nd < distances[v])) continue;
        distances[v] = nd;
        parents[v] = u;
        heap.push(nd, v);
      }
    }
  }
}

/** Sum of f(i) over [0, n) as the C adds it: GRAPH_BLOCK partials, added in block order. */
function blockSum(n: number, f: (i: number) => number): number {
  let total = 0;
  for (let b = 0; b < n; b += BLOCK) {
    let s = 0;
    for (let i = b, stop = Math.min(n, b + BLOCK); i < stop; i++) s += f(i);
    total += s;
  }
  return total;
}

function graphPagerank(n: number, off: Int32Array, src: Int32Array, w: Float64Array, damping: number, personalization: Float64Array,
  tol: number, maxIter: number, rank: Float64Array): number {
  checkGraph.graphPagerank(n, off, src, w, damping, personalization, tol, maxIter, rank);
  const weighted = w.length > 0;
  const strength = new Float64Array(n);
  for (let e = 0; e < src.length; e++) strength[src[e]] += weighted ? w[e] : 1;
  let p: Float64Array | null = null;
  if (personalization.length) {
    let psum = 0;
    for (let v = 0; v < n; v++) psum += personalization[v];
    p = personalization.map((x) => x / psum);
  }
  let x = new Float64Array(n).fill(1 / n), next = new Float64Array(n);
  const contrib = new Float64Array(n);
  let it = 0, converged = false;
  while (it < maxIter) {
    const dangling = blockSum(n, (u) => {
      if (strength[u] > 0) {
        contrib[u] = x[u] / strength[u];
        return 0;
      }
      contrib[u] = 0;
      return x[u];
    });
    const change = blockSum(n, (v) => {
      let s = 0;
      if (weighted) for (let e = off[v]; e < off[v + 1]; e++) s += w[e] * contrib[src[e]];
      else for (let e = off[v]; e < off[v + 1]; e++) s += contrib[src[e]];
      const pv = p ? p[v] : 1 / n;
      const xv = damping * (s + dangling * pv) + (1 - damping) * pv;
      next[v] = xv;
      return Math.abs(xv - x[v]);
    });
    it++;
    [x, next] = [next, x];
    if (change < tol) {
      converged = true;
      break;
    }
  }
  const total = blockSum(n, (v) => x[v]);
  for (let v = 0; v < n; v++) rank[v] = x[v] / total;
  return converged ? it : -it;
}

/** Relabels comp to first-appearance order by node, as components.c's relabel; returns the count. */
function relabel(comp: Int32Array, labels: Int32Array, sizes: Int32Array): number {
  const map = new Int32Array(comp.length).fill(-1);
  let count = 0;
  for (let v = 0; v < comp.length; v++) {
    let c = map[comp[v]];
    if (c < 0) {
      c = map[comp[v]] = count++;
      sizes[c] = 0;
    }
    labels[v] = c;
    sizes[c]++;
  }
  return count;
}

function graphWcc(n: number, off: Int32Array, adj: Int32Array, labels: Int32Array, sizes: Int32Array): number {
  checkGraph.graphWcc(n, off, adj, labels, sizes);
  const parent = new Int32Array(n);
  for (let v = 0; v < n; v++) parent[v] = v;
  const find = (v: number) => {
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  for (let u = 0; u < n; u++) {
    for (let e = off[u]; e < off[u + 1]; e++) {
      const a = find(u), b = find(adj[e]);
      if (a < b) parent[b] = a;
      else if (b < a) parent[a] = b;
    }
  }
  for (let v = 0; v < n; v++) parent[v] = find(v);
  return relabel(parent, labels, sizes);
}

function graphScc(n: number, off: Int32Array, adj: Int32Array, labels: Int32Array, sizes: Int32Array): number {
  checkGraph.graphScc(n, off, adj, labels, sizes);
  const index = new Int32Array(n).fill(-1), low = new Int32Array(n), stack = new Int32Array(n), call = new Int32Array(n);
  const nextEdge = new Int32Array(n), comp = new Int32Array(n), onStack = new Uint8Array(n);
  let counter = 0, ncomp = 0, sp = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] >= 0) continue;
    let depth = 0;
    call[depth++] = root;
    index[root] = low[root] = counter++;
    nextEdge[root] = off[root];
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth > 0) {
      const u = call[depth - 1];
      if (nextEdge[u] < off[u + 1]) {
        const v = adj[nextEdge[u]++];
        if (index[v] < 0) {
          index[v] = low[v] = counter++;
          nextEdge[v] = off[v];
          stack[sp++] = v;
          onStack[v] = 1;
          call[depth++] = v;
        } else if (onStack[v] && index[v] < low[u]) {
          low[u] = index[v];
        }
        continue;
      }
      depth--;
      if (depth > 0 && low[u] < low[call[depth - 1]]) low[call[depth - 1]] = low[u];
      if (low[u] === index[u]) {
        let w;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          comp[w] = ncomp;
        } while (w !== u);
        ncomp++;
      }
    }
  }
  return relabel(comp, labels, sizes);
}

/** The graph kernels of the js backend. */
export const graphReference: Pick<SyncKernels, 'graphCsr' | 'graphBfs' | 'graphDijkstra' | 'graphPagerank' | 'graphWcc' | 'graphScc'> = {
  graphCsr, graphBfs, graphDijkstra, graphPagerank, graphWcc, graphScc,
};
