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

/** The first bytes of an aprender model file (`.apr`, docs/model-file-format.md): kept in a registry as they are. */
const MODEL_FILE_MAGIC = [0x89, 0x41, 0x50, 0x52, 0x0d, 0x0a, 0x1a, 0x0a];

/** Reads a local file's description; throws the format's error when the file is not a readable table. */
export type Inspector = (file: string) => Promise<FileDescription>;

/**
 * The default inspector: tells the format from the extension or first bytes, then opens the file as an
 * {@link ArrowDataset}, so a push of a file that is not a readable table fails before anything is uploaded. An aprender
 * model file (`.apr`, told by its magic bytes) is format `apr`, without rows or schema: registries hold models too
 * (realizar serves them).
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
  if (bytesRead >= MODEL_FILE_MAGIC.length && MODEL_FILE_MAGIC.every((b, i) => head[i] === b)) return { format: 'apr', rows: null, schema: null };
  const format = detectFormat(file, head.subarray(0, bytesRead));
  const dataset = await ArrowDataset.open(file, { format });
  return {
    format,
    rows: dataset.numRows,
    schema: dataset.schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable })),
  };
}
