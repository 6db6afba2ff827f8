/**
 * Bad input to every entry point of the algorithm layer: a clear TypeError / RangeError ("Expected X for Y but
 * received Z", `.code` ERR_TRUENO_GRAPH_*), never a crash; a tampered CSR reaching a kernel is refused by every
 * backend (ERR_TRUENO_EINVAL). And the documented behaviour on empty graphs, self-loops and multi-edges.
 */
import { buildCsr, buildCsrAsync, type Csr } from '../../../lib/trueno-graph/csr';
import * as g from '../../../lib/trueno-graph/algorithms';
import { activate, configurations, resetBackends } from '../../trueno/helpers';

const TYPE = expect.objectContaining({ name: 'TypeError', code: 'ERR_TRUENO_GRAPH_TYPE' });
const RANGE = expect.objectContaining({ name: 'RangeError', code: 'ERR_TRUENO_GRAPH_RANGE' });

const s = Int32Array.of(0, 1, 2), d = Int32Array.of(1, 2, 0);
const csr = buildCsr(3, s, d, null, true);
const weighted = buildCsr(3, s, d, Float64Array.of(1, 2, 3), true);

afterAll(resetBackends);

describe('buildCsr', () => {
  test.each([
    ['numNodes not an integer', () => buildCsr(2.5, s, d, null, true), RANGE],
    ['numNodes negative', () => buildCsr(-1, s, d, null, true), RANGE],
    ['numNodes NaN', () => buildCsr(NaN, s, d, null, true), RANGE],
    ['src a plain array', () => buildCsr(3, [0, 1] as unknown as Int32Array, d, null, true), TYPE],
    ['dst a Float64Array', () => buildCsr(3, s, Float64Array.of(1, 2, 0) as unknown as Int32Array, null, true), TYPE],
    ['weights an Int32Array', () => buildCsr(3, s, d, Int32Array.of(1, 2, 3) as unknown as Float64Array, true), TYPE],
    ['directed a string', () => buildCsr(3, s, d, null, 'yes' as unknown as boolean), TYPE],
    ['lengths differ', () => buildCsr(3, s, Int32Array.of(1), null, true), RANGE],
    ['weights too short', () => buildCsr(3, s, d, Float64Array.of(1), true), RANGE],
    ['an id out of range', () => buildCsr(3, s, Int32Array.of(1, 3, 0), null, true), RANGE],
    ['a negative id', () => buildCsr(3, Int32Array.of(0, -1, 2), d, null, true), RANGE],
    ['a NaN weight', () => buildCsr(3, s, d, Float64Array.of(1, NaN, 3), true), RANGE],
  ])('%s', (_what, call, error) => {
    expect(call).toThrow(error);
  });

  test('async rejects with the same errors', async () => {
    await expect(buildCsrAsync(3, s, Int32Array.of(1, 3, 0), null, true)).rejects.toThrow(RANGE);
    await expect(buildCsrAsync(3, s, d, null, 1 as unknown as boolean)).rejects.toThrow(TYPE);
  });

  test('the message names what was expected and what came', () => {
    expect(() => buildCsr(3, s, Int32Array.of(1, 3, 0), null, true)).toThrow('Expected node ids in [0, 3) for edge 1 but received 1 -> 3');
  });
});

