/**
 * Predicting and scoring a fitted model over a data file, batch by batch: the file is streamed (StreamingDataset
 * reads only the model's feature columns, one Parquet row group or a few MB of text at a time), each batch predicted
 * as it comes and written straight out with alimentar's writer for the output's format, so a file larger than memory
 * is predicted in bounded memory. The output appears atomically or not at all.
 */
import { Field, Float64, Int64, makeData, makeVector, RecordBatch, Schema, Struct, Table, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import type { Estimator } from '../../aprender/base/estimator';
import { ArrowDataset } from '../../alimentar/dataset';
import { ColumnError } from '../../alimentar/errors';
import { codecOf } from '../../alimentar/formats/codecs';
import { formatFromExtension, FORMATS, type Format } from '../../alimentar/formats/detect';
import { atomicWrite, localPath } from '../../alimentar/io';
import { StreamingDataset } from '../../alimentar/streaming';
import type { Tensor } from '../../trueno/tensor';
import { usageError } from '../shared/program';
import { CliDataError, defaultTarget, targetValues, type Targets } from './data';
import type { Task } from './models';
import { scores, type Scores } from './metrics';

/** Rows of text and JSON files read at a time (Parquet and IPC come in their own pieces). */
const CHUNK_BYTES = 4 << 20;

/** A fitted model as these functions use it. */
type Model = Estimator & {
  predict(X: unknown): Tensor | string[];
  predictProba?(X: unknown): Tensor;
  classes_?: number[] | string[];
};

/**
 * The task a fitted model does, from its kind.
 * @param model - the model
 * @returns classification or regression
 * @throws CliDataError for a model that neither classifies nor regresses (a transformer, a clusterer)
 */
export function taskOf(model: Estimator): Task {
  const kind = model.tags.kind;
  if (kind === 'classifier') return 'classification';
  if (kind === 'regressor') return 'regression';
  throw new CliDataError(`Expected a classifier or regressor but the model is a ${model.constructor.name} (${kind})`);
}

/**
 * The columns a model reads: the feature names it was fitted with, which must all be in the file.
 * @param model - the model
 * @param schema - the file's columns
 * @param file - its name, for messages
 * @param exclude - columns never used as features when the model has no names (the target)
 * @returns the names, in the model's order
 * @throws ColumnError naming the missing columns
 */
export function modelFeatures(model: Estimator, schema: Schema, file: string, exclude: string[] = []): string[] {
  const names = schema.fields.map((f) => f.name);
  const wanted = model.featureNamesIn_ ?? names.filter((n) => !exclude.includes(n));
  const missing = wanted.filter((n) => !names.includes(n));
  if (missing.length > 0) {
    throw new ColumnError(`Expected the model's feature columns in ${file} but ${missing.map((n) => `'${n}'`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (it has: ${names.join(', ')})`, missing[0]);
  }
  return wanted;
}

function isIntegral(classes: readonly (number | string)[]): boolean {
  return classes.every((c) => typeof c === 'number' && Number.isSafeInteger(c));
}

function predictionType(model: Model, task: Task): DataType {
  if (task === 'regression') return new Float64();
  const classes = model.classes_ ?? [];
  if (classes.some((c) => typeof c === 'string')) return new Utf8();
  return isIntegral(classes) ? new Int64() : new Float64();
}

function predictionVector(model: Estimator, pred: Tensor | string[], type: DataType): Vector {
  if (Array.isArray(pred) !== type instanceof Utf8) {
    throw new CliDataError(`Expected ${type instanceof Utf8 ? 'text' : 'numeric'} predictions from ${model.constructor.name} (its classes_ say so) but it predicted ${Array.isArray(pred) ? 'text' : 'numbers'}`);
  }
  if (Array.isArray(pred)) return vectorFromArray(pred, new Utf8());
  if (pred.ndim !== 1) throw new CliDataError(`Expected one prediction per row but ${model.constructor.name} predicts [${pred.shape.join(', ')}] (several targets)`);
  const data = pred.data as ArrayLike<number>;
  if (type instanceof Int64) return makeVector(BigInt64Array.from(Array.from(data, (v) => BigInt(v))));
  return makeVector(Float64Array.from(data));
}

/** Options of {@link predictFile}. */
export interface PredictFileOptions {
  /** Also write the class probabilities, one column `proba_<class>` each (classifiers with predictProba). */
  proba?: boolean;
  /** Input columns copied to the output before the predictions (an id column, say). */
  keep?: string[];
  /** Called after each batch with the rows done so far and the input's row count when known. */
  onProgress?: (rows: number, total: number | undefined) => void;
}

/**
 * The output format named by a path's extension.
 * @param output - the output path
 * @returns the format
 * @throws a usage error when the extension names no format
 */
export function outputFormat(output: string): Format {
  const format = formatFromExtension(output);
  if (format === undefined) throw usageError(`Expected an output file whose extension names a format (${FORMATS.join(', ')}) for --out but received '${output}'`);
  return format;
}

/**
 * Predicts every row of a data file and writes the predictions, streaming.
 * @param model - a fitted classifier or regressor
 * @param input - the data file (Parquet, Arrow IPC, CSV, JSON)
 * @param output - where to write: the format comes from the extension
 * @param options - probabilities, kept columns, progress
 * @returns the rows written and the output format
 * @throws ColumnError for missing columns; the reader's errors; CliDataError for a model without predictProba when
 *   probabilities are asked; on any error the output is left as it was
 */
export async function predictFile(model: Estimator, input: string, output: string, options: PredictFileOptions = {}): Promise<{ rows: number; format: Format; columns: string[] }> {
  const m = model as Model;
  const task = taskOf(model);
  const format = outputFormat(output);
  const target = localPath(output);
  if (target === undefined) throw usageError(`Expected a local path for --out but received '${output}'`);
  if (options.proba && (task !== 'classification' || typeof m.predictProba !== 'function')) {
    throw new CliDataError(`Expected a classifier with predictProba for --proba but the model is a ${model.constructor.name}`);
  }
  const probe = await StreamingDataset.open(input, { chunkBytes: CHUNK_BYTES });
  probe.close();
  const keep = options.keep ?? [];
  const features = modelFeatures(model, probe.schema, input);
  for (const k of keep) if (!probe.schema.fields.some((f) => f.name === k)) throw new ColumnError(`Expected a column of ${input} (${probe.schema.fields.map((f) => f.name).join(', ')}) for --keep but received '${k}'`, k);
  const columns = [...new Set([...keep, ...features])];
  const type = predictionType(m, task);
  const probaNames = options.proba ? (m.classes_ ?? []).map((c) => `proba_${c}`) : [];
  const clash = keep.find((k) => k === 'prediction' || probaNames.includes(k));
  if (clash !== undefined) throw usageError(`Expected --keep columns other than the output's own (prediction${probaNames.length ? ', proba_*' : ''}) but received '${clash}'`);
  // opened only once nothing can throw before the try/finally below that closes it
  const sd = await StreamingDataset.open(input, { chunkBytes: CHUNK_BYTES, columns });
  const keptFields = keep.map((k) => sd.schema.fields.find((f) => f.name === k) as Field);
  const schema = new Schema([...keptFields, new Field('prediction', type, false), ...probaNames.map((n) => new Field(n, new Float64(), false))]);

  let rows = 0;
  // atomicWrite reports what fails inside the batches as a write error; the model's or the data's own error is kept
  let failure: unknown;
  const batches = async function* (): AsyncGenerator<RecordBatch> {
    try {
      yield* predicted();
    } catch (e) {
      failure = e;
      throw e;
    }
  };
  const predicted = async function* (): AsyncGenerator<RecordBatch> {
    for await (const batch of sd.batches()) {
      if (batch.numRows === 0) continue;
      const X = ArrowDataset.fromTable(new Table(batch)).select(features);
      const vectors: Vector[] = keep.map((k) => batch.getChild(k) as Vector);
      vectors.push(predictionVector(model, m.predict(X), type));
      if (options.proba) {
        const p = (m.predictProba as (X: unknown) => Tensor).call(m, X);
        const k = probaNames.length;
        const data = p.data as Float64Array;
        for (let j = 0; j < k; j++) vectors.push(makeVector(Float64Array.from({ length: batch.numRows }, (_, i) => data[i * k + j])));
      }
      const children = vectors.map((v) => v.data[0]);
      yield new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children }));
      rows += batch.numRows;
      options.onProgress?.(rows, sd.numRows);
    }
  };
  try {
    await atomicWrite(target, codecOf(format).writeBatches(batches(), schema, {}));
  } catch (e) {
    throw failure ?? e;
  } finally {
    sd.close();
  }
  return { rows, format, columns: schema.fields.map((f) => f.name) };
}

