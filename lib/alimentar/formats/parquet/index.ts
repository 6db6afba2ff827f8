/** Parquet: the codec and the folder's public API. */
import { Random } from '../../../common/random';
import type { EncodeOptions, FormatCodec } from '../codec';
import { ParquetRowGroupReader, readParquet, writeParquet, writeParquetBatches, type ParquetWriteOptions } from './parquet';
import { readParquetFile } from './read-file';

export { PARALLEL_MIN_BYTES, readParquetFile } from './read-file';
export {
  PARQUET_COMPRESSIONS, ParquetRowGroupReader, readParquet, writeParquet, writeParquetBatches,
  type ParquetCompression, type ParquetLayout, type ParquetReadOptions, type ParquetWriteOptions, type ScratchBuffers,
} from './parquet';

const PAR1 = [0x50, 0x41, 0x52, 0x31];

/** The Parquet writer's part of the encode options (the others, `csv`, are other formats'). */
function parquetOptions({ compression, rowGroupSize, dictionary }: EncodeOptions): ParquetWriteOptions {
  return { compression, rowGroupSize, dictionary };
}

/** Parquet ("PAR1"): whole files on a worker pool when large, streams one row group at a time. */
export const PARQUET_CODEC: FormatCodec = {
  extensions: ['parquet', 'pq'],
  detect: (head) => PAR1.every((b, i) => head[i] === b),
  read: (bytes, options, source) => readParquet(bytes, { columns: options.columns, rowGroups: options.rowGroups }, source),
  readFile: (path, options, source) => readParquetFile(path, { columns: options.columns, rowGroups: options.rowGroups }, source),
  write: (table, options) => writeParquet(table, parquetOptions(options)),
  async openBatches(path, options, source) {
    const reader = await ParquetRowGroupReader.open(path, source);
    const n = reader.layout.rowGroupRows.length;
    let schema;
    try {
      schema = reader.schema(options.columns);
    } catch (e) {
      reader.close();
      throw e;
    }
    return {
      schema,
      numRows: reader.layout.numRows,
      numPieces: n,
      async *batches({ shuffleSeed, reuseBuffers }) {
        const order = shuffleSeed === undefined ? Int32Array.from({ length: n }, (_, i) => i) : new Random(shuffleSeed).permutation(n);
        const scratch = reuseBuffers ? [] : undefined;
        for (const i of order) yield* reader.readRowGroup(i, options.columns, scratch);
      },
      close: () => reader.close(),
    };
  },
  writeBatches: (batches, _schema, options) => writeParquetBatches(batches, parquetOptions(options)),
};
