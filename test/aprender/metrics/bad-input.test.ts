/** Every metric refuses bad input with a coded argument error ("Expected ... but received ..."), never a crash. */
import * as m from '../../../lib/aprender/metrics/index';
import { Tensor } from '../../../lib/trueno/tensor';

const t = [0, 1, 1, 0];
const p = [0, 1, 0, 0];
const prob = [0.1, 0.8, 0.4, 0.3];
const X = [[0, 0], [0, 1], [5, 5], [5, 6]];

const cases: [string, () => unknown, string][] = [
  ['yTrue a number', () => m.accuracyScore(3, p), 'ERR_APRENDER_TYPE'],
  ['lengths differ', () => m.f1Score(t, [0, 1]), 'ERR_APRENDER_RANGE'],
  ['empty', () => m.precisionScore([], []), 'ERR_APRENDER_RANGE'],
  ['NaN label', () => m.recallScore([0, NaN, 1, 1], p), 'ERR_APRENDER_RANGE'],
  ['strings against numbers', () => m.confusionMatrix(['a', 'b', 'a', 'b'], p), 'ERR_APRENDER_TYPE'],
  ['continuous labels', () => m.f1Score([0.5, 1, 1, 0], p), 'ERR_APRENDER_RANGE'],
  ['an unknown average', () => m.f1Score(t, p, { average: 'samples' as never }), 'ERR_APRENDER_RANGE'],
  ['binary average on 3 classes', () => m.precisionScore([0, 1, 2, 0], [0, 1, 2, 1]), 'ERR_APRENDER_RANGE'],
  ['posLabel not a label', () => m.recallScore(t, p, { posLabel: 7 }), 'ERR_APRENDER_RANGE'],
  ['zeroDivision 2', () => m.precisionScore(t, p, { zeroDivision: 2 }), 'ERR_APRENDER_RANGE'],
  ['negative beta', () => m.fbetaScore(t, p, { beta: -1 }), 'ERR_APRENDER_RANGE'],
  ['fbeta without beta', () => m.fbetaScore(t, p, {} as never), 'ERR_APRENDER_TYPE'],
  ['labels of the other kind', () => m.confusionMatrix(t, p, { labels: ['a'] }), 'ERR_APRENDER_TYPE'],
  ['repeated labels', () => m.confusionMatrix(t, p, { labels: [0, 0] }), 'ERR_APRENDER_RANGE'],
  ['labels none of which is in yTrue', () => m.confusionMatrix(t, p, { labels: [5] }), 'ERR_APRENDER_RANGE'],
  ['an unknown normalize', () => m.confusionMatrix(t, p, { normalize: 'rows' as never }), 'ERR_APRENDER_RANGE'],
  ['negative sample weight', () => m.accuracyScore(t, p, { sampleWeight: [1, -1, 1, 1] }), 'ERR_APRENDER_RANGE'],
  ['sample weights of another length', () => m.balancedAccuracyScore(t, p, { sampleWeight: [1, 1] }), 'ERR_APRENDER_RANGE'],
  ['Infinity weight', () => m.meanSquaredError(t, p, { sampleWeight: [1, Infinity, 1, 1] }), 'ERR_APRENDER_RANGE'],
  ['targetNames of another length', () => m.classificationReport(t, p, { targetNames: ['a'] }), 'ERR_APRENDER_RANGE'],
  ['negative digits', () => m.classificationReport(t, p, { digits: -1 }), 'ERR_APRENDER_RANGE'],
  ['probabilities above 1', () => m.logLoss(t, [0.1, 1.2, 0.5, 0.5]), 'ERR_APRENDER_RANGE'],
  ['one class without labels', () => m.logLoss([1, 1], [0.9, 0.8]), 'ERR_APRENDER_RANGE'],
  ['probability columns that do not match the classes', () => m.logLoss(t, [[0.2, 0.3, 0.5], [0.2, 0.3, 0.5], [0.2, 0.3, 0.5], [0.2, 0.3, 0.5]]), 'ERR_APRENDER_RANGE'],
  ['string scores', () => m.rocCurve(t, ['a', 'b', 'c', 'd']), 'ERR_APRENDER_TYPE'],
  ['NaN score', () => m.rocAucScore(t, [0.1, NaN, 0.2, 0.3]), 'ERR_APRENDER_RANGE'],
  ['string labels without posLabel', () => m.precisionRecallCurve(['a', 'b', 'a', 'b'], prob), 'ERR_APRENDER_RANGE'],
  ['three labels in a binary curve', () => m.rocCurve([0, 1, 2, 1], prob, { posLabel: 1 }), 'ERR_APRENDER_RANGE'],
  ['2-D scores for a binary curve', () => m.rocCurve(t, [[0.1, 0.9], [0.2, 0.8], [0.3, 0.7], [0.4, 0.6]]), 'ERR_APRENDER_RANGE'],
  ['multiclass without multiClass', () => m.rocAucScore([0, 1, 2, 0], [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]), 'ERR_APRENDER_RANGE'],
  ['multiclass rows not summing to 1', () => m.rocAucScore([0, 1, 2, 0], [[1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]], { multiClass: 'ovr' }), 'ERR_APRENDER_RANGE'],
  ['ovo with micro', () => m.rocAucScore([0, 1, 2, 0], [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]], { multiClass: 'ovo', average: 'micro' }), 'ERR_APRENDER_RANGE'],
  ['unsorted labels', () => m.rocAucScore([0, 1, 2, 0], [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]], { multiClass: 'ovr', labels: [2, 1, 0] }), 'ERR_APRENDER_RANGE'],
  ['regression on strings', () => m.r2Score(['a', 'b'], ['a', 'b']), 'ERR_APRENDER_RANGE'],
  ['an unknown multioutput', () => m.meanAbsoluteError(t, p, { multioutput: 'variance_weighted' as never }), 'ERR_APRENDER_RANGE'],
  ['multioutput weights of another length', () => m.meanSquaredError([[1, 2], [3, 4]], [[1, 2], [3, 5]], { multioutput: [1] }), 'ERR_APRENDER_RANGE'],
  ['outputs that differ', () => m.r2Score([[1, 2], [3, 4]], [1, 2]), 'ERR_APRENDER_RANGE'],
  ['a 3-D Tensor', () => m.meanSquaredError(Tensor.zeros([2, 2, 2]), Tensor.zeros([2, 2, 2])), 'ERR_APRENDER_RANGE'],
  ['silhouette with one cluster', () => m.silhouetteScore(X, [0, 0, 0, 0]), 'ERR_APRENDER_RANGE'],
  ['silhouette with a cluster per sample', () => m.silhouetteScore(X, [0, 1, 2, 3]), 'ERR_APRENDER_RANGE'],
  ['silhouette with NaN in X', () => m.silhouetteScore([[0, NaN], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1]), 'ERR_APRENDER_RANGE'],
  ['silhouette with labels of another length', () => m.silhouetteSamples(X, [0, 1]), 'ERR_APRENDER_RANGE'],
  ['silhouette with 1-D X', () => m.silhouetteScore([1, 2, 3, 4], [0, 0, 1, 1]), 'ERR_APRENDER_RANGE'],
  ['silhouette with an unknown metric', () => m.silhouetteScore(X, [0, 0, 1, 1], { metric: 'cosine' as never }), 'ERR_APRENDER_RANGE'],
  ['precomputed distances not square', () => m.silhouetteScore(X, [0, 0, 1, 1], { metric: 'precomputed' }), 'ERR_APRENDER_RANGE'],
  ['precomputed negative distances', () => m.silhouetteScore([[0, -1, 2], [1, 0, 2], [2, 2, 0]], [0, 0, 1], { metric: 'precomputed' }), 'ERR_APRENDER_RANGE'],
  ['ARI with an object', () => m.adjustedRandScore({} as never, t), 'ERR_APRENDER_TYPE'],
  ['NMI with an unknown average method', () => m.normalizedMutualInfoScore(t, p, { averageMethod: 'median' as never }), 'ERR_APRENDER_RANGE'],
  ['MI with labelings of different lengths', () => m.mutualInfoScore(t, [0, 1]), 'ERR_APRENDER_RANGE'],
];

