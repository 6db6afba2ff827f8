/**
 * ColumnTransformer: a transformer per group of columns, outputs side by side (scikit-learn's ColumnTransformer).
 * Columns are picked by name (Arrow tables and datasets; each transformer then sees a table of its own columns, so
 * an encoder gets string columns as strings) or by index (any X), or by a boolean mask. Fitted clones are kept in
 * `transformers_`; the transformers given stay unfitted templates.
 */
import { Table } from 'apache-arrow';
import { ArrowDataset } from '../../alimentar/dataset';
import { Tensor } from '../../trueno/tensor';
import { shapeOf, type Shape } from '../base/columns';
import type { Estimator } from '../base/estimator';
import { toMatrix, type Matrix, type MatrixLike } from '../base/input';
import { Transformer } from '../base/kinds';
import { anyOf, boolean, custom, oneOf } from '../base/params';
import { registerEstimators } from '../base/registry';
import { isEstimator } from '../base/state';
import { describe, rangeError, typeError } from '../errors';
import { isNamedList, namedParams, setNamedParams } from './named';

/** Which columns a transformer takes: names, indices (negative count from the end) or a boolean mask. */
export type ColumnSelection = readonly string[] | readonly number[] | readonly boolean[];

/** What a transformer entry holds: a transformer, 'drop' or 'passthrough'. */
export type ColumnStep = Estimator | 'drop' | 'passthrough';

/** ColumnTransformer's hyperparameters. */
export interface ColumnTransformerParams {
  /** The entries [name, transformer | 'drop' | 'passthrough', columns]; names unique, without '__'. */
  transformers: [string, ColumnStep, ColumnSelection][];
  /** The columns no entry names: 'drop' (default), 'passthrough' or a transformer. */
  remainder: 'drop' | 'passthrough' | Estimator;
  /** Prefix each output name with its entry's name, `name__feature` (default true). */
  verboseFeatureNamesOut: boolean;
  /** Multiply each entry's output by a weight (entry name -> weight; default null: 1). */
  transformerWeights: Record<string, number> | null;
}

type Caller = Record<string, ((...a: unknown[]) => unknown) | undefined>;

/** One entry's output. */
interface Part {
  name: string;
  m: Matrix;
}

function isSelection(v: unknown): boolean {
  return Array.isArray(v) && (v.every((c) => typeof c === 'string') || v.every((c) => Number.isInteger(c)) || v.every((c) => typeof c === 'boolean'));
}

/**
 * The columns of X at these indices, in X's own form: a table of those columns, a float64 Tensor, or a nested array.
 * @param X - the input
 * @param shape - its shape and names
 * @param columns - the indices
 * @returns the sub-input
 */
function pick(X: unknown, shape: Shape, columns: readonly number[]): unknown {
  if (X instanceof ArrowDataset || X instanceof Table) {
    const ds = X instanceof ArrowDataset ? X : ArrowDataset.fromTable(X);
    return ds.select(columns.map((j) => (shape.featureNames as string[])[j]));
  }
  if (Array.isArray(X)) return X.map((row: unknown[]) => columns.map((j) => row[j]));
  const m = toMatrix(X, { allowNaN: true });
  const out = new Float64Array(m.rows * columns.length);
  for (let i = 0; i < m.rows; i++) columns.forEach((j, k) => { out[i * columns.length + k] = m.data[i * m.cols + j]; });
  return Tensor.from(out, [m.rows, columns.length]);
}

/** The 'passthrough' entry's columns as they are (numeric only). */
function passthrough(X: unknown, shape: Shape, cols: readonly number[], name: string): Part {
  return { name, m: toMatrix(pick(X, shape, cols), { allowNaN: true, name: `the columns of '${name}'` }) };
}

/**
 * Applies transformers to columns of an array or table and concatenates their outputs.
 * Learned: `transformers_` (the fitted entries, with column indices; a 'remainder' entry when columns remain),
 * `outputIndices_` (entry name -> [start, end) of its output columns).
 * @example
 * const ct = new ColumnTransformer({ transformers: [
 *   ['num', new StandardScaler(), ['age', 'income']],
 *   ['cat', new OneHotEncoder({ handleUnknown: 'ignore' }), ['city']],
 * ] });
 * const Z = ct.fitTransform(table);
 * ct.getFeatureNamesOut(); // ['num__age', 'num__income', 'cat__city_Lyon', ...]
 */
