/**
 * MiniBatchKMeans (scikit-learn's): k-means on random mini-batches, each assigned by the core's Lloyd kernel and
 * folded into per-center running means; seeding on a random subset (best of nInit by inertia on a validation subset),
 * reassignment of starved centers, and scikit-learn's early stopping on the smoothed batch inertia. partialFit runs
 * one step on the batch it is given.
 */
import { deriveSeed, Random } from '../../common/random';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { MatrixLike } from '../base/input';
import { Clusterer } from '../base/kinds';
import { anyOf, boolean, custom, integer, nullable, oneOf, real, seed } from '../base/params';
import { registerEstimators } from '../base/registry';
import { rangeError } from '../errors';
import { sampleWeights } from '../metrics/inputs';
import { CentroidClusterer } from './centroid-clusterer';
import { centersFrom, checkInitShape, isInitArray, type InitArray } from './init';
import { absoluteTolerance, assign, kmeansPlusPlus, like, randomRows, type Centers, type Samples } from './k-means-core';
import { untracked } from '../../trueno/result-memory';

/** MiniBatchKMeans's hyperparameters. */
export interface MiniBatchKMeansParams {
  /** Number of clusters (default 8). */
  nClusters: number;
  /** 'k-means++' (default), 'random', or the nClusters x nFeatures starting centers. */
  init: 'k-means++' | 'random' | InitArray;
  /** Passes over the data at most (default 100). */
  maxIter: number;
  /** Samples per mini-batch (default 1024). */
  batchSize: number;
  /** Compute labels_ and inertia_ on the whole data after fit (default true). */
  computeLabels: boolean;
  /** Seed of the seeding, the batches and reassignments (default null: fresh). */
  randomState: number | null;
  /** Stop when the squared center change is at most tol times the mean feature variance (default 0: off). */
  tol: number;
  /** Stop after this many steps without a better smoothed inertia (default 10; null: never). */
  maxNoImprovement: number | null;
  /** Samples the seeding sees (default null: 3 x batchSize, at least 3 x nClusters). */
  initSize: number | null;
  /** Seedings tried ('auto' (default): 3 for random, else 1). */
  nInit: 'auto' | number;
  /** Centers whose weight is below this fraction of the largest are moved to random samples (default 0.01). */
  reassignmentRatio: number;
}

/**
 * k-means on mini-batches: much faster than KMeans on large data, slightly higher inertia.
 * Learned: `clusterCenters_`, `labels_`, `inertia_`, `nIter_` (passes), `nSteps_` (batches), and the running state
 * partialFit continues from (`counts_`: weight seen per center, `nSinceLastReassign_`, `seed_`).
 * @example
 * const mbk = new MiniBatchKMeans({ nClusters: 8, batchSize: 256, randomState: 0 }).fit(X);
 * mbk.partialFit(moreRows);
 */
export class MiniBatchKMeans extends CentroidClusterer<MiniBatchKMeansParams> {
  static override readonly params = {
    nClusters: [integer({ min: 1 }), 8],
    init: [anyOf(oneOf('k-means++', 'random'), custom('a 2-D array or Tensor of initial centers', isInitArray)), 'k-means++'],
    maxIter: [integer({ min: 0 }), 100],
    batchSize: [integer({ min: 1 }), 1024],
    computeLabels: [boolean(), true],
    randomState: [seed(), null],
    tol: [real({ min: 0 }), 0],
    maxNoImprovement: [nullable(integer({ min: 0 })), 10],
    initSize: [nullable(integer({ min: 1 })), null],
    nInit: [anyOf(oneOf('auto'), integer({ min: 1 })), 'auto'],
    reassignmentRatio: [real({ min: 0 }), 0.01],
  } as const;
  static override readonly tags = { ...Clusterer.tags, randomized: true, tolerance: 1e-4 };

  /** Passes over the data (ceil(steps x batchSize / n)). */
  nIter_?: number;
  /** Mini-batches processed. */
  nSteps_?: number;
  /** Weight each center has absorbed (the denominators of the running means). */
  counts_?: Float64Array;
  /** Samples seen since centers were last reassigned. */
  nSinceLastReassign_?: number;
  /** The seed partialFit derives each step's generator from. */
  seed_?: number;

