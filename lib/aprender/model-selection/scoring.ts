/**
 * Scorers: scikit-learn's scoring names ('accuracy', 'r2', 'neg_mean_squared_error', 'f1_macro', 'roc_auc', ...) and
 * what each asks of the estimator (predict, predictProba or decisionFunction). Greater is better for every scorer,
 * so losses are negated ('neg_...').
 */
import type { Estimator } from '../base/estimator';
import type { MatrixLike, TargetLike } from '../base/input';
import { describe, rangeError, typeError } from '../errors';
import * as m from '../metrics/index';
import { isUsableTensor, type Tensor } from '../../trueno/tensor';

/** A scorer: (fitted estimator, X, y) → a number, greater is better. */
export type Scorer = (estimator: Estimator, X: unknown, y: unknown) => number;

/** What `scoring` may be: a name, a scorer, null (the estimator's own score), or several as a list or object. */
export type Scoring = string | Scorer | null | readonly string[] | Readonly<Record<string, string | Scorer>>;

type Method = (X: MatrixLike) => Tensor | string[];

function call(est: Estimator, method: string, X: unknown): Tensor | string[] {
  const fn = (est as unknown as Record<string, Method | undefined>)[method];
  if (typeof fn !== 'function') throw typeError(`Expected ${est.constructor.name} to have ${method} for this scoring but it does not`);
  return fn.call(est, X as MatrixLike);
}

/** The score of the positive class for binary ranking scorers: decisionFunction, else predictProba's last column. */
function positiveScore(est: Estimator, X: unknown): Tensor | Float64Array {
  const e = est as unknown as Record<string, unknown>;
  if (typeof e.decisionFunction === 'function') {
    const d = call(est, 'decisionFunction', X) as Tensor;
    if (d.ndim === 1 || d.shape[1] === 1) return d;
  }
  const p = call(est, 'predictProba', X) as Tensor;
  if (!isUsableTensor(p) || p.ndim !== 2) return p;
  const k = p.shape[1];
  const data = p.data as Float64Array;
  return Float64Array.from({ length: p.shape[0] }, (_, i) => data[i * k + k - 1]);
}

/** The classes the estimator learned, so losses see every class even when a fold lacks one. */
function classesOf(est: Estimator): (number | string)[] | undefined {
  return (est as unknown as { classes_?: (number | string)[] }).classes_;
}

function predicted(metric: (yTrue: unknown, yPred: unknown) => number, sign = 1): Scorer {
  return (est, X, y) => sign * metric(y, call(est, 'predict', X));
}

const prf = (fn: typeof m.f1Score, average: m.Average) => predicted((t, p) => fn(t, p, { average: average as 'macro' }) as number);

/** Every named scorer. */
const SCORERS: Record<string, Scorer> = {
  accuracy: predicted((t, p) => m.accuracyScore(t, p)),
  balanced_accuracy: predicted((t, p) => m.balancedAccuracyScore(t, p)),
  f1: prf(m.f1Score, 'binary'), f1_micro: prf(m.f1Score, 'micro'), f1_macro: prf(m.f1Score, 'macro'), f1_weighted: prf(m.f1Score, 'weighted'),
  precision: prf(m.precisionScore, 'binary'), precision_micro: prf(m.precisionScore, 'micro'), precision_macro: prf(m.precisionScore, 'macro'), precision_weighted: prf(m.precisionScore, 'weighted'),
  recall: prf(m.recallScore, 'binary'), recall_micro: prf(m.recallScore, 'micro'), recall_macro: prf(m.recallScore, 'macro'), recall_weighted: prf(m.recallScore, 'weighted'),
  roc_auc: (est, X, y) => m.rocAucScore(y, positiveScore(est, X)) as number,
  roc_auc_ovr: (est, X, y) => m.rocAucScore(y, call(est, 'predictProba', X), { multiClass: 'ovr', labels: classesOf(est) }) as number,
  roc_auc_ovo: (est, X, y) => m.rocAucScore(y, call(est, 'predictProba', X), { multiClass: 'ovo', labels: classesOf(est) }) as number,
  roc_auc_ovr_weighted: (est, X, y) => m.rocAucScore(y, call(est, 'predictProba', X), { multiClass: 'ovr', average: 'weighted', labels: classesOf(est) }) as number,
  roc_auc_ovo_weighted: (est, X, y) => m.rocAucScore(y, call(est, 'predictProba', X), { multiClass: 'ovo', average: 'weighted', labels: classesOf(est) }) as number,
  average_precision: (est, X, y) => m.averagePrecisionScore(y, positiveScore(est, X)) as number,
  neg_log_loss: (est, X, y) => -m.logLoss(y, call(est, 'predictProba', X), { labels: classesOf(est) }),
  r2: predicted((t, p) => m.r2Score(t, p)),
  explained_variance: predicted((t, p) => m.explainedVarianceScore(t, p)),
  neg_mean_squared_error: predicted((t, p) => m.meanSquaredError(t, p), -1),
  neg_root_mean_squared_error: predicted((t, p) => m.rootMeanSquaredError(t, p), -1),
  neg_mean_absolute_error: predicted((t, p) => m.meanAbsoluteError(t, p), -1),
  neg_mean_absolute_percentage_error: predicted((t, p) => m.meanAbsolutePercentageError(t, p), -1),
  neg_median_absolute_error: predicted((t, p) => m.medianAbsoluteError(t, p), -1),
  adjusted_rand_score: predicted((t, p) => m.adjustedRandScore(t, p)),
  mutual_info_score: predicted((t, p) => m.mutualInfoScore(t, p)),
  normalized_mutual_info_score: predicted((t, p) => m.normalizedMutualInfoScore(t, p)),
};

