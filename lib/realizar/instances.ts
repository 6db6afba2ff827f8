/**
 * Request rows into a row-major Float64Array, checked value by value so that a bad one is answered with a 422 naming
 * it (`instances[3][1]`, `instances[3].petal_width`): rows as arrays of numbers or objects keyed by feature name,
 * every row the model's width, numbers finite (null / NaN only where the model takes missing values).
 */
import { HttpError, invalidInput, describe } from './errors';

/** What the rows must look like: the model's features and whether it takes missing values. */
export interface RowSpec {
  /** Number of features the model was fitted on. */
  nFeatures: number;
  /** Their names, when fitted on named columns (objects are then keyed by them). */
  featureNames: readonly string[] | null;
  /** The model takes NaN (sent as null). */
  allowNaN: boolean;
  /** The most rows one request may hold. */
  maxRows: number;
}

/** Rows ready for predict: `nRows` x `nFeatures`, row-major. */
export interface Rows {
  data: Float64Array;
  nRows: number;
  nFeatures: number;
}

/** The value of one cell, or a 422 naming it. */
export function cellValue(v: unknown, field: string, allowNaN: boolean): number {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    if (Number.isNaN(v) && allowNaN) return v;
    throw invalidInput(`Expected a finite number for ${field} but received ${describe(v)}`, field);
  }
  if (v === null && allowNaN) return NaN;
  const hint = allowNaN ? 'a number or null' : 'a finite number';
  throw invalidInput(`Expected ${hint} for ${field} but received ${describe(v)}`, field);
}

/**
 * Checks the number of rows against the limit.
 * @param n - rows in the request
 * @param spec - the limit
 * @throws HttpError ERR_REALIZAR_INVALID_INPUT for none, ERR_REALIZAR_TOO_MANY_ROWS past maxRows
 */
export function checkRowCount(n: number, spec: RowSpec, field: string): void {
  if (n === 0) throw invalidInput(`Expected at least one row for ${field} but received none`, field);
  if (n > spec.maxRows) {
    throw new HttpError('ERR_REALIZAR_TOO_MANY_ROWS', `Expected at most ${spec.maxRows} rows for ${field} but received ${n}`, { field });
  }
}

function rowFromObject(row: Record<string, unknown>, i: number, spec: RowSpec, out: Float64Array, at: number): void {
  const names = spec.featureNames;
  const field = `instances[${i}]`;
  if (names === null) {
    throw invalidInput(`Expected an array of ${spec.nFeatures} numbers for ${field} (the model has no feature names) but received an object`, field);
  }
  for (let j = 0; j < names.length; j++) {
    const name = names[j];
    if (!Object.hasOwn(row, name)) throw invalidInput(`Expected feature '${name}' in ${field} but it is missing`, `${field}.${name}`);
    out[at + j] = cellValue(row[name], `${field}.${name}`, spec.allowNaN);
  }
  const extra = Object.keys(row).find((k) => !names.includes(k));
  if (extra !== undefined) throw invalidInput(`Expected only the features ${names.join(', ')} in ${field} but received '${extra}'`, `${field}.${extra}`);
}

/**
 * Parses the `instances` of a JSON request.
 * @param instances - what the body held
 * @param spec - the model's features and the limits
 * @returns the rows
 * @throws HttpError (422) naming the first bad value
 * @example parseInstances([[5.1, 3.5, 1.4, 0.2]], spec).nRows; // 1
 */
export function parseInstances(instances: unknown, spec: RowSpec): Rows {
  if (!Array.isArray(instances)) throw invalidInput(`Expected an array for instances but received ${describe(instances)}`, 'instances');
  checkRowCount(instances.length, spec, 'instances');
  const d = spec.nFeatures;
  const data = new Float64Array(instances.length * d);
  for (let i = 0; i < instances.length; i++) {
    const row = instances[i];
    if (Array.isArray(row)) {
      if (row.length !== d) throw invalidInput(`Expected ${d} features for instances[${i}] but received ${row.length}`, `instances[${i}]`);
      for (let j = 0; j < d; j++) data[i * d + j] = cellValue(row[j], `instances[${i}][${j}]`, spec.allowNaN);
    } else if (row !== null && typeof row === 'object') {
      rowFromObject(row as Record<string, unknown>, i, spec, data, i * d);
    } else {
      throw invalidInput(`Expected an array or an object for instances[${i}] but received ${describe(row)}`, `instances[${i}]`);
    }
  }
  return { data, nRows: instances.length, nFeatures: d };
}
