/**
 * Cross-validation: fit clones of an estimator on each training split and score them on the test split
 * (crossValidate, crossValScore, learningCurve, validationCurve), as scikit-learn's model_selection functions.
 */
import type { Estimator } from '../base/estimator';
import type { MatrixLike, TargetLike } from '../base/input';
import { describe, rangeError, typeError, validate } from '../errors';
import type { OptionKeys } from '../../common/validate';
import { toTargets } from '../base/input';
import { consistentLength, numSamples, takeRows } from './indexing';
import { StratifiedKFold, KFold } from './k-fold';
import { scorers, type Scorer, type Scoring } from './scoring';
import { rngFor, seedOption, type Splitter, type TrainTest } from './splitter';

/** What `cv` may be: a fold count, a splitter, or the splits themselves. */
export type CV = number | Splitter | Iterable<TrainTest> | null;

/** Options shared by the cross-validation functions. */
export interface CVOptions {
  /** Folds (default 5: StratifiedKFold for a classifier with class labels, else KFold), a splitter, or the splits. */
  cv?: CV;
  /** Each sample's group, for group splitters. */
  groups?: unknown;
  /** Options of every fit: sampleWeight (cut to each training split). */
  fitParams?: { sampleWeight?: unknown };
  /** The score of a fit that throws: 'raise' rethrows, a number (default NaN) is recorded instead. */
  errorScore?: 'raise' | number;
}

/** The splits of cv for (X, y, groups), from scikit-learn's check_cv rules. */
export function resolveSplits(cv: CV | undefined, estimator: Estimator, X: unknown, y: unknown, groups: unknown): TrainTest[] {
  const c = cv ?? 5;
  if (typeof c === 'number') {
    const nSplits = validate.expectInteger(c, 'cv', 2);
    const classifier = estimator.tags.kind === 'classifier' && y !== undefined && y !== null && isClassLabels(y);
    const splitter: Splitter = classifier ? new StratifiedKFold({ nSplits }) : new KFold({ nSplits });
    return splitter.split(X, y, groups);
  }
  if (c !== null && typeof c === 'object' && typeof (c as Splitter).split === 'function') return (c as Splitter).split(X, y, groups);
  if (c !== null && typeof c === 'object' && Symbol.iterator in c) {
    const splits = [...(c as Iterable<TrainTest>)];
    const n = consistentLength([[X, 'X']]);
    splits.forEach((s, i) => {
      if (!Array.isArray(s) || s.length !== 2) throw typeError(`Expected [train, test] index pairs in cv but split ${i} is ${describe(s)}`);
      for (const side of s) {
        if (!ArrayBuffer.isView(side) && !Array.isArray(side)) throw typeError(`Expected index arrays in split ${i} of cv but received ${describe(side)}`);
        for (const r of Array.from(side as ArrayLike<number>)) if (!Number.isInteger(r) || r < 0 || r >= n) throw rangeError(`Expected row indices in [0, ${n}) in split ${i} of cv but received ${describe(r)}`);
      }
    });
    if (splits.length === 0) throw rangeError('Expected at least one split in cv but received none');
    return splits.map(([a, b]) => [Int32Array.from(a), Int32Array.from(b)]);
  }
  throw typeError(`Expected a number of folds, a splitter (with split) or [train, test] pairs for cv but received ${describe(c)}`);
}

/** Whether y holds class labels (strings or integers, one column), as scikit-learn's binary / multiclass target types. */
function isClassLabels(y: unknown): boolean {
  const t = toTargets(y, numSamples(y, 'y'), { multi: true });
  return t.cols === 1 && (t.kind === 'string' || t.values.every(Number.isInteger));
}

/** One fit-and-score of a split. */
export interface FoldResult {
  test: Record<string, number>;
  train?: Record<string, number>;
  fitTime: number;
  scoreTime: number;
  estimator: Estimator;
  /** The error of a failed fit (scores are errorScore then). */
  error?: unknown;
}

/** One job: a fresh clone, its training rows and test rows. */
export interface FoldJob {
  estimator: Estimator;
  train: Int32Array;
  test: Int32Array;
}

