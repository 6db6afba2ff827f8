/**
 * The Parquet writer's properties as plain data, so that the calling thread and the pool's workers (which get this
 * function as source text, lib/common/worker-pool.ts) build the very same WriterProperties: the parallel writer's
 * column groups must be encoded exactly as one writer would encode the whole table.
 */
import type * as pw from 'parquet-wasm/node';
import type { ParquetWasmApi } from './wasm';

/** What the writer is asked for. */
export interface WriterSpec {
  /** A member of parquet-wasm's Compression enum ('SNAPPY', 'ZSTD', ...). */
  codec: string;
  rowGroupSize: number;
  dictionary: boolean;
  /** Columns written without a dictionary although dictionaries are on (dictionary-choice.ts). */
  plain: string[];
}

/**
 * Builds the writer's properties. Self-contained (no module-level names): it also runs in the workers from its text.
 * @param api - a parquet-wasm instance's exports
 * @param spec - the properties as data
 * @returns the properties (consumed by the write that takes them)
 */
export function writerPropertiesFrom(api: ParquetWasmApi, spec: WriterSpec): pw.WriterProperties {
  let builder = new api.WriterPropertiesBuilder()
    .setCompression(api.Compression[spec.codec as keyof typeof pw.Compression])
    .setMaxRowGroupSize(spec.rowGroupSize)
    .setDictionaryEnabled(spec.dictionary)
    .setCreatedBy('sovereign-ai alimentar');
  for (const name of spec.plain) builder = builder.setColumnDictionaryEnabled(name, false);
  return builder.build();
}
