/**
 * Raw-kernel fuzz entry of the CSV kernel (trueno.h: trueno_csv_numeric): random plain numeric CSV text (every column
 * type, comma / tab / semicolon / pipe, LF and CRLF, a last row with or without its line end, room for fewer rows than
 * the text has), then random bytes, flipped / inserted / deleted bytes, quotes, long digit runs, huge exponents,
 * blank lines, ragged rows and text cut mid-row. Every backend must read the same rows and values, or all hand the
 * text back (result[0] = -1), or all refuse the call with a coded error.
 */
import { DTypeCode } from '../../lib/trueno/backend/ops.generated';
import { csvFormatRowBound } from '../../lib/trueno/backend/reference-csv-format';
import type { Args, Breakage, KernelCase } from './kernel-case';
import { anywhere, splice, text } from './text-breakage';
import type { Rng } from './mutate';

const TYPES = [DTypeCode.float64, DTypeCode.float32, DTypeCode.int64, DTypeCode.int32];
const DELIMITERS = [44, 9, 59, 124];
const encoder = new TextEncoder();

/** One field of a column type: signs, decimals, exponents and int32 / int64 extremes included. */
function field(rng: Rng, type: number): string {
  if (type === DTypeCode.int32) return String(rng.pick([0, -1, 2147483647, -2147483648, rng.below(1000), -rng.below(100000)]));
  if (type === DTypeCode.int64) return rng.pick(['0', '-7', '999999999999999999', '-123456789012345678', String(rng.next()), `+${rng.below(50)}`]);
  const mantissa = `${rng.below(2) ? '-' : ''}${rng.below(100000)}${rng.below(2) ? `.${rng.below(1000)}` : ''}`;
  return rng.below(4) === 0 ? `${mantissa}e${rng.below(2) ? '-' : ''}${rng.below(40)}` : mantissa;
}

/** Random numeric CSV: rows x types.length fields. */
function csvText(rng: Rng, types: number[], rows: number, delimiter: number, crlf: boolean, lastEnd: boolean): Uint8Array {
  const lines = Array.from({ length: rows }, () => types.map((t) => field(rng, t)).join(String.fromCharCode(delimiter)));
  const end = crlf ? '\r\n' : '\n';
  return encoder.encode(lines.join(end) + (lastEnd && rows > 0 ? end : ''));
}

/** A valid call: [bytes, delimiter, final, types, capacity, out, result]. */
function call(rng: Rng, rows: number, width: number): Args {
  const types = Int32Array.from({ length: width }, () => rng.pick(TYPES));
  const delimiter = rng.pick(DELIMITERS), final = rng.below(2);
  const bytes = csvText(rng, [...types], rows, delimiter, rng.below(3) === 0, final === 0 || rng.below(2) === 0);
  const capacity = rng.below(4) === 0 ? Math.max(0, rows - 1 - rng.below(3)) : rows + rng.below(3);
  return [bytes, delimiter, final, types, capacity, new Uint8Array(width * capacity * 8), new Float64Array(2)];
}


/** Raw bit patterns of one column's values: every double and float (NaN payloads, subnormals, -0), int extremes. */
function columnBits(rng: Rng, type: number, rows: number, at: Uint8Array): void {
  const words = new Uint32Array(at.buffer, at.byteOffset, at.length / 4);
  const special = [0, 0x80000000, 0x7ff00000, 0xfff00000, 0x7ff80001, 0x00000001, 0x7fefffff, 0xffffffff, 0x7fffffff];
  for (let i = 0; i < words.length; i++) words[i] = rng.below(3) === 0 ? rng.pick(special) : rng.next();
  if (type === DTypeCode.float64 && rows > 0) new Float64Array(at.buffer, at.byteOffset, rows)[0] = rng.pick([0.1, 1e21, 5e-324, 123456789.5]);
}

/** A valid csvFormat call: [columns, types, rows, valid, delimiter, nullText, out, result]. */
function formatCall(rng: Rng, rows: number, width: number): Args {
  const types = Int32Array.from({ length: width }, () => rng.pick(TYPES));
  const columns = new Uint8Array(width * rows * 8);
  for (let c = 0; c < width; c++) columnBits(rng, types[c], rows, columns.subarray(c * rows * 8, (c + 1) * rows * 8));
  const valid = rng.below(2) ? Uint8Array.from({ length: width * rows }, () => (rng.below(4) ? 1 : 0)) : new Uint8Array(0);
  const nullText = encoder.encode(rng.pick(['', 'NA', 'null', '\\N', 'a null text longer than any number field']));
  return [columns, types, rows, valid, rng.pick(DELIMITERS), nullText, new Uint8Array(rows * csvFormatRowBound(types, valid.length > 0, nullText.length) + rng.below(5)),
    new Float64Array(1)];
}

