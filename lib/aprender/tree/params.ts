/**
 * The hyperparameter declarations the decision trees and the forests share (scikit-learn's _parameter_constraints of
 * BaseDecisionTree and BaseForest). A JavaScript number has no int / float distinction, so an integer means a count
 * and a non-integer in (0, 1) a fraction (scikit-learn's 1.0 for "every feature" is null here).
 */
import { anyOf, custom, integer, nullable, oneOf, real, seed } from '../base/params';
import type { ClassWeight } from '../linear/linear-model';
import { CLASSIFICATION_CRITERIA, REGRESSION_CRITERIA, type TreeGrowParams } from './grow';

/** A fraction strictly inside (0, 1). */
function openFraction(): ReturnType<typeof real> {
  return real({ min: 0, max: 1, closed: 'neither' });
}

/** A forest's class_weight: the linear models' ClassWeight, or 'balanced_subsample' (balanced per bootstrap draw). */
export type ForestClassWeight = ClassWeight | 'balanced_subsample';

/** A classWeight spec: null, the presets, or an object of non-negative numbers keyed by label. */
export function classWeightSpec(presets: readonly string[]): ReturnType<typeof custom> {
  const words = presets.map((p) => `'${p}'`).join(', ');
  return custom(`null, ${words} or an object of non-negative weights by class label`, (v) =>
    v === null || presets.includes(v as string)
    || (typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && Object.getPrototypeOf(v) === Object.prototype
      && Object.values(v as object).every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0)));
}

/** The growth hyperparameters every tree model has (criterion and splitter are per class). */
export function growthParams(maxFeatures: TreeGrowParams['maxFeatures']) {
  return {
    maxDepth: [nullable(integer({ min: 1 })), null],
    minSamplesSplit: [anyOf(integer({ min: 2 }), openFraction()), 2],
    minSamplesLeaf: [anyOf(integer({ min: 1 }), openFraction()), 1],
    minWeightFractionLeaf: [real({ min: 0, max: 0.5 }), 0],
    maxFeatures: [nullable(anyOf(integer({ min: 1 }), openFraction(), oneOf('sqrt', 'log2'))), maxFeatures],
    maxLeafNodes: [nullable(integer({ min: 2 })), null],
    minImpurityDecrease: [real({ min: 0 }), 0],
    randomState: [seed(), null],
  } as const;
}

/**
 * ccpAlpha (minimal cost-complexity pruning) of the trees and forests: apart from growthParams, since a model that
 * takes growthParams prunes only if it calls pruneTrees.
 */
export const ccpAlphaParam = [real({ min: 0 }), 0] as const;

/** criterion of the classifiers. */
export const classifierCriterion = [oneOf(...CLASSIFICATION_CRITERIA), 'gini'] as const;
/** criterion of the regressors. */
export const regressorCriterion = [oneOf(...REGRESSION_CRITERIA), 'squared_error'] as const;
