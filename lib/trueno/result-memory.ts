/**
 * The memory of large op results, and the one place where it is reused (issue 7.8).
 *
 * A result of {@link POOLED_MIN_BYTES} or more comes from here (operands.ts allocateOutput). JS cannot learn that a
 * result died without the garbage collector, and V8 collects young ArrayBuffers only after 32 MB of them were made
 * (a scavenge per 40 MB add result, a mark-compact each ~64 MB of external memory), so the allocating form pays the
 * collector on every call. A result whose end the caller states - `tensor.dispose()`, or the end of a `tidy()` scope
 * that did not return it - gives its block back here at once, and the next result of the same byte size takes it,
 * as the `out` form would, with no new ArrayBuffer for V8 to count.
 *
 * Safety: a block is handed back by transferring its ArrayBuffer (ArrayBuffer.prototype.transfer, or structuredClone
 * with a transfer list where that is missing): the old ArrayBuffer is detached, so every tensor and TypedArray still
 * holding it (a kept `tensor.data`, a reshape view) sees zero elements - ops on them throw ERR_TRUENO_DETACHED - and
 * no result ever aliases memory that JS can still read. Only memory that allocateOutput made is ever handed back,
 * never a caller's own arrays. The blocks kept for reuse are bounded by {@link POOL_BYTES}: past it, the oldest
 * released blocks are left to the collector.
 */

/** Results of at least this many bytes come from the pool (smaller ones cost less to allocate than to track). */
export const POOLED_MIN_BYTES = 64 * 1024;
/** At most this many bytes of released blocks are kept for reuse (the native allocator's own reuse bound too). */
export const POOL_BYTES = 256 << 20;

/** Released blocks by byte length, ready for the next result of that size. */
const released = new Map<number, ArrayBuffer[]>();
/** The same blocks, oldest release first: the pool evicts from the front when a new block would pass its bound. */
const byAge = new Set<ArrayBuffer>();
let releasedBytes = 0;
/** ArrayBuffers that allocateOutput made (the only memory ever handed back). */
const owned = new WeakSet<ArrayBufferLike>();
/** Blocks that no tidy() scope releases (keep()). */
const kept = new WeakSet<ArrayBufferLike>();
/** The blocks made while each open tidy() scope ran, innermost last. */
const scopes: ArrayBuffer[][] = [];
const counters = { fresh: 0, reused: 0, released: 0, dropped: 0 };

type Transferable = ArrayBuffer & { transfer?: () => ArrayBuffer };
const clone = (globalThis as { structuredClone?: (v: unknown, o: { transfer: ArrayBuffer[] }) => unknown }).structuredClone;

/** Moves a block to a new ArrayBuffer, detaching the old one; undefined where the host cannot (then nothing is reused). */
function detach(buffer: Transferable): ArrayBuffer | undefined {
  if (typeof buffer.transfer === 'function') return buffer.transfer();
  return clone ? (clone(buffer, { transfer: [buffer] }) as ArrayBuffer) : undefined;
}

/**
 * A released block of exactly `bytes` bytes, or undefined when none is free (the caller then makes a fresh one).
 * @param bytes - the result's byte length
 */
export function takeReleased(bytes: number): ArrayBuffer | undefined {
  const list = released.get(bytes);
  const block = list?.pop();
  if (block === undefined) return undefined;
  byAge.delete(block);
  releasedBytes -= bytes;
  counters.reused++;
  return block;
}

/**
 * Records a block allocateOutput is about to hand out: it may later be released, and the innermost open tidy() scope
 * releases it when it ends unless returned or kept.
 * @param buffer - the result's ArrayBuffer
 * @param fresh - whether it was newly made (for the counters)
 */
export function adoptResult(buffer: ArrayBuffer, fresh: boolean): void {
  owned.add(buffer);
  if (fresh) counters.fresh++;
  scopes[scopes.length - 1]?.push(buffer);
}

