/**
 * Nearest-neighbour search over the rows of a matrix: k nearest and within a radius, by brute force (blocked, memory
 * bounded) or through a KD-tree, with euclidean, manhattan, chebyshev or minkowski distances. The search kernels of
 * aprender's KNeighbors* and NearestNeighbors.
 */
import { kdtreeLength } from '../backend/kdtree-layout';
import { kernels } from '../backend/loader';
import { MetricCode } from '../backend/ops.generated';
import { rangeError, typeError } from '../errors';
import { expectTensor, trustedTensor, type Tensor } from '../tensor';
import { expectInteger, expectNumber, expectOneOf, expectOptions, expectBoolean } from '../validate';
import type { OptionKeys } from '../../common/validate';
import { allocateOutput, floatData, formatShape } from './operands';

/** The distance metrics of the searches. */
export type NeighborMetric = 'euclidean' | 'manhattan' | 'chebyshev' | 'minkowski';
/** Search algorithms: every pair (brute) or a KD-tree. */
export type NeighborAlgorithm = 'brute' | 'kd_tree';

/** Metric codes of trueno.h (trueno_metric). */
const METRIC_CODES: Record<NeighborMetric, number> = {
  euclidean: MetricCode.EUCLIDEAN, manhattan: MetricCode.MANHATTAN, chebyshev: MetricCode.CHEBYSHEV,
  minkowski: MetricCode.MINKOWSKI,
};
const METRICS = Object.keys(METRIC_CODES) as NeighborMetric[];
const ALGORITHMS: readonly NeighborAlgorithm[] = ['brute', 'kd_tree'];
const INT32_MAX = 2 ** 31 - 1;

/** Options of {@link NeighborIndex}. */
export interface NeighborIndexOptions {
  /** 'brute' (default) or 'kd_tree'. */
  algorithm?: NeighborAlgorithm;
  /** Rows per KD-tree leaf, at least 1 (default 30, scikit-learn's). */
  leafSize?: number;
}

/** Options of the searches. */
export interface NeighborSearchOptions {
  /** 'euclidean' (default), 'manhattan', 'chebyshev' or 'minkowski'. */
  metric?: NeighborMetric;
  /** The minkowski power, at least 1 (default 2); 1, 2 and Infinity mean manhattan, euclidean and chebyshev. */
  p?: number;
}

/** Options of {@link radiusNeighbors}. */
export interface RadiusSearchOptions extends NeighborSearchOptions {
  /** Order each query's neighbours by distance (then index) instead of by index (default false). */
  sortResults?: boolean;
}

const SEARCH_OPTIONS: OptionKeys<NeighborSearchOptions> = { metric: true, p: true };

/** k nearest neighbours: row i of each holds query i's neighbours, nearest first. */
export interface KNeighborsResult {
  /** nq x k, float64. */
  distances: Tensor<'float64'>;
  /** nq x k, int32 row numbers of the indexed matrix. */
  indices: Tensor<'int32'>;
}

/** Neighbours within a radius, flat: query i's are entries offsets[i] .. offsets[i + 1] of distances and indices. */
export interface RadiusNeighborsResult {
  distances: Tensor<'float64'>;
  indices: Tensor<'int32'>;
  /** nq + 1 running totals (int64). */
  offsets: Tensor<'int64'>;
}

/**
 * The rows of a matrix prepared for neighbour searches: a float64 copy (or the matrix itself when it is float64) and,
 * for 'kd_tree', the tree in the core's array layout.
 */
export class NeighborIndex {
  /** The indexed rows (n x d, float64). */
  readonly data: Tensor<'float64'>;
  readonly algorithm: NeighborAlgorithm;
  readonly leafSize: number;
  /** The KD-tree array ('kd_tree'), or null. */
  readonly tree: Float64Array | null;

