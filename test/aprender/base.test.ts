/**
 * The estimator contract itself: parameters, state, input conversion and fitAsync, on a small estimator defined here
 * (a user's own class, fitted on the calling thread by fitAsync) and on StandardScaler (fitted in a worker).
 */
import { tableFromArrays } from 'apache-arrow';
import { ArrowDataset } from '../../lib/alimentar/dataset';
import {
  checkEstimator, Estimator, FitAbortedError, GaussianNB, ParamError, Regressor, StandardScaler, params as P, registerEstimators,
  type FitProgress, type MatrixLike,
} from '../../lib/aprender';
import { toMatrix, toTargets } from '../../lib/aprender/base/input';
import { decodeLabels, encodeLabels } from '../../lib/aprender/base/labels';
import { Tensor } from '../../lib/trueno/tensor';

interface MeanParams {
  shrink: number;
  iterations: number;
  mode: 'plain' | 'robust';
}

/** Predicts a shrunk mean of y, "iterating" to report progress. */
class MeanRegressor extends Regressor<MeanParams> {
  static override readonly params = {
    shrink: [P.real({ min: 0, max: 1 }), 0],
    iterations: [P.integer({ min: 1 }), 3],
    mode: [P.oneOf('plain', 'robust'), 'plain'],
  } as const;

  mean_?: number;

  protected fitImpl(X: unknown, y: unknown): void {
    const m = this.checkX(X, true);
    const t = toTargets(y, m.rows);
    if (t.kind !== 'number') throw new TypeError('numbers only');
    for (let i = 1; i <= this.params.iterations; i++) this.reportProgress({ iteration: i, total: this.params.iterations });
    this.mean_ = (1 - this.params.shrink) * t.values.reduce((a, b) => a + b, 0) / t.values.length;
  }

  predict(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    return Tensor.from(new Float64Array(m.rows).fill(this.mean_ as number));
  }
}

const X = Tensor.from([[1, 2], [3, 4], [5, 6], [7, 9]]);
const y = [1, 2, 3, 4];

describe('parameters', () => {
  test('defaults fill in, options override, getParams copies', () => {
    const est = new MeanRegressor({ shrink: 0.5 });
    expect(est.getParams()).toEqual({ shrink: 0.5, iterations: 3, mode: 'plain' });
    est.getParams().shrink = 0.9;
    expect(est.getParams().shrink).toBe(0.5);
  });

  test('an unknown option is refused at once, naming it and the allowed names', () => {
    expect(() => new MeanRegressor({ shrnk: 1 } as never)).toThrow(/^Expected one of shrink, iterations, mode for the parameters of MeanRegressor but received 'shrnk'$/);
    expect(() => new MeanRegressor().setParams({ nope: 1 } as never)).toThrow(ParamError);
  });

  test('values are checked at fit with the allowed values in the message', () => {
    const est = new MeanRegressor({ shrink: 2 });
    expect(() => est.fit(X, y)).toThrow('Expected a number >= 0 and <= 1 for the shrink parameter of MeanRegressor but received 2');
    expect(() => new MeanRegressor({ mode: 'fast' as never }).fit(X, y)).toThrow("Expected 'plain', 'robust' for the mode parameter");
    expect(() => new MeanRegressor({ iterations: 1.5 }).fit(X, y)).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_PARAM', param: 'iterations' }));
  });

  test('nested estimators: deep getParams and step__param setParams', () => {
    class Wrapper extends Estimator<{ inner: Estimator | null }> {
      static override readonly params = { inner: [P.custom('an estimator', (v) => v instanceof Estimator), null] } as const;
      protected fitImpl(): void {}
    }
    const w = new Wrapper({ inner: new MeanRegressor() });
    expect(w.getParams().inner__iterations).toBe(3);
    w.setParams({ inner__iterations: 7 });
    expect((w.getParams(false).inner as MeanRegressor).getParams().iterations).toBe(7);
    const c = w.clone();
    expect(c.getParams(false).inner).not.toBe(w.getParams(false).inner);
    expect(c.getParams().inner__iterations).toBe(7);
    expect(() => new Wrapper({ inner: null }).setParams({ inner__x: 1 })).toThrow(/Expected an estimator in the inner parameter/);
  });
});

