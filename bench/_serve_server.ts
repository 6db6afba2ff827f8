/**
 * Our side of `npm run bench -- serve` (started by bench/serve.ts in its own process, as the baseline runs in its
 * own): fits the two models on WORKLOADS 'tab' with the settings of bench/_python/serve.py and serves them with
 * realizar on 127.0.0.1, a free port. Prints one JSON line (label, checksums, url, accuracy), then serves until
 * stdin closes.
 *
 * Run: node -r ./scripts/register-ts.js bench/_serve_server.ts [--scale S]
 */
import { backendInfo, Tensor } from '../lib/trueno';
import { LogisticRegression, RandomForestClassifier } from '../lib/aprender';
import { serve } from '../lib/realizar';
import { defaultPredictThreads } from '../lib/realizar/predict-pool';
import { checksum, tabWorkload } from './_workloads';

const D = 20;

async function main(args: string[]): Promise<void> {
  const at = args.indexOf('--scale');
  const scale = at >= 0 ? Number(args[at + 1]) : 1;
  const tab = tabWorkload(scale);
  const train = Tensor.from(tab.train, [tab.trainLabels.length, D]);
  const test = Tensor.from(tab.test, [tab.testLabels.length, D]);
  const models = {
    rf: new RandomForestClassifier({ nEstimators: 100, nJobs: 2, randomState: 0 }).fit(train, tab.trainLabels),
    logit: new LogisticRegression({ maxIter: 200 }).fit(train, tab.trainLabels),
  };
  const accuracy = Object.fromEntries(Object.entries(models).map(([name, m]) => [name, m.score(test, tab.testLabels)]));
  const server = await serve({ models, host: '127.0.0.1', port: 0 });
  const checksums = { tabXTrain: checksum(tab.train), tabYTrain: checksum(tab.trainLabels), tabXTest: checksum(tab.test), tabYTest: checksum(tab.testLabels) };
  const b = backendInfo();
  const threads = defaultPredictThreads();
  const setup = `1 process: the event loop, ${threads} predict worker thread${threads === 1 ? '' : 's'}, the ${b.backend} backend's pool of ${b.threads} threads`;
  process.stdout.write(`${JSON.stringify({ label: `realizar (sovereign-ai ${require('../package.json').version})`, checksums, url: server.url, accuracy, setup })}\n`);
  // The bench closes stdin to stop us (a killed bench leaves no orphan serving on).
  process.stdin.resume();
  process.stdin.once('end', () => void server.close().then(() => process.exit(0)));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
