/**
 * The package's `exports` as bundlers resolve them: with the condition sets Vite and webpack use for the web, every
 * browser subpath lands on dist/browser (the real ES modules), and with Node's on the Node builds. esbuild's resolver
 * applies the Node algorithm (first matching key in object order) that Vite, webpack's enhanced-resolve and Node share;
 * only the active conditions differ, which each case sets.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '../..');
const pkg = require(path.join(ROOT, 'package.json')) as { exports: Record<string, Record<string, string> | string> };
const BROWSER_SUBPATHS = Object.entries(pkg.exports).filter(([, t]) => typeof t === 'object' && t.browser).map(([s]) => s);

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

test('the browser, trueno, alimentar and aprender subpaths have a browser condition, before import and require', () => {
  expect(BROWSER_SUBPATHS).toEqual(['./trueno', './alimentar', './aprender']);
  for (const s of BROWSER_SUBPATHS) {
    const keys = Object.keys(pkg.exports[s] as object);
    expect(keys.indexOf('browser')).toBeLessThan(keys.indexOf('import'));
    expect(keys.indexOf('browser')).toBeLessThan(keys.indexOf('require'));
  }
});

test.each(BROWSER_SUBPATHS)('%s resolves to dist/browser with the conditions of Vite and webpack for the web', async (subpath) => {
  const want = `dist/browser/${subpath.slice(2)}.mjs`;
  // Vite (resolve.conditions for the client): import, module, browser, default (+ development|production)
  expect(await resolveWith(subpath, ['import', 'module', 'browser', 'default', 'production'])).toBe(want);
  // webpack 5, target web: browser, import, module, webpack, production (require-style for a require() call)
  expect(await resolveWith(subpath, ['browser', 'import', 'module', 'webpack', 'production'])).toBe(want);
  expect(await resolveWith(subpath, ['browser', 'require', 'module', 'webpack', 'production'], 'require-call')).toBe(want);
});

test.each(BROWSER_SUBPATHS)('%s still resolves to the Node builds under Node\'s conditions', async (subpath) => {
  const name = subpath.slice(2);
  expect(await resolveWith(subpath, ['node', 'import'])).toBe(`dist/esm/${name}.mjs`);
  expect(await resolveWith(subpath, ['node', 'require'], 'require-call')).toBe(`dist/cjs/${name}/index.js`);
  // Node itself, in a child process (jest's moduleNameMapper sends sovereign-ai/* to the sources in this process)
  const resolved = execFileSync(process.execPath, ['-p', `require.resolve('sovereign-ai/${name}')`], { cwd: ROOT, encoding: 'utf8' }).trim();
  expect(path.relative(ROOT, resolved)).toBe(`dist/cjs/${name}/index.js`);
});
