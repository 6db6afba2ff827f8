#!/usr/bin/env node
/*
 * `npm run demo`: the quick-start job on the bundled data, through the stack's data flow: alimentar reads
 * data/digits.csv (the hand-written digits), trueno-db stores it and answers SQL (a summary, then the train and test
 * rows of scikit-learn's split as tensors), and aprender classifies them (a scaler + 1-nearest-neighbour pipeline,
 * logistic regression, Gaussian naive Bayes, a random forest, histogram gradient boosting). Then it times a 1024^3
 * float32 matmul and prints which backend ran. Last, the seed's integration example (examples/integration.ts) end to
 * end: samples/digits.parquet through a DataLoader into trueno-db, a 100-tree forest fitted on the query's tensors and
 * served by realizar on a free port; one real POST /predict, checked against model.predict, then the server closes.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { tableFromArrays } = require('apache-arrow');
const T = require('../dist/cjs/trueno');
const { ArrowDataset } = require('../dist/cjs/alimentar');
const { Database } = require('../dist/cjs/trueno-db');

const root = path.resolve(__dirname, '..');

/** The digits in an in-memory database, with each row's number and its side of the split. */
async function loadDigits(db) {
  const ds = await ArrowDataset.open(path.join(root, 'data/digits.csv'));
  const split = JSON.parse(fs.readFileSync(path.join(root, 'data/digits-split.json'), 'utf8'));
  const side = new Array(ds.numRows).fill('unused');
  for (const i of split.train) side[i] = 'train';
  for (const i of split.test) side[i] = 'test';
  const extra = tableFromArrays({ row: Int32Array.from(side, (_, i) => i), side });
  await db.insertBatch('digits', ds.toTable().assign(extra));
  return ds.columnNames.filter((c) => c !== 'target');
}

/** One side of the split as a feature matrix and label vector, in row order. */
async function sideOf(db, features, side) {
  const where = `FROM digits WHERE side = $1 ORDER BY row`;
  const x = (await db.query(`SELECT ${features.map((f) => `"${f}"`).join(', ')} ${where}`, [side])).toMatrix();
  const y = (await db.query(`SELECT target ${where}`, [side])).toVector();
  return { x, y };
}

async function main() {
  const db = new Database();
  const features = await loadDigits(db);
  const summary = await db.query('SELECT side, count(*) AS rows, count(DISTINCT target) AS classes FROM digits GROUP BY side ORDER BY side');
  const train = await sideOf(db, features, 'train');
  const test = await sideOf(db, features, 'test');
  db.close();
  const A = require('../dist/cjs/aprender');
  const accuracy = (predicted) => A.metrics.accuracyScore(test.y, predicted);
  const models = {
    'StandardScaler + 1-nearest-neighbour': A.makePipeline(new A.StandardScaler(), new A.KNeighborsClassifier({ nNeighbors: 1 })),
    'StandardScaler + LogisticRegression': A.makePipeline(new A.StandardScaler(), new A.LogisticRegression({ maxIter: 200 })),
    'GaussianNB': new A.GaussianNB(),
    'RandomForestClassifier (100 trees)': new A.RandomForestClassifier({ nEstimators: 100, randomState: 0 }),
    'HistGradientBoostingClassifier': new A.HistGradientBoostingClassifier({ randomState: 0 }),
  };
  const results = Object.entries(models).map(([name, model]) => {
    const start = process.hrtime.bigint();
    model.fit(train.x, train.y);
    const predicted = model.predict(test.x);
    return { name, accuracy: accuracy(predicted), ms: Number(process.hrtime.bigint() - start) / 1e6 };
  });

  const n = 1024;
  const a = T.Tensor.from(new Float32Array(n * n).map((_, i) => ((i * 2654435761) % 1000) / 1000 - 0.5), [n, n]);
  T.matmul(a, a);
  const t0 = process.hrtime.bigint();
  T.matmul(a, a);
  const gemmSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

  const info = T.backendInfo();
  console.log(`backend: ${info.backend} (${info.isa}, ${info.threads} threads) — ${info.reason}`);
  console.log(`digits in trueno-db:\n${summary.toString()}`);
  console.log(`digits: ${train.y.size} train / ${test.y.size} test rows, ${features.length} features`);
  for (const r of results) console.log(`${r.name.padEnd(38)} accuracy ${(100 * r.accuracy).toFixed(2)}% (fit + predict ${r.ms.toFixed(1)} ms)`);
  console.log(`matmul 1024x1024x1024 float32: ${(2 * n ** 3 / gemmSeconds / 1e9).toFixed(1)} GFLOP/s`);
  await integration();
}

/** examples/integration.ts on a free port: one POST /predict over HTTP, its answer beside model.predict's. */
async function integration() {
  require('./register-ts.js');
  const example = require('../examples/integration.ts');
  const { server, model, x } = await example.main({ address: '127.0.0.1:0' });
  try {
    const d = x.shape[1];
    const rows = [0, 1, 2, 3].map((i) => Array.from(x.data.subarray(i * d, (i + 1) * d)));
    const res = await fetch(`${server.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances: rows }),
    });
    const answer = await res.json();
    const expected = Array.from(model.predict(rows).data, Number);
    const same = JSON.stringify(answer.predictions) === JSON.stringify(expected);
    console.log(`integration: Parquet -> DataLoader(32) -> trueno-db -> RandomForestClassifier(100) -> realizar at ${server.url}`);
    console.log(`  POST /predict {"instances": [4 digits]} -> ${res.status} ${JSON.stringify(answer)} (model.predict: ${JSON.stringify(expected)}${same ? ', the same' : ', DIFFERENT'})`);
    if (!same) process.exitCode = 1;
  } finally {
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
