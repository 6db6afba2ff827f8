/**
 * The CSV tokenizer: one pass over the bytes that records where each field starts and ends, without making strings.
 * Values are converted later, column by column, straight from the bytes (csv-columns.ts). Hand-written because the
 * CSV libraries measured here (papaparse, udsv, csv-parse) build a string per field and parse at 0.1-0.15x pyarrow.csv,
 * under the 0.3x target (docs/decisions.md). RFC 4180: fields may be quoted, a quote inside is doubled, quoted fields
 * may hold delimiters and newlines; CRLF and LF line ends; blank lines are skipped (as pyarrow does).
 */
import { CsvParseError } from '../../errors';

const LF = 10;
const CR = 13;

/** Where the fields of a run of complete rows lie in the bytes. */
export interface Tokens {
  /** Field k spans bytes [starts[k], ends[k]); for a quoted field, without its quotes. */
  starts: Int32Array;
  ends: Int32Array;
  /** 0 plain, 1 quoted, 2 quoted with doubled quotes inside (the value needs unescaping). */
  quoting: Uint8Array;
  /** Complete rows found. */
  rows: number;
  /** Fields per row. */
  width: number;
  /** 1-based line where each row starts, for error messages. */
  rowLines: Int32Array;
  /** Offset just past the last complete row: the caller carries the rest over to the next chunk. */
  consumed: number;
  /** Line number at `consumed`. */
  nextLine: number;
}

/** What a tokenizer call needs to know. */
export interface TokenizeRequest {
  bytes: Uint8Array;
  from: number;
  to: number;
  delimiter: number;
  quote: number;
  /** Fields per row, or -1 when unknown (the first row sets it). */
  width: number;
  /** Stop after this many rows. */
  maxRows: number;
  /** True when no more bytes follow `to`: a last row without a line end is complete, an open quote is an error. */
  final: boolean;
  /** 1-based line number of `from`. */
  line: number;
}

/**
 * Finds the fields of complete rows in bytes[from, to).
 * @param req - the bytes and dialect
 * @returns the fields; rows cut off by the end of a non-final chunk are left out (see `consumed`)
 * @throws CsvParseError for a row with the wrong number of fields, an unterminated quote, or text after a closing quote
 */
export function tokenize(req: TokenizeRequest): Tokens {
  const { bytes, to, delimiter, quote, maxRows, final } = req;
  let width = req.width;
  let capacity = Math.max(16, (width > 0 ? width : 16) * Math.min(maxRows, 1 << 16));
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let quoting = new Uint8Array(capacity);
  let rowLines = new Int32Array(Math.min(maxRows, 1 << 16));
  let nf = 0;
  let rows = 0;
  let i = req.from;
  let line = req.line;
  let consumed = i;
  let consumedLine = line;

  rowLoop: while (rows < maxRows && i < to) {
    const c0 = bytes[i];
    if (c0 === LF || c0 === CR) {
      if (c0 === CR && i + 1 >= to && !final) break;
      i += c0 === CR && bytes[i + 1] === LF ? 2 : 1;
      line++;
      consumed = i;
      consumedLine = line;
      continue;
    }
    const rowStartField = nf;
    const rowLine = line;
    for (;;) {
      if (nf === capacity) {
        capacity *= 2;
        starts = grow(starts, capacity);
        ends = grow(ends, capacity);
        quoting = grow(quoting, capacity);
      }
      let s = i;
      let e = i;
      let q = 0;
      if (bytes[i] === quote) {
        q = 1;
        s = ++i;
        for (;;) {
          const j = bytes.indexOf(quote, i);
          if (j < 0 || j >= to) {
            if (final) throw new CsvParseError('Expected a closing quote for a quoted field but reached the end of the file', rowLine);
            break rowLoop;
          }
          for (let k = i; k < j; k++) if (bytes[k] === LF) line++;
          if (j + 1 >= to && !final) break rowLoop;
          if (bytes[j + 1] === quote) {
            q = 2;
            i = j + 2;
            continue;
          }
          e = j;
          i = j + 1;
          break;
        }
        if (i < to) {
          const c = bytes[i];
          if (c !== delimiter && c !== LF && c !== CR) {
            throw new CsvParseError(`Expected a delimiter or line end after a closing quote but received '${String.fromCharCode(c)}'`, line);
          }
        }
      } else {
        while (i < to) {
          const c = bytes[i];
          if (c === delimiter || c === LF || c === CR) break;
          i++;
        }
        e = i;
      }
      starts[nf] = s;
      ends[nf] = e;
      quoting[nf] = q;
      nf++;
      if (i >= to) {
        if (!final) break rowLoop;
        break;
      }
      const c = bytes[i];
      if (c === delimiter) {
        i++;
        if (i >= to && !final) break rowLoop;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= to && !final) break rowLoop;
        i += bytes[i + 1] === LF ? 2 : 1;
      } else {
        i++;
      }
      line++;
      break;
    }
    const got = nf - rowStartField;
    if (width < 0) width = got;
    else if (got !== width) throw new CsvParseError(`Expected ${width} fields in a row but received ${got}`, rowLine);
    if (rows === rowLines.length) rowLines = grow(rowLines, rowLines.length * 2);
    rowLines[rows++] = rowLine;
    consumed = i;
    consumedLine = line;
  }
  const kept = rows * Math.max(width, 0);
  return {
    starts: starts.subarray(0, kept), ends: ends.subarray(0, kept), quoting: quoting.subarray(0, kept), rows, width,
    rowLines: rowLines.subarray(0, rows), consumed, nextLine: consumedLine,
  };
}

function grow<T extends Int32Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
