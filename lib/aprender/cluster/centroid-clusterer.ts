/**
 * What KMeans and MiniBatchKMeans share once fitted: centers, and predict / transform / score on them (scikit-learn's
 * _BaseKMeans). Not exported: the concrete estimators are.
 */
import { pairwiseSqDist } from '../../trueno/ops/matrix';
import { sqrt } from '../../trueno/ops/unary';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { MatrixLike, TargetLike } from '../base/input';
import { Clusterer, expectScoreOptions, type ScoreOptions } from '../base/kinds';
import { sampleWeights } from '../metrics/inputs';
import { assign, like, type Samples } from './k-means-core';

/** A clusterer whose model is a set of centers. */
export abstract class CentroidClusterer<P extends object> extends Clusterer<P> {
  /** The centers, nClusters x nFeatures (X's float dtype). */
  clusterCenters_?: Tensor;
  /** Sum of (weighted) squared distances of the training samples to their closest center. */
  inertia_?: number;

  private nearest(X: MatrixLike, sampleWeight?: ScoreOptions['sampleWeight']) {
    const m = this.checkX(X, false, { dtype: 'keep' });
    const centers = this.clusterCenters_ as Tensor;
    const samples: Samples = { x: m.data, n: m.rows, d: m.cols, weights: sampleWeights(sampleWeight, m.rows) };
    const c = like(samples, centers.size);
    c.set(centers.data as ArrayLike<number>);
    return assign(samples, c, centers.shape[0]);
  }

  /**
   * The closest center of each sample.
   * @param X - samples with the features seen at fit
   * @returns cluster indices
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  predict(X: MatrixLike): Int32Array {
    return this.nearest(X).labels;
  }

  /**
   * Euclidean distances of each sample to every center.
   * @param X - samples
   * @returns n x nClusters distances
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  transform(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    const centers = this.clusterCenters_ as Tensor;
    const c = centers.dtype === 'float64' ? centers : Tensor.from(Float64Array.from(centers.data as Float32Array), centers.shape);
    return sqrt(pairwiseSqDist(m.tensor, c));
  }

  /**
   * Fits, then gives the distances of the same samples to the centers.
   * @param X - samples
   * @param y - ignored
   * @param options - sampleWeight
   * @returns n x nClusters distances
   */
  fitTransform(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): Tensor {
    return this.fit(X, y, options).transform(X);
  }

  /**
   * The opposite of the inertia of X on the fitted centers (higher is better, as scikit-learn's score).
   * @param X - samples
   * @param _y - ignored
   * @param options - sampleWeight
   * @returns -inertia
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  score(X: MatrixLike, _y?: TargetLike, options: ScoreOptions = {}): number {
    return -this.nearest(X, expectScoreOptions(options, this.constructor.name).sampleWeight).inertia;
  }
}
