/**
 * Louvain community detection (Blondel et al. 2008) on the undirected weighted view of the graph (a directed graph's
 * edges count both ways, as igraph's community_multilevel on the graph made undirected): local moving of nodes in a
 * seeded random order while modularity rises strictly, then aggregation of communities into nodes, level after level.
 */
import { Random } from '../../common/random';
import type { Csr } from '../csr';
import { describe, rangeError, typeError } from '../errors';
import { symmetricAdjacency, type SymmetricAdjacency } from './undirected';
import { expectBoolean, expectCsr, expectInteger, expectOptions, expectSeed } from './validate';

/** Options of {@link louvain}. */
export interface LouvainOptions {
  /** Resolution gamma of modularity (default 1; above 1 favours smaller communities). */
  resolution?: number;
  /** Seed of the node visiting order (default 0: results are reproducible unless told otherwise). */
  randomState?: number;
  /** Most aggregation levels (default: until no node moves). */
  maxLevels?: number;
  /** Use edge weights (default: true when the graph has them). */
  weighted?: boolean;
}

/** What {@link louvain} returns. */
export interface LouvainResult {
  /** Community of each node, numbered by smallest node. */
  labels: Int32Array;
  /** Communities. */
  count: number;
  /** Modularity of the partition (with the resolution); 0 for a graph without edges. */
  modularity: number;
}

function expectResolution(value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number') throw typeError(`Expected a number for resolution but received ${describe(value)}`);
  if (!(value > 0 && value < Infinity)) throw rangeError(`Expected a finite number > 0 for resolution but received ${value}`);
  return value;
}

/** Local moving on one level: comm (in/out) is each node's community; returns whether any node moved. */
function moveNodes(g: SymmetricAdjacency, comm: Int32Array, gamma: number, twoM: number, random: Random): boolean {
  const { n, offsets, neighbours, weights } = g;
  const k = new Float64Array(n), tot = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    for (let e = offsets[v]; e < offsets[v + 1]; e++) k[v] += weights[e];
    tot[comm[v]] += k[v];
  }
  const order = new Int32Array(n);
  for (let v = 0; v < n; v++) order[v] = v;
  random.shuffle(order);
  const linkTo = new Float64Array(n), seen = new Int32Array(n).fill(-1);
  const touched: number[] = [];
  let movedAny = false, stamp = 0;
  for (;;) {
    let moved = false;
    for (const v of order) {
      const own = comm[v], kv = k[v];
      stamp++;
      touched.length = 0;
      for (let e = offsets[v]; e < offsets[v + 1]; e++) {
        const u = neighbours[e];
        if (u === v) continue;
        const c = comm[u];
        if (seen[c] !== stamp) {
          seen[c] = stamp;
          linkTo[c] = 0;
          touched.push(c);
        }
        linkTo[c] += weights[e];
      }
      tot[own] -= kv;
      let best = own;
      let bestGain = (seen[own] === stamp ? linkTo[own] : 0) - (gamma * tot[own] * kv) / twoM;
      for (const c of touched) {
        const gain = linkTo[c] - (gamma * tot[c] * kv) / twoM;
        if (gain > bestGain) {
          bestGain = gain;
          best = c;
        }
      }
      tot[best] += kv;
      if (best !== own) {
        comm[v] = best;
        moved = true;
      }
    }
    if (!moved) break;
    movedAny = true;
  }
  return movedAny;
}

/** Renumbers comm to 0..count-1 by first appearance; returns count. */
function renumber(comm: Int32Array): number {
  const map = new Int32Array(comm.length).fill(-1);
  let count = 0;
  for (let v = 0; v < comm.length; v++) {
    if (map[comm[v]] < 0) map[comm[v]] = count++;
    comm[v] = map[comm[v]];
  }
  return count;
}

/** The graph whose nodes are communities: A'_cd = sum of A_ij over i in c, j in d. */
function aggregate(g: SymmetricAdjacency, comm: Int32Array, count: number): SymmetricAdjacency {
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let v = 0; v < g.n; v++) members[comm[v]].push(v);
  const offsets = new Int32Array(count + 1);
  const adj: number[] = [], w: number[] = [];
  const slot = new Int32Array(count).fill(-1);
  for (let c = 0; c < count; c++) {
    const start = adj.length;
    for (const v of members[c]) {
      for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
        const d = comm[g.neighbours[e]];
        if (slot[d] < start) {
          slot[d] = adj.length;
          adj.push(d);
          w.push(0);
        }
        w[slot[d]] += g.weights[e];
      }
    }
    offsets[c + 1] = adj.length;
  }
  return { n: count, offsets, neighbours: Int32Array.from(adj), weights: Float64Array.from(w) };
}

