/**
 * The k-means machinery shared by KMeans and MiniBatchKMeans: seeding (greedy k-means++ and random, with the seeded
 * TS generator so every backend draws the same rows), full-batch Lloyd and Elkan runs on the core's kernels, and the
 * nearest-center assignment. Numbers follow scikit-learn's _kmeans.py: the tolerance is relative to the mean feature
 * variance, empty clusters take the points farthest from their centers, the run stops when the labels repeat or the
 * squared center shift falls to the tolerance.
 */
import type { Random } from '../../common/random';
import { kernels } from '../../trueno/backend/loader';
import { mean, variance } from '../../trueno/ops/reduce';
import type { Tensor } from '../../trueno/tensor';

/** Row-major samples in float32 or float64, with optional sample weights. */
export interface Samples {
  x: Float64Array | Float32Array;
  n: number;
  d: number;
  /** One weight per sample, or undefined for all 1. */
  weights?: Float64Array;
}

/** Centers in the samples' dtype, k x d row-major. */
export type Centers = Float64Array | Float32Array;

const EMPTY = new Float64Array(0);

/** A new array of the samples' dtype. */
export function like(s: Samples, length: number): Centers {
  return s.x instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}

function weightOf(s: Samples, i: number): number {
  return s.weights ? s.weights[i] : 1;
}

/** An index drawn with probability proportional to its weight (uniform without weights). */
function weightedIndex(s: Samples, rng: Random): number {
  if (!s.weights) return rng.int(s.n);
  let total = 0;
  for (let i = 0; i < s.n; i++) total += s.weights[i];
  const target = rng.next() * total;
  let acc = 0;
  for (let i = 0; i < s.n; i++) {
    acc += s.weights[i];
    if (acc > target) return i;
  }
  return s.n - 1;
}

/**
 * scikit-learn's tolerance: tol times the mean of the features' variances (0 when tol is 0).
 * @param x - the samples as a 2-D tensor
 * @param tol - the relative tolerance
 * @returns the absolute tolerance on the summed squared center shift
 */
export function absoluteTolerance(x: Tensor, tol: number): number {
  return tol === 0 ? 0 : mean(variance(x, { axis: 0 })) * tol;
}

/**
 * Greedy k-means++ (scikit-learn's _kmeans_plusplus): each new center is the best of 2 + floor(ln k) candidates
 * drawn with probability proportional to w * D(x)^2, judged by the potential it leaves.
 * @param s - the samples
 * @param k - clusters
 * @param rng - the seeded generator
 * @returns k x d centers
 */
export function kmeansPlusPlus(s: Samples, k: number, rng: Random): Centers {
  const { n, d, x } = s;
  const trials = 2 + Math.floor(Math.log(k));
  const centers = like(s, k * d);
  const closest = new Float64Array(n).fill(Infinity);
  const first = weightedIndex(s, rng);
  const pot = new Float64Array(trials);
  const w = s.weights ?? EMPTY;
  const weighted = s.weights ? 1 : 0;
  kernels().kmeansPpStep(n, d, x, w, weighted, Int32Array.of(first), closest, pot.subarray(0, 1));
  centers.set(x.subarray(first * d, first * d + d), 0);
  let current = pot[0];
  const cumulative = new Float64Array(n);
  const candidates = new Int32Array(trials);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) cumulative[i] = acc += weightOf(s, i) * closest[i];
    for (let t = 0; t < trials; t++) candidates[t] = Math.min(searchLeft(cumulative, rng.next() * current), n - 1);
    const best = kernels().kmeansPpStep(n, d, x, w, weighted, candidates, closest, pot);
    const row = candidates[best];
    centers.set(x.subarray(row * d, row * d + d), c * d);
    current = pot[best];
  }
  return centers;
}

