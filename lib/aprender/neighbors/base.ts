/**
 * What the neighbour estimators share (scikit-learn's NeighborsBase, KNeighborsMixin, RadiusNeighborsMixin): the
 * parameters, the effective metric, the algorithm 'auto' picks, the fitted rows and their search index, and the
 * queries. The searches themselves are trueno's native kernels (blocked brute force, KD-tree).
 */
import { kneighbors as searchK, NeighborIndex, radiusNeighbors as searchRadius, type NeighborMetric } from '../../trueno/ops/neighbors';
import { Tensor } from '../../trueno/tensor';
import type { Matrix } from '../base/input';
import { custom, integer, oneOf } from '../base/params';
import { rangeError } from '../errors';

/** Search algorithms: 'ball_tree' runs the KD-tree (the same neighbours; see docs/decisions.md). */
export type NeighborsAlgorithm = 'auto' | 'ball_tree' | 'kd_tree' | 'brute';
/** Metric names (scikit-learn's, aliases included). */
export type NeighborsMetricName = 'minkowski' | 'euclidean' | 'manhattan' | 'chebyshev' | 'cityblock' | 'l1' | 'l2' | 'infinity';

/** The parameters every neighbour estimator has. */
export interface NeighborsCommonParams {
  /** 'auto' (default), 'ball_tree', 'kd_tree' or 'brute'. */
  algorithm: NeighborsAlgorithm;
  /** Rows per KD-tree leaf (default 30): speed only, never the result. */
  leafSize: number;
  /** The minkowski power, >= 1 (default 2): 1 is manhattan, 2 euclidean, Infinity chebyshev. */
  p: number;
  /** The distance (default 'minkowski', with p). */
  metric: NeighborsMetricName;
}

const METRIC_NAMES: readonly NeighborsMetricName[] = ['minkowski', 'euclidean', 'manhattan', 'chebyshev', 'cityblock', 'l1', 'l2', 'infinity'];

/** The declarations of {@link NeighborsCommonParams}. */
export const NEIGHBORS_PARAMS = {
  algorithm: [oneOf('auto', 'ball_tree', 'kd_tree', 'brute'), 'auto'],
  leafSize: [integer({ min: 1 }), 30],
  p: [custom('a number >= 1 (Infinity for chebyshev)', (v) => typeof v === 'number' && v >= 1), 2],
  metric: [oneOf(...METRIC_NAMES), 'minkowski'],
} as const;

/** The learned state every neighbour estimator holds. */
export interface NeighborsState {
  /** The training rows (float64, n x d). */
  fitX_?: Tensor<'float64'>;
  /** The algorithm used: 'brute' or 'kd_tree'. */
  fitMethod_?: 'brute' | 'kd_tree';
  /** The metric the searches use, after aliases and p (scikit-learn's effective_metric_). */
  effectiveMetric_?: NeighborMetric;
  /** Its parameters: { p } for minkowski, else {}. */
  effectiveMetricParams_?: { p?: number };
  /** Rows fitted. */
  nSamplesFit_?: number;
}

/** The metric a (metric, p) pair means, as scikit-learn's effective_metric_ / effective_metric_params_. */
function effectiveMetric(metric: NeighborsMetricName, p: number): { metric: NeighborMetric; params: { p?: number } } {
  if (metric === 'minkowski') {
    if (p === 1) return { metric: 'manhattan', params: {} };
    if (p === 2) return { metric: 'euclidean', params: {} };
    if (p === Infinity) return { metric: 'chebyshev', params: {} };
    return { metric: 'minkowski', params: { p } };
  }
  if (metric === 'cityblock' || metric === 'l1') return { metric: 'manhattan', params: {} };
  if (metric === 'l2') return { metric: 'euclidean', params: {} };
  if (metric === 'infinity') return { metric: 'chebyshev', params: {} };
  return { metric, params: {} };
}

/**
 * The algorithm 'auto' picks, as scikit-learn's NeighborsBase._fit: brute force when there are more than 15
 * features or nNeighbors is at least half the rows (a tree no longer pays), else the KD-tree (every metric here is
 * one the KD-tree takes). 'ball_tree' runs the KD-tree.
 */
