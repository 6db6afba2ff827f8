/** Tensor construction, views and conversion, including every bad input of the constructors. */
import { Tensor } from '../../lib/trueno';

describe('Tensor.from', () => {
  test('wraps a TypedArray without copying and infers a 1-d shape', () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    const t = Tensor.from(data, [2, 3]);
    expect(t.data).toBe(data);
    expect(t.dtype).toBe('float32');
    expect(t.shape).toEqual([2, 3]);
    expect(Tensor.from(new Int32Array(4)).shape).toEqual([4]);
    data[0] = 42;
    expect(t.toArray()).toEqual([[42, 2, 3], [4, 5, 6]]);
  });

  test('flattens nested arrays row-major, float64 by default', () => {
    const t = Tensor.from([[[1, 2]], [[3, 4]]]);
    expect(t.shape).toEqual([2, 1, 2]);
    expect(t.dtype).toBe('float64');
    expect(Array.from(t.data as Float64Array)).toEqual([1, 2, 3, 4]);
    expect(Tensor.from([1.5, 2.5], undefined, 'float32').data).toBeInstanceOf(Float32Array);
    expect(Tensor.from([1, 2, 3, 4], [2, 2]).toArray()).toEqual([[1, 2], [3, 4]]);
  });

  test('a number makes a 0-d tensor; empty arrays make empty tensors', () => {
    const s = Tensor.from(3);
    expect(s.shape).toEqual([]);
    expect(s.toArray()).toBe(3);
    expect(Tensor.from([]).shape).toEqual([0]);
    expect(Tensor.zeros([0, 3]).toArray()).toEqual([]);
  });

  test.each([
    ['a string', 'abc', TypeError, /Expected a Float32Array, Float64Array, Int32Array, BigInt64Array, Uint8Array or array of numbers for values but received 'abc'/],
    ['null', null, TypeError, /received null/],
    ['a Uint16Array', new Uint16Array(2), TypeError, /received Uint16Array\(2\)/],
    ['a ragged array', [[1, 2], [3]], RangeError, /ragged/],
    ['a mixed array', [[1, 2], 3], RangeError, /ragged/],
    ['strings inside', [1, 'x'], TypeError, /Expected a number for values at depth 0 but received 'x'/],
  ])('rejects %s', (_label, value, type, message) => {
    expect(() => Tensor.from(value as never)).toThrow(type);
    expect(() => Tensor.from(value as never)).toThrow(message);
  });

  test('rejects shapes that do not match the data, and bad dtypes', () => {
    expect(() => Tensor.from(new Float64Array(6), [4, 2])).toThrow(/Expected a shape with 6 elements for shape but received \[4, 2\] \(8\)/);
    expect(() => Tensor.from(new Float64Array(6), [2, -3])).toThrow(RangeError);
    expect(() => Tensor.from(new Float64Array(6), [2, 3.5])).toThrow(/Expected an integer in \[0, 2147483647\] for shape\[1\]/);
    expect(() => Tensor.from(new Float64Array(2), 'ab' as never)).toThrow(TypeError);
    expect(() => Tensor.from([1], undefined, 'float16' as never)).toThrow(/Expected one of 'float32', 'float64', 'int32', 'int64', 'uint8', 'bool' for dtype but received 'float16'/);
    expect(() => Tensor.from(new Float32Array(2), undefined, 'float64')).toThrow(/Expected dtype 'float32'/);
  });
});

describe('factories', () => {
  test('zeros, ones, full, arange', () => {
    expect(Array.from(Tensor.zeros([2, 2], 'float32').data)).toEqual([0, 0, 0, 0]);
    expect(Tensor.ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(Tensor.full([2], NaN).toArray()).toEqual([NaN, NaN]);
    expect(Tensor.arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(Tensor.arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(Tensor.arange(3, 0, -1, 'int32').toArray()).toEqual([3, 2, 1]);
    expect(Tensor.arange(5, 1).size).toBe(0);
  });

  test('reject bad shapes, values and steps', () => {
    expect(() => Tensor.zeros(5 as never)).toThrow(/Expected an array of integers for shape but received 5/);
    expect(() => Tensor.zeros([1e6, 1e6])).toThrow(/Expected at most 2147483647 elements/);
    expect(() => Tensor.full([2], 1.5, 'int32')).toThrow(/Expected a 32-bit integer for value \(dtype int32\)/);
    expect(() => Tensor.full([2], '1' as never)).toThrow(TypeError);
    expect(() => Tensor.arange(0, 1, 0)).toThrow(/Expected a non-zero number for step but received 0/);
    expect(() => Tensor.arange(0, Infinity)).toThrow(/Expected a finite number for stop but received Infinity/);
    expect(() => Tensor.arange(NaN)).toThrow(/received NaN/);
    expect(() => Tensor.arange(0, 1e12)).toThrow(/Expected at most/);
  });
});

describe('views', () => {
  test('reshape shares data and infers -1', () => {
    const t = Tensor.arange(6, undefined, 1, 'float32');
    const r = t.reshape([2, -1]);
    expect(r.shape).toEqual([2, 3]);
    expect(r.data).toBe(t.data);
    expect(() => t.reshape([4, -1])).toThrow(/compatible with 6 elements/);
    expect(() => t.reshape([5])).toThrow(/Expected a shape with 6 elements/);
    expect(() => t.reshape('x' as never)).toThrow(TypeError);
  });

  test('clone copies; toString describes', () => {
    const t = Tensor.from([1, 2]);
    const c = t.clone();
    c.data[0] = 9;
    expect(t.data[0]).toBe(1);
    expect(String(t)).toBe('Tensor(float64, [2])\n[1. 2.]');
    expect(Object.isFrozen(t.shape)).toBe(true);
  });
});

describe('Tensor.read (the storage read every backend resolves)', () => {
  test('resolves with the live elements of a host tensor, the same array as data', async () => {
    const data = new Float64Array([1, 2, 3]);
    const t = Tensor.from(data);
    await expect(t.read()).resolves.toBe(data);
    expect(t.storage.device).toBe('host');
    await expect(t.storage.read()).resolves.toBe(t.data);
  });
  test('rejects with ERR_TRUENO_DETACHED for a disposed tensor or one whose memory was transferred', async () => {
    const t = Tensor.from(new Float32Array(4));
    t.dispose();
    await expect(t.read()).rejects.toMatchObject({ code: 'ERR_TRUENO_DETACHED' });
    const u = Tensor.from(new Float32Array(4));
    structuredClone(u.data.buffer, { transfer: [u.data.buffer as ArrayBuffer] });
    await expect(u.read()).rejects.toMatchObject({ code: 'ERR_TRUENO_DETACHED' });
  });
  test('called on something that is not a tensor, it rejects with a TypeError', async () => {
    await expect(Tensor.prototype.read.call({} as Tensor)).rejects.toMatchObject({ name: 'TypeError', code: 'ERR_TRUENO_TYPE' });
  });
});
