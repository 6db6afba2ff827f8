/**
 * Tree models store their trees as plain objects of typed arrays (lib/aprender/tree/flat-trees.ts); this checks that
 * such state round-trips through a model file with no code of its own, on every backend, using a small registered
 * estimator of stumps built with FlatTreesBuilder and predicted with the one tree kernel (forestPredict). It also
 * shows a user's own registered class saving and loading.
 */
import { estimatorChecks, load, Regressor, registerEstimators, type MatrixLike } from '../../../lib/aprender';
import { FlatTreesBuilder, predictTrees, type FlatTrees } from '../../../lib/aprender/tree/flat-trees';
import { backendInfo, setBackend, Tensor } from '../../../lib/trueno';
import { loadSplit } from '../reference/data';

/** One stump per feature, split at the feature's mean, leaves holding the mean target of each side; averaged. */
class StumpForestRegressor extends Regressor<object> {
  static override readonly params = {};
  trees_?: FlatTrees;

  protected fitImpl(X: unknown, y: unknown): void {
    const m = this.checkX(X, true);
    const target = Float64Array.from(y as ArrayLike<number>);
    const builder = new FlatTreesBuilder(1);
    for (let j = 0; j < m.cols; j++) {
      let mean = 0;
      for (let i = 0; i < m.rows; i++) mean += m.data[i * m.cols + j] / m.rows;
      const sums = [0, 0];
      const counts = [0, 0];
      for (let i = 0; i < m.rows; i++) {
        const side = m.data[i * m.cols + j] <= mean ? 0 : 1;
        sums[side] += target[i];
        counts[side] += 1;
      }
      builder.addTree({
        feature: Int32Array.of(j, -1, -1), threshold: Float64Array.of(mean, 0, 0), children: Int32Array.of(1, 2, -1, -1, -1, -1),
        flags: new Uint8Array(3), catBits: new Int32Array(0), values: Float64Array.of(0, sums[0] / Math.max(1, counts[0]), sums[1] / Math.max(1, counts[1])),
      }, 3);
    }
    this.trees_ = builder.build();
  }

  predict(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    const trees = this.trees_ as FlatTrees;
    const weights = new Float64Array(trees.roots.length).fill(1 / trees.roots.length);
    return Tensor.from(predictTrees(trees, m.data as Float64Array, m.rows, m.cols, weights), [m.rows]);
  }
}
registerEstimators(StumpForestRegressor);

const diabetes = loadSplit('diabetes');
const before = backendInfo().backend;
afterAll(() => setBackend(before));

test.each(['native', 'wasm', 'js'] as const)('a forest in the flat layout round-trips bit for bit (%s)', (backend) => {
  setBackend(backend);
  const forest = new StumpForestRegressor().fit(diabetes.XTrain, diabetes.yTrain);
  const loaded = load<StumpForestRegressor>(forest.toBytes());
  expect(loaded).toBeInstanceOf(StumpForestRegressor);
  expect(Object.keys(loaded.trees_ as FlatTrees).sort()).toEqual(Object.keys(forest.trees_ as FlatTrees).sort());
  expect((loaded.trees_ as FlatTrees).children).toBeInstanceOf(Int32Array);
  const want = forest.predict(diabetes.XTest).data as Float64Array;
  expect(Buffer.from((loaded.predict(diabetes.XTest).data as Float64Array).buffer).equals(Buffer.from(want.buffer))).toBe(true);
});

test("the common 'model file round trip' check passes for a user's registered class", () => {
  const check = estimatorChecks(StumpForestRegressor).find((c) => c.name === 'model file round trip');
  expect(check).toBeDefined();
  expect(() => check?.run()).not.toThrow();
});
