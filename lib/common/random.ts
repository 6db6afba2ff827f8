/**
 * The seeded pseudo-random generator behind every seeded choice of the stack (alimentar's shuffle, sample,
 * trainTestSplit and DataLoader; aprender's randomState): mulberry32 (a 32-bit
 * state, one multiply-xorshift step per draw; small, fast, and good enough for ordering rows, not for cryptography).
 * The same seed gives the same sequence on every platform, so every seeded transform is reproducible.
 */
import { validators } from './validate';

const { expectCount } = validators('SOVEREIGN');

/** A seeded generator of uniform numbers in [0, 1). */
export class Random {
  private state: number;

  /**
   * @param seed - a non-negative integer below 2^32
   * @throws TypeError / RangeError for another seed
   */
  constructor(seed: number) {
    expectCount(seed, 'seed');
    this.state = seed >>> 0;
  }

  /** The next uniform number in [0, 1) (multiples of 2^-32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * Shuffles in place with Fisher-Yates.
   * @param a - the array
   * @returns the same array
   */
  shuffle<T extends Int32Array | unknown[]>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** A standard normal number (Box-Muller on two draws; the second value is not kept, so draws stay aligned). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A fresh seed for a derived generator (e.g. one per k-means init), taken from this sequence. */
  seed(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** 0..n-1 in random order. */
  permutation(n: number): Int32Array {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    return this.shuffle(a);
  }
}

/** A seed derived from a seed and a counter (e.g. the epoch), so each epoch gets its own reproducible order. */
export function deriveSeed(seed: number, counter: number): number {
  let x = (seed ^ Math.imul(counter + 1, 0x9e3779b9)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}
