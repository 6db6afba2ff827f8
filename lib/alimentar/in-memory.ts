/**
 * alimentar's in-memory parts, the same in Node and in a page: ArrowDataset (from bytes, URLs, Blobs and Tables),
 * every format's decode and encode, transforms, tensors, the DataLoader, errors. index.ts adds what needs Node (files,
 * streaming, storage, the registry); index.browser.ts adds `ready()`.
 */
export { ArrowDataset, type OpenOptions, type WriteOptions, type Row, type RowOptions } from './dataset';
export type { Int64Options } from '../common/int64';
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
export { readIpc, writeIpc, loadIpcCodecs, IPC_COMPRESSIONS, type IpcCompression } from './formats/ipc';
export {
  readParquet, writeParquet, writeParquetBatches, ParquetRowGroupReader, PARQUET_COMPRESSIONS,
  type ParquetCompression, type ScratchBuffers, type ParquetReadOptions, type ParquetWriteOptions, type ParquetLayout,
} from './formats/parquet';
export {
  AlimentarError, NotFoundError, UnknownFormatError, CsvParseError, JsonParseError, ParquetError, IpcError, SchemaMismatchError,
  ColumnError, WriteError,
} from './errors';
export type { ArgumentErrors, CodedError, ErrorOptions } from '../common/errors';
export { readBytes } from './io';
