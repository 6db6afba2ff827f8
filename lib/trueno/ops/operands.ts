/** Shared plumbing of the ops: operand conversion to the compute dtype and validation of `out` tensors. */
import { allocate, bytesPerElement, viewOf, type ArrayForDType, type DType, type FloatArray, type FloatDType, type NumericArray } from '../dtype';
import { rangeError, typeError } from '../errors';
import { DTypeCode } from '../backend/kernels';
import { kernels } from '../backend/loader';
import { adviseLargeOutput } from '../backend/memory-advice';
import { adoptResult, POOLED_MIN_BYTES, takeReleased } from '../result-memory';
import { expectTensor, isUsableTensor, memorySpan, trustedTensor, type Tensor } from '../tensor';

/** Outputs of at least this many bytes hold whole 2 MiB huge pages, so they get the huge-page advice. */
const HUGE_PAGE_BYTES = 4 << 20;
const nodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow(size: number): Uint8Array } }).Buffer;

/**
 * Memory for an op's result, which its kernel overwrites completely. Small results are plain zeroed TypedArrays.
 * Large ones ({@link POOLED_MIN_BYTES} and more) reuse a block a disposed result gave back (result-memory.ts), else
 * are taken from the allocator without zero-filling (Node's Buffer.allocUnsafeSlow) - zeroing a fresh 40 MB array
 * costs more than adding two of them - and the largest are backed by huge pages where the native addon can ask for
 * them (memory-advice.ts); in browsers a zeroed TypedArray.
 */
export function allocateOutput<D extends DType>(dtype: D, length: number): ArrayForDType[D] {
  const bytes = length * bytesPerElement(dtype);
  if (bytes < POOLED_MIN_BYTES) return allocate(dtype, length);
  const reused = takeReleased(bytes);
  if (reused !== undefined) {
    adoptResult(reused, false);
    return viewOf(dtype, reused, 0, length);
  }
  if (!nodeBuffer) {
    const zeroed = allocate(dtype, length);
    adoptResult(zeroed.buffer as ArrayBuffer, true);
    return zeroed;
  }
  const memory = nodeBuffer.allocUnsafeSlow(bytes);
  if (bytes >= HUGE_PAGE_BYTES) adviseLargeOutput(memory.buffer as ArrayBuffer);
  adoptResult(memory.buffer as ArrayBuffer, true);
  return viewOf(dtype, memory.buffer, memory.byteOffset, length);
}

/** The elements of `t` as a `dtype` array: its own data when the dtype matches, else a converted copy (cast kernel). */
export function dataAs(t: Tensor, dtype: DType): NumericArray {
  if (t.dtype === dtype) return t.data;
  const out = allocateOutput(dtype, t.size);
  kernels().cast(t.data, out, DTypeCode[t.dtype], DTypeCode[dtype]);
  return out;
}

/** The elements of `t` as a float `dtype` array (see {@link dataAs}). */
export function floatData(t: Tensor, dtype: FloatDType): FloatArray {
  return dataAs(t, dtype) as FloatArray;
}

/** Validates an `out` tensor (dtype, shape, memory still there) or allocates a new one. */
export function outputTensor<D extends DType>(out: unknown, shape: readonly number[], dtype: D, op: string): Tensor<D> {
  if (out === undefined) return trustedTensor(allocateOutput(dtype, shape.reduce((a, b) => a * b, 1)), shape);
  const t = isUsableTensor(out) ? out : expectTensor(out, `${op} options.out`);
  if (t.dtype !== dtype) throw typeError(`Expected a ${dtype} tensor for ${op} options.out but received ${t.dtype}`);
  if (!sameShape(t.shape, shape)) {
    throw rangeError(`Expected shape [${shape.join(', ')}] for ${op} options.out but received [${t.shape.join(', ')}]`);
  }
  return t as Tensor<D>;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * The aliasing rule of every op with an `out` (one rule, so every backend gives the same answer): the result is as if
 * all inputs were read before `out` was written. `input` (the data of `from`, or a converted copy of it) is copied
 * first when it overlaps the caller's `out`, except when it is exactly `out` and the op is elementwise (`inPlace`):
 * then the kernel runs in place. Without a caller's `out` (a fresh result) nothing can overlap.
 */
export function readableInput<A extends NumericArray>(input: A, from: Tensor, out: Tensor | undefined, inPlace: boolean): A {
  if (out === undefined || input !== from.data) return input;
  const a = memorySpan(from);
  const b = memorySpan(out);
  if (a === undefined || b === undefined || a.buffer !== b.buffer || a.end <= b.start || b.end <= a.start) return input;
  return inPlace && a.start === b.start && a.end === b.end ? input : (input.slice() as A);
}
