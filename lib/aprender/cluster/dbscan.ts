/**
 * DBSCAN (scikit-learn's DBSCAN): core samples have at least minSamples (weighted) neighbours within eps, clusters
 * grow from core samples by depth-first search in index order, and the rest is noise (-1). Neighbourhoods come from
 * trueno's radius search on a KD-tree (radius-neighborhoods.ts).
 */
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import { Clusterer } from '../base/kinds';
import { integer, nullable, oneOf, real } from '../base/params';
import { registerEstimators } from '../base/registry';
import { rangeError } from '../errors';
import { sampleWeights } from '../metrics/inputs';
import { radiusNeighborhoods, type Metric, type Neighborhoods } from './radius-neighborhoods';

/** DBSCAN's hyperparameters. */
export interface DBSCANParams {
  /** The neighbourhood radius (inclusive; default 0.5). */
  eps: number;
  /** Neighbours (the sample itself included, weighted by sampleWeight) that make a core sample (default 5). */
  minSamples: number;
  /** 'euclidean' (default), 'manhattan', 'chebyshev', 'minkowski' (with p), 'cosine', or 'precomputed' (X is n x n distances). */
  metric: Metric;
  /** The Minkowski power, >= 1 (default null: 2). */
  p: number | null;
}

/**
 * Density-based clustering.
 * Learned: `labels_` (-1 for noise), `coreSampleIndices_`, `components_` (the core samples' rows).
 * @example
 * const labels = new DBSCAN({ eps: 0.5, minSamples: 5 }).fitPredict(X);
 */
export class DBSCAN extends Clusterer<DBSCANParams> {
  static override readonly params = {
    eps: [real({ min: 0, closed: 'neither' }), 0.5],
    minSamples: [integer({ min: 1 }), 5],
    metric: [oneOf('euclidean', 'manhattan', 'chebyshev', 'minkowski', 'cosine', 'precomputed'), 'euclidean'],
    p: [nullable(real({ min: 1 })), null],
  } as const;

  /** Indices of the core samples, increasing. */
  coreSampleIndices_?: Int32Array;
  /** The core samples, one row each (X's dtype). */
  components_?: Tensor;

  protected fitImpl(X: unknown, _y: unknown, options: FitOptions): void {
    const m = this.checkX(X, true, { dtype: 'keep' });
    const { eps, minSamples, metric } = this.params;
    if (metric === 'precomputed' && m.rows !== m.cols) {
      throw rangeError(`Expected a square distance matrix for X with metric 'precomputed' but received shape [${m.rows}, ${m.cols}]`);
    }
    const weights = sampleWeights(options.sampleWeight, m.rows);
    const nb = radiusNeighborhoods(m.tensor, eps, metric, this.params.p ?? 2);
    const core = new Uint8Array(m.rows);
    for (let i = 0; i < m.rows; i++) {
      let count = 0;
      for (let q = nb.offsets[i]; q < nb.offsets[i + 1]; q++) count += weights ? weights[nb.indices[q]] : 1;
      core[i] = count >= minSamples ? 1 : 0;
    }
    this.labels_ = expandClusters(nb, core);
    const cores = Int32Array.from(Array.from(core.keys()).filter((i) => core[i] === 1));
    this.coreSampleIndices_ = cores;
    const rows = new (m.data instanceof Float32Array ? Float32Array : Float64Array)(cores.length * m.cols);
    cores.forEach((r, i) => rows.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
    this.components_ = Tensor.from(rows, [cores.length, m.cols]);
  }
}

/** scikit-learn's dbscan_inner: depth-first from each unlabelled core sample in index order; borders join the first cluster to reach them. */
function expandClusters(nb: Neighborhoods, core: Uint8Array): Int32Array {
  const labels = new Int32Array(core.length).fill(-1);
  const stack: number[] = [];
  let label = 0;
  for (let start = 0; start < core.length; start++) {
    if (labels[start] !== -1 || !core[start]) continue;
    let i = start;
    for (;;) {
      if (labels[i] === -1) {
        labels[i] = label;
        if (core[i]) {
          for (let q = nb.offsets[i]; q < nb.offsets[i + 1]; q++) if (labels[nb.indices[q]] === -1) stack.push(nb.indices[q]);
        }
      }
      if (stack.length === 0) break;
      i = stack.pop() as number;
    }
    label++;
  }
  return labels;
}

registerEstimators(DBSCAN);
