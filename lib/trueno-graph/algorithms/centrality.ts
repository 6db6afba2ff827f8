/**
 * Betweenness centrality (Brandes 2001; exact or from sampled sources) and degrees. Betweenness counts shortest
 * paths along out-edges (all edges for an undirected graph), parallel edges each a path, and is scaled as networkx's
 * betweenness_centrality: normalized by 1 / ((n - 1)(n - 2)), unnormalized halved for undirected graphs, sampled
 * sums scaled by n / samples.
 */
import { Random } from '../../common/random';
import { DistanceHeap } from '../../trueno/backend/reference-graph';
import type { Csr } from '../csr';
import { rangeError } from '../errors';
import { expectBoolean, expectCsr, expectInteger, expectOneOf, expectOptions, expectSeed } from './validate';

/** Options of {@link betweenness}. */
export interface BetweennessOptions {
  /** Scale by 1 / ((n - 1)(n - 2)) (default true). */
  normalized?: boolean;
  /** Use this many sources, drawn with randomState, instead of all (an estimate). */
  samples?: number;
  /** Seed of the sampled sources (default 0). */
  randomState?: number;
  /** Path lengths are sums of weights (default: true when the graph has them; weights must be finite and >= 0). */
  weighted?: boolean;
}

/** One Brandes source: adds its pair dependencies to `out`. */
function accumulate(csr: Csr, s: number, weights: Float64Array | null, out: Float64Array, scratch: BrandesScratch): void {
  const { sigma, dist, delta, stack, preds } = scratch;
  const n = csr.numNodes, off = csr.outOffsets, adj = csr.outTargets;
  sigma.fill(0);
  dist.fill(-1);
  delta.fill(0);
  for (let v = 0; v < n; v++) preds[v].length = 0;
  let top = 0;
  sigma[s] = 1;
  dist[s] = 0;
  if (weights === null) {
    const queue = scratch.queue;
    let head = 0, tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const v = queue[head++];
      stack[top++] = v;
      for (let e = off[v]; e < off[v + 1]; e++) {
        const w = adj[e];
        if (dist[w] < 0) {
          dist[w] = dist[v] + 1;
          queue[tail++] = w;
        }
        if (dist[w] === dist[v] + 1) {
          sigma[w] += sigma[v];
          preds[w].push(v);
        }
      }
    }
  } else {
    const heap = new DistanceHeap();
    const done = scratch.done;
    done.fill(0);
    heap.push(0, s);
    while (heap.size > 0) {
      const v = heap.pop(), dv = heap.lastDistance;
      if (done[v]) continue;
      done[v] = 1;
      stack[top++] = v;
      for (let e = off[v]; e < off[v + 1]; e++) {
        const w = adj[e], nd = dv + weights[e];
        if (done[w]) continue;
        if (dist[w] < 0 || nd < dist[w]) {
          dist[w] = nd;
          sigma[w] = sigma[v];
          preds[w].length = 0;
          preds[w].push(v);
          heap.push(nd, w);
        } else if (nd === dist[w]) {
          sigma[w] += sigma[v];
          preds[w].push(v);
        }
      }
    }
  }
  while (top > 0) {
    const w = stack[--top];
    for (const v of preds[w]) delta[v] += (sigma[v] / sigma[w]) * (1 + delta[w]);
    if (w !== s) out[w] += delta[w];
  }
}

interface BrandesScratch {
  sigma: Float64Array;
  dist: Float64Array;
  delta: Float64Array;
  stack: Int32Array;
  queue: Int32Array;
  done: Uint8Array;
  preds: number[][];
}

/**
 * Betweenness centrality of every node.
 * @param csr - the graph
 * @param options - normalized (true), samples, randomState, weighted
 * @returns one value per node
 * @throws TypeError / RangeError for bad options, samples outside [1, n], or bad weights
 * @example const bc = betweenness(csr); // networkx.betweenness_centrality
 */
