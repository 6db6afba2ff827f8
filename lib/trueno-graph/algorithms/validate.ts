/**
 * Argument checks shared by the algorithms: the CSR's shape (the kernels check its values), node ids, sources,
 * directions and option objects, each failing with "Expected X for Y but received Z" (TypeError for types, RangeError
 * for values; `.code` ERR_TRUENO_GRAPH_TYPE / _RANGE).
 */
import { validators } from '../../common/validate';
import type { Csr } from '../csr';
import { argumentError, describe, rangeError, typeError } from '../errors';

export const { expectOptions, expectInteger, expectCount, expectFinite, expectBoolean, expectOneOf } = validators(argumentError);

/** Which edges a traversal follows: out-edges, in-edges (edges reversed) or both (direction ignored). */
export type Direction = 'out' | 'in' | 'both';
const DIRECTIONS: readonly Direction[] = ['out', 'in', 'both'];

const EMPTY_I32 = new Int32Array(0);
const EMPTY_F64 = new Float64Array(0);

/** Checks that `csr` has the Csr shape (typed arrays of consistent lengths); returns it. */
export function expectCsr(csr: unknown, name = 'csr'): Csr {
  const c = csr as Csr;
  if (typeof csr !== 'object' || csr === null || !(c.outOffsets instanceof Int32Array) || !(c.outTargets instanceof Int32Array) ||
    !(c.inOffsets instanceof Int32Array) || !(c.inSources instanceof Int32Array) || !(c.outEdgeIds instanceof Int32Array) ||
    !(c.inEdgeIds instanceof Int32Array) || typeof c.directed !== 'boolean') {
    throw typeError(`Expected a Csr (buildCsr's result) for ${name} but received ${describe(csr)}`);
  }
  const n = c.numNodes;
  if (!Number.isInteger(n) || n < 0 || c.outOffsets.length !== n + 1 || c.inOffsets.length !== n + 1 ||
    c.outTargets.length !== c.outOffsets[n] || c.inSources.length !== c.inOffsets[n] ||
    c.outEdgeIds.length !== c.outTargets.length || c.inEdgeIds.length !== c.inSources.length) {
    throw rangeError(`Expected a Csr whose arrays match numNodes for ${name} but received numNodes ${describe(n)} with ${c.outOffsets.length} offsets`);
  }
  const weighted = (w: unknown, len: number) => w === null || (w instanceof Float64Array && w.length === len);
  if (!weighted(c.outWeights, c.outTargets.length) || !weighted(c.inWeights, c.inSources.length)) {
    throw typeError(`Expected null or one Float64Array weight per entry for ${name}'s weights but received ${describe(c.outWeights)}`);
  }
  return c;
}

/** Checks a node id of `csr`. */
export function expectNode(csr: Csr, id: unknown, name: string): number {
  if (typeof id !== 'number') throw typeError(`Expected a node id (number) for ${name} but received ${describe(id)}`);
  if (!Number.isInteger(id) || id < 0 || id >= csr.numNodes) {
    throw rangeError(`Expected a node id in [0, ${csr.numNodes}) for ${name} but received ${describe(id)}`);
  }
  return id;
}

/** One node id, an Int32Array or an array of them, as an Int32Array of checked ids (at least one). */
export function expectSources(csr: Csr, sources: unknown, name = 'source'): Int32Array {
  if (typeof sources === 'number') return Int32Array.of(expectNode(csr, sources, name));
  if (!(sources instanceof Int32Array) && !Array.isArray(sources)) {
    throw typeError(`Expected a node id, an Int32Array or an array of node ids for ${name} but received ${describe(sources)}`);
  }
  if (sources.length === 0) throw rangeError(`Expected at least one node for ${name} but received an empty list`);
  const out = new Int32Array(sources.length);
  for (let i = 0; i < sources.length; i++) out[i] = expectNode(csr, sources[i], `${name}[${i}]`);
  return out;
}

/** Checks a direction option (default 'out'). */
export function expectDirection(value: unknown): Direction {
  return value === undefined ? 'out' : expectOneOf(value, DIRECTIONS, 'direction');
}

/** The adjacencies a traversal in `direction` walks: [offsets1, neighbours1, weights1, offsets2, neighbours2, weights2];
 * the second is empty unless both sides of a directed graph are walked. */
export function sidesOf(csr: Csr, direction: Direction): [Int32Array, Int32Array, Float64Array, Int32Array, Int32Array, Float64Array] {
  const outW = csr.outWeights ?? EMPTY_F64, inW = csr.inWeights ?? EMPTY_F64;
  if (direction === 'in' && csr.directed) return [csr.inOffsets, csr.inSources, inW, EMPTY_I32, EMPTY_I32, EMPTY_F64];
  if (direction === 'both' && csr.directed) return [csr.outOffsets, csr.outTargets, outW, csr.inOffsets, csr.inSources, inW];
  return [csr.outOffsets, csr.outTargets, outW, EMPTY_I32, EMPTY_I32, EMPTY_F64];
}

/** Checks a randomState option: undefined or an integer in [0, 2^32). */
export function expectSeed(value: unknown): number | undefined {
  return value === undefined ? undefined : expectInteger(value, 'randomState', 0, 2 ** 32 - 1);
}

export { EMPTY_F64, EMPTY_I32 };
