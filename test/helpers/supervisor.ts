/**
 * Runs jobs in a long-lived child process and survives whatever a job does to it. Each job gets a hard timeout (a
 * synchronous spin cannot be stopped from inside) and a memory cap (a V8 heap limit plus the child's resident memory,
 * polled from /proc, for WebAssembly and native memory outside the heap); a job that crashes, hangs or blows up the
 * child is recorded against the stage it was in, and the next job gets a fresh child. Batching many jobs per child keeps
 * a run fast; restarting only after a failure keeps it honest.
 *
 * The child side is {@link serveJobs}: the child reports the stage it enters and notes (partial results) as it goes,
 * so a crash still leaves what the job found before it.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** How a job ended when it did not return a result. */
export type FailureKind = 'crash' | 'hang' | 'memory';

/** A job that took its child down (or had to be killed). */
export interface JobFailure {
  kind: FailureKind;
  /** The stage the job had entered when it failed. */
  stage: string;
  /** Exit code / signal, the uncaught error, or the limit passed, with the child's last stderr lines. */
  detail: string;
}

/** What a job gave back: its result, or the failure; notes are what the child reported before either. */
export type JobOutcome<R, N> = { notes: N[]; result: R; failure?: undefined } | { notes: N[]; result?: undefined; failure: JobFailure };

/** Limits and environment of the child. */
export interface SupervisorOptions {
  /** The child's TypeScript (or JS) program, which calls {@link serveJobs}. */
  script: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Milliseconds a job's stage may run (hard: the child is killed). */
  timeoutMs: number;
  /** The child's V8 heap limit (--max-old-space-size). */
  heapMb: number;
  /** The child's resident memory limit (polled; the child is killed above it). */
  rssCapMb: number;
  /** Extra node flags for the child (e.g. --expose-gc). */
  nodeArgs?: string[];
}

const REGISTER = path.join(__dirname, '../../scripts/register-ts.js');
const RSS_POLL_MS = 50;
const STDERR_KEEP = 4000;

/** Resident bytes of a process from /proc (Linux), or undefined where /proc is not there. */
function residentBytes(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
  } catch {
    return undefined;
  }
}

/** A kind for a child that died: the heap limit shows up as an abort with V8's message. */
function deathKind(stderr: string): FailureKind {
  return /heap limit|heap out of memory|Reached heap limit|Allocation failed/i.test(stderr) ? 'memory' : 'crash';
}

function lastLines(text: string, n = 6): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

type Message<R, N> = { ready: true } | { id: number; stage: string } | { id: number; note: N } | { id: number; result: R } | { id: number; uncaught: string } | { id: number; asyncHang: string };

/** A supervised child running jobs one at a time; see the module comment. */
export class Supervisor<J, R, N = unknown> {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private stderr = '';
  private nextId = 0;
  /** How many times a child was started (1 + restarts after failures). */
  starts = 0;

  constructor(private readonly options: SupervisorOptions) {}

  private start(): Promise<void> {
    const { script, env, heapMb, nodeArgs = [] } = this.options;
    this.starts++;
    this.stderr = '';
    const child = fork(script, [], {
      execArgv: [`--max-old-space-size=${heapMb}`, ...nodeArgs, '-r', REGISTER],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // structured clone, so results keep NaN, -0 and the infinities
      serialization: 'advanced',
    });
    child.stderr!.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-STDERR_KEEP);
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      const onMessage = (m: Message<R, N>) => {
        if ('ready' in m) {
          child.off('message', onMessage);
          child.off('close', onClose);
          resolve();
        }
      };
      const onClose = (code: number | null, signal: string | null) => reject(new Error(`the child ${script} did not start (${signal ?? code}): ${lastLines(this.stderr)}`));
      child.on('message', onMessage);
      child.on('close', onClose);
    });
  }

  /**
   * Runs one job in the child, starting one first if needed.
   * @param job - what the child's handler receives
   * @returns the result (or failure) and the notes the child sent on the way
   */
  async run(job: J): Promise<JobOutcome<R, N>> {
    if (this.child === undefined) this.ready = this.start();
    await this.ready;
    const child = this.child!;
    const id = this.nextId++;
    const notes: N[] = [];
    let stage = 'start';
    return new Promise((resolve) => {
      let done = false;
      const finish = (outcome: JobOutcome<R, N>, kill: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearInterval(poll);
        child.off('message', onMessage);
        child.off('close', onClose);
        if (kill) {
          this.child = undefined;
          child.kill('SIGKILL');
        }
        resolve(outcome);
      };
      const fail = (kind: FailureKind, detail: string) => finish({ notes, failure: { kind, stage, detail } }, true);
      const onMessage = (m: Message<R, N>) => {
        if (!('id' in m) || m.id !== id) return;
        if ('stage' in m) {
          stage = m.stage;
          clearTimeout(timer);
          timer = setTimeout(onTimeout, this.options.timeoutMs);
        } else if ('note' in m) notes.push(m.note);
        else if ('result' in m) finish({ notes, result: m.result }, false);
        else if ('asyncHang' in m) fail('hang', `stage ${m.asyncHang} made no progress with the event loop free (a promise that never settles)`);
        else if ('uncaught' in m) fail('crash', `uncaught exception: ${m.uncaught}`);
      };
      const onClose = (code: number | null, signal: string | null) => {
        this.child = undefined;
        const stderr = this.stderr;
        const kind = deathKind(stderr);
        const why = kind === 'memory' ? 'out of memory: the V8 heap limit was reached; ' : '';
        finish({ notes, failure: { kind, stage, detail: `${why}child exited (${signal ?? `code ${code}`}): ${lastLines(stderr)}` } }, false);
      };
      const onTimeout = () => fail('hang', `stage still running after ${this.options.timeoutMs} ms (event loop blocked; resident ${Math.round((residentBytes(child.pid!) ?? 0) / 2 ** 20)} MB)`);
      let timer = setTimeout(onTimeout, this.options.timeoutMs);
      const poll = setInterval(() => {
        const rss = residentBytes(child.pid!);
        if (rss !== undefined && rss > this.options.rssCapMb * 2 ** 20) fail('memory', `resident memory ${Math.round(rss / 2 ** 20)} MB above the ${this.options.rssCapMb} MB cap`);
      }, RSS_POLL_MS);
      child.on('message', onMessage);
      child.on('close', onClose);
      child.send({ id, job });
    });
  }

  /** Stops the child (if any). */
  close(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}

