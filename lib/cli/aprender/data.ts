/**
 * From a data file to X and y: which column is the target (given, else `target` or `label`), which are the features
 * (the rest, or those given; all numeric), and whether the task is classification or regression (from the target's
 * values, unless given). Every refusal names the file's columns or the offending column, so one line says what to fix.
 */
import { Type, type DataType, type Vector } from 'apache-arrow';
import { ArrowDataset } from '../../alimentar/dataset';
import { ColumnError } from '../../alimentar/errors';
import { SovereignError } from '../../common/errors';
import type { Task } from './models';

/** Data the command cannot use as asked: no target column, a non-numeric feature, missing targets (`ERR_APRENDER_CLI_DATA`). */
export class CliDataError extends SovereignError {
  /** @param message - what is wrong, naming the column or the columns seen */
  constructor(message: string) {
    super(message, 'ERR_APRENDER_CLI_DATA');
  }
}

/** The target names looked for when `--target` is not given, in order. */
export const DEFAULT_TARGETS = ['target', 'label'] as const;

/** At most this many distinct integer values make a target a class label rather than a quantity. */
export const MAX_CLASSES_FOR_INTEGERS = 20;

/** Targets as estimators take them: class labels as strings or numbers, quantities as numbers. */
export type Targets = Float64Array | string[];

/** X and y of one file, ready to fit or score. */
export interface Prepared {
  /** The feature columns only, named (the names are checked again at predict). */
  X: ArrowDataset;
  y: Targets;
  target: string;
  features: string[];
  task: Task;
}

function isNumericType(type: DataType): boolean {
  return type.typeId === Type.Int || type.typeId === Type.Float || type.typeId === Type.Bool;
}

/**
 * The target column: the one given, else `target` or `label`.
 * @param ds - the data
 * @param given - `--target`, if any
 * @param file - the file's name, for messages
 * @returns the column name
 * @throws ColumnError for a given name the file lacks; CliDataError naming the columns when no default is there
 */
export function targetColumn(ds: ArrowDataset, given: string | undefined, file: string): string {
  const names = ds.columnNames;
  if (given !== undefined) {
    if (!names.includes(given)) throw new ColumnError(`Expected a column of ${file} (${names.join(', ')}) for --target but received '${given}'`, given);
    return given;
  }
  return defaultTarget(names, file);
}

/**
 * The target column when none is given: `target`, else `label`.
 * @param names - the file's columns
 * @param file - its name, for the message
 * @returns the column name
 * @throws CliDataError naming the columns when neither is there
 */
export function defaultTarget(names: readonly string[], file: string): string {
  const found = DEFAULT_TARGETS.find((t) => names.includes(t));
  if (found === undefined) {
    throw new CliDataError(`Expected a target column named ${DEFAULT_TARGETS.map((t) => `'${t}'`).join(' or ')} in ${file}, or --target <column>, but its columns are: ${names.join(', ')}`);
  }
  return found;
}

/**
 * The feature columns: those given, else every column but the target; each must be numeric.
 * @param ds - the data
 * @param target - the target column (never a feature)
 * @param given - `--features`, if any
 * @param file - the file's name, for messages
 * @returns the names
 * @throws ColumnError for a given name the file lacks; CliDataError for the target among them, no features, or a
 *   non-numeric column
 */
export function featureColumns(ds: ArrowDataset, target: string | undefined, given: string[] | undefined, file: string): string[] {
  const names = ds.columnNames;
  for (const c of given ?? []) {
    if (!names.includes(c)) throw new ColumnError(`Expected a column of ${file} (${names.join(', ')}) for --features but received '${c}'`, c);
    if (c === target) throw new CliDataError(`Expected feature columns other than the target '${target}' but --features lists it`);
  }
  const features = given ?? names.filter((c) => c !== target);
  if (features.length === 0) throw new CliDataError(`Expected at least one feature column besides the target '${target}' in ${file} but it has none`);
  for (const c of features) {
    const type = ds.column(c).type;
    if (!isNumericType(type)) {
      throw new CliDataError(`Expected numeric feature columns but '${c}' in ${file} is ${String(type)} (leave it out with --features, or encode it as numbers first)`);
    }
  }
  return features;
}

function values(column: Vector): unknown[] {
  const out = new Array<unknown>(column.length);
  for (let i = 0; i < column.length; i++) out[i] = column.get(i);
  return out;
}

/**
 * Classification or regression, from the target's values: text, booleans, or at most
 * {@link MAX_CLASSES_FOR_INTEGERS} distinct integers are class labels; other numbers are quantities.
 * @param column - the target column
 * @returns the task
 */
export function inferTask(column: Vector): Task {
  const t = column.type.typeId;
  if (t !== Type.Int && t !== Type.Float) return 'classification';
  const distinct = new Set<number>();
  for (const v of values(column)) {
    if (v === null) continue;
    const x = Number(v);
    if (!Number.isInteger(x)) return 'regression';
    distinct.add(x);
    if (distinct.size > MAX_CLASSES_FOR_INTEGERS) return 'regression';
  }
  return 'classification';
}

/**
 * The target values as an estimator takes them.
 * @param column - the target column
 * @param name - its name, for messages
 * @param task - the task
 * @returns class labels (strings for text and booleans, numbers otherwise) or quantities
 * @throws CliDataError for missing values, or text targets for regression
 */
export function targetValues(column: Vector, name: string, task: Task): Targets {
  if (column.nullCount > 0) throw new CliDataError(`Expected a value in every row of the target '${name}' but ${column.nullCount} are missing`);
  const raw = values(column);
  const t = column.type.typeId;
  if (t === Type.Int || t === Type.Float) return Float64Array.from(raw, Number);
  if (task === 'regression') throw new CliDataError(`Expected a numeric target for regression but '${name}' is ${String(column.type)} (use --task classification)`);
  return raw.map((v) => String(v));
}

/**
 * X and y of a dataset.
 * @param ds - the data
 * @param file - its name, for messages
 * @param options - target and features as given; task as given (else inferred from the target)
 * @returns the prepared data
 * @throws as {@link targetColumn}, {@link featureColumns} and {@link targetValues}
 */
export function prepare(ds: ArrowDataset, file: string, options: { target?: string; features?: string[]; task?: Task }): Prepared {
  if (ds.numRows === 0) throw new CliDataError(`Expected rows in ${file} but it has none`);
  const target = targetColumn(ds, options.target, file);
  const features = featureColumns(ds, target, options.features, file);
  const column = ds.column(target);
  const task = options.task ?? inferTask(column);
  return { X: ds.select(features), y: targetValues(column, target, task), target, features, task };
}
