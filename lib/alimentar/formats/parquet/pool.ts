/**
 * Decodes the row groups of a large Parquet file on a few long-lived worker threads, each with its own parquet-wasm
 * instance: each worker decodes a contiguous run of row groups from a SharedArrayBuffer holding the file (no copy to
 * hand it over), copies its columns out of WebAssembly memory, and transfers those buffers back (no copy to receive
 * them). The workers (a WorkerPool, lib/common/worker-pool.ts) start on first use, hold the process open only while a
 * read is in flight, are shared by all reads, and are replaced after one traps or dies.
 */
import { Data, RecordBatch, Schema, Struct, Table, Vector, type DataType } from 'apache-arrow';
import { availableParallelism } from 'node:os';
import { WorkerPool, type HandlerResult } from '../../../common/worker-pool';
import { dictionaryValueType } from '../../columns';
import { writerPropertiesFrom, type WriterSpec } from './writer-spec';

/** A decoded array as it crosses the thread boundary: its buffers travel as transferables, its type stays behind. */
interface WireData {
  offset: number;
  length: number;
  nullCount: number;
  buffers: (ArrayBufferView | undefined)[];
  variadic: ArrayBufferView[];
  children: WireData[];
  dictionary: WireData[] | undefined;
}

interface DecodeJob {
  file: SharedArrayBuffer;
  length: number;
  rowGroups: number[];
  batchSize: number;
}

/** Encode a table (an IPC stream, moved to the worker) as Parquet with these writer properties. */
interface EncodeJob {
  encode: { ipc: Uint8Array; spec: WriterSpec };
}

type Job = DecodeJob | EncodeJob;

type WireReply = { schema: Uint8Array; batches: WireData[] };

/** A Parquet file's bytes (moved back), or a decoded table. */
type Reply = WireReply | Uint8Array;

/**
 * Makes the worker's job handler (see lib/common/worker-pool.ts: it runs from its source text, so it takes the
 * resolved paths of its two dependencies and the text of writerPropertiesFrom). A WebAssembly trap poisons the
 * worker's parquet-wasm instance, so that job retires its worker and the next one gets a fresh one.
 */
