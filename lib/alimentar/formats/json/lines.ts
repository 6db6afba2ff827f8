/** JSON Lines fed in chunks of bytes, read into record batches with one schema: files larger than memory stream. */
import { type DataType, RecordBatch, Schema } from 'apache-arrow';
import { ColumnRows, batchOfRows, checkJsonOptions, parseLines, schemaOfRows, type JsonReadOptions } from './rows';

/**
 * Parses JSON Lines fed in chunks into record batches of `batchRows` rows. The columns and their types come from the
 * first batch (plus `columnTypes`), so a later row with another key, or a value that does not fit its column, throws
 * a JsonParseError with its line (name such columns in `columnTypes`). Memory holds one batch of rows and one chunk.
 * @example const reader = new JsonLinesReader(); const batches = reader.push(new TextEncoder().encode('{"a":1}\n'), true);
 */
export class JsonLinesReader {
  private readonly decoder = new TextDecoder();
  private readonly types: Map<string, DataType>;
  private readonly batchRows: number;
  private pending = '';
  private nextLine = 1;
  private parsed = new ColumnRows();
  private failed: Error | undefined;
  /** The schema, known once the first batch is parsed (or the input ended). */
  schema: Schema | undefined;

  /**
   * @param options - explicit column types, rows per batch
   * @param source - the file's name, for error messages
   * @throws TypeError / RangeError for bad options
   */
  constructor(options?: JsonReadOptions, readonly source = 'JSON Lines data') {
    ({ types: this.types, batchRows: this.batchRows } = checkJsonOptions(options, 'JsonLinesReader options'));
  }

  /**
   * Feeds the next chunk of the file.
   * @param chunk - the bytes that follow the previous chunk (a chunk may end inside a line or a UTF-8 character)
   * @param final - true for the last chunk (a last line without a line end then counts)
   * @returns the record batches completed by this chunk (when a later line in it is at fault, these, and the next
   *   call throws)
   * @throws JsonParseError for malformed lines, lines without an object, unknown keys or values that do not fit
   * @example for (const batch of reader.push(chunk, last)) write(batch)
    */
  push(chunk: Uint8Array, final: boolean): RecordBatch[] {
    if (this.failed) throw this.failed;
    const out: RecordBatch[] = [];
    try {
      this.read(chunk, final, out);
    } catch (e) {
      // The batches completed before the fault are handed out first; the next call throws.
      if (out.length === 0) throw e;
      this.failed = e as Error;
    }
    return out;
  }

  private read(chunk: Uint8Array, final: boolean, out: RecordBatch[]): void {
    const text = this.pending + this.decoder.decode(chunk, { stream: !final });
    const end = final ? text.length : text.lastIndexOf('\n') + 1;
    this.pending = text.slice(end);
    // Whole lines are parsed a batch at a time, so one batch's rows are in memory, whatever the chunk size.
    let at = 0;
    while (at < end) {
      // the end of the line that could complete the batch (blank lines make it fewer rows), or `end`
      let stop = at;
      for (let i = this.parsed.length; i < this.batchRows && stop < end; i++) {
        const nl = text.indexOf('\n', stop);
        stop = nl < 0 || nl >= end ? end : nl + 1;
      }
      this.nextLine += parseLines(text.slice(at, stop), this.nextLine, this.source, this.parsed);
      at = stop;
      if (this.parsed.length >= this.batchRows) out.push(this.flush());
    }
    if (final && (this.parsed.length > 0 || this.schema === undefined)) {
      // an input without rows gives a batch only when columnTypes names columns
      const batch = this.flush();
      if (batch.numRows > 0 || batch.schema.fields.length > 0) out.push(batch);
    }
  }

  private flush(): RecordBatch {
    const rows = this.parsed;
    this.schema ??= schemaOfRows(rows, this.types);
    this.parsed = new ColumnRows();
    return batchOfRows(rows, this.schema, this.source, rows.lines, 'error');
  }
}
