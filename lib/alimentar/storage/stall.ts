/**
 * Stall detection for HTTP requests: a request is abandoned when it makes no progress (no answer yet, no body bytes
 * received, no upload bytes taken) for a while, as boto3's read timeout does. A slow but moving transfer is never cut;
 * a server that stopped answering is, instead of waiting for undici's 300 s timeouts.
 */
import { Transform, type Readable } from 'node:stream';
import { describe, rangeError } from '../errors';
import { concatBytes } from '../formats/csv';

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
   * Reads a response's body whole, each chunk counting as progress, so a connection dropped or stalled mid-body fails
   * here (where the caller retries) rather than in whoever reads the body later.
   * @returns a response with the same status and headers whose body is already in memory
   */
  async buffered(res: Response): Promise<Response> {
    const chunks: Uint8Array[] = [];
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.touch();
        chunks.push(value);
      }
    }
    this.stop();
    const body = concatBytes(chunks);
    return new Response(body.byteLength === 0 ? null : (body as BodyInit), { status: res.status, headers: res.headers });
  }

  /**
   * Why a request failed, for a NetworkError message: the stall, or the network error's own code or message.
   * @param err - what fetch or the body read threw
   * @param option - the option that sets the timeout, as the caller spells it
   */
  reason(err: unknown, option: string): string {
    if (this.stalled) return `no progress for ${this.ms} ms (${option})`;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (err as Error).message;
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
