/**
 * The graph kernels give the same arrays on every backend (native with 1 and 2 threads, WASM, the JS reference) on
 * random multigraphs with self-loops and repeated edges, directed and undirected, weighted and not; the `...Async`
 * forms give what the sync ones give; betweenness and triangles do not depend on the native thread count.
 */
import { buildCsr, buildCsrAsync, type Csr } from '../../../lib/trueno-graph/csr';
import * as g from '../../../lib/trueno-graph/algorithms';
import { setThreads } from '../../../lib/trueno';
import { activate, configurations, resetBackends, sym } from '../../trueno/helpers';

/** A random multigraph: n nodes, m edges, every 13th a self-loop, every 11th a repeat of the one before. */
function randomEdges(n: number, m: number, seed: number) {
  const a = sym(seed, m), b = sym(seed + 1, m), w = sym(seed + 2, m);
  const src = new Int32Array(m), dst = new Int32Array(m), weights = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    src[e] = Math.floor(((a[e] + 1) / 2) * n);
    dst[e] = e % 13 === 0 ? src[e] : Math.floor(((b[e] + 1) / 2) * n);
    if (e % 11 === 1) {
      src[e] = src[e - 1];
      dst[e] = dst[e - 1];
    }
    weights[e] = Math.round((w[e] + 1) * 50) / 8; // ties on purpose
  }
  return { src, dst, weights };
}

const N = 3000, M = 20000;
const edges = randomEdges(N, M, 5);
const sources = Int32Array.of(3, 17, 3, 2999);

function everything(csr: Csr) {
  return {
    csr,
    bfs: (['out', 'in', 'both'] as const).map((direction) => g.bfs(csr, sources, { direction })),
    bfsDepth: g.bfs(csr, 0, { maxDepth: 2 }),
    dijkstra: (['out', 'in', 'both'] as const).map((direction) => g.dijkstra(csr, 7, { direction })),
    path: g.shortestPath(csr, 7, 2000),
    pagerank: g.pagerank(csr, { tol: 1e-12, maxIter: 1000 }),
    pagerankUnweighted: g.pagerank(csr, { tol: 1e-12, maxIter: 1000, weighted: false }),
    wcc: g.connectedComponents(csr),
    scc: g.stronglyConnectedComponents(csr),
    // sampled: an exact run on 3000 nodes is seconds in the js reference; 16 source chunks either way
    betweenness: g.betweenness(csr, { samples: 100, randomState: 2 }),
    betweennessHops: g.betweenness(csr, { samples: 300, randomState: 4, weighted: false, normalized: false }),
    triangles: g.triangles(csr),
    clustering: g.clustering(csr),
    dfs: (['out', 'in', 'both'] as const).map((direction) => g.dfs(csr, 5, { direction })),
    kHop: g.kHop(csr, sources, 2, { direction: 'both' }),
  };
}

/** Typed arrays as byte strings (jest's toEqual walks big typed arrays element by element, slowly). */
function bytesOf(x: unknown): unknown {
  if (ArrayBuffer.isView(x)) return `${x.constructor.name}:${Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64')}`;
  if (Array.isArray(x)) return x.map(bytesOf);
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, bytesOf(v)]));
  return x;
}
const same = (a: unknown, b: unknown) => expect(bytesOf(a)).toEqual(bytesOf(b));

afterAll(resetBackends);

