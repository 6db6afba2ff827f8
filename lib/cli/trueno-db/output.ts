/**
 * Where a statement's outcome goes: stdout as a table, CSV or JSON Lines (see format.ts), or a file (`--out`) in any
 * format alimentar writes, chosen by its extension and written atomically (a temporary file, then a rename).
 */
import type { RecordBatch, Table } from 'apache-arrow';
import { codecOf } from '../../alimentar/formats/codecs';
import { FORMATS, formatFromExtension, type Format } from '../../alimentar/formats/detect';
import { atomicWrite, localPath } from '../../alimentar/io';
import { CLI_CODES, CliError } from './errors';
import { csvLines, jsonLines, renderResultTable } from './format';
import type { DoneOutcome, RowsOutcome } from './session';

/** How rows are printed. */
export type OutputMode = 'table' | 'csv' | 'json';

/** Output is written in pieces of about this many characters, so a large result never becomes one string. */
const CHUNK = 1 << 16;

function writeChunked(lines: Iterable<string>, write: (text: string) => void): void {
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= CHUNK) {
      write(buffer);
      buffer = '';
    }
  }
  if (buffer !== '') write(buffer);
}

/**
 * Prints rows in a mode (an EXPLAIN's plan in the table mode as the text it is).
 * @param outcome - the rows
 * @param mode - table, csv or json (JSON Lines)
 * @param write - where the text goes
 */
export function printRows(outcome: RowsOutcome, mode: OutputMode, write: (text: string) => void): void {
  if (mode === 'table' && outcome.text !== undefined) {
    write(outcome.text.endsWith('\n') ? outcome.text : outcome.text + '\n');
    return;
  }
  const result = outcome.batch();
  if (mode === 'table') write(renderResultTable(result));
  else writeChunked(mode === 'csv' ? csvLines(result) : jsonLines(result), write);
}

/**
 * The line a DDL / DML statement prints in the table mode.
 * @param outcome - what the statement reported
 * @returns e.g. 'OK (3 rows)'
 */
export function doneText(outcome: DoneOutcome): string {
  return outcome.changed === undefined ? 'OK' : `OK (${outcome.changed} ${outcome.changed === 1 ? 'row' : 'rows'})`;
}

/**
 * The format `--out` writes, from the file's extension.
 * @param file - the output path
 * @returns the format
 * @throws CliError ERR_TRUENO_DB_CLI_OUT_FORMAT when the extension names none
 */
export function outFormat(file: string): Format {
  const format = localPath(file) === undefined ? undefined : formatFromExtension(file);
  if (format === undefined) {
    const extensions = FORMATS.flatMap((f) => codecOf(f).extensions.map((e) => `.${e}`));
    throw new CliError(`Expected an --out file ending in ${extensions.join(', ')} but received '${file}'`, CLI_CODES.OUT_FORMAT);
  }
  return format;
}

async function* batchesOf(table: Table): AsyncGenerator<RecordBatch> {
  for (const batch of table.batches) yield batch;
}

/**
 * Writes a result to a file, atomically, in the format of its extension.
 * @param table - the result as an Arrow table
 * @param file - the output path (.parquet, .arrow / .ipc, .arrows, .csv, .tsv, .json, .jsonl)
 * @returns the format and the rows written
 * @throws CliError for an unknown extension; alimentar's WriteError when the file cannot be written
 */
export async function writeResultFile(table: Table, file: string): Promise<{ format: Format; rows: number }> {
  const format = outFormat(file);
  await atomicWrite(localPath(file) as string, codecOf(format).writeBatches(batchesOf(table), table.schema, {}));
  return { format, rows: table.numRows };
}
