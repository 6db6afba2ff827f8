/**
 * RandomForestRegressor and ExtraTreesRegressor (scikit-learn's): many CART regression trees, each on a bootstrap
 * draw (random forests) or on every sample with random thresholds (extra trees), grown in parallel batches by
 * trueno's treeGrow; predict is the mean of the trees' leaf values, computed by forestPredict over all trees at once.
 */
import { Tensor } from '../../trueno/tensor';
import type { FitOptions } from '../base/estimator';
import type { MatrixLike, TargetLike } from '../base/input';
import { Regressor } from '../base/kinds';
import { registerEstimators } from '../base/registry';
import { rangeError } from '../errors';
import { r2Score } from '../metrics/regression';
import { sampleWeights } from '../metrics/inputs';
import { DecisionTreeRegressor } from '../tree/decision-tree-regressor';
import type { FlatTrees } from '../tree/flat-trees';
import { resolveMaxFeatures } from '../tree/grow';
import { regressorCriterion } from '../tree/params';
import type { DecisionPath } from '../tree/structure';
import { regressionOutput, regressionTargets } from '../tree/targets';
import {
  checkForestParams, forestApplyTensor, forestDecisionPath, forestImportanceTensor, forestMean, forestParams, growForest,
  oobPredictions, treeEstimators, treeOptions, warmTrees, type ForestGrowth, type ForestParams, type WarmTrees,
} from './forest';

/** The hyperparameters of the forest regressors. */
export interface ForestRegressorParams extends ForestParams {
  criterion: 'squared_error' | 'friedman_mse' | 'absolute_error';
}

/** Base of the forest regressors: subclasses fix the splitter and the defaults. */
export abstract class ForestRegressor extends Regressor<ForestRegressorParams> {
  static override readonly tags = { ...Regressor.tags, randomized: true, multiOutput: true };

  /** 'best' (random forest) or 'random' (extra trees). */
  protected abstract readonly splitter: 'best' | 'random';

  /** Every tree in trueno's flat layout (node values are the means, or medians, of each output). */
  trees_?: FlatTrees;
  /** Each tree's seed (its bootstrap draw and, derived, its split draws). */
  treeSeeds_?: Float64Array;
  /** Outputs per sample. */
  nOutputs_?: number;
  /** Whether y was 2-D at fit (predict then gives n x k). */
  outputs2d_?: boolean;
  /** Features drawn per split, resolved. */
  maxFeatures_?: number;
  /** Impurity-based feature importances (MDI): the mean of the trees', summing to 1. */
  featureImportances_?: Tensor<'float64'>;
  /** With oobScore: the out-of-bag R² (or the metric's value). */
  oobScore_?: number;
  /** With oobScore: each training sample's mean prediction over the trees that did not draw it. */
  oobPrediction_?: Tensor<'float64'>;
  #warm: (WarmTrees & { nFeatures: number; nOutputs: number }) | undefined;

