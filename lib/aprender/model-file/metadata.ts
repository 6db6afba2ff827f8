/**
 * The metadata block of a model file: UTF-8 JSON that says what the file holds without decoding the payload. A
 * reader keeps the fields it knows and ignores the rest (a newer minor version may add fields).
 */
import { ModelFileError } from '../errors';
import { utf8Decoder } from './text';

/** What a model file says about its model. */
export interface ModelMetadata {
  /** The library and version that wrote it. */
  library: { name: string; version: string };
  /** When it was written (ISO 8601, UTC). */
  created: string;
  /** The estimator class (a registered name). */
  class: string;
  /** Its kind tag: classifier, regressor, transformer, clusterer or meta. */
  kind: string;
  /** Hyperparameters for display (nested estimators as `{ class, params }`; non-finite numbers as text). */
  params: Record<string, unknown>;
  /** Number of input features, when fitted on a matrix. */
  nFeatures: number | null;
  /** Input column names, when fitted on an Arrow Table or dataset. */
  featureNames: string[] | null;
  /** Class labels of a classifier. */
  classes: (number | string)[] | null;
  /** Training metrics given at save. */
  metrics: Record<string, unknown>;
  /** The free-form model card given at save. */
  modelCard: unknown;
  /** The backend the model was saved from. */
  backend: string;
}

function corrupt(what: string): ModelFileError {
  return new ModelFileError(`Expected ${what} in the model file's metadata`, 'ERR_APRENDER_MODEL_CORRUPT');
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Parses and checks a metadata block; unknown fields are dropped, missing optional ones get defaults.
 * @param bytes - the block
 * @returns the metadata
 * @throws ModelFileError CORRUPT for bad UTF-8, bad JSON or a field of the wrong type
 */
export function readMetadata(bytes: Uint8Array): ModelMetadata {
  let m: unknown;
  try {
    m = JSON.parse(utf8Decoder.decode(bytes));
  } catch (e) {
    throw corrupt(`UTF-8 JSON (${(e as Error).message})`);
  }
  if (!isObject(m)) throw corrupt('an object');
  const str = (v: unknown, name: string) => {
    if (typeof v !== 'string') throw corrupt(`a string for ${name}`);
    return v;
  };
  const lib = isObject(m.library) ? m.library : {};
  const names = m.featureNames ?? null;
  if (names !== null && !(Array.isArray(names) && names.every((n) => typeof n === 'string'))) throw corrupt('an array of strings or null for featureNames');
  const classes = m.classes ?? null;
  if (classes !== null && !(Array.isArray(classes) && classes.every((c) => typeof c === 'string' || typeof c === 'number'))) throw corrupt('an array of labels or null for classes');
  const nFeatures = m.nFeatures ?? null;
  if (nFeatures !== null && !(Number.isInteger(nFeatures) && (nFeatures as number) >= 0)) throw corrupt('a count or null for nFeatures');
  return {
    library: { name: typeof lib.name === 'string' ? lib.name : 'unknown', version: typeof lib.version === 'string' ? lib.version : 'unknown' },
    created: typeof m.created === 'string' ? m.created : '',
    class: str(m.class, 'class'),
    kind: typeof m.kind === 'string' ? m.kind : 'unknown',
    params: isObject(m.params) ? m.params : {},
    nFeatures: nFeatures as number | null,
    featureNames: names as string[] | null,
    classes: classes as (number | string)[] | null,
    metrics: isObject(m.metrics) ? m.metrics : {},
    modelCard: m.modelCard ?? null,
    backend: typeof m.backend === 'string' ? m.backend : 'unknown',
  };
}
