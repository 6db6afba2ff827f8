#!/usr/bin/env node
/**
 * `realizar`: serve models over HTTP from the command line. `realizar serve model.apr` serves a model file (several
 * files, a folder with --model-dir, or an alimentar registry with --registry), prints what it loaded and where it
 * listens, reloads replaced files and new registry versions, and on SIGTERM / SIGINT drains in-flight requests and
 * exits 0. `--workers N` runs N processes sharing the port. Exit codes are listed in `realizar --help`.
 */
// every Tensor method's op, for the Tensors this entry hands out (tensor-ops.ts)
import '../trueno/tensor-ops';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { serve, type Server } from '../realizar/server';
import type { ServeOptions } from '../realizar/options';
import { isClusterWorker, reportToPrimary, runPrimary, type WorkerMessage } from '../realizar/cluster';
import { createProgram, runProgram, usageError, wantsJson, type CliIo } from './shared/program';
import { EXIT_HELP, exitCodeOf } from './realizar/exit-codes';

export type { CliIo } from './shared/program';

const EXAMPLES = `Examples:
  realizar serve iris.apr --port 8080
  realizar serve --model-dir ./models --host 0.0.0.0 --workers 4
  realizar serve --registry s3://my-bucket/models --api-key-file ./keys.txt
  curl -s localhost:8080/predict -H 'content-type: application/json' -d '{"instances": [[5.1, 3.5, 1.4, 0.2]]}'`;

function integer(min: number, max: number, option: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isSafeInteger(n) || n < min || n > max) throw usageError(`Expected an integer in [${min}, ${max}] for ${option} but received '${value}'`);
    return n;
  };
}

/** The keys of an API key file: one per line; blank lines and `#` comments skipped. */
export async function readApiKeys(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const keys = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (keys.length === 0) throw usageError(`Expected at least one API key in --api-key-file ${file} but it holds none`);
  const short = keys.find((k) => k.length < 16 || /\s/.test(k));
  if (short !== undefined) throw usageError(`Expected API keys of at least 16 characters without spaces in --api-key-file ${file} but one has ${short.length}`);
  return keys;
}

interface ServeFlags {
  port: number;
  host: string;
  workers: number;
  threads?: number;
  modelDir?: string;
  registry?: string;
  apiKeyFile?: string;
  publicKey?: string;
  cors?: string[];
  maxRows?: number;
  maxConcurrent?: number;
  timeoutMs?: number;
  bodyLimit?: number;
  watch: boolean;
  pollMs?: number;
}

/** The served names of model files given on the command line: their base names. */
function modelsOf(files: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of files) {
    const name = path.basename(f).replace(/\.apr$/i, '');
    if (Object.hasOwn(out, name)) throw usageError(`Expected model files with different names but received two named '${name}'`);
    out[name] = f;
  }
  return out;
}

async function optionsOf(files: string[], o: ServeFlags): Promise<ServeOptions> {
  if (files.length === 0 && o.modelDir === undefined && o.registry === undefined) throw usageError('Expected a model file, --model-dir or --registry but received none');
  const threads = o.threads ?? (o.workers > 1 ? Math.max(1, Math.floor(availableParallelism() / o.workers) - 1) : undefined);
  const options: ServeOptions = { host: o.host, port: o.port, watch: o.watch };
  if (files.length > 0) options.models = modelsOf(files);
  if (o.modelDir !== undefined) options.modelDir = o.modelDir;
  if (o.registry !== undefined) options.registry = o.registry;
  if (o.apiKeyFile !== undefined) options.apiKeys = await readApiKeys(o.apiKeyFile);
  if (o.publicKey !== undefined) options.loadOptions = { publicKey: await readFile(o.publicKey, 'utf8') };
  if (o.cors !== undefined) options.cors = o.cors.includes('*') ? true : o.cors;
  if (threads !== undefined) options.predictThreads = threads;
  for (const k of ['maxRows', 'maxConcurrent', 'timeoutMs', 'bodyLimit', 'pollMs'] as const) if (o[k] !== undefined) options[k] = o[k];
  return options;
}

type Listening = Extract<WorkerMessage, { realizar: 'listening' }>;

async function startServer(options: ServeOptions): Promise<{ server: Server; report: Listening }> {
  const server = await serve(options);
  try {
    await server.whenReady();
  } catch (e) {
    await server.close();
    throw e;
  }
  const res = await fetch(`${server.url}/models`, { headers: options.apiKeys ? { authorization: `Bearer ${options.apiKeys[0]}` } : {} });
  const models = ((await res.json()) as { models: Listening['models'] }).models
    .map((m) => ({ name: m.name, class: m.class, version: m.version, source: m.source, nFeatures: m.nFeatures }));
  return { server, report: { realizar: 'listening', url: server.url, models } };
}

