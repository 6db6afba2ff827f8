/**
 * Raw-kernel fuzz entries of the graph kernels (trueno.h "graph"): one entry per kernel, each over random multigraphs
 * (self-loops and repeated edges included) of 0, 1, 7 and 300 nodes built by the js reference's graphCsr. A new graph
 * kernel is one more entry in GRAPH_CASES: its params, a `variants` built from `graphOf`, and the breakages only it
 * has (the generic ones, every argument wrong in type, length or value, come from kernel-mutations.ts).
 */
import { referenceKernels } from '../../lib/trueno/backend/register-js';
import type { Args, Breakage, KernelCase } from './kernel-case';
import type { Rng } from './mutate';

/** A random directed multigraph with its out- and in-CSR (as the kernels take them) and positive weights. */
export interface FuzzGraph {
  n: number;
  from: Int32Array;
  to: Int32Array;
  weights: Float64Array;
  outOffsets: Int32Array;
  outNeighbours: Int32Array;
  outWeights: Float64Array;
  inOffsets: Int32Array;
  inSources: Int32Array;
  inWeights: Float64Array;
}

/** The node counts of the variants: empty, one node, a few, and more than a few heap levels and BFS fronts. */
export const GRAPH_SIZES = [0, 1, 7, 300] as const;

/**
 * A random multigraph of n nodes and about 2n edges (none when n is 0), weights in (0, 10] with some exact ties.
 * @param rng - the seeded source
 * @param n - nodes
 * @returns the graph with both CSR sides
 */
export function graphOf(rng: Rng, n: number): FuzzGraph {
  const m = n === 0 ? 0 : 2 * n + rng.below(3);
  const from = Int32Array.from({ length: m }, () => rng.below(n));
  const to = Int32Array.from({ length: m }, () => rng.below(n));
  const weights = Float64Array.from({ length: m }, () => (rng.below(4) === 0 ? 1 : (1 + rng.below(1000)) / 100));
  return withSides(n, from, to, weights);
}

/** One CSR side of edges a[e] -> b[e] (both ways when symmetric), by the js reference's graphCsr. */
function csrOf(n: number, a: Int32Array, b: Int32Array, weights: Float64Array, symmetric = false) {
  const m = (symmetric ? 2 : 1) * a.length;
  const offsets = new Int32Array(n + 1), neighbours = new Int32Array(m), ids = new Int32Array(m), w = new Float64Array(m);
  referenceKernels.graphCsr(n, a, b, weights, symmetric ? 1 : 0, offsets, neighbours, ids, w);
  return { offsets, neighbours, weights: w };
}

/** The graph of edges from[e] -> to[e] with both CSR sides. */
function withSides(n: number, from: Int32Array, to: Int32Array, weights: Float64Array): FuzzGraph {
  const out = csrOf(n, from, to, weights), inn = csrOf(n, to, from, weights);
  return {
    n, from, to, weights,
    outOffsets: out.offsets, outNeighbours: out.neighbours, outWeights: out.weights,
    inOffsets: inn.offsets, inSources: inn.neighbours, inWeights: inn.weights,
  };
}

/**
 * One variant per size, each building its arguments from a fresh random graph; `refusedEmpty`: the kernel refuses a
 * graph of no node (PageRank has no distribution over nothing, Dijkstra no source).
 */
function perSize(build: (g: FuzzGraph, rng: Rng) => Args, refusedEmpty = false): KernelCase['variants'] {
  return GRAPH_SIZES.map((n) => ({
    name: `${n} nodes`,
    args: (rng: Rng) => build(graphOf(rng, n), rng),
    ...(refusedEmpty && n === 0 ? { refused: true as const } : {}),
  }));
}

/** Sets one entry of the Int32Array argument `at` (a random one) to `value(args)`; nothing when it is empty. */
function entry(name: string, at: number, value: (args: Args, a: Int32Array) => number): Breakage {
  return {
    name,
    apply: (args, rng) => {
      const a = args[at] as Int32Array;
      if (a.length > 0) a[rng.below(a.length)] = value(args, a);
    },
  };
}

