import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  callees, callers, circularDependencies, deadCode, dependentsOf, godNodes, Graph, importGraph, importGraphAsync, moduleImports,
} from '../../lib/trueno-graph';
import { runParseJob } from '../../lib/trueno-graph/code/parse-files';
import { parseInWorkers } from '../../lib/trueno-graph/code/parse-pool';

/** Writes a source tree: relative path -> content. */
async function tree(files: Record<string, string>): Promise<string> {
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'trueno-graph-src-'));
  for (const [rel, text] of Object.entries(files)) {
    await fsp.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fsp.writeFile(path.join(root, rel), text);
  }
  return root;
}

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((r) => fsp.rm(r, { recursive: true, force: true }))));

/** A small TypeScript project with every kind of import, a runtime cycle, a type-only cycle and dead files. */
const PROJECT = {
  'index.ts': "export { parse } from './parser/index.js';\nexport type { Token } from './lexer';\nimport './polyfill';\n",
  'cli.ts': "#!/usr/bin/env node\nimport { parse } from './parser';\nimport * as fs from 'node:fs';\nimport chalk from 'chalk/ansi';\nparse(fs.readFileSync(0, 'utf8'));\n",
  'parser/index.ts': "import { lex } from '../lexer.js';\nimport { report } from './errors';\nexport function parse(s: string) { return lex(s).map(report); }\n",
  'parser/errors.ts': "import { parse } from './index';\nexport const report = (t: unknown) => t;\nexport const again = () => parse('');\n",
  'lexer.ts': "import type { Node } from './ast';\n// import { fake } from './commented-out';\nconst s = \"import x from './in-a-string'\";\nexport interface Token { n: Node }\nexport function lex(s: string): Token[] { return []; }\n",
  'ast.ts': "import type { Token } from './lexer';\nexport interface Node { t: Token }\n",
  'polyfill.js': "const util = require('./util.cjs');\nmodule.exports = util;\n",
  'util.cjs': "exports.x = 1;\n",
  'view.tsx': "import data from './data.json';\nimport { Missing } from './missing';\nexport const V = () => <div>{import('./lazy')}</div>;\n",
  'lazy.ts': "export default 1;\n",
  'data.json': '{"a": 1}',
  'old/unused.mjs': "import { lex } from '../lexer.js';\nexport const u = lex;\n",
  'types.d.ts': "declare module 'x';\n",
  'node_modules/dep/index.js': "module.exports = 1;\n",
  '.hidden/a.ts': "import './b';\n",
};

describe('moduleImports', () => {
  it('finds every import syntax and tells type-only imports apart', () => {
    const found = moduleImports([
      "import a from './a';", "import type { B } from './b';", "import { type C, type D } from './c';", "import { type E, f } from './e';",
      "export * from './g';", "export type { H } from './h';", "import i = require('./i');", "const j = require('./j');",
      "const k = await import('./k');", "type L = typeof import('./l');", "import './m';", "// import n from './n'", "const o = 'import p from \"./p\"';",
    ].join('\n'), 'x.ts');
    expect(found.map((i) => [i.specifier, i.kind, i.typeOnly])).toEqual([
      ['./a', 'import', false], ['./b', 'import', true], ['./c', 'import', true], ['./e', 'import', false], ['./g', 'export', false],
      ['./h', 'export', true], ['./i', 'import-equals', false], ['./j', 'require', false], ['./k', 'dynamic', false], ['./l', 'dynamic', true],
      ['./m', 'import', false],
    ]);
  });

  it('parses JSX and files with syntax errors without throwing', () => {
    expect(moduleImports("import R from 'react';\nexport const A = () => <R.Fragment/>;", 'a.jsx').map((i) => i.specifier)).toEqual(['react']);
    expect(moduleImports("import { a } from './a';\nfunction (((", 'broken.ts').map((i) => i.specifier)).toEqual(['./a']);
  });
});

