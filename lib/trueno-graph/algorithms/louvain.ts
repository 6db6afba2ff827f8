/**
 * Louvain community detection (Blondel et al. 2008; native: trueno_graph_louvain) on the undirected weighted view of
 * the graph (a directed graph's edges count both ways, as igraph's community_multilevel on the graph made
 * undirected). A trial moves nodes in a seeded random order, pass after pass until none moves (as igraph), aggregates
 * the communities into nodes, level after level, then carries the partition back down and moves nodes again on every
 * level (multi-level refinement, Rotta & Noack 2011). Louvain's result depends on the visiting order (one order lands
 * 0.02 below another on small graphs, igraph's included), so several trials run on the thread pool and the best is
 * kept: with the default 8, every seed lands within 0.01 of igraph's modularity on the test graphs.
 */
import { kernels } from '../../trueno/backend/loader';
import { modularityOf } from '../../trueno/backend/reference-graph-structure';
import type { Csr } from '../csr';
import { describe, rangeError, typeError } from '../errors';
import { symmetricAdjacency } from './undirected';
import { EMPTY_F64, expectBoolean, expectCsr, expectInteger, expectOptions, expectSeed } from './validate';

/** Options of {@link louvain}. */
export interface LouvainOptions {
  /** Resolution gamma of modularity (default 1; above 1 favours smaller communities). */
  resolution?: number;
  /** Seed of the node visiting orders (default 0: results are reproducible unless told otherwise). */
  randomState?: number;
  /** Most aggregation levels (default: until no node moves). */
  maxLevels?: number;
  /** Use edge weights (default: true when the graph has them). */
  weighted?: boolean;
  /** Independent trials (seeded from randomState), the one of highest modularity kept (default 8; 1 to 1024). */
  trials?: number;
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

/** Trials run by default: enough for every seed to land within 0.01 of igraph on the test graphs. */
const DEFAULT_TRIALS = 8;
const MAX_TRIALS = 1024;
const LOUVAIN_KEYS = { resolution: true, randomState: true, maxLevels: true, weighted: true, trials: true } as const;

function expectResolution(value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number') throw typeError(`Expected a number for resolution but received ${describe(value)}`);
  if (!(value > 0 && value < Infinity)) throw rangeError(`Expected a finite number > 0 for resolution but received ${value}`);
  return value;
}

type LouvainCall = [number, Int32Array, Int32Array, Float64Array, number, number, number, number, Int32Array];

/**
 * Checks louvain's options (before anything else, so a misspelt key is named first).
 * @param options - the options object
 * @returns them, checked
 * @throws TypeError / RangeError for an unknown key or a bad value
 */
export function louvainOptions(options: LouvainOptions | undefined): LouvainOptions {
  const o = expectOptions<LouvainOptions>(options, 'options', LOUVAIN_KEYS);
  return {
    resolution: expectResolution(o.resolution),
    randomState: expectSeed(o.randomState) ?? 0,
    maxLevels: o.maxLevels === undefined ? -1 : expectInteger(o.maxLevels, 'maxLevels', 1, 2 ** 31 - 1),
    weighted: o.weighted === undefined ? undefined : expectBoolean(o.weighted, 'weighted'),
    trials: o.trials === undefined ? DEFAULT_TRIALS : expectInteger(o.trials, 'trials', 1, MAX_TRIALS),
  };
}

function prepareLouvain(csr: Csr, options: LouvainOptions | undefined): LouvainCall {
  const o = louvainOptions(options);
  const c = expectCsr(csr);
  const weighted = o.weighted ?? c.outWeights !== null;
  const g = symmetricAdjacency(c, weighted, 'louvain');
  return [g.n, g.offsets, g.neighbours, weighted ? g.weights : EMPTY_F64, o.resolution!, o.randomState!, o.maxLevels!, o.trials!,
    new Int32Array(g.n)];
}

function finish(call: LouvainCall, modularity: number): LouvainResult {
  const labels = call[8];
  let count = 0;
  for (let v = 0; v < labels.length; v++) if (labels[v] >= count) count = labels[v] + 1;
  return { labels, count, modularity };
}

/**
 * Louvain communities (native, the trials in parallel).
 * @param csr - the graph (direction ignored)
 * @param options - resolution (1), randomState (0), maxLevels, weighted, trials (8)
 * @returns labels (by smallest node), count and the modularity
 * @throws TypeError / RangeError for bad options or weights that are negative, NaN or infinite
 * @example const { labels, modularity } = louvain(csr, { randomState: 42 });
 */
export function louvain(csr: Csr, options?: LouvainOptions): LouvainResult {
  const call = prepareLouvain(csr, options);
  return finish(call, kernels().graphLouvain(...call));
}

/**
 * {@link louvain} off the event loop (native: the libuv pool).
 * @param csr - the graph (direction ignored)
 * @param options - as louvain
 * @returns a Promise of the communities
 * @throws as louvain (the Promise rejects)
 * @example const { count } = await louvainAsync(csr, { resolution: 1.5 });
 */
export async function louvainAsync(csr: Csr, options?: LouvainOptions): Promise<LouvainResult> {
  const call = prepareLouvain(csr, options);
  return finish(call, await kernels().graphLouvainAsync(...call));
}

/** Options of {@link modularity}. */
export interface ModularityOptions {
  /** Resolution gamma (default 1). */
  resolution?: number;
  /** Use edge weights (default: true when the graph has them). */
  weighted?: boolean;
}

/**
 * Checks modularity's options (before anything else, so a misspelt key is named first).
 * @param options - the options object
 * @returns the resolution defaulted, weighted as given
 * @throws TypeError / RangeError for an unknown key or a bad value
 */
export function modularityOptions(options: ModularityOptions | undefined): ModularityOptions {
  const o = expectOptions<ModularityOptions>(options, 'options', { resolution: true, weighted: true });
  return { resolution: expectResolution(o.resolution), weighted: o.weighted === undefined ? undefined : expectBoolean(o.weighted, 'weighted') };
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
export function modularity(csr: Csr, labels: Int32Array, options?: ModularityOptions): number {
  const o = modularityOptions(options);
  const c = expectCsr(csr);
  if (!(labels instanceof Int32Array)) throw typeError(`Expected an Int32Array for labels but received ${describe(labels)}`);
  if (labels.length !== c.numNodes) throw rangeError(`Expected ${c.numNodes} labels but received ${labels.length}`);
  const weighted = o.weighted ?? c.outWeights !== null;
  let count = 0;
  for (const l of labels) {
    if (l < 0) throw rangeError(`Expected labels >= 0 but received ${l}`);
    count = Math.max(count, l + 1);
  }
  return modularityOf(symmetricAdjacency(c, weighted, 'modularity'), labels, count, o.resolution!);
}
