/**
 * The native DFS, k-hop, betweenness and triangle kernels on every backend and thread count against networkx / igraph
 * on the standard graphs of graphs-networkx.json (betweenness, triangles, clustering) and walks-networkx.json (DFS
 * pre- and postorder, k-hop balls, igraph's betweenness from a subset of sources: the sum a sampled betweenness
 * scales), written by graphs_networkx.py and walks_networkx.py with the baseline Python.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCsr, type Csr } from '../../../lib/trueno-graph/csr';
import * as g from '../../../lib/trueno-graph/algorithms';
import { kernels } from '../../../lib/trueno/backend/loader';
import { activate, configurations, resetBackends } from '../../trueno/helpers';

interface GraphCase {
  name: string;
  directed: boolean;
  n: number;
  src: number[];
  dst: number[];
  weights: number[] | null;
  betweenness: number[];
  betweennessRaw: number[];
  triangles: number[];
  clustering: number[];
  averageClustering: number;
  transitivity: number;
}

interface WalkCase {
  name: string;
  dfsPreorder: number[];
  dfsPostorder: number[];
  dfsPreorderIn: number[];
  kHop2: number[];
  kHop3In: number[];
  subsetSources: number[];
  betweennessSubset: number[];
}

const graphs = (JSON.parse(readFileSync(join(__dirname, 'graphs-networkx.json'), 'utf8')) as { cases: GraphCase[] }).cases;
const walks = (JSON.parse(readFileSync(join(__dirname, 'walks-networkx.json'), 'utf8')) as { cases: WalkCase[] }).cases;
const cases = graphs.map((c) => [c.name, c, walks.find((w) => w.name === c.name)!] as const);

function csrOf(c: GraphCase): Csr {
  return buildCsr(c.n, Int32Array.from(c.src), Int32Array.from(c.dst), c.weights ? Float64Array.from(c.weights) : null, c.directed);
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

afterAll(resetBackends);

describe.each(configurations().filter((c) => c.isa === 'scalar' || c.backend !== 'native'))('on $label', (config) => {
  beforeAll(() => activate(config));

  test.each(cases)('%s: betweenness as networkx (normalized, raw, all sources drawn)', (_name, c) => {
    const csr = csrOf(c);
    expect(maxAbs(g.betweenness(csr), c.betweenness)).toBeLessThan(1e-9);
    expect(maxAbs(g.betweenness(csr, { normalized: false }), c.betweennessRaw)).toBeLessThan(1e-9);
    expect(maxAbs(g.betweenness(csr, { samples: c.n, randomState: 3 }), c.betweenness)).toBeLessThan(1e-9);
  });

  test.each(cases)('%s: the betweenness sum from a subset of sources is igraph\'s', (_name, c, w) => {
    const csr = csrOf(c);
    const out = new Float64Array(c.n);
    kernels().graphBetweenness(c.n, csr.outOffsets, csr.outTargets, c.weights ? csr.outWeights! : new Float64Array(0),
      Int32Array.from(w.subsetSources), out);
    // an undirected graph's CSR walks each pair both ways: igraph counts each path once
    if (!c.directed) out.forEach((x, v) => (out[v] = x / 2));
    expect(maxAbs(out, w.betweennessSubset)).toBeLessThan(1e-9);
  });

  test.each(cases)('%s: triangles and clustering as networkx', (_name, c) => {
    const csr = csrOf(c);
    const t = g.triangles(csr);
    expect(Array.from(t.perNode)).toEqual(c.triangles);
    expect(t.total).toBe(c.triangles.reduce((a, b) => a + b, 0) / 3);
    const cl = g.clustering(csr);
    expect(maxAbs(cl.local, c.clustering)).toBeLessThan(1e-12);
    expect(cl.average).toBeCloseTo(c.averageClustering, 12);
    expect(cl.transitivity).toBeCloseTo(c.transitivity, 12);
  });

  test.each(cases)('%s: DFS pre- and postorder and k-hop balls as networkx', (_name, c, w) => {
    const csr = csrOf(c);
    const d = g.dfs(csr, 0);
    expect(Array.from(d.order)).toEqual(w.dfsPreorder);
    const finished = Array.from(d.order).sort((a, b) => d.finish[a] - d.finish[b]);
    expect(finished).toEqual(w.dfsPostorder);
    expect(Array.from(g.dfs(csr, 0, { direction: 'in' }).order)).toEqual(w.dfsPreorderIn);
    expect(Array.from(g.kHop(csr, 0, 2))).toEqual(w.kHop2);
    expect(Array.from(g.kHop(csr, [0], 3, { direction: 'in' }))).toEqual(w.kHop3In);
  });
});
