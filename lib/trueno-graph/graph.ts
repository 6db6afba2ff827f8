/**
 * The Graph: a {@link GraphStore} (nodes, edges, ids, labels, properties, CSR) with the algorithms as methods (node
 * arguments are external ids; results are typed arrays indexed by dense id, mapped back with externalIds), the query
 * API, and saving and loading.
 */
import * as algorithms from './algorithms';
import { buildCsrAsync, type Csr } from './csr';
import { readEdgeList, type EdgeListOptions } from './edge-list';
import { GraphStore } from './graph-store';
import type { NodeId } from './ids';
import { louvainOptions, modularityOptions } from './algorithms/louvain';
import { spanningTreeOptions } from './algorithms/mst';
import { pagerankOptions } from './algorithms/pagerank';
import { dijkstraOptions, shortestPathOptions } from './algorithms/paths';
import { loadGraph, saveGraph, type LoadOptions, type Manifest, type SaveOptions } from './persist';
import { NodeQuery, type NodeSelector } from './query';

export * from './graph-store';

/** A graph database held in memory (see the module comment). */
export class Graph extends GraphStore {
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
    return algorithms.bfs(this.csr, this.sources(sources), options);
  }

  /**
   * {@link Graph.bfs} off the event loop.
   * @param sources - external id(s)
   * @param options - `direction`, `maxDepth`
   * @returns a Promise of the result
   */
  async bfsAsync(sources: NodeId | readonly NodeId[], options?: algorithms.BfsOptions): Promise<algorithms.BfsResult> {
    const s = this.sources(sources);
    return algorithms.bfsAsync(await this.csrAsync(), s, options);
  }

  /**
   * Depth-first search.
   * @param source - external id
   * @param options - `direction`
   * @returns preorder `order`, `parents` and the other fields of {@link algorithms.DfsResult}
   * @throws NoNodeError for an unknown id
   */
  dfs(source: NodeId, options?: { direction?: algorithms.Direction }): algorithms.DfsResult {
    return algorithms.dfs(this.csr, this.denseId(source), options);
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
    return algorithms.kHop(this.csr, this.sources(sources), k, options);
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
    return algorithms.betweenness(this.csr, options);
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
    return algorithms.degreeStats(this.csr, options);
  }

  /**
   * Triangles per node and in all.
   * @returns see {@link algorithms.Triangles}
   */
  triangles(): algorithms.Triangles {
    return algorithms.triangles(this.csr);
  }

  /**
   * Clustering coefficients.
   * @returns local (by dense id), average, transitivity
   */
  clustering(): algorithms.Clustering {
    return algorithms.clustering(this.csr);
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
   * Saves the graph to a folder as nodes.parquet + edges.parquet + graph.json, replacing what is there atomically.
   * @param dir - the folder (created when missing)
   * @param options - `compression` (default 'zstd')
   * @returns the manifest written
   * @throws TypeError for a bad argument; the file system's error (the previous graph is kept)
   * @example await g.save('./graphs/calls');
   */
  save(dir: string, options?: SaveOptions): Promise<Manifest> {
    return saveGraph(this, dir, options);
  }

  /**
   * Loads a graph saved by {@link Graph.save}, or a folder with an edges.parquet written by another tool.
   * @param dir - the folder
   * @param options - `directed`, for a folder without graph.json
   * @returns the graph
   * @throws GraphNotFoundError, CorruptGraphError (`ERR_TRUENO_GRAPH_NOT_FOUND`, `ERR_TRUENO_GRAPH_CORRUPT`)
   * @example const g = await Graph.load('./graphs/calls');
   */
  static load(dir: string, options?: LoadOptions): Promise<Graph> {
    return loadGraph(Graph, dir, options);
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