describe('algorithms', () => {
  test.each([
    ['bfs: not a csr', () => g.bfs({} as Csr, 0), TYPE],
    ['bfs: a csr with mismatched arrays', () => g.bfs({ ...csr, numNodes: 5 }, 0), RANGE],
    ['bfs: source out of range', () => g.bfs(csr, 3), RANGE],
    ['bfs: source a string', () => g.bfs(csr, '0' as unknown as number), TYPE],
    ['bfs: fractional source', () => g.bfs(csr, 0.5), RANGE],
    ['bfs: empty source list', () => g.bfs(csr, []), RANGE],
    ['bfs: a bad source in a list', () => g.bfs(csr, [0, 7]), RANGE],
    ['bfs: bad direction', () => g.bfs(csr, 0, { direction: 'up' as 'out' }), TYPE],
    ['bfs: negative maxDepth', () => g.bfs(csr, 0, { maxDepth: -1 }), RANGE],
    ['bfs: options not an object', () => g.bfs(csr, 0, 5 as unknown as object), TYPE],
    ['dfs: source out of range', () => g.dfs(csr, -1), RANGE],
    ['kHop: negative k', () => g.kHop(csr, 0, -1), RANGE],
    ['kHop: k NaN', () => g.kHop(csr, 0, NaN), RANGE],
    ['dijkstra: unweighted graph', () => g.dijkstra(csr, 0), TYPE],
    ['dijkstra: source out of range', () => g.dijkstra(weighted, 9), RANGE],
    ['dijkstra: negative weight', () => g.dijkstra(buildCsr(3, s, d, Float64Array.of(1, -2, 3), true), 0), RANGE],
    ['dijkstra: infinite weight', () => g.dijkstra(buildCsr(3, s, d, Float64Array.of(1, Infinity, 3), true), 0), RANGE],
    ['shortestPath: target out of range', () => g.shortestPath(weighted, 0, 3), RANGE],
    ['shortestPath: weighted not a boolean', () => g.shortestPath(weighted, 0, 1, { weighted: 1 as unknown as boolean }), TYPE],
    ['pagerank: damping above 1', () => g.pagerank(csr, { damping: 1.5 }), RANGE],
    ['pagerank: damping NaN', () => g.pagerank(csr, { damping: NaN }), RANGE],
    ['pagerank: damping a string', () => g.pagerank(csr, { damping: '0.8' as unknown as number }), TYPE],
    ['pagerank: negative tol', () => g.pagerank(csr, { tol: -1 }), RANGE],
    ['pagerank: maxIter 0', () => g.pagerank(csr, { maxIter: 0 }), RANGE],
    ['pagerank: personalization of the wrong length', () => g.pagerank(csr, { personalization: Float64Array.of(1) }), RANGE],
    ['pagerank: personalization all zero', () => g.pagerank(csr, { personalization: new Float64Array(3) }), RANGE],
    ['pagerank: personalization with NaN', () => g.pagerank(csr, { personalization: Float64Array.of(1, NaN, 1) }), RANGE],
    ['pagerank: personalization a plain array', () => g.pagerank(csr, { personalization: [1, 1, 1] as unknown as Float64Array }), TYPE],
    ['pagerank: weighted on an unweighted graph', () => g.pagerank(csr, { weighted: true }), TYPE],
    ['pagerank: a negative weight', () => g.pagerank(buildCsr(3, s, d, Float64Array.of(1, -2, 3), true)), RANGE],
    ['connectedComponents: not a csr', () => g.connectedComponents(null as unknown as Csr), TYPE],
    ['topologicalSort: undirected', () => g.topologicalSort(buildCsr(2, Int32Array.of(0), Int32Array.of(1), null, false)), TYPE],
    ['louvain: resolution 0', () => g.louvain(csr, { resolution: 0 }), RANGE],
    ['louvain: randomState negative', () => g.louvain(csr, { randomState: -1 }), RANGE],
    ['louvain: maxLevels 0', () => g.louvain(csr, { maxLevels: 0 }), RANGE],
    ['louvain: trials 0', () => g.louvain(csr, { trials: 0 }), RANGE],
    ['louvain: trials 1.5', () => g.louvain(csr, { trials: 1.5 }), RANGE],
    ['louvain: trials 1025', () => g.louvain(csr, { trials: 1025 }), RANGE],
    ['louvain: trials a string', () => g.louvain(csr, { trials: '8' as unknown as number }), TYPE],
    ['louvain: an unknown key, before the graph', () => g.louvain(undefined as unknown as Csr, { trails: 8 } as never), TYPE],
    ['louvain: weighted on an unweighted graph', () => g.louvain(csr, { weighted: true }), TYPE],
    ['modularity: an unknown key, before the graph', () => g.modularity(undefined as unknown as Csr, new Int32Array(3), { resolutoin: 1 } as never), TYPE],
    ['minimumSpanningTree: an unknown key, before the graph', () => g.minimumSpanningTree(undefined as unknown as Csr, { weight: true } as never), TYPE],
    ['minimumSpanningTree: a NaN weight', () => g.minimumSpanningTree(buildCsr(3, s, d, Float64Array.of(1, NaN, 3), true)), RANGE],
    ['topologicalSort: not a Csr', () => g.topologicalSort({} as Csr), TYPE],
    ['louvain: NaN weight', () => g.louvain(buildCsr(3, s, d, Float64Array.of(1, -1, 3), true)), RANGE],
    ['modularity: labels of the wrong length', () => g.modularity(csr, Int32Array.of(0)), RANGE],
    ['modularity: labels not an Int32Array', () => g.modularity(csr, [0, 0, 0] as unknown as Int32Array), TYPE],
    ['betweenness: samples 0', () => g.betweenness(csr, { samples: 0 }), RANGE],
    ['betweenness: samples above n', () => g.betweenness(csr, { samples: 4 }), RANGE],
    ['betweenness: normalized a number', () => g.betweenness(csr, { normalized: 1 as unknown as boolean }), TYPE],
    ['degreeStats: bad mode', () => g.degreeStats(csr, { mode: 'sideways' as 'in' }), TYPE],
    ['betweenness: options a string', () => g.betweenness(csr, 'fast' as unknown as object), TYPE],
    ['betweenness: fractional samples', () => g.betweenness(csr, { samples: 1.5 }), RANGE],
    ['betweenness: samples NaN', () => g.betweenness(csr, { samples: NaN }), RANGE],
    ['betweenness: randomState too large', () => g.betweenness(csr, { randomState: 2 ** 32 }), RANGE],
    ['betweenness: weighted on an unweighted graph', () => g.betweenness(csr, { weighted: true }), RANGE],
    ['betweenness: a NaN-free but negative weight', () => g.betweenness(buildCsr(3, s, d, Float64Array.of(1, -2, 3), true)), RANGE],
    ['betweenness: an infinite weight', () => g.betweenness(buildCsr(3, s, d, Float64Array.of(1, Infinity, 3), true)), RANGE],
    ['betweenness: not a csr', () => g.betweenness([] as unknown as Csr), TYPE],
    ['triangles: not a csr', () => g.triangles(undefined as unknown as Csr), TYPE],
    ['clustering: a csr with mismatched arrays', () => g.clustering({ ...csr, numNodes: 2 }), RANGE],
    ['dfs: bad direction', () => g.dfs(csr, 0, { direction: 'down' as 'out' }), TYPE],
    ['dfs: source NaN', () => g.dfs(csr, NaN), RANGE],
    ['dfs: source a bigint', () => g.dfs(csr, 1n as unknown as number), TYPE],
    ['kHop: k a string', () => g.kHop(csr, 0, '2' as unknown as number), TYPE],
    ['kHop: k Infinity', () => g.kHop(csr, 0, Infinity), RANGE],
    ['kHop: an empty source list', () => g.kHop(csr, [], 1), RANGE],
    ['minimumSpanningTree: weighted a string', () => g.minimumSpanningTree(weighted, { weighted: 'y' as unknown as boolean }), TYPE],
  ])('%s', (_what, call, error) => {
    expect(call).toThrow(error);
  });

  test('async forms reject with the same errors', async () => {
    await expect(g.bfsAsync(csr, 3)).rejects.toThrow(RANGE);
    await expect(g.dijkstraAsync(csr, 0)).rejects.toThrow(TYPE);
    await expect(g.pagerankAsync(csr, { damping: 2 })).rejects.toThrow(RANGE);
    await expect(g.connectedComponentsAsync({} as Csr)).rejects.toThrow(TYPE);
    await expect(g.stronglyConnectedComponentsAsync({} as Csr)).rejects.toThrow(TYPE);
    await expect(g.louvainAsync(csr, { resolution: -1 })).rejects.toThrow(RANGE);
    await expect(g.louvainAsync({} as Csr)).rejects.toThrow(TYPE);
    await expect(g.minimumSpanningTreeAsync(csr, { weighted: 1 as unknown as boolean })).rejects.toThrow(TYPE);
    await expect(g.topologicalSortAsync(buildCsr(2, Int32Array.of(0), Int32Array.of(1), null, false))).rejects.toThrow(TYPE);
    await expect(g.betweennessAsync(csr, { samples: 0 })).rejects.toThrow(RANGE);
    await expect(g.trianglesAsync(null as unknown as Csr)).rejects.toThrow(TYPE);
    await expect(g.clusteringAsync({} as Csr)).rejects.toThrow(TYPE);
    await expect(g.dfsAsync(csr, 3)).rejects.toThrow(RANGE);
    await expect(g.kHopAsync(csr, 0, -2)).rejects.toThrow(RANGE);
  });

  test('betweenness, dfs and kHop (and their async forms) check their options before anything else', async () => {
    const unknown = expect.objectContaining({ name: 'TypeError', message: expect.stringMatching(/^Expected one of .* but received 'fast'$/) });
    const nothing = undefined as unknown as Csr;
    expect(() => g.betweenness(nothing, { fast: true } as object)).toThrow(unknown);
    expect(() => g.dfs(nothing, NaN, { fast: true } as object)).toThrow(unknown);
    expect(() => g.kHop(nothing, [], NaN, { fast: true } as object)).toThrow(unknown);
    await expect(g.betweennessAsync(nothing, { fast: true } as object)).rejects.toThrow(unknown);
    await expect(g.dfsAsync(nothing, NaN, { fast: true } as object)).rejects.toThrow(unknown);
    await expect(g.kHopAsync(nothing, [], NaN, { fast: true } as object)).rejects.toThrow(unknown);
  });

  test('pagerank that does not converge is a GraphError', () => {
    expect(() => g.pagerank(csr, { tol: 0, maxIter: 3 })).toThrow(expect.objectContaining({ code: 'ERR_TRUENO_GRAPH_NO_CONVERGENCE' }));
  });
});

