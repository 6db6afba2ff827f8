/** The `sovereign-ai/realizar` subpath export and the `realizar` bin, from the build (`npm test` builds dist). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, runNode } from '../helpers/child';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

test('package.json exports ./realizar (types, import, require) and the realizar bin', () => {
  expect(pkg.exports['./realizar']).toEqual({
    types: './dist/cjs/realizar/index.d.ts', import: './dist/esm/realizar.mjs', require: './dist/cjs/realizar/index.js',
  });
  expect(pkg.bin.realizar).toBe('dist/cjs/cli/realizar.js');
  for (const f of Object.values(pkg.exports['./realizar']) as string[]) expect(existsSync(path.join(repoRoot, f))).toBe(true);
});

test('import and require reach the same serve, which answers on port 0', () => {
  const code = `
    import { serve } from 'sovereign-ai/realizar';
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const cjs = require('sovereign-ai/realizar');
    const { LinearRegression } = require('sovereign-ai/aprender');
    const server = await serve(new LinearRegression().fit([[0], [1], [2]], [1, 3, 5]), '127.0.0.1:0');
    const r = await fetch(server.url + '/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"instances": [[3]]}' });
    console.log(JSON.stringify({ same: cjs.serve === serve, body: await r.json() }));
    await server.close();`;
  const r = runNode(code, {}, { esm: true });
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout);
  expect(out.same).toBe(true);
  expect(out.body.predictions[0]).toBeCloseTo(7, 9);
});
