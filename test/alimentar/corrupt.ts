/**
 * Deterministic corrupt files for the reader regression tests (made from the shared real data at test time, so no
 * binary fixture is committed) and a supervised child process for cases that used to hang or crash the process.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { StreamingDataset } from '../../lib/alimentar';
import { DATA } from './helpers';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Writes a copy of a shared data file with some bytes changed or cut out.
 * @param name - the shared file, e.g. 'iris.parquet'
 * @param out - where to write the mutant
 * @param edit - changes the bytes (a copy) and returns the mutant
 * @returns out
 */
export function mutant(name: string, out: string, edit: (bytes: Buffer) => Buffer): string {
  writeFileSync(out, edit(Buffer.from(readFileSync(path.join(DATA, name)))));
  return out;
}

/**
 * Reads a file batch by batch through StreamingDataset.
 * @param file - the file
 * @returns its rows
 */
export async function streamRows(file: string): Promise<number> {
  const sd = await StreamingDataset.open(file);
  let rows = 0;
  for await (const b of sd.batches()) rows += b.numRows;
  sd.close();
  return rows;
}

/** XORs `count` bytes from `at` with `mask`. */
export function flip(at: number, count: number, mask = 0x5a): (b: Buffer) => Buffer {
  return (b) => {
    for (let i = 0; i < count; i++) b[at + i] ^= mask;
    return b;
  };
}

/** Deletes `count` bytes from `at`. */
export function cut(at: number, count: number): (b: Buffer) => Buffer {
  return (b) => Buffer.concat([b.subarray(0, at), b.subarray(at + count)]);
}

/** What a supervised child printed and how it ended. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs TypeScript (or, with `module`, an ES module) in a child process with a time limit and a heap cap, so a hang or
 * an unbounded allocation fails the test instead of the test run.
 * @param code - the program; `require` (in an ES module: `createRequire`) of lib/ TypeScript files works through
 *   scripts/register-ts.js
 * @param options - args for the program, timeout (default 20 s), module: run as an ES module
 * @returns the outcome
 */
export function runChild(code: string, options: { args?: string[]; timeoutMs?: number; module?: boolean } = {}): Promise<ChildRun> {
  const argv = ['--max-old-space-size=512', '--require', path.join(ROOT, 'scripts/register-ts.js'), ...(options.module ? ['--input-type=module'] : []), '-e', code, '--', ...(options.args ?? [])];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 20_000);
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** The repository root, for child programs that require lib/ files. */
export const REPO = ROOT;
