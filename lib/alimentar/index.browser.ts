/**
 * alimentar in a web page: the in-memory parts - ArrowDataset from bytes, fetched URLs and File objects; Parquet,
 * Arrow IPC, CSV and JSON decode and encode; transforms; tensors; the DataLoader. What needs a file system, a process
 * or worker_threads (StreamingDataset, convertFile, atomicWrite, the storage backends, the registry, the Hugging Face
 * hub client) is absent here rather than failing at import; it is in the Node entry. Call `await ready()` once
 * before the first Parquet read or write or tensor op: it compiles the WASM (trueno's core and parquet-wasm).
 */
export { ArrowDataset, type OpenOptions, type WriteOptions, type Row } from './dataset';
export { DataLoader, type DataLoaderOptions, type TensorBatch } from './dataloader';
export { toMatrix, toVector, type TensorDType } from './tensor';
export { Random, deriveSeed } from '../common/random';
export { COLUMN_TYPES, toArrowType, type ColumnType } from './types';
export type { NormalizeMethod, NormalizeStats } from './transforms/columnwise';
export type { SortKey } from './transforms/rows';
export { evaluate, parseExpression, type Evaluated, type ExpressionNode } from './transforms/expression';
export { detectFormat, formatFromContent, formatFromExtension, FORMATS, type Format } from './formats/detect';
export { CODECS } from './formats/codecs';
export { decode, encode, type DecodeOptions, type EncodeOptions } from './formats/index';
export type { BatchReadOptions, BatchSource, FormatCodec } from './formats/codec';
export { readCsv, writeCsv, CsvBatchReader, type CsvReadOptions, type CsvWriteOptions } from './formats/csv';
export { readJson, writeJson, JsonLinesReader, type JsonReadOptions } from './formats/json';
export { readIpc, writeIpc, readIpcBatches, loadIpcCodecs, IPC_COMPRESSIONS, type IpcCompression } from './formats/ipc';
export {
  readParquet, writeParquet, writeParquetBatches, ParquetRowGroupReader, PARQUET_COMPRESSIONS,
  type ParquetCompression, type ScratchBuffers, type ParquetReadOptions, type ParquetWriteOptions, type ParquetLayout,
} from './formats/parquet';
export { readBytes } from './io';
export { ready, type ReadyOptions } from './ready.browser';
export * from './errors';
export type { ArgumentErrors, CodedError, ErrorOptions } from '../common/errors';
