/**
 * tidy() and keep(): a scope that disposes the op results it does not return, as tfjs's tf.tidy, so that allocating
 * ops in a loop reuse their memory (result-memory.ts says why the collector alone cannot make that cheap).
 */
import { describe, typeError } from './errors';
import { closeScope, keepBlock, openScope } from './result-memory';
import { expectTensor, Tensor } from './tensor';

/**
 * Runs `fn` and disposes every op result of 64 KiB or more made while it ran, except those reachable from its return
 * value (a Tensor, a TypedArray, or arrays, Maps, Sets and objects holding them) and those passed to {@link keep}:
 * their memory goes straight to the next results of the same size, so
 * `for (...) tidy(() => consume(add(a, b)))` runs as fast as `add(a, b, { out })`. Scopes nest; what an inner scope
 * returns belongs to the outer one. A disposed result can no longer be used (ops on it throw `ERR_TRUENO_DETACHED`,
 * its kept `data` has zero elements), so a result stored elsewhere during the scope (an outer variable, a model's
 * private field) must be returned or kept. aprender's fit and partialFit run untracked, so a model fitted inside
 * tidy() keeps its state. Results smaller than 64 KiB
 * and tensors over the caller's own arrays are left to the garbage collector.
 * @param fn - a synchronous function (async ops finish after the scope, so a returned Promise is refused)
 * @returns what `fn` returned
 * @throws TypeError when `fn` is not a function or returns a Promise (nothing is disposed then); whatever `fn` threw
 *   (its results are disposed)
 * @example
 * const total = tidy(() => sum(mul(add(a, b), 2)));  // the two intermediate results are reused by later ops
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw typeError(`Expected a function for tidy fn but received ${describe(fn)}`);
  const scope = openScope();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    closeScope(scope, new Set());
    throw error;
  }
  if (isThenable(result)) {
    // Async kernels may still write their results: dispose nothing.
    closeScope(scope, undefined);
    throw typeError('Expected a synchronous function for tidy fn but received one that returned a Promise (await outside tidy, or use dispose())');
  }
  closeScope(scope, buffersIn(result));
  return result;
}

/**
 * Exempts a result from every enclosing {@link tidy} scope (an explicit `dispose()` still ends it).
 * @param tensor - the tensor to keep
 * @returns the same tensor
 * @throws TypeError for a non-tensor; TruenoError ERR_TRUENO_DETACHED for a disposed one
 * @example let best; tidy(() => { best = keep(matmul(x, w)); });
 */
export function keep<T extends Tensor>(tensor: T): T {
  const t = expectTensor(tensor, 'keep tensor');
  if (t.storage.device === 'host') keepBlock(t.data.buffer);
  return tensor;
}

function isThenable(value: unknown): boolean {
  return (typeof value === 'object' || typeof value === 'function') && value !== null &&
    typeof (value as { then?: unknown }).then === 'function';
}

/** The ArrayBuffers reachable from a scope's result through tensors, views and containers (own enumerable fields). */
function buffersIn(value: unknown): Set<ArrayBufferLike> {
  const found = new Set<ArrayBufferLike>();
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Tensor) {
      if (v.storage.device === 'host') found.add(v.data.buffer);
    } else if (ArrayBuffer.isView(v)) {
      found.add(v.buffer);
    } else if (v instanceof ArrayBuffer) {
      found.add(v);
    } else if (v instanceof Map) {
      for (const [k, x] of v) stack.push(k, x);
    } else if (v instanceof Set || Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else {
      for (const x of Object.values(v)) stack.push(x);
    }
  }
  return found;
}
