/**
 * The file methods of {@link Graph} in Node: save a graph folder (nodes.parquet + edges.parquet + graph.json) and load
 * one (./persist.ts). Graph extends this class; a web page's build takes ./graph-files.browser.ts instead, whose class
 * has no file methods, so a page's Graph neither has nor declares save / load.
 */
import type { Graph } from './graph';
import { GraphStore, type GraphClass } from './graph-store';
import { loadGraph, saveGraph, type GraphFactory, type LoadOptions, type Manifest, type SaveOptions } from './persist';

/** {@link GraphStore} with saving and loading (see the module comment). */
export class GraphFiles extends GraphStore {
  /**
   * Saves the graph to a folder as nodes.parquet + edges.parquet + graph.json, replacing what is there atomically.
   * @param dir - the folder (created when missing)
   * @param options - `compression` (default 'zstd')
   * @returns the manifest written
   * @throws TypeError for a bad argument; the file system's error (the previous graph is kept)
   * @example await g.save('./graphs/calls');
   */
  save(dir: string, options?: SaveOptions): Promise<Manifest> {
    return saveGraph(this as GraphStore as Graph, dir, options);
  }

  /**
   * Loads a graph saved by {@link GraphFiles.save}, or a folder with an edges.parquet written by another tool.
   * @param dir - the folder
   * @param options - `directed`, for a folder without graph.json
   * @returns the graph
   * @throws GraphNotFoundError, CorruptGraphError (`ERR_TRUENO_GRAPH_NOT_FOUND`, `ERR_TRUENO_GRAPH_CORRUPT`)
   * @example const g = await Graph.load('./graphs/calls');
   */
  static load<G extends GraphFiles>(this: GraphClass<G>, dir: string, options?: LoadOptions): Promise<G> {
    // `this` is Graph (or a subclass of it): the class load builds the graph with
    return loadGraph(this as unknown as GraphFactory, dir, options) as Promise<GraphStore> as Promise<G>;
  }
}
