/**
 * The Tensor's methods: each forwards to the functional op of the same name (one implementation per op), so
 * `a.add(b).mul(2)` is `mul(add(a, b), 2)` and `a.sum({ axis: 0 })` is `sum(a, { axis: 0 })`, with the same checks,
 * errors and result dtypes. Declared here by interface merging and installed on Tensor.prototype by tensor.ts.
 *
 * The ops import Tensor, so this module cannot import them without an import cycle (tensor.ts -> tensor-methods.ts
 * -> ops -> tensor.ts, where whichever module loads first sees the others half-initialized): each ops module hands
 * its functions over when it loads (registerTensorOps), and every entry point that reaches Tensor loads them all
 * (trueno/index.ts exports every op; test/trueno-graph/lib-imports.test.ts checks the entry points).
 */
import type {
  ArithmeticDTypeOf, DType, ElementOf, FloatDTypeOf, PromotedDTypeOf, ScalarArithmeticDTypeOf, SumDTypeOf,
} from './dtype';
import { TruenoError } from './errors';
import type { add, cast, div, mul, sub, BinaryOptions } from './ops/elementwise';
import type { abs, clip, exp, gelu, log, neg, relu, sigmoid, sqrt, square, tanh, UnaryOptions } from './ops/unary';
import type {
  argmax, argmin, dot, max, mean, min, norm, std, sum, variance,
  NormOptions, Reduced, ReduceOptions, VarianceOptions,
} from './ops/reduce';
import type { logSoftmax, matmul, softmax, transpose, MatmulOptions, SoftmaxOptions } from './ops/matrix';
import type { equal, greater, greaterEqual, less, lessEqual, notEqual } from './ops/compare';
import type { gather, get, row, slice, GatherOptions, SliceSpec } from './ops/indexing';
import type { concat, JoinOptions } from './ops/join';
import type { argsort, cumsum, AxisOptions } from './ops/scan';
import type { Tensor } from './tensor';