  protected fitImpl(X: unknown, _y: unknown, options: FitOptions): void {
    const m = this.checkX(X, true, { dtype: 'keep' });
    const k = this.params.nClusters;
    if (m.rows < k) throw rangeError(`Expected at least nClusters=${k} samples for X but received n_samples=${m.rows}`);
    const s: Samples = { x: m.data, n: m.rows, d: m.cols, weights: sampleWeights(options.sampleWeight, m.rows) };
    const batch = Math.min(this.params.batchSize, s.n);
    this.seed_ = this.params.randomState ?? ((Math.random() * 2 ** 32) >>> 0);
    const rng = new Random(this.seed_);
    const tol = absoluteTolerance(m.tensor, this.params.tol);
    const initSize = this.initSize(s.n, batch);
    const valid = subset(s, randomIndices(rng, s.n, initSize));
    const nInit = this.params.nInit === 'auto' ? (this.params.init === 'random' ? 3 : 1) : isInitArray(this.params.init) ? 1 : this.params.nInit;
    let centers: Centers | undefined, best = Infinity;
    for (let run = 0; run < nInit; run++) {
      const c = this.seedCenters(s, k, rng, initSize);
      const inertia = assign(valid, c, k).inertia;
      if (!centers || inertia < best) centers = c, best = inertia;
    }
    const state = { centers: centers as Centers, counts: new Float64Array(k), sinceReassign: 0 };
    const nSteps = Math.floor((this.params.maxIter * s.n) / batch);
    const monitor = { ewa: undefined as number | undefined, ewaMin: undefined as number | undefined, noImprovement: 0 };
    let step = 0;
    for (; step < nSteps; step++) {
      const before = state.centers.slice();
      const inertia = this.miniBatchStep(subset(s, randomIndices(rng, s.n, batch)), state, rng, batch);
      let moved = 0;
      if (tol > 0) for (let i = 0; i < before.length; i++) moved += (state.centers[i] - before[i]) ** 2;
      this.reportProgress({ iteration: step + 1, total: nSteps, loss: inertia / batch });
      if (this.converged(step, s.n, batch, moved, tol, inertia, monitor)) break;
    }
    const steps = Math.min(step + 1, nSteps);
    this.clusterCenters_ = Tensor.from(state.centers, [k, s.d]);
    this.counts_ = state.counts;
    this.nSinceLastReassign_ = state.sinceReassign;
    this.nSteps_ = steps;
    this.nIter_ = Math.ceil((steps * batch) / s.n);
    if (this.params.computeLabels) {
      const all = assign(s, state.centers, k);
      this.labels_ = all.labels;
      this.inertia_ = all.inertia;
    } else this.inertia_ = (monitor.ewa ?? 0) * s.n;
  }

  /**
   * One mini-batch step on X (the first call seeds the centers from it).
   * @param X - a batch of samples
   * @param options - sampleWeight
   * @returns this
   * @throws ParamError; FeatureMismatchError; TypeError / RangeError for bad X (fewer samples than clusters at the first call)
   */
  partialFit(X: MatrixLike, options: FitOptions = {}): this {
    options = this.checkFitOptions(options, 'partialFit');
    return untracked(() => {
      const started = this.clusterCenters_ !== undefined;
      if (!started) this.validateParams();
      const m = this.checkX(X, !started, { dtype: 'keep' });
      const k = this.params.nClusters;
      const s: Samples = { x: m.data, n: m.rows, d: m.cols, weights: sampleWeights(options.sampleWeight, m.rows) };
      const batch = Math.min(this.params.batchSize, s.n);
      if (!started) {
        if (s.n < k) throw rangeError(`Expected at least nClusters=${k} samples for X but received n_samples=${s.n}`);
        this.seed_ = this.params.randomState ?? ((Math.random() * 2 ** 32) >>> 0);
        this.nSteps_ = 0;
      }
      const rng = new Random(deriveSeed(this.seed_ as number, this.nSteps_ as number));
      const centers = started ? centersOf(this.clusterCenters_ as Tensor, s) : this.seedCenters(s, k, rng, this.initSize(s.n, batch));
      const state = { centers, counts: this.counts_ ?? new Float64Array(k), sinceReassign: this.nSinceLastReassign_ ?? 0 };
      this.miniBatchStep(s, state, rng, batch);
      this.clusterCenters_ = Tensor.from(state.centers, [k, s.d]);
      this.counts_ = state.counts;
      this.nSinceLastReassign_ = state.sinceReassign;
      this.nSteps_ = (this.nSteps_ as number) + 1;
      if (this.params.computeLabels) {
        const all = assign(s, state.centers, k);
        this.labels_ = all.labels;
        this.inertia_ = all.inertia;
      }
      return this;
    });
  }

