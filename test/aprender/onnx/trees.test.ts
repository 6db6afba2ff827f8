/** @jest-environment ./test/aprender/onnx/ort-environment.js */
/**
 * treeEnsembleNodes: hand-built trees in the flat layout (numerical splits, NaN sent left or right by the node's
 * flag, several trees with weights, k values per leaf) run as TreeEnsembleRegressor / TreeEnsembleClassifier in
 * onnxruntime and compared with predictTrees, the native walk every tree model predicts with.
 */
import { OnnxGraph, attr, ML_DOMAIN, treeEnsembleNodes, type OnnxExportError } from '../../../lib/aprender/onnx';
import { floorToFloat32 } from '../../../lib/aprender/onnx/trees';
import { FlatTreesBuilder, predictTrees, TREE_FLAGS, type FlatTrees } from '../../../lib/aprender/tree/flat-trees';
import { Random } from '../../../lib/common/random';
import { loadSplit } from '../reference/data';
import { expectClose, runOnnx } from './helpers';

/**
 * Random full trees of the given depth: each split on a random feature at a threshold taken from a random row of X
 * (so test rows hit thresholds exactly), NaN going left at about half the nodes, leaves holding k random values.
 */
function randomTrees(X: Float64Array, d: number, count: number, depth: number, k: number, seed: number): FlatTrees {
  const rng = new Random(seed);
  const builder = new FlatTreesBuilder(k);
  const rows = X.length / d;
  for (let t = 0; t < count; t++) {
    const nodes = 2 ** (depth + 1) - 1;
    const feature = new Int32Array(nodes), children = new Int32Array(2 * nodes), flags = new Uint8Array(nodes);
    const threshold = new Float64Array(nodes), values = new Float64Array(nodes * k);
    for (let i = 0; i < nodes; i++) {
      const leaf = 2 * i + 1 >= nodes;
      feature[i] = leaf ? -1 : Math.floor(rng.next() * d);
      threshold[i] = leaf ? 0 : X[Math.floor(rng.next() * rows) * d + feature[i]];
      children[2 * i] = leaf ? -1 : 2 * i + 1;
      children[2 * i + 1] = leaf ? -1 : 2 * i + 2;
      flags[i] = !leaf && rng.next() < 0.5 ? TREE_FLAGS.missingLeft : 0;
      for (let j = 0; j < k; j++) values[i * k + j] = leaf ? rng.next() * 10 - 3 : 0;
    }
    builder.addTree({ feature, threshold, children, flags, catBits: new Int32Array(0), values }, nodes);
  }
  return builder.build();
}

/** Iris test rows with some entries NaN. */
function rows(): { x: Float64Array; n: number; d: number } {
  const s = loadSplit('iris');
  const x = Float64Array.from(s.XTest.data as Float64Array, (v, t) => (t % 7 === 3 ? NaN : v));
  return { x, n: s.XTest.shape[0], d: s.XTest.shape[1] };
}

function regressorModel(trees: FlatTrees, d: number, weights: Float64Array, type: 'float' | 'double', float32Rows = false): Uint8Array {
  const g = new OnnxGraph();
  g.reserve('X', 'y');
  g.input('X', type, [null, d]);
  const attrs = treeEnsembleNodes(trees, { leaves: 'target', treeWeights: weights, precision: type, float32Rows });
  const y = g.op('TreeEnsembleRegressor', ['X'], 'sums', { ...attrs, n_targets: attr.int(trees.k), aggregate_function: attr.string('SUM') }, ML_DOMAIN);
  g.output('y', y, 'float', [null, trees.k]);
  return g.toBytes({ graphName: 'trees' });
}