function chooseAlgorithm(algorithm: NeighborsAlgorithm, rows: number, cols: number, nNeighbors: number | undefined): 'brute' | 'kd_tree' {
  if (algorithm === 'brute') return 'brute';
  if (algorithm === 'kd_tree' || algorithm === 'ball_tree') return 'kd_tree';
  return cols > 15 || (nNeighbors !== undefined && nNeighbors >= Math.floor(rows / 2)) ? 'brute' : 'kd_tree';
}

/**
 * Records the training rows and the search setup on an estimator (its fit).
 * @param est - the estimator
 * @param m - X from checkX
 * @param params - its parameters
 * @param nNeighbors - its nNeighbors (for 'auto')
 */
export function learnNeighbors(est: NeighborsState, m: Matrix, params: NeighborsCommonParams, nNeighbors: number | undefined): void {
  const { metric, params: metricParams } = effectiveMetric(params.metric, params.p);
  est.fitX_ = (m.tensor.dtype === 'float64' ? m.tensor : Tensor.from(Float64Array.from(m.data), [m.rows, m.cols])) as Tensor<'float64'>;
  est.fitMethod_ = chooseAlgorithm(params.algorithm, m.rows, m.cols, nNeighbors);
  est.effectiveMetric_ = metric;
  est.effectiveMetricParams_ = metricParams;
  est.nSamplesFit_ = m.rows;
}

/** The search index of each fitted rows tensor, built once (the KD-tree is rebuilt after a state restore). */
const indexes = new WeakMap<Tensor, NeighborIndex>();

function indexOf(est: NeighborsState, leafSize: number): NeighborIndex {
  const x = est.fitX_ as Tensor<'float64'>;
  let index = indexes.get(x);
  if (index === undefined || index.algorithm !== est.fitMethod_) {
    index = new NeighborIndex(x, { algorithm: est.fitMethod_, leafSize });
    indexes.set(x, index);
  }
  return index;
}

function searchOptions(est: NeighborsState) {
  return est.effectiveMetric_ === 'minkowski'
    ? { metric: 'minkowski' as const, p: est.effectiveMetricParams_?.p }
    : { metric: est.effectiveMetric_ };
}

/** The k nearest training rows of each query (or of each training row, itself left out, when queries is null). */
export interface KNeighbors {
  /** nq x k distances, nearest first. */
  distances: Tensor<'float64'>;
  /** nq x k training row numbers (int32). */
  indices: Tensor<'int32'>;
}

/**
 * kneighbors, as scikit-learn's KNeighborsMixin.kneighbors: with no queries, each training row's neighbours among
 * the others (k + 1 are searched and the row itself, or the last when it is not among them, is dropped).
 * @param est - a fitted estimator
 * @param leafSize - its leafSize
 * @param queries - query rows from checkX, or null for the training rows
 * @param k - neighbours per query
 * @param name - the estimator's class name, for the message
 * @returns distances and indices
 * @throws RangeError when k is not an integer in [1, rows fitted] ([1, rows fitted - 1] without queries)
 */
export function kneighborsOf(est: NeighborsState, leafSize: number, queries: Matrix | null, k: unknown, name: string): KNeighbors {
  const n = est.nSamplesFit_ as number;
  const most = queries === null ? n - 1 : n;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > most) {
    throw rangeError(`Expected nNeighbors to be an integer in [1, ${most}] for ${name}.kneighbors (${n} samples fitted${queries === null ? ', each query its own neighbour' : ''}) but received ${String(k)}`);
  }
  const q = queries === null ? (est.fitX_ as Tensor) : queries.tensor;
  const found = searchK(indexOf(est, leafSize), q, queries === null ? k + 1 : k, searchOptions(est));
  return queries === null ? dropSelf(found, k) : found;
}

