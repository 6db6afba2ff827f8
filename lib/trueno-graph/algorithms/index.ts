/**
 * The algorithms of trueno-graph: plain functions over a {@link Csr} (dense Int32 node ids), the ones that can take
 * more than a few milliseconds also as `...Async` (native work on the libuv pool).
 */
export {
  bfs, bfsAsync, dfs, dfsAsync, kHop, kHopAsync, type BfsOptions, type BfsResult, type DfsResult, type WalkDirectionOptions,
} from './traversal';
export { dijkstra, dijkstraAsync, shortestPath, type DijkstraOptions, type DijkstraResult, type ShortestPathOptions } from './paths';
export { pagerank, pagerankAsync, type PagerankOptions } from './pagerank';
export {
  connectedComponents, connectedComponentsAsync, stronglyConnectedComponents, stronglyConnectedComponentsAsync,
  topologicalSort, topologicalSortAsync, type Components,
} from './components';
export { louvain, louvainAsync, modularity, type LouvainOptions, type LouvainResult, type ModularityOptions } from './louvain';
export { betweenness, betweennessAsync, degrees, degreeStats, type BetweennessOptions, type Degrees, type DegreeStats } from './centrality';
export { clustering, clusteringAsync, triangles, trianglesAsync, type Clustering, type Triangles } from './triangles';
export { minimumSpanningTree, minimumSpanningTreeAsync, type SpanningTree, type SpanningTreeOptions } from './mst';
export type { Direction } from './validate';
export { CycleError, GraphError } from '../errors';
