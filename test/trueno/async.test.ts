/** The async forms: same results as the sync ones, and the event loop keeps running while native work is in flight. */
import * as T from '../../lib/trueno';
import { sym } from './helpers';

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