  /**
   * Fits the forest; with warmStart and an earlier fit, keeps its trees and grows the rest up to nEstimators.
   * @param X - samples
   * @param y - targets
   * @param options - sampleWeight
   * @returns this
   * @throws as Estimator.fit; ParamError for oobScore / maxSamples without bootstrap
   */
  override fit(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): this {
    // before #warm is read: a misspelt option is reported first, as Estimator.fit does
    this.checkFitOptions(options, 'fit');
    this.#warm = this.trees_ && this.treeSeeds_
      ? { trees: this.trees_, seeds: this.treeSeeds_, nFeatures: this.nFeaturesIn_ as number, nOutputs: this.nOutputs_ as number }
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
    const t = regressionTargets(y, m.rows, owner);
    const previous = warmTrees(p.warmStart, this.#warm, m.cols, owner);
    if (previous && this.#warm?.nOutputs !== t.k) {
      throw rangeError(`Expected ${this.#warm?.nOutputs} targets per sample (those of the trees kept by warmStart) for ${owner} but received ${t.k}`);
    }
    const growth: ForestGrowth = {
      owner, params: p, splitter: this.splitter, m, y: t.y, k: t.k, classification: false,
      weights: sampleWeights(options.sampleWeight, m.rows), previous,
      report: (done, total) => this.reportProgress({ iteration: done, total }),
    };
    const forest = growForest(growth);
    this.nOutputs_ = t.k;
    this.outputs2d_ = t.outputs2d;
    this.maxFeatures_ = resolveMaxFeatures(p.maxFeatures, m.cols, owner);
    this.trees_ = forest.trees;
    this.treeSeeds_ = forest.seeds;
    this.featureImportances_ = forestImportanceTensor(forest.trees, m.cols);
    if (p.oobScore !== false) {
      const pred = regressionOutput(oobPredictions(growth, forest), m.rows, t.k, t.outputs2d);
      this.oobPrediction_ = pred as Tensor<'float64'>;
      const truth = regressionOutput(t.y, m.rows, t.k, t.outputs2d);
      this.oobScore_ = typeof p.oobScore === 'function' ? p.oobScore(truth, pred) : r2Score(truth, pred);
    }
  }

  /**
   * The trees as fitted DecisionTreeRegressors (scikit-learn's estimators_; nEstimators of them), each with its own
   * copy of its tree: for exportText, tree_ or predict of one tree.
   * @returns one regressor per tree
   * @throws NotFittedError
   */
  get estimators_(): DecisionTreeRegressor[] {
    this.ensureFitted();
    const shared = {
      nOutputs_: this.nOutputs_, outputs2d_: this.outputs2d_, maxFeatures_: this.maxFeatures_, nFeaturesIn_: this.nFeaturesIn_,
      featureNamesIn_: this.featureNamesIn_,
    };
    const seeds = this.treeSeeds_ as Float64Array;
    return treeEstimators(this.trees_ as FlatTrees, this.nFeaturesIn_ as number,
      (t) => new DecisionTreeRegressor(treeOptions(this.params, this.splitter, seeds[t])), shared);
  }

  /**
   * The mean over the trees of each row's leaf value.
   * @param X - samples
   * @returns a 1-D Tensor (n x k for several outputs)
   * @throws NotFittedError; FeatureMismatchError; TypeError / RangeError for bad X (NaN included)
   */
  predict(X: MatrixLike): Tensor {
    const m = this.checkX(X, false);
    return regressionOutput(forestMean(this.trees_ as FlatTrees, m, this.params.nJobs), m.rows, this.nOutputs_ as number, this.outputs2d_ === true);
  }

  /**
   * The leaf each row ends in, in each tree.
   * @param X - samples
   * @returns an n x nEstimators int32 Tensor of node indices within each tree
   * @throws as predict
   */
  apply(X: MatrixLike): Tensor {
    return forestApplyTensor(this.trees_ as FlatTrees, this.checkX(X, false), this.params.nJobs);
  }

  /**
   * The nodes each row passes through in every tree, as one CSR indicator matrix: columns are the trees' nodes in
   * turn (tree t's node j is column nNodesPtr[t] + j); row i's nodes are indices[indptr[i] .. indptr[i + 1]).
   * @param X - samples
   * @returns indptr, indices, nNodes, nNodesPtr
   * @throws as predict
   */
  decisionPath(X: MatrixLike): DecisionPath {
    return forestDecisionPath(this.trees_ as FlatTrees, this.checkX(X, false));
  }
}

/**
 * A random forest regressor: trees on bootstrap draws, the best split over maxFeatures (every feature by default,
 * scikit-learn's 1.0) at each node. Learned: `nOutputs_`, `featureImportances_`, `trees_`, `treeSeeds_`, and with
 * oobScore `oobScore_` and `oobPrediction_`.
 * @example
 * const rf = new RandomForestRegressor({ nEstimators: 200, randomState: 0 }).fit(XTrain, yTrain);
 * rf.score(XTest, yTest);
 */
export class RandomForestRegressor extends ForestRegressor {
  static override readonly params = {
    criterion: regressorCriterion,
    ...forestParams(true, null),
  } as const;
  protected readonly splitter = 'best';
}

/**
 * An extremely randomized trees regressor: trees on every sample by default (bootstrap false), each split the best of
 * one uniform random threshold per drawn feature. Learned as RandomForestRegressor.
 * @example
 * const et = new ExtraTreesRegressor({ nEstimators: 300, randomState: 0 }).fit(XTrain, yTrain);
 */
export class ExtraTreesRegressor extends ForestRegressor {
  static override readonly params = {
    criterion: regressorCriterion,
    ...forestParams(false, null),
  } as const;
  protected readonly splitter = 'random';
}

registerEstimators(RandomForestRegressor, ExtraTreesRegressor);
