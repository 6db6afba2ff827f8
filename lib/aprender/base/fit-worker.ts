/** Where fitAsync's worker threads come from in Node (the browser build's fit-worker.browser.ts has none). */
import path from 'node:path';

/**
 * The module a fit worker runs, and the TypeScript hook when running from the sources.
 * @returns the entry file and, from the TypeScript sources, the register hook
 */
export function workerEntry(): { entry: string; hook?: string } {
  const ext = path.extname(__filename);
  const entry = path.join(__dirname, `fit-job${ext}`);
  // Run from the TypeScript sources (tests, bench): the worker compiles them with the same hook.
  return ext === '.ts' ? { entry, hook: path.resolve(__dirname, '../../../scripts/register-ts.js') } : { entry };
}

let workerCtor: typeof import('node:worker_threads').Worker | undefined | null;

/**
 * node:worker_threads' Worker, or undefined where the host has none (the fit then runs on the calling thread).
 * @returns the Worker class or undefined
 */
export function WorkerClass(): typeof import('node:worker_threads').Worker | undefined {
  if (workerCtor === undefined) {
    try {
      workerCtor = (require('node:worker_threads') as typeof import('node:worker_threads')).Worker;
    } catch {
      workerCtor = null;
    }
  }
  return workerCtor ?? undefined;
}
