/**
 * bincount on every backend, ISA level and thread count: exact counts (int64) against a reference counted here, weight
 * sums (float64, added in index order: exact equality with the same order in float64), numpy parity (values printed
 * by numpy 2 for the same input), and bad input.
 */
import * as T from '../../lib/trueno';
import { activate, configurations, resetBackends, sym, type Config } from './helpers';

const configs = configurations();
afterAll(resetBackends);

describe.each(configs)('$label', (config: Config) => {
  beforeEach(() => activate(config));

  test.each(['int32', 'int64', 'uint8'] as const)('%s counts and weight sums match a direct count', (dtype) => {
    const n = 4099;
    const values = Array.from(sym(21, n), (v) => Math.floor((v + 1) * 50));
    const x = dtype === 'int64' ? T.Tensor.from(BigInt64Array.from(values.map(BigInt))) : T.Tensor.from(values, undefined, dtype);
    const counts = T.bincount(x);
    expect(counts.dtype).toBe('int64');
    const want = new Array<bigint>(Math.max(...values) + 1).fill(0n);
    for (const v of values) want[v]++;
    expect(Array.from(counts.data as BigInt64Array)).toEqual(want);
    const weights = T.Tensor.from(sym(22, n));
    const sums = new Float64Array(want.length);
    values.forEach((v, i) => (sums[v] += weights.data[i] as number));
    expect(Array.from(T.bincount(x, { weights }).data as Float64Array)).toEqual(Array.from(sums));
    expect(T.bincount(x, { minlength: 200 }).size).toBe(200);
  });

  test('numpy parity: np.bincount([0, 1, 1, 3, 2, 1, 7], ...)', () => {
    const x = T.Tensor.from([0, 1, 1, 3, 2, 1, 7], undefined, 'int32');
    expect(T.bincount(x).toArray()).toEqual([1n, 3n, 1n, 1n, 0n, 0n, 0n, 1n]);
    expect(T.bincount(x, { minlength: 10 }).toArray()).toEqual([1n, 3n, 1n, 1n, 0n, 0n, 0n, 1n, 0n, 0n]);
    const weights = T.Tensor.from([0.5, 1, 1.25, -2, 3, 1e-3, 10]);
    expect(T.bincount(x, { weights }).toArray()).toEqual([0.5, 2.251, 3.0, -2.0, 0.0, 0.0, 0.0, 10.0]);
    expect(T.bincount(T.Tensor.zeros([0], 'int64'), { minlength: 3 }).toArray()).toEqual([0n, 0n, 0n]);
    expect(T.bincount(T.Tensor.from(Uint8Array.from([1, 0, 1]), undefined, 'bool')).toArray()).toEqual([1n, 2n]);
  });
});

describe('bincount bad input', () => {
  const x = T.Tensor.from([1, 2], undefined, 'int32');
  test.each([
    ['not a tensor', () => T.bincount([1, 2] as never), TypeError, /Expected a Tensor for bincount argument x but received \[1, 2\]/],
    ['float x', () => T.bincount(T.Tensor.from([1.5])), TypeError, /Expected an int32, int64, uint8 or bool tensor for bincount argument x but received float64/],
    ['2-d x', () => T.bincount(T.Tensor.from([[1]], undefined, 'int32')), RangeError, /Expected a 1-d tensor for bincount argument x but received shape \[1, 1\]/],
    ['negative value', () => T.bincount(T.Tensor.from([3, -1], undefined, 'int32')), RangeError, /Expected non-negative values for bincount argument x but received -1/],
    ['huge value', () => T.bincount(T.Tensor.from([2n ** 40n], undefined, 'int64')), RangeError, /Expected at most 2147483647 bins for bincount/],
    ['bad minlength', () => T.bincount(x, { minlength: -1 }), RangeError, /Expected an integer in \[0, 2147483647\] for bincount options.minlength but received -1/],
    ['NaN minlength', () => T.bincount(x, { minlength: NaN }), RangeError, /for bincount options.minlength but received NaN/],
    ['weights shape', () => T.bincount(x, { weights: T.Tensor.from([1]) }), RangeError, /Expected weights of shape \[2\] for bincount options.weights but received \[1\]/],
    ['weights not a tensor', () => T.bincount(x, { weights: [1, 2] as never }), TypeError, /Expected a Tensor for bincount options.weights/],
    ['options not an object', () => T.bincount(x, 3 as never), TypeError, /bincount options/],
  ])('%s', (_label, fn, type, message) => {
    expect(fn).toThrow(type as ErrorConstructor);
    expect(fn).toThrow(message as RegExp);
  });
});
