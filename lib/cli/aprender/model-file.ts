/**
 * The CLI's side of model files (.apr): reading one (a missing path is "not found", never a stack trace), what
 * `train` records in it (metrics and a model card naming the data, target and features), and the text of `inspect`
 * and `validate`.
 */
import type { Estimator } from '../../aprender/base/estimator';
import type { Command } from 'commander';
import { inspectModel, load, type LoadOptions, type ModelFileInfo } from '../../aprender/model-file/read';
import type { SaveOptions } from '../../aprender/model-file/write';
import { readBytes } from '../../alimentar/io';
import { cell, renderTable } from '../../common/format';
import { usageError } from '../shared/program';
import type { TrainResult } from './train';

/** What `train` writes as the model card: where the model came from, so `evaluate` and people know its target. */
export interface TrainCard {
  /** Free text given with --card. */
  description?: string;
  trainedWith: 'aprender train';
  data: string;
  target: string;
  features: string[];
  task: string;
  model: string;
  rows: { train: number; test: number };
}

/**
 * The save options of a trained model: its metrics and card, signed with a private key when given.
 * @param r - the training result
 * @param description - --card text
 * @param privateKeyFile - a PEM file with an Ed25519 private key, to sign with
 * @returns the options for save
 * @throws NotFoundError for a missing key file
 */
export async function saveOptions(r: TrainResult, description: string | undefined, flags: SecretFlags & { privateKey?: string }): Promise<SaveOptions> {
  const card: TrainCard = {
    ...(description === undefined ? {} : { description }),
    trainedWith: 'aprender train', data: r.data, target: r.target, features: r.features, task: r.task, model: r.model, rows: r.rows,
  };
  const options: SaveOptions = { metrics: { ...r.metrics }, modelCard: card, ...(await secretsFrom(flags)) };
  if (flags.privateKey !== undefined) options.privateKey = new TextDecoder().decode(await readBytes(flags.privateKey));
  return options;
}

/** The flags naming an encrypted model's key: a file of 32 raw bytes, or the environment variable holding a passphrase. */
export interface SecretFlags {
  keyFile?: string;
  passphraseEnv?: string;
}

/** The flags of the commands that read model files: the secrets, and a public key to require a signature. */
export interface KeyFlags extends SecretFlags {
  publicKey?: string;
}

/**
 * Adds --key-file and --passphrase-env to a command. A passphrase is read from the environment, never from the
 * command line (which other users of the machine can see in the process list).
 * @param cmd - the command
 * @param verb - what the key is for ('encrypt' or 'decrypt')
 * @returns the command
 */
export function withSecretFlags(cmd: Command, verb: 'encrypt' | 'decrypt'): Command {
  return cmd
    .option('--key-file <file>', `${verb} the model file with this AES-256 key (a file of 32 raw bytes)`)
    .option('--passphrase-env <var>', `${verb} the model file with the passphrase in this environment variable`);
}

/**
 * The key and passphrase the flags name.
 * @param flags - --key-file, --passphrase-env
 * @returns key and/or passphrase for the model-file API
 * @throws a usage error for a key file that is not 32 bytes or an unset / empty variable
 */
export async function secretsFrom(flags: SecretFlags): Promise<{ key?: Uint8Array; passphrase?: string }> {
  const out: { key?: Uint8Array; passphrase?: string } = {};
  if (flags.keyFile !== undefined) {
    out.key = await readBytes(flags.keyFile);
    if (out.key.length !== 32) throw usageError(`Expected 32 bytes in --key-file ${flags.keyFile} but it holds ${out.key.length}`);
  }
  if (flags.passphraseEnv !== undefined) {
    const passphrase = process.env[flags.passphraseEnv];
    if (!passphrase) throw usageError(`Expected a passphrase in the environment variable ${flags.passphraseEnv} (--passphrase-env) but it is unset or empty`);
    out.passphrase = passphrase;
  }
  return out;
}

