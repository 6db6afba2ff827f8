/**
 * The Graph's algorithm methods: each takes external ids, forwards to the algorithm layer over the graph's CSR (its
 * own tests, in algorithms/, check the answers against networkx / igraph) and returns results by dense id that
 * externalIds maps back. Sync and async forms agree, and the CSR follows the graph's changes.
 */
import { CycleError, Graph, NoNodeError } from '../../lib/trueno-graph';

/** a -> b -> c -> d, a -> c (weights 1, 1, 1, 5), e alone. */
function chain(): Graph {
  const g = new Graph();
  g.addEdges({ src: ['a', 'b', 'c', 'a'], dst: ['b', 'c', 'd', 'c'], weight: [1, 1, 1, 5] });
  g.addNode('e');
  return g;
}

describe('Graph algorithm methods', () => {
  it('traverse from external ids and map results back', async () => {
    const g = chain();
    const { distances, order } = g.bfs('a');
    expect(Array.from(distances)).toEqual([0, 1, 1, 2, -1]);
    expect(g.externalIds(order)).toEqual(['a', 'b', 'c', 'd']);
    expect(await g.bfsAsync('a')).toEqual(g.bfs('a'));
    expect(Array.from(g.bfs(['d', 'e'], { direction: 'in' }).distances)).toEqual([2, 2, 1, 0, 0]);
    expect(g.externalIds(g.dfs('a').order)).toEqual(['a', 'b', 'c', 'd']);
    expect(g.externalIds(g.kHop('a', 1))).toEqual(expect.arrayContaining(['b', 'c']));
    expect(await g.dfsAsync('a')).toEqual(g.dfs('a'));
    expect(g.externalIds((await g.dfsAsync('d', { direction: 'in' })).order)).toEqual(['d', 'c', 'a', 'b']);
    expect(g.externalIds(await g.kHopAsync(['d'], 2, { direction: 'in' }))).toEqual(['a', 'b', 'c']);
    expect(await g.kHopAsync('a', 1)).toEqual(g.kHop('a', 1));
  });

  it('finds weighted and unweighted shortest paths', async () => {
    const g = chain();
    expect(Array.from(g.dijkstra('a').distances)).toEqual([0, 1, 2, 3, Infinity]);
    expect(await g.dijkstraAsync('a')).toEqual(g.dijkstra('a'));
    const weighted = g.shortestPath('a', 'd');
    expect([weighted.distance, g.externalIds(weighted.path)]).toEqual([3, ['a', 'b', 'c', 'd']]);
    const hops = g.shortestPath('a', 'd', { weighted: false });
    expect([hops.distance, g.externalIds(hops.path)]).toEqual([2, ['a', 'c', 'd']]);
    expect(g.shortestPath('d', 'a')).toEqual({ distance: Infinity, path: new Int32Array(0) });
  });

  it('ranks, groups and orders', async () => {
    const g = chain();
    const ranks = g.pagerank();
    expect(ranks.reduce((s, r) => s + r, 0)).toBeCloseTo(1, 12);
    expect(await g.pagerankAsync()).toEqual(ranks);
    expect(g.connectedComponents()).toMatchObject({ count: 2 });
    expect(await g.connectedComponentsAsync()).toEqual(g.connectedComponents());
    expect(g.stronglyConnectedComponents().count).toBe(5);
    expect(await g.stronglyConnectedComponentsAsync()).toEqual(g.stronglyConnectedComponents());
    const order = g.externalIds(g.topologicalSort());
    for (const [u, v] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['a', 'c']]) expect(order.indexOf(u)).toBeLessThan(order.indexOf(v));
    expect(g.degrees().out).toEqual(Int32Array.of(2, 1, 1, 0, 0));
    expect(g.degreeStats({ mode: 'in' }).max).toBe(2);
  });

  it('raises a CycleError whose cycle maps back to external ids', () => {
    const g = chain();
    g.addEdge('d', 'a');
    let error: unknown;
    try {
      g.topologicalSort();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CycleError);
    const cycle = g.externalIds((error as CycleError).cycle);
    expect(cycle.length).toBeGreaterThanOrEqual(3);
    expect(cycle).toContain('d');
  });

  it('has async forms of topologicalSort, louvain and minimumSpanningTree that agree with the sync ones', async () => {
    const g = chain();
    expect(await g.topologicalSortAsync()).toEqual(g.topologicalSort());
    expect(await g.louvainAsync({ randomState: 3 })).toEqual(g.louvain({ randomState: 3 }));
    expect(await g.minimumSpanningTreeAsync()).toEqual(g.minimumSpanningTree());
    g.addEdge('d', 'a');
    await expect(g.topologicalSortAsync()).rejects.toBeInstanceOf(CycleError);
    await expect(g.louvainAsync({ trials: 0 })).rejects.toThrow(RangeError);
  });

  it('runs the undirected algorithms', async () => {
    const g = Graph.fromEdges({ src: ['a', 'a', 'b', 'c'], dst: ['b', 'c', 'c', 'd'], weight: [1, 4, 2, 1], directed: false });
    expect(g.triangles().total).toBe(1);
    expect(g.clustering().local[g.denseId('a')]).toBe(1);
    const tree = g.minimumSpanningTree();
    expect(tree.totalWeight).toBe(4);
    expect(g.louvain({ randomState: 1 }).labels).toHaveLength(4);
    expect(g.betweenness()[g.denseId('c')]).toBeGreaterThan(0);
    expect(await g.betweennessAsync({ normalized: false })).toEqual(g.betweenness({ normalized: false }));
    expect(await g.trianglesAsync()).toEqual(g.triangles());
    expect(await g.clusteringAsync()).toEqual(g.clustering());
    expect(Number.isFinite(g.modularity(Int32Array.of(0, 0, 0, 1)))).toBe(true);
  });

  it('sees changes made after a first run', async () => {
    const g = chain();
    expect(g.bfs('a').distances[g.denseId('d')]).toBe(2);
    g.addEdge('a', 'd');
    expect(g.bfs('a').distances[g.denseId('d')]).toBe(1);
    g.addEdge('d', 'f');
    expect((await g.bfsAsync('a')).distances[g.denseId('f')]).toBe(2);
  });

  it('refuses unknown nodes and bad options', async () => {
    const g = chain();
    expect(() => g.bfs('zz')).toThrow(NoNodeError);
    await expect(g.bfsAsync(['a', 'zz'])).rejects.toThrow(/received 'zz'/);
    expect(() => g.shortestPath('a', 7 as never)).toThrow(TypeError);
    expect(() => g.pagerank({ damping: 2 })).toThrow(RangeError);
    expect(() => g.bfs('a', { direction: 'up' as never })).toThrow(TypeError);
    const negative = Graph.fromEdges({ src: [0], dst: [1], weight: [-1], directed: true });
    expect(() => negative.dijkstra(0)).toThrow(RangeError);
    expect(new Graph().pagerank()).toEqual(new Float64Array(0));
    await expect(g.dfsAsync('zz')).rejects.toThrow(NoNodeError);
    await expect(g.kHopAsync('a', -1)).rejects.toThrow(RangeError);
    await expect(g.betweennessAsync({ samples: 99 })).rejects.toThrow(RangeError);
    // options come first: a misspelt key is named even when the node is unknown too
    await expect(g.dfsAsync('zz', { direction: 'in', depth: 2 } as never)).rejects.toThrow(/received 'depth'/);
    await expect(g.kHopAsync('zz', 2, { dir: 'in' } as never)).rejects.toThrow(/received 'dir'/);
    await expect(g.betweennessAsync({ sample: 3 } as never)).rejects.toThrow(/received 'sample'/);
    expect(() => g.bfs('zz', { depth: 2 } as never)).toThrow(/received 'depth'/);
    await expect(g.bfsAsync('zz', { depth: 2 } as never)).rejects.toThrow(/received 'depth'/);
    expect(() => g.dfs('zz', { dir: 'in' } as never)).toThrow(/received 'dir'/);
    expect(() => g.kHop('zz', 1, { dir: 'in' } as never)).toThrow(/received 'dir'/);
    expect(() => g.betweenness({ sample: 3 } as never)).toThrow(/received 'sample'/);
    expect(() => g.degreeStats({ direction: 'in' } as never)).toThrow(/received 'direction'/);
  });

  it('async forms see changes made after a first run', async () => {
    const g = chain();
    expect((await g.trianglesAsync()).total).toBe(1);
    g.addEdge('d', 'b');
    expect((await g.trianglesAsync()).total).toBe(2);
    expect(g.externalIds(await g.kHopAsync('d', 1))).toEqual(['b']);
  });
});