describe('state', () => {
  test('fit forgets the previous fit; learned state is the _ properties', () => {
    const est = new MeanRegressor().fit(X, y);
    expect(est.learnedState()).toEqual({ nFeaturesIn_: 2, mean_: 2.5 });
    expect(est.isFitted()).toBe(true);
    expect(est.clone().isFitted()).toBe(false);
  });

  test('a user class passes checkEstimator once registered (model files rebuild registered classes only)', async () => {
    await expect(checkEstimator(MeanRegressor, { backends: ['js'] })).rejects.toThrow(/MeanRegressor is not registered: call registerEstimators\(MeanRegressor\)/);
    registerEstimators(MeanRegressor);
    await expect(checkEstimator(MeanRegressor, { backends: ['js'] })).resolves.toContain('model file round trip');
  });
});

describe('input conversion', () => {
  test('a contiguous float64 Tensor is used without a copy; float32 is converted unless kept', () => {
    expect(toMatrix(X).data).toBe(X.data);
    const f = Tensor.from(new Float32Array([1, 2, 3, 4]), [2, 2]);
    expect(toMatrix(f).data).toBeInstanceOf(Float64Array);
    expect(toMatrix(f, { dtype: 'keep' }).data).toBe(f.data);
    expect(toMatrix(Tensor.from(new Int32Array([1, 2]), [1, 2])).data).toEqual(new Float64Array([1, 2]));
  });

  test('Arrow input keeps the column names; non-numeric columns are named in the error', () => {
    const ds = ArrowDataset.fromTable(tableFromArrays({ a: new Float64Array([1, 2]), b: new Int32Array([3, 4]) }));
    expect(toMatrix(ds).featureNames).toEqual(['a', 'b']);
    const bad = ArrowDataset.fromTable(tableFromArrays({ a: new Float64Array([1, 2]), s: ['x', 'y'] }));
    expect(() => toMatrix(bad)).toThrow(/column 's' is .*Utf8/);
  });

  test('bad X: ragged rows, strings, 1-D, 3-D, empty', () => {
    expect(() => toMatrix([[1, 2], [3]])).toThrow('Expected rows of 2 numbers for X but row 1 is [3]');
    expect(() => toMatrix([[1, 'a']] as never)).toThrow(expect.objectContaining({ code: 'ERR_APRENDER_TYPE' }));
    expect(() => toMatrix([1, 2] as never)).toThrow(/1-D array/);
    expect(() => toMatrix(Tensor.zeros([2, 2, 2]))).toThrow(/shape \[2, 2, 2\]/);
    expect(() => toMatrix([])).toThrow(/at least 1 sample/);
    expect(() => toMatrix(Tensor.zeros([3, 0]))).toThrow(/at least 1 feature/);
  });

  test('y: numbers, strings, Arrow columns, wrong length, mixed kinds', () => {
    expect(toTargets(new Int32Array([1, 2]), 2)).toMatchObject({ kind: 'number', dtype: 'int32' });
    expect(toTargets(['a', 'b'], 2)).toMatchObject({ kind: 'string', values: ['a', 'b'] });
    const col = tableFromArrays({ c: ['u', 'v'] }).getChild('c');
    expect(toTargets(col, 2)).toMatchObject({ kind: 'string', values: ['u', 'v'] });
    expect(() => toTargets([1, 2, 3], 2)).toThrow('Expected 2 values for y (one per sample of X) but received 3');
    expect(() => toTargets(['a', 1], 2)).toThrow(/only strings/);
    expect(() => toTargets(Tensor.zeros([2, 2]), 2)).toThrow(/1-D y/);
    expect(toTargets(Tensor.zeros([2, 2]), 2, { multi: true })).toMatchObject({ cols: 2 });
  });

  test('labels: numpy.unique order, decoded in the form they came in', () => {
    const enc = encodeLabels(toTargets(['b', 'a', 'c', 'a'], 4), 2, 'T');
    expect(enc.classes).toEqual(['a', 'b', 'c']);
    expect(Array.from(enc.codes)).toEqual([1, 0, 2, 0]);
    expect(decodeLabels(enc.classes, enc.codes)).toEqual(['b', 'a', 'c', 'a']);
    const num = encodeLabels(toTargets([10, -1, 10], 3), 2, 'T');
    expect(num.classes).toEqual([-1, 10]);
    expect((decodeLabels(num.classes, num.codes, 'int32') as Tensor).dtype).toBe('int32');
    expect(() => encodeLabels(toTargets([1, 1], 2), 2, 'T')).toThrow('Expected at least 2 classes in y for T but received 1');
  });
});

