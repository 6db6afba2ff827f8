/**
 * AgglomerativeClustering (scikit-learn's, without a connectivity graph): the merge tree comes from the core's linkage
 * kernel (Prim's MST for single linkage, the nearest-neighbour chain for ward, complete and average), and is cut into
 * nClusters clusters, or where merges reach distanceThreshold, with scikit-learn's heap-ordered cut so labels come out
 * numbered as scikit-learn numbers them.
 */
import { kernels } from '../../trueno/backend/loader';
import { LinkageMethod, LinkageMetric } from '../../trueno/backend/reference-cluster';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import { Clusterer } from '../base/kinds';
import { boolean, integer, nullable, oneOf, real } from '../base/params';
import { registerEstimators } from '../base/registry';
import { ParamError, rangeError } from '../errors';

/** AgglomerativeClustering's hyperparameters. */
export interface AgglomerativeClusteringParams {
  /** Clusters to find (default 2); null when distanceThreshold is set. */
  nClusters: number | null;
  /** 'euclidean' (default; also 'l2'), 'manhattan' (also 'l1'), 'cosine', or 'precomputed' (X is n x n distances). */
  metric: 'euclidean' | 'l2' | 'manhattan' | 'l1' | 'cosine' | 'precomputed';
  /** 'ward' (default; euclidean only), 'complete', 'average' or 'single'. */
  linkage: 'ward' | 'complete' | 'average' | 'single';
  /** Merges at or above this distance are not made (then nClusters must be null; default null). */
  distanceThreshold: number | null;
  /** Keep the merge distances in distances_ (default false; always kept with distanceThreshold). */
  computeDistances: boolean;
}

const METRICS = { euclidean: LinkageMetric.euclidean, l2: LinkageMetric.euclidean, manhattan: LinkageMetric.manhattan, l1: LinkageMetric.manhattan, cosine: LinkageMetric.cosine, precomputed: LinkageMetric.precomputed };

/**
 * Hierarchical clustering by successive merges.
 * Learned: `labels_`, `children_` ((n - 1) x 2 int32: merge i joins these nodes; ids >= n are merges n - id),
 * `distances_` (with computeDistances or distanceThreshold), `nLeaves_`, `nClusters_`, `nConnectedComponents_`.
 * @example
 * const labels = new AgglomerativeClustering({ nClusters: 3, linkage: 'average' }).fitPredict(X);
 */
export class AgglomerativeClustering extends Clusterer<AgglomerativeClusteringParams> {
  static override readonly params = {
    nClusters: [nullable(integer({ min: 1 })), 2],
    metric: [oneOf('euclidean', 'l2', 'manhattan', 'l1', 'cosine', 'precomputed'), 'euclidean'],
    linkage: [oneOf('ward', 'complete', 'average', 'single'), 'ward'],
    distanceThreshold: [nullable(real({ min: 0 })), null],
    computeDistances: [boolean(), false],
  } as const;

  /** The merges: row i joins children_[i, 0] and children_[i, 1]. */
  children_?: Tensor<'int32'>;
  /** Distance of each merge. */
  distances_?: Tensor<'float64'>;
  /** Number of samples (leaves of the tree). */
  nLeaves_?: number;
  /** Clusters found. */
  nClusters_?: number;
  /** Connected components of the (complete) graph: 1. */
  nConnectedComponents_?: number;