/** Modularity of labels on the symmetric adjacency g (with resolution gamma). */
function modularityOf(g: SymmetricAdjacency, labels: Int32Array, count: number, gamma: number): number {
  const inner = new Float64Array(count), tot = new Float64Array(count);
  let twoM = 0;
  for (let v = 0; v < g.n; v++) {
    for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
      const w = g.weights[e];
      twoM += w;
      tot[labels[v]] += w;
      if (labels[g.neighbours[e]] === labels[v]) inner[labels[v]] += w;
    }
  }
  if (twoM === 0) return 0;
  let q = 0;
  for (let c = 0; c < count; c++) q += inner[c] / twoM - gamma * (tot[c] / twoM) ** 2;
  return q;
}

/**
 * Louvain communities.
 * @param csr - the graph (direction ignored)
 * @param options - resolution (1), randomState (0), maxLevels, weighted
 * @returns labels (by smallest node), count and the modularity
 * @throws TypeError / RangeError for bad options or weights that are negative, NaN or infinite
 * @example const { labels, modularity } = louvain(csr, { randomState: 42 });
 */
export function louvain(csr: Csr, options?: LouvainOptions): LouvainResult {
  const c = expectCsr(csr);
  const o = expectOptions<LouvainOptions>(options, 'options', { resolution: true, randomState: true, maxLevels: true, weighted: true });
  const gamma = expectResolution(o.resolution);
  const random = new Random(expectSeed(o.randomState) ?? 0);
  const maxLevels = o.maxLevels === undefined ? Infinity : expectInteger(o.maxLevels, 'maxLevels', 1);
  const weighted = o.weighted === undefined ? c.outWeights !== null : expectBoolean(o.weighted, 'weighted');
  const base = symmetricAdjacency(c, weighted, 'louvain');
  const labels = new Int32Array(c.numNodes);
  for (let v = 0; v < labels.length; v++) labels[v] = v;
  let twoM = 0;
  for (let e = 0; e < base.weights.length; e++) twoM += base.weights[e];
  let g = base;
  for (let level = 0; level < maxLevels && twoM > 0; level++) {
    const comm = new Int32Array(g.n);
    for (let v = 0; v < g.n; v++) comm[v] = v;
    if (!moveNodes(g, comm, gamma, twoM, random)) break;
    const count = renumber(comm);
    for (let v = 0; v < labels.length; v++) labels[v] = comm[labels[v]];
    g = aggregate(g, comm, count);
  }
  const count = renumber(labels);
  return { labels, count, modularity: modularityOf(base, labels, count, gamma) };
}

/**
 * Modularity of a partition (networkx's community.modularity on the undirected view).
 * @param csr - the graph
 * @param labels - community of each node (integers >= 0)
 * @param options - resolution (1), weighted
 * @returns the modularity (0 for a graph without edges)
 * @throws TypeError / RangeError for labels of the wrong type or length, or bad options
 * @example modularity(csr, louvain(csr).labels);
 */
export function modularity(csr: Csr, labels: Int32Array, options?: { resolution?: number; weighted?: boolean }): number {
  const c = expectCsr(csr);
  if (!(labels instanceof Int32Array)) throw typeError(`Expected an Int32Array for labels but received ${describe(labels)}`);
  if (labels.length !== c.numNodes) throw rangeError(`Expected ${c.numNodes} labels but received ${labels.length}`);
  const o = expectOptions<{ resolution?: number; weighted?: boolean }>(options, 'options', { resolution: true, weighted: true });
  const weighted = o.weighted === undefined ? c.outWeights !== null : expectBoolean(o.weighted, 'weighted');
  let count = 0;
  for (const l of labels) {
    if (l < 0) throw rangeError(`Expected labels >= 0 but received ${l}`);
    count = Math.max(count, l + 1);
  }
  return modularityOf(symmetricAdjacency(c, weighted, 'modularity'), labels, count, expectResolution(o.resolution));
}
