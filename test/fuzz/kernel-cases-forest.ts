/**
 * Raw-kernel fuzz entries of the forest kernels (trueno.h: trueno_forest_predict, trueno_forest_apply and the packed
 * pair trueno_forest_pack, trueno_forest_predict_packed):
 * random forests in the flat layout (numerical, categorical and missing-left splits, trees of one leaf, trees sharing
 * no node), packed by the js reference for the predicting kernel. The breakages aim at what the packed walk must check
 * slot by slot instead of trusting: roots, features and children out of range or pointing back, bitset indices past
 * the bitsets, slots that lie about their origin or their leaf.
 */
import type { FlatTrees } from '../../lib/aprender/tree/flat-trees';
import { referenceKernels } from '../../lib/trueno/backend/register-js';
import type { Args, Breakage, KernelCase } from './kernel-case';
import type { Rng } from './mutate';

/** Features per row; the last is categorical (codes, some beyond any bitset). */
const D = 4;
/** Values per leaf. */
const K = 2;

/** A forest in trueno.h's flat layout (the kernels' arguments of aprender's FlatTrees). */
type FuzzForest = Pick<FlatTrees, 'roots' | 'feature' | 'threshold' | 'children' | 'flags' | 'catBits' | 'values'>;

/** `trees` random trees of at most `maxNodes` nodes each, grown breadth-first (children after their parent). */
function forestOf(rng: Rng, trees: number, maxNodes: number): FuzzForest {
  const feature: number[] = [], threshold: number[] = [], children: number[] = [], flags: number[] = [], catBits: number[] = [];
  const roots: number[] = [];
  const add = () => (feature.push(-1), threshold.push(0), children.push(-1, -1), flags.push(0), feature.length - 1);
  for (let t = 0; t < trees; t++) {
    const base = feature.length;
    const queue = [add()];
    roots.push(base);
    while (queue.length > 0) {
      const i = queue.shift()!;
      if (feature.length - base + 2 > maxNodes || rng.below(4) === 0) continue; // a leaf
      const f = rng.below(D);
      feature[i] = f;
      flags[i] = rng.below(2); // missing values go left
      if (f === D - 1) {
        flags[i] |= 2;
        threshold[i] = catBits.length / 8;
        for (let w = 0; w < 8; w++) catBits.push(rng.next() | 0);
      } else {
        threshold[i] = (rng.below(2001) - 1000) / 500;
      }
      children[2 * i] = add();
      children[2 * i + 1] = add();
      queue.push(children[2 * i], children[2 * i + 1]);
    }
  }
  return {
    roots: Int32Array.from(roots), feature: Int32Array.from(feature), threshold: Float64Array.from(threshold),
    children: Int32Array.from(children), flags: Uint8Array.from(flags), catBits: Int32Array.from(catBits),
    values: Float64Array.from({ length: feature.length * K }, () => (rng.below(2001) - 1000) / 64),
  };
}

/** n rows of D features: NaN sprinkled in, the categorical column holding codes 0..299 and a negative one. */
function rowsOf(rng: Rng, n: number): Float64Array {
  const x = Float64Array.from({ length: n * D }, () => (rng.below(2001) - 1000) / 400);
  for (let i = 0; i < n; i++) {
    x[i * D + D - 1] = rng.below(8) === 0 ? -3 : rng.below(300);
    if (rng.below(9) === 0) x[i * D + rng.below(D)] = NaN;
  }
  return x;
}

/** The forests of the variants: no tree, one leaf, one small tree, a few, and many nodes. */
const SIZES = [[0, 1], [1, 1], [1, 15], [4, 40], [12, 200]] as const;

/** The packed slots of a forest (forestPack's outputs, by the js reference). */
function packed(f: FuzzForest) {
  const slots = f.feature.length + f.roots.length;
  const out = { packed: new Float64Array(2 * slots), origin: new Int32Array(slots), packedRoots: new Int32Array(f.roots.length) };
  referenceKernels.forestPack(D, f.roots, f.feature, f.threshold, f.children, f.flags, f.catBits, out.packed, out.origin, out.packedRoots);
  return out;
}

