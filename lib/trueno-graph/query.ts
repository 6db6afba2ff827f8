/**
 * The query API: select nodes by label and properties, walk out / in / both along edges of given types for k steps,
 * filter, and collect the result as dense ids, external ids, rows or an Arrow Table. Each step computes its node set
 * at once (a sorted Int32Array of dense ids), so a query is a chain of cheap immutable values.
 * @example
 * g.nodes({ label: 'Function', where: { exported: true } }).out('CALLS', { depth: 2 }).toTable();
 */
import { Table, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import type { PropertyValue } from './columns';
import { validators } from '../common/validate';
import { argumentError, describe, rangeError, typeError } from './errors';
import type { Graph, NodeRow } from './graph';
import type { NodeId } from './ids';

/** Property conditions: a value to equal, or a test of the value. */
export type Where = Record<string, PropertyValue | ((value: PropertyValue) => boolean)>;

/** Which nodes to keep: all conditions given must hold. */
export interface NodeSelector {
  /** The node's label is this one (or one of these). */
  label?: string | readonly string[];
  /** Property conditions, or a test of the whole node. */
  where?: Where | ((node: NodeRow) => boolean);
  /** Only these nodes (external ids). */
  ids?: readonly NodeId[];
}

/** Options of a walk step. */
export interface StepOptions {
  /** Steps to take: a positive integer, or Infinity for everything reachable (default 1). */
  depth?: number;
}

/** Edge directions a step follows. */
type Direction = 'out' | 'in' | 'both';

/** Equality of property values, an Int64 column's bigint equal to the same integer as a number. */
function sameValue(a: PropertyValue, b: PropertyValue): boolean {
  if (typeof a === 'bigint' && typeof b === 'number') return Number.isSafeInteger(b) && a === BigInt(b);
  if (typeof a === 'number' && typeof b === 'bigint') return sameValue(b, a);
  return a === b;
}

function checkNames(value: unknown, name: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw typeError(`Expected a non-empty string or array of them for ${name} but received ${describe(value)}`);
  }
  return list as string[];
}

const { expectOptions } = validators(argumentError);

function checkDepth(options: unknown): number {
  const depth = expectOptions<StepOptions>(options, 'options', { depth: true }).depth ?? 1;
  if (typeof depth !== 'number') throw typeError(`Expected a number for options.depth but received ${describe(depth)}`);
  if (!(depth === Infinity || (Number.isInteger(depth) && depth >= 1))) {
    throw rangeError(`Expected a positive integer or Infinity for options.depth but received ${describe(depth)}`);
  }
  return depth;
}

/** The nodes of a mask, in ascending dense id. */
function fromMask(mask: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  const out = new Int32Array(n);
  for (let i = 0, j = 0; i < mask.length; i++) if (mask[i]) out[j++] = i;
  return out;
}

/** A set of nodes of one graph, and the steps that lead on from it (see the module comment). */
export class NodeQuery {
  /**
   * @param graph - the graph
   * @param set - the nodes: sorted, distinct dense ids
   * @internal use {@link Graph.nodes}
   */
  constructor(private readonly graph: Graph, private readonly set: Int32Array) {}

  /**
   * The nodes of a graph that match a selector.
   * @param graph - the graph
   * @param selector - label, where, ids (none: every node)
   * @returns the query
   * @internal use {@link Graph.nodes}
   */
  static select(graph: Graph, selector?: NodeSelector): NodeQuery {
    const all = new Uint8Array(graph.numNodes).fill(1);
    return new NodeQuery(graph, fromMask(all)).filter(selector ?? {});
  }

  /**
   * Keeps the nodes that match.
   * @param selector - label, where, ids; or a test of each node
   * @returns the narrower query
   * @throws TypeError for a selector of the wrong shape; NoNodeError for an id the graph lacks
   */
  filter(selector: NodeSelector | ((node: NodeRow) => boolean)): NodeQuery {
    if (typeof selector === 'function') return this.keep((v) => selector(this.graph.nodeAt(v)) === true);
    if (selector === null || typeof selector !== 'object' || Array.isArray(selector)) {
      throw typeError(`Expected a selector object { label, where, ids } or a function for selector but received ${describe(selector)}`);
    }
    let q: NodeQuery = this;
    const parts = this.graph.internals();
    if (selector.ids !== undefined) {
      const wanted = new Uint8Array(this.graph.numNodes);
      for (const d of this.graph.denseIds(selector.ids as NodeId[])) wanted[d] = 1;
      q = q.keep((v) => wanted[v] === 1);
    }
    if (selector.label !== undefined) {
      const codes = new Set(checkNames(selector.label, 'selector.label').map((l) => parts.nodeLabels.code(l)).filter((c) => c >= 0));
      const labels = parts.nodeLabels.codes.view();
      q = q.keep((v) => codes.has(labels[v]));
    }
    const where = selector.where;
    if (typeof where === 'function') return q.keep((v) => where(this.graph.nodeAt(v)) === true);
    if (where !== undefined) {
      if (where === null || typeof where !== 'object' || Array.isArray(where)) throw typeError(`Expected an object of property conditions or a function for selector.where but received ${describe(where)}`);
      for (const [key, test] of Object.entries(where)) {
        const props = parts.nodeProperties;
        q = q.keep(typeof test === 'function' ? (v) => test(props.get(v, key)) === true : (v) => sameValue(props.get(v, key), test));
      }
    }
    return q;
  }

