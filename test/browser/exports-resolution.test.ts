/**
 * The package's `exports` as bundlers resolve them: with the condition sets Vite and webpack use for the web, every
 * browser subpath (the root included) lands on dist/browser (the real ES modules), and with Node's on the Node builds. esbuild's resolver
 * applies the Node algorithm (first matching key in object order) that Vite, webpack's enhanced-resolve and Node share;
 * only the active conditions differ, which each case sets.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '../..');
const pkg = require(path.join(ROOT, 'package.json')) as { exports: Record<string, Record<string, string> | string> };
const BROWSER_SUBPATHS = Object.entries(pkg.exports).filter(([, t]) => typeof t === 'object' && t.browser).map(([s]) => s);
/** The file name of a subpath's builds: `index` for the root. */
const fileName = (subpath: string) => (subpath === '.' ? 'index' : subpath.slice(2));

/** Where `sovereign-ai<subpath>` resolves under the given conditions (esbuild's resolver, from inside the package). */
async function resolveWith(subpath: string, conditions: string[], kind: 'import-statement' | 'require-call' = 'import-statement'): Promise<string> {
  let found = '';
  const spec = `sovereign-ai${subpath.slice(1)}`;
  await esbuild.build({
    stdin: { contents: kind === 'require-call' ? `require('${spec}')` : `import '${spec}';`, resolveDir: ROOT },
    bundle: true, write: false, platform: 'neutral', conditions, logLevel: 'silent', mainFields: ['module', 'main'],
    plugins: [{
      name: 'record',
      setup(build) {
        build.onResolve({ filter: /^sovereign-ai/ }, async (args) => {
          if (args.pluginData === 'inner') return undefined;
          const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'inner' });
          found = path.relative(ROOT, r.path);
          return { path: args.path, external: true };
        });
      },
    }],
  });
  return found;
}

test('every subpath but realizar (a server) has a browser condition, first, with its own types', () => {
  expect(BROWSER_SUBPATHS).toEqual(['.', './trueno', './alimentar', './aprender', './trueno-db', './trueno-graph']);
  expect(Object.keys(pkg.exports)).toContain('./realizar');
  for (const s of BROWSER_SUBPATHS) {
    const target = pkg.exports[s] as unknown as Record<string, unknown>;
    // first: TypeScript (with customConditions ['browser']) and bundlers take the first key that matches
    expect(Object.keys(target)[0]).toBe('browser');
    const name = fileName(s);
    expect(target.browser).toEqual({ types: `./dist/browser/types/${s === '.' ? '' : `${name}/`}index.browser.d.ts`, default: `./dist/browser/${name}.mjs` });
    expect(existsSync(path.join(ROOT, (target.browser as { types: string }).types))).toBe(true);
  }
});

test.each(BROWSER_SUBPATHS)('%s resolves to dist/browser with the conditions of Vite and webpack for the web', async (subpath) => {
  const want = `dist/browser/${fileName(subpath)}.mjs`;
  // Vite (resolve.conditions for the client): import, module, browser, default (+ development|production)
  expect(await resolveWith(subpath, ['import', 'module', 'browser', 'default', 'production'])).toBe(want);
  // webpack 5, target web: browser, import, module, webpack, production (require-style for a require() call)
  expect(await resolveWith(subpath, ['browser', 'import', 'module', 'webpack', 'production'])).toBe(want);
  expect(await resolveWith(subpath, ['browser', 'require', 'module', 'webpack', 'production'], 'require-call')).toBe(want);
});

test.each(BROWSER_SUBPATHS)('%s still resolves to the Node builds under Node\'s conditions', async (subpath) => {
  const name = fileName(subpath);
  const cjs = subpath === '.' ? 'dist/cjs/index.js' : `dist/cjs/${name}/index.js`;
  expect(await resolveWith(subpath, ['node', 'import'])).toBe(`dist/esm/${name}.mjs`);
  expect(await resolveWith(subpath, ['node', 'require'], 'require-call')).toBe(cjs);
  // Node itself, in a child process (jest's moduleNameMapper sends sovereign-ai/* to the sources in this process)
  const resolved = execFileSync(process.execPath, ['-p', `require.resolve('sovereign-ai${subpath.slice(1)}')`], { cwd: ROOT, encoding: 'utf8' }).trim();
  expect(path.relative(ROOT, resolved)).toBe(cjs);
});
