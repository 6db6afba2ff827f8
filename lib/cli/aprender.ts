#!/usr/bin/env node
/**
 * `aprender`: machine learning from the command line: train a model on a data file (Parquet, Arrow IPC, CSV, JSON)
 * with a held-out score and cross-validation, and list the models `--model` accepts. Every command takes `--json` for
 * scripts; progress bars go to stderr only when it is a terminal; exit codes are listed in `aprender --help`
 * (lib/cli/aprender/exit-codes.ts).
 */
import { Option } from 'commander';
import { EXIT_HELP, exitCodeOf } from './aprender/exit-codes';
import { renderScores } from './aprender/metrics';
import { DEFAULT_MODEL, listModels, type ModelInfo, type Task } from './aprender/models';
import { train, type TrainResult } from './aprender/train';
import { cell, renderTable, toJson } from './shared/format';
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

function list(value: string): string[] {
  const names = value.split(',').map((s) => s.trim());
  if (names.some((s) => s === '')) throw usageError(`Expected comma-separated column names for --features but received '${value}'`);
  return names;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function renderTrain(r: TrainResult): string {
  const rows = r.rows.test > 0 ? `${r.rows.train} training rows, ${r.rows.test} held out` : `${r.rows.train} rows (none held out)`;
  const head = `trained ${r.class} (${r.model}, ${r.task}) on ${r.data}: ${rows}; target '${r.target}', ${r.features.length} features`;
  const table = renderScores(r.metrics.heldOut, r.metrics.cv);
  return table ? `${head}\n\n${table}` : head;
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
  const program = createProgram('aprender', 'Machine learning on data files: train, list the models', EXIT_HELP, io);
  const out = (text: string) => io.stdout.write(text.endsWith('\n') ? text : text + '\n');
  const emit = (value: unknown, text: () => string) => out(wantsJson(program) ? toJson(value) : text());

  program.command('train').description('fit a model on a data file; report held-out (and cross-validated) metrics')
    .requiredOption('--data <file>', 'training data: Parquet, Arrow IPC, CSV or JSON')
    .option('--target <column>', "the column to predict (default: 'target', else 'label')")
    .option('--features <columns>', 'comma-separated feature columns (default: every other column)', list)
    .option('--model <name>', 'the model family (see list-models)', DEFAULT_MODEL)
    .option('--param <key=value>', 'a hyperparameter of the model, e.g. nEstimators=100 (repeatable)', collect, [])
    .addOption(new Option('--task <task>', 'default: classification for text, booleans or at most 20 distinct integers, else regression').choices(['classification', 'regression']))
    .option('--cv <k>', 'also cross-validate with k folds on the training rows', integer(2, 1000, '--cv'))
    .option('--test-size <fraction>', 'share of rows held out for the metrics (0: fit on every row)', fraction, 0.2)
    .option('--random-state <n>', 'seed of the split, the folds and the model', integer(0, 4294967295, '--random-state'), 0)
    .action(async (opts: { data: string; target?: string; features?: string[]; model: string; param: string[]; task?: Task; cv?: number; testSize: number; randomState: number }) => {
      let bar: ReturnType<typeof createProgress> | undefined;
      try {
        const result = await train({ ...opts, params: opts.param }, (p, className) => {
          bar ??= createProgress(`fit ${className}`, io.stderr, 'steps');
          bar.update(p.iteration, p.total);
        });
        bar?.finish();
        const { estimator: _fitted, ...report } = result;
        emit(report, () => renderTrain(result));
      } finally {
        bar?.finish();
      }
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
