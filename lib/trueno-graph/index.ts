/**
 * trueno-graph: a graph database for code-analysis graphs (call graphs, module dependency graphs) and any other:
 * nodes and edges with labels and properties in Arrow columns, CSR adjacency, graph algorithms, a small query API,
 * code-analysis helpers, and Parquet files other tools read.
 * @example
 * const g = await importGraph('./src');
 * for (const c of circularDependencies(g)) console.log(c.cycle.join(' -> '));
 * @packageDocumentation
 */
export {
  Graph, NODE_COLUMNS, EDGE_COLUMNS,
  type EdgeArrays, type EdgeBatch, type EdgeColumns, type EdgeOptions, type EdgeRow, type NodeColumns, type NodeOptions, type NodeRow,
} from './graph';
export { checkNodeId, type IdKind, type NodeId } from './ids';
export type { Properties, PropertyValue } from './columns';
export { buildCsr, buildCsrAsync, type Csr } from './csr';
export * from './algorithms';
export { MANIFEST, type LoadOptions, type Manifest, type SaveOptions } from './persist';
export { NodeQuery, type NodeSelector, type StepOptions, type Where } from './query';
export {
  callees, callers, circularDependencies, deadCode, dependentsOf, godNodes,
  type Cycle, type EdgeTypes, type GodNodeOptions, type GodNodes, type WalkOptions,
} from './code/analysis';
export { importGraph, importGraphAsync, type ImportGraphOptions } from './code/import-graph';
export { moduleImports, type ImportKind, type ModuleImport } from './code/module-imports';
export type { EdgeListOptions } from './edge-list';
export * from './errors';
export * from './store-errors';
