/**
 * LabelEncoder: target labels (numbers or strings) to codes 0..k-1 and back (scikit-learn's LabelEncoder). It fits
 * on y alone: `fit(y)`, `transform(y)` (the common checks run it with the 'labels' input tag).
 */
import type { DType } from '../../trueno/dtype';
import { isUsableTensor, Tensor } from '../../trueno/tensor';
import { Estimator } from '../base/estimator';
import { toTargets, type MatrixLike, type TargetLike } from '../base/input';
import { decodeLabels, encodeLabels, encodeWith, labelDType } from '../base/labels';
import { registerEstimators } from '../base/registry';
import { describe, rangeError, typeError } from '../errors';

/** LabelEncoder has no hyperparameters. */
export type LabelEncoderParams = Record<string, never>;

function labels(y: unknown): ReturnType<typeof toTargets> {
  if (isUsableTensor(y)) return toTargets(y, y.shape[0] ?? 0);
  const n = (y as { length?: unknown } | null)?.length;
  if (typeof y === 'string' || typeof n !== 'number') throw typeError(`Expected a Tensor, TypedArray, number[], string[] or Arrow column for y but received ${describe(y)}`);
  return toTargets(y, n);
}

/**
 * Encodes labels as 0..k-1 in sorted order of the classes.
 * Learned: `classes_` (sorted distinct labels), `labelDType_` (the dtype numeric labels come back in).
 * @example
 * const le = new LabelEncoder().fit(['paris', 'tokyo', 'paris']);
 * le.classes_;                       // ['paris', 'tokyo']
 * le.transform(['tokyo']).data;      // Int32Array [1]
 * le.inverseTransform([1, 0]);       // ['tokyo', 'paris']
 */
export class LabelEncoder extends Estimator<LabelEncoderParams> {
  static override readonly params = {} as const;
  static override readonly tags = { kind: 'transformer' as const, input: 'labels' as const };

  /** The distinct labels, sorted (numbers ascending, strings in code-unit order). */
  classes_?: number[] | string[];
  /** The dtype of numeric labels at fit, for inverseTransform. */
  labelDType_?: DType;

  /**
   * Learns the classes of y (the `X` position holds y, as scikit-learn's `fit(y)`).
   * @param y - labels
   * @returns this
   * @throws TypeError / RangeError for bad labels (NaN, infinity, mixed types, 2-D, empty)
   */
  override fit(y: TargetLike | MatrixLike): this {
    return super.fit(y as MatrixLike);
  }

  protected fitImpl(y: unknown): void {
    const t = labels(y);
    const { classes } = encodeLabels(t, 1, this.constructor.name);
    this.classes_ = classes;
    this.labelDType_ = labelDType(t);
  }

  /**
   * Labels to codes.
   * @param y - labels seen at fit
   * @returns a 1-D int32 Tensor of codes
   * @throws NotFittedError; RangeError for a label not seen at fit
   */
  transform(y: TargetLike): Tensor<'int32'> {
    this.ensureFitted();
    return Tensor.from(encodeWith(labels(y), this.classes_ as number[] | string[]), undefined, 'int32');
  }

  /**
   * Fits and encodes the same labels.
   * @param y - labels
   * @returns their codes
   * @throws as fit
   */
  fitTransform(y: TargetLike): Tensor<'int32'> {
    return this.fit(y).transform(y);
  }

  /**
   * Codes to labels.
   * @param codes - integers in 0..k-1
   * @returns string[] for string classes, else a 1-D Tensor in the labels' dtype
   * @throws NotFittedError; RangeError for a code outside 0..k-1
   */
  inverseTransform(codes: TargetLike): Tensor | string[] {
    this.ensureFitted();
    const classes = this.classes_ as number[] | string[];
    const t = labels(codes);
    if (t.kind !== 'number') throw typeError(`Expected integer codes for LabelEncoder.inverseTransform but received strings`);
    const bad = t.values.findIndex((c) => !Number.isInteger(c) || c < 0 || c >= classes.length);
    if (bad >= 0) throw rangeError(`Expected codes 0..${classes.length - 1} for LabelEncoder.inverseTransform but received ${t.values[bad]} at ${bad}`);
    return decodeLabels(classes, t.values, this.labelDType_);
  }
}

registerEstimators(LabelEncoder);
