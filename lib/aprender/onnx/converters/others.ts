/**
 * Converters of the remaining expressible estimators: PolynomialFeatures (products of gathered columns), KMeans and
 * MiniBatchKMeans (the nearest center's index as `label`, the distances as `scores`, as skl2onnx), GaussianMixture
 * (the component as `label`, its posterior as `probabilities`), and the hyperparameter searches (their refitted best
 * estimator).
 */
import type { Tensor } from '../../../trueno/tensor';
import type { Estimator } from '../../base/estimator';
import type { KMeans } from '../../cluster/k-means';
import type { MiniBatchKMeans } from '../../cluster/mini-batch-k-means';
import type { GaussianMixture } from '../../mixture/gaussian-mixture';
import type { PolynomialFeatures } from '../../preprocessing/polynomial-features';
import { unsupportedOption } from '../errors';
import { attr, tensorProto } from '../graph';
import { asPrecision, int64s, numeric } from '../ops';
import { converterFor, registerConverter, type ConvertContext, type Converted, type Variable } from '../registry';

/**
 * PolynomialFeatures: X with a column of ones appended, then per degree t the t-th factor of every output column
 * gathered (the ones column where a term has fewer factors) and multiplied in, in transform's order, so the
 * products are the same to the bit.
 */
registerConverter<PolynomialFeatures>('PolynomialFeatures', {
  convert: (m, input, ctx): Converted => {
    const g = ctx.graph;
    const x = asPrecision(ctx, input);
    const powers = m.powers_ as number[][];
    const terms = powers.map((p) => p.flatMap((e, j) => new Array<number>(e).fill(j)));
    const degree = Math.max(1, ...terms.map((t) => t.length));
    const rows = g.op('Slice', [g.op('Shape', [x.name], 'shape'), int64s(ctx, 'start', [0]), int64s(ctx, 'end', [1])], 'rows');
    const onesShape = g.op('Concat', [rows, int64s(ctx, 'one', [1])], 'ones_shape', { axis: attr.int(0) });
    const ones = g.op('ConstantOfShape', [onesShape], 'ones', { value: attr.tensor(tensorProto('', ctx.precision, [1], [1])) });
    const augmented = g.op('Concat', [x.name, ones], 'with_ones', { axis: attr.int(1) });
    let product = '';
    for (let t = 0; t < degree; t++) {
      const factor = g.op('Gather', [augmented, int64s(ctx, `factor${t}`, terms.map((f) => f[t] ?? x.width))], `factor${t}`, { axis: attr.int(1) });
      product = t === 0 ? factor : g.op('Mul', [product, factor], `product${t}`);
    }
    return { kind: 'transform', value: { name: product, type: ctx.precision, width: powers.length } };
  },
});

/** KMeans and MiniBatchKMeans: distances to the centers (broadcast differences), the label of the nearest. */
function convertCentroids(model: KMeans | MiniBatchKMeans, input: Variable, ctx: ConvertContext): Converted {
  const g = ctx.graph;
  const x = asPrecision(ctx, input);
  const centers = model.clusterCenters_ as Tensor;
  const [k, p] = centers.shape;
  const rows = g.op('Unsqueeze', [x.name, int64s(ctx, 'axes', [1])], 'rows');
  const diff = g.op('Sub', [rows, numeric(ctx, 'centers', [k, p], Float64Array.from(centers.data as ArrayLike<number>))], 'diff');
  const squared = g.op('ReduceSum', [g.op('Mul', [diff, diff], 'squared'), int64s(ctx, 'axes', [2])], 'squared_distances', { keepdims: attr.int(0) });
  const distances = g.op('Sqrt', [squared], 'distances');
  const label = g.op('ArgMin', [distances], 'label', { axis: attr.int(1), keepdims: attr.int(0) });
  const scores: Variable = { name: distances, type: ctx.precision, width: k };
  return { kind: 'classify', label, labelType: 'int64', scores, probabilities: false, transformed: scores };
}

registerConverter<KMeans>('KMeans', { convert: convertCentroids });
registerConverter<MiniBatchKMeans>('MiniBatchKMeans', { convert: convertCentroids });

/**
 * GaussianMixture: per component the squared Mahalanobis distance through precisionsCholesky_ U (full / tied:
 * |x U - mean U|^2 as one Gemm over the components' U side by side, as the estimator computes it; diag / spherical:
 * precision-weighted squared differences), then -1/2 (d log 2 pi + q) + log det U + log weight, whose softmax is
 * predictProba and argmax predict.
 */