export class ColumnTransformer extends Transformer<ColumnTransformerParams> {
  static override readonly params = {
    transformers: [custom("an array of [name, transformer or 'drop' or 'passthrough', columns] entries with unique names without '__'", (v) =>
      isNamedList(v, ['drop', 'passthrough'], 3) && (v as unknown[][]).every((e) => isSelection(e[2]))), []],
    remainder: [anyOf(oneOf('drop', 'passthrough'), custom('a transformer', isEstimator)), 'drop'],
    verboseFeatureNamesOut: [boolean(), true],
    transformerWeights: [custom('null or an object of entry name -> finite number', (v) =>
      v === null || (typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((w) => typeof w === 'number' && Number.isFinite(w)))), null],
  } as const;

  static override readonly tags = { ...Transformer.tags, allowNaN: true };

  /** The fitted entries [name, fitted transformer | 'drop' | 'passthrough', column indices]. */
  transformers_?: [string, ColumnStep, number[]][];
  /** Each entry's output columns, [start, end). */
  outputIndices_?: Record<string, [number, number]>;

  /**
   * The hyperparameters; with `deep` (default) also each entry's transformer by name and its parameters as
   * `name__param`.
   * @param deep - include the transformers' parameters
   * @returns a fresh object
   */
  override getParams(deep = true): ColumnTransformerParams & Record<string, unknown> {
    const out = super.getParams(deep);
    return deep && Array.isArray(this.params.transformers) ? { ...out, ...namedParams(this.params.transformers) } : out;
  }

  /**
   * Sets hyperparameters, including an entry's transformer by name or its parameters as `name__param`.
   * @param params - the new values
   * @returns this
   * @throws ParamError for an unknown name
   */
  override setParams(params: Partial<ColumnTransformerParams> & Record<string, unknown>): this {
    const { transformers, ...others } = params;
    if (transformers !== undefined) super.setParams({ transformers });
    const { entries, rest } = setNamedParams(this.params.transformers ?? [], others, 'ColumnTransformer');
    this.params.transformers = entries as [string, ColumnStep, ColumnSelection][];
    return super.setParams(rest);
  }

  private resolve(selection: ColumnSelection, shape: Shape, entry: string): number[] {
    if (selection.length > 0 && typeof selection[0] === 'boolean') {
      if (selection.length !== shape.cols) throw rangeError(`Expected a mask of ${shape.cols} booleans for the columns of '${entry}' but received ${selection.length}`);
      return (selection as boolean[]).flatMap((b, j) => (b ? [j] : []));
    }
    return (selection as (string | number)[]).map((c) => {
      if (typeof c === 'number') {
        const j = c < 0 ? c + shape.cols : c;
        if (j < 0 || j >= shape.cols) throw rangeError(`Expected column indices in [-${shape.cols}, ${shape.cols}) for '${entry}' but received ${c}`);
        return j;
      }
      if (shape.featureNames === undefined) throw typeError(`Expected an Arrow Table or ArrowDataset to select columns by name for '${entry}' but X has no column names (use indices)`);
      const j = shape.featureNames.indexOf(c);
      if (j < 0) throw rangeError(`Expected a column of X for '${entry}' but there is no column '${c}' (columns: ${shape.featureNames.join(', ')})`);
      return j;
    });
  }

