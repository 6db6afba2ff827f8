/**
 * alimentar: datasets as apache-arrow Tables (Parquet, Arrow IPC, CSV, JSON), chainable transforms, tensors for the
 * tensor core, a DataLoader, and streaming over files larger than memory.
 * @packageDocumentation
 */
export { ArrowDataset, type OpenOptions, type WriteOptions, type Row, type RowOptions } from './dataset';
export type { Int64Options } from '../common/int64';
export { StreamingDataset, type StreamingOptions } from './streaming';
export { convertFile, type ConvertOptions } from './convert';
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
export { atomicWrite, readBytes } from './io';
export { samplePath } from './samples';
export {
  AlimentarError, NotFoundError, UnknownFormatError, CsvParseError, JsonParseError, ParquetError, IpcError, SchemaMismatchError,
  ColumnError, WriteError,
} from './errors';
export type { ArgumentErrors, CodedError, ErrorOptions } from '../common/errors';
export * from './storage';
export * from './registry';
export * from './hf';
