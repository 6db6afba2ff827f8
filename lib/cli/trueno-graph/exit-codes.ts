/**
 * Exit codes of the `trueno-graph` CLI (the numbers shared by every program: ../shared/exit-codes), documented in
 * `trueno-graph --help`. Edge-list files are read through alimentar, so its file errors keep their meaning here.
 */
import { EXIT, exitCodesFrom, exitHelp, FILE_EXIT_CODES, FS_EXIT_CODES } from '../shared/exit-codes';
import { CLI_CODES } from './errors';

export { EXIT };

/** The `.code`s trueno-graph's errors carry, to exit codes. */
export const TRUENO_GRAPH_EXIT_CODES: Readonly<Record<string, number>> = {
  // arguments the library refuses: the command line passed them through (an option value, a node id)
  ERR_TRUENO_GRAPH_TYPE: EXIT.USAGE,
  ERR_TRUENO_GRAPH_RANGE: EXIT.USAGE,
  ERR_TRUENO_GRAPH_NO_NODE: EXIT.NOT_FOUND,
  ERR_TRUENO_GRAPH_NOT_FOUND: EXIT.NOT_FOUND,
  ERR_TRUENO_GRAPH_NO_PARSER: EXIT.NOT_FOUND,
  [CLI_CODES.NO_PATH]: EXIT.NOT_FOUND,
  [CLI_CODES.BAD_EDGE_LIST]: EXIT.DATA,
  ERR_TRUENO_GRAPH_CORRUPT: EXIT.DATA,
  ERR_ALIMENTAR_IO: EXIT.STORAGE,
};

/**
 * The exit code for an error: by its `.code`, else internal.
 * @param err - what was thrown
 * @returns the process exit code
 */
export const exitCodeOf = exitCodesFrom({ ...FILE_EXIT_CODES, ...FS_EXIT_CODES, ...TRUENO_GRAPH_EXIT_CODES });

/** The table for `--help`. */
export const EXIT_HELP = exitHelp([
  [EXIT.OK, 'success'],
  [EXIT.USAGE, 'usage: bad command line or option value, unknown command, a node id of the wrong kind'],
  [EXIT.NOT_FOUND, 'not found: the graph folder, the edge-list file or source folder, a node id; no path between the two nodes; the typescript package (analyze) is not installed'],
  [EXIT.DATA, 'data error: an edge-list file that does not decode, lacks the endpoint columns, or holds invalid ids or weights; a graph folder whose files are corrupt or do not match graph.json'],
  [EXIT.STORAGE, 'I/O error: the graph folder could not be read or written'],
  [EXIT.INTERNAL, 'internal error (a bug)'],
]);
