/**
 * The Graph: a {@link GraphStore} (nodes, edges, ids, labels, properties, CSR) with the algorithms as methods (node
 * arguments are external ids; results are typed arrays indexed by dense id, mapped back with externalIds), the query
 * API, and, in Node, saving and loading ({@link GraphFiles}: a web page's Graph has neither).
 */
import * as algorithms from './algorithms';
import { betweennessOptions, degreeStatsOptions } from './algorithms/centrality';
import { bfsOptions, walkOptions } from './algorithms/traversal';
import { buildCsrAsync, type Csr } from './csr';
import { readEdgeList, type EdgeListOptions } from './edge-list';
import { GraphFiles } from './graph-files';
import type { NodeId } from './ids';
import { louvainOptions, modularityOptions } from './algorithms/louvain';
import { spanningTreeOptions } from './algorithms/mst';
import { pagerankOptions } from './algorithms/pagerank';
import { dijkstraOptions, shortestPathOptions } from './algorithms/paths';
import { NodeQuery, type NodeSelector } from './query';

export * from './graph-store';

/** A graph database held in memory (see the module comment). */
export class Graph extends GraphFiles {
  // ---- algorithms: each forwards to ./algorithms over the CSR; node arguments are external ids, results are
  // indexed by dense id (map back with externalId / externalIds) ----

  /** The CSR, built off the event loop when it is not built yet. */
  private async csrAsync(): Promise<Csr> {
    if (this.csrCache === undefined) {
      const p = this.internals();
      const built = await buildCsrAsync(this.numNodes, p.src.view(), p.dst.view(), p.weights?.view() ?? null, p.directed);
      // a change while building makes `built` stale: keep only a CSR of the graph as it is now
      if (built.numEdges === this.numEdges && built.numNodes === this.numNodes) this.csrCache ??= built;
      return built;
    }
    return this.csrCache;
  }

  /** Dense ids of one external id or several. */
  private sources(sources: NodeId | readonly NodeId[]): number | Int32Array {
    return Array.isArray(sources) ? this.denseIds(sources as NodeId[]) : this.denseId(sources as NodeId);
  }

  /**
   * Breadth-first search from one node or several (distances to the nearest).
   * @param sources - external id(s)
   * @param options - `direction` ('out' | 'in' | 'both'), `maxDepth`
   * @returns `distances` (-1 unreachable), `parents` (-1), `order`, by dense id
   * @throws NoNodeError for an unknown id; TypeError / RangeError for bad options
   * @example const { distances } = g.bfs('main'); distances[g.denseId('parse')];
   */
  bfs(sources: NodeId | readonly NodeId[], options?: algorithms.BfsOptions): algorithms.BfsResult {
    const o = bfsOptions(options);
    return algorithms.bfs(this.csr, this.sources(sources), o);
  }

  /**
   * {@link Graph.bfs} off the event loop.
   * @param sources - external id(s)
   * @param options - `direction`, `maxDepth`
   * @returns a Promise of the result
   */
  async bfsAsync(sources: NodeId | readonly NodeId[], options?: algorithms.BfsOptions): Promise<algorithms.BfsResult> {
    const o = bfsOptions(options);
    const s = this.sources(sources);
    return algorithms.bfsAsync(await this.csrAsync(), s, o);
  }

  /**
   * Depth-first search.
   * @param source - external id
   * @param options - `direction`
   * @returns preorder `order`, `parents` and the other fields of {@link algorithms.DfsResult}
   * @throws NoNodeError for an unknown id
   */
  dfs(source: NodeId, options?: { direction?: algorithms.Direction }): algorithms.DfsResult {
    const o = walkOptions(options);
    return algorithms.dfs(this.csr, this.denseId(source), o);
  }

