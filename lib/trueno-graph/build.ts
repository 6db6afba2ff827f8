/**
 * Turns what users build graphs from (edge arrays, Arrow columns) into dense Int32 endpoint arrays and the id map,
 * checking every value on the way. Dense ids given as numbers are used as they are; external ids (strings, or numbers
 * with `mapIds`) get dense ids in ascending id order, so an edge list over 0 .. n - 1 keeps its numbering.
 */
import type { Vector } from 'apache-arrow';
import { describe, rangeError, typeError } from './errors';
import { checkNodeId, IdMap, type NodeId } from './ids';

/** Endpoint arrays as given: dense ids, or external ids. */
export type IdArray = Int32Array | BigInt64Array | readonly number[] | readonly string[];

/** Most nodes a graph holds: dense ids are Int32. */
export const MAX_NODES = 2 ** 31 - 1;

/** Dense endpoints and the id map that names them. */
export interface Endpoints {
  src: Int32Array;
  dst: Int32Array;
  ids: IdMap;
}

function isTypedIds(values: unknown): values is Int32Array | BigInt64Array {
  return values instanceof Int32Array || values instanceof BigInt64Array;
}

/** Checks that `values` is an id array and returns its length. */
function lengthOf(values: unknown, name: string): number {
  if (!isTypedIds(values) && !Array.isArray(values)) {
    throw typeError(`Expected an Int32Array, BigInt64Array or array of node ids for ${name} but received ${describe(values)}`);
  }
  return values.length;
}

/** Dense ids given directly: each an integer in [0, MAX_NODES) (the array itself when it is an Int32Array). */
export function denseIds(values: IdArray, name: string): { ids: Int32Array; max: number } {
  const out = values instanceof Int32Array ? values : new Int32Array(values.length);
  let max = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number') throw typeError(`Expected an integer node id for ${name}[${i}] but received ${describe(v)}`);
    if (!Number.isInteger(n) || n < 0 || n >= MAX_NODES) throw rangeError(`Expected an integer node id in [0, ${MAX_NODES}) for ${name}[${i}] but received ${describe(v)}`);
    if (out !== values) out[i] = n;
    if (n > max) max = n;
  }
  return { ids: out, max };
}

/** Ascending order of external ids: numbers numerically, strings by UTF-16 code units. */
function compareIds(a: NodeId, b: NodeId): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Maps external ids (from both endpoint columns and, first, any known nodes) to dense ids.
 * @param columns - the endpoint values, each read by index
 * @param names - the columns' names for error messages
 * @param known - an id map already holding nodes (kept in its order; new ids follow in ascending order)
 * @returns the dense endpoints
 */
export function mapEndpoints(columns: [ArrayLike<unknown>, ArrayLike<unknown>], names: [string, string], known?: IdMap): Endpoints {
  const ids = known ?? new IdMap();
  const checked: NodeId[][] = columns.map((values, c) => Array.from({ length: values.length }, (_, i) => {
    const v = values[i];
    if (v === null || v === undefined) throw rangeError(`Expected a node id for ${names[c]}[${i}] but received ${describe(v)}`);
    return checkNodeId(v, `${names[c]}[${i}]`);
  }));
  const fresh = [...new Set(checked.flat())].filter((id) => ids.dense(id) < 0).sort(compareIds);
  for (const id of fresh) ids.add(id, 'a node id');
  if (ids.size > MAX_NODES) throw rangeError(`Expected at most ${MAX_NODES} nodes but received ${ids.size}`);
  const [src, dst] = checked.map((list) => Int32Array.from(list, (id) => ids.dense(id)));
  return { src, dst, ids };
}

/**
 * The dense endpoints of `fromEdges` input.
 * @param src - sources
 * @param dst - targets
 * @param numNodes - nodes (dense ids only; default max id + 1)
 * @param mapIds - treat numbers as external ids
 * @returns the endpoints
 */
export function endpointsFromArrays(src: unknown, dst: unknown, numNodes: number | undefined, mapIds: boolean): Endpoints {
  const n = lengthOf(src, 'src');
  if (lengthOf(dst, 'dst') !== n) throw rangeError(`Expected src and dst of one length but received ${n} and ${(dst as unknown[]).length}`);
  const external = mapIds || [src, dst].some((a) => Array.isArray(a) && a.some((v) => typeof v === 'string'));
  if (external) {
    if (numNodes !== undefined) throw rangeError(`Expected no numNodes with external ids (strings or mapIds) but received ${numNodes}`);
    return mapEndpoints([src as ArrayLike<unknown>, dst as ArrayLike<unknown>], ['src', 'dst']);
  }
  const s = denseIds(src as IdArray, 'src');
  const d = denseIds(dst as IdArray, 'dst');
  const needed = Math.max(s.max, d.max) + 1;
  if (numNodes !== undefined && numNodes < needed) {
    throw rangeError(`Expected numNodes > every node id (${needed - 1}) but received ${numNodes}`);
  }
  return { src: s.ids, dst: d.ids, ids: new IdMap(numNodes ?? needed) };
}

/**
 * The values of an Arrow column as a JS array-like (typed arrays as they are, else one value per row).
 * @param vector - the column
 * @returns its values (null for nulls)
 */
export function valuesOf(vector: Vector): ArrayLike<unknown> {
  return vector.nullCount === 0 ? (vector.toArray() as ArrayLike<unknown>) : Array.from(vector as Iterable<unknown>);
}
