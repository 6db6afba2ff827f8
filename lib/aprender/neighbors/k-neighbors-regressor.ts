/**
 * KNeighborsRegressor: the (weighted) mean target of the k nearest training rows (scikit-learn's KNeighborsRegressor),
 * one target or several. Searches run on trueno's native kernels.
 */
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import { toTargets, type MatrixLike } from '../base/input';
import { Regressor } from '../base/kinds';
import { anyOf, callable, integer, oneOf } from '../base/params';
import { registerEstimators } from '../base/registry';
import { typeError } from '../errors';
import {
  kneighborsOf, learnNeighbors, NEIGHBORS_PARAMS, neighborWeights, radiusOf,
  type KNeighbors, type NeighborsCommonParams, type NeighborsState, type NeighborWeights, type RadiusNeighbors,
} from './base';

/** KNeighborsRegressor's hyperparameters. */
export interface KNeighborsRegressorParams extends NeighborsCommonParams {
  /** Neighbours averaged (default 5). */
  nNeighbors: number;
  /** 'uniform' (default), 'distance' (1 / distance; rows at distance 0 take the whole weight) or a function of the nq x k distances. */
  weights: NeighborWeights;
}

/**
 * Predicts the (weighted) mean of the k nearest training rows' targets.
 * Learned: `fitX_`, `fitMethod_`, `effectiveMetric_`, `effectiveMetricParams_`, `nSamplesFit_`, `y_` (n x targets),
 * `nOutputs_`.
 * @example
 * const knn = new KNeighborsRegressor({ nNeighbors: 10, weights: 'distance' }).fit(XTrain, yTrain);
 * knn.score(XTest, yTest);
 */
export class KNeighborsRegressor extends Regressor<KNeighborsRegressorParams> implements NeighborsState {
  static override readonly params = {
    nNeighbors: [integer({ min: 1 }), 5],
    weights: [anyOf(oneOf('uniform', 'distance'), callable()), 'uniform'],
    ...NEIGHBORS_PARAMS,
  } as const;

  static override readonly tags = { ...Regressor.tags, multiOutput: true };

  fitX_?: Tensor<'float64'>;
  fitMethod_?: 'brute' | 'kd_tree';
  effectiveMetric_?: NeighborsState['effectiveMetric_'];
  effectiveMetricParams_?: { p?: number };
  nSamplesFit_?: number;
  /** The training targets, row-major n x nOutputs_. */
  y_?: Float64Array;
  /** Targets per sample; predict gives a 1-D Tensor when y was 1-D. */
  nOutputs_?: number;
  /** Whether y was 2-D at fit. */
  outputs2d_?: boolean;

  protected fitImpl(X: unknown, y: unknown, _options: FitOptions): void {
    const m = this.checkX(X, true);
    const t = toTargets(y, m.rows, { multi: true });
    if (t.kind !== 'number') throw typeError('Expected numeric targets for KNeighborsRegressor but received strings');
    this.y_ = t.values;
    this.nOutputs_ = t.cols;
    this.outputs2d_ = (y instanceof Tensor && y.ndim === 2) || (Array.isArray(y) && Array.isArray(y[0]));
    learnNeighbors(this, m, this.params, this.params.nNeighbors);
  }

  /**
   * The k nearest training rows of each query row, nearest first (equal distances: the lower row first).
   * @param X - query rows; omitted, each training row's neighbours among the others
   * @param nNeighbors - k (default the nNeighbors parameter)
   * @returns `distances` (float64) and `indices` (int32), nq x k
   * @throws NotFittedError; FeatureMismatchError; RangeError for k outside [1, rows fitted]
   */
  kneighbors(X?: MatrixLike, nNeighbors: number = this.params.nNeighbors): KNeighbors {
    const m = X === undefined ? (this.ensureFitted(), null) : this.checkX(X, false);
    return kneighborsOf(this, this.params.leafSize, m, nNeighbors, 'KNeighborsRegressor');
  }

  /**
   * The training rows within a radius of each query row.
   * @param X - query rows; omitted, each training row's neighbours except itself
   * @param radius - a distance >= 0
   * @param sortResults - order each query's neighbours by distance (default false: by row)
   * @returns per query, `distances` and `indices`
   * @throws NotFittedError; FeatureMismatchError; RangeError for a bad radius
   */
  radiusNeighbors(X: MatrixLike | undefined, radius: number, sortResults = false): RadiusNeighbors {
    const m = X === undefined ? (this.ensureFitted(), null) : this.checkX(X, false);
    return radiusOf(this, this.params.leafSize, m, radius, sortResults, 'KNeighborsRegressor');
  }

  /**
   * The (weighted) mean target of each sample's k nearest training rows.
   * @param X - samples
   * @returns a 1-D float64 Tensor (n x targets when y was 2-D)
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predict(X: MatrixLike): Tensor {
    const found = this.kneighbors(X);
    const [nq, k] = found.indices.shape;
    const t = this.nOutputs_ as number;
    const w = neighborWeights(found.distances, this.params.weights, 'KNeighborsRegressor');
    const idx = found.indices.data as Int32Array;
    const y = this.y_ as Float64Array;
    const out = new Float64Array(nq * t);
    for (let i = 0; i < nq; i++) {
      let denom = 0;
      for (let r = 0; r < k; r++) {
        const wr = w ? w[i * k + r] : 1;
        denom += wr;
        for (let o = 0; o < t; o++) out[i * t + o] += wr * y[idx[i * k + r] * t + o];
      }
      for (let o = 0; o < t; o++) out[i * t + o] /= w ? denom : k;
    }
    return Tensor.from(out, this.outputs2d_ ? [nq, t] : [nq]);
  }
}

registerEstimators(KNeighborsRegressor);
