/** Byte ranges of a local Parquet file for the row-group reader (Node only; local-ranges.browser.ts refuses). */
import { promises as fsp } from 'node:fs';

/**
 * The part of the Blob interface parquet-wasm's `ParquetFile.fromFile` uses (`size`, `slice(start, end).arrayBuffer()`),
 * over an open file handle. Each range is read with one positioned read into an ArrayBuffer of exactly its size:
 * `fs.openAsBlob`'s `arrayBuffer()` reads in chunks and then concatenates them, which holds every range twice.
 */
class FileRanges {
  constructor(private readonly fh: fsp.FileHandle, readonly size: number) {}

  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> } {
    return { arrayBuffer: () => this.read(start, Math.min(end, this.size)) };
  }

  private async read(start: number, end: number): Promise<ArrayBuffer> {
    const bytes = new Uint8Array(Math.max(0, end - start));
    for (let done = 0; done < bytes.length;) {
      const { bytesRead } = await this.fh.read(bytes, done, bytes.length - done, start + done);
      if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${start + done}`);
      done += bytesRead;
    }
    return bytes.buffer;
  }
}

/**
 * Opens a local file as the Blob-like parquet-wasm reads ranges from.
 * @param path - the local path
 * @returns the blob and the function that closes the file
 * @throws what `fs` throws when the file cannot be opened
 */
export async function openLocalRanges(path: string): Promise<{ blob: Blob; close: () => Promise<void> }> {
  const handle = await fsp.open(path, 'r');
  try {
    // parquet-wasm calls only size and slice().arrayBuffer() on the Blob it is given (no type check).
    const blob = new FileRanges(handle, (await handle.stat()).size) as unknown as Blob;
    return { blob, close: () => handle.close() };
  } catch (e) {
    await handle.close();
    throw e;
  }
}
