/**
 * class_weight for the tree classifiers (scikit-learn's compute_class_weight / compute_sample_weight): each sample's
 * weight times the weight of its class, from a map by label, 'balanced' (n / (classes x class count)) or, in a
 * forest, 'balanced_subsample' (balanced over each tree's bootstrap draw). The per-class weights are the linear
 * models' (classWeights).
 */
import { classWeights, type ClassWeight } from '../linear/linear-model';

/**
 * 'balanced_subsample' for one tree: classes balanced over its bootstrap draw (counts), classes it did not draw
 * weighted 0 (scikit-learn's compute_sample_weight('balanced', y, indices)).
 * @param counts - how often each sample was drawn
 * @param codes - each sample's class index
 * @param c - the number of classes
 * @param out - n factors, written
 */
export function subsampleClassFactors(counts: Float64Array, codes: Int32Array, c: number, out: Float64Array): void {
  const perClass = new Float64Array(c);
  let draws = 0;
  for (let i = 0; i < counts.length; i++) {
    perClass[codes[i]] += counts[i];
    draws += counts[i];
  }
  let present = 0;
  for (let k = 0; k < c; k++) if (perClass[k] > 0) present++;
  for (let k = 0; k < c; k++) perClass[k] = perClass[k] > 0 ? draws / (present * perClass[k]) : 0;
  for (let i = 0; i < out.length; i++) out[i] = perClass[codes[i]];
}

/**
 * Each sample's weight times its class's weight (a map or 'balanced'), or the sample weights alone for null.
 * @param classWeight - the parameter ('balanced_subsample' is handled per tree, see subsampleClassFactors)
 * @param classes - the class labels
 * @param codes - each sample's class index
 * @param sampleWeight - sample weights, or undefined
 * @param balanceWeighted - 'balanced' counts the classes with the sample weights (the forests) or without (a lone
 *   tree, as scikit-learn's DecisionTreeClassifier)
 * @returns n weights, or undefined when there are neither
 * @throws RangeError for a key of the map that is not a class label
 */
export function withClassWeight(classWeight: ClassWeight, classes: readonly (number | string)[], codes: Int32Array,
  sampleWeight: Float64Array | undefined, balanceWeighted: boolean): Float64Array | undefined {
  const perClass = classWeights(classWeight, classes, codes, balanceWeighted ? sampleWeight : undefined);
  if (perClass === undefined) return sampleWeight;
  return Float64Array.from(codes, (c, i) => perClass[c] * (sampleWeight ? sampleWeight[i] : 1));
}
