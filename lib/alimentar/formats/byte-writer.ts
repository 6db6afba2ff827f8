/** Writing text formats straight into bytes. */
const encoder = new TextEncoder();

/** A growing byte buffer that text formats (CSV, JSON) are written into: ASCII a code unit at a time, the rest by TextEncoder. */
export class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Writes a string as UTF-8. */
  text(s: string): void {
    this.room(s.length);
    const { buf } = this;
    let pos = this.pos;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        // the rest is not all ASCII: at most 3 bytes per UTF-16 code unit
        this.pos = pos;
        this.room(3 * (s.length - i));
        this.pos += encoder.encodeInto(s.slice(i), this.buf.subarray(this.pos)).written;
        return;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
  }

  /** A safe integer's decimal digits, written without a string. */
  int(v: number): void {
    if (v < 0 || !(v <= 0xffffffff)) {
      this.text(String(v));
      return;
    }
    this.room(10);
    const { buf } = this;
    let n = v >>> 0;
    let digits = 1;
    for (let t = n; t >= 10; t = (t / 10) >>> 0) digits++;
    let pos = this.pos + digits;
    this.pos = pos;
    do {
      const q = (n / 10) >>> 0;
      buf[--pos] = 48 + n - q * 10;
      n = q;
    } while (n > 0);
  }

  /**
   * Room for `n` bytes written by someone else (a kernel), then {@link advance} by what was written.
   * @param n - the most bytes that will be written
   * @returns the writable region
   */
  reserve(n: number): Uint8Array {
    this.room(n);
    return this.buf.subarray(this.pos, this.pos + n);
  }

  /**
   * Counts `n` bytes written into the region {@link reserve} gave.
   * @param n - the bytes written
   */
  advance(n: number): void {
    this.pos += n;
  }

  /** One ASCII character. */
  char(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** The bytes written (copied when the buffer is much larger). */
  result(): Uint8Array {
    return this.pos * 5 < this.buf.length * 4 ? this.buf.slice(0, this.pos) : this.buf.subarray(0, this.pos);
  }
}