/**
 * The load options the key flags name (files read, the passphrase from its environment variable).
 * @param flags - --public-key, --key-file, --passphrase-env
 * @returns options for load / inspectModel
 * @throws as {@link secretsFrom}; NotFoundError for a missing key file
 */
export async function keysFrom(flags: KeyFlags): Promise<LoadOptions> {
  const options: LoadOptions = await secretsFrom(flags);
  if (flags.publicKey !== undefined) options.publicKey = await readPublicKey(flags.publicKey);
  return options;
}

/**
 * Reads a public key file for verification (PEM text, or the raw 32 bytes).
 * @param file - the path
 * @returns the key as load takes it
 * @throws NotFoundError for a missing file
 */
export async function readPublicKey(file: string): Promise<string | Uint8Array> {
  const bytes = await readBytes(file);
  const text = new TextDecoder().decode(bytes);
  return text.includes('-----BEGIN') ? text : bytes;
}

/**
 * Loads a model file.
 * @param file - the path
 * @param keys - a public key to require a valid signature, the key or passphrase of an encrypted file
 * @returns the fitted estimator
 * @throws NotFoundError for a missing file; ModelFileError (`.code`) for a file that is not a valid model
 */
export async function readModel(file: string, keys: LoadOptions = {}): Promise<Estimator> {
  return load(await readBytes(file), keys);
}

/**
 * What a model file says about itself (checksum verified; signature too when a key is given).
 * @param file - the path
 * @param keys - as {@link readModel}
 * @returns the description
 * @throws as {@link readModel}
 */
export async function describeModel(file: string, keys: LoadOptions = {}): Promise<ModelFileInfo> {
  return inspectModel(await readBytes(file), keys);
}

/** The target a model was trained to predict, when its card says (a model from `aprender train`). */
export function cardTarget(info: ModelFileInfo): string | undefined {
  const card = info.metadata?.modelCard as Partial<TrainCard> | null | undefined;
  return card !== null && typeof card === 'object' && typeof card.target === 'string' ? card.target : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : cell(value);
}

/** Nested metrics as dotted rows (heldOut.accuracy, cv.r2.mean); numbers to 4 decimals, arrays as JSON. */
function metricRows(value: unknown, prefix: string): string[][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => metricRows(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(4) : text(value)]];
}

/**
 * The text of `inspect`.
 * @param file - the path
 * @param info - from {@link describeModel}
 * @returns the text
 */
export function renderInspect(file: string, info: ModelFileInfo): string {
  const m = info.metadata;
  const rows: [string, string][] = [
    ['file', file],
    ['format', `apr ${info.format}`],
    ['bytes', `${info.size} (metadata ${info.metadataSize}, payload ${info.payloadSize} stored, ${info.payloadRawSize} raw, ${info.compression})`],
    ['signed', info.signed ? 'yes' : 'no'],
    ['encrypted', info.encrypted ? 'yes' : 'no'],
  ];
  if (m === null) return `${renderTable(['field', 'value'], rows)}\n\n(encrypted: the metadata needs the key)`;
  rows.push(
    ['class', `${m.class} (${m.kind})`],
    ['created', `${m.created} by ${m.library.name} ${m.library.version} on the ${m.backend} backend`],
    ['features', m.featureNames ? `${m.featureNames.length}: ${m.featureNames.join(', ')}` : String(m.nFeatures ?? 'unknown')],
  );
  if (m.classes !== null) rows.push(['classes', m.classes.join(', ')]);
  const params = Object.entries(m.params).map(([k, v]) => [k, text(v)]);
  const metrics = metricRows(m.metrics, '');
  const card = m.modelCard === null ? '(none)' : typeof m.modelCard === 'string' ? m.modelCard : JSON.stringify(m.modelCard, null, 2);
  return [
    renderTable(['field', 'value'], rows),
    params.length ? renderTable(['parameter', 'value'], params) : '(no parameters)',
    metrics.length ? renderTable(['metric', 'value'], metrics) : '(no metrics)',
    `model card:\n${card}`,
  ].join('\n\n');
}
