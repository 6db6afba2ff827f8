/**
 * Random permutation splits: ShuffleSplit and StratifiedShuffleSplit (scikit-learn's sizes, rounding and per-class
 * allocation; the seeded generator is the stack's own, so the rows drawn differ from numpy's).
 */
import { Random } from '../../common/random';
import { describe, rangeError, validate } from '../errors';
import { numSamples } from './indexing';
import { classCodes, rngFor, seedOption, type Splitter, type TrainTest } from './splitter';

/** Options of the shuffle splitters and trainTestSplit. */
export interface ShuffleSplitOptions {
  /** Re-shuffling iterations (default 10). */
  nSplits?: number;
  /** Test share in (0, 1) or a sample count (default 0.1; the complement of trainSize when only that is given). */
  testSize?: number | null;
  /** Train share in (0, 1) or a sample count (default: the complement of testSize). */
  trainSize?: number | null;
  /** Seed (null: a fresh draw on each split call). */
  randomState?: number | null;
}

/**
 * The train and test counts for n samples (scikit-learn's _validate_shuffle_split: a fraction of the test set is
 * rounded up, of the train set down).
 * @param n - samples
 * @param testSize - fraction or count, or null
 * @param trainSize - fraction or count, or null
 * @param defaultTest - the test fraction when neither is given
 * @returns the counts
 * @throws TypeError / RangeError for sizes out of range or an empty train set
 */
export function splitSizes(n: number, testSize: unknown, trainSize: unknown, defaultTest: number): { nTrain: number; nTest: number } {
  const given = (v: unknown) => v !== undefined && v !== null;
  const test = !given(testSize) && !given(trainSize) ? defaultTest : testSize;
  const size = (v: unknown, name: string): number | undefined => {
    if (!given(v)) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw rangeError(`Expected a fraction in (0, 1) or a sample count for ${name} but received ${describe(v)}`);
    if (Number.isInteger(v) && v >= 1) {
      if (v >= n) throw rangeError(`Expected ${name} below the number of samples (${n}) but received ${v}`);
      return v;
    }
    if (!(v > 0 && v < 1)) throw rangeError(`Expected a fraction in (0, 1) or a sample count for ${name} but received ${describe(v)}`);
    return name === 'testSize' ? Math.ceil(v * n) : Math.floor(v * n);
  };
  if (typeof test === 'number' && typeof trainSize === 'number' && test < 1 && trainSize < 1 && test + trainSize > 1) {
    throw rangeError(`Expected testSize + trainSize <= 1 but received ${test} + ${trainSize}`);
  }
  let nTest = size(test, 'testSize');
  let nTrain = size(trainSize, 'trainSize');
  if (nTrain === undefined) nTrain = n - (nTest as number);
  if (nTest === undefined) nTest = n - nTrain;
  if (nTrain + nTest > n) throw rangeError(`Expected trainSize + testSize <= ${n} samples but they sum to ${nTrain + nTest}`);
  if (nTrain === 0) throw rangeError(`Expected a non-empty train set but with ${n} samples, testSize ${describe(testSize)} and trainSize ${describe(trainSize)} it is empty`);
  if (nTest === 0) throw rangeError(`Expected a non-empty test set but with ${n} samples, testSize ${describe(testSize)} and trainSize ${describe(trainSize)} it is empty`);
  return { nTrain, nTest };
}

/** Checked shuffle-split options. */
export interface ShuffleSplitSettings {
  nSplits: number;
  testSize: number | null;
  trainSize: number | null;
  randomState: number | null;
}

function shuffleSettings(options: ShuffleSplitOptions | undefined, cls: string): ShuffleSplitSettings {
  const o = validate.expectOptions<ShuffleSplitOptions>(options, `${cls} options`, { nSplits: true, testSize: true, trainSize: true, randomState: true });
  const num = (v: unknown, name: string) => (v === undefined || v === null ? null : validate.expectFinite(v, name));
  return {
    nSplits: validate.expectInteger(o.nSplits ?? 10, `${cls} nSplits`, 1),
    testSize: num(o.testSize, `${cls} testSize`),
    trainSize: num(o.trainSize, `${cls} trainSize`),
    randomState: seedOption(o.randomState, `${cls} randomState`),
  };
}

/**
 * Independent random train/test splits: each a fresh permutation, the first nTest rows testing and the next nTrain
 * training.
 * @example
 * for (const [train, test] of new ShuffleSplit({ nSplits: 5, testSize: 0.25, randomState: 0 }).split(X)) { ... }
 */
export class ShuffleSplit implements Splitter {
  /** The checked options. */
  readonly settings: ShuffleSplitSettings;

  /**
   * @param options - nSplits (default 10), testSize (default 0.1), trainSize, randomState
   * @throws TypeError / RangeError for bad options
   */
  constructor(options?: ShuffleSplitOptions) {
    this.settings = shuffleSettings(options, 'ShuffleSplit');
  }

