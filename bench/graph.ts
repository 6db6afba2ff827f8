/**
 * `npm run bench -- graph [case...] [--scale S] [--markdown]`: trueno-graph on WORKLOADS.md's graph (100k nodes, 1M
 * candidate edges, self-loops and repeats dropped, directed) against igraph and networkit (the baseline Python) and
 * graphology (the JS peer), all in this run, each answer's digest printed beside the figure.
 *
 * Cases (ratio = baseline time / ours; issue 13's targets against igraph: pagerank >= 1.5x, bfs >= 1x, scc >= 1x,
 * csr_build >= 3x):
 *   csr_build   the graph from the edge list (out- and in-adjacency): buildCsr / igraph.Graph(n, edges) /
 *               networkit.GraphFromCoo / graphology addEdge per edge; quality: memory per edge (ours: the CSR's
 *               bytes; igraph/networkit: resident-memory growth; graphology: heap growth)
 *   pagerank    damping 0.85; ours: L1 change < 1e-10; igraph: PRPACK (exact solve); networkit: L1 < 1e-10;
 *               graphology: its (networkx's) rule at the same tolerance
 *   bfs         distances from node 0 along out-edges
 *   scc, wcc    strongly / weakly connected components
 *   betweenness Brandes from BC_SAMPLES sources drawn with randomState 1 (ours: betweenness({ samples }), parallel over
 *               sources; igraph: betweenness(sources=the same ids)); quality: the unscaled sums' max and total
 *   clustering  triangles of the simple undirected view and local clustering of every node (ours: clustering(),
 *               which also gives transitivity; igraph: transitivity_local_undirected(mode="zero")); quality: mean
 * Betweenness and clustering have no networkit or graphology figure (networkit wants an undirected copy; graphology has neither at
 * this size).
 *   louvain     communities of the graph made undirected: ours louvain({ trials: 1 }) (one run, as the baselines;
 *               the default 8 trials cost 8 runs of CPU, spread over the threads) / igraph community_multilevel /
 *               networkit PLM (no refinement); quality: modularity and community count. Slow in igraph (minutes
 *               at scale 1), so each side runs once, without warm-up
 */
import Graph from 'graphology';
import { stronglyConnectedComponents as gStrong, connectedComponents as gWeak } from 'graphology-components';
import gPagerank from 'graphology-metrics/centrality/pagerank';
import { bfsFromNode } from 'graphology-traversal';
import { setBackend, setThreads } from '../lib/trueno';
import { buildCsr, type Csr } from '../lib/trueno-graph/csr';
import { betweenness, bfs, clustering, connectedComponents, louvain, pagerank, stronglyConnectedComponents } from '../lib/trueno-graph/algorithms';
import { betweennessSources } from '../lib/trueno-graph/algorithms/centrality';
import { findPython, PythonBaseline } from './_baselines';
import { emit, markdownTables, measure, result, type CaseResult } from './_stats';
import { checksum, checkTestVectors, graphWorkload } from './_workloads';

const TOL = 1e-10;
const CASES = ['csr_build', 'pagerank', 'bfs', 'scc', 'wcc', 'betweenness', 'clustering', 'louvain'] as const;
/** Louvain runs once per side (igraph takes minutes on the full graph). */
const ONCE = { warmup: 0, minReps: 1, maxReps: 1 };
type CaseName = (typeof CASES)[number];
/** Sources of the betweenness case, and cases only igraph is measured on. */
const BC_SAMPLES = 32;
const IGRAPH_ONLY: ReadonlySet<CaseName> = new Set(['betweenness', 'clustering']);

/** The bytes a Csr holds (both sides; an undirected CSR shares them). */
function csrBytes(csr: Csr): number {
  const arrays = [csr.outOffsets, csr.outTargets, csr.outEdgeIds, csr.outWeights, csr.inOffsets, csr.inSources, csr.inEdgeIds, csr.inWeights];
  return [...new Set(arrays)].reduce((sum, a) => sum + (a?.byteLength ?? 0), 0);
}

/** Our answer's digest, in the baseline script's terms. */
function ourQuality(name: CaseName, csr: Csr): Record<string, number> {
  switch (name) {
    case 'csr_build': return { edges: csr.numEdges, bytes_per_edge: csrBytes(csr) / csr.numEdges };
    case 'pagerank': {
      const r = pagerank(csr, { tol: TOL, maxIter: 1000 });
      return { max: Math.max(...r), node0: r[0] };
    }
    case 'bfs': {
      const { order, distances } = bfs(csr, 0);
      return { reached: order.length, depth: Math.max(...distances) };
    }
    case 'scc':
    case 'wcc': {
      const c = name === 'scc' ? stronglyConnectedComponents(csr) : connectedComponents(csr);
      return { count: c.count, largest: Math.max(...c.sizes) };
    }
    case 'betweenness': {
      // unscaled: a sampled sum is scaled by n / samples
      const bc = betweenness(csr, { samples: BC_SAMPLES, randomState: 1, normalized: false }).map((x) => (x * BC_SAMPLES) / csr.numNodes);
      return { max: Math.max(...bc), sum: bc.reduce((a, b) => a + b, 0) };
    }
    case 'clustering': return { average: clustering(csr).average };
    case 'louvain': {
      const r = louvain(csr, { trials: 1 });
      return { modularity: r.modularity, count: r.count };
    }
  }
}

