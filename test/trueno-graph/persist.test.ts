import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CorruptGraphError, Graph, GraphNotFoundError, MANIFEST } from '../../lib/trueno-graph';
import { interopIt, python } from '../helpers/baseline-python';

let root: string;
beforeAll(async () => {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), 'trueno-graph-persist-'));
});
afterAll(() => fsp.rm(root, { recursive: true, force: true }));

let count = 0;
const folder = () => path.join(root, `g${count++}`);

/** A small code graph with every kind of column. */
function codeGraph(): Graph {
  const g = new Graph({ directed: true });
  g.addNode('main', { label: 'Function', properties: { file: 'main.ts', lines: 12, exported: true, hash: 9007199254740993n } });
  g.addNode('parse', { label: 'Function', properties: { file: 'parse.ts', lines: 80.5 } });
  g.addNode('util', { label: 'Module' });
  g.addEdge('main', 'parse', { type: 'CALLS', weight: 3, properties: { line: 4 } });
  g.addEdge('parse', 'util', { type: 'IMPORTS' });
  g.addEdge('parse', 'parse', { type: 'CALLS', weight: 0.5 });
  return g;
}

/** Everything a graph holds, as plain values. */
function contents(g: Graph) {
  return {
    directed: g.directed, weighted: g.weighted, idKind: g.idKind,
    nodes: Array.from({ length: g.numNodes }, (_, i) => g.nodeAt(i)),
    edges: Array.from({ length: g.numEdges }, (_, i) => g.edge(i)),
  };
}

describe('save and load', () => {
  it('round-trips ids, labels, properties, weights and types', async () => {
    const dir = folder();
    const g = codeGraph();
    const manifest = await g.save(dir);
    expect(manifest).toMatchObject({ format: 'trueno-graph', version: 1, numNodes: 3, numEdges: 3, directed: true, weighted: true, idKind: 'string' });
    expect((await fsp.readdir(dir)).sort()).toEqual(['edges.parquet', 'graph.json', 'nodes.parquet']);
    const back = await Graph.load(dir);
    expect(contents(back)).toEqual(contents(g));
    expect(Array.from(back.csr.outTargets)).toEqual(Array.from(g.csr.outTargets));
  });

  it('round-trips numeric ids, an undirected unweighted graph and an empty one', async () => {
    for (const g of [Graph.fromEdges({ src: [5, 9], dst: [9, 7], directed: false, mapIds: true }), new Graph(), Graph.fromEdges({ src: [], dst: [], directed: true, numNodes: 3 })]) {
      const dir = folder();
      await g.save(dir, { compression: 'snappy' });
      expect(contents(await Graph.load(dir))).toEqual(contents(g));
    }
  });

  it('replaces a saved graph, and a later mutation saves too', async () => {
    const dir = folder();
    const g = codeGraph();
    await g.save(dir);
    g.addEdge('util', 'main', { type: 'CALLS' });
    await g.save(dir);
    const back = await Graph.load(dir);
    expect(back.numEdges).toBe(4);
    expect(back.edge(3)).toMatchObject({ src: 'util', dst: 'main', weight: 1 });
  });

  interopIt('writes files pyarrow reads as they are', async () => {
    const dir = folder();
    await codeGraph().save(dir);
    const read = python(`
import sys, json, pyarrow.parquet as pq
n = pq.read_table(sys.argv[1] + '/nodes.parquet').to_pydict()
e = pq.read_table(sys.argv[1] + '/edges.parquet').to_pydict()
print(json.dumps({'ids': n['id'], 'labels': n['label'], 'src': e['src'], 'dst': e['dst'], 'weight': e['weight'], 'type': e['type'], 'line': e['line']}))`, dir);
    expect(read).toEqual({
      ids: ['main', 'parse', 'util'], labels: ['Function', 'Function', 'Module'], src: [0, 1, 1], dst: [1, 2, 1],
      weight: [3, 1, 0.5], type: ['CALLS', 'IMPORTS', 'CALLS'], line: [4, null, null],
    });
  });
});

