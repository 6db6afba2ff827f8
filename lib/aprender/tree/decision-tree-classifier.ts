/**
 * DecisionTreeClassifier: one CART tree (scikit-learn's DecisionTreeClassifier), grown by trueno's treeGrow kernel
 * and predicted by forestPredict.
 */
import type { DType } from '../../trueno/dtype';
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { MatrixLike, TargetLike } from '../base/input';
import { Classifier } from '../base/kinds';
import { oneOf } from '../base/params';
import { registerEstimators } from '../base/registry';
import { sampleWeights } from '../metrics/inputs';
import type { ClassWeight } from '../linear/linear-model';
import { withClassWeight } from './class-weight';
import { expectExportTextOptions, exportTreeText, type ExportTextOptions } from './export-text';
import type { FlatTrees } from './flat-trees';
import { resolveMaxFeatures } from './grow';
import { pruningPath, type PruningPath } from './prune';
import { ccpAlphaParam, classWeightSpec, classifierCriterion, growthParams } from './params';
import { treeDepth, treeLeaves, treeView, type DecisionPath, type TreeView } from './structure';
import { argmaxLabels, classTargets, logOf } from './targets';
import { fitOneTree, importancesOf, leafValues, treeApply, treeDecisionPath, type DecisionTreeParams } from './tree-core';

/** DecisionTreeClassifier's hyperparameters. */
export interface DecisionTreeClassifierParams extends DecisionTreeParams {
  /** Per-class weights by label, or 'balanced' (n / (classes x class count)); null for none. */
  classWeight: ClassWeight;
}

/**
 * A decision tree classifier (CART). Criteria gini, entropy and log_loss (the same as entropy); splitter 'best' or
 * 'random'; depth-first growth, or best-first with maxLeafNodes. X is cast to float32 as in scikit-learn and may not
 * hold NaN. Learned: `classes_`, `nClasses_`, `nOutputs_`, `maxFeatures_`, `featureImportances_`, `trees_` (the
 * tree in trueno's flat layout) and its `tree_` view.
 * @example
 * const tree = new DecisionTreeClassifier({ maxDepth: 3, randomState: 0 }).fit(XTrain, yTrain);
 * tree.score(XTest, yTest);
 * console.log(tree.exportText({ featureNames: names }));
 */
export class DecisionTreeClassifier extends Classifier<DecisionTreeClassifierParams> {
  static override readonly params = {
    criterion: classifierCriterion,
    splitter: [oneOf('best', 'random'), 'best'],
    ...growthParams(null),
    ccpAlpha: ccpAlphaParam,
    classWeight: [classWeightSpec(['balanced']), null],
  } as const;
  static override readonly tags = { ...Classifier.tags, randomized: true };

