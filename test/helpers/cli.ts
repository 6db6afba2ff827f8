/** Runs command-line programs in child processes for the CLI tests, and checks usage errors in-process. */
import { spawn } from 'node:child_process';
import { CommanderError } from 'commander';

/** What a finished child printed and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How to run one child. */
export interface CliOptions {
  /** Working folder. */
  cwd: string;
  /** Extra environment; the child otherwise gets only PATH and HOME (home defaults to this process's). */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed; without it stdin is ignored. */
  input?: string;
}

/**
 * Runs `command` (a program and its arguments) with a minimal environment; stdout and stderr are pipes (not TTYs).
 * @param command - the executable and its arguments, e.g. [process.execPath, bin, ...args]
 * @param options - see {@link CliOptions}
 * @returns the exit code and the captured output
 */
export function runCli(command: string[], options: CliOptions): Promise<CliRun> {
  const [file, ...args] = command;
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env };
  const stdin = options.input === undefined ? 'ignore' : 'pipe';
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: options.cwd, env, stdio: [stdin, 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c) => (stdout += c));
    child.stderr!.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

/**
 * Calls `fn`, expects it to throw a commander usage error (exit code 1) and returns its message.
 * @param fn - the call that should fail
 * @returns the error's message
 */
export function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CommanderError);
    expect((e as CommanderError).exitCode).toBe(1);
    return (e as Error).message;
  }
  throw new Error('expected a usage error');
}
