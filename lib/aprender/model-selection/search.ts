/**
 * Hyperparameter search by cross-validation: GridSearchCV (every combination of a grid) and RandomizedSearchCV (nIter
 * draws from lists and distributions), as scikit-learn's. Each candidate is fitted on every split (clones, never the
 * given estimator) and scored; cvResults_ holds scikit-learn's keys in camelCase, and the best candidate is refitted on
 * all the data. A search is itself an estimator: predict, predictProba, transform, ... and score go to bestEstimator_.
 * `fit` runs the folds one after another; `fitAsync` with nJobs > 1 runs them in worker threads nJobs at a time.
 */
import { availableCores } from '../../common/cores';
import type { Tensor } from '../../trueno/tensor';
import { Estimator, type EstimatorTags, type FitOptions } from '../base/estimator';
import type { FitAsyncOptions } from '../base/fit-async';
import type { MatrixLike, TargetLike } from '../base/input';
import { anyOf, boolean, custom, oneOf, seed } from '../base/params';
import { registerEstimators } from '../base/registry';
import { encode, isEstimator } from '../base/state';
import { FeatureMismatchError, FitAbortedError, typeError } from '../errors';
import { ArrowDataset } from '../../alimentar/dataset';
import { Table } from 'apache-arrow';
import {
  camelKey, expectSomeFitted, fitAndScore, fitAndScoreAsync, resolveSplits, type CV, type FoldContext, type FoldJob, type FoldResult,
} from './cross-validation';
import { consistentLength } from './indexing';
import { gridList, parameterGrid, parameterSample, type ParamGrid } from './parameters';
import { scorers, type Scorer, type Scoring } from './scoring';
import { rngFor, type Splitter, type TrainTest } from './splitter';

/** The options every search shares. */
export interface SearchParams {
  /** The estimator whose parameters are searched (cloned for every fit). */
  estimator: Estimator | null;
  /** A scoring name, scorer, list or object of them, or null (the estimator's score); greater is better. */
  scoring: Scoring;
  /**
   * Folds (default 5; stratified for classifiers), a splitter, or [train, test] pairs. For group folds pass the
   * pairs, e.g. `cv: new GroupKFold().split(X, y, groups)` (fit takes no groups).
   */
  cv: CV;
  /** Refit the best candidate on all the data (default true); with several scorers, the scorer name to pick by. */
  refit: boolean | string;
  /** Folds fitted at once by fitAsync (worker threads): null or 1 one at a time, -1 one per core. */
  nJobs: number | null;
  /** Also score each fit on its training rows (default false). */
  returnTrainScore: boolean;
  /** The score of a fit that throws: 'raise' rethrows, a number (default NaN) is recorded instead. */
  errorScore: 'raise' | number;
}

/** GridSearchCV's options. */
export interface GridSearchCVParams extends SearchParams {
  /** Value lists per parameter name (nested parameters as 'step__name'), or an array of such grids. */
  paramGrid: ParamGrid | readonly ParamGrid[] | null;
}

/** RandomizedSearchCV's options. */
export interface RandomizedSearchCVParams extends SearchParams {
  /** Value lists or distributions (uniform, loguniform, randint) per parameter name, or an array of such. */
  paramDistributions: ParamGrid | readonly ParamGrid[] | null;
  /** Settings drawn (default 10). */
  nIter: number;
  /** Seed of the draws (null: fresh ones). */
  randomState: number | null;
}

/** cvResults_: per-candidate arrays, keyed as scikit-learn's cv_results_ in camelCase. */
export type CVResults = Record<string, Float64Array | Int32Array | unknown[]>;

function accepts(check: (v: unknown) => unknown): (v: unknown) => boolean {
  return (v) => {
    try {
      check(v);
      return true;
    } catch {
      return false;
    }
  };
}

const isSplitterOrPairs = (v: unknown) => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 2)
  || (v !== null && typeof v === 'object' && (typeof (v as Splitter).split === 'function' || Symbol.iterator in v));

