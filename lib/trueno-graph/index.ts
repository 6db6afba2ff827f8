/**
 * trueno-graph: a graph database for code-analysis graphs (call graphs, module dependency graphs) and any other:
 * nodes and edges with labels and properties in Arrow columns, CSR adjacency, graph algorithms, a small query API,
 * code-analysis helpers, and Parquet files other tools read.
 * @example
 * const g = await importGraph('./src');
 * for (const c of circularDependencies(g)) console.log(c.cycle.join(' -> '));
 * @packageDocumentation
 */
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import '../trueno/tensor-ops';
export * from './in-memory';
// Node only: graph folders on disk and import analysis of a source folder
export { MANIFEST, type LoadOptions, type Manifest, type SaveOptions } from './persist';
export { importGraph, importGraphAsync, type ImportGraphOptions } from './code/import-graph';
export { moduleImports, type ImportKind, type ModuleImport } from './code/module-imports';