describe('importGraph', () => {
  let root: string;
  let g: Graph;
  beforeAll(async () => {
    root = await tree(PROJECT);
    roots.push(root);
    g = await importGraph(root);
  });

  it('has one Module node per source file (not .d.ts, node_modules or dot folders)', () => {
    expect(g.nodes({ label: 'Module' }).externalIds().sort()).toEqual([
      'ast.ts', 'cli.ts', 'index.ts', 'lazy.ts', 'lexer.ts', 'old/unused.mjs', 'parser/errors.ts', 'parser/index.ts', 'polyfill.js', 'util.cjs', 'view.tsx',
    ]);
    expect(g.node('cli.ts').properties.entry).toBe(true);
    expect(g.node('index.ts').properties.entry).toBe(false);
  });

  it('resolves .js to .ts, folders to index files, missing extensions, require and dynamic import', () => {
    const out = (id: string) => g.nodes({ ids: [id] }).out().externalIds().sort();
    expect(out('index.ts')).toEqual(['lexer.ts', 'parser/index.ts', 'polyfill.js']);
    expect(out('parser/index.ts')).toEqual(['lexer.ts', 'parser/errors.ts']);
    expect(out('polyfill.js')).toEqual(['util.cjs']);
    expect(out('view.tsx')).toEqual(['data.json', 'lazy.ts', 'missing']);
    expect(g.node('data.json').label).toBe('File');
    expect(g.node('missing').label).toBe('Unresolved');
    expect(out('cli.ts')).toEqual(['parser/index.ts']);
  });

  it('types edges IMPORTS or IMPORTS_TYPE and records how each import was written', () => {
    const edges = Array.from({ length: g.numEdges }, (_, i) => g.edge(i));
    const edge = (src: string, dst: string) => edges.find((e) => e.src === src && e.dst === dst)!;
    expect(edge('index.ts', 'lexer.ts')).toMatchObject({ type: 'IMPORTS_TYPE', properties: { kind: 'export', specifier: './lexer' } });
    expect(edge('lexer.ts', 'ast.ts').type).toBe('IMPORTS_TYPE');
    expect(edge('index.ts', 'parser/index.ts')).toMatchObject({ type: 'IMPORTS', properties: { kind: 'export', specifier: './parser/index.js' } });
    expect(edge('polyfill.js', 'util.cjs').properties.kind).toBe('require');
    expect(edge('view.tsx', 'lazy.ts').properties.kind).toBe('dynamic');
  });

  it('adds packages on request', async () => {
    const withPackages = await importGraph(root, { packages: true });
    expect(withPackages.nodes({ label: 'Package' }).externalIds().sort()).toEqual(['chalk', 'node:fs']);
  });

  it('finds runtime cycles, type-only ones only when asked', () => {
    expect(circularDependencies(g, { edgeType: 'IMPORTS' })).toEqual([{ nodes: ['parser/errors.ts', 'parser/index.ts'], cycle: ['parser/errors.ts', 'parser/index.ts'] }]);
    expect(circularDependencies(g).map((c) => c.nodes.slice().sort())).toEqual([['ast.ts', 'lexer.ts'], ['parser/errors.ts', 'parser/index.ts']]);
  });

  it('finds dead modules from the entry points', () => {
    expect(deadCode(g, ['index.ts', 'cli.ts'], { label: 'Module' }).externalIds().sort()).toEqual(['lazy.ts', 'old/unused.mjs', 'view.tsx']);
    expect(deadCode(g, ['index.ts', 'cli.ts', 'view.tsx'], { label: 'Module' }).externalIds()).toEqual(['old/unused.mjs']);
  });

  it('refuses a missing folder and bad options', async () => {
    await expect(importGraph(path.join(root, 'nope'))).rejects.toMatchObject({ code: 'ERR_TRUENO_GRAPH_NOT_FOUND' });
    await expect(importGraph(path.join(root, 'lazy.ts'))).rejects.toThrow(/but it is a file/);
    await expect(importGraph(root, { exclude: 'old' as never })).rejects.toThrow(/Expected a RegExp for options.exclude but received 'old'/);
    await expect(importGraph(root, { packages: 1 as never })).rejects.toThrow(TypeError);
    expect((await importGraph(root, { exclude: /^old\// })).hasNode('old/unused.mjs')).toBe(false);
  });

  it('importGraphAsync parses on worker threads into the same graph', async () => {
    const edges = (x: Graph) => Array.from({ length: x.numEdges }, (_, i) => x.edge(i));
    const nodes = (x: Graph) => x.nodes().externalIds().map((id) => x.node(id));
    for (const options of [undefined, { packages: true }, { exclude: /^old\// }]) {
      const [sync, async] = [await importGraph(root, options), await importGraphAsync(root, options)];
      expect(nodes(async)).toEqual(nodes(sync));
      expect(edges(async)).toEqual(edges(sync));
    }
    await expect(importGraphAsync(path.join(root, 'nope'))).rejects.toMatchObject({ code: 'ERR_TRUENO_GRAPH_NOT_FOUND' });
    await expect(importGraphAsync(root, { exclude: 'old' as never })).rejects.toThrow(/Expected a RegExp for options.exclude but received 'old'/);
    await expect(importGraphAsync(root, { nope: 1 } as never)).rejects.toThrow(/but received 'nope'/);
  });

  it('a file that cannot be read fails its batch with the fs error, in a worker or not', async () => {
    const missing = path.join(root, 'gone.ts');
    expect(runParseJob([missing]).reply).toMatchObject({ error: { code: 'ENOENT' } });
    expect(runParseJob([path.join(root, 'index.ts')]).reply).toMatchObject({ parsed: [{ file: path.join(root, 'index.ts'), entry: false }] });
    await expect(parseInWorkers([path.join(root, 'index.ts'), missing])).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('call-graph helpers', () => {
  /** main -> parse -> lex -> util; main -> log; parse <-> check (a cycle); orphan. */
  function calls(): Graph {
    const g = new Graph();
    for (const [a, b] of [['main', 'parse'], ['parse', 'lex'], ['lex', 'util'], ['main', 'log'], ['parse', 'check'], ['check', 'parse']]) g.addEdge(a, b, { type: 'CALLS' });
    g.addEdge('main', 'config', { type: 'READS' });
    g.addNode('orphan');
    return g;
  }

  it('lists callers and callees, direct and transitive, by edge type', () => {
    const g = calls();
    expect(callees(g, 'main').externalIds()).toEqual(['main', 'parse', 'log', 'config'].slice(1));
    expect(callees(g, 'main', { edgeType: 'CALLS' }).externalIds()).toEqual(['parse', 'log']);
    expect(callees(g, 'main', { edgeType: 'CALLS', transitive: true }).externalIds()).toEqual(['parse', 'lex', 'util', 'log', 'check']);
    expect(callers(g, 'util', { transitive: true }).externalIds()).toEqual(['main', 'parse', 'lex', 'check']);
    expect(callers(g, 'parse').externalIds()).toEqual(['main', 'check']);
    expect(() => callees(g, 'nobody')).toThrow(/Expected a node of the graph for id but received 'nobody'/);
    expect(() => callees(g, 'main', { transitive: 'yes' as never })).toThrow(/Expected a boolean for options.transitive but received 'yes'/);
  });

  it('lists the transitive dependents of a change, leaving the change out', () => {
    const g = calls();
    expect(dependentsOf(g, ['lex']).externalIds()).toEqual(['main', 'parse', 'check']);
    expect(dependentsOf(g, ['lex', 'parse']).externalIds()).toEqual(['main', 'check']);
    expect(dependentsOf(g, []).count()).toBe(0);
    expect(() => dependentsOf(g, 'lex' as never)).toThrow(/Expected an array of node ids for changed but received 'lex'/);
  });

  it('names one cycle path per strongly connected component', () => {
    const g = calls();
    expect(circularDependencies(g)).toEqual([{ nodes: ['parse', 'check'], cycle: ['parse', 'check'] }]);
    const ring = Graph.fromEdges({ src: [0, 1, 2, 3, 1], dst: [1, 2, 3, 0, 0], directed: true });
    expect(circularDependencies(ring)).toEqual([{ nodes: [0, 1, 2, 3], cycle: [0, 1] }]);
    expect(circularDependencies(Graph.fromEdges({ src: [0], dst: [1], directed: true }))).toEqual([]);
    expect(() => circularDependencies(Graph.fromEdges({ src: [0], dst: [1], directed: false }))).toThrow(/Expected a directed graph/);
    expect(() => circularDependencies(g, { edgeType: 3 as never })).toThrow(TypeError);
  });

  it('finds dead code from roots', () => {
    const g = calls();
    expect(deadCode(g, ['main']).externalIds()).toEqual(['orphan']);
    expect(deadCode(g, ['main'], { edgeType: 'CALLS' }).externalIds()).toEqual(['config', 'orphan']);
    expect(deadCode(g, []).count()).toBe(g.numNodes);
    expect(() => deadCode(g, ['ghost'])).toThrow(/received 'ghost'/);
  });
});

describe('godNodes', () => {
  /** A star: hub imported by 30 modules that import nothing else; a few modules with two imports. */
  function star(): Graph {
    const g = new Graph();
    for (let i = 0; i < 30; i++) g.addEdge(`m${i}`, 'hub', { type: 'IMPORTS' });
    for (let i = 0; i < 10; i++) g.addEdge(`m${i}`, `m${i + 1}`, { type: 'IMPORTS' });
    return g;
  }

  it('flags degree outliers above Q3 + k x IQR and states the rule', () => {
    const found = godNodes(star());
    expect(found.nodes).toEqual([{ id: 'hub', dense: 1, degree: 30 }]);
    expect(found.rule).toBe(`total degree > Q3 + 3 x IQR = 3 + 3 x 2 = 9 and >= 10`);
    expect(godNodes(star(), { direction: 'out' }).nodes).toEqual([]);
    expect(godNodes(star(), { minDegree: 40 }).nodes).toEqual([]);
    expect(godNodes(new Graph()).nodes).toEqual([]);
  });

  it('refuses bad options', () => {
    expect(() => godNodes(star(), { direction: 'up' as never })).toThrow(/Expected one of 'in', 'out', 'total' for options.direction but received 'up'/);
    expect(() => godNodes(star(), { k: -1 })).toThrow(/Expected a finite number >= 0 for options.k but received -1/);
    expect(() => godNodes(star(), { minDegree: 1.5 })).toThrow(RangeError);
    expect(() => godNodes(star(), 'x' as never)).toThrow(TypeError);
  });
});
