/**
 * The estimator contract (scikit-learn's BaseEstimator and its mixins, in TypeScript):
 * - `new Estimator(options?)` stores the options over the class's declared defaults and nothing else;
 * - `fit(X, y?, options?)` checks every parameter against the class's declaration, forgets any earlier fit, learns
 *   and returns `this`; learned state is every own property whose name ends in `_`;
 * - `getParams` / `setParams` / `clone`, with scikit-learn's `step__param` names for nested estimators;
 * - `fitAsync` runs the same fit off the event loop (a worker thread), cancellable, with progress.
 * Subclasses implement `fitImpl` and their predict/transform methods, and call {@link Estimator.checkX} for every X
 * they take so the number and names of features are recorded at fit and enforced afterwards.
 */
import { FeatureMismatchError, FitAbortedError, NotFittedError, ParamError, validate } from '../errors';
import { fitOffThread, type FitAsyncOptions } from './fit-async';
import { toColumns, type Columns } from './columns';
import { toMatrix, type Matrix, type MatrixLike, type MatrixOptions, type TargetLike } from './input';
import { paramMessage, type ParamTable } from './params';
import { unknownKeyMessage, type OptionKeys } from '../../common/validate';
import { isEstimator } from './state';
import { untracked } from '../../trueno/result-memory';
import { load as loadModel, loadAsync as loadModelAsync, type LoadOptions, type ModelSource } from '../model-file/read';
import { save as saveModel, toBytes as modelBytes, type SaveOptions, type SaveResult } from '../model-file/write';

/** What an estimator is, for `score`, the common checks and meta-estimators (scikit-learn's estimator tags). */
export interface EstimatorTags {
  /** classifier, regressor, transformer, clusterer; meta for a Pipeline whose kind comes from its last step. */
  kind: 'classifier' | 'regressor' | 'transformer' | 'clusterer' | 'meta';
  /** fit needs y. */
  requiresY: boolean;
  /** X may hold NaN (imputers, the histogram booster). */
  allowNaN: boolean;
  /** X must be non-negative (MultinomialNB, ComplementNB). */
  nonNegative: boolean;
  /** What X is: a numeric matrix, labels (LabelEncoder fits on y alone) or categories (encoders). */
  input: 'matrix' | 'labels' | 'categorical';
  /** The fit draws random numbers (its result depends on randomState). */
  randomized: boolean;
  /** y may be 2-D (several targets). */
  multiOutput: boolean;
  /** Relative tolerance of float32 vs float64 input and of one backend vs another in the common checks. */
  tolerance: number;
}

/** The defaults of {@link EstimatorTags}. */
export const DEFAULT_TAGS: EstimatorTags = {
  kind: 'transformer', requiresY: false, allowNaN: false, nonNegative: false, input: 'matrix', randomized: false,
  multiOutput: false, tolerance: 1e-5,
};

/** Options of fit beyond X and y. */
export interface FitOptions {
  /** One weight per sample (estimators that support weights). */
  sampleWeight?: ArrayLike<number> | readonly number[];
}

/** The keys {@link FitOptions} allows (subclasses whose fit takes more extend it). */
export const FIT_OPTIONS: OptionKeys<FitOptions> = { sampleWeight: true };

/** Progress of a fit, reported per iteration / epoch / estimator to fitAsync's onProgress. */
export interface FitProgress {
  /** The iteration (or epoch, tree, candidate) just finished, from 1. */
  iteration: number;
  /** How many there will be at most, when known. */
  total?: number;
  /** The objective after this iteration, when the estimator has one. */
  loss?: number;
}

type StaticSide = { readonly params: ParamTable<Record<string, unknown>>; readonly tags?: Partial<EstimatorTags>; readonly name: string };

/** Base class of every estimator; see the module comment. */
export abstract class Estimator<P extends object = object> {
  /** Every parameter's allowed values and default; each class declares its own. */
  static readonly params: ParamTable<Record<string, unknown>> = {};
  /** How the estimator behaves, for score and the common checks. */
  static readonly tags: Partial<EstimatorTags> = {};

  /** The hyperparameters (defaults filled in). */
  protected params: P;
  /** Number of features seen at fit. */
  nFeaturesIn_?: number;
  /** Column names seen at fit, when X was an Arrow Table or dataset. */
  featureNamesIn_?: string[];
  #report: ((p: FitProgress) => void) | undefined;

