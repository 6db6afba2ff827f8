/**
 * What trueno-graph has in every host - graphs built from edges, tables and fetched edge lists, the algorithms, the
 * query API, the code-analysis queries and the errors - re-exported by the Node entry (./index.ts, which adds saving,
 * loading and import analysis of a source folder) and the web page's (./index.browser.ts).
 */
export {
  Graph, NODE_COLUMNS, EDGE_COLUMNS,
  type EdgeArrays, type EdgeBatch, type EdgeColumns, type EdgeOptions, type EdgeRow, type NodeColumns, type NodeOptions, type NodeRow,
} from './graph';
export { checkNodeId, type IdKind, type NodeId } from './ids';
export type { Properties, PropertyValue } from './columns';
export { buildCsr, buildCsrAsync, type Csr } from './csr';
export * from './algorithms';
export { NodeQuery, type NodeSelector, type StepOptions, type Where } from './query';
export {
  callees, callers, circularDependencies, deadCode, dependentsOf, godNodes,
  type Cycle, type EdgeTypes, type GodNodeOptions, type GodNodes, type WalkOptions,
} from './code/analysis';
export type { EdgeListOptions } from './edge-list';
export * from './errors';
export * from './store-errors';