/** The data and scoring of one cross-validation run. */
export interface FoldContext {
  X: unknown;
  y: unknown;
  scorers: Record<string, Scorer>;
  returnTrainScore: boolean;
  fitParams?: { sampleWeight?: unknown };
  errorScore: 'raise' | number;
}

/** Every scorer's value; a scorer that throws gives errorScore (scikit-learn's _score) unless it is 'raise'. */
function scoreAll(est: Estimator, X: unknown, y: unknown, ctx: FoldContext): Record<string, number> {
  return Object.fromEntries(Object.entries(ctx.scorers).map(([name, f]) => {
    try {
      return [name, f(est, X, y)];
    } catch (e) {
      if (ctx.errorScore === 'raise') throw e;
      return [name, ctx.errorScore];
    }
  }));
}

function subset(data: unknown, rows: Int32Array): unknown {
  return data === undefined || data === null ? data : takeRows(data, rows);
}

function fitArgs(ctx: FoldContext, train: Int32Array): [MatrixLike, TargetLike, { sampleWeight?: ArrayLike<number> }] {
  const sw = ctx.fitParams?.sampleWeight;
  return [subset(ctx.X, train) as MatrixLike, subset(ctx.y, train) as TargetLike, sw === undefined || sw === null ? {} : { sampleWeight: subset(sw, train) as ArrayLike<number> }];
}

function scored(job: FoldJob, ctx: FoldContext, fitTime: number): FoldResult {
  const [X, y] = [subset(ctx.X, job.test), subset(ctx.y, job.test)];
  const t0 = performance.now();
  const test = scoreAll(job.estimator, X, y, ctx);
  const scoreTime = (performance.now() - t0) / 1000;
  const train = ctx.returnTrainScore ? scoreAll(job.estimator, subset(ctx.X, job.train), subset(ctx.y, job.train), ctx) : undefined;
  return { test, train, fitTime, scoreTime, estimator: job.estimator };
}

function failed(job: FoldJob, ctx: FoldContext, error: unknown, fitTime: number): FoldResult {
  if (ctx.errorScore === 'raise') throw error;
  const filled = Object.fromEntries(Object.keys(ctx.scorers).map((k) => [k, ctx.errorScore as number]));
  return { test: filled, train: ctx.returnTrainScore ? { ...filled } : undefined, fitTime, scoreTime: 0, estimator: job.estimator, error };
}

/**
 * Fits a job's estimator on its training rows and scores it (scikit-learn's _fit_and_score).
 * @param job - the clone and the rows
 * @param ctx - data and scorers
 * @returns the scores and times (errorScore for a failed fit, unless it is 'raise')
 */
export function fitAndScore(job: FoldJob, ctx: FoldContext): FoldResult {
  const args = fitArgs(ctx, job.train);
  const t0 = performance.now();
  try {
    job.estimator.fit(...args);
  } catch (e) {
    return failed(job, ctx, e, (performance.now() - t0) / 1000);
  }
  return scored(job, ctx, (performance.now() - t0) / 1000);
}

/**
 * {@link fitAndScore} with the fit in a worker thread (the estimator's fitAsync).
 * @param job - the clone and the rows
 * @param ctx - data and scorers
 * @param signal - stops the fit
 * @returns the scores and times
 */
export async function fitAndScoreAsync(job: FoldJob, ctx: FoldContext, signal?: AbortSignal): Promise<FoldResult> {
  const [X, y, options] = fitArgs(ctx, job.train);
  const t0 = performance.now();
  try {
    await job.estimator.fitAsync(X, y, { ...options, signal });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_APRENDER_ABORTED') throw e;
    return failed(job, ctx, e, (performance.now() - t0) / 1000);
  }
  return scored(job, ctx, (performance.now() - t0) / 1000);
}

/**
 * Throws the first fit error when every fit failed (nothing was learned, as scikit-learn's "All the fits failed").
 * @param results - the fold results
 * @throws the first failure's own error
 */
export function expectSomeFitted(results: readonly FoldResult[]): void {
  if (results.length > 0 && results.every((r) => r.error !== undefined)) throw results[0].error;
}

