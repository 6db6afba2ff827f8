/**
 * KNeighborsClassifier: the vote of the k nearest training rows (scikit-learn's KNeighborsClassifier), uniform or
 * weighted by inverse distance or a function. Searches run on trueno's native kernels.
 */
import type { DType } from '../../trueno/dtype';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import { toTargets, type MatrixLike } from '../base/input';
import { Classifier } from '../base/kinds';
import { decodeLabels, encodeLabels, labelDType } from '../base/labels';
import { anyOf, callable, integer, oneOf } from '../base/params';
import { registerEstimators } from '../base/registry';
import {
  kneighborsOf, learnNeighbors, NEIGHBORS_PARAMS, neighborWeights, radiusOf,
  type KNeighbors, type NeighborsCommonParams, type NeighborsState, type NeighborWeights, type RadiusNeighbors,
} from './base';

/** KNeighborsClassifier's hyperparameters. */
export interface KNeighborsClassifierParams extends NeighborsCommonParams {
  /** Neighbours that vote (default 5). */
  nNeighbors: number;
  /** 'uniform' (default), 'distance' (1 / distance; rows at distance 0 take the whole vote) or a function of the nq x k distances. */
  weights: NeighborWeights;
}

/**
 * Classifies by the (weighted) majority of the k nearest training rows; equal votes go to the lower class.
 * Learned: `classes_`, `fitX_`, `fitMethod_` ('auto' picks 'brute' above 15 features or for nNeighbors >= rows / 2,
 * else 'kd_tree', as scikit-learn), `effectiveMetric_`, `effectiveMetricParams_`, `nSamplesFit_`, `y_` (class codes).
 * @example
 * const knn = new KNeighborsClassifier({ nNeighbors: 3 }).fit(XTrain, yTrain);
 * knn.predict(XTest); knn.predictProba(XTest); knn.kneighbors(XTest).indices;
 */
export class KNeighborsClassifier extends Classifier<KNeighborsClassifierParams> implements NeighborsState {
  static override readonly params = {
    nNeighbors: [integer({ min: 1 }), 5],
    weights: [anyOf(oneOf('uniform', 'distance'), callable()), 'uniform'],
    ...NEIGHBORS_PARAMS,
  } as const;

  fitX_?: Tensor<'float64'>;
  fitMethod_?: 'brute' | 'kd_tree';
  effectiveMetric_?: NeighborsState['effectiveMetric_'];
  effectiveMetricParams_?: { p?: number };
  nSamplesFit_?: number;
  /** The class code of each training row. */
  y_?: Int32Array;
  /** The dtype numeric predictions come back in (y's at fit). */
  labelDType_?: DType;

  protected fitImpl(X: unknown, y: unknown, _options: FitOptions): void {
    const m = this.checkX(X, true);
    const targets = toTargets(y, m.rows);
    const labels = encodeLabels(targets, 2, 'KNeighborsClassifier');
    this.classes_ = labels.classes;
    this.y_ = labels.codes;
    this.labelDType_ = labelDType(targets);
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
    return kneighborsOf(this, this.params.leafSize, m, nNeighbors, 'KNeighborsClassifier');
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
    return radiusOf(this, this.params.leafSize, m, radius, sortResults, 'KNeighborsClassifier');
  }

  /**
   * Class probabilities: each class's share of the (weighted) votes.
   * @param X - samples
   * @returns an n x classes float64 Tensor (columns in classes_ order)
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predictProba(X: MatrixLike): Tensor {
    const found = this.kneighbors(X);
    const [nq, k] = found.indices.shape;
    const c = (this.classes_ as unknown[]).length;
    const w = neighborWeights(found.distances, this.params.weights, 'KNeighborsClassifier');
    const idx = found.indices.data as Int32Array;
    const codes = this.y_ as Int32Array;
    const proba = new Float64Array(nq * c);
    for (let r = 0; r < k; r++) {
      for (let i = 0; i < nq; i++) proba[i * c + codes[idx[i * k + r]]] += w ? w[i * k + r] : 1;
    }
    for (let i = 0; i < nq; i++) {
      let total = 0;
      for (let j = 0; j < c; j++) total += proba[i * c + j];
      for (let j = 0; j < c; j++) proba[i * c + j] /= total;
    }
    return Tensor.from(proba, [nq, c]);
  }

  /**
   * The class with the most (weighted) votes; a tie goes to the class listed first in classes_.
   * @param X - samples
   * @returns labels in the form y had at fit
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predict(X: MatrixLike): Tensor | string[] {
    const proba = this.predictProba(X);
    const [n, c] = proba.shape;
    const p = proba.data as Float64Array;
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (p[i * c + j] > p[i * c + best]) best = j;
      codes[i] = best;
    }
    return decodeLabels(this.classes_ as number[] | string[], codes, this.labelDType_);
  }
}

registerEstimators(KNeighborsClassifier);
