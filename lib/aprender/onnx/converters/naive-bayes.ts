/**
 * Converters of the naive Bayes classifiers in standard operators (ai.onnx.ml has no naive Bayes operator): each
 * computes the joint log-likelihood per class, the label is its argmax and the probabilities its softmax (which is
 * predictProba's exp(jll - logsumexp(jll))).
 */
import type { Tensor } from '../../../trueno/tensor';
import type { BernoulliNB } from '../../naive-bayes/bernoulli-nb';
import type { ComplementNB } from '../../naive-bayes/complement-nb';
import type { DiscreteNB, DiscreteNBParams } from '../../naive-bayes/discrete';
import type { GaussianNB } from '../../naive-bayes/gaussian-nb';
import type { MultinomialNB } from '../../naive-bayes/multinomial-nb';
import type { NaiveBayes } from '../../naive-bayes/base';
import { attr } from '../graph';
import { argmaxLabel, asPrecision, castCode, classLabels, gemm, int64s, numeric } from '../ops';
import { registerConverter, type ConvertContext, type Converted, type Variable } from '../registry';

const data = (t: Tensor | undefined): Float64Array => (t as Tensor).data as Float64Array;

/** Label and probabilities from the [N, classes] joint log-likelihood. */
function fromJointLogLikelihood(model: NaiveBayes<object>, jll: Variable, ctx: ConvertContext): Converted {
  const labels = classLabels(model);
  const probabilities = ctx.graph.op('Softmax', [jll.name], 'probabilities', { axis: attr.int(1) });
  return { kind: 'classify', label: argmaxLabel(ctx, jll, labels), labelType: labels.type, scores: { ...jll, name: probabilities }, probabilities: true };
}

/**
 * GaussianNB: log prior - 1/2 sum log(2 pi var) - 1/2 sum (x - theta)^2 / var, the differences taken per class by
 * broadcasting X as [N, 1, p] against theta [k, p] (expanding the square would cancel badly on large features).
 */
registerConverter<GaussianNB>('GaussianNB', {
  convert: (m, input, ctx) => {
    const g = ctx.graph;
    const x = asPrecision(ctx, input);
    const theta = data(m.theta_);
    const variance = data(m.var_);
    const prior = data(m.classPrior_);
    const k = prior.length;
    const p = x.width;
    const constant = Float64Array.from(prior, (pr, c) => {
      let s = 0;
      for (let j = 0; j < p; j++) s += Math.log(2 * Math.PI * variance[c * p + j]);
      return Math.log(pr) - 0.5 * s;
    });
    const rows = g.op('Unsqueeze', [x.name, int64s(ctx, 'axes', [1])], 'rows');
    const diff = g.op('Sub', [rows, numeric(ctx, 'theta', [k, p], theta)], 'diff');
    const scaled = g.op('Div', [g.op('Mul', [diff, diff], 'squared'), numeric(ctx, 'var', [k, p], variance)], 'scaled');
    const sum = g.op('ReduceSum', [scaled, int64s(ctx, 'axes', [2])], 'distance', { keepdims: attr.int(0) });
    const jll = g.op('Add', [g.op('Mul', [sum, numeric(ctx, 'minus_half', [], [-0.5])], 'half_distance'), numeric(ctx, 'log_constant', [k], constant)], 'jll');
    return fromJointLogLikelihood(m, { name: jll, type: ctx.precision, width: k }, ctx);
  },
});

/** MultinomialNB and ComplementNB: X featureLogProb_^T + classLogPrior_ (ComplementNB: no prior), a Gemm. */
function countsConverter(withPrior: boolean) {
  return (m: DiscreteNB<DiscreteNBParams>, input: Variable, ctx: ConvertContext): Converted => {
    const prior = data(m.classLogPrior_);
    const jll = gemm(ctx, asPrecision(ctx, input), data(m.featureLogProb_), withPrior ? prior : new Float64Array(prior.length));
    return fromJointLogLikelihood(m, jll, ctx);
  };
}

registerConverter<MultinomialNB>('MultinomialNB', { convert: countsConverter(true) });
registerConverter<ComplementNB>('ComplementNB', { convert: countsConverter(false) });

/**
 * BernoulliNB: X binarized at the threshold, then Xb (log p - log(1 - p))^T + classLogPrior_ + sum log(1 - p), a Gemm.
 */
registerConverter<BernoulliNB>('BernoulliNB', {
  convert: (m, input, ctx) => {
    const g = ctx.graph;
    let x = asPrecision(ctx, input);
    const threshold = m.getParams(false).binarize;
    if (threshold !== null) {
      const above = g.op('Greater', [x.name, numeric(ctx, 'threshold', [], [threshold])], 'above');
      x = { ...x, name: g.op('Cast', [above], 'binarized', { to: attr.int(castCode(ctx.precision)) }) };
    }
    const flp = data(m.featureLogProb_);
    const prior = data(m.classLogPrior_);
    const k = prior.length;
    const p = flp.length / k;
    const neg = Float64Array.from(flp, (v) => Math.log(1 - Math.exp(v)));
    const offset = Float64Array.from(prior, (pr, c) => {
      let s = 0;
      for (let j = 0; j < p; j++) s += neg[c * p + j];
      return pr + s;
    });
    return fromJointLogLikelihood(m, gemm(ctx, x, flp.map((v, t) => v - neg[t]), offset), ctx);
  },
});
