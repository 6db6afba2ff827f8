/** The async forms: same results as the sync ones, and the event loop keeps running while native work is in flight. */
import * as T from '../../lib/trueno';
import { sym } from './helpers';
import { kernelTable } from '../../lib/trueno/backend/registry';

beforeAll(() => T.setBackend('native'));

test('matmulAsync, matvecAsync, softmaxAsync, pairwiseSqDistAsync, mapAsync equal their sync forms', async () => {
  const a = T.Tensor.from(new Float32Array(sym(1, 130 * 70)), [130, 70]);
  const b = T.Tensor.from(new Float32Array(sym(2, 70 * 90)), [70, 90]);
  expect((await T.matmulAsync(a, b)).data).toEqual(T.matmul(a, b).data);
  const x = T.Tensor.from(new Float32Array(sym(3, 70)));
  expect((await T.matvecAsync(a, x)).data).toEqual(T.matvec(a, x).data);
  expect((await T.softmaxAsync(a)).data).toEqual(T.softmax(a).data);
  expect((await T.pairwiseSqDistAsync(a)).data).toEqual(T.pairwiseSqDist(a).data);
  expect((await T.mapAsync('tanh', a)).data).toEqual(T.tanh(a).data);
});

test('the event loop stays responsive during a large matmulAsync', async () => {
  const n = 1536;
  const a = T.Tensor.from(new Float64Array(sym(4, n * n)), [n, n]);
  let done = false;
  const pending = T.matmulAsync(a, a).then((c) => {
    done = true;
    return c;
  });
  // The call returned at once and the loop turns while the 7-GFLOP product runs on a libuv worker.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 1));
  expect(done).toBe(false);
  const c = await pending;
  expect(c.shape).toEqual([n, n]);
  expect(c.data[0]).toBeCloseTo(T.dot(T.Tensor.from((a.data as Float64Array).subarray(0, n)), T.Tensor.from(Float64Array.from({ length: n }, (_, k) => a.data[k * n] as number))), 8);
});

test('inputs stay alive while async work runs even when the caller drops them', async () => {
  const make = () => T.Tensor.from(new Float64Array(sym(5, 300 * 300)), [300, 300]);
  const promises = Array.from({ length: 4 }, () => T.matmulAsync(make(), make()));
  const results = await Promise.all(promises);
  const want = T.matmul(make(), make());
  for (const r of results) expect(r.data).toEqual(want.data);
});

test('a raw async call whose output is also an earlier input writes into that array only, as the sync call does', async () => {
  const k = kernelTable('native').kernels;
  const a = Float64Array.from([1, 2, 3, 4]);
  const viaSync = a.slice();
  const swap = Float64Array.from([0, 1, 1, 0]);
  k.gemm(0, 0, 2, 2, 2, 1, viaSync, 2, swap, 2, 0, viaSync, 2);
  // c is a itself: both share one native copy, so the result lands in a, not in the last copy made (b's).
  await k.gemmAsync(0, 0, 2, 2, 2, 1, a, 2, swap, 2, 0, a, 2);
  expect(Array.from(swap)).toEqual([0, 1, 1, 0]);
  expect(Array.from(a)).toEqual(Array.from(viaSync));
  expect(Array.from(a)).not.toEqual([1, 2, 3, 4]);
});