/** Drops each row's own index (or its farthest neighbour when another row at distance 0 displaced it). */
function dropSelf(found: KNeighbors, k: number): KNeighbors {
  const nq = found.indices.shape[0];
  const idx = found.indices.data as Int32Array;
  const dist = found.distances.data as Float64Array;
  const outIdx = new Int32Array(nq * k);
  const outDist = new Float64Array(nq * k);
  for (let i = 0; i < nq; i++) {
    const row = i * (k + 1);
    let skip = idx.subarray(row, row + k + 1).indexOf(i);
    if (skip < 0) skip = 0;
    let t = 0;
    for (let r = 0; r <= k; r++) {
      if (r === skip) continue;
      outIdx[i * k + t] = idx[row + r];
      outDist[i * k + t] = dist[row + r];
      t++;
    }
  }
  return { distances: Tensor.from(outDist, [nq, k]) as Tensor<'float64'>, indices: Tensor.from(outIdx, [nq, k], 'int32') };
}

/** The training rows within a radius of each query: one array per query. */
export interface RadiusNeighbors {
  distances: Float64Array[];
  indices: Int32Array[];
}

/**
 * radiusNeighbors, as scikit-learn's RadiusNeighborsMixin.radius_neighbors (with no queries, each training row's
 * neighbours except itself).
 * @param est - a fitted estimator
 * @param leafSize - its leafSize
 * @param queries - query rows from checkX, or null for the training rows
 * @param radius - a number >= 0
 * @param sortResults - order each query's neighbours by distance (else by row)
 * @param name - the class name, for the message
 * @returns per query, the distances and row numbers
 * @throws RangeError for a negative or NaN radius
 */
export function radiusOf(est: NeighborsState, leafSize: number, queries: Matrix | null, radius: unknown, sortResults: boolean, name: string): RadiusNeighbors {
  if (typeof radius !== 'number' || !(radius >= 0)) throw rangeError(`Expected a number >= 0 for the radius of ${name}.radiusNeighbors but received ${String(radius)}`);
  const q = queries === null ? (est.fitX_ as Tensor) : queries.tensor;
  const found = searchRadius(indexOf(est, leafSize), q, radius, { ...searchOptions(est), sortResults });
  const offsets = Array.from(found.offsets.data as BigInt64Array, Number);
  const idx = found.indices.data as Int32Array;
  const dist = found.distances.data as Float64Array;
  const out: RadiusNeighbors = { distances: [], indices: [] };
  for (let i = 0; i + 1 < offsets.length; i++) {
    let rows = idx.subarray(offsets[i], offsets[i + 1]);
    let d = dist.subarray(offsets[i], offsets[i + 1]);
    if (queries === null) {
      const keep = Array.from(rows, (j) => j !== i);
      rows = rows.filter((_, t) => keep[t]);
      d = d.filter((_, t) => keep[t]);
    }
    out.indices.push(rows);
    out.distances.push(d);
  }
  return out;
}

/** The weights options of the KNeighbors estimators. */
export type NeighborWeights = 'uniform' | 'distance' | ((distances: Tensor<'float64'>) => Tensor | ArrayLike<number>);

/**
 * The weight of each neighbour (scikit-learn's _get_weights): null for 'uniform'; 1 / distance for 'distance', except
 * that a query at distance 0 from some rows gives those rows weight 1 and the others 0; a function's result as it is.
 * @param distances - nq x k
 * @param weights - the option
 * @param name - the class name, for the message
 * @returns nq x k weights, or null
 * @throws RangeError when a weight function returns another number of values
 */
export function neighborWeights(distances: Tensor<'float64'>, weights: NeighborWeights, name: string): Float64Array | null {
  if (weights === 'uniform') return null;
  const [nq, k] = distances.shape;
  if (typeof weights === 'function') {
    const got = weights(distances);
    const values = got instanceof Tensor ? got.data : got;
    if (values.length !== nq * k) throw rangeError(`Expected ${nq * k} weights from the weights function of ${name} but received ${values.length}`);
    return Float64Array.from(values as ArrayLike<number>);
  }
  const d = distances.data as Float64Array;
  const w = new Float64Array(nq * k);
  for (let i = 0; i < nq; i++) {
    const row = d.subarray(i * k, (i + 1) * k);
    const exact = row.includes(0);
    for (let r = 0; r < k; r++) w[i * k + r] = exact ? Number(row[r] === 0) : 1 / row[r];
  }
  return w;
}
