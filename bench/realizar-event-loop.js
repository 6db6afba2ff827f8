#!/usr/bin/env node
/*
 * How long realizar's event loop is blocked while large batches predict: the same 100-tree forest served twice, once
 * predicting on the event loop (predictThreads 0) and once in the predict workers, with concurrent 5,000-row requests;
 * a timer measures the event loop's delay (perf_hooks.monitorEventLoopDelay) and /health's latency meanwhile. Bounded:
 * a fixed number of requests. Run from the build: `node bench/realizar-event-loop.js` (after `node scripts/build-ts.js`).
 */
'use strict';
const { monitorEventLoopDelay, performance } = require('node:perf_hooks');
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist', 'cjs');
const { serve } = require(path.join(dist, 'realizar', 'index.js'));
const { RandomForestClassifier } = require(path.join(dist, 'aprender', 'index.js'));

const ROWS = 5000;
const REQUESTS = 12;
const CONCURRENT = 4;

function data(n, d, seed) {
  const X = [];
  const y = [];
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: d }, rnd);
    X.push(row);
    y.push(row[0] + row[1] > 1 ? 1 : 0);
  }
  return { X, y };
}

async function run(model, predictThreads, body) {
  const server = await serve({ models: { m: model }, port: 0, predictThreads, processMetrics: false });
  // warm up: workers started and the model loaded in each
  await Promise.all(Array.from({ length: Math.max(1, predictThreads) }, () => fetch(`${server.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })));
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const healthLatencies = [];
  let stop = false;
  const prober = (async () => {
    while (!stop) {
      const t = performance.now();
      await (await fetch(`${server.url}/health`)).text();
      healthLatencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const t0 = performance.now();
  let sent = 0;
  const worker = async () => {
    while (sent < REQUESTS) {
      sent++;
      await (await fetch(`${server.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT }, worker));
  const wall = performance.now() - t0;
  stop = true;
  await prober;
  h.disable();
  await server.close();
  healthLatencies.sort((a, b) => a - b);
  return {
    predictThreads, wallMs: Math.round(wall), rowsPerS: Math.round((REQUESTS * ROWS) / (wall / 1000)),
    loopDelayMaxMs: +(h.max / 1e6).toFixed(1), loopDelayP99Ms: +(h.percentile(99) / 1e6).toFixed(1),
    healthP50Ms: +healthLatencies[Math.floor(healthLatencies.length / 2)].toFixed(1), healthMaxMs: +healthLatencies[healthLatencies.length - 1].toFixed(1),
  };
}

(async () => {
  const { X, y } = data(2000, 10, 7);
  const model = new RandomForestClassifier({ nEstimators: 100, randomState: 0 }).fit(X, y);
  const body = JSON.stringify({ instances: data(ROWS, 10, 11).X });
  const results = [await run(model, 0, body), await run(model, 2, body)];
  console.log(JSON.stringify({ rows: ROWS, requests: REQUESTS, concurrent: CONCURRENT, load: require('node:os').loadavg().map((l) => +l.toFixed(1)), results }, null, 2));
})();
