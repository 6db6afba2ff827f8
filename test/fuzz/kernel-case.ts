/**
 * The shape of a raw-kernel fuzz case (kernel-abuse.test.ts): one entry per kernel of the backend table, with the
 * valid calls it starts from and the breakages only that kernel knows about. The generic breakages (every argument
 * of the wrong type, length or value) are derived from the arguments themselves (kernel-mutations.ts), so a new
 * kernel is one entry in a table (kernel-cases-graph.ts, kernel-cases-tensor.ts, kernel-cases-csv.ts).
 */
import type { SyncKernels } from '../../lib/trueno/backend/kernels';
import type { Rng } from './mutate';

/** A kernel's arguments, in the order of its signature. */
export type Args = unknown[];

/** A kernel-specific way to break a valid call (in place), given the valid arguments and a seeded source. */
export interface Breakage {
  name: string;
  apply: (args: Args, rng: Rng) => void;
}

/** A well-formed call: fresh arguments from a seeded source. */
export interface Variant {
  name: string;
  args: (rng: Rng) => Args;
  /** A well-formed call the kernel documents as refused (PageRank of no node): every backend must refuse it. */
  refused?: true;
}

/** One kernel's fuzz entry. */
export interface KernelCase {
  kernel: keyof SyncKernels;
  /** The argument names, in order (messages, and which argument a generic breakage hits). */
  params: readonly string[];
  /**
   * Valid calls (every backend must answer them, identically): each builds fresh arguments from a seeded source,
   * covering empty, one-element and small-but-several-blocks sizes.
   */
  variants: ReadonlyArray<Variant>;
  /** Breakages beyond the generic ones: ids and indices out of range, malformed structures, random bytes. */
  breakages?: readonly Breakage[];
  /** Relative tolerance between backends for float outputs (default 0: the same bits, NaN as NaN). */
  rtol?: number;
  /**
   * Blanks what a call that returned leaves undefined in its arrays (copies, in place), before any comparison: BFS's
   * `order` past the nodes it received, the CSV kernel's `out` when it hands the text back (result[0] = -1).
   */
  normalize?: (arrays: Array<ArrayLike<number | bigint> | undefined>, returned: unknown) => void;
}