/** Sets one entry of the typed-array argument `at` (a random one) to `value(args)`; nothing when it is empty. */
function entry(name: string, at: number, value: (args: Args) => number): Breakage {
  return {
    name,
    apply: (args, rng) => {
      const a = args[at] as Int32Array | Float64Array;
      if (a.length > 0) a[rng.below(a.length)] = value(args);
    },
  };
}

/** Sets one entry of the typed-array argument `at` that satisfies `where` (a random one among them) to `value`. */
function entryWhere(name: string, at: number, where: (args: Args, i: number) => boolean, value: (args: Args, i: number) => number): Breakage {
  return {
    name,
    apply: (args, rng) => {
      const a = args[at] as Int32Array | Float64Array;
      const candidates = [...a.keys()].filter((i) => where(args, i));
      if (candidates.length > 0) {
        const i = rng.pick(candidates);
        a[i] = value(args, i);
      }
    },
  };
}

/**
 * The flat layout's breakages (what trueno_forest_predict and trueno_forest_pack check before walking), for a kernel
 * whose d is argument dAt and whose roots, feature, threshold, children, flags and catBits follow from argument at.
 */
function layoutBreakages(dAt: number, at: number): Breakage[] {
  const [roots, feature, threshold, children, flags, catBits] = [at, at + 1, at + 2, at + 3, at + 4, at + 5];
  const nodes = (args: Args) => (args[feature] as Int32Array).length;
  const split = (args: Args, i: number) => (args[feature] as Int32Array)[i] >= 0;
  const categorical = (args: Args, i: number) => ((args[flags] as Uint8Array)[i] & 2) !== 0;
  const hasChild = (args: Args, i: number) => (args[children] as Int32Array)[i] >= 0;
  return [
    entry('roots: one = nodes', roots, nodes),
    entry('roots: one -1', roots, () => -1),
    entryWhere('feature: a split on feature d', feature, split, () => D),
    entryWhere('feature: a leaf marked -2', feature, (args, i) => !split(args, i), () => -2),
    entryWhere('children: a child pointing back at its parent', children, hasChild, (_, i) => i >> 1),
    entryWhere('children: a child = nodes', children, hasChild, nodes),
    entryWhere('children: a child shared by two nodes', children, (args, i) => hasChild(args, i) && i % 2 === 1, (args, i) => (args[children] as Int32Array)[i - 1]),
    entryWhere('threshold: a bitset index past the bitsets', threshold, categorical, (args) => (args[catBits] as Int32Array).length / 8),
    entryWhere('threshold: a bitset index 0.5', threshold, categorical, () => 0.5),
    entryWhere('threshold: NaN', threshold, split, () => NaN),
    { name: 'catBits: one word short', apply: (args) => void (args[catBits] = (args[catBits] as Int32Array).slice(0, Math.max(0, (args[catBits] as Int32Array).length - 1))) },
    { name: 'flags: every split categorical', apply: (args) => void (args[flags] as Uint8Array).fill(2) },
    { name: 'two roots the same node', apply: (args) => void ((args[roots] as Int32Array).length > 1 && ((args[roots] as Int32Array)[1] = (args[roots] as Int32Array)[0])) },
    { name: 'd 0', apply: (args) => void (args[dAt] = 0) },
    { name: 'd 2^30', apply: (args) => void (args[dAt] = 2 ** 30) },
  ];
}

/** Breakages of the row and output sizes: n, d and k one more than the arrays hold. */
function sizeBreakages(nAt: number, dAt: number, kAt?: number): Breakage[] {
  return [
    { name: 'n one more than x holds', apply: (args) => void (args[nAt] = (args[nAt] as number) + 1) },
    { name: 'd one more than x holds', apply: (args) => void (args[dAt] = (args[dAt] as number) + 1) },
    ...(kAt === undefined ? [] : [{ name: 'k one more than values hold', apply: (args: Args) => void (args[kAt] = (args[kAt] as number) + 1) }]),
  ];
}

