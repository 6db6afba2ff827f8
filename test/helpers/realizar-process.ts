/**
 * The `realizar` command in a child process (run from the TypeScript sources, as the other CLI tests do), for the
 * tests that need a server of their own: the soak (its memory is the child's alone) and the worker kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** A running `realizar serve`. */
export interface RealizarProcess {
  /** Where it listens, from its startup lines. */
  url: string;
  /** The process started (the cluster's primary when it runs workers). */
  child: ChildProcess;
  /** What it printed so far. */
  output(): string;
  /** SIGTERMs it (SIGKILL after 10 s) and resolves with its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `realizar serve <args>` and resolves once it prints the URL it listens on.
 * @param args - the arguments after `serve` (model file, --port 0, --workers...)
 * @param cwd - its working folder
 * @returns the running server
 * @throws Error with its output when it exits before listening or takes over 60 s to
 */
export function startRealizar(args: string[], cwd: string): Promise<RealizarProcess> {
  const child = spawn(process.execPath, ['--require', path.join(ROOT, 'scripts/register-ts.js'), path.join(ROOT, 'lib/cli/realizar.ts'), 'serve', ...args], {
    cwd, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`realizar did not say where it listens within 60 s:\n${out}`));
    }, 60_000);
    const onData = () => {
      const m = /(http:\/\/[\w.[\]:-]+:\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({ url: m[1], child, output: () => out, stop });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`realizar exited (${code}) before listening:\n${out}`));
    });
  });
}

/**
 * The live children of a process (Linux: from /proc), e.g. a cluster primary's workers.
 * @param pid - the parent
 * @returns the children's pids
 */
export function childPids(pid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the name (field 2) may hold spaces, so split after its ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid && fields[0] !== 'Z') pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}
