/**
 * The classes a fuzzed call can end in, shared by the file fuzz and the Tensor abuse sweep, and the one rule that
 * tells a clean error from a bad one.
 */

/**
 * - ok: decoded (or computed) and passed the oracle
 * - error: a clean error, with a string `.code` starting `ERR_`
 * - bad-error: an error without such a code, or the wrong one (a corrupt file reported as a usage error)
 * - silent: a result that the oracle says is wrong (a truncated file that decoded, unreadable values, garbage numbers)
 * - poisoned: the call failed and afterwards the pristine input failed too (a module instance left broken)
 * - disagree: paths over the same bytes disagree (one decodes, another errors, or different row counts)
 * - crash, hang, memory: the supervised child died, stalled or passed its memory cap
 */
export type OutcomeClass = 'ok' | 'error' | 'bad-error' | 'silent' | 'poisoned' | 'disagree' | 'crash' | 'hang' | 'memory';

/** The classes that are failures of the goal (everything but ok and clean errors). */
export const FAILURE_CLASSES: readonly OutcomeClass[] = ['bad-error', 'silent', 'poisoned', 'disagree', 'crash', 'hang', 'memory'];

/** What one path (or one call) gave. */
export interface PathOutcome {
  path: string;
  outcome: OutcomeClass;
  /** The error's code and message, the oracle's complaint, or the row count. */
  detail: string;
  /** Rows decoded, when it decoded. */
  rows?: number;
  /** Milliseconds it took. */
  ms?: number;
}

/**
 * Classifies a thrown value: a clean error carries a string `.code` starting with `ERR_`.
 * @param e - what was thrown
 * @returns the outcome's class and a one-line description
 */
export function classifyError(e: unknown): { outcome: 'error' | 'bad-error'; detail: string } {
  const code = (e as { code?: unknown } | null)?.code;
  const text = e instanceof Error ? `${e.name}: ${e.message}` : `non-Error thrown: ${String(e)}`;
  const line = text.split('\n')[0].slice(0, 300);
  if (e instanceof Error && typeof code === 'string' && code.startsWith('ERR_')) return { outcome: 'error', detail: `${code} ${line}` };
  return { outcome: 'bad-error', detail: `no ERR_ code: ${line}` };
}
