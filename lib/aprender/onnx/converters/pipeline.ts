/**
 * The Pipeline converter: the steps' graphs chained into one graph, each reading what the previous produced;
 * 'passthrough' steps add nothing. The ColumnTransformer converter: each entry's transformer over its columns of the
 * one input (a Gather), the outputs side by side.
 */
import type { Estimator } from '../../base/estimator';
import { typeError } from '../../errors';
import type { ColumnTransformer } from '../../pipeline/column-transformer';
import type { Pipeline, PipelineStep } from '../../pipeline/pipeline';
import { unsupportedOption } from '../errors';
import { attr, type ElemType } from '../graph';
import { asPrecision, int64s, numeric } from '../ops';
import { converterFor, registerConverter, transformedOf, type ConvertContext, type Converted, type Precision, type Variable } from '../registry';

/** The fitted estimator steps, passthrough left out. */
function estimatorSteps(model: Pipeline): Estimator[] {
  return (model.steps_ as [string, PipelineStep][]).map(([, s]) => s).filter((s): s is Estimator => s !== 'passthrough');
}

registerConverter<Pipeline>('Pipeline', {
  convert: (model, input, ctx) => {
    let out: Converted = { kind: 'transform', value: input };
    for (const step of estimatorSteps(model)) {
      const current = transformedOf(out);
      if (current === undefined) throw typeError(`Expected only transformers before the last step of a Pipeline but ${step.constructor.name} follows a final estimator`);
      out = ctx.convert(step, current);
    }
    return out;
  },
  inputType: (model, precision) => {
    const first = estimatorSteps(model)[0];
    return first === undefined ? precision : converterFor(first).inputType?.(first, precision) ?? precision;
  },
});

type Entry = [string, Estimator | 'drop' | 'passthrough', number[]];

/** The fitted entries that produce columns. */
function columnEntries(model: ColumnTransformer): Entry[] {
  return (model.transformers_ as Entry[]).filter(([, t, cols]) => t !== 'drop' && cols.length > 0);
}

/** The one input type every entry reads (string for encoders of strings); entries that disagree cannot share it. */
function columnInputType(model: ColumnTransformer, precision: Precision): ElemType {
  const types = new Set(columnEntries(model).map(([, t]) => (t === 'passthrough' ? precision : converterFor(t as Estimator).inputType?.(t as Estimator, precision) ?? precision)));
  if (types.size > 1) throw unsupportedOption(model, 'transformers', 'its entries read both strings and numbers, and an ONNX input tensor holds one type');
  return [...types][0] ?? precision;
}

/** An entry's transformer over its columns, in the export's precision. */
function transformed(ctx: ConvertContext, name: string, t: Estimator, columns: Variable): Variable {
  const out = transformedOf(ctx.convert(t, columns));
  if (out === undefined) throw typeError(`Expected a transformer for '${name}' of ColumnTransformer but ${t.constructor.name} is not one`);
  return asPrecision(ctx, out);
}

registerConverter<ColumnTransformer>('ColumnTransformer', {
  inputType: columnInputType,
  convert: (model, input, ctx) => {
    const g = ctx.graph;
    const weights = (model.getParams(false).transformerWeights ?? {}) as Record<string, number>;
    const parts: Variable[] = [];
    for (const [name, t, cols] of columnEntries(model)) {
      const picked: Variable = { ...input, name: g.op('Gather', [input.name, int64s(ctx, 'columns', cols)], `${name}_columns`, { axis: attr.int(1) }), width: cols.length };
      let out = t === 'passthrough' ? asPrecision(ctx, picked) : transformed(ctx, name, t as Estimator, picked);
      const w = weights[name];
      if (w !== undefined && w !== 1) out = { ...out, name: g.op('Mul', [out.name, numeric(ctx, 'weight', [], [w])], `${name}_weighted`) };
      parts.push(out);
    }
    if (parts.length === 0) throw unsupportedOption(model, 'transformers', 'it outputs no columns (every entry drops its columns)');
    const width = parts.reduce((s, p) => s + p.width, 0);
    const name = parts.length === 1 ? g.op('Identity', [parts[0].name], 'stacked') : g.op('Concat', parts.map((p) => p.name), 'stacked', { axis: attr.int(1) });
    return { kind: 'transform', value: { name, type: ctx.precision, width } };
  },
});
