/**
 * File sources for the parity corpus: the main table `t` as Parquet (written by alimentar, so DuckDB and trueno-db
 * read the same bytes) and a small hand-written CSV file (quoted fields with commas and doubled quotes, non-ASCII
 * text, empty fields as NULL). Corpus SQL names them as `{dir}/t.parquet` and `{dir}/c.csv`; `withDir` puts the
 * temporary folder in.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeParquet } from '../../../lib/alimentar';
import { arrowTableOf } from './arrow';
import { parityTables } from './data';

/** The CSV file's text (ids unique; integers, doubles and strings only, so no engine has to guess a date). */
export const CSV_TEXT = [
  'id,name,score,qty',
  '1,"Smith, J",3.5,10',
  '2,Ünïcode,-0.25,-3',
  '3,"say ""hi""",,0',
  '4,,1000,',
  '5,日本語,7,2147483648',
  '6,😀,-1e-3,42',
  '7,plain,0.1,7',
].join('\n') + '\n';

/** Writes the parity files into a new temporary folder and returns it. */
export function writeParityFiles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trueno-db-parity-'));
  const t = parityTables().find((x) => x.name === 't')!;
  writeFileSync(join(dir, 't.parquet'), writeParquet(arrowTableOf(t)));
  writeFileSync(join(dir, 'c.csv'), CSV_TEXT);
  return dir;
}

/** Removes a folder made by writeParityFiles. */
export function removeParityFiles(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The SQL with `{dir}` replaced by the folder of the parity files (quotes doubled for a SQL string). */
export function withDir(sql: string, dir: string): string {
  return sql.split('{dir}').join(dir.replace(/'/g, "''"));
}
