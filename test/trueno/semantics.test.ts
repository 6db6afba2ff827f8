/**
 * The Tensor contract every backend shares (issue 8.3-8.7): a tensor that lost its memory is an error, constructors
 * validate, integer dtypes hold only their integers, `out` may alias or overlap an input, and the IEEE edge values
 * are the same on native, WASM and plain JS.
 */
import * as T from '../../lib/trueno';
import type { BackendName } from '../../lib/trueno';

const { Tensor } = T;
const BACKENDS: BackendName[] = ['native', 'wasm', 'js'];

/** A float32 tensor whose ArrayBuffer has been transferred away (detached). */
function detached(shape = [2, 2]): T.Tensor {
  const t = Tensor.from(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape);
  structuredClone(t.data.buffer, { transfer: [t.data.buffer as ArrayBuffer] });
  return t;
}

function shrunk(): T.Tensor {
  // Resizable ArrayBuffers are ES2024 (Node 20 has them); the project's TypeScript lib is ES2022.
  const Resizable = ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };
  const rab = new Resizable(16, { maxByteLength: 16 });
  const t = Tensor.from(new Float32Array(rab), [2, 2]);
  rab.resize(4);
  return t;
}

afterAll(() => T.setBackend('native'));

describe.each(BACKENDS)('on the %s backend', (backend) => {
  beforeAll(() => T.setBackend(backend));

  const ops: [string, (x: T.Tensor) => unknown][] = [
    ['sum', (x) => T.sum(x)], ['mean', (x) => T.mean(x)], ['max along an axis', (x) => T.max(x, { axis: 0 })],
    ['add', (x) => T.add(x, x)], ['add a number', (x) => T.add(x, 1)], ['exp', (x) => T.exp(x)],
    ['softmax', (x) => T.softmax(x)], ['matmul', (x) => T.matmul(x, x)], ['matvec', (x) => T.matvec(x, Tensor.from([1, 2]))],
    ['transpose', (x) => T.transpose(x)], ['pairwiseSqDist', (x) => T.pairwiseSqDist(x)], ['dot', (x) => T.dot(x.reshape([4]), x.reshape([4]))],
    ['cast', (x) => T.cast(x, 'float64')], ['fill', (x) => T.fill(x, 1)], ['clip', (x) => T.clip(x, 0, 1)],
    ['axpy', (x) => T.axpy(1, x, Tensor.zeros([2, 2], 'float32'))], ['clone', (x) => x.clone()],
  ];

  test.each(ops)('%s of a detached or shrunk tensor throws ERR_TRUENO_DETACHED', (_, op) => {
    for (const t of [detached(), shrunk()]) {
      expect(() => op(t)).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DETACHED', name: 'TruenoError' }));
    }
  });

  test('a detached out throws ERR_TRUENO_DETACHED', () => {
    const a = Tensor.from(new Float32Array(4), [2, 2]);
    expect(() => T.add(a, a, { out: detached() })).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DETACHED' }));
    expect(() => T.matmul(a, a, { out: detached() })).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_DETACHED' }));
  });

  test('async ops reject a detached tensor with ERR_TRUENO_DETACHED', async () => {
    const code = { code: 'ERR_TRUENO_DETACHED' };
    await expect(T.matmulAsync(detached(), detached())).rejects.toMatchObject(code);
    await expect(T.matvecAsync(detached(), Tensor.from(new Float32Array(2)))).rejects.toMatchObject(code);
    await expect(T.softmaxAsync(shrunk())).rejects.toMatchObject(code);
    await expect(T.pairwiseSqDistAsync(detached())).rejects.toMatchObject(code);
    await expect(T.mapAsync('exp', detached())).rejects.toMatchObject(code);
  });

  describe('out aliasing: the result is as if every input were read first', () => {
    const base = () => Float64Array.from({ length: 12 }, (_, i) => i * 0.5 - 2);

    test('out is an input (elementwise in place)', () => {
      const a = Tensor.from(base(), [3, 4]);
      const want = T.add(a, a).data.slice();
      expect(T.add(a, a, { out: a }).data).toEqual(want);
      const b = Tensor.from(base(), [3, 4]);
      const ex = T.exp(b).data.slice();
      expect(T.exp(b, { out: b }).data).toEqual(ex);
    });

    test('out overlaps an input shifted by one element (a partial overlap)', () => {
      const original = Float64Array.from({ length: 13 }, (_, i) => i * 0.5 - 2);
      const buffer = original.slice();
      const out = Tensor.from(buffer.subarray(1, 13), [12]);
      T.add(Tensor.from(buffer.subarray(0, 12)), Tensor.from(buffer.subarray(0, 12)), { out });
      expect(Array.from(out.data as Float64Array)).toEqual(Array.from(original.subarray(0, 12), (v) => 2 * v));
      // A broadcast row that overlaps out is read for every row, so it must be read before out is written.
      buffer.set(original);
      const m = Tensor.from(buffer.subarray(1, 13), [3, 4]);
      T.add(m, Tensor.from(buffer.subarray(0, 4)), { out: m });
      expect(Array.from(m.data as Float64Array)).toEqual(Array.from(original.subarray(1, 13), (v, i) => v + original[i % 4]));
    });

    test('matmul with out being a (and b)', () => {
      const a = Tensor.from(Float64Array.from({ length: 16 }, (_, i) => (i % 5) - 2), [4, 4]);
      const want = T.matmul(a, a).data.slice();
      expect(T.matmul(a, a, { out: a }).data).toEqual(want);
    });
  });

  describe('IEEE edge values', () => {
    test('sigmoid of a large negative number is exactly 0 once e^-x overflows the dtype', () => {
      expect(Array.from(T.sigmoid(Tensor.from(new Float32Array([-100, -89, -Infinity, 100]))).data as Float32Array)).toEqual([0, 0, 0, 1]);
      expect(Array.from(T.sigmoid(Tensor.from(new Float64Array([-800, -Infinity, 800]))).data as Float32Array)).toEqual([0, 0, 1]);
      expect(T.sigmoid(Tensor.from(new Float32Array([NaN]))).data[0]).toBeNaN();
    });

    const reluOfMinusZero = () => {
      for (const arr of [new Float32Array(19).fill(-0), new Float64Array(19).fill(-0)]) {
        for (const v of T.relu(Tensor.from(arr)).data) expect(Object.is(v, 0)).toBe(true);
      }
      expect(T.relu(Tensor.from([NaN])).data[0]).toBeNaN();
    };
    // numpy's maximum(-0.0, 0) is +0.
    test('relu(-0) is +0 and relu(NaN) is NaN', reluOfMinusZero);

    test('pairwiseSqDist of x with itself: the diagonal is exactly 0 even for a row holding NaN', () => {
      for (const dtype of ['float32', 'float64'] as const) {
        const x = Tensor.from([[1, NaN], [2, 3]], undefined, dtype);
        const d = Array.from(T.pairwiseSqDist(x).data as Float64Array);
        expect(d[0]).toBe(0);
        expect(d[1]).toBeNaN();
        expect(d[2]).toBeNaN();
        expect(d[3]).toBe(0);
      }
    });
  });
});

