/**
 * Raw-kernel fuzz entries of the indexing kernels behind the Tensor API (trueno.h "indexing": compare, where, gather,
 * copyBlocks, cumsum, argsort): every dtype, values with NaN, both zeros, both infinities and repeats, layouts
 * (outer x len x inner) with empty and one-long axes. The generic breakages come from kernel-mutations.ts; these add
 * the ones only the layout knows: indices out of range, a layout that does not match the arrays, huge sizes.
 */
import type { Args, Breakage, KernelCase } from './kernel-case';
import type { Rng } from './mutate';

type Numeric = Float64Array | Float32Array | Int32Array | BigInt64Array | Uint8Array;
const DTYPES = ['float64', 'float32', 'int32', 'int64', 'uint8'] as const;
type FuzzDType = (typeof DTYPES)[number];

const FLOAT_EDGES = [NaN, -0, 0, Infinity, -Infinity, 1, -1, 2.5, 1e-310, -3e38];

/** n random values of a dtype: floats with the IEEE edges mixed in, integers spanning their range, with repeats. */
export function valuesOf(rng: Rng, dtype: FuzzDType, n: number): Numeric {
  const pick = () => rng.below(5) === 0 ? rng.below(4) : rng.next() - 2 ** 31;
  switch (dtype) {
    case 'float64': return Float64Array.from({ length: n }, () => (rng.below(3) === 0 ? rng.pick(FLOAT_EDGES) : pick() / 1000));
    case 'float32': return Float32Array.from({ length: n }, () => (rng.below(3) === 0 ? rng.pick(FLOAT_EDGES) : pick() / 1000));
    case 'int32': return Int32Array.from({ length: n }, pick);
    case 'int64': return BigInt64Array.from({ length: n }, () => BigInt(pick()) * (rng.below(2) ? 4_294_967_311n : 1n));
    default: return Uint8Array.from({ length: n }, () => rng.below(256));
  }
}

/** An empty array of x's kind. */
function like(x: Numeric, n: number): Numeric {
  return new (x.constructor as new (n: number) => Numeric)(n);
}

/** The layouts the variants use: [outer, len, inner], empty and one-long axes included. */
const LAYOUTS: ReadonlyArray<readonly [number, number, number]> = [[1, 0, 1], [1, 1, 1], [3, 5, 1], [2, 17, 3], [1, 40, 1], [4, 1, 6], [0, 3, 2]];

/** A variant per dtype and layout. */
function perLayout(build: (dtype: FuzzDType, layout: readonly [number, number, number], rng: Rng) => Args): KernelCase['variants'] {
  return DTYPES.flatMap((dtype) => LAYOUTS.map((layout) => ({ name: `${dtype} ${layout.join('x')}`, args: (rng: Rng) => build(dtype, layout, rng) })));
}

/** A variant per dtype and length. */
function perLength(build: (dtype: FuzzDType, n: number, rng: Rng) => Args): KernelCase['variants'] {
  return DTYPES.flatMap((dtype) => [0, 1, 9, 100].map((n) => ({ name: `${dtype} n=${n}`, args: (rng: Rng) => build(dtype, n, rng) })));
}

/** Layout breakages of a kernel whose args [at, at + 1, at + 2] are outer, len, inner. */
function layoutBreakages(at: number): Breakage[] {
  return [
    { name: 'len + 1 (x too short for the layout)', apply: (args) => void (args[at + 1] = (args[at + 1] as number) + 1) },
    { name: 'outer and len swapped', apply: (args) => void ([args[at], args[at + 1]] = [args[at + 1], args[at]]) },
    { name: 'outer x len x inner overflows 2^64', apply: (args) => void ((args[at] = 2 ** 40), (args[at + 1] = 2 ** 40), (args[at + 2] = 2 ** 40)) },
    { name: 'outer 2^53 - 1', apply: (args) => void (args[at] = 2 ** 53 - 1) },
  ];
}

const cumsumOut = (x: Numeric) => (x instanceof Float64Array || x instanceof Float32Array ? like(x, x.length) : new BigInt64Array(x.length));

