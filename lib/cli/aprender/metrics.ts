/**
 * The numbers `train` and `evaluate` report: accuracy and macro F1 for classification, R², RMSE and MAE for
 * regression, on held-out rows and as cross-validation mean ± standard deviation (scikit-learn's scorers).
 */
import type { Estimator } from '../../aprender/base/estimator';
import * as m from '../../aprender/metrics/index';
import { expectSomeFitted, fitAndScoreAsync, resolveSplits, type FoldContext } from '../../aprender/model-selection/cross-validation';
import { scorers } from '../../aprender/model-selection/scoring';
import { renderTable } from '../../common/format';
import type { Task } from './models';

/** Metric name to value. */
export type Scores = Record<string, number>;

/** One metric across the cross-validation folds. */
export interface CvScore {
  mean: number;
  std: number;
  folds: number[];
}

/** Each metric: a scikit-learn scorer name and whether that scorer is negated (a loss). */
const METRICS: Record<Task, readonly { name: string; scorer: string; negated: boolean }[]> = {
  classification: [
    { name: 'accuracy', scorer: 'accuracy', negated: false },
    { name: 'f1_macro', scorer: 'f1_macro', negated: false },
  ],
  regression: [
    { name: 'r2', scorer: 'r2', negated: false },
    { name: 'rmse', scorer: 'neg_root_mean_squared_error', negated: true },
    { name: 'mae', scorer: 'neg_mean_absolute_error', negated: true },
  ],
};

/**
 * The metrics of predictions against the truth.
 * @param task - which metrics
 * @param yTrue - the targets
 * @param yPred - the predictions
 * @returns accuracy and f1_macro, or r2, rmse and mae
 */
export function scores(task: Task, yTrue: unknown, yPred: unknown): Scores {
  if (task === 'classification') {
    return { accuracy: m.accuracyScore(yTrue, yPred), f1_macro: m.f1Score(yTrue, yPred, { average: 'macro' }) as number };
  }
  return { r2: m.r2Score(yTrue, yPred) as number, rmse: m.rootMeanSquaredError(yTrue, yPred) as number, mae: m.meanAbsoluteError(yTrue, yPred) as number };
}

/**
 * Cross-validates an unfitted estimator: k folds (stratified for class labels), scikit-learn's scorers, as
 * cross_validate; each fold is fitted off the event loop (fitAsync), so a progress bar can follow the folds.
 * @param estimator - the estimator (cloned per fold, never fitted itself)
 * @param X - samples
 * @param y - targets
 * @param k - folds
 * @param task - which metrics
 * @param onFold - called after each fold with the folds done and their number
 * @returns each metric's mean, standard deviation (ddof 0, as numpy) and per-fold values
 * @throws the first fold's fit error (errorScore 'raise')
 */
export async function crossValidated(estimator: Estimator, X: unknown, y: unknown, k: number, task: Task, onFold?: (done: number, total: number) => void): Promise<Record<string, CvScore>> {
  const metrics = METRICS[task];
  const ctx: FoldContext = { X, y, scorers: scorers(metrics.map((x) => x.scorer), estimator).scorers, returnTrainScore: false, errorScore: 'raise' };
  const splits = resolveSplits(k, estimator, X, y, undefined);
  const results = [];
  for (const [train, test] of splits) {
    results.push(await fitAndScoreAsync({ estimator: estimator.clone(), train, test }, ctx));
    onFold?.(results.length, splits.length);
  }
  expectSomeFitted(results);
  const out: Record<string, CvScore> = {};
  for (const metric of metrics) {
    const folds = results.map((r) => (metric.negated ? -r.test[metric.scorer] : r.test[metric.scorer]));
    const mean = folds.reduce((a, b) => a + b, 0) / folds.length;
    const std = Math.sqrt(folds.reduce((a, b) => a + (b - mean) ** 2, 0) / folds.length);
    out[metric.name] = { mean, std, folds };
  }
  return out;
}

function fixed(v: number): string {
  return Number.isFinite(v) ? v.toFixed(4) : String(v);
}

/**
 * The metrics table: one row per metric, a column for the held-out rows and one for cross-validation.
 * @param heldOut - held-out metrics, if any
 * @param cv - cross-validation metrics, if any
 * @param heldOutTitle - the held-out column's title
 * @returns the table, or '' when there is nothing to show
 */
export function renderScores(heldOut: Scores | undefined, cv: Record<string, CvScore> | undefined, heldOutTitle = 'held-out'): string {
  const names = Object.keys(heldOut ?? cv ?? {});
  if (names.length === 0) return '';
  const header = ['metric', ...(heldOut ? [heldOutTitle] : []), ...(cv ? [`cv (${cv[names[0]].folds.length} folds) mean ± std`] : [])];
  const rows = names.map((n) => [n, ...(heldOut ? [fixed(heldOut[n])] : []), ...(cv ? [`${fixed(cv[n].mean)} ± ${fixed(cv[n].std)}`] : [])]);
  return renderTable(header, rows);
}