const SEARCH_PARAMS = {
  estimator: [custom('an estimator', isEstimator), null],
  scoring: [custom('a scoring name, a scorer function, a list or object of them, or null', accepts((v) => scorers(v as Scoring))), null],
  cv: [custom('an integer >= 2, a splitter, [train, test] pairs or null', isSplitterOrPairs), null],
  refit: [anyOf(boolean(), custom('a scorer name', (v) => typeof v === 'string')), true],
  nJobs: [custom('null, -1 or an integer >= 1', (v) => v === null || v === -1 || (typeof v === 'number' && Number.isInteger(v) && v >= 1)), null],
  returnTrainScore: [boolean(), false],
  errorScore: [anyOf(oneOf('raise'), custom('a number', (v) => typeof v === 'number')), NaN],
} as const;

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}

function std(a: ArrayLike<number>): number {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - m) ** 2;
  return Math.sqrt(s / a.length);
}

/** Ranks (1 = best, ties share the smallest rank); NaN ranks last, all NaN ranks 1 (scikit-learn's rule). */
function ranks(means: Float64Array): Int32Array {
  if (means.every(Number.isNaN)) return new Int32Array(means.length).fill(1);
  const finite = means.filter((v) => !Number.isNaN(v));
  const low = Math.min(...finite) - 1;
  const v = means.map((x) => (Number.isNaN(x) ? low : x));
  return Int32Array.from(v, (x) => 1 + v.filter((o) => o > x).length);
}

function columnsOf(X: unknown): number | undefined {
  if (X instanceof ArrowDataset) return X.columnNames.length;
  if (X instanceof Table) return X.numCols;
  if (Array.isArray(X)) return Array.isArray(X[0]) ? X[0].length : undefined;
  const shape = (X as { shape?: number[] } | null)?.shape;
  return Array.isArray(shape) && shape.length === 2 ? shape[1] : undefined;
}

/** A prediction method of the searched estimator, reached through the search. */
export type PredictMethod = (X: MatrixLike) => Tensor | string[];

/** The plan of one search: candidates, splits and every (candidate, split) job. */
interface Plan {
  ctx: FoldContext & { multi: boolean };
  candidates: Record<string, unknown>[];
  splits: TrainTest[];
  jobs: FoldJob[];
}

/** What the searches share; GridSearchCV and RandomizedSearchCV only say which candidates to try. */
export abstract class BaseSearchCV<P extends SearchParams> extends Estimator<P> {
  static readonly abstract = true;
  /** The refitted best estimator (when refit). */
  bestEstimator_?: Estimator;
  /** The best candidate's parameters. */
  bestParams_?: Record<string, unknown>;
  /** The best candidate's mean test score. */
  bestScore_?: number;
  /** The best candidate's index in cvResults_. */
  bestIndex_?: number;
  /** Per-candidate results (see {@link CVResults}). */
  cvResults_?: CVResults;
  /** Seconds the refit took. */
  refitTime_?: number;
  /** Splits per candidate. */
  nSplits_?: number;
  /** Whether several scorers were used. */
  multimetric_?: boolean;
  /** The best estimator's classes (classifiers). */
  classes_?: number[] | string[];

  /** The candidate settings to try. */
  protected abstract candidates(): Record<string, unknown>[];

  /** The tags of the searched estimator (a search is a classifier when it searches a classifier). */
  override get tags(): EstimatorTags {
    const inner = (this.params as SearchParams).estimator;
    return isEstimator(inner) ? inner.tags : super.tags;
  }

  private plan(X: unknown, y: unknown, options: FitOptions): Plan {
    const p = this.params as SearchParams;
    const est = p.estimator as Estimator;
    const arrays: [unknown, string][] = [[X, 'X']];
    if (y !== undefined && y !== null) arrays.push([y, 'y']);
    consistentLength(arrays);
    const s = scorers(p.scoring, est);
    if (s.multi && p.refit === true) throw typeError(`Expected refit to name one of the scorers (${Object.keys(s.scorers).join(', ')}) or be false for several scorers but received true`);
    if (s.multi && typeof p.refit === 'string' && !(p.refit in s.scorers)) throw typeError(`Expected refit to name one of the scorers (${Object.keys(s.scorers).join(', ')}) but received '${p.refit}'`);
    const ctx = { X, y, scorers: s.scorers, multi: s.multi, returnTrainScore: p.returnTrainScore, fitParams: options, errorScore: p.errorScore };
    const candidates = this.candidates();
    const splits = resolveSplits(p.cv, est, X, y, undefined);
    const jobs = candidates.flatMap((c) => splits.map(([train, test]) => ({ estimator: est.clone().setParams(c), train, test })));
    return { ctx, candidates, splits, jobs };
  }

