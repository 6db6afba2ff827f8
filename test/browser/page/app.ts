/**
 * A page as an app would write it: it imports the package by name (`sovereign-ai/trueno`, `sovereign-ai/alimentar`,
 * ..., and the root `sovereign-ai`), which esbuild resolves through package.json `exports` with the `browser` condition
 * to dist/browser. It runs trueno, reads the Parquet and Arrow IPC files the test server serves, round-trips each
 * format in memory, batches with the DataLoader, queries the data with trueno-db, builds a graph, and checks the
 * refusals; results go to `window.__report` and the page text.
 */
import { Tensor, TruenoWorker, backendInfo, matmul, ready, sum, type SvdResult } from 'sovereign-ai/trueno';
import { ArrowDataset, DataLoader, readBytes, ready as alimentarReady, type TensorBatch } from 'sovereign-ai/alimentar';
import { GaussianNB, loadAsync, save, toBytes } from 'sovereign-ai/aprender';
import { Database } from 'sovereign-ai/trueno-db';
import { Graph } from 'sovereign-ai/trueno-graph';
import * as sovereign from 'sovereign-ai';
import { digest, type Digest } from './digest';

const FEATURES = ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm'];

declare global {
  interface Window { __report?: unknown }
}

async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
    return 'no error';
  } catch (e) {
    return `${(e as Error).name}/${(e as { code?: string }).code ?? ''}`;
  }
}

