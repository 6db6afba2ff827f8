/**
 * LinearSVC (scikit-learn's, liblinear): a linear SVM, 1/2 ||w||^2 (or ||w||_1) + C sum_i loss_i with the squared
 * hinge (default) or hinge loss, one versus rest for more than two classes, the intercept as liblinear's extra
 * constant feature (interceptScaling, regularized with the rest). dual as scikit-learn resolves it: the dual problem by
 * liblinear's dual coordinate descent in native code; the primal (squared hinge) by L-BFGS, or FISTA for the L1
 * penalty, over trueno's native matrix-vector products with liblinear's primal stopping rules (svm-primal.ts;
 * liblinear itself uses a trust-region Newton method and coordinate descent there; the optima are the same).
 */
import { Random } from '../../common/random';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import { toTargets } from '../base/input';
import { Classifier } from '../base/kinds';
import { encodeLabels, labelDType } from '../base/labels';
import { anyOf, boolean, integer, oneOf, real, seed } from '../base/params';
import { registerEstimators } from '../base/registry';
import { ParamError } from '../errors';
import { sampleWeights } from '../metrics/inputs';
import { svmDualCoordinateDescent } from './kernels';
import { LinearClassifier } from './linear-classifier';
import { classWeights, classWeightSpec, float64Data, type ClassWeight } from './linear-model';
import { primalSquaredHinge } from './svm-primal';

/** LinearSVC's hyperparameters (scikit-learn's names in camelCase, its defaults). */
export interface LinearSVCParams {
  /** 'l2' (default) or 'l1' (sparse weights; squared hinge, primal only). */
  penalty: 'l2' | 'l1';
  /** 'squared_hinge' (default) or 'hinge'. */
  loss: 'squared_hinge' | 'hinge';
  /** 'auto' (default), true or false: which formulation; see the class notes. */
  dual: 'auto' | boolean;
  /** Stopping tolerance on the projected gradient (default 1e-4). */
  tol: number;
  /** Cost of a margin violation (default 1). */
  C: number;
  /** 'ovr' (one versus rest). */
  multiClass: 'ovr';
  /** Fit an intercept (default true). */
  fitIntercept: boolean;
  /** Value of the constant feature that carries the intercept (default 1). */
  interceptScaling: number;
  /** null, 'balanced' or { label: weight }. */
  classWeight: ClassWeight;
  /** Seed of the coordinate order (default null: fresh per fit). */
  randomState: number | null;
  /** Sweep limit per problem (default 1000). */
  maxIter: number;
}

/**
 * Linear support vector classifier. Learned: `coef_` ([1, p] or [k, p]), `intercept_`, `classes_`, `nIter_` (the
 * most sweeps over the one-versus-rest problems).
 * @example
 * const svc = new LinearSVC({ C: 0.5, randomState: 0 }).fit(XTrain, yTrain);
 * svc.decisionFunction(XTest);
 */
export class LinearSVC extends LinearClassifier<LinearSVCParams> {
  static override readonly params = {
    penalty: [oneOf('l2', 'l1'), 'l2'],
    loss: [oneOf('squared_hinge', 'hinge'), 'squared_hinge'],
    dual: [anyOf(oneOf('auto'), boolean()), 'auto'],
    tol: [real({ min: 0, closed: 'neither' }), 1e-4],
    C: [real({ min: 0, closed: 'neither' }), 1],
    multiClass: [oneOf('ovr'), 'ovr'],
    fitIntercept: [boolean(), true],
    interceptScaling: [real({ min: 0, closed: 'neither' }), 1],
    classWeight: [classWeightSpec(), null],
    randomState: [seed(), null],
    maxIter: [integer({ min: 0 }), 1000],
  } as const;
  static override readonly tags = { ...Classifier.tags, tolerance: 1e-4 };

  nIter_?: number;

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    const { C, loss, dual, fitIntercept, interceptScaling, penalty } = this.params;
    if (loss === 'hinge' && dual === false) {
      throw new ParamError(`Expected dual true or 'auto' with loss 'hinge' for ${this.constructor.name} but received dual false (liblinear solves the hinge loss only in the dual)`, 'dual');
    }
    if (penalty === 'l1' && (loss === 'hinge' || dual === true)) {
      throw new ParamError(`Expected loss 'squared_hinge' and dual false or 'auto' with penalty 'l1' for ${this.constructor.name} but received loss '${loss}' and dual ${String(dual)} (liblinear solves it only in the primal)`, 'penalty');
    }
    const m = this.checkX(X, true);
    const t = toTargets(y, m.rows);
    const { classes, codes } = encodeLabels(t, 2, this.constructor.name);
    const sw = sampleWeights(options.sampleWeight, m.rows);
    const perClass = classWeights(this.params.classWeight, classes, codes);
    const x = float64Data(m);
    const k = classes.length, n = m.rows, p = m.cols;
    const problems = k === 2 ? [1] : Array.from({ length: k }, (_, i) => i);
    const seedValue = new Random(this.params.randomState ?? (Math.random() * 2 ** 32) >>> 0).seed();
    // scikit-learn's dual 'auto': the primal when n > p (and the loss allows it), the dual otherwise
    const usePrimal = penalty === 'l1' || (loss === 'squared_hinge' && (dual === false || (dual === 'auto' && n > p)));
    const bias = fitIntercept ? interceptScaling : 0;
    const xAug = usePrimal ? augmented(x, n, p, bias) : undefined;
    const coef = new Float64Array(problems.length * p), intercept = new Float64Array(problems.length);
    let nIter = 0;
    problems.forEach((positive, index) => {
      const yb = Float64Array.from(codes, (c) => (c === positive ? 1 : -1));
      const cost = Float64Array.from(codes, (code, i) => {
        const classWeight = perClass && (k === 2 || code === positive) ? perClass[code] : 1;
        return C * classWeight * (sw ? sw[i] : 1);
      });
      const r = xAug
        ? primalSquaredHinge(xAug, yb, cost, penalty === 'l1', this.params.tol, this.params.maxIter)
        : svmDualCoordinateDescent({ x, y: yb, n, p }, cost, bias, loss === 'hinge', this.params.maxIter, this.params.tol, seedValue);
      const w = 'w' in r ? r.w : Float64Array.of(...r.weights, r.biasWeight);
      coef.set(w.subarray(0, p), index * p);
      intercept[index] = fitIntercept ? interceptScaling * w[p] : 0;
      nIter = Math.max(nIter, r.nIter);
      this.reportProgress({ iteration: index + 1, total: problems.length });
    });
    this.classes_ = classes;
    this.labelDType_ = labelDType(t);
    this.coef_ = Tensor.from(coef, [problems.length, p]) as Tensor<'float64'>;
    this.intercept_ = Tensor.from(intercept) as Tensor<'float64'>;
    this.nIter_ = nIter;
  }

}

/** X with liblinear's bias column (value bias) appended, or X itself as a tensor when bias is 0. */
function augmented(x: Float64Array, n: number, p: number, bias: number): Tensor<'float64'> {
  if (bias === 0) return Tensor.from(x, [n, p]) as Tensor<'float64'>;
  const out = new Float64Array(n * (p + 1));
  for (let i = 0; i < n; i++) {
    out.set(x.subarray(i * p, (i + 1) * p), i * (p + 1));
    out[i * (p + 1) + p] = bias;
  }
  return Tensor.from(out, [n, p + 1]) as Tensor<'float64'>;
}

registerEstimators(LinearSVC);
