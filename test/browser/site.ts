/**
 * The browser suite's fixtures: the pages bundled with esbuild (no Node polyfills: platform browser, and a Node built-in
 * anywhere in the graph fails the build), a static server on 127.0.0.1 for them, the WASM files and the shared data,
 * and headless Chromium from Debian's package driven by playwright-core (no browser download).
 */
import { existsSync, mkdirSync, mkdtempSync, copyFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { isCi } from '../helpers/ci';

export const ROOT = path.resolve(__dirname, '../..');
/** The Chromium the suite drives: CHROMIUM_PATH, else Debian's. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/**
 * What the browser suite does.
 * @param env - the environment (`CI`)
 * @param hasChromium - whether the Chromium executable exists
 * @returns run: Chromium is here; fail: missing in CI (the suite must not pass having checked nothing); skip: missing
 *   elsewhere
 */
export function browserMode(env: NodeJS.ProcessEnv, hasChromium: boolean): 'run' | 'fail' | 'skip' {
  return hasChromium ? 'run' : isCi(env) ? 'fail' : 'skip';
}

/** This run's mode (see {@link browserMode}). */
export const BROWSER_MODE = browserMode(process.env, existsSync(CHROMIUM));

const { platformFiles } = require(path.join(ROOT, 'scripts/browser/platform-files.js')) as {
  platformFiles(o: { root: string }): esbuild.Plugin;
};

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.parquet': 'application/octet-stream', '.arrow': 'application/vnd.apache.arrow.file',
};

/** A folder served over HTTP on 127.0.0.1, /data/ mapped to the data folder and /pkg/ to dist/browser. */
export interface Site { dir: string; url: string; server: Server; close(): Promise<void> }

/**
 * Serves `dir` at /, `data` at /data/ and dist/browser at /pkg/ (GET only; 404 for anything else).
 * @param dir - the site
 * @param data - the data folder
 * @returns the running site
 */
export async function serve(dir: string, data: string): Promise<Site> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const rel = decodeURIComponent(url.pathname);
    // /data/: the datasets; /pkg/: the package's dist/browser as published, for a page that imports it unbundled
    const file = rel.startsWith('/data/') ? path.join(data, path.basename(rel))
      : rel.startsWith('/pkg/') ? path.join(ROOT, 'dist/browser', path.basename(rel))
      : path.join(dir, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
    if (req.method !== 'GET' || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { dir, url: `http://127.0.0.1:${port}`, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function page(title: string, script: string): string {
  return `<!doctype html><meta charset="utf-8"><title>${title}</title><pre id="out"></pre><script type="module" src="${script}"></script>\n`;
}

/**
 * Bundles the pages into a fresh folder (dist/browser must be built: `npm test` does it, or scripts/build-ts.js): app.js (imports the package by name, through
 * `exports` with the browser condition), conformance.js (the trueno conformance suites over lib's browser build) and
 * data.js (trueno-db's parity corpus and trueno-graph's algorithms over lib's browser build).
 * @returns the folder and the esbuild metafile of the app (its inputs: what the browser entry pulls in)
 */
export async function buildSite(): Promise<{ dir: string; app: esbuild.Metafile }> {
  if (!existsSync(path.join(ROOT, 'dist/browser/trueno.mjs'))) throw new Error('Expected dist/browser (the browser entry): run node scripts/build-ts.js first');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sovereign-browser-'));
  // the package as an app sees it: node_modules/sovereign-ai (a link to this checkout)
  const modules = path.join(dir, 'node_modules');
  mkdirSync(modules);
  symlinkSync(ROOT, path.join(modules, 'sovereign-ai'), 'dir');
  const site = path.join(dir, 'site');
  const common: esbuild.BuildOptions = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', logLevel: 'silent', metafile: true };
  const app = await esbuild.build({
    ...common,
    entryPoints: [path.join(__dirname, 'page/app.ts')],
    outfile: path.join(site, 'app.js'),
    nodePaths: [modules],
  });
  // pages over lib's sources, with the browser file swap dist/browser is built with
  for (const [name, entry] of [['conformance', 'conformance-page.ts'], ['data', 'data-page.ts']]) {
    await esbuild.build({
      ...common,
      entryPoints: [path.join(__dirname, 'page', entry)],
      outfile: path.join(site, `${name}.js`),
      plugins: [platformFiles({ root: ROOT })],
      define: { 'process.env.SOVEREIGN_TEST_BACKENDS': '"wasm"' },
    });
  }
  // an app bundled by esbuild serves the package's WASM files and worker script beside its bundle (Vite and webpack
  // copy what `new URL(..., import.meta.url)` names themselves)
  for (const f of readdirSync(path.join(ROOT, 'dist/browser')).filter((n) => n.endsWith('.wasm') || n === 'trueno-worker.mjs')) {
    copyFileSync(path.join(ROOT, 'dist/browser', f), path.join(site, f));
  }
  writeFileSync(path.join(site, 'app.html'), page('sovereign-ai app', 'app.js'));
  writeFileSync(path.join(site, 'conformance.html'), page('trueno conformance', 'conformance.js'));
  writeFileSync(path.join(site, 'data.html'), page('trueno-db and trueno-graph', 'data.js'));
  // no bundler at all: the browser imports dist/browser/trueno.mjs itself (trueno has no dependency to resolve)
  writeFileSync(path.join(site, 'native.html'), `<!doctype html><meta charset="utf-8"><title>unbundled</title><script type="module">
const t = await import('/pkg/trueno.mjs');
const info = await t.ready();
const c = t.matmul(t.Tensor.from([[1, 2], [3, 4]]), t.Tensor.from([[0, 1], [1, 0]]));
window.__report = { version: info.version, c: Array.from(c.data) };
</script>\n`);
  return { dir, app: app.metafile! };
}

/**
 * Removes a folder made by {@link buildSite}.
 * @param dir - the folder
 */
export function removeSite(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
