/**
 * Errors of trueno-graph. Failures a caller can act on are {@link GraphError} subclasses with a stable `.code`
 * (`ERR_TRUENO_GRAPH_*`); argument errors are the built-in TypeError / RangeError with `.code`
 * `ERR_TRUENO_GRAPH_TYPE` / `ERR_TRUENO_GRAPH_RANGE`, as in the rest of the stack (lib/common/errors).
 */
import { argumentErrors, SovereignError, type ErrorOptions } from '../common/errors';

/** Base class of trueno-graph's errors; `.code` names the cause, e.g. `ERR_TRUENO_GRAPH_CYCLE`. */
export class GraphError extends SovereignError {
  /**
   * @param message - what went wrong, with the value received where it helps
   * @param code - the stable cause, `ERR_TRUENO_GRAPH_*`
   * @param options - `cause`: the underlying error
   */
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, code, options);
  }
}

/** A directed cycle where none may be (topological sort); `.cycle` lists one cycle's nodes by dense id
 * (`ERR_TRUENO_GRAPH_CYCLE`). */
export class CycleError extends GraphError {
  /** One cycle, in edge order: cycle[i] -> cycle[i + 1] -> ... -> cycle[0]. */
  readonly cycle: Int32Array;

  /**
   * @param message - the cycle, named
   * @param cycle - its nodes by dense id
   */
  constructor(message: string, cycle: Int32Array) {
    super(message, 'ERR_TRUENO_GRAPH_CYCLE');
    this.cycle = cycle;
  }
}

/** The TypeError / RangeError factories of trueno-graph (`ERR_TRUENO_GRAPH_TYPE` / `ERR_TRUENO_GRAPH_RANGE`). */
export const argumentError = argumentErrors('TRUENO_GRAPH');
/** A TypeError with `.code` `ERR_TRUENO_GRAPH_TYPE`. */
export const typeError = argumentError.typeError;
/** A RangeError with `.code` `ERR_TRUENO_GRAPH_RANGE`. */
export const rangeError = argumentError.rangeError;
export { describe } from '../common/describe';
