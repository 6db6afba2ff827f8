/**
 * Exit codes of the command-line programs, one per kind of cause, so scripts can tell "try again later" from "fix the
 * input" without reading messages. The numbers mean the same in every program; each program lists the ones it uses
 * in its `--help` and maps its errors' `.code`s onto them.
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
  /** A signature that is missing or does not verify against the key given. */
  VERIFY: 6,
  /** A failure the program did not expect (a bug: please report it). */
  INTERNAL: 70,
} as const;

/**
 * The codes of alimentar's file reading and writing (every program that reads data files goes through it).
 * Argument errors are usage errors: the command line named something the reader refuses.
 */
export const FILE_EXIT_CODES: Readonly<Record<string, number>> = {
  ERR_ALIMENTAR_TYPE: EXIT.USAGE,
  ERR_ALIMENTAR_RANGE: EXIT.USAGE,
  ERR_ALIMENTAR_NOT_FOUND: EXIT.NOT_FOUND,
  ERR_ALIMENTAR_UNKNOWN_FORMAT: EXIT.DATA,
  ERR_ALIMENTAR_CSV_PARSE: EXIT.DATA,
  ERR_ALIMENTAR_JSON_PARSE: EXIT.DATA,
  ERR_ALIMENTAR_PARQUET: EXIT.DATA,
  ERR_ALIMENTAR_IPC: EXIT.DATA,
  ERR_ALIMENTAR_SCHEMA_MISMATCH: EXIT.DATA,
  ERR_ALIMENTAR_COLUMN: EXIT.DATA,
  ERR_ALIMENTAR_WRITE: EXIT.STORAGE,
};

/** File system errors that reach a command line unwrapped (a folder it was given, a history file), by errno code. */
export const FS_EXIT_CODES: Readonly<Record<string, number>> = {
  ENOENT: EXIT.NOT_FOUND,
  ENOTDIR: EXIT.NOT_FOUND,
  EACCES: EXIT.STORAGE,
  EPERM: EXIT.STORAGE,
  EISDIR: EXIT.STORAGE,
  ENOSPC: EXIT.STORAGE,
  EROFS: EXIT.STORAGE,
  EIO: EXIT.STORAGE,
};

/**
 * The codes of aprender's model files (every program that loads `.apr` files): a damaged, foreign or unusable file is
 * a data error; a key that cannot be used is a usage error; only a signature that fails is its own code.
 */
export const MODEL_FILE_EXIT_CODES: Readonly<Record<string, number>> = {
  ERR_APRENDER_MODEL_FORMAT: EXIT.DATA,
  ERR_APRENDER_MODEL_TRUNCATED: EXIT.DATA,
  ERR_APRENDER_MODEL_CHECKSUM: EXIT.DATA,
  ERR_APRENDER_MODEL_VERSION: EXIT.DATA,
  ERR_APRENDER_MODEL_CORRUPT: EXIT.DATA,
  ERR_APRENDER_MODEL_TOO_LARGE: EXIT.DATA,
  ERR_APRENDER_MODEL_UNKNOWN_CLASS: EXIT.DATA,
  ERR_APRENDER_MODEL_CLASS: EXIT.DATA,
  ERR_APRENDER_MODEL_STATE: EXIT.DATA,
  ERR_APRENDER_MODEL_DECRYPT: EXIT.DATA,
  ERR_APRENDER_MODEL_CRYPTO: EXIT.DATA,
  ERR_APRENDER_MODEL_KEY: EXIT.USAGE,
  ERR_APRENDER_MODEL_SIGNATURE: EXIT.VERIFY,
};

/**
 * The exit-code function of a program: an error's `.code` looked up in its table, else internal.
 * @param byCode - `.code` to exit code
 * @returns (error) => exit code
 * @example const exitCodeOf = exitCodesFrom({ ...FILE_EXIT_CODES, ERR_MINE: EXIT.DATA });
 */
export function exitCodesFrom(byCode: Readonly<Record<string, number>>): (err: unknown) => number {
  return (err) => {
    const code = (err as { code?: unknown })?.code;
    return typeof code === 'string' && Object.hasOwn(byCode, code) ? byCode[code] : EXIT.INTERNAL;
  };
}

/**
 * The "Exit codes:" block of a program's `--help`.
 * @param lines - each code the program uses and what it means there, in order
 * @returns the text
 */
export function exitHelp(lines: readonly (readonly [number, string])[]): string {
  return `Exit codes:\n${lines.map(([code, text]) => `  ${String(code).padEnd(4)}${text}`).join('\n')}`;
}
