/**
 * The browser build's fit-worker.ts: a page has no worker_threads, so fitAsync fits on the calling thread after one
 * yield, checking its signal at each progress report (see fit-async.ts).
 */
import type { Worker } from 'node:worker_threads';

/**
 * @returns undefined: no worker_threads in a page
 */
export function WorkerClass(): typeof Worker | undefined {
  return undefined;
}

/**
 * Never called without a Worker class.
 * @throws Error always
 */
export function workerEntry(): { entry: string; hook?: string } {
  throw new Error('Expected worker_threads for a fit worker but this is the browser build');
}
