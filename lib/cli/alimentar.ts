#!/usr/bin/env node
/**
 * `alimentar`: datasets from the command line: inspect and convert files, run a dataset registry on a folder, S3 or
 * HTTP, and import Hugging Face datasets. Every command takes `--json` for scripts; progress bars go to stderr only
 * when it is a terminal; exit codes are listed in `alimentar --help` (lib/cli/alimentar/exit-codes.ts).
 */
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import '../trueno/tensor-ops';
import { Command, Option } from 'commander';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { convertFile } from '../alimentar/convert';
import { ArrowDataset } from '../alimentar/dataset';
import { StreamingDataset } from '../alimentar/streaming';
import { Table, type RecordBatch } from 'apache-arrow';
import { FORMATS, type Format } from '../alimentar/formats/detect';
import { PARQUET_COMPRESSIONS, type ParquetCompression } from '../alimentar/formats/parquet';
import { importHf } from '../alimentar/hf/hub';
import { Registry, type RegistryProgress } from '../alimentar/registry/registry';
import type { GcResult } from '../alimentar/registry/types';
import type { S3Options } from '../alimentar/storage/s3';
import { EXIT_HELP, exitCodeOf } from './alimentar/exit-codes';
import { renderDataset, renderDatasets } from './alimentar/format';
import { cell, renderTable, toJson } from '../common/format';
import { createProgram, runProgram, usageError, wantsJson, type CliIo } from './shared/program';
import { createProgress } from './shared/progress';

export type { CliIo } from './shared/program';

interface StorageFlags {
  endpoint?: string;
  region?: string;
  pathStyle?: boolean;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw usageError(`Expected a positive integer but received '${value}'`);
  return n;
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw usageError(`Expected a non-negative number of seconds but received '${value}'`);
  }
  return n;
}

/**
 * The dataset name `registry push` uses without --name: the file name without its extension (iris.parquet: iris).
 * @param file - the pushed file
 * @returns the name
 * @throws a usage error when that is not a valid dataset name
 */
function nameFromFile(file: string): string {
  const base = path.basename(file);
  const stem = path.parse(file).name;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(stem)) {
    throw usageError(`Expected --name: the file name '${base}' does not give a dataset name (letters, digits, '.', '_', '-')`);
  }
  return stem;
}

function renderGc(result: GcResult): string {
  const verb = result.dryRun ? 'would remove' : 'removed';
  const lines = result.removed.map((item) => `  ${item.key} (${item.reason}, ${item.size} bytes)`);
  const kept = result.kept.length === 0 ? '' : `\nkept ${result.kept.length} unreferenced object(s) younger than --min-age (a push may be committing them)`;
  return `${verb} ${result.removed.length} object(s), ${result.bytes} bytes${lines.length ? ':\n' + lines.join('\n') : ''}${kept}`;
}

function withStorageFlags(cmd: Command): Command {
  return cmd
    .option('--endpoint <url>', 'S3 endpoint (default AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL)')
    .option('--region <region>', 'S3 region (default AWS_REGION, else us-east-1)')
    .option('--path-style', 'path-style S3 URLs (MinIO, Ceph; default with a custom endpoint)')
    .option('--no-path-style', 'virtual-hosted S3 URLs');
}

function openRegistry(location: string, flags: StorageFlags): Registry {
  const s3: S3Options = {};
  if (flags.endpoint !== undefined) s3.endpoint = flags.endpoint;
  if (flags.region !== undefined) s3.region = flags.region;
  if (flags.pathStyle !== undefined) s3.pathStyle = flags.pathStyle;
  return Registry.open(location, { s3 });
}