  /** cvResults_ and the best candidate from the fold results. */
  private summarize(plan: Plan, results: FoldResult[]): Record<string, unknown> {
    expectSomeFitted(results);
    const { candidates, splits, ctx } = plan;
    const k = splits.length;
    const at = (c: number, s: number) => results[c * k + s];
    const perCandidate = (f: (r: FoldResult) => number) => candidates.map((_, c) => Float64Array.from({ length: k }, (_, s) => f(at(c, s))));
    const out: CVResults = {};
    const times = { fit_time: perCandidate((r) => r.fitTime), score_time: perCandidate((r) => r.scoreTime) };
    for (const [name, rows] of Object.entries(times)) {
      out[camelKey(`mean_${name}`)] = Float64Array.from(rows, mean);
      out[camelKey(`std_${name}`)] = Float64Array.from(rows, std);
    }
    const names = [...new Set(candidates.flatMap((c) => Object.keys(c)))].sort();
    for (const n of names) out[`param${n[0].toUpperCase()}${n.slice(1)}`] = candidates.map((c) => c[n]);
    out.params = candidates;
    for (const name of Object.keys(ctx.scorers)) {
      const suffix = ctx.multi ? name : 'score';
      const sides: ['test', 'train'] | ['test'] = ctx.returnTrainScore ? ['test', 'train'] : ['test'];
      for (const side of sides) {
        const rows = perCandidate((r) => (side === 'test' ? r.test : (r.train as Record<string, number>))[name]);
        for (let s = 0; s < k; s++) out[camelKey(`split${s}_${side}_${suffix}`)] = Float64Array.from(rows, (row) => row[s]);
        const means = Float64Array.from(rows, mean);
        out[camelKey(`mean_${side}_${suffix}`)] = means;
        out[camelKey(`std_${side}_${suffix}`)] = Float64Array.from(rows, std);
        if (side === 'test') out[camelKey(`rank_test_${suffix}`)] = ranks(means);
      }
    }
    const p = this.params as SearchParams;
    const state: Record<string, unknown> = { cvResults_: out, nSplits_: k, multimetric_: ctx.multi };
    if (p.refit !== false || !ctx.multi) {
      const key = ctx.multi ? (p.refit as string) : 'score';
      const rank = out[camelKey(`rank_test_${key}`)] as Int32Array;
      const best = rank.indexOf(Math.min(...rank));
      state.bestIndex_ = best;
      state.bestScore_ = (out[camelKey(`mean_test_${key}`)] as Float64Array)[best];
      state.bestParams_ = candidates[best];
    }
    return state;
  }

  private refitted(state: Record<string, unknown>, est: Estimator): void {
    state.bestEstimator_ = est;
    state.nFeaturesIn_ = est.nFeaturesIn_;
    state.featureNamesIn_ = est.featureNamesIn_;
    state.classes_ = (est as { classes_?: unknown }).classes_;
  }

