/**
 * Issue 8.1 and 8.2: an async op works on native copies of its arrays, so JS may transfer, resize or collect the
 * buffers while it runs, or end the worker thread that started it, without crashing or corrupting the process.
 * Each reproduction runs several times in a child process, so a segfault or abort fails the test instead of jest.
 */
import { runNode } from '../helpers/child';

const PRELUDE = `const T = require(process.cwd() + '/dist/cjs/trueno');`;

/** Runs `body` (an async function body printing one JSON line) in a child with --expose-gc; returns its parsed output. */
function child<R>(body: string, env: Record<string, string> = {}): R {
  const r = runNode(`${PRELUDE}\n(async () => {\n${body}\n})().catch((e) => { console.error(e); process.exit(3); });`,
    { SOVEREIGN_BACKEND: 'native', ...env }, { nodeArgs: ['--expose-gc'] });
  if (r.status !== 0 || r.stdout.trim() === '') {
    throw new Error(`child ended with status ${r.status} and ${r.stdout.length} bytes of output: ${r.stderr.slice(-2000)}`);
  }
  return JSON.parse(r.stdout) as R;
}

const REPEATS = 3;

test('an input transferred away (and its new owner collected) during matmul/matvec/softmax/pairwise async ops', () => {
  for (let run = 0; run < REPEATS; run++) {
    const r = child<{ got: number[][]; want: number[][] }>(`
      const n = 400;
      const make = () => new Float32Array(n * n).map((_, i) => ((i * 7) % 11) - 5);
      const ops = [
        (t) => T.matmulAsync(t, t), (t) => T.matvecAsync(t, T.Tensor.from(make().subarray(0, n))),
        (t) => T.softmaxAsync(t), (t) => T.pairwiseSqDistAsync(t),
      ];
      const syncOps = [(t) => T.matmul(t, t), (t) => T.matvec(t, T.Tensor.from(make().subarray(0, n))), (t) => T.softmax(t), (t) => T.pairwiseSqDist(t)];
      const got = [], want = [];
      for (let k = 0; k < ops.length; k++) {
        const data = make();
        const pending = ops[k](T.Tensor.from(data, [n, n]));
        let owner = structuredClone(data.buffer, { transfer: [data.buffer] });
        owner = null;
        global.gc();
        const junk = [];
        for (let i = 0; i < 16; i++) junk.push(new Float32Array(n * n).fill(99));
        const out = await pending;
        got.push([out.data[0], out.data[out.size - 1], out.size]);
        const ref = syncOps[k](T.Tensor.from(make(), [n, n]));
        want.push([ref.data[0], ref.data[ref.size - 1], ref.size]);
      }
      console.log(JSON.stringify({ got, want }));`);
    expect(r.got).toEqual(r.want);
  }
});

test("mapAsync('exp') reads the values at call time even when the input is transferred and its memory reused", () => {
  for (let run = 0; run < REPEATS; run++) {
    const r = child<{ first: number; last: number; all: boolean }>(`
      const x = new Float32Array(1 << 20).fill(1);
      const pending = T.mapAsync('exp', T.Tensor.from(x));
      structuredClone(x.buffer, { transfer: [x.buffer] });
      global.gc();
      for (let i = 0; i < 10; i++) new Float32Array(1 << 20).fill(7);
      const e = await pending;
      console.log(JSON.stringify({ first: e.data[0], last: e.data[e.size - 1], all: e.data.every((v) => v === e.data[0]) }));`);
    expect(r.first).toBeCloseTo(Math.E, 5);
    expect(r.last).toBe(r.first);
    expect(r.all).toBe(true);
  }
});

test('a resizable buffer shrunk during an async op: inputs are safe, an output that lost its memory rejects with a code', () => {
  for (let run = 0; run < REPEATS; run++) {
    const r = child<{ input: number; output: string }>(`
      const n = 300;
      const rab = new ArrayBuffer(n * n * 4, { maxByteLength: n * n * 4 });
      const a = T.Tensor.from(new Float32Array(rab).fill(1), [n, n]);
      const pendingInput = T.matmulAsync(a, a);
      rab.resize(16);
      global.gc();
      const input = (await pendingInput).data[0];
      const rabOut = new ArrayBuffer(n * n * 4, { maxByteLength: n * n * 4 });
      const out = T.Tensor.from(new Float32Array(rabOut), [n, n]);
      const ones = T.Tensor.from(new Float32Array(n * n).fill(1), [n, n]);
      const pendingOutput = T.matmulAsync(ones, ones, { out }).then(() => 'resolved', (e) => e.code);
      rabOut.resize(16);
      console.log(JSON.stringify({ input, output: await pendingOutput }));`);
    expect(r).toEqual({ input: 300, output: 'ERR_TRUENO_DETACHED' });
  }
});

const WORKER_CHILD = (ending: 'terminate' | 'exit', preload: boolean) => `
  const { Worker } = require('node:worker_threads');
  ${preload ? 'T.backendInfo();' : ''}
  const source = \`
    const { parentPort } = require('node:worker_threads');
    const T = require(\${JSON.stringify(process.cwd() + '/dist/cjs/trueno')});
    const n = 500;
    const a = T.Tensor.from(new Float64Array(n * n).fill(0.5), [n, n]);
    for (let i = 0; i < 3; i++) T.matmulAsync(a, a);
    T.mapAsync('exp', a);
    T.pairwiseSqDistAsync(a);
    parentPort.postMessage('started');
    if (${JSON.stringify(ending)} === 'exit') process.exit(0);
  \`;
  // A promise nothing settles would let the event loop empty and the child end with status 0 and no output:
  // say where instead, so a failure names its stage.
  let stage = 'start';
  process.on('beforeExit', () => { console.error('event loop emptied at stage ' + stage); process.exit(4); });
  for (let round = 0; round < 5; round++) {
    stage = 'round ' + round;
    const w = new Worker(source, { eval: true });
    // A worker that calls process.exit() right after postMessage may end before its message is seen: wait for
    // whichever comes first.
    const exited = new Promise((resolve) => w.once('exit', resolve));
    await Promise.race([exited, new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); })]);
    if (${JSON.stringify(ending)} === 'terminate') await w.terminate();
    await exited;
  }
  stage = 'matmulAsync after the workers';
  const x = T.Tensor.from([[1, 2], [3, 4]]);
  const product = Array.from((await T.matmulAsync(x, x)).data);
  stage = 'done';
  console.log(JSON.stringify(product));
  process.removeAllListeners('beforeExit');`;

test.each([
  ['terminate', false], ['terminate', true], ['exit', false], ['exit', true],
] as const)('a worker ended by %s() with async ops in flight (addon loaded on the main thread: %s) leaves the process working', (ending, preload) => {
  expect(child<number[]>(WORKER_CHILD(ending, preload))).toEqual([7, 10, 15, 22]);
});