/** A forest variant's rows: float64 or float32. */
const rowsIn = (rng: Rng, n: number) => (rng.below(2) ? rowsOf(rng, n) : Float32Array.from(rowsOf(rng, n)));

/** The variants of a kernel over rows and a forest: no row, one, several, over every forest size. */
function rowVariants(build: (rng: Rng, n: number, f: FuzzForest) => Args): KernelCase['variants'] {
  return SIZES.flatMap(([trees, nodes]) => [0, 1, 50].map((n) => ({
    name: `${n} rows, ${trees} trees of <= ${nodes} nodes`,
    args: (rng: Rng) => build(rng, n, forestOf(rng, trees, nodes)),
  })));
}

/** The forest kernels' entries. */
export const FOREST_CASES: KernelCase[] = [
  {
    kernel: 'forestPack',
    params: ['d', 'roots', 'feature', 'threshold', 'children', 'flags', 'catBits', 'packed', 'origin', 'packedRoots'],
    variants: SIZES.map(([trees, nodes]) => ({
      name: `${trees} trees of <= ${nodes} nodes`,
      args: (rng: Rng) => {
        const f = forestOf(rng, trees, nodes);
        const slots = f.feature.length + trees + rng.below(3);
        return [D, f.roots, f.feature, f.threshold, f.children, f.flags, f.catBits, new Float64Array(2 * slots), new Int32Array(slots),
          new Int32Array(trees)];
      },
    })),
    // the slots past the used ones are not written (the return value says how many were)
    normalize: (arrays, used) => {
      (arrays[7] as Float64Array | undefined)?.fill(0, 2 * (used as number));
      (arrays[8] as Int32Array | undefined)?.fill(0, used as number);
    },
    breakages: [
      ...layoutBreakages(0, 1),
      { name: 'slots: one too few', apply: (args) => void ((args[8] = new Int32Array(Math.max(0, (args[2] as Int32Array).length + (args[1] as Int32Array).length - 1))), (args[7] = new Float64Array(2 * (args[8] as Int32Array).length))) },
      { name: 'packed: half the slots', apply: (args) => void (args[7] = new Float64Array((args[8] as Int32Array).length)) },
    ],
  },
  {
    kernel: 'forestPredictPacked',
    params: ['n', 'd', 'x', 'packedRoots', 'packed', 'origin', 'flags', 'catBits', 'k', 'values', 'treeWeights', 'out'],
    variants: rowVariants((rng, n, f) => {
      const p = packed(f);
      return [n, D, rowsIn(rng, n), p.packedRoots, p.packed, p.origin, f.flags, f.catBits, K, f.values, weightsOf(rng, f), new Float64Array(n * K).fill(0.5)];
    }),
    breakages: [
      entry('packedRoots: one = slots', 3, (args) => (args[5] as Int32Array).length),
      entry('packedRoots: one -1', 3, () => -1),
      entry('packedRoots: one odd (a pad)', 3, (args) => Math.max(1, ((args[5] as Int32Array).length - 1) | 1)),
      entryWhere('origin: a slot claiming node = nodes', 5, (args, i) => (args[5] as Int32Array)[i] >= 0, (args) => (args[6] as Uint8Array).length),
      entryWhere('origin: a slot claiming node -5', 5, (args, i) => (args[5] as Int32Array)[i] >= 0, () => -5),
      slotField('a split feature = d', 0, () => D),
      slotField('a split feature 2^30 + d (flag bit and past d)', 0, () => 2 ** 30 + D),
      slotField('a left child pointing back at its slot', 1, (slot) => slot),
      slotField('a left child past the slots', 1, (_, slots) => slots),
      slotField('a left child -7', 1, () => -7),
      leafField('a leaf whose node = nodes', (args) => (args[6] as Uint8Array).length),
      leafField('a leaf whose node -2', () => -2),
      { name: 'every slot random bits', apply: (args, rng) => void new Int32Array((args[4] as Float64Array).buffer).forEach((_, i, a) => (a[i] = rng.next() | 0)) },
      { name: 'flags: every split categorical', apply: (args) => void (args[6] as Uint8Array).fill(3) },
      { name: 'catBits: empty', apply: (args) => void (args[7] = new Int32Array(0)) },
      entry('treeWeights: one NaN', 10, () => NaN),
      entry('treeWeights: one Infinity', 10, () => Infinity),
      { name: 'values: one leaf short', apply: (args) => void (args[9] = (args[9] as Float64Array).slice(0, Math.max(0, (args[9] as Float64Array).length - K))) },
      { name: 'k 0', apply: (args) => void ((args[8] = 0), (args[11] = new Float64Array(0))) },
      { name: 'd 2^30', apply: (args) => void (args[1] = 2 ** 30) },
      entry('x: an entry Infinity', 2, () => Infinity),
      ...sizeBreakages(0, 1, 8),
    ],
  },
  {
    kernel: 'forestPredict',
    params: ['n', 'd', 'x', 'roots', 'feature', 'threshold', 'children', 'flags', 'catBits', 'k', 'values', 'treeWeights', 'out'],
    variants: rowVariants((rng, n, f) => [n, D, rowsIn(rng, n), f.roots, f.feature, f.threshold, f.children, f.flags, f.catBits, K, f.values,
      weightsOf(rng, f), new Float64Array(n * K).fill(0.5)]),
    breakages: [
      ...layoutBreakages(1, 3),
      ...sizeBreakages(0, 1, 9),
      entry('treeWeights: one NaN', 11, () => NaN),
      { name: 'values: one leaf short', apply: (args) => void (args[10] = (args[10] as Float64Array).slice(0, Math.max(0, (args[10] as Float64Array).length - K))) },
      { name: 'k 0', apply: (args) => void ((args[9] = 0), (args[12] = new Float64Array(0))) },
    ],
  },
  {
    kernel: 'forestApply',
    params: ['n', 'd', 'x', 'roots', 'feature', 'threshold', 'children', 'flags', 'catBits', 'out'],
    variants: rowVariants((rng, n, f) => [n, D, rowsIn(rng, n), f.roots, f.feature, f.threshold, f.children, f.flags, f.catBits,
      new Int32Array(n * f.roots.length)]),
    breakages: [...layoutBreakages(1, 3), ...sizeBreakages(0, 1)],
  },
];

