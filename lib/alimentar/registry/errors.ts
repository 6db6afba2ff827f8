/** Errors of the dataset registry, each with a stable `.code` the CLI maps to an exit code. */
import { AlimentarError, NotFoundError } from '../errors';

/** Downloaded bytes do not match the SHA-256 (or size) recorded at push (`ERR_ALIMENTAR_CHECKSUM`). */
export class ChecksumMismatchError extends AlimentarError {
  /** @param message - the object, the expected and the received digest */
  constructor(message: string) {
    super(message, 'ERR_ALIMENTAR_CHECKSUM');
  }
}

/** No registry at the location: `index.json` is missing (`ERR_ALIMENTAR_REGISTRY_NOT_FOUND`). */
export class RegistryNotFoundError extends AlimentarError {
  /** @param location - where the registry was expected */
  constructor(location: string, options?: { cause?: unknown }) {
    super(`Expected a registry (index.json) at ${location} but found none; run 'alimentar registry init ${location}' first`,
      'ERR_ALIMENTAR_REGISTRY_NOT_FOUND', options);
  }
}

/** `init` on a location that already holds a registry (`ERR_ALIMENTAR_REGISTRY_EXISTS`). */
export class RegistryExistsError extends AlimentarError {
  /** @param location - the registry's location */
  constructor(location: string) {
    super(`Expected no registry at ${location} but index.json already exists`, 'ERR_ALIMENTAR_REGISTRY_EXISTS');
  }
}

/** `index.json` or a manifest is not a registry document (`ERR_ALIMENTAR_REGISTRY_CORRUPT`). */
export class RegistryCorruptError extends AlimentarError {
  /** @param message - which document and what is wrong */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_ALIMENTAR_REGISTRY_CORRUPT', options);
  }
}

/** A push of a version that already exists (`ERR_ALIMENTAR_VERSION_EXISTS`). */
export class VersionExistsError extends AlimentarError {
  /**
   * @param name - the dataset
   * @param version - the version that exists
   */
  constructor(name: string, version: string) {
    super(`Expected a new version for dataset '${name}' but version '${version}' already exists`, 'ERR_ALIMENTAR_VERSION_EXISTS');
  }
}

/** The index kept changing under a writer for every retry (`ERR_ALIMENTAR_INDEX_CONFLICT`). The write itself is
 * committed (its manifest exists) and readers see it; the next successful write brings index.json up to date. */
export class IndexConflictError extends AlimentarError {
  /** @param message - what was being written and how many attempts were made */
  constructor(message: string) {
    super(message, 'ERR_ALIMENTAR_INDEX_CONFLICT');
  }
}

/** A dataset or version that the registry does not hold (`ERR_ALIMENTAR_NOT_FOUND`). */
export class DatasetNotFoundError extends NotFoundError {
  /**
   * @param name - the dataset
   * @param version - the version, when one was asked
   */
  constructor(name: string, version?: string) {
    super(version === undefined ? `No dataset '${name}' in the registry` : `No version '${version}' of dataset '${name}' in the registry`);
  }
}
