/** K-fold cross-validation splitters: KFold, StratifiedKFold and GroupKFold, with scikit-learn's fold assignment. */
import { toTargets } from '../base/input';
import { encodeLabels } from '../base/labels';
import { describe, rangeError, typeError } from '../errors';
import { consistentLength } from './indexing';
import { classCodes, fromMask, kFoldSettings, rngFor, samplesFor, type KFoldOptions, type KFoldSettings, type Splitter, type TrainTest } from './splitter';

/** Splits from each sample's test fold. */
function foldsToSplits(fold: Int32Array, nSplits: number): TrainTest[] {
  return Array.from({ length: nSplits }, (_, f) => fromMask(Uint8Array.from(fold, (v) => (v === f ? 1 : 0))));
}

/**
 * K consecutive folds (shuffled first with shuffle): each fold is the test set once; the first n % k folds hold one
 * sample more. Without shuffle the folds equal scikit-learn's exactly.
 * @example
 * for (const [train, test] of new KFold({ nSplits: 5 }).split(X)) { ... }
 */
export class KFold implements Splitter {
  /** The checked options. */
  readonly settings: KFoldSettings;

  /**
   * @param options - nSplits (default 5), shuffle (default false), randomState
   * @throws TypeError / RangeError for bad options
   */
  constructor(options?: KFoldOptions) {
    this.settings = kFoldSettings(options, 'KFold');
  }

  /**
   * The train/test index pairs.
   * @param X - the samples (only their count is read)
   * @returns nSplits pairs, each side ascending
   * @throws RangeError for more splits than samples
   */
  split(X: unknown): TrainTest[] {
    const { nSplits, shuffle, randomState } = this.settings;
    const n = samplesFor(X, nSplits);
    const order = shuffle ? rngFor(randomState).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    const fold = new Int32Array(n);
    let at = 0;
    for (let f = 0; f < nSplits; f++) {
      const size = Math.floor(n / nSplits) + (f < n % nSplits ? 1 : 0);
      for (let i = 0; i < size; i++) fold[order[at++]] = f;
    }
    return foldsToSplits(fold, nSplits);
  }

  /** @returns nSplits */
  getNSplits(): number {
    return this.settings.nSplits;
  }
}

/**
 * K folds that keep each class's share of y in every fold (scikit-learn's StratifiedKFold allocation; identical folds
 * without shuffle).
 * @example
 * const cv = new StratifiedKFold({ nSplits: 5, shuffle: true, randomState: 0 });
 * for (const [train, test] of cv.split(X, y)) { ... }
 */
export class StratifiedKFold implements Splitter {
  /** The checked options. */
  readonly settings: KFoldSettings;

  /**
   * @param options - nSplits (default 5), shuffle (default false), randomState
   * @throws TypeError / RangeError for bad options
   */
  constructor(options?: KFoldOptions) {
    this.settings = kFoldSettings(options, 'StratifiedKFold');
  }

  /**
   * The train/test index pairs.
   * @param X - the samples (only their count is read)
   * @param y - the class labels
   * @returns nSplits pairs, each side ascending
   * @throws RangeError when every class has fewer members than nSplits, or for more splits than samples
   */
  split(X: unknown, y?: unknown): TrainTest[] {
    const { nSplits, shuffle, randomState } = this.settings;
    const n = samplesFor(X, nSplits);
    const { codes, counts } = classCodes(y, n, 'appearance');
    if (counts.every((c) => c < nSplits)) throw rangeError(`Expected at least one class with ${nSplits} members (nSplits) in y but the largest class has ${Math.max(...counts)}`);
    const k = counts.length;
    // y_order = sorted codes; allocation[f][c] = members of class c among y_order[f::nSplits].
    const sorted = new Int32Array(n);
    let at = 0;
    counts.forEach((count, c) => sorted.fill(c, at, (at += count)));
    const allocation = Array.from({ length: nSplits }, () => new Int32Array(k));
    for (let i = 0; i < n; i++) allocation[i % nSplits][sorted[i]]++;
    const rng = shuffle ? rngFor(randomState) : undefined;
    const fold = new Int32Array(n);
    for (let c = 0; c < k; c++) {
      const folds: number[] = [];
      for (let f = 0; f < nSplits; f++) for (let j = 0; j < allocation[f][c]; j++) folds.push(f);
      if (rng) rng.shuffle(folds);
      let next = 0;
      for (let i = 0; i < n; i++) if (codes[i] === c) fold[i] = folds[next++];
    }
    return foldsToSplits(fold, nSplits);
  }

  /** @returns nSplits */
  getNSplits(): number {
    return this.settings.nSplits;
  }
}

/**
 * K folds that never split a group: each group's samples are all in one test fold. Without shuffle the largest groups
 * go first, each to the lightest fold (scikit-learn's assignment, identical folds); with shuffle the groups are
 * permuted and cut into nSplits nearly equal runs.
 * @example
 * for (const [train, test] of new GroupKFold({ nSplits: 3 }).split(X, y, patientIds)) { ... }
 */
export class GroupKFold implements Splitter {
  /** The checked options. */
  readonly settings: KFoldSettings;

  /**
   * @param options - nSplits (default 5), shuffle (default false), randomState
   * @throws TypeError / RangeError for bad options
   */
  constructor(options?: KFoldOptions) {
    this.settings = kFoldSettings(options, 'GroupKFold');
  }

  /**
   * The train/test index pairs.
   * @param X - the samples (only their count is read)
   * @param _y - ignored
   * @param groups - each sample's group (numbers or strings)
   * @returns nSplits pairs, each side ascending
   * @throws TypeError for missing groups; RangeError for fewer groups than nSplits
   */
  split(X: unknown, _y?: unknown, groups?: unknown): TrainTest[] {
    const { nSplits, shuffle, randomState } = this.settings;
    if (groups === undefined || groups === null) throw typeError(`Expected groups (one per sample) for GroupKFold.split but received ${describe(groups)}`);
    const n = consistentLength([[X, 'X'], [groups, 'groups']]);
    const { classes, codes } = encodeLabels(toTargets(groups, n, { name: 'groups' }), 1, 'GroupKFold');
    const g = classes.length;
    if (nSplits > g) throw rangeError(`Expected at most ${g} splits (the number of groups) for nSplits but received ${nSplits}`);
    const groupFold = new Int32Array(g);
    if (shuffle) {
      const perm = rngFor(randomState).permutation(g);
      let at = 0;
      for (let f = 0; f < nSplits; f++) {
        const size = Math.floor(g / nSplits) + (f < g % nSplits ? 1 : 0);
        for (let i = 0; i < size; i++) groupFold[perm[at++]] = f;
      }
    } else {
      const sizes = new Float64Array(g);
      codes.forEach((c) => sizes[c]++);
      // np.argsort(sizes, kind='stable')[::-1]: largest first, later groups first among equals.
      const order = Array.from({ length: g }, (_, i) => i).sort((a, b) => sizes[a] - sizes[b] || a - b).reverse();
      const load = new Float64Array(nSplits);
      for (const group of order) {
        let lightest = 0;
        for (let f = 1; f < nSplits; f++) if (load[f] < load[lightest]) lightest = f;
        load[lightest] += sizes[group];
        groupFold[group] = lightest;
      }
    }
    return foldsToSplits(Int32Array.from(codes, (c) => groupFold[c]), nSplits);
  }

  /** @returns nSplits */
  getNSplits(): number {
    return this.settings.nSplits;
  }
}
