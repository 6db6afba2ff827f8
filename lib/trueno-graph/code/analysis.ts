/**
 * Code-analysis questions asked of a call graph or module graph (edges point from the caller / importer to the
 * callee / imported): callers and callees, what a change affects, circular dependencies, dead code and god nodes.
 * Each takes the edge types to follow (default: every edge), so one graph can hold CALLS, IMPORTS and more.
 */
import { stronglyConnectedComponents, degrees } from '../algorithms';
import { buildCsr } from '../csr';
import { validators } from '../../common/validate';
import { argumentError, describe, rangeError, typeError } from '../errors';
import type { Graph } from '../graph';
import type { NodeId } from '../ids';
import type { NodeQuery } from '../query';

/** Edge types to follow: a name, names, or null / undefined for every edge. */
export type EdgeTypes = string | readonly string[] | null;

/** Options of the helpers that walk edges. */
export interface WalkOptions {
  /** The edge types to follow (default every edge). */
  edgeType?: EdgeTypes;
  /** Follow edges transitively (default false: direct neighbours only). */
  transitive?: boolean;
}

const { expectOptions } = validators(argumentError);
const WALK_KEYS = { edgeType: true, transitive: true } as const;
const EDGE_TYPE_KEYS = { edgeType: true } as const;

function depthOf(transitive: unknown): number {
  if (transitive === undefined) return 1;
  if (typeof transitive !== 'boolean') throw typeError(`Expected a boolean for options.transitive but received ${describe(transitive)}`);
  return transitive ? Infinity : 1;
}

/**
 * The callees of a node: what it calls (or imports), directly or transitively.
 * @param graph - the graph
 * @param id - the node (external id)
 * @param options - `edgeType` (e.g. 'CALLS'), `transitive`
 * @returns the query of the callees
 * @throws NoNodeError for an unknown id
 * @example callees(g, 'main', { edgeType: 'CALLS', transitive: true }).externalIds();
 */
export function callees(graph: Graph, id: NodeId, options?: WalkOptions): NodeQuery {
  const o = expectOptions<WalkOptions>(options, 'options', WALK_KEYS);
  return graph.nodes({ ids: [id] }).out(o.edgeType, { depth: depthOf(o.transitive) });
}

/**
 * The callers of a node: what calls (or imports) it, directly or transitively.
 * @param graph - the graph
 * @param id - the node (external id)
 * @param options - `edgeType`, `transitive`
 * @returns the query of the callers
 * @throws NoNodeError for an unknown id
 */
export function callers(graph: Graph, id: NodeId, options?: WalkOptions): NodeQuery {
  const o = expectOptions<WalkOptions>(options, 'options', WALK_KEYS);
  return graph.nodes({ ids: [id] }).in(o.edgeType, { depth: depthOf(o.transitive) });
}

/**
 * Everything a change can affect: the nodes that depend on any changed node, transitively (the changed nodes
 * themselves are left out).
 * @param graph - the graph
 * @param changed - the changed nodes (external ids)
 * @param options - `edgeType`
 * @returns the query of the dependents
 * @throws NoNodeError for an unknown id; TypeError for a non-array
 * @example dependentsOf(g, ['src/util.ts']).externalIds(); // the modules to re-test
 */
export function dependentsOf(graph: Graph, changed: readonly NodeId[], options?: { edgeType?: EdgeTypes }): NodeQuery {
  const o = expectOptions<{ edgeType: EdgeTypes }>(options, 'options', EDGE_TYPE_KEYS);
  if (!Array.isArray(changed)) throw typeError(`Expected an array of node ids for changed but received ${describe(changed)}`);
  const start = new Set(graph.denseIds(changed as NodeId[]));
  if (start.size === 0) return graph.nodes({ ids: [] });
  return graph.nodes({ ids: changed }).in(o.edgeType, { depth: Infinity }).filter((n) => !start.has(n.dense));
}

