/**
 * serve()'s options, checked and with their defaults filled in. Every limit is a positive integer; a bad one is a
 * TypeError / RangeError naming it, thrown before anything listens.
 */
import type { Estimator } from '../aprender/base/estimator';
import { LOAD_OPTIONS, type LoadOptions } from '../aprender/model-file/read';
import type { RegistryOptions } from '../alimentar/registry/registry';
import { expectStorageOptions, REGISTRY_OPTIONS } from '../alimentar/option-keys';
import { validators, type OptionKeys } from '../common/validate';
import type { ModelInfo } from './model';
import { argumentError, describe, rangeError, typeError } from './errors';
import { defaultPredictThreads } from './predict-pool';

/** A model to serve: a fitted estimator, the path of its `.apr` file, or the file's bytes. */
export type ModelInput = Estimator | string | Uint8Array;

/** Options of {@link serve}. */
export interface ServeOptions {
  /** The models by served name. */
  models?: Record<string, ModelInput>;
  /** A folder of `.apr` files, each served under its base name, reloaded when a file is replaced (and added/removed). */
  modelDir?: string;
  /** An alimentar registry (`s3://bucket/prefix` or a folder) whose `.apr` datasets are served, newest version of each. */
  registry?: string;
  /** How the registry's storage is reached (`{ s3: { endpoint, region, accessKeyId, secretAccessKey } }`; default
   * the AWS_* environment variables). */
  registryOptions?: RegistryOptions;
  /** Only these registry names (default: every dataset of the registry that holds one `.apr` file). */
  registryModels?: string[];
  /** The name /predict answers for when several models are served. */
  defaultModel?: string;
  /** Interface to listen on (default 127.0.0.1; `0.0.0.0` for every interface). */
  host?: string;
  /** Port (default 8080; 0 picks a free one, see server.url). */
  port?: number;
  /** Largest request body in bytes (default 16 MiB): larger ones get 413. */
  bodyLimit?: number;
  /** Most rows in one request (default 100,000): more get 422 ERR_REALIZAR_TOO_MANY_ROWS. */
  maxRows?: number;
  /** A prediction not done after this many ms is answered 504 (default 30,000). */
  timeoutMs?: number;
  /** Most predictions in flight at once (default 256): past it 503 with Retry-After. */
  maxConcurrent?: number;
  /** Bearer API keys: when given, every route but the health and readiness ones needs one. */
  apiKeys?: string[];
  /** CORS: off unless given; true for any origin, else the allowed origins. */
  cors?: boolean | string | string[];
  /** Predict worker threads (default one per core but one, at most 8; 0 predicts on the event loop only). */
  predictThreads?: number;
  /** Batches of at most this many rows predict on the event loop, larger ones in the workers (default 16). */
  offloadRows?: number;
  /**
   * Larger batches a model is measured to predict in less than this many ms stay on the event loop too (default 1;
   * 0 sends every batch past offloadRows to the workers).
   */
  offloadMs?: number;
  /** Reload changed files and new registry versions (default true). */
  watch?: boolean;
  /** How often the model folder and the registry are checked, ms (default 1,000). */
  pollMs?: number;
  /** How model files are verified or decrypted (publicKey, key / passphrase). */
  loadOptions?: LoadOptions;
  /** Include the process metrics (CPU, memory, event-loop lag) in /metrics (default true). */
  processMetrics?: boolean;
  /** Called when a model version is served (at start and on each reload), with the version it replaced. */
  onLoad?: (info: ModelInfo, previousVersion: string | undefined) => void;
  /** Called when a new version failed to load (the served one, if any, goes on serving); default: a process warning. */
  onLoadError?: (name: string, error: Error) => void;
  /** Called when a model stopped being served (its file left the model folder). */
  onRemove?: (name: string) => void;
  /** Log each request as JSON lines on stdout (fastify's logger; default false). */
  logger?: boolean;
}