describe.each(configurations().filter((c) => c.isa === 'scalar' || c.backend !== 'native'))('a tampered CSR on $label', (config) => {
  test('is refused by the kernel, not read out of bounds', () => {
    activate(config);
    const bad = { ...csr, outTargets: Int32Array.of(1, 2, 99), inSources: Int32Array.of(2, 0, -5) };
    const einval = expect.objectContaining({ code: 'ERR_TRUENO_EINVAL' });
    expect(() => g.bfs(bad, 0)).toThrow(einval);
    expect(() => g.connectedComponents(bad)).toThrow(einval);
    expect(() => g.stronglyConnectedComponents(bad)).toThrow(einval);
    expect(() => g.pagerank(bad)).toThrow(einval);
    expect(() => g.betweenness(bad)).toThrow(einval);
    expect(() => g.triangles(bad)).toThrow(einval);
    expect(() => g.dfs(bad, 0)).toThrow(einval);
    expect(() => g.kHop(bad, 0, 2)).toThrow(einval);
    const unsorted = { ...csr, outOffsets: Int32Array.of(0, 2, 1, 3) };
    expect(() => g.bfs(unsorted, 0)).toThrow(einval);
    expect(() => g.dfs(unsorted, 0)).toThrow(einval);
    // triangles merge sorted runs: a run out of order is refused, not miscounted
    const shuffled = buildCsr(3, Int32Array.of(0, 0), Int32Array.of(1, 2), null, false);
    expect(() => g.triangles({ ...shuffled, outTargets: Int32Array.of(2, 1, 0, 0) })).toThrow(einval);
  });
});

