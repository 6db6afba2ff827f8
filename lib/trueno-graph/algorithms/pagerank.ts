/**
 * PageRank (native): power iteration pulled over the in-CSR, as networkx defines it (dangling nodes' rank spread by
 * the personalization vector, or uniformly; multi-edges add their weights, as igraph and networkx's MultiDiGraph).
 * Stopping rule: the L1 change of the rank vector sum |x' - x| < tol (networkx's pagerank with tol / n stops at the
 * same iteration). Deterministic bits for every thread count.
 */
import { kernels } from '../../trueno/backend/loader';
import type { Csr } from '../csr';
import { describe, GraphError, rangeError, typeError } from '../errors';
import { EMPTY_F64, expectBoolean, expectCsr, expectInteger, expectOptions } from './validate';

/** Options of {@link pagerank}. */
export interface PagerankOptions {
  /** Probability of following an edge (default 0.85), in [0, 1]. */
  damping?: number;
  /** Teleport (and dangling) distribution, one value >= 0 per node, not all 0; normalized here. Default uniform. */
  personalization?: Float64Array;
  /** Stop when the L1 change of the rank vector drops below this (default 1e-6). */
  tol?: number;
  /** Most iterations (default 100); not converging by then is a GraphError ERR_TRUENO_GRAPH_NO_CONVERGENCE. */
  maxIter?: number;
  /** Use edge weights (default: true when the graph has them). */
  weighted?: boolean;
}

type PagerankCall = [number, Int32Array, Int32Array, Float64Array, number, Float64Array, number, number, Float64Array];

/**
 * Checks pagerank's options (before anything else, so a misspelt key is named first); the personalization's length
 * and the weights are checked against the graph later.
 * @param options - the options object
 * @returns damping, tol and maxIter defaulted; personalization checked for its values; weighted as given
 * @throws TypeError / RangeError for an unknown key or a bad value
 */
export function pagerankOptions(options: PagerankOptions | undefined): PagerankOptions {
  const o = expectOptions<PagerankOptions>(options, 'options', { damping: true, personalization: true, tol: true, maxIter: true, weighted: true });
  const damping = o.damping ?? 0.85;
  if (typeof damping !== 'number') throw typeError(`Expected a number for damping but received ${describe(damping)}`);
  if (!(damping >= 0 && damping <= 1)) throw rangeError(`Expected a number in [0, 1] for damping but received ${damping}`);
  const tol = o.tol ?? 1e-6;
  if (typeof tol !== 'number') throw typeError(`Expected a number for tol but received ${describe(tol)}`);
  if (!(tol >= 0 && tol < Infinity)) throw rangeError(`Expected a finite number >= 0 for tol but received ${tol}`);
  const maxIter = o.maxIter === undefined ? 100 : expectInteger(o.maxIter, 'maxIter', 1, 2 ** 31 - 1);
  const weighted = o.weighted === undefined ? undefined : expectBoolean(o.weighted, 'weighted');
  const p = o.personalization;
  if (p !== undefined) {
    if (!(p instanceof Float64Array)) throw typeError(`Expected a Float64Array for personalization but received ${describe(p)}`);
    let sum = 0;
    for (let v = 0; v < p.length; v++) {
      if (!(p[v] >= 0 && p[v] < Infinity)) throw rangeError(`Expected finite values >= 0 for personalization but received ${p[v]} at ${v}`);
      sum += p[v];
    }
    if (!(sum > 0)) throw rangeError('Expected a personalization with a positive sum but received all zeros');
  }
  return { damping, tol, maxIter, weighted, personalization: p };
}

function preparePagerank(csr: Csr, options: PagerankOptions | undefined): PagerankCall {
  const o = pagerankOptions(options);
  const c = expectCsr(csr);
  const weighted = o.weighted ?? c.inWeights !== null;
  if (weighted && c.inWeights === null) throw typeError('Expected a weighted graph for pagerank({ weighted: true }) but received an unweighted one');
  const weights = weighted ? c.inWeights! : EMPTY_F64;
  for (let e = 0; e < weights.length; e++) {
    if (!(weights[e] >= 0 && weights[e] < Infinity)) throw rangeError(`Expected finite weights >= 0 for pagerank but received ${weights[e]} on edge ${c.inEdgeIds[e]}`);
  }
  const p = o.personalization;
  if (p !== undefined && p.length !== c.numNodes) throw rangeError(`Expected ${c.numNodes} values for personalization but received ${p.length}`);
  return [c.numNodes, c.inOffsets, c.inSources, weights, o.damping!, p ?? EMPTY_F64, o.tol!, o.maxIter!, new Float64Array(c.numNodes)];
}

function finish(call: PagerankCall, iterations: number): Float64Array {
  if (iterations < 0) {
    throw new GraphError(`pagerank did not reach tol ${call[6]} in ${call[7]} iterations (raise maxIter or tol)`, 'ERR_TRUENO_GRAPH_NO_CONVERGENCE');
  }
  return call[8];
}

/**
 * PageRank of every node (native, parallel).
 * @param csr - the graph (an empty graph gives an empty result)
 * @param options - damping (0.85), personalization, tol (1e-6, L1), maxIter (100), weighted
 * @returns the ranks, summing to 1, indexed by node id
 * @throws TypeError / RangeError for bad options; GraphError ERR_TRUENO_GRAPH_NO_CONVERGENCE after maxIter iterations
 * @example const rank = pagerank(csr, { damping: 0.85, tol: 1e-10 });
 */
export function pagerank(csr: Csr, options?: PagerankOptions): Float64Array {
  const call = preparePagerank(csr, options);
  if (call[0] === 0) return new Float64Array(0);
  return finish(call, kernels().graphPagerank(...call));
}

/**
 * {@link pagerank} off the event loop (native: the libuv pool).
 * @param csr - the graph
 * @param options - as pagerank
 * @returns a Promise of the ranks
 * @throws as pagerank (the Promise rejects)
 * @example const rank = await pagerankAsync(csr);
 */
export async function pagerankAsync(csr: Csr, options?: PagerankOptions): Promise<Float64Array> {
  const call = preparePagerank(csr, options);
  if (call[0] === 0) return new Float64Array(0);
  return finish(call, await kernels().graphPagerankAsync(...call));
}
