/**
 * A decision tree's rules as text, line for line as scikit-learn's export_text writes them (the same indentation,
 * truncation and number formatting, Python's round-half-even included), so the two can be compared as strings.
 */
import { rangeError, typeError, validate } from '../errors';
import type { TreeView } from './structure';

/** Options of exportText (scikit-learn's export_text arguments). */
export interface ExportTextOptions {
  /** Names of the features (default: feature_0, feature_1, ...). */
  featureNames?: readonly string[];
  /** Names of the classes, in classes_ order (classifiers; default: the labels). */
  classNames?: readonly (string | number)[];
  /** Deepest level written in full; deeper subtrees are shown as "truncated branch" (default 10). */
  maxDepth?: number;
  /** Width of each indentation level (default 3). */
  spacing?: number;
  /** Decimals of thresholds and values (default 2). */
  decimals?: number;
  /** Classifiers: also write the weighted class counts of each leaf (default false). */
  showWeights?: boolean;
}

/**
 * Checks exportText's options for unknown keys (first, before the tree is looked at).
 * @param options - what the caller passed
 * @returns the options ({} for undefined)
 * @throws TypeError (ERR_APRENDER_TYPE) for options that are not an object or hold an unknown key
 */
export function expectExportTextOptions(options: unknown): Partial<ExportTextOptions> {
  return validate.expectOptions<ExportTextOptions>(options, 'exportText options', { featureNames: true, classNames: true, maxDepth: true, spacing: true, decimals: true, showWeights: true });
}

/**
 * A number as Python's `'{:.Nf}'.format(x)`: fixed point, ties rounded half to even on the exact binary value, a minus
 * sign kept for negative values that round to zero.
 * @param x - the number
 * @param decimals - digits after the point
 * @returns the text
 */
export function pythonFixed(x: number, decimals: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const negative = x < 0 || Object.is(x, -0);
  const magnitude = Math.abs(x);
  if (magnitude >= 1e21) return (negative ? '-' : '') + magnitude.toFixed(decimals);
  // toFixed(100) is the exact decimal expansion for every double this large, so the tie test below is exact
  const [whole, fraction] = magnitude.toFixed(100).split('.');
  const rest = fraction.slice(decimals);
  let digits = whole + fraction.slice(0, decimals);
  const tail = /[1-9]/.test(rest.slice(1));
  const odd = Number(digits[digits.length - 1]) % 2 === 1;
  if (rest[0] > '5' || (rest[0] === '5' && (tail || odd))) digits = incrementDecimal(digits);
  const cut = digits.length - decimals;
  const text = decimals === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return (negative ? '-' : '') + text;
}

/** A string of decimal digits plus one. */
function incrementDecimal(digits: string): string {
  const a = digits.split('');
  let i = a.length - 1;
  while (i >= 0 && a[i] === '9') a[i--] = '0';
  if (i < 0) a.unshift('1');
  else a[i] = String(Number(a[i]) + 1);
  return a.join('');
}

/** The depth of the subtree under a node, counting nodes (a leaf is 1), as export_text's _compute_depth. */
function subtreeDepth(tree: TreeView, node: number): number {
  const l = tree.childrenLeft[node];
  if (l === -1) return 1;
  return 1 + Math.max(subtreeDepth(tree, l), subtreeDepth(tree, tree.childrenRight[node]));
}

/**
 * Writes a tree's rules.
 * @param tree - the tree (a TreeView of the model)
 * @param classes - the class labels for a classifier, null for a regressor
 * @param nFeatures - the number of features the tree was fitted on
 * @param options - see {@link ExportTextOptions}
 * @returns the text, one line per node visited, each ending in a newline
 * @throws TypeError / RangeError for bad options (names of the wrong count, negative numbers)
 */
export function exportTreeText(tree: TreeView, classes: readonly (string | number)[] | null, nFeatures: number,
  options: ExportTextOptions = {}): string {
  const o = expectExportTextOptions(options);
  const maxDepth = validate.expectInteger(o.maxDepth ?? 10, 'exportText maxDepth', 0);
  const spacing = validate.expectInteger(o.spacing ?? 3, 'exportText spacing', 1);
  const decimals = validate.expectInteger(o.decimals ?? 2, 'exportText decimals', 0, 100);
  const showWeights = validate.expectBoolean(o.showWeights ?? false, 'exportText showWeights');
  const names = o.featureNames ?? Array.from({ length: nFeatures }, (_, f) => `feature_${f}`);
  if (!Array.isArray(names)) throw typeError(`Expected an array of feature names for exportText featureNames but received ${typeof names}`);
  if (names.length !== nFeatures) throw rangeError(`Expected ${nFeatures} feature names for exportText featureNames but received ${names.length}`);
  let classNames = classes;
  if (classes !== null && o.classNames !== undefined) {
    if (!Array.isArray(o.classNames) || o.classNames.length !== classes.length) {
      throw rangeError(`Expected ${classes.length} class names (one per class) for exportText classNames but received ${Array.isArray(o.classNames) ? o.classNames.length : typeof o.classNames}`);
    }
    classNames = o.classNames;
  }
  const k = tree.k;
  const lines: string[] = [];
  const leaf = (node: number, indent: string) => {
    const value = tree.value.subarray(node * k, (node + 1) * k);
    if (classNames === null) {
      lines.push(`${indent} value: [${Array.from(value, (v) => pythonFixed(v, decimals)).join(', ')}]`);
      return;
    }
    let best = 0;
    for (let j = 1; j < k; j++) if (value[j] > value[best]) best = j;
    const weight = tree.weightedNNodeSamples[node];
    const weights = showWeights ? ` weights: [${Array.from(value, (v) => pythonFixed(v * weight, decimals)).join(', ')}]` : '';
    lines.push(`${indent}${weights} class: ${String(classNames[best])}`);
  };
  const visit = (node: number, depth: number) => {
    const indent = `${('|' + ' '.repeat(spacing)).repeat(depth).slice(0, -spacing)}${'-'.repeat(spacing)}`;
    if (depth > maxDepth + 1) {
      const sub = subtreeDepth(tree, node);
      if (sub === 1) leaf(node, indent);
      else lines.push(`${indent} truncated branch of depth ${sub}`);
      return;
    }
    if (tree.childrenLeft[node] === -1) {
      leaf(node, indent);
      return;
    }
    const name = names[tree.feature[node]];
    const threshold = pythonFixed(tree.threshold[node], decimals);
    lines.push(`${indent} ${name} <= ${threshold}`);
    visit(tree.childrenLeft[node], depth + 1);
    lines.push(`${indent} ${name} >  ${threshold}`);
    visit(tree.childrenRight[node], depth + 1);
  };
  visit(0, 1);
  return lines.map((l) => `${l}\n`).join('');
}
