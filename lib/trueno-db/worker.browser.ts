/**
 * Running bound plans in a web page: on the page's thread, after one turn of the event loop (as `workers: false`
 * does in Node), since a page has no worker_threads pool (./worker.ts is the Node build). Same surface as ./worker.ts.
 */
import { execute } from './exec';
import type { QueryJob } from './worker';
import type { ColumnBatch } from './types';

export type { QueryJob } from './worker';

/**
 * Runs a plan on this thread.
 * @param job - plan and sources
 * @returns the result's columns
 * @throws the executor's error
 */
export function runHere(job: QueryJob): ColumnBatch {
  return execute(job.plan, new Map(job.sources));
}

/** One turn of the page's event loop (a macrotask, so rendering and input get their turn first). */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs a plan on the page's thread after one turn of the event loop.
 * @param job - plan and sources
 * @param _useWorkers - ignored: a page has no query workers
 * @returns the result's columns
 * @throws the executor's error
 */
export async function runOffThread(job: QueryJob, _useWorkers: boolean): Promise<ColumnBatch> {
  await yieldToPage();
  return runHere(job);
}
