import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Graph } from '../../lib/trueno-graph';

const readEdgeList = Graph.readEdgeList;
import { interopIt, python } from '../helpers/baseline-python';

let root: string;
beforeAll(async () => {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), 'trueno-graph-edges-'));
});
afterAll(() => fsp.rm(root, { recursive: true, force: true }));

/** Degree of each node by external id, from the CSR (an undirected self-loop counts 2, as igraph counts it). */
function degrees(g: Graph): Record<string, number> {
  const { outOffsets } = g.csr;
  return Object.fromEntries(Array.from({ length: g.numNodes }, (_, v) => [String(g.externalId(v)), outOffsets[v + 1] - outOffsets[v]]));
}

describe('edge lists written by other tools', () => {
  interopIt("reads igraph's Zachary karate club written with pyarrow, with igraph's degrees", async () => {
    const file = path.join(root, 'karate.parquet');
    const expected = python(`
import sys, json, igraph, pyarrow as pa, pyarrow.parquet as pq
g = igraph.Graph.Famous('Zachary')
edges = g.get_edgelist()
pq.write_table(pa.table({'source': [e[0] for e in edges], 'target': [e[1] for e in edges]}), sys.argv[1])
print(json.dumps({'degree': g.degree(), 'n': g.vcount(), 'm': g.ecount()}))`, file) as { degree: number[]; n: number; m: number };
    const g = await readEdgeList(file, { directed: false });
    expect([g.numNodes, g.numEdges, g.idKind]).toEqual([expected.n, expected.m, 'number']);
    // ids 0 .. 33 keep their numbering
    expect(g.externalIds(Int32Array.from({ length: 34 }, (_, i) => i))).toEqual(Array.from({ length: 34 }, (_, i) => i));
    expect(Object.values(degrees(g))).toEqual(expected.degree);
  });

  interopIt('reads string ids, weights, types and extra columns (pyarrow Parquet and Arrow IPC, CSV)', async () => {
    const base = path.join(root, 'deps');
    python(`
import sys, json, pyarrow as pa, pyarrow.parquet as pq, pyarrow.feather as feather, pyarrow.csv as csv
t = pa.table({'from': ['a', 'b', 'c', 'a'], 'to': ['b', 'c', 'a', 'a'], 'weight': [1.5, 2.0, 0.25, 4.0],
              'type': ['CALLS', 'CALLS', None, 'SELF'], 'line': pa.array([10, 20, 30, 40], pa.int64())})
pq.write_table(t, sys.argv[1] + '.parquet')
feather.write_feather(t, sys.argv[1] + '.arrow', compression='uncompressed')
csv.write_csv(t, sys.argv[1] + '.csv')
print('null')`, base);
    for (const ext of ['parquet', 'arrow', 'csv']) {
      const g = await readEdgeList(`${base}.${ext}`);
      expect([g.numNodes, g.numEdges, g.weighted, g.directed]).toEqual([3, 4, true, true]);
      expect(g.edge(3)).toMatchObject({ src: 'a', dst: 'a', weight: 4, type: 'SELF' });
      expect(g.edge(2).type).toBeNull();
      expect(Number(g.edge(1).properties.line)).toBe(20);
    }
    const unweighted = await readEdgeList(`${base}.parquet`, { weight: null, type: null, src: 'to', dst: 'from' });
    expect(unweighted.weighted).toBe(false);
    expect(unweighted.edge(0)).toMatchObject({ src: 'b', dst: 'a', type: null });
  });

  interopIt('loads a folder of edges.parquet + nodes.parquet written by pyarrow (no graph.json)', async () => {
    const dir = path.join(root, 'foreign');
    await fsp.mkdir(dir);
    python(`
import sys, pyarrow as pa, pyarrow.parquet as pq
pq.write_table(pa.table({'id': [10, 20, 30, 40], 'label': ['A', 'B', None, 'A']}), sys.argv[1] + '/nodes.parquet')
pq.write_table(pa.table({'src': [10, 20], 'dst': [20, 30]}), sys.argv[1] + '/edges.parquet')
print('null')`, dir);
    const g = await Graph.load(dir, { directed: false });
    expect([g.numNodes, g.numEdges, g.directed]).toEqual([4, 2, false]);
    expect(g.node(40)).toMatchObject({ dense: 3, label: 'A' });
    expect(degrees(g)).toEqual({ 10: 1, 20: 2, 30: 1, 40: 0 });
  });

  it('names the missing columns and files', async () => {
    const file = path.join(root, 'cols.csv');
    await fsp.writeFile(file, 'a,b\n1,2\n');
    await expect(readEdgeList(file)).rejects.toThrow(/Expected source and target columns \(src\/source\/from and dst\/target\/to\) in .*cols.csv but received columns a, b/);
    expect(await readEdgeList(file, { src: 'a', dst: 'b' })).toMatchObject({ numEdges: 1 });
    await expect(readEdgeList(file, { src: 'a', dst: 'b', weight: 'w' })).rejects.toThrow(/Expected a column of edges \(a, b\) but received 'w'/);
    await expect(readEdgeList(path.join(root, 'none.parquet'))).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_NOT_FOUND' });
    const garbage = path.join(root, 'garbage.parquet');
    await fsp.writeFile(garbage, 'PAR1 not really');
    await expect(readEdgeList(garbage)).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_PARQUET' });
    await expect(readEdgeList(file, { directed: 'yes' as never })).rejects.toThrow(/Expected a boolean for options.directed but received 'yes'/);
    await expect(readEdgeList(undefined as never)).rejects.toThrow(TypeError);
  });
});