  /**
   * @param x - the n x d rows to search (any numeric dtype; computed in float64), n >= 1
   * @param options - `algorithm` ('brute' | 'kd_tree'), `leafSize`
   * @throws TypeError for a non-tensor or bad option types; RangeError for x not 2-d, no rows, more than 2^31 - 1
   *   rows, or a bad option value
   * @example const index = new NeighborIndex(train, { algorithm: 'kd_tree' });
   */
  constructor(x: Tensor, options?: NeighborIndexOptions) {
    const opts = expectOptions<NeighborIndexOptions>(options, 'NeighborIndex options', { algorithm: true, leafSize: true });
    expectTensor(x, 'NeighborIndex argument x');
    if (x.ndim !== 2) throw rangeError(`Expected a 2-d tensor for NeighborIndex argument x but received shape ${formatShape(x.shape)}`);
    const [n, d] = x.shape;
    if (n < 1 || n > INT32_MAX) throw rangeError(`Expected 1 to ${INT32_MAX} rows for NeighborIndex argument x but received ${n}`);
    this.algorithm = opts.algorithm === undefined ? 'brute' : expectOneOf(opts.algorithm, ALGORITHMS, 'NeighborIndex options.algorithm');
    this.leafSize = opts.leafSize === undefined ? 30 : expectInteger(opts.leafSize, 'NeighborIndex options.leafSize', 1, INT32_MAX);
    const data = floatData(x, 'float64') as Float64Array;
    this.data = trustedTensor(data, [n, d], 'float64');
    if (this.algorithm === 'kd_tree') {
      const tree = new Float64Array(kdtreeLength(n, d, this.leafSize));
      kernels().kdtreeBuild(n, d, data, this.leafSize, tree);
      this.tree = tree;
    } else {
      this.tree = null;
    }
    Object.freeze(this);
  }
}

interface Search {
  metric: number;
  p: number;
  nq: number;
  n: number;
  d: number;
  q: Float64Array;
  x: Float64Array;
}

/** The metric code and power of a search (p = 1, 2, Infinity are the named metrics, as scikit-learn's effective metric). */
function metricOf(opts: NeighborSearchOptions, op: string): { metric: number; p: number } {
  const name = opts.metric === undefined ? 'euclidean' : expectOneOf(opts.metric, METRICS, `${op} options.metric`);
  if (name !== 'minkowski') {
    if (opts.p !== undefined) throw rangeError(`Expected no p for ${op} with metric '${name}' but received ${String(opts.p)}`);
    return { metric: METRIC_CODES[name], p: 2 };
  }
  const p = opts.p === undefined ? 2 : expectNumber(opts.p, `${op} options.p`);
  if (!(p >= 1)) throw rangeError(`Expected a number >= 1 for ${op} options.p but received ${p}`);
  if (p === 1) return { metric: METRIC_CODES.manhattan, p };
  if (p === 2) return { metric: METRIC_CODES.euclidean, p };
  if (p === Infinity) return { metric: METRIC_CODES.chebyshev, p };
  return { metric: METRIC_CODES.minkowski, p };
}

function planSearch(index: NeighborIndex, queries: Tensor, opts: NeighborSearchOptions, op: string): Search {
  if (!(index instanceof NeighborIndex)) throw typeError(`Expected a NeighborIndex for ${op} argument index but received ${typeof index}`);
  expectTensor(queries, `${op} argument queries`);
  const [n, d] = index.data.shape;
  if (queries.ndim !== 2 || queries.shape[1] !== d) {
    throw rangeError(`Expected a 2-d tensor with ${d} columns for ${op} argument queries but received shape ${formatShape(queries.shape)}`);
  }
  return { ...metricOf(opts, op), nq: queries.shape[0], n, d, q: floatData(queries, 'float64') as Float64Array, x: index.data.data as Float64Array };
}

/**
 * The k nearest indexed rows to each query row, nearest first; equal distances go to the lower row number (a stable
 * result, as scikit-learn's brute force). 'brute' computes euclidean distances as scikit-learn's brute force does
 * (|q|² - 2 q·x + |x|², clamped at 0, in blocks: memory stays bounded); 'kd_tree' sums them directly, as
 * scikit-learn's KDTree. NaN in the data gives unspecified (but valid) row numbers.
 * @param index - the indexed rows
 * @param queries - nq x d query rows
 * @param k - neighbours per query, 1 to n
 * @param options - `metric`, `p`
 * @returns `distances` (float64) and `indices` (int32), each nq x k
 * @throws TypeError for a non-index, non-tensor or bad option types; RangeError for mismatched columns, k outside
 *   [1, n], a p below 1, or p given with a named metric
 * @example kneighbors(new NeighborIndex(Tensor.from([[0], [1], [3]])), Tensor.from([[0.9]]), 2).indices.toArray() // [[1, 0]]
 */
