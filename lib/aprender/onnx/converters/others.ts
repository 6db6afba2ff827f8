/**
 * Converters of the remaining expressible estimators: PolynomialFeatures (products of gathered columns), KMeans and
 * MiniBatchKMeans (the nearest center's index as `label`, the distances as `scores`, as skl2onnx), and the
 * hyperparameter searches (their refitted best estimator).
 */
import type { Tensor } from '../../../trueno/tensor';
import type { Estimator } from '../../base/estimator';
import type { KMeans } from '../../cluster/k-means';
import type { MiniBatchKMeans } from '../../cluster/mini-batch-k-means';
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
  return { kind: 'classify', label, labelType: 'int64', scores: { name: distances, type: ctx.precision, width: k }, probabilities: false };
}

registerConverter<KMeans>('KMeans', { convert: convertCentroids });
registerConverter<MiniBatchKMeans>('MiniBatchKMeans', { convert: convertCentroids });

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
