import { Table, tableFromArrays, vectorFromArray, Utf8 } from 'apache-arrow';
import { ArrowDataset } from '../../lib/alimentar/dataset';
import { Graph, NoNodeError } from '../../lib/trueno-graph';

/** Each node's out-neighbours by external id, from the CSR. */
function adjacency(g: Graph): Record<string, string[]> {
  const { outOffsets, outTargets } = g.csr;
  const out: Record<string, string[]> = {};
  for (let v = 0; v < g.numNodes; v++) {
    out[String(g.externalId(v))] = Array.from(outTargets.subarray(outOffsets[v], outOffsets[v + 1]), (t) => String(g.externalId(t)));
  }
  return out;
}

describe('Graph.fromEdges', () => {
  it('takes dense ids from Int32Array, BigInt64Array and number[] alike', () => {
    const a = Graph.fromEdges({ src: Int32Array.of(0, 1, 2), dst: Int32Array.of(1, 2, 0), directed: true });
    const b = Graph.fromEdges({ src: BigInt64Array.of(0n, 1n, 2n), dst: BigInt64Array.of(1n, 2n, 0n), directed: true });
    const c = Graph.fromEdges({ src: [0, 1, 2], dst: [1, 2, 0], directed: true });
    for (const g of [a, b, c]) {
      expect([g.numNodes, g.numEdges, g.directed, g.weighted, g.idKind]).toEqual([3, 3, true, false, 'number']);
      expect(adjacency(g)).toEqual({ 0: ['1'], 1: ['2'], 2: ['0'] });
    }
  });

  it('keeps isolated nodes up to numNodes and does not alias the caller arrays', () => {
    const src = Int32Array.of(0);
    const g = Graph.fromEdges({ src, dst: Int32Array.of(1), directed: false, numNodes: 4 });
    src[0] = 3;
    expect(g.numNodes).toBe(4);
    expect(adjacency(g)).toEqual({ 0: ['1'], 1: ['0'], 2: [], 3: [] });
  });

  it('maps string ids to dense ids in ascending order, and numeric ids with mapIds', () => {
    const g = Graph.fromEdges({ src: ['b', 'c'], dst: ['a', 'b'], directed: true });
    expect(g.externalIds(Int32Array.of(0, 1, 2))).toEqual(['a', 'b', 'c']);
    expect(g.denseId('c')).toBe(2);
    const sparse = Graph.fromEdges({ src: [1000000, 7], dst: [7, 42], directed: true, mapIds: true });
    expect(sparse.numNodes).toBe(3);
    expect(sparse.externalIds([0, 1, 2])).toEqual([7, 42, 1000000]);
  });

  it('stores weights and edge types; an undirected self-loop appears twice in its run', () => {
    const g = Graph.fromEdges({ src: [0, 1], dst: [1, 1], weight: [2.5, 4], types: ['CALLS', null], directed: false });
    expect(g.weighted).toBe(true);
    expect(g.edge(0)).toEqual({ index: 0, src: 0, dst: 1, weight: 2.5, type: 'CALLS', properties: {} });
    expect(g.edge(1).type).toBeNull();
    expect(adjacency(g)[1]).toEqual(['0', '1', '1']);
    expect(Array.from(g.csr.outWeights!)).toEqual([2.5, 2.5, 4, 4]);
  });

  it('refuses bad input with typed errors', () => {
    const bad: [unknown, RegExp, ErrorConstructor][] = [
      [null, /Expected an object \{ src, dst, directed \} for input but received null/, TypeError],
      [{ src: [0], dst: [1] }, /Expected a boolean for input.directed but received undefined/, TypeError],
      [{ src: 'ab', dst: [1], directed: true }, /Expected an Int32Array, BigInt64Array or array of node ids for src but received 'ab'/, TypeError],
      [{ src: [0, 1], dst: [1], directed: true }, /Expected src and dst of one length but received 2 and 1/, RangeError],
      [{ src: [-1], dst: [1], directed: true }, /Expected an integer node id in \[0, 2147483647\) for src\[0\] but received -1/, RangeError],
      [{ src: [0.5], dst: [1], directed: true }, /for src\[0\] but received 0.5/, RangeError],
      [{ src: [NaN], dst: [1], directed: true }, /for src\[0\] but received NaN/, RangeError],
      [{ src: [0], dst: [5], directed: true, numNodes: 3 }, /Expected numNodes > every node id \(5\) but received 3/, RangeError],
      [{ src: [0], dst: [1], directed: true, numNodes: -1 }, /for input.numNodes but received -1/, RangeError],
      [{ src: [0], dst: [1], directed: true, weight: [NaN] }, /Expected a finite number for input.weight\[0\] but received NaN/, RangeError],
      [{ src: [0], dst: [1], directed: true, weight: [1, 2] }, /Expected 1 values \(one per edge\) for input.weight but received 2/, RangeError],
      [{ src: [0], dst: [1], directed: true, weight: 'w' }, /Expected a Float64Array or number\[\] for input.weight/, TypeError],
      [{ src: ['a'], dst: [''], directed: true }, /Expected a non-empty string or a safe integer for dst\[0\] but received ''/, RangeError],
      [{ src: ['a'], dst: [2], directed: true }, /this graph's node ids are strings/, TypeError],
      [{ src: [0], dst: [1], directed: true, types: [3] }, /Expected a non-empty string for input.types\[0\] but received 3/, TypeError],
    ];
    for (const [input, message, type] of bad) {
      expect(() => Graph.fromEdges(input as never)).toThrow(type);
      expect(() => Graph.fromEdges(input as never)).toThrow(message);
    }
    try {
      Graph.fromEdges({ src: [0.5], dst: [1], directed: true });
    } catch (e) {
      expect((e as { code: string }).code).toBe('ERR_TRUENO_GRAPH_RANGE');
    }
  });

  it('refuses huge sizes before allocating, and builds large graphs in bulk', () => {
    expect(() => Graph.fromEdges({ src: [0], dst: [1], directed: true, numNodes: 2 ** 31 })).toThrow(/Expected an integer in \[0, 2147483647\] for input.numNodes but received 2147483648/);
    expect(() => Graph.fromEdges({ src: BigInt64Array.of(2n ** 40n), dst: BigInt64Array.of(0n), directed: true })).toThrow(/for src\[0\] but received bigint 1099511627776/);
    const n = 200_000;
    const g = Graph.fromEdges({ src: Int32Array.from({ length: n }, (_, i) => i), dst: Int32Array.from({ length: n }, (_, i) => (i + 1) % n), directed: true });
    expect([g.numNodes, g.numEdges, g.nodeTable().numRows, g.edgeTable().numRows]).toEqual([n, n, n, n]);
    expect(g.nodeAt(n - 1)).toEqual({ id: n - 1, dense: n - 1, label: null, properties: {} });
  });

  it('builds an empty graph', () => {
    const g = Graph.fromEdges({ src: [], dst: [], directed: true });
    expect([g.numNodes, g.numEdges]).toEqual([0, 0]);
    expect(g.csr.outOffsets).toEqual(Int32Array.of(0));
    expect(g.nodeTable().numRows).toBe(0);
  });
});

describe('incremental building', () => {
  it('adds nodes with labels and properties, edges with types, weights and properties', () => {
    const g = new Graph();
    expect(g.addNode('main', { label: 'Function', properties: { file: 'a.ts', lines: 10 } })).toBe(0);
    g.addNode('parse', { label: 'Function', properties: { file: 'b.ts', exported: true } });
    expect(g.addEdge('main', 'parse', { type: 'CALLS', properties: { line: 3 } })).toBe(0);
    g.addEdge('parse', 'fs', { type: 'IMPORTS', weight: 2 });
    expect(g.numNodes).toBe(3);
    expect(g.node('fs')).toEqual({ id: 'fs', dense: 2, label: null, properties: { file: null, lines: null, exported: null } });
    expect(g.node('main').properties).toEqual({ file: 'a.ts', lines: 10, exported: null });
    expect(g.weighted).toBe(true);
    expect(g.edge(0)).toMatchObject({ src: 'main', dst: 'parse', weight: 1, type: 'CALLS', properties: { line: 3 } });
    expect(g.edge(1)).toMatchObject({ weight: 2, type: 'IMPORTS', properties: { line: null } });
    expect(g.nodeLabels).toEqual(['Function']);
    expect(g.edgeTypes).toEqual(['CALLS', 'IMPORTS']);
  });

  it('rebuilds the CSR after a change', () => {
    const g = new Graph({ directed: true });
    g.addEdge(1, 2);
    expect(g.csr.numEdges).toBe(1);
    g.addEdge(2, 1);
    g.addNode(3);
    expect([g.csr.numEdges, g.csr.numNodes]).toEqual([2, 3]);
  });

  it('adds batches of nodes and edges, all or nothing', () => {
    const g = new Graph();
    expect(g.addNodes(['a', 'b'], { labels: ['Module', null], properties: [{ size: 1 }, undefined] })).toEqual(Int32Array.of(0, 1));
    expect(g.addEdges({ src: ['a', 'b'], dst: ['b', 'c'], types: ['IMPORTS', 'IMPORTS'], weight: [1, 3] })).toBe(0);
    expect([g.numNodes, g.numEdges]).toEqual([3, 2]);
    expect(() => g.addEdges({ src: ['a', 'b'], dst: ['c', 5] as never })).toThrow(/Expected string ids for batch/);
    expect(() => g.addNodes(['x', 'x'])).toThrow(RangeError);
    expect([g.numNodes, g.numEdges]).toEqual([3, 2]);
  });

  it('refuses bad nodes, edges and properties without changing the graph', () => {
    const g = new Graph();
    g.addNode('a', { properties: { n: 1 } });
    expect(() => g.addNode('a')).toThrow(/Expected a new node id for id but received 'a', which the graph has/);
    expect(() => g.addNode(1)).toThrow(/this graph's node ids are strings/);
    expect(() => g.addNode(null as never)).toThrow(TypeError);
    expect(() => g.addNode(1.5 as never)).toThrow(RangeError);
    expect(() => g.addNode('b', { properties: { n: 'text' } })).toThrow(/Expected a number for properties of node 'b'.n \(the column's type\) but received 'text'/);
    expect(() => g.addNode('b', { properties: { n: {} as never } })).toThrow(/Expected a string, number, bigint, boolean or null/);
    expect(() => g.addNode('b', { properties: { id: 1 } })).toThrow(/Expected a node property name other than 'id', 'label' but received 'id'/);
    expect(() => g.addNode('b', { label: 7 as never })).toThrow(TypeError);
    expect(() => g.addEdge('a', 'b', { weight: Infinity })).toThrow(/Expected a finite number for options.weight but received Infinity/);
    expect(() => g.addEdge('a', 2)).toThrow(/this graph's node ids are strings/);
    expect(() => g.addEdge('a', 'b', { properties: { src: 1 } })).toThrow(/edge property name/);
    expect(() => g.addEdge('a', 'b', 'x' as never)).toThrow(/Expected an options object for options but received 'x'/);
    expect([g.numNodes, g.numEdges, g.nodeTable().numRows, g.edgeTable().numRows]).toEqual([1, 0, 1, 0]);
  });
});

describe('ids and rows', () => {
  const g = Graph.fromEdges({ src: ['x', 'y'], dst: ['y', 'z'], directed: true });

  it('maps both ways and names what is missing', () => {
    expect(g.denseIds(['z', 'x'])).toEqual(Int32Array.of(2, 0));
    expect(g.externalIds(Int32Array.of(2, 0))).toEqual(['z', 'x']);
    expect(g.hasNode('q')).toBe(false);
    expect(() => g.denseId('q')).toThrow(NoNodeError);
    expect(() => g.denseId('q')).toThrow(/Expected a node of the graph for id but received 'q'/);
    expect(() => g.externalId(3)).toThrow(/Expected an integer in \[0, 3\) for dense but received 3/);
    expect(() => g.externalIds([0, -1])).toThrow(/for dense\[1\] but received -1/);
    expect(() => g.edge(2)).toThrow(RangeError);
    expect(() => g.nodeAt('0' as never)).toThrow(TypeError);
  });

  it('exports nodes and edges as Arrow tables', () => {
    const nodes = g.nodeTable();
    expect(nodes.schema.fields.map((f) => f.name)).toEqual(['id', 'label']);
    expect(nodes.getChild('id')!.toArray()).toEqual(['x', 'y', 'z']);
    const edges = g.edgeTable();
    expect(edges.schema.fields.map((f) => f.name)).toEqual(['src', 'dst', 'type']);
    expect(Array.from(edges.getChild('dst')!.toArray() as Int32Array)).toEqual([1, 2]);
    const numeric = Graph.fromEdges({ src: [0], dst: [1], directed: true }).nodeTable();
    expect(Array.from(numeric.getChild('id')!.toArray() as BigInt64Array)).toEqual([0n, 1n]);
  });
});

describe('Graph.fromTable', () => {
  const edges = tableFromArrays({ from: ['a', 'b', 'c'], to: ['b', 'c', 'a'], w: Float64Array.of(1, 2, 3), kind: ['x', 'y', 'x'], since: Int32Array.of(2020, 2021, 2022) });

  it('reads endpoints, weights and types and keeps the other columns as properties', () => {
    const g = Graph.fromTable(edges, { src: 'from', dst: 'to', weight: 'w', type: 'kind' });
    expect([g.numNodes, g.numEdges, g.weighted]).toEqual([3, 3, true]);
    expect(g.edge(2)).toEqual({ index: 2, src: 'c', dst: 'a', weight: 3, type: 'x', properties: { since: 2022 } });
    expect(g.edgeTable().getChild('since')!.data[0]).toBe(edges.getChild('since')!.data[0]);
  });

  it('takes an ArrowDataset and a node table that fixes the dense ids and properties', () => {
    const nodes = tableFromArrays({ id: ['c', 'b', 'a', 'd'], label: ['Module', 'Module', 'Test', 'Module'], size: Float64Array.of(3, 2, 1, 4) });
    const g = Graph.fromTable(ArrowDataset.fromTable(edges), { src: 'from', dst: 'to', directed: false }, nodes);
    expect(g.externalIds([0, 1, 2, 3])).toEqual(['c', 'b', 'a', 'd']);
    expect(g.node('a')).toEqual({ id: 'a', dense: 2, label: 'Test', properties: { size: 1 } });
    g.addNode('e', { properties: { size: 5 } });
    expect(Array.from(g.nodeTable().getChild('size')!.toArray() as Float64Array)).toEqual([3, 2, 1, 4, 5]);
  });

  it('reads node-row endpoints (as igraph numbers vertices)', () => {
    const nodes = tableFromArrays({ id: ['p', 'q'] });
    const rows = tableFromArrays({ s: Int32Array.of(1), t: Int32Array.of(0) });
    const g = Graph.fromTable(rows, { src: 's', dst: 't', endpoints: 'rows' }, nodes);
    expect(g.edge(0)).toMatchObject({ src: 'q', dst: 'p' });
    expect(() => Graph.fromTable(tableFromArrays({ s: Int32Array.of(2), t: Int32Array.of(0) }), { src: 's', dst: 't', endpoints: 'rows' }, nodes)).toThrow(/Expected node rows in \[0, 2\) in edges.s but received 2/);
  });

  it('refuses missing columns, nulls, bad weights, duplicate and unknown node ids', () => {
    expect(() => Graph.fromTable(edges, { src: 'nope', dst: 'to' })).toThrow(/Expected a column of edges \(from, to, w, kind, since\) but received 'nope'/);
    expect(() => Graph.fromTable({} as never, { src: 'from', dst: 'to' })).toThrow(/Expected an apache-arrow Table or ArrowDataset for edges but received an object/);
    expect(() => Graph.fromTable(edges, null as never)).toThrow(/Expected an options object for columns but received null/);
    const withNull = new Table({ a: vectorFromArray(['x', null], new Utf8()), b: vectorFromArray(['y', 'z'], new Utf8()) });
    expect(() => Graph.fromTable(withNull, { src: 'a', dst: 'b' })).toThrow(/Expected a node id for edges.a\[1\] but received null/);
    const nanWeights = tableFromArrays({ a: ['x'], b: ['y'], w: Float64Array.of(NaN) });
    expect(() => Graph.fromTable(nanWeights, { src: 'a', dst: 'b', weight: 'w' })).toThrow(/Expected a finite number for edges.w\[0\] but received NaN/);
    expect(() => Graph.fromTable(edges, { src: 'from', dst: 'to' }, tableFromArrays({ id: ['a', 'a'] }))).toThrow(/Expected unique node ids in nodes.id but received 'a' twice/);
    expect(() => Graph.fromTable(edges, { src: 'from', dst: 'to' }, tableFromArrays({ id: ['a', 'b'] }))).toThrow(/Expected edge endpoints among the node table's ids but received 'c'/);
    expect(() => Graph.fromTable(edges, { src: 'from', dst: 'to', endpoints: 'rows' })).toThrow(/Expected a node table with columns.endpoints 'rows'/);
  });
});
