/**
 * The browser build's own sources (`*.browser.ts`, which use import.meta) are type-checked here: the CommonJS build
 * excludes them and esbuild, which emits them, does not check types.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

test('tsconfig.browser.json type-checks lib with the browser files', () => {
  const root = path.resolve(__dirname, '../..');
  const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.browser.json')], { cwd: root, encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});
