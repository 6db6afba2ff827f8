#!/usr/bin/env node
/**
 * `aprender`: machine learning from the command line: train a model on a data file (Parquet, Arrow IPC, CSV, JSON)
 * with a held-out score and cross-validation and save it as a model file (.apr); predict a file larger than memory
 * batch by batch; evaluate, inspect, validate and export (ONNX) model files; list the models `--model` accepts.
 * Every command takes `--json` for scripts; progress bars go to stderr only when it is a terminal; exit codes are
 * listed in `aprender --help` (lib/cli/aprender/exit-codes.ts).
 */
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import '../trueno/tensor-ops';
import { Option } from 'commander';
import { EXIT_HELP, exitCodeOf } from './aprender/exit-codes';
import { renderScores } from './aprender/metrics';
import { cardTarget, describeModel, keysFrom, readModel, renderInspect, saveOptions, withSecretFlags, type KeyFlags, type SecretFlags } from './aprender/model-file';
import { DEFAULT_MODEL, listModels, type ModelInfo, type Task } from './aprender/models';
import { evaluateFile, predictFile } from './aprender/predict';
import { train, type TrainResult } from './aprender/train';
import type { Estimator } from '../aprender/base/estimator';
import { ONNX_OUTPUTS, toOnnx } from '../aprender/onnx/to-onnx';
import { atomicWrite } from '../alimentar/io';
import { WriteError } from '../alimentar/errors';
import { cell, renderTable, toJson } from '../common/format';
import { createProgram, runProgram, usageError, wantsJson, type CliIo } from './shared/program';
import { createProgress } from './shared/progress';

export type { CliIo } from './shared/program';

function integer(min: number, max: number, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isSafeInteger(n) || n < min || n > max) throw usageError(`Expected an integer in [${min}, ${max}] for ${what} but received '${value}'`);
    return n;
  };
}

function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n >= 1) throw usageError(`Expected a fraction in [0, 1) for --test-size but received '${value}'`);
  return n;
}

function columnList(option: string) {
  return (value: string): string[] => {
    const names = value.split(',').map((s) => s.trim());
    if (names.some((s) => s === '')) throw usageError(`Expected comma-separated column names for ${option} but received '${value}'`);
    return names;
  };
}

interface TrainFlags extends SecretFlags {
  data: string;
  target?: string;
  features?: string[];
  model: string;
  param: string[];
  task?: Task;
  cv?: number;
  testSize: number;
  randomState: number;
  out: string;
  card?: string;
  privateKey?: string;
}