/** One circular dependency: a strongly connected component of more than one node. */
export interface Cycle {
  /** Its nodes (external ids), in dense id order. */
  nodes: NodeId[];
  /** One cycle through its first node: cycle[0] -> cycle[1] -> ... -> cycle[0] (the shortest through that node). */
  cycle: NodeId[];
}

/** Dense endpoints of the edges of the given types (all edges for null). */
function edgesOf(graph: Graph, types: EdgeTypes | undefined): { src: Int32Array; dst: Int32Array } {
  const p = graph.internals();
  const src = p.src.view();
  const dst = p.dst.view();
  if (types === undefined || types === null) return { src, dst };
  const names = typeof types === 'string' ? [types] : types;
  if (!Array.isArray(names) || names.some((t) => typeof t !== 'string')) throw typeError(`Expected an edge type name or array of names for options.edgeType but received ${describe(types)}`);
  const codes = new Set(names.map((t) => p.edgeTypes.code(t)).filter((c) => c >= 0));
  const typeOf = p.edgeTypes.codes.view();
  const keep: number[] = [];
  for (let e = 0; e < src.length; e++) if (codes.has(typeOf[e])) keep.push(e);
  return { src: Int32Array.from(keep, (e) => src[e]), dst: Int32Array.from(keep, (e) => dst[e]) };
}

/**
 * The circular dependencies: strongly connected components of more than one node, each with one cycle path.
 * @param graph - a directed graph
 * @param options - `edgeType` (e.g. 'IMPORTS' to leave type-only imports out)
 * @returns the cycles, largest component first
 * @throws TypeError for an undirected graph
 * @example for (const c of circularDependencies(g, { edgeType: 'IMPORTS' })) console.log(c.cycle.join(' -> '));
 */
export function circularDependencies(graph: Graph, options?: { edgeType?: EdgeTypes }): Cycle[] {
  const o = expectOptions<{ edgeType: EdgeTypes }>(options, 'options', EDGE_TYPE_KEYS);
  if (!graph.directed) throw typeError('Expected a directed graph for circularDependencies but received an undirected one');
  const { src, dst } = edgesOf(graph, o.edgeType);
  const csr = buildCsr(graph.numNodes, src, dst, null, true);
  const { labels, sizes } = stronglyConnectedComponents(csr);
  const members = new Map<number, number[]>();
  for (let v = 0; v < labels.length; v++) if (sizes[labels[v]] > 1) members.set(labels[v], [...(members.get(labels[v]) ?? []), v]);
  const cycles = [...members.values()].map((nodes) => {
    const inside = new Set(nodes);
    const first = nodes[0];
    // BFS from first's successors inside the component until it comes back to first
    const parent = new Map<number, number>();
    let frontier = [first];
    let found = false;
    while (!found && frontier.length > 0) {
      const next: number[] = [];
      for (const v of frontier) {
        for (let k = csr.outOffsets[v]; k < csr.outOffsets[v + 1] && !found; k++) {
          const t = csr.outTargets[k];
          if (!inside.has(t) || parent.has(t)) continue;
          parent.set(t, v);
          if (t === first) found = true;
          else next.push(t);
        }
        if (found) break;
      }
      frontier = next;
    }
    const path: number[] = [];
    for (let v = parent.get(first)!; v !== first; v = parent.get(v)!) path.push(v);
    path.push(first);
    return { nodes: graph.externalIds(nodes), cycle: graph.externalIds(path.reverse()) };
  });
  return cycles.sort((a, b) => b.nodes.length - a.nodes.length);
}

/**
 * Dead code: the nodes no walk from the roots reaches (the roots themselves are live).
 * @param graph - the graph
 * @param roots - entry points (external ids): main modules, exported API, tests
 * @param options - `edgeType`; `label`: only report nodes with this label (e.g. 'Module', leaving packages out)
 * @returns the query of the unreachable nodes
 * @throws NoNodeError for an unknown root
 * @example deadCode(g, ['src/index.ts'], { label: 'Module' }).externalIds();
 */
