/**
 * {@link Graph}'s file methods in a web page: none. A page has no file system to save a graph folder to or load one
 * from; graphs come from edges, tables (`Graph.fromEdges`, `Graph.fromTable`) or a fetched edge list
 * (`Graph.readEdgeList(url)`). The Node build takes ./graph-files.ts, with save and load.
 */
import { GraphStore } from './graph-store';

/** {@link GraphStore} as it is: no file methods in a page (see the module comment). */
export class GraphFiles extends GraphStore {}