  /**
   * The train/test index pairs.
   * @param X - the samples (only their count is read)
   * @returns nSplits pairs in random order
   * @throws RangeError for sizes that do not fit the samples
   */
  split(X: unknown): TrainTest[] {
    const n = numSamples(X, 'X');
    const { nTrain, nTest } = splitSizes(n, this.settings.testSize, this.settings.trainSize, 0.1);
    const rng = rngFor(this.settings.randomState);
    return Array.from({ length: this.settings.nSplits }, () => {
      const perm = rng.permutation(n);
      return [perm.slice(nTest, nTest + nTrain), perm.slice(0, nTest)] as TrainTest;
    });
  }

  /** @returns nSplits */
  getNSplits(): number {
    return this.settings.nSplits;
  }
}

/**
 * Counts per class that sum to nDraws in proportion to counts: floors, then the largest remainders (ties broken at
 * random), as scikit-learn's _approximate_mode.
 */
function approximateMode(counts: readonly number[], nDraws: number, rng: Random): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let need = nDraws - floored.reduce((a, b) => a + b, 0);
  const remainders = [...new Set(continuous.map((c, i) => c - floored[i]))].sort((a, b) => b - a);
  for (const value of remainders) {
    if (need <= 0) break;
    const at = continuous.map((_, i) => i).filter((i) => continuous[i] - floored[i] === value);
    rng.shuffle(at);
    const now = Math.min(at.length, need);
    for (let j = 0; j < now; j++) floored[at[j]]++;
    need -= now;
  }
  return floored;
}

/**
 * Random train/test splits that keep each class's share of y in both sets (scikit-learn's StratifiedShuffleSplit).
 * @example
 * const [[train, test]] = new StratifiedShuffleSplit({ nSplits: 1, testSize: 0.2, randomState: 0 }).split(X, y);
 */
export class StratifiedShuffleSplit implements Splitter {
  /** The checked options. */
  readonly settings: ShuffleSplitSettings;

  /**
   * @param options - nSplits (default 10), testSize (default 0.1), trainSize, randomState
   * @throws TypeError / RangeError for bad options
   */
  constructor(options?: ShuffleSplitOptions) {
    this.settings = shuffleSettings(options, 'StratifiedShuffleSplit');
  }

  /**
   * The train/test index pairs.
   * @param X - the samples (only their count is read)
   * @param y - the class labels
   * @returns nSplits pairs in random order
   * @throws RangeError for a class with one member, or train/test sets smaller than the number of classes
   */
  split(X: unknown, y?: unknown): TrainTest[] {
    const n = numSamples(X, 'X');
    const { nTrain, nTest } = splitSizes(n, this.settings.testSize, this.settings.trainSize, 0.1);
    return stratifiedSplits(y, n, nTrain, nTest, this.settings.nSplits, rngFor(this.settings.randomState));
  }

  /** @returns nSplits */
  getNSplits(): number {
    return this.settings.nSplits;
  }
}

/**
 * Stratified random splits (shared by StratifiedShuffleSplit and trainTestSplit's stratify).
 * @param y - labels
 * @param n - samples
 * @param nTrain - train rows per split
 * @param nTest - test rows per split
 * @param nSplits - how many
 * @param rng - the generator
 * @returns the splits
 * @throws RangeError for a class with one member or sets smaller than the number of classes
 */
export function stratifiedSplits(y: unknown, n: number, nTrain: number, nTest: number, nSplits: number, rng: Random): TrainTest[] {
  const { codes, counts } = classCodes(y, n, 'sorted');
  const k = counts.length;
  if (Math.min(...counts) < 2) throw rangeError('Expected at least 2 members in every class of y for a stratified split but the least populated class has 1');
  if (nTrain < k) throw rangeError(`Expected a train set of at least ${k} samples (the number of classes) but received ${nTrain}`);
  if (nTest < k) throw rangeError(`Expected a test set of at least ${k} samples (the number of classes) but received ${nTest}`);
  const members: number[][] = Array.from({ length: k }, () => []);
  codes.forEach((c, i) => members[c].push(i));
  return Array.from({ length: nSplits }, () => {
    const nI = approximateMode(counts, nTrain, rng);
    const tI = approximateMode(counts.map((c, i) => c - nI[i]), nTest, rng);
    const train: number[] = [];
    const test: number[] = [];
    members.forEach((rows, c) => {
      const perm = rng.permutation(rows.length);
      for (let j = 0; j < nI[c]; j++) train.push(rows[perm[j]]);
      for (let j = nI[c]; j < nI[c] + tI[c]; j++) test.push(rows[perm[j]]);
    });
    return [rng.shuffle(Int32Array.from(train)), rng.shuffle(Int32Array.from(test))] as TrainTest;
  });
}
