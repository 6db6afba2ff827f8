/**
 * numpy-style text for tensors: the body of `str(np.array(...))` (numpy 2 defaults: precision 8, threshold 1000
 * elements, 3 edge items, line width 75). Plain TypeScript with no Node imports, so it works in browsers too.
 */
import type { DType, TensorData } from './dtype';

/** numpy's print options that the printer follows. */
const PRECISION = 8;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 75;

/** A finite float as its shortest round-trip decimal digits: value = 0.digits × 10^point (digits without zeros at the end). */
interface Digits {
  negative: boolean;
  digits: string;
  point: number;
}

/** Decimal digits of an exponential string like '-1.25e-7'. */
function parseExponential(s: string): Digits {
  const negative = s.startsWith('-');
  const [mant, exp] = (negative ? s.slice(1) : s).split('e');
  let digits = mant.replace('.', '');
  let point = Number(exp) + 1;
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead).replace(/0+$/, '');
  point -= lead;
  if (digits === '') return { negative, digits: '', point: 0 };
  return { negative, digits, point };
}

/** Whether an exact digit string (toFixed/toExponential with 100 digits) has a 5 at `at` and only zeros after it. */
function halfwayAt(exact: string, at: number): boolean {
  return exact[at] === '5' && /^0*$/.test(exact.slice(at + 1));
}

/**
 * x.toExponential(digits), except that an x exactly halfway between two candidates goes to the even last digit, as
 * numpy's Dragon4 rounds (toExponential rounds such ties away from zero). toExponential(100) is exact for any double.
 */
function toExponentialEven(x: number, digits: number): string {
  const s = x.toExponential(digits);
  const [m, e] = x.toExponential(100).split('e');
  const at = m.indexOf('.') + 1 + digits;
  if (!halfwayAt(m, at)) return s;
  const down = m.slice(0, at).replace(/\.$/, '');
  return Number(down.slice(-1)) % 2 === 0 ? `${down}e${e}` : s;
}

/** x.toFixed(digits) with ties to the even last digit (as {@link toExponentialEven}; x below 1e21). */
function toFixedEven(x: number, digits: number): string {
  const s = x.toFixed(digits);
  const exact = x.toFixed(100);
  const at = exact.indexOf('.') + 1 + digits;
  if (!halfwayAt(exact, at)) return s;
  const down = exact.slice(0, at).replace(/\.$/, '');
  return Number(down.slice(-1)) % 2 === 0 ? down : s;
}

/** The shortest digits that read back as `x` in its dtype (float32 values round-trip through Math.fround). */
function shortest(x: number, dtype: DType): Digits {
  if (dtype === 'float32') {
    for (let p = 1; p <= 9; p++) {
      const s = toExponentialEven(x, p - 1);
      if (Math.fround(Number(s)) !== x) continue;
      return { ...parseExponential(s), negative: x < 0 || Object.is(x, -0) };
    }
  }
  return { ...parseExponential(x.toExponential()), negative: x < 0 || Object.is(x, -0) };
}

/** `x` positional, at most PRECISION fractional digits (the exact value rounded past the shortest digits). */
function positional(x: number, dtype: DType): { int: string; frac: string } {
  const d = shortest(x, dtype);
  const sign = d.negative ? '-' : '';
  if (d.digits.length - d.point > PRECISION) {
    const [i, f = ''] = toFixedEven(Math.abs(x), PRECISION).split('.');
    return { int: sign + i, frac: f.replace(/0+$/, '') };
  }
  if (d.digits === '') return { int: sign + '0', frac: '' };
  const int = d.point <= 0 ? '0' : d.digits.slice(0, d.point).padEnd(d.point, '0');
  const frac = d.point >= d.digits.length ? '' : '0'.repeat(Math.max(0, -d.point)) + d.digits.slice(Math.max(0, d.point));
  return { int: sign + int, frac };
}

/** `x` in scientific notation with at most PRECISION fractional mantissa digits: mantissa parts and exponent. */
function scientific(x: number, dtype: DType): { int: string; frac: string; exp: number } {
  let d = shortest(x, dtype);
  if (d.digits.length > PRECISION + 1) d = { ...parseExponential(toExponentialEven(x, PRECISION)), negative: d.negative };
  const sign = d.negative ? '-' : '';
  if (d.digits === '') return { int: sign + '0', frac: '', exp: 0 };
  return { int: sign + d.digits[0], frac: d.digits.slice(1), exp: d.point - 1 };
}