export function kneighbors(index: NeighborIndex, queries: Tensor, k: number, options?: NeighborSearchOptions): KNeighborsResult {
  const s = planSearch(index, queries, expectOptions<NeighborSearchOptions>(options, 'kneighbors options', SEARCH_OPTIONS), 'kneighbors');
  expectInteger(k, 'kneighbors argument k', 1, s.n);
  const idx = allocateOutput('int32', s.nq * k);
  const dist = allocateOutput('float64', s.nq * k);
  if (index.tree) kernels().kdtreeKnn(s.metric, s.p, s.nq, s.n, s.d, s.q, s.x, index.leafSize, index.tree, k, idx, dist);
  else kernels().knnBrute(s.metric, s.p, s.nq, s.n, s.d, s.q, s.x, k, idx, dist);
  return { distances: trustedTensor(dist, [s.nq, k], 'float64'), indices: trustedTensor(idx, [s.nq, k], 'int32') };
}

/**
 * Every indexed row within `radius` (distance <= radius) of each query row, as one flat list with offsets: in row
 * order, or by (distance, row) with `sortResults`. Counted first, then filled, so memory is what the result needs.
 * @param index - the indexed rows
 * @param queries - nq x d query rows
 * @param radius - a number >= 0 (Infinity takes every row)
 * @param options - `metric`, `p`, `sortResults`
 * @returns `distances`, `indices` (flat) and `offsets` (nq + 1 running totals)
 * @throws TypeError for a non-index, non-tensor or bad option types; RangeError for mismatched columns, a negative
 *   or NaN radius, a result over 2^31 - 1 entries, or a bad p
 * @example radiusNeighbors(new NeighborIndex(Tensor.from([[0], [1], [3]])), Tensor.from([[0.9]]), 1).indices.toArray() // [0, 1]
 */
export function radiusNeighbors(index: NeighborIndex, queries: Tensor, radius: number, options?: RadiusSearchOptions): RadiusNeighborsResult {
  const opts = expectOptions<RadiusSearchOptions>(options, 'radiusNeighbors options', { ...SEARCH_OPTIONS, sortResults: true });
  const s = planSearch(index, queries, opts, 'radiusNeighbors');
  const r = expectNumber(radius, 'radiusNeighbors argument radius');
  if (!(r >= 0)) throw rangeError(`Expected a number >= 0 for radiusNeighbors argument radius but received ${r}`);
  const sort = opts.sortResults === undefined ? 0 : Number(expectBoolean(opts.sortResults, 'radiusNeighbors options.sortResults'));
  const counts = new BigInt64Array(s.nq);
  const k = kernels();
  if (index.tree) k.kdtreeRadiusCount(s.metric, s.p, s.nq, s.n, s.d, s.q, s.x, index.leafSize, index.tree, r, counts);
  else k.radiusCount(s.metric, s.p, s.nq, s.n, s.d, s.q, s.x, r, counts);
  const offsets = new BigInt64Array(s.nq + 1);
  for (let i = 0; i < s.nq; i++) offsets[i + 1] = offsets[i] + counts[i];
  const total = Number(offsets[s.nq]);
  if (total > INT32_MAX) throw rangeError(`Expected at most ${INT32_MAX} neighbours in all for radiusNeighbors but received ${total}`);
  const idx = allocateOutput('int32', total);
  const dist = allocateOutput('float64', total);
  if (index.tree) k.kdtreeRadiusFill(s.metric, s.p, s.nq, s.n, s.d, s.q, s.x, index.leafSize, index.tree, r, offsets, sort, idx, dist);
  else k.radiusFill(s.metric, s.p, s.nq, s.n, s.d, s.q, s.x, r, offsets, sort, idx, dist);
  return {
    distances: trustedTensor(dist, [total], 'float64'),
    indices: trustedTensor(idx, [total], 'int32'),
    offsets: trustedTensor(offsets, [s.nq + 1], 'int64'),
  };
}
