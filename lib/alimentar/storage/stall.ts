/**
 * Stall detection for HTTP requests: a request is abandoned when it makes no progress (no answer yet, no body bytes
 * received, no upload bytes taken) for a while, as boto3's read timeout does. A slow but moving transfer is never cut;
 * a server that stopped answering is, instead of waiting for undici's 300 s timeouts.
 */
import { Transform, type Readable } from 'node:stream';
import { describe, rangeError } from '../errors';

/** Default for the `timeoutMs` option of the S3 and HTTP backends: 60 s without progress. */
export const DEFAULT_STALL_MS = 60_000;

/**
 * Checks a `timeoutMs` option.
 * @returns the value, or the default when undefined
 * @throws RangeError unless a whole number of milliseconds from 1 to 2^31 - 1
 */
export function checkStallMs(value: unknown, name: string): number {
  if (value === undefined) return DEFAULT_STALL_MS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 0x7fffffff) {
    throw rangeError(`Expected a whole number of milliseconds from 1 to 2147483647 for ${name} but received ${describe(value)}`);
  }
  return value;
}

/** Aborts its signal when `touch` has not been called for `ms`. */
export class StallGuard {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** @param ms - the longest time without progress */
  constructor(readonly ms: number) {
    this.touch();
  }

  /** The signal to hand to `fetch`. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once the request was abandoned for lack of progress. */
  get stalled(): boolean {
    return this.controller.signal.aborted;
  }

  /** Records progress: the wait starts again. */
  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(new Error(`no progress for ${this.ms} ms`)), this.ms);
  }

  /** Stops watching (the answer is complete, or handed to a consumer who reads at its own pace). */
  stop(): void {
    clearTimeout(this.timer);
  }

  /**
   * Reads a response's body whole; each chunk counts as progress.
   * @returns the bytes
   */
  async readBody(res: Response): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.touch();
        chunks.push(value);
        total += value.length;
      }
    }
    this.stop();
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /**
   * An upload body whose every chunk taken by the connection counts as progress.
   * @param source - the body
   * @returns the stream to send
   */
  watch(source: Readable): Readable {
    const touch = () => this.touch();
    const counted = new Transform({
      transform(chunk, _encoding, done) {
        touch();
        done(null, chunk);
      },
    });
    source.on('error', (err) => counted.destroy(err));
    return source.pipe(counted);
  }
}
