/**
 * Parquet encoding of large appends on worker threads: the rows are cut into runs of whole row groups, one data file
 * each, and each run is encoded by its own parquet-wasm instance (a WorkerPool, lib/common/worker-pool.ts), so an
 * append of millions of rows uses every core instead of one. The run travels as an Arrow IPC stream (its buffer moved,
 * not copied) and comes back as the file's bytes. Small pieces, or a host where workers cannot run, are encoded on the
 * calling thread with alimentar's writeParquet, which the workers' settings match (snappy, 1,048,576-row groups,
 * dictionaries).
 */
import { availableParallelism } from 'node:os';
import { Table, tableToIPC } from 'apache-arrow';
import { adoptTable } from '../../alimentar/formats/foreign-arrow';
import { writeParquet } from '../../alimentar/formats/parquet';
import { WorkerPool, type HandlerResult } from '../../common/worker-pool';

/** Rows per Parquet row group (alimentar's default, pyarrow's). */
const ROW_GROUP_ROWS = 1 << 20;
/** Pieces with fewer rows are encoded on the calling thread (a worker hop costs more than it saves). */
const PARALLEL_MIN_ROWS = 2 * ROW_GROUP_ROWS;

interface EncodeJob {
  ipc: Uint8Array;
}

/** The worker's handler: IPC stream in, Parquet bytes out (see lib/common/worker-pool.ts: it runs from its source). */
function encodeHandler(parquetWasm: string, rowGroupRows: number): (job: EncodeJob) => HandlerResult<Uint8Array> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const pw = require(parquetWasm);
  return (job: EncodeJob) => {
    try {
      const props = new pw.WriterPropertiesBuilder()
        .setCompression(pw.Compression.SNAPPY)
        .setMaxRowGroupSize(rowGroupRows)
        .setDictionaryEnabled(true)
        .setCreatedBy('sovereign-ai alimentar')
        .build();
      const bytes: Uint8Array = pw.writeParquet(pw.Table.fromIPCStream(job.ipc), props);
      return { reply: bytes, transfer: [bytes.buffer as ArrayBuffer] };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e), retire: e instanceof WebAssembly.RuntimeError };
    }
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Workers: one per core, at most 4. */
function poolSize(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

const pool = new WorkerPool<EncodeJob, Uint8Array | undefined>({
  name: 'Delta Parquet encoder',
  size: poolSize,
  handler: encodeHandler,
  args: [require.resolve('parquet-wasm/node'), ROW_GROUP_ROWS],
});

/**
 * Encodes a table as one Parquet file, or as several (runs of whole row groups) on worker threads when it is large.
 * @param table - the rows of one partition, as stored
 * @returns each file's bytes and rows, in row order
 * @throws ParquetError (or a worker's ERR_WORKER_TASK error) when the table cannot be encoded
 */
export async function encodeFiles(table: Table): Promise<{ bytes: Uint8Array; rows: Table }[]> {
  const workers = poolSize();
  if (table.numRows < PARALLEL_MIN_ROWS || workers < 2) return [{ bytes: writeParquet(table), rows: table }];
  const groups = Math.ceil(table.numRows / ROW_GROUP_ROWS);
  const runs = Math.min(workers, groups);
  const adopted = adoptTable(table);
  const cuts = Array.from({ length: runs + 1 }, (_, k) => Math.min(table.numRows, Math.floor((k * groups) / runs) * ROW_GROUP_ROWS));
  return Promise.all(Array.from({ length: runs }, async (_, k) => {
    const slice = adopted.slice(cuts[k], cuts[k + 1]);
    const ipc = tableToIPC(slice, 'stream');
    const bytes = await pool.run({ ipc }, { transfer: [ipc.buffer as ArrayBuffer], fallback: () => undefined });
    return { bytes: bytes ?? writeParquet(slice), rows: slice };
  }));
}