  private bestClone(state: Record<string, unknown>): Estimator | undefined {
    if ((this.params as SearchParams).refit === false) return undefined;
    return (this.params as SearchParams).estimator!.clone().setParams(state.bestParams_ as Record<string, unknown>);
  }

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    const plan = this.plan(X, y, options);
    const results = plan.jobs.map((job, i) => {
      const r = fitAndScore(job, plan.ctx);
      this.reportProgress({ iteration: i + 1, total: plan.jobs.length });
      return r;
    });
    const state = this.summarize(plan, results);
    const best = this.bestClone(state);
    if (best) {
      const t0 = performance.now();
      best.fit(X as MatrixLike, y as TargetLike, options);
      state.refitTime_ = (performance.now() - t0) / 1000;
      this.refitted(state, best);
    }
    Object.assign(this, state);
  }

  /**
   * The search off the event loop. With nJobs null or 1 the whole search runs in one worker thread; otherwise every
   * (candidate, split) fit runs in its own worker, nJobs at a time, and the refit too. Scoring runs on this thread.
   * @param X - samples
   * @param y - targets
   * @param options - sampleWeight, signal, onProgress (one report per finished fit)
   * @returns this, fitted
   * @throws as fit; FitAbortedError when aborted
   */
  override async fitAsync(X: MatrixLike, y?: TargetLike, options: FitOptions & FitAsyncOptions = {}): Promise<this> {
    const { signal, onProgress, ...fitOptions } = this.checkFitOptions<FitOptions & FitAsyncOptions>(options, 'fitAsync', this.fitAsyncOptionKeys());
    this.validateParams();
    const nJobs = (this.params as SearchParams).nJobs;
    const parallel = nJobs === -1 ? availableCores() : nJobs ?? 1;
    if (signal?.aborted) throw new FitAbortedError(this.constructor.name, { cause: signal.reason });
    if (parallel <= 1) {
      if (accepts(encode)(this.getParams(false))) return super.fitAsync(X, y, options);
      return this.fitHere(X, y, fitOptions, { signal, onProgress });
    }
    const plan = this.plan(X, y, fitOptions);
    const results = new Array<FoldResult>(plan.jobs.length);
    let next = 0;
    let done = 0;
    const lane = async () => {
      while (next < plan.jobs.length) {
        const i = next++;
        results[i] = await fitAndScoreAsync(plan.jobs[i], plan.ctx, signal);
        onProgress?.({ iteration: ++done, total: plan.jobs.length });
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, plan.jobs.length) }, lane));
    const state = this.summarize(plan, results);
    const best = this.bestClone(state);
    if (best) {
      const t0 = performance.now();
      await best.fitAsync(X, y, { ...fitOptions, signal });
      state.refitTime_ = (performance.now() - t0) / 1000;
      this.refitted(state, best);
    }
    this.restoreState(state);
    return this;
  }

  /** A search whose options cannot cross to a worker (a splitter object, a scorer function) runs on this thread after one yield. */
  private async fitHere(X: MatrixLike, y: TargetLike | undefined, fitOptions: FitOptions, options: FitAsyncOptions): Promise<this> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    const copy = this.clone();
    copy.fitReporting(X, y, fitOptions, (p) => {
      options.onProgress?.(p);
      if (options.signal?.aborted) throw new FitAbortedError(this.constructor.name, { cause: options.signal.reason });
    });
    this.restoreState(copy.learnedState());
    return this;
  }

  private available(method: string): boolean {
    const inner = this.bestEstimator_ ?? (this.params as SearchParams).estimator;
    return isEstimator(inner) && typeof (inner as unknown as Record<string, unknown>)[method] === 'function';
  }

  private delegate(method: string, X: unknown): Tensor | string[] {
    this.ensureFitted();
    const best = this.bestEstimator_;
    if (best === undefined) throw typeError(`Expected a search fitted with refit to call ${method} but this ${this.constructor.name} was fitted with refit false`);
    const cols = columnsOf(X);
    if (this.nFeaturesIn_ !== undefined && cols !== undefined && cols !== this.nFeaturesIn_) {
      throw new FeatureMismatchError(`X has ${cols} features, but ${this.constructor.name} is expecting ${this.nFeaturesIn_} features as input`);
    }
    return ((best as unknown as Record<string, PredictMethod>)[method]).call(best, X as MatrixLike);
  }

  private method(name: string): PredictMethod | undefined {
    return this.available(name) ? (X: MatrixLike) => this.delegate(name, X) : undefined;
  }

  /** bestEstimator_.predict, when the searched estimator has predict (else undefined). */
  get predict(): PredictMethod | undefined {
    return this.method('predict');
  }

  /** bestEstimator_.predictProba, when the searched estimator has it. */
  get predictProba(): ((X: MatrixLike) => Tensor) | undefined {
    return this.method('predictProba') as ((X: MatrixLike) => Tensor) | undefined;
  }

  /** bestEstimator_.predictLogProba, when the searched estimator has it. */
  get predictLogProba(): ((X: MatrixLike) => Tensor) | undefined {
    return this.method('predictLogProba') as ((X: MatrixLike) => Tensor) | undefined;
  }

  /** bestEstimator_.decisionFunction, when the searched estimator has it. */
  get decisionFunction(): ((X: MatrixLike) => Tensor) | undefined {
    return this.method('decisionFunction') as ((X: MatrixLike) => Tensor) | undefined;
  }

  /** bestEstimator_.transform, when the searched estimator has it. */
  get transform(): ((X: MatrixLike) => Tensor) | undefined {
    return this.method('transform') as ((X: MatrixLike) => Tensor) | undefined;
  }

  /** bestEstimator_.inverseTransform, when the searched estimator has it. */
  get inverseTransform(): ((X: MatrixLike) => Tensor) | undefined {
    return this.method('inverseTransform') as ((X: MatrixLike) => Tensor) | undefined;
  }

  /**
   * The score of bestEstimator_ on (X, y) by the refit scorer (or the estimator's own score without scoring).
   * @param X - samples
   * @param y - targets
   * @returns the score (greater is better)
   * @throws NotFittedError; TypeError when fitted with refit false
   */
  score(X: MatrixLike, y?: TargetLike): number {
    this.ensureFitted();
    const best = this.bestEstimator_;
    if (best === undefined) throw typeError(`Expected a search fitted with refit to call score but this ${this.constructor.name} was fitted with refit false`);
    const p = this.params as SearchParams;
    const all = scorers(p.scoring).scorers as Record<string, Scorer>;
    const scorer = all[this.multimetric_ ? (p.refit as string) : 'score'];
    return scorer(best, X, y);
  }
}

