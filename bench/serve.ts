/**
 * `npm run bench -- serve [case...] [--duration S] [--connections C] [--scale S] [--markdown]`: realizar against
 * FastAPI + uvicorn + scikit-learn serving the same two models, fitted on WORKLOADS 'tab' (50k x 20, binary; the arrays
 * checksummed on both sides) with the same settings, loaded by autocannon over loopback in the same run.
 *
 * Each server runs in its own process (realizar: bench/_serve_server.ts; FastAPI: bench/_python/serve.py, uvicorn with
 * uvloop + httptools, one process); each case loads ours, then theirs, for a bounded time after a short warm-up, with
 * the same connections and the same JSON body `{"instances": [...]}` to POST /predict/<model>. Every answer must be a
 * 2xx, and the two servers' predictions for the case's rows are compared before any figure is printed.
 *
 * Cases (goal: >= 3x FastAPI's requests/s at a lower p99):
 *   rf_1        a 100-tree RandomForestClassifier, one row per request
 *   rf_1000     the same forest, 1,000 rows per request (80 requests per server: bounded by count)
 *   logit_1     LogisticRegression, one row per request
 *   logit_1000  LogisticRegression, 1,000 rows per request (300 requests per server)
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { baselineEnv, findPython } from './_baselines';
import { checkTestVectors, checksum, tabWorkload } from './_workloads';

const D = 20;

interface Case {
  name: string;
  model: 'rf' | 'logit';
  rows: number;
  what: string;
  /** Requests per server and case, for cases too slow for a fixed window to time (bounded by count, not time). */
  amount?: number;
}

const CASES: Case[] = [
  { name: 'rf_1', model: 'rf', rows: 1, what: 'RandomForestClassifier (100 trees), 1 row' },
  { name: 'rf_1000', model: 'rf', rows: 1000, what: 'RandomForestClassifier (100 trees), 1,000 rows', amount: 80 },
  { name: 'logit_1', model: 'logit', rows: 1, what: 'LogisticRegression, 1 row' },
  { name: 'logit_1000', model: 'logit', rows: 1000, what: 'LogisticRegression, 1,000 rows', amount: 300 },
];

/** What a server process says once it listens. */
interface Hello {
  label: string;
  checksums: Record<string, string>;
  accuracy: Record<string, number>;
  url: string;
  /** Processes and threads serving (the bench states both sides'). */
  setup: string;
}

/** A server in its own process; closing its stdin stops it. */
interface Running {
  hello: Hello;
  child: ChildProcessWithoutNullStreams;
}

/** Load figures of one server on one case (autocannon's). */
export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** The subset of autocannon's result read here. */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
/** autocannon's callback form: the run, an emitter of each response. */
type Autocannon = (options: Record<string, unknown>, done: (err: Error | null, result: AutocannonResult) => void) =>
  { on(event: 'response', listener: () => void): void };

/**
 * Starts a server process and waits for its first line.
 * @param name - what to call it in errors
 * @param command - the executable
 * @param args - its arguments
 * @param env - its environment
 * @returns the process and what it said
 * @throws Error with the process's stderr when it exits before saying anything
 */
async function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`${name} exited before listening: ${stderr.trim()}`);
  const hello = JSON.parse(first.value) as Hello & { port?: number };
  if (!hello.url && hello.port) hello.url = `http://127.0.0.1:${hello.port}`;
  return { hello, child };
}

/**
 * POSTs a body and returns the parsed answer.
 * @throws Error for anything but a 200 (a benchmark of error answers would be meaningless)
 */
async function post(url: string, body: string): Promise<{ predictions: number[] }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as { predictions: number[] };
}

/**
 * Loads one URL with autocannon for a bounded time, or a bounded number of requests.
 * @param autocannon - the module
 * @param url - the route
 * @param body - the JSON body
 * @param bound - `{ seconds }` or `{ amount }` (requests)
 * @param connections - concurrent connections
 * @returns requests/s (completed requests over the time from the start to the last answer), p50 and p99 latency and the count of failed answers
 * @throws Error when no request completed (a rate of 0 would make a meaningless ratio)
 */
