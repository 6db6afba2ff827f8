/**
 * DataLoader: mini-batches for training, as an async iterator. Over an in-memory dataset it draws a seeded permutation
 * per epoch. Over a StreamingDataset it reads one piece at a time (Parquet row groups in a seeded order) and, when
 * shuffling, keeps a shuffle buffer: each piece joins the rows held back, all are permuted, and all but `shuffleBuffer`
 * rows go out, so rows mix across pieces (a file sorted by label still gives mixed batches) while memory stays bounded.
 * Epoch k (the k-th iteration of the same loader) uses a seed derived from (seed, k): every epoch has a new order, and
 * the whole sequence is the same for the same seed.
 */
import { RecordBatch, Table } from 'apache-arrow';
import type { Tensor } from '../trueno/tensor';
import { concatTable, gatherTable } from './columns';
import { ArrowDataset } from './dataset';
import { describe, typeError } from './errors';
import { deriveSeed, Random } from '../common/random';
import { StreamingDataset } from './streaming';
import { toMatrix, toVector, type TensorDType } from './tensor';
import { expectCount, expectOptions } from './validate';

/** Options for {@link DataLoader}. */
export interface DataLoaderOptions {
  /** Rows per batch (default 32). */
  batchSize?: number;
  /** Draw rows in a seeded random order (default false). */
  shuffle?: boolean;
  /** PRNG seed (default 0). */
  seed?: number;
  /** Leave out a last batch smaller than batchSize (default false). */
  dropLast?: boolean;
  /**
   * Streaming only: rows held back to mix with the next pieces when shuffling (default: as many as fit in 32 MiB, at
   * most 65,536, judged from the first piece; 0 shuffles within each piece only).
   */
  shuffleBuffer?: number;
  /** Batches prepared ahead of the consumer (default 2; 0 prepares none ahead). */
  prefetch?: number;
  /** Yield tensors instead of record batches: `x` from the feature columns, `y` from the target column. */
  tensors?: { features?: string[]; target?: string; dtype?: TensorDType };
}

/** A batch as tensors: features [batch, features] and, when a target is named, the target [batch]. */
export interface TensorBatch {
  x: Tensor;
  y?: Tensor;
}

/**
 * Mini-batches over a dataset; see the module comment.
 * @example for await (const batch of new DataLoader(iris, { batchSize: 32, shuffle: true, seed: 1 })) console.log(batch.numRows)
 */
export class DataLoader<B extends RecordBatch | TensorBatch = RecordBatch> implements AsyncIterable<B> {
  private readonly batchSize: number;
  private readonly shuffle: boolean;
  private readonly seed: number;
  private readonly dropLast: boolean;
  private readonly prefetch: number;
  private readonly shuffleBuffer: number | undefined;
  private readonly tensors: DataLoaderOptions['tensors'];
  private epoch = 0;

  /**
   * @param dataset - an ArrowDataset or StreamingDataset
   * @param options - batch size, shuffling, seed, dropLast, prefetch, tensor output
   * @throws TypeError / RangeError for bad options
   * @example for await (const { x, y } of new DataLoader(ds, { batchSize: 64, shuffle: true, seed: 1, tensors: { target: 'target' } })) fit(x, y);
   */
  constructor(private readonly dataset: ArrowDataset | StreamingDataset, options?: DataLoaderOptions) {
    const o = expectOptions<DataLoaderOptions>(options, 'DataLoader options', {
      batchSize: true, shuffle: true, seed: true, dropLast: true, shuffleBuffer: true, prefetch: true, tensors: true,
    });
    if (!(dataset instanceof ArrowDataset) && !(dataset instanceof StreamingDataset)) {
      throw typeError(`Expected an ArrowDataset or StreamingDataset for dataset but received ${describe(dataset)}`);
    }
    this.batchSize = expectCount(o.batchSize ?? 32, 'options.batchSize', 1);
    this.shuffle = Boolean(o.shuffle);
    this.seed = expectCount(o.seed ?? 0, 'options.seed');
    this.dropLast = Boolean(o.dropLast);
    this.prefetch = expectCount(o.prefetch ?? 2, 'options.prefetch');
    this.shuffleBuffer = o.shuffleBuffer === undefined ? undefined : expectCount(o.shuffleBuffer, 'options.shuffleBuffer');
    this.tensors = o.tensors === undefined ? undefined : expectOptions<NonNullable<DataLoaderOptions['tensors']>>(o.tensors, 'DataLoader options.tensors', { features: true, target: true, dtype: true });
  }

  /**
   * Batches per epoch: ceil(rows / batchSize), or floor with `dropLast` (the short last batch is left out).
   * @throws TypeError over a StreamingDataset whose format does not record its row count (CSV, JSON Lines, IPC
   *   streams: only Parquet does), as Python's len() of an iterable dataset
   * @example new DataLoader(ds150, { batchSize: 32, dropLast: true }).length // 4
   */
  get length(): number {
    const rows = this.dataset.numRows;
    if (rows === undefined) {
      throw typeError(`Expected a dataset with a known row count for DataLoader.length but received a StreamingDataset of ${(this.dataset as StreamingDataset).format} format that does not record it`);
    }
    return this.dropLast ? Math.floor(rows / this.batchSize) : Math.ceil(rows / this.batchSize);
  }

