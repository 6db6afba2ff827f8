/**
 * Trees in the flat layout (lib/aprender/tree/flat-trees.ts) as the attributes of ai.onnx.ml's TreeEnsembleRegressor
 * and TreeEnsembleClassifier, and the two operators' nodes. Every tree model predicts a weighted sum of leaf values
 * (forestPredict), which is exactly what these operators compute: a leaf's k values become k leaf entries (a target
 * or class id each) weighted by its tree's weight.
 */
import type { FlatTrees } from '../tree/flat-trees';
import { TREE_FLAGS, treeRange } from '../tree/flat-trees';
import { OnnxExportError } from './errors';
import { validate } from '../errors';
import { attr, ML_DOMAIN, tensorProto, type Attr } from './graph';
import type { Labels } from './ops';
import { asPrecision } from './ops';
import type { ConvertContext, Precision, Variable } from './registry';

/** Options of {@link treeEnsembleNodes}. */
export interface TreeEnsembleOptions {
  /** 'target' (TreeEnsembleRegressor: target_*) or 'class' (TreeEnsembleClassifier: class_*). */
  leaves: 'target' | 'class';
  /** One weight per tree multiplying its leaf values (default 1 each): 1 / trees to average, the learning rate. */
  treeWeights?: ArrayLike<number>;
  /**
   * 'double' writes thresholds and leaf weights as float64 tensors (ai.onnx.ml 3's *_as_tensor attributes) so a
   * double input is compared exactly as forestPredict compares it; 'float' (default) as float lists, as ONNX's
   * float operators read them.
   */
  precision?: Precision;
  /**
   * The model compares float32 rows with its float64 thresholds (CART and the forests, as scikit-learn does): float
   * thresholds are then rounded down to float32, which keeps x <= threshold exact for every float32 x (rounding to
   * nearest would send an x equal to the rounded-up midpoint of two training values the wrong way).
   */
  float32Rows?: boolean;
  /** The estimator's class name, for errors. */
  estimator?: string;
}

const f32 = new Float32Array(1);
const f32Bits = new Int32Array(f32.buffer);

/**
 * The largest float32 value <= v (v finite or infinite).
 * @param v - a float64 value
 * @returns it rounded down to float32
 */
export function floorToFloat32(v: number): number {
  f32[0] = v;
  if (!(f32[0] > v)) return f32[0];
  // one float32 step towards -Infinity: the bit pattern moves away from 0 for negatives, towards it for positives
  if (f32[0] === 0) return -1.401298464324817e-45;
  f32Bits[0] += f32[0] > 0 ? -1 : 1;
  return f32[0];
}

/**
 * The node and leaf attributes of a TreeEnsembleRegressor / TreeEnsembleClassifier for flat trees. Node ids are
 * per tree (a node's index minus its tree's root), a numerical node is BRANCH_LEQ (x <= threshold goes to the true,
 * left, child) and NaN follows the node's missing-left flag (nodes_missing_value_tracks_true).
 * @param trees - the trees
 * @param options - leaf kind, tree weights, precision
 * @returns the attributes (nodes_*, and target_* or class_*)
 * @throws OnnxExportError (ERR_APRENDER_ONNX_OPTION) for a categorical node (a bitset split has no ai.onnx.ml 3
 *   mode); RangeError for tree weights of the wrong length
 * @example
 * const attrs = treeEnsembleNodes(forest.trees_, { leaves: 'target', treeWeights: new Float64Array(n).fill(1 / n) });
 * graph.op('TreeEnsembleRegressor', [x], 'y', { ...attrs, n_targets: attr.int(1) }, ML_DOMAIN);
 */
export function treeEnsembleNodes(trees: FlatTrees, options: TreeEnsembleOptions): Record<string, Attr> {
  validate.expectOptions<TreeEnsembleOptions>(options, 'treeEnsembleNodes options', {
    leaves: true, treeWeights: true, precision: true, float32Rows: true, estimator: true,
  });
  const count = trees.roots.length;
  const weights = options.treeWeights ?? new Float64Array(count).fill(1);
  if (weights.length !== count) throw new RangeError(`Expected one tree weight per tree (${count}) but received ${weights.length}`);
  const k = trees.k;
  const nodeTree: number[] = [], nodeId: number[] = [], featureId: number[] = [], modes: string[] = [], thresholds: number[] = [];
  const trueId: number[] = [], falseId: number[] = [], missingTrue: number[] = [];
  const leafTree: number[] = [], leafNode: number[] = [], leafId: number[] = [], leafWeight: number[] = [];
  for (let t = 0; t < count; t++) {
    const [start, end] = treeRange(trees, t);
    for (let i = start; i < end; i++) {
      const leaf = trees.feature[i] < 0;
      if (!leaf && (trees.flags[i] & TREE_FLAGS.categorical) !== 0) {
        const name = options.estimator ?? 'the tree model';
        throw new OnnxExportError(`Expected numerical splits only for ONNX's TreeEnsemble operators but ${name} has a categorical split (tree ${t}, node ${i - start})`, 'ERR_APRENDER_ONNX_OPTION', name, 'categoricalFeatures');
      }
      nodeTree.push(t);
      nodeId.push(i - start);
      featureId.push(leaf ? 0 : trees.feature[i]);
      modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      thresholds.push(leaf ? 0 : trees.threshold[i]);
      trueId.push(leaf ? 0 : trees.children[2 * i] - start);
      falseId.push(leaf ? 0 : trees.children[2 * i + 1] - start);
      missingTrue.push(!leaf && (trees.flags[i] & TREE_FLAGS.missingLeft) !== 0 ? 1 : 0);
      if (!leaf) continue;
      for (let j = 0; j < k; j++) {
        leafTree.push(t);
        leafNode.push(i - start);
        leafId.push(j);
        leafWeight.push(trees.values[i * k + j] * weights[t]);
      }
    }
  }
  const p = options.leaves;
  const exact = options.precision === 'double';
  const out: Record<string, Attr> = {
    nodes_treeids: attr.ints(nodeTree), nodes_nodeids: attr.ints(nodeId), nodes_featureids: attr.ints(featureId),
    nodes_modes: attr.strings(modes), nodes_truenodeids: attr.ints(trueId), nodes_falsenodeids: attr.ints(falseId),
    nodes_missing_value_tracks_true: attr.ints(missingTrue),
    [`${p}_treeids`]: attr.ints(leafTree), [`${p}_nodeids`]: attr.ints(leafNode), [`${p}_ids`]: attr.ints(leafId),
  };
  if (exact) {
    out.nodes_values_as_tensor = attr.tensor(tensorProto('', 'double', [thresholds.length], thresholds));
    out[`${p}_weights_as_tensor`] = attr.tensor(tensorProto('', 'double', [leafWeight.length], leafWeight));
  } else {
    out.nodes_values = attr.floats(options.float32Rows ? thresholds.map(floorToFloat32) : thresholds);
    out[`${p}_weights`] = attr.floats(leafWeight);
  }
  return out;
}