function jobHandler(parquetWasm: string, arrowFfi: string, propertiesSource: string): (job: Job) => HandlerResult<Reply> {
  /* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
  const pw = require(parquetWasm);
  const { parseTable } = require(arrowFfi);
  const writerProperties = (0, eval)(`(${propertiesSource})`);
  return (job: Job) => {
    if ('encode' in job) {
      try {
        const bytes: Uint8Array = pw.writeParquet(pw.Table.fromIPCStream(job.encode.ipc), writerProperties(pw, job.encode.spec));
        return { reply: bytes, transfer: [bytes.buffer as ArrayBuffer] };
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e), retire: e instanceof WebAssembly.RuntimeError };
      }
    }
    const transfer = new Set<ArrayBuffer>();
    const keep = (b: ArrayBufferView | undefined): ArrayBufferView | undefined => {
      if (b !== undefined && b.byteLength > 0 && b.buffer instanceof ArrayBuffer) transfer.add(b.buffer);
      return b;
    };
    const wire = (d: any): WireData => ({
      offset: d.offset,
      length: d.length,
      nullCount: d._nullCount,
      buffers: [keep(d.valueOffsets), keep(d.values), keep(d.nullBitmap), keep(d.typeIds)],
      variadic: (d.variadicBuffers ?? []).map(keep),
      children: d.children.map(wire),
      dictionary: d.dictionary?.data.map(wire),
    });
    try {
      const wasmTable = pw.readParquet(new Uint8Array(job.file, 0, job.length), { batchSize: job.batchSize, rowGroups: job.rowGroups });
      const schema: Uint8Array = wasmTable.schema.intoIPCStream();
      const ffi = wasmTable.intoFFI();
      let table: any;
      try {
        table = parseTable(pw.wasmMemory().buffer, ffi.arrayAddrs(), ffi.schemaAddr(), true);
      } finally {
        ffi.free();
      }
      return { reply: { schema, batches: table.batches.map((b: any) => wire(b.data)) }, transfer: [...transfer] };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e), retire: e instanceof WebAssembly.RuntimeError };
    }
  };
  /* eslint-enable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
}

function fromWire(type: DataType, w: WireData): Data {
  const children = w.children.map((c, i) => fromWire(type.children[i].type, c));
  const valueType = dictionaryValueType(type);
  const dictionary = w.dictionary === undefined ? undefined : new Vector(w.dictionary.map((d) => fromWire(valueType, d)));
  return new Data(type, w.offset, w.length, w.nullCount, w.buffers as never, children, dictionary as never, w.variadic as never);
}

/** How many workers the pool holds: one per core, at most 4 (decoding past that is bound by memory bandwidth). */
export function poolSize(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

const pool = new WorkerPool<Job, Reply | undefined>({
  name: 'Parquet',
  size: poolSize,
  handler: jobHandler,
  args: [require.resolve('parquet-wasm/node'), require.resolve('arrow-js-ffi'), writerPropertiesFrom.toString()],
});

/** How many workers are running now (none until the first large read). */
export function poolWorkers(): number {
  return pool.workers;
}

/** How many decode jobs the workers hold now. */
export function poolJobs(): number {
  return pool.jobs;
}

/**
 * Stops the pool's workers (a read in flight then finishes on the calling thread); the next large read starts new ones.
 * @returns once every worker has exited
 */
export function stopPool(): Promise<void> {
  return pool.stop();
}

/**
 * Decodes row groups of a Parquet file on the worker pool, splitting them into contiguous runs, one per worker.
 * @param file - the file's bytes (only read, never changed)
 * @param length - how many bytes of `file` the file holds
 * @param rowGroups - the row groups to read, in order
 * @param batchSize - most rows in one decoded batch
 * @param schemaOf - the schema from its IPC stream bytes, built as the single-threaded reader builds it
 * @returns the table, the first decode error's message, or undefined when the pool could not run (decode elsewhere)
 */
export async function decodeOnPool(file: SharedArrayBuffer, length: number, rowGroups: number[], batchSize: number, schemaOf: (ipc: Uint8Array) => Schema): Promise<Table | { error: string } | undefined> {
  const n = Math.min(poolSize(), rowGroups.length);
  const runs = Array.from({ length: n }, (_, k) => rowGroups.slice(Math.floor((k * rowGroups.length) / n), Math.floor(((k + 1) * rowGroups.length) / n)));
  let replies: (Reply | undefined)[];
  try {
    // a worker that cannot start here (a host without worker threads) or dies mid-read: the caller decodes the whole
    // file on its own thread instead (undefined), and the pool starts a fresh worker for the next read
    replies = await Promise.all(runs.map((r) => pool.run({ file, length, rowGroups: r, batchSize }, { fallback: () => undefined })));
  } catch (e) {
    return { error: (e as Error).message };
  }
  if (replies.some((r) => r === undefined)) return undefined;
  const ok = replies as WireReply[];
  const schema = schemaOf(ok[0].schema);
  const struct = new Struct(schema.fields);
  return new Table(schema, ok.flatMap((r) => r.batches.map((b) => new RecordBatch(schema, fromWire(struct, b) as Data<Struct>))));
}

/**
 * Starts encoding a table as Parquet on an idle worker of the pool, for a synchronous caller that encodes its own share
 * meanwhile (parallel-write.ts); with no idle worker (or none that can start) `fallback` encodes it on this thread.
 * @param ipc - the table as an IPC stream (its buffer is moved to the worker)
 * @param spec - the writer's properties
 * @param fallback - encodes the same table here
 * @returns a handle whose `wait()` blocks until the file's bytes are back; `onWorker`: whether a worker took it
 * @throws WorkerPoolError ERR_WORKER_TASK (from `wait()`) when the worker's writer failed
 */
export function encodeOnPool(ipc: Uint8Array, spec: WriterSpec, fallback: () => Uint8Array): { wait: () => Uint8Array; onWorker: boolean } {
  const pending = pool.runSync({ encode: { ipc, spec } }, { transfer: [ipc.buffer as ArrayBuffer], fallback });
  return { wait: () => pending.wait() as Uint8Array, onWorker: pending.onWorker };
}
