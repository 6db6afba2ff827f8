#!/usr/bin/env node
/*
 * `npm run demo`: the quick-start job on the bundled data. Classifies the hand-written digits of data/digits.csv
 * (scikit-learn's train/test split) with a 1-nearest-neighbour and a nearest-centroid classifier built from trueno
 * ops (standardize, pairwise distances, argmin), then times a 1024^3 float32 matmul. Prints which backend ran.
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

// Standardize with the training statistics (constant pixels keep scale 1).
const mean = T.mean(train.x, { axis: 0 });
const std = T.std(train.x, { axis: 0 });
for (let i = 0; i < std.size; i++) if (std.data[i] === 0) std.data[i] = 1;
const standardize = (x) => T.div(T.sub(x, mean), std);
const xTrain = standardize(train.x);
const xTest = standardize(test.x);

const accuracy = (predicted) => predicted.reduce((ok, p, i) => ok + (p === test.y[i] ? 1 : 0), 0) / test.y.length;

const start = process.hrtime.bigint();
const nearest = T.argmin(T.pairwiseSqDist(xTest, xTrain), { axis: 1 });
const knn = Array.from(nearest.data, (j) => train.y[j]);
const knnMs = Number(process.hrtime.bigint() - start) / 1e6;

const classes = 10;
const centroids = T.Tensor.zeros([classes, features], 'float32');
const counts = new Float32Array(classes);
for (let i = 0; i < train.y.length; i++) {
  counts[train.y[i]]++;
  for (let f = 0; f < features; f++) centroids.data[train.y[i] * features + f] += xTrain.data[i * features + f];
}
const centroidMeans = T.div(centroids, T.Tensor.from(counts, [classes, 1]));
const nearestCentroid = Array.from(T.argmin(T.pairwiseSqDist(xTest, centroidMeans), { axis: 1 }).data);

const n = 1024;
const a = T.Tensor.from(new Float32Array(n * n).map((_, i) => ((i * 2654435761) % 1000) / 1000 - 0.5), [n, n]);
T.matmul(a, a);
const t0 = process.hrtime.bigint();
T.matmul(a, a);
const gemmSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

const info = T.backendInfo();
console.log(`backend: ${info.backend} (${info.isa}, ${info.threads} threads) — ${info.reason}`);
console.log(`digits: ${train.y.length} train / ${test.y.length} test rows, ${features} features`);
console.log(`1-nearest-neighbour accuracy: ${(100 * accuracy(knn)).toFixed(2)}% (distances + argmin in ${knnMs.toFixed(1)} ms)`);
console.log(`nearest-centroid accuracy:    ${(100 * accuracy(nearestCentroid)).toFixed(2)}%`);
console.log(`matmul 1024x1024x1024 float32: ${(2 * n ** 3 / gemmSeconds / 1e9).toFixed(1)} GFLOP/s`);