  protected fitImpl(X: unknown, _y: unknown, _options: FitOptions): void {
    const { nClusters, metric, linkage, distanceThreshold } = this.params;
    if ((nClusters === null) === (distanceThreshold === null)) {
      throw new ParamError(`Expected exactly one of nClusters and distanceThreshold to be null for AgglomerativeClustering but received nClusters=${nClusters} and distanceThreshold=${distanceThreshold}`, 'distanceThreshold');
    }
    if (linkage === 'ward' && METRICS[metric] !== LinkageMetric.euclidean) {
      throw new ParamError(`Expected metric 'euclidean' for linkage 'ward' of AgglomerativeClustering but received '${metric}'`, 'metric');
    }
    const m = this.checkX(X, true, { minSamples: 2 });
    const n = m.rows;
    if (METRICS[metric] === LinkageMetric.precomputed && m.cols !== n) {
      throw rangeError(`Expected a square distance matrix for X with metric 'precomputed' but received shape [${n}, ${m.cols}]`);
    }
    if (METRICS[metric] === LinkageMetric.cosine) expectNoZeroRows(m.data, n, m.cols);
    const z = new Float64Array((n - 1) * 4);
    kernels().linkage(n, m.cols, m.data, METRICS[metric], LinkageMethod[linkage], z);
    const children = new Int32Array((n - 1) * 2);
    const distances = new Float64Array(n - 1);
    for (let i = 0; i < n - 1; i++) {
      children[2 * i] = z[4 * i];
      children[2 * i + 1] = z[4 * i + 1];
      distances[i] = z[4 * i + 2];
    }
    const k = distanceThreshold === null ? (nClusters as number) : distances.filter((v) => v >= distanceThreshold).length + 1;
    if (k > n) throw rangeError(`Expected at most ${n} clusters (the number of samples) for nClusters but received ${k}`);
    this.children_ = Tensor.from(children, [n - 1, 2]) as Tensor<'int32'>;
    if (this.params.computeDistances || distanceThreshold !== null) this.distances_ = Tensor.from(distances) as Tensor<'float64'>;
    this.nLeaves_ = n;
    this.nClusters_ = k;
    this.nConnectedComponents_ = 1;
    this.labels_ = cutTree(k, children, n);
  }
}

function expectNoZeroRows(x: Float64Array | Float32Array, n: number, d: number): void {
  for (let i = 0; i < n; i++) {
    let zero = true;
    for (let j = 0; j < d && zero; j++) zero = x[i * d + j] === 0;
    if (zero) throw rangeError(`Expected no all-zero rows in X for metric 'cosine' but row ${i} is all zeros`);
  }
}

/** Python's heapq on a number array (min-heap): push and pushpop, so the cut visits nodes in scikit-learn's order. */
function siftDown(heap: number[], start: number, pos: number): void {
  const item = heap[pos];
  while (pos > start) {
    const parent = (pos - 1) >> 1;
    if (!(item < heap[parent])) break;
    heap[pos] = heap[parent];
    pos = parent;
  }
  heap[pos] = item;
}

function siftUp(heap: number[], pos: number): void {
  const end = heap.length, start = pos, item = heap[pos];
  let child = 2 * pos + 1;
  while (child < end) {
    if (child + 1 < end && !(heap[child] < heap[child + 1])) child++;
    heap[pos] = heap[child];
    pos = child;
    child = 2 * pos + 1;
  }
  heap[pos] = item;
  siftDown(heap, start, pos);
}

/** scikit-learn's _hc_cut: replace the latest merge by its two children until k nodes remain; each node's leaves get its position. */
function cutTree(k: number, children: Int32Array, n: number): Int32Array {
  const heap = [-(Math.max(children[2 * (n - 2)], children[2 * (n - 2) + 1]) + 1)];
  for (let c = 1; c < k; c++) {
    const node = -heap[0] - n;
    heap.push(-children[2 * node]);
    siftDown(heap, 0, heap.length - 1);
    const item = -children[2 * node + 1];
    if (heap[0] < item) {
      heap[0] = item;
      siftUp(heap, 0);
    }
  }
  const labels = new Int32Array(n);
  heap.forEach((negNode, label) => {
    const stack = [-negNode];
    while (stack.length > 0) {
      const v = stack.pop() as number;
      if (v < n) labels[v] = label;
      else stack.push(children[2 * (v - n)], children[2 * (v - n) + 1]);
    }
  });
  return labels;
}

registerEstimators(AgglomerativeClustering);
