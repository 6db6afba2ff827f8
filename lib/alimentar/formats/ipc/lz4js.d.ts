/** Types for the parts of lz4js (pure-JS LZ4 frame codec, no types of its own) that compression.ts uses. */
declare module 'lz4js' {
  /** Compresses bytes to one LZ4 frame. */
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array | number[];
  /** Decodes one LZ4 frame into `dst`; returns the bytes written. */
  export function decompressFrame(src: Uint8Array, dst: Uint8Array): number;
}