  /**
   * @param options - hyperparameters (camelCase of scikit-learn's names); the rest take the class defaults
   * @throws ParamError for a name the class does not have (values are checked at fit)
   */
  constructor(options: Partial<P> = {}) {
    const table = this.statics.params;
    const given = options ?? {};
    if (typeof given !== 'object' || Array.isArray(given)) {
      throw new ParamError(`Expected an options object for ${this.constructor.name} but received ${typeof given}`, 'options');
    }
    for (const k of Object.keys(given)) this.expectParamName(k);
    const params: Record<string, unknown> = {};
    for (const [k, [, dflt]] of Object.entries(table)) params[k] = (given as Record<string, unknown>)[k] ?? dflt;
    for (const [k, v] of Object.entries(given)) if (v === null) params[k] = null;
    this.params = params as P;
  }

  private get statics(): StaticSide {
    return this.constructor as unknown as StaticSide;
  }

  /** The class's tags, defaults filled in. */
  get tags(): EstimatorTags {
    return { ...DEFAULT_TAGS, ...this.statics.tags };
  }

  private expectParamName(name: string): void {
    if (!Object.hasOwn(this.statics.params, name)) {
      throw new ParamError(unknownKeyMessage(Object.keys(this.statics.params), `the parameters of ${this.constructor.name}`, name), name);
    }
  }

  /**
   * The hyperparameters.
   * @param deep - also list nested estimators' parameters as `name__param` (default true)
   * @returns a fresh object
   * @example new KMeans({ nClusters: 3 }).getParams().nClusters; // 3
   */
  getParams(deep = true): P & Record<string, unknown> {
    const out: Record<string, unknown> = { ...(this.params as Record<string, unknown>) };
    if (deep) {
      for (const [k, v] of Object.entries(this.params)) {
        if (isEstimator(v)) for (const [nk, nv] of Object.entries(v.getParams(true))) out[`${k}__${nk}`] = nv;
      }
    }
    return out as P & Record<string, unknown>;
  }

  /**
   * Sets hyperparameters (checked at the next fit); `name__param` reaches into a nested estimator.
   * @param params - the new values
   * @returns this
   * @throws ParamError for an unknown name
   * @example pipe.setParams({ clf__C: 10 });
   */
  setParams(params: Partial<P> & Record<string, unknown>): this {
    for (const [k, v] of Object.entries(params)) {
      const cut = k.indexOf('__');
      if (cut < 0) {
        this.expectParamName(k);
        (this.params as Record<string, unknown>)[k] = v;
        continue;
      }
      const head = k.slice(0, cut);
      this.expectParamName(head);
      const nested = (this.params as Record<string, unknown>)[head];
      if (!isEstimator(nested)) throw new ParamError(`Expected an estimator in the ${head} parameter of ${this.constructor.name} to set '${k}' but it holds ${typeof nested}`, k);
      nested.setParams({ [k.slice(cut + 2)]: v });
    }
    return this;
  }