/**
 * The scoring names {@link getScorer} knows.
 * @returns the names, sorted
 */
export function scorerNames(): string[] {
  return Object.keys(SCORERS).sort();
}

/**
 * A scorer by name (scikit-learn's get_scorer), a function as it is, or null for the estimator's own `score`.
 * @param scoring - the name, a scorer function, or null
 * @returns the scorer
 * @throws RangeError for an unknown name; TypeError for another kind of value
 * @example getScorer('f1_macro')(clf, XTest, yTest);
 */
export function getScorer(scoring: string | Scorer | null | undefined): Scorer {
  if (scoring === undefined || scoring === null) return ownScore;
  if (typeof scoring === 'function') return scoring;
  if (typeof scoring !== 'string') throw typeError(`Expected a scoring name, a scorer function or null but received ${describe(scoring)}`);
  const s = SCORERS[scoring];
  if (s === undefined) throw rangeError(`Expected one of the scoring names (${scorerNames().join(', ')}) but received '${scoring}'`);
  return s;
}

const ownScore: Scorer = (est, X, y) => {
  const score = (est as unknown as { score?: (X: MatrixLike, y: TargetLike) => number }).score;
  if (typeof score !== 'function') throw typeError(`Expected a scoring option, or an estimator with a score method, but ${est.constructor.name} has no score`);
  return score.call(est, X as MatrixLike, y as TargetLike);
};

/**
 * Several scorers by name: one name or function gives `{ score }`, a list of names `{ name: scorer }`, an object as
 * it is (values resolved).
 * @param scoring - the scoring option
 * @param estimator - the estimator to score: without scoring it must have a score method (checked here, before fitting)
 * @returns the scorers and whether there are several (scikit-learn's multimetric)
 * @throws as {@link getScorer}; RangeError for an empty list or repeated names
 */
export function scorers(scoring: Scoring | undefined, estimator?: Estimator): { scorers: Record<string, Scorer>; multi: boolean } {
  if ((scoring === undefined || scoring === null) && estimator !== undefined && typeof (estimator as unknown as { score?: unknown }).score !== 'function') {
    throw typeError(`Expected a scoring option, or an estimator with a score method, but ${estimator.constructor.name} has no score`);
  }
  if (Array.isArray(scoring)) {
    if (scoring.length === 0 || new Set(scoring).size !== scoring.length) throw rangeError(`Expected a non-empty list of distinct scoring names but received ${describe(scoring)}`);
    return { scorers: Object.fromEntries(scoring.map((s: string) => [s, getScorer(s)])), multi: true };
  }
  if (scoring !== null && typeof scoring === 'object') {
    const entries = Object.entries(scoring as Record<string, string | Scorer>);
    if (entries.length === 0) throw rangeError('Expected at least one scorer in the scoring object but received none');
    return { scorers: Object.fromEntries(entries.map(([k, v]) => [k, getScorer(v)])), multi: true };
  }
  return { scorers: { score: getScorer(scoring as string | Scorer | null | undefined) }, multi: false };
}

