/** Parsing, checking and serialising the registry's JSON documents, and ordering versions. */
import { RegistryCorruptError } from './errors';
import type { DatasetInfo, Manifest, RegistryIndex, VersionEntry } from './types';

/** Key of the index document. */
export const INDEX_KEY = 'index.json';
/** Prefix of the data objects. */
export const DATA_PREFIX = 'datasets/';
/** Prefix of the manifests. */
export const MANIFEST_PREFIX = 'manifests/';

/** The key of a version's manifest. */
export function manifestKey(name: string, version: string): string {
  return `${MANIFEST_PREFIX}${name}/${version}.json`;
}

/** Splits a manifest key back into dataset name and version (the version is the last segment). */
export function parseManifestKey(key: string): { name: string; version: string } | undefined {
  if (!key.startsWith(MANIFEST_PREFIX) || !key.endsWith('.json')) return undefined;
  const rest = key.slice(MANIFEST_PREFIX.length, -'.json'.length);
  const cut = rest.lastIndexOf('/');
  return cut <= 0 ? undefined : { name: rest.slice(0, cut), version: rest.slice(cut + 1) };
}

/** A new, empty index. */
export function emptyIndex(description: string): RegistryIndex {
  return { format: 'alimentar-registry', formatVersion: 1, description, updated: new Date().toISOString(), datasets: {} };
}

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (err) {
    throw new RegistryCorruptError(`Expected JSON for ${what} but could not parse it: ${(err as Error).message}`, { cause: err });
  }
}

function isEntry(v: unknown): v is VersionEntry {
  const e = v as VersionEntry;
  return typeof e === 'object' && e !== null && typeof e.version === 'string' && typeof e.key === 'string'
    && typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/.test(e.sha256) && typeof e.size === 'number'
    && typeof e.filename === 'string' && typeof e.created === 'string';
}

/**
 * Parses and checks `index.json`.
 * @throws RegistryCorruptError when it is not a registry index
 */
export function parseIndex(bytes: Uint8Array, location: string): RegistryIndex {
  const doc = parseJson(bytes, `${location}/${INDEX_KEY}`) as RegistryIndex;
  if (typeof doc !== 'object' || doc === null || doc.format !== 'alimentar-registry' || typeof doc.datasets !== 'object' || doc.datasets === null) {
    throw new RegistryCorruptError(`Expected an alimentar registry index at ${location}/${INDEX_KEY} but received another JSON document`);
  }
  for (const [name, versions] of Object.entries(doc.datasets)) {
    for (const entry of Object.values(versions ?? {})) {
      if (!isEntry(entry)) throw new RegistryCorruptError(`Expected version entries for dataset '${name}' in ${location}/${INDEX_KEY} but received a malformed one`);
    }
  }
  return doc;
}

/**
 * Parses and checks a manifest.
 * @throws RegistryCorruptError when it is not a manifest
 */
export function parseManifest(bytes: Uint8Array, key: string): Manifest {
  const doc = parseJson(bytes, key) as Manifest;
  if (!isEntry(doc) || typeof doc.name !== 'string') throw new RegistryCorruptError(`Expected a version manifest at ${key} but received a malformed document`);
  return doc;
}

/** Serialises a document (stable, readable JSON). */
export function serialise(doc: unknown): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

const collator = new Intl.Collator('en', { numeric: true });

/** Orders versions oldest first: by push time, then by label in numeric order. */
export function compareVersions(a: VersionEntry, b: VersionEntry): number {
  return a.created < b.created ? -1 : a.created > b.created ? 1 : collator.compare(a.version, b.version);
}

/** The dataset view of one index entry. */
export function datasetInfo(name: string, versions: Record<string, VersionEntry>): DatasetInfo {
  const sorted = Object.values(versions).sort(compareVersions);
  const described = [...sorted].reverse().find((v) => v.description);
  return { name, description: described?.description ?? '', versions: sorted, latest: sorted[sorted.length - 1] };
}
