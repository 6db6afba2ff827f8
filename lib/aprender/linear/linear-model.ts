/**
 * Pieces shared by the linear classifiers: the decision function X W^T + b through trueno's matmul, class weights
 * as scikit-learn's compute_class_weight, and the float64 view of X the kernels need.
 */
import { add } from '../../trueno/ops/elementwise';
import { matmul, transpose } from '../../trueno/ops/matrix';
import { Tensor } from '../../trueno/tensor';
import { rangeError } from '../errors';
import type { Matrix } from '../base/input';
import { anyOf, custom, nullable, oneOf } from '../base/params';

/** X's elements as float64 (a view when X already is float64). */
export const float64Data = (m: Matrix): Float64Array => (m.data instanceof Float64Array ? m.data : Float64Array.from(m.data));

/** X (n x p) @ coef^T (coef: k x p) + intercept (k), as an n x k float64 tensor. */
export function linearScores(m: Matrix, coef: Tensor<'float64'>, intercept: Tensor<'float64'>): Tensor<'float64'> {
  const x = m.tensor.dtype === 'float64' ? m.tensor : Tensor.from(float64Data(m), [m.rows, m.cols]);
  return add(matmul(x, transpose(coef)), intercept) as Tensor<'float64'>;
}

/** The classWeight parameter: null, 'balanced', or a weight per class label. */
export const classWeightSpec = () => nullable(anyOf(oneOf('balanced'),
  custom('an object of class label -> weight', (v) => typeof v === 'object' && v !== null && !Array.isArray(v) &&
    Object.values(v).every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0))));

/** classWeight's accepted values. */
export type ClassWeight = null | 'balanced' | Record<string, number>;

/**
 * The weight of each class (scikit-learn's compute_class_weight), or undefined for classWeight null. 'balanced' is
 * n / (k * count(class)), with weighted counts when sample weights are given (as LogisticRegression does in 1.9).
 * @throws RangeError for a label in classWeight that is not a class
 */
export function classWeights(classWeight: ClassWeight, classes: readonly (number | string)[], codes: Int32Array,
  sw?: Float64Array): Float64Array | undefined {
  if (classWeight === null) return undefined;
  const k = classes.length;
  if (classWeight === 'balanced') {
    const counts = new Float64Array(k);
    let total = 0;
    codes.forEach((c, i) => {
      const w = sw ? sw[i] : 1;
      counts[c] += w;
      total += w;
    });
    return Float64Array.from(counts, (c) => total / (k * c));
  }
  const known = new Set(classes.map(String));
  for (const label of Object.keys(classWeight)) {
    if (!known.has(label)) throw rangeError(`Expected class labels among ${JSON.stringify(classes)} in classWeight but received '${label}'`);
  }
  return Float64Array.from(classes, (c) => classWeight[String(c)] ?? 1);
}

/** Per-sample weights: the class weight of each sample times its sample weight (or the sample weights alone). */
export function applyClassWeight(classWeight: ClassWeight, classes: readonly (number | string)[], codes: Int32Array,
  sw: Float64Array | undefined): Float64Array | undefined {
  const perClass = classWeights(classWeight, classes, codes, sw);
  if (!perClass) return sw;
  return Float64Array.from(codes, (c, i) => perClass[c] * (sw ? sw[i] : 1));
}