/** A CSR's structural breakages: a neighbour id past the last node or negative, offsets that go down or past the end. */
function csrBreakages(offsetsAt: number, neighboursAt: number, label: string): Breakage[] {
  const n = (args: Args) => args[0] as number;
  return [
    entry(`${label}: a neighbour id = n`, neighboursAt, n),
    entry(`${label}: a neighbour id -1`, neighboursAt, () => -1),
    entry(`${label}: a neighbour id 2^31 - 1`, neighboursAt, () => 2 ** 31 - 1),
    {
      name: `${label}: offsets that decrease`,
      apply: (args) => {
        const off = args[offsetsAt] as Int32Array;
        if (off.length > 2) off[1] = off[off.length - 1] + 1;
      },
    },
    { name: `${label}: offsets[0] = 1`, apply: (args) => void ((args[offsetsAt] as Int32Array).length > 1 && ((args[offsetsAt] as Int32Array)[0] = 1)) },
    {
      name: `${label}: last offset past the neighbours (neighbours one longer)`,
      apply: (args) => {
        const off = args[offsetsAt] as Int32Array;
        if (off.length === 0) return;
        off[off.length - 1] += 1;
        const adj = args[neighboursAt] as Int32Array;
        args[neighboursAt] = Int32Array.from([...adj, 0]);
      },
    },
    { name: `${label}: last offset negative`, apply: (args) => void ((args[offsetsAt] as Int32Array).length > 0 && ((args[offsetsAt] as Int32Array)[(args[offsetsAt] as Int32Array).length - 1] = -1)) },
  ];
}

/** Sets one entry of the Float64Array argument `at` to `value` (weights: negative, NaN, infinite). */
function weightBreakages(at: number, label: string): Breakage[] {
  return ([['NaN', NaN], ['Infinity', Infinity], ['-1', -1], ['-0', -0], ['1e308', 1e308]] as const).map(([text, value]) => ({
    name: `${label}: an entry ${text}`,
    apply: (args: Args, rng: Rng) => {
      const w = args[at] as Float64Array;
      if (w.length > 0) w[rng.below(w.length)] = value;
    },
  }));
}

const sourceOutOfRange = (at: number, label: string): Breakage[] => [
  { name: `${label} = n`, apply: (args) => void (args[at] = args[0]) },
  { name: `${label} = -2`, apply: (args) => void (args[at] = -2) },
];