test.each(cases)('%s', (_name, fn, code) => {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(Error);
  expect((thrown as { code: string }).code).toBe(code);
  expect((thrown as Error).message).toMatch(/Expected/);
});

test('inputs are not mutated and Tensor / TypedArray / array inputs agree', () => {
  const yt = Float64Array.from([3, -0.5, 2, 7]);
  const yp = [2.5, 0.0, 2, 8];
  const copy = yt.slice();
  expect(m.meanSquaredError(Tensor.from(yt), Tensor.from(yp))).toBe(m.meanSquaredError(Array.from(yt), yp));
  expect(m.r2Score(yt, Float32Array.from(yp))).toBeCloseTo(0.9486081370449679, 12);
  expect(yt).toEqual(copy);
  expect(m.f1Score(Int32Array.from(t), Tensor.from(p))).toBe(m.f1Score(t, p));
});

test('a huge input is refused or handled without crashing', () => {
  expect(() => m.accuracyScore(new Float64Array(5), new Float64Array(6))).toThrow(/Expected 5 values/);
  const n = 200000;
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  expect(m.adjustedRandScore(y, y)).toBe(1);
  expect(m.rocAucScore(Int32Array.from(y, (v) => (v === 0 ? 1 : 0)), Float64Array.from(y, (v) => (v === 0 ? 0.9 : 0.1)))).toBe(1);
});
