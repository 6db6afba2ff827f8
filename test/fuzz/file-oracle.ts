/**
 * What the file fuzz expects of a mutant's result, shared by the supervised child and the parent (which runs the real
 * CLI process): the jobs' shape, the oracle for decoded results, and how an `alimentar --json` run is read.
 */
import type { FuzzFormat } from './mutate';

/** The paths a mutant can be opened through. */
export type FilePath = 'whole' | 'stream' | 'pool' | 'cli-main';

/** One mutant to open. */
export interface FileJob {
  file: string;
  seed: string;
  /** A small pristine file of the same format, read again after a failure. */
  canary: string;
  format: FuzzFormat;
  /** Whether the mutant is a strict prefix of its seed. */
  truncated: boolean;
  paths: FilePath[];
  /** The CLI command for the cli-main path. */
  cli: 'head' | 'info' | 'convert';
}

/** Formats whose structure makes a cut or emptied file detectable. */
const BINARY = new Set<FuzzFormat>(['parquet', 'arrow']);
/** Where `convert` writes, per input format: always another format, so both a reader and a writer run. */
export const CONVERT_TO: Record<FuzzFormat, string> = { csv: 'parquet', parquet: 'csv', arrow: 'csv', json: 'arrow', jsonl: 'parquet' };

/**
 * Reads the outcome of an `alimentar --json` run: rows on exit 0, a coded error on exit 3 (data error), anything else
 * a bad error.
 * @param code - the exit code
 * @param stdout - its standard output
 * @param stderr - its standard error
 * @param command - head, info or convert
 * @returns the rows it reported
 */
export function cliRows(code: number | null, stdout: string, stderr: string, command: FileJob['cli']): number {
  if (code === 0) {
    const value = JSON.parse(stdout);
    return command === 'head' ? (value as unknown[]).length : (value as { rows: number }).rows;
  }
  // --json prints the error as one JSON object (one line), the last thing on stderr
  const text = stderr.trim();
  let error: { code?: string; message?: string };
  try {
    error = JSON.parse(text.slice(Math.max(0, text.lastIndexOf('\n{') + 1))).error ?? {};
  } catch {
    error = { message: `no JSON error on stderr: ${text.split('\n').slice(-3).join(' | ')}` };
  }
  const e = Object.assign(new Error(`exit ${code}: ${error.message}`), code === 3 ? { code: error.code } : {});
  if (code !== 3) e.name = `exit ${code} (not the data-error code 3) with ${error.code ?? 'no code'}`;
  throw e;
}

/**
 * Rows of a decoded mutant that are wrong whatever the bytes: a binary file cut short or emptied must not decode, and a
 * damaged binary file of a non-empty seed must not decode as zero rows.
 * @returns the complaint, or undefined when the result is plausible
 */
export function oracle(format: FuzzFormat, truncated: boolean, size: number, rows: number, seedRows: number): string | undefined {
  if (!BINARY.has(format)) return undefined;
  if (size === 0) return 'an empty file decoded';
  if (truncated) return `a truncated file (${size} bytes) decoded as ${rows} rows`;
  if (rows === 0 && seedRows > 0) return `decoded as 0 rows (the seed has ${seedRows})`;
  return undefined;
}

