/**
 * Abuse cases of the Tensor API's indexing and joining ops (compare, where, gather, concat, stack, cumsum, argsort):
 * IEEE edge values against plain-JS references (NaN unequal to everything, -0 equal to +0, NaN sorted last, running
 * sums through infinities), and inputs that must be refused with a code: detached, shrunk and overstated buffers,
 * indices out of range or not integers, results too large to allocate.
 */
import type * as Trueno from '../../lib/trueno';
import type { TensorCase } from './tensor-cases';
import { detach, EDGES, f64, overstated, shrunk, tensorOf } from './tensor-fixtures';

type T = typeof Trueno;

const REVERSED = [...EDGES].reverse();
const X4 = [1, -2, 3, 0.5];

/** numpy's stable argsort of values: NaN last, -0 equal to +0, ties in input order. */
function argsortRef(values: number[]): number[] {
  const key = (v: number) => (Number.isNaN(v) ? Infinity : v);
  return values.map((_, i) => i).sort((i, j) => {
    const [a, b] = [values[i], values[j]];
    if (Number.isNaN(a) || Number.isNaN(b)) return Number(Number.isNaN(a)) - Number(Number.isNaN(b)) || i - j;
    return key(a) - key(b) || i - j;
  });
}

/** Running sums in order, the first element copied (so -0 stays -0), as numpy's cumsum. */
function cumsumRef(values: number[]): number[] {
  const out: number[] = [];
  values.forEach((v, i) => out.push(i === 0 ? v : out[i - 1] + v));
  return out;
}

const bools = (f: (a: number, b: number) => boolean) => EDGES.map((a, i) => (f(a, REVERSED[i]) ? 1 : 0));

/**
 * The indexing and joining ops' abuse cases.
 * @returns the cases, named uniquely
 */
export function indexingCases(): TensorCase[] {
  const edges = (t: T) => f64(t, EDGES);
  return [
    { name: 'greater: IEEE edge values', run: (t) => t.greater(edges(t), f64(t, REVERSED)), expect: () => tensorOf(bools((a, b) => a > b), [EDGES.length], 'bool'), exact: true },
    { name: 'equal: NaN and both zeros', run: (t) => t.equal(edges(t), f64(t, REVERSED)), expect: () => tensorOf(bools((a, b) => a === b), [EDGES.length], 'bool'), exact: true },
    { name: 'less: NaN scalar', run: (t) => t.less(edges(t), NaN), expect: () => tensorOf(EDGES.map(() => 0), [EDGES.length], 'bool') },
    { name: 'greater: detached input', run: (t) => t.greater(detach(f64(t, X4)), 0), expect: 'throws' },
    { name: 'greater: shrunk resizable buffer', run: (t) => t.greater(shrunk(t, X4), f64(t, X4)), expect: 'throws' },
    { name: 'greater: shape larger than data', run: (t) => t.greater(overstated(t, X4, [64]), 0), expect: 'throws' },
    {
      name: 'where: IEEE edge values pass through',
      run: (t) => t.where(t.greater(edges(t), 0), edges(t), f64(t, REVERSED)),
      expect: () => tensorOf(EDGES.map((v, i) => (v > 0 ? v : REVERSED[i])), [EDGES.length]),
      exact: true,
    },
    { name: 'where: detached condition', run: (t) => t.where(detach(t.greater(f64(t, X4), 0)), f64(t, X4), 0), expect: 'throws' },
    { name: 'where: shrunk operand', run: (t) => t.where(t.greater(f64(t, X4), 0), shrunk(t, X4), 0), expect: 'throws' },
    { name: 'gather: IEEE edge values by index', run: (t) => t.gather(edges(t), [4, 0, 4, 11]), expect: () => tensorOf([-0, NaN, -0, 0.5], [4]), exact: true },
    { name: 'gather: index = length', run: (t) => t.gather(f64(t, X4), [4]), expect: 'throws' },
    { name: 'gather: index 2^31', run: (t) => t.gather(f64(t, X4), [2 ** 31]), expect: 'throws' },
    { name: 'gather: NaN index', run: (t) => t.gather(f64(t, X4), [NaN]), expect: 'throws' },
    { name: 'gather: fractional index', run: (t) => t.gather(f64(t, X4), [0.5]), expect: 'throws' },
    { name: 'gather: no index', run: (t) => t.gather(f64(t, X4, [2, 2]), [], { axis: 1 }), expect: () => tensorOf([], [2, 0]) },
    { name: 'gather: detached input', run: (t) => t.gather(detach(f64(t, X4)), [0]), expect: 'throws' },
    { name: 'gather: float64 index tensor', run: (t) => t.gather(f64(t, X4), f64(t, [0])), expect: 'throws' },
    { name: 'concat: detached operand', run: (t) => t.concat([f64(t, X4), detach(f64(t, X4))]), expect: 'throws' },
    { name: 'concat: shape larger than data', run: (t) => t.concat([f64(t, X4), overstated(t, X4, [64])]), expect: 'throws' },
    { name: 'concat: IEEE edge values and an empty tensor', run: (t) => t.concat([edges(t), f64(t, []), f64(t, X4)]), expect: () => tensorOf([...EDGES, ...X4], [EDGES.length + 4]), exact: true },
    { name: 'concat: 2^31 x 2 elements of zeros shape', run: (t) => t.concat([t.Tensor.zeros([0, 2 ** 31]), t.Tensor.zeros([0, 2 ** 31])], { axis: 1 }), expect: () => tensorOf([], [0, 2 ** 32]) },
    { name: 'stack: shrunk operand', run: (t) => t.stack([f64(t, X4), shrunk(t, X4)]), expect: 'throws' },
    { name: 'stack: along the last axis', run: (t) => t.stack([edges(t), f64(t, REVERSED)], { axis: 1 }), expect: () => tensorOf(EDGES.flatMap((v, i) => [v, REVERSED[i]]), [EDGES.length, 2]), exact: true },
    { name: 'cumsum: IEEE edge values', run: (t) => t.cumsum(edges(t)), expect: () => tensorOf(cumsumRef(EDGES), [EDGES.length]), exact: true },
    { name: 'cumsum: -0 first stays -0', run: (t) => t.cumsum(f64(t, [-0, -0])), expect: () => tensorOf([-0, -0], [2]), exact: true },
    { name: 'cumsum: detached input', run: (t) => t.cumsum(detach(f64(t, X4))), expect: 'throws' },
    { name: 'cumsum: shape larger than data', run: (t) => t.cumsum(overstated(t, X4, [2, 64]), { axis: 1 }), expect: 'throws' },
    { name: 'argsort: IEEE edge values, NaN last and stable', run: (t) => t.argsort(f64(t, [...EDGES, ...EDGES])), expect: () => tensorOf(argsortRef([...EDGES, ...EDGES]), [2 * EDGES.length], 'int32') },
    { name: 'argsort: shrunk resizable buffer', run: (t) => t.argsort(shrunk(t, X4)), expect: 'throws' },
    { name: 'argsort: axis out of range', run: (t) => t.argsort(f64(t, X4), { axis: 1 }), expect: 'throws' },
  ];
}