async function main(): Promise<Record<string, unknown>> {
  const r: Record<string, unknown> = {};
  r.beforeReady = await code(() => sum(Tensor.from([1, 2, 3])));
  r.badBuild = await code(ready({ build: 'avx2' as never }));
  r.badWasm = await code(ready({ wasm: 42 as never }));
  r.info = await ready();
  await alimentarReady(); // one core per page: trueno's is shared, parquet-wasm is compiled here
  r.infoAfter = backendInfo();
  const a = Tensor.from(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
  const b = Tensor.from(new Float32Array([1, 0, 0, 1, 1, 1]), [3, 2]);
  r.matmul = Array.from(matmul(a, b).data as Float32Array);
  r.sum = sum(Tensor.from(new Float64Array(1000).fill(0.5)));

  // heavy ops in a Web Worker, on request
  const worker = await TruenoWorker.start();
  const big = Tensor.from(Float64Array.from({ length: 120 * 80 }, (_, i) => Math.sin(i)), [120, 80]);
  const bigT = Tensor.from(Float64Array.from({ length: 80 * 60 }, (_, i) => Math.cos(i)), [80, 60]);
  const there = (await worker.run('matmul', big, bigT)) as Tensor;
  const here = matmul(big, bigT);
  r.workerInfo = (await worker.info()).version;
  r.workerMatmul = { shape: there.shape, same: Array.from(there.data as Float64Array).every((v, i) => v === (here.data as Float64Array)[i]) };
  r.workerSvd = ((await worker.run('svd', big)) as SvdResult).s.shape;
  r.workerBadOp = await code(worker.run('nope' as never, big));
  r.workerOpError = await code(worker.run('matmul', big, big));
  worker.terminate();
  r.workerAfterTerminate = await code(worker.run('matmul', big, bigT));
  const parquet = await ArrowDataset.open('/data/iris.parquet');
  const ipc = await ArrowDataset.open('/data/iris.arrow');
  r.parquet = digest(parquet.toTable());
  r.ipc = digest(ipc.toTable());
  const roundTrips: Record<string, Digest> = {};
  for (const format of ['parquet', 'ipc', 'csv', 'json', 'jsonl'] as const) {
    roundTrips[format] = digest(ArrowDataset.fromBytes(parquet.toBytes(format), { format }).toTable());
  }
  r.roundTrips = roundTrips;
  const picked = new File([ipc.toBytes('ipc') as Uint8Array<ArrayBuffer>], 'picked.arrow') // bytes in their own ArrayBuffer;
  r.fromFile = digest((await ArrowDataset.fromBlob(picked)).toTable());
  r.transformed = parquet.filter('target == 2').select(['petal_length_cm']).numRows;
  let batches = 0;
  let rows = 0;
  for await (const batch of new DataLoader<TensorBatch>(parquet, { batchSize: 32, shuffle: true, seed: 7, tensors: { target: 'target' } })) {
    batches++;
    rows += batch.x.shape[0];
  }
  r.loader = { batches, rows };
  r.missing = await code(readBytes('/data/missing.parquet'));
  r.fileUrl = await code(ArrowDataset.open('file:///etc/passwd'));
  r.write = await code(parquet.write('out.parquet'));
  // aprender: a model file fitted and saved in Node, loaded here from its bytes and from its URL; a fit in the page
  const X = parquet.toMatrix(FEATURES);
  const bytes = new Uint8Array(await (await fetch('/iris.apr')).arrayBuffer());
  const model = await loadAsync(bytes);
  r.modelClass = model.constructor.name;
  r.loadedPredictions = Array.from(((model as GaussianNB).predict(X) as Tensor).data as ArrayLike<number>, Number);
  r.urlPredictions = Array.from((((await loadAsync('/iris.apr')) as GaussianNB).predict(X) as Tensor).data as ArrayLike<number>, Number);
  const fitted = new GaussianNB().fit(X, parquet.toVector('target'));
  r.pageFitPredictions = Array.from((fitted.predict(X) as Tensor).data as ArrayLike<number>, Number);
  r.pageModelReloads = Array.from((((await loadAsync(toBytes(fitted))) as GaussianNB).predict(X) as Tensor).data as ArrayLike<number>, Number);
  r.saveRefused = await code(save(fitted, 'iris.apr'));
  r.badModel = await code(loadAsync(new Uint8Array(10)));
  r.corrupt = await code(() => ArrowDataset.fromBytes(new Uint8Array([80, 65, 82, 49, 0, 0, 80, 65, 82, 49]), { format: 'parquet' }));
  // trueno-db: the fetched dataset queried in memory; on-disk parts absent, files in SQL refused
  const db = new Database();
  await db.insertBatch('iris', parquet);
  r.dbMeans = (await db.query('SELECT target, avg(petal_length_cm) AS m, count(*) AS n FROM iris GROUP BY target ORDER BY target')).rows();
  r.dbMatrix = (await db.query('SELECT sepal_length_cm, petal_width_cm FROM iris WHERE target = 1')).toMatrix().shape;
  r.dbFile = await code(db.query("SELECT * FROM '/data/iris.parquet'"));
  r.dbAbsent = [typeof (Database as unknown as Record<string, unknown>).open, typeof (db as unknown as Record<string, unknown>).optimize];
  await db.close();
  // trueno-graph: a graph from a fetched edge list and from arrays; save / load absent
  const g = Graph.fromEdges({ src: ['a', 'b', 'c', 'c'], dst: ['b', 'c', 'a', 'd'], directed: true });
  r.graphScc = g.stronglyConnectedComponents().count;
  r.graphAbsent = [typeof (g as unknown as Record<string, unknown>).save, typeof (Graph as unknown as Record<string, unknown>).load];
  // the root entry: every browser part, one trueno instance shared with the subpath entries
  r.rootParts = Object.keys(sovereign).sort();
  r.rootSameTrueno = sovereign.trueno.Tensor === Tensor && sovereign.truenoDb.Database === Database;
  return r;
}

main().then(
  (r) => {
    window.__report = r;
    document.getElementById('out')!.textContent = JSON.stringify(r, null, 1);
  },
  (e) => {
    const report = { error: `${(e as Error).name}: ${(e as Error).message}` };
    window.__report = report;
    document.getElementById('out')!.textContent = String(report.error);
  },
);
