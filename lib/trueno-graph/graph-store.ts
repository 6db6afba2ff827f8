/**
 * The storage of a graph: nodes with external ids, labels and properties; edges with an optional weight, a type and
 * properties; all held in columns (typed arrays, Arrow vectors). The CSR the algorithms read is built on first use
 * and rebuilt after a change. Build one from edge arrays, from Arrow tables, or node by node. Graph (./graph) adds
 * the algorithms, queries and files.
 */
import { Float64, Int32, Int64, Table, Utf8, makeVector, vectorFromArray, type Vector } from 'apache-arrow';
import { ArrowDataset } from '../alimentar/dataset';
import { adoptTable } from '../alimentar/formats/foreign-arrow';
import { validators } from '../common/validate';
import { denseIds, endpointsFromArrays, mapEndpoints, MAX_NODES, valuesOf, type Endpoints, type IdArray } from './build';
import { buildCsr, type Csr } from './csr';
import { argumentError, describe, rangeError, typeError } from './errors';
import { Growable, LabelColumn, PropertyColumns, type Properties, type PropertyValue } from './columns';
import { checkNodeId, IdMap, type IdKind, type NodeId } from './ids';
import { NoNodeError } from './store-errors';

const { expectOptions, expectRecord, expectBoolean, expectString, expectOneOf } = validators(argumentError);

/** Names a node file's own columns take (not available as node property names). */
export const NODE_COLUMNS = ['id', 'label'] as const;
/** Names an edge file's own columns take (not available as edge property names). */
export const EDGE_COLUMNS = ['src', 'dst', 'weight', 'type'] as const;

/** Input of {@link Graph.fromEdges}. */
export interface EdgeArrays {
  /** Sources: dense ids (Int32Array, BigInt64Array, number[]) or external ids (string[], or numbers with mapIds). */
  src: IdArray;
  /** Targets, as src. */
  dst: IdArray;
  /** Edge weights (finite numbers). */
  weight?: Float64Array | readonly number[];
  /** Edge types (null: none). */
  types?: readonly (string | null)[];
  /** Whether edges have a direction. */
  directed: boolean;
  /** Nodes, for dense ids: default the largest id + 1 (more gives isolated nodes). */
  numNodes?: number;
  /** Treat numeric ids as external ids (sparse ids such as 1000000 and 7): they get dense ids in ascending order. */
  mapIds?: boolean;
}

/** Column names of {@link Graph.fromTable}'s edge table. */
export interface EdgeColumns {
  /** The source column. */
  src: string;
  /** The target column. */
  dst: string;
  /** The weight column (numbers). */
  weight?: string;
  /** The edge type column (strings). */
  type?: string;
  /** Whether edges have a direction (default true). */
  directed?: boolean;
  /**
   * What src and dst hold: 'ids' (default), the nodes' external ids; 'rows', row numbers of the node table (as
   * trueno-graph's own edges.parquet and igraph's vertex indices store them; needs the node table).
   */
  endpoints?: 'ids' | 'rows';
}

/** The node table of {@link Graph.fromTable}: its id column and, optionally, its label column. */
export interface NodeColumns {
  /** The nodes. */
  table: Table | ArrowDataset;
  /** The id column (default 'id'). */
  id?: string;
  /** The label column (default 'label' when present). */
  label?: string;
}

/** Options of {@link Graph.addNode}. */
export interface NodeOptions {
  /** The node's label, e.g. 'Function'. */
  label?: string | null;
  /** Its properties. */
  properties?: Properties;
}

/** Options of {@link Graph.addEdge}. */
export interface EdgeOptions {
  /** The edge's type, e.g. 'CALLS'. */
  type?: string | null;
  /** Its weight (a finite number; edges added without one weigh 1 once the graph is weighted). */
  weight?: number;
  /** Its properties. */
  properties?: Properties;
}

