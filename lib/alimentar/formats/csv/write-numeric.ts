/**
 * The CSV writer's fast path for batches whose columns are all numbers: trueno's CSV writing kernel (trueno.h:
 * trueno_csv_format) formats the rows straight into the output buffer, on every core with the native backend, with
 * the very text `String(value)` gives (shortest round-trip doubles), so the bytes are those of the per-cell path.
 * Columns are packed a run of rows at a time into one scratch buffer (the layout the kernel reads), so memory stays
 * at one run's worth, not a copy of the table.
 */
import { Type, type DataType, type Int, type RecordBatch } from 'apache-arrow';
import { kernels } from '../../../trueno/backend/loader';
import { DTypeCode } from '../../../trueno/backend/kernels';
import { csvFormat, csvFormatRowBound } from '../../../trueno/backend/reference-csv-format';
import type { ByteWriter } from '../byte-writer';

/** The most output bytes one kernel call may need: bounds the run of rows packed at a time. */
const RUN_BYTES = 1 << 22;
const MAX_RUN_ROWS = 1 << 16;
/** The output is sized for the rest of the table at this many times the first run's bytes per row. */
const ESTIMATE_SLACK = 1.05;

type Packable = Float64Array | Float32Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint16Array | Uint8Array | Uint32Array;

/** One column as the kernel takes it: its values, the packed type they are copied into, and its validity bitmap. */
interface NumericColumn {
  values: Packable;
  code: number;
  /** The Arrow validity bitmap and the column's offset into it, when the column holds nulls. */
  nulls?: { bitmap: Uint8Array; offset: number };
}

/**
 * The packed type of a column's values: int32 for narrower integers (copied with widening), float64 for uint32 (exact,
 * and String() of the number prints the same digits); undefined for what the kernel does not take (uint64, float16,
 * dates, decimals, text).
 */
function packedCode(type: DataType, values: unknown): number | undefined {
  if (type.typeId === Type.Float) {
    if (values instanceof Float64Array) return DTypeCode.float64;
    return values instanceof Float32Array ? DTypeCode.float32 : undefined; // float16 stays with the per-cell path
  }
  if (type.typeId !== Type.Int || !ArrayBuffer.isView(values)) return undefined;
  // the values array must be one value per element (the bit width of the type), as this apache-arrow lays them out
  if ((type as Int).bitWidth !== 8 * (values as unknown as Int8Array).BYTES_PER_ELEMENT) return undefined;
  if (values instanceof Uint32Array) return DTypeCode.float64;
  if (values instanceof BigInt64Array) return DTypeCode.int64;
  if (values instanceof Int32Array || values instanceof Int16Array || values instanceof Int8Array
    || values instanceof Uint16Array || values instanceof Uint8Array) return DTypeCode.int32;
  return undefined;
}

function numericColumns(batch: RecordBatch): NumericColumn[] | undefined {
  const columns: NumericColumn[] = [];
  for (let c = 0; c < batch.numCols; c++) {
    const vector = batch.getChildAt(c)!;
    if (vector.data.length !== 1) return undefined;
    const data = vector.data[0];
    const code = packedCode(data.type, data.values);
    if (code === undefined) return undefined;
    let nulls: NumericColumn['nulls'];
    if (data.nullCount > 0) {
      if (!data.nullBitmap) return undefined;
      nulls = { bitmap: data.nullBitmap, offset: data.offset };
    }
    columns.push({ values: data.values as Packable, code, nulls });
  }
  return columns.length > 0 ? columns : undefined;
}

/** Copies rows [r0, r0 + n) of every column into the kernel's packed layout (column c from byte c * n * 8). */
function pack(columns: NumericColumn[], r0: number, n: number, scratch: ArrayBuffer): Uint8Array {
  columns.forEach((col, c) => {
    const Packed = col.code === DTypeCode.float64 ? Float64Array : col.code === DTypeCode.float32 ? Float32Array
      : col.code === DTypeCode.int64 ? BigInt64Array : Int32Array;
    // the typed-array copy converts (Int16 -> Int32, Uint32 -> Float64) exactly
    (new Packed(scratch, c * n * 8, n) as Packable).set(col.values.subarray(r0, r0 + n) as never);
  });
  return new Uint8Array(scratch, 0, columns.length * n * 8);
}

/** The kernel's validity mask of rows [r0, r0 + n): 1 for a value, 0 for a null, column-major. */
function validity(columns: NumericColumn[], r0: number, n: number, mask: Uint8Array): Uint8Array {
  columns.forEach((col, c) => {
    const row = mask.subarray(c * n, (c + 1) * n);
    if (!col.nulls) {
      row.fill(1);
      return;
    }
    const { bitmap, offset } = col.nulls;
    for (let r = 0; r < n; r++) {
      const bit = offset + r0 + r;
      row[r] = (bitmap[bit >> 3] >> (bit & 7)) & 1;
    }
  });
  return mask.subarray(0, columns.length * n);
}

/** The kernel of the loaded backend, or the plain-JS reference where no backend can load (it needs none). */
function kernel(): typeof csvFormat {
  try {
    return kernels().csvFormat;
  } catch {
    return csvFormat;
  }
}

/**
 * Writes a batch's rows as CSV when every column is numeric (ints, floats; with nulls or not), else writes nothing.
 * @param out - the output
 * @param batch - the rows
 * @param delimiter - the field separator's code
 * @param nullText - the bytes of a null
 * @param rowsAfter - rows of the table after this batch (the output is sized for them too)
 * @returns whether the batch was written
 */
export function writeNumericBatch(out: ByteWriter, batch: RecordBatch, delimiter: number, nullText: Uint8Array, rowsAfter = 0): boolean {
  const columns = numericColumns(batch);
  if (columns === undefined) return false;
  const format = kernel();
  const types = Int32Array.from(columns, (c) => c.code);
  const withNulls = columns.some((c) => c.nulls !== undefined);
  const rowBound = csvFormatRowBound(types, withNulls, nullText.length);
  const runRows = Math.max(1, Math.min(MAX_RUN_ROWS, batch.numRows, Math.floor(RUN_BYTES / rowBound)));
  const scratch = new ArrayBuffer(columns.length * runRows * 8);
  const mask = new Uint8Array(withNulls ? columns.length * runRows : 0);
  const result = new Float64Array(1);
  for (let r0 = 0; r0 < batch.numRows; r0 += runRows) {
    const n = Math.min(runRows, batch.numRows - r0);
    const region = out.reserve(n * rowBound);
    format(pack(columns, r0, n, scratch), types, n, withNulls ? validity(columns, r0, n, mask) : mask, delimiter, nullText, region, result);
    out.advance(result[0]);
    if (r0 === 0 && n < batch.numRows + rowsAfter) {
      // Size the output once for the rest of the table from this run's bytes per row (and one run's worst case to
      // spare): growing it by doubling copies what is written at each step and touches fresh pages each time, which
      // took longer than the formatting itself.
      out.reserve(Math.ceil((result[0] / n) * (batch.numRows - n + rowsAfter) * ESTIMATE_SLACK) + runRows * rowBound);
    }
  }
  return true;
}