describe('constructors validate', () => {
  test('new Tensor with a shape that does not match the data throws', () => {
    expect(() => new Tensor(new Float32Array(4), [2, 4])).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_RANGE' }));
    expect(() => new Tensor(new Float32Array(4), [2, 4])).toThrow(/Expected a shape with 4 elements for shape but received \[2, 4\] \(8\)/);
    expect(() => new Tensor([1, 2] as never, [2])).toThrow(TypeError);
    expect(() => new Tensor(new Float32Array(2), [-2] as never)).toThrow(RangeError);
    expect(new Tensor(new Float32Array(6), [2, 3]).shape).toEqual([2, 3]);
  });

  test.each(BACKENDS)('the issue reproduction (matvec over a too-large shape) cannot be built on %s', (backend) => {
    T.setBackend(backend);
    expect(() => T.matvec(new Tensor(new Float32Array([1, 2, 3, 4]), [8, 2]), Tensor.from(new Float32Array([1, 1])))).toThrow(RangeError);
  });
});

describe('integer dtypes hold only their integers', () => {
  test.each([
    ['out of range', [3e10]], ['non-integer', [1.5]], ['NaN', [NaN]], ['Infinity', [Infinity]], ['below the range', [-(2 ** 31) - 1]],
  ])('Tensor.from rejects %s values for int32', (_, values) => {
    expect(() => Tensor.from(values, undefined, 'int32')).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_RANGE' }));
    expect(() => Tensor.from([[0, values[0]]], undefined, 'int32')).toThrow(/Expected a 32-bit integer for values at depth 1 \(dtype int32\)/);
    expect(() => Tensor.from(values[0], [], 'int32')).toThrow(RangeError);
    expect(() => Tensor.full([1], values[0], 'int32')).toThrow(RangeError);
  });

  test('the limits themselves are accepted; float dtypes take any number', () => {
    expect(Array.from(Tensor.from([-(2 ** 31), 2 ** 31 - 1, -0], undefined, 'int32').data)).toEqual([-(2 ** 31), 2 ** 31 - 1, 0]);
    expect(Tensor.from([3e10, NaN], undefined, 'float32').data[0]).toBe(Math.fround(3e10));
  });

  test('arange and fill reject values an int32 tensor cannot hold', () => {
    expect(() => Tensor.arange(0, 1, 0.25, 'int32')).toThrow(/for step/);
    expect(() => Tensor.arange(2 ** 31 - 2, 2 ** 31 + 2, 1, 'int32')).toThrow(/last value of arange/);
    expect(() => T.fill(Tensor.zeros([2], 'int32'), 2 ** 40)).toThrow(RangeError);
  });
});