/** Options of the tree ensemble nodes. */
export interface TreeNodeOptions {
  /** One weight per tree. */
  treeWeights?: ArrayLike<number>;
  /** What is added to every row's sums (the booster's baseline), one per output. */
  baseValues?: ArrayLike<number>;
  /** The model compares float32 rows with its thresholds (see {@link TreeEnsembleOptions.float32Rows}). */
  float32Rows?: boolean;
  /** The estimator's class name, for errors. */
  estimator?: string;
}

/**
 * The input as the trees compare it: in double precision a float32-rows model reads x rounded to float32 (a Cast
 * there and back), so the double thresholds decide exactly as forestPredict does on float32 rows.
 */
function treeInput(ctx: ConvertContext, input: Variable, float32Rows: boolean | undefined): Variable {
  const x = asPrecision(ctx, input);
  if (!float32Rows || ctx.precision === 'float') return x;
  const rounded = ctx.graph.op('Cast', [x.name], 'rows_float32', { to: attr.int(1) });
  return { ...x, name: ctx.graph.op('Cast', [rounded], 'rows', { to: attr.int(11) }) };
}

function nodeOptions(ctx: ConvertContext, leaves: 'target' | 'class', options: TreeNodeOptions): TreeEnsembleOptions {
  return { leaves, treeWeights: options.treeWeights, precision: ctx.precision, float32Rows: options.float32Rows, estimator: options.estimator };
}

function baseAttrs(ctx: ConvertContext, base: ArrayLike<number> | undefined): Record<string, Attr> {
  if (base === undefined) return {};
  return ctx.precision === 'double' ? { base_values_as_tensor: attr.tensor(tensorProto('', 'double', [base.length], base)) } : { base_values: attr.floats(base) };
}

/**
 * A TreeEnsembleRegressor over the input: [N, k] sums of the weighted leaf values (plus base values), in the
 * export's precision (the operator's float output cast back to double in double precision, after exact double
 * comparisons).
 * @param ctx - the conversion context
 * @param input - [N, d]
 * @param trees - the trees (k values per leaf: k outputs)
 * @param options - tree weights, base values
 * @returns the [N, k] sums
 */
export function treeSums(ctx: ConvertContext, input: Variable, trees: FlatTrees, options: TreeNodeOptions = {}): Variable {
  const g = ctx.graph;
  const x = treeInput(ctx, input, options.float32Rows);
  const attrs = treeEnsembleNodes(trees, nodeOptions(ctx, 'target', options));
  const y = g.op('TreeEnsembleRegressor', [x.name], 'tree_sums', {
    ...attrs, ...baseAttrs(ctx, options.baseValues), n_targets: attr.int(trees.k), aggregate_function: attr.string('SUM'), post_transform: attr.string('NONE'),
  }, ML_DOMAIN);
  return { name: y, type: 'float', width: trees.k };
}

/**
 * A TreeEnsembleClassifier over the input: labels and [N, classes] scores (the weighted leaf sums).
 * @param ctx - the conversion context
 * @param input - [N, d]
 * @param trees - the trees (one value per class per leaf)
 * @param labels - the class labels
 * @param options - tree weights, base values
 * @returns the label and score tensors
 */
export function treeClassifier(ctx: ConvertContext, input: Variable, trees: FlatTrees, labels: Labels, options: TreeNodeOptions = {}): { label: string; scores: Variable } {
  const x = treeInput(ctx, input, options.float32Rows);
  const attrs = treeEnsembleNodes(trees, nodeOptions(ctx, 'class', options));
  const [label, scores] = ctx.graph.node('TreeEnsembleClassifier', [x.name], ['label', 'tree_scores'], {
    ...attrs, ...baseAttrs(ctx, options.baseValues), ...labels.attrs('classlabels_int64s', 'classlabels_strings'), post_transform: attr.string('NONE'),
  }, ML_DOMAIN);
  return { label, scores: { name: scores, type: 'float', width: labels.values.length } };
}
