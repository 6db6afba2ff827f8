/**
 * What the command-line programs share around their commands: the commander setup (global `--json`, `--version`,
 * exit codes in `--help`, output to the given streams) and one place that turns whatever a command throws into one
 * line on stderr (a JSON object with `--json`) and an exit code. Only an internal error (a bug) prints a stack.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../trueno/backend/loader';
import { EXIT } from './exit-codes';

/** Where a program writes; tests and embedders can pass their own. */
export interface CliIo {
  /** Results. */
  stdout: NodeJS.WritableStream;
  /** Errors and progress. */
  stderr: NodeJS.WriteStream;
}

/** The code of the CommanderErrors that {@link usageError} makes: printed as one line, exit code 1. */
const USAGE = 'cli.usage';

/**
 * An error for a bad command-line value, found while parsing or running a command (exit code 1).
 * @param message - "Expected X for Y but received Z"
 * @returns the error, to throw
 * @example throw usageError(`Expected a positive integer for --cv but received '${value}'`);
 */
export function usageError(message: string): CommanderError {
  return new CommanderError(EXIT.USAGE, USAGE, message);
}

/** The package's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * A program with the shared setup: `--json`, the exit codes after `--help`, commander's own output and errors to `io`,
 * and no process.exit (run it with {@link runProgram}, which also answers `--version`).
 * @param name - the program's name
 * @param description - one line for `--help`
 * @param exitCodesHelp - the "Exit codes:" block
 * @param io - where to write
 * @returns the program, to add commands to
 */
export function createProgram(name: string, description: string, exitCodesHelp: string, io: CliIo): Command {
  const program: Command = new Command(name)
    .description(description)
    .option('--json', 'print results as JSON (errors too, on stderr)')
    .addHelpText('after', `\n${name} --version (or -V) prints the version.\n\n${exitCodesHelp}`)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // with --json, runProgram reports commander's parse errors as JSON instead
      outputError: (s, write) => {
        if (!wantsJson(program)) write(s);
      },
    })
    .showHelpAfterError(false);
  return program;
}

/** One line of JSON for an error on stderr. */
function jsonError(code: string, message: string, exitCode: number): string {
  return JSON.stringify({ error: { code, message, exitCode } }) + '\n';
}

/**
 * Whether `--json` was given (anywhere on the command line).
 * @param program - the program
 * @returns true for JSON output
 */
export function wantsJson(program: Command): boolean {
  return (program.opts() as { json?: boolean }).json === true;
}

/**
 * Parses and runs the command line; turns an error into one line on stderr and an exit code.
 * @param program - from {@link createProgram}, with its commands
 * @param argv - the arguments after the program's name
 * @param io - where to write errors
 * @param exitCodeOf - the exit code of an error (by its `.code`)
 * @param internalCode - the `.code` reported for an error without one (a bug)
 * @returns the exit code
 */
export async function runProgram(program: Command, argv: string[], io: CliIo, exitCodeOf: (err: unknown) => number, internalCode: string): Promise<number> {
  const name = program.name();
  // Only as the first argument: commander's own version option would take `--version` anywhere, and commands have
  // options of that name (alimentar registry push --version v2).
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.OK;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT.OK;
      // commander printed its own parse errors already unless --json; ours (usageError) are printed here
      if (wantsJson(program)) io.stderr.write(jsonError('ERR_USAGE', err.message.replace(/^error: /, ''), EXIT.USAGE));
      else if (err.code === USAGE) io.stderr.write(`${name}: ${err.message}\n`);
      return EXIT.USAGE;
    }
    const code = exitCodeOf(err);
    const e = (err instanceof Error ? err : new Error(String(err))) as Error & { code?: string };
    if (wantsJson(program)) io.stderr.write(jsonError(e.code ?? internalCode, e.message, code));
    else io.stderr.write(`${name}: ${e.message}${e.code ? ` (${e.code})` : ''}\n${code === EXIT.INTERNAL ? `${e.stack ?? ''}\n` : ''}`);
    return code;
  }
}
