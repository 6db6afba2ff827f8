/**
 * The validation split of early stopping (scikit-learn's train_test_split, stratified by class for classifiers):
 * ceil(fraction x n) rows (or the given count) go to validation, drawn with the estimator's random generator.
 */
import type { Random } from '../../../common/random';
import { rangeError } from '../../errors';

/** Row indices of the two parts, each ascending. */
export interface RowSplit {
  train: Int32Array;
  validation: Int32Array;
}

/**
 * Splits rows 0..n-1.
 * @param n - rows
 * @param size - validation rows: a fraction in (0, 1) or a count >= 1
 * @param random - the generator
 * @param classes - per-row class codes to stratify by, or null
 * @returns the split
 * @throws RangeError when either part would be empty
 */
export function validationSplit(n: number, size: number, random: Random, classes: Int32Array | null): RowSplit {
  const nVal = size < 1 ? Math.ceil(size * n) : size;
  if (nVal < 1 || nVal >= n) {
    throw rangeError(`Expected validationFraction to leave at least one training and one validation sample but it gives ${nVal} validation samples of ${n}`);
  }
  const isVal = new Uint8Array(n);
  if (!classes) {
    const order = random.permutation(n);
    for (let i = 0; i < nVal; i++) isVal[order[i]] = 1;
  } else {
    const k = classes.reduce((m, c) => Math.max(m, c), 0) + 1;
    const members: number[][] = Array.from({ length: k }, () => []);
    classes.forEach((c, i) => members[c].push(i));
    // Each class gets its share of the validation rows, the rounding remainder going to the largest fractions.
    const exact = members.map((m) => (m.length * nVal) / n);
    const take = exact.map(Math.floor);
    let left = nVal - take.reduce((a, b) => a + b, 0);
    const byFraction = exact.map((e, c) => [e - Math.floor(e), c]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, c] of byFraction) if (left > 0 && take[c] < members[c].length) take[c]++, left--;
    members.forEach((m, c) => {
      const order = random.permutation(m.length);
      for (let i = 0; i < take[c]; i++) isVal[m[order[i]]] = 1;
    });
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < n; i++) (isVal[i] ? validation : train).push(i);
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}