/** Tree weights in (0, 1], one per tree. */
function weightsOf(rng: Rng, f: FuzzForest): Float64Array {
  return Float64Array.from(f.roots, () => 1 / (1 + rng.below(5)));
}

/**
 * Rewrites, in a random split slot of `packed` (argument 4), its int32 field `field` (0: feature, 1: left) to
 * value(slot, slots). A split slot: feature >= 0 (the int32 after the threshold double).
 */
function slotField(name: string, field: 0 | 1, value: (slot: number, slots: number) => number): Breakage {
  return {
    name: `packed: ${name}`,
    apply: (args, rng) => {
      const words = new Int32Array((args[4] as Float64Array).buffer, (args[4] as Float64Array).byteOffset, (args[4] as Float64Array).length * 2);
      const slots = words.length / 4;
      const splits = Array.from({ length: slots }, (_, s) => s).filter((s) => words[4 * s + 2] >= 0);
      if (splits.length > 0) {
        const s = rng.pick(splits);
        words[4 * s + 2 + field] = value(s, slots);
      }
    },
  };
}

/** Rewrites, in a random leaf slot (feature -1, left its node), the node it names to value(args). */
function leafField(name: string, value: (args: Args) => number): Breakage {
  return {
    name: `packed: ${name}`,
    apply: (args, rng) => {
      const words = new Int32Array((args[4] as Float64Array).buffer, (args[4] as Float64Array).byteOffset, (args[4] as Float64Array).length * 2);
      const leaves = Array.from({ length: words.length / 4 }, (_, s) => s).filter((s) => words[4 * s + 2] === -1 && words[4 * s + 3] >= 0);
      if (leaves.length > 0) words[4 * rng.pick(leaves) + 3] = value(args);
    },
  };
}
