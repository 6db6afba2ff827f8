/**
 * The calls of the raw-kernel fuzz: for each kernel entry, its valid variants, each breakage of its own on every
 * variant, each generic breakage (every argument of the wrong type, length or value, derived from the argument
 * itself) on one variant in turn, and a bounded number of random pairs of breakages. All seeded: the parent and its
 * children build the same list, and a call's name says how to build it again.
 */
import { FUZZ_SEED, Rng } from './mutate';
import type { Args, Breakage, KernelCase } from './kernel-case';

/** Random pairs of breakages per kernel (each pair on a random variant). */
export const RANDOM_PAIRS = 24;

type Typed = Float64Array | Float32Array | Int32Array | BigInt64Array | Uint8Array;

function isTyped(v: unknown): v is Typed {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function typedLike(v: Typed, values: ArrayLike<number | bigint>): Typed {
  const C = v.constructor as unknown as { from(a: ArrayLike<number | bigint>): Typed };
  return C.from(values);
}

/** An array of the same length and another element type (Int32Array for floats, Float64Array for the rest). */
function otherType(v: Typed): Typed {
  const n = v.length;
  if (v instanceof Float64Array) return new Float32Array(n);
  if (v instanceof Float32Array || v instanceof Uint8Array) return new Float64Array(n);
  if (v instanceof BigInt64Array) return new Float64Array(n);
  return new BigInt64Array(n);
}

/** A view of the same values at byte offset 8 into a larger buffer (a valid argument: offsets must be honoured). */
function offsetView(v: Typed): Typed {
  const C = v.constructor as new (b: ArrayBuffer, offset: number, length: number) => Typed;
  const buffer = new ArrayBuffer(v.byteLength + 16);
  const view = new C(buffer, 8, v.length);
  (view as Float64Array).set(v as Float64Array);
  return view;
}

/** Transfers the buffer away (as postMessage would): the view is left detached, length 0. */
function detached(v: Typed): Typed {
  if (v.byteLength === 0) return v;
  const copy = v.slice();
  structuredClone(copy.buffer, { transfer: [copy.buffer as ArrayBuffer] });
  return copy;
}

const NUMBER_BREAKAGES: ReadonlyArray<[string, unknown]> = [
  ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['-1', -1], ['0.5', 0.5], ['2^31', 2 ** 31], ['2^53', 2 ** 53],
  ['a string', '1'], ['undefined', undefined], ['a BigInt', 1n], ['an object', {}],
];

const ARRAY_BREAKAGES: ReadonlyArray<[string, (v: Typed) => unknown]> = [
  ['one longer', (v) => typedLike(v, [...Array.from(v as ArrayLike<number>), v instanceof BigInt64Array ? (0n as never) : 0])],
  ['one shorter', (v) => v.slice(0, Math.max(0, v.length - 1))],
  ['empty', (v) => v.slice(0, 0)],
  ['another element type', otherType],
  ['a plain array', (v) => Array.from(v as ArrayLike<number>)],
  ['null', () => null],
  ['detached', detached],
  ['a view at an offset into a larger buffer', offsetView],
  ['a DataView', (v) => new DataView(v.buffer, v.byteOffset, v.byteLength)],
];

/**
 * The generic breakages of a call's argument list: every argument replaced by each wrong value of its kind.
 * @param kase - the kernel entry (its params name the arguments)
 * @param args - a valid call's arguments (the kinds are read from it)
 * @returns one breakage per argument and wrong value
 */
export function genericBreakages(kase: KernelCase, args: Args): Breakage[] {
  const out: Breakage[] = [];
  args.forEach((value, at) => {
    const param = kase.params[at];
    if (typeof value === 'number') {
      for (const [text, wrong] of NUMBER_BREAKAGES) out.push({ name: `${param}: ${text}`, apply: (a) => void (a[at] = wrong) });
    } else if (isTyped(value)) {
      // (an earlier breakage of a pair may have made it something else already: then it stays that)
      for (const [text, f] of ARRAY_BREAKAGES) out.push({ name: `${param}: ${text}`, apply: (a) => void (isTyped(a[at]) && (a[at] = f(a[at]))) });
    }
  });
  out.push({ name: 'one argument missing', apply: (a) => void a.pop() });
  return out;
}

/** One call: its name and how to build its arguments (fresh each time: the call writes into them). */
export interface FuzzCall {
  name: string;
  /** A valid call: every backend must answer it (a well-formed call the kernel refuses must be refused). */
  valid?: 'answered' | 'refused';
  build: () => Args;
}

function hashString(s: string): number {
  let h = 2166136261 ^ FUZZ_SEED;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** A call of `kase`'s variant `v` with `breakages` applied, seeded by its name. */
function fuzzCall(kase: KernelCase, v: number, breakages: Breakage[]): FuzzCall {
  const variant = kase.variants[v];
  const name = [`${kase.kernel} (${variant.name})`, ...breakages.map((b) => b.name)].join(': ');
  return {
    name,
    valid: breakages.length > 0 ? undefined : variant.refused ? 'refused' : 'answered',
    build: () => {
      const rng = new Rng(hashString(name));
      const args = variant.args(rng);
      breakages.forEach((b, i) => {
        try {
          b.apply(args, rng);
        } catch (e) {
          // the one breakage of a call must apply (a throw is a bug of its table entry); the second of a random pair
          // may find its argument already made something it cannot work on (null, a plain array): then it stays so
          if (i === 0) throw e;
        }
      });
      return args;
    },
  };
}

/**
 * Every call of a kernel entry, in a fixed order.
 * @param kase - the kernel entry
 * @returns the valid calls, then the broken ones
 */
export function callsOf(kase: KernelCase): FuzzCall[] {
  const calls: FuzzCall[] = [];
  const own = kase.breakages ?? [];
  kase.variants.forEach((_, v) => {
    calls.push(fuzzCall(kase, v, []));
    for (const b of own) calls.push(fuzzCall(kase, v, [b]));
  });
  // the generic breakages depend only on the argument kinds, which every variant shares: read them off variant 0
  const generic = genericBreakages(kase, kase.variants[0].args(new Rng(1)));
  generic.forEach((b, i) => calls.push(fuzzCall(kase, i % kase.variants.length, [b])));
  const rng = new Rng(hashString(`${kase.kernel} pairs`));
  const all = [...own, ...generic];
  for (let i = 0; i < RANDOM_PAIRS; i++) calls.push(fuzzCall(kase, rng.below(kase.variants.length), [rng.pick(all), rng.pick(all)]));
  return calls;
}
