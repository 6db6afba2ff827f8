/**
 * The build's bins: every package.json `bin` is built into dist, starts with a node shebang and is executable, so
 * `npm link`, `npx` and a plain `./dist/cjs/cli/<bin>.js` all run it (tsc alone writes 0644 files). Runs against the
 * build `npm test` makes first.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };

describe('build-ts: package.json bins', () => {
  test('the package has the alimentar and aprender bins', () => {
    expect(Object.keys(pkg.bin).sort()).toEqual(expect.arrayContaining(['alimentar', 'aprender']));
  });

  test('every program built into dist/cjs/cli is a package.json bin (so build-ts marks it executable)', () => {
    const built = readdirSync(path.join(ROOT, 'dist/cjs/cli')).filter((f) => f.endsWith('.js')).map((f) => `dist/cjs/cli/${f}`);
    expect(built.sort()).toEqual(Object.values(pkg.bin).sort());
  });

  test.each(Object.entries(pkg.bin))('%s is built, starts with a node shebang, is executable and prints the version', (name, file) => {
    const bin = path.join(ROOT, file);
    expect(existsSync(bin)).toBe(true); // `npm test` builds dist
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(bin).mode & 0o111).toBe(0o111);
    expect(() => accessSync(bin, constants.X_OK)).not.toThrow();
    const run = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect({ name, status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ name, status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});
