/**
 * Plain-JS reference of the graph kernels DFS, betweenness and triangles (trueno.h "graph"): the oracle the native and
 * WASM builds are checked against. Each repeats the C's order of work (entry order, heap order, betweenness's source
 * chunks added in chunk order), so every backend returns the same bits. `checkGraphAnalysis` holds the argument checks
 * the WASM backend runs before a call (the addon and the C run the same): a malformed call is a TruenoError with code
 * ERR_TRUENO_EINVAL, never a read outside a buffer.
 */
import type { SyncKernels } from './kernels';
import { checkArgTypes } from './kernel-args';
import { csrOk, DistanceHeap, einval, optionalCsrOk, weightsOk } from './reference-graph';

/** Most source chunks of trueno_graph_betweenness, and the accumulator budget (doubles) they share. */
const BC_MAX_CHUNKS = 16;
const BC_ACC_DOUBLES = 2 ** 23;

/** The number of source chunks trueno_graph_betweenness adds separately: a function of n and the source count. */
export function betweennessChunks(n: number, nsources: number): number {
  return Math.max(1, Math.min(BC_MAX_CHUNKS, nsources, Math.floor(BC_ACC_DOUBLES / Math.max(n, 1))));
}

const runsSorted = (n: number, off: Int32Array, adj: Int32Array) => {
  for (let v = 0; v < n; v++) for (let e = off[v] + 1; e < off[v + 1]; e++) if (adj[e - 1] > adj[e]) return false;
  return true;
};

/** Argument checks shared by the js and WASM backends (the C and the addon check the same): the types first, as the addon reads them. */
export const checkGraphAnalysis = {
  graphDfs(n: number, off1: Int32Array, adj1: Int32Array, off2: Int32Array, adj2: Int32Array, source: number, order: Int32Array,
    parents: Int32Array, discovery: Int32Array, finish: Int32Array): void {
    checkArgTypes('graphDfs', { n, off1, adj1, off2, adj2, source, order, parents, discovery, finish }, 'niiiikiiii');
    if (!csrOk(n, off1, adj1) || !optionalCsrOk(n, off2, adj2)) einval('graphDfs', 'malformed CSR');
    if (n > 2 ** 30) einval('graphDfs', 'more than 2^30 nodes');
    if (!(Number.isInteger(source) && source >= 0 && source < n)) einval('graphDfs', `source ${source} out of range`);
    if (order.length !== n || parents.length !== n || discovery.length !== n || finish.length !== n) einval('graphDfs', 'output sizes');
  },
  graphBetweenness(n: number, off: Int32Array, adj: Int32Array, weights: Float64Array, sources: Int32Array, out: Float64Array): void {
    checkArgTypes('graphBetweenness', { n, off, adj, weights, sources, out }, 'niioif');
    if (!csrOk(n, off, adj)) einval('graphBetweenness', 'malformed CSR');
    if ((weights.length !== 0 && weights.length !== adj.length) || !weightsOk(weights)) einval('graphBetweenness', 'weights');
    for (const s of sources) if (!(s >= 0 && s < n)) einval('graphBetweenness', `source ${s} out of range`);
    if (out.length !== n) einval('graphBetweenness', 'output size');
  },
  graphTriangles(n: number, off1: Int32Array, adj1: Int32Array, off2: Int32Array, adj2: Int32Array, triangles: Int32Array,
    degrees: Int32Array): void {
    checkArgTypes('graphTriangles', { n, off1, adj1, off2, adj2, triangles, degrees }, 'niiiiii');
    if (!csrOk(n, off1, adj1) || !optionalCsrOk(n, off2, adj2)) einval('graphTriangles', 'malformed CSR');
    if (!runsSorted(n, off1, adj1) || (off2.length > 0 && !runsSorted(n, off2, adj2))) einval('graphTriangles', 'a run not sorted');
    if (triangles.length !== n || degrees.length !== n) einval('graphTriangles', 'output sizes');
  },
};

