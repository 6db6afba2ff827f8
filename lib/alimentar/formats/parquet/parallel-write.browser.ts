/** The browser build's parallel-write.ts: a page has no worker_threads pool, so every table is written on one thread. */
import type { Table } from 'apache-arrow';
import type { WriterSpec } from './writer-spec';

/** As in parallel-write.ts (unused here: nothing is written in parallel). */
export const PARALLEL_WRITE_MIN_BYTES = 4 << 20;

/**
 * Always undefined: the caller writes the table on its own thread.
 * @returns undefined
 */
export function writeColumnGroups(_table: Table, _spec: WriterSpec, _encode: (t: Table) => Uint8Array): Uint8Array | undefined {
  return undefined;
}