  /**
   * Sets the epoch the next iteration uses (iterations otherwise count up from 0), to resume a run reproducibly.
   * @param epoch - the epoch number
   * @example loader.setEpoch(3); // the order epoch 3 of a resumed run had
    */
  setEpoch(epoch: number): void {
    this.epoch = expectCount(epoch, 'epoch');
  }

  /**
 * The batches of the next epoch.
 * @example const it = loader[Symbol.asyncIterator](); const first = await it.next();
 */
  [Symbol.asyncIterator](): AsyncIterator<B> {
    const seed = deriveSeed(this.seed, this.epoch++);
    const source = this.dataset instanceof ArrowDataset ? this.inMemory(this.dataset, seed) : this.streamed(this.dataset, seed);
    return withPrefetch(this.convert(source), this.prefetch);
  }

  private async *convert(tables: AsyncGenerator<Table>): AsyncGenerator<B> {
    for await (const t of tables) {
      if (!this.tensors) {
        yield concatTable(t).batches[0] as B;
        continue;
      }
      const ds = ArrowDataset.fromTable(t);
      const { target, dtype } = this.tensors;
      const features = this.tensors.features ?? ds.columnNames.filter((c) => c !== target);
      const batch: TensorBatch = { x: toMatrix(ds, features, dtype ?? 'float64') };
      if (target !== undefined) batch.y = toVector(ds, target, dtype);
      yield batch as B;
    }
  }

  private async *inMemory(ds: ArrowDataset, seed: number): AsyncGenerator<Table> {
    const table = ds.toTable();
    const n = table.numRows;
    const order = this.shuffle ? new Random(seed).permutation(n) : undefined;
    for (let start = 0; start < n; start += this.batchSize) {
      const end = Math.min(n, start + this.batchSize);
      if (end - start < this.batchSize && this.dropLast) return;
      yield order ? gatherTable(table, order.subarray(start, end)) : table.slice(start, end);
    }
  }

  private async *streamed(ds: StreamingDataset, seed: number): AsyncGenerator<Table> {
    const rng = new Random(seed);
    const size = this.batchSize;
    let carry: Table | undefined;
    let held: Table | undefined;
    let keep = this.shuffle ? this.shuffleBuffer : 0;
    // Hands out rows [0, n) of a source in batches, topping up the rows carried over from the previous source.
    const batches = function* (n: number, rows: (a: number, b: number) => Table): Generator<Table> {
      let start = 0;
      if (carry) {
        start = Math.min(n, size - carry.numRows);
        carry = carry.concat(rows(0, start));
        if (carry.numRows < size) return;
        yield carry;
        carry = undefined;
      }
      for (; start + size <= n; start += size) yield rows(start, start + size);
      if (start < n) carry = rows(start, n);
    };
    // Each batch is gathered straight from the piece (and the held rows) through one permutation, so a row is copied
    // once per step. When shuffling, every row of a piece is gathered out of it before the next piece is read (the
    // held rows too), so the reader may decode each piece into the same buffers; unshuffled batches are slices (views)
    // of the piece and need their own.
    for await (const piece of ds.batches(this.shuffle ? { shuffleSeed: seed, reuseBuffers: true } : {})) {
      keep ??= Math.min(SHUFFLE_BUFFER_ROWS, Math.floor(SHUFFLE_BUFFER_BYTES / Math.max(1, piece.data.byteLength / Math.max(1, piece.numRows))));
      const t = held ? new Table([...held.batches, piece]) : new Table([piece]);
      const n = t.numRows;
      const order = this.shuffle ? rng.permutation(n) : undefined;
      const out = Math.max(0, n - keep);
      yield* batches(out, (a, b) => (order ? gatherTable(t, order.subarray(a, b)) : t.slice(a, b)));
      // The held rows are permuted again with the next piece, so they are copied in file order (sequential reads).
      held = out < n ? gatherTable(t, order!.slice(out).sort()) : undefined;
    }
    const rest = held;
    if (rest) {
      const order = rng.permutation(rest.numRows);
      yield* batches(rest.numRows, (a, b) => gatherTable(rest, order.subarray(a, b)));
    }
    const last = carry as Table | undefined;
    if (last && last.numRows > 0 && !this.dropLast) yield last;
  }
}

/** Default shuffle buffer when streaming: at most this many rows, and at most about this many bytes of them. */
const SHUFFLE_BUFFER_ROWS = 65536;
const SHUFFLE_BUFFER_BYTES = 32 << 20;

/** Keeps up to `ahead` calls of `next()` in flight, so producing batch k+1 overlaps consuming batch k. */
function withPrefetch<T>(source: AsyncGenerator<T>, ahead: number): AsyncIterator<T> {
  if (ahead === 0) return source;
  const queue: Promise<IteratorResult<T>>[] = [];
  let done = false;
  const fill = (): void => {
    while (!done && queue.length < ahead + 1) {
      const p = source.next();
      queue.push(p);
      p.then((r) => {
        if (r.done) done = true;
      }, () => {
        done = true;
      });
    }
  };
  return {
    async next(): Promise<IteratorResult<T>> {
      fill();
      const r = await queue.shift()!;
      return r;
    },
    async return(): Promise<IteratorResult<T>> {
      done = true;
      queue.length = 0;
      return source.return(undefined as never);
    },
  };
}