  protected fitImpl(X: unknown, y: unknown): void {
    const shape = shapeOf(X);
    this.checkFeatures(shape, true);
    const used = new Set<number>();
    const entries: [string, ColumnStep, number[]][] = this.params.transformers.map(([name, t, sel]) => {
      const cols = this.resolve(sel, shape, name);
      cols.forEach((j) => used.add(j));
      return [name, t, cols];
    });
    const rest = Array.from({ length: shape.cols }, (_, j) => j).filter((j) => !used.has(j));
    if (rest.length > 0) entries.push(['remainder', this.params.remainder, rest]);
    for (const [name, t] of entries) {
      if (isEstimator(t) && typeof (t as unknown as Caller).transform !== 'function') throw typeError(`Expected a transformer for '${name}' of ColumnTransformer but ${t.constructor.name} has no transform`);
    }
    const parts: Part[] = [];
    this.transformers_ = entries.map(([name, t, cols]): [string, ColumnStep, number[]] => {
      if (t === 'drop' || cols.length === 0) return [name, t, cols];
      if (t === 'passthrough') {
        parts.push(passthrough(X, shape, cols, name));
        return [name, t, cols];
      }
      const est = t.clone() as unknown as Caller;
      const sub = pick(X, shape, cols);
      const out = typeof est.fitTransform === 'function' ? est.fitTransform(sub, y) : (est.fit as (...a: unknown[]) => Caller)(sub, y).transform?.(sub);
      parts.push({ name, m: toMatrix(out, { allowNaN: true }) });
      return [name, est as unknown as Estimator, cols];
    });
    let offset = 0;
    this.outputIndices_ = Object.fromEntries(parts.map((p) => [p.name, [offset, (offset += p.m.cols)]]));
  }

  /** Every entry's output on X, side by side, each times its weight. */
  private stack(parts: Part[], rows: number): Tensor {
    const width = parts.reduce((s, p) => s + p.m.cols, 0);
    const result = new Float64Array(rows * width);
    const weights = this.params.transformerWeights ?? {};
    let offset = 0;
    for (const { name, m } of parts) {
      const w = weights[name] ?? 1;
      for (let i = 0; i < rows; i++) for (let k = 0; k < m.cols; k++) result[i * width + offset + k] = w * m.data[i * m.cols + k];
      offset += m.cols;
    }
    return Tensor.from(result, [rows, width]);
  }

  /**
   * Transforms each entry's columns and concatenates the outputs (entries in order, the remainder last).
   * @param X - samples with the columns seen at fit
   * @returns a float64 Tensor
   * @throws NotFittedError; FeatureMismatchError; what the entries' transformers throw
   */
  transform(X: MatrixLike): Tensor {
    this.ensureFitted();
    const shape = shapeOf(X);
    this.checkFeatures(shape, false);
    const parts: Part[] = [];
    for (const [name, t, cols] of this.transformers_ as [string, ColumnStep, number[]][]) {
      if (t === 'drop' || cols.length === 0) continue;
      if (t === 'passthrough') parts.push(passthrough(X, shape, cols, name));
      else parts.push({ name, m: toMatrix((t as unknown as { transform(x: unknown): Tensor }).transform(pick(X, shape, cols)), { allowNaN: true }) });
    }
    return this.stack(parts, shape.rows);
  }

  /**
   * The names of the output columns: each entry's output names (its transformer's getFeatureNamesOut, or the input
   * names for 'passthrough'), prefixed `name__` when verboseFeatureNamesOut.
   * @returns one name per output column
   * @throws NotFittedError before fit; TypeError when a transformer cannot name its outputs; RangeError when names
   *   repeat without the prefixes
   */
  getFeatureNamesOut(): string[] {
    this.ensureFitted();
    const inputs = this.featureNamesIn_ ?? Array.from({ length: this.nFeaturesIn_ as number }, (_, j) => `x${j}`);
    const names = (this.transformers_ as [string, ColumnStep, number[]][]).flatMap(([name, t, cols]) => {
      if (t === 'drop' || cols.length === 0) return [];
      const own = cols.map((j) => inputs[j]);
      if (t !== 'passthrough' && typeof (t as unknown as Caller).getFeatureNamesOut !== 'function') {
        throw typeError(`Expected the transformer of '${name}' to name its outputs but ${t.constructor.name} has no getFeatureNamesOut`);
      }
      const out = t === 'passthrough' ? own : ((t as unknown as Caller).getFeatureNamesOut as (n: string[]) => string[])(own);
      return this.params.verboseFeatureNamesOut ? out.map((n) => `${name}__${n}`) : out;
    });
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw rangeError(`Expected unique output feature names but ${describe(dup)} repeats; set verboseFeatureNamesOut to true`);
    return names;
  }
}

registerEstimators(ColumnTransformer);
