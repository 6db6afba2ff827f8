/**
 * The package's own import graph (lib/, read by trueno-graph's importGraph): no runtime import cycle (type-only
 * imports are erased and may close one), and every entry point that reaches the Tensor class also loads every ops
 * module that registers Tensor methods (tensor-methods.ts takes its ops by registration, since the ops import Tensor:
 * an entry without them would hand out Tensors whose methods throw).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { circularDependencies, importGraph, type Graph } from '../../lib/trueno-graph';

const root = path.resolve(__dirname, '../..');
const lib = path.join(root, 'lib');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, { require?: string; browser?: { types?: string } }>;
  bin: Record<string, string>;
};

/** lib/ module of a dist file: dist/cjs/x/y.js and dist/browser/types/x/y.d.ts are lib/x/y.ts. */
function moduleOf(distFile: string): string {
  return distFile.replace(/^\.\//, '').replace(/^dist\/(cjs|browser\/types)\//, '').replace(/(\.d\.ts|\.js)$/, '.ts');
}

/**
 * The modules a Worker runs, by the module that starts it: their code is loaded by no import, so only this list
 * names them (a test below finds every module that starts a worker, so the list cannot miss one). null: the worker
 * runs npm packages only.
 */
const WORKER_ENTRIES: Record<string, string | null> = {
  'alimentar/formats/parquet/pool.ts': null,
  'aprender/base/fit-async.ts': 'aprender/base/fit-job.ts',
  'trueno-db/worker.ts': 'trueno-db/worker.ts',
  'realizar/predict-pool.ts': 'realizar/predict-pool.ts',
  'trueno-graph/code/parse-pool.ts': 'trueno-graph/code/parse-files.ts',
  'trueno/web-worker.browser.ts': 'trueno/worker-main.browser.ts',
};

/** Every entry point: the package's subpath exports (node and browser), its bins and the worker entries. */
function entryPoints(): string[] {
  const fromExports = Object.values(pkg.exports).flatMap((e) => [e.require, e.browser?.types].filter((f): f is string => f !== undefined));
  return [...new Set([...fromExports, ...Object.values(pkg.bin)].map(moduleOf).concat(Object.values(WORKER_ENTRIES).filter((e): e is string => e !== null)))].sort();
}

/** The modules `from` loads at run time, itself included. */
function reached(g: Graph, from: string): Set<unknown> {
  return new Set([from, ...g.nodes({ ids: [from] }).out('IMPORTS', { depth: Infinity }).externalIds()]);
}

describe("lib/'s import graph", () => {
  let g: Graph;
  beforeAll(async () => {
    g = await importGraph(lib);
  }, 60000);

  it('has no runtime import cycle', () => {
    const cycles = circularDependencies(g, { edgeType: 'IMPORTS' });
    expect(cycles.map((c) => `${c.nodes.length} modules: ${c.cycle.join(' -> ')} -> ${c.cycle[0]}`)).toEqual([]);
  });

  it('still sees the type-only cycles it ignores (the check reads the right edges)', () => {
    // tensor.ts declares its methods through tensor-methods.ts, which names Tensor in its types
    const all = circularDependencies(g).flatMap((c) => c.nodes);
    expect(all).toEqual(expect.arrayContaining(['trueno/tensor.ts', 'trueno/tensor-methods.ts']));
  });

  it('loads every op behind a Tensor method from each entry point that reaches Tensor', () => {
    const registering = g.nodes().externalIds().filter((id) => typeof id === 'string' && id !== 'trueno/tensor.ts' &&
      g.nodes({ ids: [id] }).out('IMPORTS').externalIds().includes('trueno/tensor-methods.ts'));
    expect(registering.length).toBeGreaterThanOrEqual(8);
    const entries = entryPoints();
    for (const e of entries) expect(fs.existsSync(path.join(lib, e)) ? e : `${e} (no such module)`).toBe(e);
    const lacking = entries.flatMap((e) => {
      const r = reached(g, e);
      const missing = r.has('trueno/tensor.ts') ? registering.filter((m) => !r.has(m)) : [];
      return missing.length > 0 ? [`${e} lacks ${missing.join(', ')}`] : [];
    });
    expect(lacking).toEqual([]);
  });

  it('knows the entry of every module that starts a worker', () => {
    const starters: string[] = [];
    const walk = (dir: string): void => {
      for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, d.name);
        if (d.isDirectory()) walk(file);
        else if (d.name.endsWith('.ts') && /new (Worker|WorkerPool)\b/.test(fs.readFileSync(file, 'utf8'))) starters.push(path.relative(lib, file).split(path.sep).join('/'));
      }
    };
    walk(lib);
    // the pool itself runs whichever entry its user names
    expect(starters.filter((f) => f !== 'common/worker-pool.ts').sort()).toEqual(Object.keys(WORKER_ENTRIES).sort());
  });
});

describe('Tensor methods registered by their ops', () => {
  it('refuses a method whose op module is not loaded with a coded error, and has them all once an entry is loaded', () => {
    jest.isolateModules(() => {
      const { Tensor } = require('../../lib/trueno/tensor') as typeof import('../../lib/trueno/tensor');
      const methods = require('../../lib/trueno/tensor-methods') as typeof import('../../lib/trueno/tensor-methods');
      expect(methods.unregisteredTensorOps()).toEqual(expect.arrayContaining(['add', 'cumsum', 'T']));
      expect(() => Tensor.from([1, 2]).cumsum()).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_NO_OP', message: expect.stringMatching(/cumsum/) }));
      require('../../lib/trueno/tensor-ops');
      expect(methods.unregisteredTensorOps()).toEqual([]);
      expect(Tensor.from([1, 2, 3]).cumsum().toArray()).toEqual([1, 3, 6]);
      expect(Tensor.from([[1, 2]]).T.shape).toEqual([2, 1]);
    });
  });
});
