/**
 * The keys every alimentar options object allows, one constant per options type, checked against the type by the
 * compiler (see {@link OptionKeys}). Entry points pass them to `expectOptions`, so a misspelt option is an error; the
 * `expect*Options` checks below also look inside the nested options (`csv`, `json`, `s3`, `http`) before any I/O.
 */
import type { OptionKeys, Validators } from '../common/validate';
import { expectOptions } from './validate';
import type { BatchReadOptions, DecodeOptions, EncodeOptions } from './formats/codec';
import type { CsvReadOptions, CsvWriteOptions } from './formats/csv/csv';
import type { JsonReadOptions } from './formats/json/rows';
import type { ParquetReadOptions, ParquetWriteOptions } from './formats/parquet/parquet';
import type { PutOptions, TransferOptions } from './storage/types';
import type { HttpOptions } from './storage/http';
import type { S3Options } from './storage/s3';
import type { OpenStorageOptions } from './storage/open';
import type { GcOptions } from './registry/types';
import type { PullOptions, PushOptions, RegistryOptions } from './registry/registry';
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
export const REMOVE_ABANDONED_OPTIONS: OptionKeys<{ dryRun?: boolean }> = { dryRun: true };
export const REGISTRY_OPTIONS: OptionKeys<RegistryOptions> = { ...OPEN_STORAGE_OPTIONS, inspect: true };
export const REGISTRY_INIT_OPTIONS: OptionKeys<{ description?: string }> = { description: true };
export const PUSH_OPTIONS: OptionKeys<PushOptions> = { name: true, version: true, description: true, onProgress: true };
export const PULL_OPTIONS: OptionKeys<PullOptions> = { version: true, dest: true, onProgress: true };
export const BATCHES_OPTIONS: OptionKeys<{ shuffleSeed?: number; reuseBuffers?: boolean }> = { shuffleSeed: true, reuseBuffers: true };

/**
 * Options that read a format (decode, open, stream), their nested `csv` and `json` options checked too.
 * @param value - the options received
 * @param name - the owner, e.g. 'ArrowDataset.open options' (the nested ones are 'ArrowDataset.open options.csv')
 * @param keys - the top-level keys allowed
 * @returns the options ({} for undefined)
 * @throws TypeError (ERR_ALIMENTAR_TYPE) for an unknown key at either level or options that are not an object
 * @example const opts = expectReadOptions<OpenOptions>(options, 'ArrowDataset.open options', OPEN_OPTIONS);
 */
export function expectReadOptions<T extends { csv?: CsvReadOptions; json?: JsonReadOptions }>(value: unknown, name: string, keys: OptionKeys<T>): Partial<T> {
  const opts = expectOptions<T>(value, name, keys);
  expectOptions<CsvReadOptions>(opts.csv, `${name}.csv`, CSV_READ_OPTIONS);
  expectOptions<JsonReadOptions>(opts.json, `${name}.json`, JSON_READ_OPTIONS);
  return opts;
}

/**
 * Options that write a format (encode, write, convert), their nested `csv` options checked too.
 * @param value - the options received
 * @param name - the owner, e.g. 'write options'
 * @param keys - the top-level keys allowed
 * @returns the options ({} for undefined)
 * @throws TypeError (ERR_ALIMENTAR_TYPE) for an unknown key at either level or options that are not an object
 * @example const opts = expectWriteOptions<WriteOptions>(options, 'write options', { ...ENCODE_OPTIONS, format: true });
 */
export function expectWriteOptions<T extends { csv?: CsvWriteOptions }>(value: unknown, name: string, keys: OptionKeys<T>): Partial<T> {
  const opts = expectOptions<T>(value, name, keys);
  expectOptions<CsvWriteOptions>(opts.csv, `${name}.csv`, CSV_WRITE_OPTIONS);
  return opts;
}

/**
 * Options that open a storage backend (openStorage, Registry.open, and the other parts that take storage options, such
 * as realizar's serve), their nested `s3` and `http` options checked too.
 * @param value - the options received
 * @param name - the owner, e.g. 'openStorage options'
 * @param keys - the top-level keys allowed
 * @param expect - the check of the part whose entry point this is (its error codes; default alimentar's)
 * @returns the options ({} for undefined)
 * @throws TypeError (ERR_ALIMENTAR_TYPE, or the part's) for an unknown key at either level or options that are not an
 *   object
 * @example const opts = expectStorageOptions<OpenStorageOptions>(options, 'openStorage options', OPEN_STORAGE_OPTIONS);
 */
export function expectStorageOptions<T extends OpenStorageOptions>(value: unknown, name: string, keys: OptionKeys<T>,
  expect: Validators['expectOptions'] = expectOptions): Partial<T> {
  const opts = expect<T>(value, name, keys);
  expect<S3Options>(opts.s3, `${name}.s3`, S3_OPTIONS);
  expect<HttpOptions>(opts.http, `${name}.http`, HTTP_OPTIONS);
  return opts;
}
