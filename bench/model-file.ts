/**
 * `npm run bench -- model-file [case...] [--scale S] [--markdown]`: size and speed of `.apr` model files for models
 * fitted on WORKLOADS.md's 'tab' data (50k train x 20, binary), against pickle of the same scikit-learn model on the
 * same arrays (checked by checksum), measured right after ours; joblib's file sizes are reported beside pickle's.
 *
 * Per case: `<case>_save` times toBytes (DEFLATE level 6) vs pickle.dumps; `<case>_load` times load(bytes) vs
 * pickle.loads. Each line's quality holds the file sizes: ours DEFLATEd (`bytes`) and uncompressed (`bytes_raw`);
 * the baseline's pickle (`bytes`), joblib (`joblib_bytes`) and joblib compress=3 (`joblib_z3_bytes`).
 *
 * Cases: rf100 (RandomForestClassifier, 100 trees; skipped until issue 10's forests are in aprender), logreg
 * (LogisticRegression), knn (KNeighborsClassifier: the model is its 8 MB of training data), pipeline
 * (StandardScaler, PCA(10), LogisticRegression).
 */
import * as os from 'node:os';
import { load } from '../lib/aprender';
import { Tensor, backendInfo, setBackend, setThreads } from '../lib/trueno';
import { PythonBaseline, findPython } from './_baselines';
import { exported, type Model } from './ml';
import { emit, markdownTables, measure, result, type CaseResult } from './_stats';
import { checkTestVectors, checksum, tabWorkload } from './_workloads';

const D = 20;
const THREADS = 2;

interface Case {
  name: string;
  /** Builds the unfitted model, or names the class that is missing. */
  make(): Model | string;
}

function model(name: string, options: object = {}): Model | string {
  const cls = exported(name);
  return cls ? new cls(options) : `${name} is not in aprender yet`;
}

const CASES: Case[] = [
  { name: 'rf100', make: () => model('RandomForestClassifier', { nEstimators: 100, nJobs: THREADS, randomState: 0 }) },
  { name: 'logreg', make: () => model('LogisticRegression') },
  { name: 'knn', make: () => model('KNeighborsClassifier', { nNeighbors: 5 }) },
  { name: 'pipeline', make: () => {
    const [scaler, pca, logreg] = [model('StandardScaler'), model('PCA', { nComponents: 10 }), model('LogisticRegression')];
    return model('Pipeline', { steps: [['scale', scaler], ['pca', pca], ['logreg', logreg]] });
  } },
];

/** The loaded model must predict exactly as the saved one (a fast wrong loader would be no result). */
function checkSame(a: Model, b: Model, X: Tensor): void {
  const p = a.predict(X) as Tensor;
  const q = b.predict(X) as Tensor;
  if (!Buffer.from(p.data.buffer).equals(Buffer.from(q.data.buffer))) throw new Error('the loaded model predicts differently');
}

/**
 * Runs the cases and prints one JSON line per comparison, then the markdown table.
 * @param args - case names (default all), `--scale S`, `--markdown`
 */
export async function main(args: string[]): Promise<void> {
  checkTestVectors();
  const scaleAt = args.indexOf('--scale');
  const scale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : 1;
  const wanted = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--scale');
  const unknown = wanted.filter((w) => !CASES.some((c) => c.name === w));
  if (unknown.length) throw new Error(`unknown case(s) ${unknown.join(', ')}; cases: ${CASES.map((c) => c.name).join(' ')}`);
  const chosen = CASES.filter((c) => wanted.length === 0 || wanted.includes(c.name));

  const tab = tabWorkload(scale);
  const train = Tensor.from(tab.train, [tab.trainLabels.length, D]);
  const test = Tensor.from(tab.test, [tab.testLabels.length, D]);
  const python = findPython(['sklearn', 'joblib']);
  if (!python) process.stderr.write('note: no Python with scikit-learn found (set SOVEREIGN_PYTHON); no baselines\n');
  const sums = { tabXTrain: checksum(tab.train), tabYTrain: checksum(tab.trainLabels), tabXTest: checksum(tab.test), tabYTest: checksum(tab.testLabels) };
  const baseline = python ? await PythonBaseline.start(python, 'model_file', ['--scale', String(scale)], THREADS, sums) : undefined;

  setBackend('native');
  setThreads(THREADS);
  const info = backendInfo();
  const lines: CaseResult[] = [];
  for (const c of chosen) {
    const made = c.make();
    const skipped = typeof made === 'string' ? made : undefined;
    let sizes: Record<string, number> | undefined;
    const seconds: Record<'save' | 'load', number | null> = { save: null, load: null };
    if (typeof made !== 'string') {
      const fitted = made.fit(train, tab.trainLabels) as Model & { toBytes(o?: object): Uint8Array };
      const bytes = fitted.toBytes();
      checkSame(fitted, load(bytes) as unknown as Model, test);
      sizes = { bytes: bytes.length, bytes_raw: fitted.toBytes({ compression: 'none' }).length };
      seconds.save = measure(() => fitted.toBytes(), { maxReps: 10 });
      seconds.load = measure(() => load(bytes), { maxReps: 10 });
    }
    for (const op of ['save', 'load'] as const) {
      const name = `${c.name}_${op}`;
      const base = await baseline?.time(name, THREADS);
      const vs = base && { baseline: base.label, median_s: base.median_s, quality: base.quality };
      const line = result({ name, backend: info.backend, threads: info.threads }, { amount: 1, unit: 'us/call' }, seconds[op], vs);
      if (sizes) line.quality = sizes;
      if (skipped) line.skipped = skipped;
      lines.push(line);
      emit(line);
    }
  }
  baseline?.close();
  const machine = `${os.cpus()[0]?.model}, ${os.cpus().length} cores; 1-min load average ${os.loadavg()[0].toFixed(1)}` + (scale === 1 ? '' : `; data at --scale ${scale}`);
  const table = `${markdownTables(lines, 'scikit-learn')}\n${machine}\n`;
  if (args.includes('--markdown')) process.stdout.write(table);
  else process.stderr.write(table);
}
