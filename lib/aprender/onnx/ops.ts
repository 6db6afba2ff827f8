/**
 * Node patterns the converters share: constants in the export's precision, X W^T + b, row normalization, labels from
 * scores, and the class labels as ONNX wants them (int64 or string).
 */
import type { Estimator } from '../base/estimator';
import { typeError } from '../errors';
import { unsupportedOption } from './errors';
import { attr, type Attr, type ElemType } from './graph';
import type { ConvertContext, Variable } from './registry';

/**
 * A numeric constant in the export's precision.
 * @param ctx - the conversion context
 * @param base - its name's readable part
 * @param dims - its shape
 * @param values - its elements, row-major
 * @returns its name
 */
export function numeric(ctx: ConvertContext, base: string, dims: readonly number[], values: ArrayLike<number>): string {
  return ctx.graph.constant(base, ctx.precision, dims, values);
}

/**
 * An int64 constant (shapes, axes, indices).
 * @param ctx - the conversion context
 * @param base - its name's readable part
 * @param values - its elements (a 1-D tensor)
 * @returns its name
 */
export function int64s(ctx: ConvertContext, base: string, values: readonly number[]): string {
  return ctx.graph.constant(base, 'int64', [values.length], values);
}

/**
 * The input converted to the export's precision when it is another numeric type (a step after an encoder that
 * yields int64 codes, say).
 * @param ctx - the conversion context
 * @param x - the tensor
 * @returns a tensor of the precision's type
 */
export function asPrecision(ctx: ConvertContext, x: Variable): Variable {
  if (x.type === ctx.precision) return x;
  if (x.type === 'string') throw typeError(`Expected numbers for ${ctx.precision} computations but received a string tensor (${x.name})`);
  return { ...x, name: ctx.graph.op('Cast', [x.name], 'cast', { to: attr.int(castCode(ctx.precision)) }), type: ctx.precision };
}

/**
 * X W^T + b (a Gemm): the scores of k linear functions.
 * @param ctx - the conversion context
 * @param x - [N, p] input
 * @param coef - k x p weights, row-major
 * @param intercept - k offsets
 * @returns the [N, k] scores
 */
export function gemm(ctx: ConvertContext, x: Variable, coef: ArrayLike<number>, intercept: ArrayLike<number>): Variable {
  const k = intercept.length;
  const w = numeric(ctx, 'coef', [k, x.width], coef);
  const b = numeric(ctx, 'intercept', [k], intercept);
  return { name: ctx.graph.op('Gemm', [x.name, w, b], 'scores', { transB: attr.int(1) }), type: ctx.precision, width: k };
}

/**
 * Each row divided by its sum, a row summing to 0 becoming 1/k (scikit-learn's one-versus-rest normalization).
 * @param ctx - the conversion context
 * @param p - [N, k] non-negative values
 * @returns the normalized rows
 */
export function normalizeRows(ctx: ConvertContext, p: Variable): Variable {
  const g = ctx.graph;
  const sum = g.op('ReduceSum', [p.name, int64s(ctx, 'axes', [1])], 'row_sum', { keepdims: attr.int(1) });
  const zero = g.op('Equal', [sum, numeric(ctx, 'zero', [], [0])], 'is_zero');
  const ratio = g.op('Div', [p.name, sum], 'normalized');
  const uniform = numeric(ctx, 'uniform', [], [1 / p.width]);
  return { ...p, name: g.op('Where', [zero, uniform, ratio], 'probabilities') };
}

/**
 * The logistic function 1 / (1 + exp(-s)) from Exp, whose relative accuracy holds for tiny results (onnxruntime's
 * Sigmoid and LOGISTIC post-transform are accurate in absolute terms only: 1e-8 comes out as 0 or 1e-8 +- 1e-9).
 * @param ctx - the conversion context
 * @param s - the scores
 * @returns the probabilities
 */
export function sigmoid(ctx: ConvertContext, s: Variable): Variable {
  const g = ctx.graph;
  const e = g.op('Exp', [g.op('Neg', [s.name], 'negative')], 'exp');
  return { ...s, name: g.op('Reciprocal', [g.op('Add', [e, numeric(ctx, 'one', [], [1])], 'denominator')], 'sigmoid') };
}

/**
 * One column of a matrix, kept 2-D.
 * @param ctx - the conversion context
 * @param m - [N, k]
 * @param j - the column
 * @returns [N, 1]
 */
