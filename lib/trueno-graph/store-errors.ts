/**
 * The errors of the graph store (the Graph class, its files and queries); the algorithms' own are in ./errors.
 */
import type { ErrorOptions } from '../common/errors';
import { GraphError } from './errors';

/** The `.code`s of the store's errors. */
export const STORE_CODES = {
  /** A node id the graph does not have. */
  NO_NODE: 'ERR_TRUENO_GRAPH_NO_NODE',
  /** A graph folder or file that does not exist. */
  NOT_FOUND: 'ERR_TRUENO_GRAPH_NOT_FOUND',
  /** A graph folder whose files are truncated, corrupt or do not match each other. */
  CORRUPT: 'ERR_TRUENO_GRAPH_CORRUPT',
} as const;

/** A node id that is not in the graph (`ERR_TRUENO_GRAPH_NO_NODE`); `id` is what was asked for. */
export class NoNodeError extends GraphError {
  /** The id asked for. */
  readonly id: unknown;

  /**
   * @param message - names the id and where it was used
   * @param id - the id
   */
  constructor(message: string, id: unknown) {
    super(message, STORE_CODES.NO_NODE);
    this.id = id;
  }
}

/** A graph folder or one of its files that does not exist (`ERR_TRUENO_GRAPH_NOT_FOUND`). */
export class GraphNotFoundError extends GraphError {
  /**
   * @param message - names the path
   * @param options - `cause`
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, STORE_CODES.NOT_FOUND, options);
  }
}

/** A graph file that is truncated, corrupt or inconsistent (`ERR_TRUENO_GRAPH_CORRUPT`); `file` names it. */
export class CorruptGraphError extends GraphError {
  /** The file at fault. */
  readonly file: string;

  /**
   * @param file - the file
   * @param message - what is wrong (naming the file)
   * @param options - `cause`
   */
  constructor(file: string, message: string, options?: ErrorOptions) {
    super(message, STORE_CODES.CORRUPT, options);
    this.file = file;
  }
}
