/**
 * sovereign-ai in headless Chromium (Debian's package, driven by playwright-core; nothing is downloaded): a page bundled
 * with esbuild from the package's browser entry runs trueno and alimentar (Parquet and Arrow IPC fetched from a local
 * server), and the trueno conformance suites run unchanged on the WASM SIMD128 and scalar builds with the tolerances
 * they state. Without Chromium the suite fails in CI and is skipped elsewhere, saying so.
 */
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { ArrowDataset } from '../../lib/alimentar';
import { GaussianNB, toBytes } from '../../lib/aprender';
import { SHARED_DATA } from '../helpers/shared-data';
import { digest } from './page/digest';
import { BROWSER_MODE, CHROMIUM, buildSite, removeSite, serve, type Site } from './site';

if (BROWSER_MODE === 'skip') console.warn(`browser tests SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH; in CI they fail instead)`);
const suite = BROWSER_MODE === 'skip' ? describe.skip : describe;

interface CaseResult { name: string; ok: boolean; error?: string }
const FEATURES = ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm'];

suite('in headless Chromium', () => {
  let browser: Browser;
  let site: Site;
  let dir: string;
  let appInputs: string[];
  let nodePredictions: number[];

  beforeAll(async () => {
    if (BROWSER_MODE === 'fail') throw new Error(`Expected Chromium at ${CHROMIUM} (CI is set: the browser suite must run): apt-get install chromium`);
    const built = await buildSite();
    dir = built.dir;
    appInputs = Object.keys(built.app.inputs);
    // the seed's browser example: a model fitted and saved here, loaded and run in the page
    const iris = await ArrowDataset.open(path.join(SHARED_DATA, 'iris.parquet'));
    const model = new GaussianNB().fit(iris.toMatrix(FEATURES), iris.toVector('target'));
    nodePredictions = Array.from(model.predict(iris.toMatrix(FEATURES)).data as ArrayLike<number>, Number);
    writeFileSync(path.join(dir, 'site', 'iris.apr'), toBytes(model));
    site = await serve(path.join(dir, 'site'), SHARED_DATA);
    const { chromium } = await import('playwright-core');
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (dir) removeSite(dir);
  });

  /** Opens a page and waits for what it reports on `window.__report`; page errors fail the test. */
  async function report<T>(url: string): Promise<T> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${site.url}/${url}`);
      await page.waitForFunction(() => (window as { __report?: unknown }).__report !== undefined, null, { timeout: 100_000 });
      const r = await page.evaluate(() => (window as { __report?: unknown }).__report);
      expect(errors).toEqual([]);
      return r as T;
    } finally {
      await page.close();
    }
  }

  let appReport: Promise<Record<string, any>> | undefined;
  /** The app page's report (the page runs once; two tests read it). */
  const app = () => (appReport ??= report<Record<string, any>>('app.html'));

  test('the browser entry bundles with no Node built-in and no polyfill', () => {
    expect(appInputs.some((f) => f.includes('dist/browser/'))).toBe(true);
    expect(appInputs.filter((f) => /^node:|node_modules\/(node-gyp-build|commander)\//.test(f))).toEqual([]);
    expect(appInputs.some((f) => f.includes('dist/cjs/'))).toBe(false);
  });

  test('an app page runs trueno and reads Parquet and Arrow IPC fetched from a server', async () => {
    const r = await app();
    expect(r.error).toBeUndefined();
    expect(r.beforeReady).toBe('TruenoError/ERR_TRUENO_NO_BACKEND');
    expect(r.badBuild).toBe('RangeError/ERR_TRUENO_RANGE');
    expect(r.badWasm).toBe('TypeError/ERR_TRUENO_TYPE');
    expect(r.info).toMatchObject({ backend: 'wasm', version: 'wasm-simd128', detectedIsa: 'simd128', isa: 'simd128', threads: 1 });
    expect(r.infoAfter.version).toBe('wasm-simd128');
    expect(r.matmul).toEqual([4, 5, 10, 11]);
    expect(r.sum).toBe(500);
    expect(r.workerInfo).toBe('wasm-simd128');
    expect(r.workerMatmul).toEqual({ shape: [120, 60], same: true });
    expect(r.workerSvd).toEqual([80]);
    expect(r.workerBadOp).toBe('TypeError/ERR_TRUENO_TYPE');
    expect(r.workerOpError).toMatch(/^(RangeError|TypeError|TruenoError)\/ERR_TRUENO_/);
    expect(r.workerAfterTerminate).toBe('TruenoError/ERR_TRUENO_WORKER');
    const want = digest((await ArrowDataset.open(path.join(SHARED_DATA, 'iris.parquet'))).toTable());
    expect(r.parquet).toEqual(want);
    expect(r.ipc).toEqual(digest((await ArrowDataset.open(path.join(SHARED_DATA, 'iris.arrow'))).toTable()));
    for (const format of ['parquet', 'ipc', 'csv', 'json', 'jsonl']) expect({ format, ...r.roundTrips[format] }).toEqual({ format, ...want });
    expect(r.fromFile).toEqual(want);
    expect(r.transformed).toBe(50);
    expect(r.loader).toEqual({ batches: Math.ceil(want.rows / 32), rows: want.rows });
    expect(r.missing).toBe('NotFoundError/ERR_ALIMENTAR_NOT_FOUND');
    expect(r.fileUrl).toBe('TypeError/ERR_ALIMENTAR_TYPE');
    expect(r.write).toBe('TypeError/ERR_ALIMENTAR_TYPE');
    expect(r.corrupt).toBe('ParquetError/ERR_ALIMENTAR_PARQUET');
  });

  test('an app page loads a model file with loadAsync and predicts as Node does; fits and saves to bytes', async () => {
    const r = await app();
    expect(r.error).toBeUndefined();
    expect(r.modelClass).toBe('GaussianNB');
    expect(nodePredictions).toHaveLength(150);
    expect(r.loadedPredictions).toEqual(nodePredictions);
    expect(r.urlPredictions).toEqual(nodePredictions);
    expect(r.pageFitPredictions).toEqual(nodePredictions);
    expect(r.pageModelReloads).toEqual(nodePredictions);
    expect(r.saveRefused).toBe('AprenderError/ERR_APRENDER_UNSUPPORTED');
    expect(r.badModel).toBe('ModelFileError/ERR_APRENDER_MODEL_FORMAT');
  });

  test('a page imports dist/browser/trueno.mjs unbundled, as a real ES module', async () => {
    expect(await report('native.html')).toEqual({ version: 'wasm-simd128', c: [2, 1, 4, 3] });
  });

  test.each(['simd128', 'scalar'])('the trueno conformance suites pass on the WASM %s build', async (build) => {
    const r = await report<{ info?: { version: string; detectedIsa: string }; results: CaseResult[]; error?: string }>(`conformance.html?build=${build}`);
    expect(r.error).toBeUndefined();
    expect(r.info).toMatchObject({ version: `wasm-${build}`, detectedIsa: build });
    // every case of both files (141 per ISA level: the simd128 build also runs its scalar level) - none lost in the shim
    expect(r.results.length).toBeGreaterThanOrEqual(build === 'simd128' ? 290 : 150);
    expect(r.results.filter((c) => !c.ok)).toEqual([]);
  });
});
