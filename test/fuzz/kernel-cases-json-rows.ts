/**
 * Raw-kernel fuzz entry of the JSON rows kernel (trueno.h: trueno_json_rows): random rows of numbers as JSON writes
 * them (every width, 17-digit and exponent forms, whitespace, a short out, a tight maxRows, text after the rows), then
 * random bytes, flipped / inserted / deleted bytes, NaN / Infinity / null / string cells, long digit runs, huge
 * exponents, deep nesting, ragged rows and text cut anywhere. Every backend must read the same rows and values, or
 * all give up at the same row, column and byte (result[0] = -1), or all refuse the call with a coded error.
 */
import type { Args, KernelCase } from './kernel-case';
import { anywhere, splice, text } from './text-breakage';
import type { Rng } from './mutate';

const encoder = new TextEncoder();

/** One number as JSON may write it: integers, decimals, 17-digit doubles, exponents, -0. */
function cell(rng: Rng): string {
  const v = (rng.next() / 2 ** 32 - 0.5) * 10 ** (rng.below(40) - 20);
  switch (rng.below(6)) {
    case 0: return String(rng.below(100000) - 50000);
    case 1: return JSON.stringify(v);
    case 2: return v.toExponential(rng.below(17));
    case 3: return v.toPrecision(17);
    case 4: return rng.pick(['0', '-0', '0.5', '1e22', '1E-7', '100.000', '123456789012345678e-5']);
    default: return v.toFixed(rng.below(10));
  }
}

const SPACES = ['', ' ', '\n', '\t', '\r\n  '];

/** A valid call: [bytes, maxRows, out, result]. */
function call(rng: Rng, rows: number, width: number): Args {
  const ws = rng.pick(SPACES);
  const text = `[${ws}${Array.from({ length: rows }, () => `[${Array.from({ length: width }, () => cell(rng)).join(`,${ws}`)}]`).join(`,${ws}`)}${ws}]`;
  const tail = rng.below(3) === 0 ? ', "proba": true}' : '';
  const values = rows * width;
  const capacity = rng.below(4) === 0 ? Math.max(0, values - 1 - rng.below(3)) : values + rng.below(3);
  const maxRows = rng.below(5) === 0 ? Math.max(0, rows - 1) : rows + rng.below(3);
  return [encoder.encode(text + tail), maxRows, new Float64Array(capacity), new Float64Array(4)];
}

const inserted = (name: string, what: string) => text(`${name} inserted`, (b, rng) => splice(b, anywhere(b, rng), 0, what));

/** The JSON rows kernel's entry. */
export const JSON_ROWS_CASES: KernelCase[] = [
  {
    kernel: 'jsonRows',
    params: ['bytes', 'maxRows', 'out', 'result'],
    variants: ([[1, 0], [1, 1], [3, 2], [40, 5], [300, 20]] as const).map(([rows, width]) => ({ name: `${rows} rows x ${width}`, args: (rng: Rng) => call(rng, rows, width) })),
    // out holds the values read (at most its length); past them, and all of it on a give-up, it is not defined
    normalize: (arrays) => {
      const result = arrays[3] as Float64Array, out = arrays[2] as Float64Array;
      if (result[0] < 0) arrays[2] = undefined;
      else out.fill(0, Math.min(result[3], out.length));
    },
    breakages: [
      text('random bytes', (b, rng) => Uint8Array.from({ length: b.length + rng.below(64) }, () => rng.below(256))),
      text('random bytes of JSON number and structure characters', (b, rng) => Uint8Array.from({ length: b.length + 8 }, () => rng.pick([...encoder.encode('0123456789+-.eE,[] \n')]))),
      text('a byte flipped', (b, rng) => (b.length ? splice(b, rng.below(b.length), 1, Uint8Array.of(b[0] ^ (1 << rng.below(8)))) : b)),
      text('a byte deleted', (b, rng) => (b.length ? splice(b, rng.below(b.length), 1, '') : b)),
      text('cut anywhere', (b, rng) => b.subarray(0, rng.below(b.length + 1))),
      inserted('NaN', 'NaN,'),
      inserted('Infinity', '-Infinity,'),
      inserted('a null', 'null,'),
      inserted('a string', '"1.5",'),
      inserted('a nested array', '[1],'),
      inserted('a NUL', '\u0000'),
      inserted('a 25-digit run', '1234567890123456789012345'),
      inserted('a huge exponent', 'e999999999'),
      inserted('a 2,000-digit number', `${'7'.repeat(2000)},`),
      inserted('a ragged row', '[1, 2, 3],'),
      text('deep nesting in front', (b) => splice(b, 0, 0, '['.repeat(5000))),
      text('a UTF-8 BOM in front', (b) => splice(b, 0, 0, Uint8Array.of(0xef, 0xbb, 0xbf))),
      { name: 'maxRows 0', apply: (args) => void (args[1] = 0) },
      { name: 'maxRows 2^53 - 1', apply: (args) => void (args[1] = Number.MAX_SAFE_INTEGER) },
      { name: 'out empty', apply: (args) => void (args[2] = new Float64Array(0)) },
    ],
  },
];