declare module './tensor' {
  // The type parameter must repeat the class's exactly for the declarations to merge.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface Tensor<D extends DType = DType> {
    /**
     * this + b elementwise with broadcasting ({@link add}).
     * @param b - a Tensor or number
     * @param options - `out`: a preallocated result
     * @returns a new tensor (or `options.out`)
     * @throws TypeError / RangeError as {@link add}
     * @example Tensor.from([1, 2]).add(Tensor.from([10, 20])).mul(2) // [22, 44]
     */
    add<B extends DType>(b: Tensor<B>, options?: BinaryOptions): Tensor<ArithmeticDTypeOf<D, B>>;
    add(b: number, options?: BinaryOptions): Tensor<ScalarArithmeticDTypeOf<D>>;
    /**
     * this - b elementwise with broadcasting ({@link sub}).
     * @param b - a Tensor or number
     * @param options - `out`
     * @returns a new tensor
     * @throws TypeError / RangeError as {@link add}
     * @example x.sub(x.mean())
     */
    sub<B extends DType>(b: Tensor<B>, options?: BinaryOptions): Tensor<ArithmeticDTypeOf<D, B>>;
    sub(b: number, options?: BinaryOptions): Tensor<ScalarArithmeticDTypeOf<D>>;
    /**
     * this * b elementwise with broadcasting ({@link mul}).
     * @param b - a Tensor or number
     * @param options - `out`
     * @returns a new tensor
     * @throws TypeError / RangeError as {@link add}
     * @example x.mul(2)
     */
    mul<B extends DType>(b: Tensor<B>, options?: BinaryOptions): Tensor<ArithmeticDTypeOf<D, B>>;
    mul(b: number, options?: BinaryOptions): Tensor<ScalarArithmeticDTypeOf<D>>;
    /**
     * this / b elementwise with broadcasting, in a float dtype ({@link div}).
     * @param b - a Tensor or number
     * @param options - `out`
     * @returns a new tensor
     * @throws TypeError / RangeError as {@link add}
     * @example x.div(x.sum())
     */
    div<B extends DType>(b: Tensor<B>, options?: BinaryOptions): Tensor<PromotedDTypeOf<D, B>>;
    div(b: number, options?: BinaryOptions): Tensor<FloatDTypeOf<D>>;
    /**
     * |this| ({@link abs}). @param options - `out` @returns a new float tensor @throws TypeError for a bad out
     * @example Tensor.from([-1]).abs()
     */
    abs(options?: UnaryOptions): Tensor<FloatDTypeOf<D>>;
    /** -this ({@link neg}). @param options - `out` @returns a new float tensor @throws TypeError for a bad out @example x.neg() */
    neg(options?: UnaryOptions): Tensor<FloatDTypeOf<D>>;
    /** e^this ({@link exp}). @param options - `out` @returns a new float tensor @throws TypeError for a bad out @example x.exp() */
    exp(options?: UnaryOptions): Tensor<FloatDTypeOf<D>>;
    /** ln(this) ({@link log}). @param options - `out` @returns a new float tensor @throws TypeError for a bad out @example x.log() */
    log(options?: UnaryOptions): Tensor<FloatDTypeOf<D>>;
    /** √this ({@link sqrt}). @param options - `out` @returns a new float tensor @throws TypeError for a bad out @example x.sqrt() */
    sqrt(options?: UnaryOptions): Tensor<FloatDTypeOf<D>>;
    /** this² ({@link square}). @param options - `out` @returns a new float tensor @throws TypeError for a bad out @example x.square() */
    square(options?: UnaryOptions): Tensor<FloatDTypeOf<D>>;
    /** max(this, 0) ({@link relu}). @param options - `out` @returns a new float tensor @throws TypeError for a bad out @example x.relu() */
    relu(options?: UnaryOptions): Tensor<FloatDTypeOf<D>>;
    /** The logistic function ({@link sigmoid}). @param options - `out` @returns a new float tensor @throws TypeError for a bad out @example x.sigmoid() */
    sigmoid(options?: UnaryOptions): Tensor<FloatDTypeOf<D>>;
    /** tanh(this) ({@link tanh}). @param options - `out` @returns a new float tensor @throws TypeError for a bad out @example x.tanh() */
    tanh(options?: UnaryOptions): Tensor<FloatDTypeOf<D>>;
    /** GELU, exact form ({@link gelu}). @param options - `out` @returns a new float tensor @throws TypeError for a bad out @example x.gelu() */
    gelu(options?: UnaryOptions): Tensor<FloatDTypeOf<D>>;
    /**
     * Limits every element to [lo, hi] ({@link clip}).
     * @param lo - lower bound
     * @param hi - upper bound
     * @param options - `out`
     * @returns a new float tensor
     * @throws TypeError / RangeError as {@link clip}
     * @example x.clip(0, 1)
     */
    clip(lo: number, hi: number, options?: UnaryOptions): Tensor<FloatDTypeOf<D>>;
    /**
     * Sum, whole (a number) or along `axis` (a tensor) ({@link sum}).
     * @param options - `axis`, `keepDims`
     * @returns a number, or a tensor when `axis` is given
     * @throws RangeError for an axis out of range
     * @example Tensor.from([[1, 2], [3, 4]]).sum({ axis: 0 }) // [4, 6]
     */
    sum<O extends ReduceOptions = ReduceOptions>(options?: O): Reduced<O, SumDTypeOf<D>>;
    /** Mean ({@link mean}). @param options - `axis`, `keepDims` @returns a number or tensor @throws RangeError for a bad axis @example x.mean({ axis: 1 }) */
    mean<O extends ReduceOptions = ReduceOptions>(options?: O): Reduced<O, FloatDTypeOf<D>>;
    /** Smallest element ({@link min}). @param options - `axis`, `keepDims` @returns a number or tensor @throws RangeError when empty @example x.min() */
    min<O extends ReduceOptions = ReduceOptions>(options?: O): Reduced<O, D>;
    /** Largest element ({@link max}). @param options - `axis`, `keepDims` @returns a number or tensor @throws RangeError when empty @example x.max() */
    max<O extends ReduceOptions = ReduceOptions>(options?: O): Reduced<O, D>;
    /** Index of the smallest ({@link argmin}). @param options - `axis`, `keepDims` @returns a number or int32 tensor @throws RangeError when empty @example x.argmin() */
    argmin<O extends ReduceOptions = ReduceOptions>(options?: O): Reduced<O, 'int32'>;
    /** Index of the largest ({@link argmax}). @param options - `axis`, `keepDims` @returns a number or int32 tensor @throws RangeError when empty @example logits.argmax({ axis: 1 }) */
    argmax<O extends ReduceOptions = ReduceOptions>(options?: O): Reduced<O, 'int32'>;
    /** Variance ({@link variance}). @param options - `axis`, `keepDims`, `ddof` @returns a number or tensor @throws RangeError for a bad axis @example x.variance({ ddof: 1 }) */
    variance<O extends VarianceOptions = VarianceOptions>(options?: O): Reduced<O, FloatDTypeOf<D>>;
    /** Standard deviation ({@link std}). @param options - `axis`, `keepDims`, `ddof` @returns a number or tensor @throws RangeError for a bad axis @example x.std() */
    std<O extends VarianceOptions = VarianceOptions>(options?: O): Reduced<O, FloatDTypeOf<D>>;
    /** Vector norm ({@link norm}). @param options - `ord`, `axis`, `keepDims` @returns a number or tensor @throws RangeError for a bad ord @example x.norm() */
    norm<O extends NormOptions = NormOptions>(options?: O): Reduced<O, FloatDTypeOf<D>>;
    /**
     * Matrix product this @ b ({@link matmul}).
     * @param b - the right operand
     * @param options - transA, transB, alpha, beta, out
     * @returns the product: float32 when both are float32, else float64
     * @throws TypeError / RangeError as {@link matmul}
     * @example a.matmul(b.T)
     */
    matmul<B extends DType>(b: Tensor<B>, options?: MatmulOptions): Tensor<PromotedDTypeOf<D, B>>;
    /** Inner product of two 1-d tensors ({@link dot}). @param b - 1-d, this one's length @returns a number @throws RangeError for other shapes @example u.dot(v) */
    dot(b: Tensor): number;
    /**
     * The axes permuted, reversed by default ({@link transpose}); a copy.
     * @param axes - a permutation of the axes
     * @returns a new tensor
     * @throws RangeError for axes that are not a permutation
     * @example Tensor.zeros([2, 3, 4]).transpose([2, 0, 1]).shape // [4, 2, 3]
     */
    transpose(axes?: readonly number[]): Tensor<D>;
    /** The transpose, axes reversed (numpy's `.T`): `x.transpose()`, a copy. @example x.T.shape */
    readonly T: Tensor<D>;
    /** Softmax along an axis ({@link softmax}). @param options - `axis` (default -1) @returns a new float tensor @throws RangeError for a 0-d tensor @example logits.softmax() */
    softmax(options?: SoftmaxOptions): Tensor<FloatDTypeOf<D>>;
    /** Log-softmax along an axis ({@link logSoftmax}). @param options - `axis` @returns a new float tensor @throws RangeError for a 0-d tensor @example logits.logSoftmax() */
    logSoftmax(options?: SoftmaxOptions): Tensor<FloatDTypeOf<D>>;
    /**
     * A copy converted to another dtype ({@link cast}; numpy's astype).
     * @param dtype - the element type
     * @returns a new tensor
     * @throws TypeError for an unknown dtype
     * @example Tensor.from([1.7]).cast('int32') // [1]
     */
    cast<T extends DType>(dtype: T): Tensor<T>;
    /** this == b as a bool tensor ({@link equal}). @param b - a Tensor or number @returns a bool tensor @throws RangeError for shapes that do not broadcast @example labels.equal(3) */
    equal(b: Tensor | number): Tensor<'bool'>;
    /** this != b ({@link notEqual}). @param b - a Tensor or number @returns a bool tensor @throws RangeError for shapes that do not broadcast @example x.notEqual(0) */
    notEqual(b: Tensor | number): Tensor<'bool'>;
    /** this < b ({@link less}). @param b - a Tensor or number @returns a bool tensor @throws RangeError for shapes that do not broadcast @example x.less(0) */
    less(b: Tensor | number): Tensor<'bool'>;
    /** this <= b ({@link lessEqual}). @param b - a Tensor or number @returns a bool tensor @throws RangeError for shapes that do not broadcast @example x.lessEqual(1) */
    lessEqual(b: Tensor | number): Tensor<'bool'>;
    /** this > b ({@link greater}). @param b - a Tensor or number @returns a bool tensor @throws RangeError for shapes that do not broadcast @example x.greater(0).sum() // how many are positive */
    greater(b: Tensor | number): Tensor<'bool'>;
    /** this >= b ({@link greaterEqual}). @param b - a Tensor or number @returns a bool tensor @throws RangeError for shapes that do not broadcast @example x.greaterEqual(y) */
    greaterEqual(b: Tensor | number): Tensor<'bool'>;
    /**
     * numpy's basic slicing ({@link slice}): a view when the selection is contiguous, else a copy.
     * @param specs - per leading axis: an index, null (all), or [start, stop, step]
     * @returns a view or a new tensor
     * @throws TypeError / RangeError as {@link slice}
     * @example m.slice([0, 10]) // rows 0..9, a view
     */
    slice(...specs: SliceSpec[]): Tensor<D>;
    /** Row i, a view ({@link row}). @param i - the row (negative from the end) @returns the view @throws RangeError for an index out of range @example m.row(0) */
    row(i: number): Tensor<D>;
    /** One element ({@link get}). @param indices - one per axis @returns a number (bigint for int64) @throws RangeError for an index out of range @example m.get(1, 2) */
    get(...indices: number[]): ElementOf<D>;
    /**
     * Elements along an axis by index ({@link gather}); a copy.
     * @param indices - an integer tensor or array
     * @param options - `axis` (default 0)
     * @returns a new tensor
     * @throws TypeError / RangeError as {@link gather}
     * @example x.gather(order) // rows in another order
     */
    gather(indices: Tensor | readonly number[], options?: GatherOptions): Tensor<D>;
    /**
     * This tensor joined with others along an axis ({@link concat}); a copy.
     * @param others - a tensor or tensors to append
     * @param options - `axis` (default 0)
     * @returns a new tensor
     * @throws TypeError / RangeError as {@link concat}
     * @example a.concat(b, { axis: 1 })
     */
    concat(others: Tensor<D> | readonly Tensor<D>[], options?: JoinOptions): Tensor<D>;
    /** Cumulative sum ({@link cumsum}). @param options - `axis` (default: flattened) @returns a new tensor @throws RangeError for a bad axis @example x.cumsum({ axis: 0 }) */
    cumsum(options?: AxisOptions): Tensor<SumDTypeOf<D>>;
    /** Indices that sort along an axis, stably ({@link argsort}). @param options - `axis` (default -1) @returns an int32 tensor @throws RangeError for a 0-d tensor @example scores.argsort() */
    argsort(options?: AxisOptions): Tensor<'int32'>;
  }
}

