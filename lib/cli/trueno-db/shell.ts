/**
 * `trueno-db shell`: a SQL prompt on node:readline. A statement may span lines and ends at a `;` (outside quotes and
 * comments); a line starting with `.` between statements is a dot-command (.help, .tables, .schema, .mode, .timer,
 * .quit). An error is printed and the shell goes on. On a terminal the lines typed are kept in a history file and
 * recalled with the arrow keys; from a pipe (`trueno-db shell db < script.sql`) there is no prompt, the statements
 * run in order, and the exit code is that of the first statement that failed (0 when none did).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { CommanderError } from 'commander';
import { EXIT } from '../shared/exit-codes';
import { renderTable } from '../../common/format';
import { usageError } from '../shared/program';
import { doneText, printRows, type OutputMode } from './output';
import type { Session } from './session';
import { hasCode, splitStatements } from './statements';
import { typeName } from '../../trueno-db/column/sql-types';

/** Lines of history kept. */
export const HISTORY_SIZE = 1000;

const PROMPT = 'trueno-db> ';
const CONTINUE = '      ...> ';

/** Where the shell reads and writes, and how. */
export interface ShellOptions {
  /** The lines typed or piped in. */
  input: NodeJS.ReadableStream;
  /** Results (and, on a terminal, the prompt and the echo). */
  output: NodeJS.WritableStream;
  /** Error messages. */
  errors: NodeJS.WritableStream;
  /** A person at a terminal: prompt, line editing, history; else a script read from a pipe. */
  interactive: boolean;
  /** The history file (interactive only; undefined: no history kept). */
  historyFile?: string;
  /** The output mode to start in (default table). */
  mode?: OutputMode;
  /** The exit code of an error (for a script's exit code). */
  exitCodeOf: (err: unknown) => number;
}

const HELP = `Statements end with ';' and may span lines. Dot-commands (at the start of a line):
  .help                 this text
  .tables               the tables
  .schema [table]       the columns of a table (of every table without one)
  .mode table|csv|json  how rows are printed
  .timer on|off         print each statement's run time
  .quit, .exit          leave the shell (so does Ctrl-D)`;

/**
 * The history lines in a file, newest first (readline's order), or none when there is no file yet.
 * @param file - the history file
 * @returns up to {@link HISTORY_SIZE} lines
 */
export function readHistory(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((l) => l.trim() !== '').slice(-HISTORY_SIZE).reverse();
}

/**
 * Writes history lines (newest first, as readline keeps them) oldest first, one per line.
 * @param file - the history file
 * @param lines - readline's history
 */
export function writeHistory(file: string, lines: readonly string[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, lines.slice(0, HISTORY_SIZE).reverse().map((l) => l + '\n').join(''), { mode: 0o600 });
}

function errorLine(err: unknown): string {
  const e = (err instanceof Error ? err : new Error(String(err))) as Error & { code?: unknown };
  const code = typeof e.code === 'string' && !(err instanceof CommanderError) ? ` (${e.code})` : '';
  return `Error: ${e.message}${code}\n`;
}

/** The event of a Ctrl-C in {@link shellEvents}. */
const SIGINT = Symbol('SIGINT');

/** Lines queued before the shell stops reading its input, so a long script never sits in memory whole. */
const QUEUE_HIGH = 1024;

/**
 * The lines read and the Ctrl-Cs typed, in the order they came: a Ctrl-C typed while a statement runs then drops
 * only what was typed before it. Reading pauses while many lines wait.
 * @param rl - the readline interface
 * @returns the events, until the input ends or the interface is closed
 */