/** Resolves on the first SIGTERM or SIGINT. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(sig);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

/** Runs `serve` in one cluster worker: reports to the primary, drains on SIGTERM. */
async function runWorker(options: ServeOptions): Promise<void> {
  let started: { server: Server; report: Listening };
  try {
    started = await startServer(options);
  } catch (e) {
    const err = e as Error & { code?: string };
    reportToPrimary({ realizar: 'failed', message: err.message, code: err.code });
    throw e;
  }
  reportToPrimary(started.report);
  await untilSignal();
  await started.server.close();
}

function startupLines(r: Listening, workers: number, hostGiven: string): string {
  const lines = r.models.map((m) => `realizar: loaded ${m.name} (${m.class}, ${m.nFeatures} features, version ${m.version}) from ${m.source}`);
  const where = hostGiven === '0.0.0.0' || hostGiven === '::' ? `${r.url} (all interfaces: ${hostGiven})` : r.url;
  lines.push(`realizar: listening on ${where}${workers > 1 ? ` with ${workers} workers` : ''}; POST /predict, GET /models, /metrics, /v2/...`);
  return lines.join('\n') + '\n';
}

function addServe(program: Command, io: CliIo): void {
  program.command('serve [models...]').description('serve model files (.apr), a folder of them or a registry over HTTP until SIGTERM / SIGINT')
    .option('--port <n>', 'port (0: a free one)', integer(0, 65535, '--port'), 8080)
    .option('--host <host>', 'interface to listen on (0.0.0.0 for all)', '127.0.0.1')
    .option('--workers <n>', 'processes sharing the port (node:cluster)', integer(1, 256, '--workers'), 1)
    .option('--threads <n>', 'predict worker threads per process (0: predict on the event loop)', integer(0, 256, '--threads'))
    .option('--model-dir <dir>', 'serve every .apr file of this folder under its base name, following changes')
    .option('--registry <url>', 'serve the .apr datasets of an alimentar registry (s3://bucket/prefix or a folder), newest version')
    .option('--api-key-file <file>', 'require a Bearer API key from this file (one per line)')
    .option('--public-key <file>', 'serve only model files signed by this Ed25519 public key (PEM); others are refused')
    .option('--cors <origin>', "allow browsers from this origin (repeatable; '*' for any)", (v: string, prev: string[] = []) => [...prev, v])
    .option('--max-rows <n>', 'most rows per request', integer(1, 1e9, '--max-rows'))
    .option('--max-concurrent <n>', 'most predictions in flight before 503', integer(1, 1e6, '--max-concurrent'))
    .option('--timeout-ms <n>', 'per-request prediction deadline (504 past it)', integer(1, 2 ** 31 - 1, '--timeout-ms'))
    .option('--body-limit <bytes>', 'largest request body', integer(1, 2 ** 31 - 1, '--body-limit'))
    .option('--poll-ms <n>', 'how often the files and the registry are checked for new versions', integer(10, 2 ** 31 - 1, '--poll-ms'))
    .option('--no-watch', 'do not reload changed model files or registry versions')
    .action(async (files: string[], o: ServeFlags) => {
      const options = await optionsOf(files, o);
      let pids: () => number[] = () => [process.pid];
      const print = (r: Listening) => io.stdout.write(wantsJson(program)
        ? JSON.stringify({ listening: r.url, workers: o.workers, pids: pids(), models: r.models }) + '\n' // one line, for log collectors
        : startupLines(r, o.workers, o.host));
      if (isClusterWorker()) return runWorker(options);
      if (o.workers > 1) {
        const primary = runPrimary({
          workers: o.workers,
          onListening: print,
          onRestart: (pid, code, signal) => io.stderr.write(`realizar: worker ${pid} exited (${signal ?? code}); starting another\n`),
        });
        pids = primary.pids;
        await primary.listening.catch(async (e) => {
          await primary.stop();
          throw e;
        });
        const sig = await untilSignal();
        io.stderr.write(`realizar: ${sig}: draining ${o.workers} workers\n`);
        await primary.stop();
        return;
      }
      const { server, report } = await startServer(options);
      print(report);
      const sig = await untilSignal();
      io.stderr.write(`realizar: ${sig}: draining in-flight requests\n`);
      await server.close();
    });
}

/**
 * Runs the CLI.
 * @param argv - the arguments after `node realizar`
 * @param io - streams (default the process's)
 * @returns the exit code (once the server stopped)
 * @example process.exitCode = await main(['serve', 'iris.apr', '--port', '8080']);
 */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const program = createProgram('realizar', 'Serve models (.apr files, a folder of them, an alimentar registry) over HTTP', EXIT_HELP, io);
  program.addHelpText('after', `\n${EXAMPLES}`);
  addServe(program, io);
  return runProgram(program, argv, io, exitCodeOf, 'ERR_REALIZAR_INTERNAL');
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // a cluster worker's IPC channel would keep it alive
    if (isClusterWorker()) process.exit(code);
  });
}
