/**
 * The WASM backend's argument staging: its scratch region grows and is freed many times (a free of the wrong
 * pointer once corrupted the module's heap), and in-place and aliased arguments keep their meaning.
 */
import * as T from '../../lib/trueno';
import { sym } from './helpers';
import { runNode } from '../helpers/child';

beforeAll(() => T.setBackend('wasm'));
afterAll(() => T.setBackend('native'));

test('growing and shrinking calls keep the WASM heap intact', () => {
  for (let round = 0; round < 3; round++) {
    for (let n = 1; n <= 200_000; n = Math.ceil(n * 2.7)) {
      const a = T.Tensor.from(new Float64Array(sym(n, n)));
      const b = T.Tensor.from(new Float64Array(sym(n + 1, n)));
      const c = T.add(a, b);
      for (let i = 0; i < n; i += Math.max(1, n >> 4)) expect(c.data[i]).toBe((a.data[i] as number) + (b.data[i] as number));
      const rows = Math.max(1, Math.floor(Math.sqrt(n)));
      const x = T.Tensor.from(new Float32Array(sym(7, rows * 8)), [rows, 8]);
      const d = T.pairwiseSqDist(x);
      for (let i = 0; i < rows; i++) expect(d.data[i * rows + i]).toBe(0);
    }
  }
});

test('in-place ops and aliased inputs behave as on the native backend', () => {
  const x = T.Tensor.from(new Float32Array(sym(3, 1000)));
  const want = T.exp(x).data.slice();
  T.exp(x, { out: x });
  expect(x.data).toEqual(want);
  const y = T.Tensor.from(new Float64Array(sym(4, 500)));
  const twice = T.add(y, y);
  (y.data as Float64Array).forEach((v, i) => expect(twice.data[i]).toBe(v + v));
  const z = T.Tensor.from(new Float64Array([1, 2, 3]));
  T.axpy(2, z, z);
  expect(z.toArray()).toEqual([3, 6, 9]);
});

test('elementwise kernels run in slices whose seams are invisible (sizes across the 16384-element slice)', () => {
  const n = 16384 * 3 + 7;
  const x64 = sym(11, n, 3);
  const y64 = sym(12, n, 3);
  const run = (backend: 'wasm' | 'js') => {
    T.setBackend(backend);
    const x = T.Tensor.from(new Float32Array(x64));
    const y = T.Tensor.from(new Float32Array(y64));
    const m = T.Tensor.from(new Float32Array(sym(13, 16391 * 3)), [16391, 3]);
    const row = T.Tensor.from(new Float32Array(y64.subarray(0, 3)));
    const acc = T.Tensor.from(new Float32Array(y64));
    T.axpy(0.5, x, acc);
    return [T.sub(x, y), T.div(2, x), T.mul(m, row), acc, T.cast(x, 'float64'), T.clip(x, -1, 0.5), T.relu(x), T.sqrt(T.abs(x))].map((t) => Array.from(t.data as Float64Array));
  };
  const wasm = run('wasm');
  const js = run('js');
  T.setBackend('wasm');
  wasm.forEach((got, i) => expect(got).toEqual(js[i]));
});

test('operands of 4 GiB or more fail with a coded RangeError before reaching wasm32 memory', () => {
  const r = runNode(`
    const T = require('./dist/cjs/trueno');
    T.setBackend('wasm');
    const x = T.Tensor.from(new Float32Array(2 ** 30));
    const errors = [() => T.sum(x), () => T.dot(x, x), () => T.matvec(x.reshape([2 ** 15, 2 ** 15]), T.Tensor.from(new Float32Array(2 ** 15)))]
      .map((f) => { try { f(); return 'no error'; } catch (e) { return [e.name, e.code, e.message]; } });
    console.log(JSON.stringify(errors));`);
  expect(r.stderr).toBe('');
  for (const [name, code, message] of JSON.parse(r.stdout) as string[][]) {
    expect([name, code]).toEqual(['RangeError', 'ERR_TRUENO_RANGE']);
    expect(message).toMatch(/Expected operands of less than 4 GiB in all for the WASM backend but received \d+ bytes/);
  }
});
