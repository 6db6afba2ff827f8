/** Shared test helpers: the real data folder, a temp folder, and the baseline Python (pyarrow, duckdb). */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SHARED_DATA } from '../helpers/shared-data';

export const DATA = SHARED_DATA;
export const DATASETS = ['iris', 'wine', 'breast_cancer', 'digits', 'diabetes'];
export const PYTHON = process.env.SOVEREIGN_PYTHON ?? '/root/.cache/sovereign-baselines/bin/python';
export const HAS_PYTHON = existsSync(PYTHON);

if (!HAS_PYTHON) {
  console.warn(`alimentar interop tests: no Python with pyarrow at ${PYTHON}; the pyarrow checks are skipped`);
}

/** Runs a Python snippet (argv available as sys.argv[1:]) and parses its JSON output. */
export function python(code: string, ...args: string[]): unknown {
  return JSON.parse(execFileSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'alimentar-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The first difference between two lists of rows or values, as a short string, or undefined when equal. Used instead
 * of a deep toEqual on large data, whose failure diff would take minutes to print.
 */
export function firstDifference(a: unknown[], b: unknown[]): string | undefined {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  const show = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
  for (let i = 0; i < a.length; i++) {
    const x = show(a[i]);
    const y = show(b[i]);
    if (x !== y) return `item ${i}: ${x.slice(0, 300)} vs ${y.slice(0, 300)}`;
  }
  return undefined;
}
