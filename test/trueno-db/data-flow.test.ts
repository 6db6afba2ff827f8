/**
 * The stack's data flow end to end: a file read by alimentar, stored and queried in trueno-db, the result handed to
 * aprender as a Tensor (files -> alimentar -> trueno-db -> aprender).
 */
import path from 'node:path';
import { ArrowDataset } from '../../lib/alimentar/dataset';
import { GaussianNB } from '../../lib/aprender/naive-bayes/gaussian-nb';
import { Database } from '../../lib/trueno-db';
import { stopQueryWorkers } from '../../lib/trueno-db/worker';

afterAll(() => stopQueryWorkers());

it('fits a model on features selected by SQL from a Parquet file loaded through alimentar', async () => {
  const ds = await ArrowDataset.open(path.resolve(__dirname, '../../../shared/data/iris.parquet'));
  const db = new Database();
  await db.insertBatch('iris', ds);
  const X = (await db.query('SELECT sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm FROM iris')).toMatrix();
  const y = (await db.query('SELECT CAST(target AS INTEGER) AS y FROM iris')).toVector();
  expect(X.shape).toEqual([150, 4]);
  expect(y.dtype).toBe('int32');
  const model = new GaussianNB().fit(X, y);
  expect(model.score(X, y)).toBeGreaterThan(0.9);
  // the same rows through a filter: setosa only
  const setosa = (await db.query('SELECT petal_length_cm, petal_width_cm FROM iris WHERE target = 0')).toMatrix();
  expect(setosa.shape).toEqual([50, 2]);
});