/** Builds the element formatter for the shown elements, as numpy's FloatingFormat / IntegerFormat / BoolFormat do. */
function formatter(values: (number | bigint)[], dtype: DType): (v: number | bigint) => string {
  if (dtype === 'bool') return (v) => (v ? ' True' : 'False');
  if (dtype !== 'float32' && dtype !== 'float64') {
    const width = Math.max(0, ...values.map((v) => String(v).length));
    return (v) => String(v).padStart(width);
  }
  const nums = values as number[];
  const finite = nums.filter(Number.isFinite);
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let exp = false;
  if (nonZero.length > 0) {
    const max = Math.max(...nonZero);
    const min = Math.min(...nonZero);
    // numpy 2.3+: the large cutoff is 10^min(8, decimal precision of the dtype): 1e6 for float32, 1e8 for float64.
    exp = max >= (dtype === 'float32' ? 1e6 : 1e8) || min < 1e-4 || max / min > 1e3;
  }
  let padLeft = 0;
  let padRight = 0;
  let format: (v: number) => string = () => '';
  if (finite.length > 0 && exp) {
    const parts = finite.map((v) => scientific(v, dtype));
    const expSize = Math.max(...parts.map((p) => String(Math.abs(p.exp)).padStart(2, '0').length));
    const precision = Math.max(...parts.map((p) => p.frac.length));
    padLeft = Math.max(...parts.map((p) => p.int.length));
    padRight = expSize + 2 + precision;
    format = (v) => {
      let p = scientific(v, dtype);
      // numpy pads the mantissa with the value's own next digits (exact value rounded), not zeros: they differ for
      // float32, whose shortest digits stop well before its exact binary value does.
      if (p.frac.length < precision) p = { ...p, frac: toExponentialEven(Math.abs(v), precision).split('e')[0].split('.')[1] ?? '' };
      return `${p.int.padStart(padLeft)}.${p.frac.padEnd(precision, '0')}e${p.exp < 0 ? '-' : '+'}${String(Math.abs(p.exp)).padStart(expSize, '0')}`;
    };
  } else if (finite.length > 0) {
    const parts = finite.map((v) => positional(v, dtype));
    padLeft = Math.max(...parts.map((p) => p.int.length));
    padRight = Math.max(...parts.map((p) => p.frac.length));
    format = (v) => {
      const p = positional(v, dtype);
      return `${p.int.padStart(padLeft)}.${p.frac.padEnd(padRight)}`;
    };
  }
  if (finite.length !== nums.length) {
    const negInf = nums.some((v) => v === -Infinity) ? 1 : 0;
    padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + negInf - (padRight + 1));
  }
  return (v) => {
    const x = v as number;
    if (Number.isFinite(x)) return format(x);
    const text = Number.isNaN(x) ? 'nan' : x < 0 ? '-inf' : 'inf';
    return text.padStart(padLeft + padRight + 1);
  };
}

/** numpy's scalar str: shortest round-trip digits, positional for 1e-4 <= |x| < 1e16 (1e6 for float32), else scientific. */
function scalarText(v: number | bigint, dtype: DType): string {
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (typeof v === 'bigint' || (dtype !== 'float32' && dtype !== 'float64')) return String(v);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v < 0 ? '-inf' : 'inf';
  const a = Math.abs(v);
  if (a === 0 || (a >= 1e-4 && a < (dtype === 'float32' ? 1e6 : 1e16))) {
    // A scalar prints all its shortest digits (no 8-digit cut) and '.0' for whole numbers, as Python's float repr.
    const d = shortest(v, dtype);
    const int = d.point <= 0 ? '0' : d.digits.slice(0, d.point).padEnd(d.point, '0');
    const frac = d.point >= d.digits.length ? '0' : '0'.repeat(Math.max(0, -d.point)) + d.digits.slice(Math.max(0, d.point));
    return `${d.negative ? '-' : ''}${int}.${frac}`;
  }
  const d = shortest(v, dtype);
  const e = d.point - 1;
  return `${d.negative ? '-' : ''}${d.digits[0]}${d.digits.length > 1 ? '.' + d.digits.slice(1) : ''}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/**
 * The values of a tensor as numpy's `str()` prints an array: nested brackets per dimension, columns aligned, and past
 * 1000 elements only the first and last 3 entries of each dimension with `...` between.
 * @param data - the elements, row-major
 * @param shape - the dimensions
 * @param dtype - the element type (decides number formatting)
 * @returns the text (several lines for 2-d and up)
 * @example formatValues(new Float64Array([1, 2.5]), [2], 'float64') // '[1.  2.5]'
 */
export function formatValues(data: TensorData, shape: readonly number[], dtype: DType): string {
  if (shape.length === 0) return scalarText(data[0], dtype);
  const size = data.length;
  if (size === 0) return '[]';
  const summarize = size > THRESHOLD;
  const strides = new Array<number>(shape.length);
  for (let k = shape.length - 1, s = 1; k >= 0; k--) {
    strides[k] = s;
    s *= shape[k];
  }
  // The positions shown along each axis, or -1 where the '...' goes.
  const shown = (n: number): number[] => {
    if (!summarize || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
    const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
    return [...head, -1, ...head.map((i) => n - EDGE_ITEMS + i)];
  };
  // Widths come from the shown elements only, as numpy formats the summarized array.
  const values: (number | bigint)[] = [];
  const collect = (axis: number, offset: number): void => {
    for (const i of shown(shape[axis])) {
      if (i < 0) continue;
      if (axis === shape.length - 1) values.push(data[offset + i]);
      else collect(axis + 1, offset + i * strides[axis]);
    }
  };
  collect(0, 0);
  const fmt = formatter(values, dtype);
  const recurse = (axis: number, offset: number, hanging: string, width: number): string => {
    const axesLeft = shape.length - axis;
    const nextHanging = hanging + ' ';
    const nextWidth = width - 1;
    const items = shown(shape[axis]);
    let s = '';
    if (axesLeft === 1) {
      const elemWidth = width - 1;
      let line = hanging;
      items.forEach((i, k) => {
        const word = i < 0 ? '...' : fmt(data[offset + i]);
        if (line.length + word.length > elemWidth && line.length > hanging.length) {
          s += line.trimEnd() + '\n';
          line = hanging;
        }
        line += word;
        if (k < items.length - 1) line += ' ';
      });
      s += line;
    } else {
      const sep = '\n'.repeat(axesLeft - 1);
      items.forEach((i, k) => {
        const nested = i < 0 ? '...' : recurse(axis + 1, offset + i * strides[axis], nextHanging, nextWidth);
        s += hanging + nested + (k < items.length - 1 ? sep : '');
      });
    }
    return '[' + s.slice(hanging.length) + ']';
  };
  return recurse(0, 0, ' ', LINE_WIDTH);
}
