/**
 * The dataset registry: datasets with versions on any storage backend.
 *
 * Layout under the registry's root:
 * - `index.json` — every dataset and version (name, schema, rows, sha256, description, created): what readers load,
 *   and all that a read-only HTTP mirror needs;
 * - `manifests/<name>/<version>.json` — one immutable document per version, written once (If-None-Match) after its data;
 * - `datasets/<name>/<version>/<sha256 prefix>-<nonce>-<filename>` — the data, under a key of its own per push attempt,
 *   so no push overwrites another's data and `gc` never races a push for one key.
 *
 * A version exists once its manifest exists (the commit point). The index is then updated by compare-and-swap
 * (If-Match on the etag read) with retries, so concurrent pushes never lose an entry on stores with conditional writes
 * (local folders, AWS S3, MinIO, R2). Fallback for stores that ignore the conditions: readers that can list merge the
 * manifests into the index (a version whose manifest is missing is dropped, one missing from the index is added), and
 * writers write that merged view, so a lost index update is repaired on the next read and write. An interrupted push
 * leaves no manifest, so nothing of it is visible, and the index is only ever replaced whole; its data is an orphan
 * that `gc` removes. A push killed after its commit is complete: retrying it finds the same bytes and returns that
 * version (push is idempotent), and a failed index update after the commit is reported, not thrown.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { convertFile } from '../convert';
import { formatFromExtension, type Format } from '../formats/detect';
import { AlimentarError, describe, NotFoundError, typeError, WriteError } from '../errors';
import { hashFile, writeStreamAtomic } from '../storage/atomic-file';
import { PreconditionFailedError, ReadOnlyStorageError } from '../storage/errors';
import { openStorage, type OpenStorageOptions } from '../storage/open';
import type { Storage } from '../storage/types';
import {
  compareVersions, DATA_PREFIX, datasetInfo, emptyIndex, INDEX_KEY, MANIFEST_PREFIX, manifestKey, parseIndex, parseManifest, parseManifestKey, serialise,
} from './document';
import {
  ChecksumMismatchError, DatasetNotFoundError, IndexConflictError, RegistryCorruptError, RegistryExistsError, RegistryNotFoundError,
  VersionExistsError,
} from './errors';
import { inspectFile, type Inspector } from './inspect';
import type { DatasetInfo, GcItem, GcOptions, GcResult, Manifest, PushResult, RegistryIndex, VersionEntry } from './types';
import { expectStorageOptions, GC_OPTIONS, PULL_OPTIONS, PUSH_OPTIONS, REGISTRY_INIT_OPTIONS, REGISTRY_OPTIONS } from '../option-keys';
import { expectOptions } from '../validate';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,99})?$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const MAX_ATTEMPTS = 25;

/** A step of a long operation, for progress bars. */
export interface RegistryProgress {
  /** `hash` (reading the local file), `upload` or `download`. */
  phase: 'hash' | 'upload' | 'download';
  /** Bytes done. */
  done: number;
  /** Bytes in all, when known. */
  total: number | undefined;
}

/** Options of {@link Registry.open}. */
export interface RegistryOptions extends OpenStorageOptions {
  /** Reads schema and row count of pushed files (default: through ArrowDataset). */
  inspect?: Inspector;
}

/** Options of {@link Registry.push}. */
export interface PushOptions {
  /** Dataset name: letters, digits, '.', '_', '-', optionally `owner/name`. */
  name: string;
  /** Version label; default the next integer after the highest integer version (1, 2, ...). */
  version?: string;
  /** Free text, searched by `search`. */
  description?: string;
  /** Progress of hashing and upload. */
  onProgress?: (progress: RegistryProgress) => void;
}

/** What {@link Registry.pull} wrote. */
export interface PullResult {
  /** The version pulled. */
  entry: VersionEntry;
  /** The absolute path written. */
  path: string;
  /** The format the data was converted to, when the destination's extension named another than the stored one. */
  convertedTo?: Format;
}