describe('documented behaviour', () => {
  test('an empty graph: empty results, no components, NaN statistics', () => {
    const empty = buildCsr(0, new Int32Array(0), new Int32Array(0), null, true);
    expect(g.pagerank(empty)).toEqual(new Float64Array(0));
    expect(g.connectedComponents(empty)).toEqual({ count: 0, labels: new Int32Array(0), sizes: new Int32Array(0) });
    expect(g.stronglyConnectedComponents(empty).count).toBe(0);
    expect(g.topologicalSort(empty)).toEqual(new Int32Array(0));
    expect(g.louvain(empty)).toEqual({ labels: new Int32Array(0), count: 0, modularity: 0 });
    expect(g.betweenness(empty)).toEqual(new Float64Array(0));
    expect(g.triangles(empty)).toEqual({ perNode: new Int32Array(0), total: 0 });
    expect(g.clustering(empty)).toEqual({ local: new Float64Array(0), average: NaN, transitivity: 0 });
    expect(g.minimumSpanningTree(empty)).toEqual({ edgeIds: new Int32Array(0), totalWeight: 0 });
    expect(g.degreeStats(empty).mean).toBeNaN();
    expect(() => g.bfs(empty, 0)).toThrow(RANGE);
  });

  test('nodes without edges: each its own component, uniform pagerank, no communities joined', () => {
    const lonely = buildCsr(4, new Int32Array(0), new Int32Array(0), null, false);
    expect(g.connectedComponents(lonely).count).toBe(4);
    expect(Array.from(g.pagerank(lonely))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(g.louvain(lonely)).toEqual({ labels: Int32Array.of(0, 1, 2, 3), count: 4, modularity: 0 });
  });

  test('self-loops count 2 in an undirected degree, never in triangles or the MST; multi-edges are separate entries', () => {
    const u = buildCsr(3, Int32Array.of(0, 0, 0, 1), Int32Array.of(0, 1, 1, 2), Float64Array.of(5, 2, 1, 4), false);
    expect(Array.from(g.degrees(u).total)).toEqual([4, 3, 1]);
    expect(g.triangles(u).total).toBe(0);
    expect(g.minimumSpanningTree(u)).toEqual({ edgeIds: Int32Array.of(2, 3), totalWeight: 5 });
    expect(g.dijkstra(u, 0).distances[1]).toBe(1); // the lighter of the two parallel edges
    expect(Array.from(g.bfs(u, 2).distances)).toEqual([2, 1, 0]);
  });
});
