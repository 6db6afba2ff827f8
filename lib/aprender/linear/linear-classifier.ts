/**
 * What the linear classifiers share (scikit-learn's LinearClassifierMixin): scores X W^T + b, and the prediction
 * that follows from them (the sign for two classes, the largest score otherwise).
 */
import { argmax } from '../../trueno/ops/reduce';
import type { Tensor } from '../../trueno/tensor';
import type { MatrixLike } from '../base/input';
import { Classifier } from '../base/kinds';
import { decodeLabels } from '../base/labels';
import { linearScores } from './linear-model';

/** A classifier whose decision is linear in X: coef_ ([1, p] for two classes, else [k, p]) and intercept_. */
export abstract class LinearClassifier<P extends object> extends Classifier<P> {
  /** Coefficients, [1, p] for two classes, [k, p] otherwise. */
  coef_?: Tensor<'float64'>;
  /** Intercepts, [1] or [k]. */
  intercept_?: Tensor<'float64'>;
  /** The dtype numeric predictions come back in (y's). */
  labelDType_?: string;

  /**
   * Confidence scores: X W^T + b.
   * @param X - samples with the features seen at fit
   * @returns [n] for two classes (positive: the second class), [n, k] otherwise
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X
   */
  decisionFunction(X: MatrixLike): Tensor<'float64'> {
    const m = this.checkX(X, false);
    const scores = linearScores(m, this.coef_ as Tensor<'float64'>, this.intercept_ as Tensor<'float64'>);
    return (this.classes_ as unknown[]).length === 2 ? scores.reshape([m.rows]) as Tensor<'float64'> : scores;
  }

  /**
   * The predicted class of each sample.
   * @param X - samples
   * @returns labels in y's form (strings, or a Tensor of y's dtype)
   * @throws as decisionFunction
   */
  predict(X: MatrixLike): Tensor | string[] {
    const scores = this.decisionFunction(X);
    const codes = scores.ndim === 2 ? (argmax(scores, { axis: 1 }) as Tensor).data as Int32Array : Int32Array.from(scores.data, (s) => (s > 0 ? 1 : 0));
    return decodeLabels(this.classes_ as (number | string)[], codes, this.labelDType_ as never);
  }
}
