/** The shared worker pool: lazy start, replies, task errors, dead and retired workers replaced, calling-thread fallback. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { WorkerPool } from '../../lib/common/worker-pool';

type Job = { op: 'square' | 'fail' | 'exit' | 'retire' | 'pid'; n: number; buffer?: Uint8Array };

/* eslint-disable @typescript-eslint/no-require-imports */
function handler(offset: number) {
  const { threadId } = require('node:worker_threads');
  return (job: Job) => {
    if (job.op === 'fail') throw new Error(`no square for ${job.n}`);
    if (job.op === 'exit') process.exit(3);
    if (job.op === 'pid') return { reply: threadId as number };
    return { reply: job.n * job.n + offset, retire: job.op === 'retire' };
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

describe('WorkerPool', () => {
  const pool = new WorkerPool<Job, number>({ name: 'test', size: () => 2, handler, args: [1] });
  afterAll(() => pool.stop());

  it('starts workers only when a job comes, at most size() of them, and runs jobs in parallel', async () => {
    expect(pool.workers).toBe(0);
    const replies = await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run({ op: 'square', n })));
    expect(replies).toEqual([2, 5, 10, 17, 26]);
    expect(pool.workers).toBe(2);
    expect(pool.jobs).toBe(0);
  });

  it('a job that throws rejects with ERR_WORKER_TASK and its message; its worker is replaced', async () => {
    await expect(pool.run({ op: 'fail', n: 3 })).rejects.toMatchObject({ code: 'ERR_WORKER_TASK', message: 'no square for 3' });
    expect(await pool.run({ op: 'square', n: 3 })).toBe(10);
  });

  it('a worker that dies mid-job fails that job with ERR_WORKER_UNAVAILABLE, or runs it through the fallback', async () => {
    await expect(pool.run({ op: 'exit', n: 0 })).rejects.toMatchObject({ code: 'ERR_WORKER_UNAVAILABLE' });
    expect(await pool.run({ op: 'exit', n: 4 }, { fallback: (j) => -j.n })).toBe(-4);
    expect(await pool.run({ op: 'square', n: 6 })).toBe(37);
  });

  it('a retired worker sends its reply and is replaced by a fresh thread', async () => {
    await pool.stop();
    const first = await pool.run({ op: 'pid', n: 0 });
    expect(await pool.run({ op: 'retire', n: 2 })).toBe(5);
    const ids = await Promise.all([pool.run({ op: 'pid', n: 0 }), pool.run({ op: 'pid', n: 0 })]);
    expect(ids).not.toContain(first);
  });

  it('when workers cannot start, jobs run through the fallback on the calling thread', async () => {
    const broken = new WorkerPool<Job, number>({ name: 'broken', size: () => 1, handler: () => require('no-such-module-here') });
    expect(await broken.run({ op: 'square', n: 5 }, { fallback: (j) => j.n * j.n })).toBe(25);
    await expect(broken.run({ op: 'square', n: 5 })).rejects.toMatchObject({ code: 'ERR_WORKER_UNAVAILABLE' });
    await broken.stop();
  });

  /** Waits until the pool has a started, idle worker (runSync never waits for one to start). */
  async function warm(): Promise<void> {
    await pool.run({ op: 'square', n: 0 });
  }

  it('runSync blocks the calling thread until the reply, while the caller works meanwhile', async () => {
    await pool.stop();
    await warm();
    const pending = pool.runSync({ op: 'square', n: 7 }, { fallback: () => -1 });
    const mine = 6 * 6;
    expect([mine, pending.wait()]).toEqual([36, 50]);
    // the pool hears that the job ended, and lets go of the worker
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pool.jobs).toBe(0);
  });

  it('runSync moves transferred buffers to the worker', async () => {
    await warm();
    const bytes = new Uint8Array(16);
    const pending = pool.runSync({ op: 'square', n: 2, buffer: bytes } as Job, { transfer: [bytes.buffer], fallback: () => -1 });
    expect(bytes.byteLength).toBe(0);
    expect(pending.wait()).toBe(5);
  });

  it('runSync never waits for a worker to start: the first call falls back and starts one for the next', async () => {
    await pool.stop();
    expect(pool.runSync({ op: 'square', n: 3 }, { fallback: () => -3 }).wait()).toBe(-3);
    expect(pool.workers).toBe(1);
    for (let i = 0; i < 1000 && pool.runSync({ op: 'square', n: 3 }, { fallback: () => -3 }).wait() === -3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(pool.runSync({ op: 'square', n: 3 }, { fallback: () => -3 }).wait()).toBe(10);
    expect(pool.workers).toBe(1);
  });

  it('runSync: a handler error is ERR_WORKER_TASK; a worker that dies, or never starts, leaves the job to the fallback', async () => {
    await warm();
    expect(() => pool.runSync({ op: 'fail', n: 3 }, { fallback: () => -1 }).wait()).toThrow(expect.objectContaining({ code: 'ERR_WORKER_TASK', message: 'no square for 3' }));
    await warm();
    expect(pool.runSync({ op: 'exit', n: 4 }, { fallback: (j) => -j.n }).wait()).toBe(-4);
    const broken = new WorkerPool<Job, number>({ name: 'broken', size: () => 1, handler: () => require('no-such-module-here') });
    expect(broken.runSync({ op: 'square', n: 5 }, { fallback: (j) => j.n * j.n }).wait()).toBe(25);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(broken.runSync({ op: 'square', n: 5 }, { fallback: (j) => j.n * j.n }).wait()).toBe(25);
    await broken.stop();
  });

  it('runSync never queues behind a busy worker: with none idle, the fallback runs at once', async () => {
    await pool.stop();
    const busy = [pool.run({ op: 'square', n: 1 }), pool.run({ op: 'square', n: 2 })];
    expect(pool.workers).toBe(2);
    expect(pool.runSync({ op: 'square', n: 3 }, { fallback: () => -3 }).wait()).toBe(-3);
    expect(await Promise.all(busy)).toEqual([2, 5]);
  });

  it('stop() ends every worker and the next job starts a new one', async () => {
    await pool.run({ op: 'square', n: 1 });
    await pool.stop();
    expect(pool.workers).toBe(0);
    expect(await pool.run({ op: 'square', n: 2 })).toBe(5);
  });

  it('an idle worker, started by runSync for a later call, does not keep the process alive', () => {
    // a child process: started with no job, the worker must leave the process free to exit (its 'message' listener
    // refs its port again unless the pool unrefs after adding it); the child prints, then must end by itself
    const script = `
      const { WorkerPool } = require(${JSON.stringify(path.resolve(__dirname, '../../dist/cjs/common/worker-pool.js'))});
      const pool = new WorkerPool({ name: 'idle', size: () => 1, handler: () => (job) => ({ reply: job }) });
      const first = pool.runSync(1, { fallback: (j) => -j });
      console.log(first.onWorker, first.wait(), pool.workers);`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 }); // dist: built by npm test
    expect(child.error).toBeUndefined(); // ETIMEDOUT when the idle worker held the process
    expect(child.stdout.trim()).toBe('false -1 1');
    expect(child.status).toBe(0);
  });
});