/**
 * Exhaustive search over a grid of parameter values, scored by cross-validation (scikit-learn's GridSearchCV).
 * @example
 * const search = new GridSearchCV({ estimator: new KNeighborsClassifier(), paramGrid: { nNeighbors: [1, 5, 15] }, cv: 5 });
 * search.fit(XTrain, yTrain);
 * search.bestParams_; // { nNeighbors: 5 }
 */
export class GridSearchCV extends BaseSearchCV<GridSearchCVParams> {
  static override readonly params = {
    ...SEARCH_PARAMS,
    paramGrid: [custom('an object of non-empty value arrays per parameter, or an array of them', accepts((v) => gridList(v, 'paramGrid', false))), null],
  } as const;

  protected candidates(): Record<string, unknown>[] {
    return parameterGrid(gridList(this.params.paramGrid, 'paramGrid', false));
  }
}

/**
 * Search over nIter random settings drawn from value lists and distributions (uniform, loguniform, randint), scored by
 * cross-validation (scikit-learn's RandomizedSearchCV).
 * @example
 * const search = new RandomizedSearchCV({ estimator: new Ridge(), paramDistributions: { alpha: loguniform(1e-3, 1e3) }, nIter: 20, randomState: 0 });
 */
export class RandomizedSearchCV extends BaseSearchCV<RandomizedSearchCVParams> {
  static override readonly params = {
    ...SEARCH_PARAMS,
    paramDistributions: [custom('an object of value arrays or distributions per parameter, or an array of them', accepts((v) => gridList(v, 'paramDistributions', true))), null],
    nIter: [custom('an integer >= 1', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1), 10],
    randomState: [seed(), null],
  } as const;

  protected candidates(): Record<string, unknown>[] {
    return parameterSample(gridList(this.params.paramDistributions, 'paramDistributions', true), this.params.nIter, rngFor(this.params.randomState));
  }
}

registerEstimators(GridSearchCV, RandomizedSearchCV);
