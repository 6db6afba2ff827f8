/**
 * Reading and parsing source files for the import graph: one function the event-loop form calls per file and the
 * worker threads of the async form (parse-pool.ts) call per batch, so both forms parse alike.
 */
import { readFileSync } from 'node:fs';
import type { HandlerResult } from '../../common/worker-pool';
import { moduleImports, type ModuleImport } from './module-imports';

/** One file's imports as written (resolved later by the caller). */
export interface FileImports {
  file: string;
  /** The file starts with '#!' (an executable). */
  entry: boolean;
  imports: ModuleImport[];
}

/** A batch's reply from a worker: the parsed files, or the error that stopped it (an fs error keeps its code). */
export type ParseReply = { parsed: FileImports[] } | { error: { message: string; code?: string } };

/**
 * The imports of one source file's text.
 * @param file - its path (the extension picks the parser's language)
 * @param text - its contents
 * @returns the file's imports
 */
export function parseSource(file: string, text: string): FileImports {
  return { file, entry: text.startsWith('#!'), imports: moduleImports(text, file) };
}

/**
 * A worker's job: reads and parses a batch of files.
 * @param files - absolute paths
 * @returns the reply (errors as data, so their code crosses the thread)
 */
export function runParseJob(files: string[]): HandlerResult<ParseReply> {
  try {
    return { reply: { parsed: files.map((f) => parseSource(f, readFileSync(f, 'utf8'))) } };
  } catch (e) {
    const err = e as Error & { code?: string };
    return { reply: { error: { message: err?.message ?? String(e), code: typeof err?.code === 'string' ? err.code : undefined } } };
  }
}
