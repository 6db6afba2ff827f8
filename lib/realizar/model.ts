/**
 * A served model: one loaded version of a name, with what /models says about it and its predict path (on the event
 * loop for small batches, in the predict workers for the rest). Every version holds its `.apr` bytes in a
 * SharedArrayBuffer for the workers; an estimator that cannot be written as a model file (a user's class) predicts
 * on the event loop only.
 */
// every built-in estimator class registered: a model file names its class, and only registered classes load
import '../aprender/index';
import type { Estimator } from '../aprender/base/estimator';
import { inspectModel, loadAsync, type LoadOptions } from '../aprender/model-file/read';
import type { ModelMetadata } from '../aprender/model-file/metadata';
import type { WorkerPool } from '../common/worker-pool';
import { HttpError, RealizarError } from './errors';
import type { Rows } from './instances';
import { hasProba, predictRows, type Prediction } from './predict-core';
import type { PredictJob, PredictReply } from './predict-pool';

/** What GET /models/:name answers. */
export interface ModelInfo {
  name: string;
  /** The version: the registry's, else the file's modification time or a load counter. */
  version: string;
  /** The estimator class, e.g. RandomForestClassifier. */
  class: string;
  /** classifier, regressor, transformer, clusterer or meta. */
  kind: string;
  nFeatures: number;
  /** Feature names (`x0`, `x1` ... when fitted on a bare matrix). */
  featureNames: string[];
  /** Every feature's type as requests send it. */
  featureTypes: string[];
  /** Whether the names are the model's own (objects may then be keyed by them). */
  namedFeatures: boolean;
  classes: (number | string)[] | null;
  /** Whether `proba: true` is available. */
  probabilities: boolean;
  /** Whether null (missing) values are accepted. */
  allowsMissing: boolean;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  modelCard: unknown;
  /** Where it was loaded from (a file name, `registry:name@version` or `memory`). */
  source: string;
  /** When this version was loaded (ISO 8601). */
  loadedAt: string;
  /** Seconds the load took. */
  loadSeconds: number;
}

let versionSeq = 0;

/** A loaded version of a served model. */
export class ServedModel {
  /** Unique and increasing across every version loaded by this process (the predict workers' cache key). */
  readonly key: string;
  /** In-flight predictions on this version. */
  inFlight = 0;
  /** Milliseconds per row of the batches past offloadRows timed so far (a moving average); NaN before the first. */
  private msPerRow = NaN;

  private constructor(
    readonly name: string,
    readonly estimator: Estimator,
    readonly info: ModelInfo,
    private readonly shared: SharedArrayBuffer | null,
  ) {
    this.key = String(++versionSeq).padStart(12, '0');
  }

  /**
   * Builds a served model from a fitted estimator or a model file's bytes.
   * @param name - the served name
   * @param from - the estimator, or the bytes of its `.apr` file
   * @param meta - version, source and the load's start (performance.now())
   * @param loadOptions - publicKey, key / passphrase for the file
   * @returns the model
   * @throws ModelFileError for a bad file; RealizarError ERR_REALIZAR_MODEL for an unfitted or unusable estimator
   */
  static async create(name: string, from: Estimator | Uint8Array, meta: { version: string; source: string; started: number }, loadOptions: LoadOptions = {}): Promise<ServedModel> {
    let bytes: Uint8Array | null = null;
    let est: Estimator;
    if (from instanceof Uint8Array) {
      bytes = from;
      est = await loadAsync(from, loadOptions);
    } else {
      est = from;
      if (typeof est?.isFitted !== 'function' || !est.isFitted()) throw new RealizarError(`Expected a fitted estimator for model '${name}' but it is not fitted`, 'ERR_REALIZAR_MODEL');
      try {
        bytes = est.toBytes();
      } catch {
        bytes = null; // not writable as a model file (a user's class): predicts on the event loop
      }
    }
    if (typeof (est as unknown as { predict?: unknown }).predict !== 'function') {
      throw new RealizarError(`Expected an estimator with predict for model '${name}' but ${est.constructor.name} has none`, 'ERR_REALIZAR_MODEL');
    }
    const metadata = bytes !== null ? inspectModel(bytes, loadOptions).metadata : null;
    let shared: SharedArrayBuffer | null = null;
    if (bytes !== null && loadOptions.key === undefined && loadOptions.passphrase === undefined) {
      shared = new SharedArrayBuffer(bytes.length);
      new Uint8Array(shared).set(bytes);
    }
    const info = describeModel(name, est, metadata, meta);
    return new ServedModel(name, est, info, shared);
  }

