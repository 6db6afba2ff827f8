/**
 * Converters of PCA and TruncatedSVD: projections onto the components as a Gemm (PCA's centering folded into the
 * bias, -mean_ components_^T, as its transform computes it), PCA's whitening as a division.
 */
import type { Tensor } from '../../../trueno/tensor';
import type { PCA } from '../../decomposition/pca';
import type { TruncatedSVD } from '../../decomposition/truncated-svd';
import { asPrecision, gemm, numeric } from '../ops';
import { registerConverter } from '../registry';

registerConverter<PCA>('PCA', {
  convert: (m, input, ctx) => {
    const comps = m.components_ as Tensor;
    const [k, p] = comps.shape;
    const c = comps.data as Float64Array;
    const mean = m.mean_?.data as Float64Array;
    const shift = Float64Array.from({ length: k }, (_, r) => {
      let s = 0;
      for (let j = 0; j < p; j++) s += mean[j] * c[r * p + j];
      return -s;
    });
    let z = gemm(ctx, asPrecision(ctx, input), c, shift);
    if (m.getParams(false).whiten) {
      const scale = Float64Array.from(m.explainedVariance_?.data as Float64Array, (v) => Math.max(Math.sqrt(v), Number.EPSILON));
      z = { ...z, name: ctx.graph.op('Div', [z.name, numeric(ctx, 'whiten', [k], scale)], 'whitened') };
    }
    return { kind: 'transform', value: z };
  },
});

registerConverter<TruncatedSVD>('TruncatedSVD', {
  convert: (m, input, ctx) => {
    const comps = m.components_ as Tensor;
    return { kind: 'transform', value: gemm(ctx, asPrecision(ctx, input), comps.data as Float64Array, new Float64Array(comps.shape[0])) };
  },
});
