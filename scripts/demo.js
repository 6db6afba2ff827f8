#!/usr/bin/env node
/*
 * `npm run demo`: the quick-start job on the bundled data. Classifies the hand-written digits of data/digits.csv
 * (scikit-learn's train/test split) with aprender estimators (a scaler + 1-nearest-neighbour pipeline, logistic
 * regression, Gaussian naive Bayes, a random forest, histogram gradient boosting), then times a 1024^3 float32
 * matmul. Prints which backend ran.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const T = require('../dist/cjs/trueno');

const root = path.resolve(__dirname, '..');
const lines = fs.readFileSync(path.join(root, 'data/digits.csv'), 'utf8').trim().split('\n');
const header = lines[0].split(',').map((h) => h.replace(/"/g, ''));
const labelColumn = header.indexOf('target');
const features = header.length - 1;
const split = JSON.parse(fs.readFileSync(path.join(root, 'data/digits-split.json'), 'utf8'));

function rowsOf(indices) {
  const x = new Float32Array(indices.length * features);
  const y = new Int32Array(indices.length);
  indices.forEach((row, i) => {
    const cells = lines[row + 1].split(',').map(Number);
    let f = 0;
    cells.forEach((v, c) => {
      if (c === labelColumn) y[i] = v;
      else x[i * features + f++] = v;
    });
  });
  return { x: T.Tensor.from(x, [indices.length, features]), y };
}

const train = rowsOf(split.train);
const test = rowsOf(split.test);

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
console.log(`digits: ${train.y.length} train / ${test.y.length} test rows, ${features} features`);
for (const r of results) console.log(`${r.name.padEnd(38)} accuracy ${(100 * r.accuracy).toFixed(2)}% (fit + predict ${r.ms.toFixed(1)} ms)`);
console.log(`matmul 1024x1024x1024 float32: ${(2 * n ** 3 / gemmSeconds / 1e9).toFixed(1)} GFLOP/s`);
