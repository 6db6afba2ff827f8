/**
 * The browser entry's types as a page's TypeScript sees them: a consumer resolving `sovereign-ai/*` with the `browser`
 * condition (moduleResolution bundler, customConditions ['browser'], no @types/node) type-checks the browser API, and
 * every Node-only symbol (Database.open, optimize, Graph.load, save, importGraph, StreamingDataset, realizar, the Node
 * `ready()` without options ...) is a type error there. The same Node-only lines type-check under Node's conditions,
 * so the errors come from the browser declarations, not from the lines themselves. Needs dist (node scripts/build-ts.js).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

/** A page's code using what the browser entries have. */
const BROWSER_API = `
import { Database, ready } from 'sovereign-ai/trueno-db';
import { Graph, pagerank, ready as graphReady } from 'sovereign-ai/trueno-graph';
import { Tensor, TruenoWorker, ready as truenoReady, supportsSimd128 } from 'sovereign-ai/trueno';
import { ArrowDataset, DataLoader } from 'sovereign-ai/alimentar';
import { GaussianNB, loadAsync } from 'sovereign-ai/aprender';
import { trueno, truenoDb, truenoGraph, alimentar, aprender } from 'sovereign-ai';

export async function page(): Promise<number> {
  await truenoReady({ build: 'scalar', wasm: new URL('./trueno-scalar.wasm', location.href) });
  await ready();
  await graphReady();
  const db = new Database({ workers: false });
  const data = await ArrowDataset.open('/data/iris.parquet');
  await db.insertBatch('iris', data);
  const X: Tensor = (await db.query('SELECT sepal_length_cm FROM iris')).toMatrix();
  const g = Graph.fromEdges({ src: [0, 1], dst: [1, 2], directed: true });
  const ranks: Float64Array = g.pagerank();
  const again: Float64Array = pagerank(g.csr);
  const fetched: Graph = await Graph.readEdgeList('/data/edges.parquet');
  const worker: TruenoWorker = await TruenoWorker.start();
  const model = await loadAsync(new Uint8Array(8));
  const root = new truenoDb.Database();
  const rootGraph: truenoGraph.Graph = truenoGraph.Graph.fromEdges({ src: [0], dst: [1], directed: false });
  void [X, ranks, again, fetched, worker, model, root, rootGraph, supportsSimd128(), trueno.Tensor, alimentar.ArrowDataset, aprender.GaussianNB, DataLoader, GaussianNB];
  return db.numRows('iris');
}
`;

/** Node-only lines, each marked: each must be a type error for a page and none under Node's conditions. */
const NODE_ONLY = `
import * as db from 'sovereign-ai/trueno-db';
import * as graph from 'sovereign-ai/trueno-graph';
import * as data from 'sovereign-ai/alimentar';
import * as root from 'sovereign-ai';

export async function nodeOnly(): Promise<void> {
  const d = new db.Database();
  const g = graph.Graph.fromEdges({ src: [0], dst: [1], directed: true });
  await db.Database.open('./db', { create: true }); // NODE
  await d.optimize(); // NODE
  await d.vacuum(); // NODE
  await graph.Graph.load('./graph'); // NODE
  await g.save('./graph'); // NODE
  await graph.importGraph('./src'); // NODE
  graph.moduleImports('import x from "y"', 'a.ts'); // NODE
  void graph.MANIFEST; // NODE
  void data.StreamingDataset; // NODE
  void root.realizar; // NODE
  void root.truenoDb.Database.open; // NODE
}
`;

/** The 1-based lines of `text` marked `// NODE`. */
function markedLines(text: string): number[] {
  return text.split('\n').flatMap((line, i) => (line.includes('// NODE') ? [i + 1] : []));
}

/**
 * Type-checks one file of a consumer project whose node_modules/sovereign-ai is this checkout.
 * @returns the errors: line and message
 */
function check(dir: string, name: string, text: string, options: ts.CompilerOptions): { line: number; message: string }[] {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  const program = ts.createProgram([file], { ...options, noEmit: true, strict: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022 });
  return ts.getPreEmitDiagnostics(program).map((d) => ({
    line: d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0,
    message: `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
  }));
}

const BROWSER: ts.CompilerOptions = {
  module: ts.ModuleKind.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler, customConditions: ['browser'],
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [],
};
const NODE: ts.CompilerOptions = {
  module: ts.ModuleKind.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: ['node'],
  typeRoots: [path.join(ROOT, 'node_modules/@types')],
};

describe('the browser entry types, as a page sees them', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(path.join(ROOT, 'dist/browser/types/index.browser.d.ts'))) throw new Error('Expected dist/browser/types: run node scripts/build-ts.js first');
    dir = mkdtempSync(path.join(os.tmpdir(), 'sovereign-types-'));
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(ROOT, path.join(dir, 'node_modules', 'sovereign-ai'), 'dir');
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a page type-checks against the browser API with no @types/node', () => {
    expect(check(dir, 'page.ts', BROWSER_API, BROWSER)).toEqual([]);
  });

  test('every Node-only symbol is a type error for a page', () => {
    const errors = check(dir, 'node-only.ts', NODE_ONLY, BROWSER);
    const lines = [...new Set(errors.map((e) => e.line))].sort((a, b) => a - b);
    expect(lines).toEqual(markedLines(NODE_ONLY));
    // absent, not mistyped: each error says the member or export does not exist
    for (const e of errors) expect(e.message).toMatch(/does not exist|has no exported member/);
  });

  test('the same Node-only lines type-check under Node\'s conditions', () => {
    expect(check(dir, 'node-only.ts', NODE_ONLY, NODE)).toEqual([]);
  });
});