/** The graph outputs toOnnx gives a model: label and probabilities (or scores) for a classifier, else variable. */
function onnxOutputs(model: Estimator): string[] {
  if (model.tags.kind !== 'classifier') return [ONNX_OUTPUTS.variable];
  return [ONNX_OUTPUTS.label, typeof (model as unknown as { predictProba?: unknown }).predictProba === 'function' ? ONNX_OUTPUTS.probabilities : ONNX_OUTPUTS.scores];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function renderTrain(r: TrainResult, saved: { path: string; size: number }): string {
  const rows = r.rows.test > 0 ? `${r.rows.train} training rows, ${r.rows.test} held out` : `${r.rows.train} rows (none held out)`;
  const head = `trained ${r.class} (${r.model}, ${r.task}) on ${r.data}: ${rows}; target '${r.target}', ${r.features.length} features`;
  const table = renderScores(r.metrics.heldOut, r.metrics.cv);
  return `${head}${table ? `\n\n${table}` : ''}\n\nsaved ${saved.path} (${saved.size} bytes)`;
}

function renderModels(models: ModelInfo[], detailed: boolean): string {
  const table = renderTable(['model', 'classifier', 'regressor', 'description'],
    models.map((m) => [m.name, m.classifier?.class ?? '-', m.regressor?.class ?? '-', m.description]));
  if (!detailed) return `${table}\n\nparameters: aprender list-models <model>; set them with --param name=value`;
  const sections = models.flatMap((m) => [m.classifier, m.regressor].filter((c) => c !== undefined).map((c) =>
    `${c.class} (--model ${m.name})\n${renderTable(['parameter', 'default', 'allowed'], c.params.map((p) => [p.name, cell(p.default), p.allowed]))}`));
  return [table, ...sections].join('\n\n');
}

/**
 * Runs the CLI.
 * @param argv - the arguments after `node aprender`
 * @param io - output streams (default the process's)
 * @returns the exit code
 * @example
 * process.exitCode = await main(['train', '--data', 'iris.parquet', '--json']);
 */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const program = createProgram('aprender', 'Machine learning on data files: train, predict, evaluate; inspect, validate and export model files', EXIT_HELP, io);
  const out = (text: string) => io.stdout.write(text.endsWith('\n') ? text : text + '\n');
  const emit = (value: unknown, text: () => string) => out(wantsJson(program) ? toJson(value) : text());

  const trainCommand = program.command('train').description('fit a model on a data file; report held-out (and cross-validated) metrics')
    .requiredOption('--data <file>', 'training data: Parquet, Arrow IPC, CSV or JSON')
    .option('--target <column>', "the column to predict (default: 'target', else 'label')")
    .option('--features <columns>', 'comma-separated feature columns (default: every other column)', columnList('--features'))
    .option('--model <name>', 'the model family (see list-models)', DEFAULT_MODEL)
    .option('--param <key=value>', 'a hyperparameter of the model, e.g. nEstimators=100 (repeatable)', collect, [])
    .addOption(new Option('--task <task>', 'default: classification for text, booleans or at most 20 distinct integers, else regression').choices(['classification', 'regression']))
    .option('--cv <k>', 'also cross-validate with k folds on the training rows', integer(2, 1000, '--cv'))
    .option('--test-size <fraction>', 'share of rows held out for the metrics (0: fit on every row)', fraction, 0.2)
    .option('--random-state <n>', 'seed of the split, the folds and the model', integer(0, 4294967295, '--random-state'), 0)
    .option('--out <file>', 'where to save the fitted model', 'model.apr')
    .option('--card <text>', 'a description for the model card (which also records the data, target and features)')
    .option('--private-key <file>', 'sign the model file with this Ed25519 private key (PEM)');
  withSecretFlags(trainCommand, 'encrypt')
    .action(async (opts: TrainFlags) => {
      // one bar, relabelled per stage (the folds of --cv, then the fit)
      const bar = createProgress('train', io.stderr, 'steps');
      try {
        const result = await train({ ...opts, params: opts.param }, (p, stage) => bar.update(p.iteration, p.total, stage));
        bar.finish();
        const saved = await result.estimator.save(opts.out, await saveOptions(result, opts.card, opts)).catch((err: unknown) => {
          // save throws the file system's own error (a folder at --out, a file where its folder should be)
          if (typeof (err as NodeJS.ErrnoException)?.path !== 'string') throw err;
          throw new WriteError(`Expected to write the model to ${opts.out} but it failed: ${(err as Error).message}`, { cause: err });
        });
        const { estimator: _fitted, ...report } = result;
        emit({ ...report, out: saved.path, bytes: saved.size }, () => renderTrain(result, saved));
      } finally {
        bar.finish();
      }
    });

  const predictCommand = program.command('predict').description('predict every row of a data file (streamed batch by batch) into another file')
    .requiredOption('--model <file>', 'the model file (.apr)')
    .requiredOption('--data <file>', 'the rows to predict: Parquet, Arrow IPC, CSV or JSON')
    .requiredOption('--out <file>', 'where to write; the format comes from the extension (.parquet, .arrow, .csv, .json, .jsonl)')
    .option('--proba', "also write each class's probability (proba_<class> columns)")
    .option('--keep <columns>', 'comma-separated input columns copied to the output (an id, say)', columnList('--keep'))
    .option('--public-key <file>', 'refuse the model unless signed by this Ed25519 public key');
  withSecretFlags(predictCommand, 'decrypt')
    .action(async (opts: { model: string; data: string; out: string; proba?: boolean; keep?: string[] } & KeyFlags) => {
      const model = await readModel(opts.model, await keysFrom(opts));
      const bar = createProgress(`predict ${opts.data}`, io.stderr, 'rows');
      try {
        const r = await predictFile(model, opts.data, opts.out, { proba: opts.proba, keep: opts.keep, onProgress: (done, total) => bar.update(done, total) });
        bar.finish();
        emit({ model: opts.model, data: opts.data, out: opts.out, ...r }, () => `wrote ${opts.out}: ${r.rows} predictions (${r.format}; columns ${r.columns.join(', ')})`);
      } finally {
        bar.finish();
      }
    });

  const evaluateCommand = program.command('evaluate').description("score a model file on labelled data (the model card's target, else 'target' or 'label')")
    .requiredOption('--model <file>', 'the model file (.apr)')
    .requiredOption('--data <file>', 'labelled rows: Parquet, Arrow IPC, CSV or JSON')
    .option('--target <column>', 'the column holding the truth')
    .option('--public-key <file>', 'refuse the model unless signed by this Ed25519 public key');
  withSecretFlags(evaluateCommand, 'decrypt')
    .action(async (opts: { model: string; data: string; target?: string } & KeyFlags) => {
      const keys = await keysFrom(opts);
      const model = await readModel(opts.model, keys);
      const target = opts.target ?? cardTarget(await describeModel(opts.model, keys));
      const bar = createProgress(`evaluate ${opts.data}`, io.stderr, 'rows');
      try {
        const r = await evaluateFile(model, opts.data, target, { onProgress: (done, total) => bar.update(done, total) });
        bar.finish();
        emit({ model: opts.model, data: opts.data, ...r }, () => `${model.constructor.name} on ${opts.data} (${r.rows} rows, target '${r.target}')\n\n${renderScores(r.scores, undefined, 'value')}`);
      } finally {
        bar.finish();
      }
    });

  const inspectCommand = program.command('inspect <model>').description('what a model file holds: class, sizes, parameters, features, metrics, model card')
    .option('--public-key <file>', 'also verify the signature with this Ed25519 public key');
  withSecretFlags(inspectCommand, 'decrypt')
    .action(async (file: string, opts: KeyFlags) => {
      const info = await describeModel(file, await keysFrom(opts));
      emit({ file, ...info }, () => renderInspect(file, info));
    });

  const validateCommand = program.command('validate <model>').description('verify a model file: checksum, signature (with --public-key), and that it loads')
    .option('--public-key <file>', 'require a valid signature by this Ed25519 public key');
  withSecretFlags(validateCommand, 'decrypt')
    .action(async (file: string, opts: KeyFlags) => {
      const keys = await keysFrom(opts);
      const info = await describeModel(file, keys);
      const loaded = info.encrypted && keys.key === undefined && keys.passphrase === undefined ? undefined : await readModel(file, keys);
      const result = {
        file, valid: true, checksum: 'ok', signed: info.signed, signatureVerified: info.signatureVerified, encrypted: info.encrypted,
        class: loaded?.constructor.name ?? info.metadata?.class ?? null,
      };
      const signature = info.signatureVerified ? 'signature verified' : info.signed ? 'signed (give --public-key to verify the signature)' : 'not signed';
      emit(result, () => `${file}: valid ${result.class ?? 'model'}; checksum ok; ${signature}${info.encrypted ? '; encrypted (payload not loaded)' : ''}`);
    });

  const exportCommand = program.command('export-onnx <model>').description('convert a model file to ONNX (ai.onnx + ai.onnx.ml), for any ONNX runtime')
    .requiredOption('--out <file>', 'where to write the .onnx file')
    .addOption(new Option('--dtype <type>', 'input and arithmetic type').choices(['float64', 'float32']).default('float64'))
    .option('--public-key <file>', 'refuse the model unless signed by this Ed25519 public key');
  withSecretFlags(exportCommand, 'decrypt')
    .action(async (file: string, opts: { out: string; dtype: 'float32' | 'float64' } & KeyFlags) => {
      const model = await readModel(file, await keysFrom(opts));
      const bytes = toOnnx(model, { dtype: opts.dtype });
      await atomicWrite(opts.out, [bytes]);
      const result = { model: file, out: opts.out, bytes: bytes.length, dtype: opts.dtype, class: model.constructor.name, input: 'X', outputs: onnxOutputs(model) };
      emit(result, () => `wrote ${opts.out}: ${result.class} as ONNX (${result.bytes} bytes; input X [N, ${model.nFeaturesIn_}] ${opts.dtype}; outputs ${result.outputs.join(', ')})`);
    });

  program.command('list-models [model]').description("what --model accepts, with each class's parameters and defaults")
    .action((model: string | undefined) => {
      const all = listModels();
      const models = model === undefined ? all : all.filter((m) => m.name === model);
      if (models.length === 0) throw usageError(`Expected one of the models ${all.map((m) => m.name).join(', ')} but received '${model}'`);
      emit(models, () => renderModels(models, model !== undefined));
    });

  return runProgram(program, argv, io, exitCodeOf, 'ERR_APRENDER_INTERNAL');
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
