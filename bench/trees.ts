/**
 * `npm run bench -- trees [case...] [--scale S] [--markdown]`: aprender's tree models on WORKLOADS.md's 'tab' data
 * (50k train x 20, 10k test, binary) against scikit-learn on the same arrays (checked by checksum), each baseline
 * timed right after ours at the same thread count, with the test accuracy of both models beside the times so speed
 * never hides a worse model. Native backend, 2 threads (the forests use nJobs 2 on both sides).
 *
 * Cases (ratio = baseline time / ours; issue 10's targets):
 *   dt_fit        DecisionTreeClassifier() fit                                   >= 2x
 *   rf_fit        RandomForestClassifier(100 trees, nJobs 2) fit                 >= 3x
 *   rf_predict    its predictProba on the 10k test rows                          >= 2x
 *   et_fit        ExtraTreesClassifier(100 trees, nJobs 2) fit                   (no target)
 *   gb_fit        GradientBoostingClassifier(100 stages) fit                     (no target)
 *   hgb_fit       HistGradientBoostingClassifier(100 iterations, no early stop)  >= 1x, and LightGBM with the same
 *                 settings measured beside it (hgb_lightgbm)
 *   forest_nodes  memory of the 100-tree forest: nodes and bytes per node, ours and scikit-learn's
 */
import * as os from 'node:os';
import { Tensor, backendInfo, setBackend, setThreads } from '../lib/trueno';
import { treeBytes, type FlatTrees } from '../lib/aprender/tree/flat-trees';
import { PythonBaseline, findPython } from './_baselines';
import { exported, type Model } from './ml';
import { emit, markdownTables, measure, result, type CaseResult } from './_stats';
import { checkTestVectors, checksum, tabWorkload } from './_workloads';

const D = 20;
const THREADS = 2;

interface Case {
  name: string;
  estimator: string;
  options: Record<string, unknown>;
  /** Times the predict of a model fitted outside the timing instead of the fit. */
  predict?: boolean;
  /** The baseline case(s) this one is compared with (its own name by default). */
  baselines?: string[];
}

const CASES: Case[] = [
  { name: 'dt_fit', estimator: 'DecisionTreeClassifier', options: { randomState: 0 } },
  { name: 'rf_fit', estimator: 'RandomForestClassifier', options: { nEstimators: 100, nJobs: THREADS, randomState: 0 } },
  { name: 'rf_predict', estimator: 'RandomForestClassifier', options: { nEstimators: 100, nJobs: THREADS, randomState: 0 }, predict: true },
  { name: 'et_fit', estimator: 'ExtraTreesClassifier', options: { nEstimators: 100, nJobs: THREADS, randomState: 0 } },
  { name: 'gb_fit', estimator: 'GradientBoostingClassifier', options: { nEstimators: 100, randomState: 0 } },
  { name: 'hgb_fit', estimator: 'HistGradientBoostingClassifier', options: { maxIter: 100, earlyStopping: false, randomState: 0 },
    baselines: ['hgb_fit', 'hgb_lightgbm'] },
];

/** The fitted trees among a model's learned state (the one FlatTrees-shaped value). */
function flatTrees(model: Model): FlatTrees | undefined {
  return Object.values(model).find((v): v is FlatTrees => typeof v === 'object' && v !== null && 'roots' in v && 'feature' in v && 'values' in v);
}

/**
 * Runs the cases and prints one JSON line per comparison, then the markdown table.
 * @param args - case names (default all), `--scale S` (quick harness checks only), `--markdown` for the table on stdout
 */