describe('fitAsync', () => {
  test('on this thread for a user class: progress per iteration, abort between iterations', async () => {
    const seen: FitProgress[] = [];
    const est = await new MeanRegressor({ iterations: 4 }).fitAsync(X, y, { onProgress: (p) => seen.push(p) });
    expect(est.mean_).toBe(2.5);
    expect(seen.map((p) => p.iteration)).toEqual([1, 2, 3, 4]);
    const ac = new AbortController();
    const stopped = new MeanRegressor({ iterations: 5 }).fitAsync(X, y, { signal: ac.signal, onProgress: (p) => p.iteration === 2 && ac.abort() });
    await expect(stopped).rejects.toThrow(FitAbortedError);
  });

  test('in a worker for a registered class; the estimator is unchanged until it resolves', async () => {
    const scaler = new StandardScaler();
    const pending = scaler.fitAsync(X);
    expect(scaler.isFitted()).toBe(false);
    await pending;
    expect(Array.from(scaler.mean_?.data ?? [])).toEqual([4, 5.25]);
  });

  test('abort stops the worker and leaves the estimator unfitted; an aborted signal rejects at once', async () => {
    const big = Tensor.from(new Float64Array(4_000_000).map((_, i) => i % 97), [400_000, 10]);
    const ac = new AbortController();
    const scaler = new StandardScaler();
    const pending = scaler.fitAsync(big, undefined, { signal: ac.signal });
    ac.abort(new Error('user stop'));
    await expect(pending).rejects.toMatchObject({ code: 'ERR_APRENDER_ABORTED', name: 'AbortError' });
    expect(scaler.isFitted()).toBe(false);
    await expect(new StandardScaler().fitAsync(X, undefined, { signal: AbortSignal.abort() })).rejects.toThrow(FitAbortedError);
  });

  test('an Int64 Arrow column as y (integer labels from Parquet) fits in a worker as fit does', async () => {
    const table = tableFromArrays({ a: Float64Array.from([1, 2, 3, 10, 11, 12]), y: BigInt64Array.from([0n, 0n, 0n, 1n, 1n, 1n]) });
    const X = ArrowDataset.fromTable(table).select(['a']);
    const y = table.getChild('y')!;
    const off = await new GaussianNB().fitAsync(X, y);
    const on = new GaussianNB().fit(X, y);
    expect(off.classes_).toEqual([0, 1]);
    expect(off.theta_).toEqual(on.theta_);
  });

  test('errors in the worker come back with their class and code', async () => {
    await expect(new StandardScaler().fitAsync(Tensor.from([[1, Infinity]]))).rejects.toMatchObject({ name: 'RangeError', code: 'ERR_APRENDER_RANGE' });
    await expect(new StandardScaler({ withMean: 'yes' as never }).fitAsync(X)).rejects.toThrow(ParamError);
  });
});
