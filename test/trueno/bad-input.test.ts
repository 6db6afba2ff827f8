/**
 * Bad input for every exported op: wrong types, wrong shapes, bad options, NaN where a count is expected, empty data.
 * Each must throw a TypeError or RangeError whose message names what was expected and what was received; none may
 * reach the kernels.
 */
import * as T from '../../lib/trueno';
import { kernelTable } from '../../lib/trueno/backend/registry';
import { tensorApiBadInputs } from './tensor-api-bad-input';

const { Tensor } = T;
const m23 = Tensor.from([[1, 2, 3], [4, 5, 6]]);
const v3 = Tensor.from([1, 2, 3]);
const v2 = Tensor.from([1, 2]);
const empty = Tensor.zeros([0]);

type Case = [string, () => unknown, ErrorConstructor, RegExp];

const cases: Case[] = [
  ['add: no tensor', () => T.add(1, 2), TypeError, /Expected at least one Tensor for add arguments but received 1 and 2/],
  ['add: string', () => T.add(v3, 'x' as never), TypeError, /Expected a Tensor for add argument b but received 'x'/],
  ['add: plain array', () => T.add([1, 2] as never, v2), TypeError, /Expected a Tensor for add argument a but received \[1, 2\]/],
  ['sub: shapes', () => T.sub(m23, v2), RangeError, /Expected shapes that broadcast together for sub but received \[2, 3\] and \[2\]/],
  ['mul: out dtype', () => T.mul(v3, v3, { out: Tensor.zeros([3], 'float32') }), TypeError, /Expected a float64 tensor for mul options.out but received float32/],
  ['div: out shape', () => T.div(v3, 2, { out: Tensor.zeros([2]) }), RangeError, /Expected shape \[3\] for div options.out but received \[2\]/],
  ['div: out not tensor', () => T.div(v3, 2, { out: new Float64Array(3) as never }), TypeError, /options.out but received Float64Array\(3\)/],
  ['add: options not object', () => T.add(v3, v3, 5 as never), TypeError, /Expected an options object for add options but received 5/],
  ['scale: alpha', () => T.scale(v3, '2' as never), TypeError, /Expected a number for scale argument alpha but received '2'/],
  ['axpy: shapes', () => T.axpy(1, v2, v3), RangeError, /Expected x with y's shape \[3\] for axpy but received \[2\]/],
  ['axpy: int32 y', () => T.axpy(1, v3, Tensor.zeros([3], 'int32')), TypeError, /for axpy argument y but received int32/],
  ['fill: non-integer into int32', () => T.fill(Tensor.zeros([2], 'int32'), 0.5), RangeError, /Expected a 32-bit integer for fill value \(dtype int32\)/],
  ['fill: not a tensor', () => T.fill({} as never, 1), TypeError, /Expected a Tensor for fill argument x but received an object/],
  ['cast: dtype', () => T.cast(v3, 'uint16' as never), TypeError, /Expected one of 'float32', 'float64', 'int32', 'int64', 'uint8', 'bool' for cast argument dtype but received 'uint16'/],
  ['exp: not a tensor', () => T.exp(null as never), TypeError, /Expected a Tensor for exp argument x but received null/],
  ['tanh: out shape', () => T.tanh(v3, { out: Tensor.zeros([4]) }), RangeError, /Expected shape \[3\] for tanh options.out/],
  ['clip: lo > hi', () => T.clip(v3, 2, 1), RangeError, /Expected lo <= hi \(not NaN\) for clip bounds but received 2 and 1/],
  ['clip: NaN bound', () => T.clip(v3, NaN, 1), RangeError, /received NaN and 1/],
  ['mapAsync: op name', () => T.mapAsync('cbrt' as never, v3), RangeError, /for mapAsync argument name but received cbrt/],
  ['sum: axis out of range', () => T.sum(m23, { axis: 2 }), RangeError, /Expected an axis in \[-2, 1\] for sum options.axis but received 2/],
  ['sum: fractional axis', () => T.sum(m23, { axis: 0.5 }), RangeError, /received 0.5/],
  ['mean: axis type', () => T.mean(m23, { axis: '0' as never }), TypeError, /Expected an integer for mean options.axis but received '0'/],
  ['min: empty', () => T.min(empty), RangeError, /Expected a non-empty tensor for min but received shape \[0\]/],
  ['argmax: empty axis', () => T.argmax(Tensor.zeros([2, 0]), { axis: 1 }), RangeError, /Expected a non-empty axis 1 for argmax/],
  ['variance: ddof', () => T.variance(v3, { ddof: -1 }), RangeError, /for variance options.ddof but received -1/],
  ['sum: keepDims', () => T.sum(m23, { axis: 0, keepDims: 1 as never }), TypeError, /Expected a boolean for sum options.keepDims but received 1/],
  ['sum: 0-d with axis', () => T.sum(Tensor.from(1), { axis: 0 }), RangeError, /at least one dimension/],
  ['norm: ord', () => T.norm(v3, { ord: 3 }), RangeError, /Expected 1, 2 or Infinity for norm options.ord but received 3/],
  ['dot: lengths', () => T.dot(v2, v3), RangeError, /Expected two 1-d tensors of equal length for dot but received \[2\] and \[3\]/],
  ['dot: 2-d', () => T.dot(m23, m23), RangeError, /for dot but received \[2, 3\] and \[2, 3\]/],
  ['matmul: inner dims', () => T.matmul(m23, m23), RangeError, /Expected a's columns to match b's rows for matmul but received \[2, 3\] and \[2, 3\]/],
  ['matmul: 0-d', () => T.matmul(Tensor.from(2), m23), RangeError, /at least 1 dimension for matmul/],
  ['matmul: transA type', () => T.matmul(m23, m23, { transA: 'yes' as never }), TypeError, /Expected a boolean for matmul options.transA but received 'yes'/],
  ['matmul: alpha NaN', () => T.matmul(m23, m23, { transB: true, alpha: NaN }), RangeError, /Expected a finite number for matmul options.alpha but received NaN/],
  ['matmul: beta without out', () => T.matmul(m23, m23, { transB: true, beta: 1 }), RangeError, /Expected options.out for matmul options.beta/],
  ['matmul: batch', () => T.matmul(Tensor.zeros([2, 2, 3]), Tensor.zeros([3, 3, 2])), RangeError, /Expected equal batch dimensions for matmul/],
  ['matmul: out shape', () => T.matmul(m23, m23, { transB: true, out: Tensor.zeros([3, 3]) }), RangeError, /Expected shape \[2, 2\] for matmul options.out/],
  ['matvec: lengths', () => T.matvec(m23, v2), RangeError, /Expected a 2-d a and a 1-d x of matching length for matvec but received \[2, 3\] and \[2\]/],
  ['matvec: trans', () => T.matvec(m23, v3, { trans: true }), RangeError, /for matvec \(trans\)/],
  ['transpose: axes not a permutation', () => T.transpose(Tensor.zeros([1, 2, 3]), [0, 0, 1]), RangeError, /Expected a permutation of the 3 axes for transpose axes but received \[0, 0, 1\]/],
  ['outer: 2-d', () => T.outer(m23, v3), RangeError, /Expected two 1-d tensors for outer/],
  ['softmax: 0-d', () => T.softmax(Tensor.from(1)), RangeError, /at least 1 dimension for softmax/],
  ['logSoftmax: axis', () => T.logSoftmax(m23, { axis: -3 }), RangeError, /Expected an axis in \[-2, 1\] for logSoftmax options.axis but received -3/],
  ['pairwiseSqDist: columns', () => T.pairwiseSqDist(m23, Tensor.zeros([2, 2])), RangeError, /same number of columns for pairwiseSqDist but received \[2, 3\] and \[2, 2\]/],
  ['pairwiseSqDist: 1-d', () => T.pairwiseSqDist(v3), RangeError, /received \[3\] and \[3\]/],
  ['setBackend: unknown', () => T.setBackend('gpu' as never), TypeError, /Expected 'native', 'wasm' or 'js' for backend but received gpu/],
  ['setIsa: unknown', () => T.setIsa('sse9' as never), RangeError, /for isa but received sse9/],
  ['setThreads: zero', () => T.setThreads(0), RangeError, /Expected an integer in \[1, 64\] for threads but received 0/],
  ['setThreads: NaN', () => T.setThreads(NaN), RangeError, /received NaN/],
  ...tensorApiBadInputs,
];

test.each(cases)('%s', (_label, call, type, message) => {
  let error: unknown;
  try {
    call();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toMatch(message);
  expect((error as { code?: string }).code).toMatch(/^ERR_TRUENO_/);
});

test('async forms reject bad input synchronously or as a rejected promise, never crash', async () => {
  await expect(T.matmulAsync(m23, m23)).rejects.toThrow(/Expected a's columns to match b's rows/);
  await expect(T.pairwiseSqDistAsync(v3)).rejects.toThrow(RangeError);
  await expect(T.softmaxAsync(Tensor.from(1))).rejects.toThrow(RangeError);
  await expect(T.matvecAsync(m23, v2)).rejects.toThrow(RangeError);
});

test('NaN and Infinity are data, not errors, where numpy accepts them', () => {
  expect(T.sum(Tensor.from([NaN, 1]))).toBeNaN();
  expect(T.add(Tensor.from([Infinity]), -Infinity).data[0]).toBeNaN();
  expect(T.scale(Tensor.from([1]), Infinity).data[0]).toBe(Infinity);
  expect(T.clip(Tensor.from([NaN, 5]), -Infinity, 1).toArray()).toEqual([NaN, 1]);
});

test('empty tensors flow through every shape-preserving op', () => {
  expect(T.exp(empty).size).toBe(0);
  expect(T.add(empty, empty).size).toBe(0);
  expect(T.matmul(Tensor.zeros([0, 3]), Tensor.zeros([3, 4])).shape).toEqual([0, 4]);
  expect(T.matmul(Tensor.zeros([2, 0]), Tensor.zeros([0, 2])).toArray()).toEqual([[0, 0], [0, 0]]);
  expect(T.softmax(Tensor.zeros([0, 5])).shape).toEqual([0, 5]);
  expect(T.sum(empty)).toBe(0);
  expect(T.sum(Tensor.zeros([0, 3]), { axis: 0 }).toArray()).toEqual([0, 0, 0]);
});

describe('the raw native binding (a misuse below the ops layer) fails with a coded error, never a crash', () => {
  beforeAll(() => T.setBackend('native'));
  const k = () => kernelTable('native').kernels;
  const f32 = (n: number) => new Float32Array(n);

  test.each([
    ['binaryRows with rows x cols beyond the arrays', () => k().binaryRows(0, f32(4), f32(2), f32(4), 5, 5), RangeError, 'ERR_TRUENO_RANGE', /Expected consistent array lengths \(rows x cols\) but received other lengths/],
    ['binary with a plain array', () => k().binary(0, [1] as never, f32(1), f32(1)), TypeError, 'ERR_TRUENO_TYPE', /Expected a Float32Array, Float64Array, Int32Array, BigInt64Array or Uint8Array for a/],
    ['binary with mixed dtypes', () => k().binary(0, f32(1), new Float64Array(1), f32(1)), TypeError, 'ERR_TRUENO_TYPE', /Expected the same dtype for a and b/],
    ['gemm with a negative size', () => k().gemm(0, 0, -1, 1, 1, 1, f32(1), 1, f32(1), 1, 0, f32(1), 1), RangeError, 'ERR_TRUENO_RANGE', /Expected a non-negative integer for m/],
    ['gemmAsync with arrays too small', () => k().gemmAsync(0, 0, 4, 4, 4, 1, f32(1), 4, f32(1), 4, 0, f32(1), 4), RangeError, 'ERR_TRUENO_RANGE', /matrix sizes exceed their arrays/],
    ['unaryAsync without arguments', () => (k().unaryAsync as unknown as () => unknown)(), TypeError, 'ERR_TRUENO_TYPE', /Expected a number for op/],
  ] as const)('%s', (_, call, type, code, message) => {
    // Errors made by the addon come from the main realm, not jest's: compare names, not constructors.
    expect(call).toThrow(expect.objectContaining({ name: type.name, code }));
    expect(call).toThrow(message);
  });
});
