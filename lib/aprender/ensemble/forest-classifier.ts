/**
 * RandomForestClassifier and ExtraTreesClassifier (scikit-learn's): many CART trees, each on a bootstrap draw (random
 * forests) or on every sample with random thresholds (extra trees), grown in parallel batches by trueno's treeGrow;
 * predictProba is the mean of the trees' leaf class fractions, computed by forestPredict over all trees at once.
 */
import type { DType } from '../../trueno/dtype';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { MatrixLike, TargetLike } from '../base/input';
import { Classifier } from '../base/kinds';
import { decodeLabels } from '../base/labels';
import { registerEstimators } from '../base/registry';
import { rangeError } from '../errors';
import { accuracyScore } from '../metrics/classification';
import { sampleWeights } from '../metrics/inputs';
import { withClassWeight } from '../tree/class-weight';
import { DecisionTreeClassifier } from '../tree/decision-tree-classifier';
import type { FlatTrees } from '../tree/flat-trees';
import { resolveMaxFeatures } from '../tree/grow';
import { classWeightSpec, classifierCriterion, type ForestClassWeight } from '../tree/params';
import type { DecisionPath } from '../tree/structure';
import { argmaxLabels, classTargets, logOf } from '../tree/targets';
import {
  checkForestParams, forestApplyTensor, forestDecisionPath, forestImportanceTensor, forestMean, forestParams, growForest,
  oobPredictions, treeEstimators, treeOptions, warmTrees, type ForestGrowth, type ForestParams, type WarmTrees,
} from './forest';

/** The hyperparameters of the forest classifiers. */
export interface ForestClassifierParams extends ForestParams {
  criterion: 'gini' | 'entropy' | 'log_loss';
  /**
   * Per-class weights by label; 'balanced' (n / (classes x class count), over the whole y); 'balanced_subsample'
   * (balanced over each tree's bootstrap draw); null for none.
   */
  classWeight: ForestClassWeight;
}

/** Base of the forest classifiers: subclasses fix the splitter and the defaults. */
export abstract class ForestClassifier extends Classifier<ForestClassifierParams> {
  static override readonly tags = { ...Classifier.tags, randomized: true };

  /** 'best' (random forest) or 'random' (extra trees). */
  protected abstract readonly splitter: 'best' | 'random';

  /** Every tree in trueno's flat layout (node values are class fractions). */
  trees_?: FlatTrees;
  /** Each tree's seed (its bootstrap draw and, derived, its split draws). */
  treeSeeds_?: Float64Array;
  /** The number of classes. */
  nClasses_?: number;
  /** Outputs (always 1: one label per sample). */
  nOutputs_?: number;
  /** Features drawn per split, resolved. */
  maxFeatures_?: number;
  /** Impurity-based feature importances (MDI): the mean of the trees', summing to 1. */
  featureImportances_?: Tensor<'float64'>;
  /** With oobScore: the out-of-bag accuracy (or the metric's value). */
  oobScore_?: number;
  /** With oobScore: each training sample's mean class fractions over the trees that did not draw it (n x classes). */
  oobDecisionFunction_?: Tensor<'float64'>;
  /** The dtype numeric predictions come back in. */
  labelDType_?: DType;
  #warm: (WarmTrees & { nFeatures: number; classes: readonly unknown[] }) | undefined;

