/**
 * The real datasets of ../shared/data with the split of splits.json (the rows scikit-learn's train_test_split gave),
 * and the scikit-learn figures that sklearn_reference.py stored, for the aprender parity tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ArrowDataset } from '../../../lib/alimentar/dataset';
import { Tensor } from '../../../lib/trueno/tensor';
import { SHARED_DATA } from '../../helpers/shared-data';

export const DATA_DIR = SHARED_DATA;

/** The datasets by task. */
export const CLASSIFICATION = ['iris', 'wine', 'breast_cancer', 'digits'] as const;
export const REGRESSION = ['diabetes'] as const;
export type DatasetName = (typeof CLASSIFICATION)[number] | (typeof REGRESSION)[number];

/** One dataset, split: X as float64 matrices, y as float64 (regression) or int32 class labels. */
export interface Split {
  name: DatasetName;
  featureNames: string[];
  XTrain: Tensor<'float64'>;
  yTrain: Float64Array | Int32Array;
  XTest: Tensor<'float64'>;
  yTest: Float64Array | Int32Array;
  /** The whole dataset as read (named columns), for the Arrow-input paths. */
  dataset: ArrowDataset;
}

const cache = new Map<DatasetName, Split>();

function take(X: Float64Array, d: number, rows: number[]): Tensor<'float64'> {
  const out = new Float64Array(rows.length * d);
  rows.forEach((r, i) => out.set(X.subarray(r * d, (r + 1) * d), i * d));
  return Tensor.from(out, [rows.length, d]) as Tensor<'float64'>;
}

/**
 * Loads a dataset (from its Parquet file) and splits it as splits.json says.
 * @param name - iris, wine, breast_cancer, digits or diabetes
 * @returns the split, cached per test file
 */
export function loadSplit(name: DatasetName): Split {
  const hit = cache.get(name);
  if (hit) return hit;
  const meta = JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'datasets.json'), 'utf8'))[name];
  const splits = JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'splits.json'), 'utf8'))[name];
  const dataset = ArrowDataset.fromBytes(fs.readFileSync(path.join(DATA_DIR, `${name}.parquet`)), { format: 'parquet' });
  const featureNames = dataset.columnNames.filter((c) => c !== meta.target);
  const X = dataset.toMatrix(featureNames, 'float64').data as Float64Array;
  const yAll = dataset.toVector(meta.target, 'float64').data as Float64Array;
  const y = meta.task === 'classification' ? Int32Array.from(yAll) : yAll;
  const pick = (rows: number[]) => (y instanceof Int32Array ? Int32Array.from(rows, (r) => y[r]) : Float64Array.from(rows, (r) => y[r]));
  const d = featureNames.length;
  const split: Split = {
    name, featureNames, dataset,
    XTrain: take(X, d, splits.train), yTrain: pick(splits.train),
    XTest: take(X, d, splits.test), yTest: pick(splits.test),
  };
  cache.set(name, split);
  return split;
}

/** What sklearn_reference.py stored for one family: case id -> dataset -> recorded values. */
export type Reference = Record<string, Record<string, Record<string, unknown>>>;

/**
 * The stored scikit-learn figures of a family (test/aprender/reference/<family>.json).
 * @param family - the cases_<family>.py name
 * @returns the cases; 'nan' / 'inf' / '-inf' strings stay as they are
 */
export function reference(family: string): Reference {
  return JSON.parse(fs.readFileSync(path.join(__dirname, `${family}.json`), 'utf8')).cases;
}
