/** Runs node code in a child process (a fresh module state and environment) and returns its output. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `code` with `node -e` (or as ESM when `esm`) in `cwd` (default the repo root), with extra env variables and node flags. */
export function runNode(
  code: string, env: Record<string, string | undefined> = {}, options: { esm?: boolean; cwd?: string; nodeArgs?: string[] } = {},
): ChildResult {
  const args = [...(options.nodeArgs ?? []), ...(options.esm ? ['--input-type=module', '-e', code] : ['-e', code])];
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  const r = spawnSync(process.execPath, args, { cwd: options.cwd ?? repoRoot, env: merged, encoding: 'utf8', timeout: 120000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs code that prints one JSON value and parses it; throws with stderr when the child fails. */
export function nodeJson<T>(code: string, env: Record<string, string | undefined> = {}, cwd?: string): T {
  const r = runNode(code, env, { cwd });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
