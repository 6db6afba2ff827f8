/**
 * What SGDClassifier and SGDRegressor share (scikit-learn's BaseSGD): the parameters, the epoch loop around the
 * native one-epoch kernel (a fresh shuffle per epoch from the seeded Random), scikit-learn's stopping rule (the mean
 * objective, or the validation score with earlyStopping, failing to improve by tol nIterNoChange epochs in a row) and
 * the adaptive schedule (eta / 5 on each such stall until eta <= 1e-6).
 */
import type { Random } from '../../common/random';
import { anyOf, boolean, integer, nullable, oneOf, real, seed } from '../base/params';
import { rangeError } from '../errors';
import { SgdSolver, type DenseProblem, type SgdSettings } from './kernels';

/** The hyperparameters both SGD estimators have (scikit-learn's names in camelCase). */
export interface SgdParams {
  /** 'l2', 'l1', 'elasticnet' or null. */
  penalty: 'l2' | 'l1' | 'elasticnet' | null;
  /** Regularization strength (default 1e-4; also sets the 'optimal' learning rate). */
  alpha: number;
  /** Elastic-net mixing (default 0.15). */
  l1Ratio: number;
  /** Fit an intercept (default true). */
  fitIntercept: boolean;
  /** Epoch limit (default 1000). */
  maxIter: number;
  /** Stop when the objective (or validation score) improves by less than tol nIterNoChange times (default 1e-3; null: never). */
  tol: number | null;
  /** Shuffle the samples every epoch (default true). */
  shuffle: boolean;
  /** Epsilon of huber / epsilon_insensitive losses (default 0.1). */
  epsilon: number;
  /** Seed of the shuffles and the validation split (default null: fresh per fit). */
  randomState: number | null;
  /** 'constant', 'optimal', 'invscaling' or 'adaptive'. */
  learningRate: 'constant' | 'optimal' | 'invscaling' | 'adaptive';
  /** Initial learning rate (default 0.01). */
  eta0: number;
  /** invscaling exponent. */
  powerT: number;
  /** Hold out validationFraction of the samples and stop on their score (default false). */
  earlyStopping: boolean;
  /** Held-out share with earlyStopping (default 0.1). */
  validationFraction: number;
  /** Epochs without improvement before stopping (default 5). */
  nIterNoChange: number;
  /** false, true (average from the first sample) or an integer: average from that many samples on. */
  average: boolean | number;
}

/** The parameter table entries both SGD estimators declare (each adds loss and its own defaults). */
export const sgdParamSpecs = (learningRate: SgdParams['learningRate'], powerT: number) => ({
  penalty: [nullable(oneOf('l2', 'l1', 'elasticnet')), 'l2'],
  alpha: [real({ min: 0 }), 1e-4],
  l1Ratio: [real({ min: 0, max: 1 }), 0.15],
  fitIntercept: [boolean(), true],
  maxIter: [integer({ min: 1 }), 1000],
  tol: [nullable(real({ min: 0 })), 1e-3],
  shuffle: [boolean(), true],
  epsilon: [real({ min: 0 }), 0.1],
  randomState: [seed(), null],
  learningRate: [oneOf('constant', 'optimal', 'invscaling', 'adaptive'), learningRate],
  eta0: [real({ min: 0, closed: 'neither' }), 0.01],
  powerT: [real({ min: 0 }), powerT],
  earlyStopping: [boolean(), false],
  validationFraction: [real({ min: 0, max: 1, closed: 'neither' }), 0.1],
  nIterNoChange: [integer({ min: 1 }), 5],
  average: [anyOf(boolean(), integer({ min: 1 })), false],
} as const);

