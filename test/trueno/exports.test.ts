/** The package exports: `sovereign-ai` and `sovereign-ai/trueno` load with require and import, and ship types. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, runNode } from '../helpers/child';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, string> | string> };

test.each(Object.entries(pkg.exports).filter(([, t]) => typeof t === 'object'))('%s works with require, import and has types', (subpath, target) => {
  const spec = subpath === '.' ? 'sovereign-ai' : `sovereign-ai${subpath.slice(1)}`;
  const cjs = runNode(`const m = require('${spec}'); console.log(Object.keys(m).length)`);
  expect(cjs.stderr).toBe('');
  expect(Number(cjs.stdout)).toBeGreaterThan(0);
  const esm = runNode(`import * as m from '${spec}'; console.log(Object.keys(m).length)`, {}, { esm: true });
  expect(esm.stderr).toBe('');
  expect(Number(esm.stdout)).toBe(Number(cjs.stdout) + 1); // the ESM namespace adds `default`
  const types = target as Record<string, string>;
  expect(fs.existsSync(path.join(repoRoot, types.types))).toBe(true);
});

test('import and require share one module instance (one backend choice)', () => {
  const r = runNode(
    `import { createRequire } from 'node:module'; import * as esm from 'sovereign-ai/trueno';
     const cjs = createRequire(import.meta.url)('sovereign-ai/trueno');
     console.log(esm.Tensor === cjs.Tensor && esm.matmul === cjs.matmul)`,
    {}, { esm: true },
  );
  expect(r.stdout.trim()).toBe('true');
});

test('an ESM consumer computes through the default entry', () => {
  const r = runNode(
    `import { trueno } from 'sovereign-ai'; const t = trueno.Tensor.from([[1, 2], [3, 4]]);
     console.log(JSON.stringify(trueno.matmul(t, t).toArray()))`,
    {}, { esm: true },
  );
  expect(JSON.parse(r.stdout)).toEqual([[7, 10], [15, 22]]);
});