async function* shellEvents(rl: Interface): AsyncGenerator<string | typeof SIGINT> {
  const queue: (string | typeof SIGINT)[] = [];
  let closed = false;
  // resume only what this function paused: a closed interface (Ctrl-D) must stay paused, or stdin keeps the process alive
  let paused = false;
  let wake: (() => void) | undefined;
  const push = (event: string | typeof SIGINT) => {
    queue.push(event);
    if (queue.length >= QUEUE_HIGH && !paused && !closed) {
      paused = true;
      rl.pause();
    }
    wake?.();
  };
  rl.on('line', push);
  rl.on('SIGINT', () => push(SIGINT));
  rl.on('close', () => {
    closed = true;
    wake?.();
  });
  for (;;) {
    if (queue.length > 0) {
      const event = queue.shift()!;
      if (queue.length === 0 && paused && !closed) {
        paused = false;
        rl.resume();
      }
      yield event;
    } else if (closed) {
      return;
    } else {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  }
}

/**
 * Runs the shell until `.quit`, Ctrl-D or the end of the input.
 * @param session - the open database
 * @param options - streams, terminal or script, history file, output mode
 * @returns the exit code: 0, or for a script the exit code of the first statement that failed
 * @example process.exitCode = await runShell(session, { input: process.stdin, output: process.stdout, errors: process.stderr, interactive: false, exitCodeOf });
 */
export async function runShell(session: Session, options: ShellOptions): Promise<number> {
  const { output, errors, interactive } = options;
  const write = (text: string) => output.write(text);
  let mode: OutputMode = options.mode ?? 'table';
  let timer = false;
  let status: number = EXIT.OK;
  const historyFile = interactive ? options.historyFile : undefined;
  const rl = createInterface({
    input: options.input,
    output: interactive ? output : undefined,
    terminal: interactive,
    history: historyFile === undefined ? [] : readHistory(historyFile),
    historySize: historyFile === undefined ? 0 : HISTORY_SIZE,
    removeHistoryDuplicates: true,
    prompt: PROMPT,
  });
  let history: string[] = [];
  rl.on('history', (lines: string[]) => (history = lines));
  let buffer = '';
  // after Ctrl-D the lines typed before it still run, but a prompt would resume the closed input (and keep the
  // process alive on a terminal)
  let inputClosed = false;
  rl.on('close', () => (inputClosed = true));
  const prompt = () => {
    if (!interactive || inputClosed) return;
    rl.setPrompt(buffer === '' ? PROMPT : CONTINUE);
    rl.prompt();
  };
  const failed = (err: unknown) => {
    errors.write(errorLine(err));
    if (status === EXIT.OK) status = err instanceof CommanderError ? err.exitCode : options.exitCodeOf(err);
  };

  const runStatement = async (sql: string) => {
    const started = process.hrtime.bigint();
    try {
      const outcome = await session.run(sql);
      if (outcome.kind === 'rows') printRows(outcome, mode, write);
      else if (mode === 'table') write(doneText(outcome) + '\n');
    } catch (err) {
      failed(err);
    }
    if (timer) write(`Run time: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(3)} s\n`);
  };

  /** Runs a dot-command; false to leave the shell. */
  const dotCommand = async (line: string): Promise<boolean> => {
    const [command, ...args] = line.trim().split(/\s+/);
    try {
      switch (command) {
        case '.quit':
        case '.exit':
          return false;
        case '.help':
          write(HELP + '\n');
          break;
        case '.tables': {
          const names = await session.tables();
          write(names.length === 0 ? '(no tables)\n' : names.join('\n') + '\n');
          break;
        }
        case '.schema': {
          const names = args.length > 0 ? args : await session.tables();
          for (const name of names) {
            const schema = await session.schema(name);
            write(`${name}\n${renderTable(['column', 'type'], schema.names.map((n, i) => [n, typeName(schema.types[i])]))}\n`);
          }
          if (names.length === 0) write('(no tables)\n');
          break;
        }
        case '.mode':
          if (args.length !== 1 || !['table', 'csv', 'json'].includes(args[0])) throw usageError(`Expected .mode table, csv or json but received '${line.trim()}'`);
          mode = args[0] as OutputMode;
          break;
        case '.timer':
          if (args.length !== 1 || !['on', 'off'].includes(args[0])) throw usageError(`Expected .timer on or off but received '${line.trim()}'`);
          timer = args[0] === 'on';
          break;
        default:
          throw usageError(`Expected a dot-command (.help lists them) but received '${command}'`);
      }
    } catch (err) {
      failed(err);
    }
    return true;
  };

  if (interactive) write(`trueno-db shell: end statements with ';'; .help for commands, .quit to leave\n`);
  prompt();
  let quit = false;
  for await (const event of shellEvents(rl)) {
    if (event === SIGINT) {
      // Ctrl-C drops the statement being typed (or says how to leave), as psql does, instead of ending the shell
      write(buffer === '' ? '\n(.quit or Ctrl-D to leave)\n' : '\n');
      buffer = '';
    } else if (buffer === '' && event.trimStart().startsWith('.')) {
      if (!(await dotCommand(event))) {
        quit = true;
        break;
      }
    } else {
      buffer += event + '\n';
      const { statements, rest } = splitStatements(buffer);
      buffer = hasCode(rest) ? rest : '';
      for (const statement of statements) await runStatement(statement);
    }
    prompt();
  }
  // a script's last statement may lack its ';'
  if (!quit && hasCode(buffer)) await runStatement(buffer.trim());
  rl.close();
  if (historyFile !== undefined) {
    try {
      writeHistory(historyFile, history);
    } catch (err) {
      errors.write(`trueno-db: could not save the history to ${historyFile}: ${(err as Error).message}\n`);
    }
  }
  return interactive ? EXIT.OK : status;
}
