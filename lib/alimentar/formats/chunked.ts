/** Reading a text format (CSV, JSON Lines) from disk in chunks, through a reader that turns bytes into batches. */
import { createReadStream } from 'node:fs';
import { RecordBatch, type Schema } from 'apache-arrow';

/** A text-format reader fed the file chunk by chunk (CsvBatchReader, JsonLinesReader). */
export interface ChunkReader {
  push(chunk: Uint8Array, final: boolean): RecordBatch[];
  readonly schema: Schema | undefined;
}

/**
 * Feeds a file to a chunk reader and hands out its batches. An input that ends without rows but with known columns (a
 * CSV header) gives one empty batch, so the columns are not lost (readCsv gives them too).
 * @param path - the local file
 * @param chunkBytes - bytes read at a time
 * @param reader - a fresh reader
 * @returns the batches, in order
 */
export async function* readChunked(path: string, chunkBytes: number, reader: ChunkReader): AsyncGenerator<RecordBatch> {
  let any = false;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes })) {
    for (const b of reader.push(chunk as Uint8Array, false)) {
      any = true;
      yield b;
    }
  }
  for (const b of reader.push(new Uint8Array(0), true)) {
    any = true;
    yield b;
  }
  if (!any && reader.schema && reader.schema.fields.length > 0) yield new RecordBatch(reader.schema, undefined as never);
}
