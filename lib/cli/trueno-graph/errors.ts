/** The errors of the `trueno-graph` command line itself (the library's own are in lib/trueno-graph). */
import { GraphError } from '../../trueno-graph/errors';

/** The codes of {@link CliError}. */
export const CLI_CODES = {
  /** `path` between two nodes that no path joins. */
  NO_PATH: 'ERR_TRUENO_GRAPH_CLI_NO_PATH',
  /** `import` of a file that lacks the endpoint columns or holds invalid ids or weights. */
  BAD_EDGE_LIST: 'ERR_TRUENO_GRAPH_CLI_BAD_EDGE_LIST',
} as const;

/** An error of the command line, with a `.code` from {@link CLI_CODES}. */
export class CliError extends GraphError {
  /**
   * @param message - what went wrong, naming the values
   * @param code - one of {@link CLI_CODES}
   */
  constructor(message: string, code: (typeof CLI_CODES)[keyof typeof CLI_CODES], options?: { cause?: unknown }) {
    super(message, code, options);
  }
}
