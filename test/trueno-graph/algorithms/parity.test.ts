/**
 * trueno-graph's algorithms against networkx / igraph on standard graphs (Zachary's karate club, Les Misérables
 * (weighted), the Florentine families, Davis' southern women, a random directed graph): graphs-networkx.json, written
 * by graphs_networkx.py with the baseline Python. Every native kernel runs on every backend and thread count
 * (betweenness, triangles, DFS and k-hop in walks.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCsr, type Csr } from '../../../lib/trueno-graph/csr';
import * as g from '../../../lib/trueno-graph/algorithms';
import { activate, configurations, resetBackends } from '../../trueno/helpers';

interface Case {
  name: string;
  directed: boolean;
  n: number;
  src: number[];
  dst: number[];
  weights: number[] | null;
  tol: number;
  pagerank: number[];
  personalization: number[];
  pagerankPersonalized: number[];
  bfs: Record<string, number[]>;
  dijkstra?: Record<string, Array<number | null>>;
  wcc: number[][];
  scc: number[][];
  betweenness: number[];
  betweennessRaw: number[];
  triangles: number[];
  clustering: number[];
  averageClustering: number;
  transitivity: number;
  mstWeight: number;
  mstEdges: number;
  louvainIgraph: number;
  louvainNetworkx: number;
}

const data = JSON.parse(readFileSync(join(__dirname, 'graphs-networkx.json'), 'utf8')) as { cases: Case[] };

function csrOf(c: Case): Csr {
  return buildCsr(c.n, Int32Array.from(c.src), Int32Array.from(c.dst), c.weights ? Float64Array.from(c.weights) : null, c.directed);
}

/** The partition labels describe, as sorted lists of sorted members. */
function partitionOf(labels: Int32Array, count: number): number[][] {
  const parts: number[][] = Array.from({ length: count }, () => []);
  labels.forEach((l, v) => parts[l].push(v));
  return parts.sort((a, b) => a[0] - b[0]);
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

afterAll(resetBackends);

describe.each(configurations().filter((c) => c.isa === 'scalar' || c.backend !== 'native'))('native kernels on $label', (config) => {
  beforeAll(() => activate(config));

  test.each(data.cases.map((c) => [c.name, c] as const))('%s: pagerank, BFS, Dijkstra, components as networkx', (_name, c) => {
    activate(config);
    const csr = csrOf(c);
    expect(maxAbs(g.pagerank(csr, { tol: c.tol, maxIter: 10000 }), c.pagerank)).toBeLessThan(1e-9);
    const p = g.pagerank(csr, { tol: c.tol, maxIter: 10000, damping: 0.9, personalization: Float64Array.from(c.personalization) });
    expect(maxAbs(p, c.pagerankPersonalized)).toBeLessThan(1e-9);
    for (const [s, expected] of Object.entries(c.bfs)) {
      expect(Array.from(g.bfs(csr, Number(s)).distances)).toEqual(expected);
    }
    for (const [s, expected] of Object.entries(c.dijkstra ?? {})) {
      const { distances } = g.dijkstra(csr, Number(s));
      expect(maxAbs(distances, expected.map((d) => d ?? Infinity))).toBeLessThan(1e-12);
    }
    const wcc = g.connectedComponents(csr);
    expect(partitionOf(wcc.labels, wcc.count)).toEqual(c.wcc);
    expect(Array.from(wcc.sizes)).toEqual(partitionOf(wcc.labels, wcc.count).map((x) => x.length));
    const scc = g.stronglyConnectedComponents(csr);
    expect(partitionOf(scc.labels, scc.count)).toEqual(c.scc);
  });
});

describe.each(data.cases.map((c) => [c.name, c] as const))('%s: the TS algorithms as networkx / igraph', (_name, c) => {
  const csr = csrOf(c);

  test('minimum spanning tree', () => {
    const t = g.minimumSpanningTree(csr);
    expect(t.edgeIds.length).toBe(c.mstEdges);
    expect(t.totalWeight).toBeCloseTo(c.mstWeight, 9);
  });

  test('louvain modularity within 0.01 of igraph for every seed, and reported right', () => {
    // igraph's own result depends on its node order (on Davis' graph its seeds range over 0.309 .. 0.336); ours keeps
    // the best of 8 refined trials, which lands within 0.01 of igraph's recorded run for each of 200 seeds tried
    for (let randomState = 0; randomState < 8; randomState++) {
      const r = g.louvain(csr, { randomState });
      expect(r.modularity).toBeGreaterThan(c.louvainIgraph - 0.01);
      expect(r.modularity).toBeCloseTo(g.modularity(csr, r.labels), 12);
      expect(new Set(r.labels).size).toBe(r.count);
    }
    expect(g.louvain(csr, { randomState: 5 })).toEqual(g.louvain(csr, { randomState: 5 }));
  });

  test('degrees', () => {
    const d = g.degrees(csr);
    const expected = new Int32Array(c.n);
    c.src.forEach((s, i) => {
      expected[s]++;
      expected[c.dst[i]]++;
    });
    expect(d.total).toEqual(expected);
    const stats = g.degreeStats(csr);
    expect(stats.max).toBe(Math.max(...expected));
    expect(stats.mean).toBeCloseTo((2 * c.src.length) / c.n, 12);
  });
});