  private initSize(n: number, batch: number): number {
    let size = this.params.initSize ?? 3 * batch;
    if (size < this.params.nClusters) size = 3 * this.params.nClusters;
    return Math.min(size, n);
  }

  /** Centers from the init array, or k-means++ / random rows of a random subset of initSize samples. */
  private seedCenters(s: Samples, k: number, rng: Random, initSize: number): Centers {
    const { init } = this.params;
    if (isInitArray(init)) return centersFrom(checkInitShape(init as InitArray, k, s.d, 'MiniBatchKMeans'), s);
    const part = initSize < s.n ? subset(s, randomIndices(rng, s.n, initSize)) : s;
    return init === 'random' ? randomRows(part, k, rng) : kmeansPlusPlus(part, k, rng);
  }

  /** scikit-learn's _mini_batch_step: assign, fold into running means, reassign starved centers. Returns the batch inertia. */
  private miniBatchStep(b: Samples, state: { centers: Centers; counts: Float64Array; sinceReassign: number }, rng: Random, batch: number): number {
    const k = state.counts.length, d = b.d;
    const a = assign(b, state.centers, k);
    for (let c = 0; c < k; c++) {
      if (a.counts[c] <= 0) continue;
      const total = state.counts[c] + a.counts[c];
      for (let j = 0; j < d; j++) state.centers[c * d + j] = (state.centers[c * d + j] * state.counts[c] + a.sums[c * d + j]) / total;
      state.counts[c] = total;
    }
    state.sinceReassign += batch;
    const reassign = state.counts.some((v) => v === 0) || state.sinceReassign >= 10 * k;
    if (reassign) state.sinceReassign = 0;
    if (reassign && this.params.reassignmentRatio > 0) this.reassign(b, state, rng);
    return a.inertia;
  }

  private reassign(b: Samples, state: { centers: Centers; counts: Float64Array }, rng: Random): void {
    const { counts, centers } = state;
    const limit = this.params.reassignmentRatio * Math.max(...counts);
    const low = Array.from(counts.keys()).filter((c) => counts[c] < limit);
    const keep = Math.floor(0.5 * b.n);
    const chosen = low.length > keep ? Array.from(counts.keys()).sort((p, q) => counts[p] - counts[q]).slice(0, keep).filter((c) => counts[c] < limit) : low;
    if (chosen.length === 0) return;
    const rows = rng.permutation(b.n).subarray(0, chosen.length);
    chosen.forEach((c, i) => centers.set(b.x.subarray(rows[i] * b.d, (rows[i] + 1) * b.d), c * b.d));
    const others = Array.from(counts.keys()).filter((c) => !chosen.includes(c));
    const floor = others.length > 0 ? Math.min(...others.map((c) => counts[c])) : 0;
    for (const c of chosen) counts[c] = floor;
  }

  /** scikit-learn's _mini_batch_convergence: tolerance on the center change, or no better smoothed inertia for a while. */
  private converged(step: number, n: number, batch: number, moved: number, tol: number, inertia: number,
    monitor: { ewa?: number; ewaMin?: number; noImprovement: number }): boolean {
    if (step === 0) return false;
    const perSample = inertia / batch;
    const alpha = Math.min((batch * 2) / (n + 1), 1);
    monitor.ewa = monitor.ewa === undefined ? perSample : monitor.ewa * (1 - alpha) + perSample * alpha;
    if (tol > 0 && moved <= tol) return true;
    if (monitor.ewaMin === undefined || monitor.ewa < monitor.ewaMin) {
      monitor.noImprovement = 0;
      monitor.ewaMin = monitor.ewa;
    } else monitor.noImprovement++;
    return this.params.maxNoImprovement !== null && monitor.noImprovement >= this.params.maxNoImprovement;
  }
}

/** count indices drawn uniformly with replacement (numpy's randint). */
function randomIndices(rng: Random, n: number, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = rng.int(n);
  return out;
}

/** The rows (and weights) of s at the given indices. */
function subset(s: Samples, rows: Int32Array): Samples {
  const x = like(s, rows.length * s.d);
  rows.forEach((r, i) => x.set(s.x.subarray(r * s.d, (r + 1) * s.d), i * s.d));
  return { x, n: rows.length, d: s.d, weights: s.weights ? Float64Array.from(rows, (r) => (s.weights as Float64Array)[r]) : undefined };
}

/** The fitted centers in the dtype of new samples. */
function centersOf(t: Tensor, s: Samples): Centers {
  const c = like(s, t.size);
  c.set(t.data as ArrayLike<number>);
  return c;
}

registerEstimators(MiniBatchKMeans);