/** The first index whose value is >= v (numpy's searchsorted, side 'left'). */
function searchLeft(a: Float64Array, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * k distinct rows drawn with probability proportional to their weights (scikit-learn's 'random' init).
 * @param s - the samples
 * @param k - clusters (<= n)
 * @param rng - the seeded generator
 * @returns k x d centers
 */
export function randomRows(s: Samples, k: number, rng: Random): Centers {
  const rows = s.weights ? weightedWithoutReplacement(s.weights, k, rng) : rng.permutation(s.n).subarray(0, k);
  const centers = like(s, k * s.d);
  rows.forEach((r, c) => centers.set(s.x.subarray(r * s.d, (r + 1) * s.d), c * s.d));
  return centers;
}

function weightedWithoutReplacement(weights: Float64Array, k: number, rng: Random): Int32Array {
  const left = Float64Array.from(weights);
  const out = new Int32Array(k);
  for (let c = 0; c < k; c++) {
    let total = 0;
    for (const v of left) total += v;
    const target = rng.next() * total;
    let acc = 0, pick = -1;
    for (let i = 0; i < left.length; i++) {
      if (left[i] <= 0) continue;
      pick = i;
      acc += left[i];
      if (acc > target) break;
    }
    if (pick < 0) pick = left.findIndex((_, i) => !out.subarray(0, c).includes(i));
    out[c] = pick;
    left[pick] = 0;
  }
  return out;
}

/** Labels and inertia of the nearest-center assignment. */
export interface Assignment {
  labels: Int32Array;
  inertia: number;
  /** Per-cluster weighted sums (k x d) and weights (k). */
  sums: Float64Array;
  counts: Float64Array;
}

/**
 * Assigns every sample to its nearest center.
 * @param s - the samples
 * @param centers - k x d, the samples' dtype
 * @param k - clusters
 * @returns labels, inertia, sums, counts
 */
export function assign(s: Samples, centers: Centers, k: number): Assignment {
  const labels = new Int32Array(s.n), sums = new Float64Array(k * s.d), counts = new Float64Array(k);
  const inertia = kernels().kmeansLloyd(s.n, s.d, k, s.x, s.weights ?? EMPTY, s.weights ? 1 : 0, centers, labels, sums, counts);
  return { labels, inertia, sums, counts };
}

/** The result of one k-means run. */
export interface Run {
  labels: Int32Array;
  inertia: number;
  centers: Centers;
  nIter: number;
}

/** Options of a full-batch run. */
export interface RunOptions {
  algorithm: 'lloyd' | 'elkan';
  maxIter: number;
  /** Absolute tolerance (see absoluteTolerance). */
  tol: number;
  /** Called after every iteration with its number and the inertia of the centers it started from. */
  onIteration?: (iteration: number, inertia: number) => void;
}

/**
 * Empty clusters take the samples farthest from their current centers (scikit-learn's
 * _relocate_empty_clusters_dense), moving their weight out of their old clusters' sums.
 */
function relocateEmpty(s: Samples, old: Centers, a: Assignment, k: number): void {
  const empty: number[] = [];
  for (let c = 0; c < k; c++) if (a.counts[c] === 0) empty.push(c);
  if (empty.length === 0) return;
  const { d, x } = s;
  const dist = new Float64Array(s.n);
  for (let i = 0; i < s.n; i++) {
    let acc = 0;
    for (let j = 0; j < d; j++) acc += (x[i * d + j] - old[a.labels[i] * d + j]) ** 2;
    dist[i] = acc;
  }
  const far = Array.from(dist.keys()).sort((p, q) => dist[q] - dist[p] || p - q).slice(0, empty.length);
  far.forEach((i, e) => {
    const w = weightOf(s, i), from = a.labels[i], to = empty[e];
    for (let j = 0; j < d; j++) {
      a.sums[from * d + j] -= x[i * d + j] * w;
      a.sums[to * d + j] = x[i * d + j] * w;
    }
    a.counts[to] = w;
    a.counts[from] -= w;
  });
}

/** New centers from the sums; returns the summed squared shift and writes each center's shift into `shifts`. */
function update(s: Samples, centers: Centers, a: Assignment, k: number, shifts: Float64Array): number {
  relocateEmpty(s, centers, a, k);
  let total = 0;
  for (let c = 0; c < k; c++) {
    let moved = 0;
    for (let j = 0; j < s.d; j++) {
      const i = c * s.d + j;
      const v = a.counts[c] > 0 ? a.sums[i] / a.counts[c] : centers[i];
      const before = centers[i];
      centers[i] = v;
      moved += (centers[i] - before) ** 2;
    }
    shifts[c] = Math.sqrt(moved);
    total += moved;
  }
  return total;
}

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * One full-batch k-means run from the given centers (scikit-learn's _kmeans_single_lloyd / _kmeans_single_elkan).
 * @param s - the samples
 * @param init - k x d starting centers (not modified)
 * @param options - algorithm, maxIter, tol, onIteration
 * @returns the final labels, inertia, centers and the number of iterations run
 */
export function runKMeans(s: Samples, init: Centers, options: RunOptions): Run {
  const k = init.length / s.d;
  const centers = init.slice();
  const shifts = new Float64Array(k);
  const elkan = options.algorithm === 'elkan' ? { upper: new Float64Array(s.n), lower: new Float64Array(s.n * k) } : undefined;
  const state = new Int32Array(s.n);
  const step = (first: boolean): Assignment => {
    if (!elkan) return assign(s, centers, k);
    const sums = new Float64Array(k * s.d), counts = new Float64Array(k);
    const inertia = kernels().kmeansElkan(s.n, s.d, k, s.x, s.weights ?? EMPTY, s.weights ? 1 : 0, centers, shifts,
      first ? 1 : 0, state, elkan.upper, elkan.lower, sums, counts);
    return { labels: state.slice(), inertia, sums, counts };
  };
  let previous: Int32Array | undefined;
  let iter = 0;
  while (iter < options.maxIter) {
    const a = step(iter === 0);
    iter++;
    const moved = update(s, centers, a, k, shifts);
    options.onIteration?.(iter, a.inertia);
    if (previous && sameLabels(previous, a.labels)) break;
    if (moved <= options.tol) break;
    previous = a.labels;
  }
  // The labels of the final centers (the same labels when the run converged strictly) and their inertia.
  const last = step(iter === 0);
  return { labels: last.labels, inertia: last.inertia, centers, nIter: iter };
}

/**
 * Whether two labelings are the same partition (scikit-learn's _is_same_clustering).
 * @param a - labels
 * @param b - labels
 * @param k - clusters
 * @returns true when a relabelling maps one onto the other
 */
export function sameClustering(a: Int32Array, b: Int32Array, k: number): boolean {
  const map = new Int32Array(k).fill(-1);
  for (let i = 0; i < a.length; i++) {
    if (map[a[i]] === -1) map[a[i]] = b[i];
    else if (map[a[i]] !== b[i]) return false;
  }
  return true;
}