describe.each([true, false])('directed %s', (directed) => {
  const results = new Map<string, ReturnType<typeof everything>>();
  const configs = configurations().filter((c) => c.isa === 'scalar' || c.backend !== 'native');

  test.each(configs.map((c) => [c.label, c] as const))('%s', (_label, config) => {
    activate(config);
    results.set(config.label, everything(buildCsr(N, edges.src, edges.dst, edges.weights, directed)));
  });

  test('every backend and thread count gives the same arrays', () => {
    const [first, ...rest] = [...results.values()];
    expect(first).toBeDefined();
    for (const other of rest) same(other, first);
  });

  test('the async forms give what the sync ones give', async () => {
    activate(configs[0]);
    const csr = await buildCsrAsync(N, edges.src, edges.dst, edges.weights, directed);
    same(csr, buildCsr(N, edges.src, edges.dst, edges.weights, directed));
    same(await g.bfsAsync(csr, sources, { direction: 'both' }), g.bfs(csr, sources, { direction: 'both' }));
    same(await g.dijkstraAsync(csr, 7), g.dijkstra(csr, 7));
    same(await g.pagerankAsync(csr), g.pagerank(csr));
    same(await g.connectedComponentsAsync(csr), g.connectedComponents(csr));
    same(await g.stronglyConnectedComponentsAsync(csr), g.stronglyConnectedComponents(csr));
    same(await g.betweennessAsync(csr, { samples: 50 }), g.betweenness(csr, { samples: 50 }));
    same(await g.trianglesAsync(csr), g.triangles(csr));
    same(await g.clusteringAsync(csr), g.clustering(csr));
    same(await g.dfsAsync(csr, 9, { direction: 'in' }), g.dfs(csr, 9, { direction: 'in' }));
    same(await g.kHopAsync(csr, sources, 3), g.kHop(csr, sources, 3));
  });

  test('betweenness and triangles give the same bits with 1, 3 and 8 native threads', () => {
    activate(configs[0]);
    const csr = buildCsr(N, edges.src, edges.dst, edges.weights, directed);
    const runs = [1, 3, 8].map((threads) => {
      setThreads(threads);
      return [g.betweenness(csr, { samples: 64, randomState: 1 }), g.triangles(csr)];
    });
    resetBackends();
    same(runs[1], runs[0]);
    same(runs[2], runs[0]);
  });
});

