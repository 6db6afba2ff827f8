/**
 * The native boundary does not leak: 100,000 sync calls and 5,000 async calls keep the resident set bounded, and so
 * do allocating ops in a synchronous loop (their results reuse freed memory).
 * (Garbage from the JS side is collected between phases with --expose-gc in a child process.)
 */
import { runNode } from '../helpers/child';

const script = `
const T = require('./dist/cjs/trueno');
const a = T.Tensor.from(new Float32Array(1000).fill(1.5));
const b = T.Tensor.from(new Float32Array(1000).fill(2));
const out = T.Tensor.zeros([1000], 'float32');
const m = T.Tensor.from(new Float64Array(64 * 64).fill(0.5), [64, 64]);
const rss = () => { global.gc(); return process.memoryUsage().rss; };
const phase = async () => {
  for (let i = 0; i < 100000; i++) { T.add(a, b, { out }); T.sum(a); T.exp(a); }
  for (let i = 0; i < 5000; i++) await T.matmulAsync(m, m);
};
(async () => {
  // The first phase lets the heaps and allocator arenas reach their working size (a plateau that depends on how much
  // code is loaded, not on the number of calls); a leak grows again in the second.
  await phase();
  const before = rss();
  await phase();
  const after = rss();
  console.log(JSON.stringify({ before, after, backend: T.backendInfo().backend, check: out.data[0] }));
})();
`;

test('RSS stays bounded over 100,000 native calls and 5,000 async calls', () => {
  const r = runNode(script, { SOVEREIGN_BACKEND: 'native' }, { nodeArgs: ['--expose-gc'] });
  expect(r.stderr).toBe('');
  const { before, after, backend, check } = JSON.parse(r.stdout) as { before: number; after: number; backend: string; check: number };
  expect(backend).toBe('native');
  expect(check).toBe(3.5);
  expect(after - before).toBeLessThan(32 * 1024 * 1024);
});

const allocating = `
const T = require('./dist/cjs/trueno');
const big = T.Tensor.from(new Float32Array(1 << 22).fill(1));
const mid = T.Tensor.from(new Float64Array(256 * 256).fill(0.25), [256, 256]);
const phase = () => {
  for (let i = 0; i < 20; i++) { T.add(big, big); T.exp(big); T.matmul(mid, mid); T.softmax(mid); }
};
phase();
const before = process.memoryUsage().rss;
phase();
phase();
const after = process.memoryUsage().rss;
console.log(JSON.stringify({ before, after, backend: T.backendInfo().backend }));
`;

test.each(['native', 'wasm'])('RSS stays bounded over allocating ops of 16 MB results in a synchronous loop (%s)', (backend) => {
  // 80 results of 16 MB in the measured phases: a leak (or results never freed) would add over a gigabyte.
  const r = runNode(allocating, { SOVEREIGN_BACKEND: backend });
  expect(r.stderr).toBe('');
  const { before, after } = JSON.parse(r.stdout) as { before: number; after: number };
  expect(after - before).toBeLessThan(256 * 1024 * 1024);
});
