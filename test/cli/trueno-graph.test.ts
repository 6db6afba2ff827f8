/**
 * The `trueno-graph` bin, run as a user runs it: the built file (dist/cjs/cli/trueno-graph.js, made by `npm test`) in
 * a child process, on edge lists the baseline Python writes and on source trees. Every command, --json, and one
 * clear line (never a stack trace) with the documented exit code for every kind of bad input.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT } from '../../lib/cli/trueno-graph/exit-codes';
import { Graph } from '../../lib/trueno-graph';
import { runCli, type CliRun } from '../helpers/cli';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'dist/cjs/cli/trueno-graph.js');

function cli(args: string[]): Promise<CliRun> {
  return runCli([process.execPath, BIN, ...args], { cwd: tmp, env: { HOME: tmp } });
}

async function ok(args: string[]): Promise<string> {
  const run = await cli(args);
  if (run.code !== 0 || run.stderr !== '') throw new Error(`trueno-graph ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

/** One line on stderr, no stack trace, nothing on stdout, the given exit code. */
function expectOneLine(run: CliRun, code: number, pattern: RegExp): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code, stdout: '' });
  expect(run.stderr).toMatch(/^[^\n]+\n$/);
  expect(run.stderr.trimEnd()).toMatch(pattern);
}

let tmp: string;
beforeAll(() => {
  expect(existsSync(BIN)).toBe(true); // `npm test` builds dist
  tmp = mkdtempSync(path.join(os.tmpdir(), 'trueno-graph-cli-'));
  // a directed weighted graph: a -> b -> c -> a (a cycle), c -> d, e alone with a self-loop
  writeFileSync(path.join(tmp, 'edges.csv'), 'from,to,weight\na,b,1\nb,c,2\nc,a,1\nc,d,5\ne,e,1\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('trueno-graph', () => {
  it('imports an edge list and prints stats, pagerank, a path and components', async () => {
    expect(await ok(['import', 'edges.csv', 'g'])).toBe('imported 5 nodes and 5 edges from edges.csv into g\n');
    expect((await Graph.load(path.join(tmp, 'g'))).numEdges).toBe(5);
    const stats = await ok(['stats', 'g']);
    expect(stats).toMatch(/nodes\s+5\n/);
    expect(stats).toMatch(/self-loops\s+1\n/);
    expect(stats).toMatch(/weak components\s+2\n/);
    const ranks = (await ok(['pagerank', 'g', '--top', '2'])).trim().split('\n');
    expect(ranks).toHaveLength(4);
    expect(ranks[0]).toMatch(/^rank\s+id\s+pagerank$/);
    expect(await ok(['path', 'g', 'a', 'd'])).toBe('a -> b -> c -> d  (distance 8)\n');
    expect(await ok(['path', 'g', 'a', 'd', '--hops'])).toBe('a -> b -> c -> d  (distance 3)\n');
    expect(await ok(['components', 'g', '--strong'])).toMatch(/^3 strongly connected components\ncomponent\s+size\s+example node\n-+.*\n\d+\s+3\s+a\n/);
  });

  it('prints JSON with --json', async () => {
    await ok(['import', 'edges.csv', 'gj', '--undirected']);
    const ranks = JSON.parse(await ok(['pagerank', 'gj', '--json', '--top', '5'])) as { id: string; pagerank: number }[];
    expect(ranks).toHaveLength(5);
    expect(ranks.reduce((s, r) => s + r.pagerank, 0)).toBeCloseTo(1, 9);
    expect(JSON.parse(await ok(['path', 'gj', 'd', 'a', '--json']))).toEqual({ from: 'd', to: 'a', distance: 6, path: ['d', 'c', 'a'] });
    expect(JSON.parse(await ok(['components', 'gj', '--json']))).toMatchObject({ kind: 'weak', count: 2, largest: [{ size: 4, example: 'a' }, { size: 1, example: 'e' }] });
    expect(JSON.parse(await ok(['stats', 'gj', '--json']))).toMatchObject({ nodes: 5, edges: 5, directed: false, weighted: true, selfLoops: 1 });
  });

  it('reads integer ids as integers', async () => {
    writeFileSync(path.join(tmp, 'ints.csv'), 'source,target\n0,1\n1,2\n');
    await ok(['import', 'ints.csv', 'gi']);
    expect(await ok(['path', 'gi', '0', '2'])).toBe('0 -> 1 -> 2  (distance 2)\n');
    expectOneLine(await cli(['path', 'gi', 'zero', '2']), EXIT.USAGE, /Expected an integer node id for <from> \(this graph's ids are integers\) but received 'zero'/);
  });

  it('analyzes a source tree: cycles, dead modules, hubs', async () => {
    const src = path.join(tmp, 'src');
    mkdirSync(path.join(src, 'lib'), { recursive: true });
    writeFileSync(path.join(src, 'index.ts'), "import { a } from './lib/a.js';\nexport { a };\n");
    writeFileSync(path.join(src, 'lib/a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
    writeFileSync(path.join(src, 'lib/b.ts'), "import { a } from './a';\nimport type { T } from '../types';\nexport const b = () => a;\n");
    writeFileSync(path.join(src, 'types.ts'), "import type { b } from './lib/b';\nexport type T = typeof b;\n");
    writeFileSync(path.join(src, 'old.ts'), "import './gone';\n");
    const text = await ok(['analyze', 'src']);
    expect(text).toContain('5 modules');
    expect(text).toContain('entry points: index.ts');
    expect(text).toContain('circular imports: 1\n  2 modules: lib/a.ts -> lib/b.ts -> lib/a.ts');
    expect(text).toContain('dead modules (no entry point reaches them): 1\n  old.ts');
    expect(text).toContain("unresolved imports: 1\n  old.ts: './gone'");
    expect(text).toMatch(/hubs: 0 \(rule: total degree > Q3 \+ 3 x IQR/);
    const json = JSON.parse(await ok(['analyze', 'src', '--include-types', '--root', 'index.ts', '--root', 'old.ts', '--json']));
    expect(json.cycles.map((c: { nodes: string[] }) => c.nodes.length)).toEqual([3]);
    expect(json.deadModules).toEqual([]);
  });

  it('answers --version and documents its exit codes in --help', async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await ok(['--version'])).toBe(`${pkg.version}\n`);
    const help = await ok(['--help']);
    expect(help).toMatch(/Exit codes:\n\s+0\s+success\n\s+1\s+usage/);
    for (const cmd of ['import', 'stats', 'pagerank', 'path', 'components', 'analyze']) expect(help).toContain(cmd);
  });

  it('reports bad input as one line with the documented exit code', async () => {
    expectOneLine(await cli(['stats', 'nowhere']), EXIT.NOT_FOUND, /^trueno-graph: Expected a graph folder at nowhere but there is none \(ERR_TRUENO_GRAPH_NOT_FOUND\)$/);
    expectOneLine(await cli(['import', 'missing.csv', 'x']), EXIT.NOT_FOUND, /missing.csv/);
    writeFileSync(path.join(tmp, 'bad.parquet'), 'PAR1 garbage');
    expectOneLine(await cli(['import', 'bad.parquet', 'x']), EXIT.DATA, /Expected a valid Parquet file/);
    writeFileSync(path.join(tmp, 'cols.csv'), 'a,b\n1,2\n');
    expectOneLine(await cli(['import', 'cols.csv', 'x']), EXIT.DATA, /cols.csv is not an edge list: Expected source and target columns/);
    writeFileSync(path.join(tmp, 'nan.csv'), 'src,dst,weight\na,b,x\n');
    expectOneLine(await cli(['import', 'nan.csv', 'x']), EXIT.DATA, /nan.csv is not an edge list: Expected a number for edges.weight\[0\] but received 'x'/);
    expectOneLine(await cli(['pagerank', 'g', '--top', '0']), EXIT.USAGE, /Expected a positive integer for --top but received '0'/);
    expectOneLine(await cli(['pagerank', 'g', '--damping', '1.5']), EXIT.USAGE, /Expected a number in \(0, 1\) for --damping but received '1.5'/);
    expectOneLine(await cli(['path', 'g', 'a', 'zz']), EXIT.NOT_FOUND, /Expected a node of the graph for id but received 'zz'/);
    expectOneLine(await cli(['path', 'g', 'd', 'a']), EXIT.NOT_FOUND, /Expected a path from d to a but there is none/);
    expectOneLine(await cli(['analyze', 'no-src']), EXIT.NOT_FOUND, /Expected a source folder at no-src but there is none/);
    expectOneLine(await cli(['analyze', 'src', '--root', 'nope.ts']), EXIT.USAGE, /Expected a source file of src for --root but received 'nope.ts'/);
    const json = await cli(['stats', 'nowhere', '--json']);
    expect(JSON.parse(json.stderr)).toEqual({ error: { code: 'ERR_TRUENO_GRAPH_NOT_FOUND', message: 'Expected a graph folder at nowhere but there is none', exitCode: EXIT.NOT_FOUND } });
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(EXIT.USAGE);
  });

  it('reports a corrupt graph folder as a data error', async () => {
    await ok(['import', 'edges.csv', 'gc']);
    const file = path.join(tmp, 'gc', 'edges.parquet');
    writeFileSync(file, readFileSync(file).subarray(0, 20));
    expectOneLine(await cli(['stats', 'gc']), EXIT.DATA, /edges.parquet but it differs from what graph.json records.*\(ERR_TRUENO_GRAPH_CORRUPT\)$/);
  });
});
