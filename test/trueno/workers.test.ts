/** The addon is context-aware: two worker_threads load it and run kernels at the same time, with correct results. */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { repoRoot } from '../helpers/child';

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const T = require(${JSON.stringify(path.join(repoRoot, 'dist/cjs/trueno'))});
const n = 96;
const a = T.Tensor.from(Float64Array.from({ length: n * n }, (_, i) => ((i * 7 + workerData.seed) % 13) - 6), [n, n]);
let checksum = 0;
for (let round = 0; round < 40; round++) {
  const c = T.matmul(a, a);
  checksum += T.sum(c) + T.sum(T.softmax(c));
}
parentPort.postMessage({ backend: T.backendInfo().backend, checksum, threadId: require('node:worker_threads').threadId });
`;

function runWorker(seed: number): Promise<{ backend: string; checksum: number; threadId: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerSource, { eval: true, workerData: { seed } });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

test('two workers use the native addon at once and agree with the main thread', async () => {
  const [r1, r2] = await Promise.all([runWorker(1), runWorker(2)]);
  expect(r1.backend).toBe('native');
  expect(r2.backend).toBe('native');
  expect(r1.threadId).not.toBe(r2.threadId);
  // The same computation on the main thread, through the same built package.
  const T = require(path.join(repoRoot, 'dist/cjs/trueno')) as typeof import('../../lib/trueno');
  for (const [seed, result] of [[1, r1], [2, r2]] as const) {
    const n = 96;
    const a = T.Tensor.from(Float64Array.from({ length: n * n }, (_, i) => ((i * 7 + seed) % 13) - 6), [n, n]);
    let checksum = 0;
    for (let round = 0; round < 40; round++) {
      const c = T.matmul(a, a);
      checksum += T.sum(c) + T.sum(T.softmax(c));
    }
    expect(result.checksum).toBe(checksum);
  }
});

test('workers can be terminated mid-flight and new ones start cleanly', async () => {
  const w = new Worker(workerSource, { eval: true, workerData: { seed: 3 } });
  await new Promise((r) => setTimeout(r, 20));
  await w.terminate();
  const r = await runWorker(4);
  expect(r.backend).toBe('native');
});