/** Options with their defaults. */
export type ResolvedOptions = Required<Omit<ServeOptions, 'models' | 'modelDir' | 'registry' | 'registryOptions' | 'registryModels' | 'defaultModel' | 'apiKeys' | 'cors' | 'onLoad' | 'onLoadError' | 'onRemove' | 'loadOptions'>>
  & Pick<ServeOptions, 'models' | 'modelDir' | 'registry' | 'registryOptions' | 'registryModels' | 'defaultModel' | 'apiKeys' | 'cors' | 'onLoad' | 'onLoadError' | 'onRemove' | 'loadOptions'>;

const { expectOptions } = validators(argumentError);

const SERVE_OPTIONS: OptionKeys<ServeOptions> = {
  models: true, modelDir: true, registry: true, registryOptions: true, registryModels: true, defaultModel: true, host: true, port: true,
  bodyLimit: true, maxRows: true, timeoutMs: true, maxConcurrent: true, apiKeys: true, cors: true, predictThreads: true, offloadRows: true, offloadMs: true,
  watch: true, pollMs: true, loadOptions: true, processMetrics: true, logger: true, onLoad: true, onLoadError: true, onRemove: true,
};

function int(o: Record<string, unknown>, name: string, dflt: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = o[name] ?? dflt;
  if (typeof v !== 'number') throw typeError(`Expected an integer for ${name} but received ${describe(v)}`);
  if (!Number.isInteger(v) || v < min || v > max) throw rangeError(`Expected an integer from ${min} to ${max} for ${name} but received ${describe(v)}`);
  return v;
}

function optionalString(o: Record<string, unknown>, name: string): string | undefined {
  const v = o[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw typeError(`Expected a string for ${name} but received ${describe(v)}`);
  if (v === '') throw rangeError(`Expected a non-empty string for ${name} but received ''`);
  return v;
}

function bool(o: Record<string, unknown>, name: string, dflt: boolean): boolean {
  const v = o[name] ?? dflt;
  if (typeof v !== 'boolean') throw typeError(`Expected a boolean for ${name} but received ${describe(v)}`);
  return v;
}

function objectOption(o: Record<string, unknown>, name: string): object | undefined {
  const v = o[name];
  if (v !== undefined && (v === null || typeof v !== 'object' || Array.isArray(v))) throw typeError(`Expected an object for ${name} but received ${describe(v)}`);
  return v as object | undefined;
}

function stringList(v: unknown, name: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((k) => typeof k === 'string' && k.length > 0)) throw typeError(`Expected an array of non-empty strings for ${name} but received ${describe(v)}`);
  return v as string[];
}

/** A name that is safe in a URL path segment and a file name. */
export const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Checks a served name.
 * @param name - the name
 * @param where - what names it, for the message
 * @returns the name
 * @throws RangeError for a name with other characters
 */
export function checkModelName(name: string, where: string): string {
  if (!MODEL_NAME.test(name)) throw rangeError(`Expected a model name of letters, digits, '.', '_' and '-' (at most 128) for ${where} but received ${describe(name)}`);
  return name;
}

function checkModels(v: unknown): Record<string, ModelInput> | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw typeError(`Expected an object of models by name for models but received ${describe(v)}`);
  for (const [name, m] of Object.entries(v)) {
    checkModelName(name, 'a key of models');
    const ok = typeof m === 'string' ? m.length > 0 : m instanceof Uint8Array || (m !== null && typeof m === 'object' && typeof (m as Estimator).isFitted === 'function');
    if (!ok) throw typeError(`Expected a fitted estimator, a model file path or its bytes for models.${name} but received ${describe(m)}`);
  }
  return v as Record<string, ModelInput>;
}

/**
 * Checks serve()'s options and fills in the defaults.
 * @param options - what the caller gave
 * @returns the resolved options
 * @throws TypeError / RangeError naming the bad option
 */