/** The kernel settings of one binary or regression problem. */
export function sgdSettings(p: SgdParams, loss: SgdSettings['loss'], weightPos: number, weightNeg: number): SgdSettings {
  if (p.learningRate === 'optimal' && !(p.alpha > 0)) {
    throw rangeError(`Expected alpha > 0 with learningRate 'optimal' but received ${p.alpha}`);
  }
  return {
    loss, lossParam: loss === 'perceptron' ? 0 : loss === 'hinge' || loss === 'squared_hinge' ? 1 : p.epsilon,
    penalty: p.penalty ?? 'none', alpha: p.alpha, l1Ratio: p.l1Ratio,
    schedule: p.learningRate === 'adaptive' ? 'constant' : p.learningRate, eta0: p.eta0, powerT: p.powerT,
    fitIntercept: p.fitIntercept, weightPos, weightNeg, average: p.average === true ? 1 : p.average === false ? 0 : p.average,
  };
}

/** Scores the current model on the held-out samples (accuracy or R²); higher is better. */
export type ValidationScore = (weights: Float64Array, intercept: number) => number;

/** How one SGD run went. */
export interface SgdRun {
  solver: SgdSolver;
  nIter: number;
}

/**
 * Runs epochs until scikit-learn's stopping rule or maxIter.
 * @param problem - the training rows (validation rows already left out of `train`)
 * @param train - the indices of the training rows
 * @param settings - the kernel settings
 * @param p - the estimator's parameters
 * @param random - shuffles
 * @param validation - the held-out score with earlyStopping
 * @param onEpoch - progress
 * @param solver - an existing state to continue (partialFit), else a fresh one
 */
export function runSgd(problem: DenseProblem, train: Int32Array, settings: SgdSettings, p: SgdParams, random: Random,
  validation: ValidationScore | undefined, onEpoch: (epoch: number, objective: number) => void, maxIter: number,
  solver = new SgdSolver(problem, settings)): SgdRun {
  const tol = p.tol ?? -Infinity;
  let eta = p.eta0, best = Infinity, bestScore = -Infinity, stall = 0, epoch = 0;
  const order = Int32Array.from(train);
  while (epoch < maxIter) {
    if (p.shuffle) random.shuffle(order);
    const objective = solver.epoch(order) / order.length;
    epoch++;
    if (!Number.isFinite(objective)) {
      throw rangeError(`Floating-point under-/overflow occurred at epoch #${epoch}: scaling X (StandardScaler) might help`);
    }
    onEpoch(epoch, objective);
    if (validation) {
      const { weights, intercept } = solver.coef(false);
      const score = validation(weights, intercept);
      stall = tol > -Infinity && score < bestScore + tol ? stall + 1 : 0;
      bestScore = Math.max(bestScore, score);
    } else {
      stall = tol > -Infinity && objective > best - tol ? stall + 1 : 0;
      best = Math.min(best, objective);
    }
    if (stall >= p.nIterNoChange) {
      if (p.learningRate === 'adaptive' && eta > 1e-6) {
        eta /= 5;
        solver.setEta0(eta);
        stall = 0;
      } else break;
    }
  }
  return { solver, nIter: epoch };
}

/**
 * The training and validation rows: all rows for training without earlyStopping; else a shuffled split holding out
 * ceil(fraction n) rows, per class when `strata` is given (scikit-learn's StratifiedShuffleSplit / ShuffleSplit).
 */
export function validationSplit(n: number, fraction: number, earlyStopping: boolean, random: Random,
  strata?: Int32Array): { train: Int32Array; validation: Int32Array } {
  if (!earlyStopping) return { train: Int32Array.from({ length: n }, (_, i) => i), validation: new Int32Array(0) };
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = strata ? strata[i] : 0;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(i);
  }
  const nVal = Math.ceil(fraction * n);
  const held: number[] = [];
  for (const rows of groups.values()) {
    random.shuffle(rows);
    held.push(...rows.slice(0, Math.round((nVal * rows.length) / n)));
  }
  const isHeld = new Uint8Array(n);
  for (const i of held) isHeld[i] = 1;
  const train = Int32Array.from({ length: n }, (_, i) => i).filter((i) => !isHeld[i]);
  if (held.length === 0 || train.length === 0) {
    throw rangeError(`Expected a non-empty train and validation set from ${n} samples with validationFraction ${fraction} but received ${train.length} and ${held.length}; change validationFraction or disable earlyStopping`);
  }
  return { train, validation: Int32Array.from(held).sort() };
}
