/**
 * The structure kernels (Louvain, minimum spanning tree, topological sort): native, WASM and the js reference give the
 * same arrays and the same modularity bits on every backend, ISA level and thread count, sync and async; the kernels
 * refuse a malformed call (ERR_TRUENO_EINVAL) on every backend; and the async forms reject as the sync ones throw.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../../../lib/common/random';
import { kernels } from '../../../lib/trueno/backend/loader';
import { buildCsr, type Csr } from '../../../lib/trueno-graph/csr';
import * as g from '../../../lib/trueno-graph/algorithms';
import { CycleError } from '../../../lib/trueno-graph';
import { activate, configurations, resetBackends } from '../../trueno/helpers';

interface Case { name: string; directed: boolean; n: number; src: number[]; dst: number[]; weights: number[] | null }

const data = JSON.parse(readFileSync(join(__dirname, 'graphs-networkx.json'), 'utf8')) as { cases: Case[] };

/** A random graph with self-loops, multi-edges, and weights with ties, -0, Infinity and negatives. */
function randomGraph(seed: number, n: number, m: number, directed: boolean): Csr {
  const r = new Random(seed);
  const src = new Int32Array(m), dst = new Int32Array(m), w = new Float64Array(m);
  const special = [0, -0, Infinity, -3, 2, 2];
  for (let e = 0; e < m; e++) {
    src[e] = r.int(n);
    dst[e] = r.int(n);
    w[e] = e % 7 === 0 ? special[e % special.length] : Math.round(r.next() * 50) / 10;
  }
  return buildCsr(n, src, dst, w, directed);
}

/** A random DAG (edges from smaller to larger position of a permutation), optionally closed into a cycle. */
function randomDag(seed: number, n: number, m: number, cycle: boolean): Csr {
  const r = new Random(seed), perm = r.permutation(n);
  const src: number[] = [], dst: number[] = [];
  for (let e = 0; e < m; e++) {
    const a = r.int(n), b = r.int(n);
    if (a === b) continue;
    src.push(perm[Math.min(a, b)]);
    dst.push(perm[Math.max(a, b)]);
  }
  if (cycle) {
    // a back edge from the end of a path to its start
    src.push(perm[n - 1], perm[n - 2]);
    dst.push(perm[n - 2], perm[n - 1]);
  }
  return buildCsr(n, Int32Array.from(src), Int32Array.from(dst), null, true);
}

const graphs: Array<[string, Csr]> = [
  ...data.cases.map((c) => [c.name, buildCsr(c.n, Int32Array.from(c.src), Int32Array.from(c.dst), c.weights ? Float64Array.from(c.weights) : null, c.directed)] as [string, Csr]),
  ['random undirected (self-loops, multi-edges)', randomGraph(1, 400, 1600, false)],
  ['random directed', randomGraph(2, 300, 1200, true)],
];

/** What each call gives, or the error it throws, as plain data. */
function outcome(call: () => unknown): unknown {
  try {
    return call();
  } catch (e) {
    return e instanceof CycleError ? { cycle: Array.from(e.cycle), message: e.message } : { error: (e as Error).message };
  }
}

const positiveWeights = (c: Csr) => (c.outWeights ? c.outWeights.every((w) => w >= 0 && w < Infinity) : true);

/** Every answer the structure kernels give on the graphs, on the active backend. */
function answers(): unknown[] {
  const out: unknown[] = [];
  for (const [, csr] of graphs) {
    for (const randomState of [0, 3]) {
      if (positiveWeights(csr)) out.push(g.louvain(csr, { randomState }));
      out.push(g.louvain(csr, { randomState, weighted: false, resolution: 1.7, trials: 3 }));
    }
    out.push(g.louvain(csr, { weighted: false, maxLevels: 1, trials: 1 }));
    out.push(g.minimumSpanningTree(csr));
    out.push(g.minimumSpanningTree(csr, { weighted: false }));
    if (csr.directed) out.push(outcome(() => g.topologicalSort(csr)));
  }
  for (const seed of [1, 2, 3]) {
    out.push(g.topologicalSort(randomDag(seed, 200, 600, false)));
    out.push(outcome(() => g.topologicalSort(randomDag(seed, 200, 600, true))));
  }
  return out;
}

afterAll(resetBackends);

const configs = configurations();
activate(configs.find((c) => c.backend === 'js') ?? configs[0]);
const reference = answers();