  /** The tree in trueno's flat layout (node values are class fractions). */
  trees_?: FlatTrees;
  /** The number of classes. */
  nClasses_?: number;
  /** Outputs (always 1: one label per sample). */
  nOutputs_?: number;
  /** Features drawn per split, resolved. */
  maxFeatures_?: number;
  /** Impurity-based feature importances (MDI), summing to 1. */
  featureImportances_?: Tensor<'float64'>;
  /** The dtype numeric predictions come back in. */
  labelDType_?: DType;

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    const m = this.checkX(X, true);
    const t = classTargets(y, m.rows, this.constructor.name);
    const given = sampleWeights(options.sampleWeight, m.rows);
    const weights = withClassWeight(this.params.classWeight, t.classes, t.codes, given, false);
    const trees = fitOneTree({ owner: this.constructor.name, params: this.params, m, y: t.y, k: t.classes.length, weights, classification: true });
    this.classes_ = t.classes;
    this.nClasses_ = t.classes.length;
    this.nOutputs_ = 1;
    this.labelDType_ = t.dtype;
    this.maxFeatures_ = resolveMaxFeatures(this.params.maxFeatures, m.cols, this.constructor.name);
    this.trees_ = trees;
    this.featureImportances_ = importancesOf(trees, m.cols);
  }

  /**
   * Class probabilities: the class fractions of each row's leaf.
   * @param X - samples
   * @returns an n x classes float64 Tensor (columns in classes_ order)
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X (NaN included)
   */
  predictProba(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    return Tensor.from(leafValues(this.trees_ as FlatTrees, m), [m.rows, this.nClasses_ as number]);
  }

  /**
   * log of predictProba.
   * @param X - samples
   * @returns an n x classes float64 Tensor (-Infinity for a class absent from the leaf)
   * @throws as predictProba
   */
  predictLogProba(X: MatrixLike): Tensor {
    return logOf(this.predictProba(X));
  }

  /**
   * The most frequent (weighted) class of each row's leaf.
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
   * The path of minimal cost-complexity pruning (scikit-learn's cost_complexity_pruning_path): fits an unpruned copy on
   * (X, y) and lists the effective alphas at which its subtrees go, with the leaves' total impurity after each.
   * @param X - samples
   * @param y - targets
   * @param options - sampleWeight
   * @returns ccpAlphas (increasing, from 0) and impurities
   * @throws as fit
   * @example const { ccpAlphas } = new DecisionTreeClassifier({ randomState: 0 }).costComplexityPruningPath(X, y);
   */
  costComplexityPruningPath(X: MatrixLike, y: TargetLike, options: FitOptions = {}): PruningPath {
    this.checkFitOptions(options, 'costComplexityPruningPath');
    const full = this.clone().setParams({ ccpAlpha: 0 }).fit(X, y, options);
    return pruningPath(full.trees_ as FlatTrees, 0);
  }

  /**
   * The leaf each row ends in (scikit-learn's apply).
   * @param X - samples
   * @returns n node indices into tree_
   * @throws as predictProba
   */
  apply(X: MatrixLike): Int32Array {
    return treeApply(this.trees_ as FlatTrees, this.checkX(X, false));
  }

  /**
   * The nodes each row passes through, as a sparse indicator matrix in CSR form: row i's nodes are
   * indices[indptr[i] .. indptr[i + 1]), root first (scikit-learn's decision_path).
   * @param X - samples
   * @returns indptr, indices, nNodes (the matrix's columns), nNodesPtr ([0, nNodes])
   * @throws as predictProba
   */
  decisionPath(X: MatrixLike): DecisionPath {
    return treeDecisionPath(this.trees_ as FlatTrees, this.checkX(X, false));
  }

  /**
   * The depth of the tree (edges from the root to the deepest leaf).
   * @returns the depth
   * @throws NotFittedError
   */
  getDepth(): number {
    this.ensureFitted();
    return treeDepth(this.trees_ as FlatTrees, 0);
  }

  /**
   * The number of leaves.
   * @returns the count
   * @throws NotFittedError
   */
  getNLeaves(): number {
    this.ensureFitted();
    return treeLeaves(this.trees_ as FlatTrees, 0);
  }

  /** The fitted tree as scikit-learn's tree_ arrays (undefined before fit). */
  get tree_(): TreeView | undefined {
    return this.trees_ === undefined ? undefined : treeView(this.trees_, 0);
  }

  /**
   * The tree's rules as text, as scikit-learn's export_text.
   * @param options - featureNames, classNames, maxDepth (10), spacing (3), decimals (2), showWeights (false)
   * @returns the text
   * @throws NotFittedError; TypeError / RangeError for bad options
   * @example console.log(tree.exportText({ featureNames: ['sepal length', 'sepal width', 'petal length', 'petal width'] }));
   */
  exportText(options: ExportTextOptions = {}): string {
    expectExportTextOptions(options);
    this.ensureFitted();
    return exportTreeText(treeView(this.trees_ as FlatTrees, 0), this.classes_ as (number | string)[], this.nFeaturesIn_ as number, options);
  }
}

registerEstimators(DecisionTreeClassifier);
