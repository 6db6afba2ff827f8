/**
 * The table of formats: one line per format, its name and its codec (see codec.ts). Detection, reading, writing,
 * streaming and conversion all go through it. The order is the order in which content signatures are tried.
 */
import type { FormatCodec } from './codec';
import { CSV_CODEC, TSV_CODEC } from './csv/index';
import { IPC_FILE_CODEC, IPC_STREAM_CODEC } from './ipc/index';
import { JSON_CODEC, JSON_LINES_CODEC } from './json/index';
import { PARQUET_CODEC } from './parquet/index';

/** Every format's codec, by format name. `ipc` is the Arrow IPC file format, `arrows` the IPC stream format. */
export const CODECS = {
  parquet: PARQUET_CODEC,
  ipc: IPC_FILE_CODEC,
  arrows: IPC_STREAM_CODEC,
  csv: CSV_CODEC,
  tsv: TSV_CODEC,
  json: JSON_CODEC,
  jsonl: JSON_LINES_CODEC,
} satisfies Record<string, FormatCodec>;

/** The formats alimentar reads and writes. */
export type Format = keyof typeof CODECS;

/**
 * The codec of a format.
 * @param format - a format name (already validated)
 * @returns its codec
 */
export function codecOf(format: Format): FormatCodec {
  return CODECS[format];
}