/**
 * Hands `buffer` back for reuse when allocateOutput made it and it still holds its memory; detaches it (every view of
 * it then has zero elements). Other memory (a caller's arrays, small results) is left alone.
 * @param buffer - the ArrayBuffer of a tensor being disposed
 * @returns whether the block was taken back
 */
export function releaseResult(buffer: ArrayBufferLike): boolean {
  if (!owned.has(buffer) || buffer.byteLength === 0) return false;
  owned.delete(buffer);
  const bytes = buffer.byteLength;
  const block = detach(buffer as Transferable);
  if (block === undefined) return false;
  counters.released++;
  if (bytes > POOL_BYTES) {
    counters.dropped++;
    return true;
  }
  // The oldest blocks make room: sizes a program stopped using do not hold the pool forever.
  while (releasedBytes + bytes > POOL_BYTES) evictOldest();
  const list = released.get(bytes);
  if (list) list.push(block);
  else released.set(bytes, [block]);
  byAge.add(block);
  releasedBytes += bytes;
  return true;
}

function evictOldest(): void {
  const oldest = byAge.values().next().value as ArrayBuffer;
  byAge.delete(oldest);
  const list = released.get(oldest.byteLength) as ArrayBuffer[];
  list.splice(list.indexOf(oldest), 1);
  releasedBytes -= oldest.byteLength;
  counters.dropped++;
}

/**
 * Runs `fn` with no tidy() scope open, so the results it makes belong to whoever keeps them and no enclosing scope
 * releases them. Estimators fit through this: their fitted state is made of op results, and a `tidy()` around
 * `model.fit(...)` must not detach it (reads of a detached raw array give undefined, not an error).
 * @param fn - the work whose results outlive any enclosing scope
 * @returns what fn returns
 */
export function untracked<T>(fn: () => T): T {
  const saved = scopes.splice(0);
  try {
    return fn();
  } finally {
    scopes.push(...saved);
  }
}

/** Opens a tidy() scope: the blocks made until {@link closeScope} are collected in the returned list. */
export function openScope(): ArrayBuffer[] {
  const scope: ArrayBuffer[] = [];
  scopes.push(scope);
  return scope;
}

/**
 * Closes the innermost scope: releases its blocks except those in `keep` or marked by {@link keepBlock}, which move
 * to the enclosing scope (so an outer tidy() releases them when it ends without returning them).
 * @param scope - the list {@link openScope} returned
 * @param keep - the blocks reachable from the scope's result; undefined to release none (all move out)
 */
export function closeScope(scope: ArrayBuffer[], keep: ReadonlySet<ArrayBufferLike> | undefined): void {
  const top = scopes.pop();
  if (top !== scope) throw new Error('trueno internal error: tidy() scopes closed out of order');
  const outer = scopes[scopes.length - 1];
  for (const block of scope) {
    if (keep === undefined || keep.has(block) || kept.has(block)) outer?.push(block);
    else releaseResult(block);
  }
}

/**
 * Marks a block so that no tidy() scope releases it (an explicit dispose still does).
 * @param buffer - a tensor's ArrayBuffer
 */
export function keepBlock(buffer: ArrayBufferLike): void {
  kept.add(buffer);
}

/** What the pool did so far, and what it holds (for tests and diagnostics). */
export interface ResultMemoryStats {
  /** Large results given newly made memory. */
  fresh: number;
  /** Large results given a released block. */
  reused: number;
  /** Blocks handed back (dispose or the end of a tidy() scope). */
  released: number;
  /** Released blocks let go to the collector to keep the pool within its bound (the oldest first). */
  dropped: number;
  /** Released blocks waiting for reuse, and their bytes (at most {@link POOL_BYTES}). */
  blocks: number;
  bytes: number;
}

/** @returns the counters and the pool's current content */
export function resultMemoryStats(): ResultMemoryStats {
  let blocks = 0;
  for (const list of released.values()) blocks += list.length;
  return { ...counters, blocks, bytes: releasedBytes };
}
