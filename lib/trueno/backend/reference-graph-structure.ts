/**
 * Plain-JS reference of the graph kernels that find structure (trueno.h "graph": trueno_graph_louvain,
 * trueno_graph_mst, trueno_graph_toposort): the oracle the native and WASM builds are checked against. Each repeats
 * the C's order of work (visiting order from the same mulberry32 draws, entry order, sums in the same order), so the
 * results are the same arrays and the same modularity bits. `checkGraphStructure` holds the argument checks the WASM
 * backend runs before a call (the addon and the C check the same): a malformed call is a TruenoError with code
 * ERR_TRUENO_EINVAL.
 */
import { deriveSeed, Random } from '../../common/random';
import { TruenoError } from '../errors';
import type { SyncKernels } from './kernels';
import { checkArgTypes } from './kernel-args';
import { csrOk } from './reference-graph';

const INT32_MAX = 2 ** 31 - 1;
/** TRUENO_LOUVAIN_MAX_TRIALS. */
export const LOUVAIN_MAX_TRIALS = 1024;
/** Local-moving passes per level at most (LOUVAIN_MAX_PASSES). */
const MAX_PASSES = 1000;
/** A pass that raises modularity by no more than this is the last (LOUVAIN_MIN_PASS_GAIN: a rounding cycle). */
const MIN_PASS_GAIN = 1e-10;

function einval(kernel: string, what: string): never {
  throw new TruenoError(`${kernel}: ${what}`, 'ERR_TRUENO_EINVAL');
}

/** Argument checks shared by the js and WASM backends (the C and the addon check the same): the types first, as the addon reads them. */
export const checkGraphStructure = {
  graphLouvain(n: number, off: Int32Array, adj: Int32Array, w: Float64Array, resolution: number, seed: number, maxLevels: number,
    trials: number, labels: Int32Array): void {
    checkArgTypes('graphLouvain', { n, off, adj, w, resolution, seed, maxLevels, trials, labels }, 'niioxxkki');
    if (!csrOk(n, off, adj) || labels.length !== n) einval('graphLouvain', 'malformed CSR or output size');
    if (w.length !== 0 && w.length !== adj.length) einval('graphLouvain', 'weights');
    if (!(resolution > 0 && resolution < Infinity)) einval('graphLouvain', 'resolution');
    if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) einval('graphLouvain', 'seed');
    if (!(maxLevels === -1 || (Number.isInteger(maxLevels) && maxLevels >= 1 && maxLevels <= INT32_MAX))) einval('graphLouvain', 'maxLevels');
    if (!(Number.isInteger(trials) && trials >= 1 && trials <= LOUVAIN_MAX_TRIALS)) einval('graphLouvain', 'trials');
    let total = 0;
    for (let e = 0; e < w.length; e++) {
      if (!(w[e] >= 0 && w[e] < Infinity)) einval('graphLouvain', `weight ${w[e]}`);
      total += w[e];
    }
    if (!(total < Infinity)) einval('graphLouvain', 'total weight overflows');
  },
  graphMst(n: number, from: Int32Array, to: Int32Array, w: Float64Array, edgeIds: Int32Array): void {
    checkArgTypes('graphMst', { n, from, to, w, edgeIds }, 'niioi');
    const m = from.length;
    if (!(Number.isInteger(n) && n >= 0 && n < INT32_MAX) || to.length !== m || edgeIds.length !== m) einval('graphMst', 'sizes');
    if (w.length !== 0 && w.length !== m) einval('graphMst', 'weights');
    for (let e = 0; e < m; e++) {
      if (!(from[e] >= 0 && from[e] < n && to[e] >= 0 && to[e] < n)) einval('graphMst', `edge ${e} out of range`);
      if (w.length && Number.isNaN(w[e])) einval('graphMst', `NaN weight on edge ${e}`);
    }
  },
  graphToposort(n: number, outOff: Int32Array, outAdj: Int32Array, inOff: Int32Array, inAdj: Int32Array, order: Int32Array): void {
    checkArgTypes('graphToposort', { n, outOff, outAdj, inOff, inAdj, order }, 'niiiii');
    if (!csrOk(n, outOff, outAdj) || !csrOk(n, inOff, inAdj) || outAdj.length !== inAdj.length) einval('graphToposort', 'malformed CSR');
    if (order.length !== n) einval('graphToposort', 'output size');
  },
};

/** One level of Louvain: a symmetric weighted adjacency (weights empty: every entry 1). */
interface Level {
  n: number;
  offsets: Int32Array;
  neighbours: Int32Array;
  weights: Float64Array;
}

const weightOf = (g: Level, e: number) => (g.weights.length ? g.weights[e] : 1);

/** Scratch of one trial, as the C's louvain_scratch. */
class Scratch {
  k: Float64Array;
  tot: Float64Array;
  link: Float64Array;
  order: Int32Array;
  touched: Int32Array;
  slot: Int32Array;
  seen: Uint8Array;
  constructor(n: number) {
    this.k = new Float64Array(n);
    this.tot = new Float64Array(n);
    this.link = new Float64Array(n);
    this.order = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.slot = new Int32Array(n);
    this.seen = new Uint8Array(n);
  }
}