describe.each(configs.filter((c) => c.isa === 'scalar' || c.backend !== 'native'))('structure kernels on $label', (config) => {
  beforeAll(() => activate(config));

  test('the same answers as the js reference', () => {
    activate(config);
    expect(answers()).toEqual(reference);
  });

  test('async forms give the sync answers', async () => {
    activate(config);
    const [, karate] = graphs[0];
    expect(await g.louvainAsync(karate, { randomState: 4 })).toEqual(g.louvain(karate, { randomState: 4 }));
    expect(await g.minimumSpanningTreeAsync(graphs[1][1])).toEqual(g.minimumSpanningTree(graphs[1][1]));
    const dag = randomDag(5, 100, 300, false);
    expect(await g.topologicalSortAsync(dag)).toEqual(g.topologicalSort(dag));
    await expect(g.topologicalSortAsync(randomDag(5, 100, 300, true))).rejects.toBeInstanceOf(CycleError);
    await expect(g.louvainAsync(karate, { trials: 0 })).rejects.toThrow(expect.objectContaining({ name: 'RangeError' }));
  });

  test('a malformed call is refused by the kernel, never read out of bounds', () => {
    activate(config);
    const k = kernels();
    // values the core refuses (EINVAL); array shapes the addon or the WASM glue refuses before the core is called
    const einval = expect.objectContaining({ code: expect.stringMatching(/^ERR_TRUENO_/) });
    const off = Int32Array.of(0, 1, 2), adj = Int32Array.of(1, 0), labels = new Int32Array(2);
    const none = new Float64Array(0);
    expect(k.graphLouvain(2, off, adj, none, 1, 0, -1, 1, labels)).toBeCloseTo(0, 12);
    expect(() => k.graphLouvain(2, off, Int32Array.of(1, 5), none, 1, 0, -1, 1, labels)).toThrow(einval);
    expect(() => k.graphLouvain(2, Int32Array.of(0, 2, 1), adj, none, 1, 0, -1, 1, labels)).toThrow(einval);
    expect(() => k.graphLouvain(2, off, adj, Float64Array.of(1, NaN), 1, 0, -1, 1, labels)).toThrow(einval);
    expect(() => k.graphLouvain(2, off, adj, Float64Array.of(1, -1), 1, 0, -1, 1, labels)).toThrow(einval);
    expect(() => k.graphLouvain(2, off, adj, Float64Array.of(1e308, 1e308), 1, 0, -1, 1, labels)).toThrow(einval);
    expect(() => k.graphLouvain(2, off, adj, none, 0, 0, -1, 1, labels)).toThrow(einval);
    expect(() => k.graphLouvain(2, off, adj, none, 1, 0, 0, 1, labels)).toThrow(einval);
    expect(() => k.graphLouvain(2, off, adj, none, 1, 0, -1, 0, labels)).toThrow(einval);
    expect(() => k.graphLouvain(2, off, adj, none, 1, 0, -1, 1025, labels)).toThrow(einval);
    expect(() => k.graphLouvain(2, off, adj, none, 1, 0, -1, 1, new Int32Array(1))).toThrow(einval);
    const ids = new Int32Array(2);
    expect(k.graphMst(2, Int32Array.of(0, 1), Int32Array.of(1, 0), none, ids)).toBe(1);
    expect(() => k.graphMst(2, Int32Array.of(0, 2), Int32Array.of(1, 0), none, ids)).toThrow(einval);
    expect(() => k.graphMst(2, Int32Array.of(0, -1), Int32Array.of(1, 0), none, ids)).toThrow(einval);
    expect(() => k.graphMst(2, Int32Array.of(0, 1), Int32Array.of(1, 0), Float64Array.of(1, NaN), ids)).toThrow(einval);
    expect(() => k.graphMst(2, Int32Array.of(0, 1), Int32Array.of(1, 0), none, new Int32Array(1))).toThrow(einval);
    const order = new Int32Array(2);
    expect(k.graphToposort(2, Int32Array.of(0, 1, 1), Int32Array.of(1), Int32Array.of(0, 0, 1), Int32Array.of(0), order)).toBe(2);
    expect(() => k.graphToposort(2, Int32Array.of(0, 1, 1), Int32Array.of(7), Int32Array.of(0, 0, 1), Int32Array.of(0), order)).toThrow(einval);
    expect(() => k.graphToposort(2, Int32Array.of(0, 1, 1), Int32Array.of(1), Int32Array.of(0, 0, 0), new Int32Array(0), order)).toThrow(einval);
    expect(() => k.graphToposort(2, Int32Array.of(0, 1, 1), Int32Array.of(1), Int32Array.of(0, 0, 1), Int32Array.of(0), new Int32Array(1))).toThrow(einval);
  });
});

describe('topological sort and cycles', () => {
  test('the order is the smallest valid one and every edge goes forward', () => {
    const dag = randomDag(9, 300, 1000, false);
    const order = g.topologicalSort(dag);
    const at = new Int32Array(dag.numNodes);
    order.forEach((v, i) => (at[v] = i));
    for (let u = 0; u < dag.numNodes; u++) {
      for (let e = dag.outOffsets[u]; e < dag.outOffsets[u + 1]; e++) expect(at[u]).toBeLessThan(at[dag.outTargets[e]]);
    }
    expect(Array.from(g.topologicalSort(buildCsr(4, Int32Array.of(3, 2), Int32Array.of(0, 1), null, true)))).toEqual([2, 1, 3, 0]);
  });

  test('a CycleError names a real cycle: each node has an edge to the next, the last to the first', () => {
    for (const seed of [1, 2, 3, 4]) {
      const csr = randomDag(seed, 150, 400, true);
      const e = outcome(() => g.topologicalSort(csr)) as { cycle: number[] };
      expect(e.cycle.length).toBeGreaterThanOrEqual(2);
      e.cycle.forEach((u, i) => {
        const v = e.cycle[(i + 1) % e.cycle.length];
        expect(Array.from(csr.outTargets.subarray(csr.outOffsets[u], csr.outOffsets[u + 1]))).toContain(v);
      });
    }
    const loop = buildCsr(3, Int32Array.of(0, 1), Int32Array.of(1, 1), null, true);
    expect(outcome(() => g.topologicalSort(loop))).toMatchObject({ cycle: [1] });
  });
});
