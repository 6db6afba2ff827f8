/**
 * The baseline Python (pyarrow, duckdb, numpy) for interop tests. Where it is required — in CI (`CI` set, as every CI
 * system does) or when `SOVEREIGN_PYTHON` names it (as .ci/run does) — a missing or broken one FAILS the interop
 * tests; elsewhere they are skipped, with a warning that says so. A silent skip in CI would pass a run that checked
 * nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { isCi } from './ci';

/** What the interop tests do: run, fail because the required Python is missing, or skip (outside CI). */
export type InteropMode = 'run' | 'fail' | 'skip';

/**
 * Decides the interop tests' mode.
 * @param env - the environment (`CI`, `SOVEREIGN_PYTHON`)
 * @param available - whether the Python imports pyarrow and duckdb
 * @returns run when available; fail when missing but required; skip otherwise
 */
export function interopMode(env: NodeJS.ProcessEnv, available: boolean): InteropMode {
  if (available) return 'run';
  return isCi(env) || (env.SOVEREIGN_PYTHON ?? '') !== '' ? 'fail' : 'skip';
}

/** The interpreter: SOVEREIGN_PYTHON, else the default baseline location. */
export const PYTHON = process.env.SOVEREIGN_PYTHON || '/root/.cache/sovereign-baselines/bin/python';

function probe(): { ok: boolean; why: string } {
  const r = spawnSync(PYTHON, ['-c', 'import pyarrow, duckdb'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) return { ok: false, why: r.error.message };
  return r.status === 0 ? { ok: true, why: '' } : { ok: false, why: (r.stderr || `exit status ${r.status}`).trim().split('\n').pop() ?? '' };
}

const found = probe();
/** True when the baseline Python runs and imports pyarrow and duckdb. */
export const HAS_PYTHON = found.ok;
/** This run's mode (see {@link interopMode}). */
export const INTEROP_MODE = interopMode(process.env, HAS_PYTHON);
const MISSING = `the baseline Python (pyarrow, duckdb) at ${PYTHON} is not usable: ${found.why}`;

if (INTEROP_MODE === 'skip') console.warn(`interop tests SKIPPED: ${MISSING} (set SOVEREIGN_PYTHON; in CI they fail instead)`);

/** `it` for an interop test: runs it, or (required but missing) runs it so it fails, or skips it outside CI. */
export const interopIt: jest.It = INTEROP_MODE === 'skip' ? it.skip : it;

/**
 * Runs a Python snippet (argv available as sys.argv[1:]) and parses its JSON output.
 * @throws Error naming the interpreter when the baseline Python is missing (so a required interop test fails clearly)
 */
export function python(code: string, ...args: string[]): unknown {
  if (!HAS_PYTHON) throw new Error(`Expected ${MISSING} (required: CI or SOVEREIGN_PYTHON is set)`);
  return JSON.parse(execFileSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}
