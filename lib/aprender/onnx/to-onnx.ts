/**
 * toOnnx: a fitted estimator (or a Pipeline of them) as ONNX bytes, one graph over the ai.onnx and ai.onnx.ml
 * operator sets, so the model runs in any ONNX runtime (onnxruntime in Node, Python, C#, Java, mobile; Triton).
 */
import type { Estimator } from '../base/estimator';
import { isEstimator } from '../base/state';
import { describe, NotFittedError, rangeError, typeError, validate } from '../errors';
import { OnnxGraph, type ElemType } from './graph';
import { castCode } from './ops';
import { converterFor, type ConvertContext, type Converted, type Precision, type Variable } from './registry';
import './converters/index';

/** Options of {@link toOnnx}. */
export interface ToOnnxOptions {
  /**
   * The numeric type of the input and the computations: 'float64' (default: tensor(double), predictions equal to
   * this library's to rounding) or 'float32' (tensor(float) and ai.onnx.ml's float operators such as
   * LinearClassifier and Scaler, as skl2onnx emits for float input: smaller, for runtimes and accelerators that want
   * float, with float32 rounding in the results).
   */
  dtype?: 'float32' | 'float64';
  /** The input's name (default 'X'). */
  inputName?: string;
  /** The graph's name (default: the estimator's class name). */
  name?: string;
  /** The model's doc string. */
  docString?: string;
}

/** The names of the graph outputs. */
export const ONNX_OUTPUTS = {
  /** A classifier's predicted labels, [N] int64 or string. */
  label: 'label',
  /** A classifier's class probabilities, [N, classes], columns in classes_ order. */
  probabilities: 'probabilities',
  /** A classifier's decision function where it has no probabilities (LinearSVC, SGDClassifier's hinge), [N, classes]. */
  scores: 'scores',
  /** A regressor's predictions [N, targets] or a transformer's output [N, features]. */
  variable: 'variable',
} as const;

/**
 * Exports a fitted estimator as an ONNX model. Classifiers have the outputs `label` ([N], int64 or string labels)
 * and `probabilities` ([N, classes]; `scores`, the decision function, for classifiers without probabilities: two
 * columns [-s, s] for two classes); regressors and transformers have `variable` ([N, targets] or [N, features]).
 * The input is `X`, [N, features], of tensor(double) (tensor(float) with dtype 'float32'; tensor(string) for
 * encoders of string categories).
 * @param model - a fitted estimator of a class with a converter (see onnxConvertible()), or a Pipeline of them
 * @param options - dtype, input name, graph name, doc string
 * @returns the ModelProto bytes
 * @throws TypeError for a model that is not an estimator or bad options; NotFittedError for an unfitted model;
 *   OnnxExportError with code ERR_APRENDER_ONNX_UNSUPPORTED (a class without a converter) or ERR_APRENDER_ONNX_OPTION
 *   (a fitted option ONNX cannot express), naming the estimator and option
 * @example
 * const clf = new LogisticRegression().fit(XTrain, yTrain);
 * fs.writeFileSync('model.onnx', toOnnx(clf));
 * // python: onnxruntime.InferenceSession('model.onnx').run(None, {'X': X})  ->  [labels, probabilities]
 */
export function toOnnx(model: Estimator, options?: ToOnnxOptions): Uint8Array {
  const opts = validate.expectOptions<ToOnnxOptions>(options, 'toOnnx options', { dtype: true, inputName: true, name: true, docString: true });
  if (!isEstimator(model)) throw typeError(`Expected a fitted estimator for model but received ${describe(model)}`);
  const { dtype = 'float64', inputName = 'X', name = model.constructor.name, docString } = opts;
  if (dtype !== 'float32' && dtype !== 'float64') throw rangeError(`Expected 'float32' or 'float64' for dtype but received ${describe(dtype)}`);
  for (const [key, v] of [['inputName', inputName], ['name', name]] as const) {
    if (typeof v !== 'string' || v === '') throw typeError(`Expected a non-empty string for ${key} but received ${describe(v)}`);
  }
  if (Object.values(ONNX_OUTPUTS).includes(inputName as never)) throw rangeError(`Expected an inputName other than the output names but received '${inputName}'`);
  if (!model.isFitted()) throw new NotFittedError(model.constructor.name);
  const precision: Precision = dtype === 'float32' ? 'float' : 'double';
  const graph = new OnnxGraph();
  graph.reserve(inputName, ...Object.values(ONNX_OUTPUTS));
  const ctx: ConvertContext = {
    graph, precision,
    convert: (m, input) => {
      if (!m.isFitted()) throw new NotFittedError(m.constructor.name);
      return converterFor(m).convert(m, input, ctx);
    },
  };
  const converter = converterFor(model);
  const width = model.nFeaturesIn_ as number;
  const inputType = converter.inputType?.(model, precision) ?? precision;
  const input: Variable = { name: graph.input(inputName, inputType, [null, width]), type: inputType, width };
  declareOutputs(ctx, ctx.convert(model, input));
  return graph.toBytes({ graphName: name, docString, metadata: { estimator: model.constructor.name } });
}

/** The graph outputs of a conversion, numeric ones in the export's precision. */
function declareOutputs(ctx: ConvertContext, out: Converted): void {
  const numeric = (v: Variable): string => (v.type === ctx.precision ? v.name : ctx.graph.op('Cast', [v.name], 'output_cast', { to: { type: 'int', value: castCode(ctx.precision) } }));
  const type: ElemType = ctx.precision;
  if (out.kind === 'classify') {
    ctx.graph.output(ONNX_OUTPUTS.label, out.label, out.labelType, [null]);
    ctx.graph.output(out.probabilities ? ONNX_OUTPUTS.probabilities : ONNX_OUTPUTS.scores, numeric(out.scores), type, [null, out.scores.width]);
    return;
  }
  const v = out.value;
  ctx.graph.output(ONNX_OUTPUTS.variable, v.type === 'string' ? v.name : numeric(v), v.type === 'string' ? 'string' : type, [null, v.width]);
}