/** Input of {@link Graph.addEdges}. */
export interface EdgeBatch {
  /** Sources (external ids). */
  src: readonly NodeId[];
  /** Targets. */
  dst: readonly NodeId[];
  /** Weights. */
  weight?: Float64Array | readonly number[];
  /** Types. */
  types?: readonly (string | null)[];
  /** Properties of each edge. */
  properties?: readonly (Properties | undefined)[];
}

/** One node as an object. */
export interface NodeRow {
  /** Its external id. */
  id: NodeId;
  /** Its dense id. */
  dense: number;
  /** Its label, or null. */
  label: string | null;
  /** Its properties (null when unset). */
  properties: Record<string, PropertyValue>;
}

/** One edge as an object. */
export interface EdgeRow {
  /** Its index (the edge id of CSR entries). */
  index: number;
  /** Source (external id). */
  src: NodeId;
  /** Target. */
  dst: NodeId;
  /** Weight (1 in an unweighted graph). */
  weight: number;
  /** Type, or null. */
  type: string | null;
  /** Properties. */
  properties: Record<string, PropertyValue>;
}

/** The columns a graph is made of (for the store and the query layer). */
export interface GraphParts {
  directed: boolean;
  ids: IdMap;
  nodeLabels: LabelColumn;
  nodeProperties: PropertyColumns;
  src: Growable<Int32Array>;
  dst: Growable<Int32Array>;
  weights: Growable<Float64Array> | null;
  edgeTypes: LabelColumn;
  edgeProperties: PropertyColumns;
}

function checkWeight(value: unknown, name: string): number {
  if (typeof value !== 'number') throw typeError(`Expected a number for ${name} but received ${describe(value)}`);
  if (!Number.isFinite(value)) throw rangeError(`Expected a finite number for ${name} but received ${describe(value)}`);
  return value;
}

