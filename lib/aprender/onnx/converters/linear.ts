/**
 * Converters of the linear models. In float precision they are ai.onnx.ml's LinearRegressor and LinearClassifier
 * (as skl2onnx emits them for float input); in double precision, whose outputs those operators do not have, a Gemm
 * followed by the post-transform in standard operators (as skl2onnx does for double input).
 */
import type { Tensor } from '../../../trueno/tensor';
import type { Classifier, Regressor } from '../../base/kinds';
import { attr, ML_DOMAIN } from '../graph';
import { argmaxLabel, asPrecision, classLabels, column, gemm, normalizeRows, numeric, sigmoid, signLabel, twoColumns } from '../ops';
import { registerConverter, type ConvertContext, type Converted, type Variable } from '../registry';

/** A fitted linear regressor's state: coef_ [p] or [t, p], intercept_ a number or [t]. */
type LinearRegressorModel = Regressor & { coef_?: Tensor; intercept_?: number | Tensor };

/** A fitted linear classifier's state: coef_ [1 or k, p], intercept_ [1 or k]. */
type LinearClassifierModel = Classifier & { coef_?: Tensor; intercept_?: Tensor };

/**
 * How scores become probabilities: the sigmoid (two classes) or softmax (LogisticRegression), the one-versus-rest
 * sigmoid or modified-Huber ramp normalized over classes (SGDClassifier), or none (scores only).
 */
type PostTransform = 'logistic' | 'softmax' | 'ovr-logistic' | 'modified-huber' | 'none';

function convertRegressor(model: LinearRegressorModel, input: Variable, ctx: ConvertContext): Converted {
  const x = asPrecision(ctx, input);
  const coef = model.coef_ as Tensor;
  const targets = coef.ndim === 2 ? coef.shape[0] : 1;
  const b = model.intercept_ as number | Tensor;
  const intercept = typeof b === 'number' ? [b] : Array.from(b.data as Float64Array);
  if (ctx.precision === 'double') return { kind: 'regress', value: gemm(ctx, x, coef.data as Float64Array, intercept) };
  const y = ctx.graph.op('LinearRegressor', [x.name], 'variable', {
    coefficients: attr.floats(coef.data as Float64Array), intercepts: attr.floats(intercept), targets: attr.int(targets),
  }, ML_DOMAIN);
  return { kind: 'regress', value: { name: y, type: 'float', width: targets } };
}

function convertClassifier(model: LinearClassifierModel, input: Variable, ctx: ConvertContext, post: PostTransform): Converted {
  const g = ctx.graph;
  const x = asPrecision(ctx, input);
  const labels = classLabels(model);
  const coef = (model.coef_ as Tensor).data as Float64Array;
  const intercept = (model.intercept_ as Tensor).data as Float64Array;
  const binary = labels.values.length === 2;
  let label: string;
  let scores: Variable;
  if (ctx.precision === 'float') {
    // LOGISTIC only for two classes, as skl2onnx; with several, the sigmoid below keeps tiny probabilities accurate
    const onnxPost = post === 'softmax' ? 'SOFTMAX' : post === 'logistic' || (binary && post === 'ovr-logistic') ? 'LOGISTIC' : 'NONE';
    // with one row of coefficients and two labels the operator gives [1 - p, p] (LOGISTIC) or [1 - s, s] (NONE)
    const [y, z] = g.node('LinearClassifier', [x.name], ['label', 'scores'], {
      ...labels.attrs('classlabels_ints', 'classlabels_strings'), coefficients: attr.floats(coef), intercepts: attr.floats(intercept),
      post_transform: attr.string(onnxPost),
    }, ML_DOMAIN);
    label = y;
    scores = { name: z, type: 'float', width: labels.values.length };
    if (binary && onnxPost === 'NONE') scores = column(ctx, scores, 1);
    if (!binary && post === 'ovr-logistic') scores = sigmoid(ctx, scores);
  } else {
    const raw = gemm(ctx, x, coef, intercept);
    label = binary ? signLabel(ctx, raw, labels) : argmaxLabel(ctx, raw, labels);
    if (post === 'softmax') scores = { ...raw, name: g.op('Softmax', [raw.name], 'probabilities', { axis: attr.int(1) }) };
    else if (post === 'logistic' || post === 'ovr-logistic') scores = sigmoid(ctx, raw);
    else scores = raw;
  }
  if (binary && scores.width === 1) scores = twoColumns(ctx, scores, post === 'none' || post === 'modified-huber');
  if (post === 'modified-huber') {
    const clipped = g.op('Clip', [scores.name, numeric(ctx, 'minus_one', [], [-1]), numeric(ctx, 'one', [], [1])], 'clipped');
    const half = numeric(ctx, 'half', [], [0.5]);
    scores = { ...scores, name: g.op('Mul', [g.op('Add', [clipped, numeric(ctx, 'one', [], [1])], 'shifted'), half], 'ramp') };
  }
  if (!binary && (post === 'ovr-logistic' || post === 'modified-huber')) scores = normalizeRows(ctx, scores);
  return { kind: 'classify', label, labelType: labels.type, scores, probabilities: post !== 'none' };
}

for (const name of ['LinearRegression', 'Ridge', 'Lasso', 'ElasticNet', 'SGDRegressor']) {
  registerConverter<LinearRegressorModel>(name, { convert: convertRegressor });
}

registerConverter<LinearClassifierModel>('LogisticRegression', {
  convert: (m, x, ctx) => convertClassifier(m, x, ctx, (m.classes_ as unknown[]).length === 2 ? 'logistic' : 'softmax'),
});

registerConverter<LinearClassifierModel>('LinearSVC', { convert: (m, x, ctx) => convertClassifier(m, x, ctx, 'none') });

registerConverter<LinearClassifierModel>('SGDClassifier', {
  convert: (m, x, ctx) => {
    const loss = m.getParams(false).loss;
    return convertClassifier(m, x, ctx, loss === 'log_loss' ? 'ovr-logistic' : loss === 'modified_huber' ? 'modified-huber' : 'none');
  },
});
