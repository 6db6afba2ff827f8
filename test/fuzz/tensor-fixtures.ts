/** The inputs the Tensor abuse cases share: IEEE edge values, and tensors over detached, shrunk or short buffers. */
import type * as Trueno from '../../lib/trueno';
import type { Plain } from './tensor-cases';

type T = typeof Trueno;
type Tensor = Trueno.Tensor;

/** Values with every IEEE edge: NaN, both infinities, both zeros, tiny and huge. */
export const EDGES = [NaN, Infinity, -Infinity, 0, -0, 1e-300, -1e300, 1, -1, 100, -100, 0.5];

export const tensorOf = (values: number[], shape: number[], dtype = 'float64'): Plain => ({ dtype, shape, values });

export function f64(t: T, values: number[], shape = [values.length]): Tensor {
  return t.Tensor.from(Float64Array.from(values), shape);
}

/** Transfers a tensor's buffer away (as postMessage would): the tensor's data is then detached, length 0. */
export function detach(x: Tensor): Tensor {
  structuredClone(x.data.buffer, { transfer: [x.data.buffer as ArrayBuffer] });
  return x;
}

/** ES2024's resizable ArrayBuffer (Node 20 has it; the project compiles against ES2022's types). */
export type Resizable = ArrayBuffer & { resize(byteLength: number): void };
export const ResizableBuffer = ArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => Resizable;

/** A tensor over a resizable buffer that is then shrunk below the tensor's size. */
export function shrunk(t: T, values: number[]): Tensor {
  const buffer = new ResizableBuffer(values.length * 8, { maxByteLength: values.length * 8 });
  const data = new Float64Array(buffer);
  data.set(values);
  const x = t.Tensor.from(data, [values.length]);
  buffer.resize(8);
  return x;
}

/** `new Tensor` (documented as unvalidated) with a shape larger than its data. */
export function overstated(t: T, values: number[], shape: number[]): Tensor {
  return new t.Tensor(Float64Array.from(values), shape);
}

