/**
 * Writes a large table's Parquet file with its columns encoded in parallel: the columns are split into balanced groups,
 * one per core (at most the pool's size); the calling thread encodes the heaviest group while idle workers of the
 * Parquet pool (pool.ts) encode the others, each with its own parquet-wasm instance and the same writer properties;
 * then the column chunks are spliced into one file with one footer (splice.ts). The result is byte for byte the file
 * one writer makes of the whole table. Small tables (under PARALLEL_WRITE_MIN_BYTES) and one-column tables stay on
 * the calling thread: handing columns to a worker costs an IPC copy and a reply, and a worker's first start ~0.1 s.
 */
import { tableToIPC, type Data, type Table } from 'apache-arrow';
import { encodeOnPool, poolSize } from './pool';
import { spliceColumnGroups, SpliceUnsupported } from './splice';
import type { WriterSpec } from './writer-spec';

/** Smallest table (bytes of its columns) written in parallel: below it one thread is as fast (measured: 2 cores). */
export const PARALLEL_WRITE_MIN_BYTES = 4 << 20;

/** Building a dictionary (hashing every value) cost ~3x plain encoding per value, measured on the bench table. */
const DICTIONARY_COST = 3;

function bytesOf(data: Data): number {
  let n = (data.values?.byteLength ?? 0) + (data.valueOffsets?.byteLength ?? 0) + (data.nullBitmap?.byteLength ?? 0);
  for (const child of data.children ?? []) n += bytesOf(child); // an empty column's Data may have none
  return n;
}

/**
 * Splits the columns into `k` groups of about equal estimated cost (largest first, each to the lightest group); the
 * cost of a column is its values and bytes, times DICTIONARY_COST when it will be dictionary-encoded.
 * @param table - the table
 * @param spec - the writer's properties (which columns keep a dictionary)
 * @param k - how many groups
 * @returns the groups, heaviest first, each its columns' indices in increasing order
 */
export function columnGroups(table: Table, spec: WriterSpec, k: number): number[][] {
  const cost = table.schema.fields.map((field, c) => {
    const data = table.getChildAt(c)!.data;
    const size = data.reduce((n, d) => n + d.length + bytesOf(d) / 8, 0);
    return size * (spec.dictionary && !spec.plain.includes(field.name) ? DICTIONARY_COST : 1);
  });
  const groups = Array.from({ length: k }, () => ({ cost: 0, columns: [] as number[] }));
  for (const c of cost.map((_, c) => c).sort((a, b) => cost[b] - cost[a])) {
    const lightest = groups.reduce((a, b) => (b.cost < a.cost ? b : a));
    lightest.cost += cost[c];
    lightest.columns.push(c);
  }
  return groups
    .filter((g) => g.columns.length > 0)
    .sort((a, b) => b.cost - a.cost)
    .map((g) => g.columns.sort((a, b) => a - b));
}

/**
 * Encodes a table's column groups in parallel and splices them, or returns undefined when the table is small, has one
 * column, no worker is started and idle (the first large write starts one, on its own thread, for the next), or
 * anything fails (the caller then writes it on one thread, which also gives the error a table Parquet cannot store
 * deserves).
 * @param table - the table
 * @param spec - the writer's properties
 * @param encode - encodes a table on this thread with those properties
 * @returns the file's bytes, or undefined
 */
export function writeColumnGroups(table: Table, spec: WriterSpec, encode: (t: Table) => Uint8Array): Uint8Array | undefined {
  const k = Math.min(poolSize(), table.numCols);
  if (k < 2 || table.data.reduce((n, d) => n + bytesOf(d), 0) < PARALLEL_WRITE_MIN_BYTES) return undefined;
  const [mine, ...theirs] = columnGroups(table, spec, k);
  const pending = theirs.map((fields) => {
    const part = table.selectAt(fields);
    return { fields, job: encodeOnPool(tableToIPC(part, 'stream'), spec, () => encode(part)) };
  });
  // no worker ready (the first large write starts them): one writer here, without the splice
  if (!pending.some((p) => p.job.onWorker)) return undefined;
  let parts: { bytes: Uint8Array; fields: number[] }[] | undefined;
  let own: Uint8Array | undefined;
  try {
    own = encode(table.selectAt(mine));
  } catch {
    // the caller's single-threaded retry gives the error the whole table deserves
  } finally {
    // every worker's reply is collected (and its port closed) whatever happened here
    const replies = pending.map((p) => {
      try {
        return { bytes: p.job.wait(), fields: p.fields };
      } catch {
        return undefined;
      }
    });
    if (own !== undefined && replies.every((r) => r !== undefined)) parts = [{ bytes: own, fields: mine }, ...(replies as { bytes: Uint8Array; fields: number[] }[])];
  }
  if (parts === undefined) return undefined;
  try {
    return spliceColumnGroups(encode(table.slice(0, 0)), parts);
  } catch (e) {
    if (e instanceof SpliceUnsupported) return undefined;
    throw e;
  }
}
