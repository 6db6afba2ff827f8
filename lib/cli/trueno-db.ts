#!/usr/bin/env node
/**
 * `trueno-db`: the embedded columnar SQL database from the command line. Create a database folder (tables in the
 * Delta Lake format, which Spark, DuckDB, polars and delta-rs also read), import data files into tables, run SQL and
 * print the rows as an aligned table, CSV or JSON Lines or write them to a file, list and describe tables, compact
 * and clean them, and work in a SQL shell. Progress goes to stderr (when it is a terminal, or with --progress);
 * exit codes are listed in `trueno-db --help` (lib/cli/trueno-db/exit-codes.ts).
 */
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import '../trueno/tensor-ops';
import { Option } from 'commander';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { FORMATS, type Format } from '../alimentar/formats/detect';
import { typeName } from '../trueno-db/column/sql-types';
import type { Database } from '../trueno-db/disk-database';
import { EXIT } from './shared/exit-codes';
import { renderTable, toJson } from '../common/format';
import { createProgram, runProgram, usageError, wantsJson, type CliIo } from './shared/program';
import { createLineProgress, createProgress, type Progress } from './shared/progress';
import { CLI_CODES, CliError } from './trueno-db/errors';
import { EXIT_HELP, exitCodeOf } from './trueno-db/exit-codes';
import { DEFAULT_BATCH_ROWS, importFile, type PartialImport } from './trueno-db/import';
import { optimizeTable, vacuumTable } from './trueno-db/maintain';
import { createDatabase, openDatabase, sessionOf } from './trueno-db/open';
import { doneText, printRows, writeResultFile, type OutputMode } from './trueno-db/output';
import { parseParams } from './trueno-db/params';
import { runShell } from './trueno-db/shell';
import { hasCode, splitStatements } from './trueno-db/statements';

export type { CliIo } from './shared/program';

/** Where trueno-db reads and writes: the shell also reads stdin. */
export interface TruenoDbIo extends CliIo {
  /** The shell's input (default process.stdin). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

const EXAMPLES = `Examples:
  trueno-db create ./local-db
  trueno-db import ./local-db training data.parquet
  trueno-db query ./local-db "SELECT label, count(*) AS n FROM training GROUP BY label ORDER BY label"
  trueno-db query ./local-db "SELECT * FROM training WHERE split = $1" --param 1=test --out test.parquet
  trueno-db shell ./local-db`;

/** The shell's history file when --history is not given. */
export function defaultHistoryFile(): string {
  return path.join(homedir(), '.trueno-db_history');
}

/** The parser of a positive integer option. */
function positiveInt(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isSafeInteger(n) || n < 1) throw usageError(`Expected a positive integer for ${option} but received '${value}'`);
    return n;
  };
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw usageError(`Expected a non-negative number of hours for --retain-hours but received '${value}'`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The whole of a stream as text (SQL piped to `query -`). */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) text += chunk as string;
  return text;
}

