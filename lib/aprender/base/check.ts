/**
 * checkEstimator: the common checks every estimator passes (scikit-learn's check_estimator, for this contract). Each
 * check is a named function that throws when the estimator breaks the contract; the test suite runs them over every
 * exported estimator on every backend, and users can run them on their own estimator classes.
 */
import { tableFromArrays } from 'apache-arrow';
import { ArrowDataset } from '../../alimentar/dataset';
import { backendInfo, setBackend } from '../../trueno/backend/loader';
import type { BackendName } from '../../trueno/backend/registry';
import { Tensor } from '../../trueno/tensor';
import { AprenderError, validate } from '../errors';
import { checkData, type CheckData } from './check-data';
import type { Estimator, EstimatorTags } from './estimator';
import { isRegisteredEstimator, type EstimatorClass } from './registry';
import { decode, encode } from './state';
import { load as loadModel } from '../model-file/read';

/** Options of checkEstimator. */
export interface CheckOptions {
  /** Constructor options for every instance the checks make (e.g. a Pipeline's steps). */
  params?: Record<string, unknown>;
  /** Data to fit on instead of the built-in blobs (X 2-D float64, y when supervised). */
  data?: CheckData;
  /** Backends to compare (default: every backend that loads here). */
  backends?: BackendName[];
  /** Run the fitAsync check (a worker per call; default true). */
  fitAsync?: boolean;
}

/** One named check. */
export interface EstimatorCheck {
  name: string;
  run(): void | Promise<void>;
}

/** A check that failed (code ERR_APRENDER_CHECK); `cause` is the underlying failure. */
export class EstimatorCheckError extends AprenderError {
  /**
   * @param estimator - the class name
   * @param check - the check's name
   * @param cause - what failed
   */
  constructor(estimator: string, check: string, cause: unknown) {
    super(`${estimator} failed the check '${check}': ${cause instanceof Error ? cause.message : String(cause)}`, 'ERR_APRENDER_CHECK', { cause });
  }
}

/** An output the checks compare: a Tensor, labels or a number. */
export type CheckOutput = Tensor | string[] | Int32Array | number;
const OUTPUT_METHODS = ['predict', 'predictProba', 'decisionFunction', 'transform'] as const;

function fail(message: string): never {
  throw new Error(message);
}

function flat(o: CheckOutput): ArrayLike<number | string> {
  if (typeof o === 'number') return [o];
  if (o instanceof Tensor) return o.data as ArrayLike<number>;
  return o;
}

/**
 * Asserts two outputs equal within a relative tolerance (labels exactly).
 * @param a - one output
 * @param b - the other
 * @param rtol - relative tolerance (absolute below 1)
 * @param what - names the comparison
 */
export function expectSameOutput(a: CheckOutput, b: CheckOutput, rtol: number, what: string): void {
  const x = flat(a);
  const y = flat(b);
  if (x.length !== y.length) fail(`${what}: lengths differ (${x.length} vs ${y.length})`);
  if (a instanceof Tensor && b instanceof Tensor && a.shape.join() !== b.shape.join()) fail(`${what}: shapes differ [${a.shape}] vs [${b.shape}]`);
  for (let i = 0; i < x.length; i++) {
    const u = x[i];
    const v = y[i];
    if (typeof u === 'string' || typeof v === 'string') {
      if (u !== v) fail(`${what}: element ${i} differs ('${u}' vs '${v}')`);
    } else if (!(Math.abs(u - v) <= rtol * Math.max(1, Math.abs(u), Math.abs(v))) && !(Number.isNaN(u) && Number.isNaN(v))) {
      fail(`${what}: element ${i} differs (${u} vs ${v}, rtol ${rtol})`);
    }
  }
}

function outputs(est: Estimator, X: unknown): Map<string, CheckOutput> {
  const out = new Map<string, CheckOutput>();
  const e = est as unknown as Record<string, (X: unknown) => CheckOutput>;
  for (const m of OUTPUT_METHODS) if (typeof e[m] === 'function') out.set(m, e[m](X));
  const labels = (est as { labels_?: Int32Array }).labels_;
  if (labels !== undefined && typeof e.predict !== 'function') out.set('labels_', labels);
  return out;
}

function expectSameOutputs(a: Map<string, CheckOutput>, b: Map<string, CheckOutput>, rtol: number, what: string): void {
  for (const [m, v] of a) expectSameOutput(v, b.get(m) ?? fail(`${what}: ${m} missing`), rtol, `${what} ${m}`);
}

