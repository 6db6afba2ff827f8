/**
 * The Python baselines (bench/_python/<area>.py), run in the same benchmark run as our own figures and on the same
 * arrays: the script regenerates them with the WORKLOADS.md generator and prints their checksums, which are checked
 * here against the JS arrays before any ratio is reported. The script then times one case per request, so each
 * baseline is measured right after our figure for that case, under the same load on the machine.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';

/** One baseline figure. */
export interface BaselineFigure {
  /** e.g. "numpy 2.4.6 2T". */
  label: string;
  median_s: number;
  /** The BLAS that ran and its kernel, from threadpoolctl (e.g. "openblas 0.3.31 Haswell x2"). */
  kernel: string;
  /** How good the baseline's answer was (R², accuracy, inertia...), for the scripts that report it. */
  quality?: Record<string, number>;
}

/** Where to look for a Python: SOVEREIGN_PYTHON alone when set, else the venv of ../shared/tools/python-baselines.sh, then python3. */
function pythonCandidates(): string[] {
  if (process.env.SOVEREIGN_PYTHON) return [process.env.SOVEREIGN_PYTHON];
  return [path.join(os.homedir(), '.cache', 'sovereign-baselines', 'bin', 'python'), 'python3'];
}

/**
 * The first Python that has numpy and threadpoolctl (which reports the BLAS kernel), and the other modules asked for,
 * or undefined.
 * @param modules - further modules the baseline imports (e.g. ['sklearn'])
 * @returns the interpreter's path or command
 */
export function findPython(modules: string[] = []): string | undefined {
  const probe = ['-c', `import ${['numpy', 'threadpoolctl', ...modules].join(', ')}`];
  return pythonCandidates().find((py) => spawnSync(py, probe, { stdio: 'ignore' }).status === 0);
}

/**
 * The baseline's own environment: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE may be set on this machine and force a
 * slower OpenBLAS kernel, so they are removed here only (WORKLOADS.md); the pool starts with `threads` threads and
 * each request narrows it.
 */
export function baselineEnv(threads: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  for (const v of ['OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS']) env[v] = String(threads);
  return env;
}

/** A running baseline script that times cases on request. */
export class PythonBaseline {
  private stderr = '';
  /** The baseline's name and version (e.g. "numpy 2.4.6"), from the script's first line. */
  private label = '';

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly replies: AsyncIterator<string>,
  ) {
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /**
   * Starts bench/_python/<area>.py and checks that it generated the same arrays as we did.
   * @param python - the interpreter (from {@link findPython})
   * @param area - the script name under bench/_python (without .py)
   * @param args - its arguments: the case names it should prepare (and the script's own options)
   * @param maxThreads - the BLAS pool size
   * @param checksums - our arrays' checksums by dataset name; every one the script reports must match
   * @returns the running baseline
   * @throws Error when the script fails or a checksum differs (a ratio over different data would be meaningless)
   */
  static async start(
    python: string,
    area: string,
    args: string[],
    maxThreads: number,
    checksums: Record<string, string>,
  ): Promise<PythonBaseline> {
    const script = path.join(__dirname, '_python', `${area}.py`);
    const child = spawn(python, [script, ...args], { env: baselineEnv(maxThreads) });
    const replies = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const self = new PythonBaseline(child, replies);
    const head = JSON.parse(await self.next()) as { label: string; checksums: Record<string, string> };
    for (const [name, sum] of Object.entries(head.checksums)) {
      if (checksums[name] !== sum) {
        self.close();
        throw new Error(`dataset ${name} differs between JS (${checksums[name]}) and Python (${sum}): generators disagree`);
      }
    }
    self.label = head.label;
    return self;
  }

  private async next(): Promise<string> {
    const r = await this.replies.next();
    if (r.done) throw new Error(`the Python baseline exited early: ${this.stderr.trim()}`);
    return r.value;
  }

  /**
   * Times one case now.
   * @param name - a case the script prepared
   * @param threads - BLAS threads for this case
   * @returns the baseline's median, the kernel that ran and the quality of its answer when the script reports one
   */
  async time(name: string, threads: number): Promise<BaselineFigure> {
    this.child.stdin.write(`${name} ${threads}\n`);
    const reply = JSON.parse(await this.next()) as { median_s: number; kernel: string; quality?: Record<string, number>; label?: string };
    // A script timing more than one library names the one behind this figure (e.g. LightGBM beside scikit-learn).
    return { label: `${reply.label ?? this.label} ${threads}T`, median_s: reply.median_s, kernel: reply.kernel, quality: reply.quality };
  }

  /** Ends the script (closing its stdin ends its request loop). */
  close(): void {
    this.child.stdin.end();
  }
}

/** The JS peers, loaded only when a case compares with them (tfjs takes about a second to load). */
export type TfModule = typeof import('@tensorflow/tfjs');

/**
 * @tensorflow/tfjs on one of its backends: 'cpu' (plain JS kernels) or 'wasm' (XNNPACK), the latter loaded from the
 * local node_modules (no network) and single-threaded, as our WASM build is.
 * @param backend - 'cpu' or 'wasm'
 * @returns the tfjs module with that backend active
 */
export async function tfjsOn(backend: 'cpu' | 'wasm'): Promise<TfModule> {
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}${path.sep}`);
    // Node has no cross-origin isolation flag to test; without this tfjs tries the threaded build.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend '${backend}' did not initialize`);
  await tf.ready();
  return tf;
}

/**
 * The plain-JS matmul a user would write: i-k-j loop order over Float32Array (row-major, unit stride inside).
 * @param n - the side of the square matrices
 * @param a - n x n
 * @param b - n x n
 * @param c - n x n, overwritten with a * b
 */
export function plainMatmul(n: number, a: Float32Array, b: Float32Array, c: Float32Array): void {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[ci + k];
      const bk = k * n;
      for (let j = 0; j < n; j++) c[ci + j] += aik * b[bk + j];
    }
  }
}