/** move_nodes of louvain.c: local moving until no node moves; returns whether any moved. */
function moveNodes(g: Level, comm: Int32Array, gamma: number, twoM: number, random: Random, s: Scratch): boolean {
  const { n, offsets, neighbours } = g;
  s.tot.fill(0, 0, n);
  for (let v = 0; v < n; v++) {
    let kv = 0;
    for (let e = offsets[v]; e < offsets[v + 1]; e++) kv += weightOf(g, e);
    s.k[v] = kv;
    s.tot[comm[v]] += kv;
  }
  for (let v = 0; v < n; v++) s.order[v] = v;
  random.shuffle(s.order.subarray(0, n));
  let movedAny = false;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let moved = false, improved = 0;
    for (let i = 0; i < n; i++) {
      const v = s.order[i], own = comm[v], kv = s.k[v];
      let ntouched = 0;
      for (let e = offsets[v]; e < offsets[v + 1]; e++) {
        const u = neighbours[e];
        if (u === v) continue;
        const c = comm[u];
        if (!s.seen[c]) {
          s.seen[c] = 1;
          s.link[c] = 0;
          s.touched[ntouched++] = c;
        }
        s.link[c] += weightOf(g, e);
      }
      s.tot[own] -= kv;
      let best = own;
      const ownGain = (s.seen[own] ? s.link[own] : 0) - (gamma * s.tot[own] * kv) / twoM;
      let bestGain = ownGain;
      for (let t = 0; t < ntouched; t++) {
        const c = s.touched[t];
        const gain = s.link[c] - (gamma * s.tot[c] * kv) / twoM;
        if (gain > bestGain) {
          bestGain = gain;
          best = c;
        }
        s.seen[c] = 0;
      }
      s.tot[best] += kv;
      if (best !== own) {
        comm[v] = best;
        moved = true;
        improved += bestGain - ownGain;
      }
    }
    if (!moved) break;
    movedAny = true;
    if ((2 * improved) / twoM <= MIN_PASS_GAIN) break;
  }
  return movedAny;
}

/** renumber of louvain.c: first-appearance numbering in place; returns the count. */
function renumber(n: number, comm: Int32Array, map: Int32Array): number {
  map.fill(-1, 0, n);
  let count = 0;
  for (let v = 0; v < n; v++) {
    if (map[comm[v]] < 0) map[comm[v]] = count++;
    comm[v] = map[comm[v]];
  }
  return count;
}

/** aggregate of louvain.c: the graph of g's communities, members by node, entries by first reach. */
function aggregate(g: Level, comm: Int32Array, count: number): Level {
  const start = new Int32Array(count + 1);
  for (let v = 0; v < g.n; v++) start[comm[v] + 1]++;
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const fill = start.slice(0, count), members = new Int32Array(g.n);
  for (let v = 0; v < g.n; v++) members[fill[comm[v]]++] = v;
  const slot = new Int32Array(count).fill(-1);
  const entries = g.offsets[g.n];
  const offsets = new Int32Array(count + 1), neighbours = new Int32Array(entries), weights = new Float64Array(entries);
  let len = 0;
  for (let c = 0; c < count; c++) {
    const first = len;
    for (let i = start[c]; i < start[c + 1]; i++) {
      const v = members[i];
      for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
        const d = comm[g.neighbours[e]];
        if (slot[d] < first) {
          slot[d] = len;
          neighbours[len] = d;
          weights[len++] = 0;
        }
        weights[slot[d]] += weightOf(g, e);
      }
    }
    offsets[c + 1] = len;
  }
  return { n: count, offsets, neighbours: neighbours.subarray(0, len), weights: weights.subarray(0, len) };
}

/** modularity_of of louvain.c: the modularity of labels (in [0, count)) on a symmetric adjacency. */
export function modularityOf(g: Level, labels: Int32Array, count: number, gamma: number): number {
  const inner = new Float64Array(count), tot = new Float64Array(count);
  let twoM = 0;
  for (let v = 0; v < g.n; v++) {
    for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
      const w = weightOf(g, e);
      twoM += w;
      tot[labels[v]] += w;
      if (labels[g.neighbours[e]] === labels[v]) inner[labels[v]] += w;
    }
  }
  if (twoM === 0) return 0;
  let q = 0;
  for (let c = 0; c < count; c++) q += inner[c] / twoM - gamma * (tot[c] / twoM) * (tot[c] / twoM);
  return q;
}

/** louvain_trial of louvain.c: levels, then refinement top down; labels written, modularity returned. */
function louvainTrial(base: Level, gamma: number, twoM: number, seed: number, maxLevels: number, labels: Int32Array): number {
  const random = new Random(seed), s = new Scratch(base.n);
  const graphs: Level[] = [base], maps: Int32Array[] = [];
  while (maxLevels < 0 || maps.length < maxLevels) {
    const g = graphs[maps.length];
    const comm = new Int32Array(g.n);
    for (let v = 0; v < g.n; v++) comm[v] = v;
    if (!moveNodes(g, comm, gamma, twoM, random, s)) break;
    const count = renumber(g.n, comm, s.slot);
    graphs.push(aggregate(g, comm, count));
    maps.push(comm);
    if (count === g.n) break;
  }
  const top = graphs[maps.length];
  for (let v = 0; v < top.n; v++) labels[v] = v;
  for (let level = maps.length - 1; level >= 0; level--) {
    const g = graphs[level], map = maps[level], next = new Int32Array(g.n);
    for (let v = 0; v < g.n; v++) next[v] = labels[map[v]];
    moveNodes(g, next, gamma, twoM, random, s);
    labels.set(next);
  }
  return modularityOf(base, labels, renumber(base.n, labels, s.slot), gamma);
}