function graphDfs(n: number, off1: Int32Array, adj1: Int32Array, off2: Int32Array, adj2: Int32Array, source: number,
  order: Int32Array, parents: Int32Array, discovery: Int32Array, finish: Int32Array): number {
  checkGraphAnalysis.graphDfs(n, off1, adj1, off2, adj2, source, order, parents, discovery, finish);
  parents.fill(-1);
  discovery.fill(-1);
  finish.fill(-1);
  // the stack holds the path from the source; cursor[v] walks v's entries over both sides (side 1 first)
  const stack = new Int32Array(n), cursor = new Float64Array(n);
  let sp = 0, count = 0, clock = 0;
  discovery[source] = clock++;
  order[count++] = source;
  stack[sp++] = source;
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
      discovery[next] = clock++;
      order[count++] = next;
      cursor[next] = 0;
      stack[sp++] = next;
    } else {
      finish[u] = clock++;
      sp--;
    }
  }
  return count;
}

/** One thread's Brandes scratch, reset after each source where it reached (as betweenness.c's bc_scratch). */
interface BrandesScratch {
  sigma: Float64Array;
  delta: Float64Array;
  dist: Float64Array;
  order: Int32Array;
  pos: Int32Array;
}

function forwardBfs(off: Int32Array, adj: Int32Array, sc: BrandesScratch, s: number): number {
  const { sigma, order, pos: hops } = sc;
  let tail = 0;
  sigma[s] = 1;
  hops[s] = 0;
  order[tail++] = s;
  for (let head = 0; head < tail; head++) {
    const v = order[head], next = hops[v] + 1;
    for (let e = off[v]; e < off[v + 1]; e++) {
      const w = adj[e];
      if (hops[w] < 0) {
        hops[w] = next;
        order[tail++] = w;
      }
      if (hops[w] === next) sigma[w] += sigma[v];
    }
  }
  return tail;
}

function forwardDijkstra(off: Int32Array, adj: Int32Array, wt: Float64Array, sc: BrandesScratch, s: number): number {
  const { sigma, dist, order, pos } = sc;
  const heap = new DistanceHeap();
  let top = 0;
  sigma[s] = 1;
  dist[s] = 0;
  heap.push(0, s);
  while (heap.size > 0) {
    const v = heap.pop(), d = heap.lastDistance;
    if (pos[v] >= 0) continue;
    pos[v] = top;
    order[top++] = v;
    for (let e = off[v]; e < off[v + 1]; e++) {
      const w = adj[e];
      if (pos[w] >= 0) continue;
      const nd = d + wt[e];
      if (dist[w] < 0 || nd < dist[w]) {
        dist[w] = nd;
        sigma[w] = sigma[v];
        heap.push(nd, w);
      } else if (nd === dist[w]) {
        sigma[w] += sigma[v];
      }
    }
  }
  return top;
}

/**
 * Brandes' backward pass over successors (entries to nodes one hop further, or weighted, settled later at
 * dist + length): delta[v] = sigma[v] * the sum of (1 + delta[w]) / sigma[w] over them, which the delta array holds
 * per node; then the reset. In BFS mode pos holds hop counts.
 */
function backward(off: Int32Array, adj: Int32Array, wt: Float64Array | null, sc: BrandesScratch, s: number, reached: number,
  acc: Float64Array): void {
  const { sigma, delta: coef, dist, order, pos } = sc;
  for (let i = reached - 1; i >= 0; i--) {
    const v = order[i];
    let sum = 0;
    if (wt) {
      for (let e = off[v]; e < off[v + 1]; e++) {
        const w = adj[e];
        if (pos[w] > pos[v] && dist[v] + wt[e] === dist[w]) sum += coef[w];
      }
    } else {
      const next = pos[v] + 1;
      for (let e = off[v]; e < off[v + 1]; e++) if (pos[adj[e]] === next) sum += coef[adj[e]];
    }
    const delta = sigma[v] * sum;
    coef[v] = (1 + delta) / sigma[v];
    if (v !== s) acc[v] += delta;
  }
  for (let i = 0; i < reached; i++) {
    const v = order[i];
    sigma[v] = coef[v] = 0;
    dist[v] = -1;
    pos[v] = -1;
  }
}