function graphologyOf(n: number, src: Int32Array, dst: Int32Array): Graph {
  const g = new Graph({ type: 'directed', multi: false, allowSelfLoops: false });
  for (let v = 0; v < n; v++) g.addNode(v);
  for (let e = 0; e < src.length; e++) g.addEdge(src[e], dst[e]);
  return g;
}

/** graphology's figure for a case, and its answer's digest. */
function graphologyCase(name: CaseName, n: number, src: Int32Array, dst: Int32Array, g: Graph): { seconds: number; quality: Record<string, number> } {
  switch (name) {
    case 'csr_build': {
      global.gc?.();
      const before = process.memoryUsage().heapUsed;
      const kept = graphologyOf(n, src, dst);
      const bytes = process.memoryUsage().heapUsed - before;
      const seconds = measure(() => graphologyOf(n, src, dst), { maxReps: 3, budgetS: 5 });
      return { seconds, quality: { edges: kept.size, bytes_per_edge: bytes / src.length } };
    }
    case 'pagerank': {
      let r: Record<string, number> = {};
      const seconds = measure(() => (r = gPagerank(g, { alpha: 0.85, tolerance: TOL / n, maxIterations: 1000, getEdgeWeight: null })), { maxReps: 3, budgetS: 5 });
      return { seconds, quality: { max: Math.max(...Object.values(r)), node0: r['0'] } };
    }
    case 'bfs': {
      let reached = 0, depth = 0;
      const seconds = measure(() => {
        reached = 0;
        bfsFromNode(g, '0', (_node, _attr, d) => {
          reached++;
          depth = Math.max(depth, d);
        }, { mode: 'outbound' });
      }, { maxReps: 5, budgetS: 3 });
      return { seconds, quality: { reached, depth } };
    }
    case 'betweenness':
    case 'clustering': throw new Error('not measured');
    case 'scc':
    case 'wcc': {
      let parts: string[][] = [];
      const seconds = measure(() => (parts = name === 'scc' ? gStrong(g) : gWeak(g)), { maxReps: 5, budgetS: 3 });
      return { seconds, quality: { count: parts.length, largest: Math.max(...parts.map((p) => p.length)) } };
    }
    case 'louvain':
      throw new Error('graphology-communities-louvain is not a dependency; not measured');
  }
}

/**
 * Runs the cases and prints one JSON line per comparison, then (with --markdown) the README tables.
 * @param args - case names (default all), `--scale S` (quick harness checks only), `--markdown`
 */
export async function main(args: string[]): Promise<void> {
  checkTestVectors();
  const scaleAt = args.indexOf('--scale');
  const scale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : 1;
  const wanted = new Set(args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--scale'));
  const cases = CASES.filter((c) => wanted.size === 0 || wanted.has(c));
  const { n, src, dst } = graphWorkload(scale);
  setBackend('native');
  const python = findPython(['igraph', 'networkit']);
  if (!python) process.stderr.write('note: no Python with igraph and networkit found (set SOVEREIGN_PYTHON); no baselines\n');
  const baseline = python
    ? await PythonBaseline.start(python, 'graph', ['--scale', String(scale), '--threads', '2', '--bc-sources', betweennessSources(n, BC_SAMPLES, 1).join(',')], 2,
      { graphSrc: checksum(src), graphDst: checksum(dst) })
    : undefined;
  const lines: CaseResult[] = [];
  const out = (line: CaseResult) => {
    lines.push(line);
    emit(line);
  };
  const work = { amount: src.length, unit: 'Medges/s' as const };
  const csr = buildCsr(n, src, dst, null, true);
  const gGraph = graphologyOf(n, src, dst);
  for (const name of cases) {
    const run: Record<CaseName, () => unknown> = {
      csr_build: () => buildCsr(n, src, dst, null, true),
      pagerank: () => pagerank(csr, { tol: TOL, maxIter: 1000 }),
      bfs: () => bfs(csr, 0),
      scc: () => stronglyConnectedComponents(csr),
      wcc: () => connectedComponents(csr),
      betweenness: () => betweenness(csr, { samples: BC_SAMPLES, randomState: 1, normalized: false }),
      clustering: () => clustering(csr),
      louvain: () => louvain(csr, { trials: 1 }),
    };
    const quality = ourQuality(name, csr);
    for (const threads of [1, 2]) {
      setThreads(threads);
      const ours = measure(run[name], name === 'louvain' ? ONCE : { maxReps: 15, budgetS: 2 });
      const head = { name, backend: 'native', threads };
      if (!baseline) out({ ...result(head, work, ours), quality });
      for (const library of baseline ? (IGRAPH_ONLY.has(name) ? ['igraph'] : ['igraph', 'networkit']) : []) {
        const b = await baseline!.time(`${name}:${library}`, 2);
        out({ ...result(head, work, ours, { baseline: b.label, median_s: b.median_s, quality: b.quality }), quality });
      }
      if (threads === 2 && !IGRAPH_ONLY.has(name)) {
        try {
          const gl = graphologyCase(name, n, src, dst, gGraph);
          out({ ...result(head, work, ours, { baseline: 'graphology 0.26 (JS)', median_s: gl.seconds, quality: gl.quality }), quality });
        } catch (e) {
          // graphology's strongly connected components recurse once per node of a path: a large SCC overflows the stack
          process.stderr.write(`note: graphology ${name} failed on this graph: ${(e as Error).message}\n`);
        }
      }
    }
  }
  baseline?.close();
  if (args.includes('--markdown')) process.stdout.write(`${markdownTables(lines, 'igraph')}\n`);
}