/** The ops the methods forward to, by name: each ops module registers its own (registerTensorOps) when it loads. */
export interface TensorOps {
  add: typeof add; sub: typeof sub; mul: typeof mul; div: typeof div; cast: typeof cast;
  abs: typeof abs; neg: typeof neg; exp: typeof exp; log: typeof log; sqrt: typeof sqrt; square: typeof square;
  relu: typeof relu; sigmoid: typeof sigmoid; tanh: typeof tanh; gelu: typeof gelu; clip: typeof clip;
  sum: typeof sum; mean: typeof mean; min: typeof min; max: typeof max; argmin: typeof argmin; argmax: typeof argmax;
  variance: typeof variance; std: typeof std; norm: typeof norm; dot: typeof dot;
  matmul: typeof matmul; transpose: typeof transpose; softmax: typeof softmax; logSoftmax: typeof logSoftmax;
  equal: typeof equal; notEqual: typeof notEqual; less: typeof less; lessEqual: typeof lessEqual; greater: typeof greater;
  greaterEqual: typeof greaterEqual;
  slice: typeof slice; row: typeof row; get: typeof get; gather: typeof gather;
  concat: typeof concat;
  cumsum: typeof cumsum; argsort: typeof argsort;
}

const registered: Partial<TensorOps> = {};