/** The indexing kernels' entries. */
export const TENSOR_CASES: KernelCase[] = [
  {
    kernel: 'compare',
    params: ['op', 'a', 'b', 'out'],
    variants: perLength((dtype, n, rng) => {
      const a = valuesOf(rng, dtype, n);
      const b = rng.below(3) === 0 ? valuesOf(rng, dtype, 1) : rng.below(2) ? a.slice().reverse() : valuesOf(rng, dtype, n);
      return [rng.below(6), a, b, new Uint8Array(n)];
    }),
    breakages: [
      { name: 'op 6', apply: (args) => void (args[0] = 6) },
      { name: 'b of 2 elements', apply: (args) => void (args[2] = like(args[1] as Numeric, 2)) },
    ],
  },
  {
    kernel: 'where',
    params: ['cond', 'a', 'b', 'out'],
    variants: perLength((dtype, n, rng) => {
      const a = valuesOf(rng, dtype, n);
      return [Uint8Array.from({ length: n }, () => rng.pick([0, 1, 1, 255])), a, valuesOf(rng, dtype, n), like(a, n)];
    }),
    breakages: [{ name: 'out of another dtype than a', apply: (args) => void (args[3] = args[1] instanceof Float64Array ? new Float32Array((args[1] as Numeric).length) : new Float64Array((args[1] as Numeric).length)) }],
  },
  {
    kernel: 'gather',
    params: ['x', 'outer', 'len', 'inner', 'idx', 'out'],
    variants: perLayout((dtype, [outer, len, inner], rng) => {
      const x = valuesOf(rng, dtype, outer * len * inner);
      const idx = Int32Array.from({ length: len === 0 ? 0 : rng.below(2 * len + 1) }, () => rng.below(len));
      return [x, outer, len, inner, idx, like(x, outer * idx.length * inner)];
    }),
    breakages: [
      ...layoutBreakages(1),
      ...([['= len', (a: Args) => a[2] as number], ['-1', () => -1], ['2^31 - 1', () => 2 ** 31 - 1], ['-2^31', () => -(2 ** 31)]] as const).map(([text, value]) => ({
        name: `idx: an entry ${text}`,
        apply: (args: Args, rng: Rng) => {
          const idx = args[4] as Int32Array;
          if (idx.length > 0) idx[rng.below(idx.length)] = value(args);
        },
      })),
    ],
  },
  {
    kernel: 'copyBlocks',
    params: ['x', 'outer', 'block', 'out', 'stride', 'offset'],
    variants: perLayout((dtype, [outer, len, inner], rng) => {
      const block = len * inner, stride = block + rng.below(4), offset = rng.below(stride - block + 1);
      const x = valuesOf(rng, dtype, outer * block);
      return [x, outer, block, valuesOf(rng, dtype, outer * stride), stride, offset];
    }),
    breakages: [
      { name: 'offset + block = stride + 1', apply: (args) => void (args[5] = (args[4] as number) - (args[2] as number) + 1) },
      { name: 'stride < block', apply: (args) => void ((args[4] = Math.max(0, (args[2] as number) - 1)), (args[5] = 0)) },
      { name: 'offset 2^53 - 1', apply: (args) => void (args[5] = 2 ** 53 - 1) },
      { name: 'outer x stride overflows 2^64', apply: (args) => void ((args[1] = 2 ** 40), (args[4] = 2 ** 40)) },
    ],
  },
  {
    kernel: 'cumsum',
    params: ['x', 'outer', 'len', 'inner', 'out'],
    variants: perLayout((dtype, [outer, len, inner], rng) => {
      const x = valuesOf(rng, dtype, outer * len * inner);
      return [x, outer, len, inner, cumsumOut(x)];
    }),
    breakages: [
      ...layoutBreakages(1),
      { name: 'out of x\'s dtype for an integer x', apply: (args) => void (args[4] = like(args[0] as Numeric, (args[0] as Numeric).length)) },
      { name: 'out float64 for a float32 x', apply: (args) => void (args[4] = new Float64Array((args[0] as Numeric).length)) },
    ],
  },
  {
    kernel: 'argsort',
    params: ['x', 'outer', 'len', 'inner', 'out'],
    variants: perLayout((dtype, [outer, len, inner], rng) => {
      const x = valuesOf(rng, dtype, outer * len * inner);
      return [x, outer, len, inner, new Int32Array(x.length)];
    }),
    breakages: [...layoutBreakages(1), { name: 'len 2^31', apply: (args) => void ((args[1] = 0), (args[2] = 2 ** 31)) }],
  },
];
