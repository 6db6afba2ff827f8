/**
 * sovereign-ai in headless Chromium (Debian's package, driven by playwright-core; nothing is downloaded): a page bundled
 * with esbuild from the package's browser entry runs trueno and alimentar (Parquet and Arrow IPC fetched from a local
 * server), aprender, trueno-db and trueno-graph; the trueno conformance suites run unchanged on the WASM SIMD128 and
 * scalar builds with the tolerances they state; trueno-db's parity corpus and trueno-graph's algorithms run in a page
 * and answer as Node does. Without Chromium the suite fails in CI and is skipped elsewhere, saying so.
 */
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { tableFromArrays } from 'apache-arrow';
import { ArrowDataset } from '../../lib/alimentar';
import { GaussianNB, toBytes } from '../../lib/aprender';
import { Database } from '../../lib/trueno-db';
import type { Tensor } from '../../lib/trueno/tensor';
import { compareRows, hasTopLevelOrderBy } from '../trueno-db/parity/compare';
import { dbWork, FILE_QUERIES, PAGE_CORPUS, type Answer } from './page/db-work';
import { graphWork } from './page/graph-work';
import { decode, encode } from './page/wire';
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
    nodePredictions = Array.from((model.predict(iris.toMatrix(FEATURES)) as Tensor).data as ArrayLike<number>, Number);
    writeFileSync(path.join(dir, 'site', 'iris.apr'), toBytes(model));
    // an edge list another tool could have written, for Graph.readEdgeList(url) in the page
    const edges = tableFromArrays({ src: Int32Array.of(0, 1, 2, 2, 3, 4), dst: Int32Array.of(1, 2, 0, 3, 4, 2), weight: Float64Array.of(1, 2, 0.5, 4, 1.5, 3) });
    writeFileSync(path.join(dir, 'site', 'edges.parquet'), ArrowDataset.fromTable(edges).toBytes('parquet'));
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

  test('an app page queries fetched data with trueno-db and builds graphs; on-disk parts are absent; the root entry has every browser part', async () => {
    const r = await app();
    expect(r.error).toBeUndefined();
    const db = new Database({ workers: false });
    await db.insertBatch('iris', await ArrowDataset.open(path.join(SHARED_DATA, 'iris.parquet')));
    expect(r.dbMeans).toEqual((await db.query('SELECT target, avg(petal_length_cm) AS m, count(*) AS n FROM iris GROUP BY target ORDER BY target')).rows());
    await db.close();
    expect(r.dbMatrix).toEqual([50, 2]);
    expect(r.dbFile).toBe('UnsupportedSqlError/ERR_TRUENO_DB_UNSUPPORTED');
    expect(r.dbAbsent).toEqual(['undefined', 'undefined']);
    expect(r.graphScc).toBe(2);
    expect(r.graphAbsent).toEqual(['undefined', 'undefined']);
    expect(r.rootParts).toEqual(['alimentar', 'aprender', 'trueno', 'truenoDb', 'truenoGraph']);
    expect(r.rootSameTrueno).toBe(true);
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

  let dataReport: Promise<Record<string, any>> | undefined;
  /** The data page's report (trueno-db and trueno-graph; the page runs once, two tests read it). */
  const data = () => (dataReport ??= report<string>('data.html').then((text) => decode(text) as Record<string, any>));

  test('trueno-db in a page answers the parity corpus as Node does, and refuses file sources', async () => {
    const r = await data();
    expect(r.error).toBeUndefined();
    expect(r.backend).toBe('wasm-simd128');
    const node = await dbWork('/no-such-folder');
    const page = r.db as typeof node;
    expect(Object.keys(page.corpus)).toEqual(PAGE_CORPUS.map((q) => q.id));
    const differ: string[] = [];
    for (const q of PAGE_CORPUS) {
      const [want, got] = [node.corpus[q.id], page.corpus[q.id]] as Answer[];
      if ('error' in want || 'error' in got) {
        if (JSON.stringify(want) !== JSON.stringify(got)) differ.push(`${q.id}: Node ${JSON.stringify(want)}, page ${JSON.stringify(got)}`);
        continue;
      }
      const ordered = hasTopLevelOrderBy(q.sql);
      const diff = got.width !== want.width ? `width ${want.width} vs ${got.width}` : compareRows(want.rows, got.rows, ordered)
        ?? (got.asyncRows === undefined ? undefined : compareRows(want.rows, got.asyncRows, ordered));
      if (diff !== undefined) differ.push(`${q.id}: ${diff.split('\n')[0]}`);
    }
    expect(differ).toEqual([]);
    // the page answered the corpus (not only refusals): most queries give rows
    expect(Object.values(page.corpus).filter((a) => !('error' in a)).length).toBeGreaterThan(PAGE_CORPUS.length * 0.8);
    for (const q of FILE_QUERIES.filter((f) => !f.fails)) expect({ id: q.id, ...page.files[q.id] }).toEqual({ id: q.id, error: 'UnsupportedSqlError/ERR_TRUENO_DB_UNSUPPORTED' });
    expect(page.statements).toEqual(node.statements);
  });

  test('trueno-graph in a page (WASM kernels) answers as Node does: algorithms, async forms, a fetched edge list, queries', async () => {
    const r = await data();
    expect(r.error).toBeUndefined();
    const node = decode(encode(await graphWork(path.join(dir, 'site', 'edges.parquet')))) as Record<string, unknown>;
    const page = r.graph as Record<string, unknown>;
    expect(Object.keys(page)).toEqual(Object.keys(node));
    for (const key of Object.keys(node)) expect({ key, differences: differences(node[key], page[key]) }).toEqual({ key, differences: [] });
    expect((page.edgeList as { edges: number }).edges).toBe(6);
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

/**
 * Where two decoded answers differ: numbers within 1e-9 relative (1e-12 absolute; NaN equals NaN), everything else
 * exactly. Node may run the native kernels and the page runs WASM, whose float reductions can differ in the last bits.
 */
function differences(want: unknown, got: unknown, at = '$', out: string[] = []): string[] {
  if (out.length >= 5) return out;
  if (typeof want === 'number' && typeof got === 'number') {
    const same = (Number.isNaN(want) && Number.isNaN(got)) || want === got
      || Math.abs(want - got) <= Math.max(1e-9 * Math.max(Math.abs(want), Math.abs(got)), 1e-12);
    if (!same) out.push(`${at}: Node ${want}, page ${got}`);
  } else if (Array.isArray(want) && Array.isArray(got)) {
    if (want.length !== got.length) out.push(`${at}: length ${want.length} vs ${got.length}`);
    else want.forEach((w, i) => differences(w, got[i], `${at}[${i}]`, out));
  } else if (want !== null && got !== null && typeof want === 'object' && typeof got === 'object' && !Array.isArray(want) && !Array.isArray(got)) {
    const keys = [...new Set([...Object.keys(want), ...Object.keys(got)])];
    for (const k of keys) differences((want as Record<string, unknown>)[k], (got as Record<string, unknown>)[k], `${at}.${k}`, out);
  } else if (want !== got) {
    out.push(`${at}: Node ${JSON.stringify(want, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}, page ${JSON.stringify(got, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  }
  return out;
}
