/** trainTestSplit: one random (optionally stratified) split of any number of arrays, as scikit-learn's. */
import { describe, rangeError, typeError, validate } from '../errors';
import { consistentLength, takeRows } from './indexing';
import { splitSizes, stratifiedSplits } from './shuffle-split';
import { rngFor, seedOption } from './splitter';
import type { OptionKeys } from '../../common/validate';

/** Options of trainTestSplit. */
export interface TrainTestSplitOptions {
  /** Test share in (0, 1) or a row count (default 0.25, or the complement of trainSize). */
  testSize?: number | null;
  /** Train share in (0, 1) or a row count (default: the complement of testSize). */
  trainSize?: number | null;
  /** Seed of the shuffle (null: a fresh one). */
  randomState?: number | null;
  /** Shuffle before splitting (default true); false takes the first rows for training. */
  shuffle?: boolean;
  /** Labels whose class shares both sets keep (usually y). */
  stratify?: unknown;
}

const TRAIN_TEST_SPLIT_OPTIONS: OptionKeys<TrainTestSplitOptions> = { testSize: true, trainSize: true, randomState: true, shuffle: true, stratify: true };

function isOptions(v: unknown): v is TrainTestSplitOptions {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Splits arrays into random train and test subsets: every array (a Tensor, number[][], number[], string[], TypedArray,
 * Arrow Table, Arrow column or ArrowDataset; the same number of rows each) is cut at the same rows.
 * @param args - the arrays, then optionally the options ({@link TrainTestSplitOptions})
 * @returns [a_train, a_test, b_train, b_test, ...], each of its input's kind
 * @throws TypeError / RangeError for no arrays, arrays of different lengths, bad sizes, or stratify without shuffle
 * @example const [XTrain, XTest, yTrain, yTest] = trainTestSplit(X, y, { testSize: 0.2, randomState: 42, stratify: y });
 */
export function trainTestSplit<T>(...args: (T | TrainTestSplitOptions)[]): T[] {
  const last = args[args.length - 1];
  const options = isOptions(last) ? validate.expectOptions<TrainTestSplitOptions>(last, 'trainTestSplit options', TRAIN_TEST_SPLIT_OPTIONS) : {};
  const arrays = (isOptions(last) ? args.slice(0, -1) : args) as T[];
  if (arrays.length === 0) throw typeError('Expected at least one array to split but received none');
  const n = consistentLength(arrays.map((a, i) => [a, `array ${i}`] as const));
  const shuffle = validate.expectBoolean(options.shuffle ?? true, 'shuffle');
  const randomState = seedOption(options.randomState, 'randomState');
  const { nTrain, nTest } = splitSizes(n, options.testSize, options.trainSize, 0.25);
  const stratify = options.stratify;
  let train: Int32Array;
  let test: Int32Array;
  if (!shuffle) {
    if (stratify !== undefined && stratify !== null) throw rangeError(`Expected no stratify when shuffle is false (a stratified split shuffles) but received ${describe(stratify)}`);
    train = Int32Array.from({ length: nTrain }, (_, i) => i);
    test = Int32Array.from({ length: nTest }, (_, i) => nTrain + i);
  } else if (stratify !== undefined && stratify !== null) {
    [[train, test]] = stratifiedSplits(stratify, n, nTrain, nTest, 1, rngFor(randomState));
  } else {
    const perm = rngFor(randomState).permutation(n);
    test = perm.slice(0, nTest);
    train = perm.slice(nTest, nTest + nTrain);
  }
  return arrays.flatMap((a) => [takeRows(a, train), takeRows(a, test)]);
}
