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
  const n = 768;
  const a = T.Tensor.from(new Float64Array(sym(4, n * n)), [n, n]);
  let ticks = 0;
  let running = true;
  const tick = () => {
    ticks++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const pending = T.matmulAsync(a, a);
  const c = await pending;
  running = false;
  expect(c.shape).toEqual([n, n]);
  expect(ticks).toBeGreaterThan(1);
});

test('inputs stay alive while async work runs even when the caller drops them', async () => {
  const make = () => T.Tensor.from(new Float64Array(sym(5, 300 * 300)), [300, 300]);
  const promises = Array.from({ length: 4 }, () => T.matmulAsync(make(), make()));
  const results = await Promise.all(promises);
  const want = T.matmul(make(), make());
  for (const r of results) expect(r.data).toEqual(want.data);
});