  /**
   * A new unfitted estimator with the same hyperparameters (nested estimators cloned too).
   * @returns the clone
   */
  clone(): this {
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.params)) params[k] = cloneParam(v);
    return new (this.constructor as new (o: Record<string, unknown>) => this)(params);
  }

  /** Checks every hyperparameter against the class's declaration. */
  protected validateParams(): void {
    for (const [k, [spec]] of Object.entries(this.statics.params)) {
      const v = (this.params as Record<string, unknown>)[k];
      if (!spec.accepts(v)) throw new ParamError(paramMessage(this.constructor.name, k, spec, v), k);
    }
  }

  /** The learned state: every own property ending in `_`. */
  learnedState(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) if (k.endsWith('_') && v !== undefined) out[k] = v;
    return out;
  }

  /**
   * Replaces the learned state (fitAsync's result, a model file).
   * @param state - what {@link Estimator.learnedState} gave
   */
  restoreState(state: Record<string, unknown>): void {
    this.forget();
    for (const [k, v] of Object.entries(state)) if (k.endsWith('_')) (this as Record<string, unknown>)[k] = v;
  }

  /**
   * This fitted estimator as the bytes of an `.apr` model file (docs/model-file-format.md).
   * @param options - compression, modelCard, metrics, privateKey (sign), key or passphrase (encrypt)
   * @returns the bytes
   * @throws NotFittedError before fit; ModelFileError / TypeError for bad options
   * @example const bytes = model.toBytes({ metrics: { accuracy: 0.97 } });
   */
  toBytes(options: SaveOptions = {}): Uint8Array {
    return modelBytes(this, options);
  }

  /**
   * Saves this fitted estimator as an `.apr` model file, atomically and durably (temporary file, fsync, rename).
   * @param file - the destination path
   * @param options - as {@link Estimator.toBytes}
   * @returns the path and size written
   * @throws as toBytes; the file system's error (the destination untouched)
   * @example await model.save('models/iris.apr', { modelCard: 'Iris species from petal sizes' });
   */
  save(file: string, options: SaveOptions = {}): Promise<SaveResult> {
    return saveModel(this, file, options);
  }

  /**
   * Loads a model file that must hold this class (or a subclass); `Estimator.load` takes any estimator.
   * @param source - a path, file: URL or the file's bytes
   * @param options - publicKey, key / passphrase, maxBytes
   * @returns the fitted estimator
   * @throws ModelFileError (code ERR_APRENDER_MODEL_CLASS for another class; see load for the rest)
   * @example const forest = RandomForestClassifier.load('forest.apr');
   */
  static load<E extends Estimator>(this: abstract new (...args: never[]) => E, source: ModelSource, options: LoadOptions = {}): E {
    return loadModel<E>(source, { ...options, expect: this });
  }

  /**
   * As {@link Estimator.load}, without blocking (WebCrypto; works in browsers).
   * @param source - a path, file: URL or the file's bytes
   * @param options - publicKey, key / passphrase, maxBytes
   * @returns the fitted estimator
   * @throws as load
   * @example const forest = await RandomForestClassifier.loadAsync(bytes, { publicKey });
   */
  static loadAsync<E extends Estimator>(this: abstract new (...args: never[]) => E, source: ModelSource, options: LoadOptions = {}): Promise<E> {
    return loadModelAsync<E>(source, { ...options, expect: this });
  }

  /** Whether fit has run: any learned (`_`) state is present. */
  isFitted(): boolean {
    return Object.entries(this).some(([k, v]) => k.endsWith('_') && v !== undefined);
  }

  private forget(): void {
    for (const k of Object.keys(this)) if (k.endsWith('_')) delete (this as Record<string, unknown>)[k];
  }

  /**
   * Learns from X (and y).
   * @param X - samples: a 2-D Tensor, number[][], Arrow Table or ArrowDataset
   * @param y - targets, for supervised estimators
   * @param options - sampleWeight where supported
   * @returns this
   * @throws ParamError for a hyperparameter outside its allowed values; TypeError / RangeError for bad X or y
   */
  fit(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): this {
    const opts = this.checkFitOptions(options, 'fit');
    this.validateParams();
    this.forget();
    untracked(() => this.fitImpl(X, y, opts));
    return this;
  }

  /**
   * The same fit, off the event loop: in a worker thread where the host has them (Node, Electron's main process),
   * else on this thread after yielding once. The estimator's state changes only when the fit succeeds.
   * @param X - as for fit
   * @param y - as for fit
   * @param options - sampleWeight; signal: an AbortSignal that stops the fit (the promise rejects with a
   *   FitAbortedError, code ERR_APRENDER_ABORTED); onProgress: called per iteration / epoch
   * @returns this, fitted
   * @throws as fit
   * @example await new KMeans({ nClusters: 8 }).fitAsync(X, undefined, { onProgress: (p) => console.log(p.iteration) });
   */
  async fitAsync(X: MatrixLike, y?: TargetLike, options: FitOptions & FitAsyncOptions = {}): Promise<this> {
    const opts = this.checkFitOptions<FitOptions & FitAsyncOptions>(options, 'fitAsync', this.fitAsyncOptionKeys());
    this.validateParams();
    const { signal, onProgress, ...fitOptions } = opts;
    if (signal?.aborted) throw new FitAbortedError(this.constructor.name, { cause: signal.reason });
    const state = await fitOffThread(this, X, y, fitOptions, { signal, onProgress });
    this.restoreState(state);
    return this;
  }

  /** The keys fit's options may have: sampleWeight; an estimator whose fit takes more (warm-start state) widens it. */
  protected fitOptionKeys(): OptionKeys<FitOptions> {
    return FIT_OPTIONS;
  }

  /** The keys fitAsync's options may have: fit's, signal and onProgress. */
  protected fitAsyncOptionKeys(): OptionKeys<FitOptions & FitAsyncOptions> {
    return { ...this.fitOptionKeys(), signal: true, onProgress: true };
  }

  /**
   * Checks the options of a method that fits (fit, fitAsync, partialFit, fitTransform, ...), before anything else,
   * so a misspelt option is reported even when X or the estimator is wrong too.
   * @param options - what the caller passed (undefined and null give {})
   * @param method - the method, for the message ('fit' gives "KMeans.fit options")
   * @param keys - the keys allowed (default: fit's)
   * @returns the options
   * @throws TypeError (ERR_APRENDER_TYPE) for options that are not an object or hold an unknown key
   */
  protected checkFitOptions<T extends object = FitOptions>(options: unknown, method: string, keys: OptionKeys<T> = this.fitOptionKeys() as OptionKeys<T>): Partial<T> {
    return validate.expectOptions<T>(options ?? undefined, `${this.constructor.name}.${method} options`, keys);
  }

  /**
   * Runs fit with a progress reporter installed (fitAsync's worker and its same-thread fallback).
   * @internal
   */
  fitReporting(X: unknown, y: unknown, options: FitOptions, report: (p: FitProgress) => void): this {
    this.#report = report;
    try {
      return this.fit(X as MatrixLike, y as TargetLike, options);
    } finally {
      this.#report = undefined;
    }
  }

  /** Tells fitAsync's caller about progress; fits call it once per iteration / epoch. */
  protected reportProgress(progress: FitProgress): void {
    this.#report?.(progress);
  }

  /** The learning itself: validate X (and y) with checkX, learn, set the `_` state. */
  protected abstract fitImpl(X: unknown, y: unknown, options: FitOptions): void;

  /**
   * Throws NotFittedError unless fit has run.
   * @throws NotFittedError
   */
  protected ensureFitted(): void {
    if (!this.isFitted()) throw new NotFittedError(this.constructor.name);
  }

  /**
   * Converts and checks X. At fit (`reset`) it records nFeaturesIn_ and featureNamesIn_; afterwards it requires the
   * same number of features, and the same names in the same order when both fit and this X have names.
   * @param X - the input
   * @param reset - true in fit
   * @param options - dtype, allowNaN (default: the allowNaN tag), minSamples, name
   * @returns the matrix
   * @throws NotFittedError when not reset and not fitted; FeatureMismatchError; TypeError / RangeError for bad X
   */
  protected checkX(X: unknown, reset: boolean, options: MatrixOptions = {}): Matrix {
    if (!reset) this.ensureFitted();
    const m = toMatrix(X, { allowNaN: this.tags.allowNaN, ...options });
    this.checkFeatures(m, reset);
    return m;
  }

  /**
   * As {@link Estimator.checkX}, for estimators that take string columns too (encoders): X comes back as columns.
   * @param X - the input: a Tensor, a nested array of numbers or strings, an Arrow Table or ArrowDataset
   * @param reset - true in fit
   * @param options - allowNaN (default: the allowNaN tag), minSamples, name
   * @returns the columns
   * @throws as checkX
   */
  protected checkColumns(X: unknown, reset: boolean, options: MatrixOptions = {}): Columns {
    if (!reset) this.ensureFitted();
    const c = toColumns(X, { allowNaN: this.tags.allowNaN, ...options });
    this.checkFeatures(c, reset);
    return c;
  }

  /**
   * Records (at fit, `reset`) or enforces the number and names of features of an X already converted, or only
   * measured with shapeOf (meta-estimators that pass X on unconverted).
   * @param shape - the columns count and the names of X
   * @param reset - true in fit
   * @throws FeatureMismatchError for another number of features, or other names when both fit and X have names
   */
  protected checkFeatures(shape: { cols: number; featureNames?: string[] }, reset: boolean): void {
    if (reset) {
      this.nFeaturesIn_ = shape.cols;
      this.featureNamesIn_ = shape.featureNames;
      return;
    }
    if (this.nFeaturesIn_ !== undefined && shape.cols !== this.nFeaturesIn_) {
      throw new FeatureMismatchError(`X has ${shape.cols} features, but ${this.constructor.name} is expecting ${this.nFeaturesIn_} features as input`);
    }
    const fitted = this.featureNamesIn_;
    const names = shape.featureNames;
    if (fitted !== undefined && names !== undefined && fitted.some((n, i) => names[i] !== n)) {
      throw new FeatureMismatchError(`The feature names should match those that were passed during fit: expected [${fitted.join(', ')}] but received [${names.join(', ')}]`);
    }
  }
}

function cloneParam(v: unknown): unknown {
  if (isEstimator(v)) return v.clone();
  if (Array.isArray(v)) return v.map(cloneParam);
  return v;
}
