/**
 * Converters of OneHotEncoder and OrdinalEncoder. Each feature's value becomes its category index (-1 when it is
 * none): ai.onnx.ml's LabelEncoder for string features, an Equal against the categories for numeric ones (IsNaN
 * for a missing-value category). The index then picks a row of a table (Gather): the one-hot row, or the code, of
 * each category, and row 0 for unknown values. Lookups copy table entries, so the outputs equal transform's exactly,
 * infrequent groups and dropped columns included.
 */
import type { CategoricalEncoder, EncoderParams } from '../../preprocessing/encoder-base';
import type { FeatureCategories } from '../../preprocessing/categories';
import type { OneHotEncoder } from '../../preprocessing/one-hot-encoder';
import type { OrdinalEncoder } from '../../preprocessing/ordinal-encoder';
import { unsupportedOption } from '../errors';
import { attr, ML_DOMAIN, type ElemType } from '../graph';
import { int64s, numeric } from '../ops';
import { registerConverter, type ConvertContext, type Converted, type Precision, type Variable } from '../registry';

type Encoder = CategoricalEncoder<EncoderParams>;

/** What the encoders expose to their converter (grouped is protected on the class; the converter reads it). */
type Internals = { grouped(j: number): { position: Int32Array; size: number; infrequentSlot: number } };

const isMissing = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isNaN(v));

/** 'string' when the categories are strings, else the precision; mixed features cannot share one input tensor. */
function encoderInput(model: Encoder, precision: Precision): ElemType {
  const kinds = new Set((model.categories_ as FeatureCategories[]).map((cats) => (cats.some((c) => typeof c === 'string') ? 'string' : 'number')));
  if (kinds.size > 1) throw unsupportedOption(model, 'categories_', 'it has both string and numeric features, and an ONNX input tensor holds one type (encode them in separate models)');
  return kinds.has('string') ? 'string' : precision;
}

/**
 * Feature j's category index per row, [N, 1] int64, -1 for a value that is no category.
 * @param model - the encoder (for errors)
 * @param ctx - the conversion context
 * @param x - the input [N, p]
 * @param j - the feature
 * @param cats - its categories (the missing value last, if any)
 * @returns the index tensor's name
 * @throws OnnxExportError (ERR_APRENDER_ONNX_OPTION) for numeric categories that float32 cannot tell apart
 */
function categoryIndex(model: Encoder, ctx: ConvertContext, x: Variable, j: number, cats: FeatureCategories): string {
  const g = ctx.graph;
  const column = g.op('Gather', [x.name, int64s(ctx, 'feature', [j])], `feature${j}`, { axis: attr.int(1) });
  const known = (cats as unknown[]).filter((c) => !isMissing(c));
  if (x.type === 'string') {
    return g.op('LabelEncoder', [column], `index${j}`, {
      keys_strings: attr.strings(known as string[]), values_int64s: attr.ints(known.map((_, i) => i)), default_int64: attr.int(-1),
    }, ML_DOMAIN);
  }
  if (ctx.precision === 'float' && new Set((known as number[]).map(Math.fround)).size < known.length) {
    throw unsupportedOption(model, 'categories_', `feature ${j} has categories that are equal in float32 (export with dtype 'float64')`);
  }
  let matches = g.op('Equal', [column, numeric(ctx, 'categories', [known.length], known as number[])], `matches${j}`);
  if (known.length < cats.length) matches = g.op('Concat', [matches, g.op('IsNaN', [column], `missing${j}`)], `matches${j}`, { axis: attr.int(1) });
  const flags = g.op('Cast', [matches], `flags${j}`, { to: attr.int(7) });
  // the matched category's index, or 0 - 1 where none matched (a value equals at most one category)
  const index = g.op('MatMul', [flags, g.constant('positions', 'int64', [cats.length, 1], cats.map((_, i) => i))], `position${j}`);
  const matched = g.op('ReduceSum', [flags, int64s(ctx, 'axes', [1])], `matched${j}`, { keepdims: attr.int(1) });
  return g.op('Add', [index, g.op('Sub', [matched, int64s(ctx, 'one', [1])], `miss${j}`)], `index${j}`);
}

/**
 * Per feature, rows of `table(j)` picked by the category index (row 0 for unknown values, row 1 + c for category
 * c), concatenated: [N, total width].
 */
function lookup(model: Encoder, x: Variable, ctx: ConvertContext, table: (j: number) => { rows: number[][]; base: string }): Converted {
  const g = ctx.graph;
  const parts: string[] = [];
  let width = 0;
  (model.categories_ as FeatureCategories[]).forEach((cats, j) => {
    const { rows, base } = table(j);
    const size = rows[0].length;
    const shifted = g.op('Add', [categoryIndex(model, ctx, x, j, cats), int64s(ctx, 'one', [1])], `row${j}`);
    const picked = g.op('Gather', [numeric(ctx, base, [rows.length, size], rows.flat()), shifted], `${base}_rows`, { axis: attr.int(0) });
    parts.push(g.op('Squeeze', [picked, int64s(ctx, 'axes', [1])], `${base}${j}`));
    width += size;
  });
  const out = parts.length === 1 ? parts[0] : g.op('Concat', parts, 'encoded', { axis: attr.int(1) });
  return { kind: 'transform', value: { name: out, type: ctx.precision, width } };
}

registerConverter<OneHotEncoder>('OneHotEncoder', {
  inputType: encoderInput,
  convert: (m, x, ctx) => {
    const unknown = m.getParams(false).handleUnknown;
    return lookup(m, x, ctx, (j) => {
      const { position, size, infrequentSlot } = (m as unknown as Internals).grouped(j);
      const dropAt = m.dropIdx_?.[j];
      const dropped = dropAt === null || dropAt === undefined ? -1 : position[dropAt];
      const shift = (p: number) => (p === dropped ? -1 : p - (dropped >= 0 && p > dropped ? 1 : 0));
      const width = size - (dropped >= 0 ? 1 : 0);
      const oneHot = (column: number) => Array.from({ length: width }, (_, c) => (c === column ? 1 : 0));
      const unknownColumn = unknown === 'infrequent_if_exist' && infrequentSlot >= 0 ? shift(infrequentSlot) : -1;
      return { base: 'one_hot', rows: [oneHot(unknownColumn), ...Array.from(position, (p) => oneHot(shift(p)))] };
    });
  },
});

registerConverter<OrdinalEncoder>('OrdinalEncoder', {
  inputType: encoderInput,
  convert: (m, x, ctx) => {
    const { unknownValue, encodedMissingValue } = m.getParams(false);
    return lookup(m, x, ctx, (j) => {
      const { position } = (m as unknown as Internals).grouped(j);
      const cats = (m.categories_ as FeatureCategories[])[j] as unknown[];
      // unknown values: unknownValue (handleUnknown 'use_encoded_value'); under 'error' transform throws, ONNX gives NaN
      const codes = cats.map((c, i) => [isMissing(c) ? encodedMissingValue : position[i]]);
      return { base: 'codes', rows: [[unknownValue ?? NaN], ...codes] };
    });
  },
});
