/**
 * Clustering metrics, with scikit-learn's definitions: the silhouette (from X and the labels) and the agreement of two
 * labelings (adjusted Rand index, mutual information and its normalized form).
 */
import { pairwiseSqDist } from '../../trueno/ops/matrix';
import { Tensor } from '../../trueno/tensor';
import { toMatrix, toTargets } from '../base/input';
import { encodeLabels } from '../base/labels';
import { describe, rangeError } from '../errors';
import { sampleCount } from './inputs';

/** Math.sqrt bound once: in a vm context (jest) a global looked up in the hot loop costs 25x. */
const sqrt = Math.sqrt;

/** Bytes of one block of distances: the silhouette never holds more than this of the n x n matrix at once. */
const BLOCK_BYTES = 32 * 1024 * 1024;

/** Options of the silhouette. */
export interface SilhouetteOptions {
  /** 'euclidean' (default) or 'precomputed' (X is then the n x n distance matrix). */
  metric?: 'euclidean' | 'precomputed';
}

/**
 * The silhouette coefficient of each sample, (b - a) / max(a, b), where a is the mean distance to the other members of
 * its cluster and b the mean distance to the members of the nearest other cluster (0 for a cluster of one sample).
 * Distances come in row blocks from trueno's pairwiseSqDist, so memory stays bounded for any n.
 * @param X - n x d samples (or n x n distances for metric 'precomputed')
 * @param labels - each sample's cluster (numbers or strings)
 * @param options - metric
 * @returns one coefficient per sample, in [-1, 1]
 * @throws TypeError / RangeError for bad input, or fewer than 2 or more than n - 1 clusters
 * @example silhouetteSamples([[0, 0], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1]);
 */
export function silhouetteSamples(X: unknown, labels: unknown, options: SilhouetteOptions = {}): Float64Array {
  const metric = options.metric ?? 'euclidean';
  if (metric !== 'euclidean' && metric !== 'precomputed') throw rangeError(`Expected 'euclidean' or 'precomputed' for metric but received ${describe(metric)}`);
  const m = toMatrix(X, { name: 'X' });
  const { classes, codes } = encodeLabels(toTargets(labels, m.rows, { name: 'labels' }), 1, 'silhouetteSamples');
  const n = m.rows;
  const k = classes.length;
  if (k < 2 || k > n - 1) throw rangeError(`Expected between 2 and n_samples - 1 (${n - 1}) clusters in labels but received ${k}`);
  if (metric === 'precomputed' && m.cols !== n) throw rangeError(`Expected a square n x n distance matrix for X with metric 'precomputed' but received shape [${n}, ${m.cols}]`);
  const freq = new Float64Array(k);
  codes.forEach((c) => freq[c]++);
  const out = new Float64Array(n);
  const sums = new Float64Array(k);
  const block = Math.max(1, Math.floor(BLOCK_BYTES / 8 / n));
  for (let start = 0; start < n; start += block) {
    const stop = Math.min(n, start + block);
    const squared = metric === 'euclidean';
    const dist = blockDistances(m.data, m.cols, start, stop, m.tensor, squared);
    for (let i = start; i < stop; i++) {
      sums.fill(0);
      const row = (i - start) * n;
      for (let j = 0; j < n; j++) if (j !== i) sums[codes[j]] += squared ? sqrt(dist[row + j]) : dist[row + j];
      const own = codes[i];
      const a = sums[own] / (freq[own] - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++) if (c !== own) b = Math.min(b, sums[c] / freq[c]);
      const s = (b - a) / Math.max(a, b);
      out[i] = Number.isFinite(s) ? s : 0;
    }
  }
  return out;
}

/** Squared Euclidean distances of rows [start, stop) to every row, or those rows of a precomputed distance matrix. */
function blockDistances(data: Float64Array | Float32Array, cols: number, start: number, stop: number, whole: Tensor, squared: boolean): Float64Array | Float32Array {
  if (!squared) {
    const rows = data.subarray(start * cols, stop * cols);
    for (let k = 0; k < rows.length; k++) {
      if (rows[k] < 0) throw rangeError('Expected non-negative distances in X for metric \'precomputed\' but received a negative value');
    }
    return rows;
  }
  const part = Tensor.from(data.subarray(start * cols, stop * cols), [stop - start, cols]);
  return pairwiseSqDist(part, whole).data as Float64Array | Float32Array;
}

/**
 * The mean silhouette coefficient over all samples: near 1 for dense, well-separated clusters, near 0 for
 * overlapping ones.
 * @param X - n x d samples (or distances for metric 'precomputed')
 * @param labels - each sample's cluster
 * @param options - metric
 * @returns the mean coefficient
 * @throws as {@link silhouetteSamples}
 * @example silhouetteScore(X, new KMeans({ nClusters: 3, randomState: 0 }).fitPredict(X));
 */
export function silhouetteScore(X: unknown, labels: unknown, options: SilhouetteOptions = {}): number {
  const s = silhouetteSamples(X, labels, options);
  return s.reduce((a, b) => a + b, 0) / s.length;
}

/** The contingency table of two labelings: nonzero cells and the row and column sums. */
interface Contingency {
  n: number;
  cells: number[];
  cellRow: number[];
  cellCol: number[];
  rowSums: Float64Array;
  colSums: Float64Array;
}

