/** Shared test helpers: the real data folder and a temp folder (the baseline Python: test/helpers/baseline-python). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SHARED_DATA } from '../helpers/shared-data';

export const DATA = SHARED_DATA;
export const DATASETS = ['iris', 'wine', 'breast_cancer', 'digits', 'diabetes'];
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