/** The graph kernels' entries; a new graph kernel is one more. */
export const GRAPH_CASES: KernelCase[] = [
  {
    kernel: 'graphCsr',
    params: ['n', 'from', 'to', 'weights', 'symmetric', 'offsets', 'neighbours', 'edgeIds', 'weightsOut'],
    variants: [false, true].flatMap((symmetric) => perSize((g) => {
      const entries = (symmetric ? 2 : 1) * g.from.length;
      return [g.n, g.from, g.to, g.weights, symmetric ? 1 : 0, new Int32Array(g.n + 1), new Int32Array(entries), new Int32Array(entries),
        new Float64Array(entries)];
    }).map((v) => ({ ...v, name: `${v.name}${symmetric ? ', symmetric' : ''}` }))),
    breakages: [
      entry('from: an id = n', 1, (args) => args[0] as number),
      entry('to: an id -1', 2, () => -1),
      entry('to: an id 2^31 - 1', 2, () => 2 ** 31 - 1),
      { name: 'unweighted (weights and weightsOut empty)', apply: (args) => void ((args[3] = new Float64Array(0)), (args[8] = new Float64Array(0))) },
      { name: 'weights without weightsOut', apply: (args) => void (args[8] = new Float64Array(0)) },
      ...weightBreakages(3, 'weights'),
    ],
  },
  {
    kernel: 'graphBfs',
    params: ['n', 'offsets1', 'neighbours1', 'offsets2', 'neighbours2', 'sources', 'maxDepth', 'distances', 'parents', 'order'],
    variants: perSize((g, rng) => {
      const sources = Int32Array.from({ length: g.n === 0 ? 0 : 1 + rng.below(3) }, () => rng.below(g.n));
      return [g.n, g.outOffsets, g.outNeighbours, g.inOffsets, g.inSources, sources, rng.below(2) ? -1 : 2, new Int32Array(g.n), new Int32Array(g.n),
        new Int32Array(g.n)];
    }),
    // `order` holds the nodes reached, as many as it returns; the rest is not written (WASM copies back its scratch)
    normalize: (arrays, visited) => void (arrays[9] as Int32Array).fill(0, visited as number),
    breakages: [
      ...csrBreakages(1, 2, 'CSR 1'),
      ...csrBreakages(3, 4, 'CSR 2'),
      { name: 'no second CSR', apply: (args) => void ((args[3] = new Int32Array(0)), (args[4] = new Int32Array(0))) },
      { name: 'second CSR: offsets only', apply: (args) => void (args[4] = new Int32Array(0)) },
      entry('sources: an id = n', 5, (args) => args[0] as number),
      entry('sources: an id -1', 5, () => -1),
      { name: 'sources: none', apply: (args) => void (args[5] = new Int32Array(0)) },
      { name: 'sources: every node twice', apply: (args) => void (args[5] = Int32Array.from({ length: 2 * (args[0] as number) }, (_, i) => i >> 1)) },
      { name: 'maxDepth 0', apply: (args) => void (args[6] = 0) },
      { name: 'maxDepth -7', apply: (args) => void (args[6] = -7) },
    ],
  },
  {
    kernel: 'graphDijkstra',
    params: ['n', 'offsets1', 'neighbours1', 'weights1', 'offsets2', 'neighbours2', 'weights2', 'source', 'target', 'distances', 'parents'],
    variants: perSize((g, rng) => {
      const both = rng.below(2) === 0;
      const none = [new Int32Array(0), new Int32Array(0), new Float64Array(0)];
      return [g.n, g.outOffsets, g.outNeighbours, g.outWeights, ...(both ? [g.inOffsets, g.inSources, g.inWeights] : none),
        g.n === 0 ? 0 : rng.below(g.n), g.n === 0 || rng.below(2) ? -1 : rng.below(g.n), new Float64Array(g.n), new Int32Array(g.n)];
    }, true),
    breakages: [
      ...csrBreakages(1, 2, 'CSR 1'),
      ...weightBreakages(3, 'weights1'),
      { name: 'second CSR with the first\'s arrays', apply: (args) => void ((args[4] = args[1]), (args[5] = args[2]), (args[6] = args[3])) },
      { name: 'second CSR without weights', apply: (args) => void ((args[4] = args[1]), (args[5] = args[2])) },
      ...sourceOutOfRange(7, 'source'),
      ...sourceOutOfRange(8, 'target'),
      { name: 'target = source', apply: (args) => void (args[8] = args[7]) },
    ],
  },
  {
    kernel: 'graphPagerank',
    params: ['n', 'inOffsets', 'inSources', 'inWeights', 'damping', 'personalization', 'tol', 'maxIter', 'rank'],
    variants: perSize((g, rng) => {
      const weighted = rng.below(2) === 0, personal = rng.below(3) === 0;
      const p = personal ? Float64Array.from({ length: g.n }, () => rng.below(3)) : new Float64Array(0);
      if (personal && g.n > 0) p[0] = 1;
      return [g.n, g.inOffsets, g.inSources, weighted ? g.inWeights : new Float64Array(0), 0.85, p, 1e-10, 100, new Float64Array(g.n)];
    }, true),
    // the native kernel adds each block's partial sums on threads: the same sums, in an order that can differ by an ulp
    rtol: 1e-12,
    breakages: [
      ...csrBreakages(1, 2, 'in-CSR'),
      ...weightBreakages(3, 'inWeights'),
      { name: 'every weight 0', apply: (args) => void (args[3] = new Float64Array((args[2] as Int32Array).length)) },
      { name: 'personalization all 0', apply: (args) => void (args[5] = new Float64Array(args[0] as number)) },
      ...weightBreakages(5, 'personalization'),
      { name: 'damping 1', apply: (args) => void (args[4] = 1) },
      { name: 'damping 0', apply: (args) => void (args[4] = 0) },
      { name: 'damping 1.5', apply: (args) => void (args[4] = 1.5) },
      { name: 'tol 0 (never converges)', apply: (args) => void ((args[6] = 0), (args[7] = 5)) },
      { name: 'maxIter 1', apply: (args) => void (args[7] = 1) },
    ],
  },
  ...(['graphWcc', 'graphScc'] as const).map((kernel): KernelCase => ({
    kernel,
    params: ['n', 'offsets', 'neighbours', 'labels', 'sizes'],
    variants: perSize((g) => [g.n, g.outOffsets, g.outNeighbours, new Int32Array(g.n), new Int32Array(g.n)]),
    // sizes[c] for the components found, as many as it returns; the rest is not written
    normalize: (arrays, count) => void (arrays[4] as Int32Array).fill(0, count as number),
    breakages: csrBreakages(1, 2, 'CSR'),
  })),
  {
    kernel: 'graphDfs',
    params: ['n', 'offsets1', 'neighbours1', 'offsets2', 'neighbours2', 'source', 'order', 'parents', 'discovery', 'finish'],
    variants: perSize((g, rng) => {
      const both = rng.below(2) === 0;
      return [g.n, g.outOffsets, g.outNeighbours, both ? g.inOffsets : new Int32Array(0), both ? g.inSources : new Int32Array(0),
        rng.below(g.n), new Int32Array(g.n), new Int32Array(g.n), new Int32Array(g.n), new Int32Array(g.n)];
    }, true),
    // `order` holds the nodes reached, as many as it returns; the rest is not written
    normalize: (arrays, visited) => void (arrays[6] as Int32Array).fill(0, visited as number),
    breakages: [
      ...csrBreakages(1, 2, 'CSR 1'),
      ...csrBreakages(3, 4, 'CSR 2'),
      { name: 'second CSR: offsets only', apply: (args) => void ((args[3] = args[1]), (args[4] = new Int32Array(0))) },
      ...sourceOutOfRange(5, 'source'),
    ],
  },
  {
    kernel: 'graphBetweenness',
    params: ['n', 'offsets', 'neighbours', 'weights', 'sources', 'out'],
    variants: perSize((g, rng) => {
      const sources = Int32Array.from({ length: g.n === 0 ? 0 : Math.min(g.n, 1 + rng.below(40)) }, () => rng.below(g.n));
      return [g.n, g.outOffsets, g.outNeighbours, rng.below(2) ? g.outWeights : new Float64Array(0), sources, new Float64Array(g.n)];
    }),
    breakages: [
      ...csrBreakages(1, 2, 'CSR'),
      ...weightBreakages(3, 'weights'),
      { name: 'weights one per node, not per entry', apply: (args) => void (args[3] = new Float64Array(args[0] as number).fill(1)) },
      entry('sources: an id = n', 4, (args) => args[0] as number),
      entry('sources: an id -1', 4, () => -1),
      { name: 'sources: none', apply: (args) => void (args[4] = new Int32Array(0)) },
      { name: 'sources: every node twice', apply: (args) => void (args[4] = Int32Array.from({ length: 2 * (args[0] as number) }, (_, i) => i >> 1)) },
    ],
  },
  {
    kernel: 'graphTriangles',
    params: ['n', 'offsets1', 'neighbours1', 'offsets2', 'neighbours2', 'triangles', 'degrees'],
    // the entries must list each edge from both ends (else the counts are unspecified): a directed graph's two sides,
    // or one symmetric side
    variants: [false, true].flatMap((sides) => perSize((g) => {
      const none = new Int32Array(0), s = csrOf(g.n, g.from, g.to, g.weights, true);
      return sides ? [g.n, g.outOffsets, g.outNeighbours, g.inOffsets, g.inSources, new Int32Array(g.n), new Int32Array(g.n)]
        : [g.n, s.offsets, s.neighbours, none, none, new Int32Array(g.n), new Int32Array(g.n)];
    }).map((v) => ({ ...v, name: `${v.name}${sides ? ', out and in sides' : ', one symmetric side'}` }))),
    breakages: [
      ...csrBreakages(1, 2, 'CSR 1'),
      ...csrBreakages(3, 4, 'CSR 2'),
      {
        name: 'a run not sorted by neighbour',
        apply: (args) => {
          const off = args[1] as Int32Array, adj = args[2] as Int32Array;
          for (let v = 0; v + 1 < off.length; v++) {
            const [a, b] = [off[v], off[v + 1]];
            if (b - a >= 2 && adj[a] !== adj[b - 1]) return void ([adj[a], adj[b - 1]] = [adj[b - 1], adj[a]]);
          }
        },
      },
      { name: 'second CSR: offsets only', apply: (args) => void (args[4] = new Int32Array(0)) },
    ],
  },
  {
    kernel: 'graphLouvain',
    params: ['n', 'offsets', 'neighbours', 'weights', 'resolution', 'seed', 'maxLevels', 'trials', 'labels'],
    variants: perSize((g, rng) => {
      // the symmetric adjacency Louvain takes: every edge both ways, a weight per entry
      const s = csrOf(g.n, g.from, g.to, g.weights, true);
      return [g.n, s.offsets, s.neighbours, rng.below(2) ? s.weights : new Float64Array(0), rng.pick([1, 0.5, 2]), rng.next(),
        rng.pick([-1, 1, 3]), 1 + rng.below(3), new Int32Array(g.n)];
    }),
    breakages: [
      ...csrBreakages(1, 2, 'CSR'),
      ...weightBreakages(3, 'weights'),
      { name: 'every weight 0', apply: (args) => void (args[3] = new Float64Array((args[2] as Int32Array).length)) },
      { name: 'resolution 0', apply: (args) => void (args[4] = 0) },
      { name: 'resolution -1', apply: (args) => void (args[4] = -1) },
      { name: 'seed 2^32', apply: (args) => void (args[5] = 2 ** 32) },
      { name: 'seed -1', apply: (args) => void (args[5] = -1) },
      { name: 'maxLevels 0', apply: (args) => void (args[6] = 0) },
      { name: 'maxLevels -2', apply: (args) => void (args[6] = -2) },
      { name: 'trials 0', apply: (args) => void (args[7] = 0) },
      { name: 'trials 1025', apply: (args) => void (args[7] = 1025) },
      { name: 'trials 2^31 - 1', apply: (args) => void (args[7] = 2 ** 31 - 1) },
    ],
  },
  {
    kernel: 'graphMst',
    params: ['n', 'from', 'to', 'weights', 'edgeIds'],
    variants: perSize((g, rng) => {
      const weights = rng.below(2) ? g.weights : new Float64Array(0);
      if (weights.length > 2) [weights[0], weights[1]] = [-Infinity, Infinity]; // allowed: taken first, last
      return [g.n, g.from, g.to, weights, new Int32Array(g.from.length)];
    }),
    // edgeIds holds the edges taken, as many as it returns; the rest is not written
    normalize: (arrays, taken) => void (arrays[4] as Int32Array).fill(0, taken as number),
    breakages: [
      entry('from: an id = n', 1, (args) => args[0] as number),
      entry('to: an id -1', 2, () => -1),
      entry('to: an id 2^31 - 1', 2, () => 2 ** 31 - 1),
      { name: 'weights: an entry NaN', apply: (args, rng) => void ((args[3] as Float64Array).length > 0 && ((args[3] as Float64Array)[rng.below((args[3] as Float64Array).length)] = NaN)) },
      { name: 'to one shorter than from', apply: (args) => void (args[2] = (args[2] as Int32Array).slice(0, Math.max(0, (args[2] as Int32Array).length - 1))) },
      { name: 'edgeIds of n - 1 entries', apply: (args) => void (args[4] = new Int32Array(Math.max(0, (args[0] as number) - 1))) },
    ],
  },
  {
    kernel: 'graphToposort',
    params: ['n', 'outOffsets', 'outTargets', 'inOffsets', 'inSources', 'order'],
    variants: [false, true].flatMap((acyclic) => perSize((g) => {
      const d = acyclic ? dagOf(g) : g;
      return [d.n, d.outOffsets, d.outNeighbours, d.inOffsets, d.inSources, new Int32Array(d.n)];
    }).map((v) => ({ ...v, name: `${v.name}${acyclic ? ', acyclic' : ''}` }))),
    breakages: [
      ...csrBreakages(1, 2, 'out-CSR'),
      ...csrBreakages(3, 4, 'in-CSR'),
      { name: 'in-CSR of another graph (same entry count)', apply: (args) => void ((args[3] = args[1]), (args[4] = args[2])) },
      { name: 'in-CSR one entry short', apply: (args) => void ((args[4] as Int32Array).length > 0 && ((args[4] = (args[4] as Int32Array).slice(1)), ((args[3] as Int32Array)[(args[3] as Int32Array).length - 1] -= 1))) },
      { name: 'no in-CSR', apply: (args) => void ((args[3] = new Int32Array(0)), (args[4] = new Int32Array(0))) },
    ],
  },
];

/** The graph with each edge pointing from the smaller node to the larger (self-loops dropped): acyclic. */
function dagOf(g: FuzzGraph): FuzzGraph {
  const keep = [...g.from.keys()].filter((e) => g.from[e] !== g.to[e]);
  return withSides(g.n, Int32Array.from(keep, (e) => Math.min(g.from[e], g.to[e])), Int32Array.from(keep, (e) => Math.max(g.from[e], g.to[e])),
    Float64Array.from(keep, (e) => g.weights[e]));
}
