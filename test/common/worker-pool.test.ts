/** The shared worker pool: lazy start, replies, task errors, dead and retired workers replaced, calling-thread fallback. */
import { WorkerPool } from '../../lib/common/worker-pool';

type Job = { op: 'square' | 'fail' | 'exit' | 'retire' | 'pid'; n: number };

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

  it('stop() ends every worker and the next job starts a new one', async () => {
    await pool.run({ op: 'square', n: 1 });
    await pool.stop();
    expect(pool.workers).toBe(0);
    expect(await pool.run({ op: 'square', n: 2 })).toBe(5);
  });
});
