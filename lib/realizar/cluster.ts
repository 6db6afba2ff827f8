/**
 * `--workers N`: N processes (node:cluster) sharing one port, for more cores. The primary forks the workers, waits
 * until each listens, restarts one that dies (a crash or a kill -9: the others keep serving meanwhile), and on
 * SIGTERM / SIGINT asks each to drain and waits for them. A worker that fails before it listens (a bad model file)
 * fails the start: the primary stops the others and reports that worker's error.
 */
import cluster, { type Worker } from 'node:cluster';
import { RealizarError } from './errors';

/** What a worker tells the primary. */
export type WorkerMessage =
  | { realizar: 'listening'; url: string; models: { name: string; class: string; version: string; source: string; nFeatures: number }[] }
  | { realizar: 'failed'; message: string; code?: string };

/** The environment variable that marks a realizar cluster worker. */
export const WORKER_ENV = 'REALIZAR_CLUSTER_WORKER';

/** Whether this process is a worker of a realizar cluster. */
export function isClusterWorker(): boolean {
  return cluster.isWorker && process.env[WORKER_ENV] === '1';
}

/** How the primary runs. */
export interface PrimaryOptions {
  /** Workers to keep running. */
  workers: number;
  /** The script the workers run and its arguments (default: this process's). */
  exec?: string;
  args?: string[];
  /** Node options of the workers (e.g. a require hook). */
  execArgv?: string[];
  /** Called once, when every worker listens: the first worker's report. */
  onListening(report: Extract<WorkerMessage, { realizar: 'listening' }>): void;
  /** Called when a worker died and is being replaced. */
  onRestart?(pid: number | undefined, code: number | null, signal: string | null): void;
}

/** A running primary. */
export interface Primary {
  /** Resolves when every worker listens; rejects with the first start failure. */
  listening: Promise<void>;
  /** Asks every worker to drain and exit; resolves when all have. */
  stop(): Promise<void>;
  /** The workers' process ids. */
  pids(): number[];
}

const RESTART_WINDOW_MS = 10_000;
const MAX_RESTARTS_IN_WINDOW = 5;

/**
 * Runs the cluster's primary.
 * @param o - workers, the workers' script, callbacks
 * @returns the primary
 * @example const primary = runPrimary({ workers: 4, onListening: (r) => console.log(r.url) }); await primary.listening;
 */
export function runPrimary(o: PrimaryOptions): Primary {
  // only what is given: an explicit undefined would replace cluster's defaults (this process's script and flags)
  const settings: Record<string, unknown> = {};
  if (o.exec !== undefined) settings.exec = o.exec;
  if (o.args !== undefined) settings.args = o.args;
  if (o.execArgv !== undefined) settings.execArgv = o.execArgv;
  // The kernel hands connections to the workers (each accepts on the shared socket), not the primary: in node's
  // round-robin mode a connection passed to a worker just killed is lost in the primary, and its client hangs until
  // its own timeout; here a killed worker's connections are reset and the queued ones go to the survivors.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary(settings);
  let stopping = false;
  let started = false;
  const restarts: number[] = [];
  let resolveListening!: () => void;
  let rejectListening!: (e: Error) => void;
  const listening = new Promise<void>((res, rej) => {
    resolveListening = res;
    rejectListening = rej;
  });
  const up = new Set<Worker>();
  const fork = (): Worker => {
    const w = cluster.fork({ [WORKER_ENV]: '1' });
    w.on('message', (m: WorkerMessage) => {
      if (m?.realizar === 'listening') {
        up.add(w);
        if (!started && up.size >= o.workers) {
          started = true;
          o.onListening(m);
          resolveListening();
        }
      } else if (m?.realizar === 'failed' && !started) {
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
        rejectListening(new RealizarError(m.message, m.code ?? 'ERR_REALIZAR_WORKER'));
      }
    });
    w.on('exit', (code, signal) => {
      up.delete(w);
      if (stopping) return;
      if (!started) {
        stopping = true;
        rejectListening(new RealizarError(`Expected the worker to start but it exited (${signal ?? code})`, 'ERR_REALIZAR_WORKER'));
        return;
      }
      const now = Date.now();
      while (restarts.length > 0 && now - restarts[0] > RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length >= MAX_RESTARTS_IN_WINDOW) return; // crashing in a loop: serve with the workers left
      restarts.push(now);
      o.onRestart?.(w.process.pid, code, signal);
      fork();
    });
    return w;
  };
  for (let i = 0; i < o.workers; i++) fork();
  return {
    listening,
    pids: () => Object.values(cluster.workers ?? {}).map((w) => w!.process.pid!).filter((p) => p !== undefined),
    stop() {
      stopping = true;
      const all = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      return Promise.all(all.map((w) => new Promise<void>((resolve) => {
        if (w.isDead()) return resolve();
        w.once('exit', () => resolve());
        w.process.kill('SIGTERM');
      }))).then(() => undefined);
    },
  };
}

/**
 * Tells the primary this worker listens (or failed).
 * @param m - the message
 */
export function reportToPrimary(m: WorkerMessage): void {
  process.send?.(m);
}