  /**
   * {@link Graph.dfs} off the event loop.
   * @param source - external id
   * @param options - `direction`
   * @returns a Promise of the result
   * @throws TypeError for bad options (checked first); NoNodeError for an unknown id
   * @example const { order } = await g.dfsAsync('main');
   */
  async dfsAsync(source: NodeId, options?: algorithms.WalkDirectionOptions): Promise<algorithms.DfsResult> {
    const o = walkOptions(options);
    const s = this.denseId(source);
    return algorithms.dfsAsync(await this.csrAsync(), s, o);
  }

  /**
   * The nodes within k hops of one node or several.
   * @param sources - external id(s)
   * @param k - hops
   * @param options - `direction`
   * @returns dense ids (see the algorithm for whether sources are included)
   * @throws NoNodeError for an unknown id; RangeError for a bad k
   */
  kHop(sources: NodeId | readonly NodeId[], k: number, options?: { direction?: algorithms.Direction }): Int32Array {
    const o = walkOptions(options);
    return algorithms.kHop(this.csr, this.sources(sources), k, o);
  }

  /**
   * {@link Graph.kHop} off the event loop.
   * @param sources - external id(s)
   * @param k - hops
   * @param options - `direction`
   * @returns a Promise of the dense ids within k hops (sources excluded), ascending
   * @throws TypeError for bad options (checked first); NoNodeError for an unknown id; RangeError for a bad k
   * @example g.externalIds(await g.kHopAsync('parse', 2, { direction: 'in' }));
   */
  async kHopAsync(sources: NodeId | readonly NodeId[], k: number, options?: algorithms.WalkDirectionOptions): Promise<Int32Array> {
    const o = walkOptions(options);
    const s = this.sources(sources);
    return algorithms.kHopAsync(await this.csrAsync(), s, k, o);
  }

  /**
   * Shortest distances from one node (Dijkstra; weights must be finite and non-negative).
   * @param source - external id
   * @param options - see {@link algorithms.DijkstraOptions}
   * @returns `distances` (Infinity unreachable) and `parents`, by dense id
   * @throws NoNodeError; RangeError for negative or NaN weights
   */
  dijkstra(source: NodeId, options?: algorithms.DijkstraOptions): algorithms.DijkstraResult {
    dijkstraOptions(options);
    return algorithms.dijkstra(this.csr, this.denseId(source), options);
  }

  /**
   * {@link Graph.dijkstra} off the event loop.
   * @param source - external id
   * @param options - see {@link algorithms.DijkstraOptions}
   * @returns a Promise of the result
   */
  async dijkstraAsync(source: NodeId, options?: algorithms.DijkstraOptions): Promise<algorithms.DijkstraResult> {
    dijkstraOptions(options);
    const s = this.denseId(source);
    return algorithms.dijkstraAsync(await this.csrAsync(), s, options);
  }

  /**
   * One shortest path (weighted by default when the graph has weights, else hop count).
   * @param s - start (external id)
   * @param t - end (external id)
   * @param options - `weighted`, `direction`
   * @returns `distance` (Infinity when unreachable) and `path` (dense ids, empty when unreachable)
   * @throws NoNodeError for an unknown id
   * @example g.externalIds(g.shortestPath('a', 'z').path);
   */
  shortestPath(s: NodeId, t: NodeId, options?: algorithms.ShortestPathOptions): { distance: number; path: Int32Array } {
    shortestPathOptions(options);
    return algorithms.shortestPath(this.csr, this.denseId(s), this.denseId(t), options);
  }

  /**
   * PageRank (damping, personalization, dangling nodes and stopping rule as networkx and igraph).
   * @param options - see {@link algorithms.PagerankOptions}
   * @returns each node's rank, by dense id (sums to 1)
   * @example const ranks = g.pagerank({ damping: 0.85 });
   */
  pagerank(options?: algorithms.PagerankOptions): Float64Array {
    pagerankOptions(options);
    return algorithms.pagerank(this.csr, options);
  }

  /**
   * {@link Graph.pagerank} off the event loop.
   * @param options - see {@link algorithms.PagerankOptions}
   * @returns a Promise of the ranks
   */
  async pagerankAsync(options?: algorithms.PagerankOptions): Promise<Float64Array> {
    pagerankOptions(options);
    return algorithms.pagerankAsync(await this.csrAsync(), options);
  }