export function resolveOptions(options: ServeOptions): ResolvedOptions {
  if (options === undefined) throw typeError('Expected an options object for serve options but received undefined');
  const o = expectOptions<ServeOptions>(options, 'serve options', SERVE_OPTIONS) as Record<string, unknown>;
  // the nested options too, before any model file is read or store opened
  expectStorageOptions<RegistryOptions>(o.registryOptions, 'serve options.registryOptions', REGISTRY_OPTIONS, expectOptions);
  expectOptions<LoadOptions>(o.loadOptions, 'serve options.loadOptions', LOAD_OPTIONS);
  const models = checkModels(o.models);
  const modelDir = optionalString(o, 'modelDir');
  const registry = optionalString(o, 'registry');
  if (models === undefined && modelDir === undefined && registry === undefined) {
    throw typeError('Expected models, modelDir or registry in the options but received none of them');
  }
  const cors = o.cors;
  if (cors !== undefined && typeof cors !== 'boolean' && typeof cors !== 'string' && stringList(cors, 'cors') === undefined) {
    throw typeError(`Expected a boolean, an origin or a list of origins for cors but received ${describe(cors)}`);
  }
  const apiKeys = stringList(o.apiKeys, 'apiKeys');
  if (apiKeys !== undefined && apiKeys.length === 0) throw rangeError('Expected at least one key for apiKeys but received an empty array');
  const loadOptions = objectOption(o, 'loadOptions');
  for (const k of ['onLoad', 'onLoadError', 'onRemove'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'function') throw typeError(`Expected a function for ${k} but received ${describe(o[k])}`);
  }
  return {
    onLoad: o.onLoad as ResolvedOptions['onLoad'],
    onLoadError: o.onLoadError as ResolvedOptions['onLoadError'],
    onRemove: o.onRemove as ResolvedOptions['onRemove'],
    models,
    modelDir,
    registry,
    registryOptions: objectOption(o, 'registryOptions') as RegistryOptions | undefined,
    registryModels: stringList(o.registryModels, 'registryModels'),
    defaultModel: o.defaultModel === undefined ? undefined : checkModelName(optionalString(o, 'defaultModel')!, 'defaultModel'),
    host: optionalString(o, 'host') ?? '127.0.0.1',
    port: int(o, 'port', 8080, 0, 65535),
    bodyLimit: int(o, 'bodyLimit', 16 * 1024 * 1024, 1, 2 ** 31 - 1),
    maxRows: int(o, 'maxRows', 100_000, 1),
    timeoutMs: int(o, 'timeoutMs', 30_000, 1, 2 ** 31 - 1),
    maxConcurrent: int(o, 'maxConcurrent', 256, 1),
    apiKeys,
    cors: cors as ResolvedOptions['cors'],
    predictThreads: int(o, 'predictThreads', defaultPredictThreads(), 0, 256),
    offloadRows: int(o, 'offloadRows', 16, 0),
    offloadMs: int(o, 'offloadMs', 1, 0, 60_000),
    watch: bool(o, 'watch', true),
    pollMs: int(o, 'pollMs', 1000, 10, 2 ** 31 - 1),
    loadOptions: loadOptions as ResolvedOptions['loadOptions'],
    processMetrics: bool(o, 'processMetrics', true),
    logger: bool(o, 'logger', false),
  };
}

/**
 * Parses the seed's address: `host:port`, `:port`, a port number, or `[ipv6]:port`.
 * @param address - the address
 * @returns host and port
 * @throws TypeError / RangeError for another form
 */
export function parseAddress(address: unknown): { host: string; port: number } {
  if (typeof address === 'number') return { host: '127.0.0.1', port: int({ port: address }, 'port', 0, 0, 65535) };
  if (typeof address !== 'string') throw typeError(`Expected 'host:port' or a port number for address but received ${describe(address)}`);
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(address);
  if (m === null) throw rangeError(`Expected 'host:port' (e.g. '0.0.0.0:8080') for address but received ${describe(address)}`);
  const port = Number(m[3]);
  if (port > 65535) throw rangeError(`Expected a port from 0 to 65535 for address but received ${port}`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}