  private keep(test: (dense: number) => boolean): NodeQuery {
    return new NodeQuery(this.graph, this.set.filter(test));
  }

  /**
   * The nodes one to `depth` steps along out-edges (of the given types) from this set. A node of the set is in the
   * result only when a walk of at least one step reaches it (a recursive function calls itself).
   * @param types - edge types to follow (a name or names; null or omitted: every edge)
   * @param options - `depth` (default 1; Infinity: all reachable)
   * @returns the query of the nodes reached
   * @throws TypeError / RangeError for bad types or depth
   * @example g.nodes({ ids: ['main'] }).out('CALLS', { depth: Infinity }); // everything main calls, transitively
   */
  out(types?: string | readonly string[] | null, options?: StepOptions): NodeQuery {
    return this.walk('out', types, options);
  }

  /**
   * The nodes with edges into this set, one to `depth` steps back (see {@link NodeQuery.out}).
   * @param types - edge types to follow
   * @param options - `depth`
   * @returns the query
   * @example g.nodes({ ids: ['parse'] }).in('CALLS'); // direct callers of parse
   */
  in(types?: string | readonly string[] | null, options?: StepOptions): NodeQuery {
    return this.walk('in', types, options);
  }

  /**
   * The nodes one to `depth` steps away along edges in either direction (see {@link NodeQuery.out}).
   * @param types - edge types to follow
   * @param options - `depth`
   * @returns the query
   */
  both(types?: string | readonly string[] | null, options?: StepOptions): NodeQuery {
    return this.walk('both', types, options);
  }

  private walk(direction: Direction, types: string | readonly string[] | null | undefined, options: StepOptions | undefined): NodeQuery {
    const depth = checkDepth(options);
    const parts = this.graph.internals();
    const allowed = types === undefined || types === null ? null : new Set(checkNames(types, 'types').map((t) => parts.edgeTypes.code(t)).filter((c) => c >= 0));
    const edgeTypes = parts.edgeTypes.codes.view();
    const csr = this.graph.csr;
    const sides: [Int32Array, Int32Array, Int32Array][] = [];
    if (direction !== 'in') sides.push([csr.outOffsets, csr.outTargets, csr.outEdgeIds]);
    if (direction !== 'out' && (csr.directed || direction === 'in')) sides.push([csr.inOffsets, csr.inSources, csr.inEdgeIds]);
    const reached = new Uint8Array(this.graph.numNodes);
    let frontier: ArrayLike<number> = this.set;
    for (let step = 0; step < depth && frontier.length > 0; step++) {
      const next: number[] = [];
      for (let f = 0; f < frontier.length; f++) {
        const v = frontier[f];
        for (const [offsets, neighbours, edgeIds] of sides) {
          for (let k = offsets[v]; k < offsets[v + 1]; k++) {
            if (allowed !== null && !allowed.has(edgeTypes[edgeIds[k]])) continue;
            const t = neighbours[k];
            if (reached[t] === 0) {
              reached[t] = 1;
              next.push(t);
            }
          }
        }
      }
      frontier = next;
    }
    return new NodeQuery(this.graph, fromMask(reached));
  }

  /** The nodes' dense ids, ascending (a copy). */
  ids(): Int32Array {
    return this.set.slice();
  }

  /** The nodes' external ids, in dense id order. */
  externalIds(): NodeId[] {
    return this.graph.externalIds(this.set);
  }

  /** Number of nodes. */
  count(): number {
    return this.set.length;
  }

  /** The nodes as objects (id, dense, label, properties). */
  rows(): NodeRow[] {
    return Array.from(this.set, (v) => this.graph.nodeAt(v));
  }

  /**
   * The nodes as an Arrow Table with the columns of {@link Graph.nodeTable}.
   * @returns the table
   */
  toTable(): Table {
    const all = this.graph.nodeTable();
    const columns: Record<string, Vector> = {};
    for (const field of all.schema.fields) {
      const vector = all.getChild(field.name)!;
      columns[field.name] = vectorFromArray(Array.from(this.set, (v) => vector.get(v)) as never[], field.type as DataType);
    }
    return new Table(columns);
  }
}
