/**
 * SGDClassifier (scikit-learn's): linear classifiers (SVM with 'hinge', logistic regression with 'log_loss', ...)
 * fitted by plain SGD, one versus rest for more than two classes, each binary problem's epochs run by the native
 * kernel. partialFit continues from the current model with the classes given on the first call.
 */
import { Random } from '../../common/random';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { MatrixLike, TargetLike } from '../base/input';
import { toTargets } from '../base/input';
import { Classifier } from '../base/kinds';
import { encodeLabels, encodeWith, labelDType } from '../base/labels';
import { oneOf } from '../base/params';
import { registerEstimators } from '../base/registry';
import { NumericError, rangeError, typeError } from '../errors';
import { sampleWeights } from '../metrics/inputs';
import { SgdSolver, type DenseProblem } from './kernels';
import { LinearClassifier } from './linear-classifier';
import { classWeights, classWeightSpec, float64Data, type ClassWeight } from './linear-model';
import { runSgd, sgdParamSpecs, sgdSettings, validationSplit, type SgdParams } from './sgd';
import { untracked } from '../../trueno/result-memory';
import { SGD_NSCALARS, SgdStateCode } from '../../trueno/backend/ops.generated';

/** SGDClassifier's hyperparameters. */
export interface SGDClassifierParams extends SgdParams {
  /** 'hinge' (default), 'log_loss', 'modified_huber', 'squared_hinge', 'perceptron', or a regression loss. */
  loss: 'hinge' | 'log_loss' | 'modified_huber' | 'squared_hinge' | 'perceptron' | 'squared_error' | 'huber' |
    'epsilon_insensitive' | 'squared_epsilon_insensitive';
  /** null, 'balanced' or { label: weight }. */
  classWeight: ClassWeight;
}

/**
 * A linear classifier fitted by stochastic gradient descent. Learned: `coef_` ([1, p] or [k, p]), `intercept_`,
 * `classes_`, `nIter_` (epochs, the most over the one-versus-rest problems), `t_` (samples seen + 1).
 * @example
 * const clf = new SGDClassifier({ loss: 'log_loss', randomState: 0 }).fit(XTrain, yTrain);
 * clf.predictProba(XTest);
 */
export class SGDClassifier extends LinearClassifier<SGDClassifierParams> {
  static override readonly params = {
    loss: [oneOf('hinge', 'log_loss', 'modified_huber', 'squared_hinge', 'perceptron', 'squared_error', 'huber',
      'epsilon_insensitive', 'squared_epsilon_insensitive'), 'hinge'],
    ...sgdParamSpecs('optimal', 0.5),
    classWeight: [classWeightSpec(), null],
  } as const;
  static override readonly tags = { ...Classifier.tags, randomized: true, tolerance: 1e-4 };