describe('atomic commit', () => {
  it('keeps the old graph when a save died before its commit point', async () => {
    const dir = folder();
    const g = codeGraph();
    await g.save(dir);
    // a save that wrote its new files but not its manifest
    const other = folder();
    await Graph.fromEdges({ src: ['q'], dst: ['r'], directed: true }).save(other);
    await fsp.mkdir(path.join(dir, '.pending'));
    for (const f of ['nodes.parquet', 'edges.parquet']) await fsp.copyFile(path.join(other, f), path.join(dir, '.pending', f));
    expect(contents(await Graph.load(dir))).toEqual(contents(g));
    expect(await fsp.readdir(dir)).not.toContain('.pending');
  });

  it('finishes a save that died after its commit point, whichever file it had moved', async () => {
    const next = Graph.fromEdges({ src: ['q', 'r'], dst: ['r', 's'], directed: false });
    const staged = folder();
    await next.save(staged);
    for (const moved of [[], ['nodes.parquet'], ['nodes.parquet', 'edges.parquet']]) {
      const dir = folder();
      await codeGraph().save(dir);
      await fsp.mkdir(path.join(dir, '.pending'));
      for (const f of ['nodes.parquet', 'edges.parquet', MANIFEST]) {
        await fsp.copyFile(path.join(staged, f), path.join(moved.includes(f) ? dir : path.join(dir, '.pending'), f));
      }
      expect(contents(await Graph.load(dir))).toEqual(contents(next));
      expect(await fsp.readdir(dir)).not.toContain('.pending');
    }
  });

  it('never leaves temporary files behind', async () => {
    const dir = folder();
    await codeGraph().save(dir);
    await codeGraph().save(dir);
    expect((await fsp.readdir(dir, { recursive: true })).sort()).toEqual(['edges.parquet', 'graph.json', 'nodes.parquet']);
  });
});

describe('damaged folders', () => {
  async function saved(): Promise<string> {
    const dir = folder();
    await codeGraph().save(dir);
    return dir;
  }

  it('reports a truncated or replaced data file', async () => {
    const dir = await saved();
    const file = path.join(dir, 'edges.parquet');
    const bytes = await fsp.readFile(file);
    await fsp.writeFile(file, bytes.subarray(0, bytes.length >> 1));
    await expect(Graph.load(dir)).rejects.toThrow(CorruptGraphError);
    await expect(Graph.load(dir)).rejects.toThrow(/edges.parquet but it differs from what graph.json records/);
    const dir2 = await saved();
    const other = folder();
    await Graph.fromEdges({ src: ['a'], dst: ['b'], directed: true }).save(other);
    await fsp.copyFile(path.join(other, 'nodes.parquet'), path.join(dir2, 'nodes.parquet'));
    await expect(Graph.load(dir2)).rejects.toMatchObject({ code: 'ERR_TRUENO_GRAPH_CORRUPT' });
  });

  it('reports a manifest that is not JSON, of another version, or inconsistent with its files', async () => {
    const dir = await saved();
    const manifestFile = path.join(dir, MANIFEST);
    const good = JSON.parse(await fsp.readFile(manifestFile, 'utf8'));
    const cases: [unknown, RegExp][] = [
      ['{ not json', /graph.json but it is not JSON/],
      [{ ...good, format: 'other' }, /it is not a trueno-graph manifest/],
      [{ ...good, version: 99 }, /it has version 99, and this reader knows version 1/],
      [{ ...good, numNodes: 5 }, /nodes.parquet but it has 3 rows and graph.json says 5/],
      [null, /it is not a trueno-graph manifest/],
    ];
    for (const [manifest, message] of cases) {
      await fsp.writeFile(manifestFile, typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
      await expect(Graph.load(dir)).rejects.toThrow(message);
    }
  });

  it('reports data files that decode but are not a graph', async () => {
    const dir = await saved();
    // garbage with a valid checksum: the manifest is rewritten to match
    const file = path.join(dir, 'edges.parquet');
    await fsp.writeFile(file, Buffer.from('PAR1 this is not parquet PAR1'));
    const manifestFile = path.join(dir, MANIFEST);
    const m = JSON.parse(await fsp.readFile(manifestFile, 'utf8'));
    const { createHash } = await import('node:crypto');
    m.files['edges.parquet'] = { size: 29, sha256: createHash('sha256').update(await fsp.readFile(file)).digest('hex') };
    await fsp.writeFile(manifestFile, JSON.stringify(m));
    await expect(Graph.load(dir)).rejects.toThrow(/edges.parquet but it does not decode/);
  });

  it('reports missing folders and files, and bad arguments', async () => {
    await expect(Graph.load(path.join(root, 'missing'))).rejects.toThrow(GraphNotFoundError);
    const file = path.join(root, 'a-file');
    await fsp.writeFile(file, 'x');
    await expect(Graph.load(file)).rejects.toThrow(/Expected a graph folder at .* but it is a file/);
    await expect(Graph.load(await fsp.mkdtemp(path.join(root, 'empty-')))).rejects.toThrow(/it has neither/);
    const dir = await saved();
    await fsp.rm(path.join(dir, 'nodes.parquet'));
    await expect(Graph.load(dir)).rejects.toMatchObject({ code: 'ERR_TRUENO_GRAPH_NOT_FOUND' });
    await expect(Graph.load(42 as never)).rejects.toThrow(/Expected a non-empty string for dir but received 42/);
    await expect(codeGraph().save('')).rejects.toThrow(TypeError);
    await expect(codeGraph().save(folder(), { compression: 'nope' as never })).rejects.toThrow(/Expected one of 'uncompressed', .* for options.compression but received 'nope'/);
  });
});
