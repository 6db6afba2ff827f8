/**
 * NearestNeighbors: unsupervised neighbour search over the fitted rows (scikit-learn's NearestNeighbors): k nearest
 * and within a radius, by brute force or a KD-tree on trueno's native kernels.
 */
import { Tensor } from '../../trueno/tensor';
import { Estimator, type FitOptions } from '../base/estimator';
import type { MatrixLike } from '../base/input';
import { integer, real } from '../base/params';
import { registerEstimators } from '../base/registry';
import {
  kneighborsOf, learnNeighbors, NEIGHBORS_PARAMS, radiusOf,
  type KNeighbors, type NeighborsCommonParams, type NeighborsState, type RadiusNeighbors,
} from './base';

/** NearestNeighbors' hyperparameters. */
export interface NearestNeighborsParams extends NeighborsCommonParams {
  /** Default k of kneighbors (default 5). */
  nNeighbors: number;
  /** Default radius of radiusNeighbors (default 1). */
  radius: number;
}

/**
 * Finds the nearest fitted rows of query rows. Learned: `fitX_`, `fitMethod_` ('auto': brute above 15 features or
 * for nNeighbors >= rows / 2, else kd_tree), `effectiveMetric_`, `effectiveMetricParams_`, `nSamplesFit_`.
 * @example
 * const nn = new NearestNeighbors({ nNeighbors: 2 }).fit(X);
 * const { distances, indices } = nn.kneighbors(queries);
 * const within = nn.radiusNeighbors(queries, 0.5).indices; // one Int32Array per query
 */
export class NearestNeighbors extends Estimator<NearestNeighborsParams> implements NeighborsState {
  static override readonly params = {
    nNeighbors: [integer({ min: 1 }), 5],
    radius: [real({ min: 0 }), 1],
    ...NEIGHBORS_PARAMS,
  } as const;

  fitX_?: Tensor<'float64'>;
  fitMethod_?: 'brute' | 'kd_tree';
  effectiveMetric_?: NeighborsState['effectiveMetric_'];
  effectiveMetricParams_?: { p?: number };
  nSamplesFit_?: number;

  protected fitImpl(X: unknown, _y: unknown, _options: FitOptions): void {
    learnNeighbors(this, this.checkX(X, true), this.params, this.params.nNeighbors);
  }

  /**
   * The k nearest fitted rows of each query row, nearest first (equal distances: the lower row first).
   * @param X - query rows; omitted, each fitted row's neighbours among the others
   * @param nNeighbors - k (default the nNeighbors parameter)
   * @returns `distances` (float64) and `indices` (int32), nq x k
   * @throws NotFittedError; FeatureMismatchError; RangeError for k outside [1, rows fitted]
   */
  kneighbors(X?: MatrixLike, nNeighbors: number = this.params.nNeighbors): KNeighbors {
    const m = X === undefined ? (this.ensureFitted(), null) : this.checkX(X, false);
    return kneighborsOf(this, this.params.leafSize, m, nNeighbors, 'NearestNeighbors');
  }

  /**
   * The fitted rows within a radius of each query row.
   * @param X - query rows; omitted, each fitted row's neighbours except itself
   * @param radius - a distance >= 0 (default the radius parameter)
   * @param sortResults - order each query's neighbours by distance (default false: by row)
   * @returns per query, `distances` and `indices`
   * @throws NotFittedError; FeatureMismatchError; RangeError for a bad radius
   */
  radiusNeighbors(X?: MatrixLike, radius: number = this.params.radius, sortResults = false): RadiusNeighbors {
    const m = X === undefined ? (this.ensureFitted(), null) : this.checkX(X, false);
    return radiusOf(this, this.params.leafSize, m, radius, sortResults, 'NearestNeighbors');
  }
}

registerEstimators(NearestNeighbors);