export function column(ctx: ConvertContext, m: Variable, j: number): Variable {
  return { ...m, name: ctx.graph.op('Gather', [m.name, int64s(ctx, 'column', [j])], 'column', { axis: attr.int(1) }), width: 1 };
}

/**
 * [1 - p, p] from one column p (a binary classifier's probabilities), or [-s, s] from scores with `negate`.
 * @param ctx - the conversion context
 * @param column - [N, 1]
 * @param negate - the first column is -column instead of 1 - column
 * @returns [N, 2]
 */
export function twoColumns(ctx: ConvertContext, column: Variable, negate: boolean): Variable {
  const g = ctx.graph;
  const first = negate ? g.op('Neg', [column.name], 'negative') : g.op('Sub', [numeric(ctx, 'one', [], [1]), column.name], 'complement');
  return { name: g.op('Concat', [first, column.name], 'two_columns', { axis: attr.int(1) }), type: column.type, width: 2 };
}

/** A classifier's labels as ONNX holds them: int64 for integer classes, strings for string classes. */
export interface Labels {
  type: 'int64' | 'string';
  values: number[] | string[];
  /**
   * The labels as an ai.onnx.ml attribute.
   * @param intName - the attribute's name for integer labels (classlabels_ints or classlabels_int64s)
   * @param stringName - its name for string labels
   */
  attrs(intName: string, stringName: string): Record<string, Attr>;
}

/**
 * The class labels of a fitted classifier.
 * @param model - the classifier (classes_ set)
 * @returns the labels
 * @throws OnnxExportError (ERR_APRENDER_ONNX_OPTION) for numeric labels that are not integers
 */
export function classLabels(model: Estimator & { classes_?: number[] | string[] }): Labels {
  const classes = model.classes_ as number[] | string[];
  if (typeof classes[0] === 'string') {
    const values = classes as string[];
    return { type: 'string', values, attrs: (_i, s) => ({ [s]: attr.strings(values) }) };
  }
  const values = classes as number[];
  const bad = values.find((c) => !Number.isSafeInteger(c));
  if (bad !== undefined) throw unsupportedOption(model, 'classes_', `ONNX classifiers label with int64 or strings and class ${bad} is not an integer`);
  return { type: 'int64', values, attrs: (i) => ({ [i]: attr.ints(values) }) };
}

/**
 * The label of each row: the class of its largest score (the first of equal ones, as argmax).
 * @param ctx - the conversion context
 * @param scores - [N, k]
 * @param labels - the k labels
 * @returns the [N] labels' name
 */
export function argmaxLabel(ctx: ConvertContext, scores: Variable, labels: Labels): string {
  const index = ctx.graph.op('ArgMax', [scores.name], 'class_index', { axis: attr.int(1), keepdims: attr.int(0) });
  return gatherLabel(ctx, index, labels);
}

/**
 * The label of each row of a binary decision: the second class where the score is > 0 (>= 0 with `atZero`).
 * @param ctx - the conversion context
 * @param score - [N, 1] scores
 * @param labels - the two labels
 * @param atZero - a score of exactly 0 gives the second class (gradient boosting's rule)
 * @returns the [N] labels' name
 */
export function signLabel(ctx: ConvertContext, score: Variable, labels: Labels, atZero = false): string {
  const g = ctx.graph;
  const positive = g.op(atZero ? 'GreaterOrEqual' : 'Greater', [score.name, numeric(ctx, 'zero', [], [0])], 'positive');
  const index = g.op('Cast', [g.op('Squeeze', [positive, int64s(ctx, 'axes', [1])], 'positive_1d')], 'class_index', { to: attr.int(7) });
  return gatherLabel(ctx, index, labels);
}

function gatherLabel(ctx: ConvertContext, index: string, labels: Labels): string {
  const table = ctx.graph.constant('classes', labels.type, [labels.values.length], labels.values);
  return ctx.graph.op('Gather', [table, index], 'label', { axis: attr.int(0) });
}

/**
 * The element type of a numeric ONNX type name, for Cast's `to`.
 * @param type - the element type
 * @returns the TensorProto.DataType code
 */
export function castCode(type: ElemType): number {
  return { float: 1, double: 11, int64: 7, string: 8, bool: 9 }[type];
}