/** Runs `use` on the database at `location`, closing it afterwards whatever happens. */
async function withDatabase<T>(location: string, use: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(location);
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

/**
 * Runs the CLI.
 * @param argv - the arguments after `node trueno-db`
 * @param io - streams (default the process's)
 * @returns the exit code
 * @example
 * process.exitCode = await main(['query', './local-db', 'SELECT count(*) FROM training', '--json']);
 */
export async function main(argv: string[], io: TruenoDbIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }): Promise<number> {
  const program = createProgram('trueno-db', 'An embedded columnar SQL database: tables in Delta Lake folders, SQL over Arrow columns', EXIT_HELP, io);
  program.addHelpText('after', `\n${EXAMPLES}`);
  const write = (text: string) => io.stdout.write(text);
  const out = (text: string) => write(text.endsWith('\n') ? text : text + '\n');
  const emit = (value: unknown, text: () => string) => out(wantsJson(program) ? toJson(value) : text());
  // a shell script's exit code: that of its first failed statement (each was reported as it failed)
  let shellCode: number = EXIT.OK;

  program.command('create <database>').description('create a database folder (or s3://bucket/prefix); an existing database is left as it is')
    .action(async (location: string) => {
      const { existed, tables } = await createDatabase(location);
      emit({ database: location, created: !existed, tables }, () => (existed
        ? `${location} is already a database (${tables.length} ${tables.length === 1 ? 'table' : 'tables'})`
        : `created database ${location}`));
    });

  program.command('import <database> <table> <file>')
    .description('import a Parquet, Arrow IPC, CSV/TSV, JSON or JSON Lines file into a table (created when new), streamed')
    .addOption(new Option('--format <format>', 'the file\'s format (default: from the extension, else the content)').choices(FORMATS as string[]))
    .option('--batch-rows <n>', 'rows per insert (each insert is one commit and one data file)', positiveInt('--batch-rows'), DEFAULT_BATCH_ROWS)
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .action(async (location: string, table: string, file: string, opts: { format?: Format; batchRows: number; progress?: boolean }) => {
      const label = `import ${file}`;
      // a bar on a terminal; plain lines elsewhere only when asked for (createProgress draws nothing off a terminal)
      const bar: Progress = opts.progress && !io.stderr.isTTY ? createLineProgress(label, io.stderr, 'rows') : createProgress(label, io.stderr, 'rows');
      await withDatabase(location, async (db) => {
        try {
          const result = await importFile(db, table, file, { format: opts.format, batchRows: opts.batchRows, onProgress: (done, total) => bar.update(done, total) });
          bar.finish();
          emit({ database: location, table, file, ...result }, () => `imported ${result.rows} ${result.rows === 1 ? 'row' : 'rows'} from ${file} (${result.format}) into ${table}`);
        } catch (err) {
          bar.finish();
          const committed = (err as Partial<PartialImport> | null)?.rowsCommitted;
          if (committed !== undefined) io.stderr.write(`trueno-db: ${committed} rows of ${file} were imported into ${table} before the error; the table keeps them\n`);
          throw err;
        }
      });
    });

  program.command('query <database> <sql>')
    .description("run SQL (several statements separated by ;, or '-' to read them from stdin) and print the rows: an aligned table, --csv, --json (JSON Lines), or --out a file")
    .option('--csv', 'print rows as CSV (a header line; NULL is an empty field)')
    .option('--out <file>', 'write the rows to a file instead: .parquet, .arrow, .csv, .tsv, .json, .jsonl')
    .option('--param <key=value>', 'a parameter: 1=42 for $1 (and the first ?), city=Lyon for $city; values read as JSON, else text (repeatable)', collect, [])
    .action(async (location: string, sqlArg: string, opts: { csv?: boolean; out?: string; param: string[] }) => {
      const sql = sqlArg === '-' ? await readAll(io.stdin ?? process.stdin) : sqlArg;
      const json = wantsJson(program);
      if (opts.csv && json) throw usageError('Expected at most one of --csv and --json but received both');
      if (opts.out !== undefined && (opts.csv || json)) throw usageError(`Expected --out alone or --csv / --json (stdout) but received both`);
      const params = parseParams(opts.param);
      const { statements, rest } = splitStatements(sql);
      if (hasCode(rest)) statements.push(rest.trim());
      if (statements.length === 0) throw usageError(`Expected a SQL statement but received '${sql}'`);
      if (statements.length > 1 && (params !== undefined || opts.out !== undefined)) {
        throw usageError(`Expected one statement with ${params !== undefined ? '--param' : '--out'} but received ${statements.length}`);
      }
      const mode: OutputMode = opts.csv ? 'csv' : json ? 'json' : 'table';
      await withDatabase(location, async (db) => {
        const session = sessionOf(db);
        for (const statement of statements) {
          const outcome = await session.run(statement, params);
          if (opts.out !== undefined) {
            if (outcome.kind !== 'rows') throw new CliError(`Expected a statement that returns rows for --out but received '${statement}'`, CLI_CODES.NO_ROWS);
            const written = await writeResultFile(outcome.toTable(), opts.out);
            out(`wrote ${opts.out}: ${written.rows} ${written.rows === 1 ? 'row' : 'rows'} (${written.format})`);
          } else if (outcome.kind === 'rows') {
            printRows(outcome, mode, write);
          } else if (mode === 'json') {
            out(JSON.stringify({ ok: true, ...(outcome.changed === undefined ? {} : { changed: outcome.changed }) }));
          } else if (mode === 'table') {
            out(doneText(outcome));
          }
        }
      });
    });

  program.command('tables <database>').description('the tables, with their column counts').action(async (location: string) => {
    await withDatabase(location, async (db) => {
      const session = sessionOf(db);
      const tables = await Promise.all((await session.tables()).map(async (name) => ({ name, columns: (await session.schema(name)).names.length })));
      emit(tables, () => (tables.length === 0 ? '(no tables)' : renderTable(['table', 'columns'], tables.map((t) => [t.name, String(t.columns)]))));
    });
  });

  program.command('schema <database> <table>').description("a table's columns and types").action(async (location: string, table: string) => {
    await withDatabase(location, async (db) => {
      const schema = await sessionOf(db).schema(table);
      const columns = schema.names.map((name, i) => ({ name, type: typeName(schema.types[i]) }));
      emit({ table, columns }, () => renderTable(['column', 'type'], columns.map((c) => [c.name, c.type])));
    });
  });

  program.command('optimize <database> <table>').description("compact a table's small data files into larger ones (one commit; the old files stay until vacuum)")
    .option('--min-file-size <bytes>', 'compact the files smaller than this (default 64 MiB)', positiveInt('--min-file-size'))
    .action(async (location: string, table: string, opts: { minFileSize?: number }) => {
      const result = await optimizeTable(location, table, opts.minFileSize);
      emit({ table, ...result }, () => (result.version === undefined
        ? `optimize ${table}: nothing to compact`
        : `optimized ${table}: ${result.filesRemoved} files compacted into ${result.filesAdded} (version ${result.version})`));
    });

  program.command('vacuum <database> <table>').description('delete the data files of a table that no version within the retention period needs')
    .option('--retain-hours <hours>', 'keep the files versions of the last this many hours need, for time travel (0: only the latest)', nonNegative, 168)
    .option('--dry-run', 'only list what would be deleted')
    .action(async (location: string, table: string, opts: { retainHours: number; dryRun?: boolean }) => {
      const dryRun = opts.dryRun ?? false;
      const files = await vacuumTable(location, table, { retentionHours: opts.retainHours, dryRun });
      emit({ table, dryRun, files }, () => `vacuum ${table}: ${dryRun ? 'would delete' : 'deleted'} ${files.length} ${files.length === 1 ? 'file' : 'files'}${files.length ? ':\n' + files.map((f) => `  ${f}`).join('\n') : ''}`);
    });

  program.command('shell <database>').description("a SQL prompt: statements end with ';'; .help lists the dot-commands; reads a script from a pipe")
    .option('--history <file>', `where the prompt's history is kept (default ~/.trueno-db_history)`)
    .option('--no-history', 'keep no history')
    .option('--csv', 'print rows as CSV')
    .action(async (location: string, opts: { history: string | boolean; csv?: boolean }) => {
      const json = wantsJson(program);
      if (opts.csv && json) throw usageError('Expected at most one of --csv and --json but received both');
      const stdin = io.stdin ?? process.stdin;
      // a person at a keyboard gets the prompt, line editing and history, wherever the output goes
      const interactive = stdin.isTTY === true;
      const historyFile = opts.history === false ? undefined : typeof opts.history === 'string' ? opts.history : defaultHistoryFile();
      shellCode = await withDatabase(location, (db) => runShell(sessionOf(db), {
        input: stdin, output: io.stdout, errors: io.stderr, interactive, historyFile, mode: opts.csv ? 'csv' : json ? 'json' : 'table', exitCodeOf,
      }));
    });

  const code = await runProgram(program, argv, io, exitCodeOf, 'ERR_TRUENO_DB_INTERNAL');
  return code === EXIT.OK ? shellCode : code;
}

if (require.main === module) {
  // `trueno-db query ... | head` closes stdout early: stop quietly instead of reporting EPIPE as a crash
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
