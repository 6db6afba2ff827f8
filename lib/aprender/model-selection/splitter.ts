/** What every cross-validation splitter shares: options checking, seeding and the split result type. */
import { Random } from '../../common/random';
import { toTargets } from '../base/input';
import { encodeLabels } from '../base/labels';
import { describe, rangeError, typeError, validate } from '../errors';
import { numSamples } from './indexing';

/** One split: the training rows and the test rows. */
export type TrainTest = [train: Int32Array, test: Int32Array];

/** A cross-validation splitter (scikit-learn's BaseCrossValidator): turns samples into train/test index pairs. */
export interface Splitter {
  /**
   * The splits.
   * @param X - the samples (only their count is read)
   * @param y - the targets (stratified splitters)
   * @param groups - each sample's group (group splitters)
   */
  split(X: unknown, y?: unknown, groups?: unknown): TrainTest[];
  /** The number of splits split() gives. */
  getNSplits(X?: unknown, y?: unknown, groups?: unknown): number;
}

/** Options of the K-fold splitters. */
export interface KFoldOptions {
  /** Number of folds, at least 2 (default 5). */
  nSplits?: number;
  /** Shuffle the samples before cutting folds (default false). */
  shuffle?: boolean;
  /** Seed of the shuffle (only with shuffle; null draws a fresh order on each split call). */
  randomState?: number | null;
}

/** Checked K-fold options. */
export interface KFoldSettings {
  nSplits: number;
  shuffle: boolean;
  randomState: number | null;
}

/**
 * Checks K-fold options as scikit-learn does.
 * @param options - the options
 * @param cls - the class name
 * @returns the settings
 * @throws TypeError / RangeError for bad values, or a randomState without shuffle
 */
export function kFoldSettings(options: KFoldOptions | undefined, cls: string): KFoldSettings {
  const o = validate.expectOptions<KFoldOptions>(options, `${cls} options`, { nSplits: true, shuffle: true, randomState: true });
  const nSplits = validate.expectInteger(o.nSplits ?? 5, `${cls} nSplits`, 2);
  const shuffle = validate.expectBoolean(o.shuffle ?? false, `${cls} shuffle`);
  const randomState = seedOption(o.randomState, `${cls} randomState`);
  if (!shuffle && randomState !== null) throw rangeError(`Expected shuffle: true for a randomState in ${cls} (it has no effect otherwise) but received shuffle ${describe(o.shuffle ?? false)}`);
  return { nSplits, shuffle, randomState };
}

/**
 * A randomState option: an integer seed in [0, 2^32) or null / undefined.
 * @param value - the option
 * @param name - its name
 * @returns the seed or null
 * @throws TypeError / RangeError otherwise
 */
export function seedOption(value: unknown, name: string): number | null {
  if (value === undefined || value === null) return null;
  return validate.expectInteger(value, name, 0, 4294967295);
}

/**
 * The generator for a seed, or a freshly seeded one for null.
 * @param seed - the seed
 * @returns the generator
 */
export function rngFor(seed: number | null): Random {
  return new Random(seed ?? (Math.random() * 4294967296) >>> 0);
}

/**
 * The positions where mask holds, and where it does not, both ascending (scikit-learn's mask-based splits).
 * @param mask - 1 for test rows
 * @returns the pair
 */
export function fromMask(mask: Uint8Array): TrainTest {
  const test: number[] = [];
  const train: number[] = [];
  mask.forEach((m, i) => (m ? test : train).push(i));
  return [Int32Array.from(train), Int32Array.from(test)];
}

/**
 * Class codes of y for stratification, classes numbered in order of first appearance (as scikit-learn's
 * StratifiedKFold) or sorted.
 * @param y - 1-D labels
 * @param n - the number of samples
 * @param order - 'appearance' or 'sorted'
 * @returns codes and per-class counts
 * @throws TypeError / RangeError for a missing or bad y
 */
export function classCodes(y: unknown, n: number, order: 'appearance' | 'sorted'): { codes: Int32Array; counts: number[] } {
  if (y === undefined || y === null) throw typeError('Expected y (the labels to stratify on) but received ' + describe(y));
  const { classes, codes } = encodeLabels(toTargets(y, n, { name: 'y' }), 1, 'the stratified split');
  const counts = new Array<number>(classes.length).fill(0);
  if (order === 'sorted') {
    codes.forEach((c) => counts[c]++);
    return { codes, counts };
  }
  const renumber = new Int32Array(classes.length).fill(-1);
  let next = 0;
  const out = Int32Array.from(codes, (c) => {
    if (renumber[c] < 0) renumber[c] = next++;
    return renumber[c];
  });
  out.forEach((c) => counts[c]++);
  return { codes: out, counts };
}

/**
 * The sample count, refusing fewer samples than splits.
 * @param X - the samples
 * @param nSplits - the splits wanted
 * @returns the count
 * @throws RangeError when nSplits > the count
 */
export function samplesFor(X: unknown, nSplits: number): number {
  const n = numSamples(X, 'X');
  if (nSplits > n) throw rangeError(`Expected at most ${n} splits (the number of samples) for nSplits but received ${nSplits}`);
  return n;
}
