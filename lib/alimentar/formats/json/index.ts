/** JSON (one array of row objects) and JSON Lines: the two codecs and the folder's public API. */
import { Table } from 'apache-arrow';
import { readChunked } from '../chunked';
import { readBytes } from '../../io';
import { sequentialSource, type FormatCodec } from '../codec';
import { readJson, writeJson } from './json';
import { JsonLinesReader } from './lines';

export { readJson, writeJson, type JsonReadOptions } from './json';
export { JsonLinesReader } from './lines';

/** The first byte that is not a space, tab or line end; `[` starts a JSON document, `{` a JSON Lines file. */
function firstNonBlank(head: Uint8Array): number | undefined {
  return head.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
}

/** JSON: an array of row objects, read whole (a .json file holding objects one per line is read as JSON Lines). */
export const JSON_CODEC: FormatCodec = {
  extensions: ['json'],
  detect: (head) => firstNonBlank(head) === 0x5b,
  read: (bytes, options, source) => readJson(bytes, bytes.find((b) => b > 32) === 0x7b, source, options.json),
  write: (table) => writeJson(table, false),
  // one document cannot be parsed in pieces: it is read whole, then handed out batch by batch
  openBatches: async (path, options, source) =>
    sequentialSource(async function* () {
      yield* JSON_CODEC.read(await readBytes(path), { json: options.json }, source).batches;
    }, options.columns, source),
  async *writeBatches(batches) {
    // one array: the rows of every batch between one pair of brackets
    const encoder = new TextEncoder();
    let first = true;
    yield encoder.encode('[');
    for await (const b of batches) {
      const text = writeJson(new Table([b]), false);
      const inner = text.subarray(1, text.length - 2);
      if (inner.length === 0) continue;
      if (!first) yield encoder.encode(',');
      yield inner;
      first = false;
    }
    yield encoder.encode(']\n');
  },
};

/** JSON Lines: one row object per line, streamed in chunks. */
export const JSON_LINES_CODEC: FormatCodec = {
  extensions: ['jsonl', 'ndjson'],
  detect: (head) => firstNonBlank(head) === 0x7b,
  read: (bytes, options, source) => readJson(bytes, true, source, options.json),
  write: (table) => writeJson(table, true),
  openBatches: async (path, options, source) =>
    sequentialSource(() => readChunked(path, options.chunkBytes, new JsonLinesReader(options.json, source)), options.columns, source),
  async *writeBatches(batches) {
    for await (const b of batches) yield writeJson(new Table([b]), true);
  },
};