function contingency(labelsTrue: unknown, labelsPred: unknown): Contingency {
  // Two labelings need not share a kind: clusters numbered against named classes.
  const n = sampleCount(labelsTrue, 'labelsTrue');
  if (n === 0) throw rangeError('Expected at least 1 sample for labelsTrue but received an empty array');
  const a = encodeLabels(toTargets(labelsTrue, n, { name: 'labelsTrue' }), 1, 'labelsTrue');
  const b = encodeLabels(toTargets(labelsPred, n, { name: 'labelsPred' }), 1, 'labelsPred');
  const kb = b.classes.length;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = a.codes[i] * kb + b.codes[i];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const out: Contingency = { n, cells: [], cellRow: [], cellCol: [], rowSums: new Float64Array(a.classes.length), colSums: new Float64Array(kb) };
  for (const [key, v] of [...counts].sort((x, y) => x[0] - y[0])) {
    const r = Math.floor(key / kb);
    const c = key % kb;
    out.cells.push(v);
    out.cellRow.push(r);
    out.cellCol.push(c);
    out.rowSums[r] += v;
    out.colSums[c] += v;
  }
  return out;
}

/**
 * The Rand index adjusted for chance: 1 for identical partitions (up to renaming), about 0 for random ones.
 * @param labelsTrue - one labeling (e.g. the classes)
 * @param labelsPred - another (e.g. the clusters)
 * @returns the index in [-0.5, 1]
 * @throws TypeError / RangeError for bad input
 * @example adjustedRandScore([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 */
export function adjustedRandScore(labelsTrue: unknown, labelsPred: unknown): number {
  const c = contingency(labelsTrue, labelsPred);
  const n = c.n;
  let sumSquares = 0;
  let byCol = 0;
  let byRow = 0;
  c.cells.forEach((v, i) => {
    sumSquares += v * v;
    byCol += v * c.colSums[c.cellCol[i]];
    byRow += v * c.rowSums[c.cellRow[i]];
  });
  // The pair confusion matrix (scikit-learn's pair_confusion_matrix).
  const tp = sumSquares - n;
  const fp = byCol - sumSquares;
  const fn = byRow - sumSquares;
  const tn = n * n - fp - fn - sumSquares;
  if (fn === 0 && fp === 0) return 1;
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

function mutualInfo(c: Contingency): number {
  if (c.rowSums.length === 1 || c.colSums.length === 1) return 0;
  const n = c.n;
  let mi = 0;
  c.cells.forEach((v, i) => {
    const p = v / n;
    const term = p * (Math.log(v) - Math.log(n)) + p * (-Math.log(c.rowSums[c.cellRow[i]] * c.colSums[c.cellCol[i]]) + 2 * Math.log(n));
    mi += Math.abs(term) < Number.EPSILON ? 0 : term;
  });
  return Math.max(0, mi);
}

function entropy(sums: Float64Array, n: number): number {
  if (sums.length <= 1) return 0;
  let h = 0;
  for (const v of sums) if (v > 0) h -= (v / n) * (Math.log(v) - Math.log(n));
  return h;
}

/**
 * The mutual information of two labelings (natural log), from their contingency table.
 * @param labelsTrue - one labeling
 * @param labelsPred - another
 * @returns the mutual information (>= 0, in nats)
 * @throws TypeError / RangeError for bad input
 * @example mutualInfoScore([0, 0, 1, 1], [0, 0, 1, 1]); // 0.6931...
 */
export function mutualInfoScore(labelsTrue: unknown, labelsPred: unknown): number {
  return mutualInfo(contingency(labelsTrue, labelsPred));
}

/** How normalizedMutualInfoScore averages the two entropies. */
export type AverageMethod = 'arithmetic' | 'geometric' | 'min' | 'max';

/**
 * Mutual information normalized by an average of the two labelings' entropies: 1 for identical partitions, 0 for
 * independent ones.
 * @param labelsTrue - one labeling
 * @param labelsPred - another
 * @param options - averageMethod: 'arithmetic' (default), 'geometric', 'min', 'max'
 * @returns the score in [0, 1]
 * @throws TypeError / RangeError for bad input
 * @example normalizedMutualInfoScore([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 */
export function normalizedMutualInfoScore(labelsTrue: unknown, labelsPred: unknown, options: { averageMethod?: AverageMethod } = {}): number {
  const method = options.averageMethod ?? 'arithmetic';
  if (!['arithmetic', 'geometric', 'min', 'max'].includes(method)) {
    throw rangeError(`Expected 'arithmetic', 'geometric', 'min' or 'max' for averageMethod but received ${describe(method)}`);
  }
  const c = contingency(labelsTrue, labelsPred);
  // Both labelings a single cluster: identical partitions.
  if (c.rowSums.length === c.colSums.length && c.rowSums.length <= 1) return 1;
  const mi = mutualInfo(c);
  if (mi === 0) return 0;
  const hTrue = entropy(c.rowSums, c.n);
  const hPred = entropy(c.colSums, c.n);
  const norm = method === 'arithmetic' ? (hTrue + hPred) / 2 : method === 'geometric' ? Math.sqrt(hTrue * hPred) : method === 'min' ? Math.min(hTrue, hPred) : Math.max(hTrue, hPred);
  return mi / norm;
}
