/**
 * KMeans (scikit-learn's KMeans): Lloyd or Elkan iterations on the core's kernels (native SIMD, threaded, with
 * deterministic sums), seeded by greedy k-means++ or random rows with the TS generator, best of nInit runs.
 */
import { Random } from '../../common/random';
import { sub } from '../../trueno/ops/elementwise';
import { mean } from '../../trueno/ops/reduce';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import { Clusterer } from '../base/kinds';
import { anyOf, custom, integer, oneOf, real, seed } from '../base/params';
import { registerEstimators } from '../base/registry';
import { rangeError } from '../errors';
import { sampleWeights } from '../metrics/inputs';
import {
  absoluteTolerance, kmeansPlusPlus, randomRows, runKMeans, sameClustering, type Centers, type Samples,
} from './k-means-core';
import { CentroidClusterer } from './centroid-clusterer';
import { centersFrom, checkInitShape, isInitArray, type InitArray } from './init';

/** KMeans's hyperparameters. */
export interface KMeansParams {
  /** Number of clusters (default 8). */
  nClusters: number;
  /** 'k-means++' (default), 'random', or the nClusters x nFeatures starting centers (number[][] or a 2-D Tensor). */
  init: 'k-means++' | 'random' | InitArray;
  /** Runs with different seeds, best inertia kept; 'auto' (default) is 1 for k-means++ or an array, 10 for random. */
  nInit: 'auto' | number;
  /** Iterations per run at most (default 300). */
  maxIter: number;
  /** Convergence when the summed squared center shift is at most tol times the mean feature variance (default 1e-4). */
  tol: number;
  /** 'lloyd' (default) or 'elkan' (triangle-inequality bounds; fewer distances on well-separated clusters). */
  algorithm: 'lloyd' | 'elkan';
  /** Seed of the initialization, for reproducible results (default null: a fresh seed per fit). */
  randomState: number | null;
}

/**
 * k-means clustering.
 * Learned: `clusterCenters_` (nClusters x nFeatures, X's float dtype), `labels_`, `inertia_` (weighted sum of squared
 * distances to the closest center), `nIter_`.
 * @example
 * const km = new KMeans({ nClusters: 3, randomState: 0 }).fit(X);
 * km.predict(XNew); // Int32Array of cluster indices
 */
export class KMeans extends CentroidClusterer<KMeansParams> {
  static override readonly params = {
    nClusters: [integer({ min: 1 }), 8],
    init: [anyOf(oneOf('k-means++', 'random'), custom('a 2-D array or Tensor of initial centers', isInitArray)), 'k-means++'],
    nInit: [anyOf(oneOf('auto'), integer({ min: 1 })), 'auto'],
    maxIter: [integer({ min: 1 }), 300],
    tol: [real({ min: 0 }), 1e-4],
    algorithm: [oneOf('lloyd', 'elkan'), 'lloyd'],
    randomState: [seed(), null],
  } as const;
  static override readonly tags = { ...Clusterer.tags, randomized: true, tolerance: 1e-4 };

  /** Iterations of the best run. */
  nIter_?: number;

  protected fitImpl(X: unknown, _y: unknown, options: FitOptions): void {
    const m = this.checkX(X, true, { dtype: 'keep' });
    const { nClusters: k, init, maxIter, algorithm } = this.params;
    if (m.rows < k) throw rangeError(`Expected at least nClusters=${k} samples for X but received n_samples=${m.rows}`);
    const weights = sampleWeights(options.sampleWeight, m.rows);
    const { x, mean: mu } = centered(m.tensor);
    const samples: Samples = { x, n: m.rows, d: m.cols, weights };
    const nInit = this.params.nInit === 'auto' ? (init === 'random' ? 10 : 1) : isInitArray(init) ? 1 : this.params.nInit;
    const fixed = isInitArray(init) ? checkInitShape(init, k, m.cols, 'KMeans') : undefined;
    const tol = absoluteTolerance(m.tensor, this.params.tol);
    const rng = new Random(this.params.randomState ?? ((Math.random() * 2 ** 32) >>> 0));
    let best: ReturnType<typeof runKMeans> | undefined;
    for (let run = 0; run < nInit; run++) {
      const start = fixed ? shift(centersFrom(fixed, samples), mu, -1)
        : init === 'random' ? randomRows(samples, k, rng) : kmeansPlusPlus(samples, k, rng);
      const result = runKMeans(samples, start, {
        algorithm, maxIter, tol,
        onIteration: (iteration, inertia) => this.reportProgress({ iteration: run * maxIter + iteration, total: nInit * maxIter, loss: inertia }),
      });
      if (!best || (result.inertia < best.inertia && !sameClustering(result.labels, best.labels, k))) best = result;
    }
    const found = best as ReturnType<typeof runKMeans>;
    this.clusterCenters_ = Tensor.from(shift(found.centers, mu, 1), [k, m.cols]);
    this.labels_ = found.labels;
    this.inertia_ = found.inertia;
    this.nIter_ = found.nIter;
  }
}

/**
 * X minus its column means, in X's dtype (scikit-learn centers X before k-means, for precision).
 * @param x - the samples
 * @returns the centered values and the means
 */
function centered(x: Tensor): { x: Float64Array | Float32Array; mean: Float64Array } {
  const mu = mean(x, { axis: 0 });
  return { x: sub(x, mu).data as Float64Array | Float32Array, mean: Float64Array.from(mu.data as ArrayLike<number>) };
}

/**
 * Centers plus sign * mean, row by row (a new array).
 * @returns the shifted centers
 */
function shift(centers: Centers, mean: Float64Array, sign: 1 | -1): Centers {
  const d = mean.length;
  const out = centers.slice();
  for (let i = 0; i < out.length; i++) out[i] += sign * mean[i % d];
  return out;
}

registerEstimators(KMeans);
