/**
 * The seed's integration example, end to end on the bundled digits data (samples/digits.parquet, shipped with the package):
 *
 *   alimentar   ArrowDataset.open a Parquet file, DataLoader batches of 32
 *   trueno-db   db.insertBatch('training', batch) for each batch, then SQL back out as tensors (toMatrix / toVector)
 *   aprender    new RandomForestClassifier({ nEstimators: 100 }).fit(x, y)
 *   realizar    serve(model, '0.0.0.0:8080'): POST /predict answers with the model's predictions
 *
 * Run it: `node -r ./scripts/register-ts.js examples/integration.ts [--host 0.0.0.0] [--port 8080] [--data file]`
 * (after `npm ci`, which builds dist/), then
 * `curl -d '{"instances": [[0, 0, 5, 13, ...64 pixels]]}' -H 'content-type: application/json' localhost:8080/predict`.
 * `npm run demo` runs it on a free port, posts one request and closes it.
 *
 * It imports the package by its name, as an application would; inside this repository that name resolves to the
 * built dist/ (the package's self-reference), and jest maps it to lib/.
 */
import * as path from 'node:path';
import { ArrowDataset, DataLoader } from 'sovereign-ai/alimentar';
import { Database } from 'sovereign-ai/trueno-db';
import { RandomForestClassifier } from 'sovereign-ai/aprender';
import { serve } from 'sovereign-ai/realizar';
import type { Tensor } from 'sovereign-ai/trueno';

/** The bundled data set: scikit-learn's hand-written digits (64 pixel columns and `target`). */
export const DIGITS_PARQUET = path.join(__dirname, '..', 'samples', 'digits.parquet');

/** What {@link train} produced: the fitted model and the arrays it learned from. */
export interface Trained {
  /** The fitted 100-tree forest. */
  model: RandomForestClassifier;
  /** The feature matrix, rows in the file's order. */
  x: Tensor;
  /** The labels. */
  y: Tensor;
  /** The feature columns, in the matrix's order. */
  features: string[];
}

/** A running integration example: the model, its data, and the server answering for it. */
export interface Integration extends Trained {
  /** The realizar server (`server.url`, `await server.close()`). */
  server: Awaited<ReturnType<typeof serve>>;
}

/**
 * The first three steps: a Parquet file through a DataLoader into a trueno-db table, then SQL back out as tensors and
 * a random forest fitted on them.
 * @param dataPath - a Parquet (or any alimentar) file with numeric feature columns and a `target` column
 * @returns the fitted model, its training arrays and the feature names
 * @throws the alimentar error for a missing or corrupt file; a RangeError when the file has no `target` column
 * @example const { model, x } = await train(DIGITS_PARQUET); model.predict(x);
 */
export async function train(dataPath: string = DIGITS_PARQUET): Promise<Trained> {
  const dataset = await ArrowDataset.open(dataPath);
  if (!dataset.columnNames.includes('target')) {
    throw new RangeError(`Expected a 'target' column in ${dataPath} but received the columns ${dataset.columnNames.join(', ')}`);
  }
  const features = dataset.columnNames.filter((c) => c !== 'target');
  const db = new Database();
  try {
    for await (const batch of new DataLoader(dataset, { batchSize: 32 })) await db.insertBatch('training', batch);
    // Both queries scan the table in insertion order, so row i of x is labelled by y[i].
    const x = (await db.query(`SELECT ${features.map((f) => `"${f}"`).join(', ')} FROM training`)).toMatrix();
    const y = (await db.query('SELECT target FROM training')).toVector();
    const model = new RandomForestClassifier({ nEstimators: 100, randomState: 0 }).fit(x, y);
    return { model, x, y, features };
  } finally {
    db.close();
  }
}

/**
 * The whole example: {@link train}, then `serve(model, address)`.
 * @param options - `address` ("host:port", default "0.0.0.0:8080"; port 0 picks a free one, `server.url` says which)
 *   and `data` (default the bundled digits)
 * @returns the model, its data and the running server; close it with `await result.server.close()`
 * @throws as {@link train}, and realizar's error when the address is taken or malformed
 * @example const { server } = await main({ address: '127.0.0.1:0' }); console.log(server.url); await server.close();
 */
export async function main(options: { address?: string; data?: string } = {}): Promise<Integration> {
  const trained = await train(options.data);
  const server = await serve(trained.model, options.address ?? '0.0.0.0:8080');
  return { ...trained, server };
}

/** `--name value` from the command line, or the fallback. */
function flag(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const address = `${flag(args, 'host', '0.0.0.0')}:${flag(args, 'port', '8080')}`;
  main({ address, data: flag(args, 'data', DIGITS_PARQUET) })
    .then(({ server, x, features }) => {
      console.log(`random forest (100 trees) fitted on ${x.shape[0]} rows x ${features.length} features`);
      console.log(`serving at ${server.url} (POST /predict with {"instances": [[...${features.length} numbers]]}); Ctrl-C stops`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