/** camelCase of scikit-learn's result keys ('test_neg_mean_squared_error' → 'testNegMeanSquaredError'). */
export function camelKey(key: string): string {
  return key.replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Options of crossValidate. */
export interface CrossValidateOptions extends CVOptions {
  /** A scoring name, scorer, list or object of them, or null (the estimator's score). */
  scoring?: Scoring;
  /** Also score each fit on its training rows (default false). */
  returnTrainScore?: boolean;
  /** Keep the fitted estimators (default false). */
  returnEstimator?: boolean;
  /** Keep the splits (default false). */
  returnIndices?: boolean;
}

/** crossValidate's result: scikit-learn's keys in camelCase (testScore, or test<Name> for several scorers). */
export interface CrossValidateResult {
  fitTime: Float64Array;
  scoreTime: Float64Array;
  estimator?: Estimator[];
  indices?: { train: Int32Array[]; test: Int32Array[] };
  [key: string]: Float64Array | Estimator[] | { train: Int32Array[]; test: Int32Array[] } | undefined;
}

function checkedContext(estimator: Estimator, X: unknown, y: unknown, options: CVOptions & { scoring?: Scoring; returnTrainScore?: boolean }): FoldContext & { multi: boolean } {
  if (estimator === null || typeof estimator !== 'object' || typeof (estimator as Estimator).clone !== 'function') {
    throw typeError(`Expected an estimator (with fit and clone) but received ${describe(estimator)}`);
  }
  const arrays: [unknown, string][] = [[X, 'X']];
  if (y !== undefined && y !== null) arrays.push([y, 'y']);
  if (options.groups !== undefined && options.groups !== null) arrays.push([options.groups, 'groups']);
  if (options.fitParams?.sampleWeight !== undefined && options.fitParams.sampleWeight !== null) arrays.push([options.fitParams.sampleWeight, 'sampleWeight']);
  const n = consistentLength(arrays);
  if (n === 0) throw rangeError('Expected at least 1 sample for X but received none');
  const errorScore = options.errorScore ?? NaN;
  if (errorScore !== 'raise' && typeof errorScore !== 'number') throw typeError(`Expected 'raise' or a number for errorScore but received ${describe(errorScore)}`);
  const s = scorers(options.scoring, estimator);
  return { X, y, scorers: s.scorers, multi: s.multi, returnTrainScore: validate.expectBoolean(options.returnTrainScore ?? false, 'returnTrainScore'), fitParams: options.fitParams, errorScore };
}

const CV_OPTIONS: OptionKeys<CVOptions> = { cv: true, groups: true, fitParams: true, errorScore: true };

/** Checks a cross-validation function's options and the fitParams inside them (every fit would ignore another key). */
function expectCVOptions<T extends CVOptions>(options: unknown, name: string, keys: OptionKeys<T>): Partial<T> {
  const o = validate.expectOptions<T>(options, name, keys);
  validate.expectOptions<NonNullable<CVOptions['fitParams']>>(o.fitParams ?? undefined, `${name}.fitParams`, { sampleWeight: true });
  return o;
}
const CROSS_VALIDATE_OPTIONS: OptionKeys<CrossValidateOptions> = { ...CV_OPTIONS, scoring: true, returnTrainScore: true, returnEstimator: true, returnIndices: true };

/**
 * Evaluates an estimator by cross-validation: a clone is fitted on each training split and scored on its test split.
 * @param estimator - the (unfitted) estimator; it is cloned, never fitted itself
 * @param X - samples (any kind the estimator takes)
 * @param y - targets
 * @param options - {@link CrossValidateOptions}
 * @returns per-split fitTime / scoreTime (seconds), testScore (or test<Name> per scorer), trainScore... on request
 * @throws TypeError / RangeError for bad input; the fit's error when every fit fails or errorScore is 'raise'
 * @example const r = crossValidate(new Ridge(), X, y, { cv: 5, scoring: ['r2', 'neg_mean_squared_error'] });
 */
export function crossValidate(estimator: Estimator, X: unknown, y?: unknown, options: CrossValidateOptions = {}): CrossValidateResult {
  const o = expectCVOptions<CrossValidateOptions>(options, 'crossValidate options', CROSS_VALIDATE_OPTIONS);
  const ctx = checkedContext(estimator, X, y, o);
  const splits = resolveSplits(o.cv, estimator, X, y, o.groups);
  const results = splits.map(([train, test]) => fitAndScore({ estimator: estimator.clone(), train, test }, ctx));
  expectSomeFitted(results);
  const out: CrossValidateResult = {
    fitTime: Float64Array.from(results, (r) => r.fitTime),
    scoreTime: Float64Array.from(results, (r) => r.scoreTime),
  };
  for (const name of Object.keys(ctx.scorers)) {
    const suffix = ctx.multi ? name : 'score';
    out[camelKey(`test_${suffix}`)] = Float64Array.from(results, (r) => r.test[name]);
    if (ctx.returnTrainScore) out[camelKey(`train_${suffix}`)] = Float64Array.from(results, (r) => (r.train as Record<string, number>)[name]);
  }
  if (o.returnEstimator === true) out.estimator = results.map((r) => r.estimator);
  if (o.returnIndices === true) out.indices = { train: splits.map((s) => s[0]), test: splits.map((s) => s[1]) };
  return out;
}

/**
 * The test score of each cross-validation split (one scorer).
 * @param estimator - the (unfitted) estimator
 * @param X - samples
 * @param y - targets
 * @param options - cv, groups, fitParams, errorScore; scoring: one name or scorer (default: the estimator's score)
 * @returns one score per split
 * @throws as {@link crossValidate}
 * @example crossValScore(new LogisticRegression(), X, y, { cv: 5, scoring: 'f1_macro' });
 */
export function crossValScore(estimator: Estimator, X: unknown, y?: unknown, options: CVOptions & { scoring?: string | Scorer | null } = {}): Float64Array {
  const o = expectCVOptions<CVOptions & { scoring?: string | Scorer | null }>(options, 'crossValScore options', { ...CV_OPTIONS, scoring: true });
  if (Array.isArray(o.scoring) || (o.scoring !== null && typeof o.scoring === 'object')) throw typeError(`Expected one scoring name or scorer for crossValScore (use crossValidate for several) but received ${describe(o.scoring)}`);
  return crossValidate(estimator, X, y, o).testScore as Float64Array;
}

/** Options of learningCurve. */
export interface LearningCurveOptions extends CVOptions {
  /** Training set sizes: fractions in (0, 1] of the largest training split, or counts (default [0.1, 0.325, 0.55, 0.775, 1]). */
  trainSizes?: readonly number[];
  /** One scoring name or scorer (default: the estimator's score). */
  scoring?: string | Scorer | null;
  /** Shuffle each training split before taking its first rows (default false). */
  shuffle?: boolean;
  /** Seed of that shuffle. */
  randomState?: number | null;
}

/** Scores per training size (rows) and split (columns). */
export interface LearningCurve {
  trainSizes: Int32Array;
  trainScores: number[][];
  testScores: number[][];
  fitTimes: number[][];
  scoreTimes: number[][];
}

function absoluteSizes(sizes: readonly number[], nMax: number): Int32Array {
  if (!Array.isArray(sizes) || sizes.length === 0) throw typeError(`Expected a non-empty array of train sizes but received ${describe(sizes)}`);
  const fractions = sizes.every((s) => typeof s === 'number' && s > 0 && s <= 1) && sizes.some((s) => !Number.isInteger(s) || s < 1);
  const abs = sizes.map((s) => {
    if (typeof s !== 'number' || !Number.isFinite(s)) throw typeError(`Expected numbers for trainSizes but received ${describe(s)}`);
    if (fractions) return Math.max(1, Math.min(nMax, Math.floor(s * nMax)));
    if (!Number.isInteger(s) || s < 1 || s > nMax) throw rangeError(`Expected train sizes as fractions in (0, 1] or counts in [1, ${nMax}] but received ${s}`);
    return s;
  });
  return Int32Array.from([...new Set(abs)].sort((a, b) => a - b));
}

/**
 * Training and test scores for growing training sets (scikit-learn's learning_curve): for each split, the estimator
 * is fitted on the first k rows of the training split for each size k.
 * @param estimator - the (unfitted) estimator
 * @param X - samples
 * @param y - targets
 * @param options - {@link LearningCurveOptions}
 * @returns the absolute sizes and the scores (sizes x splits)
 * @throws as {@link crossValidate}; RangeError for sizes out of range
 * @example const { trainSizes, testScores } = learningCurve(new GaussianNB(), X, y, { cv: 5 });
 */
export function learningCurve(estimator: Estimator, X: unknown, y?: unknown, options: LearningCurveOptions = {}): LearningCurve {
  const o = expectCVOptions<LearningCurveOptions>(options, 'learningCurve options', { ...CV_OPTIONS, trainSizes: true, scoring: true, shuffle: true, randomState: true });
  const ctx = checkedContext(estimator, X, y, { ...o, returnTrainScore: true });
  const splits = resolveSplits(o.cv, estimator, X, y, o.groups);
  const rng = validate.expectBoolean(o.shuffle ?? false, 'shuffle') ? rngFor(seedOption(o.randomState, 'randomState')) : undefined;
  const trainSizes = absoluteSizes(o.trainSizes ?? [0.1, 0.325, 0.55, 0.775, 1], splits[0][0].length);
  const shape = () => Array.from(trainSizes, () => new Array<number>(splits.length));
  const out: LearningCurve = { trainSizes, trainScores: shape(), testScores: shape(), fitTimes: shape(), scoreTimes: shape() };
  const all: FoldResult[] = [];
  splits.forEach(([train, test], j) => {
    const order = rng ? rng.shuffle(train.slice()) : train;
    trainSizes.forEach((k, i) => {
      const r = fitAndScore({ estimator: estimator.clone(), train: order.subarray(0, k), test }, ctx);
      all.push(r);
      out.testScores[i][j] = r.test.score;
      out.trainScores[i][j] = (r.train as Record<string, number>).score;
      out.fitTimes[i][j] = r.fitTime;
      out.scoreTimes[i][j] = r.scoreTime;
    });
  });
  expectSomeFitted(all);
  return out;
}

/**
 * Training and test scores as one parameter varies (scikit-learn's validation_curve).
 * @param estimator - the (unfitted) estimator
 * @param X - samples
 * @param y - targets
 * @param options - paramName and paramRange (required); cv, scoring, groups, fitParams, errorScore
 * @returns scores (values x splits)
 * @throws as {@link crossValidate}; ParamError for an unknown parameter
 * @example validationCurve(new Ridge(), X, y, { paramName: 'alpha', paramRange: [0.1, 1, 10] });
 */
export function validationCurve(estimator: Estimator, X: unknown, y: unknown, options: CVOptions & { paramName: string; paramRange: readonly unknown[]; scoring?: string | Scorer | null }): { trainScores: number[][]; testScores: number[][] } {
  const o = expectCVOptions<CVOptions & { paramName: string; paramRange: unknown[]; scoring?: string | Scorer | null }>(options, 'validationCurve options', { ...CV_OPTIONS, paramName: true, paramRange: true, scoring: true });
  const paramName = validate.expectString(o.paramName, 'paramName');
  if (!Array.isArray(o.paramRange) || o.paramRange.length === 0) throw typeError(`Expected a non-empty array for paramRange but received ${describe(o.paramRange)}`);
  const ctx = checkedContext(estimator, X, y, { ...o, returnTrainScore: true });
  const splits = resolveSplits(o.cv, estimator, X, y, o.groups);
  const all: FoldResult[] = [];
  const rows = o.paramRange.map((value) => splits.map(([train, test]) => {
    const r = fitAndScore({ estimator: estimator.clone().setParams({ [paramName]: value }), train, test }, ctx);
    all.push(r);
    return r;
  }));
  expectSomeFitted(all);
  return {
    trainScores: rows.map((rs) => rs.map((r) => (r.train as Record<string, number>).score)),
    testScores: rows.map((rs) => rs.map((r) => r.test.score)),
  };
}
