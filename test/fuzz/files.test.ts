/**
 * Bounded file fuzz (issue 8): fixed-seed mutants of the shared datasets as CSV, Parquet, Arrow IPC, JSON and JSON
 * Lines, each opened whole, streamed, decoded on the Parquet worker pool and read by the CLI, in a supervised child
 * with a timeout and a memory cap. Every mutant must decode to a consistent result or fail with a coded error: no
 * crash, hang, memory blow-up, silent wrong result or broken module instance afterwards.
 *
 * Sized for CI; more by hand: `npm run fuzz -- --mutants 3000` (or SOVEREIGN_FUZZ_MUTANTS), one mutant again:
 * `npm run fuzz -- --only diabetes.arrow#121` (or SOVEREIGN_FUZZ_ONLY, comma-separated ids).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runFileFuzz, summarize } from './file-fuzz';
import type { FuzzFormat } from './mutate';
import { FAILURE_CLASSES } from './outcome';

const env = process.env;
const only = env.SOVEREIGN_FUZZ_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);

describe('file fuzz: mutated CSV, Parquet, Arrow IPC, JSON and JSON Lines through every reader', () => {
  it('decodes every mutant consistently or fails with a coded error, through whole, streaming, pool and CLI paths', async () => {
    expect(existsSync(path.resolve(__dirname, '../../dist/cjs/cli/alimentar.js'))).toBe(true); // `npm test` builds dist
    const dir = env.SOVEREIGN_FUZZ_DIR ?? mkdtempSync(path.join(tmpdir(), 'sovereign-fuzz-'));
    const report = await runFileFuzz({
      mutantsPerFormat: Number(env.SOVEREIGN_FUZZ_MUTANTS ?? 200),
      cliPerFormat: Number(env.SOVEREIGN_FUZZ_CLI ?? 10),
      only,
      maxKillsPerPath: Number(env.SOVEREIGN_FUZZ_MAX_KILLS ?? 5),
      formats: env.SOVEREIGN_FUZZ_FORMATS?.split(',') as FuzzFormat[] | undefined,
      dir,
      // generous: on a loaded 2-core machine one path over digits.csv took up to 4 s; a real hang never ends
      timeoutMs: Number(env.SOVEREIGN_FUZZ_TIMEOUT_MS ?? 10000),
      // the largest seed decodes in well under 100 MB: a mutant that grows memory hits these before the timeout
      heapMb: 256,
      rssCapMb: 1024,
    });
    const summary = summarize(report);
    console.log(summary);
    const failures = report.records.filter((r) => FAILURE_CLASSES.includes(r.outcome));
    // the run's folder (seeds, kept mutants) is for inspecting failures; a clean run leaves nothing behind
    if (failures.length === 0 && env.SOVEREIGN_FUZZ_DIR === undefined) rmSync(dir, { recursive: true, force: true });
    expect(failures.length === 0 ? 'no failures' : `${failures.length} failures (mutant files kept in ${dir}/failures):\n${summary}`).toBe('no failures');
  }, 40 * 60 * 1000);
});