registerConverter<GaussianMixture>('GaussianMixture', {
  convert: (m, input, ctx): Converted => {
    const g = ctx.graph;
    const x = asPrecision(ctx, input);
    const type = m.getParams(false).covarianceType;
    const means = m.means_?.data as Float64Array;
    const u = m.precisionsCholesky_?.data as Float64Array;
    const logWeights = Float64Array.from(m.weights_?.data as Float64Array, Math.log);
    const k = logWeights.length;
    const d = x.width;
    const logDet = new Float64Array(k);
    let q: string;
    if (type === 'full' || type === 'tied') {
      // W[:, c d + j] = U_c[:, j]; bias[c d + j] = -(mean_c U_c)[j]
      const w = new Float64Array(d * k * d);
      const shift = new Float64Array(k * d);
      for (let c = 0; c < k; c++) {
        const base = type === 'full' ? c * d * d : 0;
        for (let j = 0; j < d; j++) {
          logDet[c] += Math.log(u[base + j * d + j]);
          let s = 0;
          for (let r = 0; r < d; r++) {
            w[r * k * d + c * d + j] = u[base + r * d + j];
            s += means[c * d + r] * u[base + r * d + j];
          }
          shift[c * d + j] = -s;
        }
      }
      const y = g.op('Gemm', [x.name, numeric(ctx, 'precision_factors', [d, k * d], w), numeric(ctx, 'shift', [k * d], shift)], 'whitened');
      const perComponent = g.op('Reshape', [y, int64s(ctx, 'shape', [-1, k, d])], 'whitened_by_component');
      q = g.op('ReduceSum', [g.op('Mul', [perComponent, perComponent], 'squared'), int64s(ctx, 'axes', [2])], 'mahalanobis', { keepdims: attr.int(0) });
    } else {
      const precision = new Float64Array(k * d);
      for (let c = 0; c < k; c++) {
        for (let j = 0; j < d; j++) precision[c * d + j] = (type === 'diag' ? u[c * d + j] : u[c]) ** 2;
        logDet[c] = type === 'diag' ? Array.from({ length: d }, (_, j) => Math.log(u[c * d + j])).reduce((a, b) => a + b, 0) : d * Math.log(u[c]);
      }
      const diff = g.op('Sub', [g.op('Unsqueeze', [x.name, int64s(ctx, 'axes', [1])], 'rows'), numeric(ctx, 'means', [k, d], means)], 'diff');
      const weighted = g.op('Mul', [g.op('Mul', [diff, diff], 'squared'), numeric(ctx, 'precisions', [k, d], precision)], 'weighted');
      q = g.op('ReduceSum', [weighted, int64s(ctx, 'axes', [2])], 'mahalanobis', { keepdims: attr.int(0) });
    }
    const constant = d * Math.log(2 * Math.PI);
    const shifted = g.op('Add', [q, numeric(ctx, 'log_2pi', [], [constant])], 'shifted');
    const offset = Float64Array.from(logDet, (v, c) => v + logWeights[c]);
    const logProb = g.op('Add', [g.op('Mul', [shifted, numeric(ctx, 'minus_half', [], [-0.5])], 'log_density'), numeric(ctx, 'log_det_weight', [k], offset)], 'weighted_log_prob');
    const probabilities = g.op('Softmax', [logProb], 'probabilities', { axis: attr.int(1) });
    const label = g.op('ArgMax', [logProb], 'label', { axis: attr.int(1), keepdims: attr.int(0) });
    return { kind: 'classify', label, labelType: 'int64', scores: { name: probabilities, type: ctx.precision, width: k }, probabilities: true };
  },
});

/** GridSearchCV / RandomizedSearchCV: the refitted best estimator's graph. */
type Search = Estimator & { bestEstimator_?: Estimator };

function best(model: Search): Estimator {
  if (model.bestEstimator_ === undefined) throw unsupportedOption(model, 'refit', 'it was fitted with refit false and holds no best estimator to export');
  return model.bestEstimator_;
}

for (const name of ['GridSearchCV', 'RandomizedSearchCV']) {
  registerConverter<Search>(name, {
    convert: (m, input, ctx) => ctx.convert(best(m), input),
    inputType: (m, precision) => {
      const b = best(m);
      return converterFor(b).inputType?.(b, precision) ?? precision;
    },
  });
}
