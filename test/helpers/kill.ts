/** Children to SIGKILL at a chosen point (see ./killable-writer.ts). */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** A killable writer that has reached its point: kill it, or leave it running (a write in flight). */
export interface HangingWriter {
  /** The child's pid. */
  pid: number;
  /** SIGKILLs the child and waits for it to be gone. */
  kill(): Promise<void>;
}

/**
 * Starts test/helpers/killable-writer.ts with `args` and resolves once it prints `ready` (it then hangs).
 * @param args - the mode and its arguments
 * @returns the hanging child
 * @throws Error with the child's stderr when it exits before reaching its point
 */
export function startHangingWriter(args: string[]): Promise<HangingWriter> {
  const child: ChildProcess = spawn(process.execPath, ['--require', path.join(ROOT, 'scripts/register-ts.js'), path.join(__dirname, 'killable-writer.ts'), ...args], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      if (!c.toString().includes('ready')) return;
      resolve({
        pid: child.pid!,
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
    child.once('exit', (code, signal) => reject(new Error(`killable writer ${args.join(' ')} exited (${code ?? signal}) before its point: ${stderr}`)));
  });
}

/**
 * Runs a writer script (TypeScript, through scripts/register-ts.js) that prints `ready` and then one line per write
 * whose promise resolved; SIGKILLs it `delayMs` after `ready` and returns the complete lines it printed (a torn last
 * line is a write that was not reported).
 * @param script - the writer's path
 * @param args - its arguments
 * @param delayMs - how long after `ready` the kill comes
 * @returns the reported lines, in order, without `ready`
 * @throws Error with the child's stderr when it exits before it is killed
 */
export function killAfterReady(script: string, args: string[], delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', path.join(ROOT, 'scripts/register-ts.js'), script, ...args], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killed = false;
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (!killed && out.includes('ready\n')) {
        killed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`${path.basename(script)} exited (${code}) before it was killed: ${err}`));
      resolve(out.split('\n').slice(0, -1).filter((l) => l !== 'ready'));
    });
  });
}
