/**
 * The random draws of classic gradient boosting: the held-out validation rows of early stopping (scikit-learn's
 * train_test_split of fit, stratified for the classifier) and the in-bag rows of each stage of stochastic gradient
 * boosting (scikit-learn's _random_sample_mask). The generator is the stack's seeded one, so the rows drawn differ from
 * numpy's; the sizes and the stratification are scikit-learn's.
 */
import { Random } from '../../common/random';
import { rangeError } from '../errors';
import { splitSizes, stratifiedSplits } from '../model-selection/shuffle-split';

/** The rows kept for training and the rows held out to decide when to stop. */
export interface EarlyStoppingSplit {
  train: Int32Array;
  validation: Int32Array;
}

/**
 * Holds out ceil(fraction x n) rows for early stopping, as train_test_split(test_size=fraction) does in scikit-learn's
 * fit: a shuffled split, stratified on the class codes when they are given.
 * @param n - rows
 * @param fraction - the held-out share, in (0, 1)
 * @param seed - the generator's seed
 * @param strata - class codes to stratify on (the classifier), or undefined
 * @returns the training rows and the validation rows, each in shuffled order
 * @throws RangeError when a set would be empty, a class has a single member, or a set is smaller than the classes
 */
export function earlyStoppingSplit(n: number, fraction: number, seed: number, strata?: Int32Array): EarlyStoppingSplit {
  if (n - Math.ceil(fraction * n) < 1) {
    throw rangeError(`Expected enough samples to hold out validationFraction ${fraction} of them for early stopping and train on the rest but received ${n}`);
  }
  const { nTrain, nTest } = splitSizes(n, fraction, null, fraction);
  const rng = new Random(seed);
  if (strata !== undefined) {
    const [[train, validation]] = stratifiedSplits(strata, n, nTrain, nTest, 1, rng);
    return { train, validation };
  }
  const perm = rng.permutation(n);
  return { train: perm.slice(nTest, nTest + nTrain), validation: perm.slice(0, nTest) };
}

/**
 * Draws exactly `inBag` of n rows, each subset equally likely (selection sampling, as scikit-learn's
 * _random_sample_mask: row i is taken with probability (inBag - taken) / (n - i)).
 * @param n - rows
 * @param inBag - rows to take, in [1, n]
 * @param rng - the generator
 * @returns 1 for a row in the bag, 0 otherwise
 */
export function sampleMask(n: number, inBag: number, rng: Random): Uint8Array {
  const mask = new Uint8Array(n);
  let taken = 0;
  for (let i = 0; i < n; i++) {
    if (rng.next() * (n - i) < inBag - taken) {
      mask[i] = 1;
      taken++;
    }
  }
  return mask;
}