  /**
   * Weakly connected components.
   * @returns `count`, `labels` (by dense id), `sizes`
   */
  connectedComponents(): algorithms.Components {
    return algorithms.connectedComponents(this.csr);
  }

  /**
   * {@link Graph.connectedComponents} off the event loop.
   * @returns a Promise of the components
   */
  async connectedComponentsAsync(): Promise<algorithms.Components> {
    return algorithms.connectedComponentsAsync(await this.csrAsync());
  }

  /**
   * Strongly connected components.
   * @returns `count`, `labels` (by dense id), `sizes`
   */
  stronglyConnectedComponents(): algorithms.Components {
    return algorithms.stronglyConnectedComponents(this.csr);
  }

  /**
   * {@link Graph.stronglyConnectedComponents} off the event loop.
   * @returns a Promise of the components
   */
  async stronglyConnectedComponentsAsync(): Promise<algorithms.Components> {
    return algorithms.stronglyConnectedComponentsAsync(await this.csrAsync());
  }

  /**
   * A topological order of a directed graph.
   * @returns dense ids, every edge u -> v with u first
   * @throws CycleError whose `.cycle` lists one cycle (dense ids) when there is none; TypeError when undirected
   */
  topologicalSort(): Int32Array {
    return algorithms.topologicalSort(this.csr);
  }

  /**
   * {@link Graph.topologicalSort} off the event loop.
   * @returns a Promise of the order (dense ids)
   * @throws CycleError (the Promise rejects) whose `.cycle` lists one cycle; TypeError when undirected
   * @example const order = g.externalIds(await g.topologicalSortAsync());
   */
  async topologicalSortAsync(): Promise<Int32Array> {
    return algorithms.topologicalSortAsync(await this.csrAsync());
  }

  /**
   * Louvain communities.
   * @param options - see {@link algorithms.LouvainOptions} (resolution, randomState, ...)
   * @returns `labels` (by dense id), `count`, `modularity`
   */
  louvain(options?: algorithms.LouvainOptions): algorithms.LouvainResult {
    louvainOptions(options);
    return algorithms.louvain(this.csr, options);
  }

  /**
   * {@link Graph.louvain} off the event loop (native: the trials run on the libuv pool).
   * @param options - see {@link algorithms.LouvainOptions}
   * @returns a Promise of `labels` (by dense id), `count`, `modularity`
   * @throws TypeError / RangeError for bad options or weights (the Promise rejects)
   * @example const { count, modularity } = await g.louvainAsync({ randomState: 7 });
   */
  async louvainAsync(options?: algorithms.LouvainOptions): Promise<algorithms.LouvainResult> {
    louvainOptions(options);
    return algorithms.louvainAsync(await this.csrAsync(), options);
  }

  /**
   * The modularity of a partition.
   * @param labels - a community per dense id
   * @param options - `resolution`, `weighted`
   * @returns the modularity
   */
  modularity(labels: Int32Array, options?: algorithms.ModularityOptions): number {
    modularityOptions(options);
    return algorithms.modularity(this.csr, labels, options);
  }

  /**
   * Betweenness centrality (exact, or sampled from `samples` sources).
   * @param options - see {@link algorithms.BetweennessOptions}
   * @returns each node's centrality, by dense id
   */
  betweenness(options?: algorithms.BetweennessOptions): Float64Array {
    const o = betweennessOptions(options);
    return algorithms.betweenness(this.csr, o);
  }

  /**
   * {@link Graph.betweenness} off the event loop.
   * @param options - see {@link algorithms.BetweennessOptions}
   * @returns a Promise of each node's centrality, by dense id
   * @throws TypeError / RangeError for bad options (checked first) or bad weights
   * @example const bc = await g.betweennessAsync({ samples: 500, randomState: 7 });
   */
  async betweennessAsync(options?: algorithms.BetweennessOptions): Promise<Float64Array> {
    const o = betweennessOptions(options);
    return algorithms.betweennessAsync(await this.csrAsync(), o);
  }