  /**
   * Predicts rows: on this thread when the batch is small, there is no pool, or this version's measured cost says
   * the batch takes less than `offload.ms` (a message round trip to a worker costs more than a fast model's
   * prediction of a thousand rows); else in a predict worker. A batch of unknown cost goes to a worker.
   * @param rows - the checked rows
   * @param proba - also the probabilities
   * @param pool - the predict workers, or null
   * @param offload - `rows`: batches of at most this many rows stay on this thread; `ms`: nor do larger ones
   *   expected to take less than this
   * @returns the prediction
   * @throws HttpError 422 for proba without predictProba or a feature mismatch; ERR_REALIZAR_PREDICT otherwise
   */
  async predict(rows: Rows, proba: boolean, pool: WorkerPool<PredictJob, PredictReply> | null, offload: { rows: number; ms: number }): Promise<Prediction> {
    if (proba && !this.info.probabilities) {
      throw new HttpError('ERR_REALIZAR_INVALID_INPUT', `Expected proba false for model '${this.name}' (a ${this.info.class} has no class probabilities) but received true`, { field: 'proba' });
    }
    const large = rows.nRows > offload.rows;
    this.inFlight++;
    try {
      if (pool === null || this.shared === null || !large || this.msPerRow * rows.nRows < offload.ms) {
        const started = performance.now();
        try {
          const p = await predictRows(this.estimator, rows.data, rows.nRows, rows.nFeatures, proba);
          if (large && this.shared !== null) this.timed(performance.now() - started, rows.nRows);
          return p;
        } catch (e) {
          throw predictError(e as Error & { code?: string });
        }
      }
      const job: PredictJob = { name: this.name, key: this.key, bytes: this.shared, data: rows.data, nRows: rows.nRows, nFeatures: rows.nFeatures, proba };
      // copied, not moved: the fallback (a worker that died mid-job) predicts from the same rows on this thread
      const reply = await pool.run(job, {
        fallback: async () => ({ prediction: await predictRows(this.estimator, rows.data, rows.nRows, rows.nFeatures, proba), ms: NaN }),
      });
      if ('error' in reply) throw predictError(reply.error);
      if (reply.ms >= 0) this.timed(reply.ms, rows.nRows);
      return reply.prediction;
    } finally {
      this.inFlight--;
    }
  }

  /** Adds a timed batch to the cost per row. */
  private timed(ms: number, nRows: number): void {
    const perRow = ms / nRows;
    this.msPerRow = Number.isNaN(this.msPerRow) ? perRow : 0.75 * this.msPerRow + 0.25 * perRow;
  }
}

function predictError(e: { name?: string; message: string; code?: string }): HttpError {
  // the inputs were checked before: what the estimator still refuses (a value range, a feature mismatch) is the client's
  if (e.name === 'TypeError' || e.name === 'RangeError' || e.code === 'ERR_APRENDER_FEATURES') {
    return new HttpError('ERR_REALIZAR_INVALID_INPUT', e.message);
  }
  return new HttpError('ERR_REALIZAR_PREDICT', `The model failed to predict (${e.code ?? e.name ?? 'Error'})`);
}

function describeModel(name: string, est: Estimator, m: ModelMetadata | null, meta: { version: string; source: string; started: number }): ModelInfo {
  const nFeatures = est.nFeaturesIn_ ?? m?.nFeatures ?? 0;
  const own = est.featureNamesIn_ ?? m?.featureNames ?? null;
  const featureNames = own ?? Array.from({ length: nFeatures }, (_, i) => `x${i}`);
  const allowsMissing = est.tags.allowNaN;
  const classes = m?.classes ?? classesOf(est);
  return {
    name,
    version: meta.version,
    class: m?.class ?? est.constructor.name,
    kind: m?.kind ?? est.tags.kind,
    nFeatures,
    featureNames,
    featureTypes: featureNames.map(() => (allowsMissing ? 'number|null' : 'number')),
    namedFeatures: own !== null,
    classes,
    probabilities: hasProba(est),
    allowsMissing,
    params: m?.params ?? {},
    metrics: m?.metrics ?? {},
    modelCard: m?.modelCard ?? null,
    source: meta.source,
    loadedAt: new Date().toISOString(),
    loadSeconds: (performance.now() - meta.started) / 1000,
  };
}

function classesOf(est: Estimator): (number | string)[] | null {
  const c = (est as unknown as { classes_?: unknown }).classes_;
  if (c === undefined || c === null) return null;
  if (Array.isArray(c)) return c as (number | string)[];
  if (ArrayBuffer.isView(c)) return Array.from(c as unknown as ArrayLike<number>);
  const data = (c as { data?: unknown }).data;
  return ArrayBuffer.isView(data) ? Array.from(data as unknown as ArrayLike<number>) : null;
}