describe('treeEnsembleNodes', () => {
  test.each([
    ['one tree, one value, float64', 1, 5, 1, 'double'],
    ['20 weighted trees, 3 values, float64', 20, 4, 3, 'double'],
    ['20 weighted trees, 3 values, float32', 20, 4, 3, 'float'],
  ] as const)('TreeEnsembleRegressor equals predictTrees: %s', async (_name, count, depth, k, type) => {
    const { x, n, d } = rows();
    // float32: thresholds and rows rounded the same way keep every comparison, as the rows hit thresholds exactly
    const input = type === 'float' ? Float64Array.from(Float32Array.from(x)) : x;
    const trees = randomTrees(loadSplit('iris').XTrain.data as Float64Array, d, count, depth, k, 7);
    if (type === 'float') trees.threshold = Float64Array.from(Float32Array.from(trees.threshold));
    const weights = Float64Array.from({ length: count }, (_, t) => 0.5 + t / count);
    const expected = predictTrees(trees, input, n, d, weights);
    const out = await runOnnx(regressorModel(trees, d, weights, type), input, [n, d], type === 'float' ? 'float32' : 'float64');
    expect(out.y.dims).toEqual([n, k]);
    expectClose(out.y.data as number[], expected, 1e-6, 1e-6);
  });

  test('float32 rows against midpoint thresholds: thresholds rounded down keep every comparison exact', async () => {
    const { x, n, d } = rows();
    const train = loadSplit('iris').XTrain.data as Float64Array;
    const trees = randomTrees(train, d, 30, 4, 1, 5);
    // every split halfway between a value of the data and the float32 below it, as CART places thresholds: rows
    // holding the value must go right, which rounding the midpoint to nearest (half the time: up) would break
    trees.threshold = trees.threshold.map((t) => {
      const down = new Float32Array([t]);
      const bits = new Int32Array(down.buffer);
      bits[0] += down[0] > 0 ? -1 : 1;
      return (Math.fround(t) + down[0]) / 2;
    });
    const xf = Float32Array.from(x);
    const weights = new Float64Array(30).fill(1 / 30);
    const expected = predictTrees(trees, xf, n, d, weights);
    const out = await runOnnx(regressorModel(trees, d, weights, 'float', true), xf, [n, d], 'float32');
    expectClose(out.y.data as number[], expected, 1e-6, 1e-6);
    const nearest = await runOnnx(regressorModel(trees, d, weights, 'float', false), xf, [n, d], 'float32');
    expect((nearest.y.data as number[]).some((v, i) => Math.abs(v - expected[i]) > 1e-3)).toBe(true);
  });

  test('floorToFloat32: the largest float32 <= v', () => {
    expect(floorToFloat32(0.1)).toBe(Math.fround(0.09999999403953552));
    expect(floorToFloat32(0.1)).toBeLessThan(0.1);
    expect(floorToFloat32(-0.1)).toBe(Math.fround(-0.1));
    expect(floorToFloat32(1.5)).toBe(1.5);
    expect(floorToFloat32(-1e-50)).toBe(-1.401298464324817e-45);
    expect(floorToFloat32(1e-50)).toBe(0);
    expect(floorToFloat32(Infinity)).toBe(Infinity);
    expect(floorToFloat32(1e300)).toBe(3.4028234663852886e38);
  });

  test('TreeEnsembleClassifier: the label of the largest weighted sum, string labels', async () => {
    const { x, n, d } = rows();
    const trees = randomTrees(loadSplit('iris').XTrain.data as Float64Array, d, 10, 3, 3, 11);
    const g = new OnnxGraph();
    g.reserve('X', 'label', 'scores');
    g.input('X', 'double', [null, d]);
    const attrs = treeEnsembleNodes(trees, { leaves: 'class', precision: 'double' });
    const names = ['setosa', 'versicolor', 'virginica'];
    const [label, scores] = g.node('TreeEnsembleClassifier', ['X'], ['l', 's'], { ...attrs, classlabels_strings: attr.strings(names) }, ML_DOMAIN);
    g.output('label', label, 'string', [null]);
    g.output('scores', scores, 'float', [null, 3]);
    const out = await runOnnx(g.toBytes({ graphName: 'c' }), x, [n, d], 'float64');
    const sums = predictTrees(trees, x, n, d, new Float64Array(10).fill(1));
    expectClose(out.scores.data as number[], sums, 1e-6, 1e-6);
    const best = Array.from({ length: n }, (_, i) => names[[0, 1, 2].reduce((b, j) => (sums[i * 3 + j] > sums[i * 3 + b] ? j : b), 0)]);
    expect(out.label.data).toEqual(best);
  });

  test('a categorical split is refused with ERR_APRENDER_ONNX_OPTION; wrong tree weights with a RangeError', () => {
    const trees = randomTrees(loadSplit('iris').XTrain.data as Float64Array, 4, 2, 2, 1, 3);
    expect(() => treeEnsembleNodes(trees, { leaves: 'target', treeWeights: [1] })).toThrow(RangeError);
    trees.flags[trees.roots[1]] |= TREE_FLAGS.categorical;
    let error: OnnxExportError | undefined;
    try {
      treeEnsembleNodes(trees, { leaves: 'target', estimator: 'HistGradientBoostingRegressor' });
    } catch (e) {
      error = e as OnnxExportError;
    }
    expect(error?.code).toBe('ERR_APRENDER_ONNX_OPTION');
    expect(error?.estimator).toBe('HistGradientBoostingRegressor');
    expect(error?.message).toMatch(/categorical split \(tree 1, node 0\)/);
  });
});