function graphLouvain(n: number, offsets: Int32Array, neighbours: Int32Array, weights: Float64Array, resolution: number, seed: number,
  maxLevels: number, trials: number, labels: Int32Array): number {
  checkGraphStructure.graphLouvain(n, offsets, neighbours, weights, resolution, seed, maxLevels, trials, labels);
  const base: Level = { n, offsets, neighbours, weights };
  let twoM = 0;
  for (let e = 0; e < neighbours.length; e++) twoM += weightOf(base, e);
  if (twoM === 0) {
    for (let v = 0; v < n; v++) labels[v] = v;
    return 0;
  }
  let best = -Infinity;
  const trial = new Int32Array(n);
  for (let t = 0; t < trials; t++) {
    const q = louvainTrial(base, resolution, twoM, deriveSeed(seed, t), maxLevels, trial);
    if (t === 0 || q > best) {
      best = q;
      labels.set(trial);
    }
  }
  return best;
}

/** Kruskal as mst.c: a stable sort by weight (ties by edge id), union-find with path halving, smaller root up. */
function graphMst(n: number, from: Int32Array, to: Int32Array, weights: Float64Array, edgeIds: Int32Array): number {
  checkGraphStructure.graphMst(n, from, to, weights, edgeIds);
  const m = from.length;
  const order = new Int32Array(m);
  for (let e = 0; e < m; e++) order[e] = e;
  // -0 and +0 tie (the radix sort's order-preserving image maps them together); no NaN reaches here
  if (weights.length) order.sort((a, b) => (weights[a] < weights[b] ? -1 : weights[a] > weights[b] ? 1 : a - b));
  const parent = new Int32Array(n);
  for (let v = 0; v < n; v++) parent[v] = v;
  const find = (v: number) => {
    while (parent[v] !== v) v = parent[v] = parent[parent[v]];
    return v;
  };
  let taken = 0;
  for (let i = 0; i < m && taken + 1 < n; i++) {
    const id = order[i], a = find(from[id]), b = find(to[id]);
    if (a === b) continue;
    if (a < b) parent[b] = a;
    else parent[a] = b;
    edgeIds[taken++] = id;
  }
  return taken;
}

/** Kahn's algorithm as toposort.c (a min-heap of ready nodes), then one cycle among the nodes left. */
function graphToposort(n: number, outOff: Int32Array, outAdj: Int32Array, inOff: Int32Array, inAdj: Int32Array, order: Int32Array): number {
  checkGraphStructure.graphToposort(n, outOff, outAdj, inOff, inAdj, order);
  const indegree = new Int32Array(n);
  for (let e = 0; e < outAdj.length; e++) indegree[outAdj[e]]++;
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
      let c = 2 * at + 1;
      if (c >= len) break;
      if (c + 1 < len && heap[c + 1] < heap[c]) c++;
      if (heap[c] >= last) break;
      heap[at] = heap[c];
      at = c;
    }
    if (len > 0) heap[at] = last;
    return top;
  };
  for (let v = 0; v < n; v++) if (indegree[v] === 0) push(v);
  let k = 0;
  while (len > 0) {
    const u = pop();
    order[k++] = u;
    for (let e = outOff[u]; e < outOff[u + 1]; e++) if (--indegree[outAdj[e]] === 0) push(outAdj[e]);
  }
  if (k < n) {
    const cycle = findCycle(n, inOff, inAdj, indegree);
    for (let i = 0; i < n - k; i++) order[k + i] = i < cycle.length ? cycle[i] : -1;
  }
  return k;
}

/** find_cycle of toposort.c: from the smallest node left, back along in-edges to a node left, until one repeats. */
function findCycle(n: number, inOff: Int32Array, inAdj: Int32Array, left: Int32Array): number[] {
  let v = 0;
  while (v < n && left[v] <= 0) v++;
  const seenAt = new Int32Array(n).fill(-1), walk: number[] = [];
  while (v >= 0 && seenAt[v] < 0) {
    seenAt[v] = walk.length;
    walk.push(v);
    let next = -1;
    for (let e = inOff[v]; e < inOff[v + 1] && next < 0; e++) if (left[inAdj[e]] > 0) next = inAdj[e];
    v = next;
  }
  return v < 0 ? [] : walk.slice(seenAt[v]).reverse();
}

/** The structure kernels of the js backend. */
export const graphStructureReference: Pick<SyncKernels, 'graphLouvain' | 'graphMst' | 'graphToposort'> = {
  graphLouvain, graphMst, graphToposort,
};