  /**
   * Fits the forest; with warmStart and an earlier fit, keeps its trees and grows the rest up to nEstimators.
   * @param X - samples
   * @param y - labels
   * @param options - sampleWeight
   * @returns this
   * @throws as Estimator.fit; ParamError for oobScore / maxSamples without bootstrap
   */
  override fit(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): this {
    // before #warm is read: a misspelt option is reported first, as Estimator.fit does
    this.checkFitOptions(options, 'fit');
    this.#warm = this.trees_ && this.treeSeeds_ && this.classes_
      ? { trees: this.trees_, seeds: this.treeSeeds_, nFeatures: this.nFeaturesIn_ as number, classes: this.classes_ }
      : undefined;
    try {
      return super.fit(X, y, options);
    } finally {
      this.#warm = undefined;
    }
  }

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    const p = this.params;
    const owner = this.constructor.name;
    checkForestParams(p, owner);
    const m = this.checkX(X, true);
    const t = classTargets(y, m.rows, owner);
    const previous = warmTrees(p.warmStart, this.#warm, m.cols, owner);
    if (previous && JSON.stringify(this.#warm?.classes) !== JSON.stringify(t.classes)) {
      throw rangeError(`Expected the classes of the trees kept by warmStart (${JSON.stringify(this.#warm?.classes)}) in y for ${owner} but received ${JSON.stringify(t.classes)}`);
    }
    const given = sampleWeights(options.sampleWeight, m.rows);
    const subsample = p.classWeight === 'balanced_subsample' && p.bootstrap;
    const preset = p.classWeight === 'balanced_subsample' ? (subsample ? null : 'balanced') : p.classWeight;
    const weights = withClassWeight(preset, t.classes, t.codes, given, true);
    const c = t.classes.length;
    const growth: ForestGrowth = {
      owner, params: p, splitter: this.splitter, m, y: t.y, k: c, classification: true, weights,
      subsample: subsample ? { codes: t.codes, nClasses: c } : undefined, previous,
      report: (done, total) => this.reportProgress({ iteration: done, total }),
    };
    const forest = growForest(growth);
    this.classes_ = t.classes;
    this.nClasses_ = c;
    this.nOutputs_ = 1;
    this.labelDType_ = t.dtype;
    this.maxFeatures_ = resolveMaxFeatures(p.maxFeatures, m.cols, owner);
    this.trees_ = forest.trees;
    this.treeSeeds_ = forest.seeds;
    this.featureImportances_ = forestImportanceTensor(forest.trees, m.cols);
    if (p.oobScore !== false) {
      const oob = oobPredictions(growth, forest);
      this.oobDecisionFunction_ = Tensor.from(oob, [m.rows, c]) as Tensor<'float64'>;
      const pred = argmaxLabels(oob, m.rows, t.classes, t.dtype);
      const truth = decodeLabels(t.classes, t.codes, t.dtype);
      this.oobScore_ = typeof p.oobScore === 'function' ? p.oobScore(truth, pred) : accuracyScore(truth, pred);
    }
  }

  /**
   * The trees as fitted DecisionTreeClassifiers (scikit-learn's estimators_; nEstimators of them), each with its own
   * copy of its tree: for exportText, tree_ or predictProba of one tree.
   * @returns one classifier per tree
   * @throws NotFittedError
   */
  get estimators_(): DecisionTreeClassifier[] {
    this.ensureFitted();
    const shared = {
      classes_: this.classes_, nClasses_: this.nClasses_, nOutputs_: 1, maxFeatures_: this.maxFeatures_, labelDType_: this.labelDType_,
      nFeaturesIn_: this.nFeaturesIn_, featureNamesIn_: this.featureNamesIn_,
    };
    const seeds = this.treeSeeds_ as Float64Array;
    return treeEstimators(this.trees_ as FlatTrees, this.nFeaturesIn_ as number,
      (t) => new DecisionTreeClassifier(treeOptions(this.params, this.splitter, seeds[t])), shared);
  }

  /**
   * Class probabilities: the mean over the trees of each row's leaf class fractions (scikit-learn's predict_proba).
   * @param X - samples
   * @returns an n x classes float64 Tensor (columns in classes_ order)
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X (NaN included)
   */
  predictProba(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    return Tensor.from(forestMean(this.trees_ as FlatTrees, m, this.params.nJobs), [m.rows, this.nClasses_ as number]);
  }

  /**
   * log of predictProba.
   * @param X - samples
   * @returns an n x classes float64 Tensor
   * @throws as predictProba
   */
  predictLogProba(X: MatrixLike): Tensor {
    return logOf(this.predictProba(X));
  }

  /**
   * The class of highest mean probability.
   * @param X - samples
   * @returns labels in the form y had at fit
   * @throws as predictProba
   */
  predict(X: MatrixLike): Tensor | string[] {
    return this.predictWithProba(X).predictions;
  }

  /**
   * predict and predictProba from one pass over the trees (predict is the argmax of the probabilities): what a server
   * answering `"proba": true` needs, at the cost of one of them.
   * @param X - samples
   * @returns the labels (as predict) and the n x classes probabilities (as predictProba)
   * @throws as predictProba
   * @example const { predictions, probabilities } = model.predictWithProba(X);
   */
  predictWithProba(X: MatrixLike): { predictions: Tensor | string[]; probabilities: Tensor } {
    const p = this.predictProba(X);
    const predictions = argmaxLabels(p.data as Float64Array, p.shape[0], this.classes_ as (number | string)[], this.labelDType_ as DType);
    return { predictions, probabilities: p };
  }

  /**
   * The leaf each row ends in, in each tree.
   * @param X - samples
   * @returns an n x nEstimators int32 Tensor of node indices within each tree
   * @throws as predictProba
   */
  apply(X: MatrixLike): Tensor {
    return forestApplyTensor(this.trees_ as FlatTrees, this.checkX(X, false), this.params.nJobs);
  }

  /**
   * The nodes each row passes through in every tree, as one CSR indicator matrix: columns are the trees' nodes in
   * turn (tree t's node j is column nNodesPtr[t] + j); row i's nodes are indices[indptr[i] .. indptr[i + 1]).
   * @param X - samples
   * @returns indptr, indices, nNodes, nNodesPtr
   * @throws as predictProba
   */
  decisionPath(X: MatrixLike): DecisionPath {
    return forestDecisionPath(this.trees_ as FlatTrees, this.checkX(X, false));
  }
}

/**
 * A random forest classifier: trees on bootstrap draws, the best split over maxFeatures ('sqrt' by default) random
 * features at each node. Learned: `classes_`, `nClasses_`, `featureImportances_`, `trees_` (all trees, flat),
 * `treeSeeds_`, and with oobScore `oobScore_` and `oobDecisionFunction_`.
 * @example
 * const rf = new RandomForestClassifier({ nEstimators: 200, oobScore: true, randomState: 0 }).fit(XTrain, yTrain);
 * rf.oobScore_; rf.score(XTest, yTest);
 */
export class RandomForestClassifier extends ForestClassifier {
  static override readonly params = {
    criterion: classifierCriterion,
    ...forestParams(true, 'sqrt'),
    classWeight: [classWeightSpec(['balanced', 'balanced_subsample']), null],
  } as const;
  protected readonly splitter = 'best';
}

/**
 * An extremely randomized trees classifier: trees on every sample by default (bootstrap false), each split the best of
 * one uniform random threshold per drawn feature. Learned as RandomForestClassifier.
 * @example
 * const et = new ExtraTreesClassifier({ nEstimators: 300, randomState: 0 }).fit(XTrain, yTrain);
 */
export class ExtraTreesClassifier extends ForestClassifier {
  static override readonly params = {
    criterion: classifierCriterion,
    ...forestParams(false, 'sqrt'),
    classWeight: [classWeightSpec(['balanced', 'balanced_subsample']), null],
  } as const;
  protected readonly splitter = 'random';
}

registerEstimators(RandomForestClassifier, ExtraTreesClassifier);