function expectCodedError(fn: () => unknown, what: string, code?: string): Error {
  try {
    fn();
  } catch (e) {
    const c = (e as { code?: unknown }).code;
    if (typeof c !== 'string' || !c.startsWith('ERR_')) fail(`${what}: threw without a .code: ${(e as Error).message}`);
    if (code !== undefined && c !== code) fail(`${what}: expected code ${code} but got ${c} (${(e as Error).message})`);
    return e as Error;
  }
  return fail(`${what}: did not throw`);
}

function availableBackends(): BackendName[] {
  const current = backendInfo().backend;
  const out: BackendName[] = [];
  for (const b of ['native', 'wasm', 'js'] as BackendName[]) {
    try {
      setBackend(b);
      out.push(b);
    } catch {
      // a backend that does not load here is not compared
    }
  }
  setBackend(current);
  return out;
}

/** The options of the checks, and the data inside them, with no key the checks would ignore. */
function expectCheckOptions(options: unknown): CheckOptions {
  const opts = validate.expectOptions<CheckOptions>(options, 'checkEstimator options', { params: true, data: true, backends: true, fitAsync: true });
  validate.expectOptions<CheckData>(opts.data, 'checkEstimator options.data', { X: true, y: true });
  return opts;
}

/**
 * The common checks of an estimator class, one per contract rule.
 * @param Cls - the estimator class
 * @param options - constructor params, data, backends, fitAsync
 * @returns the checks, to run one by one (each throws on failure)
 */