/** How a one-off process ended under {@link runLimited}. */
export interface LimitedRun {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Set when the run was killed or died for a limit. */
  failure?: FailureKind;
}

/**
 * Runs `node args` once with the same limits as a supervised child: a hard timeout, a heap limit and a resident cap.
 * @param args - node's arguments (script and its arguments)
 * @param limits - timeout, heap and resident limits
 * @returns exit status, output, and the limit it hit if any
 */
export function runLimited(args: string[], limits: Omit<SupervisorOptions, 'script' | 'env' | 'nodeArgs'>): Promise<LimitedRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${limits.heapMb}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let failure: FailureKind | undefined;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-STDERR_KEEP)));
    const kill = (kind: FailureKind) => {
      failure ??= kind;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill('hang'), limits.timeoutMs);
    const poll = setInterval(() => {
      const rss = residentBytes(child.pid!);
      if (rss !== undefined && rss > limits.rssCapMb * 2 ** 20) kill('memory');
    }, RSS_POLL_MS);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      clearInterval(poll);
      const kind = deathKind(stderr);
      if (failure === undefined && (signal !== null || kind === 'memory')) failure = kind;
      resolve({ status, signal, stdout, stderr, failure });
    });
  });
}

/** What a job handler gets besides the job: a way to say which stage it is in and to send partial results. */
export interface JobReporter<N> {
  stage(name: string): void;
  note(value: N): void;
}

/**
 * The child side: answers jobs from the parent one at a time with `handler`. An uncaught exception or unhandled
 * rejection is reported against the running job and ends the child (its state can no longer be trusted); a job whose
 * promise makes no progress for `asyncHangMs` while the event loop is free is reported as a hang.
 * @param handler - runs one job
 * @param asyncHangMs - the in-child watchdog (below the parent's hard timeout)
 */
export function serveJobs<J, R, N>(handler: (job: J, report: JobReporter<N>) => Promise<R>, asyncHangMs: number): void {
  let current: number | undefined;
  const send = (m: object) => process.send!(m);
  const die = (e: unknown) => {
    const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    if (current !== undefined) send({ id: current, uncaught: text });
    // exit after the message is flushed, so the parent attributes the crash to the job
    setImmediate(() => process.exit(70));
  };
  // a parent that is gone (killed test run) leaves nobody to answer: end with it
  process.on('disconnect', () => process.exit(0));
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  process.on('message', async (m: { id: number; job: J }) => {
    current = m.id;
    let watchdog = setTimeout(() => send({ id: m.id, asyncHang: 'start' }), asyncHangMs);
    const report: JobReporter<N> = {
      stage: (name) => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => send({ id: m.id, asyncHang: name }), asyncHangMs);
        send({ id: m.id, stage: name });
      },
      note: (value) => send({ id: m.id, note: value }),
    };
    try {
      const result = await handler(m.job, report);
      send({ id: m.id, result });
    } catch (e) {
      die(e);
    } finally {
      clearTimeout(watchdog);
      current = undefined;
    }
  });
  send({ ready: true });
}