export async function main(args: string[]): Promise<void> {
  checkTestVectors();
  const loadAtStart = os.loadavg()[0].toFixed(1);
  const scaleAt = args.indexOf('--scale');
  const scale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : 1;
  const wanted = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--scale');
  const known = [...CASES.map((c) => c.name), 'forest_nodes'];
  const unknown = wanted.filter((w) => !known.includes(w));
  if (unknown.length) throw new Error(`unknown case(s) ${unknown.join(', ')}; cases: ${known.join(' ')}`);
  const chosen = CASES.filter((c) => wanted.length === 0 || wanted.includes(c.name));

  const tab = tabWorkload(scale);
  const train = Tensor.from(tab.train, [tab.trainLabels.length, D]);
  const test = Tensor.from(tab.test, [tab.testLabels.length, D]);
  const python = findPython(['sklearn']);
  if (!python) process.stderr.write('note: no Python with scikit-learn found (set SOVEREIGN_PYTHON); no baselines\n');
  const sums = { tabXTrain: checksum(tab.train), tabYTrain: checksum(tab.trainLabels), tabXTest: checksum(tab.test), tabYTest: checksum(tab.testLabels) };
  const baseline = python ? await PythonBaseline.start(python, 'trees', ['--scale', String(scale)], THREADS, sums) : undefined;

  setBackend('native');
  setThreads(THREADS);
  const info = backendInfo();
  process.stderr.write(`${info.backend} ${info.isa}, ${info.threads} thread(s), ${info.version}\n`);
  const accuracy = (m: Model) => ({ accuracy: m.score(test, tab.testLabels) });
  const lines: CaseResult[] = [];
  for (const c of chosen) {
    const cls = exported(c.estimator);
    let seconds: number | null = null;
    let quality: Record<string, number> | undefined;
    let skipped: string | undefined;
    if (!cls) skipped = `${c.estimator} is not in aprender yet`;
    else {
      let model: Model | undefined;
      const fit = () => (model = new cls(c.options).fit(train, tab.trainLabels));
      if (c.predict) {
        const fitted = fit();
        let proba: Tensor | undefined;
        seconds = measure(() => (proba = (fitted as unknown as { predictProba(X: Tensor): Tensor }).predictProba(test)), { minReps: 5 });
        const p = proba!.data as Float64Array;
        let right = 0;
        for (let i = 0; i < tab.testLabels.length; i++) right += Number((p[2 * i + 1] > p[2 * i]) === (tab.testLabels[i] === 1));
        quality = { accuracy: right / tab.testLabels.length };
      } else {
        seconds = measure(fit, { warmup: 1, minReps: 3, maxReps: 5 });
        quality = accuracy(model!);
      }
    }
    for (const name of c.baselines ?? [c.name]) {
      const base = await baseline?.time(name, THREADS);
      const vs = base && { baseline: base.label, median_s: base.median_s, quality: base.quality };
      const line = result({ name: name === c.name ? c.name : `${c.name} vs ${name}`, backend: info.backend, threads: info.threads },
        { amount: c.predict ? tab.testLabels.length : tab.trainLabels.length, unit: 'Mrows/s' }, seconds, vs);
      if (quality) line.quality = quality;
      if (skipped) line.skipped = skipped;
      lines.push(line);
      emit(line);
    }
  }

  let memory = '';
  if (wanted.length === 0 || wanted.includes('forest_nodes')) {
    const cls = exported('RandomForestClassifier');
    const trees = cls && flatTrees(new cls({ nEstimators: 100, nJobs: THREADS, randomState: 0 }).fit(train, tab.trainLabels));
    const theirs = (await baseline?.time('forest_nodes', THREADS))?.quality;
    const ours = trees && { nodes: trees.feature.length, bytes: treeBytes(trees), bytes_per_node: treeBytes(trees) / trees.feature.length };
    process.stdout.write(`${JSON.stringify({ name: 'forest_nodes', ours: ours ?? null, sklearn: theirs ?? null })}\n`);
    if (ours) {
      memory = `\n100-tree RandomForestClassifier on tab: ${ours.nodes} nodes, ${(ours.bytes / 2 ** 20).toFixed(1)} MiB, ` +
        `${ours.bytes_per_node.toFixed(1)} bytes per node` +
        (theirs ? ` (scikit-learn: ${theirs.nodes} nodes, ${theirs.bytes_per_node.toFixed(1)} bytes per node)` : '') + '\n';
    }
  }
  baseline?.close();
  const load = `${os.cpus()[0]?.model}, ${os.cpus().length} cores; 1-min load average ${loadAtStart} at start, ` +
    `${os.loadavg()[0].toFixed(1)} at end (a loaded machine lowers absolute figures and makes ratios noisy)` +
    (scale === 1 ? '' : `; data at --scale ${scale}`);
  const table = `${markdownTables(lines, 'scikit-learn')}\n${memory}\n${load}\n`;
  if (args.includes('--markdown')) process.stdout.write(table);
  else process.stderr.write(table);
}
