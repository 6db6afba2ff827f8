/**
 * Betweenness centrality (Brandes 2001; exact or from sampled sources, native: parallel over sources, the same bits
 * for every thread count) and degrees. Betweenness counts shortest paths along out-edges (all edges for an undirected
 * graph), parallel edges each a path, and is scaled as networkx's betweenness_centrality: normalized by
 * 1 / ((n - 1)(n - 2)), unnormalized halved for undirected graphs, sampled sums scaled by n / samples.
 */
import { Random } from '../../common/random';
import { kernels } from '../../trueno/backend/loader';
import type { Csr } from '../csr';
import { rangeError } from '../errors';
import { EMPTY_F64, expectBoolean, expectCsr, expectInteger, expectOneOf, expectOptions, expectSeed } from './validate';

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

const BETWEENNESS_KEYS = { normalized: true, samples: true, randomState: true, weighted: true } as const;

/**
 * Checks the options of {@link betweenness} alone (the graph unseen), so a caller can refuse bad options first.
 * @param options - the options given
 * @returns them, checked for unknown keys
 * @throws TypeError for options that are not an object or hold an unknown key
 */
export function betweennessOptions(options: unknown): BetweennessOptions {
  return expectOptions<BetweennessOptions>(options, 'options', BETWEENNESS_KEYS);
}

/**
 * The sources {@link betweenness} walks from: every node, or `samples` of them drawn with the seed, ascending.
 * @param n - nodes
 * @param samples - how many to draw (undefined: all)
 * @param seed - randomState
 * @returns the source ids
 */
export function betweennessSources(n: number, samples: number | undefined, seed: number): Int32Array {
  const all = new Int32Array(n);
  for (let v = 0; v < n; v++) all[v] = v;
  return samples === undefined ? all : new Random(seed).shuffle(all).slice(0, samples).sort();
}

type BetweennessCall = [number, Int32Array, Int32Array, Float64Array, Int32Array, Float64Array];

function prepareBetweenness(csr: Csr, options: BetweennessOptions | undefined): { call: BetweennessCall; scale: number } {
  const o = betweennessOptions(options);
  const c = expectCsr(csr);
  const normalized = o.normalized === undefined ? true : expectBoolean(o.normalized, 'normalized');
  const weighted = o.weighted === undefined ? c.outWeights !== null : expectBoolean(o.weighted, 'weighted');
  const n = c.numNodes;
  const samples = o.samples === undefined ? undefined : expectInteger(o.samples, 'samples', 1, Math.max(1, n));
  const seed = expectSeed(o.randomState) ?? 0;
  let weights: Float64Array = EMPTY_F64;
  if (weighted) {
    if (c.outWeights === null) throw rangeError('Expected a weighted graph for betweenness({ weighted: true }) but received an unweighted one');
    weights = c.outWeights;
    for (let e = 0; e < weights.length; e++) {
      if (!(weights[e] >= 0 && weights[e] < Infinity)) throw rangeError(`Expected finite weights >= 0 for betweenness but received ${weights[e]} on edge ${c.outEdgeIds[e]}`);
    }
  }
  const sampled = samples !== undefined && samples < n;
  const sources = betweennessSources(n, sampled ? samples : undefined, seed);
  let scale = normalized ? (n > 2 ? 1 / ((n - 1) * (n - 2)) : 1) : c.directed ? 1 : 0.5;
  if (sampled) scale *= n / samples;
  return { call: [n, c.outOffsets, c.outTargets, weights, sources, new Float64Array(n)], scale };
}

function scaled(out: Float64Array, scale: number): Float64Array {
  if (scale !== 1) for (let v = 0; v < out.length; v++) out[v] *= scale;
  return out;
}

/**
 * Betweenness centrality of every node (native, parallel over sources; the same bits on every backend and thread
 * count).
 * @param csr - the graph
 * @param options - normalized (true), samples, randomState, weighted
 * @returns one value per node
 * @throws TypeError / RangeError for bad options, samples outside [1, n], or bad weights
 * @example const bc = betweenness(csr); // networkx.betweenness_centrality
 */
export function betweenness(csr: Csr, options?: BetweennessOptions): Float64Array {
  const { call, scale } = prepareBetweenness(csr, options);
  kernels().graphBetweenness(...call);
  return scaled(call[5], scale);
}

/**
 * {@link betweenness} off the event loop (native: the libuv pool, the sources still spread over the thread pool).
 * @param csr - the graph
 * @param options - normalized (true), samples, randomState, weighted
 * @returns a Promise of the values, one per node
 * @throws TypeError / RangeError as betweenness (the Promise rejects)
 * @example const bc = await betweennessAsync(csr, { samples: 256, randomState: 1 });
 */
export async function betweennessAsync(csr: Csr, options?: BetweennessOptions): Promise<Float64Array> {
  const { call, scale } = prepareBetweenness(csr, options);
  await kernels().graphBetweennessAsync(...call);
  return scaled(call[5], scale);
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
 * Checks the options of {@link degreeStats} alone (the graph unseen), so a caller can refuse bad options first.
 * @param options - the options given
 * @returns them, checked for unknown keys
 * @throws TypeError for options that are not an object or hold an unknown key
 */
export function degreeStatsOptions(options: unknown): { mode?: 'out' | 'in' | 'total' } {
  return expectOptions<{ mode?: 'out' | 'in' | 'total' }>(options, 'options', { mode: true });
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
  const o = degreeStatsOptions(options);
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