export function betweenness(csr: Csr, options?: BetweennessOptions): Float64Array {
  const c = expectCsr(csr);
  const o = expectOptions<BetweennessOptions>(options, 'options', { normalized: true, samples: true, randomState: true, weighted: true });
  const normalized = o.normalized === undefined ? true : expectBoolean(o.normalized, 'normalized');
  const weighted = o.weighted === undefined ? c.outWeights !== null : expectBoolean(o.weighted, 'weighted');
  const n = c.numNodes;
  const samples = o.samples === undefined ? undefined : expectInteger(o.samples, 'samples', 1, Math.max(1, n));
  const seed = expectSeed(o.randomState) ?? 0;
  let weights: Float64Array | null = null;
  if (weighted) {
    weights = c.outWeights;
    if (weights === null) throw rangeError('Expected a weighted graph for betweenness({ weighted: true }) but received an unweighted one');
    for (let e = 0; e < weights.length; e++) {
      if (!(weights[e] >= 0 && weights[e] < Infinity)) throw rangeError(`Expected finite weights >= 0 for betweenness but received ${weights[e]} on edge ${c.outEdgeIds[e]}`);
    }
  }
  let sources: Int32Array = new Int32Array(n);
  for (let v = 0; v < n; v++) sources[v] = v;
  if (samples !== undefined && samples < n) sources = new Random(seed).shuffle(sources).slice(0, samples).sort();
  const out = new Float64Array(n);
  const scratch: BrandesScratch = {
    sigma: new Float64Array(n), dist: new Float64Array(n), delta: new Float64Array(n), stack: new Int32Array(n),
    queue: new Int32Array(n), done: new Uint8Array(n), preds: Array.from({ length: n }, () => []),
  };
  for (const s of sources) accumulate(c, s, weights, out, scratch);
  let scale = normalized ? (n > 2 ? 1 / ((n - 1) * (n - 2)) : 1) : c.directed ? 1 : 0.5;
  if (samples !== undefined && samples < n) scale *= n / samples;
  if (scale !== 1) for (let v = 0; v < n; v++) out[v] *= scale;
  return out;
}

/** Degrees of every node: out, in and total (for an undirected graph all three are the degree). */
export interface Degrees {
  out: Int32Array;
  in: Int32Array;
  total: Int32Array;
}

/**
 * Degrees (entries per node; an undirected self-loop counts 2, as in networkx).
 * @param csr - the graph
 * @returns out-, in- and total degree per node
 * @throws TypeError for a bad CSR
 * @example degrees(csr).out[0];
 */
export function degrees(csr: Csr): Degrees {
  const c = expectCsr(csr);
  const n = c.numNodes;
  const out = new Int32Array(n), inn = new Int32Array(n), total = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    out[v] = c.outOffsets[v + 1] - c.outOffsets[v];
    inn[v] = c.inOffsets[v + 1] - c.inOffsets[v];
    total[v] = c.directed ? out[v] + inn[v] : out[v];
  }
  return { out, in: inn, total };
}

/** Summary of one degree sequence. */
export interface DegreeStats {
  min: number;
  max: number;
  mean: number;
  /** Middle value (mean of the two middle values for an even count). */
  median: number;
  /** Population standard deviation. */
  std: number;
  /** Node with the largest degree (smallest id on ties); -1 for an empty graph. */
  argmax: number;
}

/**
 * Statistics of the out-, in- or total degrees (NaN statistics for an empty graph).
 * @param csr - the graph
 * @param options - mode: 'total' (default), 'out' or 'in'
 * @returns min, max, mean, median, std, argmax
 * @throws TypeError / RangeError for a bad CSR or mode
 * @example degreeStats(csr, { mode: 'in' }).max;
 */
export function degreeStats(csr: Csr, options?: { mode?: 'out' | 'in' | 'total' }): DegreeStats {
  const o = expectOptions<{ mode?: 'out' | 'in' | 'total' }>(options, 'options', { mode: true });
  const mode = o.mode === undefined ? 'total' : expectOneOf(o.mode, ['out', 'in', 'total'] as const, 'mode');
  const d = degrees(csr)[mode];
  const n = d.length;
  if (n === 0) return { min: NaN, max: NaN, mean: NaN, median: NaN, std: NaN, argmax: -1 };
  let sum = 0, argmax = 0;
  for (let v = 0; v < n; v++) {
    sum += d[v];
    if (d[v] > d[argmax]) argmax = v;
  }
  const mean = sum / n;
  let ss = 0;
  for (let v = 0; v < n; v++) ss += (d[v] - mean) ** 2;
  const sorted = d.slice().sort();
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { min: sorted[0], max: sorted[n - 1], mean, median, std: Math.sqrt(ss / n), argmax };
}