function graphBetweenness(n: number, off: Int32Array, adj: Int32Array, weights: Float64Array, sources: Int32Array, out: Float64Array): void {
  checkGraphAnalysis.graphBetweenness(n, off, adj, weights, sources, out);
  if (n === 0) return;
  const wt = weights.length ? weights : null;
  const sc: BrandesScratch = {
    sigma: new Float64Array(n), delta: new Float64Array(n), dist: new Float64Array(n).fill(-1), order: new Int32Array(n),
    pos: new Int32Array(n).fill(-1),
  };
  const chunks = betweennessChunks(n, sources.length), per = Math.ceil(sources.length / chunks);
  out.fill(0);
  for (let c = 0; c < chunks; c++) {
    // chunk 0 adds into out, the others into their own accumulator, added to out in chunk order
    const acc = c === 0 ? out : new Float64Array(n);
    for (let i = c * per; i < Math.min((c + 1) * per, sources.length); i++) {
      const s = sources[i];
      const reached = wt ? forwardDijkstra(off, adj, wt, sc, s) : forwardBfs(off, adj, sc, s);
      backward(off, adj, wt, sc, s, reached, acc);
    }
    if (c > 0) for (let v = 0; v < n; v++) out[v] += acc[v];
  }
}

/** The distinct neighbours of each node other than itself over both sides, sorted (the simple undirected graph). */
function simpleAdjacency(n: number, off1: Int32Array, adj1: Int32Array, off2: Int32Array, adj2: Int32Array) {
  const sides: Array<[Int32Array, Int32Array]> = off2.length ? [[off1, adj1], [off2, adj2]] : [[off1, adj1]];
  const offsets = new Float64Array(n + 1);
  const all: number[] = [];
  const scratch: number[] = [];
  for (let v = 0; v < n; v++) {
    scratch.length = 0;
    for (const [off, adj] of sides) for (let e = off[v]; e < off[v + 1]; e++) if (adj[e] !== v) scratch.push(adj[e]);
    scratch.sort((a, b) => a - b);
    for (let i = 0; i < scratch.length; i++) if (i === 0 || scratch[i] !== scratch[i - 1]) all.push(scratch[i]);
    offsets[v + 1] = all.length;
  }
  return { offsets, neighbours: Int32Array.from(all) };
}

function graphTriangles(n: number, off1: Int32Array, adj1: Int32Array, off2: Int32Array, adj2: Int32Array, triangles: Int32Array,
  degrees: Int32Array): number {
  checkGraphAnalysis.graphTriangles(n, off1, adj1, off2, adj2, triangles, degrees);
  const { offsets, neighbours } = simpleAdjacency(n, off1, adj1, off2, adj2);
  triangles.fill(0);
  let total = 0;
  for (let u = 0; u < n; u++) {
    degrees[u] = offsets[u + 1] - offsets[u];
    for (let e = offsets[u]; e < offsets[u + 1]; e++) {
      const v = neighbours[e];
      if (v <= u) continue;
      // common neighbours w > v of u and v: each triangle u < v < w once
      let i = offsets[u], j = offsets[v];
      const iEnd = offsets[u + 1], jEnd = offsets[v + 1];
      while (i < iEnd && neighbours[i] <= v) i++;
      while (j < jEnd && neighbours[j] <= v) j++;
      while (i < iEnd && j < jEnd) {
        const a = neighbours[i], b = neighbours[j];
        if (a < b) i++;
        else if (b < a) j++;
        else {
          triangles[u]++;
          triangles[v]++;
          triangles[a]++;
          total++;
          i++;
          j++;
        }
      }
    }
  }
  return total;
}

/** The DFS, betweenness and triangle kernels of the js backend. */
export const graphAnalysisReference: Pick<SyncKernels, 'graphDfs' | 'graphBetweenness' | 'graphTriangles'> = {
  graphDfs, graphBetweenness, graphTriangles,
};
