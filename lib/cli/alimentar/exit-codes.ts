/**
 * Exit codes of the `alimentar` CLI, one per kind of cause, so scripts can tell "try again later" from "fix the
 * input" without reading messages. Documented in `alimentar --help`.
 */

/** The exit codes. */
export const EXIT = {
  /** Success. */
  OK: 0,
  /** Bad command line or argument value. */
  USAGE: 1,
  /** A file, object, dataset, version, registry or Hub dataset that does not exist. */
  NOT_FOUND: 2,
  /** Data that cannot be read or does not verify: parse errors, unknown format, corrupt files, checksum mismatch. */
  DATA: 3,
  /** Network, credentials, bucket or other storage failure. */
  STORAGE: 4,
  /** A conflict with what exists: version or registry already there, index kept changing. */
  CONFLICT: 5,
  /** A failure the CLI did not expect (a bug: please report it). */
  INTERNAL: 70,
} as const;

const BY_CODE: Record<string, number> = {
  ERR_ALIMENTAR_TYPE: EXIT.USAGE,
  ERR_ALIMENTAR_RANGE: EXIT.USAGE,
  ERR_ALIMENTAR_NOT_FOUND: EXIT.NOT_FOUND,
  ERR_ALIMENTAR_REGISTRY_NOT_FOUND: EXIT.NOT_FOUND,
  ERR_ALIMENTAR_NO_SUCH_BUCKET: EXIT.NOT_FOUND,
  ERR_ALIMENTAR_UNKNOWN_FORMAT: EXIT.DATA,
  ERR_ALIMENTAR_CSV_PARSE: EXIT.DATA,
  ERR_ALIMENTAR_JSON_PARSE: EXIT.DATA,
  ERR_ALIMENTAR_PARQUET: EXIT.DATA,
  ERR_ALIMENTAR_IPC: EXIT.DATA,
  ERR_ALIMENTAR_SCHEMA_MISMATCH: EXIT.DATA,
  ERR_ALIMENTAR_COLUMN: EXIT.DATA,
  ERR_ALIMENTAR_CHECKSUM: EXIT.DATA,
  ERR_ALIMENTAR_REGISTRY_CORRUPT: EXIT.DATA,
  ERR_ALIMENTAR_NETWORK: EXIT.STORAGE,
  ERR_ALIMENTAR_AUTH: EXIT.STORAGE,
  ERR_ALIMENTAR_HTTP: EXIT.STORAGE,
  ERR_ALIMENTAR_STORAGE: EXIT.STORAGE,
  ERR_ALIMENTAR_READ_ONLY: EXIT.STORAGE,
  ERR_ALIMENTAR_WRITE: EXIT.STORAGE,
  ERR_ALIMENTAR_PRECONDITION: EXIT.CONFLICT,
  ERR_ALIMENTAR_VERSION_EXISTS: EXIT.CONFLICT,
  ERR_ALIMENTAR_REGISTRY_EXISTS: EXIT.CONFLICT,
  ERR_ALIMENTAR_INDEX_CONFLICT: EXIT.CONFLICT,
};

/**
 * The exit code for an error: by its `.code`, else internal.
 * @param err - what was thrown
 * @returns the process exit code
 */
export function exitCodeOf(err: unknown): number {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && code in BY_CODE ? BY_CODE[code] : EXIT.INTERNAL;
}

/** The table for `--help`. */
export const EXIT_HELP = `Exit codes:
  0   success
  1   usage: bad command line or argument value
  2   not found: file, dataset, version, registry, bucket or Hub dataset
  3   data error: unreadable or corrupt data, unknown format, checksum mismatch
  4   network or storage error: unreachable, refused credentials, HTTP error
  5   conflict: version or registry already exists, index kept changing
  70  internal error (a bug)`;