async function load(autocannon: Autocannon, url: string, body: string, bound: { seconds: number } | { amount: number },
  connections: number): Promise<LoadFigures> {
  const limit = 'amount' in bound ? { amount: bound.amount } : { duration: bound.seconds };
  // The time is ours, from the start to the last answer: autocannon's own `duration` ends at its next 1-s sample
  // tick, so a run bounded by count that takes 0.3 s reads as 1 s (100 requests could never be more than ~100/s).
  const started = performance.now();
  let last = started;
  const r = await new Promise<AutocannonResult>((resolve, reject) => {
    const run = autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, ...limit },
      (err, result) => (err ? reject(err) : resolve(result)));
    run.on('response', () => (last = performance.now()));
  });
  if (r.requests.total === 0) throw new Error(`no request to ${url} completed (${JSON.stringify(limit)}): give it longer`);
  return {
    requestsPerSecond: r.requests.total / ((last - started) / 1000),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/** A number option `--name value`, or the fallback. */
function numberOption(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const v = Number(args[at + 1]);
  if (!(v > 0)) throw new RangeError(`Expected a positive number for --${name} but received ${args[at + 1]}`);
  return v;
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/**
 * Runs the cases and prints one JSON line per case, then the markdown table (stdout with --markdown, else stderr).
 * @param args - case names (default all), `--duration S` per server and case (default 5), `--connections C`
 *   (default 10), `--scale S` (quick harness checks only), `--markdown`
 */
export async function main(args: string[]): Promise<void> {
  checkTestVectors();
  const loadAtStart = os.loadavg()[0].toFixed(1);
  const seconds = numberOption(args, 'duration', 5);
  const connections = numberOption(args, 'connections', 10);
  const scale = numberOption(args, 'scale', 1);
  const wanted = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const unknown = wanted.filter((w) => !CASES.some((c) => c.name === w));
  if (unknown.length) throw new Error(`unknown case(s) ${unknown.join(', ')}; cases: ${CASES.map((c) => c.name).join(' ')}`);
  const chosen = CASES.filter((c) => wanted.length === 0 || wanted.includes(c.name));
  const autocannon = require('autocannon') as Autocannon;

  const tab = tabWorkload(scale);
  const sums: Record<string, string> = { tabXTrain: checksum(tab.train), tabYTrain: checksum(tab.trainLabels), tabXTest: checksum(tab.test), tabYTest: checksum(tab.testLabels) };
  const python = findPython(['sklearn', 'fastapi', 'uvicorn']);
  if (!python) process.stderr.write('note: no Python with scikit-learn, fastapi and uvicorn (set SOVEREIGN_PYTHON); no baseline\n');
  const scaleArgs = ['--scale', String(scale)];
  // Both fit at once (neither is timed), each on the 2 threads its forest asks for.
  const [ours, theirs] = await Promise.all([
    start('bench/_serve_server.ts', process.execPath, ['-r', path.join(__dirname, '..', 'scripts', 'register-ts.js'), path.join(__dirname, '_serve_server.ts'), ...scaleArgs], process.env),
    python ? start('bench/_python/serve.py', python, [path.join(__dirname, '_python', 'serve.py'), ...scaleArgs], baselineEnv(2)) : undefined,
  ]);
  const servers = [ours, theirs].filter((s): s is Running => s !== undefined);
  try {
    for (const s of servers) {
      for (const [name, sum] of Object.entries(s.hello.checksums)) {
        if (sums[name] !== sum) throw new Error(`dataset ${name} differs between the bench (${sums[name]}) and ${s.hello.label} (${sum})`);
      }
    }
    process.stderr.write(`${servers.map((s) => `${s.hello.label} at ${s.hello.url}, test accuracy ${JSON.stringify(s.hello.accuracy)}; ${s.hello.setup}`).join('\n')}\n`);

    const lines: Record<string, unknown>[] = [];
    for (const c of chosen) {
      const rows: number[][] = [];
      const nTest = tab.testLabels.length;
      for (let i = 0; i < c.rows; i++) rows.push(Array.from(tab.test.subarray((i % nTest) * D, (i % nTest + 1) * D)));
      const body = JSON.stringify({ instances: rows });
      // The same rows through both servers first: the figures compare two servers giving (nearly) the same answers.
      const answers = await Promise.all(servers.map((s) => post(`${s.hello.url}/predict/${c.model}`, body)));
      for (const [i, a] of answers.entries()) {
        if (a.predictions.length !== c.rows) throw new Error(`${servers[i].hello.label} answered ${a.predictions.length} predictions for ${c.rows} rows`);
      }
      const agreement = answers.length === 2 ? answers[0].predictions.filter((p, i) => p === answers[1].predictions[i]).length / c.rows : null;
      const figures: LoadFigures[] = [];
      for (const s of servers) {
        const url = `${s.hello.url}/predict/${c.model}`;
        await load(autocannon, url, body, c.amount ? { amount: connections } : { seconds: 1 }, connections); // warm-up (JIT, pools, caches)
        const f = await load(autocannon, url, body, c.amount ? { amount: c.amount } : { seconds }, connections);
        if (f.non2xx || f.errors) throw new Error(`${s.hello.label} failed ${f.non2xx} answers and ${f.errors} requests on ${c.name}`);
        figures.push(f);
      }
      const [mine, base] = figures;
      const line = {
        name: c.name,
        what: c.what,
        body_bytes: body.length,
        connections,
        ...(c.amount ? { requests_per_server: c.amount } : { duration_s: seconds }),
        ours: { label: ours.hello.label, ...mine },
        baseline: theirs && base ? { label: theirs.hello.label, ...base } : null,
        ratio_rps: base ? Number((mine.requestsPerSecond / base.requestsPerSecond).toPrecision(3)) : null,
        prediction_agreement: agreement,
      };
      lines.push(line);
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }

    const table = [
      `| case | what | realizar req/s | p50 / p99 (ms) | ${theirs ? 'FastAPI req/s | p50 / p99 (ms) | ratio (req/s) |' : ''}`,
      `|---|---|---:|---:|${theirs ? '---:|---:|---:|' : ''}`,
      ...lines.map((l) => {
        const o = l.ours as LoadFigures, b = l.baseline as LoadFigures | null;
        const theirCells = b ? ` ${fmt(b.requestsPerSecond)} | ${b.p50Ms} / ${b.p99Ms} | **${fmt(l.ratio_rps as number)}x** |` : '';
        return `| ${l.name} | ${l.what} | ${fmt(o.requestsPerSecond)} | ${o.p50Ms} / ${o.p99Ms} |${theirCells}`;
      }),
    ].join('\n');
    const env = `${servers.map((s) => s.hello.label).join(' vs ')}; ${connections} connections, ${seconds} s per server and case ` +
      `(after 1 s of warm-up; the 1,000-row cases a fixed number of requests after ${connections}), autocannon (no pipelining) over loopback, in the bench's process; ` +
      `${servers.map((s) => `${s.hello.label.split(' (')[0].split(' +')[0]}: ${s.hello.setup}`).join('; ')}; ${os.cpus()[0]?.model}, ${os.cpus().length} cores; 1-min load ` +
      `average ${loadAtStart} at start, ${os.loadavg()[0].toFixed(1)} at end` + (scale === 1 ? '' : `; data at --scale ${scale}`);
    const out = `${table}\n\n${env}\n`;
    if (args.includes('--markdown')) process.stdout.write(out);
    else process.stderr.write(out);
  } finally {
    for (const s of servers) s.child.stdin.end();
  }
}
