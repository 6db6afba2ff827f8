/**
 * The trueno-graph work the browser suite runs twice, in the page (browser build, WASM kernels) and in Node, to
 * compare the answers: a seeded random graph built from edge arrays and from an Arrow table, every algorithm (sync and
 * async forms), an edge list read from a URL (the page fetches it; Node reads the same file), the query API and the
 * code-analysis queries on a small call graph.
 */
import { tableFromArrays } from 'apache-arrow';
import { Graph, callers, circularDependencies, deadCode, godNodes } from '../../../lib/trueno-graph';
import { Random } from '../../../lib/common/random';

/** n nodes, m random weighted edges (weights in [0.5, 5.5)), seeded: the same graph on every run and in both hosts. */
function randomEdges(n: number, m: number, seed: number): { src: Int32Array; dst: Int32Array; weight: Float64Array } {
  const rand = new Random(seed);
  const src = new Int32Array(m), dst = new Int32Array(m), weight = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    src[i] = rand.int(n);
    dst[i] = rand.int(n);
    weight[i] = 0.5 + 5 * rand.next();
  }
  return { src, dst, weight };
}

/** main -> parse -> lex -> util, lex -> parse (a cycle), main -> log -> fs; orphan is called by nothing. */
function callGraph(): Graph {
  const g = new Graph();
  for (const [id, lines] of [['main', 10], ['parse', 200], ['lex', 90], ['util', 5], ['log', 20], ['orphan', 7]] as const) {
    g.addNode(id, { label: 'Function', properties: { lines } });
  }
  g.addNode('fs', { label: 'Module' });
  for (const [a, b, type] of [['main', 'parse', 'CALLS'], ['parse', 'lex', 'CALLS'], ['lex', 'util', 'CALLS'], ['lex', 'parse', 'CALLS'], ['main', 'log', 'CALLS'], ['log', 'fs', 'IMPORTS']]) {
    g.addEdge(a, b, { type });
  }
  return g;
}

/**
 * Runs the work.
 * @param edgeListUrl - an edge-list Parquet file (src, dst, weight): a URL in the page, a path in Node
 * @returns the answers (typed arrays as they are; the suite compares numbers within 1e-9 relative)
 */
export async function graphWork(edgeListUrl: string): Promise<Record<string, unknown>> {
  const r: Record<string, unknown> = {};
  const { src, dst, weight } = randomEdges(300, 1500, 42);
  const g = Graph.fromEdges({ src, dst, weight, directed: true, numNodes: 300 });
  const u = Graph.fromEdges({ src, dst, weight, directed: false, numNodes: 300 });
  const table = tableFromArrays({ from: Array.from(src, (v) => `n${v}`), to: Array.from(dst, (v) => `n${v}`), w: weight });
  const t = Graph.fromTable(table, { src: 'from', dst: 'to', weight: 'w', directed: true });
  r.sizes = [g.numNodes, g.numEdges, u.numEdges, t.numNodes, t.numEdges];
  r.bfs = g.bfs(0);
  r.bfsAsync = await g.bfsAsync([0, 7], { maxDepth: 3 });
  r.dfs = g.dfs(0);
  r.kHop = g.kHop(3, 2, { direction: 'both' });
  r.dijkstra = g.dijkstra(0);
  r.dijkstraAsync = await g.dijkstraAsync(5);
  r.shortestPath = g.shortestPath(0, 299);
  r.pagerank = g.pagerank();
  r.pagerankAsync = await g.pagerankAsync({ damping: 0.9 });
  const tableRanks = t.pagerank();
  r.tablePagerank = t.externalIds(t.nodes().ids()).map((id, i) => [id, tableRanks[i]]);
  r.components = g.connectedComponents();
  r.componentsAsync = await g.connectedComponentsAsync();
  r.scc = g.stronglyConnectedComponents();
  r.sccAsync = await g.stronglyConnectedComponentsAsync();
  r.betweenness = g.betweenness();
  r.betweennessSampled = u.betweenness({ samples: 40, randomState: 3, weighted: false });
  r.louvain = u.louvain({ randomState: 1 });
  r.triangles = u.triangles();
  r.clustering = u.clustering();
  r.mst = u.minimumSpanningTree();
  r.degrees = g.degrees();
  const dag = Graph.fromEdges({ src: Int32Array.from(src.filter((s, i) => s < dst[i])), dst: Int32Array.from(dst.filter((d, i) => src[i] < d)), directed: true, numNodes: 300 });
  r.topological = dag.topologicalSort();
  const fetched = await Graph.readEdgeList(edgeListUrl, { directed: false });
  r.edgeList = { nodes: fetched.numNodes, edges: fetched.numEdges, weighted: fetched.weighted, ranks: fetched.pagerank() };
  const c = callGraph();
  r.query = c.nodes({ label: 'Function', where: { lines: (n) => (n as number) > 50 } }).out('CALLS', { depth: 2 }).toTable().toArray().map((row) => ({ ...row.toJSON() }));
  r.callers = callers(c, 'util', { transitive: true }).externalIds();
  r.cycles = circularDependencies(c).map((cy) => cy.cycle);
  r.dead = deadCode(c, ['main']).externalIds();
  r.god = godNodes(c, { minDegree: 1, k: 0 });
  return r;
}
