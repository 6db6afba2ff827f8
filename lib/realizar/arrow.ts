/**
 * Arrow IPC stream bodies for large batches: the request's columns (by feature name when the model has names, else
 * the first columns in order) into rows, and the predictions back as an Arrow stream (`prediction`, then one
 * `proba_<class>` column per class when asked for).
 */
import { DataType, tableFromArrays, tableFromIPC, tableToIPC, type Table, type Vector } from 'apache-arrow';
import { HttpError, invalidInput } from './errors';
import { checkRowCount, type RowSpec, type Rows } from './instances';
import type { Output, Prediction } from './predict-core';

function readTable(body: Buffer): Table {
  let t: Table;
  try {
    t = tableFromIPC(body);
  } catch {
    throw new HttpError('ERR_REALIZAR_BAD_REQUEST', 'Expected an Arrow IPC stream body but it does not parse');
  }
  // bytes that hold no stream at all read as a table without a schema
  if (t.schema.fields.length === 0) throw new HttpError('ERR_REALIZAR_BAD_REQUEST', 'Expected an Arrow IPC stream body with a schema but it holds none');
  return t;
}

function columnsOf(t: Table, spec: RowSpec): { name: string; col: Vector }[] {
  const names = t.schema.fields.map((f) => f.name);
  if (spec.featureNames !== null && spec.featureNames.every((n) => names.includes(n))) {
    return spec.featureNames.map((name) => ({ name, col: t.getChild(name)! }));
  }
  if (names.length !== spec.nFeatures) {
    const want = spec.featureNames === null ? `${spec.nFeatures} columns` : `the columns ${spec.featureNames.join(', ')}`;
    throw invalidInput(`Expected ${want} in the Arrow body but received ${names.length} (${names.slice(0, 8).join(', ')})`, 'columns');
  }
  return names.map((name, i) => ({ name, col: t.getChildAt(i)! }));
}

/**
 * The rows of an Arrow IPC stream body.
 * @param body - the body
 * @param spec - the model's features and the limits
 * @returns the rows
 * @throws HttpError 400 for a body that does not parse, 422 naming a missing column, a non-numeric column or a null
 */
export function rowsFromArrow(body: Buffer, spec: RowSpec): Rows {
  const t = readTable(body);
  checkRowCount(t.numRows, spec, 'the Arrow body');
  const cols = columnsOf(t, spec);
  const n = t.numRows;
  const d = spec.nFeatures;
  const data = new Float64Array(n * d);
  cols.forEach(({ name, col }, j) => {
    if (!DataType.isFloat(col.type) && !DataType.isInt(col.type) && !DataType.isBool(col.type)) {
      throw invalidInput(`Expected a numeric column for '${name}' but received ${col.type}`, name);
    }
    let i = 0;
    for (const v of col) {
      if (v === null && !spec.allowNaN) throw invalidInput(`Expected a number for '${name}' row ${i} but received null`, `${name}[${i}]`);
      const x = v === null ? NaN : Number(v);
      if (!Number.isFinite(x) && !(Number.isNaN(x) && spec.allowNaN)) throw invalidInput(`Expected a finite number for '${name}' row ${i} but received ${x}`, `${name}[${i}]`);
      data[i * d + j] = x;
      i++;
    }
  });
  return { data, nRows: n, nFeatures: d };
}

function flatColumns(prefix: string, o: Output, labels: readonly (string | number)[] | null): Record<string, ArrayLike<unknown>> {
  const out: Record<string, ArrayLike<unknown>> = {};
  if (o.shape.length === 1) {
    out[prefix] = Array.isArray(o.values) ? o.values : Float64Array.from(o.values as ArrayLike<number>);
    return out;
  }
  const [n, k] = o.shape;
  for (let c = 0; c < k; c++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = Number(o.values[i * k + c]);
    out[`${prefix}_${labels?.[c] ?? c}`] = col;
  }
  return out;
}

/**
 * A prediction as an Arrow IPC stream.
 * @param p - the prediction
 * @param classes - the class labels, naming the probability columns
 * @returns the stream's bytes
 */
export function predictionToArrow(p: Prediction, classes: readonly (string | number)[] | null): Uint8Array {
  const cols = { ...flatColumns('prediction', p.predictions, null), ...(p.probabilities ? flatColumns('proba', p.probabilities, classes) : {}) };
  return tableToIPC(tableFromArrays(cols as never) as unknown as Table, 'stream');
}