  nIter_?: number;
  t_?: number;
  /** Per problem: the kernel state (w, intercept, averages, t, L1 bookkeeping), kept for partialFit. */
  state_?: Float64Array[];

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    const m = this.checkX(X, true);
    const t = toTargets(y, m.rows);
    const { classes, codes } = encodeLabels(t, 2, this.constructor.name);
    this.classes_ = classes;
    this.labelDType_ = labelDType(t);
    this.learn(float64Data(m), m.rows, m.cols, codes, sampleWeights(options.sampleWeight, m.rows), this.params.maxIter, undefined);
  }

  /**
   * One epoch over (X, y), continuing from the current model (the first call fixes the classes).
   * @param X - samples
   * @param y - their labels
   * @param options - classes: every label y may hold (required on the first call); sampleWeight
   * @returns this
   * @throws ParamError; TypeError / RangeError for bad X, y or classes; FeatureMismatchError after the first call
   */
  partialFit(X: MatrixLike, y: TargetLike, options: FitOptions & { classes?: readonly (number | string)[] } = {}): this {
    options = this.checkFitOptions<FitOptions & { classes?: readonly (number | string)[] }>(options, 'partialFit', { ...this.fitOptionKeys(), classes: true });
    return untracked(() => {
      this.validateParams();
      const first = this.classes_ === undefined;
      const m = this.checkX(X, first);
      const t = toTargets(y, m.rows);
      if (first) {
        const given = options.classes;
        if (!Array.isArray(given) || given.length < 2) {
          throw typeError(`Expected classes (every label, at least 2) on the first partialFit of ${this.constructor.name} but received ${JSON.stringify(given)}`);
        }
        const sorted = [...given].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        this.classes_ = sorted as number[] | string[];
        this.labelDType_ = labelDType(t);
      }
      const codes = encodeWith(t, this.classes_ as (number | string)[]);
      this.learn(float64Data(m), m.rows, m.cols, codes, sampleWeights(options.sampleWeight, m.rows), 1, this.state_);
      return this;
    });
  }

  private learn(x: Float64Array, n: number, p: number, codes: Int32Array, sw: Float64Array | undefined, maxIter: number,
    previous: Float64Array[] | undefined): void {
    const params = this.params;
    const classes = this.classes_ as (number | string)[];
    const k = classes.length;
    const random = new Random(params.randomState ?? (Math.random() * 2 ** 32) >>> 0);
    const perClass = classWeights(params.classWeight, classes, codes);
    const problems = k === 2 ? [1] : Array.from({ length: k }, (_, i) => i);
    const { train, validation } = validationSplit(n, params.validationFraction, params.earlyStopping, random, codes);
    const t0 = this.t_ ?? 1;
    const states: Float64Array[] = [];
    let nIter = 0;
    const weights = new Float64Array(problems.length * p), intercepts = new Float64Array(problems.length);
    const logLoss = params.loss === 'log_loss';
    problems.forEach((positive, index) => {
      const y = Float64Array.from(codes, (c) => (c === positive ? 1 : logLoss ? 0 : -1));
      const problem: DenseProblem = { x, y, sw, n, p };
      const wPos = perClass ? perClass[positive] : 1;
      const wNeg = k === 2 && perClass ? perClass[0] : 1;
      const settings = sgdSettings(params, params.loss, wPos, wNeg);
      const solver = new SgdSolver(problem, settings);
      if (previous) solver.state.set(previous[index]);
      solver.state[p + SgdStateCode.T] = t0;
      solver.state[p + SgdStateCode.U] = 0; // scikit-learn restarts the L1 bookkeeping per call
      solver.state.fill(0, 2 * p + SGD_NSCALARS);
      const score = validation.length ? (w: Float64Array, b: number) => {
        let right = 0, total = 0;
        for (const i of validation) {
          let s = b;
          for (let j = 0; j < p; j++) s += w[j] * x[i * p + j];
          const wi = sw ? sw[i] : 1;
          total += wi;
          if ((s > 0) === (y[i] > 0)) right += wi;
        }
        return right / total;
      } : undefined;
      let run;
      try {
        run = runSgd(problem, train, settings, params, random, score,
          (epoch, loss) => this.reportProgress({ iteration: epoch, total: maxIter, loss }), maxIter, solver);
      } catch (e) {
        throw new NumericError(`${(e as Error).message} (${this.constructor.name})`);
      }
      nIter = Math.max(nIter, run.nIter);
      states.push(run.solver.state);
      const tAfter = t0 + run.nIter * n;
      const averaged = settings.average > 0 && settings.average <= tAfter - 1;
      const coef = run.solver.coef(averaged);
      weights.set(coef.weights, index * p);
      intercepts[index] = coef.intercept;
    });
    this.t_ = t0 + nIter * n;
    this.nIter_ = nIter;
    this.state_ = states;
    this.coef_ = Tensor.from(weights, [problems.length, p]) as Tensor<'float64'>;
    this.intercept_ = Tensor.from(intercepts) as Tensor<'float64'>;
  }

  /**
   * Class probabilities (loss 'log_loss': the sigmoid of each score, normalized over classes; 'modified_huber':
   * (clip(score, -1, 1) + 1) / 2, normalized, as scikit-learn).
   * @param X - samples
   * @returns [n, k]
   * @throws RangeError for another loss; as decisionFunction
   */
  predictProba(X: MatrixLike): Tensor<'float64'> {
    const scores = this.decisionFunction(X);
    const loss = this.params.loss;
    if (loss !== 'log_loss' && loss !== 'modified_huber') {
      throw rangeError(`Expected loss 'log_loss' or 'modified_huber' for predictProba of ${this.constructor.name} but received '${loss}'`);
    }
    const k = (this.classes_ as unknown[]).length;
    const n = scores.ndim === 2 ? scores.shape[0] : scores.size;
    const f = loss === 'log_loss' ? (s: number) => (s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s)))
      : (s: number) => (Math.min(1, Math.max(-1, s)) + 1) / 2;
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      if (k === 2) {
        const pp = f(scores.data[i]);
        out[2 * i] = 1 - pp;
        out[2 * i + 1] = pp;
        continue;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += (out[i * k + c] = f(scores.data[i * k + c]));
      for (let c = 0; c < k; c++) out[i * k + c] = sum === 0 ? 1 / k : out[i * k + c] / sum;
    }
    return Tensor.from(out, [n, k]) as Tensor<'float64'>;
  }

}

registerEstimators(SGDClassifier);