export function estimatorChecks(Cls: EstimatorClass, options: CheckOptions = {}): EstimatorCheck[] {
  options = expectCheckOptions(options);
  const make = (extra: Record<string, unknown> = {}) => new Cls({ ...options.params, ...extra });
  const tags: EstimatorTags = make().tags;
  const data = options.data ?? checkData(tags);
  const { X, y } = data;
  const [rows, cols] = X.shape;
  const seeded = Object.hasOwn(make().getParams(false), 'randomState') ? { randomState: 0 } : {};
  const fitted = (est: Estimator = make(seeded), input: unknown = X) => (tags.input === 'labels' ? est.fit(y as never) : est.fit(input as never, y as never));
  const checkInput = (input: unknown) => (tags.input === 'labels' ? y : input);
  const tol = tags.tolerance;
  const name = Cls.name;

  const checks: EstimatorCheck[] = [
    { name: 'constructor stores the defaults', run: () => {
      const p = make().getParams(false);
      for (const k of Object.keys((Cls as unknown as { params: object }).params)) if (!(k in p)) fail(`getParams() lacks '${k}'`);
      const err = expectCodedError(() => new Cls({ ...options.params, notAParameter: 1 }), 'an unknown option', 'ERR_APRENDER_PARAM');
      if (!err.message.includes('notAParameter')) fail(`the unknown-option error does not name it: ${err.message}`);
    } },
    { name: 'fit returns this', run: () => {
      const est = make(seeded);
      if (fitted(est) !== est) fail('fit did not return this');
    } },
    { name: 'NotFittedError before fit', run: () => {
      const est = make(seeded) as unknown as Record<string, (X: unknown) => unknown>;
      for (const m of [...OUTPUT_METHODS, 'inverseTransform', 'predictLogProba'] as const) {
        if (typeof est[m] === 'function') expectCodedError(() => est[m](checkInput(X)), `${m} before fit`, 'ERR_APRENDER_NOT_FITTED');
      }
    } },
    { name: 'fitting twice gives the same model', run: () => {
      const est = fitted();
      const first = outputs(est, checkInput(X));
      fitted(est);
      expectSameOutputs(first, outputs(est, checkInput(X)), 1e-12, 'refit');
    } },
    { name: 'the same randomState gives the same result', run: () => {
      expectSameOutputs(outputs(fitted(), checkInput(X)), outputs(fitted(), checkInput(X)), 1e-12, 'two fits');
    } },
    { name: 'inputs are not mutated', run: () => {
      const xCopy = X.data.slice();
      const yCopy = y?.slice();
      outputs(fitted(), checkInput(X));
      expectSameOutput(X, Tensor.from(xCopy, X.shape), 0, 'X after fit');
      if (y && yCopy) expectSameOutput(Tensor.from(y), Tensor.from(yCopy), 0, 'y after fit');
    } },
    { name: 'clone is unfitted with equal params', run: () => {
      const est = fitted();
      const c = est.clone();
      if (c.isFitted()) fail('the clone is fitted');
      const a = est.getParams(false);
      const b = c.getParams(false);
      for (const k of Object.keys(a)) if (typeof a[k] !== 'object' && !Object.is(a[k], b[k])) fail(`param ${k} differs in the clone`);
    } },
    { name: 'invalid parameter values are named', run: () => {
      for (const k of Object.keys((Cls as unknown as { params: object }).params)) {
        const est = make({ [k]: Symbol('invalid') });
        const err = expectCodedError(() => fitted(est), `${k} = Symbol`, 'ERR_APRENDER_PARAM');
        if (!err.message.includes(k)) fail(`the error for ${k} does not name it: ${err.message}`);
      }
    } },
    { name: 'learned state survives encoding', run: () => {
      const est = fitted();
      const copy = make(seeded);
      copy.restoreState(decode(structuredClone(encode(est.learnedState()))) as Record<string, unknown>);
      expectSameOutputs(outputs(est, checkInput(X)), outputs(copy, checkInput(X)), 0, 'restored');
    } },
    { name: 'model file round trip', run: () => {
      // A file names its class; the loader builds only registered classes (never code from the file).
      if (!isRegisteredEstimator(name)) fail(`${name} is not registered: call registerEstimators(${name}) so model files can rebuild it`);
      const est = fitted();
      const want = outputs(est, checkInput(X));
      for (const compression of ['deflate', 'none'] as const) {
        const loaded = loadModel(est.toBytes({ compression }));
        if (loaded.constructor !== est.constructor) fail(`loaded a ${loaded.constructor.name}, not a ${name}`);
        if (loaded.isFitted() !== true) fail('the loaded model is not fitted');
        expectSameOutputs(want, outputs(loaded, checkInput(X)), 0, `loaded (${compression})`);
      }
    } },
  ];

  if (tags.input !== 'labels') {
    checks.push(
      { name: 'the number of features is checked', run: () => {
        const est = fitted() as unknown as Record<string, (X: unknown) => unknown>;
        const wider = Tensor.from(new Float64Array(rows * (cols + 1)).fill(1), [rows, cols + 1]);
        for (const m of OUTPUT_METHODS) {
          if (typeof est[m] !== 'function') continue;
          const err = expectCodedError(() => est[m](wider), `${m} with ${cols + 1} features`, 'ERR_APRENDER_FEATURES');
          const want = `X has ${cols + 1} features, but ${name} is expecting ${cols} features as input`;
          if (!err.message.includes(want)) fail(`expected the message '${want}' but got '${err.message}'`);
        }
      } },
      { name: 'Tensor, number[][], Arrow and float32 input agree', run: () => {
        const base = outputs(fitted(), X);
        const nested = Array.from({ length: rows }, (_, i) => Array.from(X.data.subarray(i * cols, (i + 1) * cols)));
        expectSameOutputs(base, outputs(fitted(make(seeded), nested), nested), 1e-12, 'number[][]');
        const names = Array.from({ length: cols }, (_, j) => `f${j}`);
        const table = tableFromArrays(Object.fromEntries(names.map((n, j) => [n, Float64Array.from({ length: rows }, (_, i) => X.data[i * cols + j])])));
        const ds = ArrowDataset.fromTable(table);
        const est = fitted(make(seeded), ds);
        if (est.featureNamesIn_?.join() !== names.join()) fail(`featureNamesIn_ is ${JSON.stringify(est.featureNamesIn_)}`);
        expectSameOutputs(base, outputs(est, ds), 1e-12, 'Arrow');
        const renamed = ArrowDataset.fromTable(tableFromArrays(Object.fromEntries(names.map((n, j) => [`g${j}`, table.getChild(n)?.toArray() as Float64Array]))));
        const e = est as unknown as Record<string, (X: unknown) => unknown>;
        const method = OUTPUT_METHODS.find((m) => typeof e[m] === 'function');
        if (method) expectCodedError(() => e[method](renamed), 'other column names', 'ERR_APRENDER_FEATURES');
        const f32 = Tensor.from(Float32Array.from(X.data), X.shape);
        const x64 = Tensor.from(Float64Array.from(f32.data as Float32Array), X.shape);
        expectSameOutputs(outputs(fitted(make(seeded), x64), x64), outputs(fitted(make(seeded), f32), f32), Math.max(tol, 1e-4), 'float32');
      } },
      { name: 'bad X and y give coded errors', run: () => {
        const bad = (values: number, at: number) => {
          const d = X.data.slice();
          d[at] = values;
          return Tensor.from(d, X.shape);
        };
        if (!tags.allowNaN) expectCodedError(() => fitted(make(seeded), bad(NaN, 3)), 'NaN in X', 'ERR_APRENDER_RANGE');
        expectCodedError(() => fitted(make(seeded), bad(Infinity, 5)), 'Infinity in X', 'ERR_APRENDER_RANGE');
        expectCodedError(() => make(seeded).fit(Tensor.from(new Float64Array(0), [0, cols]) as never, (y ? new Float64Array(0) : undefined) as never), 'empty X');
        expectCodedError(() => make(seeded).fit(Tensor.from(X.data.slice(0, rows)) as never, y as never), '1-D X', 'ERR_APRENDER_RANGE');
        expectCodedError(() => make(seeded).fit('X' as never, y as never), 'a string as X', 'ERR_APRENDER_TYPE');
        if (y) {
          expectCodedError(() => make(seeded).fit(X, y.subarray(1)), 'y one short', 'ERR_APRENDER_RANGE');
          expectCodedError(() => make(seeded).fit(X, Float64Array.from(y, (v, i) => (i === 2 ? NaN : v))), 'NaN in y', 'ERR_APRENDER_RANGE');
          if (tags.requiresY) expectCodedError(() => make(seeded).fit(X), 'no y', 'ERR_APRENDER_TYPE');
        }
        if (tags.kind === 'classifier') expectCodedError(() => make(seeded).fit(X, new Float64Array(rows).fill(1)), 'a single class', 'ERR_APRENDER_RANGE');
        try {
          const one = make(seeded).fit(Tensor.from(X.data.slice(0, cols), [1, cols]), (y ? y.slice(0, 1) : undefined) as never);
          outputs(one, Tensor.from(X.data.slice(0, cols), [1, cols]));
        } catch (e) {
          if (typeof (e as { code?: unknown }).code !== 'string') fail(`a single sample threw without a .code: ${(e as Error).message}`);
        }
      } },
    );
  }
  if (tags.kind === 'classifier' && y) {
    checks.push({ name: 'string labels come back as strings', run: () => {
      const names = ['apple', 'banana', 'cherry'];
      const ys = Array.from(y, (v) => names[v]);
      const est = make(seeded).fit(X, ys) as unknown as { predict(X: unknown): unknown; classes_?: unknown };
      const p = est.predict(X);
      if (!Array.isArray(p) || !p.every((v) => names.includes(v))) fail(`predict gave ${typeof p}, not the string labels`);
      const numeric = make(seeded).fit(X, y) as unknown as { predict(X: unknown): unknown };
      const q = numeric.predict(X) as Tensor;
      expectSameOutput(Array.from(q.data as Float64Array, (v) => names[v]), p as string[], 0, 'string vs number labels');
    } });
  }
  checks.push({ name: 'every backend gives the same result', run: () => {
    const current = backendInfo().backend;
    const backends = options.backends ?? availableBackends();
    try {
      setBackend(backends[0]);
      const first = outputs(fitted(), checkInput(X));
      for (const b of backends.slice(1)) {
        setBackend(b);
        expectSameOutputs(first, outputs(fitted(), checkInput(X)), tol, `${b} vs ${backends[0]}`);
      }
    } finally {
      setBackend(current);
    }
  } });
  if (options.fitAsync !== false) {
    checks.push({ name: 'fitAsync gives the same model as fit', run: async () => {
      const sync = outputs(fitted(), checkInput(X));
      const est = make(seeded);
      const got = await (tags.input === 'labels' ? est.fitAsync(y as never) : est.fitAsync(X, y as never));
      if (got !== est) fail('fitAsync did not resolve to the estimator');
      expectSameOutputs(sync, outputs(est, checkInput(X)), 0, 'fitAsync');
    } });
  }
  return checks;
}

/**
 * Runs every common check on an estimator class (scikit-learn's check_estimator).
 * @param Cls - the class; its instances must be constructible from an options object
 * @param options - constructor params, data, backends, fitAsync
 * @returns the names of the checks passed
 * @throws EstimatorCheckError (code ERR_APRENDER_CHECK) naming the first check that failed
 * @example await checkEstimator(MyScaler);
 */
export async function checkEstimator(Cls: EstimatorClass, options: CheckOptions = {}): Promise<string[]> {
  options = expectCheckOptions(options);
  const passed: string[] = [];
  for (const check of estimatorChecks(Cls, options)) {
    try {
      await check.run();
    } catch (e) {
      throw new EstimatorCheckError(Cls.name, check.name, e);
    }
    passed.push(check.name);
  }
  return passed;
}