/** The CSV kernels' entries. */
export const CSV_CASES: KernelCase[] = [
  {
    kernel: 'csvNumeric',
    params: ['bytes', 'delimiter', 'final', 'types', 'capacity', 'out', 'result'],
    variants: ([[0, 1], [1, 1], [3, 2], [40, 4], [300, 3]] as const).map(([rows, width]) => ({ name: `${rows} rows x ${width}`, args: (rng: Rng) => call(rng, rows, width) })),
    // `out` holds the rows read, each column packed from byte c x capacity x 8; the rest is not written (WASM copies
    // back its scratch), and when the kernel hands the text back (result[0] = -1) it is partly written
    normalize: (arrays) => {
      const rows = (arrays[6] as Float64Array)[0], types = arrays[3] as Int32Array, out = arrays[5] as Uint8Array;
      const capacity = out.length / (8 * types.length);
      if (rows < 0) arrays[5] = undefined;
      else {
        types.forEach((t, c) => out.fill(0, c * capacity * 8 + rows * (t === DTypeCode.int32 || t === DTypeCode.float32 ? 4 : 8), (c + 1) * capacity * 8));
      }
    },
    breakages: [
      text('random bytes', (b, rng) => Uint8Array.from({ length: b.length + rng.below(64) }, () => rng.below(256))),
      text('random bytes of digits, signs, dots, e and line ends', (b, rng) => Uint8Array.from({ length: b.length + 8 }, () => rng.pick([...encoder.encode('0123456789+-.eE,\t;|\n\r')]))),
      text('a byte flipped', (b, rng) => (b.length ? splice(b, rng.below(b.length), 1, Uint8Array.of(b[0] ^ (1 << rng.below(8)))) : b)),
      text('a byte deleted', (b, rng) => (b.length ? splice(b, rng.below(b.length), 1, '') : b)),
      text('a quote inserted', (b, rng) => splice(b, anywhere(b, rng), 0, '"')),
      text('a NUL inserted', (b, rng) => splice(b, anywhere(b, rng), 0, Uint8Array.of(0))),
      text('a 25-digit run inserted', (b, rng) => splice(b, anywhere(b, rng), 0, '1234567890123456789012345')),
      text('a huge exponent inserted', (b, rng) => splice(b, anywhere(b, rng), 0, 'e999999999')),
      text('a blank line inserted', (b, rng) => splice(b, anywhere(b, rng), 0, '\n\n')),
      text('a lone CR inserted', (b, rng) => splice(b, anywhere(b, rng), 0, '\r')),
      text('cut mid-row', (b, rng) => b.subarray(0, rng.below(b.length + 1))),
      text('a UTF-8 BOM in front', (b) => splice(b, 0, 0, Uint8Array.of(0xef, 0xbb, 0xbf))),
      { name: 'delimiter a digit', apply: (args) => void (args[1] = 48) },
      { name: 'delimiter LF', apply: (args) => void (args[1] = 10) },
      { name: 'delimiter 200 (not ASCII)', apply: (args) => void (args[1] = 200) },
      { name: 'delimiter a quote', apply: (args) => void (args[1] = 34) },
      { name: 'final 2', apply: (args) => void (args[2] = 2) },
      { name: 'types: an unknown code', apply: (args) => void ((args[3] as Int32Array)[0] = 99) },
      { name: 'types: uint8', apply: (args) => void ((args[3] as Int32Array)[0] = DTypeCode.uint8) },
      { name: 'capacity 2^53 (out too small)', apply: (args) => void (args[4] = 2 ** 53) },
    ],
  },
  {
    kernel: 'csvFormat',
    params: ['columns', 'types', 'rows', 'valid', 'delimiter', 'nullText', 'out', 'result'],
    variants: ([[0, 1], [1, 1], [3, 4], [40, 3], [700, 2]] as const).map(([rows, width]) => ({ name: `${rows} rows x ${width}`, args: (rng: Rng) => formatCall(rng, rows, width) })),
    // `out` past the bytes written (result[0]) is not written
    normalize: (arrays) => void (arrays[6] as Uint8Array).fill(0, (arrays[7] as Float64Array)[0]),
    breakages: [
      { name: 'types: an unknown code', apply: (args) => void ((args[1] as Int32Array)[0] = 99) },
      { name: 'types: uint8', apply: (args) => void ((args[1] as Int32Array)[0] = DTypeCode.uint8) },
      { name: 'types: -1', apply: (args) => void ((args[1] as Int32Array)[0] = -1) },
      { name: 'delimiter LF', apply: (args) => void (args[4] = 10) },
      { name: 'delimiter CR', apply: (args) => void (args[4] = 13) },
      { name: 'delimiter 200 (not ASCII)', apply: (args) => void (args[4] = 200) },
      { name: 'delimiter 0x10000', apply: (args) => void (args[4] = 0x10000) },
      { name: 'out one byte below the bound', apply: (args) => void (args[6] = new Uint8Array(Math.max(0, (args[2] as number) * csvFormatRowBound(args[1] as Int32Array, (args[3] as Uint8Array).length > 0, (args[5] as Uint8Array).length) - 1))) },
      { name: 'valid: every field null', apply: (args) => void (args[3] as Uint8Array).fill(0) },
      { name: 'valid: bytes 2 and 255 (not 0: valid)', apply: (args, rng) => void (args[3] as Uint8Array).forEach((_, i, v) => (v[i] = rng.pick([2, 255]))) },
      { name: 'valid: one row short', apply: (args) => void (args[3] = (args[3] as Uint8Array).slice(0, Math.max(0, (args[3] as Uint8Array).length - 1))) },
      { name: 'nullText longer than out allows', apply: (args) => void (args[5] = new Uint8Array(4096).fill(120)) },
      { name: 'rows one more than the columns hold', apply: (args) => void (args[2] = (args[2] as number) + 1) },
      { name: 'rows 2^53 - 1', apply: (args) => void (args[2] = 2 ** 53 - 1) },
      { name: 'rows 2^40 (columns too small, bound overflows int32)', apply: (args) => void (args[2] = 2 ** 40) },
    ],
  },
];
