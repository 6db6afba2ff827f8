/**
 * Converters of the tree models (issue 10), all over their fitted trees in the flat layout (`trees_`):
 * - decision trees, random forests and extra trees average their trees' leaf values (class fractions or targets)
 *   with weight 1 / trees, comparing float32 rows as scikit-learn does: TreeEnsembleClassifier (labels and
 *   probabilities) or TreeEnsembleRegressor;
 * - the histogram booster sums its trees onto `baseline_` (raw scores), then the sigmoid (two classes) or softmax,
 *   or the inverse link of its regression loss;
 * - classic gradient boosting sums its trees (learning rate applied) onto `init_`, on float32 rows, then the
 *   sigmoid of the log-odds (of twice the raw score for the exponential loss) or the softmax.
 * The converters are registered by class name and read only learned state, so this module imports no tree code.
 */
import type { Tensor } from '../../../trueno/tensor';
import type { Classifier, Regressor } from '../../base/kinds';
import type { FlatTrees } from '../../tree/flat-trees';
import { unsupportedOption } from '../errors';
import { attr } from '../graph';
import { argmaxLabel, asPrecision, classLabels, numeric, sigmoid, signLabel, twoColumns } from '../ops';
import { registerConverter, type ConvertContext, type Converted, type Variable } from '../registry';
import { treeClassifier, treeSums } from '../trees';

/** The learned state the converters read. */
interface TreeState {
  trees_?: FlatTrees;
  nOutputs_?: number;
  /** The histogram booster's raw baseline. */
  baseline_?: Float64Array;
  isCategorical_?: Uint8Array;
  /** Classic gradient boosting's init constants, one per raw column. */
  init_?: Tensor;
}

type TreeClassifierModel = Classifier & TreeState;
type TreeRegressorModel = Regressor & TreeState;

const averaging = (trees: FlatTrees): Float64Array => new Float64Array(trees.roots.length).fill(1 / trees.roots.length);

function trees(model: TreeState & object): FlatTrees {
  const t = model.trees_;
  if (t === undefined) throw unsupportedOption(model, 'trees_', 'it holds no fitted trees in the flat layout');
  return t;
}

/** Decision trees and forests: class fractions averaged over the trees (predictProba), the label of the largest. */
function averagedClassifier(model: TreeClassifierModel, input: Variable, ctx: ConvertContext): Converted {
  if ((model.nOutputs_ ?? 1) !== 1) throw unsupportedOption(model, 'nOutputs_', `ONNX classifiers have one label output and it has ${model.nOutputs_}`);
  const t = trees(model);
  const labels = classLabels(model);
  const { scores } = treeClassifier(ctx, input, t, labels, { treeWeights: averaging(t), float32Rows: true, estimator: model.constructor.name });
  // the label is the argmax of the probabilities, as predict: onnxruntime's own label of a two-class ensemble
  // follows a rule of its own (its 'binary case'), which disagrees with it
  return { kind: 'classify', label: argmaxLabel(ctx, scores, labels), labelType: labels.type, scores, probabilities: true };
}

/** Decision trees and forests: targets averaged over the trees. */
function averagedRegressor(model: TreeRegressorModel, input: Variable, ctx: ConvertContext): Converted {
  const t = trees(model);
  return { kind: 'regress', value: treeSums(ctx, input, t, { treeWeights: averaging(t), float32Rows: true, estimator: model.constructor.name }) };
}

for (const name of ['DecisionTreeClassifier', 'RandomForestClassifier', 'ExtraTreesClassifier']) {
  registerConverter<TreeClassifierModel>(name, { convert: averagedClassifier });
}
for (const name of ['DecisionTreeRegressor', 'RandomForestRegressor', 'ExtraTreesRegressor']) {
  registerConverter<TreeRegressorModel>(name, { convert: averagedRegressor });
}

/** The histogram booster's raw scores: baseline_ plus every tree's leaf values, in the export's precision. */
function boosterScores(model: TreeState & object, input: Variable, ctx: ConvertContext): Variable {
  if (model.isCategorical_?.some((c) => c !== 0)) {
    throw unsupportedOption(model, 'categoricalFeatures', "its categorical splits test sets of categories, which ai.onnx.ml 3's tree operators cannot");
  }
  const t = trees(model);
  const sums = treeSums(ctx, input, t, { baseValues: model.baseline_, estimator: model.constructor.name });
  return asPrecision(ctx, sums);
}

registerConverter<TreeClassifierModel>('HistGradientBoostingClassifier', {
  convert: (m, input, ctx) => {
    const labels = classLabels(m);
    const raw = boosterScores(m, input, ctx);
    const probabilities = raw.width === 1 ? twoColumns(ctx, sigmoid(ctx, raw), false)
      : { ...raw, name: ctx.graph.op('Softmax', [raw.name], 'probabilities', { axis: attr.int(1) }) };
    return { kind: 'classify', label: argmaxLabel(ctx, probabilities, labels), labelType: labels.type, scores: probabilities, probabilities: true };
  },
});

registerConverter<TreeRegressorModel>('HistGradientBoostingRegressor', {
  convert: (m, input, ctx) => {
    const raw = boosterScores(m, input, ctx);
    // the Poisson loss models log(y): predict is exp of the raw score
    const value = m.getParams(false).loss === 'poisson' ? { ...raw, name: ctx.graph.op('Exp', [raw.name], 'mean') } : raw;
    return { kind: 'regress', value };
  },
});

/** Classic gradient boosting's raw scores: init_ plus the trees' sums on float32 rows, in the export's precision. */
function gradientBoostingScores(model: TreeState & object, input: Variable, ctx: ConvertContext): Variable {
  const t = trees(model);
  const init = model.init_?.data as Float64Array | undefined;
  return asPrecision(ctx, treeSums(ctx, input, t, { baseValues: init, float32Rows: true, estimator: model.constructor.name }));
}

registerConverter<TreeClassifierModel>('GradientBoostingClassifier', {
  convert: (m, input, ctx) => {
    const labels = classLabels(m);
    const raw = gradientBoostingScores(m, input, ctx);
    if (raw.width > 1) {
      const probabilities = { ...raw, name: ctx.graph.op('Softmax', [raw.name], 'probabilities', { axis: attr.int(1) }) };
      return { kind: 'classify', label: argmaxLabel(ctx, raw, labels), labelType: labels.type, scores: probabilities, probabilities: true };
    }
    // the exponential loss's raw score is half the log-odds
    const logOdds = m.getParams(false).loss === 'exponential' ? { ...raw, name: ctx.graph.op('Mul', [raw.name, numeric(ctx, 'two', [], [2])], 'log_odds') } : raw;
    const probabilities = twoColumns(ctx, sigmoid(ctx, logOdds), false);
    return { kind: 'classify', label: signLabel(ctx, raw, labels, true), labelType: labels.type, scores: probabilities, probabilities: true };
  },
});

registerConverter<TreeRegressorModel>('GradientBoostingRegressor', {
  convert: (m, input, ctx) => ({ kind: 'regress', value: gradientBoostingScores(m, input, ctx) }),
});