/**
 * Scores a fitted model on a labelled data file, streaming: predictions are made batch by batch, the targets and
 * predictions kept (two numbers or labels per row) for the metrics at the end.
 * @param model - a fitted classifier or regressor
 * @param input - the data file
 * @param target - the target column (default: `target`, else `label`)
 * @param options - progress
 * @returns the metrics, the rows scored and the target column
 * @throws ColumnError for a missing target or feature column; CliDataError for missing target values
 */
export async function evaluateFile(model: Estimator, input: string, target: string | undefined, options: Pick<PredictFileOptions, 'onProgress'> = {}): Promise<{ rows: number; task: Task; target: string; scores: Scores }> {
  const m = model as Model;
  const task = taskOf(model);
  const probe = await StreamingDataset.open(input, { chunkBytes: CHUNK_BYTES });
  probe.close();
  const names = probe.schema.fields.map((f) => f.name);
  const targetName = target ?? defaultTarget(names, input);
  if (!names.includes(targetName)) throw new ColumnError(`Expected a column of ${input} (${names.join(', ')}) for the target but received '${targetName}'`, targetName);
  const features = modelFeatures(model, probe.schema, input, [targetName]);
  const sd = await StreamingDataset.open(input, { chunkBytes: CHUNK_BYTES, columns: [...new Set([targetName, ...features])] });
  const truth: Targets[] = [];
  const predicted: (Float64Array | string[])[] = [];
  let rows = 0;
  try {
    for await (const batch of sd.batches()) {
      if (batch.numRows === 0) continue;
      truth.push(targetValues(batch.getChild(targetName) as Vector, targetName, task));
      const p = m.predict(ArrowDataset.fromTable(new Table(batch)).select(features));
      predicted.push(Array.isArray(p) ? p : Float64Array.from(p.data as ArrayLike<number>));
      rows += batch.numRows;
      options.onProgress?.(rows, sd.numRows);
    }
  } finally {
    sd.close();
  }
  if (rows === 0) throw new CliDataError(`Expected rows in ${input} but it has none`);
  return { rows, task, target: targetName, scores: scores(task, concat(truth), concat(predicted)) };
}

function concat(parts: (Float64Array | string[])[]): Float64Array | string[] {
  if (parts.every((p) => Array.isArray(p))) return (parts as string[][]).flat();
  if (parts.some((p) => Array.isArray(p))) return parts.flatMap((p) => Array.from(p as ArrayLike<number | string>, String));
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p as Float64Array, at);
    at += p.length;
  }
  return out;
}
