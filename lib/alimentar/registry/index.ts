/** The dataset registry: versions of datasets, with schema and checksums, on any storage backend. */
export { Registry, type RegistryOptions, type PushOptions, type PullOptions, type PullResult, type RegistryProgress } from './registry';
export type { DatasetInfo, FieldInfo, GcItem, GcOptions, GcResult, Manifest, PushResult, RegistryIndex, VersionEntry } from './types';
export type { FileDescription, Inspector } from './inspect';
export {
  ChecksumMismatchError, RegistryNotFoundError, RegistryExistsError, RegistryCorruptError, VersionExistsError,
  IndexConflictError, DatasetNotFoundError,
} from './errors';
