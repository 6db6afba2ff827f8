/**
 * DecisionTreeRegressor: one CART regression tree (scikit-learn's DecisionTreeRegressor), one output or several,
 * grown by trueno's treeGrow kernel and predicted by forestPredict.
 */
import type { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { MatrixLike, TargetLike } from '../base/input';
import { Regressor } from '../base/kinds';
import { oneOf } from '../base/params';
import { registerEstimators } from '../base/registry';
import { sampleWeights } from '../metrics/inputs';
import { expectExportTextOptions, exportTreeText, type ExportTextOptions } from './export-text';
import type { FlatTrees } from './flat-trees';
import { resolveMaxFeatures } from './grow';
import { pruningPath, type PruningPath } from './prune';
import { ccpAlphaParam, growthParams, regressorCriterion } from './params';
import { treeDepth, treeLeaves, treeView, type DecisionPath, type TreeView } from './structure';
import { regressionOutput, regressionTargets } from './targets';
import { fitOneTree, importancesOf, leafValues, treeApply, treeDecisionPath, type DecisionTreeParams } from './tree-core';

/** DecisionTreeRegressor's hyperparameters. */
export type DecisionTreeRegressorParams = DecisionTreeParams;

/**
 * A decision tree regressor (CART). Criteria squared_error, friedman_mse and absolute_error (leaves then hold the
 * weighted median); splitter 'best' or 'random'; several outputs when y is n x k. X is cast to float32 as in
 * scikit-learn and may not hold NaN. Learned: `nOutputs_`, `maxFeatures_`, `featureImportances_`, `trees_` (the tree in
 * trueno's flat layout) and its `tree_` view.
 * @example
 * const tree = new DecisionTreeRegressor({ maxDepth: 4 }).fit(XTrain, yTrain);
 * tree.score(XTest, yTest);
 */
export class DecisionTreeRegressor extends Regressor<DecisionTreeRegressorParams> {
  static override readonly params = {
    criterion: regressorCriterion,
    splitter: [oneOf('best', 'random'), 'best'],
    ...growthParams(null),
    ccpAlpha: ccpAlphaParam,
  } as const;
  static override readonly tags = { ...Regressor.tags, randomized: true, multiOutput: true };

  /** The tree in trueno's flat layout (node values are the means, or medians, of each output). */
  trees_?: FlatTrees;
  /** Outputs per sample. */
  nOutputs_?: number;
  /** Whether y was 2-D at fit (predict then gives n x k). */
  outputs2d_?: boolean;
  /** Features drawn per split, resolved. */
  maxFeatures_?: number;
  /** Impurity-based feature importances (MDI), summing to 1. */
  featureImportances_?: Tensor<'float64'>;

  protected fitImpl(X: unknown, y: unknown, options: FitOptions): void {
    const m = this.checkX(X, true);
    const t = regressionTargets(y, m.rows, this.constructor.name);
    const weights = sampleWeights(options.sampleWeight, m.rows);
    const trees = fitOneTree({ owner: this.constructor.name, params: this.params, m, y: t.y, k: t.k, weights, classification: false });
    this.nOutputs_ = t.k;
    this.outputs2d_ = t.outputs2d;
    this.maxFeatures_ = resolveMaxFeatures(this.params.maxFeatures, m.cols, this.constructor.name);
    this.trees_ = trees;
    this.featureImportances_ = importancesOf(trees, m.cols);
  }

  /**
   * The value of each row's leaf.
   * @param X - samples
   * @returns a 1-D Tensor (n x k for several outputs)
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X (NaN included)
   */
  predict(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    const k = this.nOutputs_ as number;
    return regressionOutput(leafValues(this.trees_ as FlatTrees, m), m.rows, k, this.outputs2d_ === true);
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
   * @throws as predict
   */
  apply(X: MatrixLike): Int32Array {
    return treeApply(this.trees_ as FlatTrees, this.checkX(X, false));
  }

  /**
   * The nodes each row passes through, as a sparse indicator matrix in CSR form: row i's nodes are
   * indices[indptr[i] .. indptr[i + 1]), root first (scikit-learn's decision_path).
   * @param X - samples
   * @returns indptr, indices, nNodes (the matrix's columns), nNodesPtr ([0, nNodes])
   * @throws as predict
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
   * The tree's rules as text, as scikit-learn's export_text ("value: [...]" at the leaves).
   * @param options - featureNames, maxDepth (10), spacing (3), decimals (2)
   * @returns the text
   * @throws NotFittedError; TypeError / RangeError for bad options
   * @example console.log(tree.exportText({ decimals: 3 }));
   */
  exportText(options: ExportTextOptions = {}): string {
    expectExportTextOptions(options);
    this.ensureFitted();
    return exportTreeText(treeView(this.trees_ as FlatTrees, 0), null, this.nFeaturesIn_ as number, options);
  }
}

registerEstimators(DecisionTreeRegressor);
