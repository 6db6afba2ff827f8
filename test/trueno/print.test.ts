/** Tensor printing: String(tensor) and util.inspect (console.log) against numpy's str() of the same arrays. */
import { format, inspect } from 'node:util';
import { Tensor } from '../../lib/trueno';
import type { DType } from '../../lib/trueno';
import fixture from './print-numpy.json';

interface Case { name: string; dtype: DType; shape: number[]; values: (number | string | null)[]; special: (string | null)[]; text: string }

/** The fixture's tensor: int64 values come as decimal strings, NaN and infinities as names (JSON has neither). */
function tensorOf(c: Case): Tensor {
  const special: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity };
  const values = c.values.map((v, i) => (c.special[i] !== null ? special[c.special[i]!] : c.dtype === 'int64' ? BigInt(v as string) : (v as number)));
  if (c.dtype === 'float32') return new Tensor(Float32Array.from(values as number[]), c.shape);
  if (c.dtype === 'int64') return new Tensor(BigInt64Array.from(values as bigint[]), c.shape);
  return Tensor.from(c.dtype === 'bool' ? Uint8Array.from(values as number[]) : (values as number[]), undefined, c.dtype === 'bool' ? undefined : c.dtype).reshape(c.shape) as Tensor;
}

describe('printing a tensor as numpy does', () => {
  test.each((fixture.cases as Case[]).map((c) => [c.name, c]))('%s', (_name, c) => {
    const t = c.dtype === 'bool' ? new Tensor(Uint8Array.from(c.values as number[]), c.shape, 'bool') : tensorOf(c);
    expect(t.dtype).toBe(c.dtype);
    const expected = `Tensor(${c.dtype}, [${c.shape.join(', ')}])\n${c.text}`;
    expect(String(t)).toBe(expected);
    expect(inspect(t)).toBe(expected);
  });

  test('a small float64 tensor, written out', () => {
    expect(String(Tensor.from([[1, 2], [3, 4.5]]))).toBe('Tensor(float64, [2, 2])\n[[1.  2. ]\n [3.  4.5]]');
  });

  test('console.log formats through util.inspect.custom', () => {
    // console.log writes util.format(...args); jest's console wraps the line, so check the formatting it uses.
    expect(format(Tensor.from([1, 0], undefined, 'uint8'))).toBe('Tensor(uint8, [2])\n[1 0]');
    expect(format({ t: Tensor.from([1.5]) })).toContain('Tensor(float64, [1])');
  });

  test('a tensor whose memory was detached prints its header and <detached>', () => {
    const data = new Float64Array(4);
    const t = new Tensor(data, [4]);
    structuredClone(data.buffer, { transfer: [data.buffer] });
    expect(String(t)).toBe('Tensor(float64, [4])\n<detached>');
  });

  test('the printer has no top-level Node import (it also runs in browsers)', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const src = fs.readFileSync(require.resolve('../../lib/trueno/print.ts'), 'utf8') + fs.readFileSync(require.resolve('../../lib/trueno/tensor.ts'), 'utf8');
    expect(src).not.toMatch(/from 'node:|require\('node:|from 'util'/);
  });
});
