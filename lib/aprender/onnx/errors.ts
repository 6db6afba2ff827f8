/** The error of an ONNX export that cannot be made. */
import { AprenderError } from '../errors';

/** The codes of {@link OnnxExportError}. */
export type OnnxErrorCode =
  /** The estimator's class has no converter. */
  | 'ERR_APRENDER_ONNX_UNSUPPORTED'
  /** The estimator was fitted with an option (or learned a state) that ONNX's operators cannot express. */
  | 'ERR_APRENDER_ONNX_OPTION';

/**
 * A model toOnnx cannot export: `.code` says whether the estimator or one of its options is unsupported, `.estimator`
 * names the class and `.option` the option.
 * @example
 * try { toOnnx(new KMeans().fit(X)); } catch (e) { e.code === 'ERR_APRENDER_ONNX_UNSUPPORTED'; }
 */
export class OnnxExportError extends AprenderError {
  /** The estimator class that could not be exported. */
  readonly estimator: string;
  /** The option (hyperparameter or learned attribute) that could not be expressed, if that was the reason. */
  readonly option?: string;

  /**
   * @param message - what cannot be exported and why
   * @param code - see {@link OnnxErrorCode}
   * @param estimator - the class name
   * @param option - the option's name
   */
  constructor(message: string, code: OnnxErrorCode, estimator: string, option?: string) {
    super(message, code);
    this.estimator = estimator;
    if (option !== undefined) this.option = option;
  }
}

/**
 * An option error of an estimator.
 * @param model - the estimator (for its class name)
 * @param option - the option
 * @param why - what cannot be expressed
 * @returns the error, code ERR_APRENDER_ONNX_OPTION
 */
export function unsupportedOption(model: object, option: string, why: string): OnnxExportError {
  const name = model.constructor.name;
  return new OnnxExportError(`Expected ${name} with an ONNX-expressible ${option} but ${why}`, 'ERR_APRENDER_ONNX_OPTION', name, option);
}
