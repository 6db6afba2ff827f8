/**
 * Decodes the row groups of a large Parquet file on a few long-lived worker threads, each with its own parquet-wasm
 * instance: each worker decodes a contiguous run of row groups from a SharedArrayBuffer holding the file (no copy to
 * hand it over), copies its columns out of WebAssembly memory, and transfers those buffers back (no copy to receive
 * them). The workers start on first use, hold the process open only while a read is in flight, and are shared by all
 * reads.
 */
import { Data, RecordBatch, Schema, Struct, Table, Vector, type DataType } from 'apache-arrow';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { dictionaryValueType } from '../columns';

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

interface Job {
  id: number;
  file: SharedArrayBuffer;
  length: number;
  rowGroups: number[];
  batchSize: number;
}

type Reply = { id: number; schema: Uint8Array; batches: WireData[] } | { id: number; error: string };

/**
 * The worker's whole program. It runs from its source text (`eval`), so it needs no file of its own next to the
 * compiled module, and takes the resolved paths of its two dependencies.
 */
function workerMain(parquetWasm: string, arrowFfi: string): void {
  /* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
  const { parentPort } = require('node:worker_threads');
  const pw = require(parquetWasm);
  const { parseTable } = require(arrowFfi);
  parentPort.on('message', (job: Job) => {
    let reply: Reply;
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
      reply = { id: job.id, schema, batches: table.batches.map((b: any) => wire(b.data)) };
    } catch (e) {
      reply = { id: job.id, error: e instanceof Error ? e.message : String(e) };
      transfer.clear();
    }
    parentPort.postMessage(reply, [...transfer]);
  });
  /* eslint-enable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
}

function fromWire(type: DataType, w: WireData): Data {
  const children = w.children.map((c, i) => fromWire(type.children[i].type, c));
  const valueType = dictionaryValueType(type);
  const dictionary = w.dictionary === undefined ? undefined : new Vector(w.dictionary.map((d) => fromWire(valueType, d)));
  return new Data(type, w.offset, w.length, w.nullCount, w.buffers as never, children, dictionary as never, w.variadic as never);
}

/** A worker and the read it is doing, if any. */
interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>;
}

let slots: Slot[] | undefined;
let nextId = 0;

function startWorker(): Slot {
  const source = `(${workerMain.toString()})(${JSON.stringify(require.resolve('parquet-wasm/node'))}, ${JSON.stringify(require.resolve('arrow-js-ffi'))});`;
  // No options from the parent: the worker's plain CommonJS needs none, `--input-type=module` would make the eval'd
  // text an ES module without `require`, and process-wide ones (`--expose-gc`, `--max-old-space-size`) make the
  // Worker constructor throw.
  const worker = new Worker(source, { eval: true, execArgv: [] });
  const slot: Slot = { worker, pending: new Map() };
  worker.unref();
  worker.on('message', (r: Reply) => {
    const p = slot.pending.get(r.id);
    slot.pending.delete(r.id);
    if (slot.pending.size === 0) worker.unref();
    p?.resolve(r);
  });
  const fail = (e: Error): void => {
    if (slots !== undefined) slots = slots.filter((s) => s !== slot);
    for (const p of slot.pending.values()) p.reject(e);
    slot.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the Parquet worker thread stopped (exit code ${code})`)));
  return slot;
}

/** How many workers are running now (none until the first large read). */
export function poolWorkers(): number {
  return slots?.length ?? 0;
}

/** How many decode jobs the workers hold now. */
export function poolJobs(): number {
  return (slots ?? []).reduce((n, s) => n + s.pending.size, 0);
}

/**
 * Stops the pool's workers (a read in flight then finishes on the calling thread); the next large read starts new ones.
 * @returns once every worker has exited
 */
export async function stopPool(): Promise<void> {
  const stopping = slots ?? [];
  slots = undefined;
  await Promise.all(stopping.map((s) => s.worker.terminate()));
}

/** How many workers the pool holds: one per core, at most 4 (decoding past that is bound by memory bandwidth). */
export function poolSize(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

function run(slot: Slot, job: Omit<Job, 'id'>): Promise<Reply> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    slot.pending.set(id, { resolve, reject });
    slot.worker.ref();
    slot.worker.postMessage({ ...job, id });
  });
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
  let replies: Reply[];
  try {
    slots ??= [];
    while (slots.length < poolSize()) slots.push(startWorker());
    const n = Math.min(slots.length, rowGroups.length);
    const runs = Array.from({ length: n }, (_, k) => rowGroups.slice(Math.floor((k * rowGroups.length) / n), Math.floor(((k + 1) * rowGroups.length) / n)));
    replies = await Promise.all(runs.map((r, k) => run(slots![k], { file, length, rowGroups: r, batchSize })));
  } catch {
    // Workers that cannot start here (a host without worker threads) or that died mid-read: the caller decodes on
    // its own thread instead. A dead worker has already left the pool, so the next read starts a fresh one.
    return undefined;
  }
  const failed = replies.find((r): r is { id: number; error: string } => 'error' in r);
  if (failed !== undefined) return { error: failed.error };
  const ok = replies as { id: number; schema: Uint8Array; batches: WireData[] }[];
  const schema = schemaOf(ok[0].schema);
  const struct = new Struct(schema.fields);
  return new Table(schema, ok.flatMap((r) => r.batches.map((b) => new RecordBatch(schema, fromWire(struct, b) as Data<Struct>))));
}