function checkWeights(values: unknown, n: number, name: string): Float64Array {
  if (!(values instanceof Float64Array) && !Array.isArray(values)) {
    throw typeError(`Expected a Float64Array or number[] for ${name} but received ${describe(values)}`);
  }
  if (values.length !== n) throw rangeError(`Expected ${n} values (one per edge) for ${name} but received ${values.length}`);
  for (let i = 0; i < n; i++) checkWeight(values[i], `${name}[${i}]`);
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

function checkList(values: unknown, n: number, name: string): unknown[] {
  if (!Array.isArray(values)) throw typeError(`Expected an array for ${name} but received ${describe(values)}`);
  if (values.length !== n) throw rangeError(`Expected ${n} values (one per edge) for ${name} but received ${values.length}`);
  return values;
}

function tableOf(value: unknown, name: string): Table {
  if (value instanceof ArrowDataset) return value.toTable();
  if (value instanceof Table) return adoptTable(value);
  throw typeError(`Expected an apache-arrow Table or ArrowDataset for ${name} but received ${describe(value)}`);
}

function columnOf(table: Table, column: string, name: string): Vector {
  const vector = table.getChild(column);
  if (vector === null) throw rangeError(`Expected a column of ${name} (${table.schema.fields.map((f) => f.name).join(', ')}) but received '${column}'`);
  return vector;
}

/** A class whose instances are graphs: GraphStore or Graph. */
export type GraphClass<G> = new (options?: { directed?: boolean }) => G;

/** The storage half of {@link Graph}: nodes, edges, ids, labels, properties and the CSR (see the module comment). */
export class GraphStore {
  private readonly parts: GraphParts;
  /** The CSR while the graph has not changed since it was built. */
  protected csrCache: Csr | undefined;

  /**
   * An empty graph, to fill with {@link Graph.addNode} and {@link Graph.addEdge}.
   * @param options - `directed` (default true)
   * @throws TypeError for a non-boolean `directed`
   * @example
   * const g = new Graph({ directed: true });
   * g.addEdge('main', 'parse', { type: 'CALLS' });
   */
  constructor(options?: { directed?: boolean }) {
    const opts = expectOptions<{ directed: boolean }>(options, 'options', { directed: true });
    const directed = opts.directed === undefined ? true : expectBoolean(opts.directed, 'options.directed');
    this.parts = {
      directed,
      ids: new IdMap(),
      nodeLabels: new LabelColumn(),
      nodeProperties: new PropertyColumns(NODE_COLUMNS, 'node'),
      src: new Growable(new Int32Array(0)),
      dst: new Growable(new Int32Array(0)),
      weights: null,
      edgeTypes: new LabelColumn(),
      edgeProperties: new PropertyColumns(EDGE_COLUMNS, 'edge'),
    };
  }

  /**
   * Builds a graph from edge arrays.
   * @param input - `src`, `dst` (dense ids, or external ids), `weight`, `types`, `directed`, `numNodes`, `mapIds`
   * @returns the graph
   * @throws TypeError for arrays of the wrong type; RangeError for ids out of range, arrays of different lengths,
   *   non-finite weights, a numNodes smaller than an id
   * @example
   * const g = Graph.fromEdges({ src: Int32Array.of(0, 1), dst: Int32Array.of(1, 2), directed: true });
   */
  static fromEdges<G extends GraphStore>(this: GraphClass<G>, input: EdgeArrays): G {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw typeError(`Expected an object { src, dst, directed } for input but received ${describe(input)}`);
    const directed = expectBoolean(input.directed, 'input.directed');
    if (input.numNodes !== undefined && (typeof input.numNodes !== 'number' || !Number.isInteger(input.numNodes) || input.numNodes < 0 || input.numNodes > MAX_NODES)) {
      throw rangeError(`Expected an integer in [0, ${MAX_NODES}] for input.numNodes but received ${describe(input.numNodes)}`);
    }
    const mapIds = input.mapIds === undefined ? false : expectBoolean(input.mapIds, 'input.mapIds');
    const { src, dst, ids } = endpointsFromArrays(input.src, input.dst, input.numNodes, mapIds);
    const g = new this({ directed });
    const p = g.parts;
    p.ids = ids;
    p.nodeLabels.pushEmpty(ids.size);
    p.nodeProperties.pushEmpty(ids.size);
    p.src = new Growable(src instanceof Int32Array && src === input.src ? src.slice() : src);
    p.dst = new Growable(dst instanceof Int32Array && dst === input.dst ? dst.slice() : dst);
    if (input.weight !== undefined) p.weights = new Growable(checkWeights(input.weight, src.length, 'input.weight').slice());
    const types = input.types === undefined ? undefined : checkList(input.types, src.length, 'input.types');
    if (types === undefined) p.edgeTypes.pushEmpty(src.length);
    else for (let i = 0; i < src.length; i++) p.edgeTypes.push(types[i] as string | null | undefined, `input.types[${i}]`);
    p.edgeProperties.pushEmpty(src.length);
    return g;
  }

  /**
   * Builds a graph from an Arrow edge table (and optionally a node table). Columns other than those named become
   * properties (the Arrow columns themselves, not copies).
   * @param edges - a Table or ArrowDataset with one row per edge
   * @param columns - `src`, `dst` (required), `weight`, `type`, `directed` (default true)
   * @param nodes - a node table: its rows fix the dense ids (row order); edges must name its ids. Without it, the
   *   ids found in the edges get dense ids in ascending order.
   * @returns the graph
   * @throws TypeError for a wrong argument; RangeError for a missing column, null or invalid ids, a weight that is
   *   not a finite number, duplicate node ids, an edge naming a node the node table lacks
   * @example
   * const g = Graph.fromTable(edges, { src: 'from', dst: 'to', weight: 'w' });
   */
  static fromTable<G extends GraphStore>(this: GraphClass<G>, edges: Table | ArrowDataset, columns: EdgeColumns, nodes?: Table | ArrowDataset | NodeColumns): G {
    const table = tableOf(edges, 'edges');
    const opts = expectOptions<EdgeColumns>(columns, 'columns', { src: true, dst: true, weight: true, type: true, directed: true, endpoints: true });
    const srcName = expectString(opts.src, 'columns.src');
    const dstName = expectString(opts.dst, 'columns.dst');
    const directed = opts.directed === undefined ? true : expectBoolean(opts.directed, 'columns.directed');
    const named = [srcName, dstName, opts.weight, opts.type].filter((n): n is string => n !== undefined).map((n) => expectString(n, 'a column name'));
    const srcCol = columnOf(table, srcName, 'edges');
    const dstCol = columnOf(table, dstName, 'edges');
    const byRow = opts.endpoints === undefined ? false : expectOneOf(opts.endpoints, ['ids', 'rows'], 'columns.endpoints') === 'rows';
    if (byRow && nodes === undefined) throw rangeError(`Expected a node table with columns.endpoints 'rows' but received none`);
    const g = new this({ directed });
    const p = g.parts;
    if (nodes !== undefined) g.adoptNodes(nodes);
    const known = p.ids.size;
    const { src, dst, ids } = byRow
      ? g.rowEndpoints(srcCol, dstCol, [`edges.${srcName}`, `edges.${dstName}`])
      : mapEndpoints([valuesOf(srcCol), valuesOf(dstCol)], [`edges.${srcName}`, `edges.${dstName}`], nodes === undefined ? undefined : p.ids);
    if (nodes !== undefined && ids.size > known) {
      throw rangeError(`Expected edge endpoints among the node table's ids but received '${ids.external(known)}', which it lacks`);
    }
    p.ids = ids;
    p.nodeLabels.pushEmpty(ids.size - known);
    if (nodes === undefined) p.nodeProperties.pushEmpty(ids.size);
    p.src = new Growable(src);
    p.dst = new Growable(dst);
    if (opts.weight !== undefined) {
      const w = columnOf(table, opts.weight, 'edges');
      p.weights = new Growable(checkWeights(Array.from(w as Iterable<unknown>, (v) => (typeof v === 'bigint' ? Number(v) : v)), src.length, `edges.${opts.weight}`));
    }
    const typeCol = opts.type === undefined ? undefined : columnOf(table, opts.type, 'edges');
    if (typeCol === undefined) p.edgeTypes.pushEmpty(src.length);
    else for (let i = 0; i < src.length; i++) p.edgeTypes.push((typeCol.get(i) ?? null) as string | null, `edges.${opts.type}[${i}]`);
    const rest = new Map(table.schema.fields.filter((f) => !named.includes(f.name)).map((f) => [f.name, table.getChild(f.name)!]));
    p.edgeProperties.adopt(rest, src.length);
    return g;
  }

  /** Endpoints given as node-table rows: integers in [0, numNodes), no nulls. */
  private rowEndpoints(srcCol: Vector, dstCol: Vector, names: [string, string]): Endpoints {
    const [src, dst] = [srcCol, dstCol].map((col, c) => {
      if (col.nullCount > 0) throw rangeError(`Expected no nulls in ${names[c]} but received ${col.nullCount}`);
      const values = col.toArray() as IdArray;
      const { ids, max } = denseIds(values instanceof Int32Array || values instanceof BigInt64Array ? values : Array.from(values as ArrayLike<number>), names[c]);
      if (max >= this.numNodes) throw rangeError(`Expected node rows in [0, ${this.numNodes}) in ${names[c]} but received ${max}`);
      return ids;
    });
    return { src, dst, ids: this.parts.ids };
  }

  /** Reads a node table into an empty graph: ids in row order, the label column, the rest as properties. */
  private adoptNodes(nodes: Table | ArrowDataset | NodeColumns): void {
    const spec: NodeColumns = nodes instanceof Table || nodes instanceof ArrowDataset ? { table: nodes } : expectOptions<NodeColumns>(nodes, 'nodes', { table: true, id: true, label: true }) as NodeColumns;
    const table = tableOf(spec.table, 'nodes.table');
    const idName = spec.id === undefined ? 'id' : expectString(spec.id, 'nodes.id');
    const labelName = spec.label === undefined ? (table.getChild('label') === null ? undefined : 'label') : expectString(spec.label, 'nodes.label');
    const idValues = valuesOf(columnOf(table, idName, 'nodes'));
    const p = this.parts;
    for (let i = 0; i < idValues.length; i++) {
      const v = idValues[i];
      if (v === null || v === undefined) throw rangeError(`Expected a node id for nodes.${idName}[${i}] but received ${describe(v)}`);
      const id = checkNodeId(v, `nodes.${idName}[${i}]`);
      if (p.ids.dense(id) >= 0) throw rangeError(`Expected unique node ids in nodes.${idName} but received ${describe(id)} twice`);
      p.ids.add(id, `nodes.${idName}[${i}]`);
    }
    const labels = labelName === undefined ? undefined : columnOf(table, labelName, 'nodes');
    for (let i = 0; i < idValues.length; i++) p.nodeLabels.push((labels?.get(i) ?? null) as string | null, `nodes.${labelName}[${i}]`);
    const rest = new Map(table.schema.fields.filter((f) => f.name !== idName && f.name !== labelName).map((f) => [f.name, table.getChild(f.name)!]));
    p.nodeProperties.adopt(rest, idValues.length);
  }

  /** Whether edges have a direction. */
  get directed(): boolean {
    return this.parts.directed;
  }

  /** Number of nodes. */
  get numNodes(): number {
    return this.parts.ids.size;
  }

  /** Number of edges (an undirected edge counts once). */
  get numEdges(): number {
    return this.parts.src.length;
  }

  /** Whether edges carry weights. */
  get weighted(): boolean {
    return this.parts.weights !== null;
  }

  /** The kind of the external ids ('string' or 'number'), or undefined for a graph without nodes. */
  get idKind(): IdKind | undefined {
    return this.parts.ids.kind;
  }

  /** The distinct node labels, in order of first use. */
  get nodeLabels(): string[] {
    return this.parts.nodeLabels.labels();
  }

  /** The distinct edge types, in order of first use. */
  get edgeTypes(): string[] {
    return this.parts.edgeTypes.labels();
  }

  /**
   * The columns of the graph (shared, not copied: do not modify).
   * @returns the parts
   * @internal
   */
  internals(): GraphParts {
    return this.parts;
  }

  /** Drops the CSR after a change; the next reader rebuilds it. */
  private changed(): void {
    this.csrCache = undefined;
  }

  /**
   * Adds a node.
   * @param id - its external id (a string or a safe integer; all of a graph's ids are of one kind)
   * @param options - `label`, `properties`
   * @returns its dense id
   * @throws TypeError for an id or property of the wrong type; RangeError for an id the graph already has
   * @example g.addNode('parse', { label: 'Function', properties: { file: 'parser.ts', lines: 120 } });
   */
  addNode(id: NodeId, options?: NodeOptions): number {
    const opts = expectOptions<NodeOptions>(options, 'options', { label: true, properties: true });
    const checked = checkNodeId(id, 'id');
    const p = this.parts;
    if (p.ids.dense(checked) >= 0) throw rangeError(`Expected a new node id for id but received ${describe(checked)}, which the graph has`);
    p.ids.checkKind(checked, 'id');
    if (p.ids.size >= MAX_NODES) throw rangeError(`Expected at most ${MAX_NODES} nodes but received one more`);
    if (opts.properties !== undefined) expectRecord(opts.properties, 'options.properties');
    if (opts.label !== undefined && opts.label !== null) expectString(opts.label, 'options.label');
    p.nodeProperties.push(opts.properties, `properties of node ${describe(checked)}`);
    p.nodeLabels.push(opts.label, 'options.label');
    const dense = p.ids.add(checked, 'id');
    this.changed();
    return dense;
  }

  /**
   * Adds nodes in one call.
   * @param ids - their external ids
   * @param options - `labels` and `properties`, one per node
   * @returns their dense ids
   * @throws as {@link Graph.addNode}; nothing is added when any node is refused
   */
  addNodes(ids: readonly NodeId[], options?: { labels?: readonly (string | null)[]; properties?: readonly (Properties | undefined)[] }): Int32Array {
    const opts = expectOptions<{ labels: (string | null)[]; properties: (Properties | undefined)[] }>(options, 'options', { labels: true, properties: true });
    if (!Array.isArray(ids)) throw typeError(`Expected an array of node ids for ids but received ${describe(ids)}`);
    const labels = opts.labels === undefined ? undefined : checkList(opts.labels, ids.length, 'options.labels');
    const props = opts.properties === undefined ? undefined : checkList(opts.properties, ids.length, 'options.properties');
    const seen = new Set<NodeId>();
    ids.forEach((id, i) => {
      const checked = checkNodeId(id, `ids[${i}]`);
      if (seen.has(checked) || this.parts.ids.dense(checked) >= 0) throw rangeError(`Expected new, distinct node ids for ids but received ${describe(checked)} twice or already in the graph`);
      seen.add(checked);
    });
    return Int32Array.from(ids, (id, i) => this.addNode(id, { label: labels?.[i] as string | null | undefined, properties: props?.[i] as Properties | undefined }));
  }

  /** The dense id of an endpoint, adding the node (unlabelled) when new. */
  private endpoint(id: NodeId, name: string): number {
    const checked = checkNodeId(id, name);
    const known = this.parts.ids.dense(checked);
    return known >= 0 ? known : this.addNode(checked);
  }

  /**
   * Adds an edge; endpoints the graph lacks are added as unlabelled nodes.
   * @param src - the source's external id
   * @param dst - the target's external id
   * @param options - `type`, `weight`, `properties`
   * @returns the edge's index
   * @throws TypeError / RangeError for a bad id, type, weight or property
   * @example g.addEdge('main', 'parse', { type: 'CALLS', properties: { line: 12 } });
   */
  addEdge(src: NodeId, dst: NodeId, options?: EdgeOptions): number {
    const opts = expectOptions<EdgeOptions>(options, 'options', { type: true, weight: true, properties: true });
    const weight = opts.weight === undefined ? undefined : checkWeight(opts.weight, 'options.weight');
    if (opts.type !== undefined && opts.type !== null) expectString(opts.type, 'options.type');
    if (opts.properties !== undefined) expectRecord(opts.properties, 'options.properties');
    const s0 = checkNodeId(src, 'src');
    const d0 = checkNodeId(dst, 'dst');
    const p = this.parts;
    p.ids.checkKind(s0, 'src');
    p.ids.checkKind(d0, 'dst');
    if (typeof s0 !== typeof d0) throw typeError(`Expected src and dst of one kind (strings or integers) but received ${describe(s0)} and ${describe(d0)}`);
    const index = p.src.length;
    p.edgeProperties.push(opts.properties, `properties of edge ${index}`);
    const s = this.endpoint(s0, 'src');
    const d = this.endpoint(d0, 'dst');
    p.src.push(s);
    p.dst.push(d);
    p.edgeTypes.push(opts.type, 'options.type');
    if (weight !== undefined && p.weights === null) p.weights = new Growable(new Float64Array(index).fill(1));
    p.weights?.push(weight ?? 1);
    this.changed();
    return index;
  }

  /**
   * Adds edges in one call (endpoints the graph lacks are added as unlabelled nodes).
   * @param batch - `src`, `dst` (external ids), and optionally `weight`, `types`, `properties`, one per edge
   * @returns the index of the first edge added
   * @throws as {@link Graph.addEdge}; nothing is added when the batch has a bad value
   */
  addEdges(batch: EdgeBatch): number {
    if (batch === null || typeof batch !== 'object') throw typeError(`Expected an object { src, dst } for batch but received ${describe(batch)}`);
    const src = checkList(batch.src, (batch.src as unknown[])?.length, 'batch.src');
    const n = src.length;
    const dst = checkList(batch.dst, n, 'batch.dst');
    const weights = batch.weight === undefined ? undefined : checkWeights(batch.weight, n, 'batch.weight');
    const types = batch.types === undefined ? undefined : checkList(batch.types, n, 'batch.types');
    const props = batch.properties === undefined ? undefined : checkList(batch.properties, n, 'batch.properties');
    for (let i = 0; i < n; i++) {
      const s = checkNodeId(src[i], `batch.src[${i}]`);
      const d = checkNodeId(dst[i], `batch.dst[${i}]`);
      const kind = this.parts.ids.kind ?? typeof checkNodeId(src[0], 'batch.src[0]');
      for (const id of [s, d]) {
        if (typeof id !== kind) throw typeError(`Expected ${kind} ids for batch (this graph's node ids are ${kind}s) but received ${describe(id)}`);
      }
      const t = types?.[i];
      if (t !== undefined && t !== null) expectString(t, `batch.types[${i}]`);
    }
    const first = this.numEdges;
    for (let i = 0; i < n; i++) {
      this.addEdge(src[i] as NodeId, dst[i] as NodeId, { weight: weights?.[i], type: types?.[i] as string | null | undefined, properties: props?.[i] as Properties | undefined });
    }
    return first;
  }

  /**
   * Whether the graph has a node.
   * @param id - an external id
   * @returns true when it does
   */
  hasNode(id: NodeId): boolean {
    return this.parts.ids.dense(checkNodeId(id, 'id')) >= 0;
  }

  /**
   * The dense id of a node.
   * @param id - its external id
   * @returns the dense id
   * @throws NoNodeError when the graph has no such node; TypeError for a value that is no id or of the other kind
   *   (an integer in a graph of string ids); RangeError for NaN, fractions, ''
   */
  denseId(id: NodeId): number {
    const checked = checkNodeId(id, 'id');
    this.parts.ids.checkKind(checked, 'id');
    const dense = this.parts.ids.dense(checked);
    if (dense < 0) throw new NoNodeError(`Expected a node of the graph for id but received ${describe(id)}`, id);
    return dense;
  }

  /**
   * The dense ids of nodes.
   * @param ids - external ids
   * @returns their dense ids
   * @throws as {@link Graph.denseId}
   */
  denseIds(ids: readonly NodeId[]): Int32Array {
    if (!Array.isArray(ids)) throw typeError(`Expected an array of node ids for ids but received ${describe(ids)}`);
    return Int32Array.from(ids, (id) => this.denseId(id));
  }

  /**
   * The external id of a dense id (to read algorithm results, which are indexed by dense id).
   * @param dense - an integer in [0, numNodes)
   * @returns the external id
   * @throws RangeError when out of range
   * @example const top = g.externalId(ranks.indexOf(Math.max(...ranks)));
   */
  externalId(dense: number): NodeId {
    this.checkDense(dense, 'dense');
    return this.parts.ids.external(dense);
  }

  /**
   * External ids of dense ids.
   * @param dense - dense ids (an Int32Array such as a result's `order` or a path)
   * @returns the external ids, in the same order
   * @throws RangeError for an id out of range
   */
  externalIds(dense: Int32Array | readonly number[]): NodeId[] {
    if (!(dense instanceof Int32Array) && !Array.isArray(dense)) throw typeError(`Expected an Int32Array or number[] for dense but received ${describe(dense)}`);
    return Array.from(dense, (d, i) => {
      this.checkDense(d, `dense[${i}]`);
      return this.parts.ids.external(d);
    });
  }

  private checkDense(dense: unknown, name: string): void {
    if (typeof dense !== 'number') throw typeError(`Expected an integer for ${name} but received ${describe(dense)}`);
    if (!Number.isInteger(dense) || dense < 0 || dense >= this.numNodes) throw rangeError(`Expected an integer in [0, ${this.numNodes}) for ${name} but received ${describe(dense)}`);
  }

  /**
   * One node.
   * @param id - its external id
   * @returns its ids, label and properties
   * @throws NoNodeError when the graph has no such node
   */
  node(id: NodeId): NodeRow {
    return this.nodeAt(this.denseId(id));
  }

  /**
   * One node by dense id.
   * @param dense - its dense id
   * @returns its ids, label and properties
   * @throws RangeError when out of range
   */
  nodeAt(dense: number): NodeRow {
    this.checkDense(dense, 'dense');
    const p = this.parts;
    return { id: p.ids.external(dense), dense, label: p.nodeLabels.get(dense), properties: p.nodeProperties.row(dense) };
  }

  /**
   * One edge.
   * @param index - its index in [0, numEdges) (a CSR entry's edge id)
   * @returns its endpoints, weight, type and properties
   * @throws RangeError when out of range
   */
  edge(index: number): EdgeRow {
    if (typeof index !== 'number') throw typeError(`Expected an integer for index but received ${describe(index)}`);
    if (!Number.isInteger(index) || index < 0 || index >= this.numEdges) throw rangeError(`Expected an integer in [0, ${this.numEdges}) for index but received ${describe(index)}`);
    const p = this.parts;
    return {
      index,
      src: p.ids.external(p.src.view()[index]),
      dst: p.ids.external(p.dst.view()[index]),
      weight: p.weights?.view()[index] ?? 1,
      type: p.edgeTypes.get(index),
      properties: p.edgeProperties.row(index),
    };
  }

  /** The id column as an Arrow vector: Utf8 for string ids, Int64 for integers. */
  idVector(): Vector {
    const ids = this.parts.ids;
    if (ids.kind === 'string') return vectorFromArray(ids.externals() as string[], new Utf8());
    return makeVector({ type: new Int64(), data: BigInt64Array.from(ids.externals(), (v) => BigInt(v)) } as never);
  }

  /**
   * The nodes as an Arrow Table: `id`, `label`, then one column per property.
   * @returns the table
   * @example const functions = g.nodeTable();
   */
  nodeTable(): Table {
    const p = this.parts;
    return new Table({ id: this.idVector(), label: p.nodeLabels.toVector(), ...Object.fromEntries(p.nodeProperties.vectors()) });
  }

  /**
   * The edges as an Arrow Table: `src`, `dst` (dense ids: rows of {@link Graph.nodeTable}), `weight` (weighted
   * graphs), `type`, then one column per property.
   * @returns the table
   */
  edgeTable(): Table {
    const p = this.parts;
    const columns: Record<string, Vector> = {
      src: makeVector({ type: new Int32(), data: p.src.view().slice() } as never),
      dst: makeVector({ type: new Int32(), data: p.dst.view().slice() } as never),
    };
    if (p.weights !== null) columns.weight = makeVector({ type: new Float64(), data: p.weights.view().slice() } as never);
    columns.type = p.edgeTypes.toVector();
    return new Table({ ...columns, ...Object.fromEntries(p.edgeProperties.vectors()) });
  }

  /**
   * The CSR of the graph (out- and in-adjacency), built on first use and after each change.
   * @returns the CSR (shared: do not modify)
   */
  get csr(): Csr {
    if (this.csrCache === undefined) {
      const p = this.parts;
      this.csrCache = buildCsr(this.numNodes, p.src.view(), p.dst.view(), p.weights?.view() ?? null, p.directed);
    }
    return this.csrCache;
  }

  /**
   * Sets the CSR (the store's cached one), when it matches the graph's shape.
   * @param csr - a CSR of exactly this graph
   * @internal
   */
  adoptCsr(csr: Csr): void {
    this.csrCache = csr;
  }
}