/**
 * Hands ops over to the Tensor methods of the same names; each ops module calls it once, as it loads.
 * @param ops - the module's ops, by name
 * @example registerTensorOps({ cumsum, argsort }) // at the end of ops/scan.ts
 */
export function registerTensorOps(ops: Partial<TensorOps>): void {
  Object.assign(registered, ops);
}

/**
 * The names of the methods whose op is not registered (none once every ops module is loaded).
 * @returns the names
 * @example unregisteredTensorOps() // [] after importing 'sovereign-ai/trueno'
 */
export function unregisteredTensorOps(): string[] {
  return [...Object.keys(METHODS), 'T'].filter((name) => registered[(name === 'T' ? 'transpose' : name) as keyof TensorOps] === undefined);
}

/** The registered op `name`, or a clear error naming the module that provides it. */
function op<K extends keyof TensorOps>(name: K): TensorOps[K] {
  const fn = registered[name];
  if (fn === undefined) {
    throw new TruenoError(`Expected the trueno op ${name} to be loaded for Tensor.${name} but it was not: import it from 'sovereign-ai/trueno'`, 'ERR_TRUENO_NO_OP');
  }
  return fn;
}

type Method = (this: Tensor, ...args: never[]) => unknown;

/** Each method forwards `this` and its arguments to the op. */
const METHODS: Record<string, Method> = {
  add(b: Tensor | number, o?: BinaryOptions) { return op('add')(this, b, o); },
  sub(b: Tensor | number, o?: BinaryOptions) { return op('sub')(this, b, o); },
  mul(b: Tensor | number, o?: BinaryOptions) { return op('mul')(this, b, o); },
  div(b: Tensor | number, o?: BinaryOptions) { return op('div')(this, b, o); },
  abs(o?: UnaryOptions) { return op('abs')(this, o); },
  neg(o?: UnaryOptions) { return op('neg')(this, o); },
  exp(o?: UnaryOptions) { return op('exp')(this, o); },
  log(o?: UnaryOptions) { return op('log')(this, o); },
  sqrt(o?: UnaryOptions) { return op('sqrt')(this, o); },
  square(o?: UnaryOptions) { return op('square')(this, o); },
  relu(o?: UnaryOptions) { return op('relu')(this, o); },
  sigmoid(o?: UnaryOptions) { return op('sigmoid')(this, o); },
  tanh(o?: UnaryOptions) { return op('tanh')(this, o); },
  gelu(o?: UnaryOptions) { return op('gelu')(this, o); },
  clip(lo: number, hi: number, o?: UnaryOptions) { return op('clip')(this, lo, hi, o); },
  sum(o?: ReduceOptions) { return op('sum')(this, o); },
  mean(o?: ReduceOptions) { return op('mean')(this, o); },
  min(o?: ReduceOptions) { return op('min')(this, o); },
  max(o?: ReduceOptions) { return op('max')(this, o); },
  argmin(o?: ReduceOptions) { return op('argmin')(this, o); },
  argmax(o?: ReduceOptions) { return op('argmax')(this, o); },
  variance(o?: VarianceOptions) { return op('variance')(this, o); },
  std(o?: VarianceOptions) { return op('std')(this, o); },
  norm(o?: NormOptions) { return op('norm')(this, o); },
  matmul(b: Tensor, o?: MatmulOptions) { return op('matmul')(this, b, o); },
  dot(b: Tensor) { return op('dot')(this, b); },
  transpose(axes?: readonly number[]) { return op('transpose')(this, axes); },
  softmax(o?: SoftmaxOptions) { return op('softmax')(this, o); },
  logSoftmax(o?: SoftmaxOptions) { return op('logSoftmax')(this, o); },
  cast(dtype: DType) { return op('cast')(this, dtype); },
  equal(b: Tensor | number) { return op('equal')(this, b); },
  notEqual(b: Tensor | number) { return op('notEqual')(this, b); },
  less(b: Tensor | number) { return op('less')(this, b); },
  lessEqual(b: Tensor | number) { return op('lessEqual')(this, b); },
  greater(b: Tensor | number) { return op('greater')(this, b); },
  greaterEqual(b: Tensor | number) { return op('greaterEqual')(this, b); },
  slice(...specs: SliceSpec[]) { return op('slice')(this, ...specs); },
  row(i: number) { return op('row')(this, i); },
  get(...indices: number[]) { return op('get')(this, ...indices); },
  gather(indices: Tensor | readonly number[], o?: GatherOptions) { return op('gather')(this, indices, o); },
  concat(others: Tensor | readonly Tensor[], o?: JoinOptions) {
    return op('concat')([this, ...(Array.isArray(others) ? others : [others])] as Tensor[], o);
  },
  cumsum(o?: AxisOptions) { return op('cumsum')(this, o); },
  argsort(o?: AxisOptions) { return op('argsort')(this, o); },
};

/** Installs the methods (and the `T` getter) on the Tensor class; called once by tensor.ts. */
export function installTensorMethods(cls: { prototype: object }): void {
  for (const [name, fn] of Object.entries(METHODS)) {
    Object.defineProperty(cls.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
  }
  Object.defineProperty(cls.prototype, 'T', {
    get(this: Tensor) { return op('transpose')(this); },
    configurable: true,
    enumerable: false,
  });
}
