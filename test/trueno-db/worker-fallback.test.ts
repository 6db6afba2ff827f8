/**
 * A host where worker threads cannot start: every query runs on the calling thread through the pool's fallback, with
 * the same results and errors.
 */
jest.mock('node:worker_threads', () => ({
  ...jest.requireActual('node:worker_threads'),
  Worker: class {
    constructor() {
      throw new Error('worker threads are not available here');
    }
  },
}));

import { tableFromArrays } from 'apache-arrow';
import { Database, ExecError } from '../../lib/trueno-db';
import { queryWorkers } from '../../lib/trueno-db/worker';

describe('query without worker threads', () => {
  it('falls back to the calling thread with the same rows and errors', async () => {
    const db = new Database();
    await db.insertBatch('t', tableFromArrays({ a: Int32Array.of(3, 1, 2), s: ['x', 'y', 'x'] }));
    const r = await db.query('SELECT s, sum(a) AS total FROM t GROUP BY s ORDER BY s');
    expect(r.rows()).toEqual([['x', 5], ['y', 1]]);
    expect(queryWorkers()).toBe(0);
    await expect(db.query('SELECT CAST(a AS INTEGER) + 2147483647 FROM t')).rejects.toBeInstanceOf(ExecError);
    expect(await db.exec('DELETE FROM t WHERE a > 1')).toBe(2);
    expect((await db.query('SELECT a FROM t')).rows()).toEqual([[1]]);
  });
});
