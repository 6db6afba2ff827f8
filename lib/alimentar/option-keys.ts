/**
 * The keys every alimentar options object allows, one constant per options type, checked against the type by the
 * compiler (see {@link OptionKeys}). Entry points pass them to `expectOptions`, so a misspelt option is an error.
 */
import type { OptionKeys } from '../common/validate';
import type { BatchReadOptions, DecodeOptions, EncodeOptions } from './formats/codec';
import type { CsvReadOptions, CsvWriteOptions } from './formats/csv/csv';
import type { JsonReadOptions } from './formats/json/rows';
import type { ParquetReadOptions, ParquetWriteOptions } from './formats/parquet/parquet';
import type { PutOptions, TransferOptions } from './storage/types';
import type { HttpOptions } from './storage/http';
import type { S3Options } from './storage/s3';
import type { OpenStorageOptions } from './storage/open';
import type { GcOptions } from './registry/types';
import type { HfImportOptions } from './hf/hub';

export const CSV_READ_OPTIONS: OptionKeys<CsvReadOptions> = { delimiter: true, quote: true, header: true, columnNames: true, columnTypes: true, nullValues: true, batchRows: true };
export const CSV_WRITE_OPTIONS: OptionKeys<CsvWriteOptions> = { delimiter: true, header: true, nullValue: true };
export const JSON_READ_OPTIONS: OptionKeys<JsonReadOptions> = { columnTypes: true, batchRows: true };
export const PARQUET_READ_OPTIONS: OptionKeys<ParquetReadOptions> = { columns: true, rowGroups: true };
export const PARQUET_WRITE_OPTIONS: OptionKeys<ParquetWriteOptions> = { compression: true, rowGroupSize: true, dictionary: true };
export const DECODE_OPTIONS: OptionKeys<DecodeOptions> = { columns: true, rowGroups: true, csv: true, json: true };
export const ENCODE_OPTIONS: OptionKeys<EncodeOptions> = { csv: true, compression: true, rowGroupSize: true, dictionary: true };
export const BATCH_READ_OPTIONS: OptionKeys<BatchReadOptions> = { columns: true, csv: true, json: true, chunkBytes: true };
export const PUT_OPTIONS: OptionKeys<PutOptions> = { ifMatch: true, ifNoneMatch: true };
export const TRANSFER_OPTIONS: OptionKeys<TransferOptions> = { onProgress: true };
export const HTTP_OPTIONS: OptionKeys<HttpOptions> = { headers: true, timeoutMs: true };
export const S3_OPTIONS: OptionKeys<S3Options> = {
  endpoint: true, region: true, accessKeyId: true, secretAccessKey: true, sessionToken: true, pathStyle: true,
  multipartThreshold: true, partSize: true, retries: true, timeoutMs: true, env: true,
};
export const OPEN_STORAGE_OPTIONS: OptionKeys<OpenStorageOptions> = { s3: true, http: true };
export const GC_OPTIONS: OptionKeys<GcOptions> = { dryRun: true, minAgeMs: true };
export const HF_IMPORT_OPTIONS: OptionKeys<HfImportOptions> = { revision: true, token: true, endpoint: true, env: true, onProgress: true };
