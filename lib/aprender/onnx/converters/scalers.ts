/**
 * Converters of the scalers, Normalizer and SimpleImputer. In float precision: ai.onnx.ml's Scaler ((x - offset) * scale) and
 * Imputer, as skl2onnx emits them; in double precision, whose outputs those operators lack, the same arithmetic in
 * standard operators, in the estimators' own order (subtract, then divide), so the results match to the bit.
 */
import type { Tensor } from '../../../trueno/tensor';
import type { Transformer } from '../../base/kinds';
import type { MaxAbsScaler } from '../../preprocessing/max-abs-scaler';
import type { MinMaxScaler } from '../../preprocessing/min-max-scaler';
import type { Normalizer } from '../../preprocessing/normalizer';
import type { RobustScaler } from '../../preprocessing/robust-scaler';
import type { SimpleImputer } from '../../preprocessing/simple-imputer';
import type { StandardScaler } from '../../preprocessing/standard-scaler';
import { attr, ML_DOMAIN } from '../graph';
import { asPrecision, castCode, int64s, numeric } from '../ops';
import { registerConverter, type ConvertContext, type Converted, type Variable } from '../registry';

/** A per-feature vector's values, or null where the estimator has none. */
const values = (t: Tensor | null | undefined): Float64Array | null => (t ? (t.data as Float64Array) : null);

/** The estimator's hyperparameters (the converters read a few). */
const paramsOf = (m: Transformer): Record<string, unknown> => m.getParams(false);

/**
 * (x - offset) / divisor per feature (either may be absent).
 * @param ctx - the conversion context
 * @param input - [N, p]
 * @param offset - subtracted first
 * @param divisor - divided by next
 * @returns the scaled matrix
 */
function centerAndScale(ctx: ConvertContext, input: Variable, offset: Float64Array | null, divisor: Float64Array | null): Variable {
  const g = ctx.graph;
  const x = asPrecision(ctx, input);
  const p = x.width;
  if (ctx.precision === 'float') {
    const scaled = g.op('Scaler', [x.name], 'scaled', {
      offset: attr.floats(offset ?? new Float64Array(p)), scale: attr.floats(divisor ? divisor.map((d) => 1 / d) : new Float64Array(p).fill(1)),
    }, ML_DOMAIN);
    return { ...x, name: scaled };
  }
  let out = x.name;
  if (offset) out = g.op('Sub', [out, numeric(ctx, 'offset', [p], offset)], 'centered');
  if (divisor) out = g.op('Div', [out, numeric(ctx, 'scale', [p], divisor)], 'scaled');
  if (out === x.name) out = g.op('Identity', [out], 'scaled');
  return { ...x, name: out };
}

registerConverter<StandardScaler>('StandardScaler', {
  convert: (m, x, ctx) => ({ kind: 'transform', value: centerAndScale(ctx, x, paramsOf(m).withMean ? values(m.mean_) : null, values(m.scale_)) }),
});

registerConverter<RobustScaler>('RobustScaler', {
  convert: (m, x, ctx) => ({ kind: 'transform', value: centerAndScale(ctx, x, values(m.center_), values(m.scale_)) }),
});

registerConverter<MaxAbsScaler>('MaxAbsScaler', {
  convert: (m, x, ctx) => ({ kind: 'transform', value: centerAndScale(ctx, x, null, values(m.scale_)) }),
});

registerConverter<MinMaxScaler>('MinMaxScaler', {
  convert: (m, input, ctx): Converted => {
    const g = ctx.graph;
    const x = asPrecision(ctx, input);
    const scale = values(m.scale_) as Float64Array;
    const min = values(m.min_) as Float64Array;
    let out: string;
    if (ctx.precision === 'float') {
      // x * scale + min = (x - (-min / scale)) * scale
      out = g.op('Scaler', [x.name], 'scaled', { offset: attr.floats(min.map((v, j) => -v / scale[j])), scale: attr.floats(scale) }, ML_DOMAIN);
    } else {
      out = g.op('Add', [g.op('Mul', [x.name, numeric(ctx, 'scale', [x.width], scale)], 'multiplied'), numeric(ctx, 'min', [x.width], min)], 'scaled');
    }
    const params = paramsOf(m);
    if (params.clip) {
      const [lo, hi] = params.featureRange as [number, number];
      out = g.op('Clip', [out, numeric(ctx, 'low', [], [lo]), numeric(ctx, 'high', [], [hi])], 'clipped');
    }
    return { kind: 'transform', value: { ...x, name: out } };
  },
});

registerConverter<SimpleImputer>('SimpleImputer', {
  convert: (m, input, ctx): Converted => {
    const g = ctx.graph;
    const x = asPrecision(ctx, input);
    const stats = values(m.statistics_) as Float64Array;
    const missing = paramsOf(m).missingValues as number;
    const mask = Number.isNaN(missing) ? g.op('IsNaN', [x.name], 'missing')
      : g.op('Equal', [x.name, numeric(ctx, 'missing_value', [], [missing])], 'missing');
    let filled: string;
    if (ctx.precision === 'float') {
      filled = g.op('Imputer', [x.name], 'imputed', {
        imputed_value_floats: attr.floats(stats.map((v) => (Number.isNaN(v) ? 0 : v))), replaced_value_float: attr.float(missing),
      }, ML_DOMAIN);
    } else {
      filled = g.op('Where', [mask, numeric(ctx, 'statistics', [stats.length], stats), x.name], 'imputed');
    }
    // features entirely missing at fit (NaN statistic) are dropped, as transform does
    const kept = Array.from(stats.keys()).filter((j) => !Number.isNaN(stats[j]));
    const parts = [kept.length === stats.length ? filled : g.op('Gather', [filled, int64s(ctx, 'kept', kept)], 'kept', { axis: attr.int(1) })];
    const indicator = m.indicatorFeatures_ ?? [];
    if (indicator.length > 0) {
      const flags = g.op('Gather', [mask, int64s(ctx, 'indicator_features', indicator)], 'indicator_mask', { axis: attr.int(1) });
      parts.push(g.op('Cast', [flags], 'indicator', { to: attr.int(castCode(ctx.precision)) }));
    }
    const out = parts.length === 1 ? parts[0] : g.op('Concat', parts, 'imputed_with_indicator', { axis: attr.int(1) });
    return { kind: 'transform', value: { name: out, type: ctx.precision, width: kept.length + indicator.length } };
  },
});

/** Normalizer: each row divided by its l1, l2 or max norm, rows of norm ~0 (below 10 epsilons) left as they are. */
registerConverter<Normalizer>('Normalizer', {
  convert: (m, input, ctx): Converted => {
    const g = ctx.graph;
    const x = asPrecision(ctx, input);
    const norm = paramsOf(m).norm as 'l1' | 'l2' | 'max';
    // ReduceL1 / ReduceL2 / ReduceMax take their axes as an attribute up to opset 17
    const byRow = { axes: attr.ints([1]), keepdims: attr.int(1) };
    const norms = norm === 'l1' ? g.op('ReduceL1', [x.name], 'norms', byRow)
      : norm === 'l2' ? g.op('ReduceL2', [x.name], 'norms', byRow)
        : g.op('ReduceMax', [g.op('Abs', [x.name], 'magnitudes')], 'norms', byRow);
    const tiny = g.op('Less', [norms, numeric(ctx, 'ten_eps', [], [10 * Number.EPSILON])], 'zero_norm');
    const safe = g.op('Where', [tiny, numeric(ctx, 'one', [], [1]), norms], 'safe_norms');
    return { kind: 'transform', value: { ...x, name: g.op('Div', [x.name, safe], 'normalized') } };
  },
});