/** Options of {@link Registry.pull}. */
export interface PullOptions {
  /** The version; default the latest. */
  version?: string;
  /**
   * A file path, or an existing folder (or one ending in '/') to write the original file name into; default '.'.
   * A file path whose extension names another format than the stored one (`x.parquet` for a CSV version) gets the
   * data converted to that format.
   */
  dest?: string;
  /** Progress of the download. */
  onProgress?: (progress: RegistryProgress) => void;
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw typeError(`Expected a dataset name of letters, digits, '.', '_', '-' (optionally owner/name) for name but received ${describe(name)}`);
  }
  return name;
}

function checkVersion(version: unknown): string {
  if (typeof version !== 'string' || !VERSION.test(version)) {
    throw typeError(`Expected a version label of letters, digits, '.', '_', '+', '-' for version but received ${describe(version)}`);
  }
  return version;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A dataset registry on a storage backend.
 * @example
 * const registry = Registry.open('s3://my-bucket/registry');
 * await registry.init();
 * await registry.push('iris.parquet', { name: 'iris', description: 'Fisher iris' });
 * await registry.pull('iris', { dest: './data/' });
 */
export class Registry {
  /** The backend the registry lives on. */
  readonly storage: Storage;
  private readonly inspect: Inspector;

  /**
   * @param storage - the backend
   * @param inspect - how pushed files are read for schema and row count
   */
  constructor(storage: Storage, inspect: Inspector = inspectFile) {
    if (typeof storage !== 'object' || storage === null || typeof storage.getWithEtag !== 'function') {
      throw typeError(`Expected a Storage for storage but received ${describe(storage)}`);
    }
    if (typeof inspect !== 'function') throw typeError(`Expected a function for inspect but received ${describe(inspect)}`);
    this.storage = storage;
    this.inspect = inspect;
  }

  /**
   * Opens the registry at a location (no I/O until the first call).
   * @param location - a folder, `file://`, `s3://bucket/prefix` or `http(s)://` (read-only)
   * @param options - backend options and the inspector
   * @returns the registry
   * @throws TypeError / RangeError for a malformed location
   * @example const reg = Registry.open('s3://bucket/datasets'); // or a folder, file:// or http(s)://
    */
  static open(location: string, options?: RegistryOptions): Registry {
    const { inspect, ...storageOptions } = expectStorageOptions<RegistryOptions>(options, 'Registry.open options', REGISTRY_OPTIONS);
    return new Registry(openStorage(location, storageOptions), inspect);
  }

  /**
   * Creates an empty registry.
   * @param options - `description` of the registry
   * @throws RegistryExistsError when one exists; storage errors (NoSuchBucketError, AuthError, NetworkError)
   * @example await Registry.open('./registry').init({ description: 'team datasets' })
    */
  async init(options?: { description?: string }): Promise<void> {
    const description = expectOptions<{ description?: string }>(options, 'init options', REGISTRY_INIT_OPTIONS).description ?? '';
    if (typeof description !== 'string') throw typeError(`Expected a string for description but received ${describe(description)}`);
    this.checkWritable('init');
    // The head check covers stores that ignore If-None-Match; the conditional put covers a race with another init.
    if (await this.storage.head(INDEX_KEY)) throw new RegistryExistsError(this.storage.url);
    try {
      await this.storage.putIfAbsent(INDEX_KEY, serialise(emptyIndex(description)));
    } catch (err) {
      if (err instanceof PreconditionFailedError) throw new RegistryExistsError(this.storage.url);
      throw err;
    }
  }

  /** index.json as stored. A read that does not parse is retried a few times: S3-compatible servers whose PUT is not
   * atomic (s3rver, some gateways) can serve a write in progress, and only a document that stays broken is corrupt. */
  private async readIndex(): Promise<{ index: RegistryIndex; etag: string }> {
    for (let attempt = 1; ; attempt++) {
      let raw: { data: Uint8Array; etag: string };
      try {
        raw = await this.storage.getWithEtag(INDEX_KEY);
      } catch (err) {
        if (err instanceof NotFoundError) throw new RegistryNotFoundError(this.storage.url, { cause: err });
        throw err;
      }
      try {
        return { index: parseIndex(raw.data, this.storage.url), etag: raw.etag };
      } catch (err) {
        if (!(err instanceof RegistryCorruptError) || attempt >= 4) throw err;
        await sleep(50 * attempt);
      }
    }
  }

  /** Fails before any work when the backend is read-only (HTTP). */
  private checkWritable(op: string): void {
    if (!this.storage.writable) throw new ReadOnlyStorageError(`Expected a writable registry for ${op} but ${this.storage.url} is read-only (HTTP)`);
  }

  /** The index merged with the manifests (when the backend can list), the etag of index.json as read, and the
   * versions that were committed but missing from index.json (`name\0version`). */
  private async load(): Promise<{ index: RegistryIndex; etag: string; unindexed: Set<string> }> {
    const { index, etag } = await this.readIndex();
    const unindexed = new Set<string>();
    if (!this.storage.listable) return { index, etag, unindexed };
    const committed = new Map<string, string>();
    for (const info of await this.storage.list(MANIFEST_PREFIX)) {
      const id = parseManifestKey(info.key);
      if (id) committed.set(`${id.name}\0${id.version}`, info.key);
    }
    for (const [name, versions] of Object.entries(index.datasets)) {
      for (const version of Object.keys(versions)) {
        if (!committed.delete(`${name}\0${version}`)) delete versions[version];
      }
      if (Object.keys(versions).length === 0) delete index.datasets[name];
    }
    for (const key of committed.values()) {
      const manifest = await this.readManifest(key);
      if (!manifest) continue;
      (index.datasets[manifest.name] ??= {})[manifest.version] = entryOf(manifest);
      unindexed.add(`${manifest.name}\0${manifest.version}`);
    }
    return { index, etag, unindexed };
  }

  private async readManifest(key: string): Promise<Manifest | undefined> {
    try {
      return parseManifest(await this.storage.get(key), key);
    } catch (err) {
      // Deleted between the listing and the read: it is no longer committed.
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  /** Applies `change` to the merged index and writes it with If-Match, retrying when another writer got there first. */
  private async update(what: string, change: (index: RegistryIndex) => void): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { index, etag } = await this.load();
      change(index);
      index.updated = new Date().toISOString();
      try {
        if (etag) await this.storage.putIfMatch(INDEX_KEY, serialise(index), etag);
        else await this.storage.put(INDEX_KEY, serialise(index));
        return;
      } catch (err) {
        if (!(err instanceof PreconditionFailedError)) throw err;
        if (attempt >= MAX_ATTEMPTS) {
          throw new IndexConflictError(`Could not update ${this.storage.url}/${INDEX_KEY} for ${what} after ${attempt} attempts; `
            + 'the change is committed in its manifest and readers see it, and the next write updates index.json');
        }
        await sleep(Math.random() * Math.min(500, 10 * 2 ** attempt));
      }
    }
  }

  /**
   * Brings index.json up to date after a commit. The version is already committed (its manifest exists and listing
   * readers see it), so a failure here does not fail the push: it is reported in the result, and the next write of
   * the registry repairs the index.
   */
  private async indexCommitted(what: string, change: (index: RegistryIndex) => void): Promise<{ indexed: boolean; warning?: string }> {
    try {
      await this.update(what, change);
      return { indexed: true };
    } catch (err) {
      if (!(err instanceof AlimentarError)) throw err;
      return {
        indexed: false,
        warning: `${what} is committed (its manifest is written and registries that list see it) but index.json was not `
          + `updated: ${err.message} (${err.code}); the next write to the registry brings index.json up to date`,
      };
    }
  }

  /**
   * Uploads a local file as a new version: hash and inspect, upload the data, write the manifest (the commit point),
   * then update the index. Idempotent: when the dataset already holds these bytes (same SHA-256 and size) — in the
   * version asked for, or in any version when none is asked for — nothing is uploaded and that version is returned
   * with `outcome: 'existing'`, so retrying a push whose result was lost never makes a second version.
   * @param file - the local data file
   * @param options - name, version, description, progress
   * @returns the version's entry, whether this push created it, and whether index.json lists it yet
   * @throws NotFoundError for a missing file; RegistryNotFoundError; VersionExistsError (the version holds other
   *   bytes); format errors when the file cannot be read as a table; storage errors before the commit
   * @example const { version } = await reg.push('iris.parquet', { name: 'iris', description: 'Fisher iris' })
    */
  async push(file: string, options: PushOptions): Promise<PushResult> {
    const opts = expectOptions<PushOptions>(options, 'push options', PUSH_OPTIONS);
    if (typeof file !== 'string' || file.length === 0) throw typeError(`Expected a file path for file but received ${describe(file)}`);
    const name = checkName(opts.name);
    const explicit = opts.version === undefined ? undefined : checkVersion(opts.version);
    const description = opts.description ?? '';
    if (typeof description !== 'string') throw typeError(`Expected a string for options.description but received ${describe(description)}`);
    this.checkWritable('push');
    const stat = await fsp.stat(file).catch((err) => {
      throw new NotFoundError(`Expected an existing file to push but received '${file}'`, { cause: err });
    });
    if (!stat.isFile()) throw new NotFoundError(`Expected a file to push but received the folder '${file}'`);
    const progress = opts.onProgress;
    const { sha256, size } = await hashFile(file, (done) => progress?.({ phase: 'hash', done, total: stat.size }));
    const table = await this.inspect(file);
    const filename = path.basename(file);

    for (let attempt = 1; ; attempt++) {
      const { index, unindexed } = await this.load();
      const existing = index.datasets[name] ?? {};
      const same = Object.values(existing).filter((v) => v.sha256 === sha256 && v.size === size && (explicit === undefined || v.version === explicit));
      if (same.length > 0) {
        const found = same.sort(compareVersions)[same.length - 1];
        const id = `${name}\0${found.version}`;
        const status = unindexed.has(id)
          ? await this.indexCommitted(`push of ${name}@${found.version}`, (idx) => {
            (idx.datasets[name] ??= {})[found.version] ??= found;
          })
          : { indexed: true };
        return { ...found, outcome: 'existing', ...status };
      }
      const version = explicit ?? nextVersion(Object.keys(existing));
      if (existing[version]) throw new VersionExistsError(name, version);
      const entry: VersionEntry = {
        version, key: `${DATA_PREFIX}${name}/${version}/${sha256.slice(0, 16)}-${randomBytes(4).toString('hex')}-${filename}`, filename, format: table.format,
        size, sha256, rows: table.rows, schema: table.schema, description, created: new Date().toISOString(),
      };
      try {
        await this.storage.putFile(entry.key, file, { onProgress: (done, total) => progress?.({ phase: 'upload', done, total }) });
      } catch (err) {
        await this.storage.delete(entry.key).catch(() => undefined);
        throw err;
      }
      if (await this.commit(name, entry)) {
        const status = await this.indexCommitted(`push of ${name}@${version}`, (idx) => {
          (idx.datasets[name] ??= {})[version] = entry;
        });
        return { ...entry, outcome: 'created', ...status };
      }
      if (explicit !== undefined || attempt >= MAX_ATTEMPTS) throw new VersionExistsError(name, version);
    }
  }

  /** Writes the manifest once; false when another push committed the same version first (its data is then kept). */
  private async commit(name: string, entry: VersionEntry): Promise<boolean> {
    const key = manifestKey(name, entry.version);
    const manifest: Manifest = { name, ...entry };
    try {
      await this.storage.putIfAbsent(key, serialise(manifest));
    } catch (err) {
      if (!(err instanceof PreconditionFailedError)) {
        await this.storage.delete(entry.key).catch(() => undefined);
        throw err;
      }
    }
    // Reading back tells who won also on stores that ignore If-None-Match (there the last writer wins).
    const winner = await this.readManifest(key);
    if (winner && winner.key === entry.key && winner.created === entry.created) return true;
    if (!winner || winner.key !== entry.key) await this.storage.delete(entry.key).catch(() => undefined);
    return false;
  }

  /**
   * Downloads a version, verifying size and SHA-256 before the file appears at its destination.
   * @param name - the dataset
   * @param options - version (default latest), destination, progress
   * @returns the entry, the written path, and the format converted to when the destination asked for another
   * @throws DatasetNotFoundError; ChecksumMismatchError (nothing is written); storage errors; the format errors of a conversion (nothing is written)
   * @example const { path } = await reg.pull('iris', { version: '1', dest: 'data/iris.parquet' })
    */
  async pull(name: string, options?: PullOptions): Promise<PullResult> {
    options = expectOptions<PullOptions>(options, 'pull options', PULL_OPTIONS);
    checkName(name);
    const entry = await this.version(name, options.version === undefined ? undefined : checkVersion(options.version));
    const dest = options.dest ?? '.';
    if (typeof dest !== 'string' || dest.length === 0) throw typeError(`Expected a path for options.dest but received ${describe(dest)}`);
    const isDir = dest.endsWith('/') || dest.endsWith(path.sep) || (await fsp.stat(dest).then((s) => s.isDirectory(), () => false));
    const target = path.resolve(isDir ? path.join(dest, entry.filename) : dest);
    // A destination whose extension names another format gets the data in that format (through the codecs), never
    // the stored bytes under a name that says otherwise; the download is still verified first, into a temporary file.
    const wanted = isDir ? undefined : formatFromExtension(target);
    if (wanted !== undefined && wanted !== entry.format) {
      const tmpDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'alimentar-pull-'));
      try {
        const raw = path.join(tmpDir, entry.filename);
        await this.download(name, entry, raw, options.onProgress);
        await convertFile(raw, target, { format: wanted, read: { format: entry.format as Format } });
      } finally {
        await fsp.rm(tmpDir, { recursive: true, force: true });
      }
      return { entry, path: target, convertedTo: wanted };
    }
    await this.download(name, entry, target, options.onProgress);
    return { entry, path: target };
  }

  /** Streams a version's bytes to `target`, atomically, failing (and writing nothing) when size or SHA-256 differ. */
  private async download(name: string, entry: VersionEntry, target: string, onProgress: PullOptions['onProgress']): Promise<void> {
    const { stream, size } = await this.storage.openRead(entry.key);
    const total = size ?? entry.size;
    try {
      await writeStreamAtomic(stream, target, {
        onProgress: (done) => onProgress?.({ phase: 'download', done, total }),
        verify: (got) => {
          if (got.size !== entry.size || got.sha256 !== entry.sha256) {
            throw new ChecksumMismatchError(`Expected sha256 ${entry.sha256} (${entry.size} bytes) for ${name}@${entry.version} `
              + `but received sha256 ${got.sha256} (${got.size} bytes) from ${this.storage.url}/${entry.key}`);
          }
        },
      });
    } catch (err) {
      // the file system's own error (a file where the destination's folder should be): say which destination
      if (err instanceof AlimentarError || typeof (err as NodeJS.ErrnoException)?.path !== 'string') throw err;
      throw new WriteError(`Expected to write ${target} but it failed: ${(err as Error).message}`, { cause: err });
    }
  }

  private async version(name: string, version: string | undefined): Promise<VersionEntry> {
    const info = await this.show(name);
    if (version === undefined) return info.latest;
    const entry = info.versions.find((v) => v.version === version);
    if (!entry) throw new DatasetNotFoundError(name, version);
    return entry;
  }

  /**
   * @returns every dataset, sorted by name
   * @throws RegistryNotFoundError; storage errors
   * @example (await reg.list()).map((d) => d.name)
    */
  async list(): Promise<DatasetInfo[]> {
    const { index } = await this.load();
    return Object.keys(index.datasets).sort().map((name) => datasetInfo(name, index.datasets[name]));
  }

  /**
   * Datasets whose name or a description matches: a string matches as a case-insensitive substring, a RegExp by test.
   * @param query - the substring or pattern
   * @returns the matching datasets, sorted by name
   * @example await reg.search(/iris/i)
    */
  async search(query: string | RegExp): Promise<DatasetInfo[]> {
    if (typeof query !== 'string' && !(query instanceof RegExp)) throw typeError(`Expected a string or RegExp for query but received ${describe(query)}`);
    const test = typeof query === 'string'
      ? (text: string) => text.toLowerCase().includes(query.toLowerCase())
      : (text: string) => {
        query.lastIndex = 0;
        return query.test(text);
      };
    return (await this.list()).filter((d) => test(d.name) || d.versions.some((v) => test(v.description)));
  }

  /**
   * @param name - the dataset
   * @returns the dataset with all its versions
   * @throws DatasetNotFoundError
   * @example (await reg.show('iris')).versions.at(-1)
    */
  async show(name: string): Promise<DatasetInfo> {
    checkName(name);
    const { index } = await this.load();
    const versions = index.datasets[name];
    if (!versions) throw new DatasetNotFoundError(name);
    return datasetInfo(name, versions);
  }

  /**
   * Deletes one version, or the whole dataset: manifests first (so readers stop seeing them), then data, then index.
   * @param name - the dataset
   * @param version - the version; all versions when omitted
   * @returns the deleted entries
   * @throws DatasetNotFoundError; storage errors
   * @example await reg.delete('iris', '1') // that version; without a version, every one
    */
  async delete(name: string, version?: string): Promise<VersionEntry[]> {
    checkName(name);
    this.checkWritable('delete');
    const doomed = version === undefined ? (await this.show(name)).versions : [await this.version(name, checkVersion(version))];
    for (const entry of doomed) {
      await this.storage.delete(manifestKey(name, entry.version));
      await this.storage.delete(entry.key);
    }
    await this.update(`delete of ${name}${version === undefined ? '' : '@' + version}`, (index) => {
      const versions = index.datasets[name];
      if (!versions) return;
      for (const entry of doomed) delete versions[entry.version];
      if (Object.keys(versions).length === 0) delete index.datasets[name];
    });
    return doomed;
  }

  /**
   * Collects garbage: data objects that no version references (a push killed before its commit, a delete cut short)
   * and abandoned temporary files of killed writes. Referenced data is never touched, nor is unreferenced data
   * younger than `minAgeMs` (a push may be between its upload and its commit), nor a write still running.
   * @param options - `dryRun` (only report), `minAgeMs` (default one hour)
   * @returns what was removed (or would be) and the bytes freed, and the young objects kept
   * @throws ReadOnlyStorageError on HTTP; RegistryNotFoundError; storage errors
   * @example
   * const { removed, bytes } = await registry.gc({ dryRun: true });
   */
  async gc(options?: GcOptions): Promise<GcResult> {
    options = expectOptions<GcOptions>(options, 'gc options', GC_OPTIONS);
    const dryRun = options.dryRun ?? false;
    if (typeof dryRun !== 'boolean') throw typeError(`Expected a boolean for options.dryRun but received ${describe(dryRun)}`);
    const minAgeMs = options.minAgeMs ?? GC_MIN_AGE_MS;
    if (typeof minAgeMs !== 'number' || !(minAgeMs >= 0)) {
      throw typeError(`Expected a non-negative number of milliseconds for options.minAgeMs but received ${describe(minAgeMs)}`);
    }
    this.checkWritable('gc');
    // The index is read before the listing: a version committed in between has data younger than minAgeMs.
    const { index } = await this.load();
    const referenced = new Set(Object.values(index.datasets).flatMap((versions) => Object.values(versions).map((v) => v.key)));
    const removed: GcItem[] = [];
    const kept: GcItem[] = [];
    const now = Date.now();
    for (const object of await this.storage.list(DATA_PREFIX)) {
      if (referenced.has(object.key)) continue;
      const item: GcItem = { key: object.key, size: object.size, reason: 'orphan' };
      if (now - object.lastModified.getTime() < minAgeMs) {
        kept.push(item);
        continue;
      }
      if (!dryRun) await this.storage.delete(object.key);
      removed.push(item);
    }
    for (const temp of (await this.storage.removeAbandoned?.({ dryRun })) ?? []) removed.push({ ...temp, reason: 'temp' });
    return { dryRun, removed, bytes: removed.reduce((sum, item) => sum + item.size, 0), kept };
  }
}

const GC_MIN_AGE_MS = 60 * 60 * 1000;

function entryOf(manifest: Manifest): VersionEntry {
  const { name: _name, ...entry } = manifest;
  return entry;
}

/** The next integer version after the highest integer label. */
function nextVersion(labels: string[]): string {
  const ints = labels.filter((l) => /^\d+$/.test(l)).map(Number);
  return String(ints.length === 0 ? 1 : Math.max(...ints) + 1);
}

