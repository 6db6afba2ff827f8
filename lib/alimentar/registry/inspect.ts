/** Reading a pushed file's format, schema and row count, so the index can describe a dataset without downloading it. */
import { promises as fsp } from 'node:fs';
import { ArrowDataset } from '../dataset';
import { detectFormat } from '../formats/detect';
import type { FieldInfo } from './types';

/** What the registry records about a file's content. */
export interface FileDescription {
  /** The format (`parquet`, `ipc`, `csv`, ...). */
  format: string;
  /** Row count, or null when unknown. */
  rows: number | null;
  /** Columns, or null when unknown. */
  schema: FieldInfo[] | null;
}

/** Reads a local file's description; throws the format's error when the file is not a readable table. */
export type Inspector = (file: string) => Promise<FileDescription>;

/**
 * The default inspector: tells the format from the extension or first bytes, then opens the file as an
 * {@link ArrowDataset}, so a push of a file that is not a readable table fails before anything is uploaded.
 * @param file - the local file
 * @returns its format, row count and columns
 * @throws the format's errors (UnknownFormatError, ParquetError, CsvParseError, ...)
 */
export async function inspectFile(file: string): Promise<FileDescription> {
  const head = new Uint8Array(64);
  const handle = await fsp.open(file, 'r');
  let bytesRead: number;
  try {
    ({ bytesRead } = await handle.read(head, 0, head.length, 0));
  } finally {
    await handle.close();
  }
  const format = detectFormat(file, head.subarray(0, bytesRead));
  const dataset = await ArrowDataset.open(file, { format });
  return {
    format,
    rows: dataset.numRows,
    schema: dataset.schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable })),
  };
}