/**
 * Runs the CLI.
 * @param argv - the arguments after `node alimentar`
 * @param io - output streams (default the process's)
 * @returns the exit code
 * @example
 * process.exitCode = await main(['info', 'iris.parquet', '--json']);
 */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const program = createProgram('alimentar', 'Datasets: inspect, convert, registry on folders / S3 / HTTP, Hugging Face import', EXIT_HELP, io);
  const out = (text: string) => io.stdout.write(text.endsWith('\n') ? text : text + '\n');
  const emit = (value: unknown, text: () => string) => out(wantsJson(program) ? toJson(value) : text());
  const transfer = (label: string) => {
    const bar = createProgress(label, io.stderr);
    return { bar, onProgress: (p: RegistryProgress) => bar.update(p.done, p.total, `${p.phase} ${label}`) };
  };

  // info, head and schema read only what they need: the Parquet footer, the first batches of CSV, JSON Lines or IPC
  // (rows are counted piece by piece where the format does not record them), so they answer at once on large files.
  // CSV batches of 65,536 rows: the rows type inference looks at anyway, so the types match a whole-file read.
  const inspect = (file: string) => StreamingDataset.open(file, { chunkBytes: 1 << 20, csv: { batchRows: 65536 } });
  program.command('info <file>').description('format, size, rows and columns of a data file').action(async (file: string) => {
    const sd = await inspect(file);
    let rows = sd.numRows;
    if (rows === undefined) {
      const bar = createProgress(`count rows of ${file}`, io.stderr, 'rows');
      rows = 0;
      try {
        for await (const b of sd.batches()) bar.update((rows += b.numRows), undefined);
      } finally {
        bar.finish();
        // a file that fails half way must not leave its handle open (it would be closed only on garbage collection)
        sd.close();
      }
    } else {
      sd.close();
    }
    const format = sd.format;
    const size = (await fsp.stat(file)).size;
    const columnNames = sd.schema.fields.map((f) => f.name);
    const info = { path: file, format, size, rows, columns: columnNames.length, columnNames };
    emit(info, () => renderTable(['path', 'format', 'bytes', 'rows', 'columns'], [[file, format, String(size), String(rows), String(columnNames.length)]]));
  });

  program.command('head <file>').description('the first rows of a data file')
    .option('-n, --rows <n>', 'how many rows', positiveInt, 10)
    .action(async (file: string, opts: { rows: number }) => {
      const sd = await inspect(file);
      const batches: RecordBatch[] = [];
      let have = 0;
      try {
        for await (const b of sd.batches()) {
          batches.push(b);
          have += b.numRows;
          if (have >= opts.rows) break;
        }
      } finally {
        // also when a piece fails to decode: the handle is closed here, not on garbage collection
        sd.close();
      }
      const ds = ArrowDataset.fromTable(new Table(sd.schema, batches)).head(opts.rows);
      const rows = ds.toRows({ bigint: true }); // exact: --json writes those beyond 2^53 as decimal text
      emit(rows, () => renderTable(ds.columnNames, rows.map((r) => ds.columnNames.map((c) => cell(r[c])))));
    });

  program.command('schema <file>').description('the columns and types of a data file').action(async (file: string) => {
    const sd = await inspect(file);
    sd.close();
    const fields = sd.schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable }));
    emit(fields, () => renderTable(['column', 'type', 'nullable'], fields.map((f) => [f.name, f.type, String(f.nullable)])));
  });

  program.command('convert <input> <output>').description('convert between Parquet, Arrow IPC, CSV/TSV and JSON/JSON Lines')
    .addOption(new Option('--format <format>', 'output format (default: from the extension)').choices(FORMATS as string[]))
    .addOption(new Option('--compression <codec>', 'Parquet codec; for Arrow IPC (.arrow, .arrows) lz4 or zstd body compression').choices(PARQUET_COMPRESSIONS as readonly string[] as string[]))
    .option('--row-group-size <n>', 'Parquet rows per row group', positiveInt)
    .action(async (input: string, output: string, opts: { format?: Format; compression?: ParquetCompression; rowGroupSize?: number }) => {
      // Streams, so a file larger than memory converts: the input piece by piece, each batch written as it comes.
      const bar = createProgress(`convert ${input}`, io.stderr, 'rows');
      let rows: number;
      try {
        ({ rows } = await convertFile(input, output, {
          format: opts.format, compression: opts.compression, rowGroupSize: opts.rowGroupSize, onProgress: (done, total) => bar.update(done, total),
        }));
      } finally {
        bar.finish();
      }
      const result = { input, output, rows, bytes: (await fsp.stat(output)).size };
      emit(result, () => `wrote ${output}: ${result.rows} rows, ${result.bytes} bytes`);
    });

  const registry = program.command('registry').description('a dataset registry on a folder, file://, s3://bucket/prefix or http(s):// (read-only)');

  withStorageFlags(registry.command('init <location>').description('create an empty registry'))
    .option('--description <text>', 'what the registry holds', '')
    .action(async (location: string, opts: StorageFlags & { description: string }) => {
      await openRegistry(location, opts).init({ description: opts.description });
      emit({ location, created: true }, () => `initialised registry at ${location}`);
    });

  withStorageFlags(registry.command('push <location> <file>').description('upload a data file as a new version')
    .addHelpText('after', '\n<location> and <file> are required; every option is optional.'))
    .option('--name <name>', 'dataset name (default: the file name without its extension, e.g. iris for iris.parquet)')
    .option('--version <version>', 'version label (default: next integer)')
    .option('--description <text>', 'description', '')
    .action(async (location: string, file: string, opts: StorageFlags & { name?: string; version?: string; description: string }) => {
      const name = opts.name ?? nameFromFile(file);
      const { bar, onProgress } = transfer(file);
      try {
        const entry = await openRegistry(location, opts).push(file, { name, version: opts.version, description: opts.description, onProgress });
        bar.finish();
        if (entry.warning) io.stderr.write(`alimentar: warning: ${entry.warning}\n`);
        emit({ name, ...entry }, () => (entry.outcome === 'existing'
          ? `already pushed: ${name}@${entry.version} holds these bytes (sha256 ${entry.sha256}); nothing uploaded`
          : `pushed ${name}@${entry.version}: ${cell(entry.rows)} rows, ${entry.size} bytes, sha256 ${entry.sha256}`));
      } finally {
        bar.finish();
      }
    });

  withStorageFlags(registry.command('pull <location> <name>').description('download a version, verifying its SHA-256'))
    .option('--version <version>', 'version (default: latest)')
    .option('-o, --output <path>', 'file or folder to write to; a file whose extension names another format than the stored one gets the data converted', '.')
    .action(async (location: string, name: string, opts: StorageFlags & { version?: string; output: string }) => {
      const { bar, onProgress } = transfer(name);
      try {
        const result = await openRegistry(location, opts).pull(name, { version: opts.version, dest: opts.output, onProgress });
        bar.finish();
        const converted = result.convertedTo === undefined ? '' : `; converted from ${result.entry.format} to ${result.convertedTo}`;
        emit({ name, path: result.path, ...result.entry, convertedTo: result.convertedTo },
          () => `pulled ${name}@${result.entry.version} to ${result.path} (sha256 verified${converted})`);
      } finally {
        bar.finish();
      }
    });

  withStorageFlags(registry.command('list <location>').description('every dataset')).action(async (location: string, opts: StorageFlags) => {
    const datasets = await openRegistry(location, opts).list();
    emit(datasets, () => renderDatasets(datasets));
  });

  withStorageFlags(registry.command('search <location> <query>').description('datasets whose name or description matches'))
    .option('--regex', 'treat the query as a regular expression (case-insensitive)')
    .action(async (location: string, query: string, opts: StorageFlags & { regex?: boolean }) => {
      let pattern: string | RegExp = query;
      if (opts.regex) {
        try {
          pattern = new RegExp(query, 'i');
        } catch (err) {
          throw usageError(`Expected a regular expression for query but received '${query}': ${(err as Error).message}`);
        }
      }
      const datasets = await openRegistry(location, opts).search(pattern);
      emit(datasets, () => renderDatasets(datasets));
    });

  withStorageFlags(registry.command('show <location> <name>').description('a dataset with its versions and schema'))
    .action(async (location: string, name: string, opts: StorageFlags) => {
      const info = await openRegistry(location, opts).show(name);
      emit(info, () => renderDataset(info));
    });

  withStorageFlags(registry.command('delete <location> <name>').description('delete one version, or the whole dataset'))
    .option('--version <version>', 'only this version')
    .action(async (location: string, name: string, opts: StorageFlags & { version?: string }) => {
      const deleted = await openRegistry(location, opts).delete(name, opts.version);
      emit({ name, deleted: deleted.map((v) => v.version) }, () => `deleted ${name}: ${deleted.map((v) => v.version).join(', ')}`);
    });

  withStorageFlags(registry.command('gc <location>')
    .description('remove data no version references (killed pushes) and abandoned temporary files; never referenced data'))
    .option('--dry-run', 'only list what would be removed')
    .option('--min-age <seconds>', 'keep unreferenced data younger than this: a push may be about to commit it', nonNegative, 3600)
    .action(async (location: string, opts: StorageFlags & { dryRun?: boolean; minAge: number }) => {
      const result = await openRegistry(location, opts).gc({ dryRun: opts.dryRun ?? false, minAgeMs: opts.minAge * 1000 });
      emit(result, () => renderGc(result));
    });

  program.command('import').description('import datasets from elsewhere')
    .command('hf <repo> <dest>').description('download a Hugging Face dataset\'s Parquet files (token from HF_TOKEN, endpoint from HF_ENDPOINT)')
    .option('--revision <rev>', 'branch, tag or commit', 'main')
    .option('--endpoint <url>', 'Hub URL (default HF_ENDPOINT, else https://huggingface.co)')
    .action(async (repo: string, dest: string, opts: { revision: string; endpoint?: string }) => {
      const bar = createProgress(repo, io.stderr);
      try {
        const result = await importHf(repo, dest, {
          revision: opts.revision, endpoint: opts.endpoint,
          onProgress: (p) => bar.update(p.done, p.total, `[${p.index}/${p.count}] ${p.file}`),
        });
        bar.finish();
        emit(result, () => `imported ${repo}@${result.revision} (${result.source}):\n${result.files.map((f) => `  ${f.path} (${f.size} bytes)`).join('\n')}`);
      } finally {
        bar.finish();
      }
    });

  return runProgram(program, argv, io, exitCodeOf, 'ERR_ALIMENTAR_INTERNAL');
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
