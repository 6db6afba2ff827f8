/**
 * The transaction log: listing `_delta_log/`, parsing JSON commits and Parquet checkpoints, replaying them into the
 * state of one version (protocol, metadata, live files, tombstones), and writing checkpoints.
 *
 * Our commits carry a checksum of their actions in `commitInfo` (first line), so a truncated or altered commit we
 * wrote is detected even where it still parses; commits of other writers are checked line by line.
 */
import { createHash } from 'node:crypto';
import { Bool, Field, Int32, Int64, List, Map_, Struct, Table, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { readParquet, writeParquet } from '../../alimentar/formats/parquet';
import type { ObjectInfo, Storage } from '../../alimentar/storage/types';
import { CorruptTableError } from '../errors';
import { checkpointKey, LAST_CHECKPOINT_KEY, type Action, type AddFile, type Metadata, type Protocol, type RemoveFile, type Txn } from './actions';
import { readObject } from './io';

const COMMIT_RE = /^_delta_log\/(\d{20})\.json$/;
const CHECKPOINT_RE = /^_delta_log\/(\d{20})\.checkpoint(?:\.(\d{10})\.(\d{10}))?\.parquet$/;

/** What `_delta_log/` holds: commits by version, complete checkpoints by version (their part keys). */
export interface LogListing {
  commits: Map<number, ObjectInfo>;
  checkpoints: Map<number, string[]>;
  /** The newest version with a commit or a checkpoint, or -1 for no table. */
  latest: number;
}

/**
 * Lists the log.
 * @param storage - the table's root
 * @returns commits and complete checkpoints (a multi-part checkpoint with a part missing is left out)
 */
export async function listLog(storage: Storage): Promise<LogListing> {
  const commits = new Map<number, ObjectInfo>();
  const parts = new Map<number, { n: number; keys: Map<number, string> }>();
  let latest = -1;
  for (const info of await storage.list('_delta_log/')) {
    const c = COMMIT_RE.exec(info.key);
    if (c) {
      const v = Number(c[1]);
      commits.set(v, info);
      latest = Math.max(latest, v);
      continue;
    }
    const k = CHECKPOINT_RE.exec(info.key);
    if (k) {
      const v = Number(k[1]);
      const n = k[3] === undefined ? 1 : Number(k[3]);
      const part = k[2] === undefined ? 1 : Number(k[2]);
      const entry = parts.get(v) ?? { n, keys: new Map() };
      if (entry.n === n) entry.keys.set(part, info.key);
      parts.set(v, entry);
    }
  }
  const checkpoints = new Map<number, string[]>();
  for (const [v, { n, keys }] of parts) {
    if (keys.size !== n) continue;
    checkpoints.set(v, Array.from({ length: n }, (_, i) => keys.get(i + 1)!));
    latest = Math.max(latest, v);
  }
  return { commits, checkpoints, latest };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The checksum our commits carry of the bytes after their first line. */
export function commitChecksum(rest: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(rest).digest('hex')}`;
}

/** The field of our commitInfo holding {@link commitChecksum}. */
export const CHECKSUM_FIELD = 'truenoChecksum';

/**
 * Parses one commit file.
 * @param bytes - its content
 * @param key - its key, for errors
 * @returns its actions in order
 * @throws CorruptTableError for bytes that are not UTF-8, a line that is not a JSON action, a malformed add/remove,
 *   or a commit of ours whose checksum does not match
 */
export function parseCommit(bytes: Uint8Array, key: string): Action[] {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch (e) {
    throw new CorruptTableError(key, `Expected UTF-8 JSON lines in ${key} but it holds invalid bytes`, { cause: e });
  }
  const actions: Action[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let action: Action;
    try {
      action = JSON.parse(line);
    } catch (e) {
      throw new CorruptTableError(key, `Expected a JSON action on line ${i + 1} of ${key} but it does not parse (truncated or corrupt): ${(e as Error).message}`, { cause: e });
    }
    if (action === null || typeof action !== 'object' || Array.isArray(action)) {
      throw new CorruptTableError(key, `Expected a JSON object on line ${i + 1} of ${key} but received ${line.slice(0, 40)}`);
    }
    checkAction(action, key, i + 1);
    actions.push(action);
  }
  const sum = actions[0]?.commitInfo?.[CHECKSUM_FIELD];
  if (typeof sum === 'string') {
    const cut = text.indexOf('\n');
    const rest = cut < 0 ? '' : text.slice(cut + 1);
    if (commitChecksum(rest) !== sum) throw new CorruptTableError(key, `Expected the actions of ${key} to match the checksum of its commitInfo but they differ (truncated or altered)`);
  }
  if (actions.length === 0) throw new CorruptTableError(key, `Expected at least one action in ${key} but it is empty`);
  return actions;
}

function checkAction(a: Action, key: string, line: number): void {
  const file = a.add ?? a.remove;
  if (file !== undefined) {
    const bad = (what: string) => new CorruptTableError(key, `Expected ${what} in the ${a.add ? 'add' : 'remove'} action on line ${line} of ${key}`);
    if (file === null || typeof file !== 'object' || typeof file.path !== 'string' || file.path === '') throw bad('a path');
    if (a.add && (typeof a.add.size !== 'number' || !(a.add.size >= 0))) throw bad('a size');
    if (a.add && (a.add.partitionValues === null || typeof a.add.partitionValues !== 'object')) throw bad('partitionValues');
  }
  if (a.metaData !== undefined && (a.metaData === null || typeof a.metaData.schemaString !== 'string' || !Array.isArray(a.metaData.partitionColumns))) {
    throw new CorruptTableError(key, `Expected a schemaString and partitionColumns in the metaData action on line ${line} of ${key}`);
  }
  if (a.protocol !== undefined && (a.protocol === null || !Number.isInteger(a.protocol.minReaderVersion) || !Number.isInteger(a.protocol.minWriterVersion))) {
    throw new CorruptTableError(key, `Expected integer versions in the protocol action on line ${line} of ${key}`);
  }
}

/** A data file's key from its log path (percent-decoded); absolute URIs are refused. */
export function fileKey(path: string, logFile = 'the log'): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) throw new CorruptTableError(logFile, `Expected a path relative to the table in ${logFile} but received the absolute '${path}' (files outside the table are not supported)`);
  try {
    return decodeURIComponent(path);
  } catch (e) {
    throw new CorruptTableError(logFile, `Expected a percent-encoded path in ${logFile} but received '${path}'`, { cause: e });
  }
}

/** The replayed state of one version of the table. */
export class LogState {
  version = -1;
  protocol: Protocol | undefined;
  metadata: Metadata | undefined;
  /** The log file the metadata came from, for errors about it. */
  metadataFile = '';
  /** Live files by key. */
  files = new Map<string, AddFile>();
  /** Removed files by key (until the checkpoint that drops them). */
  tombstones = new Map<string, RemoveFile>();
  txns = new Map<string, Txn>();
  /** The version's commit time (ms): its commitInfo's timestamp, else the commit file's modification time. */
  timestamp = 0;

  /** A copy that later commits can be applied to without changing this one. */
  clone(): LogState {
    const s = new LogState();
    Object.assign(s, this);
    s.files = new Map(this.files);
    s.tombstones = new Map(this.tombstones);
    s.txns = new Map(this.txns);
    return s;
  }

  /**
   * Applies one version's actions.
   * @param actions - the version's actions
   * @param version - the version
   * @param file - where they came from
   */
  apply(actions: Action[], version: number, file: string): void {
    for (const a of actions) {
      if (a.add) {
        const k = fileKey(a.add.path, file);
        this.files.set(k, a.add);
        this.tombstones.delete(k);
      } else if (a.remove) {
        const k = fileKey(a.remove.path, file);
        this.files.delete(k);
        this.tombstones.set(k, a.remove);
      } else if (a.metaData) {
        this.metadata = a.metaData;
        this.metadataFile = file;
      } else if (a.protocol) {
        this.protocol = a.protocol;
      } else if (a.txn) {
        this.txns.set(a.txn.appId, a.txn);
      } else if (a.commitInfo && typeof a.commitInfo.timestamp === 'number') {
        this.timestamp = a.commitInfo.timestamp;
      }
    }
    this.version = version;
  }
}

/** JSON of an Arrow row (struct rows, map rows) with int64 as numbers. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
}

/**
 * Reads a checkpoint (every part) as actions.
 * @param storage - the table's root
 * @param keys - the checkpoint's parts
 * @returns its actions
 * @throws CorruptTableError for a part that is missing, does not decode or lacks the checkpoint columns
 */
export async function readCheckpoint(storage: Storage, keys: string[]): Promise<Action[]> {
  const actions: Action[] = [];
  for (const key of keys) {
    const bytes = await readObject(storage, key);
    let table: Table;
    try {
      table = readParquet(bytes, {}, key);
    } catch (e) {
      throw new CorruptTableError(key, `Expected a Parquet checkpoint in ${key} but it does not decode: ${(e as Error).message}`, { cause: e });
    }
    const names = ['add', 'remove', 'metaData', 'protocol', 'txn'] as const;
    const cols = names.map((n) => table.getChild(n));
    if (!cols[0] && !cols[2] && !cols[3]) throw new CorruptTableError(key, `Expected add/metaData/protocol columns in the checkpoint ${key} but it has ${table.schema.fields.map((f) => f.name).join(', ')}`);
    for (let i = 0; i < table.numRows; i++) {
      for (let c = 0; c < names.length; c++) {
        const v = cols[c]?.get(i);
        if (v === null || v === undefined) continue;
        const action = { [names[c]]: plain(v) } as Action;
        if (names[c] === 'add' || names[c] === 'remove') {
          const f = (action.add ?? action.remove)!;
          if (f.partitionValues === null && action.add) f.partitionValues = {};
          if (f.deletionVector === null) delete f.deletionVector;
        }
        if (action.protocol) {
          if (action.protocol.readerFeatures === null) delete action.protocol.readerFeatures;
          if (action.protocol.writerFeatures === null) delete action.protocol.writerFeatures;
        }
        checkAction(action, key, i + 1);
        actions.push(action);
      }
    }
  }
  return actions;
}

const stringMap = (): DataType => new Map_(new Field('key_value', new Struct<{ key: Utf8; value: Utf8 }>([new Field('key', new Utf8(), false), new Field('value', new Utf8(), true)]), false));
const strings = (): DataType => new List(new Field('element', new Utf8(), true));
const f = (name: string, type: DataType) => new Field(name, type, true);

/** The checkpoint schema of PROTOCOL.md (the columns this writer fills). */
function checkpointTypes(features: boolean): Record<string, Struct> {
  return {
    txn: new Struct([f('appId', new Utf8()), f('version', new Int64()), f('lastUpdated', new Int64())]),
    add: new Struct([f('path', new Utf8()), f('partitionValues', stringMap()), f('size', new Int64()), f('modificationTime', new Int64()),
      f('dataChange', new Bool()), f('stats', new Utf8()), f('tags', stringMap())]),
    remove: new Struct([f('path', new Utf8()), f('deletionTimestamp', new Int64()), f('dataChange', new Bool()), f('extendedFileMetadata', new Bool()),
      f('partitionValues', stringMap()), f('size', new Int64()), f('tags', stringMap())]),
    metaData: new Struct([f('id', new Utf8()), f('name', new Utf8()), f('description', new Utf8()),
      f('format', new Struct([f('provider', new Utf8()), f('options', stringMap())])), f('schemaString', new Utf8()),
      f('partitionColumns', strings()), f('configuration', stringMap()), f('createdTime', new Int64())]),
    protocol: new Struct([f('minReaderVersion', new Int32()), f('minWriterVersion', new Int32()),
      ...(features ? [f('readerFeatures', strings()), f('writerFeatures', strings())] : ([] as Field[]))]),
  };
}

const asMap = (o: Record<string, string | null> | null | undefined) => (o ? new Map(Object.entries(o)) : null);
const big = (n: number | null | undefined) => (typeof n === 'number' ? BigInt(Math.trunc(n)) : null);

/**
 * Encodes a version's state as a single-file checkpoint.
 * @param state - the replayed state
 * @param keepTombstonesAfter - tombstones deleted at or before this time (ms) are dropped (expired)
 * @returns the Parquet bytes and the number of actions
 */
export function encodeCheckpoint(state: LogState, keepTombstonesAfter: number): { bytes: Uint8Array; size: number; numOfAddFiles: number } {
  const p = state.protocol!;
  const m = state.metadata!;
  const rows: Record<string, unknown>[] = [];
  rows.push({ protocol: { ...p, readerFeatures: p.readerFeatures ?? null, writerFeatures: p.writerFeatures ?? null } });
  rows.push({ metaData: { ...m, name: m.name ?? null, description: m.description ?? null, format: { provider: m.format.provider, options: asMap(m.format.options ?? {}) },
    configuration: asMap((m.configuration ?? {}) as Record<string, string | null>), createdTime: big(m.createdTime) } });
  for (const t of state.txns.values()) rows.push({ txn: { appId: t.appId, version: big(t.version), lastUpdated: big(t.lastUpdated) } });
  for (const a of state.files.values()) {
    rows.push({ add: { path: a.path, partitionValues: asMap(a.partitionValues), size: big(a.size), modificationTime: big(a.modificationTime), dataChange: false,
      stats: a.stats ?? null, tags: asMap(a.tags) } });
  }
  for (const r of state.tombstones.values()) {
    if ((r.deletionTimestamp ?? 0) <= keepTombstonesAfter) continue;
    rows.push({ remove: { path: r.path, deletionTimestamp: big(r.deletionTimestamp), dataChange: false, extendedFileMetadata: r.extendedFileMetadata ?? false,
      partitionValues: asMap(r.partitionValues), size: big(r.size), tags: asMap(r.tags) } });
  }
  const types = checkpointTypes(p.readerFeatures !== undefined || p.writerFeatures !== undefined);
  const columns: Record<string, Vector> = {};
  for (const [name, type] of Object.entries(types)) columns[name] = vectorFromArray(rows.map((r) => r[name] ?? null), type) as Vector;
  return { bytes: writeParquet(new Table(columns)), size: rows.length, numOfAddFiles: state.files.size };
}

/** `_last_checkpoint`'s content. */
export interface LastCheckpoint {
  version: number;
  size: number;
  parts?: number;
  sizeInBytes?: number;
  numOfAddFiles?: number;
}

/**
 * Writes a checkpoint of a version, then `_last_checkpoint`. Each is one atomic put, so a writer killed between them
 * leaves a complete checkpoint that readers find by listing.
 * @param storage - the table's root
 * @param state - the version's state
 * @param keepTombstonesAfter - see {@link encodeCheckpoint}
 */
export async function writeCheckpoint(storage: Storage, state: LogState, keepTombstonesAfter: number): Promise<void> {
  const { bytes, size, numOfAddFiles } = encodeCheckpoint(state, keepTombstonesAfter);
  await storage.put(checkpointKey(state.version), bytes);
  const last: LastCheckpoint = { version: state.version, size, sizeInBytes: bytes.length, numOfAddFiles };
  await storage.put(LAST_CHECKPOINT_KEY, JSON.stringify(last));
}