  /**
   * Out-, in- and total degrees.
   * @returns the three degree arrays, by dense id
   */
  degrees(): algorithms.Degrees {
    return algorithms.degrees(this.csr);
  }

  /**
   * Statistics of a degree sequence.
   * @param options - `mode`: 'total' (default), 'out' or 'in'
   * @returns min, max, mean, median, std, argmax (a dense id)
   */
  degreeStats(options?: { mode?: 'out' | 'in' | 'total' }): algorithms.DegreeStats {
    const o = degreeStatsOptions(options);
    return algorithms.degreeStats(this.csr, o);
  }

  /**
   * Triangles per node and in all.
   * @returns see {@link algorithms.Triangles}
   */
  triangles(): algorithms.Triangles {
    return algorithms.triangles(this.csr);
  }

  /**
   * {@link Graph.triangles} off the event loop.
   * @returns a Promise of the counts
   * @example const { total } = await g.trianglesAsync();
   */
  async trianglesAsync(): Promise<algorithms.Triangles> {
    return algorithms.trianglesAsync(await this.csrAsync());
  }

  /**
   * Clustering coefficients.
   * @returns local (by dense id), average, transitivity
   */
  clustering(): algorithms.Clustering {
    return algorithms.clustering(this.csr);
  }

  /**
   * {@link Graph.clustering} off the event loop.
   * @returns a Promise of local (by dense id), average and transitivity
   * @example const { transitivity } = await g.clusteringAsync();
   */
  async clusteringAsync(): Promise<algorithms.Clustering> {
    return algorithms.clusteringAsync(await this.csrAsync());
  }

  /**
   * A minimum spanning tree (a forest when disconnected) of an undirected graph.
   * @param options - `weighted`
   * @returns the edge indexes in the tree and its total weight
   */
  minimumSpanningTree(options?: algorithms.SpanningTreeOptions): algorithms.SpanningTree {
    spanningTreeOptions(options);
    return algorithms.minimumSpanningTree(this.csr, options);
  }

  /**
   * {@link Graph.minimumSpanningTree} off the event loop.
   * @param options - `weighted`
   * @returns a Promise of the edge indexes in the tree and its total weight
   * @throws TypeError for bad options; RangeError for a NaN weight (the Promise rejects)
   * @example const { totalWeight } = await g.minimumSpanningTreeAsync();
   */
  async minimumSpanningTreeAsync(options?: algorithms.SpanningTreeOptions): Promise<algorithms.SpanningTree> {
    spanningTreeOptions(options);
    return algorithms.minimumSpanningTreeAsync(await this.csrAsync(), options);
  }

  /**
   * Starts a query: the nodes that match a selector, to walk from and filter (see {@link NodeQuery}).
   * @param selector - `label`, `where` (property conditions or a test), `ids`; none: every node
   * @returns the query
   * @throws TypeError for a selector of the wrong shape; NoNodeError for an id the graph lacks
   * @example g.nodes({ label: 'Function', where: { exported: true } }).out('CALLS', { depth: 2 }).toTable();
   */
  nodes(selector?: NodeSelector): NodeQuery {
    return NodeQuery.select(this, selector);
  }

  /**
   * Reads an edge-list file (Parquet, Arrow IPC, CSV, JSON) written by another tool: pyarrow, igraph, networkx.
   * @param file - the file
   * @param options - column names (default src/source/from, dst/target/to, weight, type), `directed`, `format`
   * @returns the graph
   * @throws as {@link readEdgeList}
   * @example const g = await Graph.readEdgeList('karate.parquet', { directed: false });
   */
  static readEdgeList(file: string, options?: EdgeListOptions): Promise<Graph> {
    return readEdgeList(Graph, file, options);
  }

}