export function deadCode(graph: Graph, roots: readonly NodeId[], options?: { edgeType?: EdgeTypes; label?: string | readonly string[] }): NodeQuery {
  const o = expectOptions<{ edgeType: EdgeTypes; label: string | string[] }>(options, 'options', { edgeType: true, label: true });
  if (!Array.isArray(roots)) throw typeError(`Expected an array of node ids for roots but received ${describe(roots)}`);
  const live = new Uint8Array(graph.numNodes);
  for (const r of graph.denseIds(roots as NodeId[])) live[r] = 1;
  if (roots.length > 0) for (const v of graph.nodes({ ids: roots }).out(o.edgeType, { depth: Infinity }).ids()) live[v] = 1;
  const unreached = graph.nodes().filter((n) => live[n.dense] === 0);
  return o.label === undefined ? unreached : unreached.filter({ label: o.label });
}

/** Options of {@link godNodes}. */
export interface GodNodeOptions {
  /** Which degree: 'total' (default), 'in' (depended on by many) or 'out' (depends on many). */
  direction?: 'in' | 'out' | 'total';
  /** The fence's multiple of the interquartile range (default 3: Tukey's "far out"). */
  k?: number;
  /** The least degree a god node has, whatever the fence (default 10), so small graphs flag nothing trivial. */
  minDegree?: number;
  /** The edge types counted (default every edge). */
  edgeType?: EdgeTypes;
}

/** What {@link godNodes} found, and the rule it used. */
export interface GodNodes {
  /** The rule, in words, with its numbers. */
  rule: string;
  /** The degree a node must exceed. */
  threshold: number;
  /** First and third quartiles of the degrees. */
  q1: number;
  q3: number;
  /** The god nodes, highest degree first. */
  nodes: { id: NodeId; dense: number; degree: number }[];
}

function quantile(sorted: Int32Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

/**
 * God nodes: degree outliers. The rule: a node whose degree exceeds Q3 + k × IQR of all degrees (Tukey's fence;
 * quartiles by linear interpolation, as numpy) and is at least `minDegree`.
 * @param graph - the graph
 * @param options - `direction`, `k`, `minDegree`, `edgeType`
 * @returns the rule, its threshold and the nodes
 * @throws TypeError / RangeError for bad options
 * @example godNodes(g, { direction: 'in' }).nodes; // modules half the code base imports
 */
export function godNodes(graph: Graph, options?: GodNodeOptions): GodNodes {
  const o = expectOptions<GodNodeOptions>(options, 'options', { direction: true, k: true, minDegree: true, edgeType: true });
  const direction = o.direction ?? 'total';
  if (!['in', 'out', 'total'].includes(direction)) throw typeError(`Expected one of 'in', 'out', 'total' for options.direction but received ${describe(direction)}`);
  const k = o.k ?? 3;
  if (typeof k !== 'number' || !Number.isFinite(k) || k < 0) throw rangeError(`Expected a finite number >= 0 for options.k but received ${describe(k)}`);
  const minDegree = o.minDegree ?? 10;
  if (typeof minDegree !== 'number' || !Number.isInteger(minDegree) || minDegree < 0) throw rangeError(`Expected an integer >= 0 for options.minDegree but received ${describe(minDegree)}`);
  const { src, dst } = edgesOf(graph, o.edgeType);
  const degree = degrees(buildCsr(graph.numNodes, src, dst, null, graph.directed))[direction];
  const sorted = degree.slice().sort();
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const threshold = q3 + k * (q3 - q1);
  const nodes = [];
  for (let v = 0; v < degree.length; v++) {
    if (degree[v] > threshold && degree[v] >= minDegree) nodes.push({ id: graph.externalId(v), dense: v, degree: degree[v] });
  }
  nodes.sort((a, b) => b.degree - a.degree || a.dense - b.dense);
  const rule = `${direction} degree > Q3 + ${k} x IQR = ${q3} + ${k} x ${q3 - q1} = ${threshold} and >= ${minDegree}`;
  return { rule, threshold, q1, q3, nodes };
}
