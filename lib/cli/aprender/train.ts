/**
 * `aprender train`: read a data file, pick target, features, task and model, hold out a test split, optionally
 * cross-validate on the rest, fit (off the event loop, with progress) and score on the held-out rows.
 */
import type { Estimator, FitProgress } from '../../aprender/base/estimator';
import { trainTestSplit } from '../../aprender/model-selection/train-test-split';
import { ArrowDataset } from '../../alimentar/dataset';
import { prepare, type Targets } from './data';
import { crossValidated, scores, type CvScore, type Scores } from './metrics';
import { familyOf, modelClass, type Task } from './models';
import { checkParams, parseParams } from './params';

/** What `train` is asked to do (the command line, parsed). */
export interface TrainOptions {
  data: string;
  target?: string;
  features?: string[];
  model: string;
  params: string[];
  task?: Task;
  cv?: number;
  /** Share of rows held out for scoring, in [0, 1); 0 fits on every row and reports no held-out metrics. */
  testSize: number;
  /** Seed of the split, the folds' shuffles and the model (when it draws random numbers and --param does not set one). */
  randomState: number;
}

/** What `train` did. */
export interface TrainResult {
  /** The fitted estimator. */
  estimator: Estimator;
  model: string;
  class: string;
  task: Task;
  data: string;
  target: string;
  features: string[];
  rows: { train: number; test: number };
  params: Record<string, unknown>;
  metrics: { heldOut?: Scores; cv?: Record<string, CvScore> };
}

/** A split stratified by class when every class can be on both sides, so small classes still reach the test rows. */
function split(X: ArrowDataset, y: Targets, task: Task, testSize: number, randomState: number): [ArrowDataset, ArrowDataset, Targets, Targets] {
  const counts = new Map<unknown, number>();
  if (task === 'classification') for (const v of y) counts.set(v, (counts.get(v) ?? 0) + 1);
  const stratify = task === 'classification' && [...counts.values()].every((c) => c >= 2) ? y : undefined;
  const [XTrain, XTest, yTrain, yTest] = trainTestSplit<ArrowDataset | Targets>(X, y, { testSize, randomState, stratify });
  return [XTrain as ArrowDataset, XTest as ArrowDataset, yTrain as Targets, yTest as Targets];
}

/**
 * Trains a model as the command line says.
 * @param o - the options
 * @param onProgress - called per fold of the cross-validation and per iteration / tree of the fit, with what runs
 * @returns the fitted estimator and what to report
 * @throws usage errors (model, parameters) before reading any data; the data's errors; the fit's errors
 */
export async function train(o: TrainOptions, onProgress?: (p: FitProgress, stage: string) => void): Promise<TrainResult> {
  const family = familyOf(o.model);
  const given = parseParams(o.params);
  const ds = await ArrowDataset.open(o.data);
  const data = prepare(ds, o.data, { target: o.target, features: o.features, task: o.task });
  const cls = modelClass(family, data.task);
  checkParams(cls, given);
  const params = { ...given };
  if (Object.hasOwn(cls.params, 'randomState') && !Object.hasOwn(params, 'randomState')) params.randomState = o.randomState;
  const estimator = new cls(params);

  const [XTrain, XTest, yTrain, yTest] = o.testSize > 0 ? split(data.X, data.y, data.task, o.testSize, o.randomState) : [data.X, undefined, data.y, undefined];
  const cv = o.cv === undefined ? undefined : await crossValidated(estimator, XTrain, yTrain, o.cv, data.task, (done, total) => onProgress?.({ iteration: done, total }, `cross-validate ${cls.name}`));
  await estimator.fitAsync(XTrain, yTrain, { onProgress: (p) => onProgress?.(p, `fit ${cls.name}`) });
  const heldOut = XTest === undefined ? undefined : scores(data.task, yTest, (estimator as unknown as { predict(X: unknown): unknown }).predict(XTest));
  return {
    estimator, model: family.name, class: cls.name, task: data.task, data: o.data, target: data.target, features: data.features,
    rows: { train: XTrain.numRows, test: XTest?.numRows ?? 0 }, params: estimator.getParams(false), metrics: { heldOut, cv },
  };
}
