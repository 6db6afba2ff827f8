/**
 * The ONNX converters, one per estimator class in one table (as the estimator registry): adding a converter is one
 * {@link registerConverter} call next to the others. A converter gets the fitted estimator and the tensor it reads,
 * adds its nodes to the graph and says what it produced: a transformed matrix, regression values, or labels with
 * scores.
 */
import type { Estimator } from '../base/estimator';
import { OnnxExportError } from './errors';
import type { ElemType, OnnxGraph } from './graph';

/** A tensor of the graph: its name, element type and number of columns ([N, width]). */
export interface Variable {
  name: string;
  type: ElemType;
  width: number;
}

/**
 * The matrix a step hands on inside a Pipeline or ColumnTransformer: a transformer's output, or what transform gives
 * for an estimator that also predicts; undefined when it has no transform.
 * @param out - a conversion's result
 * @returns the matrix, or undefined
 */
export function transformedOf(out: Converted): Variable | undefined {
  return out.kind === 'transform' ? out.value : out.kind === 'classify' ? out.transformed : undefined;
}

/** What a converter produced. */
export type Converted =
  /** A transformer's output matrix. */
  | { kind: 'transform'; value: Variable }
  /** A regressor's values, [N, targets]. */
  | { kind: 'regress'; value: Variable }
  /**
   * A classifier's labels ([N], int64 or string) and scores ([N, classes]): probabilities when the model has
   * predictProba, else its decision function (`probabilities` false).
   */
  | {
    kind: 'classify'; label: string; labelType: 'int64' | 'string'; scores: Variable; probabilities: boolean;
    /** What transform gives, for estimators that also transform (KMeans: the distances), used inside a Pipeline. */
    transformed?: Variable;
  };

/** The numeric precision of an export: ONNX 'float' (float32) or 'double' (float64). */
export type Precision = 'float' | 'double';

/** What a converter works in. */
export interface ConvertContext {
  /** The graph being built. */
  graph: OnnxGraph;
  /** The element type of the numeric tensors (the graph's input and its computations). */
  precision: Precision;
  /**
   * Converts a nested estimator (a Pipeline's steps).
   * @param model - the fitted estimator
   * @param input - what it reads
   * @returns what it produced
   */
  convert(model: Estimator, input: Variable): Converted;
}

/** One table entry: the conversion and, for estimators that do not read numbers, the input type they need. */
export interface Converter<E extends Estimator = Estimator> {
  /**
   * Adds the estimator's nodes.
   * @param model - the fitted estimator
   * @param input - the tensor it reads
   * @param ctx - the graph and precision
   * @returns what it produced
   */
  convert(model: E, input: Variable, ctx: ConvertContext): Converted;
  /**
   * The element type of the graph input when this estimator reads it first (default: the export's precision);
   * encoders of string categories read strings.
   */
  inputType?(model: E, precision: Precision): ElemType;
}

const table = new Map<string, Converter>();

/**
 * Registers the converter of an estimator class (by its name, as the estimator registry).
 * @param className - the estimator class name
 * @param converter - its converter
 * @example registerConverter('StandardScaler', { convert: (m, x, ctx) => ... });
 */
export function registerConverter<E extends Estimator>(className: string, converter: Converter<E>): void {
  table.set(className, converter as unknown as Converter);
}

/**
 * The converter of a fitted estimator.
 * @param model - the estimator
 * @returns its converter
 * @throws OnnxExportError (ERR_APRENDER_ONNX_UNSUPPORTED) when its class has none
 */
export function converterFor(model: Estimator): Converter {
  const name = model.constructor.name;
  const converter = table.get(name);
  if (converter === undefined) {
    throw new OnnxExportError(`Expected an estimator with an ONNX converter (${onnxConvertible().join(', ')}) but received ${name}`, 'ERR_APRENDER_ONNX_UNSUPPORTED', name);
  }
  return converter;
}

/**
 * The estimator classes toOnnx converts.
 * @returns their names, sorted
 */
export function onnxConvertible(): string[] {
  return [...table.keys()].sort();
}
