/** CRC-32C: the standard check value, and the word-at-a-time path equal to the byte-at-a-time one at every alignment. */
import { crc32c } from '../../../lib/aprender/model-file/crc32c';

/** The textbook bitwise CRC-32C, the oracle. */
function slow(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

test('check value of "123456789" is 0xE3069283 (RFC 3720), and of nothing is 0', () => {
  expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  expect(crc32c(new Uint8Array(0))).toBe(0);
});

test('equals the bitwise definition for every length and alignment up to 70 bytes', () => {
  const data = Uint8Array.from({ length: 80 }, (_, i) => (i * 151 + 7) & 0xff);
  for (let off = 0; off < 8; off++) for (let len = 0; off + len <= 78; len++) expect(crc32c(data.subarray(off, off + len))).toBe(slow(data.subarray(off, off + len)));
});
