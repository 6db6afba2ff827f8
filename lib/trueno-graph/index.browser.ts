/**
 * trueno-graph in a web page: graphs from edges, Arrow tables or a fetched edge list (`Graph.readEdgeList(url)`),
 * every algorithm (on trueno's WASM core), the query API and the code-analysis queries. `await ready()` once first:
 * alimentar's, which compiles trueno's core and the Parquet codec readEdgeList reads Parquet edge lists with.
 * What needs a file system or the TypeScript compiler is absent rather than failing at import: `g.save`,
 * `Graph.load`, `importGraph` and `moduleImports` (build the graph in Node, or from edges you fetch).
 * @packageDocumentation
 */
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import '../trueno/tensor-ops';
export * from './in-memory';
export { ready, type ReadyOptions } from '../alimentar/ready.browser';