describe('properties every backend shares', () => {
  const csr = buildCsr(N, edges.src, edges.dst, edges.weights, true);

  test('the CSR lists each edge once per side, runs sorted by (neighbour, edge id)', () => {
    for (const [off, adj, ids, from, to] of [
      [csr.outOffsets, csr.outTargets, csr.outEdgeIds, edges.src, edges.dst],
      [csr.inOffsets, csr.inSources, csr.inEdgeIds, edges.dst, edges.src],
    ] as const) {
      const seen = new Uint8Array(M);
      let ok = true;
      for (let v = 0; v < N; v++) {
        for (let e = off[v]; e < off[v + 1]; e++) {
          ok &&= from[ids[e]] === v && to[ids[e]] === adj[e];
          if (e > off[v]) ok &&= adj[e - 1] < adj[e] || (adj[e - 1] === adj[e] && ids[e - 1] < ids[e]);
          seen[ids[e]]++;
        }
      }
      expect(ok).toBe(true);
      expect(seen.every((s) => s === 1)).toBe(true);
    }
    expect(csr.outWeights![5]).toBe(edges.weights[csr.outEdgeIds[5]]);
  });

  test('BFS distances are shortest hop counts: each edge spans at most one level, parents one level up', () => {
    const { distances, parents, order } = g.bfs(csr, sources);
    let ok = true;
    for (let u = 0; u < N; u++) {
      for (let e = csr.outOffsets[u]; e < csr.outOffsets[u + 1]; e++) {
        const v = csr.outTargets[e];
        if (distances[u] >= 0) ok &&= distances[v] >= 0 && distances[v] <= distances[u] + 1;
      }
      if (parents[u] >= 0) ok &&= distances[parents[u]] === distances[u] - 1;
    }
    expect(ok).toBe(true);
    expect(order.length).toBe(distances.filter((d) => d >= 0).length);
    expect(Array.from(order.slice(0, 3))).toEqual([3, 17, 2999]);
  });

  test('kHop is the BFS ball minus the sources; dfs visits what BFS reaches, finishing children first', () => {
    const ball = g.kHop(csr, [3, 17], 2);
    const { distances } = g.bfs(csr, [3, 17]);
    expect(Array.from(ball)).toEqual(Array.from(distances.keys()).filter((v) => distances[v] === 1 || distances[v] === 2));
    expect(g.kHop(csr, 3, 0).length).toBe(0);
    const d = g.dfs(csr, 3);
    const from3 = g.bfs(csr, 3).distances;
    expect(Array.from(d.order).sort((a, b) => a - b)).toEqual(Array.from(from3.keys()).filter((v) => from3[v] >= 0));
    let ok = true;
    for (const v of d.order) {
      const p = d.parents[v];
      if (p >= 0) ok &&= d.discovery[p] < d.discovery[v] && d.finish[p] > d.finish[v];
    }
    expect(ok).toBe(true);
  });

  test('shortestPath follows edges and sums their weights; unreachable is Infinity and an empty path', () => {
    const { distance, path } = g.shortestPath(csr, 7, 2000);
    let total = 0;
    for (let i = 0; i + 1 < path.length; i++) {
      let best = Infinity;
      for (let e = csr.outOffsets[path[i]]; e < csr.outOffsets[path[i] + 1]; e++) {
        if (csr.outTargets[e] === path[i + 1]) best = Math.min(best, csr.outWeights![e]);
      }
      total += best;
    }
    expect(total).toBeCloseTo(distance, 9);
    expect(distance).toBe(g.dijkstra(csr, 7).distances[2000]);
    const island = buildCsr(3, Int32Array.of(0), Int32Array.of(1), Float64Array.of(2), true);
    expect(g.shortestPath(island, 0, 2)).toEqual({ distance: Infinity, path: new Int32Array(0) });
    expect(g.shortestPath(island, 1, 1)).toEqual({ distance: 0, path: Int32Array.of(1) });
    expect(g.shortestPath(island, 0, 1, { weighted: false })).toEqual({ distance: 1, path: Int32Array.of(0, 1) });
  });

  test('pagerank sums to 1 and does not depend on the thread count', () => {
    const r = g.pagerank(csr);
    expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('topological sort and cycles', () => {
  test('a random DAG: every edge goes forward, smallest ready node first', () => {
    const { src, dst } = randomEdges(500, 3000, 9);
    const s = new Int32Array(src.length), d = new Int32Array(src.length);
    let m = 0;
    for (let e = 0; e < src.length; e++) {
      if (src[e] === dst[e]) continue;
      s[m] = Math.min(src[e], dst[e]) * 7 % 500; // a permuted order (7 is coprime with 500)
      d[m++] = Math.max(src[e], dst[e]) * 7 % 500;
    }
    const rank = new Int32Array(500);
    const dag = buildCsr(500, s.slice(0, m), d.slice(0, m), null, true);
    const order = g.topologicalSort(dag);
    order.forEach((v, i) => (rank[v] = i));
    expect(new Set(order).size).toBe(500);
    let forward = true;
    for (let e = 0; e < m; e++) forward &&= rank[s[e]] < rank[d[e]];
    expect(forward).toBe(true);
    expect(Array.from(g.topologicalSort(buildCsr(3, Int32Array.of(2), Int32Array.of(0), null, true)))).toEqual([1, 2, 0]);
  });

  test('a cycle is a CycleError naming one directed cycle', () => {
    const s = Int32Array.of(0, 1, 2, 3, 4, 5), d = Int32Array.of(1, 2, 3, 4, 2, 0);
    const csr = buildCsr(6, s, d, null, true);
    let caught: unknown;
    try {
      g.topologicalSort(csr);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(g.CycleError);
    const { cycle, code } = caught as InstanceType<typeof g.CycleError>;
    expect(code).toBe('ERR_TRUENO_GRAPH_CYCLE');
    const edgeSet = new Set(Array.from(s).map((u, i) => `${u}>${d[i]}`));
    for (let i = 0; i < cycle.length; i++) expect(edgeSet.has(`${cycle[i]}>${cycle[(i + 1) % cycle.length]}`)).toBe(true);
    expect(Array.from(cycle).sort()).toEqual([2, 3, 4]);
    const loop = buildCsr(2, Int32Array.of(1), Int32Array.of(1), null, true);
    expect(() => g.topologicalSort(loop)).toThrow(expect.objectContaining({ cycle: Int32Array.of(1) }));
  });
});
